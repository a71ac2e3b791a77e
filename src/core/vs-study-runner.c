/* vs-study-runner.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-study-runner.h"

struct _VsStudyRunner
{
  GObject           parent_instance;

  VsStudy          *study;
  GPtrArray        *templates;
  VsHistory        *history;
  VsRuntimeMonitor *monitor;
  GTask            *task;      /* while running */
  VsRunner         *runner;    /* the cell running now */
  guint             next;      /* the next cell to look at */
  guint             cell;      /* the cell running now */
  VsStudyProbe     *probe;     /* the probe running now, or NULL */
  gint64            cell_started;
};

G_DEFINE_FINAL_TYPE (VsStudyRunner, vs_study_runner, G_TYPE_OBJECT)

enum {
  CELL_STARTED,
  CELL_FINISHED,
  PROBE_STARTED,
  PROBE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vs_study_runner_dispose (GObject *object)
{
  VsStudyRunner *self = VS_STUDY_RUNNER (object);

  g_clear_object (&self->study);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->history);
  g_clear_object (&self->monitor);
  g_clear_object (&self->runner);

  G_OBJECT_CLASS (vs_study_runner_parent_class)->dispose (object);
}

static void
vs_study_runner_class_init (VsStudyRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_study_runner_dispose;

  signals[CELL_STARTED] = g_signal_new ("cell-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                                        VS_TYPE_RUNNER);
  signals[CELL_FINISHED] = g_signal_new ("cell-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[PROBE_STARTED] = g_signal_new ("probe-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER,
                                         VS_TYPE_RUNNER);
  signals[PROBE_FINISHED] = g_signal_new ("probe-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
vs_study_runner_init (VsStudyRunner *self)
{
}

VsStudyRunner *
vs_study_runner_new (VsStudy   *study,
                     GPtrArray *templates)
{
  VsStudyRunner *self;

  g_return_val_if_fail (VS_IS_STUDY (study), NULL);
  g_return_val_if_fail (templates != NULL, NULL);

  self = g_object_new (VS_TYPE_STUDY_RUNNER, NULL);
  self->study = g_object_ref (study);
  self->templates = g_ptr_array_ref (templates);
  return self;
}

VsStudy *
vs_study_runner_get_study (VsStudyRunner *self)
{
  g_return_val_if_fail (VS_IS_STUDY_RUNNER (self), NULL);
  return self->study;
}

void
vs_study_runner_set_history (VsStudyRunner *self,
                             VsHistory     *history)
{
  g_return_if_fail (VS_IS_STUDY_RUNNER (self));
  g_set_object (&self->history, history);
}

void
vs_study_runner_set_runtime_monitor (VsStudyRunner    *self,
                                     VsRuntimeMonitor *monitor)
{
  g_return_if_fail (VS_IS_STUDY_RUNNER (self));
  g_set_object (&self->monitor, monitor);
}

static void run_next (VsStudyRunner *self);

static void
finish (VsStudyRunner *self,
        GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
cell_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VsStudyRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunner) runner = g_steal_pointer (&self->runner);
  VsStudyCell *cell = g_ptr_array_index (vs_study_get_cells (self->study), self->cell);
  gint64 wall = g_get_monotonic_time () - self->cell_started;

  if (!vs_runner_run_finish (runner, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
        {
          /* the cell or probe stays to run; what it measured is in the history */
          self->probe = NULL;
          g_clear_error (&error);
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("the study was stopped"));
          finish (self, g_steal_pointer (&error));
          return;
        }
      if (self->probe != NULL)
        vs_study_probe_set_failed (self->probe, error->message, wall);
      else
        vs_study_cell_set_failed (self->study, cell, error->message, wall);
    }
  else if (self->probe != NULL)
    vs_study_probe_set_done (self->probe, vs_runner_get_session (runner), wall);
  else
    vs_study_cell_set_done (self->study, cell, vs_runner_get_session (runner), wall);

  if (self->probe != NULL)
    g_signal_emit (self, signals[PROBE_FINISHED], 0, g_steal_pointer (&self->probe));
  else
    g_signal_emit (self, signals[CELL_FINISHED], 0, self->cell);
  run_next (self);
}

static void
start (VsStudyRunner *self,
       VsSession     *session)
{
  self->cell_started = g_get_monotonic_time ();
  self->runner = vs_runner_new (session);
  vs_runner_set_history (self->runner, self->history);
  if (self->monitor != NULL)
    vs_runner_set_runtime_monitor (self->runner, self->monitor);
}

/* The next probe of the first capacity search still going; FALSE when
 * every search has its answer. */
static gboolean
run_next_probe (VsStudyRunner *self)
{
  GPtrArray *capacities = vs_study_get_capacities (self->study);
  guint n_targets = vs_session_get_targets (vs_study_get_comparison (self->study))->len;

  for (guint i = 0; i < capacities->len; i++)
    for (guint t = 0; t < n_targets; t++)
      {
        VsStudyCapacity *capacity = g_ptr_array_index (capacities, i);
        g_autoptr(VsSession) session = NULL;
        g_autoptr(GError) error = NULL;
        VsCapacityResult result;
        VsStudyProbe *probe;

        vs_study_capacity_search (self->study, capacity, t, &result);
        if (result.state != VS_CAPACITY_SEARCHING)
          continue;
        probe = vs_study_add_probe (self->study, capacity, t, result.next_rate);
        session = vs_study_make_probe_session (self->study, capacity, t, result.next_rate,
                                               self->templates, &error);
        if (session == NULL)
          {
            vs_study_probe_set_failed (probe, error->message, 0);
            g_signal_emit (self, signals[PROBE_FINISHED], 0, probe);
            return run_next_probe (self);
          }
        self->probe = probe;
        start (self, session);
        g_signal_emit (self, signals[PROBE_STARTED], 0, probe, self->runner);
        vs_runner_run_async (self->runner, g_task_get_cancellable (self->task), cell_done_cb,
                             g_object_ref (self));
        return TRUE;
      }
  return FALSE;
}

static void
run_next (VsStudyRunner *self)
{
  GPtrArray *cells = vs_study_get_cells (self->study);
  GCancellable *cancellable = g_task_get_cancellable (self->task);

  while (self->next < cells->len)
    {
      guint index = self->next++;
      VsStudyCell *cell = g_ptr_array_index (cells, index);
      g_autoptr(VsSession) session = NULL;
      g_autoptr(GError) error = NULL;

      if (cell->state == VS_CELL_DONE)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          finish (self, g_steal_pointer (&error));
          return;
        }

      session = vs_study_make_cell_session (self->study, cell, self->templates, &error);
      if (session == NULL)
        {
          vs_study_cell_set_failed (self->study, cell, error->message, 0);
          g_signal_emit (self, signals[CELL_FINISHED], 0, index);
          continue;
        }

      self->cell = index;
      start (self, session);
      g_signal_emit (self, signals[CELL_STARTED], 0, index, self->runner);
      vs_runner_run_async (self->runner, cancellable, cell_done_cb, g_object_ref (self));
      return;
    }

  {
    g_autoptr(GError) error = NULL;

    if (g_cancellable_set_error_if_cancelled (cancellable, &error))
      {
        finish (self, g_steal_pointer (&error));
        return;
      }
  }
  if (!run_next_probe (self))
    finish (self, NULL);
}

void
vs_study_runner_run_async (VsStudyRunner       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VS_IS_STUDY_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_study_runner_run_async);
  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("a study is already running"));
      return;
    }
  self->task = g_steal_pointer (&task);
  self->next = 0;
  /* what could not run before is tried again, as failed cells are */
  {
    GPtrArray *probes = vs_study_get_probes (self->study);

    for (guint i = probes->len; i > 0; i--)
      if (((VsStudyProbe *) g_ptr_array_index (probes, i - 1))->state != VS_CELL_DONE)
        g_ptr_array_remove_index (probes, i - 1);
  }
  run_next (self);
}

gboolean
vs_study_runner_run_finish (VsStudyRunner  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
