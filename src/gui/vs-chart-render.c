/* vs-chart-render.c — drawing a chart with cairo: axes, legend, lines,
 * bars and the hover overlay, from the series the widget keeps
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <cairo.h>

#include "vs-chart.h"
#include "vs-chart-private.h"

#define PAD             8.0   /* around everything */
#define LEGEND_SWATCH  16.0
#define LEGEND_GAP      6.0   /* swatch to label */
#define LEGEND_SPACING 14.0   /* between items */
#define LINE_WIDTH      1.5

/* Style -------------------------------------------------------------------- */

typedef struct
{
  GdkRGBA background;
  GdkRGBA text;
  GdkRGBA dim;
  GdkRGBA grid;
  GdkRGBA axis;
  GdkRGBA box;
  GdkRGBA box_border;
} VsChartColors;

static void
chart_colors (gboolean       dark,
              VsChartColors *c)
{
  if (dark)
    {
      c->background = (GdkRGBA) { 0.141f, 0.141f, 0.141f, 1.0f };  /* #242424 */
      c->text = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 0.92f };
      c->dim = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 0.6f };
      c->grid = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 0.09f };
      c->axis = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 0.3f };
      c->box = (GdkRGBA) { 0.22f, 0.22f, 0.22f, 0.96f };        /* #383838 */
      c->box_border = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 0.15f };
    }
  else
    {
      c->background = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 1.0f };
      c->text = (GdkRGBA) { 0.0f, 0.0f, 0.0f, 0.8f };
      c->dim = (GdkRGBA) { 0.0f, 0.0f, 0.0f, 0.55f };
      c->grid = (GdkRGBA) { 0.0f, 0.0f, 0.0f, 0.08f };
      c->axis = (GdkRGBA) { 0.0f, 0.0f, 0.0f, 0.3f };
      c->box = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 0.96f };
      c->box_border = (GdkRGBA) { 0.0f, 0.0f, 0.0f, 0.15f };
    }
}

/* Text --------------------------------------------------------------------- */

typedef struct
{
  PangoLayout *title;
  PangoLayout *label;
  int          label_height;
} VsChartText;

static void
chart_text_init (VsChart     *self,
                 VsChartText *text)
{
  const PangoFontDescription *base;
  PangoFontDescription *desc;
  int size;

  text->title = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  text->label = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  base = pango_context_get_font_description (pango_layout_get_context (text->label));
  desc = base != NULL ? pango_font_description_copy (base) : pango_font_description_new ();
  size = pango_font_description_get_size (desc);
  if (size <= 0)
    size = 11 * PANGO_SCALE;

  pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (text->title, desc);

  pango_font_description_set_weight (desc, PANGO_WEIGHT_NORMAL);
  if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (desc, size * 0.85);
  else
    pango_font_description_set_size (desc, (int) (size * 0.85));
  pango_layout_set_font_description (text->label, desc);
  pango_font_description_free (desc);

  pango_layout_set_text (text->label, "0", -1);
  pango_layout_get_pixel_size (text->label, NULL, &text->label_height);
}

static void
chart_text_clear (VsChartText *text)
{
  g_clear_object (&text->title);
  g_clear_object (&text->label);
}

static int
text_width (PangoLayout *layout,
            const char  *str)
{
  int w;

  pango_layout_set_text (layout, str, -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* Draws @str with its top-left at (@x, @y); returns its width. */
static int
show_text (cairo_t       *cr,
           PangoLayout   *layout,
           const char    *str,
           double         x,
           double         y,
           const GdkRGBA *color)
{
  int w;

  pango_layout_set_text (layout, str, -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  set_source (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  return w;
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_swatch (cairo_t       *cr,
             double         x,
             double         y,
             const GdkRGBA *color,
             gboolean       dashed)
{
  static const double dash[] = { 4, 2.5 };

  cairo_save (cr);
  set_source (cr, color);
  cairo_set_line_width (cr, 2.5);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  if (dashed)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + LEGEND_SWATCH, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Drawing ------------------------------------------------------------------ */

typedef struct
{
  double x;
  double y;
  double width;
} VsLegendItem;

/* Greedy rows no wider than @avail; fills in x (right-aligned rows, from
 * @right) and y when @place. Returns the number of rows. */
static guint
legend_rows (VsLegendItem *items,
             guint         n,
             double        avail,
             double        right,
             double        top,
             double        row_h,
             gboolean      place)
{
  guint row_start = 0, rows = 0;
  double row_w = 0;

  for (guint i = 0; i <= n; i++)
    {
      if (i == n || (i > row_start && row_w + LEGEND_SPACING + items[i].width > avail))
        {
          double x = right - row_w;

          for (guint j = row_start; place && j < i; j++)
            {
              items[j].x = x;
              items[j].y = top + rows * row_h;
              x += items[j].width + LEGEND_SPACING;
            }
          rows++;
          row_start = i;
          row_w = 0;
          if (i == n)
            break;
        }
      row_w += (row_w > 0 ? LEGEND_SPACING : 0) + items[i].width;
    }

  return rows;
}

/* Title top-left, legend top-right: beside the title, or in rows of its own
 * under it when that is lower; left out when it would take more than a
 * third of a small chart. Returns the height used. */
static double
draw_header (VsChart             *self,
             cairo_t             *cr,
             VsChartText         *text,
             const VsChartColors *colors,
             int                  width,
             int                  height,
             gboolean             dark,
             gboolean             legend)
{
  g_autofree VsLegendItem *items = NULL;
  guint n = self->series->len;
  int title_w = 0, title_h = 0;
  double beside, under, widest = 0, row_h, legend_h, legend_top, avail;
  guint beside_rows = G_MAXUINT, under_rows;

  if (self->title != NULL && self->title[0] != '\0')
    {
      pango_layout_set_text (text->title, self->title, -1);
      pango_layout_get_pixel_size (text->title, &title_w, &title_h);
      set_source (cr, &colors->text);
      cairo_move_to (cr, PAD, PAD);
      pango_cairo_show_layout (cr, text->title);
    }

  if (!legend || n == 0)
    return title_h;

  items = g_new0 (VsLegendItem, n);
  for (guint i = 0; i < n; i++)
    {
      const VsChartSeries *s = g_ptr_array_index (self->series, i);

      items[i].width = LEGEND_SWATCH + LEGEND_GAP +
                       text_width (text->label, s->label ? s->label : "");
      widest = MAX (widest, items[i].width);
    }

  row_h = text->label_height + 2;
  avail = width - 2 * PAD - (title_w > 0 ? title_w + 24 : 0);
  if (avail >= widest)
    beside_rows = legend_rows (items, n, avail, 0, 0, row_h, FALSE);
  under_rows = legend_rows (items, n, width - 2 * PAD, 0, 0, row_h, FALSE);
  beside = beside_rows == G_MAXUINT ? INFINITY : MAX (title_h, beside_rows * row_h);
  under = title_h + (title_h > 0 ? 2 : 0) + under_rows * row_h;

  if (beside <= under)
    {
      legend_h = beside;
      legend_top = PAD + MAX (0, (title_h - row_h) / 2);
      legend_rows (items, n, avail, width - PAD, legend_top, row_h, TRUE);
    }
  else
    {
      legend_h = under;
      legend_top = PAD + title_h + (title_h > 0 ? 2 : 0);
      legend_rows (items, n, width - 2 * PAD, width - PAD, legend_top, row_h, TRUE);
    }

  if (legend_h > height / 3.0 && legend_h > row_h)
    return title_h;

  for (guint i = 0; i < n; i++)
    {
      const VsChartSeries *s = g_ptr_array_index (self->series, i);
      GdkRGBA color;

      _vs_chart_series_color (self, s, dark, &color);
      draw_swatch (cr, items[i].x, items[i].y + text->label_height / 2.0 + 0.5, &color, s->dashed);
      show_text (cr, text->label, s->label ? s->label : "",
                 items[i].x + LEGEND_SWATCH + LEGEND_GAP, items[i].y, &colors->text);
    }

  return legend_h;
}

static void
data_extents (VsChart *self,
              double  *x_min,
              double  *x_max,
              double  *y_min,
              double  *y_max,
              double  *y_min_pos)
{
  *x_min = *y_min = *y_min_pos = INFINITY;
  *x_max = *y_max = -INFINITY;

  for (guint i = 0; i < self->series->len; i++)
    {
      const VsChartSeries *s = g_ptr_array_index (self->series, i);

      if (s->n_finite == 0)
        continue;

      if (self->kind == VS_CHART_BARS)
        {
          double x, y;

          if (_vs_chart_series_last (s, &x, &y))
            {
              *y_min = MIN (*y_min, y);
              *y_max = MAX (*y_max, y);
              if (y > 0)
                *y_min_pos = MIN (*y_min_pos, y);
            }
          continue;
        }

      *x_min = MIN (*x_min, s->x_min);
      *x_max = MAX (*x_max, s->x_max);
      *y_min = MIN (*y_min, s->y_min);
      *y_max = MAX (*y_max, s->y_max);
      *y_min_pos = MIN (*y_min_pos, s->y_min_pos);
    }
}

/* Drops the ticks outside [min, max] (explicit ranges). */
static void
ticks_filter (GArray *ticks,
              double  min,
              double  max)
{
  double eps = (max - min) * 1e-9;

  for (guint i = ticks->len; i > 0; i--)
    {
      double v = g_array_index (ticks, VsChartTick, i - 1).value;

      if (v < min - eps || v > max + eps)
        g_array_remove_index (ticks, i - 1);
    }
}

/* y range and ticks; with @max_ticks ticks at most (linear). */
static GArray *
y_axis (VsChart *self,
        guint    max_ticks,
        double  *y_min,
        double  *y_max)
{
  double d_x_min, d_x_max, d_min, d_max, d_min_pos;
  gboolean auto_lo = isnan (self->y_range[0]);
  gboolean auto_hi = isnan (self->y_range[1]);
  double lo, hi;
  GArray *ticks;

  data_extents (self, &d_x_min, &d_x_max, &d_min, &d_max, &d_min_pos);

  if (self->y_log)
    {
      lo = !auto_lo && self->y_range[0] > 0 ? self->y_range[0] : d_min_pos;
      hi = !auto_hi ? self->y_range[1] : d_max;
      auto_lo = auto_lo || !(self->y_range[0] > 0);
      if (!isfinite (lo))
        lo = isfinite (hi) && hi > 0 ? hi / 10 : 1;
      if (!isfinite (hi) || hi <= lo)
        {
          hi = lo * 10;
          auto_hi = TRUE;
        }
      ticks = vs_chart_log_ticks (lo, hi, self->y_unit);
      if (auto_lo && ticks->len > 0)
        lo = g_array_index (ticks, VsChartTick, 0).value;
      if (auto_hi && ticks->len > 0)
        hi = g_array_index (ticks, VsChartTick, ticks->len - 1).value;
      ticks_filter (ticks, lo, hi);
    }
  else
    {
      /* automatic ranges start (or end) at 0 */
      lo = !auto_lo ? self->y_range[0] : MIN (0, d_min);
      hi = !auto_hi ? self->y_range[1] : MAX (d_max, auto_lo ? 0 : lo);
      if (!isfinite (lo))
        lo = 0;
      if (!isfinite (hi))
        hi = lo + 1;
      if (hi < lo)
        {
          double tmp = lo;

          lo = hi;
          hi = tmp;
        }
      ticks = vs_chart_nice_ticks (lo, hi, max_ticks, self->y_unit);
      if (auto_lo && ticks->len > 0)
        lo = g_array_index (ticks, VsChartTick, 0).value;
      if (auto_hi && ticks->len > 0)
        hi = g_array_index (ticks, VsChartTick, ticks->len - 1).value;
      if (hi == lo)
        hi = lo + 1;
      ticks_filter (ticks, lo, hi);
    }

  *y_min = lo;
  *y_max = hi;
  return ticks;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* A sweep's x axis: log10 of the levels, a tick at each level any series
 * has, a little air at both ends */
static GArray *
sweep_axis (VsChart *self,
            double  *x_min,
            double  *x_max)
{
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *ticks = vs_chart_ticks_new ();
  double lo = INFINITY, hi = -INFINITY, air;

  for (guint i = 0; i < self->series->len; i++)
    {
      const VsChartSeries *s = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < s->x->len; j++)
        {
          double x = g_array_index (s->x, double, j);

          if (x > 0 && isfinite (x) && isfinite (g_array_index (s->y, double, j)))
            g_array_append_val (levels, x);
        }
    }
  g_array_sort (levels, compare_doubles);
  for (guint i = 0; i < levels->len; i++)
    {
      double x = g_array_index (levels, double, i);
      VsChartTick tick;

      if (i > 0 && x == g_array_index (levels, double, i - 1))
        continue;
      tick.value = log10 (x);
      /* levels are counted: 1024 connections, not "1.024k" */
      tick.label = self->x_unit == VS_UNIT_NONE && x == round (x) ? g_strdup_printf ("%.0f", x)
                                                                   : vs_chart_format_value (x, self->x_unit);
      g_array_append_val (ticks, tick);
      lo = MIN (lo, tick.value);
      hi = MAX (hi, tick.value);
    }
  if (!isfinite (lo))
    {
      lo = 0;
      hi = 1;
    }
  air = hi > lo ? (hi - lo) * 0.06 : 0.5;
  *x_min = lo - air;
  *x_max = hi + air;
  return ticks;
}

/* x range (drawing space) and ticks (positions in drawing space too) */
static GArray *
x_axis (VsChart *self,
        guint    max_ticks,
        double  *x_min,
        double  *x_max)
{
  double d_min, d_max, d_y_min, d_y_max, d_y_min_pos;
  double lo, hi;
  GArray *ticks;

  data_extents (self, &d_min, &d_max, &d_y_min, &d_y_max, &d_y_min_pos);
  lo = isnan (self->x_range[0]) ? d_min : self->x_range[0];
  hi = isnan (self->x_range[1]) ? d_max : self->x_range[1];

  if (self->kind == VS_CHART_PERCENTILES)
    {
      double top;

      lo = isfinite (lo) ? vs_chart_percentile_x (lo) : 0;
      if (isnan (self->x_range[0]))
        lo = 0;
      hi = isfinite (hi) ? hi : 99;
      top = ceil (vs_chart_percentile_x (hi) - 1e-6);
      if (!isnan (self->x_range[1]))
        top = vs_chart_percentile_x (hi);
      top = CLAMP (top, 1, VS_CHART_MAX_NINES);
      if (top <= lo)
        lo = 0;

      ticks = vs_chart_nice_ticks (vs_chart_percentile_from_x (lo), vs_chart_percentile_from_x (top), max_ticks,
                                   VS_UNIT_PERCENTILE);
      for (guint i = 0; i < ticks->len; i++)
        {
          VsChartTick *tick = &g_array_index (ticks, VsChartTick, i);

          tick->value = vs_chart_percentile_x (tick->value);
        }
      ticks_filter (ticks, lo, top);
      *x_min = lo;
      *x_max = top;
      return ticks;
    }

  if (self->kind == VS_CHART_SWEEP)
    return sweep_axis (self, x_min, x_max);

  if (!isfinite (lo) || !isfinite (hi))
    {
      lo = 0;
      hi = 1;
    }
  if (hi < lo)
    {
      double tmp = lo;

      lo = hi;
      hi = tmp;
    }
  if (hi == lo)
    {
      double d = lo != 0 ? fabs (lo) * 0.1 : 1;

      lo -= d;
      hi += d;
    }

  ticks = vs_chart_nice_ticks (lo, hi, max_ticks, self->x_unit);
  ticks_filter (ticks, lo, hi);
  *x_min = lo;
  *x_max = hi;
  return ticks;
}

static void
ensure_scratch (VsChart *self,
                guint    len)
{
  if (self->scratch_len >= len)
    return;
  self->scratch_len = MAX (len, 2 * self->scratch_len);
  self->scratch_x = g_renew (double, self->scratch_x, self->scratch_len);
  self->scratch_y = g_renew (double, self->scratch_y, self->scratch_len);
}

static void
ensure_spans (VsChart *self,
              guint    len)
{
  if (self->spans_len >= len)
    return;
  self->spans_len = MAX (len, 2 * self->spans_len);
  self->spans = g_renew (double, self->spans, self->spans_len);
}

/* An x in drawing space: the nines of a percentile, the log10 of a
 * sweep's level, seconds as they are */
static double
to_space (VsChart *self,
          double   x)
{
  if (self->kind == VS_CHART_PERCENTILES)
    return vs_chart_percentile_x (x);
  if (self->kind == VS_CHART_SWEEP)
    return x > 0 ? log10 (x) : NAN;
  return x;
}

static double
from_space (VsChart *self,
            double   x)
{
  if (self->kind == VS_CHART_PERCENTILES)
    return vs_chart_percentile_from_x (x);
  if (self->kind == VS_CHART_SWEEP)
    return pow (10, x);
  return x;
}

static const double *
space_of (VsChart      *self,
          const double *x,
          guint         n)
{
  if (self->scratch_t_len < n)
    {
      self->scratch_t_len = MAX (n, 2 * self->scratch_t_len);
      self->scratch_t = g_renew (double, self->scratch_t, self->scratch_t_len);
    }
  for (guint i = 0; i < n; i++)
    self->scratch_t[i] = to_space (self, x[i]);
  return self->scratch_t;
}

#define RASTER_MARGIN 3   /* px around the plot: lines on its edges keep their width */

/* A sweep series' interval: the area between its lows and highs, faint */
static void
draw_band (VsChart             *self,
           cairo_t             *cr,
           const VsChartFrame  *f,
           const VsChartSeries *s,
           const GdkRGBA       *color)
{
  double w = f->right - f->left, h = f->bottom - f->top;
  GdkRGBA faint = *color;
  gboolean started = FALSE;
  int last = -1;

  faint.alpha = 0.18;
  cairo_new_path (cr);
  for (guint j = 0; j < s->x->len; j++)
    {
      double x = to_space (self, g_array_index (s->x, double, j));
      double hi = g_array_index (s->high, double, j);

      if (!isfinite (x) || !isfinite (hi) || !isfinite (g_array_index (s->low, double, j)))
        continue;
      x = f->left + vs_chart_map (x, f->x_min, f->x_max, w, FALSE, FALSE);
      hi = f->top + vs_chart_map (hi, f->y_min, f->y_max, h, f->y_log, TRUE);
      if (!started)
        cairo_move_to (cr, x, hi);
      else
        cairo_line_to (cr, x, hi);
      started = TRUE;
      last = (int) j;
    }
  for (int j = last; j >= 0; j--)
    {
      double x = to_space (self, g_array_index (s->x, double, j));
      double lo = g_array_index (s->low, double, j);

      if (!isfinite (x) || !isfinite (lo) || !isfinite (g_array_index (s->high, double, j)))
        continue;
      x = f->left + vs_chart_map (x, f->x_min, f->x_max, w, FALSE, FALSE);
      lo = f->top + vs_chart_map (lo, f->y_min, f->y_max, h, f->y_log, TRUE);
      cairo_line_to (cr, x, lo);
    }
  if (!started)
    return;
  cairo_close_path (cr);
  set_source (cr, &faint);
  cairo_fill (cr);
}

static void
draw_lines (VsChart            *self,
            cairo_t            *cr,
            const VsChartFrame *f,
            gboolean            dark,
            int                 scale,
            VsChartDrawFlags    flags)
{
  static const double dash[] = { 6, 4 };
  /* a sweep has a few points: each stroked, banded and marked */
  gboolean sweep = self->kind == VS_CHART_SWEEP;
  gboolean naive = sweep || (flags & VS_CHART_DRAW_NAIVE) != 0;
  gboolean vector = naive || (flags & VS_CHART_DRAW_VECTOR) != 0;
  double w = f->right - f->left, h = f->bottom - f->top;
  double hw = LINE_WIDTH / 2 * scale;
  guint columns = (guint) MAX (1, ceil (w));

  cairo_save (cr);
  cairo_rectangle (cr, f->left - RASTER_MARGIN, f->top - RASTER_MARGIN,
                   w + 2 * RASTER_MARGIN, h + 2 * RASTER_MARGIN);
  cairo_clip (cr);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint i = 0; i < self->series->len; i++)
    {
      const VsChartSeries *s = g_ptr_array_index (self->series, i);
      const double *xs = (const double *) (gpointer) s->x->data;
      const double *ys = (const double *) (gpointer) s->y->data;
      double *px, *py;
      guint n = s->x->len, m = 0;
      double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
      GdkRGBA color;

      if (s->n_finite == 0)
        continue;

      if (self->kind != VS_CHART_LINES)
        xs = space_of (self, xs, n);

      /* points in pixels (relative to the plot) into the scratch buffers */
      ensure_scratch (self, naive ? n : 2 * columns);
      if (!naive)
        {
          n = vs_chart_decimate (xs, ys, n, f->x_min, f->x_max, columns,
                                 self->scratch_x, self->scratch_y);
          xs = self->scratch_x;
          ys = self->scratch_y;
        }
      px = self->scratch_x;
      py = self->scratch_y;
      for (guint j = 0; j < n; j++)
        {
          if (!isfinite (xs[j]) || !isfinite (ys[j]))
            continue;
          px[m] = vs_chart_map (xs[j], f->x_min, f->x_max, w, FALSE, FALSE);
          py[m] = vs_chart_map (ys[j], f->y_min, f->y_max, h, f->y_log, TRUE);
          x_lo = MIN (x_lo, px[m]);
          x_hi = MAX (x_hi, px[m]);
          y_lo = MIN (y_lo, py[m]);
          y_hi = MAX (y_hi, py[m]);
          m++;
        }
      if (m == 0)
        continue;

      _vs_chart_series_color (self, s, dark, &color);
      if (sweep && s->low != NULL)
        draw_band (self, cr, f, s, &color);
      set_source (cr, &color);
      if (sweep)
        for (guint j = 0; j < m; j++)
          {
            cairo_new_path (cr);
            cairo_arc (cr, f->left + px[j], f->top + py[j], 3.5, 0, 2 * G_PI);
            cairo_fill (cr);
          }

      if (m == 1)
        {
          /* a lone point would be an invisible line */
          cairo_new_path (cr);
          cairo_arc (cr, f->left + px[0], f->top + py[0], 2.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      else if (vector)
        {
          cairo_new_path (cr);
          cairo_move_to (cr, f->left + px[0], f->top + py[0]);
          for (guint j = 1; j < m; j++)
            cairo_line_to (cr, f->left + px[j], f->top + py[j]);
          if (s->dashed)
            cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          else
            cairo_set_dash (cr, NULL, 0, 0);
          cairo_stroke (cr);
        }
      else
        {
          /* a coverage mask just the size of the series, filled with its colour */
          double ox = floor (x_lo) - RASTER_MARGIN, oy = floor (y_lo) - RASTER_MARGIN;
          VsCoverage cov;
          cairo_surface_t *mask;
          double length = 0;

          cov.width = (int) ceil ((x_hi - ox + RASTER_MARGIN) * scale);
          cov.height = (int) ceil ((y_hi - oy + RASTER_MARGIN) * scale);
          cov.dash_on = s->dashed ? dash[0] * scale : 0;
          cov.dash_period = (dash[0] + dash[1]) * scale;
          mask = cairo_image_surface_create (CAIRO_FORMAT_A8, cov.width, cov.height);
          cairo_surface_flush (mask);
          cov.cov = cairo_image_surface_get_data (mask);
          cov.stride = cairo_image_surface_get_stride (mask);
          if (cov.cov == NULL)
            {
              cairo_surface_destroy (mask);
              continue;
            }

          for (guint j = 0; j < m; j++)
            {
              px[j] = (px[j] - ox) * scale;
              py[j] = (py[j] - oy) * scale;
            }

          if (m >= columns && !s->dashed)
            {
              ensure_spans (self, 2 * (guint) cov.width);
              _vs_coverage_columns (&cov, px, py, m, hw, self->spans);
            }
          else
            {
              for (guint j = 1; j < m; j++)
                {
                  _vs_coverage_segment (&cov, px[j - 1], py[j - 1], px[j], py[j], hw, length);
                  if (cov.dash_on > 0)
                    length += hypot (px[j] - px[j - 1], py[j] - py[j - 1]);
                }
            }

          cairo_surface_mark_dirty (mask);
          cairo_surface_set_device_scale (mask, scale, scale);
          cairo_mask_surface (cr, mask, f->left + ox, f->top + oy);
          cairo_surface_destroy (mask);
        }
    }

  cairo_restore (cr);
}

static void
draw_bars (VsChart             *self,
           cairo_t             *cr,
           VsChartText         *text,
           const VsChartFrame  *f,
           const VsChartColors *colors,
           gboolean             dark)
{
  guint n = self->series->len;
  double w = f->right - f->left, h = f->bottom - f->top;
  double slot = w / MAX (n, 1);
  double bar_w = MIN (slot * 0.6, 120);
  double base = f->top + vs_chart_map (f->y_log ? f->y_min : MAX (f->y_min, MIN (0, f->y_max)),
                                       f->y_min, f->y_max, h, f->y_log, TRUE);

  pango_layout_set_ellipsize (text->label, PANGO_ELLIPSIZE_END);
  for (guint i = 0; i < n; i++)
    {
      const VsChartSeries *s = g_ptr_array_index (self->series, i);
      double cx = f->left + slot * (i + 0.5);
      double x, y, top;
      g_autofree char *value = NULL;
      GdkRGBA color;
      int tw;

      /* the label under the slot, even without a value */
      pango_layout_set_width (text->label, (int) (slot - 4) * PANGO_SCALE);
      tw = text_width (text->label, s->label ? s->label : "");
      show_text (cr, text->label, s->label ? s->label : "", cx - tw / 2.0, f->bottom + 4,
                 &colors->text);

      if (!_vs_chart_series_last (s, &x, &y))
        continue;

      top = f->top + vs_chart_map (y, f->y_min, f->y_max, h, f->y_log, TRUE);
      _vs_chart_series_color (self, s, dark, &color);
      set_source (cr, &color);
      if (top < base)
        {
          /* rounded at the top only */
          double r = MIN (4, MIN (bar_w / 2, base - top));

          cairo_new_path (cr);
          cairo_move_to (cr, cx - bar_w / 2, base);
          cairo_line_to (cr, cx - bar_w / 2, top + r);
          cairo_arc (cr, cx - bar_w / 2 + r, top + r, r, G_PI, 3 * G_PI / 2);
          cairo_arc (cr, cx + bar_w / 2 - r, top + r, r, 3 * G_PI / 2, 2 * G_PI);
          cairo_line_to (cr, cx + bar_w / 2, base);
          cairo_close_path (cr);
        }
      else
        cairo_rectangle (cr, cx - bar_w / 2, base, bar_w, MAX (top - base, 1));
      cairo_fill (cr);

      value = vs_chart_format_value (y, self->y_unit);
      tw = text_width (text->label, value);
      show_text (cr, text->label, value, cx - tw / 2.0,
                 MIN (top, base) - text->label_height - 2, &colors->text);
    }
  pango_layout_set_width (text->label, -1);
  pango_layout_set_ellipsize (text->label, PANGO_ELLIPSIZE_NONE);
}

/* Each x label centred on its tick, plus some air on both sides. */
/* Marks across the plot: a dashed line in a series' colour at an x, its
 * label at the top, inside the plot */
static void
draw_marks (VsChart             *self,
            cairo_t             *cr,
            VsChartText         *text,
            const VsChartFrame  *f,
            const VsChartColors *colors,
            gboolean             dark)
{
  static const double dash[] = { 3, 3 };

  for (guint i = 0; i < self->marks->len; i++)
    {
      const VsChartMark *mark = &g_array_index (self->marks, VsChartMark, i);
      double x = to_space (self, mark->x);
      GdkRGBA color;
      int tw;
      double lx;

      if (!isfinite (x) || x < f->x_min || x > f->x_max || mark->series >= self->series->len)
        continue;
      x = f->left + vs_chart_map (x, f->x_min, f->x_max, f->right - f->left, FALSE, FALSE);
      _vs_chart_series_color (self, g_ptr_array_index (self->series, mark->series), dark, &color);
      cairo_save (cr);
      set_source (cr, &color);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, floor (x) + 0.5, f->top);
      cairo_line_to (cr, floor (x) + 0.5, f->bottom);
      cairo_stroke (cr);
      cairo_restore (cr);
      if (mark->label == NULL)
        continue;
      tw = text_width (text->label, mark->label);
      lx = x + 4 + tw > f->right ? x - 4 - tw : x + 4;
      /* on the view's background, so that the lines under it do not cross it */
      {
        double ly = f->top + 2 + i * (text->label_height + 2);
        GdkRGBA under = colors->background;

        under.alpha = 0.85;
        set_source (cr, &under);
        cairo_rectangle (cr, lx - 2, ly, tw + 4, text->label_height);
        cairo_fill (cr);
        show_text (cr, text->label, mark->label, lx, ly, &color);
      }
    }
}

static gboolean
x_labels_fit (GArray             *ticks,
              VsChartText        *text,
              const VsChartFrame *f)
{
  double prev_end = -INFINITY;

  for (guint i = 0; i < ticks->len; i++)
    {
      const VsChartTick *tick = &g_array_index (ticks, VsChartTick, i);
      double x = vs_chart_map (tick->value, f->x_min, f->x_max, f->right - f->left, FALSE, FALSE);
      double half = text_width (text->label, tick->label) / 2.0;

      if (x - half < prev_end + 12)
        return FALSE;
      prev_end = x + half;
    }

  return TRUE;
}

static void
x_labels_thin (GArray             *ticks,
               VsChartText        *text,
               const VsChartFrame *f)
{
  double prev_end = -INFINITY;

  for (guint i = 0; i < ticks->len;)
    {
      const VsChartTick *tick = &g_array_index (ticks, VsChartTick, i);
      double x = vs_chart_map (tick->value, f->x_min, f->x_max, f->right - f->left, FALSE, FALSE);
      double half = text_width (text->label, tick->label) / 2.0;

      if (x - half < prev_end + 12)
        g_array_remove_index (ticks, i);
      else
        {
          prev_end = x + half;
          i++;
        }
    }
}

/* Everything but the hover overlay. Also records the frame for the hover. */
void
_vs_chart_draw_frame (VsChart          *self,
                      cairo_t          *cr,
                      int               width,
                      int               height,
                      int               scale,
                      gboolean          dark,
                      VsChartDrawFlags  flags,
                      VsChartFrame     *frame)
{
  VsChartText text = { 0 };
  VsChartColors colors;
  VsChartFrame f = { 0 };
  g_autoptr(GArray) y_ticks = NULL;
  g_autoptr(GArray) x_ticks = NULL;
  gboolean bars = self->kind == VS_CHART_BARS;
  double header, y_label_w = 0, plot_h;
  guint max_ticks;

  chart_colors (dark, &colors);
  if (flags & VS_CHART_DRAW_BACKGROUND)
    {
      set_source (cr, &colors.background);
      cairo_paint (cr);
    }

  chart_text_init (self, &text);
  header = draw_header (self, cr, &text, &colors, width, height, dark, !bars);

  if (!_vs_chart_has_data (self))
    {
      const char *empty = _("No data yet");
      int tw, th;

      pango_layout_set_text (text.label, empty, -1);
      pango_layout_get_pixel_size (text.label, &tw, &th);
      show_text (cr, text.label, empty, (width - tw) / 2.0,
                 header + (height - header - th) / 2.0, &colors.dim);
      chart_text_clear (&text);
      if (frame != NULL)
        *frame = f;
      return;
    }

  /* vertical: header, the top label's upper half (bars: their value labels), plot, x labels */
  f.top = PAD + header + (header > 0 ? 10 : 0) + text.label_height / 2.0;
  if (bars)
    f.top += text.label_height;
  f.bottom = height - PAD - text.label_height - 4;
  if (f.bottom - f.top < 10)
    f.bottom = f.top + 10;
  plot_h = f.bottom - f.top;

  max_ticks = (guint) CLAMP (plot_h / (text.label_height * 2.2), 2, 10);
  y_ticks = y_axis (self, max_ticks, &f.y_min, &f.y_max);
  f.y_log = self->y_log;

  for (guint i = 0; i < y_ticks->len; i++)
    {
      const VsChartTick *tick = &g_array_index (y_ticks, VsChartTick, i);

      y_label_w = MAX (y_label_w, text_width (text.label, tick->label));
    }

  f.left = PAD + y_label_w + 6;
  f.right = width - PAD - (bars ? 0 : 4);
  if (f.right - f.left < 10)
    f.right = f.left + 10;

  if (bars)
    {
      f.x_min = 0;
      f.x_max = MAX (self->series->len, 1);
    }
  else
    {
      /* as many x labels as fit with some air between them */
      max_ticks = (guint) CLAMP ((f.right - f.left) / 70, 3, 12);
      for (;;)
        {
          x_ticks = x_axis (self, max_ticks, &f.x_min, &f.x_max);
          if (max_ticks <= 3 || self->kind == VS_CHART_PERCENTILES || self->kind == VS_CHART_SWEEP ||
              x_labels_fit (x_ticks, &text, &f))
            break;
          max_ticks--;
          g_clear_pointer (&x_ticks, g_array_unref);
        }
      /* the nines cannot be spread out: drop the ones that would collide */
      x_labels_thin (x_ticks, &text, &f);
    }

  /* grid and y labels */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < y_ticks->len; i++)
    {
      const VsChartTick *tick = &g_array_index (y_ticks, VsChartTick, i);
      double y = f.top + vs_chart_map (tick->value, f.y_min, f.y_max, plot_h, f.y_log, TRUE);
      int tw = text_width (text.label, tick->label);

      show_text (cr, text.label, tick->label, f.left - 6 - tw, y - text.label_height / 2.0,
                 &colors.dim);
      set_source (cr, &colors.grid);
      cairo_move_to (cr, f.left, floor (y) + 0.5);
      cairo_line_to (cr, f.right, floor (y) + 0.5);
      cairo_stroke (cr);
    }

  /* vertical grid and x labels */
  if (x_ticks != NULL)
    {
      for (guint i = 0; i < x_ticks->len; i++)
        {
          const VsChartTick *tick = &g_array_index (x_ticks, VsChartTick, i);
          double x = f.left + vs_chart_map (tick->value, f.x_min, f.x_max, f.right - f.left,
                                            FALSE, FALSE);
          int tw = text_width (text.label, tick->label);
          double lx = CLAMP (x - tw / 2.0, f.left - 4, width - PAD - tw);

          show_text (cr, text.label, tick->label, lx, f.bottom + 4, &colors.dim);
          set_source (cr, &colors.grid);
          cairo_move_to (cr, floor (x) + 0.5, f.top);
          cairo_line_to (cr, floor (x) + 0.5, f.bottom);
          cairo_stroke (cr);
        }
    }

  /* the x axis */
  set_source (cr, &colors.axis);
  cairo_move_to (cr, f.left, floor (f.bottom) + 0.5);
  cairo_line_to (cr, f.right, floor (f.bottom) + 0.5);
  cairo_stroke (cr);

  if (bars)
    draw_bars (self, cr, &text, &f, &colors, dark);
  else
    draw_lines (self, cr, &f, dark, scale, flags);
  draw_marks (self, cr, &text, &f, &colors, dark);

  f.valid = TRUE;
  if (frame != NULL)
    *frame = f;
  chart_text_clear (&text);
}

void
_vs_chart_draw (VsChart          *self,
                cairo_t          *cr,
                int               width,
                int               height,
                gboolean          dark,
                VsChartDrawFlags  flags)
{
  double sx = 1, sy = 1;

  g_return_if_fail (VS_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  /* HiDPI image surfaces get their lines rasterized at their scale */
  cairo_surface_get_device_scale (cairo_get_target (cr), &sx, &sy);
  cairo_save (cr);
  _vs_chart_draw_frame (self, cr, width, height, (int) CLAMP (ceil (MAX (sx, sy)), 1, 4), dark, flags, NULL);
  cairo_restore (cr);
}

/* Hover -------------------------------------------------------------------- */

guint
_vs_chart_nearest_index (const double *x,
               guint         n,
               double        target)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (x[mid] < target)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == n)
    return n - 1;
  if (lo > 0 && target - x[lo - 1] <= x[lo] - target)
    return lo - 1;
  return lo;
}

typedef struct
{
  char    *label;
  char    *value;
  GdkRGBA  color;
  gboolean dashed;
} VsHoverRow;

static void
hover_row_clear (gpointer data)
{
  VsHoverRow *row = data;

  g_free (row->label);
  g_free (row->value);
}

void
_vs_chart_draw_hover (VsChart *self,
            cairo_t *cr,
            int      width,
            int      height,
            gboolean dark)
{
  const VsChartFrame *f = &self->frame;
  g_autoptr(GArray) rows = NULL;
  g_autofree char *header = NULL;
  VsChartText text = { 0 };
  VsChartColors colors;
  double px = self->hover_x, w = f->right - f->left, h = f->bottom - f->top;
  double box_w, box_h, bx, by, label_w = 0, value_w = 0, header_w = 0, line_h;

  if (!f->valid || px < f->left || px > f->right ||
      self->hover_y < f->top || self->hover_y > f->bottom)
    return;

  chart_colors (dark, &colors);
  rows = g_array_new (FALSE, TRUE, sizeof (VsHoverRow));
  g_array_set_clear_func (rows, hover_row_clear);

  if (self->kind == VS_CHART_BARS)
    {
      guint n = self->series->len;
      const VsChartSeries *s;
      VsHoverRow row = { 0 };
      double x, y;
      guint i;

      if (n == 0)
        return;
      i = (guint) CLAMP ((px - f->left) / (w / n), 0, n - 1);
      s = g_ptr_array_index (self->series, i);

      row.label = g_strdup (s->label ? s->label : "");
      row.value = _vs_chart_series_last (s, &x, &y) ? vs_chart_format_value (y, self->y_unit)
                                          : g_strdup ("–");
      _vs_chart_series_color (self, s, dark, &row.color);
      g_array_append_val (rows, row);
    }
  else
    {
      double dx = f->x_min + (px - f->left) / w * (f->x_max - f->x_min);
      double target = from_space (self, dx);
      double best = INFINITY, best_x = target;

      /* the guide */
      set_source (cr, &colors.axis);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, floor (px) + 0.5, f->top);
      cairo_line_to (cr, floor (px) + 0.5, f->bottom);
      cairo_stroke (cr);

      for (guint i = 0; i < self->series->len; i++)
        {
          const VsChartSeries *s = g_ptr_array_index (self->series, i);
          const double *xs = (const double *) (gpointer) s->x->data;
          const double *ys = (const double *) (gpointer) s->y->data;
          VsHoverRow row = { 0 };
          guint j;
          double sx, sy;

          if (s->n_finite == 0)
            continue;

          /* x is sorted: binary search */
          j = _vs_chart_nearest_index (xs, s->x->len, target);
          sx = to_space (self, xs[j]);
          sx = f->left + vs_chart_map (sx, f->x_min, f->x_max, w, FALSE, FALSE);
          if (fabs (sx - px) < best)
            {
              best = fabs (sx - px);
              best_x = xs[j];
            }

          row.label = g_strdup (s->label ? s->label : "");
          row.value = vs_chart_format_value (ys[j], self->y_unit);
          row.dashed = s->dashed;
          _vs_chart_series_color (self, s, dark, &row.color);
          g_array_append_val (rows, row);

          if (isfinite (ys[j]))
            {
              sy = f->top + vs_chart_map (ys[j], f->y_min, f->y_max, h, f->y_log, TRUE);
              cairo_new_path (cr);
              cairo_arc (cr, sx, sy, 3.5, 0, 2 * G_PI);
              set_source (cr, &colors.background);
              cairo_fill_preserve (cr);
              set_source (cr, &row.color);
              cairo_set_line_width (cr, 2);
              cairo_stroke (cr);
            }
        }

      if (self->kind == VS_CHART_PERCENTILES)
        {
          /* a digit past the nines: p99.92, p50.3 */
          int decimals = (int) CLAMP (floor (vs_chart_percentile_x (best_x)), 1, 6);
          double scale = pow (10, decimals);
          g_autofree char *p = vs_chart_format_value (round (best_x * scale) / scale,
                                                      VS_UNIT_PERCENTILE);

          header = g_strdup_printf ("p%s", p);
        }
      else
        header = vs_chart_format_value (best_x, self->x_unit);
    }

  if (rows->len == 0)
    return;

  chart_text_init (self, &text);
  line_h = text.label_height + 3;
  if (header != NULL)
    header_w = text_width (text.title, header);
  for (guint i = 0; i < rows->len; i++)
    {
      const VsHoverRow *row = &g_array_index (rows, VsHoverRow, i);

      label_w = MAX (label_w, text_width (text.label, row->label));
      value_w = MAX (value_w, text_width (text.label, row->value));
    }

  box_w = MAX (header_w, LEGEND_SWATCH + LEGEND_GAP + label_w + 12 + value_w) + 16;
  box_h = rows->len * line_h + (header != NULL ? line_h + 2 : 0) + 10;
  bx = px + 12;
  if (bx + box_w > width - 2)
    bx = px - 12 - box_w;
  bx = MAX (bx, 2);
  by = CLAMP (self->hover_y - box_h / 2, f->top, MAX (f->top, f->bottom - box_h));

  rounded_rectangle (cr, floor (bx) + 0.5, floor (by) + 0.5, ceil (box_w), ceil (box_h), 6);
  set_source (cr, &colors.box);
  cairo_fill_preserve (cr);
  set_source (cr, &colors.box_border);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  bx += 8;
  by += 5;
  if (header != NULL)
    {
      pango_layout_set_text (text.title, header, -1);
      set_source (cr, &colors.text);
      cairo_move_to (cr, bx, by);
      pango_cairo_show_layout (cr, text.title);
      by += line_h + 2;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const VsHoverRow *row = &g_array_index (rows, VsHoverRow, i);
      int vw;

      draw_swatch (cr, bx, by + text.label_height / 2.0 + 0.5, &row->color, row->dashed);
      show_text (cr, text.label, row->label, bx + LEGEND_SWATCH + LEGEND_GAP, by, &colors.dim);
      vw = text_width (text.label, row->value);
      show_text (cr, text.label, row->value, bx + box_w - 16 - vw, by, &colors.text);
      by += line_h;
    }

  chart_text_clear (&text);
}

