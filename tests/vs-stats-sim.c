/* vs-stats-sim.c — simulated comparisons, to prove the verdict's method
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vs-stats.h"
#include "vs-stats-sim.h"

#define MAX_PAIRS (8 + 3 * VS_SIM_MAX_MORE + 8)

static const char * const scenario_names[] = { "independent", "slow drift", "step change", "outliers" };
static const char * const method_names[] = { "paired", "unpaired", "slot-adjusted" };

const char *
vs_sim_scenario_name (VsSimScenario scenario)
{
  g_return_val_if_fail (scenario < VS_SIM_N_SCENARIOS, NULL);
  return scenario_names[scenario];
}

const char *
vs_sim_method_name (VsSimMethod method)
{
  g_return_val_if_fail (method < VS_SIM_N_METHODS, NULL);
  return method_names[method];
}

/* Box–Muller; g_rand_double() is in [0, 1), so 1 − u is in (0, 1]. */
static double
gauss (GRand *rand)
{
  double u1 = 1.0 - g_rand_double (rand);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/* One run's values: a[i], b[i] for pair i, in the order they ran */
static void
simulate (GRand         *rand,
          VsSimScenario  scenario,
          guint          n,
          double         effect_log,
          double        *a,
          double        *b,
          double        *slot_a,
          double        *slot_b)
{
  double drift = 0.0;

  for (guint i = 0; i < n; i++)
    {
      gboolean b_first = g_rand_boolean (rand);

      for (guint j = 0; j < 2; j++)
        {
          guint slot = 2 * i + j;
          gboolean is_b = (j == 0) == b_first;
          double v = (is_b ? effect_log : 0.0) + VS_SIM_TRIAL_SD * gauss (rand);

          if (scenario == VS_SIM_DRIFT)
            {
              drift += 0.03 * gauss (rand);
              v += drift;
            }
          else if (scenario == VS_SIM_STEP && slot >= n)
            v += -0.2;
          else if (scenario == VS_SIM_OUTLIERS && g_rand_double (rand) < 0.05)
            v += -0.4;

          if (is_b)
            {
              b[i] = 2000.0 * exp (v);
              slot_b[i] = slot;
            }
          else
            {
              a[i] = 2000.0 * exp (v);
              slot_a[i] = slot;
            }
        }
    }
}

/* Least squares of log y on (1, is B, slot): the B coefficient's interval,
 * as a VsComparison with the same fields the others fill */
static void
compare_slot (const double *a,
              const double *b,
              const double *slot_a,
              const double *slot_b,
              guint         n,
              double        confidence,
              VsComparison *c)
{
  double xtx[3][3] = { { 0 } }, xty[3] = { 0 }, inv[3][3], coef[3], det, rss = 0.0, se, t, t_eq;
  guint rows = 2 * n;

  for (guint k = 0; k < rows; k++)
    {
      gboolean is_b = k >= n;
      double y = log (is_b ? b[k - n] : a[k]);
      double row[3] = { 1.0, is_b ? 1.0 : 0.0, is_b ? slot_b[k - n] : slot_a[k] };

      for (guint i = 0; i < 3; i++)
        {
          xty[i] += row[i] * y;
          for (guint j = 0; j < 3; j++)
            xtx[i][j] += row[i] * row[j];
        }
    }
  /* the 3 × 3 inverse by cofactors */
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      {
        guint r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;

        inv[i][j] = xtx[r0][c0] * xtx[r1][c1] - xtx[r0][c1] * xtx[r1][c0];
      }
  det = xtx[0][0] * inv[0][0] + xtx[0][1] * inv[1][0] + xtx[0][2] * inv[2][0];
  for (guint i = 0; i < 3; i++)
    {
      coef[i] = 0.0;
      for (guint j = 0; j < 3; j++)
        coef[i] += inv[i][j] / det * xty[j];
    }
  for (guint k = 0; k < rows; k++)
    {
      gboolean is_b = k >= n;
      double y = log (is_b ? b[k - n] : a[k]);
      double e = y - coef[0] - coef[1] * is_b - coef[2] * (is_b ? slot_b[k - n] : slot_a[k]);

      rss += e * e;
    }
  se = sqrt (rss / (rows - 3) * inv[1][1] / det);
  t = vs_stats_t_quantile (1.0 - (1.0 - confidence) / 2.0, rows - 3);
  t_eq = vs_stats_t_quantile (confidence, rows - 3);

  vs_stats_compare_paired (a, b, n, confidence, c, NULL);   /* the means, n, pairing */
  c->ci_known = TRUE;
  c->df = rows - 3;
  c->diff_percent = expm1 (coef[1]) * 100.0;
  c->ci_low = expm1 (coef[1] - t * se) * 100.0;
  c->ci_high = expm1 (coef[1] + t * se) * 100.0;
  c->eq_low = expm1 (coef[1] - t_eq * se) * 100.0;
  c->eq_high = expm1 (coef[1] + t_eq * se) * 100.0;
  c->p_value = 2.0 * (1.0 - vs_stats_t_cdf (fabs (coef[1]) / se, rows - 3));
  c->sd_log = sqrt (rss / (rows - 3)) * G_SQRT2;
}

static void
compare (VsSimMethod   method,
         const double *a,
         const double *b,
         const double *slot_a,
         const double *slot_b,
         guint         n,
         double        confidence,
         VsComparison *c)
{
  switch (method)
    {
    case VS_SIM_PAIRED:
      vs_stats_compare_paired (a, b, n, confidence, c, NULL);
      break;
    case VS_SIM_UNPAIRED:
      vs_stats_compare_unpaired (a, n, b, n, confidence, c, NULL);
      break;
    case VS_SIM_SLOT:
    case VS_SIM_N_METHODS:
    default:
      compare_slot (a, b, slot_a, slot_b, n, confidence, c);
      break;
    }
}

/* Counts @c's verdict; a decided one is right when in the true direction */
static void
tally (const VsComparison *c,
       double              effect_percent,
       guint              *decided,
       guint              *right,
       guint              *equivalent,
       guint              *inconclusive)
{
  if (c->kind == VS_VERDICT_DECIDED)
    {
      (*decided)++;
      if ((c->diff_percent > 0) == (effect_percent > 0) && effect_percent != 0)
        (*right)++;
    }
  else if (c->kind == VS_VERDICT_EQUIVALENT)
    (*equivalent)++;
  else
    (*inconclusive)++;
}

void
vs_sim_run (VsSimScenario  scenario,
            VsSimMethod    method,
            guint          n_pairs,
            double         effect_percent,
            double         confidence,
            guint          experiments,
            guint32        seed,
            VsSimOutcome  *out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double effect_log = log1p (effect_percent / 100.0);
  guint covered = 0, decided = 0, right = 0, equivalent = 0, inconclusive = 0;

  g_return_if_fail (n_pairs >= 2 && n_pairs <= MAX_PAIRS);

  for (guint e = 0; e < experiments; e++)
    {
      double a[MAX_PAIRS], b[MAX_PAIRS], sa[MAX_PAIRS], sb[MAX_PAIRS];
      double a2[MAX_PAIRS], b2[MAX_PAIRS], sa2[MAX_PAIRS], sb2[MAX_PAIRS];
      double p[2], adjusted[2];
      VsComparison c, c2;

      simulate (rand, scenario, n_pairs, effect_log, a, b, sa, sb);
      simulate (rand, scenario, n_pairs, 0.0, a2, b2, sa2, sb2);
      compare (method, a, b, sa, sb, n_pairs, confidence, &c);
      compare (method, a2, b2, sa2, sb2, n_pairs, confidence, &c2);
      p[0] = c.p_value;
      p[1] = c2.p_value;
      vs_stats_holm (p, 2, adjusted);
      vs_stats_decide (&c, adjusted[0], 5.0);

      if (c.ci_low <= effect_percent && effect_percent <= c.ci_high)
        covered++;
      tally (&c, effect_percent, &decided, &right, &equivalent, &inconclusive);
    }

  out->experiments = experiments;
  out->covered = (double) covered / experiments;
  out->decided = (double) decided / experiments;
  out->decided_right = (double) right / experiments;
  out->equivalent = (double) equivalent / experiments;
  out->inconclusive = (double) inconclusive / experiments;
}

/* The trials the next look needs, as vs_session_summary_suggest_more ()
 * counts them: enough to detect the verdict's target difference at the
 * next look's level, or a doubling when that is unknown */
static guint
suggest_more (const VsComparison *c,
              double              next_confidence)
{
  VsComparison next = *c;
  guint n = MIN (c->n_a, c->n_b);

  vs_stats_suggest_at (&next, next_confidence, 5.0);
  return next.suggested_n > n ? next.suggested_n - n : n;
}

void
vs_sim_run_sequential (VsSimScenario     scenario,
                       guint             first_pairs,
                       guint             max_continuations,
                       double            effect_percent,
                       gboolean          naive,
                       guint             experiments,
                       guint32           seed,
                       VsSimSequential  *out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double effect_log = log1p (effect_percent / 100.0);
  guint decided_by[4] = { 0 }, decided = 0, right = 0, equivalent = 0, inconclusive = 0;
  guint total = first_pairs + max_continuations * VS_SIM_MAX_MORE;
  double pairs_run = 0;

  g_return_if_fail (first_pairs >= 2 && max_continuations <= 3 && total <= MAX_PAIRS);

  memset (out, 0, sizeof *out);
  for (guint e = 0; e < experiments; e++)
    {
      double a[MAX_PAIRS], b[MAX_PAIRS], sa[MAX_PAIRS], sb[MAX_PAIRS];
      double a2[MAX_PAIRS], b2[MAX_PAIRS], sa2[MAX_PAIRS], sb2[MAX_PAIRS];
      guint n = first_pairs;
      VsComparison c;

      /* the whole machine's history; each look sees the pairs run so far */
      simulate (rand, scenario, total, effect_log, a, b, sa, sb);
      simulate (rand, scenario, total, 0.0, a2, b2, sa2, sb2);
      for (guint look = 0; ; look++)
        {
          double confidence = naive ? 0.95 : vs_stats_look_confidence (look);
          double p[2], adjusted[2];
          VsComparison c2;

          vs_stats_compare_paired (a, b, n, confidence, &c, NULL);
          vs_stats_compare_paired (a2, b2, n, confidence, &c2, NULL);
          p[0] = c.p_value;
          p[1] = c2.p_value;
          vs_stats_holm (p, 2, adjusted);
          vs_stats_decide (&c, adjusted[0], 5.0);
          if (c.kind == VS_VERDICT_DECIDED)
            {
              for (guint k = look; k < G_N_ELEMENTS (decided_by); k++)
                decided_by[k]++;
              break;
            }
          if (c.kind == VS_VERDICT_EQUIVALENT || look == max_continuations)
            break;
          n += MIN (suggest_more (&c, naive ? 0.95 : vs_stats_look_confidence (look + 1)),
                    VS_SIM_MAX_MORE);
        }
      pairs_run += n;
      tally (&c, effect_percent, &decided, &right, &equivalent, &inconclusive);
    }

  out->experiments = experiments;
  for (guint k = 0; k < G_N_ELEMENTS (decided_by); k++)
    out->decided[k] = (double) decided_by[k] / experiments;
  out->decided_right = (double) right / experiments;
  out->equivalent = (double) equivalent / experiments;
  out->inconclusive = (double) inconclusive / experiments;
  out->mean_pairs = pairs_run / experiments;
}
