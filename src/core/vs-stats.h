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
 * confidence interval for the ratio of their geometric means, from the
 * pairs of neighbouring trials), the verdict it allows, and the sentence
 * that states it. See docs/statistics.md for the method and its proof.
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

typedef enum
{
  VS_PAIRING_PAIRED,    /* one log-ratio per pair of neighbouring trials */
  VS_PAIRING_UNPAIRED,  /* trials not run side by side: Welch on the logs */
} VsPairing;

typedef enum
{
  VS_VERDICT_UNKNOWN,       /* no interval: too few values, or no spread at all */
  VS_VERDICT_DECIDED,       /* the difference is significant (after adjustment) */
  VS_VERDICT_EQUIVALENT,    /* no difference larger than the smallest that matters */
  VS_VERDICT_INCONCLUSIVE,  /* neither: too few trials to tell */
} VsVerdictKind;

/* The comparison of B with A on the log scale: the ratio of geometric
 * means, its interval, a test of "no difference", and (after
 * vs_stats_decide()) what may be said. Percentages are 100 (ratio − 1). */
typedef struct
{
  VsPairing     pairing;
  guint         n_a, n_b;        /* values used on each side; paired: the pairs, on both */
  double        mean_a, mean_b;  /* geometric means of the values used */
  double        diff_percent;    /* 100 (mean_b / mean_a − 1): how much B differs from A */
  double        ci_low, ci_high; /* interval for diff_percent at @confidence; NAN when !ci_known */
  double        eq_low, eq_high; /* the same at 1 − 2 (1 − confidence): the equivalence test's */
  double        df;              /* degrees of freedom; NAN when !ci_known */
  double        sd_log;          /* spread of one pair's log-ratio (paired) or of one trial's log (unpaired) */
  double        p_value;         /* two-sided, of "the ratio is 1"; NAN when !ci_known */
  gboolean      ci_known;        /* FALSE with < 2 values (pairs) or no spread at all */
  double        confidence;      /* e.g. 0.95 */

  /* set by vs_stats_decide () */
  double        p_adjusted;      /* p_value after the family's adjustment (Holm) */
  gboolean      significant;     /* p_adjusted < 1 − confidence */
  VsVerdictKind kind;
  double        smallest_percent;  /* the smallest difference that matters, e.g. 5 */
  double        mdd_percent;     /* detected with 80 % power at this n (conservative); NAN unknown */
  double        target_percent;  /* the difference suggested_n is for (10, or smallest_percent) */
  guint         suggested_n;     /* pairs (trials per target) to detect target_percent; 0 unknown */
} VsComparison;

/* The error budget of a comparison, spent over its looks so that it can be
 * continued with more trials (docs/statistics.md, "More trials"): the first
 * look 4 %, the continuations 0.5 %, 0.3 % and 0.2 %. Over all looks the
 * chance of declaring a difference that is not there stays at most 5 %. */
#define VS_STATS_ALPHA             0.05
#define VS_STATS_MAX_CONTINUATIONS 3

#define VS_STATS_PRIOR_SD_LOG 0.15  /* a pair's log-ratio spread assumed before data (docs/statistics.md) */
#define VS_STATS_PRIOR_DF     2.0
#define VS_STATS_MAX_SUGGESTED 1000

double    vs_stats_look_confidence  (guint                continuations);
char     *vs_stats_format_confidence (double              confidence);
/* A difference: "+12.3 %", "−3.1 %" (U+2212), never "−0.0 %" */
char     *vs_stats_format_signed_percent (double          value);
void      vs_summary_compute        (const double        *values,
                                     guint                n,
                                     VsSummary           *out);
double    vs_stats_t_cdf            (double               t,
                                     double               df);
double    vs_stats_t_quantile       (double               p,
                                     double               df);
gboolean  vs_stats_compare_paired   (const double        *a,
                                     const double        *b,
                                     guint                n,
                                     double               confidence,
                                     VsComparison        *out,
                                     GError             **error);
gboolean  vs_stats_compare_unpaired (const double        *a,
                                     guint                n_a,
                                     const double        *b,
                                     guint                n_b,
                                     double               confidence,
                                     VsComparison        *out,
                                     GError             **error);
void      vs_stats_holm             (const double        *p,
                                     guint                n,
                                     double              *adjusted);
void      vs_stats_decide           (VsComparison        *c,
                                     double               p_adjusted,
                                     double               smallest_percent);
void      vs_stats_suggest_at       (VsComparison        *c,
                                     double               confidence,
                                     double               smallest_percent);
gboolean  vs_comparison_informative (const VsComparison  *c);
const char *vs_verdict_kind_to_string (VsVerdictKind     kind);
char     *vs_stats_verdict          (const VsComparison  *c,
                                     const char          *label_a,
                                     const char          *label_b,
                                     const char          *metric_noun,
                                     VsBetter             better);

G_END_DECLS
