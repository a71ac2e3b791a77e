/* vs-chart-scale.h — the charts' arithmetic: ticks, number formats, mapping, decimation
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The nines scale of a percentile chart ends here: percentile_x (99.99999) */
#define VS_CHART_MAX_NINES 7.0

typedef enum
{
  VS_UNIT_NONE,
  VS_UNIT_SECONDS,           /* "10 s", "1 min" */
  VS_UNIT_REQUESTS_PER_S,    /* "12k req/s" */
  VS_UNIT_MILLISECONDS,      /* values in ms; ticks "250 µs", "1.5 ms", "2 s" */
  VS_UNIT_PERCENT,           /* "50 %" */
  VS_UNIT_BYTES,             /* "64 MB" */
  VS_UNIT_PERCENTILE,        /* "99.9" (the x axis of VS_CHART_PERCENTILES) */
} VsUnit;

/* One tick of an axis: where, and its label. */
typedef struct
{
  double value;
  char  *label;
} VsChartTick;

/* "Nice" ticks (1, 2, 2.5, 5 × 10^k) covering [min, max], at most @max_ticks
 * (but 3 for a range across 0). Seconds step in minutes and hours past a
 * minute; percentiles get the nines 0, 90, 99, 99.9 … up to @max. */
GArray     *vs_chart_nice_ticks        (double          min,
                                        double          max,
                                        guint           max_ticks,
                                        VsUnit          unit);   /* (element-type VsChartTick) */
/* Ticks of a logarithmic axis: the decades covering [min, max] (both > 0),
 * with 2 and 5 × 10^k in between when that is at most two decades. */
GArray     *vs_chart_log_ticks         (double          min,
                                        double          max,
                                        VsUnit          unit);   /* (element-type VsChartTick) */
GArray     *vs_chart_ticks_new         (void);   /* (element-type VsChartTick), empty */
void        vs_chart_ticks_free        (GArray         *ticks);
char       *vs_chart_format_value      (double          value,
                                        VsUnit          unit);
/* Maps @value in [min, max] to a pixel in [0, length] (y: 0 at the top
 * when @flip); logarithmic when @log. */
double      vs_chart_map               (double          value,
                                        double          min,
                                        double          max,
                                        double          length,
                                        gboolean        log,
                                        gboolean        flip);
/* Decimation to one min/max pair per pixel column: writes at most
 * 2 × @width points into @out_x/@out_y (preallocated), returns how many. */
guint       vs_chart_decimate          (const double   *x,
                                        const double   *y,
                                        guint           n,
                                        double          x_min,
                                        double          x_max,
                                        guint           width,
                                        double         *out_x,
                                        double         *out_y);
/* x position of percentile @p on the nines scale, and back. */
double      vs_chart_percentile_x      (double          p);
double      vs_chart_percentile_from_x (double          x);

G_END_DECLS
