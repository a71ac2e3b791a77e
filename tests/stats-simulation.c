/* stats-simulation.c — the tables of docs/statistics.md, from simulations
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: stats-simulation methods|defaults|sequential [EXPERIMENTS]   (default 10000 per cell)
 * Prints a Markdown table; build-aux/statistics-table puts it into the document.
 */

#include "config.h"

#include <stdlib.h>

#include "vs-stats.h"
#include "vs-stats-sim.h"

/* paired, unpaired and slot-adjusted side by side, under each disturbance */
static void
print_methods (guint    experiments,
               guint32  seed)
{
  static const guint sizes[] = { 2, 3, 5, 8, 10 };

  g_print ("A/A: share of comparisons with no true difference declared different (Holm over the "
           "two headline metrics). Coverage and power at a true +30 %%: share of 95 %% intervals "
           "holding it, share declared different in its direction.\n\n");
  g_print ("| disturbance | pairs |");
  for (guint m = 0; m < VS_SIM_N_METHODS; m++)
    g_print (" %s: A/A | coverage | power |", vs_sim_method_name (m));
  g_print ("\n|---|--:|");
  for (guint m = 0; m < VS_SIM_N_METHODS; m++)
    g_print ("--:|--:|--:|");
  g_print ("\n");
  for (guint sc = 0; sc < VS_SIM_N_SCENARIOS; sc++)
    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
      {
        g_print ("| %s | %u |", vs_sim_scenario_name (sc), sizes[k]);
        for (guint m = 0; m < VS_SIM_N_METHODS; m++)
          {
            VsSimOutcome aa, d30;

            vs_sim_run (sc, m, sizes[k], 0.0, 0.95, experiments, seed++, &aa);
            vs_sim_run (sc, m, sizes[k], 30.0, 0.95, experiments, seed++, &d30);
            g_print (" %.1f %% | %.1f %% | %.1f %% |", 100 * aa.decided, 100 * d30.covered,
                     100 * d30.decided_right);
          }
        g_print ("\n");
      }
}

/* what the paired method says, by number of pairs */
static void
print_defaults (guint    experiments,
                guint32  seed)
{
  static const guint sizes[] = { 2, 3, 4, 5, 6, 8, 10, 12 };

  g_print ("Slow drift as above, at a first look's level (96 %%). Shares of the three verdicts "
           "(decided, equivalent within 5 %%, inconclusive) at true differences of 0, 10 %% and "
           "30 %%.\n\n");
  g_print ("| pairs | 0 %%: decided | equivalent | inconclusive | 10 %%: decided | inconclusive "
           "| 30 %%: decided | inconclusive |\n|--:|--:|--:|--:|--:|--:|--:|--:|\n");
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      VsSimOutcome d0, d10, d30;
      double level = vs_stats_look_confidence (0);

      vs_sim_run (VS_SIM_DRIFT, VS_SIM_PAIRED, sizes[k], 0.0, level, experiments, seed++, &d0);
      vs_sim_run (VS_SIM_DRIFT, VS_SIM_PAIRED, sizes[k], 10.0, level, experiments, seed++, &d10);
      vs_sim_run (VS_SIM_DRIFT, VS_SIM_PAIRED, sizes[k], 30.0, level, experiments, seed++, &d30);
      g_print ("| %u | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% |\n",
               sizes[k], 100 * d0.decided, 100 * d0.equivalent, 100 * d0.inconclusive,
               100 * d10.decided_right, 100 * d10.inconclusive,
               100 * d30.decided_right, 100 * d30.inconclusive);
    }
}

/* continuing undecided comparisons: the error budget against looking
 * again at 95 % each time */
static void
print_sequential (guint    experiments,
                  guint32  seed)
{
  static const double effects[] = { 0.0, 10.0, 30.0 };

  g_print ("A first look at 8 pairs; while undecided, up to three continuations, each adding "
           "the trials Versus suggests (at most %u pairs). \"decided by look k\": share declared "
           "different at or before it (at 0 %%, every one is a false positive); then the final "
           "shares and the pairs run on average.\n\n", VS_SIM_MAX_MORE);
  g_print ("| disturbance | true difference | levels | decided by look 1 | 2 | 3 | 4 "
           "| decided right | equivalent | inconclusive | pairs |\n"
           "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
  for (guint sc = 0; sc < VS_SIM_N_SCENARIOS; sc++)
    for (guint k = 0; k < G_N_ELEMENTS (effects); k++)
      for (guint naive = 0; naive < 2; naive++)
        {
          VsSimSequential out;

          if (naive && effects[k] != 0.0)
            continue;
          vs_sim_run_sequential (sc, 8, 3, effects[k], naive, experiments, seed++, &out);
          g_print ("| %s | %.0f %% | %s | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% "
                   "| %.1f %% | %.1f |\n",
                   vs_sim_scenario_name (sc), effects[k],
                   naive ? "95 % every look" : "96, 99.5, 99.7, 99.8 %",
                   100 * out.decided[0], 100 * out.decided[1], 100 * out.decided[2],
                   100 * out.decided[3], 100 * out.decided_right, 100 * out.equivalent,
                   100 * out.inconclusive, out.mean_pairs);
        }
}

int
main (int    argc,
      char **argv)
{
  const char *section = argc > 1 ? argv[1] : "";
  guint experiments = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 10000;

  if (experiments == 0 || (g_strcmp0 (section, "methods") != 0 && g_strcmp0 (section, "defaults") != 0 &&
                           g_strcmp0 (section, "sequential") != 0))
    {
      g_printerr ("usage: stats-simulation methods|defaults|sequential [EXPERIMENTS]\n");
      return 2;
    }
  g_print ("Each cell: %u simulated comparisons (seeded), per-trial noise %.0f %% (log-normal).\n\n",
           experiments, VS_SIM_TRIAL_SD * 100);
  if (g_str_equal (section, "methods"))
    print_methods (experiments, 20261204);
  else if (g_str_equal (section, "defaults"))
    print_defaults (experiments, 20261205);
  else
    print_sequential (experiments, 20261207);
  return 0;
}
