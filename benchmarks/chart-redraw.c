/* chart-redraw.c — how long a 1-hour live chart takes to redraw
 *
 * Copyright 2026 The Versus authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A VsChart with 4 series of 14,400 points (one hour at 4 Hz) is drawn again
 * and again at 1200 × 300:
 *
 *   draw       _vs_chart_draw onto a cairo image surface: the routine the
 *              snapshot, the PNG and the SVG exports share
 *   vector     the same with the lines stroked by cairo (as the exports do)
 *   naive      every point stroked by cairo, no decimation: the reference the
 *              speed-up is measured against
 *   snapshot   what a new point costs on screen: the widget's snapshot (a cairo
 *              render node, recorded) rasterized by gsk_render_node_draw
 *   hover      a pointer move: the cached content node plus the overlay
 *
 * and checks the draw and snapshot paths against the budget: 4 ms of CPU time
 * at the 99th percentile (CPU time, because wall-clock time also counts
 * whatever else the machine runs; both are printed). Needs a display: run it
 * under tests/gui/run-under-xvfb. */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "vs-chart.h"
#include "vs-chart-private.h"

static int iterations = 300;
static int n_points = 14400;
static int n_series = 4;
static int width = 1200;
static int height = 300;
static double budget_ms = 4.0;

static const GOptionEntry entries[] = {
  { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations, "Redraws per case (default 300)", "N" },
  { "points", 'p', 0, G_OPTION_ARG_INT, &n_points, "Points per series (default 14400)", "N" },
  { "series", 's', 0, G_OPTION_ARG_INT, &n_series, "Series (default 4)", "N" },
  { "width", 'W', 0, G_OPTION_ARG_INT, &width, "Width in pixels (default 1200)", "PX" },
  { "height", 'H', 0, G_OPTION_ARG_INT, &height, "Height in pixels (default 300)", "PX" },
  { "budget", 'b', 0, G_OPTION_ARG_DOUBLE, &budget_ms,
    "Budget per redraw in ms of CPU time, at the 99th percentile (default 4)", "MS" },
  { NULL }
};

typedef struct
{
  double median;
  double p99;
  double min;
  double max;
} Stats;

typedef struct
{
  const char *name;
  Stats       wall;   /* elapsed */
  Stats       cpu;    /* this thread's CPU time: what other processes cannot inflate */
} Result;

typedef struct
{
  gint64 wall;
  gint64 cpu;
} Clock;

static void
clock_now (Clock *c)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  c->wall = ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  c->cpu = ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static void
clock_since (const Clock *start,
             double      *wall_ms,
             double      *cpu_ms)
{
  Clock now;

  clock_now (&now);
  *wall_ms = (now.wall - start->wall) / 1e6;
  *cpu_ms = (now.cpu - start->cpu) / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static Stats
summarize (double *ms,
           guint   n)
{
  Stats r;

  qsort (ms, n, sizeof (double), compare_double);
  r.min = ms[0];
  r.max = ms[n - 1];
  r.median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  /* nearest rank */
  r.p99 = ms[MIN (n - 1, (guint) ceil (0.99 * n) - 1)];
  return r;
}

static Result
result_new (const char *name,
            double     *wall,
            double     *cpu,
            guint       n)
{
  Result r = { name };

  r.wall = summarize (wall, n);
  r.cpu = summarize (cpu, n);
  g_print ("%-9s wall median %8.3f  p99 %8.3f  max %8.3f   "
           "cpu median %8.3f  p99 %8.3f  max %8.3f  (ms)\n",
           r.name, r.wall.median, r.wall.p99, r.wall.max, r.cpu.median, r.cpu.p99, r.cpu.max);
  return r;
}

static GtkWidget *
build_chart (void)
{
  static const double base[] = { 12000, 8500, 31000, 19000 };
  GtkWidget *chart = vs_chart_new (VS_CHART_LINES);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree double *x = g_new (double, n_points);
  g_autofree double *y = g_new (double, n_points);

  vs_chart_set_title (VS_CHART (chart), "Requests per second");
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_SECONDS, VS_UNIT_REQUESTS_PER_S);
  for (int s = 0; s < n_series; s++)
    {
      g_autofree char *label = g_strdup_printf ("Target %c", 'A' + s % 26);

      vs_chart_add_series (VS_CHART (chart), label, NULL);
      for (int i = 0; i < n_points; i++)
        {
          x[i] = i / 4.0;
          y[i] = base[s % 4] * (1 + 0.06 * sin (x[i] / 7 + s) +
                                g_rand_double_range (rand, -0.04, 0.04));
          if (i % 997 == 500)
            y[i] *= 0.4;
        }
      vs_chart_series_set_data (VS_CHART (chart), s, x, y, n_points);
    }

  return chart;
}

static void
clear (cairo_t *cr)
{
  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}

static Result
time_draw (const char       *name,
           VsChart          *chart,
           VsChartDrawFlags  flags,
           guint             n)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autofree double *wall = g_new (double, n);
  g_autofree double *cpu = g_new (double, n);

  for (guint i = 0; i < 5; i++)   /* warm-up: fonts, glyph caches, scratch buffers */
    _vs_chart_draw (chart, cr, width, height, FALSE, flags);

  for (guint i = 0; i < n; i++)
    {
      Clock start;

      clear (cr);
      cairo_surface_flush (surface);
      clock_now (&start);
      _vs_chart_draw (chart, cr, width, height, FALSE, flags);
      cairo_surface_flush (surface);
      clock_since (&start, &wall[i], &cpu[i]);
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return result_new (name, wall, cpu, n);
}

/* The widget's own snapshot, rendered by GSK's cairo path. */
static Result
time_snapshot (const char *name,
               GtkWidget  *chart,
               gboolean    invalidate,
               guint       n)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autofree double *wall = g_new (double, n + 5);
  g_autofree double *cpu = g_new (double, n + 5);

  for (guint i = 0; i < n + 5; i++)   /* the first 5 are a warm-up */
    {
      GtkSnapshot *snapshot;
      GskRenderNode *node;
      Clock start;

      clear (cr);
      cairo_surface_flush (surface);
      clock_now (&start);
      if (invalidate)
        _vs_chart_invalidate (VS_CHART (chart));   /* as a new point does */
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      gsk_render_node_draw (node, cr);
      cairo_surface_flush (surface);
      clock_since (&start, &wall[i], &cpu[i]);
      gsk_render_node_unref (node);
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return result_new (name, wall + 5, cpu + 5, n);
}

static gboolean
is_drawable (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) == width &&
         gtk_widget_get_height (widget) == height;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *chart;
  Result draw, vector, naive, snap, hover;
  gint64 deadline;
  graphene_rect_t plot;
  gboolean pass;

  context = g_option_context_new ("— redraw time of a 1-hour VsChart");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("chart-redraw: %s\n", error->message);
      return 2;
    }
  if (iterations < 1 || n_points < 1 || n_series < 1 || width < 200 || height < 120)
    {
      g_printerr ("chart-redraw: invalid option values\n");
      return 2;
    }

  if (!gtk_init_check ())
    {
      g_printerr ("chart-redraw: no display; run it as tests/gui/run-under-xvfb %s\n", argv[0]);
      return 2;
    }
  adw_init ();

  chart = build_chart ();
  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!is_drawable (chart))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("chart-redraw: the window did not map at %d × %d\n", width, height);
          return 2;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  g_print ("chart-redraw: %d series × %d points at %d × %d, %d redraws per case "
           "(GTK %u.%u.%u, cairo %s)\n",
           n_series, n_points, width, height, iterations,
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           cairo_version_string ());

  draw = time_draw ("draw", VS_CHART (chart), VS_CHART_DRAW_DEFAULT, iterations);
  vector = time_draw ("vector", VS_CHART (chart), VS_CHART_DRAW_VECTOR, MAX (iterations / 5, 10));
  naive = time_draw ("naive", VS_CHART (chart), VS_CHART_DRAW_NAIVE, MAX (iterations / 20, 5));
  snap = time_snapshot ("snapshot", chart, TRUE, iterations);

  if (_vs_chart_get_plot_area (VS_CHART (chart), &plot))
    _vs_chart_set_hover (VS_CHART (chart), plot.origin.x + plot.size.width * 0.6,
                         plot.origin.y + plot.size.height * 0.5);
  hover = time_snapshot ("hover", chart, FALSE, iterations);

  g_print ("naive ÷ draw: %.0f× (cpu median; decimation alone, naive ÷ vector: %.1f×)\n",
           naive.cpu.median / draw.cpu.median, naive.cpu.median / vector.cpu.median);
  g_print ("hover ÷ snapshot: %.2f (cpu median)\n", hover.cpu.median / snap.cpu.median);
  pass = snap.cpu.p99 < budget_ms && draw.cpu.p99 < budget_ms;
  g_print ("%s: redraw p99 %.3f ms (snapshot), %.3f ms (draw) of CPU time against a budget "
           "of %.1f ms (wall-clock p99 %.3f and %.3f ms)\n",
           pass ? "PASS" : "FAIL", snap.cpu.p99, draw.cpu.p99, budget_ms,
           snap.wall.p99, draw.wall.p99);

  gtk_window_destroy (GTK_WINDOW (window));
  return pass ? 0 : 1;
}
