/* vs-chart.h — native charts drawn with GtkSnapshot
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vs-chart-scale.h"

G_BEGIN_DECLS

typedef enum
{
  VS_CHART_LINES,        /* time series: x in seconds, one line per series */
  VS_CHART_PERCENTILES,  /* latency by percentile: x is a percentile 0 … 99.999 on a
                            "nines" scale (-log10 (1 - p/100)), HdrHistogram style */
  VS_CHART_BARS,         /* one bar per series (its last y), labelled with the series label */
  VS_CHART_SWEEP,        /* a sweep: x on a log scale with a tick at each level (connections,
                            offered rates), every point marked, a series' interval band, and
                            marks across the plot (where a target saturates) */
} VsChartKind;

#define VS_TYPE_CHART (vs_chart_get_type ())
G_DECLARE_FINAL_TYPE (VsChart, vs_chart, VS, CHART, GtkWidget)

GtkWidget  *vs_chart_new               (VsChartKind     kind);
VsChartKind vs_chart_get_kind          (VsChart        *self);
void        vs_chart_set_title         (VsChart        *self,
                                        const char     *title);
const char *vs_chart_get_title         (VsChart        *self);
void        vs_chart_set_units         (VsChart        *self,
                                        VsUnit          x_unit,
                                        VsUnit          y_unit);
/* Fixed axis ranges; NAN for either end keeps it automatic (the default). The
 * x range of a percentile chart is in percentiles (0 … 99.999). */
void        vs_chart_set_x_range       (VsChart        *self,
                                        double          min,
                                        double          max);
void        vs_chart_get_x_range       (VsChart        *self,
                                        double         *min,
                                        double         *max);
void        vs_chart_set_y_range       (VsChart        *self,
                                        double          min,
                                        double          max);
/* A logarithmic y axis (latency); off by default. */
void        vs_chart_set_y_log         (VsChart        *self,
                                        gboolean        y_log);
gboolean    vs_chart_get_y_log         (VsChart        *self);

/* Series: returns its index. Colours: vs_chart_target_color(); a colour from
 * it (or NULL: the palette colour of the series index) follows the light/dark
 * style, any other colour is used as it is. */
guint       vs_chart_add_series        (VsChart        *self,
                                        const char     *label,
                                        const GdkRGBA  *color);
guint       vs_chart_get_n_series      (VsChart        *self);
void        vs_chart_series_append     (VsChart        *self,
                                        guint           series,
                                        double          x,
                                        double          y);
/* @x may be NULL: the points are then numbered 0 … n - 1. */
void        vs_chart_series_set_data   (VsChart        *self,
                                        guint           series,
                                        const double   *x,
                                        const double   *y,
                                        guint           n);
guint       vs_chart_series_get_n_points (VsChart      *self,
                                        guint           series);
/* A point with the interval around it (VS_CHART_SWEEP draws the band
 * between @low and @high in the series' colour). */
void        vs_chart_series_append_band (VsChart       *self,
                                        guint           series,
                                        double          x,
                                        double          y,
                                        double          low,
                                        double          high);
/* A dashed line across the plot at @x in @series' colour, labelled at its
 * top (VS_CHART_SWEEP: a saturation point). */
void        vs_chart_add_mark          (VsChart        *self,
                                        double          x,
                                        const char     *label,
                                        guint           series);
guint       vs_chart_get_n_marks       (VsChart        *self);
/* Dashed line (e.g. p50 beside a solid p99 in the same colour). */
void        vs_chart_series_set_dashed (VsChart        *self,
                                        guint           series,
                                        gboolean        dashed);
void        vs_chart_clear             (VsChart        *self);   /* removes every series */

/* Exports what is drawn, at the given size, with the current style. */
gboolean    vs_chart_save_png          (VsChart        *self,
                                        const char     *path,
                                        int             width,
                                        int             height,
                                        GError        **error);
gboolean    vs_chart_save_svg          (VsChart        *self,
                                        const char     *path,
                                        int             width,
                                        int             height,
                                        GError        **error);
/* The chart as text for screen readers: title and latest values; also set
 * as the accessible description. */
char       *vs_chart_describe          (VsChart        *self);

/* The colour of target @index, the same everywhere in Versus. */
void        vs_chart_target_color      (guint           index,
                                        gboolean        dark,
                                        GdkRGBA        *color);

G_END_DECLS
