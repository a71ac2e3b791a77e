/* test-sandboxed.c — the container runtimes on the path they take inside Flatpak
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inside Flatpak the engines run on the host: every command goes through
 * `flatpak-spawn --host`, the host cannot see /app (so a template's build
 * context is staged in $XDG_CACHE_HOME/versus/build/NAME first), the
 * sandbox's environment is not passed on (engine variables go as --env=K=V)
 * and the container's cgroup files are not ours to read (CPU and memory
 * come from the engine's `stats`).
 *
 * Real Flatpak is not available where these tests run, so this forces the
 * same code path outside it: VERSUS_SANDBOXED=1, and VERSUS_HOST_SPAWN names
 * tests/host-spawn-emulator, an EMULATION of `flatpak-spawn --host` that
 * logs each call and runs the command with a fresh "host" environment. To
 * prove that no command bypasses it, podman and docker on this test's own
 * PATH are traps that record the call and fail; only the emulator sees the
 * real PATH.
 *
 * Nothing else is mocked: the real engine builds the bundled FastAPI
 * template, runs it and reports its stats. Like test-runtime, an engine runs
 * only when build-aux/containers-setup prepared it (VS_TEST_PODMAN=1,
 * VS_TEST_DOCKER=1, a local base image in VS_TEST_PYTHON_BASE); otherwise
 * the test is skipped with the reason.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vs-load-engine.h"
#include "vs-runtime-private.h"
#include "vs-util.h"
#include "vs-test-async.h"
#include "vs-test-files.h"

#define TEMPLATE "fastapi"
#define SESSION  "test-sandboxed"
#define LOAD_SECONDS 4

typedef struct
{
  VsRuntimeKind  kind;
  const char    *program;
  const char    *enable_var;
  const char    *skip_var;
  const char    *forwarded_var;   /* an engine variable that must reach the host */
  guint          min_samples;     /* in LOAD_SECONDS */
} Engine;

/* `docker stats --no-stream` takes about 1.5 s (it waits for a second
 * reading to compute CPU %), so Docker yields fewer samples than podman */
static const Engine engines[] = {
  { VS_RUNTIME_KIND_PODMAN, "podman", "VS_TEST_PODMAN", "VS_TEST_PODMAN_SKIP", "CONTAINERS_CONF", 4 },
  { VS_RUNTIME_KIND_DOCKER, "docker", "VS_TEST_DOCKER", "VS_TEST_DOCKER_SKIP", "DOCKER_HOST", 1 },
};

/* set up in main(), before any GLib call */
static char work_dir[2048];
static char cache_dir[2048 + 16];
static char *spawn_log;    /* what the emulator ran */
static char *direct_log;   /* engine calls that bypassed it (must stay empty) */

/* ---------------------------------------------------------------------- */
/* waiting for async results                                               */

/* ---------------------------------------------------------------------- */
/* the emulator's log                                                      */

/* One GStrv per call: the argv the emulator received. */
static GPtrArray *
read_spawn_log (void)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (spawn_log, &contents, NULL, NULL))
    return calls;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **argv;
      guint n;

      if (lines[i][0] == '\0')
        continue;
      argv = g_strsplit (lines[i], "\t", -1);
      /* each argument is followed by a tab: drop the empty last field */
      n = g_strv_length (argv);
      if (n > 0 && argv[n - 1][0] == '\0')
        g_clear_pointer (&argv[n - 1], g_free);
      g_ptr_array_add (calls, argv);
    }
  return calls;
}

/* The command of a call: its words after the emulator's options. */
static char **
call_command (char **argv)
{
  while (*argv != NULL && g_str_has_prefix (*argv, "--"))
    argv++;
  return argv;
}

static gboolean
call_has_env (char       **argv,
              const char  *assignment)
{
  for (; *argv != NULL && g_str_has_prefix (*argv, "--"); argv++)
    if (g_str_has_prefix (*argv, "--env=") && g_str_equal (*argv + strlen ("--env="), assignment))
      return TRUE;
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* helpers                                                                 */

static VsRuntime *
engine_runtime (const Engine *engine)
{
  g_autoptr(VsRuntime) runtime = NULL;
  g_autoptr(VsRuntimeInfo) info = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (g_getenv (engine->enable_var) == NULL)
    {
      const char *why = g_getenv (engine->skip_var);
      g_autofree char *message =
        g_strdup_printf ("%s not set up: %s", engine->program,
                         why ? why : "build-aux/containers-setup did not run "
                                     "(run the tests through build-aux/test)");
      g_test_skip (message);
      return NULL;
    }
  if (g_getenv ("VS_TEST_PYTHON_BASE") == NULL)
    {
      g_test_skip ("VS_TEST_PYTHON_BASE (a local Python base image) is not set");
      return NULL;
    }

  runtime = vs_runtime_new (engine->kind);
  /* VERSUS_SANDBOXED=1 made it take the Flatpak path */
  g_assert_true (vs_runtime_get_sandboxed (runtime));

  vs_runtime_probe_async (runtime, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  info = vs_runtime_probe_finish (runtime, result, &error);
  g_assert_no_error (error);
  if (info->status != VS_RUNTIME_STATUS_AVAILABLE)
    g_error ("%s was set up but its probe through the host-spawn emulation says: %s",
             info->name, info->reason);
  g_test_message ("probe through the emulation: %s %s", info->name, info->version);
  return g_steal_pointer (&runtime);
}

static void
log_line (const char *line,
          gpointer    user_data)
{
  guint *n = user_data;

  (*n)++;
  g_test_message ("build: %s", line);
}

static void
on_sample (VsSampler      *sampler,
           const VsSample *sample,
           gpointer        user_data)
{
  g_test_message ("sample %.2f s: CPU %.1f %%, memory %" G_GINT64_FORMAT,
                  sample->elapsed_us / 1e6, sample->cpu_percent, sample->memory_bytes);
}

/* Runs @argv on the "host", as the runtime does: through the emulation. */
static char *
host_output (VsRuntime          *runtime,
             const char * const *argv)
{
  g_auto(GStrv) full = vs_runtime_wrap_argv (runtime, argv, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, full, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strstrip (g_steal_pointer (&out));
}

/* ---------------------------------------------------------------------- */
/* the test                                                                */

static void
test_sandboxed (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = NULL;
  g_autoptr(VsTemplate) template = NULL;
  g_autoptr(VsTarget) target = NULL;
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(VsSampler) sampler = NULL;
  g_autoptr(VsLoadProfile) profile = NULL;
  g_autoptr(VsLoadEngine) load = NULL;
  g_autoptr(VsLoadResult) load_result = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GHashTable) verbs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *base_arg = NULL;
  g_autofree char *image_id = NULL;
  g_autofree char *staged = NULL;
  g_autofree char *containerfile = NULL;
  g_autofree char *url = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *left = NULL;
  g_autofree char *forwarded = NULL;
  const char * const staged_files[] = { "template.json", "Containerfile", "app.py", "requirements.txt" };
  const char * const expected_verbs[] = { "ps", "build", "run", "inspect", "wait", "stats", "rm" };
  const char *build_args[2] = { NULL, NULL };
  GAsyncResult *slot = NULL;
  gboolean saw_build = FALSE;
  guint n_lines = 0;
  guint port;

  g_remove (spawn_log);
  runtime = engine_runtime (engine);
  if (runtime == NULL)
    return;

  /* what an earlier, failed run of this test may have left (through the emulation too) */
  vs_runtime_cleanup_async (runtime, SESSION, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  vs_runtime_cleanup_finish (runtime, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* build: the context handed to the host is the staged copy */
  template = vs_find_template (TEMPLATE, &error);
  g_assert_no_error (error);
  base_arg = g_strdup_printf ("BASE_IMAGE=%s", g_getenv ("VS_TEST_PYTHON_BASE"));
  build_args[0] = base_arg;
  vs_runtime_build_async (runtime, template, NULL, build_args, log_line, &n_lines, NULL,
                          store_result_cb, &slot);
  result = await_result (&slot);
  image_id = vs_runtime_build_finish (runtime, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image_id);
  g_assert_cmpuint (n_lines, >, 0);
  g_clear_object (&result);

  staged = g_build_filename (cache_dir, "versus", "build", TEMPLATE, NULL);
  g_assert_true (g_file_test (staged, G_FILE_TEST_IS_DIR));
  for (guint i = 0; i < G_N_ELEMENTS (staged_files); i++)
    {
      g_autofree char *path = g_build_filename (staged, staged_files[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  containerfile = g_build_filename (staged, template->containerfile, NULL);

  /* start, ready */
  target = vs_target_new ();
  target->label = g_strdup (TEMPLATE);
  target->template_name = g_strdup (TEMPLATE);
  target->ready_timeout_us = 60 * G_USEC_PER_SEC;
  vs_runtime_start_async (runtime, target, SESSION, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  instance = vs_runtime_start_finish (runtime, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  vs_instance_wait_ready_async (instance, 0, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  g_assert_true (vs_instance_wait_ready_finish (instance, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  port = vs_instance_get_host_port (instance);
  g_test_message ("%s ready at %s after %.3f s", TEMPLATE, vs_instance_get_url (instance),
                  vs_instance_get_startup_us (instance) / 1e6);

  /* the host's cgroup files are not ours to read in the sandbox */
  g_assert_null (instance->cgroup_path);

  /* CPU and memory through the engine's `stats`, under a short load */
  sampler = vs_instance_new_sampler (instance);
  vs_sampler_set_interval (sampler, 250 * 1000);
  g_signal_connect (sampler, "sample", G_CALLBACK (on_sample), NULL);
  vs_sampler_start (sampler);

  profile = vs_load_profile_new ();
  url = g_strconcat (vs_instance_get_url (instance), "/", NULL);
  vs_load_profile_set_url (profile, url);
  profile->connections = 8;
  profile->workers = 1;
  profile->duration_us = LOAD_SECONDS * G_USEC_PER_SEC;
  load = vs_load_engine_new (profile);
  vs_load_engine_run_async (load, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  load_result = vs_load_engine_run_finish (load, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  vs_sampler_stop (sampler);

  g_assert_cmpuint (load_result->totals->requests, >, 100);
  g_assert_cmpuint (vs_sampler_get_samples (sampler)->len, >=, engine->min_samples);
  g_assert_cmpfloat (vs_sampler_get_peak_cpu (sampler), >, 0.0);
  g_assert_cmpfloat (vs_sampler_get_mean_cpu (sampler), >, 0.0);
  g_assert_cmpint (vs_sampler_get_peak_memory (sampler), >, 1024 * 1024);
  g_test_message ("%u samples through `%s stats`: mean CPU %.1f %%, peak memory %" G_GINT64_FORMAT
                  " bytes", vs_sampler_get_samples (sampler)->len, engine->program,
                  vs_sampler_get_mean_cpu (sampler), vs_sampler_get_peak_memory (sampler));

  /* stop: nothing left on the host */
  vs_instance_stop_async (instance, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  g_assert_true (vs_instance_stop_finish (instance, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  filter = g_strdup_printf ("label=%s=%s", VS_RUNTIME_SESSION_LABEL, SESSION);
  left = host_output (runtime, (const char * const[]) { engine->program, "ps", "-a", "-q",
                                                        "--filter", filter, NULL });
  g_assert_cmpstr (left, ==, "");
  for (guint i = 0; i < 100 && !vs_port_is_free (port); i++)
    g_usleep (20000);
  g_assert_true (vs_port_is_free (port));

  /* Every engine command went through the emulation, carrying the
   * engine's variables; none went around it. */
  g_assert_false (g_file_test (direct_log, G_FILE_TEST_EXISTS));
  calls = read_spawn_log ();
  g_assert_cmpuint (calls->len, >, 0);
  if (g_getenv (engine->forwarded_var) != NULL)
    forwarded = g_strdup_printf ("%s=%s", engine->forwarded_var, g_getenv (engine->forwarded_var));
  for (guint i = 0; i < calls->len; i++)
    {
      char **argv = g_ptr_array_index (calls, i);
      char **command = call_command (argv);
      guint n = g_strv_length (command);

      g_assert_cmpuint (n, >=, 2);
      g_assert_cmpstr (command[0], ==, engine->program);
      if (forwarded != NULL && !call_has_env (argv, forwarded))
        g_error ("%s was not forwarded to the host with --env in: %s",
                 engine->forwarded_var, g_strjoinv (" ", argv));
      g_hash_table_add (verbs, command[1]);

      /* nothing the host cannot see: no path into the source or install tree */
      for (guint j = 0; j < n; j++)
        g_assert_null (strstr (command[j], template->dir));

      if (g_str_equal (command[1], "build"))
        {
          saw_build = TRUE;
          /* the context (the last word) and the Containerfile are the staged copy */
          g_assert_cmpstr (command[n - 1], ==, staged);
          for (guint j = 0; j + 1 < n; j++)
            if (g_str_equal (command[j], "-f"))
              g_assert_cmpstr (command[j + 1], ==, containerfile);
        }
    }
  g_assert_true (saw_build);
  for (guint i = 0; i < G_N_ELEMENTS (expected_verbs); i++)
    if (!g_hash_table_contains (verbs, expected_verbs[i]))
      g_error ("no `%s %s` went through the host-spawn emulation", engine->program, expected_verbs[i]);
  g_test_message ("%u engine commands, all through the host-spawn emulation", calls->len);
}

/* ---------------------------------------------------------------------- */

/* podman and docker on our own PATH: they record the call and fail */
static void
install_traps (const char *trap_dir)
{
  const char * const programs[] = { "podman", "docker", NULL };
  g_autofree char *quoted_log = g_shell_quote (direct_log);

  g_assert_cmpint (g_mkdir (trap_dir, 0700), ==, 0);
  for (guint i = 0; programs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (trap_dir, programs[i], NULL);
      g_autofree char *script =
        g_strdup_printf ("#!/bin/sh\n"
                         "# test-sandboxed: an engine command that did not go through the\n"
                         "# host-spawn emulation (flatpak-spawn --host) lands here\n"
                         "echo \"$0 $*\" >>%s\n"
                         "echo \"test-sandboxed: %s was run directly, not on the host\" >&2\n"
                         "exit 126\n", quoted_log, programs[i]);

      g_assert_true (g_file_set_contents (path, script, -1, NULL));
      g_assert_cmpint (g_chmod (path, 0755), ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  const char *tmp = getenv ("TMPDIR") ? getenv ("TMPDIR") : "/tmp";
  g_autofree char *emulator = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *trap_dir = NULL;
  g_autofree char *path = NULL;
  int status;

  /* Before any GLib call: GLib reads XDG_CACHE_HOME once. The staged
   * build contexts go there, and the test checks them. */
  snprintf (work_dir, sizeof work_dir, "%s/versus-sandboxed-XXXXXX", tmp);
  if (mkdtemp (work_dir) == NULL)
    {
      perror ("mkdtemp");
      return 1;
    }
  snprintf (cache_dir, sizeof cache_dir, "%s/cache", work_dir);
  setenv ("XDG_CACHE_HOME", cache_dir, 1);
  setenv ("VERSUS_SANDBOXED", "1", 1);

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_user_cache_dir (), ==, cache_dir);
  g_setenv ("VERSUS_TEMPLATES_DIR", SOURCE_DATADIR "/templates", TRUE);

  /* flatpak-spawn --host → the emulation */
  emulator = g_test_build_filename (G_TEST_DIST, "host-spawn-emulator", NULL);
  g_assert_true (g_file_test (emulator, G_FILE_TEST_IS_EXECUTABLE));
  quoted = g_shell_quote (emulator);
  g_setenv ("VERSUS_HOST_SPAWN", quoted, TRUE);
  spawn_log = g_build_filename (work_dir, "host-spawn.log", NULL);
  direct_log = g_build_filename (work_dir, "direct-calls.log", NULL);
  g_setenv ("VS_HOST_SPAWN_LOG", spawn_log, TRUE);
  /* the host keeps the real PATH; ours finds the traps first */
  g_setenv ("VS_HOST_SPAWN_PATH", g_getenv ("PATH"), TRUE);
  trap_dir = g_build_filename (work_dir, "trap-bin", NULL);
  install_traps (trap_dir);
  path = g_strdup_printf ("%s:%s", trap_dir, g_getenv ("PATH"));
  g_setenv ("PATH", path, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/sandboxed/%s/build-run-stats", engines[i].program);

      g_test_add_data_func (test_path, &engines[i], test_sandboxed);
    }

  status = g_test_run ();

  if (status == 0)
    vs_test_remove_tree (work_dir);
  else
    g_printerr ("test-sandboxed: kept %s for inspection\n", work_dir);
  return status;
}
