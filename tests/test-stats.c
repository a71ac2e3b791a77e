/* test-stats.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vs-stats.h"
#include "vs-util.h"

#define MINUS "\xe2\x88\x92"

/* Box–Muller; g_rand_double() is in [0, 1), so 1 − u is in (0, 1]. */
static double
normal_sample (GRand  *rand,
               double  mean,
               double  sd)
{
  double u1 = 1.0 - g_rand_double (rand);
  double u2 = g_rand_double (rand);

  return mean + sd * sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static void
test_summary (void)
{
  const double odd[] = { 3, 1, 2 };
  const double even[] = { 4, 1, 3, 2 };
  const double with_nan[] = { 1, NAN, 3, INFINITY, -INFINITY };
  const double all_nan[] = { NAN, NAN };
  const double one[] = { 7.5 };
  VsSummary s;

  vs_summary_compute (odd, G_N_ELEMENTS (odd), &s);
  g_assert_cmpuint (s.n, ==, 3);
  g_assert_cmpfloat_with_epsilon (s.mean, 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.median, 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.stdev, 1.0, 1e-12);
  g_assert_cmpfloat (s.min, ==, 1.0);
  g_assert_cmpfloat (s.max, ==, 3.0);

  vs_summary_compute (even, G_N_ELEMENTS (even), &s);
  g_assert_cmpuint (s.n, ==, 4);
  g_assert_cmpfloat_with_epsilon (s.mean, 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.median, 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.stdev, sqrt (5.0 / 3.0), 1e-12);
  g_assert_cmpfloat (s.min, ==, 1.0);
  g_assert_cmpfloat (s.max, ==, 4.0);

  vs_summary_compute (with_nan, G_N_ELEMENTS (with_nan), &s);
  g_assert_cmpuint (s.n, ==, 2);
  g_assert_cmpfloat_with_epsilon (s.mean, 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.median, 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.stdev, G_SQRT2, 1e-12);
  g_assert_cmpfloat (s.min, ==, 1.0);
  g_assert_cmpfloat (s.max, ==, 3.0);

  vs_summary_compute (NULL, 0, &s);
  g_assert_cmpuint (s.n, ==, 0);
  g_assert_true (isnan (s.mean) && isnan (s.median) && isnan (s.stdev));
  g_assert_true (isnan (s.min) && isnan (s.max));

  vs_summary_compute (all_nan, G_N_ELEMENTS (all_nan), &s);
  g_assert_cmpuint (s.n, ==, 0);
  g_assert_true (isnan (s.mean) && isnan (s.stdev));

  vs_summary_compute (one, 1, &s);
  g_assert_cmpuint (s.n, ==, 1);
  g_assert_cmpfloat (s.mean, ==, 7.5);
  g_assert_cmpfloat (s.median, ==, 7.5);
  g_assert_cmpfloat (s.min, ==, 7.5);
  g_assert_cmpfloat (s.max, ==, 7.5);
  g_assert_true (isnan (s.stdev));

  /* Large offset, small spread: the two-pass variance keeps it exact. */
  {
    const double big[] = { 1e9 + 1, 1e9 + 2, 1e9 + 3 };

    vs_summary_compute (big, G_N_ELEMENTS (big), &s);
    g_assert_cmpfloat_with_epsilon (s.stdev, 1.0, 1e-9);
  }
}

static void
test_t_quantile (void)
{
  /* Standard tables (df 1, 2 and 4 also have closed forms). */
  static const struct { double df, p, t; } table[] = {
    { 1,    0.975, 12.706204736 },
    { 2,    0.975,  4.302652730 },
    { 4,    0.975,  2.776445105 },
    { 9,    0.975,  2.262157163 },
    { 30,   0.975,  2.042272456 },
    { 1000, 0.975,  1.962339081 },
    { 1,    0.95,   6.313751515 },
    { 2,    0.95,   2.919985580 },
    { 4,    0.95,   2.131846786 },
    { 9,    0.95,   1.833112933 },
    { 30,   0.95,   1.697260887 },
    { 1000, 0.95,   1.646378817 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      double t = vs_stats_t_quantile (table[i].p, table[i].df);

      g_assert_cmpfloat_with_epsilon (t, table[i].t, 1e-4);
      g_assert_cmpfloat_with_epsilon (vs_stats_t_quantile (1.0 - table[i].p, table[i].df),
                                      -table[i].t, 1e-4);
      g_assert_cmpfloat_with_epsilon (vs_stats_t_cdf (t, table[i].df), table[i].p, 1e-9);
    }

  /* Closed forms, tighter, including a far tail. */
  for (guint i = 0; i < 4; i++)
    {
      static const double ps[] = { 0.6, 0.9, 0.9995, 0.999999 };
      double p = ps[i];
      double t1 = tan (G_PI * (p - 0.5));
      double t2 = (2.0 * p - 1.0) / sqrt (2.0 * p * (1.0 - p));

      g_assert_cmpfloat (fabs (vs_stats_t_quantile (p, 1) - t1) / t1, <, 1e-8);
      g_assert_cmpfloat (fabs (vs_stats_t_quantile (p, 2) - t2) / t2, <, 1e-8);
    }

  /* Non-integer degrees of freedom lie between their neighbours. */
  g_assert_cmpfloat (vs_stats_t_quantile (0.975, 2.5), <, vs_stats_t_quantile (0.975, 2));
  g_assert_cmpfloat (vs_stats_t_quantile (0.975, 2.5), >, vs_stats_t_quantile (0.975, 3));

  /* Huge df approach the normal quantile. */
  g_assert_cmpfloat_with_epsilon (vs_stats_t_quantile (0.975, 1e12), 1.959963985, 1e-6);
  g_assert_cmpfloat_with_epsilon (vs_stats_t_quantile (0.975, INFINITY), 1.959963985, 1e-6);

  g_assert_cmpfloat (vs_stats_t_quantile (0.5, 3), ==, 0.0);
  g_assert_true (isinf (vs_stats_t_quantile (1.0, 3)));
  g_assert_true (isnan (vs_stats_t_quantile (0.9, 0)));
  g_assert_true (isnan (vs_stats_t_quantile (1.5, 3)));
  g_assert_true (isnan (vs_stats_t_quantile (NAN, 3)));
  g_assert_cmpfloat (vs_stats_t_cdf (0, 5), ==, 0.5);
}

/* Fieller's interval on data where B has no spread, so that the degrees of
 * freedom are A's (2) and t has a closed form. */
static void
test_compare_hand (void)
{
  const double a[] = { 90, 100, 110 };     /* mean 100, s² = 100 */
  const double b[] = { 150, 150, 150 };    /* mean 150, s² = 0 */
  const double t = 4.302652729749464;      /* t(0.975, 2) */
  double qa = 100.0 / 3.0;
  double g = t * t * qa / (100.0 * 100.0);
  double half = t / 100.0 * sqrt (1.5 * 1.5 * qa);
  g_autoptr(GError) error = NULL;
  VsComparison c;

  g_assert_true (vs_stats_compare (a, 3, b, 3, 0.95, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.n_a, ==, 3);
  g_assert_cmpuint (c.n_b, ==, 3);
  g_assert_cmpfloat_with_epsilon (c.mean_a, 100.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.mean_b, 150.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.stdev_a, 10.0, 1e-12);
  g_assert_cmpfloat (c.stdev_b, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (c.diff_percent, 50.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.df, 2.0, 1e-12);
  g_assert_true (c.ci_known);
  /* (1.5 ∓ 0.372621) / 0.938290: 20.152 % to 99.578 %. */
  g_assert_cmpfloat_with_epsilon (c.ci_low, ((1.5 - half) / (1.0 - g) - 1.0) * 100.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.ci_high, ((1.5 + half) / (1.0 - g) - 1.0) * 100.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.ci_low, 20.152, 1e-3);
  g_assert_cmpfloat_with_epsilon (c.ci_high, 99.578, 1e-3);
  g_assert_true (c.significant);
  g_assert_cmpfloat (c.confidence, ==, 0.95);
}

/* Unequal variances: check the Welch–Satterthwaite df by hand and that
 * both ends satisfy Fieller's equation (x̄B − R x̄A)² = t² (qB + R² qA). */
static void
test_compare_welch (void)
{
  const double a[] = { 100, 102, 98 };        /* mean 100, s² = 4 */
  const double b[] = { 120, 126, 114, NAN };  /* mean 120, s² = 36 (NAN ignored) */
  double qa = 4.0 / 3.0;
  double qb = 36.0 / 3.0;
  /* wA = 1.2² × 4/3 = 1.92, wB = 12: df = 13.92² / (1.92²/2 + 12²/2) */
  double df = 193.7664 / 73.8432;
  double t;
  VsComparison c;

  g_assert_true (vs_stats_compare (a, 3, b, 4, 0.95, &c, NULL));
  g_assert_cmpuint (c.n_b, ==, 3);
  g_assert_cmpfloat_with_epsilon (c.df, df, 1e-9);
  g_assert_cmpfloat_with_epsilon (c.diff_percent, 20.0, 1e-9);
  g_assert_true (c.ci_known);
  g_assert_cmpfloat (c.ci_low, <, 20.0);
  g_assert_cmpfloat (c.ci_high, >, 20.0);

  t = vs_stats_t_quantile (0.975, df);
  for (guint i = 0; i < 2; i++)
    {
      double r = 1.0 + (i == 0 ? c.ci_low : c.ci_high) / 100.0;
      double lhs = (120.0 - r * 100.0) * (120.0 - r * 100.0);
      double rhs = t * t * (qb + r * r * qa);

      g_assert_cmpfloat_with_epsilon (lhs, rhs, 1e-6 * rhs);
    }
  g_assert_true (c.significant);

  /* A 90 % interval is narrower. */
  {
    VsComparison c90;

    g_assert_true (vs_stats_compare (a, 3, b, 4, 0.90, &c90, NULL));
    g_assert_cmpfloat (c90.ci_low, >, c.ci_low);
    g_assert_cmpfloat (c90.ci_high, <, c.ci_high);
  }
}

typedef struct
{
  double cv_a, cv_b;
} NoiseCase;

static const NoiseCase noise_cases[] = {
  { 0.05, 0.05 },
  { 0.10, 0.10 },
  { 0.05, 0.10 },
  { 0.10, 0.05 },
};

static const double true_diffs[] = { 0.0, 10.0, -20.0 };

#define N_EXPERIMENTS 10000

/* For each sample size, N_EXPERIMENTS synthetic experiments cycling through
 * equal and unequal CVs (5–10 %) and true differences of 0, +10 and −20 %:
 * the 95 % interval must hold the true difference 93–97 % of the time. */
static void
test_coverage (void)
{
  static const guint sizes[][2] = { { 3, 3 }, { 5, 5 }, { 10, 10 }, { 3, 8 } };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n_a = sizes[s][0];
      guint n_b = sizes[s][1];
      guint covered = 0;
      guint covered_case[G_N_ELEMENTS (noise_cases)] = { 0, };
      guint total_case[G_N_ELEMENTS (noise_cases)] = { 0, };
      double rate;

      for (guint e = 0; e < N_EXPERIMENTS; e++)
        {
          const NoiseCase *nc = &noise_cases[e % G_N_ELEMENTS (noise_cases)];
          double diff = true_diffs[(e / G_N_ELEMENTS (noise_cases)) % G_N_ELEMENTS (true_diffs)];
          double mean_a = 2000.0;
          double mean_b = mean_a * (1.0 + diff / 100.0);
          double a[10], b[10];
          VsComparison c;

          for (guint i = 0; i < n_a; i++)
            a[i] = normal_sample (rand, mean_a, nc->cv_a * mean_a);
          for (guint i = 0; i < n_b; i++)
            b[i] = normal_sample (rand, mean_b, nc->cv_b * mean_b);

          g_assert_true (vs_stats_compare (a, n_a, b, n_b, 0.95, &c, NULL));
          g_assert_true (c.ci_known);
          total_case[e % G_N_ELEMENTS (noise_cases)]++;
          if (c.ci_low <= diff && diff <= c.ci_high)
            {
              covered++;
              covered_case[e % G_N_ELEMENTS (noise_cases)]++;
            }
        }

      rate = 100.0 * covered / N_EXPERIMENTS;
      g_test_message ("coverage n = %u/%u: %.2f %% of %u (CV 5/5 %.1f, 10/10 %.1f, "
                      "5/10 %.1f, 10/5 %.1f)",
                      n_a, n_b, rate, N_EXPERIMENTS,
                      100.0 * covered_case[0] / total_case[0],
                      100.0 * covered_case[1] / total_case[1],
                      100.0 * covered_case[2] / total_case[2],
                      100.0 * covered_case[3] / total_case[3]);
      g_assert_cmpfloat (rate, >=, 93.0);
      g_assert_cmpfloat (rate, <=, 97.0);
    }
}

/* A/A: both sides from one distribution. At most 5 % (+1 for simulation
 * noise) may be called significant, and the sentence must say so. A
 * correct 95 % test is significant in 5 % of A/A runs, so "No significant
 * difference" ≥ 95 % is the same bound without the tolerance; it gets the
 * same 1 % (at n = 10 the rate is about 95.1 %). */
static void
test_a_a (void)
{
  static const guint sizes[] = { 3, 5, 10 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n = sizes[s];
      guint significant = 0;
      guint no_difference = 0;
      double sig_rate, text_rate;

      for (guint e = 0; e < N_EXPERIMENTS; e++)
        {
          double cv = e % 2 == 0 ? 0.05 : 0.10;
          double a[10], b[10];
          g_autofree char *text = NULL;
          VsComparison c;

          for (guint i = 0; i < n; i++)
            {
              a[i] = normal_sample (rand, 5000.0, cv * 5000.0);
              b[i] = normal_sample (rand, 5000.0, cv * 5000.0);
            }

          g_assert_true (vs_stats_compare (a, n, b, n, 0.95, &c, NULL));
          if (c.significant)
            significant++;

          text = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
          if (g_str_has_prefix (text, "No significant difference in requests/s between "
                                      "Express and FastAPI (95 % CI "))
            no_difference++;
        }

      sig_rate = 100.0 * significant / N_EXPERIMENTS;
      text_rate = 100.0 * no_difference / N_EXPERIMENTS;
      g_test_message ("A/A n = %u: significant in %.2f %%, \"No significant difference\" "
                      "in %.2f %% of %u", n, sig_rate, text_rate, N_EXPERIMENTS);
      g_assert_cmpfloat (sig_rate, <=, 6.0);
      g_assert_cmpfloat (text_rate, >=, 94.0);
      g_assert_cmpuint (significant + no_difference, ==, N_EXPERIMENTS);
    }
}

static void
test_one_trial (void)
{
  const double a[] = { 112 };
  const double b[] = { 100 };
  const double b3[] = { 100, 101, 99 };
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *text3 = NULL;
  VsComparison c;

  g_assert_true (vs_stats_compare (a, 1, b, 1, 0.95, &c, NULL));
  g_assert_false (c.ci_known);
  g_assert_false (c.significant);
  g_assert_true (isnan (c.ci_low) && isnan (c.ci_high) && isnan (c.df));
  g_assert_cmpfloat_with_epsilon (c.diff_percent, -100.0 * 12.0 / 112.0, 1e-9);

  text = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  g_assert_cmpstr (text, ==, "Express served 12.0 % more requests/s than FastAPI; "
                             "with 1 trial each the uncertainty is unknown");
  g_assert_null (strstr (text, "CI"));

  /* One side only has one trial. */
  g_assert_true (vs_stats_compare (b3, 3, a, 1, 0.95, &c, NULL));
  g_assert_false (c.ci_known);
  text2 = vs_stats_verdict (&c, "Express", "FastAPI", "p99 latency", VS_BETTER_LOWER);
  g_assert_cmpstr (text2, ==, "Express had 10.7 % lower p99 latency than FastAPI; "
                              "with 3 and 1 trials the uncertainty is unknown");

  /* Same single value on both sides. */
  g_assert_true (vs_stats_compare (b, 1, b, 1, 0.95, &c, NULL));
  text3 = vs_stats_verdict (&c, "Express", "FastAPI", "CPU", VS_BETTER_LOWER);
  g_assert_cmpstr (text3, ==, "No difference in CPU between Express and FastAPI; "
                              "with 1 trial each the uncertainty is unknown");
}

static void
test_no_spread (void)
{
  const double a[] = { 64, 64, 64 };
  const double b[] = { 48, 48, 48 };
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  VsComparison c;

  g_assert_true (vs_stats_compare (a, 3, b, 3, 0.95, &c, NULL));
  g_assert_false (c.ci_known);
  g_assert_false (c.significant);
  text = vs_stats_verdict (&c, "Express", "FastAPI", "peak memory", VS_BETTER_LOWER);
  g_assert_cmpstr (text, ==, "FastAPI had 25.0 % lower peak memory than Express; every trial "
                             "on each side gave the same value, so the uncertainty is unknown");

  g_assert_true (vs_stats_compare (a, 3, a, 2, 0.95, &c, NULL));
  g_assert_false (c.ci_known);
  text2 = vs_stats_verdict (&c, "Express", "FastAPI", "peak memory", VS_BETTER_LOWER);
  g_assert_true (g_str_has_prefix (text2, "No difference in peak memory between Express and "
                                          "FastAPI; "));
}

/* Builds a comparison with the given ratio interval, as vs_stats_compare()
 * would have, to pin down the wording of each case. */
static VsComparison
make_comparison (double mean_a,
                 double mean_b,
                 double r_low,
                 double r_high,
                 guint  n_a,
                 guint  n_b)
{
  VsComparison c = { 0, };

  c.n_a = n_a;
  c.n_b = n_b;
  c.mean_a = mean_a;
  c.mean_b = mean_b;
  c.stdev_a = c.stdev_b = 1.0;
  c.diff_percent = (mean_b - mean_a) / mean_a * 100.0;
  c.ci_low = (r_low - 1.0) * 100.0;
  c.ci_high = (r_high - 1.0) * 100.0;
  c.df = 8.0;
  c.ci_known = TRUE;
  c.significant = c.ci_low > 0 || c.ci_high < 0;
  c.confidence = 0.95;

  return c;
}

static void
test_verdict (void)
{
  VsComparison c;
  char *text;

  /* Winner A, higher is better: % of B's mean; R = B/A in [1/1.52, 1/1.38]. */
  c = make_comparison (1449.0, 1000.0, 1.0 / 1.52, 1.0 / 1.38, 5, 5);
  text = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  g_assert_cmpstr (text, ==, "Express served 44.9 % more requests/s than FastAPI "
                             "(95 % CI 38.0 % to 52.0 %, 5 trials each)");
  g_free (text);

  /* Winner B, lower is better: % of A's mean (1 − R); counts in sentence order. */
  c = make_comparison (100.0, 76.9, 0.641, 0.898, 4, 5);
  text = vs_stats_verdict (&c, "Express", "FastAPI", "p99 latency", VS_BETTER_LOWER);
  g_assert_cmpstr (text, ==, "FastAPI had 23.1 % lower p99 latency than Express "
                             "(95 % CI 10.2 % to 35.9 %, 5 and 4 trials)");
  g_free (text);

  /* Winner B, higher is better: R − 1. */
  c = make_comparison (1000.0, 1100.0, 1.05, 1.15, 5, 5);
  text = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  g_assert_cmpstr (text, ==, "FastAPI served 10.0 % more requests/s than Express "
                             "(95 % CI 5.0 % to 15.0 %, 5 trials each)");
  g_free (text);

  /* Winner A, lower is better: 1 − 1/R, % of B's mean. */
  c = make_comparison (80.0, 100.0, 1.0 / 0.9, 1.0 / 0.7, 3, 6);
  text = vs_stats_verdict (&c, "Express", "FastAPI", "startup time", VS_BETTER_LOWER);
  g_assert_cmpstr (text, ==, "Express had 20.0 % lower startup time than FastAPI "
                             "(95 % CI 10.0 % to 30.0 %, 3 and 6 trials)");
  g_free (text);

  /* No difference: the interval of B relative to A, with a real minus sign. */
  c = make_comparison (100.0, 100.5, 0.969, 1.040, 5, 5);
  text = vs_stats_verdict (&c, "Express", "FastAPI", "p99 latency", VS_BETTER_LOWER);
  g_assert_cmpstr (text, ==, "No significant difference in p99 latency between Express and "
                             "FastAPI (95 % CI " MINUS "3.1 % to 4.0 %, 5 trials each)");
  g_free (text);

  /* Other confidence levels are printed as given. */
  c = make_comparison (1000.0, 1100.0, 1.05, 1.15, 2, 2);
  c.confidence = 0.9;
  text = vs_stats_verdict (&c, "A", "B", "requests/s", VS_BETTER_HIGHER);
  g_assert_cmpstr (text, ==, "B served 10.0 % more requests/s than A "
                             "(90 % CI 5.0 % to 15.0 %, 2 trials each)");
  g_free (text);
}

/* From data end to end, and the consistency of the number with the interval. */
static void
test_verdict_from_data (void)
{
  const double express[] = { 14800, 15100, 14950, 15300, 14700 };
  const double fastapi[] = { 10300, 10500, 10250, 10400 };
  const double express_p99[] = { 12.1, 11.8, 12.6, 12.0, 12.3 };
  const double fastapi_p99[] = { 9.1, 9.6, 9.3, 9.4 };
  const double wide_a[] = { 100, 180 };
  const double wide_b[] = { 110, 150 };
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *text3 = NULL;
  VsComparison c;

  g_assert_true (vs_stats_compare (express, 5, fastapi, 4, 0.95, &c, NULL));
  g_assert_true (c.significant);
  text = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Express served 44."));
  g_assert_true (g_str_has_suffix (text, "5 and 4 trials)"));
  /* 1/R̂ − 1 lies between 1/R_high − 1 and 1/R_low − 1. */
  g_assert_cmpfloat (100.0 / (1.0 + c.ci_high / 100.0) - 100.0, <,
                     c.mean_a / c.mean_b * 100.0 - 100.0);
  g_assert_cmpfloat (100.0 / (1.0 + c.ci_low / 100.0) - 100.0, >,
                     c.mean_a / c.mean_b * 100.0 - 100.0);

  g_assert_true (vs_stats_compare (express_p99, 5, fastapi_p99, 4, 0.95, &c, NULL));
  g_assert_true (c.significant);
  text2 = vs_stats_verdict (&c, "Express", "FastAPI", "p99 latency", VS_BETTER_LOWER);
  g_test_message ("%s", text2);
  g_assert_true (g_str_has_prefix (text2, "FastAPI had 23."));
  g_assert_true (g_str_has_suffix (text2, "4 and 5 trials)"));

  /* Two noisy trials: A's own mean is not clearly above 0 at t(0.975, 1),
   * so Fieller's interval is unbounded and reported as such. */
  g_assert_true (vs_stats_compare (wide_a, 2, wide_b, 2, 0.95, &c, NULL));
  g_assert_true (c.ci_known);
  g_assert_false (c.significant);
  g_assert_cmpfloat (c.ci_low, ==, -100.0);
  g_assert_true (isinf (c.ci_high));
  text3 = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  g_assert_cmpstr (text3, ==, "No significant difference in requests/s between Express and "
                              "FastAPI (95 % CI " MINUS "100.0 % to \xe2\x88\x9e, 2 trials each)");
}

static void
test_bad_input (void)
{
  const double ok[] = { 1, 2, 3 };
  const double zero[] = { -1, 0, 1 };
  const double negative[] = { -1, -2 };
  const double nans[] = { NAN, INFINITY };
  static const double bad_confidence[] = { 0.0, 1.0, -0.5, 1.5, NAN };
  struct { const double *a; guint n_a; const double *b; guint n_b; } bad[] = {
    { nans, 2, ok, 3 },
    { ok, 3, nans, 2 },
    { NULL, 0, ok, 3 },
    { ok, 3, NULL, 0 },
    { zero, 3, ok, 3 },
    { negative, 2, ok, 3 },
    { ok, 3, negative, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      VsComparison c = { .n_a = 99 };

      g_assert_false (vs_stats_compare (bad[i].a, bad[i].n_a, bad[i].b, bad[i].n_b, 0.95,
                                        &c, &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpuint (c.n_a, ==, 99);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_confidence); i++)
    {
      g_autoptr(GError) error = NULL;
      VsComparison c;

      g_assert_false (vs_stats_compare (ok, 3, ok, 3, bad_confidence[i], &c, &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
    }

  /* A mean of 0 on B is allowed (e.g. no CPU at all). */
  {
    const double none[] = { 0, 0, 0 };
    const double some[] = { 10, 11, 12 };
    g_autofree char *text = NULL;
    VsComparison c;

    g_assert_true (vs_stats_compare (some, 3, none, 3, 0.95, &c, NULL));
    g_assert_true (c.ci_known);
    g_assert_cmpfloat_with_epsilon (c.ci_low, -100.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (c.ci_high, -100.0, 1e-9);
    text = vs_stats_verdict (&c, "Express", "FastAPI", "CPU", VS_BETTER_LOWER);
    g_assert_cmpstr (text, ==, "FastAPI had 100.0 % lower CPU than Express "
                               "(95 % CI 100.0 % to 100.0 %, 3 trials each)");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stats/summary", test_summary);
  g_test_add_func ("/stats/t-quantile", test_t_quantile);
  g_test_add_func ("/stats/compare-hand", test_compare_hand);
  g_test_add_func ("/stats/compare-welch", test_compare_welch);
  g_test_add_func ("/stats/coverage", test_coverage);
  g_test_add_func ("/stats/a-a", test_a_a);
  g_test_add_func ("/stats/one-trial", test_one_trial);
  g_test_add_func ("/stats/no-spread", test_no_spread);
  g_test_add_func ("/stats/verdict", test_verdict);
  g_test_add_func ("/stats/verdict-from-data", test_verdict_from_data);
  g_test_add_func ("/stats/bad-input", test_bad_input);

  return g_test_run ();
}
