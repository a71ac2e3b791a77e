/* test-runner.c — whole comparisons, end to end, on real servers
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bundled Express and FastAPI templates run as local processes (and in
 * podman when build-aux/containers-setup prepared it). The crash and
 * mismatch cases use small real servers written for these tests: Python
 * standard-library HTTP servers in templates made in a temporary folder.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vs-history.h"
#include "vs-report.h"
#include "vs-runner.h"
#include "vs-runtime.h"
#include "vs-util.h"
#include "vs-test-async.h"
#include "vs-test-files.h"

static VsSession *
quick_session (const char    *a,
               const char    *b,
               VsRuntimeKind  kind,
               guint          trials)
{
  VsSession *session = vs_session_new ();
  const char *names[] = { a, b };
  VsLoadProfile *profile = vs_session_get_profile (session);

  vs_session_set_name (session, "test comparison");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(VsTarget) target = vs_target_new ();

      target->label = g_strdup (names[i]);
      target->template_name = g_strdup (names[i]);
      target->runtime = kind;
      target->ready_timeout_us = 60 * G_USEC_PER_SEC;
      vs_session_add_target (session, target);
    }
  profile->connections = 8;
  profile->workers = 1;
  profile->duration_us = G_USEC_PER_SEC;
  profile->warmup_us = 300 * 1000;
  vs_session_set_trials (session, trials);
  vs_session_set_cooldown_us (session, 200 * 1000);
  return session;
}

typedef struct
{
  GArray    *phases;       /* VsRunnerPhase, as they change */
  GArray    *notified;     /* VsRunnerPhase, as "phase" notifies */
  guint      running_changes;
  gboolean   snapshot_copied;
  guint      n_snapshots;
  guint      n_samples;
  GPtrArray *messages;
  VsRunnerPhase cancel_at;
  guint      cancel_step;
  GCancellable *cancellable;
  gint64     cancelled_at;
} Watch;

static void
on_progress (VsRunner               *runner,
             const VsRunnerProgress *p,
             Watch                  *watch)
{
  if (watch->phases->len == 0 ||
      g_array_index (watch->phases, VsRunnerPhase, watch->phases->len - 1) != p->phase)
    g_array_append_val (watch->phases, p->phase);
  g_assert_cmpuint (p->step, <, MAX (p->n_steps, 1));

  if (watch->cancellable && p->phase == watch->cancel_at && p->step == watch->cancel_step &&
      watch->cancelled_at == 0)
    {
      watch->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (watch->cancellable);
    }
}

static void
on_snapshot (VsRunner             *runner,
             guint                 target,
             const VsLoadSnapshot *snapshot,
             Watch                *watch)
{
  watch->n_snapshots++;

  /* a boxed type: a copy keeps its own counters */
  if (!watch->snapshot_copied && snapshot->totals != NULL && snapshot->totals->requests > 0)
    {
      VsLoadSnapshot *copy = g_boxed_copy (VS_TYPE_LOAD_SNAPSHOT, snapshot);

      g_assert_true (copy->totals != snapshot->totals);
      g_assert_cmpuint (copy->totals->requests, ==, snapshot->totals->requests);
      g_assert_cmpuint (vs_histogram_get_count (copy->totals->latency),
                        ==, vs_histogram_get_count (snapshot->totals->latency));
      g_assert_cmpfloat (copy->point.t_s, ==, snapshot->point.t_s);
      g_boxed_free (VS_TYPE_LOAD_SNAPSHOT, copy);
      watch->snapshot_copied = TRUE;
    }
}

static void
on_phase_notify (VsRunner   *runner,
                 GParamSpec *pspec,
                 Watch      *watch)
{
  VsRunnerPhase phase;

  g_object_get (runner, "phase", &phase, NULL);
  g_assert_cmpint (phase, ==, vs_runner_get_phase (runner));
  g_array_append_val (watch->notified, phase);
}

static void
on_running_notify (VsRunner   *runner,
                   GParamSpec *pspec,
                   Watch      *watch)
{
  gboolean running;

  g_object_get (runner, "running", &running, NULL);
  /* on, then off: each notification is a change */
  g_assert_cmpint (running, ==, watch->running_changes % 2 == 0);
  watch->running_changes++;
}

static void
on_sample (VsRunner *runner,
           guint     target,
           gpointer  sample,
           Watch    *watch)
{
  watch->n_samples++;
}

static void
on_message (VsRunner   *runner,
            const char *text,
            Watch      *watch)
{
  g_test_message ("runner: %s", text);
  g_ptr_array_add (watch->messages, g_strdup (text));
}

static void
watch_init (Watch    *watch,
            VsRunner *runner)
{
  memset (watch, 0, sizeof *watch);
  watch->phases = g_array_new (FALSE, FALSE, sizeof (VsRunnerPhase));
  watch->notified = g_array_new (FALSE, FALSE, sizeof (VsRunnerPhase));
  g_signal_connect (runner, "notify::phase", G_CALLBACK (on_phase_notify), watch);
  g_signal_connect (runner, "notify::running", G_CALLBACK (on_running_notify), watch);
  watch->messages = g_ptr_array_new_with_free_func (g_free);
  watch->cancel_at = VS_RUNNER_PHASE_DONE + 1;
  g_signal_connect (runner, "progress", G_CALLBACK (on_progress), watch);
  g_signal_connect (runner, "snapshot", G_CALLBACK (on_snapshot), watch);
  g_signal_connect (runner, "sample", G_CALLBACK (on_sample), watch);
  g_signal_connect (runner, "message", G_CALLBACK (on_message), watch);
}

static void
watch_clear (Watch *watch)
{
  g_array_unref (watch->phases);
  g_array_unref (watch->notified);
  g_ptr_array_unref (watch->messages);
}

static gboolean
run_session (VsRunner      *runner,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vs_runner_run_async (runner, cancellable, store_result_cb, &slot);
  result = await_result (&slot);
  return vs_runner_run_finish (runner, result, error);
}

static gboolean
phase_seen (Watch         *watch,
            VsRunnerPhase  phase)
{
  for (guint i = 0; i < watch->phases->len; i++)
    if (g_array_index (watch->phases, VsRunnerPhase, i) == phase)
      return TRUE;
  return FALSE;
}

/* Nothing of this session is left running anywhere. */
static void
assert_nothing_left (VsSession     *session,
                     VsRuntimeKind  kind)
{
  g_autoptr(VsRuntime) runtime = vs_runtime_new (kind);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  guint removed;

  vs_runtime_cleanup_async (runtime, vs_session_get_id (session), NULL, store_result_cb, &slot);
  result = await_result (&slot);
  removed = vs_runtime_cleanup_finish (runtime, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 0);
}

static void
check_full_run (VsRuntimeKind kind)
{
  g_autoptr(VsSession) session = quick_session ("express", "fastapi", kind, 2);
  g_autoptr(VsRunner) runner = vs_runner_new (session);
  g_autofree char *dir = g_dir_make_tmp ("versus-runner-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "history.db", NULL);
  g_autofree char *path = g_build_filename (dir, "run.versus", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(VsHistory) history = NULL;
  g_autoptr(VsSession) reloaded = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSessionSummary) summary = NULL;
  g_autoptr(JsonNode) saved_json = NULL;
  g_autoptr(JsonNode) reloaded_json = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *verdict = NULL;
  VsHistoryFilter filter = { 0 };
  GPtrArray *results;
  g_autoptr(GArray) plan = vs_session_plan (session);   /* the order the seed drew */
  Watch watch;

  history = vs_history_open (db, &error);
  g_assert_no_error (error);
  vs_runner_set_history (runner, history);
  watch_init (&watch, runner);

  g_assert_true (run_session (runner, NULL, &error));
  g_assert_no_error (error);

  /* the "phase" property told every change "progress" told, in order;
   * "running" went on and off once */
  g_assert_cmpint (g_array_index (watch.phases, VsRunnerPhase, 0), ==, VS_RUNNER_PHASE_PREPARING);
  /* a new runner is already "preparing": the first change is the next phase */
  g_assert_cmpuint (watch.notified->len, ==, watch.phases->len - 1);
  for (guint i = 1; i < watch.phases->len; i++)
    g_assert_cmpint (g_array_index (watch.notified, VsRunnerPhase, i - 1),
                     ==, g_array_index (watch.phases, VsRunnerPhase, i));
  g_assert_cmpuint (watch.running_changes, ==, 2);
  g_assert_false (vs_runner_get_running (runner));
  g_assert_true (watch.snapshot_copied);

  results = vs_session_get_results (session);
  g_assert_cmpuint (results->len, ==, 4);
  for (guint i = 0; i < results->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (results, i);

      g_test_message ("%u: %s trial %u: %s, %.0f req/s, startup %.3f s, CPU %.0f %%, memory %.0f",
                      r->sequence, r->target_label, r->trial, vs_run_status_to_string (r->status),
                      r->requests_per_s, r->startup_s, r->cpu_mean_percent, r->memory_peak_bytes);
      g_assert_cmpint (r->status, ==, VS_RUN_STATUS_OK);
      g_assert_null (r->error);
      /* interleaved: one of each target per pair, as planned */
      g_assert_cmpuint (r->sequence, ==, i);
      g_assert_cmpuint (r->target_index, ==, g_array_index (plan, VsPlanStep, i).target);
      g_assert_cmpuint (r->trial, ==, i / 2);
      g_assert_cmpuint (r->requests, >, 50);
      g_assert_cmpfloat (r->requests_per_s, >, 50);
      g_assert_cmpfloat (r->startup_s, >, 0);
      g_assert_true (isfinite (r->p99_ms));
      g_assert_nonnull (r->latency);
      g_assert_true (isfinite (r->memory_peak_bytes) && r->memory_peak_bytes > 1e6);
      g_assert_true (isfinite (r->cpu_mean_percent) && r->cpu_mean_percent > 0);
      g_assert_cmpuint (r->timeline->len, >=, 3);
      g_assert_cmpstr (r->runtime, ==, vs_runtime_kind_to_string (kind));
      g_assert_nonnull (r->image_id);
      g_assert_nonnull (r->kernel);
      g_assert_cmpuint (r->n_cpus, >, 0);
      if (i > 0)
        g_assert_cmpint (r->started_at, >=,
                         ((VsRunResult *) g_ptr_array_index (results, i - 1))->started_at);
    }

  /* the phases in order, the live signals */
  g_assert_true (phase_seen (&watch, VS_RUNNER_PHASE_CHECKING));
  g_assert_true (phase_seen (&watch, VS_RUNNER_PHASE_STARTING));
  g_assert_true (phase_seen (&watch, VS_RUNNER_PHASE_WARMUP));
  g_assert_true (phase_seen (&watch, VS_RUNNER_PHASE_MEASURING));
  g_assert_true (phase_seen (&watch, VS_RUNNER_PHASE_COOLDOWN));
  g_assert_cmpint (g_array_index (watch.phases, VsRunnerPhase, watch.phases->len - 1), ==,
                   VS_RUNNER_PHASE_DONE);
  g_assert_cmpuint (watch.n_snapshots, >=, 4 * 4);
  g_assert_cmpuint (watch.n_samples, >=, 4);

  /* saved, reloaded: identical */
  g_assert_true (vs_session_save (session, file, NULL, &error));
  g_assert_no_error (error);
  reloaded = vs_session_load (file, NULL, &error);
  g_assert_no_error (error);
  saved_json = vs_session_to_json (session);
  reloaded_json = vs_session_to_json (reloaded);
  g_assert_true (json_node_equal (saved_json, reloaded_json));

  /* in the history */
  filter.session_id = vs_session_get_id (session);
  entries = vs_history_query (history, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);

  /* a comparison with words */
  summary = vs_session_summarize (reloaded);
  g_assert_cmpuint (summary->n_ok[0], ==, 2);
  g_assert_cmpuint (summary->n_ok[1], ==, 2);
  verdict = vs_session_summary_verdict (summary);
  g_test_message ("%s", verdict);
  g_assert_nonnull (strstr (verdict, "2 pairs"));
  markdown = vs_report_markdown (reloaded);
  g_assert_nonnull (strstr (markdown, "| Requests/s |"));

  assert_nothing_left (session, kind);
  watch_clear (&watch);
  g_unlink (path);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

static void
test_process_full (void)
{
  check_full_run (VS_RUNTIME_KIND_PROCESS);
}

static void
test_podman_full (void)
{
  if (g_getenv ("VS_TEST_PODMAN") == NULL)
    {
      g_autofree char *why = g_strdup_printf ("podman not set up: %s",
                                              g_getenv ("VS_TEST_PODMAN_SKIP") ? g_getenv ("VS_TEST_PODMAN_SKIP")
                                              : "build-aux/containers-setup did not run");
      g_test_skip (why);
      return;
    }
  /* the images: built by the runtime tests, or now */
  {
    g_autoptr(VsRuntime) runtime = vs_runtime_new (VS_RUNTIME_KIND_PODMAN);
    const char *names[] = { "express", "fastapi" };

    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(VsTemplate) template = vs_find_template (names[i], NULL);
        g_autofree char *arg = g_strdup_printf ("BASE_IMAGE=%s", g_getenv (i == 0 ? "VS_TEST_NODE_BASE"
                                                                                   : "VS_TEST_PYTHON_BASE"));
        const char * const args[] = { arg, NULL };
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *id = NULL;
        GAsyncResult *slot = NULL;

        vs_runtime_build_async (runtime, template, NULL, args, NULL, NULL, NULL, store_result_cb, &slot);
        result = await_result (&slot);
        id = vs_runtime_build_finish (runtime, result, &error);
        g_assert_no_error (error);
      }
  }
  check_full_run (VS_RUNTIME_KIND_PODMAN);
}

/* Cancelled while measuring: back within a second, the trial marked
 * cancelled with what it measured, nothing left running. */
static void
test_cancel (void)
{
  g_autoptr(VsSession) session = quick_session ("express", "fastapi", VS_RUNTIME_KIND_PROCESS, 2);
  g_autoptr(VsRunner) runner = vs_runner_new (session);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  VsRunResult *r;
  gint64 took;
  Watch watch;

  vs_session_get_profile (session)->duration_us = 20 * G_USEC_PER_SEC;
  watch_init (&watch, runner);
  watch.cancellable = cancellable;
  watch.cancel_at = VS_RUNNER_PHASE_MEASURING;
  watch.cancel_step = 1;

  g_assert_false (run_session (runner, cancellable, &error));
  took = g_get_monotonic_time () - watch.cancelled_at;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("back %.3f s after the cancel", took / 1e6);
  g_assert_cmpint (took, <, G_USEC_PER_SEC);

  g_assert_cmpuint (vs_session_get_results (session)->len, ==, 2);
  r = g_ptr_array_index (vs_session_get_results (session), 1);
  g_assert_cmpint (r->status, ==, VS_RUN_STATUS_CANCELLED);
  assert_nothing_left (session, VS_RUNTIME_KIND_PROCESS);
  watch_clear (&watch);
}

/* Cancelled in each phase of the runner's state machine (the GUI's Stop
 * and the CLI's Ctrl-C both cancel): back quickly with a cancelled error,
 * every finished trial kept, nothing left running. The cancel during the
 * cool-down once crashed (an idle callback that ran again after the run
 * was cleared). */
static void
test_cancel_every_phase (void)
{
  const struct { VsRunnerPhase phase; guint step; guint min_results; } cases[] = {
    { VS_RUNNER_PHASE_PREPARING, 0, 0 },
    { VS_RUNNER_PHASE_CHECKING,  0, 0 },
    { VS_RUNNER_PHASE_STARTING,  0, 1 },
    { VS_RUNNER_PHASE_WARMUP,    0, 1 },
    { VS_RUNNER_PHASE_MEASURING, 0, 1 },
    { VS_RUNNER_PHASE_STOPPING,  0, 1 },
    { VS_RUNNER_PHASE_COOLDOWN,  0, 1 },
    { VS_RUNNER_PHASE_STARTING,  1, 2 },
    { VS_RUNNER_PHASE_COOLDOWN,  1, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VsSession) session = quick_session ("express", "fastapi", VS_RUNTIME_KIND_PROCESS, 2);
      g_autoptr(VsRunner) runner = vs_runner_new (session);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      GPtrArray *results;
      gint64 took;
      Watch watch;

      /* a long cool-down, so a cancel in it is seen to cut it short */
      vs_session_set_cooldown_us (session, 30 * G_USEC_PER_SEC);
      watch_init (&watch, runner);
      watch.cancellable = cancellable;
      watch.cancel_at = cases[i].phase;
      watch.cancel_step = cases[i].step;

      g_assert_false (run_session (runner, cancellable, &error));
      g_assert_cmpint (watch.cancelled_at, !=, 0);
      took = g_get_monotonic_time () - watch.cancelled_at;
      g_test_message ("cancelled in phase %d of step %u: back %.3f s after, %s",
                      cases[i].phase, cases[i].step, took / 1e6, error->message);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (took, <, G_USEC_PER_SEC);

      /* finished trials are kept as they were; a trial cut short says so */
      results = vs_session_get_results (session);
      g_assert_cmpuint (results->len, >=, cases[i].min_results);
      g_assert_cmpuint (results->len, <=, cases[i].step + 1);
      for (guint r = 0; r < results->len; r++)
        {
          VsRunResult *result = g_ptr_array_index (results, r);

          if (r < cases[i].step || cases[i].phase >= VS_RUNNER_PHASE_STOPPING)
            g_assert_cmpint (result->status, ==, VS_RUN_STATUS_OK);
          else
            g_assert_cmpint (result->status, !=, VS_RUN_STATUS_OK);
        }
      assert_nothing_left (session, VS_RUNTIME_KIND_PROCESS);
      watch_clear (&watch);
    }
}

/* Templates for the fault cases: real Python servers from the standard
 * library, written into a temporary templates folder. */
static const char server_py[] =
  "import os, sys, threading, time\n"
  "from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer\n"
  "STATUS = int(os.environ.get('STATUS', '200'))\n"
  "CRASH_AFTER = float(os.environ.get('CRASH_AFTER', '0'))\n"
  "class H(BaseHTTPRequestHandler):\n"
  "    protocol_version = 'HTTP/1.1'\n"
  "    def do_GET(self):\n"
  "        status = 200 if self.path == '/health' else STATUS\n"
  "        body = b'Hello World!'\n"
  "        self.send_response(status)\n"
  "        self.send_header('Content-Type', 'text/plain')\n"
  "        self.send_header('Content-Length', str(len(body)))\n"
  "        self.end_headers()\n"
  "        self.wfile.write(body)\n"
  "    def log_message(self, *args):\n"
  "        pass\n"
  "if CRASH_AFTER > 0:\n"
  "    def crash():\n"
  "        time.sleep(CRASH_AFTER)\n"
  "        print('crashing on purpose', flush=True)\n"
  "        os._exit(3)\n"
  "    threading.Thread(target=crash, daemon=True).start()\n"
  "ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()\n";

static void
write_template (const char *root,
                const char *name)
{
  g_autofree char *dir = g_build_filename (root, name, NULL);
  g_autofree char *manifest = g_build_filename (dir, "template.json", NULL);
  g_autofree char *server = g_build_filename (dir, "server.py", NULL);
  g_autofree char *containerfile = g_build_filename (dir, "Containerfile", NULL);
  g_autofree char *json = g_strdup_printf (
    "{\"format\": \"versus-template\", \"version\": 1, \"name\": \"%s\", \"title\": \"%s\","
    " \"language\": \"python\", \"runtime\": \"Python 3\", \"framework\": \"http.server\","
    " \"port\": 8000, \"health\": \"/health\", \"containerfile\": \"Containerfile\","
    " \"base_image\": \"python:3.12-slim\","
    " \"process\": {\"command\": [\"python3\", \"server.py\"], \"requires\": [\"python3\"],"
    "   \"env\": {\"PORT\": \"{port}\"}},"
    " \"scenarios\": [{\"id\": \"hello\", \"title\": \"Hello\", \"path\": \"/\"}]}", name, name);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (manifest, json, -1, NULL));
  g_assert_true (g_file_set_contents (server, server_py, -1, NULL));
  g_assert_true (g_file_set_contents (containerfile, "FROM python:3.12-slim\n", -1, NULL));
}

static char *
make_test_templates (void)
{
  char *root = g_dir_make_tmp ("versus-test-templates-XXXXXX", NULL);

  write_template (root, "steady");
  write_template (root, "crasher");
  return root;
}

/* A target that dies under load: its trial fails, keeps its partial data;
 * the other target's trials complete. */
static void
test_crash_mid_run (void)
{
  g_autofree char *root = make_test_templates ();
  g_autofree char *saved = g_strdup (g_getenv ("VERSUS_TEMPLATES_DIR"));
  g_autoptr(VsSession) session = NULL;
  g_autoptr(VsRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  VsTarget *crasher;
  Watch watch;

  g_setenv ("VERSUS_TEMPLATES_DIR", root, TRUE);
  session = quick_session ("steady", "crasher", VS_RUNTIME_KIND_PROCESS, 1);
  vs_session_get_profile (session)->duration_us = 4 * G_USEC_PER_SEC;
  vs_session_get_profile (session)->warmup_us = 0;
  crasher = g_ptr_array_index (vs_session_get_targets (session), 1);
  /* alive through the check, dies during its measured phase */
  vs_target_set_env (crasher, "CRASH_AFTER", "2");
  runner = vs_runner_new (session);
  watch_init (&watch, runner);

  g_assert_true (run_session (runner, NULL, &error));
  g_assert_no_error (error);

  results = vs_session_get_results (session);
  g_assert_cmpuint (results->len, ==, 2);
  for (guint i = 0; i < results->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (results, i);

      g_test_message ("%s: %s %s, %" G_GUINT64_FORMAT " requests", r->target_label,
                      vs_run_status_to_string (r->status), r->error ? r->error : "", r->requests);
      if (g_str_equal (r->target_label, "steady"))
        g_assert_cmpint (r->status, ==, VS_RUN_STATUS_OK);
      else
        {
          g_assert_cmpint (r->status, ==, VS_RUN_STATUS_FAILED);
          g_assert_nonnull (strstr (r->error, "stopped during the run"));
          g_assert_nonnull (strstr (r->error, "status 3"));
          g_assert_cmpuint (r->requests, >, 0);        /* the partial data */
          g_assert_cmpuint (r->timeline->len, >, 0);
        }
    }
  assert_nothing_left (session, VS_RUNTIME_KIND_PROCESS);

  watch_clear (&watch);
  g_setenv ("VERSUS_TEMPLATES_DIR", saved, TRUE);
  vs_test_remove_tree (root);
}

/* Targets answering the endpoint differently are reported, not measured. */
static void
test_response_mismatch (void)
{
  g_autofree char *root = make_test_templates ();
  g_autofree char *saved = g_strdup (g_getenv ("VERSUS_TEMPLATES_DIR"));
  g_autoptr(VsSession) session = NULL;
  g_autoptr(VsRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  VsTarget *other;
  Watch watch;

  g_setenv ("VERSUS_TEMPLATES_DIR", root, TRUE);
  session = quick_session ("steady", "crasher", VS_RUNTIME_KIND_PROCESS, 1);
  other = g_ptr_array_index (vs_session_get_targets (session), 1);
  vs_target_set_env (other, "STATUS", "418");
  runner = vs_runner_new (session);
  watch_init (&watch, runner);

  g_assert_false (run_session (runner, NULL, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "differently"));
  g_assert_nonnull (strstr (error->message, "418"));
  g_assert_cmpuint (vs_session_get_results (session)->len, ==, 0);
  g_assert_false (phase_seen (&watch, VS_RUNNER_PHASE_MEASURING));
  assert_nothing_left (session, VS_RUNTIME_KIND_PROCESS);

  watch_clear (&watch);
  g_setenv ("VERSUS_TEMPLATES_DIR", saved, TRUE);
  vs_test_remove_tree (root);
}

/* A target that cannot start fails its trials; the others still run. */
static void
test_start_failure (void)
{
  g_autoptr(VsSession) session = quick_session ("express", "fastapi", VS_RUNTIME_KIND_PROCESS, 1);
  g_autoptr(VsRunner) runner = vs_runner_new (session);
  g_autoptr(GError) error = NULL;
  VsTarget *bad = g_ptr_array_index (vs_session_get_targets (session), 0);
  Watch watch;

  /* invalid before anything runs */
  bad->cpus = 1;   /* local processes cannot apply it */
  watch_init (&watch, runner);
  g_assert_false (run_session (runner, NULL, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED);
  g_test_message ("%s", error->message);
  assert_nothing_left (session, VS_RUNTIME_KIND_PROCESS);
  watch_clear (&watch);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("VERSUS_TEMPLATES_DIR", SOURCE_DATADIR "/templates", TRUE);

  g_test_add_func ("/runner/process/full", test_process_full);
  g_test_add_func ("/runner/process/cancel", test_cancel);
  g_test_add_func ("/runner/process/cancel-every-phase", test_cancel_every_phase);
  g_test_add_func ("/runner/process/crash-mid-run", test_crash_mid_run);
  g_test_add_func ("/runner/process/response-mismatch", test_response_mismatch);
  g_test_add_func ("/runner/process/start-failure", test_start_failure);
  g_test_add_func ("/runner/podman/full", test_podman_full);

  return g_test_run ();
}
