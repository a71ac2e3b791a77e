/* vs-load-result.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "vs-histogram.h"
#include "vs-load-profile.h"

G_BEGIN_DECLS

typedef enum
{
  VS_ERROR_CLASS_CONNECT,    /* refused, reset or unreachable while connecting */
  VS_ERROR_CLASS_TIMEOUT,    /* no complete response within the timeout */
  VS_ERROR_CLASS_READ,       /* connection closed or reset while waiting for a response */
  VS_ERROR_CLASS_WRITE,      /* the request could not be sent */
  VS_ERROR_CLASS_MALFORMED,  /* the response was not valid HTTP/1.x */
  VS_ERROR_CLASS_HTTP_4XX,
  VS_ERROR_CLASS_HTTP_5XX,
  VS_N_ERROR_CLASSES
} VsErrorClass;

/* The transport errors: every class but the HTTP status ones */
#define VS_N_TRANSPORT_ERROR_CLASSES VS_ERROR_CLASS_HTTP_4XX

#define VS_STATUS_CODE_MAX 600

const char *vs_error_class_to_string (VsErrorClass error_class);
const char *vs_error_class_describe  (VsErrorClass error_class);

/* What one connection slot (a simulated client: its connection, and the
 * ones that replace it) got in an interval or a run */
typedef struct
{
  guint32 responses;
  guint32 timeouts;     /* requests of it that waited longer than the timeout */
} VsConnCount;

/* Counters of one interval or one run. Workers own theirs and fill them
 * without sharing; the engine merges them. */
typedef struct
{
  guint64      requests;             /* responses completed, any status */
  guint64      bytes;
  guint64      sent;                 /* requests written out in full */
  guint64      connections_opened;
  guint64      errors[VS_N_ERROR_CLASSES];
  guint64      timed_out;            /* requests sent that got no answer in time: counted in
                                      * errors[TIMEOUT] and in the latency histograms at the
                                      * time they waited (at least the timeout) */
  guint64      status_codes[VS_STATUS_CODE_MAX];
  VsHistogram *latency;              /* corrected (from the intended send time) */
  VsHistogram *service_time;         /* uncorrected (from the actual send time) */
  VsHistogram *generator_lag;        /* open loop: lateness of sends on idle connections */
  VsConnCount *per_connection;       /* slots first_connection … + n_connections; NULL: none kept */
  guint        first_connection;     /* a worker's counters hold its own slots only; merged
                                      * counters start at 0 */
  guint        n_connections;
} VsLoadCounters;

/* How the responses spread over the connections: a fair server answers
 * every client; an unfair one serves some and starves others. */
typedef struct
{
  guint  connections;   /* slots counted; 0: unknown */
  double min, median, max;   /* responses per connection */
  guint  starved;       /* slots that waited longer than the timeout, or got no response at all */
} VsFairness;

VsLoadCounters *vs_load_counters_new           (void);
void            vs_load_counters_free          (VsLoadCounters       *self);
VsLoadCounters *vs_load_counters_copy          (const VsLoadCounters *self);
void            vs_load_counters_reset         (VsLoadCounters       *self);
void            vs_load_counters_merge         (VsLoadCounters       *self,
                                                const VsLoadCounters *other);
guint64         vs_load_counters_get_errors    (const VsLoadCounters *self);
void            vs_load_counters_track_connections (VsLoadCounters   *self,
                                                    guint             first,
                                                    guint             n);
void            vs_load_counters_count_connection  (VsLoadCounters   *self,
                                                    guint             slot,
                                                    gboolean          timed_out);
gboolean        vs_load_counters_get_fairness  (const VsLoadCounters *self,
                                                VsFairness           *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsLoadCounters, vs_load_counters_free)

typedef enum
{
  VS_LOAD_PHASE_CONNECTING,
  VS_LOAD_PHASE_WARMUP,
  VS_LOAD_PHASE_MEASURING,
  VS_LOAD_PHASE_DONE,
} VsLoadPhase;

/* One point of a run's timeline, as kept in results. */
typedef struct
{
  double   t_s;           /* end of the interval, from the start of the load */
  double   interval_s;
  gboolean warmup;
  guint64  requests;
  guint64  errors;        /* transport errors + 4xx + 5xx */
  guint64  bytes;
  gint64   p50_us;
  gint64   p90_us;
  gint64   p99_us;
  gint64   max_us;
} VsTimelinePoint;

/* What the engine posts to the caller's main context every interval. */
typedef struct
{
  VsLoadPhase            phase;
  double                 elapsed_s;     /* since the load started (warm-up included) */
  double                 total_s;       /* warm-up + duration */
  VsTimelinePoint        point;
  const VsLoadCounters  *interval;      /* this interval only */
  const VsLoadCounters  *totals;        /* measured phase so far */
  guint64                in_flight;
  guint64                backlog;       /* open loop: due but not yet sent */
} VsLoadSnapshot;

/* A snapshot is boxed for signals; a copy owns copies of its counters. */
#define VS_TYPE_LOAD_SNAPSHOT (vs_load_snapshot_get_type ())
GType           vs_load_snapshot_get_type      (void) G_GNUC_CONST;
VsLoadSnapshot *vs_load_snapshot_copy          (const VsLoadSnapshot *self);
void            vs_load_snapshot_free          (VsLoadSnapshot       *self);

#define VS_TYPE_LOAD_RESULT (vs_load_result_get_type ())

typedef struct _VsLoadResult VsLoadResult;

struct _VsLoadResult
{
  /*< private >*/
  gatomicrefcount  ref_count;

  /*< public >*/
  VsLoadProfile   *profile;
  VsTransportKind  transport;        /* the one actually used */
  guint            workers;
  gboolean         interrupted;      /* stopped before its planned end */
  double           duration_s;       /* measured phase, actual */
  double           warmup_s;         /* warm-up, actual */
  VsLoadCounters  *totals;           /* measured phase */
  VsLoadCounters  *warmup;           /* warm-up phase */
  guint64          in_flight_at_stop;
  GArray          *timeline;         /* (element-type VsTimelinePoint) */

  /* open loop */
  guint64          rate_backlog_max;
  guint64          rate_backlog_end;
  char            *rate_problem;     /* (nullable) why the rate was not held */
  gboolean         generator_behind; /* the generator, not the target, did not hold the rate */

  /* the generator itself */
  double           cpu_user_s;
  double           cpu_system_s;
  gint64           max_rss_kb;
};

GType          vs_load_result_get_type          (void) G_GNUC_CONST;
VsLoadResult  *vs_load_result_new               (VsLoadProfile      *profile);
VsLoadResult  *vs_load_result_ref               (VsLoadResult       *self);
void           vs_load_result_unref             (VsLoadResult       *self);
double         vs_load_result_get_requests_per_sec (const VsLoadResult *self);
double         vs_load_result_get_achieved_rate (const VsLoadResult *self);
gboolean       vs_load_result_get_kept_up       (const VsLoadResult *self);
JsonNode      *vs_load_result_to_json           (const VsLoadResult *self);
char          *vs_load_result_to_text           (const VsLoadResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsLoadResult, vs_load_result_unref)

G_END_DECLS
