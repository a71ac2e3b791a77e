/* vs-runner.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vs-history.h"
#include "vs-load-result.h"
#include "vs-runtime-monitor.h"
#include "vs-sampler.h"
#include "vs-session.h"

G_BEGIN_DECLS

typedef enum
{
  VS_RUNNER_PHASE_PREPARING,   /* runtimes, leftovers */
  VS_RUNNER_PHASE_CHECKING,    /* every target answers the endpoint alike */
  VS_RUNNER_PHASE_STARTING,    /* launch → ready */
  VS_RUNNER_PHASE_WARMUP,
  VS_RUNNER_PHASE_MEASURING,
  VS_RUNNER_PHASE_STOPPING,
  VS_RUNNER_PHASE_COOLDOWN,
  VS_RUNNER_PHASE_DONE,
} VsRunnerPhase;

typedef struct
{
  VsRunnerPhase phase;
  guint         step;           /* position in the plan, 0-based */
  guint         n_steps;
  guint         target_index;
  guint         trial;
  double        elapsed_s;      /* since the run started */
  double        remaining_s;    /* estimate; NAN when unknown */
} VsRunnerProgress;

#define VS_TYPE_RUNNER_PROGRESS (vs_runner_progress_get_type ())
GType          vs_runner_progress_get_type (void) G_GNUC_CONST;

#define VS_TYPE_RUNNER (vs_runner_get_type ())
G_DECLARE_FINAL_TYPE (VsRunner, vs_runner, VS, RUNNER, GObject)

/* Runs a session's plan — the trials that have no result yet
 * (vs_session_plan_pending: all of them after vs_session_clear_results,
 * the new ones after vs_session_continue): for each, start the target, wait
 * until ready (startup time), warm up, measure with the engine while the
 * sampler watches the target, stop it, cool down. Targets never run at the
 * same time. A failed trial is recorded with its error and partial data
 * and the plan goes on. Results go into the session (and the history).
 *
 * Signals, on the caller's context: "progress" (VsRunnerProgress),
 * "snapshot" (guint target, VsLoadSnapshot), "point" (guint target,
 * VsRunPoint: the snapshot as the run's timeline keeps it, with the
 * target's CPU and memory; a phase's last partial interval is not
 * emitted), "sample" (guint target,
 * VsSample), "result" (VsRunResult), "message" (const char *: what is
 * happening, for a log); the boxed arguments are valid during the
 * emission (copy them to keep them). Properties: "session", "running"
 * and "phase" (a VsRunnerPhase), notified as they change. */
VsRunner      *vs_runner_new          (VsSession            *session);
VsSession     *vs_runner_get_session  (VsRunner             *self);
void           vs_runner_set_history  (VsRunner             *self,
                                       VsHistory            *history);
void           vs_runner_set_runtime_monitor (VsRunner         *self,
                                              VsRuntimeMonitor *monitor);
const char    *vs_runner_phase_to_string (VsRunnerPhase      phase);
/* The target running now, or NULL (for its log tail). */
VsInstance    *vs_runner_get_instance (VsRunner             *self);
gboolean       vs_runner_get_running  (VsRunner             *self);
VsRunnerPhase  vs_runner_get_phase    (VsRunner             *self);
void           vs_runner_run_async    (VsRunner             *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* FALSE when the comparison could not run at all (invalid session, a
 * runtime missing, targets answering differently) or was cancelled;
 * failed trials are results, not errors. */
gboolean       vs_runner_run_finish   (VsRunner             *self,
                                       GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
