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
