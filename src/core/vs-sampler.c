/* vs-sampler.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-sampler.h"

/* The sampler lives on the thread-default main context of whoever calls
 * vs_sampler_start(): its timer ticks there and the reads are started
 * there, so their callbacks come back there too. At most one read is ever
 * outstanding, including one abandoned by vs_sampler_stop() that has not
 * returned yet: a tick that finds a read outstanding is skipped (and
 * counted), and a start() that finds an abandoned read takes its baseline
 * as soon as that read returns.
 *
 * Every read holds a reference on the sampler and on the source, so the
 * callback can always finish the read; a read that belongs to an earlier
 * run (its generation differs) is finished and dropped without a trace. */

struct _VsSampler
{
  GObject            parent_instance;

  GObject           *source;
  VsUsageReadAsync   read_async;
  VsUsageReadFinish  read_finish;
  gint64             interval_us;

  /* Current run */
  GMainContext      *context;
  GSource           *timer;
  GCancellable      *cancellable;
  guint              generation;
  guint              n_in_flight;
  gint64             start_us;
  gint64             window_us;   /* the summaries count from here (monotonic); 0: from the start */
  VsUsage            previous;

  /* Results */
  GArray            *samples;
  gint64             peak_memory;
  double             memory_sum;
  guint              n_memory;
  double             cpu_sum;
  guint              n_cpu;
  double             peak_cpu;
  guint              n_failures;
  guint              n_skipped;
  char              *last_error;

  guint              running : 1;
  guint              have_previous : 1;
  guint              read_owed : 1;
};

typedef struct
{
  VsSampler *self;
  GObject   *source;
  guint      generation;
} ReadData;

enum {
  PROP_0,
  PROP_INTERVAL,
  PROP_RUNNING,
  N_PROPS
};

enum {
  SAMPLE,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static VsSample *
vs_sample_copy (const VsSample *sample)
{
  return g_memdup2 (sample, sizeof *sample);
}

G_DEFINE_BOXED_TYPE (VsSample, vs_sample, vs_sample_copy, g_free)

G_DEFINE_FINAL_TYPE (VsSampler, vs_sampler, G_TYPE_OBJECT)

static void begin_read (VsSampler *self);

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->source);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadData, read_data_free)

static void
record_usage (VsSampler *self,
              VsUsage   *usage)
{
  VsSample sample;
  gboolean in_window;

  if (usage->monotonic_us <= 0)
    usage->monotonic_us = g_get_monotonic_time ();

  sample.elapsed_us = MAX (0, usage->monotonic_us - self->start_us);
  sample.cpu_percent = vs_usage_cpu_percent_between (self->have_previous ? &self->previous : NULL,
                                                     usage);
  sample.memory_bytes = usage->memory_bytes;
  sample.n_processes = usage->n_processes;

  /* the summaries (mean, peak) cover the window only: a CPU figure must be
   * measured entirely inside it (from a previous reading taken in it) */
  in_window = self->window_us == 0 ||
              (usage->monotonic_us >= self->window_us &&
               (!self->have_previous || self->previous.monotonic_us >= self->window_us));
  self->previous = *usage;
  self->have_previous = TRUE;

  if (sample.cpu_percent >= 0 && in_window)
    {
      self->cpu_sum += sample.cpu_percent;
      self->n_cpu++;
      self->peak_cpu = MAX (self->peak_cpu, sample.cpu_percent);
    }

  if (sample.memory_bytes >= 0 && usage->monotonic_us >= self->window_us)
    {
      self->memory_sum += (double) sample.memory_bytes;
      self->n_memory++;
      self->peak_memory = MAX (self->peak_memory, sample.memory_bytes);
    }

  /* the kernel's high-water mark covers the target's whole life: it says
   * nothing of a window that began later */
  if (usage->memory_peak_bytes >= 0 && self->window_us == 0)
    self->peak_memory = MAX (self->peak_memory, usage->memory_peak_bytes);

  g_array_append_val (self->samples, sample);

  g_signal_emit (self, signals[SAMPLE], 0, &sample);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ReadData) data = user_data;
  g_autoptr(GError) error = NULL;
  VsSampler *self = data->self;
  VsUsage usage;
  gboolean ok;

  vs_usage_init (&usage);
  ok = self->read_finish (data->source, result, &usage, &error);

  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;

  if (!self->running || data->generation != self->generation)
    {
      /* An abandoned read just returned: the new run's baseline is due. */
      if (self->running && self->read_owed && self->n_in_flight == 0)
        {
          self->read_owed = FALSE;
          begin_read (self);
        }
      return;
    }

  if (ok)
    {
      record_usage (self, &usage);
    }
  else
    {
      self->n_failures++;
      g_free (self->last_error);
      self->last_error = g_strdup (error != NULL ? error->message : _("unknown error"));
      g_signal_emit (self, signals[FAILED], 0, error);
    }
}

static gboolean
is_thread_default (GMainContext *context)
{
  GMainContext *current = g_main_context_get_thread_default ();

  return (current != NULL ? current : g_main_context_default ()) == context;
}

static void
begin_read (VsSampler *self)
{
  ReadData *data;
  gboolean push;

  g_assert (self->running);
  g_assert (self->n_in_flight == 0);

  data = g_new0 (ReadData, 1);
  data->self = g_object_ref (self);
  data->source = g_object_ref (self->source);
  data->generation = self->generation;

  self->n_in_flight++;

  /* The callback must come back to this run's context. */
  push = !is_thread_default (self->context);
  if (push)
    g_main_context_push_thread_default (self->context);

  self->read_async (self->source, self->cancellable, read_cb, data);

  if (push)
    g_main_context_pop_thread_default (self->context);
}

static gboolean
timer_cb (gpointer user_data)
{
  VsSampler *self = user_data;

  if (self->n_in_flight > 0)
    self->n_skipped++;
  else
    begin_read (self);

  return G_SOURCE_CONTINUE;
}

static void
start_timer (VsSampler *self)
{
  gint64 interval_ms = self->interval_us / 1000 + (self->interval_us % 1000 >= 500);

  interval_ms = CLAMP (interval_ms, 1, G_MAXUINT);

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }

  self->timer = g_timeout_source_new ((guint) interval_ms);
  g_source_set_static_name (self->timer, "[versus] usage sampler");
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_attach (self->timer, self->context);
}

static gboolean
stop_internal (VsSampler *self)
{
  if (!self->running)
    return FALSE;

  self->running = FALSE;
  self->read_owed = FALSE;
  self->generation++;

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  g_clear_pointer (&self->context, g_main_context_unref);

  return TRUE;
}

static void
vs_sampler_dispose (GObject *object)
{
  VsSampler *self = (VsSampler *) object;

  stop_internal (self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (vs_sampler_parent_class)->dispose (object);
}

static void
vs_sampler_finalize (GObject *object)
{
  VsSampler *self = (VsSampler *) object;

  g_clear_pointer (&self->samples, g_array_unref);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (vs_sampler_parent_class)->finalize (object);
}

static void
vs_sampler_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VsSampler *self = VS_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_int64 (value, vs_sampler_get_interval (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, vs_sampler_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_sampler_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  VsSampler *self = VS_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      vs_sampler_set_interval (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_sampler_class_init (VsSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_sampler_dispose;
  object_class->finalize = vs_sampler_finalize;
  object_class->get_property = vs_sampler_get_property;
  object_class->set_property = vs_sampler_set_property;

  properties[PROP_INTERVAL] =
    g_param_spec_int64 ("interval", NULL, NULL,
                        1, G_MAXINT64 / 2, VS_SAMPLER_DEFAULT_INTERVAL_US,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VsSampler::sample:
   * @sample: the new `VsSample`, valid during emission (copy it to keep it)
   *
   * Emitted on the context of vs_sampler_start() for every successful read,
   * the baseline included (whose CPU is unknown unless the source measures
   * a percentage itself).
   */
  signals[SAMPLE] =
    g_signal_new ("sample",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, VS_TYPE_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VsSampler::failed:
   * @error: why the read failed
   *
   * Emitted for every failed read; the sampler goes on.
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__BOXED,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
reset_summaries (VsSampler *self)
{
  self->peak_memory = -1;
  self->memory_sum = 0;
  self->n_memory = 0;
  self->cpu_sum = 0;
  self->n_cpu = 0;
  self->peak_cpu = -1;
}

static void
reset_results (VsSampler *self)
{
  g_array_set_size (self->samples, 0);
  self->window_us = 0;
  reset_summaries (self);
  self->n_failures = 0;
  self->n_skipped = 0;
  g_clear_pointer (&self->last_error, g_free);
  self->have_previous = FALSE;
  vs_usage_init (&self->previous);
}

static void
vs_sampler_init (VsSampler *self)
{
  self->interval_us = VS_SAMPLER_DEFAULT_INTERVAL_US;
  self->samples = g_array_new (FALSE, TRUE, sizeof (VsSample));
  reset_results (self);
}

/**
 * vs_sampler_new:
 * @source: (type GObject): what to read; a reference is kept
 * @read_async: starts a reading of @source
 * @read_finish: completes it
 *
 * Returns: (transfer full): a stopped sampler
 */
VsSampler *
vs_sampler_new (gpointer          source,
                VsUsageReadAsync  read_async,
                VsUsageReadFinish read_finish)
{
  VsSampler *self;

  g_return_val_if_fail (G_IS_OBJECT (source), NULL);
  g_return_val_if_fail (read_async != NULL, NULL);
  g_return_val_if_fail (read_finish != NULL, NULL);

  self = g_object_new (VS_TYPE_SAMPLER, NULL);
  self->source = g_object_ref (source);
  self->read_async = read_async;
  self->read_finish = read_finish;

  return self;
}

/**
 * vs_sampler_get_source:
 *
 * Returns: (transfer none) (type GObject): the source given to vs_sampler_new()
 */
gpointer
vs_sampler_get_source (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), NULL);

  return self->source;
}

/* Starts sampling on the thread-default main context: the first reading,
 * the baseline, is taken at once. Restarting clears earlier results. */
void
vs_sampler_start (VsSampler *self)
{
  g_return_if_fail (VS_IS_SAMPLER (self));
  g_return_if_fail (self->source != NULL);

  if (self->running)
    return;

  reset_results (self);

  self->running = TRUE;
  self->generation++;
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->start_us = g_get_monotonic_time ();

  start_timer (self);

  if (self->n_in_flight == 0)
    begin_read (self);
  else
    self->read_owed = TRUE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* From now on, the means and peaks cover only what is sampled from here
 * (a trial's measured phase, after its warm-up); the samples before stay
 * in vs_sampler_get_samples() for the timeline. A reading is taken now,
 * so the first CPU figure of the window starts at its beginning. */
void
vs_sampler_begin_window (VsSampler *self)
{
  g_return_if_fail (VS_IS_SAMPLER (self));

  reset_summaries (self);
  self->window_us = g_get_monotonic_time ();
  if (self->running && self->n_in_flight == 0)
    begin_read (self);
}

/* Stops the timer and cancels an outstanding read; no signal is emitted
 * afterwards. Stopping a stopped sampler does nothing. */
void
vs_sampler_stop (VsSampler *self)
{
  g_return_if_fail (VS_IS_SAMPLER (self));

  if (stop_internal (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
vs_sampler_get_running (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), FALSE);

  return self->running;
}

gint64
vs_sampler_get_interval (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), 0);

  return self->interval_us;
}

/* Takes effect at once when running: the next tick is @interval_us away. */
void
vs_sampler_set_interval (VsSampler *self,
                         gint64     interval_us)
{
  g_return_if_fail (VS_IS_SAMPLER (self));
  g_return_if_fail (interval_us > 0);

  if (self->interval_us == interval_us)
    return;

  self->interval_us = interval_us;

  if (self->running)
    start_timer (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

/**
 * vs_sampler_get_samples:
 *
 * Returns: (transfer none) (element-type VsSample): the samples of the
 *   current (or last) run, in order
 */
const GArray *
vs_sampler_get_samples (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), NULL);

  return self->samples;
}

/* The highest memory reading or reported high-water mark, or -1. */
gint64
vs_sampler_get_peak_memory (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), -1);

  return self->peak_memory;
}

/* The mean of the known memory readings, or -1. */
double
vs_sampler_get_mean_memory (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), -1);

  return self->n_memory > 0 ? self->memory_sum / self->n_memory : -1;
}

/* The mean of the samples' known CPU percentages, or -1. */
double
vs_sampler_get_mean_cpu (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), -1);

  return self->n_cpu > 0 ? self->cpu_sum / self->n_cpu : -1;
}

double
vs_sampler_get_peak_cpu (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), -1);

  return self->peak_cpu;
}

guint
vs_sampler_get_n_failures (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), 0);

  return self->n_failures;
}

/* Ticks skipped because the previous read had not returned yet. */
guint
vs_sampler_get_n_skipped (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), 0);

  return self->n_skipped;
}

const char *
vs_sampler_get_last_error (VsSampler *self)
{
  g_return_val_if_fail (VS_IS_SAMPLER (self), NULL);

  return self->last_error;
}

/* Local process trees
 * =================== */

#define VS_TYPE_PID_SOURCE (vs_pid_source_get_type ())

G_DECLARE_FINAL_TYPE (VsPidSource, vs_pid_source, VS, PID_SOURCE, GObject)

struct _VsPidSource
{
  GObject parent_instance;
  GPid    pid;
};

G_DEFINE_FINAL_TYPE (VsPidSource, vs_pid_source, G_TYPE_OBJECT)

static void
vs_pid_source_class_init (VsPidSourceClass *klass)
{
}

static void
vs_pid_source_init (VsPidSource *self)
{
}

static void
pid_source_read_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  VsPidSource *source = source_object;
  GError *error = NULL;
  VsUsage usage;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (vs_usage_read_process_tree (source->pid, &usage, &error))
    g_task_return_pointer (task, g_memdup2 (&usage, sizeof usage), g_free);
  else
    g_task_return_error (task, error);
}

static void
pid_source_read_async (gpointer             source,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, pid_source_read_async);
  g_task_set_name (task, "[versus] read process tree");
  g_task_run_in_thread (task, pid_source_read_thread);
}

static gboolean
pid_source_read_finish (gpointer       source,
                        GAsyncResult  *result,
                        VsUsage       *usage,
                        GError       **error)
{
  g_autofree VsUsage *stored = NULL;

  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  stored = g_task_propagate_pointer (G_TASK (result), error);
  if (stored == NULL)
    return FALSE;

  *usage = *stored;

  return TRUE;
}

/**
 * vs_sampler_new_for_pid:
 * @pid: the root of a local process tree
 *
 * A sampler of vs_usage_read_process_tree(), read in a worker thread.
 *
 * Returns: (transfer full): a stopped sampler
 */
VsSampler *
vs_sampler_new_for_pid (GPid pid)
{
  g_autoptr(VsPidSource) source = NULL;

  g_return_val_if_fail (pid > 0, NULL);

  source = g_object_new (VS_TYPE_PID_SOURCE, NULL);
  source->pid = pid;

  return vs_sampler_new (source, pid_source_read_async, pid_source_read_finish);
}
