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

/* Method (details, and the simulations that chose it, in docs/statistics.md)
 * ======
 *
 * Every metric is compared on the log scale. Trials run in pairs (one of
 * each target, side by side, in a random order within the pair), so the
 * machine's drift hits both members of a pair alike and cancels in the
 * pair's log-ratio d = ln b − ln a. With n pairs, d̄ and s_d give
 *
 *   d̄ ± t(1 − α/2, n − 1) s_d / √n
 *
 * and the percent difference 100 (exp(·) − 1): an asymmetric interval on
 * the ratio of geometric means, always finite. Trials not run side by side
 * (the sequential order) are compared by Welch's t on the logs instead.
 *
 * A verdict is one of: decided (the Holm-adjusted p below α), equivalent
 * (the 1 − 2α interval inside ± the smallest difference that matters: two
 * one-sided tests), or inconclusive, with the difference detectable at
 * 80 % power and the pairs needed for a smaller one, from the observed
 * spread pooled with a conservative prior (VS_STATS_PRIOR_SD_LOG).
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
#include <string.h>

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

/**
 * vs_stats_look_confidence:
 * @continuations: how many times the session was continued before this
 *   look (0: its first look), at most VS_STATS_MAX_CONTINUATIONS
 *
 * The confidence level of a look: 1 minus the share of the error budget
 * (VS_STATS_ALPHA) it spends. The shares add up to the budget, so by the
 * union bound the chance that any look declares a difference that is not
 * there is at most VS_STATS_ALPHA, however the looks fell and however many
 * trials each continuation added.
 */
double
vs_stats_look_confidence (guint continuations)
{
  static const double spent[VS_STATS_MAX_CONTINUATIONS + 1] = { 0.04, 0.005, 0.003, 0.002 };

  g_return_val_if_fail (continuations <= VS_STATS_MAX_CONTINUATIONS, 1.0 - spent[VS_STATS_MAX_CONTINUATIONS]);
  return 1.0 - spent[continuations];
}

static gboolean
check_confidence (double   confidence,
                  GError **error)
{
  if (!(confidence > 0.5 && confidence < 1.0))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("Confidence level %g is not between 0.5 and 1"), confidence);
      return FALSE;
    }
  return TRUE;
}

/* The interval and test from a log-ratio estimate @d with standard error
 * @se on @df degrees of freedom. */
static void
finish_comparison (VsComparison *c,
                   double        d,
                   double        se,
                   double        df)
{
  double alpha = 1.0 - c->confidence;
  double t = vs_stats_t_quantile (1.0 - alpha / 2.0, df);
  double t_eq = vs_stats_t_quantile (1.0 - alpha, df);

  c->diff_percent = expm1 (d) * 100.0;
  c->df = df;
  c->ci_known = TRUE;
  c->ci_low = expm1 (d - t * se) * 100.0;
  c->ci_high = expm1 (d + t * se) * 100.0;
  c->eq_low = expm1 (d - t_eq * se) * 100.0;
  c->eq_high = expm1 (d + t_eq * se) * 100.0;
  c->p_value = 2.0 * (1.0 - vs_stats_t_cdf (fabs (d) / se, df));
  c->p_adjusted = c->p_value;
  c->significant = c->p_value < alpha;
}

static void
init_comparison (VsComparison *c,
                 VsPairing     pairing,
                 double        confidence)
{
  memset (c, 0, sizeof *c);
  c->pairing = pairing;
  c->confidence = confidence;
  c->mean_a = c->mean_b = c->diff_percent = NAN;
  c->ci_low = c->ci_high = c->eq_low = c->eq_high = NAN;
  c->df = c->sd_log = c->p_value = c->p_adjusted = NAN;
  c->mdd_percent = c->target_percent = NAN;
  c->kind = VS_VERDICT_UNKNOWN;
}

/**
 * vs_stats_compare_paired:
 * @a: (array length=n): side A's value in each pair
 * @b: (array length=n): side B's value in the same pairs
 * @n: the number of pairs
 * @confidence: e.g. 0.95
 * @out: (out caller-allocates): the comparison
 * @error: the values cannot be compared: a value ≤ 0 or not finite, no
 *   pair, a bad confidence level
 *
 * Compares B with A from the log-ratios of the pairs. With one pair, or
 * every pair giving the same ratio (quantized readings), there is no
 * interval (ci_known is FALSE).
 */
gboolean
vs_stats_compare_paired (const double  *a,
                         const double  *b,
                         guint          n,
                         double         confidence,
                         VsComparison  *out,
                         GError       **error)
{
  VsComparison c;
  g_autofree double *d = NULL;
  double sum_a = 0.0, sum_b = 0.0, mean = 0.0, ss = 0.0;

  g_return_val_if_fail (a != NULL || n == 0, FALSE);
  g_return_val_if_fail (b != NULL || n == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_confidence (confidence, error))
    return FALSE;
  if (n == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("No pairs of trials to compare"));
      return FALSE;
    }

  d = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      if (!(isfinite (a[i]) && isfinite (b[i]) && a[i] > 0.0 && b[i] > 0.0))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("A ratio needs positive values (pair %u has %g and %g)"), i + 1, a[i], b[i]);
          return FALSE;
        }
      sum_a += log (a[i]);
      sum_b += log (b[i]);
      d[i] = log (b[i]) - log (a[i]);
      mean += d[i];
    }
  mean /= n;

  init_comparison (&c, VS_PAIRING_PAIRED, confidence);
  c.n_a = c.n_b = n;
  c.mean_a = exp (sum_a / n);
  c.mean_b = exp (sum_b / n);
  c.diff_percent = expm1 (mean) * 100.0;

  if (n >= 2)
    {
      for (guint i = 0; i < n; i++)
        ss += (d[i] - mean) * (d[i] - mean);
      c.sd_log = sqrt (ss / (n - 1));
      /* the same ratio in every pair: below the readings' resolution, not
       * a certainty; no interval is invented */
      if (c.sd_log > 1e-12)
        finish_comparison (&c, mean, c.sd_log / sqrt (n), n - 1);
    }

  *out = c;
  return TRUE;
}

static gboolean
log_summary (const double  *values,
             guint          n,
             const char    *side,
             VsSummary     *out,
             GError       **error)
{
  g_autofree double *logs = g_new (double, MAX (n, 1));
  guint m = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (values[i]))
        continue;
      if (!(values[i] > 0.0))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("A ratio needs positive values (side %s has %g)"), side, values[i]);
          return FALSE;
        }
      logs[m++] = log (values[i]);
    }
  if (m == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("No finite values to compare on side %s"), side);
      return FALSE;
    }
  vs_summary_compute (logs, m, out);
  return TRUE;
}

/**
 * vs_stats_compare_unpaired:
 * @a: (array length=n_a): side A's values
 * @n_a: their number
 * @b: (array length=n_b): side B's values
 * @n_b: their number
 * @confidence: e.g. 0.95
 * @out: (out caller-allocates): the comparison
 * @error: a value ≤ 0, no finite value on a side, a bad confidence level
 *
 * Compares B with A by Welch's t on the logs, for trials that did not run
 * side by side. Non-finite values are left out.
 */
gboolean
vs_stats_compare_unpaired (const double  *a,
                           guint          n_a,
                           const double  *b,
                           guint          n_b,
                           double         confidence,
                           VsComparison  *out,
                           GError       **error)
{
  VsComparison c;
  VsSummary la, lb;

  g_return_val_if_fail (a != NULL || n_a == 0, FALSE);
  g_return_val_if_fail (b != NULL || n_b == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_confidence (confidence, error) ||
      !log_summary (a, n_a, "A", &la, error) ||
      !log_summary (b, n_b, "B", &lb, error))
    return FALSE;

  init_comparison (&c, VS_PAIRING_UNPAIRED, confidence);
  c.n_a = la.n;
  c.n_b = lb.n;
  c.mean_a = exp (la.mean);
  c.mean_b = exp (lb.mean);
  c.diff_percent = expm1 (lb.mean - la.mean) * 100.0;

  if (la.n >= 2 && lb.n >= 2 && (la.stdev > 1e-12 || lb.stdev > 1e-12))
    {
      double qa = la.stdev * la.stdev / la.n;
      double qb = lb.stdev * lb.stdev / lb.n;
      double df = (qa + qb) * (qa + qb) / (qa * qa / (la.n - 1) + qb * qb / (lb.n - 1));

      /* one trial's spread, pooled: what the detectable difference uses */
      c.sd_log = sqrt (((la.n - 1) * la.stdev * la.stdev + (lb.n - 1) * lb.stdev * lb.stdev)
                       / (la.n + lb.n - 2));
      finish_comparison (&c, lb.mean - la.mean, sqrt (qa + qb), df);
    }

  *out = c;
  return TRUE;
}

/**
 * vs_stats_holm:
 * @p: (array length=n): p-values of a family of tests
 * @n: their number
 * @adjusted: (array length=n) (out caller-allocates): Holm's adjusted p-values
 *
 * Holm's step-down adjustment: rejecting where adjusted < α keeps the
 * chance of any false claim in the family at most α. NAN values (tests
 * that could not be made) are left NAN and do not count.
 */
void
vs_stats_holm (const double *p,
               guint         n,
               double       *adjusted)
{
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  guint m = 0;
  double running = 0.0;

  for (guint i = 0; i < n; i++)
    {
      adjusted[i] = NAN;
      if (!isnan (p[i]))
        order[m++] = i;
    }
  /* insertion sort by p: families are small */
  for (guint i = 1; i < m; i++)
    for (guint j = i; j > 0 && p[order[j]] < p[order[j - 1]]; j--)
      {
        guint tmp = order[j];
        order[j] = order[j - 1];
        order[j - 1] = tmp;
      }
  for (guint k = 0; k < m; k++)
    {
      running = MAX (running, MIN (1.0, (m - k) * p[order[k]]));
      adjusted[order[k]] = running;
    }
}

/* The log-ratio detected with 80 % power by a two-sided test at @alpha
 * with @n pairs (or trials per side) and spread @sd: (t₁₋α/₂ + t₀.₈) σ √(k/n),
 * with k = 1 for pairs and 2 for two independent sides. */
static double
detectable_log (double    sd,
                guint     n,
                gboolean  paired,
                double    alpha)
{
  double df = paired ? n - 1.0 : 2.0 * n - 2.0;

  if (n < 2)
    return INFINITY;
  return (vs_stats_t_quantile (1.0 - alpha / 2.0, df) + vs_stats_t_quantile (0.8, df))
         * sd * sqrt ((paired ? 1.0 : 2.0) / n);
}

/**
 * vs_stats_decide:
 * @c: a comparison
 * @p_adjusted: its p-value after the family's adjustment (vs_stats_holm()),
 *   or NAN to use its own
 * @smallest_percent: the smallest difference that matters, in percent (> 0)
 *
 * Sets what may be said: decided, equivalent or inconclusive, and for an
 * inconclusive one the difference this many trials detect and the trials
 * a smaller one would take. The spread behind those is the observed one
 * pooled with VS_STATS_PRIOR_SD_LOG (as VS_STATS_PRIOR_DF more degrees
 * of freedom), so two lucky trials never promise more than they can.
 */
void
vs_stats_decide (VsComparison *c,
                 double        p_adjusted,
                 double        smallest_percent)
{
  double alpha = 1.0 - c->confidence;
  double bound = log1p (smallest_percent / 100.0);
  gboolean paired = c->pairing == VS_PAIRING_PAIRED;
  double prior_sd = paired ? VS_STATS_PRIOR_SD_LOG : VS_STATS_PRIOR_SD_LOG / G_SQRT2;
  guint n = MIN (c->n_a, c->n_b);
  double sd, df, target;

  g_return_if_fail (smallest_percent > 0.0);

  c->smallest_percent = smallest_percent;
  c->p_adjusted = isnan (p_adjusted) ? c->p_value : p_adjusted;
  c->significant = c->ci_known && c->p_adjusted < alpha;

  /* the spread: observed, pooled with the prior */
  df = c->ci_known ? (paired ? n - 1.0 : c->n_a + c->n_b - 2.0) : 0.0;
  sd = sqrt (((c->ci_known ? df * c->sd_log * c->sd_log : 0.0)
              + VS_STATS_PRIOR_DF * prior_sd * prior_sd) / (df + VS_STATS_PRIOR_DF));
  c->mdd_percent = n >= 2 ? expm1 (detectable_log (sd, n, paired, alpha)) * 100.0 : NAN;

  c->target_percent = isfinite (c->mdd_percent) && c->mdd_percent <= 10.0 ? smallest_percent : 10.0;
  target = log1p (c->target_percent / 100.0);
  /* the smallest n that detects the target: detectable_log () falls with n */
  c->suggested_n = 0;
  if (detectable_log (sd, VS_STATS_MAX_SUGGESTED, paired, alpha) <= target)
    {
      guint lo = 1, hi = VS_STATS_MAX_SUGGESTED;   /* lo fails, hi detects */

      while (hi - lo > 1)
        {
          guint mid = lo + (hi - lo) / 2;

          if (detectable_log (sd, mid, paired, alpha) <= target)
            hi = mid;
          else
            lo = mid;
        }
      c->suggested_n = hi;
    }

  if (!c->ci_known)
    c->kind = VS_VERDICT_UNKNOWN;
  else if (c->significant)
    c->kind = VS_VERDICT_DECIDED;
  else if (log1p (c->eq_low / 100.0) > -bound && log1p (c->eq_high / 100.0) < bound)
    c->kind = VS_VERDICT_EQUIVALENT;
  else
    c->kind = VS_VERDICT_INCONCLUSIVE;
}

/* Sets @c's suggested_n and target_percent as a look at @confidence
 * would need them (the next look of a continued session is stricter than
 * this one); the verdict and the interval stay. */
void
vs_stats_suggest_at (VsComparison *c,
                     double        confidence,
                     double        smallest_percent)
{
  VsComparison other = *c;

  other.confidence = confidence;
  vs_stats_decide (&other, c->p_adjusted, smallest_percent);
  c->suggested_n = other.suggested_n;
  c->target_percent = other.target_percent;
}

/* An interval worth printing: known, and its ends within a factor of 10
 * of each other. A wider one says only that there were too few trials. */
gboolean
vs_comparison_informative (const VsComparison *c)
{
  g_return_val_if_fail (c != NULL, FALSE);
  return c->ci_known && (100.0 + c->ci_high) <= 10.0 * (100.0 + c->ci_low);
}

const char *
vs_verdict_kind_to_string (VsVerdictKind kind)
{
  switch (kind)
    {
    case VS_VERDICT_DECIDED: return "decided";
    case VS_VERDICT_EQUIVALENT: return "equivalent";
    case VS_VERDICT_INCONCLUSIVE: return "inconclusive";
    case VS_VERDICT_UNKNOWN:
    default: return "unknown";
    }
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

/* "+12.3 %", "−3.1 %", "0.0 %", "+∞" */
char *
vs_stats_format_signed_percent (double value)
{
  g_autofree char *text = format_percent (value);
  g_autofree char *zero = format_percent (0.0);

  if (value > 0 && strcmp (text, zero) != 0)
    return g_strconcat ("+", text, NULL);
  return g_steal_pointer (&text);
}

/* "5 pairs", "5 trials each", "1 trial each", "5 and 4 trials". */
static char *
format_trials (const VsComparison *c,
               gboolean            b_first)
{
  guint first = b_first ? c->n_b : c->n_a;
  guint second = b_first ? c->n_a : c->n_b;

  if (c->pairing == VS_PAIRING_PAIRED)
    /* Translators: pairs of trials, one of each target side by side */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pair", "%u pairs", first), first);
  if (first == second)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u trial each", "%u trials each", first),
                            first);
  /* Translators: the numbers of trials of the two sides, e.g. "5 and 4 trials" */
  return g_strdup_printf (_("%u and %u trials"), first, second);
}

/* "95 %", "99.5 %" */
char *
vs_stats_format_confidence (double confidence)
{
  return g_strdup_printf ("%g %%", round (confidence * 10000.0) / 100.0);
}

/* "90 %", "7.5 %": a rough figure, two significant digits */
static char *
format_rough_percent (double value)
{
  return value >= 10.0 ? g_strdup_printf ("%.0f %%", value) : g_strdup_printf ("%.1f %%", value);
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
  else
    return (better == VS_BETTER_HIGHER ? 1.0 / r - 1.0 : 1.0 - 1.0 / r) * 100.0;
}

/* An interval on diff_percent (B relative to A) as the winner's advantage:
 * the map is monotonic, so the ends map to the ends in one order or the
 * other. */
static void
format_advantage_interval (double     low,
                           double     high,
                           gboolean   b_wins,
                           VsBetter   better,
                           char     **out_low,
                           char     **out_high)
{
  double x_low = advantage_percent (1.0 + low / 100.0, b_wins, better);
  double x_high = advantage_percent (1.0 + high / 100.0, b_wins, better);

  *out_low = format_percent (MIN (x_low, x_high));
  *out_high = format_percent (MAX (x_low, x_high));
}

/**
 * vs_stats_verdict:
 * @c: a comparison, after vs_stats_decide()
 * @label_a: name of side A
 * @label_b: name of side B
 * @metric_noun: e.g. "requests/s", "p99 latency", "peak memory"
 * @better: which direction is better for this metric
 *
 * States what the comparison allows, in one sentence (two for an
 * inconclusive one), the side that did better in this run first. An
 * advantage and its interval are percentages of the other side's
 * geometric mean ("A served 44.9 % more requests/s than B": A's is 1.449
 * times B's); the interval is the comparison's, mapped through the same
 * function, so it matches the number shown.
 *
 * Returns: (transfer full): the sentence, in UTF-8, without a final stop.
 */
char *
vs_stats_verdict (const VsComparison *c,
                  const char         *label_a,
                  const char         *label_b,
                  const char         *metric_noun,
                  VsBetter            better)
{
  g_autofree char *trials = NULL;
  g_autofree char *point = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  const char *winner;
  const char *loser;
  gboolean b_wins;
  double r_hat;

  g_return_val_if_fail (c != NULL, NULL);
  g_return_val_if_fail (label_a != NULL, NULL);
  g_return_val_if_fail (label_b != NULL, NULL);
  g_return_val_if_fail (metric_noun != NULL, NULL);
  g_return_val_if_fail (better == VS_BETTER_HIGHER || better == VS_BETTER_LOWER, NULL);

  r_hat = c->mean_b / c->mean_a;
  b_wins = better == VS_BETTER_HIGHER ? r_hat > 1.0 : r_hat < 1.0;
  winner = b_wins ? label_b : label_a;
  loser = b_wins ? label_a : label_b;
  point = format_percent (advantage_percent (r_hat, b_wins, better));

  if (c->kind == VS_VERDICT_EQUIVALENT)
    {
      g_autofree char *smallest = format_rough_percent (c->smallest_percent);
      g_autofree char *level = vs_stats_format_confidence (1.0 - 2.0 * (1.0 - c->confidence));

      trials = format_trials (c, FALSE);
      low = format_percent (c->eq_low);
      high = format_percent (c->eq_high);
      /* Translators: the smallest difference that matters, a metric, the targets, the
       * equivalence test's confidence level and interval (of B relative to A), the trials:
       * "No difference larger than 5 % in requests/s between Express and FastAPI (90 % CI
       * −2.1 % to 3.0 %, 8 pairs)". Use %1$s…%8$s to reorder. */
      return g_strdup_printf (_("No difference larger than %s in %s between %s and %s "
                                "(%s CI %s to %s, %s)"),
                              smallest, metric_noun, label_a, label_b, level, low, high, trials);
    }

  trials = format_trials (c, b_wins);

  if (c->kind == VS_VERDICT_DECIDED)
    {
      g_autofree char *level = vs_stats_format_confidence (c->confidence);

      format_advantage_interval (c->ci_low, c->ci_high, b_wins, better, &low, &high);
      if (better == VS_BETTER_HIGHER)
        /* Translators: winner, advantage, metric, loser, confidence level, interval, trials:
         * "Express served 44.9 % more requests/s than FastAPI (95 % CI 38.0 % to 52.0 %,
         * 5 pairs)". Use %1$s…%8$s to reorder. */
        return g_strdup_printf (_("%s served %s more %s than %s (%s CI %s to %s, %s)"),
                                winner, point, metric_noun, loser, level, low, high, trials);
      /* Translators: winner, advantage, metric, loser, confidence level, interval, trials:
       * "FastAPI had 23.1 % lower p99 latency than Express (95 % CI 10.2 % to 35.9 %,
       * 5 pairs)". Use %1$s…%8$s to reorder. */
      return g_strdup_printf (_("%s had %s lower %s than %s (%s CI %s to %s, %s)"),
                              winner, point, metric_noun, loser, level, low, high, trials);
    }

  if (c->kind == VS_VERDICT_INCONCLUSIVE)
    {
      g_autofree char *mdd = format_rough_percent (c->mdd_percent);
      g_autofree char *target = format_rough_percent (c->target_percent);
      g_autofree char *seen = NULL;
      g_autofree char *more = NULL;

      if (r_hat == 1.0)
        /* Translators: a metric and the two targets */
        seen = g_strdup_printf (_("no difference in %s between %s and %s in this run"),
                                metric_noun, label_a, label_b);
      else if (better == VS_BETTER_HIGHER)
        /* Translators: the side that did better in this run, its advantage, a metric, the
         * other side: "Express served 12.0 % more requests/s than FastAPI in this run" */
        seen = g_strdup_printf (_("%s served %s more %s than %s in this run"),
                                winner, point, metric_noun, loser);
      else
        /* Translators: "FastAPI had 8.0 % lower p99 latency than Express in this run" */
        seen = g_strdup_printf (_("%s had %s lower %s than %s in this run"),
                                winner, point, metric_noun, loser);

      if (c->suggested_n > 0)
        /* Translators: trials per target, a difference: "About 12 trials per target would
         * detect a 10 % difference" */
        more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "About %u trial per target would detect a %s difference",
                                             "About %u trials per target would detect a %s difference",
                                             c->suggested_n),
                                c->suggested_n, target);
      else
        /* Translators: a number of trials, a difference */
        more = g_strdup_printf (_("More than %u trials per target would be needed to detect a %s "
                                  "difference"), VS_STATS_MAX_SUGGESTED, target);

      /* Translators: what this run showed, the trials, the difference they detect, the
       * trials a smaller one needs: "Too few trials to tell: FastAPI served 24.0 % more
       * requests/s than Express in this run, but with 2 pairs only differences above about
       * 90 % are detected reliably. About 12 trials per target would detect a 10 %
       * difference". Use %1$s…%4$s to reorder. */
      return g_strdup_printf (_("Too few trials to tell: %s, but with %s only differences above "
                                "about %s are detected reliably. %s"),
                              seen, trials, mdd, more);
    }

  /* VS_VERDICT_UNKNOWN: there is no interval */
  {
    g_autofree char *reason = NULL;

    if (MIN (c->n_a, c->n_b) < 2)
      /* Translators: %s is a number of trials, e.g. "with 1 pair the uncertainty is unknown" */
      reason = g_strdup_printf (_("with %s the uncertainty is unknown"), trials);
    else if (c->pairing == VS_PAIRING_PAIRED)
      reason = g_strdup (_("every pair of trials gave the same ratio, so the uncertainty is unknown"));
    else
      reason = g_strdup (_("every trial on each side gave the same value, "
                           "so the uncertainty is unknown"));

    if (r_hat == 1.0)
      /* Translators: the last %s is why the uncertainty is unknown */
      return g_strdup_printf (_("No difference in %s between %s and %s; %s"),
                              metric_noun, label_a, label_b, reason);
    if (better == VS_BETTER_HIGHER)
      /* Translators: winner, advantage, metric, loser, why the uncertainty is unknown:
       * "Express served 12.0 % more requests/s than FastAPI; with 1 pair the
       * uncertainty is unknown". Use %1$s…%5$s to reorder. */
      return g_strdup_printf (_("%s served %s more %s than %s; %s"),
                              winner, point, metric_noun, loser, reason);
    /* Translators: winner, advantage, metric, loser, why the uncertainty is unknown:
     * "Express had 10.7 % lower p99 latency than FastAPI; with 3 and 1 trials the
     * uncertainty is unknown". Use %1$s…%5$s to reorder. */
    return g_strdup_printf (_("%s had %s lower %s than %s; %s"),
                            winner, point, metric_noun, loser, reason);
  }
}
