/* test-chart.c — VsChart: the widget, its text, rendering and export
 * (its arithmetic: tests/test-chart-scale.c, without a display)
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

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vs-chart.h"
#include "vs-chart-private.h"

/* Helpers ------------------------------------------------------------------ */

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_drawable (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static void
flush_events (void)
{
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

/* A chart in an undecorated window of exactly @width × @height. */
static GtkWidget *
show_chart (GtkWidget *chart,
            int        width,
            int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (is_drawable, chart);
  flush_events ();
  return window;
}

/* The widget's own snapshot, drawn by GSK onto an image the widget's size. */
static cairo_surface_t *
render_widget (GtkWidget *widget,
               gboolean   background)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  cairo_surface_t *surface;
  cairo_t *cr;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  if (background)
    {
      if (_vs_chart_get_dark (VS_CHART (widget)))
        cairo_set_source_rgb (cr, 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  gsk_render_node_unref (node);
  cairo_surface_flush (surface);
  return surface;
}

/* Un-premultiplied 0..255 components of one pixel. */
static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          guint           *r,
          guint           *g,
          guint           *b,
          guint           *a)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (gconstpointer) (data + y * stride + 4 * x);

  *a = p >> 24;
  if (*a == 0)
    {
      *r = *g = *b = 0;
      return;
    }
  *r = (((p >> 16) & 0xff) * 255 + *a / 2) / *a;
  *g = (((p >> 8) & 0xff) * 255 + *a / 2) / *a;
  *b = ((p & 0xff) * 255 + *a / 2) / *a;
}

static gboolean
pixel_is (cairo_surface_t *surface,
          int              x,
          int              y,
          const GdkRGBA   *color)
{
  guint r, g, b, a;

  pixel_at (surface, x, y, &r, &g, &b, &a);
  return a > 160 &&
         abs ((int) r - (int) (color->red * 255)) +
         abs ((int) g - (int) (color->green * 255)) +
         abs ((int) b - (int) (color->blue * 255)) < 40;
}

/* How many of the sampled columns of the plot have @color within ±2 rows of @y. */
static guint
count_color_near_row (cairo_surface_t       *surface,
                      const graphene_rect_t *plot,
                      double                 y,
                      const GdkRGBA         *color)
{
  guint hits = 0;

  for (guint i = 1; i < 10; i++)
    {
      int x = (int) (plot->origin.x + plot->size.width * i / 10);

      for (int dy = -2; dy <= 2; dy++)
        {
          if (pixel_is (surface, x, (int) y + dy, color))
            {
              hits++;
              break;
            }
        }
    }

  return hits;
}

static int
row_at (const graphene_rect_t *plot,
        double                 fraction)
{
  return (int) (plot->origin.y + plot->size.height * fraction);
}

static guint
count_color_in_row (cairo_surface_t       *surface,
                    const graphene_rect_t *plot,
                    int                    y,
                    const GdkRGBA         *color)
{
  guint hits = 0;

  for (int x = (int) plot->origin.x; x < (int) (plot->origin.x + plot->size.width); x++)
    if (pixel_is (surface, x, y, color))
      hits++;

  return hits;
}

static char *
screenshot_path (const char *name)
{
  const char *dir = g_getenv ("VS_SCREENSHOT_DIR");

  if (dir == NULL || dir[0] == '\0')
    return NULL;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_build_filename (dir, name, NULL);
}

/* Pure helpers ------------------------------------------------------------- */

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_api (void)
{
  GtkWidget *chart = g_object_ref_sink (vs_chart_new (VS_CHART_PERCENTILES));
  guint notified = 0;
  GdkRGBA color, other = { 0.1f, 0.2f, 0.3f, 1.0f };
  int min, nat;

  g_assert_cmpint (vs_chart_get_kind (VS_CHART (chart)), ==, VS_CHART_PERCENTILES);
  g_signal_connect (chart, "notify::title", G_CALLBACK (notify_count_cb), &notified);
  vs_chart_set_title (VS_CHART (chart), "Latency");
  vs_chart_set_title (VS_CHART (chart), "Latency");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (vs_chart_get_title (VS_CHART (chart)), ==, "Latency");

  g_assert_false (vs_chart_get_y_log (VS_CHART (chart)));
  vs_chart_set_y_log (VS_CHART (chart), TRUE);
  g_assert_true (vs_chart_get_y_log (VS_CHART (chart)));

  vs_chart_target_color (0, FALSE, &color);
  g_assert_cmpuint (vs_chart_add_series (VS_CHART (chart), "A", &color), ==, 0);
  g_assert_cmpuint (vs_chart_add_series (VS_CHART (chart), "B", &other), ==, 1);
  g_assert_cmpuint (vs_chart_add_series (VS_CHART (chart), "C", NULL), ==, 2);
  g_assert_cmpuint (vs_chart_get_n_series (VS_CHART (chart)), ==, 3);

  vs_chart_series_append (VS_CHART (chart), 1, 50, 1.5);
  vs_chart_series_append (VS_CHART (chart), 1, 99, 4);
  g_assert_cmpuint (vs_chart_series_get_n_points (VS_CHART (chart), 1), ==, 2);
  vs_chart_series_set_data (VS_CHART (chart), 1, NULL, NULL, 0);
  g_assert_cmpuint (vs_chart_series_get_n_points (VS_CHART (chart), 1), ==, 0);
  vs_chart_series_set_dashed (VS_CHART (chart), 2, TRUE);

  vs_chart_clear (VS_CHART (chart));
  g_assert_cmpuint (vs_chart_get_n_series (VS_CHART (chart)), ==, 0);

  /* target colours: distinct, the dark ones lighter */
  for (guint i = 0; i < 6; i++)
    {
      GdkRGBA light, dark, next;

      vs_chart_target_color (i, FALSE, &light);
      vs_chart_target_color (i, TRUE, &dark);
      vs_chart_target_color (i + 1, FALSE, &next);
      g_assert_false (gdk_rgba_equal (&light, &next));
      g_assert_cmpfloat (light.red + light.green + light.blue, <,
                         dark.red + dark.green + dark.blue);
    }
  vs_chart_target_color (0, FALSE, &color);
  g_assert_cmpfloat_with_epsilon (color.red, 0x35 / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (color.blue, 0xe4 / 255.0, 1e-6);

  gtk_widget_measure (chart, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 200);
  g_assert_cmpint (nat, ==, 480);
  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 120);
  g_assert_cmpint (nat, ==, 240);

  g_object_unref (chart);
}

static void
test_describe (void)
{
  GtkWidget *chart = g_object_ref_sink (vs_chart_new (VS_CHART_LINES));
  GtkWidget *pct = g_object_ref_sink (vs_chart_new (VS_CHART_PERCENTILES));
  GtkWidget *bars = g_object_ref_sink (vs_chart_new (VS_CHART_BARS));
  g_autofree char *empty = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pct_text = NULL;
  g_autofree char *bars_text = NULL;
  double px[] = { 0, 50, 90, 99, 99.9, 100 }, py[] = { 0.2, 1.5, 3, 8, 20, 31 };
  double one = 18500;

  vs_chart_set_title (VS_CHART (chart), "Requests per second");
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_SECONDS, VS_UNIT_REQUESTS_PER_S);
  empty = vs_chart_describe (VS_CHART (chart));
  g_assert_nonnull (strstr (empty, "Requests per second"));
  g_assert_nonnull (strstr (empty, "No data yet"));

  vs_chart_add_series (VS_CHART (chart), "Express", NULL);
  vs_chart_add_series (VS_CHART (chart), "FastAPI", NULL);
  for (guint i = 0; i < 20; i++)
    {
      vs_chart_series_append (VS_CHART (chart), 0, i * 0.25, 10000 + i);
      vs_chart_series_append (VS_CHART (chart), 1, i * 0.25, 8000 + i);
    }
  vs_chart_series_append (VS_CHART (chart), 0, 65, 12345);
  text = vs_chart_describe (VS_CHART (chart));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Requests per second"));
  g_assert_nonnull (strstr (text, "Express: 12345 req/s at 1 min 5 s"));
  g_assert_nonnull (strstr (text, "FastAPI: 8019 req/s at 4.75 s"));

  vs_chart_set_title (VS_CHART (pct), "Latency by percentile");
  vs_chart_set_units (VS_CHART (pct), VS_UNIT_PERCENTILE, VS_UNIT_MILLISECONDS);
  vs_chart_add_series (VS_CHART (pct), "nginx", NULL);
  vs_chart_series_set_data (VS_CHART (pct), 0, px, py, G_N_ELEMENTS (px));
  pct_text = vs_chart_describe (VS_CHART (pct));
  g_test_message ("%s", pct_text);
  g_assert_nonnull (strstr (pct_text, "Latency by percentile"));
  g_assert_nonnull (strstr (pct_text, "p50 1.5 ms"));
  g_assert_nonnull (strstr (pct_text, "p99.9 20 ms"));
  g_assert_nonnull (strstr (pct_text, "p100 31 ms"));

  /* the same text becomes the accessible description, soon after the data changes */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    char *mismatch;

    while ((mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart),
                                                           GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                           text)) != NULL)
      {
        g_free (mismatch);
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10000);
      }
    g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG));
  }

  vs_chart_set_units (VS_CHART (bars), VS_UNIT_NONE, VS_UNIT_REQUESTS_PER_S);
  vs_chart_add_series (VS_CHART (bars), "Express", NULL);
  vs_chart_series_set_data (VS_CHART (bars), 0, NULL, &one, 1);
  bars_text = vs_chart_describe (VS_CHART (bars));
  g_assert_nonnull (strstr (bars_text, "Express: 18500 req/s"));

  g_object_unref (chart);
  g_object_unref (pct);
  g_object_unref (bars);
}

/* One series at y = 50 on a 0 … 100 axis: the line is in the middle row of the
 * plot, and nowhere well above or below it; then on a log axis. */
static void
test_render (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *chart = vs_chart_new (VS_CHART_LINES);
  GtkWidget *window;
  cairo_surface_t *surface;
  graphene_rect_t plot;
  GdkRGBA blue, dark_blue;
  double mid, log_y;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  vs_chart_target_color (0, FALSE, &blue);
  vs_chart_target_color (0, TRUE, &dark_blue);

  vs_chart_set_title (VS_CHART (chart), "Constant");
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_SECONDS, VS_UNIT_PERCENT);
  vs_chart_set_y_range (VS_CHART (chart), 0, 100);
  vs_chart_add_series (VS_CHART (chart), "fifty", &blue);
  for (guint i = 0; i <= 40; i++)
    vs_chart_series_append (VS_CHART (chart), 0, i * 0.25, 50);

  window = show_chart (chart, 480, 300);
  g_assert_cmpint (gtk_widget_get_width (chart), ==, 480);
  g_assert_cmpint (gtk_widget_get_height (chart), ==, 300);

  surface = render_widget (chart, FALSE);
  g_assert_true (_vs_chart_get_plot_area (VS_CHART (chart), &plot));
  g_assert_cmpfloat (plot.size.width, >, 300);
  g_assert_cmpfloat (plot.size.height, >, 150);

  mid = plot.origin.y + plot.size.height / 2;
  g_assert_cmpuint (count_color_near_row (surface, &plot, mid, &blue), ==, 9);
  g_assert_cmpuint (count_color_in_row (surface, &plot, row_at (&plot, 0.3), &blue), ==, 0);
  g_assert_cmpuint (count_color_in_row (surface, &plot, row_at (&plot, 0.7), &blue), ==, 0);
  cairo_surface_destroy (surface);

  /* log axis 1 … 100: 50 is at log10 (50) / 2 of the height */
  vs_chart_set_y_range (VS_CHART (chart), 1, 100);
  vs_chart_set_y_log (VS_CHART (chart), TRUE);
  surface = render_widget (chart, FALSE);
  g_assert_true (_vs_chart_get_plot_area (VS_CHART (chart), &plot));
  log_y = plot.origin.y + plot.size.height * (1 - log10 (50) / 2);
  mid = plot.origin.y + plot.size.height / 2;
  g_assert_cmpuint (count_color_near_row (surface, &plot, log_y, &blue), ==, 9);
  g_assert_cmpuint (count_color_in_row (surface, &plot, (int) mid, &blue), ==, 0);
  g_assert_cmpuint (count_color_in_row (surface, &plot, row_at (&plot, 0.7), &blue), ==, 0);
  cairo_surface_destroy (surface);

  /* the dark style redraws with the lighter variant of the same target colour */
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  flush_events ();
  g_assert_true (_vs_chart_get_dark (VS_CHART (chart)));
  surface = render_widget (chart, FALSE);
  g_assert_cmpuint (count_color_near_row (surface, &plot, log_y, &dark_blue), ==, 9);
  g_assert_cmpuint (count_color_near_row (surface, &plot, log_y, &blue), ==, 0);
  cairo_surface_destroy (surface);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  flush_events ();
  g_assert_false (_vs_chart_get_dark (VS_CHART (chart)));

  /* hovering draws the overlay (a guide and a box by the pointer, near the
   * bottom here) on top of the cached content */
  {
    int gx = (int) (plot.origin.x + plot.size.width * 0.55) + 3;
    int gy = (int) (plot.origin.y + plot.size.height * 0.35);
    guint r, g, b, a, before;

    surface = render_widget (chart, FALSE);
    pixel_at (surface, gx, gy, &r, &g, &b, &before);
    cairo_surface_destroy (surface);

    _vs_chart_set_hover (VS_CHART (chart), gx, plot.origin.y + plot.size.height - 5);
    surface = render_widget (chart, FALSE);
    g_assert_cmpuint (count_color_near_row (surface, &plot, log_y, &blue), ==, 9);
    pixel_at (surface, gx, gy, &r, &g, &b, &a);
    g_assert_cmpuint (a, >, before + 40);
    cairo_surface_destroy (surface);
    _vs_chart_set_hover (VS_CHART (chart), -1, -1);
  }

  /* an empty chart says so, and still renders */
  vs_chart_clear (VS_CHART (chart));
  surface = render_widget (chart, FALSE);
  g_assert_false (_vs_chart_get_plot_area (VS_CHART (chart), &plot));
  cairo_surface_destroy (surface);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A sweep: levels on a log scale (10, 100, 1000 evenly apart), each point
 * marked, the band between its interval's ends, a mark across the plot */
static void
test_sweep (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *chart = vs_chart_new (VS_CHART_SWEEP);
  GtkWidget *window;
  cairo_surface_t *surface;
  graphene_rect_t plot;
  GdkRGBA blue;
  const double levels[] = { 10, 100, 1000 };
  guint r, g, b, a, r2, g2, b2, a2, column_hits = 0;
  int mid_x, line_y, band_y, outside_y;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  flush_events ();
  vs_chart_target_color (0, FALSE, &blue);
  vs_chart_set_title (VS_CHART (chart), "Sweep");
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_NONE, VS_UNIT_REQUESTS_PER_S);
  vs_chart_set_y_range (VS_CHART (chart), 0, 100);
  vs_chart_add_series (VS_CHART (chart), "Express", &blue);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    vs_chart_series_append_band (VS_CHART (chart), 0, levels[i], 50, 30, 70);
  vs_chart_add_mark (VS_CHART (chart), 100, NULL, 0);
  g_assert_cmpuint (vs_chart_get_n_marks (VS_CHART (chart)), ==, 1);
  g_assert_cmpuint (vs_chart_series_get_n_points (VS_CHART (chart), 0), ==, 3);

  window = show_chart (chart, 480, 300);
  surface = render_widget (chart, FALSE);
  g_assert_true (_vs_chart_get_plot_area (VS_CHART (chart), &plot));
  mid_x = (int) (plot.origin.x + plot.size.width / 2);
  line_y = row_at (&plot, 0.5);
  band_y = row_at (&plot, 0.4);       /* 60: inside the band */
  outside_y = row_at (&plot, 0.2);    /* 80: above it */

  /* the line at 50 across the plot, the middle level in the middle */
  g_assert_cmpuint (count_color_near_row (surface, &plot, line_y, &blue), >=, 7);
  /* the band: tinted inside, not outside (a little to the side of the mark) */
  pixel_at (surface, mid_x + 20, band_y, &r, &g, &b, &a);
  pixel_at (surface, mid_x + 20, outside_y, &r2, &g2, &b2, &a2);
  g_assert_true (a > 0 && b > r);
  g_assert_true (r != r2 || g != g2 || b != b2);
  /* the mark: a dashed line down the middle, in the series' colour */
  for (int y = (int) plot.origin.y; y < (int) (plot.origin.y + plot.size.height); y++)
    if (pixel_is (surface, mid_x, y, &blue) || pixel_is (surface, mid_x + 1, y, &blue))
      column_hits++;
  g_assert_cmpuint (column_hits, >, plot.size.height * 0.35);
  cairo_surface_destroy (surface);

  /* the marks go with the data */
  vs_chart_clear (VS_CHART (chart));
  g_assert_cmpuint (vs_chart_get_n_marks (VS_CHART (chart)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_export (void)
{
  GtkWidget *chart = g_object_ref_sink (vs_chart_new (VS_CHART_LINES));
  g_autofree char *dir = g_dir_make_tmp ("test-chart-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "chart.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  vs_chart_set_title (VS_CHART (chart), "Export");
  vs_chart_add_series (VS_CHART (chart), "A", NULL);
  for (guint i = 0; i < 100; i++)
    vs_chart_series_append (VS_CHART (chart), 0, i, sin (i / 10.0));

  g_assert_true (vs_chart_save_png (VS_CHART (chart), png, 640, 320, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 640);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 320);

  g_assert_true (vs_chart_save_svg (VS_CHART (chart), svg, 640, 320, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "<?xml") || g_str_has_prefix (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"640"));

  g_assert_false (vs_chart_save_png (VS_CHART (chart), bad, 640, 320, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (vs_chart_save_png (VS_CHART (chart), png, 0, 320, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
  g_object_unref (chart);
}

/* Screenshots -------------------------------------------------------------- */

/* Requests per second of @n_targets targets over @seconds at 4 Hz. */
static GtkWidget *
sample_timeline (guint  n_targets,
                 double seconds)
{
  static const char * const labels[] = { "Express", "FastAPI", "nginx", "Node http" };
  static const double base[] = { 12000, 8500, 31000, 19000 };
  GtkWidget *chart = vs_chart_new (VS_CHART_LINES);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  guint n = (guint) (seconds * 4);

  vs_chart_set_title (VS_CHART (chart), seconds >= 3600 ? "Requests per second, 1 hour"
                                                        : "Requests per second");
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_SECONDS, VS_UNIT_REQUESTS_PER_S);
  for (guint t = 0; t < n_targets; t++)
    {
      GdkRGBA color;

      vs_chart_target_color (t, FALSE, &color);
      vs_chart_add_series (VS_CHART (chart), labels[t], &color);
      for (guint i = 0; i < n; i++)
        {
          double x = i / 4.0;
          double ramp = MIN (1, x / 5);
          double y = base[t] * ramp * (1 + 0.06 * sin (x / 7 + t) +
                                       g_rand_double_range (rand, -0.04, 0.04));

          if (i % 997 == 500)
            y *= 0.4;  /* a hiccup, which decimation must keep */
          vs_chart_series_append (VS_CHART (chart), t, x, y);
        }
    }

  return chart;
}

static GtkWidget *
sample_latency_live (void)
{
  GtkWidget *chart = vs_chart_new (VS_CHART_LINES);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  vs_chart_set_title (VS_CHART (chart), "Latency");
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_SECONDS, VS_UNIT_MILLISECONDS);
  for (guint t = 0; t < 2; t++)
    {
      g_autofree char *p99 = g_strdup_printf ("%s p99", t == 0 ? "Express" : "FastAPI");
      g_autofree char *p50 = g_strdup_printf ("%s p50", t == 0 ? "Express" : "FastAPI");
      GdkRGBA color;
      guint s99, s50;

      vs_chart_target_color (t, FALSE, &color);
      s99 = vs_chart_add_series (VS_CHART (chart), p99, &color);
      s50 = vs_chart_add_series (VS_CHART (chart), p50, &color);
      vs_chart_series_set_dashed (VS_CHART (chart), s50, TRUE);
      for (guint i = 0; i < 240; i++)
        {
          double p50v = (t == 0 ? 3.2 : 5.1) * (1 + g_rand_double_range (rand, -0.1, 0.1));

          vs_chart_series_append (VS_CHART (chart), s50, i / 4.0, p50v);
          vs_chart_series_append (VS_CHART (chart), s99, i / 4.0,
                                  p50v * (3 + g_rand_double_range (rand, 0, 2)));
        }
    }

  return chart;
}

static GtkWidget *
sample_percentiles (void)
{
  GtkWidget *chart = vs_chart_new (VS_CHART_PERCENTILES);

  vs_chart_set_title (VS_CHART (chart), "Latency by percentile");
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_PERCENTILE, VS_UNIT_MILLISECONDS);
  vs_chart_set_y_log (VS_CHART (chart), TRUE);
  for (guint t = 0; t < 3; t++)
    {
      static const char * const labels[] = { "Express", "FastAPI", "nginx" };
      static const double base[] = { 2.1, 3.4, 0.35 };
      static const double tail[] = { 0.45, 0.55, 0.3 };
      g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));

      vs_chart_add_series (VS_CHART (chart), labels[t], NULL);
      for (double nx = 0; nx <= 5.0001; nx += 0.05)
        {
          double p = 100 - 100 * pow (10, -nx);
          double y = base[t] * pow (10, tail[t] * nx);

          g_array_append_val (xs, p);
          g_array_append_val (ys, y);
        }
      vs_chart_series_set_data (VS_CHART (chart), t, (double *) (gpointer) xs->data,
                                (double *) (gpointer) ys->data, xs->len);
    }

  return chart;
}

static GtkWidget *
sample_bars (void)
{
  static const char * const labels[] = { "Express", "FastAPI", "nginx", "Node http" };
  static const double values[] = { 12345, 8712, 31876, 19234 };
  GtkWidget *chart = vs_chart_new (VS_CHART_BARS);

  vs_chart_set_title (VS_CHART (chart), "Requests per second");
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_NONE, VS_UNIT_REQUESTS_PER_S);
  for (guint t = 0; t < G_N_ELEMENTS (labels); t++)
    {
      vs_chart_add_series (VS_CHART (chart), labels[t], NULL);
      vs_chart_series_set_data (VS_CHART (chart), t, NULL, &values[t], 1);
    }

  return chart;
}

static GtkWidget *
sample_memory (void)
{
  GtkWidget *chart = vs_chart_new (VS_CHART_LINES);

  vs_chart_set_title (VS_CHART (chart), "Memory");
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_SECONDS, VS_UNIT_BYTES);
  vs_chart_add_series (VS_CHART (chart), "Express", NULL);
  vs_chart_add_series (VS_CHART (chart), "FastAPI", NULL);
  for (guint i = 0; i < 120; i++)
    {
      vs_chart_series_append (VS_CHART (chart), 0, i / 2.0,
                              58e6 + 9e6 * (1 - exp (-(double) i / 30)));
      vs_chart_series_append (VS_CHART (chart), 1, i / 2.0, 41e6 + 2e6 * sin (i / 9.0));
    }

  return chart;
}

static void
save_sample (GtkWidget  *chart,
             const char *name,
             int         width,
             int         height)
{
  g_autofree char *path = screenshot_path (name);
  g_autoptr(GError) error = NULL;

  g_object_ref_sink (chart);
  if (path != NULL)
    {
      g_assert_true (vs_chart_save_png (VS_CHART (chart), path, width, height, &error));
      g_assert_no_error (error);
      g_test_message ("saved %s", path);
    }
  g_object_unref (chart);
}

/* The widget as it shows on screen (lines rasterized, not stroked as in the
 * exports), with the hover overlay at @hover_fraction of the plot's width if
 * that is >= 0. */
static void
save_widget (GtkWidget  *chart,
             const char *name,
             int         width,
             int         height,
             double      hover_fraction)
{
  g_autofree char *path = screenshot_path (name);
  GtkWidget *window = show_chart (chart, width, height);
  graphene_rect_t plot;
  cairo_surface_t *surface;

  surface = render_widget (chart, TRUE);
  if (hover_fraction >= 0)
    {
      cairo_surface_destroy (surface);   /* the plot area is known after one snapshot */
      g_assert_true (_vs_chart_get_plot_area (VS_CHART (chart), &plot));
      _vs_chart_set_hover (VS_CHART (chart), plot.origin.x + plot.size.width * hover_fraction,
                           plot.origin.y + plot.size.height * 0.4);
      surface = render_widget (chart, TRUE);
    }
  if (path != NULL)
    {
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("saved %s", path);
    }
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screenshots (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *empty;

  if (g_getenv ("VS_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("VS_SCREENSHOT_DIR is not set");
      return;
    }

  for (guint dark = 0; dark < 2; dark++)
    {
      const char *suffix = dark ? "-dark" : "";
      g_autofree char *lines = g_strdup_printf ("chart-lines%s.png", suffix);
      g_autofree char *hour = g_strdup_printf ("chart-lines-1h%s.png", suffix);
      g_autofree char *latency = g_strdup_printf ("chart-latency-live%s.png", suffix);
      g_autofree char *pct = g_strdup_printf ("chart-percentiles%s.png", suffix);
      g_autofree char *bars = g_strdup_printf ("chart-bars%s.png", suffix);
      g_autofree char *memory = g_strdup_printf ("chart-memory%s.png", suffix);
      g_autofree char *hover = g_strdup_printf ("chart-hover%s.png", suffix);
      g_autofree char *hover_pct = g_strdup_printf ("chart-hover-percentiles%s.png", suffix);
      g_autofree char *hover_bars = g_strdup_printf ("chart-hover-bars%s.png", suffix);
      g_autofree char *export_hour = g_strdup_printf ("export-lines-1h%s.png", suffix);
      g_autofree char *export_pct = g_strdup_printf ("export-percentiles%s.png", suffix);

      adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                         : ADW_COLOR_SCHEME_FORCE_LIGHT);
      flush_events ();

      /* on screen */
      save_widget (sample_timeline (3, 60), lines, 720, 300, -1);
      save_widget (sample_timeline (4, 3600), hour, 1200, 300, -1);
      save_widget (sample_latency_live (), latency, 720, 300, -1);
      save_widget (sample_percentiles (), pct, 720, 320, -1);
      save_widget (sample_bars (), bars, 560, 300, -1);
      save_widget (sample_memory (), memory, 480, 240, -1);
      save_widget (sample_timeline (3, 60), hover, 720, 300, 0.6);
      save_widget (sample_percentiles (), hover_pct, 720, 320, 0.62);
      save_widget (sample_bars (), hover_bars, 560, 300, 0.4);

      /* exported (lines stroked by cairo) */
      save_sample (sample_timeline (4, 3600), export_hour, 1200, 300);
      save_sample (sample_percentiles (), export_pct, 720, 320);
    }

  /* small and empty */
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  flush_events ();
  save_widget (sample_latency_live (), "chart-small.png", 200, 120, -1);
  empty = vs_chart_new (VS_CHART_LINES);
  vs_chart_set_title (VS_CHART (empty), "Requests per second");
  save_widget (empty, "chart-empty.png", 480, 240, -1);
}

int
main (int   argc,
      char *argv[])
{
  /* labels are checked with a '.' decimal point */
  gtk_disable_setlocale ();
  /* GTK's in-process accessibility backend, so the description can be read back
   * (run-under-xvfb sets "none": no backend, no properties) */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/chart/api", test_api);
  g_test_add_func ("/chart/describe", test_describe);
  g_test_add_func ("/chart/render", test_render);
  g_test_add_func ("/chart/export", test_export);
  g_test_add_func ("/chart/sweep", test_sweep);
  g_test_add_func ("/chart/screenshots", test_screenshots);

  return g_test_run ();
}
