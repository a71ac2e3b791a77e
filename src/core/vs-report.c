/* vs-report.c — the comparison as Markdown, CSV, JSON and .hgrm
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "vs-json-util.h"
#include "vs-report.h"
#include "vs-util.h"

/* titles and nouns are translated where they are shown: _(info->title) */
static const VsMetricInfo metrics[VS_N_METRICS] = {
  [VS_METRIC_REQUESTS_PER_S] = { "requests_per_s", N_("Requests/s"), N_("requests/s"), VS_BETTER_HIGHER },
  [VS_METRIC_P50] = { "p50_ms", N_("Latency p50"), N_("p50 latency"), VS_BETTER_LOWER },
  [VS_METRIC_P99] = { "p99_ms", N_("Latency p99"), N_("p99 latency"), VS_BETTER_LOWER },
  [VS_METRIC_CPU] = { "cpu_mean_percent", N_("CPU (mean)"), N_("CPU use"), VS_BETTER_LOWER },
  [VS_METRIC_MEMORY] = { "memory_peak_bytes", N_("Memory (peak)"), N_("peak memory"), VS_BETTER_LOWER },
  [VS_METRIC_STARTUP] = { "startup_s", N_("Startup time"), N_("startup time"), VS_BETTER_LOWER },
  [VS_METRIC_PER_CORE] = { "requests_per_core", N_("Requests/s per core"), N_("requests/s per CPU core"), VS_BETTER_HIGHER },
};

const VsMetricInfo *
vs_metric_get_info (VsMetric metric)
{
  g_return_val_if_fail (metric < VS_N_METRICS, NULL);
  return &metrics[metric];
}

double
vs_metric_value (VsMetric           metric,
                 const VsRunResult *r)
{
  switch (metric)
    {
    case VS_METRIC_REQUESTS_PER_S: return r->requests_per_s;
    case VS_METRIC_P50: return r->p50_ms;
    case VS_METRIC_P99: return r->p99_ms;
    case VS_METRIC_CPU: return r->cpu_mean_percent;
    case VS_METRIC_MEMORY: return r->memory_peak_bytes;
    case VS_METRIC_STARTUP: return r->startup_s;
    case VS_METRIC_PER_CORE:
      /* requests/s per core used: 100 % CPU is one core */
      return isfinite (r->cpu_mean_percent) && r->cpu_mean_percent > 0.5
             ? r->requests_per_s / (r->cpu_mean_percent / 100.0) : NAN;
    case VS_N_METRICS:
    default:
      g_return_val_if_reached (NAN);
    }
}

/* "40 / 120 / 190, 2 starved": min / median / max responses per
 * connection; "—" when not measured */
char *
vs_fairness_format (const VsFairness *f)
{
  if (f->connections == 0)
    return g_strdup ("—");
  if (f->starved == 0)
    return g_strdup_printf ("%.0f / %.0f / %.0f", f->min, f->median, f->max);
  /* Translators: responses per connection (min / median / max), then how many connections
   * waited longer than the timeout or got no response */
  return g_strdup_printf (_("%.0f / %.0f / %.0f, %u starved"), f->min, f->median, f->max, f->starved);
}

char *
vs_metric_format (VsMetric metric,
                  double   value)
{
  if (!isfinite (value))
    return g_strdup ("—");

  switch (metric)
    {
    case VS_METRIC_REQUESTS_PER_S:
    case VS_METRIC_PER_CORE:
      return g_strdup_printf ("%.0f", value);
    case VS_METRIC_P50:
    case VS_METRIC_P99:
      return value < 10 ? g_strdup_printf ("%.2f ms", value) : g_strdup_printf ("%.1f ms", value);
    case VS_METRIC_CPU:
      return g_strdup_printf ("%.0f %%", value);
    case VS_METRIC_MEMORY:
      return g_strdup_printf ("%.1f MB", value / 1e6);
    case VS_METRIC_STARTUP:
      return g_strdup_printf ("%.2f s", value);
    case VS_N_METRICS:
    default:
      g_return_val_if_reached (NULL);
    }
}

void
vs_session_summary_free (VsSessionSummary *summary)
{
  if (summary == NULL)
    return;
  g_strfreev (summary->labels);
  g_free (summary->n_ok);
  g_free (summary->n_failed);
  g_free (summary->failed_percent);
  g_free (summary->timed_out_percent);
  g_free (summary->http_error_percent);
  g_free (summary->failures);
  if (summary->failure_details)
    for (guint t = 0; t < summary->n_targets; t++)
      g_free (summary->failure_details[t]);
  g_free (summary->failure_details);
  g_free (summary->fairness);
  g_free (summary->looks);
  for (guint m = 0; m < VS_N_METRICS; m++)
    {
      g_free (summary->summaries[m]);
      g_free (summary->comparisons[m]);
      g_free (summary->compared[m]);
    }
  g_free (summary);
}

gboolean
vs_metric_is_headline (VsMetric metric)
{
  return metric == VS_METRIC_REQUESTS_PER_S || metric == VS_METRIC_P99;
}

gboolean
vs_session_summary_is_headline (VsSessionSummary *s,
                                VsMetric          metric)
{
  return s->ranked && vs_metric_is_headline (metric);
}

static const char * const error_class_names[VS_N_ERROR_CLASSES] = {
  [VS_ERROR_CLASS_CONNECT] = N_("connect"),
  [VS_ERROR_CLASS_TIMEOUT] = N_("timeout"),
  [VS_ERROR_CLASS_READ] = N_("read"),
  [VS_ERROR_CLASS_WRITE] = N_("write"),
  [VS_ERROR_CLASS_MALFORMED] = N_("malformed"),
  [VS_ERROR_CLASS_HTTP_4XX] = "4xx",
  [VS_ERROR_CLASS_HTTP_5XX] = "5xx",
};

/* A finished trial's failed requests: transport errors, and responses with
 * an error status other than @expect_status (0: none expected). */
static void
count_failures (const VsRunResult *r,
                guint              expect_status,
                guint64           *transport,
                guint64           *http)
{
  guint64 expected = 0;

  *transport = 0;
  for (guint c = 0; c < VS_N_TRANSPORT_ERROR_CLASSES; c++)
    *transport += r->errors[c];
  for (guint i = 0; expect_status != 0 && i < r->status_codes->len; i++)
    if (g_array_index (r->status_codes, VsStatusCount, i).code == expect_status)
      expected = g_array_index (r->status_codes, VsStatusCount, i).count;
  *http = r->errors[VS_ERROR_CLASS_HTTP_4XX] + r->errors[VS_ERROR_CLASS_HTTP_5XX];
  *http -= MIN (expected, *http);
}

/**
 * vs_format_failures:
 * @errors: (array fixed-size=VS_N_ERROR_CLASSES): counts by class
 * @status_codes: (element-type VsStatusCount): the responses by status
 * @expect_status: an error status that is not a failure, or 0
 *
 * "timeout 50, connect 10, HTTP 404 ×34368": failed requests by transport
 * class, then error responses by status.
 *
 * Returns: (nullable): NULL when none failed
 */
char *
vs_format_failures (const guint64 *errors,
                    GArray        *status_codes,
                    guint          expect_status)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint c = 0; c < VS_N_TRANSPORT_ERROR_CLASSES; c++)
    if (errors[c] > 0)
      g_string_append_printf (text, "%s%s %" G_GUINT64_FORMAT, text->len ? ", " : "",
                              _(error_class_names[c]), errors[c]);
  for (guint j = 0; j < status_codes->len; j++)
    {
      const VsStatusCount *sc = &g_array_index (status_codes, VsStatusCount, j);

      if (sc->code >= 400 && sc->code != expect_status)
        g_string_append_printf (text, "%sHTTP %u ×%" G_GUINT64_FORMAT, text->len ? ", " : "",
                                sc->code, sc->count);
    }
  return text->len ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* A target's failures over its finished trials (vs_format_failures) */
static char *
failure_details (GPtrArray *results,
                 guint      target,
                 guint      expect_status)
{
  guint64 classes[VS_N_ERROR_CLASSES] = { 0 };
  g_autoptr(GArray) codes = g_array_new (FALSE, TRUE, sizeof (VsStatusCount));

  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);

      if (r->target_index != target || r->status != VS_RUN_STATUS_OK)
        continue;
      for (guint c = 0; c < VS_N_ERROR_CLASSES; c++)
        classes[c] += r->errors[c];
      for (guint k = 0; k < r->status_codes->len; k++)
        {
          const VsStatusCount *sc = &g_array_index (r->status_codes, VsStatusCount, k);
          guint j;

          for (j = 0; j < codes->len && g_array_index (codes, VsStatusCount, j).code != sc->code; j++)
            ;
          if (j == codes->len)
            g_array_append_val (codes, *sc);
          else
            g_array_index (codes, VsStatusCount, j).count += sc->count;
        }
    }
  return vs_format_failures (classes, codes, expect_status);
}

/* @m's value in every trial of @target that finished, by trial index
 * (NAN where there is none); the last result of a trial counts. */
static GArray *
values_by_trial (GPtrArray *results,
                 VsMetric   m,
                 guint      target)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);
      double nan = NAN;

      if (r->target_index != target || r->status != VS_RUN_STATUS_OK)
        continue;
      while (values->len <= r->trial)
        g_array_append_val (values, nan);
      g_array_index (values, double, r->trial) = vs_metric_value (m, r);
    }
  return values;
}

/* B against A: from the pairs of trials that ran side by side (the same
 * trial index, both finished, both values positive), or, for the
 * sequential order, from all of each side's positive values. */
static gboolean
compare_target (GArray       *a,
                GArray       *b,
                gboolean      paired,
                double        confidence,
                VsComparison *out)
{
  g_autoptr(GArray) xa = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) xb = g_array_new (FALSE, FALSE, sizeof (double));

  if (paired)
    {
      for (guint i = 0; i < MIN (a->len, b->len); i++)
        {
          double va = g_array_index (a, double, i);
          double vb = g_array_index (b, double, i);

          if (isfinite (va) && isfinite (vb) && va > 0 && vb > 0)
            {
              g_array_append_val (xa, va);
              g_array_append_val (xb, vb);
            }
        }
      return xa->len > 0 &&
             vs_stats_compare_paired ((double *) xa->data, (double *) xb->data, xa->len,
                                      confidence, out, NULL);
    }

  for (guint side = 0; side < 2; side++)
    {
      GArray *from = side == 0 ? a : b;
      GArray *to = side == 0 ? xa : xb;

      for (guint i = 0; i < from->len; i++)
        {
          double v = g_array_index (from, double, i);

          if (isfinite (v) && v > 0)
            g_array_append_val (to, v);
        }
    }
  return xa->len > 0 && xb->len > 0 &&
         vs_stats_compare_unpaired ((double *) xa->data, xa->len, (double *) xb->data, xb->len,
                                    confidence, out, NULL);
}

/**
 * vs_session_compare_targets:
 *
 * Target @b against target @a on @metric, from the session's finished
 * trials, paired as vs_session_summarize() pairs them, at @confidence. No
 * family adjustment: the caller states the confidence it needs.
 *
 * Returns: whether @out holds a comparison (both sides have values)
 */
gboolean
vs_session_compare_targets (VsSession    *session,
                            VsMetric      metric,
                            guint         a,
                            guint         b,
                            double        confidence,
                            VsComparison *out)
{
  GPtrArray *results = vs_session_get_results (session);
  g_autoptr(GArray) va = values_by_trial (results, metric, a);
  g_autoptr(GArray) vb = values_by_trial (results, metric, b);

  memset (out, 0, sizeof *out);
  return compare_target (va, vb, vs_session_get_order (session) != VS_TRIAL_ORDER_SEQUENTIAL,
                         confidence, out);
}

/* @target's per-connection spread over its finished trials */
static void
summarize_fairness (GPtrArray  *results,
                    guint       target,
                    VsFairness *out)
{
  g_autoptr(GArray) mins = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) medians = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) maxes = g_array_new (FALSE, FALSE, sizeof (double));
  VsSummary summary;

  memset (out, 0, sizeof *out);
  out->min = out->median = out->max = NAN;
  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);

      if (r->target_index != target || r->status != VS_RUN_STATUS_OK || r->fairness.connections == 0)
        continue;
      g_array_append_val (mins, r->fairness.min);
      g_array_append_val (medians, r->fairness.median);
      g_array_append_val (maxes, r->fairness.max);
      out->connections = MAX (out->connections, r->fairness.connections);
      out->starved = MAX (out->starved, r->fairness.starved);
    }
  if (mins->len == 0)
    return;
  vs_summary_compute ((double *) mins->data, mins->len, &summary);
  out->min = summary.median;
  vs_summary_compute ((double *) medians->data, medians->len, &summary);
  out->median = summary.median;
  vs_summary_compute ((double *) maxes->data, maxes->len, &summary);
  out->max = summary.median;
}

VsSessionSummary *
vs_session_summarize (VsSession *session)
{
  GPtrArray *targets = vs_session_get_targets (session);
  GPtrArray *results = vs_session_get_results (session);
  VsSessionSummary *s = g_new0 (VsSessionSummary, 1);
  guint n = targets->len;
  gboolean paired = vs_session_get_order (session) != VS_TRIAL_ORDER_SEQUENTIAL;
  double smallest = vs_session_get_smallest_difference (session);
  guint expect_status = vs_session_get_profile (session)->expect_status;
  g_autoptr(GArray) family_p = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) family_adjusted = NULL;

  s->n_targets = n;
  s->pairing = paired ? VS_PAIRING_PAIRED : VS_PAIRING_UNPAIRED;
  {
    guint n_looks;
    const guint *looks = vs_session_get_looks (session, &n_looks);

    s->continuations = n_looks;
    s->looks = g_memdup2 (looks, n_looks * sizeof (guint));
    s->confidence = vs_stats_look_confidence (MIN (n_looks, VS_STATS_MAX_CONTINUATIONS));
    s->trials = vs_session_get_trials (session);
  }
  s->labels = g_new0 (char *, n + 1);
  s->n_ok = g_new0 (guint, n);
  s->n_failed = g_new0 (guint, n);
  s->failed_percent = g_new0 (double, n);
  s->timed_out_percent = g_new0 (double, n);
  s->fairness = g_new0 (VsFairness, n);
  for (guint t = 0; t < n; t++)
    s->labels[t] = g_strdup (((VsTarget *) g_ptr_array_index (targets, t))->label);

  s->http_error_percent = g_new0 (double, n);
  s->failures = g_new0 (guint64, n);
  s->failure_details = g_new0 (char *, n);
  s->ranked = TRUE;
  {
    g_autofree double *attempted = g_new0 (double, n);
    g_autofree double *responses = g_new0 (double, n);
    g_autofree double *http = g_new0 (double, n);
    g_autofree double *timed_out = g_new0 (double, n);

    for (guint i = 0; i < results->len; i++)
      {
        const VsRunResult *r = g_ptr_array_index (results, i);
        guint t = r->target_index;
        guint64 transport, http_failed;

        if (t >= n)
          continue;
        if (r->status != VS_RUN_STATUS_OK)
          {
            s->n_failed[t]++;
            continue;
          }
        s->n_ok[t]++;
        count_failures (r, expect_status, &transport, &http_failed);
        /* an HTTP error is a response, already among the requests */
        attempted[t] += r->requests + transport;
        responses[t] += r->requests;
        http[t] += http_failed;
        s->failures[t] += transport + http_failed;
        timed_out[t] += r->errors[VS_ERROR_CLASS_TIMEOUT];
      }
    for (guint t = 0; t < n; t++)
      {
        s->failed_percent[t] = attempted[t] > 0 ? 100 * s->failures[t] / attempted[t] : NAN;
        s->timed_out_percent[t] = attempted[t] > 0 ? 100 * timed_out[t] / attempted[t] : NAN;
        s->http_error_percent[t] = responses[t] > 0 ? 100 * http[t] / responses[t] : NAN;
        s->failure_details[t] = failure_details (results, t, expect_status);
        if (s->http_error_percent[t] > VS_RANK_MAX_HTTP_ERROR_PERCENT)
          s->ranked = FALSE;
        summarize_fairness (results, t, &s->fairness[t]);
      }
  }

  for (guint m = 0; m < VS_N_METRICS; m++)
    {
      g_autofree GArray **values = g_new0 (GArray *, n);

      s->summaries[m] = g_new0 (VsSummary, n);
      s->comparisons[m] = g_new0 (VsComparison, n);
      s->compared[m] = g_new0 (gboolean, n);

      for (guint t = 0; t < n; t++)
        {
          values[t] = values_by_trial (results, m, t);
          vs_summary_compute ((double *) values[t]->data, values[t]->len, &s->summaries[m][t]);
        }
      for (guint t = 1; t < n; t++)
        {
          s->compared[m][t] = compare_target (values[0], values[t], paired, s->confidence,
                                                 &s->comparisons[m][t]);
          if (s->compared[m][t] && vs_session_summary_is_headline (s, m))
            g_array_append_val (family_p, s->comparisons[m][t].p_value);
        }
      for (guint t = 0; t < n; t++)
        g_array_unref (values[t]);
    }

  /* The headline family (requests/s and p99, each target against the
   * first) shares Holm's adjustment; the other rows are descriptive. */
  family_adjusted = g_array_sized_new (FALSE, FALSE, sizeof (double), family_p->len);
  g_array_set_size (family_adjusted, family_p->len);
  vs_stats_holm ((double *) family_p->data, family_p->len, (double *) family_adjusted->data);
  for (guint m = 0, k = 0; m < VS_N_METRICS; m++)
    for (guint t = 1; t < n; t++)
      if (s->compared[m][t])
        {
          VsComparison *c = &s->comparisons[m][t];

          vs_stats_decide (c, vs_session_summary_is_headline (s, m)
                              ? g_array_index (family_adjusted, double, k++) : NAN,
                           smallest);
          /* the trials to suggest are those the next look, at its stricter
           * level, needs: a continuation is what they would be for; once the
           * budget is spent, a new comparison's first look */
          vs_stats_suggest_at (c, vs_stats_look_confidence (s->continuations < VS_STATS_MAX_CONTINUATIONS
                                                            ? s->continuations + 1 : 0),
                               smallest);
        }

  return s;
}

/* "0.6", "0.012", "<0.001": a small share with the digits that say it */
static char *
format_share (double percent)
{
  if (percent < 0.001)
    return g_strdup ("<0.001");
  return g_strdup_printf (percent < 0.1 ? "%.3f" : percent < 10 ? "%.2f" : "%.1f", percent);
}

/* A target's failed requests for a table cell: "none", "0.60 % (timeout
 * 50, connect 10)", "—" without a finished trial */
char *
vs_session_summary_format_failures (VsSessionSummary *s,
                                    guint             target)
{
  g_autofree char *share = NULL;

  g_return_val_if_fail (target < s->n_targets, NULL);
  if (!isfinite (s->failed_percent[target]))
    return g_strdup ("—");
  if (s->failures[target] == 0)
    /* Translators: no request failed */
    return g_strdup (_("none"));
  share = format_share (s->failed_percent[target]);
  /* Translators: the share of requests that failed, then how: "0.60 % (timeout 50)" */
  return g_strdup_printf (_("%s %% (%s)"), share,
                          s->failure_details[target] ? s->failure_details[target] : "?");
}

char *
vs_session_summary_verdict (VsSessionSummary *s)
{
  static const VsMetric headline[] = { VS_METRIC_REQUESTS_PER_S, VS_METRIC_P99 };
  g_autoptr(GString) text = g_string_new (NULL);

  /* error responses are fast to make: their speed ranks nothing */
  if (!s->ranked && s->n_targets > 1)
    {
      g_autoptr(GString) who = g_string_new (NULL);

      for (guint t = 0; t < s->n_targets; t++)
        {
          g_autofree char *share = NULL;

          if (!(s->http_error_percent[t] > VS_RANK_MAX_HTTP_ERROR_PERCENT))
            continue;
          share = format_share (s->http_error_percent[t]);
          if (who->len)
            g_string_append (who, "; ");
          /* Translators: a target, the share of its responses with an error status, and the
           * statuses: "FastAPI 100 % (HTTP 404 ×23265)" */
          g_string_append_printf (who, _("%s %s %% (%s)"), s->labels[t], share,
                                  s->failure_details[t] ? s->failure_details[t] : "?");
        }
      /* Translators: %g is a percentage; %s lists the targets, their share of error responses
       * and the statuses */
      g_string_append_printf (text, _("Speed not ranked: more than %g %% of the responses had an "
                                      "error status — %s — so requests/s and latency measure how "
                                      "fast the errors came. Fix the endpoint, or, if that status "
                                      "is what it should answer, say so (versus-cli new "
                                      "--expect-status CODE, or Expected status in the Setup)."),
                              VS_RANK_MAX_HTTP_ERROR_PERCENT, who->str);
      g_string_append_c (text, '\n');
    }

  for (guint t = 1; s->ranked && t < s->n_targets; t++)
    for (guint i = 0; i < G_N_ELEMENTS (headline); i++)
      {
        VsMetric m = headline[i];
        g_autofree char *line = NULL;

        if (!s->compared[m][t])
          {
            /* Translators: %s is a metric, e.g. "requests/s", then the two targets */
            g_string_append_printf (text, _("No %s to compare between %s and %s."),
                                    _(metrics[m].noun), s->labels[0], s->labels[t]);
            g_string_append_c (text, '\n');
            continue;
          }
        line = vs_stats_verdict (&s->comparisons[m][t], s->labels[0], s->labels[t],
                                 _(metrics[m].noun), metrics[m].better);
        g_string_append_printf (text, "%s.\n", line);
      }
  if (s->n_targets > 1 && s->continuations > 0)
    {
      g_autofree char *looks = vs_session_summary_looks (s);

      g_string_append_printf (text, "%s\n", looks);
    }

  /* next to latency: the requests that failed, which latency alone would
   * flatter (a timed-out request is in the percentiles at its wait) */
  {
    g_autoptr(GString) failures = g_string_new (NULL);
    gboolean any = FALSE;

    for (guint t = 0; t < s->n_targets; t++)
      if (isfinite (s->failed_percent[t]) && s->failed_percent[t] > 0)
        any = TRUE;
    for (guint t = 0; any && t < s->n_targets; t++)
      {
        g_autofree char *failed = format_share (s->failed_percent[t]);
        g_autofree char *timed_out = format_share (s->timed_out_percent[t]);

        if (failures->len)
          g_string_append (failures, ", ");
        if (!isfinite (s->failed_percent[t]))
          /* Translators: a target without a finished trial */
          g_string_append_printf (failures, _("%s unknown"), s->labels[t]);
        else if (s->failed_percent[t] == 0)
          /* Translators: a target none of whose requests failed */
          g_string_append_printf (failures, _("%s none"), s->labels[t]);
        else if (s->timed_out_percent[t] > 0)
          /* Translators: a target, the share of its requests that failed, and of those that timed out */
          g_string_append_printf (failures, _("%s %s %% (%s %% timed out)"), s->labels[t],
                                  failed, timed_out);
        else
          g_string_append_printf (failures, _("%s %s %%"), s->labels[t], failed);
      }
    if (any)
      /* Translators: then a list like "Express 0.6 % (0.5 % timed out), FastAPI none" */
      g_string_append_printf (text, _("Requests that failed: %s; a request that timed out is in "
                                      "the latency figures at the time it waited.\n"),
                              failures->str);
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A row's difference cell: B relative to A with its interval, and what the
 * row is: a headline test's outcome, or descriptive */
static char *
format_difference (const VsComparison *c,
                   gboolean            headline)
{
  g_autofree char *level = NULL;
  g_autofree char *interval = NULL;

  if (!c->ci_known)
    return g_strdup_printf (_("%+.1f %% (interval unknown)"), c->diff_percent);
  if (!vs_comparison_informative (c))
    return g_strdup_printf (_("%+.1f %% (too few trials for an interval)"), c->diff_percent);

  level = vs_stats_format_confidence (c->confidence);
  /* Translators: a difference and its confidence interval (CI) at a level like "96 %" */
  interval = g_strdup_printf (_("%+.1f %% (%s CI %+.1f %% to %+.1f %%)"),
                              c->diff_percent, level, c->ci_low, c->ci_high);
  if (!headline)
    /* Translators: a difference with its interval; a descriptive row is not one of the
     * headline tests */
    return g_strdup_printf (_("%s, descriptive"), interval);
  switch (c->kind)
    {
    case VS_VERDICT_DECIDED:
      return g_steal_pointer (&interval);
    case VS_VERDICT_EQUIVALENT:
      /* Translators: a difference with its interval */
      return g_strdup_printf (_("%s, equivalent"), interval);
    case VS_VERDICT_INCONCLUSIVE:
    case VS_VERDICT_UNKNOWN:
    default:
      /* Translators: a difference with its interval */
      return g_strdup_printf (_("%s, inconclusive"), interval);
    }
}

/* "8", "8 and 12": the trials per target at the earlier looks */
static char *
format_looks (const VsSessionSummary *s)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < s->continuations; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == s->continuations ? _(" and ") : ", ");
      g_string_append_printf (text, "%u", s->looks[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* How the session spends its error budget: at a first look, why the level
 * is not 95 %; after a continuation, that the intervals are sequential. */
char *
vs_session_summary_looks (VsSessionSummary *s)
{
  g_autofree char *level = vs_stats_format_confidence (s->confidence);
  g_autofree char *looks = NULL;

  if (s->continuations == 0)
    /* Translators: %s is a confidence level like "96 %" */
    return g_strdup_printf (_("Intervals are at %s, not 95 %%, so that the session can be "
                              "continued with more trials: each look at the results spends part "
                              "of a 5 %% error budget (4 %%, then 0.5 %%, 0.3 %% and 0.2 %%), and "
                              "the chance of a false difference over all looks stays under 5 %%."),
                            level);
  looks = format_looks (s);
  /* Translators: the number of continuations, the trials per target at the earlier looks
   * ("8 and 12"), the trials per target now, and the confidence level ("99.5 %") */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Sequentially valid: this session was continued %u time "
                                       "(looks after %s trials per target, now %u), so its "
                                       "intervals are at %s; over all looks the chance of a false "
                                       "difference stays under 5 %%.",
                                       "Sequentially valid: this session was continued %u times "
                                       "(looks after %s trials per target, now %u), so its "
                                       "intervals are at %s; over all looks the chance of a false "
                                       "difference stays under 5 %%.",
                                       s->continuations),
                          s->continuations, looks, s->trials, level);
}

/**
 * vs_session_summary_suggest_more:
 *
 * How many trials per target a continuation should add so that the next
 * look, at its own (stricter) level, detects the difference the verdict
 * names (10 %, or the smallest that matters) in requests/s: the most any
 * undecided target needs (the comparisons' suggested_n are for the next
 * look). When the need is unknown or already met, as many as it has (a
 * doubling).
 *
 * Returns: 0 when there is nothing to continue: every requests/s
 *   comparison is decided or equivalent, the budget allows no more looks,
 *   or the targets answered with errors (not ranked)
 */
guint
vs_session_summary_suggest_more (VsSessionSummary *s)
{
  guint more = 0;
  guint room = s->trials < VS_SESSION_MAX_TRIALS ? VS_SESSION_MAX_TRIALS - s->trials : 0;

  /* more trials of error responses rank nothing either */
  if (s->continuations >= VS_STATS_MAX_CONTINUATIONS || room == 0 || !s->ranked)
    return 0;
  for (guint t = 1; t < s->n_targets; t++)
    {
      const VsComparison *c = &s->comparisons[VS_METRIC_REQUESTS_PER_S][t];
      guint n = MIN (c->n_a, c->n_b);
      guint need;

      if (!s->compared[VS_METRIC_REQUESTS_PER_S][t] ||
          c->kind == VS_VERDICT_DECIDED || c->kind == VS_VERDICT_EQUIVALENT)
        continue;
      need = c->suggested_n > n ? c->suggested_n - n : s->trials;
      more = MAX (more, MAX (need, 1));
    }
  return MIN (more, room);
}

/* What the table's figures are, and how the differences were found */
static char *
method_note (VsSessionSummary *s,
             double            smallest)
{
  g_autofree char *how = s->pairing == VS_PAIRING_PAIRED
    ? g_strdup (_("A difference is the geometric mean of the ratios of the pairs of trials "
                  "that ran side by side, with its confidence interval (paired t on the "
                  "logarithms)."))
    : g_strdup (_("The trials ran one target after the other, so they are not paired: a "
                  "difference is the ratio of the geometric means, with its confidence "
                  "interval (Welch's t on the logarithms)."));
  /* after a continuation the verdict says it, above the table */
  g_autofree char *looks = s->continuations == 0 ? vs_session_summary_looks (s) : g_strdup ("");
  g_autofree char *eq_level = vs_stats_format_confidence (1.0 - 2.0 * (1.0 - s->confidence));

  /* Translators: the table's values and the method; the first %s is how the differences
   * were found, %g the smallest difference that matters, in percent, the next %s the
   * equivalence test's confidence level ("92 %"), the last how the error budget is spent */
  return g_strdup_printf (_("Values are means over the trials that finished; every figure, CPU "
                            "and memory too, covers the measured phase only, not the warm-up. "
                            "%s Requests/s and "
                            "p99 latency are the headline tests, adjusted together (Holm); "
                            "“equivalent” means no difference larger than %g %% (%s interval "
                            "inside it). The other rows are descriptive. %s"),
                          how, smallest, eq_level, looks);
}

/* How each target spread its responses over the connections; NULL when
 * no trial measured it */
char *
vs_session_summary_fairness (VsSessionSummary *s)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint t = 0; t < s->n_targets; t++)
    {
      const VsFairness *f = &s->fairness[t];

      if (f->connections == 0)
        continue;
      if (text->len)
        g_string_append (text, "; ");
      /* Translators: a target, then its responses per connection (medians over the trials)
       * and the most connections it starved in one trial: "Express min 80, median 120,
       * max 190, 0 of 50 starved" */
      g_string_append_printf (text, _("%s min %.0f, median %.0f, max %.0f, %u of %u starved"),
                              s->labels[t], f->min, f->median, f->max, f->starved, f->connections);
    }
  if (text->len == 0)
    return NULL;
  /* Translators: %s is the list of targets and their figures */
  return g_strdup_printf (_("Responses per connection (medians over the trials; a starved "
                            "connection waited longer than the timeout or got no response): %s."),
                          text->str);
}

/* What each target said it ran, from its last result that says so:
 * "What ran: Express: Express 4.22.3 on Node.js 20.20.2, …; Flask: …" */
static char *
describe_servers (VsSession *session)
{
  GPtrArray *targets = vs_session_get_targets (session);
  GPtrArray *results = vs_session_get_results (session);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint t = 0; t < targets->len; t++)
    {
      g_autofree char *described = NULL;

      for (guint i = results->len; i > 0 && described == NULL; i--)
        {
          VsRunResult *r = g_ptr_array_index (results, i - 1);

          if (r->target_index == t)
            described = vs_run_result_describe_server (r);
        }
      if (described != NULL)
        g_string_append_printf (text, "%s%s: %s", text->len ? "; " : "",
                                ((VsTarget *) g_ptr_array_index (targets, t))->label, described);
    }
  if (text->len == 0)
    return NULL;
  /* Translators: %s lists each target and what it said it ran */
  return g_strdup_printf (_("What ran, as each target said: %s."), text->str);
}

char *
vs_report_markdown (VsSession *session)
{
  g_autoptr(VsSessionSummary) s = vs_session_summarize (session);
  g_autoptr(GString) md = g_string_new (NULL);
  g_autofree char *verdict = vs_session_summary_verdict (s);
  GPtrArray *results = vs_session_get_results (session);
  VsLoadProfile *profile = vs_session_get_profile (session);

  g_string_append_printf (md, "# %s\n\n", vs_session_get_name (session));
  /* Translators: method, path, connections, seconds measured, seconds of warm-up, trials
   * and the trial order (interleaved, round-robin or sequential): "GET /, 64 connections,
   * 10 s measured after 2 s of warm-up, 5 trials per target, interleaved order." */
  g_string_append_printf (md, g_dngettext (GETTEXT_PACKAGE,
                                           "%s %s, %u connections, %g s measured after %g s of "
                                           "warm-up, %u trial per target, %s order.",
                                           "%s %s, %u connections, %g s measured after %g s of "
                                           "warm-up, %u trials per target, %s order.",
                                           vs_session_get_trials (session)),
                          profile->method, profile->url, profile->connections,
                          profile->duration_us / 1e6, profile->warmup_us / 1e6,
                          vs_session_get_trials (session),
                          vs_trial_order_get_title (vs_session_get_order (session)));
  g_string_append (md, "\n\n");
  if (verdict[0])
    {
      g_auto(GStrv) lines = g_strsplit (g_strstrip (verdict), "\n", -1);

      for (guint i = 0; lines[i]; i++)
        g_string_append_printf (md, "- %s\n", lines[i]);
      g_string_append (md, "\n");
    }

  /* the classic table: Metric | A | B | % difference */
  g_string_append_printf (md, "| %s |", _("Metric"));
  for (guint t = 0; t < s->n_targets; t++)
    g_string_append_printf (md, " %s |", s->labels[t]);
  for (guint t = 1; t < s->n_targets; t++)
    {
      g_string_append_c (md, ' ');
      /* Translators: a column of the Markdown report, e.g. "FastAPI vs Express" */
      g_string_append_printf (md, _("%s vs %s"), s->labels[t], s->labels[0]);
      g_string_append (md, " |");
    }
  g_string_append (md, "\n|---|");
  for (guint t = 0; t < 2 * s->n_targets - 1; t++)
    g_string_append (md, "---:|");
  g_string_append (md, "\n");

  for (guint m = 0; m < VS_N_METRICS; m++)
    {
      g_string_append_printf (md, "| %s |", _(metrics[m].title));
      for (guint t = 0; t < s->n_targets; t++)
        {
          g_autofree char *value = vs_metric_format (m, s->summaries[m][t].mean);
          g_string_append_printf (md, " %s |", value);
        }
      for (guint t = 1; t < s->n_targets; t++)
        {
          g_autofree char *diff = s->compared[m][t]
                                  ? format_difference (&s->comparisons[m][t], vs_session_summary_is_headline (s, m))
                                  : g_strdup ("—");
          g_string_append_printf (md, " %s |", diff);
        }
      g_string_append (md, "\n");
    }
  /* the failures beside the figures they would otherwise flatter */
  g_string_append_printf (md, "| %s |", _("Failed requests"));
  for (guint t = 0; t < s->n_targets; t++)
    {
      g_autofree char *cell = vs_session_summary_format_failures (s, t);

      g_string_append_printf (md, " %s |", cell);
    }
  for (guint t = 1; t < s->n_targets; t++)
    g_string_append (md, " |");
  g_string_append (md, "\n");
  g_string_append_printf (md, "| %s |", _("Trials (ok / failed)"));
  for (guint t = 0; t < s->n_targets; t++)
    g_string_append_printf (md, " %u / %u |", s->n_ok[t], s->n_failed[t]);
  for (guint t = 1; t < s->n_targets; t++)
    g_string_append (md, " |");
  g_string_append (md, "\n\n");
  {
    g_autofree char *note = method_note (s, vs_session_get_smallest_difference (session));

    g_string_append_printf (md, "%s\n", note);
  }
  {
    g_autofree char *fairness = vs_session_summary_fairness (s);

    if (fairness != NULL)
      g_string_append_printf (md, "\n%s\n", fairness);
  }
  {
    g_autofree char *servers = describe_servers (session);

    if (servers != NULL)
      g_string_append_printf (md, "\n%s\n", servers);
  }

  if (results->len > 0)
    {
      g_string_append_printf (md, "\n## %s\n\n", _("Trials"));
      /* Translators: the header of the Markdown table of trials; keep the | between columns */
      g_string_append (md, _("| # | Target | Trial | Status | Requests/s | p50 | p99 | "
                             "CPU | Memory | Startup | Errors | Per connection |"));
      g_string_append (md, "\n|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (guint i = 0; i < results->len; i++)
        {
          const VsRunResult *r = g_ptr_array_index (results, i);
          g_autofree char *rps = vs_metric_format (VS_METRIC_REQUESTS_PER_S, r->requests_per_s);
          g_autofree char *p50 = vs_metric_format (VS_METRIC_P50, r->p50_ms);
          g_autofree char *p99 = vs_metric_format (VS_METRIC_P99, r->p99_ms);
          g_autofree char *cpu = vs_metric_format (VS_METRIC_CPU, r->cpu_mean_percent);
          g_autofree char *mem = vs_metric_format (VS_METRIC_MEMORY, r->memory_peak_bytes);
          g_autofree char *startup = vs_metric_format (VS_METRIC_STARTUP, r->startup_s);
          g_autofree char *spread = vs_fairness_format (&r->fairness);

          g_string_append_printf (md, "| %u | %s | %u | %s%s%s | %s | %s | %s | %s | %s | %s | %" G_GUINT64_FORMAT " | %s |\n",
                                  r->sequence + 1, r->target_label, r->trial + 1,
                                  vs_run_status_to_string (r->status),
                                  r->error ? ": " : "", r->error ? r->error : "",
                                  rps, p50, p99, cpu, mem, startup, vs_run_result_get_errors (r),
                                  spread);
        }
    }

  return g_string_free (g_steal_pointer (&md), FALSE);
}

static void
csv_field (GString    *csv,
           const char *text)
{
  if (text == NULL)
    {
      g_string_append_c (csv, ',');
      return;
    }
  /* RFC 4180 quoting */
  g_string_append_c (csv, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append (csv, "\",");
}

static void
csv_number (GString *csv,
            double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* a decimal point whatever the locale: a comma would split the field;
   * 15 digits: a byte count stays a whole number (85042176, not 8.50421e+07) */
  if (isfinite (value))
    g_string_append_printf (csv, "%s,", g_ascii_formatd (buf, sizeof buf, "%.15g", value));
  else
    g_string_append_c (csv, ',');
}

/* One row per run. */
char *
vs_report_csv (VsSession *session)
{
  GPtrArray *results = vs_session_get_results (session);
  g_autoptr(GString) csv = g_string_new (
    "session,target,trial,sequence,status,error,started_at,runtime,image_id,startup_s,duration_s,"
    "requests,requests_per_s,mean_ms,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,errors,"
    "cpu_mean_percent,cpu_peak_percent,memory_mean_bytes,memory_peak_bytes,"
    "connections,per_connection_min,per_connection_median,per_connection_max,connections_starved\n");

  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (r->started_at);
      g_autofree char *date = when ? g_date_time_format_iso8601 (when) : NULL;

      csv_field (csv, vs_session_get_name (session));
      csv_field (csv, r->target_label);
      g_string_append_printf (csv, "%u,%u,", r->trial + 1, r->sequence + 1);
      csv_field (csv, vs_run_status_to_string (r->status));
      csv_field (csv, r->error);
      csv_field (csv, date);
      csv_field (csv, r->runtime);
      csv_field (csv, r->image_id);
      csv_number (csv, r->startup_s);
      csv_number (csv, r->duration_s);
      g_string_append_printf (csv, "%" G_GUINT64_FORMAT ",", r->requests);
      csv_number (csv, r->requests_per_s);
      csv_number (csv, r->mean_ms);
      csv_number (csv, r->p50_ms);
      csv_number (csv, r->p90_ms);
      csv_number (csv, r->p99_ms);
      csv_number (csv, r->p999_ms);
      csv_number (csv, r->max_ms);
      g_string_append_printf (csv, "%" G_GUINT64_FORMAT ",", vs_run_result_get_errors (r));
      csv_number (csv, r->cpu_mean_percent);
      csv_number (csv, r->cpu_peak_percent);
      csv_number (csv, r->memory_mean_bytes);
      csv_number (csv, r->memory_peak_bytes);
      if (r->fairness.connections > 0)
        {
          g_string_append_printf (csv, "%u,", r->fairness.connections);
          csv_number (csv, r->fairness.min);
          csv_number (csv, r->fairness.median);
          csv_number (csv, r->fairness.max);
          g_string_append_printf (csv, "%u,", r->fairness.starved);
        }
      else
        g_string_append (csv, ",,,,,");
      /* no trailing comma */
      g_string_truncate (csv, csv->len - 1);
      g_string_append_c (csv, '\n');
    }

  return g_string_free (g_steal_pointer (&csv), FALSE);
}

/* Everything: the session as saved, plus the summary and verdicts. */
char *
vs_report_json (VsSession *session)
{
  g_autoptr(VsSessionSummary) s = vs_session_summarize (session);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *verdict = vs_session_summary_verdict (s);

  json_builder_begin_object (b);
  VS_JSON_ADD_STRING (b, "format", "versus-report");
  VS_JSON_ADD_INT (b, "version", 1);
  json_builder_set_member_name (b, "session");
  json_builder_add_value (b, vs_session_to_json (session));
  /* the level of every interval, from the looks the session had */
  VS_JSON_ADD_NUMBER (b, "confidence", s->confidence);
  VS_JSON_ADD_INT (b, "continuations", s->continuations);
  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
  for (guint m = 0; m < VS_N_METRICS; m++)
    {
      json_builder_set_member_name (b, metrics[m].key);
      json_builder_begin_array (b);
      for (guint t = 0; t < s->n_targets; t++)
        {
          const VsSummary *sum = &s->summaries[m][t];

          json_builder_begin_object (b);
          VS_JSON_ADD_STRING (b, "target", s->labels[t]);
          VS_JSON_ADD_INT (b, "n", sum->n);
          VS_JSON_ADD_NUMBER (b, "mean", sum->mean);
          VS_JSON_ADD_NUMBER (b, "median", sum->median);
          VS_JSON_ADD_NUMBER (b, "stdev", sum->stdev);
          VS_JSON_ADD_NUMBER (b, "min", sum->min);
          VS_JSON_ADD_NUMBER (b, "max", sum->max);
          if (t > 0 && s->compared[m][t])
            {
              const VsComparison *c = &s->comparisons[m][t];

              json_builder_set_member_name (b, "vs_first");
              json_builder_begin_object (b);
              VS_JSON_ADD_STRING (b, "method", c->pairing == VS_PAIRING_PAIRED
                                                 ? "paired-log-t" : "welch-log-t");
              VS_JSON_ADD_INT (b, "n_a", c->n_a);
              VS_JSON_ADD_INT (b, "n_b", c->n_b);
              VS_JSON_ADD_NUMBER (b, "diff_percent", c->diff_percent);
              VS_JSON_ADD_NUMBER (b, "ci_low", c->ci_low);
              VS_JSON_ADD_NUMBER (b, "ci_high", c->ci_high);
              VS_JSON_ADD_BOOL (b, "ci_known", c->ci_known);
              VS_JSON_ADD_BOOL (b, "ci_informative", vs_comparison_informative (c));
              VS_JSON_ADD_NUMBER (b, "confidence", c->confidence);
              VS_JSON_ADD_NUMBER (b, "eq_low", c->eq_low);
              VS_JSON_ADD_NUMBER (b, "eq_high", c->eq_high);
              VS_JSON_ADD_NUMBER (b, "df", c->df);
              VS_JSON_ADD_NUMBER (b, "p_value", c->p_value);
              VS_JSON_ADD_BOOL (b, "headline", vs_metric_is_headline (m));
              VS_JSON_ADD_NUMBER (b, "p_adjusted", c->p_adjusted);
              VS_JSON_ADD_BOOL (b, "significant", c->significant);
              VS_JSON_ADD_STRING (b, "verdict", vs_verdict_kind_to_string (c->kind));
              VS_JSON_ADD_NUMBER (b, "smallest_difference_percent", c->smallest_percent);
              VS_JSON_ADD_NUMBER (b, "detectable_percent", c->mdd_percent);
              if (c->suggested_n > 0)
                VS_JSON_ADD_INT (b, "suggested_trials", c->suggested_n);
              json_builder_end_object (b);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  VS_JSON_ADD_STRING (b, "verdict", g_strstrip (verdict));
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}

char *
vs_report_hgrm (VsSession *session,
                guint      target)
{
  g_autoptr(VsHistogram) merged = vs_session_merge_latency (session, target);

  if (merged == NULL)
    return NULL;
  /* values are µs; .hgrm in milliseconds, 5 ticks per half distance */
  return vs_histogram_to_hgrm (merged, 1000.0, 5);
}
