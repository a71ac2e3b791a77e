/* vs-stats.h
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

#include <glib.h>

G_BEGIN_DECLS

/* Statistics across trials: summaries, the comparison of two servers (a
 * confidence interval for the percent difference of their means) and the
 * sentence that states it. See docs/statistics.md for the method.
 */

typedef struct
{
  guint  n;       /* number of finite values */
  double mean;
  double median;
  double stdev;   /* sample standard deviation (n - 1); NAN when n < 2 */
  double min;
  double max;
} VsSummary;

typedef enum
{
  VS_BETTER_HIGHER,   /* requests/s */
  VS_BETTER_LOWER,    /* latency, memory, CPU, startup time */
} VsBetter;

typedef struct
{
  guint    n_a, n_b;          /* finite values on each side */
  double   mean_a, mean_b;
  double   stdev_a, stdev_b;  /* sample standard deviations, NAN when n < 2 */
  double   diff_percent;      /* (mean_b - mean_a) / mean_a × 100: how much B differs from A */
  double   ci_low, ci_high;   /* interval for diff_percent (≥ −100, ci_high may be +inf);
                               * NAN when !ci_known */
  double   df;                /* Welch–Satterthwaite degrees of freedom; NAN when !ci_known */
  gboolean ci_known;          /* FALSE with < 2 values on a side, or no spread on either side */
  gboolean significant;       /* ci_known and the interval excludes 0 */
  double   confidence;        /* e.g. 0.95 */
} VsComparison;

void      vs_summary_compute   (const double        *values,
                                guint                n,
                                VsSummary           *out);
double    vs_stats_t_cdf       (double               t,
                                double               df);
double    vs_stats_t_quantile  (double               p,
                                double               df);
gboolean  vs_stats_compare     (const double        *a,
                                guint                n_a,
                                const double        *b,
                                guint                n_b,
                                double               confidence,
                                VsComparison        *out,
                                GError             **error);
char     *vs_stats_verdict     (const VsComparison  *c,
                                const char          *label_a,
                                const char          *label_b,
                                const char          *metric_noun,
                                VsBetter             better);

G_END_DECLS
