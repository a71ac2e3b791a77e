/* vs-load-engine.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gi18n-lib.h>

#include "vs-load-engine-private.h"
#include "vs-util.h"

/* The engine: W worker threads, each with its own GMainContext and share of
 * the connections. The caller's main context owns the schedule (phases and
 * snapshot ticks) and only ever sees merged counters. */

struct _VsLoadEngine
{
  GObject          parent_instance;

  VsLoadProfile   *profile;
  VsEngineConfig   config;
  VsLoadPhase      phase;

  VsWorker       **workers;
  guint            n_workers;
  guint            n_ready;
  guint            n_finished;

  GTask           *task;
  GMainContext    *main_context;
  GSource         *tick_source;
  GSource         *cancel_source;

  gint64           load_start;
  gint64           phase_start;
  gint64           warmup_end;
  gint64           end;
  gint64           last_tick;

  VsLoadCounters  *interval;
  VsLoadResult    *result;
  struct rusage    usage_start;

  guint            running : 1;
  guint            stopping : 1;
  guint            cancelled : 1;
  guint            stop_requested : 1;   /* stopped before the workers started */
};

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_PHASE,
  N_PROPS
};

enum {
  SNAPSHOT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VsLoadEngine, vs_load_engine, G_TYPE_OBJECT)

static void schedule_tick (VsLoadEngine *self);

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}
static void finish_run    (VsLoadEngine *self);

/* Worker side ------------------------------------------------------------ */

static gboolean
worker_go_cb (gpointer data)
{
  VsWorker *worker = data;

  if (!worker->stopping)
    {
      worker->start_time = g_get_monotonic_time ();
      worker->vtable->go (worker);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
worker_ready_cb (gpointer data)
{
  VsWorker *worker = data;
  VsLoadEngine *self = worker->engine;

  if (++self->n_ready == self->n_workers && !self->stopping)
    {
      /* Every connection is open (or failed once): the load starts now. */
      self->load_start = g_get_monotonic_time ();
      self->phase_start = self->load_start;
      self->last_tick = self->load_start;
      self->warmup_end = self->load_start + self->profile->warmup_us;
      self->end = self->warmup_end + self->profile->duration_us;
      self->phase = self->profile->warmup_us > 0 ? VS_LOAD_PHASE_WARMUP : VS_LOAD_PHASE_MEASURING;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);

      for (guint i = 0; i < self->n_workers; i++)
        vs_context_dispatch (self->workers[i]->context, worker_go_cb, self->workers[i], NULL);
      schedule_tick (self);
    }

  return G_SOURCE_REMOVE;
}

void
_vs_worker_ready (VsWorker *worker)
{
  if (worker->ready_sent)
    return;
  worker->ready_sent = TRUE;
  vs_context_dispatch (worker->engine->main_context, worker_ready_cb, worker, NULL);
}

gint64
_vs_worker_next_due (VsWorker *worker)
{
  return worker->start_time + (gint64) (worker->scheduled * (double) G_USEC_PER_SEC / worker->rate);
}

void
_vs_worker_update_backlog (VsWorker *worker,
                           gint64    now)
{
  double due = floor ((now - worker->start_time) * worker->rate / G_USEC_PER_SEC) + 1;
  gint backlog = due > worker->scheduled ? (gint) MIN (due - worker->scheduled, G_MAXINT) : 0;

  g_atomic_int_set (&worker->backlog, backlog);
  if (backlog > g_atomic_int_get (&worker->backlog_max))
    g_atomic_int_set (&worker->backlog_max, backlog);
}

void
_vs_worker_record_response (VsWorker       *worker,
                            VsLoadCounters *c,
                            guint           connection,
                            guint           status,
                            guint64         bytes,
                            gint64          intended,
                            gint64          sent_at,
                            gint64          now)
{
  c->requests++;
  c->bytes += bytes;
  if (status < VS_STATUS_CODE_MAX)
    c->status_codes[status]++;
  if (status >= 400 && status < 500)
    c->errors[VS_ERROR_CLASS_HTTP_4XX]++;
  else if (status >= 500)
    c->errors[VS_ERROR_CLASS_HTTP_5XX]++;
  vs_histogram_record (c->latency, now - intended);
  vs_histogram_record (c->service_time, now - sent_at);
  vs_load_counters_count_connection (c, connection, FALSE);
}

/* A request that was sent and got no complete answer within the timeout:
 * a failure (errors[TIMEOUT], counted by the caller) that is not dropped
 * from the latency figures either. It enters the histograms at the time it
 * waited, which is at least the timeout, so a p99 over a run where 1 % of
 * requests starved reads at least the timeout, as the clients saw it. */
void
_vs_worker_record_timed_out (VsWorker       *worker,
                             VsLoadCounters *c,
                             guint           connection,
                             gint64          intended,
                             gint64          sent_at,
                             gint64          now)
{
  c->timed_out++;
  vs_load_counters_count_connection (c, connection, TRUE);
  vs_histogram_record (c->latency, now - intended);
  vs_histogram_record (c->service_time, now - sent_at);
}

static gboolean
worker_finished_cb (gpointer data)
{
  VsWorker *worker = data;
  VsLoadEngine *self = worker->engine;

  g_thread_join (g_steal_pointer (&worker->thread));

  if (++self->n_finished == self->n_workers)
    finish_run (self);

  return G_SOURCE_REMOVE;
}

static gboolean
worker_stop_cb (gpointer data)
{
  VsWorker *worker = data;

  if (!worker->stopping)
    {
      worker->stopping = TRUE;
      worker->vtable->stop (worker);
      g_main_loop_quit (worker->loop);
    }

  return G_SOURCE_REMOVE;
}

static gpointer
worker_thread (gpointer data)
{
  VsWorker *worker = data;

  g_main_context_push_thread_default (worker->context);
  worker->vtable->start (worker);
  g_main_loop_run (worker->loop);
  if (!worker->stopping)
    worker->vtable->stop (worker);
  g_main_context_pop_thread_default (worker->context);

  vs_context_dispatch (worker->engine->main_context, worker_finished_cb, worker, NULL);

  return NULL;
}

static void
worker_free (VsWorker *worker)
{
  if (worker->transport != NULL)
    worker->vtable->free (worker);
  g_clear_pointer (&worker->loop, g_main_loop_unref);
  g_clear_pointer (&worker->context, g_main_context_unref);
  g_clear_pointer (&worker->current, vs_load_counters_free);
  g_clear_pointer (&worker->spare, vs_load_counters_free);
  g_mutex_clear (&worker->lock);
  g_free (worker);
}

/* Engine side ------------------------------------------------------------ */

static void
collect (VsLoadEngine *self,
         gint64        now)
{
  VsLoadCounters *interval = self->interval;
  VsLoadCounters *target;
  VsLoadSnapshot snapshot = { 0 };
  guint64 in_flight = 0;
  guint64 backlog = 0;

  vs_load_counters_reset (interval);

  for (guint i = 0; i < self->n_workers; i++)
    {
      VsWorker *worker = self->workers[i];
      VsLoadCounters *filled;

      g_mutex_lock (&worker->lock);
      filled = worker->current;
      worker->current = worker->spare;
      g_mutex_unlock (&worker->lock);

      vs_load_counters_merge (interval, filled);
      vs_load_counters_reset (filled);
      worker->spare = filled;

      in_flight += g_atomic_int_get (&worker->in_flight);
      backlog += g_atomic_int_get (&worker->backlog);
    }

  target = self->phase == VS_LOAD_PHASE_WARMUP ? self->result->warmup : self->result->totals;
  vs_load_counters_merge (target, interval);

  if (self->phase == VS_LOAD_PHASE_MEASURING)
    self->result->rate_backlog_max = MAX (self->result->rate_backlog_max, backlog);

  snapshot.phase = self->phase;
  snapshot.elapsed_s = (now - self->load_start) / (double) G_USEC_PER_SEC;
  snapshot.total_s = (self->profile->warmup_us + self->profile->duration_us) / (double) G_USEC_PER_SEC;
  snapshot.point.t_s = snapshot.elapsed_s;
  snapshot.point.interval_s = (now - self->last_tick) / (double) G_USEC_PER_SEC;
  snapshot.point.warmup = self->phase == VS_LOAD_PHASE_WARMUP;
  snapshot.point.requests = interval->requests;
  snapshot.point.errors = vs_load_counters_get_errors (interval) +
                          interval->errors[VS_ERROR_CLASS_HTTP_4XX] +
                          interval->errors[VS_ERROR_CLASS_HTTP_5XX];
  snapshot.point.bytes = interval->bytes;
  snapshot.point.p50_us = vs_histogram_get_percentile (interval->latency, 50.0);
  snapshot.point.p90_us = vs_histogram_get_percentile (interval->latency, 90.0);
  snapshot.point.p99_us = vs_histogram_get_percentile (interval->latency, 99.0);
  snapshot.point.max_us = vs_histogram_get_max (interval->latency);
  snapshot.interval = interval;
  snapshot.totals = self->result->totals;
  snapshot.in_flight = in_flight;
  snapshot.backlog = backlog;

  self->last_tick = now;

  if (snapshot.point.interval_s > 0.0005)
    g_array_append_val (self->result->timeline, snapshot.point);

  g_signal_emit (self, signals[SNAPSHOT], 0, &snapshot);
}

static void
stop_workers (VsLoadEngine *self)
{
  if (self->stopping)
    return;

  self->stopping = TRUE;
  clear_source (&self->tick_source);

  for (guint i = 0; i < self->n_workers; i++)
    vs_context_dispatch (self->workers[i]->context, worker_stop_cb, self->workers[i], NULL);
}

static void
end_phase (VsLoadEngine *self,
           gint64        now)
{
  double elapsed = (now - self->phase_start) / (double) G_USEC_PER_SEC;

  if (self->phase == VS_LOAD_PHASE_WARMUP)
    self->result->warmup_s = elapsed;
  else if (self->phase == VS_LOAD_PHASE_MEASURING)
    self->result->duration_s = elapsed;
  self->phase_start = now;
}

static gboolean
tick_cb (gpointer data)
{
  VsLoadEngine *self = data;
  gint64 now = g_get_monotonic_time ();

  g_clear_pointer (&self->tick_source, g_source_unref);

  collect (self, now);

  /* a snapshot handler may have stopped the run */
  if (self->stopping)
    return G_SOURCE_REMOVE;

  if (self->phase == VS_LOAD_PHASE_WARMUP && now >= self->warmup_end - 500)
    {
      end_phase (self, now);
      self->phase = VS_LOAD_PHASE_MEASURING;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
  else if (self->phase == VS_LOAD_PHASE_MEASURING && now >= self->end - 500)
    {
      stop_workers (self);
      return G_SOURCE_REMOVE;
    }

  schedule_tick (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_tick (VsLoadEngine *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 next = self->last_tick + self->profile->interval_us;
  gint64 boundary = self->phase == VS_LOAD_PHASE_WARMUP ? self->warmup_end : self->end;

  /* Never leave a sliver of an interval before a phase boundary */
  if (next > boundary - self->profile->interval_us / 4)
    next = boundary;

  g_assert (self->tick_source == NULL);
  self->tick_source = g_timeout_source_new (MAX (0, (next - now + 999) / 1000));
  g_source_set_priority (self->tick_source, G_PRIORITY_HIGH);
  g_source_set_callback (self->tick_source, tick_cb, self, NULL);
  g_source_set_static_name (self->tick_source, "[versus] load engine tick");
  g_source_attach (self->tick_source, self->main_context);
}

static double
timeval_s (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

static void
judge_rate (VsLoadEngine *self)
{
  VsLoadResult *result = self->result;
  double achieved = vs_load_result_get_achieved_rate (result);
  gint64 lag_p99 = vs_histogram_get_percentile (result->totals->generator_lag, 99.0);
  guint64 backlog_end = 0;

  for (guint i = 0; i < self->n_workers; i++)
    backlog_end += g_atomic_int_get (&self->workers[i]->backlog);
  result->rate_backlog_end = backlog_end;

  if (result->interrupted || result->duration_s <= 0)
    return;

  result->generator_behind = lag_p99 > 5000;
  if (lag_p99 > 5000)
    result->rate_problem =
      g_strdup_printf (_("the load generator could not keep up: requests due on idle connections "
                         "went out %.1f ms late (p99); use more workers or a lower rate"),
                       lag_p99 / 1000.0);
  else if (achieved < 0.98 * self->profile->rate)
    result->rate_problem =
      g_strdup_printf (_("the target could not keep up: %.1f req/s sent of %.1f asked, with all "
                         "%u connections busy (backlog up to %llu); latencies include the queueing"),
                       achieved, self->profile->rate, self->profile->connections,
                       (unsigned long long) result->rate_backlog_max);
}

static void
finish_run (VsLoadEngine *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  gint64 now = g_get_monotonic_time ();
  struct rusage usage;

  /* What completed between the last tick and the stop */
  if (self->phase == VS_LOAD_PHASE_WARMUP || self->phase == VS_LOAD_PHASE_MEASURING)
    {
      collect (self, now);
      end_phase (self, now);
    }
  else
    {
      /* stopped while connecting: keep the connection figures */
      collect (self, now);
    }

  for (guint i = 0; i < self->n_workers; i++)
    self->result->in_flight_at_stop += self->workers[i]->in_flight_at_stop;

  if (getrusage (RUSAGE_SELF, &usage) == 0)
    {
      self->result->cpu_user_s = timeval_s (&usage.ru_utime) - timeval_s (&self->usage_start.ru_utime);
      self->result->cpu_system_s = timeval_s (&usage.ru_stime) - timeval_s (&self->usage_start.ru_stime);
      self->result->max_rss_kb = usage.ru_maxrss;
    }

  if (self->profile->mode == VS_LOAD_MODE_RATE)
    judge_rate (self);

  self->phase = VS_LOAD_PHASE_DONE;
  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);

  clear_source (&self->cancel_source);

  if (self->cancelled)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The load was cancelled"));
  else
    g_task_return_pointer (task, vs_load_result_ref (self->result),
                           (GDestroyNotify) vs_load_result_unref);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  VsLoadEngine *self = data;

  self->cancelled = TRUE;
  self->result->interrupted = TRUE;
  g_clear_pointer (&self->cancel_source, g_source_unref);
  stop_workers (self);

  return G_SOURCE_REMOVE;
}

static void
start_workers (VsLoadEngine *self)
{
  const VsTransportVTable *vtable;
  guint n_workers = vs_load_profile_get_effective_workers (self->profile);
  guint connections = self->profile->connections;

  vtable = self->result->transport == VS_TRANSPORT_SOUP ? &_vs_transport_soup : &_vs_transport_fast;

  self->n_workers = n_workers;
  self->result->workers = n_workers;
  self->workers = g_new0 (VsWorker *, n_workers);

  for (guint i = 0, first = 0; i < n_workers; i++)
    {
      VsWorker *worker = g_new0 (VsWorker, 1);

      worker->engine = self;
      worker->config = &self->config;
      worker->vtable = vtable;
      worker->index = i;
      worker->n_connections = connections / n_workers + (i < connections % n_workers ? 1 : 0);
      worker->rate = self->profile->rate * worker->n_connections / connections;
      worker->context = g_main_context_new ();
      worker->loop = g_main_loop_new (worker->context, FALSE);
      g_mutex_init (&worker->lock);
      worker->current = vs_load_counters_new ();
      worker->spare = vs_load_counters_new ();
      /* its own connections, placed among all the engine's when merged */
      vs_load_counters_track_connections (worker->current, first, worker->n_connections);
      vs_load_counters_track_connections (worker->spare, first, worker->n_connections);
      first += worker->n_connections;
      self->workers[i] = worker;
    }

  getrusage (RUSAGE_SELF, &self->usage_start);

  for (guint i = 0; i < n_workers; i++)
    {
      char name[16];

      g_snprintf (name, sizeof name, "vs-worker-%u", i);
      self->workers[i]->thread = g_thread_new (name, worker_thread, self->workers[i]);
    }
}

static GBytes *
build_request (const VsLoadProfile *profile,
               GUri                *uri)
{
  GString *req = g_string_new (NULL);
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);
  gboolean has_host = FALSE, has_ua = FALSE, has_len = FALSE, has_conn = FALSE;

  g_string_append_printf (req, "%s %s%s%s HTTP/1.1\r\n", profile->method,
                          *path ? path : "/", query ? "?" : "", query ? query : "");

  for (guint i = 0; i < profile->header_names->len; i++)
    {
      const char *name = g_ptr_array_index (profile->header_names, i);

      has_host |= g_ascii_strcasecmp (name, "Host") == 0;
      has_ua |= g_ascii_strcasecmp (name, "User-Agent") == 0;
      has_len |= g_ascii_strcasecmp (name, "Content-Length") == 0;
      has_conn |= g_ascii_strcasecmp (name, "Connection") == 0;
    }

  if (!has_host)
    {
      gboolean ipv6 = strchr (host, ':') != NULL;

      g_string_append_printf (req, "Host: %s%s%s", ipv6 ? "[" : "", host, ipv6 ? "]" : "");
      if (port > 0 && port != 80)
        g_string_append_printf (req, ":%d", port);
      g_string_append (req, "\r\n");
    }
  if (!has_ua)
    g_string_append (req, "User-Agent: versus/" PACKAGE_VERSION "\r\n");
  if (!has_conn && !profile->keep_alive)
    g_string_append (req, "Connection: close\r\n");

  for (guint i = 0; i < profile->header_names->len; i++)
    g_string_append_printf (req, "%s: %s\r\n",
                            (const char *) g_ptr_array_index (profile->header_names, i),
                            (const char *) g_ptr_array_index (profile->header_values, i));

  if (profile->body != NULL && !has_len)
    g_string_append_printf (req, "Content-Length: %" G_GSIZE_FORMAT "\r\n",
                            g_bytes_get_size (profile->body));
  g_string_append (req, "\r\n");
  if (profile->body != NULL)
    g_string_append_len (req, g_bytes_get_data (profile->body, NULL),
                         g_bytes_get_size (profile->body));

  return g_string_free_to_bytes (req);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(VsLoadEngine) self = data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);

  if (connection == NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      self->running = FALSE;
      clear_source (&self->cancel_source);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, VS_ERROR, VS_ERROR_CONNECT,
                                 _("Could not connect to %s:%d: %s"),
                                 g_uri_get_host (self->config.uri),
                                 g_uri_get_port (self->config.uri), error->message);
      return;
    }

  if (self->cancelled)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      self->running = FALSE;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The load was cancelled"));
      return;
    }

  self->config.address = g_socket_connection_get_remote_address (connection, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  if (self->stop_requested)
    {
      /* stopped while probing: an empty, interrupted run */
      getrusage (RUSAGE_SELF, &self->usage_start);
      finish_run (self);
      return;
    }

  start_workers (self);
}

static void
vs_load_engine_finalize (GObject *object)
{
  VsLoadEngine *self = (VsLoadEngine *) object;

  g_assert (self->task == NULL);

  for (guint i = 0; i < self->n_workers; i++)
    worker_free (self->workers[i]);
  g_free (self->workers);

  g_assert (self->tick_source == NULL);
  g_assert (self->cancel_source == NULL);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->interval, vs_load_counters_free);
  g_clear_pointer (&self->result, vs_load_result_unref);
  g_clear_pointer (&self->config.uri, g_uri_unref);
  g_clear_object (&self->config.address);
  g_clear_pointer (&self->config.request, g_bytes_unref);
  g_clear_pointer (&self->profile, vs_load_profile_unref);

  G_OBJECT_CLASS (vs_load_engine_parent_class)->finalize (object);
}

static void
vs_load_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VsLoadEngine *self = VS_LOAD_ENGINE (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_PHASE:
      g_value_set_int (value, self->phase);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_load_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VsLoadEngine *self = VS_LOAD_ENGINE (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      /* A private copy: the caller may go on editing theirs */
      self->profile = vs_load_profile_copy (g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_load_engine_class_init (VsLoadEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_load_engine_finalize;
  object_class->get_property = vs_load_engine_get_property;
  object_class->set_property = vs_load_engine_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         VS_TYPE_LOAD_PROFILE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PHASE] =
    g_param_spec_int ("phase", NULL, NULL,
                      VS_LOAD_PHASE_CONNECTING, VS_LOAD_PHASE_DONE, VS_LOAD_PHASE_CONNECTING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VsLoadEngine::snapshot:
   * @snapshot: a `VsLoadSnapshot`, valid during emission only (copy it to keep it)
   *
   * Emitted on the main context of the caller of vs_load_engine_run_async()
   * once per interval, and once more at the end.
   */
  signals[SNAPSHOT] =
    g_signal_new ("snapshot",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, VS_TYPE_LOAD_SNAPSHOT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vs_load_engine_init (VsLoadEngine *self)
{
  self->phase = VS_LOAD_PHASE_CONNECTING;
  self->interval = vs_load_counters_new ();
}

VsLoadEngine *
vs_load_engine_new (VsLoadProfile *profile)
{
  g_return_val_if_fail (profile != NULL, NULL);

  return g_object_new (VS_TYPE_LOAD_ENGINE, "profile", profile, NULL);
}

/**
 * vs_load_engine_get_profile:
 *
 * Returns: (transfer none): the engine's own copy of the profile
 */
VsLoadProfile *
vs_load_engine_get_profile (VsLoadEngine *self)
{
  g_return_val_if_fail (VS_IS_LOAD_ENGINE (self), NULL);

  return self->profile;
}

VsLoadPhase
vs_load_engine_get_phase (VsLoadEngine *self)
{
  g_return_val_if_fail (VS_IS_LOAD_ENGINE (self), VS_LOAD_PHASE_DONE);

  return self->phase;
}

/**
 * vs_load_engine_get_result:
 *
 * The figures so far: during a run they grow at every snapshot; after a
 * cancelled run they are the partial figures.
 *
 * Returns: (transfer none) (nullable): the result
 */
VsLoadResult *
vs_load_engine_get_result (VsLoadEngine *self)
{
  g_return_val_if_fail (VS_IS_LOAD_ENGINE (self), NULL);

  return self->result;
}

void
vs_load_engine_run_async (VsLoadEngine        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  int port;

  g_return_if_fail (VS_IS_LOAD_ENGINE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_load_engine_run_async);

  if (self->running || self->result != NULL)
    {
      g_task_return_new_error (task, VS_ERROR, VS_ERROR_FAILED,
                               _("A load engine runs only once; make a new one"));
      return;
    }

  if (!vs_load_profile_validate (self->profile, &error) ||
      !vs_load_profile_check_here (self->profile, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->running = TRUE;
  self->main_context = g_main_context_ref_thread_default ();
  self->result = vs_load_result_new (self->profile);
  self->config.profile = self->profile;
  self->config.uri = g_uri_parse (self->profile->url, VS_URI_FLAGS, NULL);
  self->config.head_request = g_ascii_strcasecmp (self->profile->method, "HEAD") == 0;
  self->config.timeout_us = self->profile->timeout_us;
  self->config.request = build_request (self->profile, self->config.uri);
  self->task = g_steal_pointer (&task);

  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, (GSourceFunc) (void (*)(void)) cancelled_cb,
                             self, NULL);
      g_source_attach (self->cancel_source, self->main_context);
    }

  port = g_uri_get_port (self->config.uri);
  if (port <= 0)
    port = g_ascii_strcasecmp (g_uri_get_scheme (self->config.uri), "https") == 0 ? 443 : 80;

  /* One real connection first: a target that is down is an error at once,
   * not a run full of connect errors; it also picks the address to use. */
  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, MAX (1, self->profile->timeout_us / G_USEC_PER_SEC));
  g_socket_client_set_enable_proxy (client, FALSE);
  connectable = g_network_address_new (g_uri_get_host (self->config.uri), port);
  g_socket_client_connect_async (client, connectable,
                                 g_task_get_cancellable (self->task),
                                 probe_cb, g_object_ref (self));
}

VsLoadResult *
vs_load_engine_run_finish (VsLoadEngine  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (VS_IS_LOAD_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vs_load_engine_stop:
 *
 * Ends the run now; it completes normally, with the figures so far and
 * `interrupted` set.
 */
void
vs_load_engine_stop (VsLoadEngine *self)
{
  g_return_if_fail (VS_IS_LOAD_ENGINE (self));

  if (!self->running)
    return;

  self->result->interrupted = TRUE;
  if (self->n_workers == 0)
    /* still probing the target: the run ends as soon as the probe does */
    self->stop_requested = TRUE;
  else
    stop_workers (self);
}

typedef struct
{
  GMainLoop    *loop;
  VsLoadResult *result;
  GError       *error;
} SyncData;

static void
run_sync_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  SyncData *sync = data;

  sync->result = vs_load_engine_run_finish (VS_LOAD_ENGINE (object), result, &sync->error);
  g_main_loop_quit (sync->loop);
}

/* For tools and tests: runs on a private main context. */
VsLoadResult *
vs_load_engine_run_sync (VsLoadEngine  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncData sync = { 0 };

  g_return_val_if_fail (VS_IS_LOAD_ENGINE (self), NULL);

  g_main_context_push_thread_default (context);
  sync.loop = g_main_loop_new (context, FALSE);
  vs_load_engine_run_async (self, cancellable, run_sync_cb, &sync);
  g_main_loop_run (sync.loop);
  g_main_loop_unref (sync.loop);
  g_main_context_pop_thread_default (context);

  if (sync.error != NULL)
    {
      g_propagate_error (error, sync.error);
      return NULL;
    }

  return sync.result;
}
