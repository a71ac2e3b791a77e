/* vs-study.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vs-report.h"
#include "vs-session.h"

G_BEGIN_DECLS

#define VS_STUDY_FORMAT     "versus-study"
#define VS_STUDY_VERSION    1
#define VS_STUDY_MAX_CELLS  256
#define VS_STUDY_MAX_LEVELS 32
#define VS_STUDY_MAX_CLAIMS 64
/* A claim holds, or is contradicted, when every claim of the study is
 * right together with this confidence (each interval at 1 − α / claims). */
#define VS_STUDY_CLAIMS_CONFIDENCE 0.95

typedef enum
{
  VS_SWEEP_CONNECTIONS,   /* closed loop, one cell per number of connections */
  VS_SWEEP_RATE,          /* open loop, one cell per offered rate */
} VsSweepKind;

typedef enum
{
  VS_CELL_PENDING,        /* not run yet, or stopped before it finished */
  VS_CELL_DONE,           /* its comparison ran (some trials may have failed) */
  VS_CELL_FAILED,         /* it could not run: the reason says why */
} VsCellState;

/* One comparison of a study: every target, one scenario, one load. */
typedef struct
{
  char        *id;           /* "hello", or a sweep's "concurrency/64" */
  char        *title;
  char        *sweep;        /* (nullable) the id of the sweep it is a level of */
  char        *scenario;     /* the templates' scenario id */
  guint        connections;  /* 0: the comparison's */
  gboolean     rate_mode;    /* open loop at @rate; else closed loop */
  double       rate;         /* requests/s offered, for rate_mode */
  double       level;        /* the sweep level (connections or rate); NAN outside a sweep */
  VsCellState  state;
  char        *reason;       /* (nullable) why it failed */
  gint64       wall_us;      /* what running it took, start to end; 0 unknown */
  VsSession   *session;      /* (nullable) its comparison as run, with the results */
} VsStudyCell;

typedef struct
{
  char        *id;
  char        *title;
  char        *scenario;
  VsSweepKind  kind;
  GArray      *levels;       /* (element-type double), increasing */
  guint        connections;  /* VS_SWEEP_RATE: the connections that carry the rate; 0: the comparison's */
} VsStudySweep;

/* Capacity at an SLO: for each target, the highest open-loop rate it
 * sustains with p99 under @p99_ms and failures under @max_error_percent in
 * every trial, found by doubling from @low until a rate fails (or @high is
 * passed), then @steps bisections of that bracket. */
typedef struct
{
  char        *id;
  char        *title;
  char        *scenario;
  double       p99_ms;
  double       max_error_percent;
  double       low;
  double       high;
  guint        steps;
  guint        trials;       /* per probe */
  guint        connections;  /* 0: the comparison's */
} VsStudyCapacity;

/* One rate tried for one target in a capacity search */
typedef struct
{
  char        *capacity;     /* the search's id */
  char        *target;       /* the target's label */
  double       rate;
  VsCellState  state;
  char        *reason;       /* (nullable) why it could not run */
  gint64       wall_us;
  VsSession   *session;      /* (nullable) the probe as run (one target) */
} VsStudyProbe;

typedef enum
{
  VS_CAPACITY_SEARCHING,     /* the next probe is @next_rate */
  VS_CAPACITY_FOUND,         /* sustains @sustained, fails at @failed */
  VS_CAPACITY_ABOVE_RANGE,   /* sustains even the highest rate searched */
  VS_CAPACITY_BELOW_RANGE,   /* fails even at the lowest rate searched */
  VS_CAPACITY_GENERATOR,     /* the load generator fell behind at @failed before the target did */
  VS_CAPACITY_FAILED,        /* a probe could not run: @reason */
} VsCapacityState;

typedef struct
{
  VsCapacityState state;
  double          next_rate;     /* VS_CAPACITY_SEARCHING */
  double          sustained;     /* the highest rate that passed; NAN none */
  double          failed;        /* the lowest rate that failed; NAN none */
  double          p99_ms;        /* the worst trial's p99 at @sustained; NAN */
  guint           n_probes;      /* probes the search used so far */
  const char     *reason;        /* (nullable) borrowed from the probe */
} VsCapacityResult;

/* A claim someone made: B's @metric differs from A's by 100 (B / A − 1)
 * percent, somewhere in [low, high] (NAN: open on that side; low == high:
 * one figure). */
typedef struct
{
  char        *id;
  char        *text;         /* the claim, as made */
  char        *source;       /* (nullable) where it was made */
  char        *cell;         /* the cell that measures it */
  VsMetric     metric;
  char        *a;            /* target labels */
  char        *b;
  double       low;
  double       high;
} VsStudyClaim;

typedef enum
{
  VS_CLAIM_NOT_MEASURED,     /* its cell has not run, or failed */
  VS_CLAIM_HOLDS,            /* the claimed direction is established, the claimed size within the interval */
  VS_CLAIM_CONTRADICTED,     /* the interval lies outside every claimed value */
  VS_CLAIM_INCONCLUSIVE,     /* neither: too few trials, or too much spread, to tell */
} VsClaimOutcome;

typedef struct
{
  VsClaimOutcome outcome;
  gboolean       compared;     /* comparison holds */
  VsComparison   comparison;   /* B against A at the study's claim confidence */
  char          *measured;     /* "+43.2 % (99.4 % CI +27.9 % to +60.3 %)", or why nothing was */
} VsClaimResult;

#define VS_TYPE_STUDY (vs_study_get_type ())
G_DECLARE_FINAL_TYPE (VsStudy, vs_study, VS, STUDY, GObject)

/* A study: one comparison (targets, load, trial plan) repeated over cells
 * that vary the scenario and the load — plain cells, concurrency and rate
 * sweeps — and claims checked against the cells' results. Saved as a
 * `.versus-study` JSON file (docs/study-format.md); each finished cell
 * keeps its whole comparison, so a stopped study goes on where it was. */
VsStudy            *vs_study_new             (VsSession     *comparison);
VsStudy            *vs_study_new_preset      (const char    *preset,
                                              GError       **error);
const char * const *vs_study_list_presets    (void);
const char         *vs_study_get_name        (VsStudy       *self);
void                vs_study_set_name        (VsStudy       *self,
                                              const char    *name);
const char         *vs_study_get_notes       (VsStudy       *self);
/* The comparison every cell starts from (its targets, load and plan). */
VsSession          *vs_study_get_comparison  (VsStudy       *self);
/* Adds a plain cell; FALSE when its id is taken or malformed. */
gboolean            vs_study_add_cell        (VsStudy       *self,
                                              const char    *id,
                                              const char    *title,
                                              const char    *scenario,
                                              guint          connections,
                                              gboolean       rate_mode,
                                              double         rate,
                                              GError       **error);
/* Adds a sweep and its cells ("ID/LEVEL"). */
gboolean            vs_study_add_sweep       (VsStudy       *self,
                                              const char    *id,
                                              const char    *title,
                                              const char    *scenario,
                                              VsSweepKind    kind,
                                              const double  *levels,
                                              guint          n_levels,
                                              guint          connections,
                                              GError       **error);
gboolean            vs_study_add_claim       (VsStudy       *self,
                                              const VsStudyClaim *claim,
                                              GError       **error);
GPtrArray          *vs_study_get_cells       (VsStudy       *self);   /* (element-type VsStudyCell) */
GPtrArray          *vs_study_get_sweeps      (VsStudy       *self);   /* (element-type VsStudySweep) */
GPtrArray          *vs_study_get_capacities  (VsStudy       *self);   /* (element-type VsStudyCapacity) */
GPtrArray          *vs_study_get_probes      (VsStudy       *self);   /* (element-type VsStudyProbe) */
gboolean            vs_study_add_capacity    (VsStudy       *self,
                                              const VsStudyCapacity *capacity,
                                              GError       **error);
/* Where @capacity's search stands for @target, replayed from the probes
 * run so far (so a stopped search goes on where it was). */
void                vs_study_capacity_search (VsStudy       *self,
                                              VsStudyCapacity *capacity,
                                              guint          target,
                                              VsCapacityResult *out);
/* The probe session for a rate: the one target, open loop at @rate. */
VsSession          *vs_study_make_probe_session (VsStudy    *self,
                                                 VsStudyCapacity *capacity,
                                                 guint       target,
                                                 double      rate,
                                                 GPtrArray  *templates,
                                                 GError    **error);
VsStudyProbe       *vs_study_add_probe       (VsStudy       *self,
                                              VsStudyCapacity *capacity,
                                              guint          target,
                                              double         rate);
void                vs_study_probe_set_done  (VsStudyProbe  *probe,
                                              VsSession     *session,
                                              gint64         wall_us);
void                vs_study_probe_set_failed (VsStudyProbe *probe,
                                               const char   *reason,
                                               gint64        wall_us);
GPtrArray          *vs_study_get_claims      (VsStudy       *self);   /* (element-type VsStudyClaim) */
VsStudyCell        *vs_study_find_cell       (VsStudy       *self,
                                              const char    *id);
/* The cell of @sweep's @level-th level */
VsStudyCell        *vs_study_find_level      (VsStudy       *self,
                                              VsStudySweep  *sweep,
                                              guint          level);
guint               vs_study_count_cells     (VsStudy       *self,
                                              VsCellState    state);

/* The comparison @cell runs: the study's, with the cell's scenario and
 * load, a fresh id, trusted as the study is. Refused, naming the cell,
 * when a target's template lacks the scenario or the load is invalid. */
VsSession          *vs_study_make_cell_session (VsStudy     *self,
                                                VsStudyCell *cell,
                                                GPtrArray   *templates,
                                                GError     **error);
/* Every cell still to run can run (checked before anything starts). */
gboolean            vs_study_validate        (VsStudy       *self,
                                              GPtrArray     *templates,
                                              GError       **error);
/* The wall time of the cells still to run. */
gint64              vs_study_estimate_pending_us (VsStudy   *self,
                                                  GPtrArray *templates);
void                vs_study_cell_set_done   (VsStudy       *self,
                                              VsStudyCell   *cell,
                                              VsSession     *session,
                                              gint64         wall_us);
void                vs_study_cell_set_failed (VsStudy       *self,
                                              VsStudyCell   *cell,
                                              const char    *reason,
                                              gint64         wall_us);
/* Forgets every result (the next run measures everything again). */
void                vs_study_clear_results   (VsStudy       *self);

/* The claims checked, one result each (in the order of the claims); the
 * intervals are at 1 − (1 − VS_STUDY_CLAIMS_CONFIDENCE) / claims. */
VsClaimResult      *vs_study_check_claims    (VsStudy       *self,
                                              double        *out_confidence);
void                vs_claim_results_free    (VsClaimResult *results,
                                              guint          n);
/* The outcome of one claim: pure, for the tests and the docs. */
VsClaimOutcome      vs_claim_judge           (double         ci_low,
                                              double         ci_high,
                                              double         low,
                                              double         high);
const char         *vs_claim_outcome_to_string (VsClaimOutcome outcome);
const char         *vs_cell_state_to_string  (VsCellState    state);
const char         *vs_sweep_kind_to_string  (VsSweepKind    kind);

/* Where each target stops scaling in a sweep (NAN: not within the levels):
 * connections, the fewest that reach 95 % of its best requests/s; rate,
 * the lowest offered rate it does not keep up with (achieves under 95 %
 * of it, or fails more than 1 % of requests). Levels from the first where
 * the load generator fell behind on are left out: they measure Versus. */
double              vs_study_sweep_saturation (VsStudy      *self,
                                               VsStudySweep *sweep,
                                               guint         target);

gboolean            vs_study_generator_behind (VsSession    *session,
                                               guint         target);

void                vs_study_claim_add_members (const VsStudyClaim *claim,
                                                JsonBuilder        *builder);
JsonNode           *vs_study_to_json         (VsStudy       *self);
VsStudy            *vs_study_new_from_data   (const char    *contents,
                                              gsize          len,
                                              const char    *name,
                                              GError       **error);
VsStudy            *vs_study_load            (GFile         *file,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* Atomic: the old file stays whole until the new one is complete. */
gboolean            vs_study_save            (VsStudy       *self,
                                              GFile         *file,
                                              GCancellable  *cancellable,
                                              GError       **error);
void                vs_study_save_async      (VsStudy             *self,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean            vs_study_save_finish     (VsStudy             *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void                vs_study_load_async      (GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
VsStudy            *vs_study_load_finish     (GAsyncResult        *result,
                                              GError             **error);
gboolean            vs_study_get_trusted     (VsStudy       *self);
void                vs_study_set_trusted     (VsStudy       *self,
                                              gboolean       trusted);

/* Reports and their words (vs-study-report.c) */
const char         *vs_claim_outcome_get_title (VsClaimOutcome outcome);   /* translated */
/* "+40.0 % to +70.0 %", "+44.9 %", "more than +0.0 %" */
char               *vs_study_claim_format_claimed (const VsStudyClaim *claim);
/* Each target's requests/s against the first, with interval and verdict,
 * from a cell's summary */
char               *vs_study_describe_verdict (VsSessionSummary *summary);
/* "100 connections", "2000 req/s offered over 64 connections" */
char               *vs_study_describe_load   (VsStudy       *self,
                                              VsStudyCell   *cell);
char               *vs_capacity_result_describe (const VsCapacityResult *result,
                                                 const char             *label);
char               *vs_study_report_markdown (VsStudy       *self);
char               *vs_study_report_csv      (VsStudy       *self);
char               *vs_study_report_json     (VsStudy       *self);

G_END_DECLS
