/* gui-soak.c — does the window hold its memory and file descriptors over a long comparison?
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the real window, starts a comparison of the bundled Express and
 * FastAPI templates as local processes (Live view with its charts updating,
 * then Results after every trial), and samples the process's own resident
 * memory and open file descriptors every 10 s until the run ends. Prints one
 * `sample SECONDS RSS_KB FDS` line per sample, for benchmarks/soak to fit;
 * the window is torn down at the end, so a leak of a whole run shows too.
 *
 *   tests/gui/run-under-xvfb _build/benchmarks/gui-soak [--trials 14] [--duration 60] [--connections 50]
 *
 * (benchmarks/soak gui runs it and reports the slopes.)
 */

#include "config.h"

#include <stdlib.h>

#include "bench-window.h"

#define SAMPLE_S 10

typedef struct
{
  gint64 start_us;
} Sampler;

static gint64
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "\nVmRSS:");
  return line ? g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10) : -1;
}

static int
open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  int n = 0;

  if (dir == NULL)
    return -1;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n - 1;   /* the directory's own */
}

static gboolean
sample_cb (gpointer data)
{
  Sampler *sampler = data;

  g_print ("sample %.1f %" G_GINT64_FORMAT " %d\n",
           (g_get_monotonic_time () - sampler->start_us) / (double) G_USEC_PER_SEC,
           rss_kb (), open_fds ());
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(VsApplication) app = NULL;
  g_autoptr(VsSession) session = NULL;
  Sampler sampler = { g_get_monotonic_time () };
  VsWindow *window;
  double duration = 60;
  int connections = 50, trials = 14;
  guint id, failed = 0;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (g_str_equal (argv[i], "--duration"))
        duration = g_ascii_strtod (argv[i + 1], NULL);
      else if (g_str_equal (argv[i], "--connections"))
        connections = atoi (argv[i + 1]);
      else if (g_str_equal (argv[i], "--trials"))
        trials = atoi (argv[i + 1]);
      else
        {
          g_printerr ("gui-soak: unknown option %s\n", argv[i]);
          return 2;
        }
    }
  if (duration < 1 || connections < 1 || trials < 2)
    {
      g_printerr ("gui-soak: needs --duration ≥ 1, --connections ≥ 1 and --trials ≥ 2\n");
      return 2;
    }

  window = bench_window_new (&app, &session, connections, duration, trials);
  g_print ("gui-soak: %d trials per target of %.0f s at %d connections, about %.1f min\n",
           trials, duration, connections, vs_session_estimate_us (session) / 60e6);

  sample_cb (&sampler);
  id = g_timeout_add_seconds (SAMPLE_S, sample_cb, &sampler);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (!vs_window_get_running (window) && g_get_monotonic_time () < deadline)
      {
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (10000);
      }
    if (!vs_window_get_running (window))
      {
        g_printerr ("gui-soak: the comparison did not start within 60 s\n");
        return 1;
      }
  }
  while (vs_window_get_running (window))
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < vs_session_get_results (session)->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (vs_session_get_results (session), i);

      if (r->status != VS_RUN_STATUS_OK)
        failed++;
    }
  g_print ("gui-soak: %u trials, %u failed\n", vs_session_get_results (session)->len, failed);

  vs_session_set_modified (session, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  /* after the window: what a closed run leaves behind */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  sample_cb (&sampler);
  g_source_remove (id);
  return failed == 0 ? 0 : 1;
}
