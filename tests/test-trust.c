/* test-trust.c — files from elsewhere run nothing unasked (vs-trust.h)
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vs-session.h"
#include "vs-template.h"
#include "vs-trust.h"
#include "vs-test-files.h"

static char *data_dir;   /* this run's $XDG_DATA_HOME */

static VsSession *
make_session (void)
{
  VsSession *session = vs_session_new_preset ("express-vs-fastapi-quick", NULL);

  vs_target_set_env (g_ptr_array_index (vs_session_get_targets (session), 1), "UVICORN_WORKERS", "2");
  return session;
}

/* The bytes of @session, as a file received from elsewhere holds them */
static char *
session_text (VsSession *session)
{
  g_autoptr(JsonNode) json = vs_session_to_json (session);

  return json_to_string (json, TRUE);
}

static VsSession *
open_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  VsSession *session = vs_session_new_from_data (text, strlen (text), "received.versus", &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static char *
fingerprint_after (void (*change) (VsSession *session))
{
  g_autoptr(VsSession) session = make_session ();

  if (change != NULL)
    change (session);
  return vs_trust_fingerprint (session);
}

static VsTarget *
first (VsSession *s)
{
  return g_ptr_array_index (vs_session_get_targets (s), 0);
}

static void change_label (VsSession *s) { g_free (first (s)->label); first (s)->label = g_strdup ("Renamed"); }
static void change_load (VsSession *s) { vs_session_set_trials (s, 31); vs_session_get_profile (s)->connections = 3; }
static void change_env (VsSession *s) { vs_target_set_env (first (s), "NODE_OPTIONS", "--require /tmp/x.js"); }
static void change_env_value (VsSession *s) { vs_target_set_env (g_ptr_array_index (vs_session_get_targets (s), 1), "UVICORN_WORKERS", "3"); }
static void change_image (VsSession *s) { first (s)->image = g_strdup ("quay.io/someone/server:1"); }
static void change_runtime (VsSession *s) { first (s)->runtime = VS_RUNTIME_KIND_PODMAN; }
static void change_port (VsSession *s) { first (s)->host_port = 9000; }
static void change_template (VsSession *s) { g_free (first (s)->template_name); first (s)->template_name = g_strdup ("fastapi"); }

/* What runs decides the fingerprint; labels, the load and the plan do not */
static void
test_fingerprint (void)
{
  g_autofree char *base = fingerprint_after (NULL);
  void (*same[]) (VsSession *) = { change_label, change_load };
  void (*differ[]) (VsSession *) = { change_env, change_env_value, change_image, change_runtime,
                                     change_port, change_template };

  g_assert_cmpuint (strlen (base), ==, 64);
  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *other = fingerprint_after (same[i]);

      g_assert_cmpstr (other, ==, base);
    }
  for (guint i = 0; i < G_N_ELEMENTS (differ); i++)
    {
      g_autofree char *other = fingerprint_after (differ[i]);

      g_assert_cmpstr (other, !=, base);
    }
}

static void
test_store (void)
{
  g_autofree char *path = g_build_filename (data_dir, "versus", "trusted-sessions", NULL);
  g_autofree char *a = g_strnfill (64, 'a');
  g_autofree char *b = g_strnfill (64, 'b');
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (vs_trust_lookup (a));
  g_assert_true (vs_trust_record (a, &error));
  g_assert_no_error (error);
  g_assert_true (vs_trust_lookup (a));
  g_assert_false (vs_trust_lookup (b));
  /* twice is one line */
  g_assert_true (vs_trust_record (a, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpuint (strlen (contents), ==, 65);
  g_clear_pointer (&contents, g_free);

  /* a damaged store (a torn line, garbage) still answers for whole lines */
  g_assert_true (g_file_set_contents (path, "garbage\nbbbbbbbb\n", -1, NULL));
  g_assert_false (vs_trust_lookup (b));
  g_assert_true (vs_trust_record (b, &error));
  g_assert_true (vs_trust_lookup (b));
  g_assert_false (vs_trust_lookup (a));
  g_assert_false (vs_trust_lookup ("short"));

  /* a store that cannot be written: the reason, in words */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_false (vs_trust_record (a, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "trusted-sessions"));
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

/* Bytes from a file are trusted only when this machine recorded what they
 * run: made here (saved from a trusted session) or agreed to */
static void
test_sessions (void)
{
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-trust-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "mine.versus", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) made = make_session ();
  g_autoptr(VsSession) received = NULL;
  g_autoptr(VsSession) reopened = NULL;
  g_autoptr(VsSession) again = NULL;
  g_autofree char *text = NULL;

  /* made in this process */
  g_assert_true (vs_session_get_trusted (made));

  /* received: the same bytes, from elsewhere */
  vs_target_set_env (first (made), "NODE_OPTIONS", "--title=received");
  text = session_text (made);
  received = open_text (text);
  g_assert_false (vs_session_get_trusted (received));

  /* saving a received file unchanged does not make it trusted */
  g_assert_true (vs_session_save (received, file, NULL, &error));
  g_assert_no_error (error);
  reopened = vs_session_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (vs_session_get_trusted (reopened));
  g_clear_object (&reopened);

  /* agreed to, then saved: opened again, it is trusted */
  vs_session_set_trusted (received, TRUE);
  g_assert_true (vs_session_save (received, file, NULL, &error));
  reopened = vs_session_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vs_session_get_trusted (reopened));

  /* a made session saved here: trusted when opened */
  vs_target_set_env (first (made), "NODE_OPTIONS", "--title=made-here");
  g_assert_true (vs_session_save (made, file, NULL, &error));
  again = vs_session_load (file, NULL, &error);
  g_assert_true (vs_session_get_trusted (again));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_describe (void)
{
  g_autoptr(VsSession) session = make_session ();
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) plain = NULL;
  VsTarget *image = vs_target_new ();
  gboolean flagged = TRUE;
  const char *loading[] = { "LD_PRELOAD", "ld_library_path", "NODE_OPTIONS", "PYTHONPATH",
                            "PYTHONSTARTUP", "npm_config_script_shell", "PATH", "BASH_ENV",
                            "JAVA_TOOL_OPTIONS", "PERL5OPT", "GCONV_PATH" };
  const char *harmless[] = { "UVICORN_WORKERS", "PORT", "NODE_ENV", "WEB_CONCURRENCY", "HOME" };

  for (guint i = 0; i < G_N_ELEMENTS (loading); i++)
    g_assert_true (vs_env_name_changes_loading (loading[i]));
  for (guint i = 0; i < G_N_ELEMENTS (harmless); i++)
    g_assert_false (vs_env_name_changes_loading (harmless[i]));

  plain = vs_trust_describe (session, templates, &flagged);
  g_assert_false (flagged);
  g_assert_cmpuint (plain->len, ==, 2);
  g_test_message ("%s\n%s", (char *) plain->pdata[0], (char *) plain->pdata[1]);
  g_assert_true (g_str_has_prefix (plain->pdata[0], "Express: the template “express” from /"));
  g_assert_nonnull (strstr (plain->pdata[0], "no environment variables"));
  g_assert_nonnull (strstr (plain->pdata[1], "environment: UVICORN_WORKERS=2"));
  g_assert_null (strstr (plain->pdata[1], "changes what"));

  image->label = g_strdup ("Custom");
  image->runtime = VS_RUNTIME_KIND_DOCKER;
  image->image = g_strdup ("quay.io/someone/server:1");
  image->container_port = 8080;
  image->host_port = 9000;
  vs_target_set_env (image, "LD_PRELOAD", "/tmp/hook.so");
  vs_session_add_target (session, image);
  vs_target_unref (image);
  lines = vs_trust_describe (session, NULL, &flagged);
  g_assert_true (flagged);
  g_test_message ("%s", (char *) lines->pdata[2]);
  g_assert_cmpstr (lines->pdata[2], ==,
                   "Custom: the image “quay.io/someone/server:1”, in a Docker container, on port 9000 "
                   "of this computer, environment: LD_PRELOAD=/tmp/hook.so (changes what the program loads)");
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* a store of this run's own, before GLib reads the variable */
  data_dir = vs_test_make_tmp_dir ("versus-trust-data-XXXXXX");
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trust/fingerprint", test_fingerprint);
  g_test_add_func ("/trust/store", test_store);
  g_test_add_func ("/trust/sessions", test_sessions);
  g_test_add_func ("/trust/describe", test_describe);

  status = g_test_run ();
  {
    g_autofree char *versus = g_build_filename (data_dir, "versus", NULL);

    vs_test_remove_tmp_dir (versus);
    g_rmdir (data_dir);
  }
  return status;
}
