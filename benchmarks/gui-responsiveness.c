/* gui-responsiveness.c — is the window still responsive while a heavy comparison runs?
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the real window, starts a comparison of the bundled Express and
 * FastAPI templates as local processes with 400 connections, and measures
 * the main loop's lag all along: a timeout is scheduled every 10 ms and the
 * delay between when it was due and when it ran is recorded. The same
 * measurement with the window idle (no run) is the reference in the same
 * run. Target: p99 lag under 16 ms (one frame at 60 Hz) during the load.
 *
 *   tests/gui/run-under-xvfb _build/benchmarks/gui-responsiveness [--duration 10] [--connections 400]
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "bench-window.h"

#define TICK_MS 10

typedef struct
{
  GArray *lags_us;      /* gint64 */
  gint64  due_us;
} Probe;

static gboolean
tick_cb (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 lag = MAX (0, now - probe->due_us);

  g_array_append_val (probe->lags_us, lag);
  probe->due_us = now + TICK_MS * 1000;
  return G_SOURCE_CONTINUE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *lags,
               double  p)
{
  guint i;

  if (lags->len == 0)
    return NAN;
  g_array_sort (lags, compare_gint64);
  i = (guint) MIN (lags->len - 1, ceil (p / 100.0 * lags->len) - 1);
  return g_array_index (lags, gint64, i) / 1000.0;
}

/* Runs the main loop for @seconds while @probe measures lag. */
static void
measure (Probe  *probe,
         double  seconds,
         gboolean (*until) (gpointer),
         gpointer data)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint id;

  g_array_set_size (probe->lags_us, 0);
  probe->due_us = g_get_monotonic_time () + TICK_MS * 1000;
  id = g_timeout_add (TICK_MS, tick_cb, probe);
  while (until ? !until (data) : g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static gboolean
run_done (gpointer data)
{
  return !vs_window_get_running (VS_WINDOW (data));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(VsApplication) app = NULL;
  g_autoptr(VsSession) session = NULL;
  VsWindow *window;
  Probe probe = { g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };
  double duration = 10;
  int connections = 400;
  double idle_p99, idle_p50, busy_p50, busy_p99, busy_max;
  guint busy_n;

  for (int i = 1; i + 1 < argc; i++)
    {
      if (g_str_equal (argv[i], "--duration"))
        duration = g_ascii_strtod (argv[++i], NULL);
      else if (g_str_equal (argv[i], "--connections"))
        connections = atoi (argv[++i]);
    }

  window = bench_window_new (&app, &session, connections, duration, 1);
  vs_session_get_profile (session)->warmup_us = G_USEC_PER_SEC;
  vs_session_set_cooldown_us (session, 0);
  vs_session_changed (session);

  /* reference: the same window, idle */
  measure (&probe, 3.0, NULL, NULL);
  idle_p50 = percentile_ms (probe.lags_us, 50);
  idle_p99 = percentile_ms (probe.lags_us, 99);

  /* the run, on the Live view with its four charts updating */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  measure (&probe, 0, run_done, window);
  busy_n = probe.lags_us->len;
  busy_p50 = percentile_ms (probe.lags_us, 50);
  busy_p99 = percentile_ms (probe.lags_us, 99);
  busy_max = percentile_ms (probe.lags_us, 100);

  g_print ("main-loop lag, %d ms timer, window open (GSK renderer: %s)\n", TICK_MS,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  g_print ("  idle:                          p50 %.2f ms  p99 %.2f ms\n", idle_p50, idle_p99);
  g_print ("  during the run (%d connections, %u ticks): p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
           connections, busy_n, busy_p50, busy_p99, busy_max);
  for (guint i = 0; i < vs_session_get_results (session)->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (vs_session_get_results (session), i);
      g_print ("  %s: %s, %.0f requests/s\n", r->target_label, vs_run_status_to_string (r->status),
               r->requests_per_s);
    }
  g_print ("%s: p99 lag %.2f ms (target < 16 ms)\n", busy_p99 < 16.0 ? "PASS" : "FAIL", busy_p99);

  vs_session_set_modified (session, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (probe.lags_us);
  return busy_p99 < 16.0 ? 0 : 1;
}
