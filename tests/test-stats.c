/* test-stats.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "vs-report.h"
#include "vs-session.h"
#include "vs-stats.h"
#include "vs-stats-sim.h"
#include "vs-util.h"

#define MINUS "\xe2\x88\x92"

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
/* Three pairs by hand: d = ln 1.10, ln 1.13, ln 1.09 */
static void
test_compare_paired_hand (void)
{
  const double a[] = { 100, 200, 400 };
  const double b[] = { 110, 226, 436 };
  double d[] = { log (1.10), log (1.13), log (1.09) };
  double mean = (d[0] + d[1] + d[2]) / 3.0;
  double ss = 0.0, sd, se, t;
  g_autoptr(GError) error = NULL;
  VsComparison c;

  for (guint i = 0; i < 3; i++)
    ss += (d[i] - mean) * (d[i] - mean);
  sd = sqrt (ss / 2.0);
  se = sd / sqrt (3.0);
  t = 4.302652729749464;   /* t(0.975, 2) */

  g_assert_true (vs_stats_compare_paired (a, b, 3, 0.95, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.pairing, ==, VS_PAIRING_PAIRED);
  g_assert_cmpuint (c.n_a, ==, 3);
  g_assert_cmpuint (c.n_b, ==, 3);
  g_assert_cmpfloat_with_epsilon (c.mean_a, 200.0, 1e-9);   /* ∛(100 · 200 · 400) */
  g_assert_cmpfloat_with_epsilon (c.mean_b, cbrt (110.0 * 226 * 436), 1e-9);
  g_assert_cmpfloat_with_epsilon (c.diff_percent, expm1 (mean) * 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (c.sd_log, sd, 1e-12);
  g_assert_cmpfloat (c.df, ==, 2.0);
  g_assert_true (c.ci_known);
  g_assert_cmpfloat_with_epsilon (c.ci_low, expm1 (mean - t * se) * 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.ci_high, expm1 (mean + t * se) * 100, 1e-6);
  /* asymmetric around the estimate, as a ratio's interval is */
  g_assert_cmpfloat (c.ci_high - c.diff_percent, >, c.diff_percent - c.ci_low);
  /* the equivalence interval is the 90 % one: t(0.95, 2) = 2.919986 */
  g_assert_cmpfloat_with_epsilon (c.eq_low, expm1 (mean - 2.919985580353726 * se) * 100, 1e-6);
  /* p from the same t: at the interval's end it is exactly 0.05 */
  g_assert_cmpfloat_with_epsilon (c.p_value, 2 * (1 - vs_stats_t_cdf (mean / se, 2)), 1e-12);
  g_assert_cmpfloat (c.p_value, <, 0.05);   /* the interval excludes 0 */
  g_assert_cmpfloat (c.ci_low, >, 0.0);
}

/* Unpaired: Welch on the logs, checked against the formula */
static void
test_compare_unpaired_hand (void)
{
  const double a[] = { 90, 100, 110 };
  const double b[] = { 150, 160, 170, NAN };   /* the NAN is left out */
  double la = (log (90) + log (100) + log (110)) / 3;
  double lb = (log (150) + log (160) + log (170)) / 3;
  double va = 0, vb = 0, qa, qb, df, se, t;
  VsComparison c;

  for (guint i = 0; i < 3; i++)
    {
      va += (log (a[i]) - la) * (log (a[i]) - la) / 2;
      vb += (log (b[i]) - lb) * (log (b[i]) - lb) / 2;
    }
  qa = va / 3;
  qb = vb / 3;
  df = (qa + qb) * (qa + qb) / (qa * qa / 2 + qb * qb / 2);
  se = sqrt (qa + qb);
  t = vs_stats_t_quantile (0.975, df);

  g_assert_true (vs_stats_compare_unpaired (a, 3, b, 4, 0.95, &c, NULL));
  g_assert_cmpint (c.pairing, ==, VS_PAIRING_UNPAIRED);
  g_assert_cmpuint (c.n_b, ==, 3);
  g_assert_cmpfloat_with_epsilon (c.df, df, 1e-9);
  g_assert_cmpfloat_with_epsilon (c.diff_percent, expm1 (lb - la) * 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (c.ci_low, expm1 (lb - la - t * se) * 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (c.ci_high, expm1 (lb - la + t * se) * 100, 1e-6);
  g_assert_cmpfloat (c.p_value, <, 0.05);
}

static void
test_holm (void)
{
  const double p[] = { 0.01, 0.04, 0.03, NAN };
  double adjusted[4];

  vs_stats_holm (p, 4, adjusted);
  /* sorted 0.01, 0.03, 0.04 over 3 tests: 0.03, max (0.03, 0.06), max (0.06, 0.04) */
  g_assert_cmpfloat_with_epsilon (adjusted[0], 0.03, 1e-12);
  g_assert_cmpfloat_with_epsilon (adjusted[2], 0.06, 1e-12);
  g_assert_cmpfloat_with_epsilon (adjusted[1], 0.06, 1e-12);
  g_assert_true (isnan (adjusted[3]));

  {
    const double big[] = { 0.6, 0.5 };
    double adj[2];

    vs_stats_holm (big, 2, adj);
    g_assert_cmpfloat (adj[0], ==, 1.0);   /* never above 1 */
    g_assert_cmpfloat (adj[1], ==, 1.0);
  }
}

static void
compare_ratios (const double *ratios,
                guint         n,
                VsComparison *c)
{
  double a[64], b[64];

  for (guint i = 0; i < n; i++)
    {
      a[i] = 1000.0 + 37.0 * i;
      b[i] = a[i] * ratios[i];
    }
  g_assert_true (vs_stats_compare_paired (a, b, n, 0.95, c, NULL));
  vs_stats_decide (c, NAN, 5.0);
}

static void
test_decide (void)
{
  const double decided[] = { 1.40, 1.45, 1.50, 1.42, 1.48 };
  const double equivalent[] = { 1.001, 0.998, 1.003, 0.999, 1.002, 1.000, 0.997, 1.001 };
  const double noisy[] = { 0.80, 1.10 };
  const double lucky[] = { 1.200, 1.201 };   /* two pairs that agree by chance */
  const double one[] = { 1.3 };
  VsComparison c, c2;

  compare_ratios (decided, G_N_ELEMENTS (decided), &c);
  g_assert_cmpint (c.kind, ==, VS_VERDICT_DECIDED);
  g_assert_true (c.significant);

  compare_ratios (equivalent, G_N_ELEMENTS (equivalent), &c);
  g_assert_cmpint (c.kind, ==, VS_VERDICT_EQUIVALENT);
  g_assert_cmpfloat (c.eq_low, >, -5.0);
  g_assert_cmpfloat (c.eq_high, <, 5.0);
  /* with a smallest difference below the interval's reach it is not */
  vs_stats_decide (&c, NAN, 0.1);
  g_assert_cmpint (c.kind, ==, VS_VERDICT_INCONCLUSIVE);

  compare_ratios (noisy, G_N_ELEMENTS (noisy), &c);
  g_assert_cmpint (c.kind, ==, VS_VERDICT_INCONCLUSIVE);
  g_assert_cmpfloat (c.mdd_percent, >, 100.0);
  g_assert_cmpfloat (c.target_percent, ==, 10.0);
  g_assert_cmpuint (c.suggested_n, >, 2);
  /* more noise, more trials */
  {
    const double noisier[] = { 0.60, 1.30 };

    compare_ratios (noisier, 2, &c2);
    g_assert_cmpuint (c2.suggested_n, >, c.suggested_n);
  }

  /* two pairs that happen to agree: the prior keeps the promise modest —
   * it cannot say fewer than the prior's trials detect 10 % */
  compare_ratios (lucky, G_N_ELEMENTS (lucky), &c);
  g_assert_true (c.ci_known);
  g_assert_cmpint (c.kind, ==, VS_VERDICT_DECIDED);   /* the data decide it… */
  g_assert_cmpfloat (c.mdd_percent, >, 20.0);         /* …but two pairs detect little */

  /* an adjusted p above α undoes a decision */
  compare_ratios (decided, G_N_ELEMENTS (decided), &c);
  vs_stats_decide (&c, 0.2, 5.0);
  g_assert_cmpint (c.kind, !=, VS_VERDICT_DECIDED);
  g_assert_false (c.significant);

  compare_ratios (one, 1, &c);
  g_assert_false (c.ci_known);
  g_assert_cmpint (c.kind, ==, VS_VERDICT_UNKNOWN);
  g_assert_true (isnan (c.mdd_percent));
}

static void
test_verdict (void)
{
  const double decided[] = { 1.40, 1.45, 1.50, 1.42, 1.48 };
  const double equivalent[] = { 1.001, 0.998, 1.003, 0.999, 1.002, 1.000, 0.997, 1.001 };
  const double noisy[] = { 0.80, 1.10 };
  const double same[] = { 1.25, 1.25, 1.25 };
  VsComparison c;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *text3 = NULL;
  g_autofree char *text4 = NULL;
  g_autofree char *text5 = NULL;
  g_autofree char *expect = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  compare_ratios (decided, G_N_ELEMENTS (decided), &c);
  text1 = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  expect = g_strdup_printf ("FastAPI served %.1f %% more requests/s than Express (95 %% CI %.1f %% "
                            "to %.1f %%, 5 pairs)", c.diff_percent, c.ci_low, c.ci_high);
  g_assert_cmpstr (text1, ==, expect);

  /* a lower-is-better metric with A ahead: A's advantage over B, its ends
   * mapped through 1 − 1/R */
  text2 = vs_stats_verdict (&c, "Express", "FastAPI", "p99 latency", VS_BETTER_LOWER);
  g_free (expect);
  expect = g_strdup_printf ("Express had %.1f %% lower p99 latency than FastAPI (95 %% CI %.1f %% "
                            "to %.1f %%, 5 pairs)", (1 - 1 / (1 + c.diff_percent / 100)) * 100,
                            (1 - 1 / (1 + c.ci_low / 100)) * 100, (1 - 1 / (1 + c.ci_high / 100)) * 100);
  g_assert_cmpstr (text2, ==, expect);

  compare_ratios (equivalent, G_N_ELEMENTS (equivalent), &c);
  text3 = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  g_assert_true (g_str_has_prefix (text3, "No difference larger than 5.0 % in requests/s between "
                                          "Express and FastAPI (90 % CI " MINUS));
  g_assert_true (g_str_has_suffix (text3, ", 8 pairs)"));

  compare_ratios (noisy, G_N_ELEMENTS (noisy), &c);
  text4 = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  g_free (expect);
  low = g_strdup_printf ("%.0f %%", c.mdd_percent);
  expect = g_strdup_printf ("Too few trials to tell: Express served %.1f %% more requests/s than "
                            "FastAPI in this run, but with 2 pairs only differences above about %s "
                            "are detected reliably. About %u trials per target would detect a "
                            "10 %% difference",
                            (1 / (1 + c.diff_percent / 100) - 1) * 100, low, c.suggested_n);
  g_assert_cmpstr (text4, ==, expect);
  /* never an interval end of −100 % or ∞ in it */
  g_assert_null (strstr (text4, "100.0 %"));
  g_assert_null (strstr (text4, "\xe2\x88\x9e"));

  compare_ratios (same, G_N_ELEMENTS (same), &c);
  g_assert_false (c.ci_known);
  text5 = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  g_assert_cmpstr (text5, ==, "FastAPI served 25.0 % more requests/s than Express; every pair of "
                              "trials gave the same ratio, so the uncertainty is unknown");
  (void) high;
}

/* The figures of issue 12: build-aux/run's 2 pairs, Express 4482 and 4256,
 * FastAPI 3530 and 3086 req/s. Two pairs cannot decide this; the sentence
 * says so, and what would. */
static void
test_verdict_from_data (void)
{
  const double express[] = { 4482, 4256 };
  const double fastapi[] = { 3530, 3086 };
  g_autofree char *text = NULL;
  VsComparison c;

  g_assert_true (vs_stats_compare_paired (express, fastapi, 2, 0.95, &c, NULL));
  vs_stats_decide (&c, NAN, 5.0);
  text = vs_stats_verdict (&c, "Express", "FastAPI", "requests/s", VS_BETTER_HIGHER);
  g_test_message ("%s", text);
  g_assert_cmpint (c.kind, ==, VS_VERDICT_INCONCLUSIVE);
  /* √((4482 / 3530) (4256 / 3086)) = 1.323: the geometric mean of the pairs' ratios */
  g_assert_true (g_str_has_prefix (text, "Too few trials to tell: Express served 32.3 % more "
                                         "requests/s than FastAPI in this run, but with 2 pairs"));
  g_assert_cmpuint (c.suggested_n, >=, 8);
}

/* @trials more trials of Express and FastAPI from @first; FastAPI about
 * 5 % slower, noisy */
static void
add_trials (VsSession *session,
            GRand     *rand,
            guint      first,
            guint      trials)
{
  const char *labels[] = { "Express", "FastAPI" };

  for (guint trial = first; trial < first + trials; trial++)
    for (guint t = 0; t < 2; t++)
      {
        g_autoptr(VsRunResult) r = vs_run_result_new ();

        r->target_index = t;
        r->target_label = g_strdup (labels[t]);
        r->trial = trial;
        r->status = VS_RUN_STATUS_OK;
        r->requests_per_s = (t ? 950 : 1000) * exp (0.11 * (g_rand_double (rand) - 0.5) * 3.4);
        r->p99_ms = 10 * exp (0.11 * (g_rand_double (rand) - 0.5) * 3.4);
        r->requests = 10000;
        vs_session_add_result (session, r);
      }
}

/* Express and FastAPI, 3 trials each from add_trials () */
static VsSession *
new_noisy_session (GRand *rand)
{
  VsSession *session = vs_session_new ();
  const char *labels[] = { "Express", "FastAPI" };

  for (guint t = 0; t < 2; t++)
    {
      g_autoptr(VsTarget) target = vs_target_new ();

      target->label = g_strdup (labels[t]);
      vs_session_add_target (session, target);
    }
  vs_session_set_trials (session, 3);
  add_trials (session, rand, 0, 3);
  return session;
}

/* What the report says at a first look and after a continuation: the
 * level of every interval, why it is not 95 %, that a continued session's
 * intervals are sequential, how many trials to add, and that the budget
 * ends after three continuations. */
static void
test_report_looks (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autoptr(VsSession) session = new_noisy_session (rand);

  for (guint look = 0; look <= VS_STATS_MAX_CONTINUATIONS; look++)
    {
      g_autoptr(VsSessionSummary) summary = vs_session_summarize (session);
      g_autofree char *md = vs_report_markdown (session);
      g_autofree char *json = vs_report_json (session);
      g_autofree char *verdict = vs_session_summary_verdict (summary);
      g_autofree char *level = vs_stats_format_confidence (vs_stats_look_confidence (look));
      g_autofree char *ci = g_strdup_printf ("(%s CI ", level);
      guint more = vs_session_summary_suggest_more (summary);
      const VsComparison *c = &summary->comparisons[VS_METRIC_REQUESTS_PER_S][1];

      g_test_message ("look %u: %s; suggest %u more", look + 1, verdict, more);
      g_assert_cmpfloat (summary->confidence, ==, vs_stats_look_confidence (look));
      g_assert_cmpfloat (c->confidence, ==, vs_stats_look_confidence (look));
      g_assert_nonnull (strstr (md, ci));
      g_assert_null (strstr (md, "95 % CI"));
      if (look == 0)
        {
          g_assert_cmpstr (level, ==, "96 %");
          g_assert_nonnull (strstr (md, "Intervals are at 96 %, not 95 %, so that the session can be continued"));
          g_assert_null (strstr (verdict, "Sequentially valid"));
        }
      else
        {
          g_autofree char *said = g_strdup_printf ("Sequentially valid: this session was continued "
                                                   "%u time%s (looks after ", look, look > 1 ? "s" : "");

          g_assert_nonnull (strstr (verdict, said));
          g_assert_nonnull (strstr (md, said));
          g_assert_null (strstr (md, "not 95 %"));
        }
      {
        g_autoptr(JsonNode) root = json_from_string (json, NULL);
        JsonObject *obj = json_node_get_object (root);

        g_assert_cmpfloat (json_object_get_double_member (obj, "confidence"), ==, vs_stats_look_confidence (look));
        g_assert_cmpint (json_object_get_int_member (obj, "continuations"), ==, look);
        g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_object_get_object_member (obj, "summary"),
                                                                      "requests_per_s")));
      }
      /* 5 % with this noise: undecided until the budget ends */
      g_assert_cmpint (c->kind, ==, VS_VERDICT_INCONCLUSIVE);
      if (look == VS_STATS_MAX_CONTINUATIONS)
        {
          g_autoptr(GError) error = NULL;

          g_assert_cmpuint (more, ==, 0);
          g_assert_nonnull (strstr (verdict, "continued 3 times (looks after 3, 4 and 5 trials per target, now 6)"));
          g_assert_false (vs_session_continue (session, 1, &error));
          g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
          break;
        }
      /* enough for 10 % at the next, stricter look, which the verdict says too */
      {
        g_autofree char *total = g_strdup_printf ("About %u trials per target would detect a 10 %% "
                                                  "difference", c->suggested_n);

        g_assert_cmpuint (more, ==, c->suggested_n - c->n_a);
        g_assert_nonnull (strstr (verdict, total));
      }
      g_assert_true (vs_session_continue (session, 1, NULL));
      add_trials (session, rand, 3 + look, 1);
    }
}

/* Error responses rank nothing: a target that answered more than 1 % of
 * its requests with an error status is not ranked (the headline tests
 * become descriptive, nothing is suggested), its failures are spelled out
 * by status; a status the session expects is not a failure. */
static void
test_error_responses (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(VsSession) session = new_noisy_session (rand);
  GPtrArray *results;

  results = vs_session_get_results (session);
  /* FastAPI: 2 % of its responses a 404, 0.5 % a 503 */
  for (guint i = 0; i < results->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (results, i);
      VsStatusCount c404 = { 404, 200 }, c503 = { 503, 50 };

      if (r->target_index != 1)
        continue;
      r->errors[VS_ERROR_CLASS_HTTP_4XX] = 200;
      r->errors[VS_ERROR_CLASS_HTTP_5XX] = 50;
      g_array_append_val (r->status_codes, c404);
      g_array_append_val (r->status_codes, c503);
    }

  {
    g_autoptr(VsSessionSummary) s = vs_session_summarize (session);
    g_autofree char *verdict = vs_session_summary_verdict (s);
    g_autofree char *md = vs_report_markdown (session);
    g_autofree char *cell = vs_session_summary_format_failures (s, 1);

    g_test_message ("%s", verdict);
    g_assert_false (s->ranked);
    g_assert_cmpfloat_with_epsilon (s->http_error_percent[1], 2.5, 1e-9);
    g_assert_true (g_str_has_prefix (verdict, "Speed not ranked: more than 1 % of the responses had "
                                              "an error status — FastAPI 2.50 % (HTTP 404 ×600, "
                                              "HTTP 503 ×150) — "));
    g_assert_null (strstr (verdict, "served"));
    g_assert_false (vs_session_summary_is_headline (s, VS_METRIC_REQUESTS_PER_S));
    g_assert_cmpuint (vs_session_summary_suggest_more (s), ==, 0);
    g_assert_cmpstr (cell, ==, "2.50 % (HTTP 404 ×600, HTTP 503 ×150)");
    g_assert_nonnull (strstr (md, "| Failed requests | none | 2.50 % (HTTP 404 ×600, HTTP 503 ×150) | |"));
    g_assert_nonnull (strstr (md, "| Requests/s |"));
    g_assert_nonnull (strstr (md, "), descriptive |"));
  }

  /* the CSV keeps whole numbers whole (issue 14: memory was "8.50421e+07") */
  {
    VsRunResult *r = g_ptr_array_index (results, 0);
    g_autofree char *csv = NULL;

    r->memory_peak_bytes = 85042176;
    r->requests_per_s = 1234.5;
    csv = vs_report_csv (session);
    g_assert_nonnull (strstr (csv, ",85042176,"));
    g_assert_nonnull (strstr (csv, ",1234.5,"));
    g_assert_null (strstr (csv, "e+0"));
  }

  /* 404 is what the endpoint should answer: 0.5 % failed, ranked */
  vs_session_get_profile (session)->expect_status = 404;
  {
    g_autoptr(VsSessionSummary) s = vs_session_summarize (session);
    g_autofree char *verdict = vs_session_summary_verdict (s);
    g_autofree char *cell = vs_session_summary_format_failures (s, 1);

    g_assert_true (s->ranked);
    g_assert_cmpfloat_with_epsilon (s->http_error_percent[1], 0.5, 1e-9);
    g_assert_cmpstr (cell, ==, "0.50 % (HTTP 503 ×150)");
    g_assert_null (strstr (verdict, "Speed not ranked"));
    g_assert_true (vs_session_summary_is_headline (s, VS_METRIC_REQUESTS_PER_S));
  }
}

/* The method's proof in brief (the full tables: stats-simulation, in
 * docs/statistics.md): with every disturbance simulated, the paired
 * interval at a first look's level (96 %) covers the truth 96 % of the
 * time, an A/A comparison is declared different at most 5 % of the time,
 * and 8 pairs (the default) declare a true 30 % difference at least 9 times
 * in 10. Seeded; 4000 experiments a cell, so ±0.7 % (two standard errors)
 * is simulation noise. */
static void
test_simulation (void)
{
  double level = vs_stats_look_confidence (0);

  for (guint sc = 0; sc < VS_SIM_N_SCENARIOS; sc++)
    {
      VsSimOutcome aa2, aa8, d30;

      vs_sim_run (sc, VS_SIM_PAIRED, 2, 0.0, level, 4000, 100 + sc, &aa2);
      vs_sim_run (sc, VS_SIM_PAIRED, 8, 0.0, level, 4000, 200 + sc, &aa8);
      vs_sim_run (sc, VS_SIM_PAIRED, 8, 30.0, level, 4000, 300 + sc, &d30);
      g_test_message ("%s: A/A decided %.1f %% (2 pairs), %.1f %% (8); +30 %%: covered %.1f %%, "
                      "decided %.1f %%, inconclusive %.1f %%", vs_sim_scenario_name (sc),
                      100 * aa2.decided, 100 * aa8.decided, 100 * d30.covered,
                      100 * d30.decided_right, 100 * d30.inconclusive);
      g_assert_cmpfloat (aa2.decided, <=, 0.057);
      g_assert_cmpfloat (aa8.decided, <=, 0.057);
      g_assert_cmpfloat (d30.covered, >=, level - 0.007);
      g_assert_cmpfloat (d30.covered, <=, level + 0.007);
      if (sc != VS_SIM_OUTLIERS)
        g_assert_cmpfloat (d30.decided_right, >=, 0.90);
      else
        g_assert_cmpfloat (d30.decided_right, >=, 0.72);   /* an outlier in 20 costs power */
      /* every comparison gets exactly one of the three verdicts */
      g_assert_cmpfloat_with_epsilon (aa8.decided + aa8.equivalent + aa8.inconclusive, 1.0, 1e-9);
    }
}

/* The looks' levels spend the 5 % budget exactly, and tighten. */
static void
test_look_confidence (void)
{
  double spent = 0.0;

  for (guint k = 0; k <= VS_STATS_MAX_CONTINUATIONS; k++)
    {
      spent += 1.0 - vs_stats_look_confidence (k);
      if (k > 0)
        g_assert_cmpfloat (vs_stats_look_confidence (k), >, vs_stats_look_confidence (k - 1));
    }
  g_assert_cmpfloat_with_epsilon (spent, VS_STATS_ALPHA, 1e-12);
  g_assert_cmpfloat_with_epsilon (vs_stats_look_confidence (0), 0.96, 1e-12);
}

/* Continuing an undecided comparison (issue 12, item 5): with up to three
 * continuations, each adding the trials Versus suggests (chosen from the
 * data, the adversarial case), an A/A comparison is declared different at
 * most 5 % of the time over all its looks, under every disturbance; and
 * the budget is what keeps it there: looking again at 95 % each time
 * claims more differences than one look at 95 % does. Power grows with
 * each continuation. */
static void
test_simulation_sequential (void)
{
  for (guint sc = 0; sc < VS_SIM_N_SCENARIOS; sc++)
    {
      VsSimSequential aa, naive, d10;

      vs_sim_run_sequential (sc, 8, 3, 0.0, FALSE, 2500, 400 + sc, &aa);
      vs_sim_run_sequential (sc, 8, 3, 0.0, TRUE, 2500, 400 + sc, &naive);
      vs_sim_run_sequential (sc, 8, 3, 10.0, FALSE, 1000, 500 + sc, &d10);
      g_test_message ("%s: A/A decided by look 1–4: %.1f, %.1f, %.1f, %.1f %% (at 95 %% each "
                      "look: %.1f, %.1f %%); +10 %%: %.1f %% then %.1f %%, %.1f pairs",
                      vs_sim_scenario_name (sc), 100 * aa.decided[0], 100 * aa.decided[1],
                      100 * aa.decided[2], 100 * aa.decided[3], 100 * naive.decided[0],
                      100 * naive.decided[3], 100 * d10.decided[0], 100 * d10.decided_right,
                      d10.mean_pairs);
      g_assert_cmpfloat (aa.decided[3], <=, 0.05);
      g_assert_cmpfloat (naive.decided[3], >, naive.decided[0] + 0.01);
      g_assert_cmpfloat (d10.decided_right, >, d10.decided[0] + 0.2);
      g_assert_cmpfloat (aa.mean_pairs, >, 8.0);
    }
}

/* The requests that failed stand next to latency in the verdict: a
 * timed-out request is in the percentiles at its wait, and the share of
 * failures is said for every target */
static void
test_verdict_failures (void)
{
  g_autoptr(VsSession) session = vs_session_new ();
  g_autoptr(VsSessionSummary) summary = NULL;
  g_autofree char *verdict = NULL;
  const char *labels[] = { "Express", "FastAPI" };

  for (guint t = 0; t < 2; t++)
    {
      g_autoptr(VsTarget) target = vs_target_new ();

      target->label = g_strdup (labels[t]);
      vs_session_add_target (session, target);
    }
  for (guint trial = 0; trial < 3; trial++)
    for (guint t = 0; t < 2; t++)
      {
        g_autoptr(VsRunResult) r = vs_run_result_new ();

        r->target_index = t;
        r->target_label = g_strdup (labels[t]);
        r->trial = trial;
        r->status = VS_RUN_STATUS_OK;
        r->requests = 9940;
        r->requests_per_s = 1000 + 100 * t + trial;
        r->p99_ms = 10 + t + trial / 10.0;
        if (t == 0)
          {
            /* 60 of 10 000 attempts failed: 50 timed out, 10 were refused */
            r->errors[VS_ERROR_CLASS_TIMEOUT] = 50;
            r->errors[VS_ERROR_CLASS_CONNECT] = 10;
          }
        else
          r->requests = 10000;
        vs_session_add_result (session, r);
      }
  /* a failed trial's errors are not counted */
  {
    g_autoptr(VsRunResult) r = vs_run_result_new ();

    r->target_index = 1;
    r->target_label = g_strdup (labels[1]);
    r->trial = 3;
    r->status = VS_RUN_STATUS_FAILED;
    r->errors[VS_ERROR_CLASS_READ] = 1000;
    vs_session_add_result (session, r);
  }

  summary = vs_session_summarize (session);
  g_assert_cmpfloat_with_epsilon (summary->failed_percent[0], 0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary->timed_out_percent[0], 0.5, 1e-9);
  g_assert_cmpfloat (summary->failed_percent[1], ==, 0);
  verdict = vs_session_summary_verdict (summary);
  g_test_message ("%s", verdict);
  g_assert_nonnull (strstr (verdict, "Requests that failed: Express 0.60 % (0.50 % timed out), "
                                     "FastAPI none; a request that timed out is in the latency "
                                     "figures at the time it waited."));

  /* none failed anywhere: nothing said */
  for (guint i = 0; i < vs_session_get_results (session)->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (vs_session_get_results (session), i);

      memset (r->errors, 0, sizeof r->errors);
    }
  g_clear_pointer (&summary, vs_session_summary_free);
  g_clear_pointer (&verdict, g_free);
  summary = vs_session_summarize (session);
  verdict = vs_session_summary_verdict (summary);
  g_assert_null (strstr (verdict, "failed"));
}

static void
test_bad_input (void)
{
  const double ok[] = { 1, 2, 3 };
  const double zero[] = { 1, 0, 1 };
  const double negative[] = { 1, -2, 3 };
  const double nans[] = { 1, NAN, 3 };
  static const double bad_confidence[] = { 0.0, 0.5, 1.0, -0.5, 1.5, NAN };
  const double *bad_sides[] = { zero, negative, nans };

  for (guint i = 0; i < G_N_ELEMENTS (bad_sides); i++)
    for (guint side = 0; side < 2; side++)
      {
        g_autoptr(GError) error = NULL;
        VsComparison c = { .n_a = 99 };

        g_assert_false (vs_stats_compare_paired (side ? ok : bad_sides[i], side ? bad_sides[i] : ok,
                                                 3, 0.95, &c, &error));
        g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
        g_assert_cmpuint (c.n_a, ==, 99);   /* untouched */
      }
  {
    g_autoptr(GError) error = NULL;
    VsComparison c;

    g_assert_false (vs_stats_compare_paired (NULL, NULL, 0, 0.95, &c, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  }
  /* unpaired: a value ≤ 0 is refused, a side of nothing but NANs too */
  {
    const double all_nan[] = { NAN, INFINITY };
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    VsComparison c;

    g_assert_false (vs_stats_compare_unpaired (ok, 3, zero, 3, 0.95, &c, &e1));
    g_assert_error (e1, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
    g_assert_false (vs_stats_compare_unpaired (all_nan, 2, ok, 3, 0.95, &c, &e2));
    g_assert_error (e2, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_confidence); i++)
    {
      g_autoptr(GError) error = NULL;
      VsComparison c;

      g_assert_false (vs_stats_compare_paired (ok, ok, 3, bad_confidence[i], &c, &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stats/summary", test_summary);
  g_test_add_func ("/stats/t-quantile", test_t_quantile);
  g_test_add_func ("/stats/compare-paired-hand", test_compare_paired_hand);
  g_test_add_func ("/stats/compare-unpaired-hand", test_compare_unpaired_hand);
  g_test_add_func ("/stats/holm", test_holm);
  g_test_add_func ("/stats/decide", test_decide);
  g_test_add_func ("/stats/verdict", test_verdict);
  g_test_add_func ("/stats/verdict-from-data", test_verdict_from_data);
  g_test_add_func ("/stats/verdict-failures", test_verdict_failures);
  g_test_add_func ("/stats/simulation", test_simulation);
  g_test_add_func ("/stats/simulation/sequential", test_simulation_sequential);
  g_test_add_func ("/stats/look-confidence", test_look_confidence);
  g_test_add_func ("/stats/report-looks", test_report_looks);
  g_test_add_func ("/stats/error-responses", test_error_responses);
  g_test_add_func ("/stats/bad-input", test_bad_input);

  return g_test_run ();
}
