/* vs-instance.c — one started target: its address, readiness probe, exit watch, usage and logs
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <libsoup/soup.h>
#include <glib/gi18n-lib.h>

#include "vs-runtime-private.h"
#include "vs-util.h"

#define PROBE_RETRY_MS      20
#define PROBE_TIMEOUT_S     2
#define LOG_LINES_IN_ERRORS 10

/* ---------------------------------------------------------------------- */
/* VsInstance                                                              */

G_DEFINE_FINAL_TYPE (VsInstance, vs_instance, G_TYPE_OBJECT)

static void
vs_instance_dispose (GObject *object)
{
  VsInstance *self = VS_INSTANCE (object);

  g_cancellable_cancel (self->probe_cancellable);
  g_cancellable_cancel (self->watch_cancellable);

  G_OBJECT_CLASS (vs_instance_parent_class)->dispose (object);
}

static void
vs_instance_finalize (GObject *object)
{
  VsInstance *self = VS_INSTANCE (object);

  g_clear_object (&self->runtime);
  g_clear_pointer (&self->target, vs_target_unref);
  g_free (self->id);
  g_free (self->name);
  g_free (self->image_id);
  g_free (self->url);
  g_free (self->health_path);
  g_free (self->about_path);
  g_free (self->cgroup_path);
  g_free (self->log_path);
  g_free (self->pid_file);
  g_clear_object (&self->watch);
  g_clear_object (&self->watch_cancellable);
  g_free (self->exit_reason);
  g_clear_error (&self->probe_error);
  g_clear_object (&self->probe_cancellable);
  g_clear_pointer (&self->probe_waiters, g_ptr_array_unref);
  g_free (self->probe_last_failure);

  G_OBJECT_CLASS (vs_instance_parent_class)->finalize (object);
}

static void
vs_instance_class_init (VsInstanceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_instance_dispose;
  object_class->finalize = vs_instance_finalize;
}

static void
vs_instance_init (VsInstance *self)
{
  self->startup_us = -1;
  self->probe_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->probe_cancellable = g_cancellable_new ();
  self->watch_cancellable = g_cancellable_new ();
}

VsInstance *
vs_instance_new (VsRuntime  *runtime,
                 VsTarget   *target,
                 const char *health_path)
{
  VsInstance *self = g_object_new (VS_TYPE_INSTANCE, NULL);

  self->runtime = g_object_ref (runtime);
  self->target = vs_target_ref (target);
  self->health_path = g_strdup (health_path ? health_path : "/");
  vs_instance_set_host_port (self, target->host_port);
  return self;
}

void
vs_instance_set_host_port (VsInstance *self,
                           guint       port)
{
  self->host_port = port;
  g_free (self->url);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", port);
}

VsRuntime *
vs_instance_get_runtime (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->runtime;
}

VsTarget *
vs_instance_get_target (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->target;
}

const char *
vs_instance_get_id (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->id;
}

const char *
vs_instance_get_name (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->name;
}

const char *
vs_instance_get_image_id (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->image_id;
}

guint
vs_instance_get_host_port (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), 0);
  return self->host_port;
}

const char *
vs_instance_get_url (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->url;
}

/* The path that answers what is running (a template's GET /about), or
 * NULL when the target has none. */
const char *
vs_instance_get_about_path (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->about_path;
}

/* Launch to first 2xx, or -1 while not ready. */
gint64
vs_instance_get_startup_us (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), -1);
  return self->startup_us;
}

gboolean
vs_instance_has_exited (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), FALSE);
  return self->exited;
}

/* "exited with status 1", or NULL while it runs */
const char *
vs_instance_get_exit_reason (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->exit_reason;
}

/* readiness ------------------------------------------------------------- */

static void probe_attempt (VsInstance *self);

static void
probe_complete (VsInstance *self,
                GError     *error)
{
  g_autoptr(GPtrArray) waiters = NULL;

  if (self->probe_state != VS_PROBE_RUNNING)
    {
      g_clear_error (&error);
      return;
    }

  self->probe_state = error ? VS_PROBE_FAILED : VS_PROBE_READY;
  self->probe_error = error;
  g_cancellable_cancel (self->probe_cancellable);

  waiters = g_steal_pointer (&self->probe_waiters);
  self->probe_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

typedef struct
{
  VsInstance *self;
  char       *message;
} ExitFailData;

static void
exit_fail_logs_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ExitFailData *data = user_data;
  g_autofree char *logs = vs_instance_logs_finish (VS_INSTANCE (object), result, NULL);
  g_autofree char *tail = vs_last_lines (logs, LOG_LINES_IN_ERRORS);

  probe_complete (data->self,
                  tail[0]
                  /* Translators: an error about a target, then the last lines it logged */
                  ? g_error_new (VS_ERROR, VS_ERROR_FAILED, _("%s; its last log lines:\n%s"),
                                 data->message, tail)
                  : g_error_new (VS_ERROR, VS_ERROR_FAILED, _("%s (it logged nothing)"),
                                 data->message));
  g_object_unref (data->self);
  g_free (data->message);
  g_free (data);
}

/* Fails the probe with @message and the target's last log lines. */
static void
probe_fail_with_logs (VsInstance *self,
                      char       *message)
{
  ExitFailData *data = g_new0 (ExitFailData, 1);

  data->self = g_object_ref (self);
  data->message = message;
  vs_instance_logs_async (self, LOG_LINES_IN_ERRORS, NULL, exit_fail_logs_cb, data);
}

void
vs_instance_mark_exited (VsInstance *self,
                         const char *reason)
{
  if (self->exited)
    return;

  self->exited = TRUE;
  g_free (self->exit_reason);
  self->exit_reason = g_strdup (reason);

  if (self->probe_state == VS_PROBE_RUNNING && !self->stopping)
    probe_fail_with_logs (self, g_strdup_printf (_("%s exited before it was ready (%s)"),
                                                 self->target->label ? self->target->label
                                                                     : self->name,
                                                 reason ? reason : _("no reason given")));
}

static void
watch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VsInstance) self = user_data;
  g_autoptr(GError) error = NULL;
  GSubprocess *watch = G_SUBPROCESS (object);
  g_autofree char *reason = NULL;

  if (!g_subprocess_wait_finish (watch, result, &error))
    return;  /* cancelled: the instance is going away */

  if (g_object_get_data (object, "vs-watch-is-target"))
    {
      if (g_subprocess_get_if_exited (watch))
        reason = g_strdup_printf (_("exited with status %d"), g_subprocess_get_exit_status (watch));
      else
        reason = g_strdup_printf (_("killed by signal %d"), g_subprocess_get_term_sig (watch));
    }
  else
    {
      /* `podman wait`/`docker wait` print the container's exit code */
      GInputStream *stdout_pipe = g_subprocess_get_stdout_pipe (watch);
      char buffer[64] = "";
      gssize n = stdout_pipe ? g_input_stream_read (stdout_pipe, buffer, sizeof buffer - 1, NULL, NULL)
                             : -1;

      if (n > 0)
        {
          buffer[n] = '\0';
          g_strstrip (buffer);
          reason = g_strdup_printf (_("exited with status %s"), buffer);
        }
      else
        reason = g_strdup (_("the container stopped"));
    }

  vs_instance_mark_exited (self, reason);
}

/* @watch ends when the target does: the server itself (local processes) or
 * `podman wait ID`. */
void
vs_instance_watch_exit (VsInstance  *self,
                        GSubprocess *watch,
                        gboolean     watch_is_target)
{
  g_set_object (&self->watch, watch);
  if (watch_is_target)
    g_object_set_data (G_OBJECT (watch), "vs-watch-is-target", GINT_TO_POINTER (1));
  g_subprocess_wait_async (watch, self->watch_cancellable, watch_cb, g_object_ref (self));
}

static gboolean
probe_retry_cb (gpointer user_data)
{
  probe_attempt (VS_INSTANCE (user_data));
  return G_SOURCE_REMOVE;
}

static void
probe_response_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VsInstance) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (self->probe_state != VS_PROBE_RUNNING)
    return;

  message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  status = message ? soup_message_get_status (message) : 0;

  if (body != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      self->startup_us = g_get_monotonic_time () - self->launched_us;
      probe_complete (self, NULL);
      return;
    }

  g_free (self->probe_last_failure);
  if (body != NULL)
    self->probe_last_failure = g_strdup_printf ("HTTP %u %s", status,
                                                soup_message_get_reason_phrase (message));
  else
    self->probe_last_failure = g_strdup (error->message);

  if (!self->exited)
    {
      GSource *source = g_timeout_source_new (PROBE_RETRY_MS);

      g_source_set_callback (source, probe_retry_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[versus] readiness retry");
      g_source_attach (source, g_main_context_get_thread_default ());
      g_source_unref (source);
    }
}

static void
probe_attempt (VsInstance *self)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *uri = NULL;

  if (self->probe_state != VS_PROBE_RUNNING || self->exited)
    return;

  self->probe_attempts++;
  uri = g_strconcat (self->url, self->health_path, NULL);
  message = soup_message_new ("GET", uri);
  if (message == NULL)
    {
      probe_complete (self, g_error_new (VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                                         _("cannot probe “%s”: not a valid URL"), uri));
      return;
    }

  /* a fresh session each time: nothing cached between attempts */
  session = soup_session_new_with_options ("timeout", PROBE_TIMEOUT_S,
                                           "proxy-resolver", NULL,
                                           "max-conns", 1,
                                           NULL);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT,
                                    self->probe_cancellable, probe_response_cb,
                                    g_object_ref (self));
}

/* Called by the runtime right after the launch. */
void
vs_instance_begin_probe (VsInstance *self)
{
  self->probe_state = VS_PROBE_RUNNING;
  probe_attempt (self);
}

typedef struct
{
  VsInstance *self;
  GTask      *task;            /* not a reference: the task owns this */
  GSource    *timeout;
  GSource    *cancelled;       /* the caller's cancellable, as a source */
  gint64      timeout_us;
} WaitData;

static void
wait_data_free (WaitData *data)
{
  if (data->timeout)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  if (data->cancelled)
    {
      g_source_destroy (data->cancelled);
      g_source_unref (data->cancelled);
    }
  g_free (data);
}

/* The caller gave up waiting (Ctrl-C, Stop): this waiter ends at once with
 * G_IO_ERROR_CANCELLED. The probe itself goes on for any other waiter
 * until the instance is stopped. */
static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  WaitData *data = user_data;
  VsInstance *self = data->self;
  g_autoptr(GTask) task = g_object_ref (data->task);

  g_clear_pointer (&data->cancelled, g_source_unref);
  if (g_ptr_array_remove (self->probe_waiters, task))
    g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  WaitData *data = user_data;
  VsInstance *self = data->self;
  g_autofree char *secs = vs_format_duration (data->timeout_us);

  g_clear_pointer (&data->timeout, g_source_unref);
  if (self->probe_state == VS_PROBE_RUNNING)
    {
      /* stop probing now; the logs say why it never answered */
      g_cancellable_cancel (self->probe_cancellable);
      probe_fail_with_logs (self,
                            g_strdup_printf (_("%s was not ready after %s: GET %s last gave: %s"),
                                             self->target->label ? self->target->label : self->name,
                                             secs, self->health_path,
                                             self->probe_last_failure ? self->probe_last_failure
                                                                      : _("no answer")));
    }
  return G_SOURCE_REMOVE;
}

/* Resolves with TRUE once the target answered its health path with a 2xx. */
void
vs_instance_wait_ready_async (VsInstance          *self,
                              gint64               timeout_us,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WaitData *data;

  g_return_if_fail (VS_IS_INSTANCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_instance_wait_ready_async);

  if (self->probe_state == VS_PROBE_READY)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->probe_state == VS_PROBE_FAILED)
    {
      g_task_return_error (task, g_error_copy (self->probe_error));
      return;
    }

  g_task_set_check_cancellable (task, TRUE);
  data = g_new0 (WaitData, 1);
  data->self = self;
  data->task = task;
  data->timeout_us = timeout_us > 0 ? timeout_us : self->target->ready_timeout_us;
  data->timeout = g_timeout_source_new (MAX (1, data->timeout_us / 1000));
  g_source_set_callback (data->timeout, wait_timeout_cb, data, NULL);
  g_source_set_static_name (data->timeout, "[versus] readiness timeout");
  g_source_attach (data->timeout, g_main_context_get_thread_default ());
  g_task_set_task_data (task, data, (GDestroyNotify) wait_data_free);

  if (cancellable != NULL)
    {
      data->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancelled, G_SOURCE_FUNC (wait_cancelled_cb), data, NULL);
      g_source_set_static_name (data->cancelled, "[versus] readiness wait cancelled");
      g_source_attach (data->cancelled, g_main_context_get_thread_default ());
    }

  g_ptr_array_add (self->probe_waiters, g_steal_pointer (&task));
}

gboolean
vs_instance_wait_ready_finish (VsInstance    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* stop, usage, logs: the runtime's ------------------------------------- */

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsInstance *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!VS_RUNTIME_GET_CLASS (object)->stop_finish (VS_RUNTIME (object), result, &error))
    {
      self->stopping = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->stopped = TRUE;
  g_task_return_boolean (task, TRUE);
}

/* Stops and removes the target. Stopping twice is not an error. Pass no
 * cancellable when cleaning up: a cancelled stop leaves the target. */
void
vs_instance_stop_async (VsInstance          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VS_IS_INSTANCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_instance_stop_async);

  if (self->stopped)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->stopping = TRUE;
  /* a probe still running has no one to report to */
  probe_complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("stopped before it was ready")));
  VS_RUNTIME_GET_CLASS (self->runtime)->stop_async (self->runtime, self, cancellable,
                                                    stop_cb, g_steal_pointer (&task));
}

gboolean
vs_instance_stop_finish (VsInstance    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
read_usage_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  VsUsage *usage = g_new0 (VsUsage, 1);

  if (!VS_RUNTIME_GET_CLASS (object)->read_usage_finish (VS_RUNTIME (object), result, usage, &error))
    {
      g_free (usage);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, usage, g_free);
}

void
vs_instance_read_usage_async (VsInstance          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_INSTANCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_instance_read_usage_async);
  VS_RUNTIME_GET_CLASS (self->runtime)->read_usage_async (self->runtime, self, cancellable,
                                                          read_usage_cb, task);
}

gboolean
vs_task_propagate_usage (GTask    *task,
                         VsUsage  *usage,
                         GError  **error)
{
  g_autofree VsUsage *read = g_task_propagate_pointer (task, error);

  if (read == NULL)
    return FALSE;
  *usage = *read;
  return TRUE;
}

gboolean
vs_instance_read_usage_finish (VsInstance    *self,
                               GAsyncResult  *result,
                               VsUsage       *usage,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return vs_task_propagate_usage (G_TASK (result), usage, error);
}

static void
logs_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *logs;

  logs = VS_RUNTIME_GET_CLASS (object)->logs_finish (VS_RUNTIME (object), result, &error);
  if (logs == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, logs, g_free);
}

/* The last @n_lines lines the server printed (stdout and stderr). */
void
vs_instance_logs_async (VsInstance          *self,
                        guint                n_lines,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_INSTANCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_instance_logs_async);
  VS_RUNTIME_GET_CLASS (self->runtime)->logs_async (self->runtime, self, n_lines, cancellable,
                                                    logs_cb, task);
}

char *
vs_instance_logs_finish (VsInstance    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sampler_read_async (gpointer             source,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  vs_instance_read_usage_async (source, cancellable, callback, user_data);
}

static gboolean
sampler_read_finish (gpointer       source,
                     GAsyncResult  *result,
                     VsUsage       *usage,
                     GError       **error)
{
  return vs_instance_read_usage_finish (source, result, usage, error);
}

VsSampler *
vs_instance_new_sampler (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return vs_sampler_new (self, sampler_read_async, sampler_read_finish);
}
