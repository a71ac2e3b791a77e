/* vs-study-runner.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vs-history.h"
#include "vs-runner.h"
#include "vs-runtime-monitor.h"
#include "vs-study.h"

G_BEGIN_DECLS

#define VS_TYPE_STUDY_RUNNER (vs_study_runner_get_type ())
G_DECLARE_FINAL_TYPE (VsStudyRunner, vs_study_runner, VS, STUDY_RUNNER, GObject)

/* Runs the cells of a study that have not finished (pending, or failed
 * before: the cause may be gone), one comparison after another, each with
 * a VsRunner. A cell that cannot run is marked failed with the reason and
 * the study goes on; a cancelled cell stays pending (its finished trials
 * are in the history) and the run ends.
 *
 * Signals, on the caller's context: "cell-started" (guint cell index,
 * VsRunner *: connect to its signals for the trials), "cell-finished"
 * (guint cell index: the cell is done or failed — save the study now, so
 * that a stop or a crash keeps it); then the capacity searches, one probe
 * at a time: "probe-started" (VsStudyProbe *, VsRunner *), "probe-finished"
 * (VsStudyProbe *: save now too). */
VsStudyRunner *vs_study_runner_new          (VsStudy          *study,
                                             GPtrArray        *templates);
VsStudy       *vs_study_runner_get_study    (VsStudyRunner    *self);
void           vs_study_runner_set_history  (VsStudyRunner    *self,
                                             VsHistory        *history);
void           vs_study_runner_set_runtime_monitor (VsStudyRunner    *self,
                                                    VsRuntimeMonitor *monitor);
void           vs_study_runner_run_async    (VsStudyRunner        *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* FALSE when cancelled; cells that failed are results, not errors. */
gboolean       vs_study_runner_run_finish   (VsStudyRunner        *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
