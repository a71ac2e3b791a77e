/* vs-run-result.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "vs-histogram.h"
#include "vs-load-result.h"
#include "vs-sampler.h"

G_BEGIN_DECLS

typedef enum
{
  VS_RUN_STATUS_OK,
  VS_RUN_STATUS_FAILED,
  VS_RUN_STATUS_CANCELLED,
} VsRunStatus;

/* One point of a run's timeline: an engine interval, with the sampler's
 * latest reading of the target at that time. Unknown values are NAN. */
typedef struct
{
  double   t_s;              /* since the load started, warm-up included */
  gboolean warmup;
  double   requests_per_s;
  guint64  errors;
  double   p50_ms;
  double   p90_ms;
  double   p99_ms;
  double   cpu_percent;
  double   memory_bytes;
} VsRunPoint;

#define VS_TYPE_RUN_POINT (vs_run_point_get_type ())
GType vs_run_point_get_type (void) G_GNUC_CONST;
/* The one conversion of an engine interval to a point of a run's timeline
 * (and its charts): rates per second, percentiles in ms; the target's CPU
 * and memory are left unknown for the caller that has them. */
void  vs_run_point_init_from_timeline (VsRunPoint            *self,
                                       const VsTimelinePoint *point);

typedef struct
{
  guint   code;
  guint64 count;
} VsStatusCount;

#define VS_TYPE_RUN_RESULT (vs_run_result_get_type ())

typedef struct _VsRunResult VsRunResult;

/* One trial of one target. */
struct _VsRunResult
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  guint        target_index;
  char        *target_label;
  guint        trial;           /* this target's trial, 0-based */
  guint        sequence;        /* the order the session's trials ran in, 0-based (a
                                 * continuation's follow the first run's) */
  VsRunStatus  status;
  char        *error;           /* (nullable) why it failed */
  gint64       started_at;      /* unix seconds */

  double       startup_s;       /* launch → first 2xx; NAN unknown */
  double       duration_s;      /* measured phase */
  guint64      requests;
  guint64      bytes;
  guint64      errors[VS_N_ERROR_CLASSES];
  GArray      *status_codes;    /* (element-type VsStatusCount) */
  double       requests_per_s;
  VsHistogram *latency;         /* (nullable) measured phase */
  double       mean_ms, p50_ms, p75_ms, p90_ms, p99_ms, p999_ms, p9999_ms, max_ms;
  VsFairness   fairness;        /* responses per connection; .connections 0: unknown */
  char        *rate_problem;    /* (nullable) open loop: why the offered rate was not held */
  gboolean     generator_behind;/* open loop: the load generator, not the target, fell behind */
  GArray      *timeline;        /* (element-type VsRunPoint) */

  double       cpu_mean_percent;
  double       cpu_peak_percent;
  double       memory_mean_bytes;
  double       memory_peak_bytes;

  /* reproducibility */
  char        *versus_version;
  char        *runtime;          /* "podman", "docker", "process" */
  char        *runtime_version;  /* (nullable) */
  char        *image_id;         /* (nullable) image id, or the folder a process ran from */
  char        *kernel;
  char        *cpu_model;
  guint        n_cpus;
  JsonNode    *profile;          /* the load profile as run */
  JsonNode    *server;           /* (nullable) what the target said was running: a template's GET /about */
};

GType        vs_run_result_get_type     (void) G_GNUC_CONST;
VsRunResult *vs_run_result_new          (void);
VsRunResult *vs_run_result_ref          (VsRunResult        *self);
void         vs_run_result_unref        (VsRunResult        *self);
const char  *vs_run_status_to_string    (VsRunStatus         status);

/* Fills the load figures (totals, percentiles, histogram) from @load. */
void         vs_run_result_set_load     (VsRunResult        *self,
                                         const VsLoadResult *load);
/* The resource figures from @sampler's samples. */
void         vs_run_result_set_resources (VsRunResult       *self,
                                          VsSampler         *sampler);
/* Machine facts: kernel, CPU model, cores, Versus version. */
void         vs_run_result_set_machine  (VsRunResult        *self);
guint64      vs_run_result_get_errors   (const VsRunResult  *self);
char        *vs_run_result_describe_server (const VsRunResult *self);

JsonNode    *vs_run_result_to_json      (const VsRunResult  *self);
VsRunResult *vs_run_result_from_json    (JsonObject         *obj,
                                         const char         *where,
                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsRunResult, vs_run_result_unref)

G_END_DECLS
