/* vs-chart.c — native charts drawn with GtkSnapshot
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

/* Data and drawing are kept apart: each series is two flat arrays of doubles
 * plus its bounds, kept up to date as points arrive, and one cairo routine
 * (_vs_chart_draw, vs-chart-render.c) draws the whole chart from them. The snapshot wraps that
 * routine in a cairo render node which is kept until the data, the size or
 * the style change, so a hover only redraws the small overlay on top of it.
 * Lines are decimated to one min/max pair per pixel column before the path is
 * built (an hour at 4 Hz is 14,400 points for ~1,000 columns), into scratch
 * buffers owned by the widget: drawing allocates nothing per point. GTK 4.8
 * has no GskPath, hence cairo (gtk_snapshot_append_cairo).
 *
 * The chart in files: this one is the widget (series, snapshot, hover,
 * accessibility, API); vs-chart-render.c draws, vs-chart-raster.c
 * rasterizes lines, vs-chart-export.c writes PNG and SVG, and the
 * arithmetic (ticks, formats, decimation) is GTK-free in
 * src/core/vs-chart-scale.c. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <cairo.h>

#include "vs-chart.h"
#include "vs-chart-private.h"

#define A11Y_INTERVAL_MS 1000

G_DEFINE_FINAL_TYPE (VsChart, vs_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_Y_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Palette ------------------------------------------------------------------ */

/* GNOME palette: the 3 shades on light backgrounds, the lighter 2 shades on
 * dark ones. Yellow 3 is too pale on white, so light mode takes yellow 5. */
static const guint32 palette_light[] = {
  0x3584e4, /* blue 3 */
  0xff7800, /* orange 3 */
  0x33d17a, /* green 3 */
  0x9141ac, /* purple 3 */
  0xe01b24, /* red 3 */
  0xe5a50a, /* yellow 5 */
  0x986a44, /* brown 3 */
  0x5e5c64, /* dark 2 */
};

static const guint32 palette_dark[] = {
  0x62a0ea, /* blue 2 */
  0xffa348, /* orange 2 */
  0x57e389, /* green 2 */
  0xc061cb, /* purple 2 */
  0xf66151, /* red 2 */
  0xf6d32d, /* yellow 3 */
  0xcdab8f, /* brown 1 */
  0xc0bfbc, /* light 4 */
};

G_STATIC_ASSERT (G_N_ELEMENTS (palette_light) == G_N_ELEMENTS (palette_dark));

static void
rgba_from_hex (guint32  hex,
               GdkRGBA *color)
{
  color->red = ((hex >> 16) & 0xff) / 255.0f;
  color->green = ((hex >> 8) & 0xff) / 255.0f;
  color->blue = (hex & 0xff) / 255.0f;
  color->alpha = 1.0f;
}

void
vs_chart_target_color (guint    index,
                       gboolean dark,
                       GdkRGBA *color)
{
  g_return_if_fail (color != NULL);

  index %= G_N_ELEMENTS (palette_light);
  rgba_from_hex (dark ? palette_dark[index] : palette_light[index], color);
}

/* A colour handed in from vs_chart_target_color() keeps following the style. */
static int
palette_index_of (const GdkRGBA *color)
{
  for (guint i = 0; i < G_N_ELEMENTS (palette_light); i++)
    {
      GdkRGBA light, dark;

      rgba_from_hex (palette_light[i], &light);
      rgba_from_hex (palette_dark[i], &dark);
      if (gdk_rgba_equal (color, &light) || gdk_rgba_equal (color, &dark))
        return (int) i;
    }

  return -1;
}

/* Series ------------------------------------------------------------------- */

static void
series_free (gpointer data)
{
  VsChartSeries *s = data;

  g_free (s->label);
  g_array_unref (s->x);
  g_array_unref (s->y);
  g_clear_pointer (&s->low, g_array_unref);
  g_clear_pointer (&s->high, g_array_unref);
  g_free (s);
}

static void
mark_clear (gpointer data)
{
  VsChartMark *mark = data;

  g_free (mark->label);
}

static void
series_reset_bounds (VsChartSeries *s)
{
  s->n_finite = 0;
  s->x_min = s->y_min = s->y_min_pos = INFINITY;
  s->x_max = s->y_max = -INFINITY;
}

static void
series_add_bounds (VsChartSeries *s,
                   double         x,
                   double         y)
{
  if (!isfinite (x) || !isfinite (y))
    return;

  s->n_finite++;
  s->x_min = MIN (s->x_min, x);
  s->x_max = MAX (s->x_max, x);
  s->y_min = MIN (s->y_min, y);
  s->y_max = MAX (s->y_max, y);
  if (y > 0)
    s->y_min_pos = MIN (s->y_min_pos, y);
}

/* The last point with a finite y (a bar's value), or FALSE. */
gboolean
_vs_chart_series_last (const VsChartSeries *s,
                       double              *x,
                       double              *y)
{
  for (guint i = s->y->len; i > 0; i--)
    {
      double yi = g_array_index (s->y, double, i - 1);
      double xi = g_array_index (s->x, double, i - 1);

      if (isfinite (yi) && isfinite (xi))
        {
          *x = xi;
          *y = yi;
          return TRUE;
        }
    }

  return FALSE;
}

void
_vs_chart_series_color (VsChart             *self,
                        const VsChartSeries *s,
                        gboolean             dark,
                        GdkRGBA             *color)
{
  if (s->target >= 0)
    vs_chart_target_color ((guint) s->target, dark, color);
  else
    *color = s->color;
}

gboolean
_vs_chart_has_data (VsChart *self)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      const VsChartSeries *s = g_ptr_array_index (self->series, i);

      if (s->n_finite > 0)
        return TRUE;
    }

  return FALSE;
}

/* Widget ------------------------------------------------------------------- */

static gboolean
a11y_update_cb (gpointer data)
{
  VsChart *self = data;
  g_autofree char *description = NULL;

  self->a11y_source = 0;
  self->a11y_last = g_get_monotonic_time ();
  description = vs_chart_describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  return G_SOURCE_REMOVE;
}

/* Points arrive at 4 Hz; screen readers need not hear every one. */
static void
schedule_a11y_update (VsChart *self)
{
  gint64 since_ms;
  guint delay;

  if (self->a11y_source != 0 || self->disposed)
    return;

  since_ms = (g_get_monotonic_time () - self->a11y_last) / 1000;
  delay = since_ms >= A11Y_INTERVAL_MS ? 0 : (guint) (A11Y_INTERVAL_MS - since_ms);
  self->a11y_source = g_timeout_add_full (G_PRIORITY_LOW, delay, a11y_update_cb, self, NULL);
  g_source_set_name_by_id (self->a11y_source, "[versus] chart description");
}

void
_vs_chart_invalidate (VsChart *self)
{
  g_return_if_fail (VS_IS_CHART (self));

  g_clear_pointer (&self->content, gsk_render_node_unref);
}

static void
vs_chart_changed (VsChart  *self,
                  gboolean  data)
{
  _vs_chart_invalidate (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (data)
    schedule_a11y_update (self);
}

static void
dark_changed_cb (VsChart         *self,
                 GParamSpec      *pspec,
                 AdwStyleManager *manager)
{
  gboolean dark = adw_style_manager_get_dark (manager);

  if (dark == self->dark)
    return;
  self->dark = dark;
  vs_chart_changed (self, FALSE);
}

static void
motion_cb (VsChart                  *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  _vs_chart_set_hover (self, x, y);
}

static void
leave_cb (VsChart                  *self,
          GtkEventControllerMotion *motion)
{
  _vs_chart_set_hover (self, -1, -1);
}

void
_vs_chart_set_hover (VsChart *self,
                     double   x,
                     double   y)
{
  gboolean hovering = x >= 0;

  g_return_if_fail (VS_IS_CHART (self));

  if (hovering == self->hovering && (!hovering || (x == self->hover_x && y == self->hover_y)))
    return;

  self->hovering = hovering;
  self->hover_x = x;
  self->hover_y = y;
  /* the content node is kept: only the overlay is drawn again */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
_vs_chart_get_plot_area (VsChart         *self,
                         graphene_rect_t *area)
{
  g_return_val_if_fail (VS_IS_CHART (self), FALSE);

  if (!self->frame.valid)
    return FALSE;
  graphene_rect_init (area, self->frame.left, self->frame.top,
                      self->frame.right - self->frame.left, self->frame.bottom - self->frame.top);
  return TRUE;
}

gboolean
_vs_chart_get_dark (VsChart *self)
{
  g_return_val_if_fail (VS_IS_CHART (self), FALSE);

  return self->dark;
}

static void
vs_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  VsChart *self = VS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  graphene_rect_t bounds;

  if (width <= 0 || height <= 0)
    return;

  graphene_rect_init (&bounds, 0, 0, width, height);

  if (self->content == NULL || self->content_width != width || self->content_height != height ||
      self->content_scale != scale)
    {
      cairo_t *cr;

      g_clear_pointer (&self->content, gsk_render_node_unref);
      self->content = gsk_cairo_node_new (&bounds);
      self->content_width = width;
      self->content_height = height;
      self->content_scale = scale;
      cr = gsk_cairo_node_get_draw_context (self->content);
      _vs_chart_draw_frame (self, cr, width, height, scale, self->dark, VS_CHART_DRAW_DEFAULT, &self->frame);
      cairo_destroy (cr);
    }

  gtk_snapshot_append_node (snapshot, self->content);

  if (self->hovering && self->frame.valid)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

      _vs_chart_draw_hover (self, cr, width, height, self->dark);
      cairo_destroy (cr);
    }
}

static void
vs_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = 120;
      *natural = 240;
    }
}

static void
vs_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (vs_chart_parent_class)->css_changed (widget, change);

  /* fonts may have changed */
  vs_chart_changed (VS_CHART (widget), FALSE);
}

static void
vs_chart_system_setting_changed (GtkWidget        *widget,
                                 GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (vs_chart_parent_class)->system_setting_changed (widget, setting);

  vs_chart_changed (VS_CHART (widget), FALSE);
}

static void
vs_chart_dispose (GObject *object)
{
  VsChart *self = VS_CHART (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->a11y_source, g_source_remove);
  g_clear_pointer (&self->content, gsk_render_node_unref);

  G_OBJECT_CLASS (vs_chart_parent_class)->dispose (object);
}

static void
vs_chart_finalize (GObject *object)
{
  VsChart *self = VS_CHART (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->scratch_x, g_free);
  g_clear_pointer (&self->scratch_y, g_free);
  g_clear_pointer (&self->scratch_t, g_free);
  g_clear_pointer (&self->spans, g_free);

  G_OBJECT_CLASS (vs_chart_parent_class)->finalize (object);
}

static void
vs_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  VsChart *self = VS_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_Y_LOG:
      g_value_set_boolean (value, self->y_log);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  VsChart *self = VS_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_uint (value);
      break;

    case PROP_TITLE:
      vs_chart_set_title (self, g_value_get_string (value));
      break;

    case PROP_Y_LOG:
      vs_chart_set_y_log (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_chart_class_init (VsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_chart_dispose;
  object_class->finalize = vs_chart_finalize;
  object_class->get_property = vs_chart_get_property;
  object_class->set_property = vs_chart_set_property;

  widget_class->snapshot = vs_chart_snapshot;
  widget_class->measure = vs_chart_measure;
  widget_class->css_changed = vs_chart_css_changed;
  widget_class->system_setting_changed = vs_chart_system_setting_changed;

  /* VsChartKind */
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL,
                       VS_CHART_LINES, VS_CHART_SWEEP, VS_CHART_LINES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_LOG] =
    g_param_spec_boolean ("y-log", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vs_chart_init (VsChart *self)
{
  GtkEventController *motion;

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->marks = g_array_new (FALSE, TRUE, sizeof (VsChartMark));
  g_array_set_clear_func (self->marks, mark_clear);
  self->x_unit = VS_UNIT_SECONDS;
  self->y_unit = VS_UNIT_NONE;
  self->x_range[0] = self->x_range[1] = NAN;
  self->y_range[0] = self->y_range[1] = NAN;

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  if (adw_is_initialized ())
    {
      AdwStyleManager *manager = adw_style_manager_get_default ();

      self->dark = adw_style_manager_get_dark (manager);
      g_signal_connect_object (manager, "notify::dark", G_CALLBACK (dark_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  schedule_a11y_update (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
vs_chart_new (VsChartKind kind)
{
  g_return_val_if_fail (kind <= VS_CHART_SWEEP, NULL);

  return g_object_new (VS_TYPE_CHART, "kind", (guint) kind, NULL);
}

VsChartKind
vs_chart_get_kind (VsChart *self)
{
  g_return_val_if_fail (VS_IS_CHART (self), VS_CHART_LINES);

  return self->kind;
}

void
vs_chart_set_title (VsChart    *self,
                    const char *title)
{
  g_return_if_fail (VS_IS_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  vs_chart_changed (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * vs_chart_get_title:
 *
 * Returns: (transfer none) (nullable): the title
 */
const char *
vs_chart_get_title (VsChart *self)
{
  g_return_val_if_fail (VS_IS_CHART (self), NULL);

  return self->title;
}

void
vs_chart_set_units (VsChart *self,
                    VsUnit   x_unit,
                    VsUnit   y_unit)
{
  g_return_if_fail (VS_IS_CHART (self));

  if (self->x_unit == x_unit && self->y_unit == y_unit)
    return;

  self->x_unit = x_unit;
  self->y_unit = y_unit;
  vs_chart_changed (self, TRUE);
}

void
vs_chart_set_x_range (VsChart *self,
                      double   min,
                      double   max)
{
  g_return_if_fail (VS_IS_CHART (self));

  self->x_range[0] = min;
  self->x_range[1] = max;
  vs_chart_changed (self, FALSE);
}

/* The fixed x range (NAN: automatic) */
void
vs_chart_get_x_range (VsChart *self,
                      double  *min,
                      double  *max)
{
  g_return_if_fail (VS_IS_CHART (self));

  if (min != NULL)
    *min = self->x_range[0];
  if (max != NULL)
    *max = self->x_range[1];
}

void
vs_chart_set_y_range (VsChart *self,
                      double   min,
                      double   max)
{
  g_return_if_fail (VS_IS_CHART (self));

  self->y_range[0] = min;
  self->y_range[1] = max;
  vs_chart_changed (self, FALSE);
}

void
vs_chart_set_y_log (VsChart  *self,
                    gboolean  y_log)
{
  g_return_if_fail (VS_IS_CHART (self));

  y_log = !!y_log;
  if (self->y_log == (guint) y_log)
    return;

  self->y_log = y_log;
  vs_chart_changed (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_LOG]);
}

gboolean
vs_chart_get_y_log (VsChart *self)
{
  g_return_val_if_fail (VS_IS_CHART (self), FALSE);

  return self->y_log;
}

guint
vs_chart_add_series (VsChart       *self,
                     const char    *label,
                     const GdkRGBA *color)
{
  VsChartSeries *s;

  g_return_val_if_fail (VS_IS_CHART (self), 0);

  s = g_new0 (VsChartSeries, 1);
  s->label = g_strdup (label);
  s->x = g_array_new (FALSE, FALSE, sizeof (double));
  s->y = g_array_new (FALSE, FALSE, sizeof (double));
  series_reset_bounds (s);
  if (color == NULL)
    s->target = (int) self->series->len;
  else if ((s->target = palette_index_of (color)) < 0)
    s->color = *color;
  g_ptr_array_add (self->series, s);

  vs_chart_changed (self, TRUE);
  return self->series->len - 1;
}

guint
vs_chart_get_n_series (VsChart *self)
{
  g_return_val_if_fail (VS_IS_CHART (self), 0);

  return self->series->len;
}

void
vs_chart_series_append (VsChart *self,
                        guint    series,
                        double   x,
                        double   y)
{
  VsChartSeries *s;

  g_return_if_fail (VS_IS_CHART (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  g_array_append_val (s->x, x);
  g_array_append_val (s->y, y);
  series_add_bounds (s, x, y);
  vs_chart_changed (self, TRUE);
}

void
vs_chart_series_append_band (VsChart *self,
                             guint    series,
                             double   x,
                             double   y,
                             double   low,
                             double   high)
{
  VsChartSeries *s;

  g_return_if_fail (VS_IS_CHART (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  if (s->low == NULL)
    {
      double nan = NAN;

      /* the points before had no band */
      s->low = g_array_new (FALSE, FALSE, sizeof (double));
      s->high = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < s->x->len; i++)
        {
          g_array_append_val (s->low, nan);
          g_array_append_val (s->high, nan);
        }
    }
  g_array_append_val (s->low, low);
  g_array_append_val (s->high, high);
  /* the band counts in the y range */
  if (isfinite (x) && isfinite (low) && isfinite (high))
    {
      s->y_min = MIN (s->y_min, low);
      s->y_max = MAX (s->y_max, high);
      if (low > 0)
        s->y_min_pos = MIN (s->y_min_pos, low);
    }
  vs_chart_series_append (self, series, x, y);
}

void
vs_chart_add_mark (VsChart    *self,
                   double      x,
                   const char *label,
                   guint       series)
{
  VsChartMark mark = { x, g_strdup (label), series };

  g_return_if_fail (VS_IS_CHART (self));

  g_array_append_val (self->marks, mark);
  vs_chart_changed (self, TRUE);
}

guint
vs_chart_get_n_marks (VsChart *self)
{
  g_return_val_if_fail (VS_IS_CHART (self), 0);
  return self->marks->len;
}

void
vs_chart_series_set_data (VsChart      *self,
                          guint         series,
                          const double *x,
                          const double *y,
                          guint         n)
{
  VsChartSeries *s;

  g_return_if_fail (VS_IS_CHART (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (n == 0 || y != NULL);

  s = g_ptr_array_index (self->series, series);
  g_array_set_size (s->x, n);
  g_array_set_size (s->y, n);
  /* new points: the old bands no longer match them */
  g_clear_pointer (&s->low, g_array_unref);
  g_clear_pointer (&s->high, g_array_unref);
  series_reset_bounds (s);
  for (guint i = 0; i < n; i++)
    {
      /* without x, points are numbered */
      double xi = x != NULL ? x[i] : i;

      g_array_index (s->x, double, i) = xi;
      g_array_index (s->y, double, i) = y[i];
      series_add_bounds (s, xi, y[i]);
    }
  vs_chart_changed (self, TRUE);
}

guint
vs_chart_series_get_n_points (VsChart *self,
                              guint    series)
{
  g_return_val_if_fail (VS_IS_CHART (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return ((VsChartSeries *) g_ptr_array_index (self->series, series))->x->len;
}

void
vs_chart_series_set_dashed (VsChart  *self,
                            guint     series,
                            gboolean  dashed)
{
  VsChartSeries *s;

  g_return_if_fail (VS_IS_CHART (self));
  g_return_if_fail (series < self->series->len);

  s = g_ptr_array_index (self->series, series);
  if (s->dashed == (guint) !!dashed)
    return;
  s->dashed = !!dashed;
  vs_chart_changed (self, FALSE);
}

void
vs_chart_clear (VsChart *self)
{
  g_return_if_fail (VS_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->marks, 0);
  vs_chart_changed (self, TRUE);
}

/* Description -------------------------------------------------------------- */

static double
value_at_percentile (const VsChartSeries *s,
                     double               p)
{
  const double *xs = (const double *) (gpointer) s->x->data;
  guint j = _vs_chart_nearest_index (xs, s->x->len, p);

  return g_array_index (s->y, double, j);
}

char *
vs_chart_describe (VsChart *self)
{
  static const double key_percentiles[] = { 50, 90, 99, 99.9 };
  GString *str;

  g_return_val_if_fail (VS_IS_CHART (self), NULL);

  str = g_string_new (self->title != NULL && self->title[0] != '\0' ? self->title : _("Chart"));
  g_string_append (str, ". ");

  if (!_vs_chart_has_data (self))
    {
      g_string_append (str, _("No data yet."));
      return g_string_free (str, FALSE);
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      const VsChartSeries *s = g_ptr_array_index (self->series, i);
      const char *label = s->label != NULL ? s->label : "";
      double x, y;

      if (s->n_finite == 0 || !_vs_chart_series_last (s, &x, &y))
        continue;

      if (i > 0 && str->str[str->len - 1] != ' ')
        g_string_append_c (str, ' ');

      switch (self->kind)
        {
        case VS_CHART_PERCENTILES:
          g_string_append_printf (str, "%s:", label);
          for (guint k = 0; k < G_N_ELEMENTS (key_percentiles); k++)
            {
              g_autofree char *v = NULL;

              if (key_percentiles[k] > s->x_max + 1e-9)
                break;
              v = vs_chart_format_value (value_at_percentile (s, key_percentiles[k]), self->y_unit);
              g_string_append_printf (str, " p%g %s,", key_percentiles[k], v);
            }
          {
            g_autofree char *p = vs_chart_format_value (x, VS_UNIT_PERCENTILE);
            g_autofree char *v = vs_chart_format_value (y, self->y_unit);

            /* the highest percentile, usually the maximum */
            g_string_append_printf (str, " p%s %s.", p, v);
          }
          break;

        case VS_CHART_BARS:
          {
            g_autofree char *v = vs_chart_format_value (y, self->y_unit);

            g_string_append_printf (str, "%s: %s.", label, v);
          }
          break;

        case VS_CHART_LINES:
        case VS_CHART_SWEEP:
        default:
          {
            g_autofree char *v = vs_chart_format_value (y, self->y_unit);
            g_autofree char *at = vs_chart_format_value (x, self->x_unit);

            /* Translators: "Express: 12.3k req/s at 1 min 5 s." */
            g_string_append_printf (str, _("%s: %s at %s."), label, v, at);
          }
          break;
        }
    }

  return g_string_free (str, FALSE);
}
