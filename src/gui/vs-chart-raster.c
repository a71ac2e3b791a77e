/* vs-chart-raster.c — the charts' line rasteriser: thick antialiased
 * segments into a coverage mask
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "vs-chart-private.h"

/* Lines on screen are rasterized here rather than stroked by cairo: cairo
 * 1.16 spends ~5 µs per stroked segment (round joins, then scan conversion of
 * a self-overlapping polygon), so the ~2,000 segments per series of a
 * decimated hour would take tens of ms. Each segment is drawn as a thick
 * antialiased line (box-filtered across its minor axis, Wu style) into a
 * coverage mask that keeps the maximum, so joins do not darken, and the mask
 * is blended into one image per chart in the series colour. Exports stroke
 * with cairo instead (VS_CHART_DRAW_VECTOR): SVG needs paths. */


static inline void
coverage_put (guint8 *p,
              double  v)
{
  guint8 a = (guint8) (MIN (v, 1.0) * 255.0 + 0.5);

  if (a > *p)
    *p = a;
}

/* A run of coverage 1 from @a to @b (a < b) along one row or column of
 * @step bytes between pixels, antialiased at both ends. */
static inline int
fast_floor (double v)
{
  int i = (int) v;

  return v < i ? i - 1 : i;
}

static inline void
coverage_run (guint8 *line,
              int     step,
              int     limit,
              double  a,
              double  b)
{
  int ia = fast_floor (a), ib = -fast_floor (-b) - 1;

  if (ib < 0 || ia >= limit)
    return;
  if (ia == ib)
    {
      coverage_put (line + (gsize) ia * step, b - a);
      return;
    }
  if (ia >= 0)
    coverage_put (line + (gsize) ia * step, ia + 1 - a);
  if (ib < limit)
    coverage_put (line + (gsize) ib * step, b - ib);
  ia = MAX (ia + 1, 0);
  ib = MIN (ib, limit);
  for (int i = ia; i < ib; i++)
    line[(gsize) i * step] = 255;
}

static inline gboolean
dash_on (const VsCoverage *c,
         double            s)
{
  return c->dash_on <= 0 || fmod (s, c->dash_period) < c->dash_on;
}

/* One segment, @hw half its width, as a thick line box-filtered across its
 * minor axis; @s0 is the length of the line before it (for dashes). */
void
_vs_coverage_segment (VsCoverage *c,
                      double      x0,
                      double      y0,
                      double      x1,
                      double      y1,
                      double      hw,
                      double      s0)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len = c->dash_on > 0 ? sqrt (dx * dx + dy * dy) : 0;
  int a, b;

  if (fabs (dx) >= fabs (dy))
    {
      /* mostly horizontal: one vertical run per column */
      double slope = dx != 0 ? dy / dx : 0;
      double half = hw * sqrt (1 + slope * slope);
      double inv = dx != 0 ? 1 / dx : 0;

      a = MAX ((int) ceil (MIN (x0, x1) - 1), 0);
      b = MIN ((int) floor (MAX (x0, x1)), c->width - 1);
      for (int ix = a; ix <= b; ix++)
        {
          double t = CLAMP ((ix + 0.5 - x0) * inv, 0, 1);
          double yc = y0 + t * dy;

          if (dash_on (c, s0 + t * len))
            coverage_run (c->cov + ix, c->stride, c->height, yc - half, yc + half);
        }
    }
  else
    {
      /* mostly vertical: one horizontal run per row */
      double slope = dx / dy;
      double half = hw * sqrt (1 + slope * slope);
      double inv = 1 / dy;

      a = MAX ((int) ceil (MIN (y0, y1) - 1), 0);
      b = MIN ((int) floor (MAX (y0, y1)), c->height - 1);
      for (int iy = a; iy <= b; iy++)
        {
          double t = CLAMP ((iy + 0.5 - y0) * inv, 0, 1);
          double xc = x0 + t * dx;

          if (dash_on (c, s0 + t * len))
            coverage_run (c->cov + (gsize) iy * c->stride, 1, c->width, xc - half, xc + half);
        }
    }
}

/* A dense series (a point or more per pixel column, e.g. an hour of samples
 * decimated to min/max pairs) is drawn as one vertical run per column, from
 * the lowest to the highest point the line reaches in it: each pixel written
 * once, where segments would paint every column's rows twice over. @spans
 * holds 2 × c->width doubles. */
void
_vs_coverage_columns (VsCoverage   *c,
                      const double *px,
                      const double *py,
                      guint         m,
                      double        hw,
                      double       *spans)
{
  for (int ix = 0; ix < c->width; ix++)
    {
      spans[2 * ix] = INFINITY;
      spans[2 * ix + 1] = -INFINITY;
    }

#define SPAN(ix, y)                                        \
  G_STMT_START {                                           \
    spans[2 * (ix)] = MIN (spans[2 * (ix)], (y));          \
    spans[2 * (ix) + 1] = MAX (spans[2 * (ix) + 1], (y));  \
  } G_STMT_END

  for (guint j = 1; j < m; j++)
    {
      double x0 = px[j - 1], y0 = py[j - 1], x1 = px[j], y1 = py[j];
      int a, b;

      if (x1 < x0)
        {
          double t = x0;

          x0 = x1;
          x1 = t;
          t = y0;
          y0 = y1;
          y1 = t;
        }
      a = CLAMP (fast_floor (x0), 0, c->width - 1);
      b = CLAMP (fast_floor (x1), 0, c->width - 1);
      if (a == b)
        {
          SPAN (a, y0);
          SPAN (a, y1);
          continue;
        }
      /* the y where the segment crosses into each column */
      for (int ix = a; ix <= b; ix++)
        {
          double xa = MAX (x0, ix), xb = MIN (x1, ix + 1);

          SPAN (ix, y0 + (xa - x0) / (x1 - x0) * (y1 - y0));
          SPAN (ix, y0 + (xb - x0) / (x1 - x0) * (y1 - y0));
        }
    }

#undef SPAN

  for (int ix = 0; ix < c->width; ix++)
    if (spans[2 * ix] <= spans[2 * ix + 1])
      coverage_run (c->cov + ix, c->stride, c->height, spans[2 * ix] - hw, spans[2 * ix + 1] + hw);
}

