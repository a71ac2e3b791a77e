/* vs-stats-sim.h — simulated comparisons, to prove the verdict's method
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the machine disturbs a comparison of 2 n trials, run in pairs (one of
 * each target, in a random order within the pair). Every trial has its own
 * noise (log-normal, VS_SIM_TRIAL_SD on the log scale); on top of it: */
typedef enum
{
  VS_SIM_IID,       /* nothing else */
  VS_SIM_DRIFT,     /* a slow random walk shared by neighbouring trials */
  VS_SIM_STEP,      /* background load: −18 % for the second half of the run */
  VS_SIM_OUTLIERS,  /* one trial in 20 loses a third of its throughput */
  VS_SIM_N_SCENARIOS
} VsSimScenario;

typedef enum
{
  VS_SIM_PAIRED,    /* what Versus does: paired t on the log-ratios */
  VS_SIM_UNPAIRED,  /* Welch's t on the logs, ignoring the pairs */
  VS_SIM_SLOT,      /* log y ~ target + slot (linear drift), 2n − 3 df */
  VS_SIM_N_METHODS
} VsSimMethod;

#define VS_SIM_TRIAL_SD 0.11   /* per-trial CV ≈ 11 %, as measured (issue 12) */

typedef struct
{
  guint  experiments;
  double covered;      /* share whose interval holds the true ratio */
  double decided;      /* share declared different (Holm over a family of 2, see below) */
  double decided_right;/* … and in the true direction */
  double equivalent;   /* share declared equivalent within 5 % */
  double inconclusive;
} VsSimOutcome;

const char *vs_sim_scenario_name (VsSimScenario scenario);
const char *vs_sim_method_name   (VsSimMethod   method);

/* @experiments comparisons of @n_pairs pairs with a true difference of
 * @effect_percent in the primary metric, at @confidence. The verdict is
 * taken as Versus takes it: Holm over the primary and a second headline
 * metric (with no true difference, independent noise), equivalence within
 * 5 %. */
void vs_sim_run (VsSimScenario  scenario,
                 VsSimMethod    method,
                 guint          n_pairs,
                 double         effect_percent,
                 double         confidence,
                 guint          experiments,
                 guint32        seed,
                 VsSimOutcome  *out);

/* Continued comparisons: a first look at @first_pairs; while the verdict
 * is neither decided nor equivalent and fewer than @max_continuations
 * continuations were made, add the trials Versus suggests
 * (vs_session_summary_suggest_more's rule, at most VS_SIM_MAX_MORE per
 * continuation) and look again. Each look at vs_stats_look_confidence (),
 * or, when @naive, at 95 % every time (what looking again without paying
 * for it would give). */
#define VS_SIM_MAX_MORE 16

typedef struct
{
  guint  experiments;
  double decided[4];      /* share declared different at or before look k + 1 */
  double decided_right;   /* at the end, declared different in the true direction */
  double equivalent;      /* at the end */
  double inconclusive;    /* at the end */
  double mean_pairs;      /* pairs run, on average */
} VsSimSequential;

void vs_sim_run_sequential (VsSimScenario     scenario,
                            guint             first_pairs,
                            guint             max_continuations,
                            double            effect_percent,
                            gboolean          naive,
                            guint             experiments,
                            guint32           seed,
                            VsSimSequential  *out);

G_END_DECLS
