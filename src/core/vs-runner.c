/* vs-runner.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>
#include <glib/gi18n-lib.h>

#include "vs-load-engine.h"
#include "vs-enums.h"
#include "vs-parity.h"
#include "vs-runner.h"
#include "vs-json-util.h"
#include "vs-runtime.h"
#include "vs-util.h"

#define SAMPLE_INTERVAL_US (500 * 1000)
#define CHECK_TIMEOUT_S    10

struct _VsRunner
{
  GObject        parent_instance;

  VsSession     *session;
  VsHistory     *history;
  VsRuntimeMonitor *monitor;     /* (nullable) the caller's: "auto" as it shows it */

  /* one run */
  GTask         *task;
  GCancellable  *cancellable;
  gulong         cancel_id;
  GArray        *plan;           /* (element-type VsPlanStep): the trials to run */
  guint          sequence_base;  /* results the session held before: a continuation's first sequence */
  GPtrArray     *runtimes;       /* per target (element-type VsRuntime) */
  GHashTable    *by_kind;        /* VsRuntimeKind → VsRuntime, probed */
  guint          step;
  guint          check_target;
  GPtrArray     *check_answers;  /* (element-type utf8) "200 text/plain" per target */
  GPtrArray     *check_bodies;   /* (element-type GBytes) (nullable elements) per target */
  gint64         started_us;
  gint64         step_started_us;
  double         step_seconds_sum;
  guint          steps_done;
  VsRunnerPhase  phase;

  /* history rows are written off the main thread; the run ends after them */
  guint          pending_appends;
  GTask         *finished_task;
  GError        *finished_error;

  /* the current trial */
  VsTarget      *target;
  VsRuntime     *runtime;
  VsInstance    *instance;
  VsLoadEngine  *engine;
  VsSampler     *sampler;
  VsRunResult   *result;
  VsSample       last_sample;
  gboolean       have_sample;
  gboolean       crashed;
  guint          cooldown_id;
};

G_DEFINE_FINAL_TYPE (VsRunner, vs_runner, G_TYPE_OBJECT)

static VsRunnerProgress *
vs_runner_progress_copy (const VsRunnerProgress *progress)
{
  return g_memdup2 (progress, sizeof *progress);
}

G_DEFINE_BOXED_TYPE (VsRunnerProgress, vs_runner_progress, vs_runner_progress_copy, g_free)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_RUNNING,
  PROP_PHASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROGRESS,
  SNAPSHOT,
  POINT,
  SAMPLE,
  RESULT,
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void next_step        (VsRunner *self);
static void check_next       (VsRunner *self);
static void trial_stop       (VsRunner *self);

static void
clear_trial (VsRunner *self)
{
  if (self->sampler)
    vs_sampler_stop (self->sampler);
  g_clear_object (&self->sampler);
  if (self->engine)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->instance);
  g_clear_pointer (&self->result, vs_run_result_unref);
  g_clear_pointer (&self->target, vs_target_unref);
  self->runtime = NULL;
  self->have_sample = FALSE;
  self->crashed = FALSE;
}

static void
clear_run (VsRunner *self)
{
  clear_trial (self);
  g_clear_handle_id (&self->cooldown_id, g_source_remove);
  if (self->cancel_id)
    g_cancellable_disconnect (self->cancellable, self->cancel_id);
  self->cancel_id = 0;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->plan, g_array_unref);
  g_clear_pointer (&self->runtimes, g_ptr_array_unref);
  g_clear_pointer (&self->by_kind, g_hash_table_unref);
  g_clear_pointer (&self->check_answers, g_ptr_array_unref);
  g_clear_pointer (&self->check_bodies, g_ptr_array_unref);
}

static void
vs_runner_dispose (GObject *object)
{
  VsRunner *self = VS_RUNNER (object);

  clear_run (self);
  g_clear_object (&self->task);
  g_clear_object (&self->finished_task);
  g_clear_error (&self->finished_error);

  G_OBJECT_CLASS (vs_runner_parent_class)->dispose (object);
}

static void
vs_runner_finalize (GObject *object)
{
  VsRunner *self = VS_RUNNER (object);

  g_clear_object (&self->session);
  g_clear_object (&self->history);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (vs_runner_parent_class)->finalize (object);
}

static void
vs_runner_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VsRunner *self = VS_RUNNER (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_RUNNING: g_value_set_boolean (value, vs_runner_get_running (self)); break;
    case PROP_PHASE: g_value_set_enum (value, self->phase); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_runner_class_init (VsRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_runner_dispose;
  object_class->finalize = vs_runner_finalize;
  object_class->get_property = vs_runner_get_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, VS_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* from vs_runner_run_async() until the run's end is known */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, VS_TYPE_RUNNER_PHASE, VS_RUNNER_PHASE_PREPARING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the boxed arguments live on the emitter's stack: not copied */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                    VS_TYPE_RUNNER_PROGRESS | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SNAPSHOT] = g_signal_new ("snapshot", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                                    VS_TYPE_LOAD_SNAPSHOT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* a snapshot as a point of the run's timeline and charts */
  signals[POINT] = g_signal_new ("point", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                                 VS_TYPE_RUN_POINT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SAMPLE] = g_signal_new ("sample", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                                  VS_TYPE_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[RESULT] = g_signal_new ("result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, VS_TYPE_RUN_RESULT);
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vs_runner_init (VsRunner *self)
{
}

VsRunner *
vs_runner_new (VsSession *session)
{
  VsRunner *self = g_object_new (VS_TYPE_RUNNER, NULL);

  self->session = g_object_ref (session);
  return self;
}

VsSession *
vs_runner_get_session (VsRunner *self)
{
  g_return_val_if_fail (VS_IS_RUNNER (self), NULL);
  return self->session;
}

void
vs_runner_set_history (VsRunner  *self,
                       VsHistory *history)
{
  g_return_if_fail (VS_IS_RUNNER (self));
  g_set_object (&self->history, history);
}

/* "Auto" is resolved with @monitor's answers, so that a run uses what a
 * window showed; without one the runner probes for itself. */
void
vs_runner_set_runtime_monitor (VsRunner         *self,
                               VsRuntimeMonitor *monitor)
{
  g_return_if_fail (VS_IS_RUNNER (self));
  g_return_if_fail (monitor == NULL || VS_IS_RUNTIME_MONITOR (monitor));
  g_set_object (&self->monitor, monitor);
}

VsInstance *
vs_runner_get_instance (VsRunner *self)
{
  g_return_val_if_fail (VS_IS_RUNNER (self), NULL);
  return self->instance;
}

gboolean
vs_runner_get_running (VsRunner *self)
{
  g_return_val_if_fail (VS_IS_RUNNER (self), FALSE);
  return self->task != NULL;
}

VsRunnerPhase
vs_runner_get_phase (VsRunner *self)
{
  g_return_val_if_fail (VS_IS_RUNNER (self), VS_RUNNER_PHASE_PREPARING);
  return self->phase;
}

const char *
vs_runner_phase_to_string (VsRunnerPhase phase)
{
  /* untranslated; show g_dpgettext2 (GETTEXT_PACKAGE, "runner phase", name) */
  static const char * const names[] = {
    NC_("runner phase", "preparing"), NC_("runner phase", "checking"),
    NC_("runner phase", "starting"), NC_("runner phase", "warm-up"),
    NC_("runner phase", "measuring"), NC_("runner phase", "stopping"),
    NC_("runner phase", "cool-down"), NC_("runner phase", "done"),
  };

  g_return_val_if_fail (phase < G_N_ELEMENTS (names), NULL);
  return names[phase];
}

static void
message (VsRunner   *self,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
message (VsRunner   *self,
         const char *format,
         ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

static VsTarget *
target_at (VsRunner *self,
           guint     index)
{
  return g_ptr_array_index (vs_session_get_targets (self->session), index);
}

/* Expected length of one step, from those done or from the plan. */
static double
step_estimate_s (VsRunner *self)
{
  VsLoadProfile *profile = vs_session_get_profile (self->session);
  GPtrArray *targets = vs_session_get_targets (self->session);
  gint64 overhead = 0;

  if (self->steps_done > 0)
    return self->step_seconds_sum / self->steps_done;
  /* the runtimes the targets resolved to, once the run has begun */
  for (guint i = 0; i < targets->len; i++)
    overhead += vs_session_step_overhead_us (self->runtimes && i < self->runtimes->len
                                             ? vs_runtime_get_kind (g_ptr_array_index (self->runtimes, i))
                                             : target_at (self, i)->runtime) / targets->len;
  return (profile->warmup_us + profile->duration_us + vs_session_get_cooldown_us (self->session)
          + overhead) / (double) G_USEC_PER_SEC;
}

static void
progress (VsRunner      *self,
          VsRunnerPhase  phase)
{
  VsRunnerProgress p = { 0 };
  const VsPlanStep *step = NULL;
  double into_step;

  if (self->phase != phase)
    {
      self->phase = phase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
  p.phase = phase;
  p.n_steps = self->plan ? self->plan->len : 0;
  p.step = MIN (self->step, p.n_steps ? p.n_steps - 1 : 0);
  if (self->plan && self->step < self->plan->len)
    {
      step = &g_array_index (self->plan, VsPlanStep, self->step);
      p.target_index = step->target;
      p.trial = step->trial;
    }
  p.elapsed_s = (g_get_monotonic_time () - self->started_us) / (double) G_USEC_PER_SEC;
  if (phase == VS_RUNNER_PHASE_DONE)
    p.remaining_s = 0;
  else if (phase < VS_RUNNER_PHASE_STARTING)
    p.remaining_s = NAN;
  else
    {
      into_step = (g_get_monotonic_time () - self->step_started_us) / (double) G_USEC_PER_SEC;
      p.remaining_s = MAX (0, (p.n_steps - self->step) * step_estimate_s (self) - into_step);
    }
  g_signal_emit (self, signals[PROGRESS], 0, &p);
}

static void
return_finished (VsRunner *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->finished_task);
  GError *error = g_steal_pointer (&self->finished_error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Ends the run with @error (NULL: success) once the history has every
 * result appended, so a caller that exits next loses none. */
static void
complete_run (VsRunner *self,
              GError   *error)
{
  self->finished_task = g_steal_pointer (&self->task);
  self->finished_error = error;
  clear_run (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (self->pending_appends == 0)
    return_finished (self);
}

/* Ends the run as cancelled between two trials: every finished trial is kept. */
static void
complete_cancelled (VsRunner *self)
{
  progress (self, VS_RUNNER_PHASE_DONE);
  complete_run (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("cancelled")));
}

/* for arrays that may hold NULL */
static void
bytes_unref0 (gpointer bytes)
{
  if (bytes != NULL)
    g_bytes_unref (bytes);
}

static void
fail_run (VsRunner *self,
          GError   *error)
{
  complete_run (self, error);
}

static gboolean
cancelled (VsRunner *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

/* ---------------------------------------------------------------------- */
/* preparing: runtimes and leftovers                                       */

static guint resolve_index;

static void resolve_next (VsRunner *self);

static void
cleanup_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VsRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  guint removed = vs_runtime_cleanup_finish (VS_RUNTIME (object), result, &error);

  if (self->task == NULL)
    return;
  if (error != NULL)
    message (self, _("Could not clean up %s: %s"), vs_runtime_get_name (VS_RUNTIME (object)),
             error->message);
  else if (removed > 0)
    message (self, g_dngettext (GETTEXT_PACKAGE,
                                "Removed %u leftover target of this session from %s",
                                "Removed %u leftover targets of this session from %s", removed),
             removed, vs_runtime_get_name (VS_RUNTIME (object)));
  resolve_index++;
  resolve_next (self);
}

static void
resolved (VsRunner  *self,
          VsRuntime *runtime)
{
  g_ptr_array_add (self->runtimes, g_object_ref (runtime));
  /* what an earlier, interrupted run of this session left behind */
  vs_runtime_cleanup_async (runtime, vs_session_get_id (self->session), self->cancellable,
                            cleanup_cb, g_object_ref (self));
}

static void
auto_chosen_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VsRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRuntime) runtime = vs_runtime_choose_finish (result, &error);

  if (self->task == NULL)
    return;
  if (runtime == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }
  g_hash_table_insert (self->by_kind, GINT_TO_POINTER (VS_RUNTIME_KIND_AUTO), g_object_ref (runtime));
  resolved (self, runtime);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VsRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  VsRuntime *runtime = VS_RUNTIME (object);
  g_autoptr(VsRuntimeInfo) info = vs_runtime_probe_finish (runtime, result, &error);

  if (self->task == NULL)
    return;
  if (info == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }
  if (info->status != VS_RUNTIME_STATUS_AVAILABLE)
    {
      fail_run (self, g_error_new (VS_ERROR, VS_ERROR_CONNECT, _("target “%s”: %s"),
                                   target_at (self, resolve_index)->label, info->reason));
      return;
    }
  g_hash_table_insert (self->by_kind, GINT_TO_POINTER (vs_runtime_get_kind (runtime)),
                       g_object_ref (runtime));
  resolved (self, runtime);
}

static void
resolve_next (VsRunner *self)
{
  GPtrArray *targets = vs_session_get_targets (self->session);
  VsTarget *target;
  VsRuntime *known;
  g_autoptr(VsRuntime) runtime = NULL;

  if (cancelled (self))
    {
      fail_run (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("cancelled")));
      return;
    }

  if (resolve_index >= targets->len)
    {
      self->check_target = 0;
      self->check_answers = g_ptr_array_new_with_free_func (g_free);
      self->check_bodies = g_ptr_array_new_with_free_func (bytes_unref0);
      progress (self, VS_RUNNER_PHASE_CHECKING);
      check_next (self);
      return;
    }

  target = g_ptr_array_index (targets, resolve_index);
  known = g_hash_table_lookup (self->by_kind, GINT_TO_POINTER (target->runtime));
  if (known != NULL)
    {
      g_ptr_array_add (self->runtimes, g_object_ref (known));
      resolve_index++;
      resolve_next (self);
      return;
    }

  if (target->runtime == VS_RUNTIME_KIND_AUTO)
    {
      vs_runtime_choose_async (self->monitor, VS_RUNTIME_KIND_AUTO, targets, self->cancellable,
                               auto_chosen_cb, g_object_ref (self));
      return;
    }

  runtime = vs_runtime_new (target->runtime);
  vs_runtime_probe_async (runtime, self->cancellable, probe_cb, g_object_ref (self));
}

/* ---------------------------------------------------------------------- */
/* starting a target (for the check and for each trial)                    */

typedef void (*StartedFunc) (VsRunner *self, GError *error);

typedef struct
{
  VsRunner    *self;
  StartedFunc  func;
} StartData;

static void
ready_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  StartData *data = user_data;
  g_autoptr(VsRunner) self = data->self;
  StartedFunc func = data->func;
  GError *error = NULL;

  g_free (data);
  vs_instance_wait_ready_finish (VS_INSTANCE (object), result, &error);
  if (self->task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  func (self, error);
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  StartData *data = user_data;
  VsRunner *self = data->self;
  GError *error = NULL;
  VsInstance *instance = vs_runtime_start_finish (VS_RUNTIME (object), result, &error);

  if (self->task == NULL)
    {
      /* the run was abandoned: never leave a target running */
      if (instance)
        vs_instance_stop_async (instance, NULL, NULL, NULL);
      g_clear_object (&instance);
      g_clear_error (&error);
      g_object_unref (data->self);
      g_free (data);
      return;
    }
  if (instance == NULL)
    {
      StartedFunc func = data->func;

      g_free (data);
      func (self, error);
      g_object_unref (self);
      return;
    }

  g_set_object (&self->instance, instance);
  g_object_unref (instance);
  vs_instance_wait_ready_async (instance, 0, self->cancellable, ready_cb, data);
}

static void
start_target (VsRunner    *self,
              guint        index,
              StartedFunc  func)
{
  StartData *data = g_new0 (StartData, 1);

  data->self = g_object_ref (self);
  data->func = func;
  g_clear_pointer (&self->target, vs_target_unref);
  self->target = vs_target_ref (target_at (self, index));
  self->runtime = g_ptr_array_index (self->runtimes, index);
  vs_runtime_start_async (self->runtime, self->target, vs_session_get_id (self->session),
                          self->cancellable, start_cb, data);
}

typedef void (*StoppedFunc) (VsRunner *self);

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VsRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  StoppedFunc func = g_object_steal_data (G_OBJECT (object), "vs-runner-then");

  if (!vs_instance_stop_finish (VS_INSTANCE (object), result, &error))
    message (self, _("Could not remove %s: %s"), vs_instance_get_name (VS_INSTANCE (object)),
             error->message);
  if (self->task == NULL || func == NULL)
    return;
  func (self);
}

/* Stops the current instance, if any, then calls @func. */
static void
stop_instance (VsRunner    *self,
               StoppedFunc  func)
{
  if (self->instance == NULL)
    {
      func (self);
      return;
    }
  g_object_set_data (G_OBJECT (self->instance), "vs-runner-then", func);
  /* no cancellable: a stop always completes */
  vs_instance_stop_async (self->instance, NULL, stopped_cb, g_object_ref (self));
}

/* ---------------------------------------------------------------------- */
/* the response check                                                      */

static char *
endpoint_uri (VsRunner   *self,
              VsInstance *instance)
{
  return g_strconcat (vs_instance_get_url (instance), vs_session_get_profile (self->session)->url, NULL);
}

static void
check_stopped (VsRunner *self)
{
  g_clear_object (&self->instance);
  self->check_target++;
  check_next (self);
}

static void
check_response_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VsRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  const char *type;

  if (self->task == NULL)
    return;
  g_ptr_array_add (self->check_bodies, body ? g_bytes_ref (body) : NULL);
  if (body == NULL)
    {
      g_ptr_array_add (self->check_answers, g_strdup_printf (_("no answer (%s)"), error->message));
    }
  else
    {
      type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
      g_ptr_array_add (self->check_answers, g_strdup_printf ("%u %s", soup_message_get_status (msg),
                                                             type ? type : _("(no content type)")));
    }
  message (self, _("%s answers %s %s with %s"), self->target->label,
           vs_session_get_profile (self->session)->method, vs_session_get_profile (self->session)->url,
           (char *) g_ptr_array_index (self->check_answers, self->check_answers->len - 1));
  stop_instance (self, check_stopped);
}

static void
check_started (VsRunner *self,
               GError   *error)
{
  VsLoadProfile *profile = vs_session_get_profile (self->session);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *uri = NULL;

  if (error != NULL)
    {
      g_autoptr(GError) owned = error;
      GError *wrapped = g_error_new (owned->domain, owned->code, "%s", owned->message);

      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_clear_error (&wrapped), wrapped = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      self->task ? (void) 0 : (void) 0;
      /* the target cannot be benchmarked: stop what started, then fail */
      if (self->instance)
        vs_instance_stop_async (self->instance, NULL, NULL, NULL);
      fail_run (self, wrapped);
      return;
    }

  uri = endpoint_uri (self, self->instance);
  msg = soup_message_new (profile->method, uri);
  for (guint i = 0; i < profile->header_names->len; i++)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  g_ptr_array_index (profile->header_names, i),
                                  g_ptr_array_index (profile->header_values, i));
  if (profile->body)
    soup_message_set_request_body_from_bytes (msg, NULL, profile->body);
  session = soup_session_new_with_options ("timeout", CHECK_TIMEOUT_S, "proxy-resolver", NULL, NULL);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    check_response_cb, g_object_ref (self));
}

/* The bodies, by the parity fixture's rules (the same bytes, or the same
 * JSON with numbers within a tolerance). Two templates promise the same
 * answer: a difference means they would not do the same work, and the run
 * stops. An image promises nothing: the difference is said, and the run
 * goes on. FALSE when the run failed. */
static gboolean
check_bodies_alike (VsRunner *self)
{
  VsLoadProfile *profile = vs_session_get_profile (self->session);
  GBytes *first = g_ptr_array_index (self->check_bodies, 0);

  for (guint i = 1; first != NULL && i < self->check_bodies->len; i++)
    {
      GBytes *body = g_ptr_array_index (self->check_bodies, i);
      VsTarget *a = target_at (self, 0), *b = target_at (self, i);
      g_autoptr(GError) error = NULL;

      if (body == NULL || vs_parity_answers_alike (first, body, &error))
        continue;
      if (a->template_name != NULL && b->template_name != NULL)
        {
          fail_run (self, g_error_new (VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                                       _("%s and %s answer %s %s with different bodies (%s's %s): "
                                         "they would not do the same work, so they are not "
                                         "benchmarked"),
                                       a->label, b->label, profile->method, profile->url,
                                       b->label, error->message));
          return FALSE;
        }
      message (self, _("%s and %s answer %s %s with different bodies (%s's %s): compare them "
                       "knowing that"), a->label, b->label, profile->method, profile->url,
               b->label, error->message);
    }
  return TRUE;
}

static void
check_next (VsRunner *self)
{
  GPtrArray *targets = vs_session_get_targets (self->session);

  if (cancelled (self))
    {
      fail_run (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("cancelled")));
      return;
    }

  if (self->check_target < targets->len)
    {
      message (self, _("Checking that %s answers %s %s"), target_at (self, self->check_target)->label,
               vs_session_get_profile (self->session)->method,
               vs_session_get_profile (self->session)->url);
      start_target (self, self->check_target, check_started);
      return;
    }

  /* same status and content type from every target, or no benchmark */
  for (guint i = 1; i < self->check_answers->len; i++)
    {
      if (!g_str_equal (g_ptr_array_index (self->check_answers, i),
                        g_ptr_array_index (self->check_answers, 0)))
        {
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint j = 0; j < self->check_answers->len; j++)
            g_string_append_printf (text, "%s%s: %s", j ? "; " : "", target_at (self, j)->label,
                                    (char *) g_ptr_array_index (self->check_answers, j));
          fail_run (self, g_error_new (VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                                       _("the targets answer %s %s differently (%s): not benchmarked"),
                                       vs_session_get_profile (self->session)->method,
                                       vs_session_get_profile (self->session)->url, text->str));
          return;
        }
    }
  if (!check_bodies_alike (self))
    return;
  if (!g_str_has_prefix (g_ptr_array_index (self->check_answers, 0), "2") &&
      !g_str_has_prefix (g_ptr_array_index (self->check_answers, 0), "3"))
    message (self, _("Every target answers %s: the comparison measures that answer"),
             (char *) g_ptr_array_index (self->check_answers, 0));

  self->step = 0;
  next_step (self);
}

/* ---------------------------------------------------------------------- */
/* trials                                                                  */

static void
history_appended_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VsRunner) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vs_history_append_finish (VS_HISTORY (object), result, NULL, &error))
    message (self, _("Could not add the run to the history: %s"), error->message);
  if (--self->pending_appends == 0 && self->finished_task != NULL)
    return_finished (self);
}

static void
finish_result (VsRunner    *self,
               VsRunStatus  status,
               const char  *error_message)
{
  VsRunResult *result = self->result;

  result->status = status;
  if (error_message != NULL && result->error == NULL)
    result->error = g_strdup (error_message);
  if (self->sampler)
    {
      vs_sampler_stop (self->sampler);
      vs_run_result_set_resources (result, self->sampler);
    }

  vs_session_add_result (self->session, result);
  g_signal_emit (self, signals[RESULT], 0, result);

  if (self->history != NULL)
    {
      g_autoptr(VsHistoryEntry) entry = vs_history_entry_new ();
      g_autoptr(JsonNode) json = vs_run_result_to_json (result);

      entry->date = result->started_at;
      entry->session_id = g_strdup (vs_session_get_id (self->session));
      entry->session_name = g_strdup (vs_session_get_name (self->session));
      entry->target_label = g_strdup (result->target_label);
      entry->runtime = g_strdup (result->runtime);
      entry->source = g_strdup (self->target->template_name ? self->target->template_name
                                                            : self->target->image);
      entry->scenario = g_strdup_printf ("%s %s", vs_session_get_profile (self->session)->method,
                                         vs_session_get_profile (self->session)->url);
      entry->trial = result->trial;
      entry->status = g_strdup (vs_run_status_to_string (result->status));
      entry->requests_per_s = result->requests_per_s;
      entry->p50_ms = result->p50_ms;
      entry->p99_ms = result->p99_ms;
      entry->memory_peak_bytes = isfinite (result->memory_peak_bytes) ? (gint64) result->memory_peak_bytes : -1;
      entry->cpu_mean_percent = result->cpu_mean_percent;
      entry->json = json_to_string (json, FALSE);
      /* an SQLite transaction: in a worker thread, not on the caller's */
      self->pending_appends++;
      vs_history_append_async (self->history, entry, NULL, history_appended_cb, g_object_ref (self));
    }
}

static void
step_done (VsRunner *self)
{
  self->step_seconds_sum += (g_get_monotonic_time () - self->step_started_us) / (double) G_USEC_PER_SEC;
  self->steps_done++;
  clear_trial (self);
  self->step++;
  next_step (self);
}

static gboolean
cooldown_cb (gpointer user_data)
{
  VsRunner *self = user_data;

  self->cooldown_id = 0;
  step_done (self);
  return G_SOURCE_REMOVE;
}

static void
trial_stopped (VsRunner *self)
{
  gint64 cooldown = vs_session_get_cooldown_us (self->session);

  if (cancelled (self))
    {
      complete_cancelled (self);
      return;
    }

  if (cooldown > 0 && self->step + 1 < self->plan->len)
    {
      /* the timeout first: a cancel from a progress handler then cuts it short */
      self->cooldown_id = g_timeout_add_full (G_PRIORITY_DEFAULT, cooldown / 1000, cooldown_cb,
                                              self, NULL);
      progress (self, VS_RUNNER_PHASE_COOLDOWN);
      return;
    }
  step_done (self);
}

static void
trial_stop (VsRunner *self)
{
  progress (self, VS_RUNNER_PHASE_STOPPING);
  stop_instance (self, trial_stopped);
}

static void
engine_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VsRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsLoadResult) load = vs_load_engine_run_finish (VS_LOAD_ENGINE (object), result, &error);
  g_autofree char *why = NULL;

  if (self->task == NULL || self->result == NULL)
    return;

  if (load != NULL)
    vs_run_result_set_load (self->result, load);

  if (self->crashed)
    {
      why = g_strdup_printf (_("%s stopped during the run (%s); the data up to then is kept"),
                             self->target->label,
                             self->instance && vs_instance_get_exit_reason (self->instance)
                             ? vs_instance_get_exit_reason (self->instance) : _("it exited"));
      finish_result (self, VS_RUN_STATUS_FAILED, why);
    }
  else if (cancelled (self))
    finish_result (self, VS_RUN_STATUS_CANCELLED, _("cancelled"));
  else if (load == NULL)
    finish_result (self, VS_RUN_STATUS_FAILED, error->message);
  else
    finish_result (self, VS_RUN_STATUS_OK, NULL);

  trial_stop (self);
}

static void
engine_snapshot_cb (VsLoadEngine         *engine,
                    const VsLoadSnapshot *snapshot,
                    gpointer              user_data)
{
  VsRunner *self = user_data;
  guint target = g_array_index (self->plan, VsPlanStep, self->step).target;
  VsRunPoint point;

  vs_run_point_init_from_timeline (&point, &snapshot->point);
  if (self->have_sample && self->last_sample.cpu_percent >= 0)
    point.cpu_percent = self->last_sample.cpu_percent;
  if (self->have_sample && self->last_sample.memory_bytes >= 0)
    point.memory_bytes = (double) self->last_sample.memory_bytes;

  if (snapshot->phase == VS_LOAD_PHASE_WARMUP && self->phase != VS_RUNNER_PHASE_WARMUP)
    progress (self, VS_RUNNER_PHASE_WARMUP);
  else if (snapshot->phase == VS_LOAD_PHASE_MEASURING && self->phase != VS_RUNNER_PHASE_MEASURING)
    progress (self, VS_RUNNER_PHASE_MEASURING);

  if (self->result && snapshot->phase != VS_LOAD_PHASE_CONNECTING)
    g_array_append_val (self->result->timeline, point);
  g_signal_emit (self, signals[SNAPSHOT], 0, target, snapshot);
  /* the last, partial interval of a phase says little about a rate: not
   * charted live (it stays in the timeline) */
  if (snapshot->phase != VS_LOAD_PHASE_CONNECTING && snapshot->point.interval_s >= 0.05)
    g_signal_emit (self, signals[POINT], 0, target, &point);

  /* the target died under load: stop now, keep what was measured */
  if (self->instance && vs_instance_has_exited (self->instance) && !self->crashed)
    {
      self->crashed = TRUE;
      vs_load_engine_stop (engine);
    }
}

/* CPU, memory and requests/s per core are summarised over the measured
 * phase only, as the load figures are; the warm-up stays in the timeline */
static void
engine_phase_cb (VsLoadEngine *engine,
                 GParamSpec   *pspec,
                 gpointer      user_data)
{
  VsRunner *self = user_data;

  if (vs_load_engine_get_phase (engine) == VS_LOAD_PHASE_MEASURING && self->sampler != NULL)
    vs_sampler_begin_window (self->sampler);
}

static void
sampler_sample_cb (VsSampler      *sampler,
                   const VsSample *sample,
                   gpointer        user_data)
{
  VsRunner *self = user_data;

  self->last_sample = *sample;
  self->have_sample = TRUE;
  g_signal_emit (self, signals[SAMPLE], 0, g_array_index (self->plan, VsPlanStep, self->step).target,
                 sample);
}

static void trial_load (VsRunner     *self);
static void about_cb   (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);

static void
trial_started (VsRunner *self,
               GError   *error)
{
  const VsRuntimeInfo *info = vs_runtime_get_info (self->runtime);

  self->result->runtime = g_strdup (vs_runtime_kind_to_string (vs_runtime_get_kind (self->runtime)));
  self->result->runtime_version = info && info->version ? g_strdup (info->version) : NULL;

  if (error != NULL)
    {
      g_autoptr(GError) owned = error;

      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_result (self, VS_RUN_STATUS_CANCELLED, _("cancelled while starting"));
      else
        finish_result (self, VS_RUN_STATUS_FAILED, owned->message);
      message (self, _("%s, trial %u: %s"), self->target->label, self->result->trial + 1, owned->message);
      trial_stop (self);
      return;
    }

  self->result->startup_s = vs_instance_get_startup_us (self->instance) / (double) G_USEC_PER_SEC;
  self->result->image_id = g_strdup (vs_instance_get_image_id (self->instance));
  message (self, _("%s is ready at %s after %.3f s"), self->target->label,
           vs_instance_get_url (self->instance), self->result->startup_s);

  /* what is running, as the target says: recorded with the result */
  if (vs_instance_get_about_path (self->instance) != NULL)
    {
      g_autofree char *about = g_strconcat (vs_instance_get_url (self->instance),
                                            vs_instance_get_about_path (self->instance), NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", about);
      g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", CHECK_TIMEOUT_S,
                                                                      "proxy-resolver", NULL, NULL);

      if (msg != NULL)
        {
          soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                            about_cb, g_object_ref (self));
          return;
        }
    }
  trial_load (self);
}

static void
about_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VsRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *described = NULL;

  if (self->task == NULL || self->result == NULL)
    return;
  if (cancelled (self))
    {
      finish_result (self, VS_RUN_STATUS_CANCELLED, _("cancelled while starting"));
      trial_stop (self);
      return;
    }
  if (body != NULL && soup_message_get_status (msg) == SOUP_STATUS_OK)
    {
      text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      node = json_from_string (text, NULL);
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      self->result->server = g_steal_pointer (&node);
      described = vs_run_result_describe_server (self->result);
      if (described != NULL && self->result->trial == 0)
        message (self, _("%s runs %s"), self->target->label, described);
    }
  else
    message (self, _("%s did not say what it runs (%s): the result is kept without it"),
             self->target->label, error ? error->message : soup_message_get_reason_phrase (msg));

  trial_load (self);
}

static void
trial_load (VsRunner *self)
{
  VsLoadProfile *session_profile = vs_session_get_profile (self->session);
  g_autoptr(VsLoadProfile) profile = NULL;
  g_autofree char *uri = NULL;

  profile = vs_load_profile_copy (session_profile);
  uri = endpoint_uri (self, self->instance);
  vs_load_profile_set_url (profile, uri);
  self->result->profile = NULL;
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "url");
    json_builder_add_string_value (builder, uri);
    json_builder_set_member_name (builder, "connections");
    json_builder_add_int_value (builder, profile->connections);
    json_builder_set_member_name (builder, "duration_s");
    vs_json_builder_add_double (builder, profile->duration_us / (double) G_USEC_PER_SEC);
    json_builder_set_member_name (builder, "warmup_s");
    vs_json_builder_add_double (builder, profile->warmup_us / (double) G_USEC_PER_SEC);
    json_builder_set_member_name (builder, "mode");
    json_builder_add_string_value (builder, vs_load_mode_to_string (profile->mode));
    json_builder_end_object (builder);
    self->result->profile = json_builder_get_root (builder);
  }

  self->sampler = vs_instance_new_sampler (self->instance);
  vs_sampler_set_interval (self->sampler, SAMPLE_INTERVAL_US);
  g_signal_connect (self->sampler, "sample", G_CALLBACK (sampler_sample_cb), self);
  vs_sampler_start (self->sampler);

  self->engine = vs_load_engine_new (profile);
  g_signal_connect (self->engine, "snapshot", G_CALLBACK (engine_snapshot_cb), self);
  g_signal_connect (self->engine, "notify::phase", G_CALLBACK (engine_phase_cb), self);
  /* cancelling stops the engine (see cancelled_cb): partial data is kept.
   * It runs before the phase is announced, so a cancel from a progress
   * handler finds a running engine to stop. */
  vs_load_engine_run_async (self->engine, NULL, engine_done_cb, g_object_ref (self));
  progress (self, profile->warmup_us > 0 ? VS_RUNNER_PHASE_WARMUP : VS_RUNNER_PHASE_MEASURING);
}

static void
next_step (VsRunner *self)
{
  const VsPlanStep *step;

  if (cancelled (self))
    {
      fail_run (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("cancelled")));
      return;
    }

  if (self->step >= self->plan->len)
    {
      progress (self, VS_RUNNER_PHASE_DONE);
      complete_run (self, NULL);
      return;
    }

  step = &g_array_index (self->plan, VsPlanStep, self->step);
  self->step_started_us = g_get_monotonic_time ();
  self->result = vs_run_result_new ();
  self->result->target_index = step->target;
  self->result->target_label = g_strdup (target_at (self, step->target)->label);
  self->result->trial = step->trial;
  self->result->sequence = self->sequence_base + self->step;
  self->result->started_at = g_get_real_time () / G_USEC_PER_SEC;
  vs_run_result_set_machine (self->result);

  progress (self, VS_RUNNER_PHASE_STARTING);
  message (self, _("Trial %u of %u: starting %s"), self->step + 1, self->plan->len,
           target_at (self, step->target)->label);
  start_target (self, step->target, trial_started);
}

static gboolean
cancelled_in_cooldown_cb (gpointer user_data)
{
  VsRunner *self = user_data;

  /* the run may have ended in between (it is cleared then) */
  if (self->task != NULL)
    complete_cancelled (self);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  VsRunner *self = user_data;

  /* the engine is stopped rather than cancelled, so the trial keeps what
   * it measured; the instance is stopped when the engine returns */
  if (self->engine)
    vs_load_engine_stop (self->engine);
  if (self->cooldown_id)
    {
      /* a cancel during the cool-down: the trial before it is already
       * kept; the run ends from the main loop, once, as cancelled */
      g_clear_handle_id (&self->cooldown_id, g_source_remove);
      g_idle_add_full (G_PRIORITY_DEFAULT, cancelled_in_cooldown_cb,
                       g_object_ref (self), g_object_unref);
    }
}

void
vs_runner_run_async (VsRunner            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VS_IS_RUNNER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_runner_run_async);

  if (self->task != NULL || self->finished_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("a run is already going on"));
      return;
    }
  if (!vs_session_validate (self->session, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* said before anything starts, not when the target's turn comes */
  if (!vs_session_check_here (self->session, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->task = g_steal_pointer (&task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  self->cancel_id = g_cancellable_connect (self->cancellable, G_CALLBACK (cancelled_cb), self, NULL);
  self->plan = vs_session_plan_pending (self->session);
  self->sequence_base = 0;
  for (guint i = 0; i < vs_session_get_results (self->session)->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (vs_session_get_results (self->session), i);

      self->sequence_base = MAX (self->sequence_base, r->sequence + 1);
    }
  self->runtimes = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_kind = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->started_us = g_get_monotonic_time ();
  self->step = 0;
  self->steps_done = 0;
  self->step_seconds_sum = 0;

  progress (self, VS_RUNNER_PHASE_PREPARING);
  resolve_index = 0;
  resolve_next (self);
}

gboolean
vs_runner_run_finish (VsRunner      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
