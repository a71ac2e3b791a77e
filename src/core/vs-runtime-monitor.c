/* vs-runtime-monitor.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-runtime-monitor.h"
#include "vs-util.h"

struct _VsRuntimeMonitor
{
  GObject       parent_instance;

  GCancellable *cancellable;
  VsRuntime    *runtimes[VS_N_RUNTIME_KINDS];   /* [AUTO] is NULL */
  GPtrArray    *images[VS_N_RUNTIME_KINDS];     /* (element-type VsImage) NULL: not listed */
  guint         generation;                     /* 0: never probed */
  guint         pending;
  GList        *waiters;                        /* (element-type GTask) */
};

G_DEFINE_FINAL_TYPE (VsRuntimeMonitor, vs_runtime_monitor, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* the engines "auto" prefers, in order; local processes come after */
static const VsRuntimeKind engines[] = { VS_RUNTIME_KIND_PODMAN, VS_RUNTIME_KIND_DOCKER };

typedef struct
{
  VsRuntimeMonitor *self;
  guint             generation;
} Answer;

static Answer *
answer_new (VsRuntimeMonitor *self)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->self = g_object_ref (self);
  answer->generation = self->generation;
  return answer;
}

static void
answer_free (Answer *answer)
{
  g_object_unref (answer->self);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static void
wake_waiters (VsRuntimeMonitor *self)
{
  GList *waiters = g_steal_pointer (&self->waiters);

  for (GList *l = waiters; l != NULL; l = l->next)
    {
      GTask *task = l->data;
      GCancellable *cancellable = g_task_get_cancellable (task);
      gulong handler = GPOINTER_TO_SIZE (g_task_get_task_data (task));

      if (cancellable != NULL && handler != 0)
        g_cancellable_disconnect (cancellable, handler);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
  g_list_free (waiters);
}

/* one answer in: tells the listeners, and the waiters when it was the last */
static void
answered (VsRuntimeMonitor *self)
{
  g_assert (self->pending > 0);
  self->pending--;
  g_signal_emit (self, signals[CHANGED], 0);
  if (self->pending == 0)
    wake_waiters (self);
}

static void
images_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Answer) answer = user_data;
  VsRuntimeMonitor *self = answer->self;
  VsRuntimeKind kind = vs_runtime_get_kind (VS_RUNTIME (object));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = vs_runtime_list_images_finish (VS_RUNTIME (object), result, &error);

  if (answer->generation != self->generation ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* an engine that cannot list its images has none "auto" could count on */
  if (images == NULL)
    images = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_image_free);
  g_clear_pointer (&self->images[kind], g_ptr_array_unref);
  self->images[kind] = g_steal_pointer (&images);
  answered (self);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Answer) answer = user_data;
  VsRuntimeMonitor *self = answer->self;
  VsRuntime *runtime = VS_RUNTIME (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRuntimeInfo) info = vs_runtime_probe_finish (runtime, result, &error);

  if (answer->generation != self->generation || info == NULL)
    return;   /* refreshed meanwhile, or cancelled (the only error) */

  if (info->status == VS_RUNTIME_STATUS_AVAILABLE &&
      vs_runtime_get_kind (runtime) != VS_RUNTIME_KIND_PROCESS)
    {
      self->pending++;
      vs_runtime_list_images_async (runtime, self->cancellable, images_cb,
                                    answer_new (self));
    }
  answered (self);
}

void
vs_runtime_monitor_refresh (VsRuntimeMonitor *self)
{
  g_return_if_fail (VS_IS_RUNTIME_MONITOR (self));

  self->generation++;
  self->pending = 0;
  for (guint kind = VS_RUNTIME_KIND_PODMAN; kind < VS_N_RUNTIME_KINDS; kind++)
    {
      g_clear_pointer (&self->images[kind], g_ptr_array_unref);
      /* a new object: its info is NULL until this probe answers */
      g_clear_object (&self->runtimes[kind]);
      self->runtimes[kind] = vs_runtime_new (kind);
      self->pending++;
    }
  for (guint kind = VS_RUNTIME_KIND_PODMAN; kind < VS_N_RUNTIME_KINDS; kind++)
    vs_runtime_probe_async (self->runtimes[kind], self->cancellable, probe_cb, answer_new (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
vs_runtime_monitor_get_pending (VsRuntimeMonitor *self)
{
  g_return_val_if_fail (VS_IS_RUNTIME_MONITOR (self), FALSE);
  return self->generation == 0 || self->pending > 0;
}

VsRuntime *
vs_runtime_monitor_get_runtime (VsRuntimeMonitor *self,
                                VsRuntimeKind     kind)
{
  g_return_val_if_fail (VS_IS_RUNTIME_MONITOR (self), NULL);
  g_return_val_if_fail (kind != VS_RUNTIME_KIND_AUTO && kind < VS_N_RUNTIME_KINDS, NULL);
  return self->runtimes[kind];
}

static gboolean
image_matches (const VsImage *image,
               const char    *reference)
{
  g_autofree char *full = NULL;

  if (image->repository == NULL)
    return FALSE;
  if (g_strcmp0 (image->tag, "latest") == 0 && g_str_equal (image->repository, reference))
    return TRUE;
  full = g_strdup_printf ("%s:%s", image->repository, image->tag ? image->tag : "latest");
  return g_str_equal (full, reference);
}

gboolean
vs_runtime_monitor_has_image (VsRuntimeMonitor *self,
                              VsRuntimeKind     kind,
                              const char       *reference)
{
  g_return_val_if_fail (VS_IS_RUNTIME_MONITOR (self), FALSE);
  g_return_val_if_fail (kind < VS_N_RUNTIME_KINDS, FALSE);
  g_return_val_if_fail (reference != NULL, FALSE);

  for (guint i = 0; self->images[kind] != NULL && i < self->images[kind]->len; i++)
    if (image_matches (g_ptr_array_index (self->images[kind], i), reference))
      return TRUE;
  return FALSE;
}

static const VsRuntimeInfo *
info_of (VsRuntimeMonitor *self,
         VsRuntimeKind     kind)
{
  return self->runtimes[kind] ? vs_runtime_get_info (self->runtimes[kind]) : NULL;
}

static gboolean
works (VsRuntimeMonitor *self,
       VsRuntimeKind     kind)
{
  const VsRuntimeInfo *info = info_of (self, kind);

  return info != NULL && info->status == VS_RUNTIME_STATUS_AVAILABLE;
}

/* Whether the engine @kind has every image the AUTO targets of @targets run;
 * the template images not built there go to @missing. */
static gboolean
has_images_for (VsRuntimeMonitor *self,
                VsRuntimeKind     kind,
                GPtrArray        *targets,
                GString          *missing)
{
  gboolean all = TRUE;

  for (guint i = 0; targets != NULL && i < targets->len; i++)
    {
      VsTarget *target = g_ptr_array_index (targets, i);
      g_autofree char *reference = NULL;

      if (target->runtime != VS_RUNTIME_KIND_AUTO || target->template_name == NULL)
        continue;
      reference = vs_target_template_image (target->template_name);
      if (!vs_runtime_monitor_has_image (self, kind, reference))
        {
          all = FALSE;
          if (missing != NULL && strstr (missing->str, reference) == NULL)
            g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", reference);
        }
    }
  return all;
}

static gboolean
all_templates (GPtrArray *targets)
{
  for (guint i = 0; targets != NULL && i < targets->len; i++)
    {
      VsTarget *target = g_ptr_array_index (targets, i);

      if (target->runtime == VS_RUNTIME_KIND_AUTO && target->template_name == NULL)
        return FALSE;
    }
  return TRUE;
}

static VsRuntime *
resolve_auto (VsRuntimeMonitor  *self,
              GPtrArray         *targets,
              gboolean          *out_pending,
              char             **out_why,
              GError           **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  VsRuntimeKind first_working = VS_RUNTIME_KIND_AUTO;

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      VsRuntimeKind kind = engines[i];
      const VsRuntimeInfo *info = info_of (self, kind);

      if (info == NULL || (works (self, kind) && self->images[kind] == NULL))
        {
          /* an earlier choice is still open: decide nothing yet */
          *out_pending = TRUE;
          return NULL;
        }
      if (!works (self, kind))
        continue;
      if (first_working == VS_RUNTIME_KIND_AUTO)
        first_working = kind;
      if (has_images_for (self, kind, targets, missing))
        {
          if (out_why != NULL)
            *out_why = g_strdup (all_templates (targets) && targets != NULL && targets->len > 0
                                 ? _("its template images are built")
                                 : _("the first container engine that works"));
          return self->runtimes[kind];
        }
    }

  if (all_templates (targets))
    {
      if (info_of (self, VS_RUNTIME_KIND_PROCESS) == NULL)
        {
          *out_pending = TRUE;
          return NULL;
        }
      if (works (self, VS_RUNTIME_KIND_PROCESS))
        {
          if (out_why != NULL)
            *out_why = first_working == VS_RUNTIME_KIND_AUTO
                       ? g_strdup (_("no container engine works here"))
                       /* Translators: %s lists images, e.g. "localhost/versus/express:latest" */
                       : g_strdup_printf (_("%s is not built for a container engine"), missing->str);
          return self->runtimes[VS_RUNTIME_KIND_PROCESS];
        }
    }

  if (first_working != VS_RUNTIME_KIND_AUTO)
    {
      if (out_why != NULL)
        *out_why = g_strdup (_("the first container engine that works"));
      return self->runtimes[first_working];
    }

  g_set_error (error, VS_ERROR, VS_ERROR_CONNECT,
               all_templates (targets)
               ? _("no runtime works here: Podman, Docker and local processes are all unavailable")
               : _("no container engine works here to run an image: Podman and Docker are both unavailable"));
  return NULL;
}

VsRuntime *
vs_runtime_monitor_resolve (VsRuntimeMonitor  *self,
                            VsRuntimeKind      kind,
                            GPtrArray         *targets,
                            gboolean          *out_pending,
                            char             **out_why,
                            GError           **error)
{
  gboolean pending = FALSE;
  VsRuntime *runtime = NULL;
  const VsRuntimeInfo *info;

  g_return_val_if_fail (VS_IS_RUNTIME_MONITOR (self), NULL);
  g_return_val_if_fail (kind < VS_N_RUNTIME_KINDS, NULL);

  if (out_why != NULL)
    *out_why = NULL;

  if (self->generation == 0)
    pending = TRUE;
  else if (kind == VS_RUNTIME_KIND_AUTO)
    runtime = resolve_auto (self, targets, &pending, out_why, error);
  else if ((info = info_of (self, kind)) == NULL)
    pending = TRUE;
  else if (info->status != VS_RUNTIME_STATUS_AVAILABLE)
    g_set_error (error, VS_ERROR, VS_ERROR_CONNECT, "%s",
                 info->reason ? info->reason : vs_runtime_status_to_string (info->status));
  else
    runtime = self->runtimes[kind];

  if (out_pending != NULL)
    *out_pending = pending;
  if (pending)
    g_set_error (error, VS_ERROR, VS_ERROR_FAILED, _("still checking the runtimes"));
  return runtime;
}

static void
wait_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  VsRuntimeMonitor *self = g_task_get_source_object (task);
  GList *link = g_list_find (self->waiters, task);

  /* runs inside g_cancellable_cancel(): no disconnect here (it would
   * deadlock); the handler is never called again */
  if (link == NULL)
    return;
  self->waiters = g_list_delete_link (self->waiters, link);
  g_task_set_task_data (task, NULL, NULL);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
}

void
vs_runtime_monitor_wait_async (VsRuntimeMonitor    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VS_IS_RUNTIME_MONITOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_runtime_monitor_wait_async);
  if (self->generation == 0)
    vs_runtime_monitor_refresh (self);
  if (self->pending == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  self->waiters = g_list_prepend (self->waiters, g_object_ref (task));
  if (cancellable != NULL)
    g_task_set_task_data (task,
                          GSIZE_TO_POINTER (g_cancellable_connect (cancellable,
                                                                   G_CALLBACK (wait_cancelled_cb),
                                                                   task, NULL)),
                          NULL);
}

gboolean
vs_runtime_monitor_wait_finish (VsRuntimeMonitor  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vs_runtime_monitor_dispose (GObject *object)
{
  VsRuntimeMonitor *self = VS_RUNTIME_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (vs_runtime_monitor_parent_class)->dispose (object);
}

static void
vs_runtime_monitor_finalize (GObject *object)
{
  VsRuntimeMonitor *self = VS_RUNTIME_MONITOR (object);

  /* every waiter holds a reference through its task's source object */
  g_assert (self->waiters == NULL);
  for (guint i = 0; i < VS_N_RUNTIME_KINDS; i++)
    {
      g_clear_object (&self->runtimes[i]);
      g_clear_pointer (&self->images[i], g_ptr_array_unref);
    }
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vs_runtime_monitor_parent_class)->finalize (object);
}

static void
vs_runtime_monitor_class_init (VsRuntimeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_runtime_monitor_dispose;
  object_class->finalize = vs_runtime_monitor_finalize;

  /**
   * VsRuntimeMonitor::changed:
   *
   * A probe or an image listing answered, or a refresh began.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vs_runtime_monitor_init (VsRuntimeMonitor *self)
{
  self->cancellable = g_cancellable_new ();
}

VsRuntimeMonitor *
vs_runtime_monitor_new (void)
{
  return g_object_new (VS_TYPE_RUNTIME_MONITOR, NULL);
}

/* ---------------------------------------------------------------------- */
/* Choosing once                                                           */

typedef struct
{
  VsRuntimeMonitor *monitor;
  VsRuntimeKind     kind;
  GPtrArray        *targets;
} Choice;

static void
choice_free (Choice *choice)
{
  g_clear_object (&choice->monitor);
  g_clear_pointer (&choice->targets, g_ptr_array_unref);
  g_free (choice);
}

static void
choose_wait_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Choice *choice = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  VsRuntime *runtime;

  if (!vs_runtime_monitor_wait_finish (choice->monitor, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  runtime = vs_runtime_monitor_resolve (choice->monitor, choice->kind, choice->targets,
                                        NULL, NULL, &error);
  if (runtime == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (runtime), g_object_unref);
}

void
vs_runtime_choose_async (VsRuntimeMonitor    *monitor,
                         VsRuntimeKind        kind,
                         GPtrArray           *targets,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Choice *choice = g_new0 (Choice, 1);

  g_return_if_fail (monitor == NULL || VS_IS_RUNTIME_MONITOR (monitor));

  g_task_set_source_tag (task, vs_runtime_choose_async);
  choice->monitor = monitor ? g_object_ref (monitor) : vs_runtime_monitor_new ();
  choice->kind = kind;
  choice->targets = targets ? g_ptr_array_ref (targets) : NULL;
  g_task_set_task_data (task, choice, (GDestroyNotify) choice_free);
  vs_runtime_monitor_wait_async (choice->monitor, cancellable, choose_wait_cb, task);
}

VsRuntime *
vs_runtime_choose_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
