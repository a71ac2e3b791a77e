/* vs-stats.c
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

/* Method (details and measured coverage in docs/statistics.md)
 * ======
 *
 * The percent difference is 100 (R − 1) with R = µB / µA. Its interval
 * comes from Fieller's theorem: with qX = sX² / nX (squared standard
 * errors), the set of R for which
 *
 *   (x̄B − R x̄A)² ≤ t² (qB + R² qA)
 *
 * is, when g = t² qA / x̄A² < 1, the interval
 *
 *   [R̂ ∓ (t / x̄A) √(qB (1 − g) + R̂² qA)] / (1 − g),  R̂ = x̄B / x̄A,
 *
 * and unbounded otherwise (A's own mean is not distinguishable from 0).
 * t is Student's quantile at (1 + confidence) / 2 with the
 * Welch–Satterthwaite degrees of freedom of the combination qB + R̂² qA.
 * At R = 1 the statistic is Welch's t, so the interval excludes 0 % exactly
 * when Welch's test (with these degrees of freedom) rejects.
 *
 * Student's t distribution function is written with the regularized
 * incomplete beta function (continued fraction, as in Numerical Recipes'
 * betacf), and its quantile is found by Newton's method safeguarded by
 * bisection.
 */

#include "config.h"

#include "vs-stats.h"
#include "vs-util.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#define MINUS_SIGN "\xe2\x88\x92"   /* U+2212 */
#define INFINITY_SIGN "\xe2\x88\x9e" /* U+221E */

/* More degrees of freedom than this are taken as 10⁷ (quantiles within
 * 1e-6 of the normal ones); it keeps lgamma's cancellation in the beta
 * function's prefactor small. */
#define MAX_DF 1e7

static int
compare_doubles (const void *pa,
                 const void *pb)
{
  double a = *(const double *) pa;
  double b = *(const double *) pb;

  return (a > b) - (a < b);
}

void
vs_summary_compute (const double *values,
                    guint         n,
                    VsSummary    *out)
{
  g_autofree double *sorted = NULL;
  guint m = 0;
  double sum = 0.0;
  double ss = 0.0;

  g_return_if_fail (values != NULL || n == 0);
  g_return_if_fail (out != NULL);

  out->n = 0;
  out->mean = out->median = out->stdev = out->min = out->max = NAN;

  if (n == 0)
    return;

  sorted = g_new (double, n);
  for (guint i = 0; i < n; i++)
    if (isfinite (values[i]))
      sorted[m++] = values[i];

  if (m == 0)
    return;

  qsort (sorted, m, sizeof (double), compare_doubles);

  for (guint i = 0; i < m; i++)
    sum += sorted[i];

  out->n = m;
  out->mean = sum / m;
  out->min = sorted[0];
  out->max = sorted[m - 1];
  out->median = (m % 2 == 1)
                ? sorted[m / 2]
                : sorted[m / 2 - 1] + (sorted[m / 2] - sorted[m / 2 - 1]) / 2.0;

  /* Two passes: the squared deviations from the mean, not Σx² − n x̄². */
  if (m >= 2)
    {
      for (guint i = 0; i < m; i++)
        ss += (sorted[i] - out->mean) * (sorted[i] - out->mean);
      out->stdev = sqrt (ss / (m - 1));
    }
}

/* Continued fraction for the incomplete beta function (modified Lentz);
 * converges quickly for x < (a + 1) / (a + b + 2). */
static double
beta_cf (double a,
         double b,
         double x)
{
  const double tiny = 1e-300;
  double qab = a + b;
  double qap = a + 1.0;
  double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  double h;

  if (fabs (d) < tiny)
    d = tiny;
  d = 1.0 / d;
  h = d;

  for (guint m = 1; m <= 1000; m++)
    {
      double m2 = 2.0 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      double del;

      d = 1.0 + aa * d;
      if (fabs (d) < tiny)
        d = tiny;
      c = 1.0 + aa / c;
      if (fabs (c) < tiny)
        c = tiny;
      d = 1.0 / d;
      h *= d * c;

      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1.0 + aa * d;
      if (fabs (d) < tiny)
        d = tiny;
      c = 1.0 + aa / c;
      if (fabs (c) < tiny)
        c = tiny;
      d = 1.0 / d;
      del = d * c;
      h *= del;

      if (fabs (del - 1.0) < 1e-15)
        break;
    }

  return h;
}

/* Regularized incomplete beta I_x(a, b), with y = 1 − x passed in so that
 * callers can compute it without cancellation. */
static double
incomplete_beta (double a,
                 double b,
                 double x,
                 double y)
{
  double front;

  if (x <= 0.0)
    return 0.0;
  if (y <= 0.0)
    return 1.0;

  front = exp (lgamma (a + b) - lgamma (a) - lgamma (b) + a * log (x) + b * log (y));

  if (x < (a + 1.0) / (a + b + 2.0))
    return front * beta_cf (a, b, x) / a;
  else
    return 1.0 - front * beta_cf (b, a, y) / b;
}

/* P(T > t) for t ≥ 0. */
static double
t_upper_tail (double t,
              double df)
{
  double t2 = t * t;

  return 0.5 * incomplete_beta (df / 2.0, 0.5, df / (df + t2), t2 / (df + t2));
}

static double
t_density (double t,
           double df)
{
  return exp (lgamma ((df + 1.0) / 2.0) - lgamma (df / 2.0)
              - 0.5 * log (df * G_PI)
              - (df + 1.0) / 2.0 * log1p (t * t / df));
}

/**
 * vs_stats_t_cdf:
 * @t: a value
 * @df: degrees of freedom, > 0
 *
 * Returns: P(T ≤ @t) for Student's t distribution with @df degrees of
 *   freedom, or NAN for a bad @df.
 */
double
vs_stats_t_cdf (double t,
                double df)
{
  if (isnan (t) || isnan (df) || df <= 0.0)
    return NAN;
  df = MIN (df, MAX_DF);
  if (isinf (t))
    return t > 0 ? 1.0 : 0.0;

  return t >= 0 ? 1.0 - t_upper_tail (t, df) : t_upper_tail (-t, df);
}

/**
 * vs_stats_t_quantile:
 * @p: a probability in (0, 1)
 * @df: degrees of freedom, > 0 (non-integer values are fine)
 *
 * Returns: the @p quantile of Student's t distribution with @df degrees of
 *   freedom (relative accuracy about 1e-10), ±inf for @p = 1 or 0, NAN for
 *   bad arguments.
 */
double
vs_stats_t_quantile (double p,
                     double df)
{
  double q;
  double lo = 0.0;
  double hi = 1.0;
  double t;

  if (isnan (p) || isnan (df) || df <= 0.0 || p < 0.0 || p > 1.0)
    return NAN;
  if (p == 0.0)
    return -INFINITY;
  if (p == 1.0)
    return INFINITY;
  if (p == 0.5)
    return 0.0;
  if (p < 0.5)
    return -vs_stats_t_quantile (1.0 - p, df);

  df = MIN (df, MAX_DF);
  q = 1.0 - p;   /* wanted upper tail, in (0, 0.5) */

  /* Bracket the root: the tail decreases with t. */
  while (t_upper_tail (hi, df) > q)
    {
      lo = hi;
      hi *= 2.0;
      if (hi > 1e300)
        return INFINITY;
    }

  t = (lo + hi) / 2.0;
  for (guint i = 0; i < 200; i++)
    {
      double f = t_upper_tail (t, df) - q;
      double step;
      double next;

      if (f > 0)
        lo = t;
      else
        hi = t;

      /* Newton: d/dt (tail − q) = −density. */
      step = f / t_density (t, df);
      next = t + step;
      if (!(next > lo && next < hi))
        next = (lo + hi) / 2.0;

      if (fabs (next - t) <= 1e-13 * next || hi - lo <= 1e-15 * hi)
        return next;
      t = next;
    }

  return t;
}

gboolean
vs_stats_compare (const double  *a,
                  guint          n_a,
                  const double  *b,
                  guint          n_b,
                  double         confidence,
                  VsComparison  *out,
                  GError       **error)
{
  VsSummary sa;
  VsSummary sb;
  VsComparison c = { 0, };
  double qa, qb, r_hat, wa, wb, t, g, half, r_low, r_high;

  g_return_val_if_fail (a != NULL || n_a == 0, FALSE);
  g_return_val_if_fail (b != NULL || n_b == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(confidence > 0.0 && confidence < 1.0))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("Confidence level %g is not between 0 and 1"), confidence);
      return FALSE;
    }

  vs_summary_compute (a, n_a, &sa);
  vs_summary_compute (b, n_b, &sb);

  if (sa.n == 0 || sb.n == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("No finite values to compare on side %s"), sa.n == 0 ? "A" : "B");
      return FALSE;
    }

  if (!(sa.mean > 0.0) || !(sb.mean >= 0.0))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("A percent difference needs a positive mean for A and a non-negative "
                     "one for B (got %g and %g)"), sa.mean, sb.mean);
      return FALSE;
    }

  c.n_a = sa.n;
  c.n_b = sb.n;
  c.mean_a = sa.mean;
  c.mean_b = sb.mean;
  c.stdev_a = sa.stdev;
  c.stdev_b = sb.stdev;
  c.confidence = confidence;
  r_hat = sb.mean / sa.mean;
  c.diff_percent = (sb.mean - sa.mean) / sa.mean * 100.0;
  c.ci_low = c.ci_high = c.df = NAN;
  c.ci_known = FALSE;
  c.significant = FALSE;

  /* One value on a side says nothing about its spread, and identical
   * values on both sides (quantized readings) would give a zero-width
   * interval that claims certainty the measurement cannot have. */
  if (sa.n < 2 || sb.n < 2 || (sa.stdev == 0.0 && sb.stdev == 0.0))
    {
      *out = c;
      return TRUE;
    }

  qa = sa.stdev * sa.stdev / sa.n;
  qb = sb.stdev * sb.stdev / sb.n;

  /* Welch–Satterthwaite for qB + R̂² qA. When both weights vanish
   * (R̂ = 0 and B has no spread) the interval below has zero width
   * whatever t is; take A's degrees of freedom. */
  wa = r_hat * r_hat * qa;
  wb = qb;
  if (wa + wb > 0.0)
    c.df = (wa + wb) * (wa + wb)
           / (wa * wa / (sa.n - 1) + wb * wb / (sb.n - 1));
  else
    c.df = sa.n - 1;

  t = vs_stats_t_quantile ((1.0 + confidence) / 2.0, c.df);
  g = t * t * qa / (sa.mean * sa.mean);

  if (g >= 1.0)
    {
      /* Fieller's set is unbounded (the union of two rays, or everything);
       * report its hull, which always contains 0 %. */
      r_low = 0.0;
      r_high = INFINITY;
    }
  else
    {
      half = t / sa.mean * sqrt (qb * (1.0 - g) + r_hat * r_hat * qa);
      r_low = (r_hat - half) / (1.0 - g);
      r_high = (r_hat + half) / (1.0 - g);
      /* Means of non-negative quantities: the ratio cannot be negative. */
      r_low = MAX (r_low, 0.0);
    }

  c.ci_known = TRUE;
  c.ci_low = (r_low - 1.0) * 100.0;
  c.ci_high = (r_high - 1.0) * 100.0;
  c.significant = c.ci_low > 0.0 || c.ci_high < 0.0;

  *out = c;
  return TRUE;
}

/* "12.3 %", "−3.1 %", "∞"; never "−0.0 %". */
static char *
format_percent (double value)
{
  g_autofree char *digits = NULL;
  g_autofree char *zero = NULL;

  if (isinf (value))
    return g_strdup (value > 0 ? INFINITY_SIGN : MINUS_SIGN INFINITY_SIGN);

  digits = g_strdup_printf ("%.1f", fabs (value));
  /* "0.0", or "0,0" where the locale has a decimal comma */
  zero = g_strdup_printf ("%.1f", 0.0);
  if (value < 0 && g_strcmp0 (digits, zero) != 0)
    return g_strdup_printf (MINUS_SIGN "%s %%", digits);
  return g_strdup_printf ("%s %%", digits);
}

/* "5 trials each", "1 trial each", "5 and 4 trials". */
static char *
format_trials (guint first,
               guint second)
{
  if (first == second)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u trial each", "%u trials each", first),
                            first);
  /* Translators: the numbers of trials of the two sides, e.g. "5 and 4 trials" */
  return g_strdup_printf (_("%u and %u trials"), first, second);
}

static char *
format_confidence (double confidence)
{
  return g_strdup_printf ("%g %%", round (confidence * 10000.0) / 100.0);
}

/* The winner's advantage, in percent of the loser's mean, as a function
 * of the ratio R = mean_b / mean_a. */
static double
advantage_percent (double   r,
                   gboolean b_wins,
                   VsBetter better)
{
  if (b_wins)
    return (better == VS_BETTER_HIGHER ? r - 1.0 : 1.0 - r) * 100.0;
  else if (r <= 0.0)
    return better == VS_BETTER_HIGHER ? INFINITY : -INFINITY;
  else
    return (better == VS_BETTER_HIGHER ? 1.0 / r - 1.0 : 1.0 - 1.0 / r) * 100.0;
}

/**
 * vs_stats_verdict:
 * @c: a comparison from vs_stats_compare()
 * @label_a: name of side A
 * @label_b: name of side B
 * @metric_noun: e.g. "requests/s", "p99 latency", "peak memory"
 * @better: which direction is better for this metric
 *
 * States the comparison in one sentence, winner first. A winner's
 * advantage and its interval are percentages of the loser's mean
 * ("A served 44.9 % more requests/s than B" means x̄A = 1.449 x̄B); the
 * interval is Fieller's interval for the ratio mapped through the same
 * function, so it matches the number shown. When nothing is significant,
 * the interval is that of diff_percent (B relative to A). Trial counts
 * follow the order in which the sides are named.
 *
 * Returns: (transfer full): the sentence, in UTF-8.
 */
char *
vs_stats_verdict (const VsComparison *c,
                  const char         *label_a,
                  const char         *label_b,
                  const char         *metric_noun,
                  VsBetter            better)
{
  g_autofree char *level = NULL;
  g_autofree char *trials = NULL;
  g_autofree char *point = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  g_autofree char *reason = NULL;
  const char *winner;
  const char *loser;
  gboolean b_wins;
  double r_hat;
  double x_low, x_high;

  g_return_val_if_fail (c != NULL, NULL);
  g_return_val_if_fail (label_a != NULL, NULL);
  g_return_val_if_fail (label_b != NULL, NULL);
  g_return_val_if_fail (metric_noun != NULL, NULL);
  g_return_val_if_fail (better == VS_BETTER_HIGHER || better == VS_BETTER_LOWER, NULL);

  level = format_confidence (c->confidence);

  if (c->ci_known && !c->significant)
    {
      trials = format_trials (c->n_a, c->n_b);
      low = format_percent (c->ci_low);
      high = format_percent (c->ci_high);
      /* Translators: e.g. "No significant difference in requests/s between Express and
       * FastAPI (95 % CI −3.1 % to 4.0 %, 5 trials each)"; CI is the confidence interval */
      return g_strdup_printf (_("No significant difference in %s between %s and %s "
                                "(%s CI %s to %s, %s)"),
                              metric_noun, label_a, label_b, level, low, high, trials);
    }

  b_wins = better == VS_BETTER_HIGHER ? c->mean_b > c->mean_a : c->mean_b < c->mean_a;
  winner = b_wins ? label_b : label_a;
  loser = b_wins ? label_a : label_b;
  trials = b_wins ? format_trials (c->n_b, c->n_a) : format_trials (c->n_a, c->n_b);

  if (!c->ci_known)
    {
      if (c->n_a < 2 || c->n_b < 2)
        /* Translators: %s is a number of trials, e.g. "with 1 trial each the uncertainty
         * is unknown" */
        reason = g_strdup_printf (_("with %s the uncertainty is unknown"), trials);
      else
        reason = g_strdup (_("every trial on each side gave the same value, "
                             "so the uncertainty is unknown"));

      if (c->mean_a == c->mean_b)
        /* Translators: the last %s is why the uncertainty is unknown */
        return g_strdup_printf (_("No difference in %s between %s and %s; %s"),
                                metric_noun, label_a, label_b, reason);
    }

  r_hat = c->mean_b / c->mean_a;
  point = format_percent (advantage_percent (r_hat, b_wins, better));

  /* The winner is always named first, so only the comparative in its favour is
   * needed: "more" for a higher-is-better metric, "lower" for the others. */
  if (!c->ci_known)
    {
      if (better == VS_BETTER_HIGHER)
        /* Translators: winner, advantage, metric, loser, why the uncertainty is unknown:
         * "Express served 12.0 % more requests/s than FastAPI; with 1 trial each the
         * uncertainty is unknown". Use %1$s…%5$s to reorder. */
        return g_strdup_printf (_("%s served %s more %s than %s; %s"),
                                winner, point, metric_noun, loser, reason);
      /* Translators: winner, advantage, metric, loser, why the uncertainty is unknown:
       * "Express had 10.7 % lower p99 latency than FastAPI; with 3 and 1 trials the
       * uncertainty is unknown". Use %1$s…%5$s to reorder. */
      return g_strdup_printf (_("%s had %s lower %s than %s; %s"),
                              winner, point, metric_noun, loser, reason);
    }

  /* advantage_percent() is monotonic in R over R ≥ 0, so the interval's
   * ends map to the ends, in one order or the other. */
  x_low = advantage_percent (1.0 + c->ci_low / 100.0, b_wins, better);
  x_high = advantage_percent (1.0 + c->ci_high / 100.0, b_wins, better);
  if (x_low > x_high)
    {
      double tmp = x_low;

      x_low = x_high;
      x_high = tmp;
    }

  low = format_percent (x_low);
  high = format_percent (x_high);

  if (better == VS_BETTER_HIGHER)
    /* Translators: winner, advantage, metric, loser, confidence level, interval, trials:
     * "Express served 44.9 % more requests/s than FastAPI (95 % CI 38.0 % to 52.0 %,
     * 5 trials each)". Use %1$s…%8$s to reorder. */
    return g_strdup_printf (_("%s served %s more %s than %s (%s CI %s to %s, %s)"),
                            winner, point, metric_noun, loser, level, low, high, trials);
  /* Translators: winner, advantage, metric, loser, confidence level, interval, trials:
   * "FastAPI had 23.1 % lower p99 latency than Express (95 % CI 10.2 % to 35.9 %,
   * 5 and 4 trials)". Use %1$s…%8$s to reorder. */
  return g_strdup_printf (_("%s had %s lower %s than %s (%s CI %s to %s, %s)"),
                          winner, point, metric_noun, loser, level, low, high, trials);
}
