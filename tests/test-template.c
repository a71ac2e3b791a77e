/* test-template.c — template manifests
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vs-template.h"
#include "vs-util.h"

static void
test_bundled (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  VsTemplate *first;

  g_setenv ("VERSUS_TEMPLATES_DIR", SOURCE_DATADIR "/templates", TRUE);
  templates = vs_template_list (&problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (templates->len, >=, 2);
  g_assert_cmpstr (((VsTemplate *) g_ptr_array_index (templates, 0))->name, ==, "express");
  g_assert_cmpstr (((VsTemplate *) g_ptr_array_index (templates, 1))->name, ==, "fastapi");

  /* like for like: every template offers the same scenarios, the same way */
  first = g_ptr_array_index (templates, 0);
  for (guint i = 1; i < templates->len; i++)
    {
      VsTemplate *other = g_ptr_array_index (templates, i);

      g_assert_cmpuint (other->scenarios->len, ==, first->scenarios->len);
      for (guint j = 0; j < first->scenarios->len; j++)
        {
          const VsScenario *a = g_ptr_array_index (first->scenarios, j);
          const VsScenario *b = vs_template_get_scenario (other, a->id);

          g_assert_nonnull (b);
          g_assert_cmpstr (a->method, ==, b->method);
          g_assert_cmpstr (a->path, ==, b->path);
          g_assert_cmpstr (a->body, ==, b->body);
        }
      g_assert_cmpstr (other->health, ==, first->health);
    }

  for (guint i = 0; i < templates->len; i++)
    {
      VsTemplate *t = g_ptr_array_index (templates, i);
      g_autofree char *containerfile = g_build_filename (t->dir, t->containerfile, NULL);

      g_assert_true (g_file_test (containerfile, G_FILE_TEST_IS_REGULAR));
      g_assert_nonnull (t->process_command);
      g_assert_nonnull (t->process_requires);
      g_assert_true (vs_template_get_scenario (t, NULL) == g_ptr_array_index (t->scenarios, 0));
      g_assert_null (vs_template_get_scenario (t, "no-such-scenario"));
    }
}

static const char valid[] =
  "{\"format\": \"versus-template\", \"version\": 1, \"name\": \"demo\", \"title\": \"Demo\","
  " \"language\": \"c\", \"runtime\": \"C\", \"framework\": \"none\", \"port\": 8080,"
  " \"health\": \"/health\", \"containerfile\": \"Containerfile\", \"base_image\": \"debian\","
  " \"process\": {\"command\": [\"./demo\", \"{port}\"], \"requires\": [\"sh\"],"
  "               \"env\": {\"PORT\": \"{port}\"}},"
  " \"scenarios\": [{\"id\": \"hello\", \"title\": \"Hello\", \"path\": \"/\"}]}";

static void
test_invalid (void)
{
  static const struct {
    const char *from;
    const char *to;
    const char *message;
  } cases[] = {
    { NULL, NULL, NULL },   /* the valid one */
    { "\"versus-template\"", "\"something-else\"", "format is “something-else”" },
    { "\"version\": 1", "\"version\": 9", "version 9 is not supported" },
    { "\"version\": 1", "\"version\": \"1\"", "version must be an integer" },
    { "\"name\": \"demo\"", "\"name\": \"Demo!\"", "name “Demo!” must be" },
    { "\"name\": \"demo\", ", "", "name is missing" },
    { "\"port\": 8080", "\"port\": 70000", "port 70000 is not between 1 and 65535" },
    { "\"port\": 8080", "\"port\": \"8080\"", "port must be an integer" },
    { "\"title\": \"Demo\"", "\"title\": 5", "title must be a string" },
    { "\"health\": \"/health\"", "\"health\": \"health\"", "health must be a path" },
    { "[\"./demo\", \"{port}\"]", "[\"./demo\", 8]", "process.command[1] must be a string" },
    { "[\"./demo\", \"{port}\"]", "[]", "process.command is empty" },
    { "{\"PORT\": \"{port}\"}", "{\"PORT\": 1}", "process.env.PORT must be a string" },
    { "\"path\": \"/\"", "\"path\": \"nope\"", "scenarios[0].path must start with" },
    { "[{\"id\": \"hello\", \"title\": \"Hello\", \"path\": \"/\"}]", "[]", "scenarios must be a non-empty" },
    { "{\"format\"", "[{\"format\"", "" },   /* not JSON at all */
    /* what a template builds stays in its folder */
    { "\"Containerfile\"", "\"../../evil/Containerfile\"", "containerfile “../../evil/Containerfile” must be a file in the template’s folder" },
    { "\"Containerfile\"", "\"/etc/Containerfile\"", "must be a file in the template’s folder" },
    { "\"Containerfile\"", "\"build//Containerfile\"", "must be a file in the template’s folder" },
    { "\"Containerfile\"", "\"\"", "containerfile is empty" },
    { "\"Containerfile\"", "\"build/../../Containerfile\"", "must be a file in the template’s folder" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("versus-template-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (root, "demo", NULL);
  g_autofree char *path = g_build_filename (dir, "template.json", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new (valid);
      g_autoptr(VsTemplate) template = NULL;
      g_autoptr(GError) local_error = NULL;

      if (cases[i].from != NULL)
        g_assert_cmpuint (g_string_replace (text, cases[i].from, cases[i].to, 1), ==, 1);
      g_assert_true (g_file_set_contents (path, text->str, -1, NULL));

      template = vs_template_load (dir, &local_error);
      if (cases[i].message == NULL)
        {
          g_assert_no_error (local_error);
          g_assert_cmpstr (template->name, ==, "demo");
          g_assert_cmpstr (g_hash_table_lookup (template->process_env, "PORT"), ==, "{port}");
          g_assert_cmpstr (vs_template_get_scenario (template, "hello")->method, ==, "GET");
          continue;
        }

      g_test_message ("%s", local_error ? local_error->message : "(no error)");
      g_assert_null (template);
      g_assert_nonnull (local_error);
      /* the message names the file and the problem */
      g_assert_true (g_str_has_prefix (local_error->message, path));
      g_assert_nonnull (strstr (local_error->message, cases[i].message));
    }

  g_unlink (path);
  g_rmdir (dir);
  g_rmdir (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/bundled", test_bundled);
  g_test_add_func ("/template/invalid", test_invalid);

  return g_test_run ();
}
