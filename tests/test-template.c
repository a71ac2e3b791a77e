/* test-template.c — template manifests
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vs-parity.h"
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
  /* Node.js: node:http, Express, Fastify, NestJS; Python: FastAPI (asyncio
   * and uvloop), Flask, Django, aiohttp — sorted by name */
  g_assert_cmpuint (templates->len, >=, 9);
  {
    const char * const names[] = { "aiohttp", "django", "express", "fastapi", "fastapi-uvloop",
                                   "fastify", "flask", "nestjs", "node-http" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      g_assert_cmpstr (((VsTemplate *) g_ptr_array_index (templates, i))->name, ==, names[i]);
  }

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
      /* what the parity test and a run's record of versions rely on */
      g_assert_nonnull (t->server);
      g_assert_nonnull (t->workers);
      g_assert_cmpstr (t->about, ==, "/about");
      g_assert_true (g_strv_contains ((const char * const *) t->process_command, "{workers}") ||
                     g_str_equal (g_hash_table_lookup (t->process_env, "WORKERS"), "{workers}"));
      for (guint j = 0; t->shared && t->shared[j]; j++)
        {
          g_autofree char *shared = vs_template_shared_path (t, j);

          g_assert_true (g_file_test (shared, G_FILE_TEST_IS_REGULAR));
        }
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
    /* shared files: its folder or a folder beside it, and there */
    { "\"health\": \"/health\"", "\"health\": \"/health\", \"shared\": [\"../../etc/passwd\"]",
      "shared file “../../etc/passwd” must be in the template’s folder or a folder beside it" },
    { "\"health\": \"/health\"", "\"health\": \"/health\", \"shared\": [\"/etc/passwd\"]",
      "must be in the template’s folder or a folder beside it" },
    { "\"health\": \"/health\"", "\"health\": \"/health\", \"shared\": [\"../common/missing.js\"]",
      "shared file “../common/missing.js” does not exist" },
    { "\"health\": \"/health\"", "\"health\": \"/health\", \"about\": \"about\"",
      "about must be a path starting with" },
    /* a generated body: a size in range, and not a body as well */
    { "\"path\": \"/\"}", "\"path\": \"/\", \"body_document_kb\": 0}",
      "scenarios[0].body_document_kb must be a whole number from 1 to 10240" },
    { "\"path\": \"/\"}", "\"path\": \"/\", \"body_document_kb\": 2, \"body\": \"{}\"}",
      "scenarios[0].body and scenarios[0].body_document_kb cannot both be given" },
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

/* A template may share a file of a folder beside it: it loads, and the
 * path is resolved. */
static void
test_shared (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("versus-template-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (root, "demo", NULL);
  g_autofree char *common = g_build_filename (root, "common", NULL);
  g_autofree char *file = g_build_filename (common, "lib.js", NULL);
  g_autofree char *manifest = g_build_filename (dir, "template.json", NULL);
  g_autoptr(GString) text = g_string_new (valid);
  g_autoptr(VsTemplate) template = NULL;
  g_autofree char *resolved = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (common, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "// shared\n", -1, NULL));
  g_string_replace (text, "\"health\": \"/health\"", "\"health\": \"/health\", \"shared\": [\"../common/lib.js\"]", 1);
  g_assert_true (g_file_set_contents (manifest, text->str, -1, NULL));

  template = vs_template_load (dir, &error);
  g_assert_no_error (error);
  resolved = vs_template_shared_path (template, 0);
  g_assert_cmpstr (resolved, ==, file);

  g_unlink (manifest);
  g_unlink (file);
  g_rmdir (common);
  g_rmdir (dir);
  g_rmdir (root);
}

/* The document of the payload and upload scenarios: the bytes the
 * templates' own generators give (sizes and SHA-256 from
 * data/templates/shared/python/versus_scenarios.py). */
static void
test_document (void)
{
  static const struct { guint kb; gsize len; const char *sha256; } cases[] = {
    { 1, 1010, "e6032c7b59d0e00d4a2aa8dfc017b4b7232664c01a72c9f4e7e24eccc2c2f7e9" },
    { 7, 7007, "fedf8060d4da808a4c8a00432c286d5e2a1c7724837b460a1c1900f732ba8afe" },
    { 100, 103541, "a906115c9e44a11b73dfbd770960cb7eefee31a884f31fb78499f57cb57d9051" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) document = vs_template_document_new (cases[i].kb);
      g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, document);

      g_assert_cmpuint (g_bytes_get_size (document), ==, cases[i].len);
      g_assert_cmpstr (sum, ==, cases[i].sha256);
    }
}

/* The rules an answer is checked by, on answers that break each one */
static void
test_parity_rules (void)
{
  static const char fixture[] =
    "{\"format\": \"versus-parity\", \"version\": 1, \"cases\": ["
    " {\"name\": \"exact\", \"path\": \"/json\", \"status\": 200, \"body\": \"{\\\"a\\\":1}\"},"
    " {\"name\": \"numbers\", \"path\": \"/n\", \"status\": 200,"
    "  \"json\": {\"n\": 3, \"sum\": 5.125, \"v\": [1, 2]}, \"tolerance\": 1e-6},"
    " {\"name\": \"doc\", \"method\": \"POST\", \"path\": \"/p\", \"request_document_kb\": 1, \"status\": 200, \"document_kb\": 1}]}";
  static const char no_answer[] =
    "{\"format\": \"versus-parity\", \"version\": 1, \"cases\": [{\"name\": \"x\", \"path\": \"/\", \"status\": 200}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GBytes) doc = vs_template_document_new (1);
  const VsParityCase *exact, *numbers, *document;
  int fd = g_file_open_tmp ("versus-parity-XXXXXX.json", &path, &error);
  static const struct { const char *body; gboolean ok; const char *message; } answers[] = {
    { "{\"n\":3,\"sum\":5.125,\"v\":[1,2]}", TRUE, NULL },
    { "{\"v\": [1, 2], \"sum\": 5.1250000001, \"n\": 3}", TRUE, NULL },   /* order, spacing, tolerance */
    { "{\"n\":3,\"sum\":5.2,\"v\":[1,2]}", FALSE, "sum is 5.2000000000000002, expected 5.125" },
    { "{\"n\":3,\"sum\":5.125,\"v\":[1,3]}", FALSE, "v[1] is 3" },
    { "{\"n\":3,\"sum\":5.125}", FALSE, "the body is “{\"n\":3,\"sum\":5.125}”, expected" },
    { "{\"n\":3,\"sum\":\"5.125\",\"v\":[1,2]}", FALSE, "sum is “\"5.125\"”" },
    { "Internal Server Error", FALSE, "the body is not JSON: “Internal Server Error”" },
  };

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, fixture, -1, NULL));
  cases = vs_parity_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 3);
  exact = g_ptr_array_index (cases, 0);
  numbers = g_ptr_array_index (cases, 1);
  document = g_ptr_array_index (cases, 2);

  /* exact bytes: the first difference is quoted */
  {
    g_autoptr(GBytes) good = g_bytes_new_static ("{\"a\":1}", 7);
    g_autoptr(GBytes) spaced = g_bytes_new_static ("{\"a\": 1}", 8);

    g_assert_true (vs_parity_check (exact, 200, good, &error));
    g_assert_no_error (error);
    g_assert_false (vs_parity_check (exact, 404, good, &error));
    g_assert_cmpstr (error->message, ==, "status 404, expected 200");
    g_clear_error (&error);
    g_assert_false (vs_parity_check (exact, 200, spaced, &error));
    g_assert_cmpstr (error->message, ==, "the body differs from byte 0 (8 bytes, expected 7): "
                                         "“{\"a\": 1}”, expected “{\"a\":1}”");
    g_clear_error (&error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (answers[i].body, strlen (answers[i].body));
      gboolean ok = vs_parity_check (numbers, 200, body, &error);

      g_test_message ("%s: %s", answers[i].body, error ? error->message : "ok");
      g_assert_cmpint (ok, ==, answers[i].ok);
      if (!ok)
        g_assert_nonnull (strstr (error->message, answers[i].message));
      g_clear_error (&error);
    }

  /* generated bodies, both ways */
  g_assert_true (g_bytes_equal (document->request_body, doc));
  g_assert_true (vs_parity_check (document, 200, doc, &error));
  g_assert_no_error (error);

  /* a case must say what it expects */
  g_assert_true (g_file_set_contents (path, no_answer, -1, NULL));
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = vs_parity_load (path, &error);
  g_assert_null (cases);
  g_assert_nonnull (strstr (error->message, "cases[0]. needs one expected answer"));
  g_unlink (path);
}

/* The bundled fixture loads, and names a case for every scenario route */
static void
test_parity_fixture (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  VsTemplate *first;

  g_setenv ("VERSUS_TEMPLATES_DIR", SOURCE_DATADIR "/templates", TRUE);
  path = vs_parity_find_fixture ();
  g_assert_cmpstr (path, ==, SOURCE_DATADIR "/templates/parity.json");
  cases = vs_parity_load (path, &error);
  g_assert_no_error (error);

  templates = vs_template_list (NULL);
  first = g_ptr_array_index (templates, 0);
  for (guint i = 0; i < first->scenarios->len; i++)
    {
      const VsScenario *scenario = g_ptr_array_index (first->scenarios, i);
      g_autofree char *route = g_strndup (scenario->path, strcspn (scenario->path, "?"));
      gboolean covered = FALSE;

      for (guint j = 0; j < cases->len && !covered; j++)
        {
          const VsParityCase *c = g_ptr_array_index (cases, j);

          covered = g_str_equal (c->method, scenario->method) && c->status == 200 &&
                    strncmp (c->path, route, strlen (route)) == 0 &&
                    (c->path[strlen (route)] == '\0' || c->path[strlen (route)] == '?');
        }
      g_test_message ("scenario %s (%s %s): %s", scenario->id, scenario->method, route,
                      covered ? "covered" : "NOT covered");
      g_assert_true (covered);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/shared", test_shared);
  g_test_add_func ("/template/document", test_document);
  g_test_add_func ("/template/parity/rules", test_parity_rules);
  g_test_add_func ("/template/parity/fixture", test_parity_fixture);

  g_test_add_func ("/template/bundled", test_bundled);
  g_test_add_func ("/template/invalid", test_invalid);

  return g_test_run ();
}
