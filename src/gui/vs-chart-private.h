/* vs-chart-private.h — chart internals shared with tests/gui and benchmarks/chart-redraw.c
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

#pragma once

#include "vs-chart.h"

G_BEGIN_DECLS

/* The widget (vs-chart.c) keeps the series and the frame of the last
 * drawing; the renderer (vs-chart-render.c) draws from them. */
typedef struct
{
  char    *label;
  GdkRGBA  color;       /* when target < 0 */
  int      target;      /* palette index, followed in dark mode, or -1 */
  GArray  *x;           /* double */
  GArray  *y;           /* double */
  GArray  *low;         /* (nullable) double, the band under each point (VS_CHART_SWEEP) */
  GArray  *high;        /* (nullable) */
  /* over the points whose x and y are both finite */
  guint    n_finite;
  double   x_min;
  double   x_max;
  double   y_min;
  double   y_max;
  double   y_min_pos;   /* smallest y > 0, for log axes; +inf if none */
  guint    dashed : 1;
} VsChartSeries;

typedef struct
{
  double  x;
  char   *label;
  guint   series;
} VsChartMark;

/* Where the last snapshot put things, for the hover overlay. */
typedef struct
{
  double   left;
  double   top;
  double   right;
  double   bottom;
  double   x_min;       /* drawing space: seconds, nines (percentiles), log10 (sweeps) or bar slots */
  double   x_max;
  double   y_min;
  double   y_max;
  gboolean y_log;
  gboolean valid;
} VsChartFrame;

struct _VsChart
{
  GtkWidget      parent_instance;

  VsChartKind    kind;
  char          *title;
  VsUnit         x_unit;
  VsUnit         y_unit;
  double         x_range[2];    /* NAN: automatic */
  double         y_range[2];
  GPtrArray     *series;        /* (element-type VsChartSeries) */
  GArray        *marks;         /* (element-type VsChartMark) */

  /* Drawing */
  GskRenderNode *content;       /* everything but the hover overlay; NULL when stale */
  int            content_width;
  int            content_height;
  VsChartFrame   frame;
  double        *scratch_x;     /* decimated points */
  double        *scratch_y;
  guint          scratch_len;
  double        *scratch_t;     /* percentiles turned into nines */
  guint          scratch_t_len;
  double        *spans;         /* per pixel column: lowest and highest y of a dense line */
  guint          spans_len;
  int            content_scale;

  /* Hover */
  double         hover_x;
  double         hover_y;

  /* Accessible description, at most once per A11Y_INTERVAL_MS */
  guint          a11y_source;
  gint64         a11y_last;

  guint          y_log : 1;
  guint          dark : 1;
  guint          hovering : 1;
  guint          disposed : 1;
};


typedef enum
{
  VS_CHART_DRAW_DEFAULT    = 0,
  VS_CHART_DRAW_BACKGROUND = 1 << 0,  /* fill with the view background first (exports) */
  VS_CHART_DRAW_VECTOR     = 1 << 1,  /* lines stroked by cairo, not rasterized (exports) */
  VS_CHART_DRAW_NAIVE      = 1 << 2,  /* every point stroked by cairo, no decimation: the
                                         benchmark's reference */
} VsChartDrawFlags;

/* The one drawing routine: the snapshot, the exports and the benchmark all go through it. */
void     _vs_chart_draw          (VsChart          *self,
                                  cairo_t          *cr,
                                  int               width,
                                  int               height,
                                  gboolean          dark,
                                  VsChartDrawFlags  flags);
/* The same, at a device @scale, recording where things went in @frame
 * (for the hover) when not NULL: the snapshot's. */
void     _vs_chart_draw_frame    (VsChart          *self,
                                  cairo_t          *cr,
                                  int               width,
                                  int               height,
                                  int               scale,
                                  gboolean          dark,
                                  VsChartDrawFlags  flags,
                                  VsChartFrame     *frame);
/* Drops the cached render node, so the next snapshot draws everything again. */
void     _vs_chart_invalidate    (VsChart          *self);
/* Puts the hover guide at (@x, @y) in widget coordinates, as the pointer would; @x < 0 hides it. */
void     _vs_chart_set_hover     (VsChart          *self,
                                  double            x,
                                  double            y);
/* The plot area of the last snapshot (FALSE when nothing was plotted). */
gboolean _vs_chart_get_plot_area (VsChart          *self,
                                  graphene_rect_t  *area);
gboolean _vs_chart_get_dark      (VsChart          *self);
/* The hover overlay at the pointer, over the drawn chart. */
void     _vs_chart_draw_hover    (VsChart          *self,
                                  cairo_t          *cr,
                                  int               width,
                                  int               height,
                                  gboolean          dark);
gboolean _vs_chart_has_data      (VsChart          *self);
/* The last point with a finite y (a bar's value), or FALSE. */
gboolean _vs_chart_series_last   (const VsChartSeries *s,
                                  double              *x,
                                  double              *y);
void     _vs_chart_series_color  (VsChart             *self,
                                  const VsChartSeries *s,
                                  gboolean             dark,
                                  GdkRGBA             *color);
/* The index of the x nearest @target in the sorted @x. */
guint    _vs_chart_nearest_index (const double        *x,
                                  guint                n,
                                  double               target);

/* The line rasteriser (vs-chart-raster.c): a coverage mask that keeps the
 * maximum of the segments drawn into it. */
typedef struct
{
  guint8 *cov;          /* A8 image data: coverage, the maximum of the segments' */
  int     stride;
  int     width;
  int     height;
  double  dash_on;      /* 0: solid */
  double  dash_period;
} VsCoverage;

/* One segment from (@x0, @y0) to (@x1, @y1), @hw half its width; @s0 is
 * how far along the line's dash pattern it starts. */
void     _vs_coverage_segment    (VsCoverage       *c,
                                  double            x0,
                                  double            y0,
                                  double            x1,
                                  double            y1,
                                  double            hw,
                                  double            s0);
/* A dense line: per pixel column, the span from its lowest to its highest y. */
void     _vs_coverage_columns    (VsCoverage       *c,
                                  const double     *px,
                                  const double     *py,
                                  guint             m,
                                  double            hw,
                                  double           *spans);

G_END_DECLS
