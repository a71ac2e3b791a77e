/* vs-cli-load.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "vs-cli-private.h"
#include "vs-load-engine.h"
#include "vs-run-result.h"
#include "vs-util.h"

typedef struct
{
  GMainLoop     *loop;
  VsLoadEngine  *engine;
  GCancellable  *cancellable;
  VsLoadResult  *result;
  GError        *error;
  gboolean       progress;
  guint          interrupts;
} LoadRun;

static gboolean
parse_count (const char  *name,
             const char  *text,
             guint       *out,
             GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("%s must be a whole number (got “%s”)"), name, text);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

static gboolean
parse_rate (const char  *text,
            double      *out,
            GError     **error)
{
  char *end = NULL;
  double value;

  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || errno != 0 || isnan (value) || isinf (value))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("rate must be a number of requests per second (got “%s”)"), text);
      return FALSE;
    }
  if (value <= 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("rate must be positive (got “%s”)"), text);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

static GBytes *
load_body (const char  *text,
           GError     **error)
{
  if (text[0] == '@')
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (text + 1, &contents, &len, error))
        return NULL;
      return g_bytes_new_take (g_steal_pointer (&contents), len);
    }

  return g_bytes_new (text, strlen (text));
}

static void
snapshot_cb (VsLoadEngine         *engine,
             const VsLoadSnapshot *snapshot,
             LoadRun              *run)
{
  g_autofree char *p99 = NULL;
  const char *phase;
  VsRunPoint point;
  double rps;

  if (!run->progress)
    return;

  phase = snapshot->phase == VS_LOAD_PHASE_WARMUP ? C_("load phase", "warm-up")
                                                  : C_("load phase", "measuring");
  vs_run_point_init_from_timeline (&point, &snapshot->point);
  rps = isfinite (point.requests_per_s) ? point.requests_per_s : 0;
  p99 = vs_format_duration (snapshot->point.p99_us);
  g_printerr ("\r\033[K");
  /* Translators: the progress line: seconds elapsed and in all, the phase ("warm-up" or
   * "measuring"), requests per second, the 99th percentile latency and errors so far */
  g_printerr (_("[%5.1fs / %.1fs] %-9s %10.0f req/s  p99 %-9s errors %llu"),
              snapshot->elapsed_s, snapshot->total_s, phase, rps, p99,
              (unsigned long long) vs_load_counters_get_errors (snapshot->totals));
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      data)
{
  LoadRun *run = data;

  run->result = vs_load_engine_run_finish (VS_LOAD_ENGINE (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
sigint_cb (gpointer data)
{
  LoadRun *run = data;

  /* First Ctrl-C: stop and report what was measured (nothing yet, while
   * connecting: the figures then say so, with the errors so far); second:
   * give up */
  if (run->interrupts++ == 0)
    vs_load_engine_stop (run->engine);
  else
    g_cancellable_cancel (run->cancellable);

  return G_SOURCE_CONTINUE;
}

int
vs_cli_load (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsLoadProfile) profile = vs_load_profile_new ();
  g_autoptr(VsLoadEngine) engine = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GStrv) headers = NULL;
  g_autofree char *connections = NULL;
  g_autofree char *workers = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *warmup = NULL;
  g_autofree char *timeout = NULL;
  g_autofree char *interval = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *method = NULL;
  g_autofree char *body = NULL;
  g_autofree char *transport = NULL;
  gboolean json = FALSE;
  gboolean no_keep_alive = FALSE;
  gboolean no_progress = FALSE;
  LoadRun run = { 0 };
  guint sigint_id, sigterm_id;
  GOptionEntry entries[] = {
    { "connections", 'c', 0, G_OPTION_ARG_STRING, &connections, N_("Connections to keep open (default 10)"), "N" },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &duration, N_("Length of the measured phase (default 10s)"), "D" },
    { "workers", 'w', 0, G_OPTION_ARG_STRING, &workers, N_("Worker threads (default: one per core)"), "N" },
    { "threads", 't', G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &workers, N_("Same as --workers"), "N" },
    { "rate", 'R', 0, G_OPTION_ARG_STRING, &rate, N_("Open loop: total requests per second (latency corrected for coordinated omission)"), "R" },
    { "warmup", 0, 0, G_OPTION_ARG_STRING, &warmup, N_("Warm-up before measuring, excluded from the results (default 0s)"), "D" },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &timeout, N_("Per-request timeout (default 2s)"), "D" },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &interval, N_("Snapshot interval (default 250ms)"), "D" },
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method, N_("HTTP method (default GET)"), N_("METHOD") },
    { "header", 'H', 0, G_OPTION_ARG_STRING_ARRAY, &headers, N_("Add a request header (repeatable)"), "'K: V'" },
    { "body", 'b', 0, G_OPTION_ARG_STRING, &body, N_("Request body, or @FILE to read it from a file"), N_("STRING|@FILE") },
    { "no-keepalive", 0, 0, G_OPTION_ARG_NONE, &no_keep_alive, N_("A new connection for every request"), NULL },
    { "transport", 0, 0, G_OPTION_ARG_STRING, &transport, N_("fast (http:// only), soup (https, HTTP/2) or auto (default)"), N_("KIND") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &no_progress, N_("No progress line, even on a terminal"), NULL },
    { NULL }
  };

  context = g_option_context_new (N_("URL — drive HTTP load at URL"));
  g_option_context_set_summary (context,
                                N_("Closed loop by default (each connection sends its next request when "
                                   "the previous one is answered, like wrk); with --rate, an open loop at "
                                   "a fixed rate, like wrk2.\nDurations take units: 500ms, 10s, 2m."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      vs_cli_print_error ("load: %s", error->message);
      return VS_EXIT_USAGE;
    }

  if (argc != 2)
    {
      vs_cli_print_error (argc < 2 ? _("load: no URL given (usage: versus-cli load URL [OPTION…])")
                                   : _("load: one URL only, got “%s” too"), argc > 2 ? argv[2] : "");
      return VS_EXIT_USAGE;
    }

  vs_load_profile_set_url (profile, argv[1]);

  if ((connections && !parse_count ("connections", connections, &profile->connections, &error)) ||
      (workers && !parse_count ("workers", workers, &profile->workers, &error)) ||
      (duration && !vs_parse_duration (duration, &profile->duration_us, &error)) ||
      (warmup && !vs_parse_duration (warmup, &profile->warmup_us, &error)) ||
      (timeout && !vs_parse_duration (timeout, &profile->timeout_us, &error)) ||
      (interval && !vs_parse_duration (interval, &profile->interval_us, &error)) ||
      (rate && !parse_rate (rate, &profile->rate, &error)))
    {
      vs_cli_print_error ("load: %s", error->message);
      return VS_EXIT_USAGE;
    }

  if (workers != NULL && profile->workers == 0)
    {
      vs_cli_print_error (_("load: workers must be at least 1"));
      return VS_EXIT_USAGE;
    }

  if (rate != NULL)
    vs_load_profile_set_mode (profile, VS_LOAD_MODE_RATE);
  if (method != NULL)
    vs_load_profile_set_method (profile, method);
  vs_load_profile_set_keep_alive (profile, !no_keep_alive);

  if (transport != NULL && !vs_transport_kind_from_string (transport, &profile->transport))
    {
      vs_cli_print_error (_("load: unknown transport “%s” (use fast, soup or auto)"), transport);
      return VS_EXIT_USAGE;
    }

  for (guint i = 0; headers && headers[i]; i++)
    {
      if (!vs_load_profile_add_header_line (profile, headers[i], &error))
        {
          vs_cli_print_error ("load: %s", error->message);
          return VS_EXIT_USAGE;
        }
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = load_body (body, &error);

      if (bytes == NULL)
        {
          vs_cli_print_error (_("load: cannot read the body: %s"), error->message);
          return VS_EXIT_USAGE;
        }
      vs_load_profile_set_body (profile, bytes);
    }

  if (!vs_load_profile_validate (profile, &error) ||
      !vs_load_profile_check_here (profile, &error))
    {
      vs_cli_print_error ("load: %s", error->message);
      return VS_EXIT_USAGE;
    }

  engine = vs_load_engine_new (profile);
  run.loop = g_main_loop_new (NULL, FALSE);
  run.engine = engine;
  run.cancellable = cancellable;
  run.progress = !json && !no_progress && isatty (STDERR_FILENO);

  g_signal_connect (engine, "snapshot", G_CALLBACK (snapshot_cb), &run);
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, sigint_cb, &run);

  if (!json)
    /* Translators: "Running closed-loop load on http://127.0.0.1:8080/ for 10s…" */
    g_printerr (_("Running %s load on %s for %s…\n"),
                profile->mode == VS_LOAD_MODE_RATE ? C_("load loop", "open-loop")
                                                   : C_("load loop", "closed-loop"),
                profile->url, duration ? duration : "10s");

  vs_load_engine_run_async (engine, cancellable, run_cb, &run);
  g_main_loop_run (run.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_main_loop_unref (run.loop);

  if (run.progress)
    g_printerr ("\r\033[K");

  if (run.result == NULL)
    {
      vs_cli_print_error ("load: %s", run.error->message);
      g_clear_error (&run.error);
      return g_cancellable_is_cancelled (cancellable) ? VS_EXIT_INTERRUPT : VS_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonNode) node = vs_load_result_to_json (run.result);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = vs_load_result_to_text (run.result);

      g_print ("%s", text);
    }

  {
    int status = run.result->interrupted ? VS_EXIT_INTERRUPT : VS_EXIT_OK;

    vs_load_result_unref (run.result);
    return status;
  }
}
