/* test-cli.c — versus-cli as a user runs it
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "vs-test-server.h"

static int
run_cli (const char * const  *args,
         char               **out_stdout,
         char               **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("VS_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (process);
}

static void
test_bad_input (void)
{
  static const struct {
    const char *args[8];
    const char *expect;   /* in the one line on stderr */
  } cases[] = {
    { { "load", "not a url", NULL }, "not a valid URL" },
    { { "load", "ftp://127.0.0.1/", NULL }, "unsupported URL scheme “ftp”" },
    { { "load", "http://127.0.0.1:1/", "-c", "0", NULL }, "connections must be between 1" },
    { { "load", "http://127.0.0.1:1/", "-c", "many", NULL }, "connections must be a whole number" },
    { { "load", "http://127.0.0.1:1/", "--rate", "0", NULL }, "rate must be positive" },
    { { "load", "http://127.0.0.1:1/", "--rate", "-3", NULL }, "rate must be positive" },
    { { "load", "http://127.0.0.1:1/", "--rate", "fast", NULL }, "rate must be a number" },
    { { "load", "http://127.0.0.1:1/", "--frobnicate", NULL }, "Unknown option --frobnicate" },
    { { "load", "http://127.0.0.1:1/", "-d", "10 parsecs", NULL }, "unknown unit" },
    { { "load", "http://127.0.0.1:1/", "-d", "0s", NULL }, "duration must be positive" },
    { { "load", "http://127.0.0.1:1/", "-H", "NoColon", NULL }, "has no colon" },
    { { "load", "http://127.0.0.1:1/", "--body", "@/nonexistent/body", NULL }, "cannot read the body" },
    { { "load", "http://127.0.0.1:1/", "--transport", "carrier-pigeon", NULL }, "unknown transport" },
    { { "load", "https://127.0.0.1:1/", "--transport", "fast", NULL }, "plain http:// only" },
    { { "load", NULL }, "no URL given" },
    { { "frobnicate", NULL }, "unknown command" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = run_cli (cases[i].args, &out, &err);

      g_test_message ("%s %s → %d: %s", cases[i].args[0], cases[i].args[1] ?: "", status, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "versus-cli: "));
      g_assert_nonnull (strstr (err, cases[i].expect));
      /* exactly one line */
      g_assert_true (g_str_has_suffix (err, "\n"));
      g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
    }
}

static void
test_target_down (void)
{
  g_autoptr(VsTestRawServer) server = vs_test_raw_server_new (VS_TEST_RAW_OK, 0, 0);
  g_autofree char *url = vs_test_raw_server_get_url (server, "/");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "load", url, "-d", "1s", NULL };

  g_clear_pointer (&server, vs_test_raw_server_free);
  g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "Could not connect to 127.0.0.1"));
}

static void
test_text_and_json (void)
{
  g_autoptr(VsTestServerProcess) server = vs_test_server_process_new ();
  g_autofree char *url = vs_test_server_process_get_url (server, "/");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *obj;

  {
    const char *args[] = { "load", url, "-c", "4", "-d", "500ms", "-w", "1", NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "Requests/sec:"));
    g_assert_nonnull (strstr (out, "99.9%"));
    g_assert_nonnull (strstr (out, "Status codes: 200×"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  {
    const char *args[] = { "load", url, "-c", "4", "-d", "500ms", "--rate", "200", "--json",
                           "-H", "X-Test: 1", NULL };

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    obj = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (obj, "mode"), ==, "rate");
    g_assert_cmpint (json_object_get_int_member (obj, "requests"), >, 50);
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (obj, "rate"),
                                                      "target"), ==, 200.0);
    g_assert_true (json_object_has_member (obj, "service_time_us"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/load/bad-input", test_bad_input);
  g_test_add_func ("/cli/load/target-down", test_target_down);
  g_test_add_func ("/cli/load/text-and-json", test_text_and_json);

  return g_test_run ();
}
