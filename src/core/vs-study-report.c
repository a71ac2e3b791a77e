/* vs-study-report.c — a study's results as Markdown, CSV and JSON
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-json-util.h"
#include "vs-study.h"
#include "vs-util.h"

const char *
vs_claim_outcome_get_title (VsClaimOutcome outcome)
{
  switch (outcome)
    {
    case VS_CLAIM_HOLDS: return _("holds");
    case VS_CLAIM_CONTRADICTED: return _("contradicted");
    case VS_CLAIM_INCONCLUSIVE: return _("inconclusive");
    case VS_CLAIM_NOT_MEASURED:
    default: return _("not measured");
    }
}

/* "+40 % to +70 %", "+44.9 %", "at least +0 %" */
char *
vs_study_claim_format_claimed (const VsStudyClaim *claim)
{
  g_autofree char *low = isnan (claim->low) ? NULL : vs_stats_format_signed_percent (claim->low);
  g_autofree char *high = isnan (claim->high) ? NULL : vs_stats_format_signed_percent (claim->high);

  if (low != NULL && high != NULL)
    return claim->low == claim->high ? g_strdup (low)
                                     /* Translators: a claimed range of differences */
                                     : g_strdup_printf (_("%s to %s"), low, high);
  if (low != NULL)
    /* Translators: e.g. "more than +0 %": the claim is only a direction */
    return g_strdup_printf (claim->low == 0 ? _("more than %s") : _("at least %s"), low);
  return g_strdup_printf (claim->high == 0 ? _("less than %s") : _("at most %s"), high);
}

/* The first finished trial in any cell, of @target (-1: any) and, with
 * @with_server, one that recorded what ran */
static const VsRunResult *
find_result (VsStudy  *self,
             int       target,
             gboolean  with_server)
{
  GPtrArray *cells = vs_study_get_cells (self);

  for (guint i = 0; i < cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (cells, i);
      GPtrArray *results;

      if (cell->session == NULL)
        continue;
      results = vs_session_get_results (cell->session);
      for (guint r = 0; r < results->len; r++)
        {
          const VsRunResult *result = g_ptr_array_index (results, r);

          if (result->status == VS_RUN_STATUS_OK && (target < 0 || result->target_index == (guint) target) &&
              (!with_server || result->server != NULL))
            return result;
        }
    }
  return NULL;
}

/* One cell's or probe's wall time, and the time its trials measured */
static void
add_time (gint64     wall_us,
          VsSession *session,
          double    *wall_s,
          double    *measured_s)
{
  GPtrArray *results;

  *wall_s += wall_us / (double) G_USEC_PER_SEC;
  if (session == NULL)
    return;
  results = vs_session_get_results (session);
  for (guint r = 0; r < results->len; r++)
    {
      const VsRunResult *result = g_ptr_array_index (results, r);

      if (isfinite (result->duration_s))
        *measured_s += result->duration_s;
    }
}

/* The time the cells and probes took, and the time they measured */
static void
measured_time (VsStudy *self,
               double  *out_wall_s,
               double  *out_measured_s)
{
  GPtrArray *cells = vs_study_get_cells (self);
  GPtrArray *probes = vs_study_get_probes (self);

  *out_wall_s = 0;
  *out_measured_s = 0;
  for (guint i = 0; i < cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (cells, i);

      add_time (cell->wall_us, cell->session, out_wall_s, out_measured_s);
    }
  for (guint i = 0; i < probes->len; i++)
    {
      VsStudyProbe *probe = g_ptr_array_index (probes, i);

      add_time (probe->wall_us, probe->session, out_wall_s, out_measured_s);
    }
}

/* @metric's median for @target in a cell's summary (NULL: not run), or NAN */
static double
summary_median (VsSessionSummary *summary,
                guint             target,
                VsMetric          metric)
{
  return summary != NULL && target < summary->n_targets && summary->summaries[metric][target].n > 0
         ? summary->summaries[metric][target].median : NAN;
}

static char *
format_value (VsMetric metric,
              double   value)
{
  return isfinite (value) ? vs_metric_format (metric, value) : g_strdup ("—");
}

static void
append_md_row (GString     *out,
               const char  *first,
               ...)
{
  va_list args;
  const char *cell;

  g_string_append_printf (out, "| %s |", first);
  va_start (args, first);
  while ((cell = va_arg (args, const char *)) != NULL)
    g_string_append_printf (out, " %s |", cell);
  va_end (args);
  g_string_append_c (out, '\n');
}

/* "100 connections", "2000 req/s offered over 64 connections" */
char *
vs_study_describe_load (VsStudy     *self,
                        VsStudyCell *cell)
{
  VsLoadProfile *profile = vs_session_get_profile (vs_study_get_comparison (self));
  guint connections = cell->connections > 0 ? cell->connections : profile->connections;

  if (cell->rate_mode)
    /* Translators: an offered rate, then connections */
    return g_strdup_printf (_("%.0f req/s offered over %u connections"), cell->rate, connections);
  /* Translators: a closed-loop load */
  return g_strdup_printf (_("%u connections"), connections);
}

/* Requests/s of each target against the first, in a table cell:
 * "FastAPI −45.6 % (96 % CI −52.0 % to −38.1 %): decided" */
char *
vs_study_describe_verdict (VsSessionSummary *summary)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *level = vs_stats_format_confidence (summary->confidence);

  for (guint t = 1; t < summary->n_targets; t++)
    {
      const VsComparison *c = &summary->comparisons[VS_METRIC_REQUESTS_PER_S][t];
      g_autofree char *diff = NULL;
      const char *kind;

      if (out->len > 0)
        g_string_append (out, "; ");
      if (!summary->compared[VS_METRIC_REQUESTS_PER_S][t])
        {
          /* Translators: a target without finished trials to compare */
          g_string_append_printf (out, _("%s: nothing to compare"), summary->labels[t]);
          continue;
        }
      diff = vs_stats_format_signed_percent (c->diff_percent);
      switch (c->kind)
        {
        case VS_VERDICT_DECIDED: kind = _("a difference"); break;
        case VS_VERDICT_EQUIVALENT: kind = _("no difference that matters"); break;
        case VS_VERDICT_INCONCLUSIVE: kind = _("too few trials to tell"); break;
        case VS_VERDICT_UNKNOWN:
        default: kind = _("no interval"); break;
        }
      if (c->ci_known)
        {
          g_autofree char *lo = vs_stats_format_signed_percent (c->ci_low);
          g_autofree char *hi = vs_stats_format_signed_percent (c->ci_high);

          /* Translators: a target, its difference in requests/s from the first, the interval's
           * confidence and ends, then what it allows saying */
          g_string_append_printf (out, _("%s %s (%s CI %s to %s): %s"), summary->labels[t], diff, level,
                                  lo, hi, kind);
        }
      else
        g_string_append_printf (out, "%s %s: %s", summary->labels[t], diff, kind);
    }
  if (!summary->ranked)
    /* Translators: after a cell's verdict, when a target answered with errors */
    g_string_append (out, _(" (not ranked: a target answered with error statuses)"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
markdown_cells (VsStudy *self,
                GString *out)
{
  GPtrArray *cells = vs_study_get_cells (self);
  GPtrArray *targets = vs_session_get_targets (vs_study_get_comparison (self));

  g_string_append_printf (out, "\n## %s\n\n", _("Cells"));
  g_string_append_printf (out, "| %s | %s |", _("Cell"), _("Load"));
  for (guint t = 0; t < targets->len; t++)
    g_string_append_printf (out, " %s %s |", ((VsTarget *) g_ptr_array_index (targets, t))->label,
                            _("req/s"));
  g_string_append_printf (out, " %s |\n|---|---|", _("Requests/s against the first"));
  for (guint t = 0; t < targets->len; t++)
    g_string_append (out, "--:|");
  g_string_append (out, "---|\n");

  for (guint i = 0; i < cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (cells, i);
      g_autofree char *load = vs_study_describe_load (self, cell);
      g_autoptr(VsSessionSummary) summary = cell->session ? vs_session_summarize (cell->session) : NULL;

      g_string_append_printf (out, "| %s (`%s`) | %s |", cell->title, cell->id, load);
      for (guint t = 0; t < targets->len; t++)
        {
          g_autofree char *value = format_value (VS_METRIC_REQUESTS_PER_S,
                                                 summary_median (summary, t, VS_METRIC_REQUESTS_PER_S));
          g_string_append_printf (out, " %s |", value);
        }
      if (cell->state == VS_CELL_DONE && summary != NULL)
        {
          g_autofree char *verdict = vs_study_describe_verdict (summary);

          g_string_append_printf (out, " %s |\n", verdict);
        }
      else if (cell->state == VS_CELL_FAILED)
        {
          g_autofree char *reason = g_strdup (cell->reason);

          g_strdelimit (reason, "\n|", ' ');
          /* Translators: a study's cell could not run; the reason follows */
          g_string_append_printf (out, " %s |\n", reason);
        }
      else
        g_string_append_printf (out, " %s |\n", _("not run yet"));
    }
}

static void
markdown_sweep (VsStudy      *self,
                VsStudySweep *sweep,
                GString      *out)
{
  GPtrArray *targets = vs_session_get_targets (vs_study_get_comparison (self));
  gboolean rate = sweep->kind == VS_SWEEP_RATE;

  g_string_append_printf (out, "\n## %s (`%s`)\n\n", sweep->title, sweep->id);
  g_string_append_printf (out, "| %s | %s |", rate ? _("Offered req/s") : _("Connections"), _("Target"));
  if (rate)
    g_string_append_printf (out, " %s | %s | %s | %s |\n|--:|---|--:|--:|--:|--:|\n", _("Achieved req/s"),
                            _("p50"), _("p99"), _("Errors"));
  else
    g_string_append_printf (out, " %s | %s | %s |\n|--:|---|--:|--:|--:|\n", _("Requests/s"), _("p50"),
                            _("p99"));

  for (guint l = 0; l < sweep->levels->len; l++)
    {
      double level = g_array_index (sweep->levels, double, l);
      VsStudyCell *cell = vs_study_find_level (self, sweep, l);
      g_autoptr(VsSessionSummary) summary = NULL;

      if (cell != NULL && cell->session != NULL)
        summary = vs_session_summarize (cell->session);

      for (guint t = 0; t < targets->len; t++)
        {
          const char *label = ((VsTarget *) g_ptr_array_index (targets, t))->label;
          g_autofree char *level_text = g_strdup_printf ("%.0f", level);
          g_autofree char *rps = NULL, *p50 = NULL, *p99 = NULL, *errors = NULL;

          if (summary == NULL || t >= summary->n_targets)
            {
              const char *why = cell != NULL && cell->state == VS_CELL_FAILED ? _("failed") : _("not run yet");

              append_md_row (out, level_text, label, why, "", "", rate ? "" : NULL, NULL);
              continue;
            }
          rps = format_value (VS_METRIC_REQUESTS_PER_S, summary->summaries[VS_METRIC_REQUESTS_PER_S][t].median);
          p50 = format_value (VS_METRIC_P50, summary->summaries[VS_METRIC_P50][t].median);
          p99 = format_value (VS_METRIC_P99, summary->summaries[VS_METRIC_P99][t].median);
          if (t > 0 && summary->compared[VS_METRIC_REQUESTS_PER_S][t])
            {
              const VsComparison *c = &summary->comparisons[VS_METRIC_REQUESTS_PER_S][t];
              g_autofree char *diff = vs_stats_format_signed_percent (c->diff_percent);
              char *with;

              if (c->ci_known)
                {
                  g_autofree char *lo = vs_stats_format_signed_percent (c->ci_low);
                  g_autofree char *hi = vs_stats_format_signed_percent (c->ci_high);

                  with = g_strdup_printf ("%s (%s, %s to %s)", rps, diff, lo, hi);
                }
              else
                with = g_strdup_printf ("%s (%s)", rps, diff);
              g_free (rps);
              rps = with;
            }
          if (vs_study_generator_behind (cell->session, t))
            {
              /* Translators: marks a figure the load generator, not the target, limited */
              char *marked = g_strdup_printf (_("%s (the generator fell behind)"), rps);

              g_free (rps);
              rps = marked;
            }
          errors = isfinite (summary->failed_percent[t]) ? g_strdup_printf ("%.2f %%", summary->failed_percent[t])
                                                          : g_strdup ("—");
          append_md_row (out, level_text, label, rps, p50, p99, rate ? errors : NULL, NULL);
        }
    }

  g_string_append_c (out, '\n');
  for (guint t = 0; t < targets->len; t++)
    {
      const char *label = ((VsTarget *) g_ptr_array_index (targets, t))->label;
      double saturation = vs_study_sweep_saturation (self, sweep, t);

      double behind = NAN;

      for (guint l = 0; l < sweep->levels->len && isnan (behind); l++)
        {
          double level = g_array_index (sweep->levels, double, l);
          VsStudyCell *cell = vs_study_find_level (self, sweep, l);

          if (cell != NULL && cell->session != NULL && vs_study_generator_behind (cell->session, t))
            behind = level;
        }
      if (isnan (saturation) && !isnan (behind))
        g_string_append_printf (out, _("- %s kept up until %.0f req/s offered, where the load "
                                       "generator fell behind: from there on the figures measure "
                                       "Versus, not %s (more load workers, or load from another "
                                       "machine, would tell).\n"), label, behind, label);
      else if (isnan (saturation))
        g_string_append_printf (out, rate ? _("- %s kept up with every offered rate measured.\n")
                                          : _("- %s: no level measured yet.\n"), label);
      else if (rate)
        g_string_append_printf (out, _("- %s saturates at %.0f req/s offered (achieves under 95 %% "
                                       "of it, or fails more than 1 %% of requests).\n"),
                                label, saturation);
      else
        g_string_append_printf (out, _("- %s reaches 95 %% of its best requests/s at %.0f "
                                       "connections.\n"), label, saturation);
    }
}

static char *
format_rate (double rate)
{
  return isfinite (rate) ? g_strdup_printf (_("%.0f req/s"), rate) : g_strdup ("—");
}

/* What a capacity search found for one target, in words */
char *
vs_capacity_result_describe (const VsCapacityResult *r,
                             const char             *label)
{
  g_autofree char *sustained = format_rate (r->sustained);
  g_autofree char *failed = format_rate (r->failed);

  switch (r->state)
    {
    case VS_CAPACITY_FOUND:
      /* Translators: a target, the rate it sustains, the rate it failed at */
      return g_strdup_printf (_("%s sustains %s (fails at %s)"), label, sustained, failed);
    case VS_CAPACITY_ABOVE_RANGE:
      return g_strdup_printf (_("%s sustains even %s, the highest rate searched"), label, sustained);
    case VS_CAPACITY_BELOW_RANGE:
      return g_strdup_printf (_("%s fails even at %s, the lowest rate searched"), label, failed);
    case VS_CAPACITY_GENERATOR:
      return g_strdup_printf (_("%s sustains at least %s; at %s the load generator fell behind "
                                "before %s did, so its capacity is beyond what this machine can "
                                "offer it"), label, sustained, failed, label);
    case VS_CAPACITY_FAILED:
      return g_strdup_printf (_("%s: a probe could not run (%s)"), label, r->reason ? r->reason : "?");
    case VS_CAPACITY_SEARCHING:
    default:
      {
        g_autofree char *next = format_rate (r->next_rate);

        return g_strdup_printf (_("%s: the search is not finished (next probe: %s)"), label, next);
      }
    }
}

static gboolean
capacity_known (const VsCapacityResult *r)
{
  return (r->state == VS_CAPACITY_FOUND || r->state == VS_CAPACITY_ABOVE_RANGE) && isfinite (r->sustained);
}

static void
markdown_capacity (VsStudy         *self,
                   VsStudyCapacity *capacity,
                   GString         *out)
{
  GPtrArray *targets = vs_session_get_targets (vs_study_get_comparison (self));
  g_autofree VsCapacityResult *results = g_new0 (VsCapacityResult, MAX (targets->len, 1));

  g_string_append_printf (out, "\n## %s (`%s`)\n\n", capacity->title, capacity->id);
  g_string_append_printf (out, _("The highest open-loop rate each target sustains in every one of %u "
                                 "trials with p99 under %g ms, at most %g %% of requests failed and "
                                 "at least 95 %% of the rate achieved: doubling from %.0f req/s to a "
                                 "failure, then %u bisections.\n\n"),
                          capacity->trials, capacity->p99_ms, capacity->max_error_percent,
                          capacity->low, capacity->steps);
  g_string_append_printf (out, "| %s | %s | %s | %s | %s |\n|---|--:|--:|--:|--:|\n", _("Target"),
                          _("Sustains"), _("Fails at"), _("Worst p99 there"), _("Probes"));
  for (guint t = 0; t < targets->len; t++)
    {
      const char *label = ((VsTarget *) g_ptr_array_index (targets, t))->label;
      VsCapacityResult *r = &results[t];
      g_autofree char *sustained = NULL, *failed = NULL, *p99 = NULL, *probes = NULL;

      vs_study_capacity_search (self, capacity, t, r);
      sustained = format_rate (r->sustained);
      failed = format_rate (r->failed);
      p99 = format_value (VS_METRIC_P99, r->p99_ms);
      probes = g_strdup_printf ("%u", r->n_probes);
      append_md_row (out, label, sustained, failed, p99, probes, NULL);
    }
  g_string_append_c (out, '\n');
  for (guint t = 0; t < targets->len; t++)
    {
      g_autofree char *text = vs_capacity_result_describe (&results[t],
                                                 ((VsTarget *) g_ptr_array_index (targets, t))->label);

      g_string_append_printf (out, "- %s.\n", text);
    }

  /* each target against the first: the ratio of what they sustain, and
   * what the brackets allow */
  for (guint t = 1; t < targets->len; t++)
    {
      const VsCapacityResult *a = &results[0], *b = &results[t];
      const char *label_a = ((VsTarget *) g_ptr_array_index (targets, 0))->label;
      const char *label_b = ((VsTarget *) g_ptr_array_index (targets, t))->label;
      double ratio, low, high;

      if (!capacity_known (a) || !capacity_known (b))
        continue;
      ratio = b->sustained / a->sustained;
      low = isfinite (a->failed) ? b->sustained / a->failed : NAN;
      high = isfinite (b->failed) ? b->failed / a->sustained : INFINITY;
      if (ratio < 1)
        {
          const char *swap = label_a;
          double l = low;

          label_a = label_b;
          label_b = swap;
          ratio = 1 / ratio;
          low = 1 / high;
          high = isfinite (l) ? 1 / l : INFINITY;
        }
      /* Translators: a target, a percentage, another target */
      g_string_append_printf (out, _("- %s has %.1f %% more capacity than %s"), label_b,
                              100 * (ratio - 1), label_a);
      if (isfinite (low) && isfinite (high))
        /* Translators: the range of the capacity difference that the searches' brackets allow */
        g_string_append_printf (out, _(" (the searches' brackets allow %.1f %% to %.1f %% more)"),
                                100 * (low - 1), 100 * (high - 1));
      else
        g_string_append_printf (out, _(" (or more: a search reached the highest rate searched)"));
      g_string_append (out, ".\n");
    }
}

char *
vs_study_report_markdown (VsStudy *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GPtrArray *claims = vs_study_get_claims (self);
  GPtrArray *sweeps = vs_study_get_sweeps (self);
  GPtrArray *cells = vs_study_get_cells (self);
  GPtrArray *targets = vs_session_get_targets (vs_study_get_comparison (self));
  const VsRunResult *machine = find_result (self, -1, FALSE);
  VsClaimResult *results;
  double confidence, wall_s, measured_s;

  g_return_val_if_fail (VS_IS_STUDY (self), NULL);

  g_string_append_printf (out, "# %s\n\n", vs_study_get_name (self));
  if (*vs_study_get_notes (self) != '\0')
    g_string_append_printf (out, "%s\n\n", vs_study_get_notes (self));
  g_string_append_printf (out, _("%u of %u cells finished, %u failed.\n"),
                          vs_study_count_cells (self, VS_CELL_DONE), cells->len,
                          vs_study_count_cells (self, VS_CELL_FAILED));
  if (machine != NULL)
    {
      g_string_append_printf (out, _("Measured on %s (%u cores), %s; Versus %s, %s.\n"),
                              machine->cpu_model ? machine->cpu_model : "?", machine->n_cpus,
                              machine->kernel ? machine->kernel : "?", machine->versus_version,
                              machine->runtime ? machine->runtime : "?");
      for (guint t = 0; t < targets->len; t++)
        {
          const VsRunResult *ran = find_result (self, (int) t, TRUE);
          g_autofree char *server = ran != NULL ? vs_run_result_describe_server (ran) : NULL;

          if (server != NULL)
            g_string_append_printf (out, "- %s\n", server);
        }
    }

  if (claims->len > 0)
    {
      g_autofree char *level = NULL;

      results = vs_study_check_claims (self, &confidence);
      level = vs_stats_format_confidence (confidence);
      g_string_append_printf (out, "\n## %s\n\n", _("Claims"));
      g_string_append_printf (out,
                              _("Each difference is B against A, 100 (B / A − 1). The intervals are at "
                                "%s so that all %u claims are right together with 95 %% confidence. "
                                "A claim *holds* when the interval lies on its side of zero and reaches "
                                "the claimed size, is *contradicted* when the interval misses every "
                                "claimed value, and is *inconclusive* otherwise — on this machine.\n\n"),
                              level, claims->len);
      g_string_append_printf (out, "| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n",
                              _("Claim"), _("Measured in"), _("B against A"), _("Claimed"),
                              _("Measured"), _("On this machine"));
      for (guint i = 0; i < claims->len; i++)
        {
          VsStudyClaim *claim = g_ptr_array_index (claims, i);
          g_autofree char *claimed = vs_study_claim_format_claimed (claim);
          g_autofree char *pair = g_strdup_printf ("%s, %s vs %s",
                                                   _(vs_metric_get_info (claim->metric)->noun),
                                                   claim->b, claim->a);

          g_string_append_printf (out, "| %s | `%s` | %s | %s | %s | **%s** |\n", claim->text,
                                  claim->cell, pair, claimed, results[i].measured,
                                  vs_claim_outcome_get_title (results[i].outcome));
        }
      vs_claim_results_free (results, claims->len);
    }

  markdown_cells (self, out);
  for (guint i = 0; i < sweeps->len; i++)
    markdown_sweep (self, g_ptr_array_index (sweeps, i), out);
  for (guint i = 0; i < vs_study_get_capacities (self)->len; i++)
    markdown_capacity (self, g_ptr_array_index (vs_study_get_capacities (self), i), out);

  measured_time (self, &wall_s, &measured_s);
  if (wall_s > 0)
    {
      g_autofree char *wall = vs_format_duration ((gint64) (wall_s * G_USEC_PER_SEC));
      g_autofree char *measured = vs_format_duration ((gint64) (measured_s * G_USEC_PER_SEC));

      g_string_append_printf (out, "\n## %s\n\n", _("Overhead"));
      g_string_append_printf (out, _("The study took %s for %s of measurement: %.0f %% of the time "
                                     "measured (the rest is warm-up, starting and stopping targets, "
                                     "cool-down and checks).\n"),
                              wall, measured, 100 * measured_s / wall_s);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (text != NULL && strpbrk (text, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (text != NULL)
    g_string_append (out, text);
}

static void
csv_number (GString *out,
            double   value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (text, sizeof text, "%.6g", value));
}

/* One row per cell and target: the medians of its finished trials and the
 * difference from the first target with its interval. */
char *
vs_study_report_csv (VsStudy *self)
{
  g_autoptr(GString) out = g_string_new ("cell,sweep,scenario,connections,mode,rate,state,target,"
                                         "trials_ok,requests_per_s,p50_ms,p99_ms,cpu_mean_percent,"
                                         "memory_peak_bytes,startup_s,failed_percent,"
                                         "requests_per_s_diff_percent,ci_low,ci_high,verdict\n");
  GPtrArray *cells = vs_study_get_cells (self);
  GPtrArray *targets = vs_session_get_targets (vs_study_get_comparison (self));
  VsLoadProfile *profile = vs_session_get_profile (vs_study_get_comparison (self));

  g_return_val_if_fail (VS_IS_STUDY (self), NULL);

  for (guint i = 0; i < cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (cells, i);
      g_autoptr(VsSessionSummary) summary = cell->session ? vs_session_summarize (cell->session) : NULL;

      for (guint t = 0; t < targets->len; t++)
        {
          const VsMetric columns[] = { VS_METRIC_REQUESTS_PER_S, VS_METRIC_P50, VS_METRIC_P99,
                                       VS_METRIC_CPU, VS_METRIC_MEMORY, VS_METRIC_STARTUP };

          csv_field (out, cell->id);
          g_string_append_c (out, ',');
          csv_field (out, cell->sweep);
          g_string_append_c (out, ',');
          csv_field (out, cell->scenario);
          g_string_append_printf (out, ",%u,%s,", cell->connections ? cell->connections : profile->connections,
                                  cell->rate_mode ? "rate" : "closed");
          if (cell->rate_mode)
            csv_number (out, cell->rate);
          g_string_append_printf (out, ",%s,", vs_cell_state_to_string (cell->state));
          csv_field (out, ((VsTarget *) g_ptr_array_index (targets, t))->label);
          g_string_append_printf (out, ",%u", summary && t < summary->n_targets ? summary->n_ok[t] : 0);
          for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
            {
              g_string_append_c (out, ',');
              if (summary != NULL && t < summary->n_targets && summary->summaries[columns[c]][t].n > 0)
                csv_number (out, summary->summaries[columns[c]][t].median);
            }
          g_string_append_c (out, ',');
          if (summary != NULL && t < summary->n_targets)
            csv_number (out, summary->failed_percent[t]);
          if (summary != NULL && t > 0 && t < summary->n_targets &&
              summary->compared[VS_METRIC_REQUESTS_PER_S][t])
            {
              const VsComparison *c = &summary->comparisons[VS_METRIC_REQUESTS_PER_S][t];

              g_string_append_c (out, ',');
              csv_number (out, c->diff_percent);
              g_string_append_c (out, ',');
              csv_number (out, c->ci_known ? c->ci_low : NAN);
              g_string_append_c (out, ',');
              csv_number (out, c->ci_known ? c->ci_high : NAN);
              g_string_append_printf (out, ",%s\n", vs_verdict_kind_to_string (c->kind));
            }
          else
            g_string_append (out, ",,,,\n");
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
vs_study_report_json (VsStudy *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *cells = vs_study_get_cells (self);
  GPtrArray *claims = vs_study_get_claims (self);
  GPtrArray *sweeps = vs_study_get_sweeps (self);
  GPtrArray *targets = vs_session_get_targets (vs_study_get_comparison (self));
  VsClaimResult *results;
  double confidence, wall_s, measured_s;

  g_return_val_if_fail (VS_IS_STUDY (self), NULL);

  json_builder_begin_object (builder);
  VS_JSON_ADD_STRING (builder, "name", vs_study_get_name (self));
  /* where it was measured, and what each target said it ran */
  {
    const VsRunResult *machine = find_result (self, -1, FALSE);

    json_builder_set_member_name (builder, "machine");
    if (machine == NULL)
      json_builder_add_null_value (builder);
    else
      {
        json_builder_begin_object (builder);
        VS_JSON_ADD_STRING (builder, "cpu_model", machine->cpu_model ? machine->cpu_model : "");
        VS_JSON_ADD_INT (builder, "cpus", machine->n_cpus);
        VS_JSON_ADD_STRING (builder, "kernel", machine->kernel ? machine->kernel : "");
        VS_JSON_ADD_STRING (builder, "versus_version", machine->versus_version ? machine->versus_version : "");
        VS_JSON_ADD_STRING (builder, "runtime", machine->runtime ? machine->runtime : "");
        json_builder_end_object (builder);
      }
    json_builder_set_member_name (builder, "servers");
    json_builder_begin_object (builder);
    for (guint t = 0; t < targets->len; t++)
      {
        const VsRunResult *ran = find_result (self, (int) t, TRUE);

        json_builder_set_member_name (builder, ((VsTarget *) g_ptr_array_index (targets, t))->label);
        if (ran != NULL)
          json_builder_add_value (builder, json_node_copy (ran->server));
        else
          json_builder_add_null_value (builder);
      }
    json_builder_end_object (builder);
  }

  json_builder_set_member_name (builder, "cells");
  json_builder_begin_array (builder);
  for (guint i = 0; i < cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (cells, i);
      g_autoptr(VsSessionSummary) summary = cell->session ? vs_session_summarize (cell->session) : NULL;

      json_builder_begin_object (builder);
      VS_JSON_ADD_STRING (builder, "id", cell->id);
      VS_JSON_ADD_STRING (builder, "title", cell->title);
      VS_JSON_ADD_STRING (builder, "state", vs_cell_state_to_string (cell->state));
      if (cell->reason != NULL)
        VS_JSON_ADD_STRING (builder, "reason", cell->reason);
      json_builder_set_member_name (builder, "targets");
      json_builder_begin_array (builder);
      for (guint t = 0; summary != NULL && t < summary->n_targets; t++)
        {
          json_builder_begin_object (builder);
          VS_JSON_ADD_STRING (builder, "label", summary->labels[t]);
          VS_JSON_ADD_INT (builder, "trials_ok", summary->n_ok[t]);
          for (guint m = 0; m < VS_N_METRICS; m++)
            VS_JSON_ADD_NUMBER (builder, vs_metric_get_info (m)->key,
                                summary->summaries[m][t].n > 0 ? summary->summaries[m][t].median : NAN);
          if (t > 0 && summary->compared[VS_METRIC_REQUESTS_PER_S][t])
            {
              const VsComparison *c = &summary->comparisons[VS_METRIC_REQUESTS_PER_S][t];

              VS_JSON_ADD_NUMBER (builder, "requests_per_s_diff_percent", c->diff_percent);
              VS_JSON_ADD_NUMBER (builder, "ci_low", c->ci_known ? c->ci_low : NAN);
              VS_JSON_ADD_NUMBER (builder, "ci_high", c->ci_known ? c->ci_high : NAN);
              VS_JSON_ADD_STRING (builder, "verdict", vs_verdict_kind_to_string (c->kind));
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "sweeps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sweeps->len; i++)
    {
      VsStudySweep *sweep = g_ptr_array_index (sweeps, i);

      json_builder_begin_object (builder);
      VS_JSON_ADD_STRING (builder, "id", sweep->id);
      VS_JSON_ADD_STRING (builder, "vary", vs_sweep_kind_to_string (sweep->kind));
      json_builder_set_member_name (builder, "saturation");
      json_builder_begin_object (builder);
      for (guint t = 0; t < targets->len; t++)
        VS_JSON_ADD_NUMBER (builder, ((VsTarget *) g_ptr_array_index (targets, t))->label,
                            vs_study_sweep_saturation (self, sweep, t));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "capacity");
  json_builder_begin_array (builder);
  for (guint i = 0; i < vs_study_get_capacities (self)->len; i++)
    {
      VsStudyCapacity *capacity = g_ptr_array_index (vs_study_get_capacities (self), i);
      const char * const states[] = { "searching", "found", "above-range", "below-range",
                                      "generator-limited", "failed" };

      json_builder_begin_object (builder);
      VS_JSON_ADD_STRING (builder, "id", capacity->id);
      VS_JSON_ADD_DOUBLE (builder, "p99_ms", capacity->p99_ms);
      VS_JSON_ADD_DOUBLE (builder, "max_error_percent", capacity->max_error_percent);
      json_builder_set_member_name (builder, "targets");
      json_builder_begin_array (builder);
      for (guint t = 0; t < targets->len; t++)
        {
          VsCapacityResult r;

          vs_study_capacity_search (self, capacity, t, &r);
          json_builder_begin_object (builder);
          VS_JSON_ADD_STRING (builder, "label", ((VsTarget *) g_ptr_array_index (targets, t))->label);
          VS_JSON_ADD_STRING (builder, "state", states[r.state]);
          VS_JSON_ADD_NUMBER (builder, "sustained", r.sustained);
          VS_JSON_ADD_NUMBER (builder, "failed", r.failed);
          VS_JSON_ADD_NUMBER (builder, "p99_ms", r.p99_ms);
          VS_JSON_ADD_INT (builder, "probes", r.n_probes);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  results = vs_study_check_claims (self, &confidence);
  VS_JSON_ADD_DOUBLE (builder, "claims_confidence", confidence);
  json_builder_set_member_name (builder, "claims");
  json_builder_begin_array (builder);
  for (guint i = 0; i < claims->len; i++)
    {
      VsStudyClaim *claim = g_ptr_array_index (claims, i);
      VsClaimResult *r = &results[i];

      json_builder_begin_object (builder);
      vs_study_claim_add_members (claim, builder);
      VS_JSON_ADD_STRING (builder, "outcome", vs_claim_outcome_to_string (r->outcome));
      VS_JSON_ADD_NUMBER (builder, "diff_percent", r->compared ? r->comparison.diff_percent : NAN);
      VS_JSON_ADD_NUMBER (builder, "ci_low", r->compared && r->comparison.ci_known ? r->comparison.ci_low : NAN);
      VS_JSON_ADD_NUMBER (builder, "ci_high", r->compared && r->comparison.ci_known ? r->comparison.ci_high : NAN);
      VS_JSON_ADD_STRING (builder, "measured", r->measured);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  vs_claim_results_free (results, claims->len);

  measured_time (self, &wall_s, &measured_s);
  VS_JSON_ADD_DOUBLE (builder, "wall_s", wall_s);
  VS_JSON_ADD_DOUBLE (builder, "measured_s", measured_s);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
