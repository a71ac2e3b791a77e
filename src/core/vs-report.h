/* vs-report.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vs-session.h"
#include "vs-stats.h"

G_BEGIN_DECLS

typedef enum
{
  VS_METRIC_REQUESTS_PER_S,
  VS_METRIC_P50,
  VS_METRIC_P99,
  VS_METRIC_CPU,
  VS_METRIC_MEMORY,
  VS_METRIC_STARTUP,
  VS_METRIC_PER_CORE,
  VS_N_METRICS
} VsMetric;

typedef struct
{
  const char *key;      /* "requests_per_s" */
  const char *title;    /* "Requests/s"; untranslated (N_), show _(title) */
  const char *noun;     /* for verdicts: "requests/s", "p99 latency"; untranslated (N_) */
  VsBetter    better;
} VsMetricInfo;

const VsMetricInfo *vs_metric_get_info (VsMetric metric);
/* Requests/s and p99 latency: the tests the verdict states, adjusted together */
gboolean            vs_metric_is_headline (VsMetric metric);
/* The value of @metric in one run, NAN when unknown. */
double              vs_metric_value    (VsMetric           metric,
                                        const VsRunResult *result);
char               *vs_metric_format   (VsMetric           metric,
                                        double             value);
char               *vs_fairness_format (const VsFairness  *fairness);
char               *vs_format_failures (const guint64     *errors,
                                        GArray            *status_codes,
                                        guint              expect_status);

/* The figures of a session's successful trials: per metric, a summary per
 * target and each target compared with the first. */
typedef struct
{
  guint          n_targets;
  VsPairing      pairing;                 /* how the trials were compared */
  double         confidence;              /* of every interval: the look's (vs_stats_look_confidence) */
  guint          continuations;           /* times the session was continued */
  guint         *looks;                   /* trials per target at each earlier look */
  guint          trials;                  /* trials per target planned now */
  char         **labels;                  /* n_targets */
  guint         *n_ok;                    /* trials that finished, per target */
  guint         *n_failed;
  double        *failed_percent;          /* requests that failed (transport errors, 4xx, 5xx) per
                                           * 100 attempted, over the trials that finished; NAN
                                           * without any */
  double        *timed_out_percent;       /* of those, the ones that timed out */
  double        *http_error_percent;      /* responses with an error status (4xx, 5xx) other than
                                           * the expected one, per 100 responses; NAN unknown */
  guint64       *failures;                /* failed requests, over the trials that finished */
  char         **failure_details;         /* n_targets: "timeout 50, connect 10, HTTP 404 ×3";
                                           * NULL where none failed */
  gboolean       ranked;                  /* the headline tests rank the targets: no target
                                           * answered more than VS_RANK_MAX_HTTP_ERROR_PERCENT of
                                           * its requests with an unexpected error status */
  VsFairness    *fairness;                /* per target: the medians over its finished trials of
                                           * their min, median and max responses per connection,
                                           * and the most starved connections in any of them;
                                           * .connections 0: not measured */
  VsSummary     *summaries[VS_N_METRICS]; /* n_targets each */
  VsComparison  *comparisons[VS_N_METRICS];/* n_targets each; [0] unused */
  gboolean      *compared[VS_N_METRICS];  /* whether comparisons[m][t] holds */
} VsSessionSummary;

/* Above this share of error responses, a target's speed is the speed of
 * its errors: the verdict does not rank it. */
#define VS_RANK_MAX_HTTP_ERROR_PERCENT 1.0

VsSessionSummary *vs_session_summarize      (VsSession         *session);
/* Whether @metric is one of the summary's headline tests: requests/s and
 * p99, unless the targets could not be ranked. */
gboolean          vs_session_summary_is_headline (VsSessionSummary *summary,
                                                  VsMetric          metric);
void              vs_session_summary_free   (VsSessionSummary  *summary);
/* One line per compared target and headline metric (requests/s, p99). */
char             *vs_session_summary_verdict (VsSessionSummary *summary);
char             *vs_session_summary_format_failures (VsSessionSummary *summary,
                                                      guint             target);
/* How every target spread its responses over the connections, in words;
 * NULL when no trial measured it. */
char             *vs_session_summary_fairness (VsSessionSummary *summary);
guint             vs_session_summary_suggest_more (VsSessionSummary *summary);
/* How the session spends its error budget over its looks, in words. */
char             *vs_session_summary_looks  (VsSessionSummary  *summary);

gboolean          vs_session_compare_targets (VsSession    *session,
                                              VsMetric      metric,
                                              guint         a,
                                              guint         b,
                                              double        confidence,
                                              VsComparison *out);
char *vs_report_markdown (VsSession  *session);
char *vs_report_csv      (VsSession  *session);
char *vs_report_json     (VsSession  *session);
/* The merged latency distribution of @target's successful trials as
 * HdrHistogram percentile text, in milliseconds; NULL without data. */
char *vs_report_hgrm     (VsSession  *session,
                          guint       target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsSessionSummary, vs_session_summary_free)

G_END_DECLS
