/* vs-transport-soup.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The libsoup transport: https://, HTTP/2 where the server offers it, and
 * everything libsoup knows that the fast transport does not.
 *
 * One SoupSession holding hundreds of connections is quadratic (it opens
 * them one at a time and scans its queue for every message), so each worker
 * spreads its connections over sessions of at most SESSION_CONNECTIONS, with
 * no proxy resolver, no content decoder, no logger and no per-request signal
 * handlers. Each "slot" is one request in flight at a time, like a
 * connection of the fast transport.
 */

#include "config.h"

#include <libsoup/soup.h>

#include "vs-load-engine-private.h"

#define SESSION_CONNECTIONS 16
#define SCAN_INTERVAL_MS    5

typedef struct _SoupWorker SoupWorker;

typedef struct
{
  SoupWorker   *sw;
  guint         index;
  SoupSession  *session;
  guint         session_index;
  GCancellable *cancellable;
  gint64        intended;
  gint64        sent_at;
  gint64        deadline;
  guint64       last_connection;
  guint         busy : 1;
  guint         timed_out : 1;
  guint         preconnecting : 1;
} Slot;

struct _SoupWorker
{
  VsWorker     *worker;
  GPtrArray    *sessions;
  Slot         *slots;
  guint         n_slots;
  guint        *idle;
  guint         n_idle;
  guint         n_preconnecting;
  GSource      *timer;
  GSource      *due;           /* open loop: fires when the next request is due */
  GHashTable   *connections;   /* (session index << 32 | connection id) seen */
  gboolean      go;
  gboolean      open_loop;
};

int
_vs_classify_soup_error (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_HOST_NOT_FOUND:
          return VS_ERROR_CLASS_CONNECT;
        case G_IO_ERROR_TIMED_OUT:
          return VS_ERROR_CLASS_TIMEOUT;
        case G_IO_ERROR_BROKEN_PIPE:
          return VS_ERROR_CLASS_WRITE;
        default:
          return VS_ERROR_CLASS_READ;
        }
    }

  if (error->domain == SOUP_SESSION_ERROR)
    {
      switch (error->code)
        {
        case SOUP_SESSION_ERROR_PARSING:
        case SOUP_SESSION_ERROR_ENCODING:
        case SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS:
        case SOUP_SESSION_ERROR_REDIRECT_NO_LOCATION:
        case SOUP_SESSION_ERROR_REDIRECT_BAD_URI:
          return VS_ERROR_CLASS_MALFORMED;
        default:
          return VS_ERROR_CLASS_READ;
        }
    }

  if (error->domain == G_TLS_ERROR || error->domain == G_RESOLVER_ERROR)
    return VS_ERROR_CLASS_CONNECT;

  return VS_ERROR_CLASS_READ;
}

static SoupMessage *
build_message (SoupWorker *sw)
{
  const VsEngineConfig *config = sw->worker->config;
  const VsLoadProfile *profile = config->profile;
  SoupMessage *msg = soup_message_new_from_uri (profile->method, config->uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  const char *content_type = NULL;

  for (guint i = 0; i < profile->header_names->len; i++)
    {
      const char *name = g_ptr_array_index (profile->header_names, i);
      const char *value = g_ptr_array_index (profile->header_values, i);

      if (g_ascii_strcasecmp (name, "Content-Type") == 0)
        content_type = value;
      else
        soup_message_headers_append (headers, name, value);
    }

  if (!profile->keep_alive)
    soup_message_headers_replace (headers, "Connection", "close");
  if (soup_message_headers_get_one (headers, "User-Agent") == NULL)
    soup_message_headers_replace (headers, "User-Agent", "versus/" PACKAGE_VERSION);

  if (profile->body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, profile->body);
  else if (content_type != NULL)
    soup_message_headers_replace (headers, "Content-Type", content_type);

  return msg;
}

static guint64
head_size (SoupMessage *msg)
{
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint64 size = 17 + strlen (soup_message_get_reason_phrase (msg) ?: "");

  soup_message_headers_iter_init (&iter, soup_message_get_response_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    size += strlen (name) + strlen (value) + 4;

  return size + 2;
}

static gboolean
due_dispatch (GSource     *source,
              GSourceFunc  callback,
              gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs due_funcs = {
  .dispatch = due_dispatch,
};

static void
schedule_due (SoupWorker *sw)
{
  if (sw->due == NULL)
    return;

  if (sw->go && sw->n_idle > 0 && !sw->worker->stopping)
    g_source_set_ready_time (sw->due, _vs_worker_next_due (sw->worker));
  else
    g_source_set_ready_time (sw->due, -1);
}

static void slot_send (Slot *slot, gint64 intended, gint64 now);
static void slot_next (Slot *slot, gint64 now);

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Slot *slot = data;
  SoupWorker *sw = slot->sw;
  VsWorker *worker = sw->worker;
  g_autoptr(SoupMessage) msg = g_object_ref (soup_session_get_async_result_message (SOUP_SESSION (object), result));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  now = g_get_monotonic_time ();

  slot->busy = FALSE;
  g_atomic_int_add (&worker->in_flight, -1);

  if (worker->stopping)
    return;

  g_mutex_lock (&worker->lock);

  if (body == NULL)
    {
      VsErrorClass error_class;

      if (slot->timed_out)
        {
          error_class = VS_ERROR_CLASS_TIMEOUT;
          _vs_worker_record_timed_out (worker, worker->current, slot->index, slot->intended,
                                       slot->sent_at, now);
        }
      else
        error_class = _vs_classify_soup_error (error);
      worker->current->errors[error_class]++;
    }
  else
    {
      guint64 id = soup_message_get_connection_id (msg);
      guint64 key = ((guint64) slot->session_index << 32) | (id & G_MAXUINT32);

      worker->current->sent++;
      if (id != 0 && g_hash_table_add (sw->connections, g_memdup2 (&key, sizeof key)))
        worker->current->connections_opened++;
      _vs_worker_record_response (worker, worker->current, slot->index, soup_message_get_status (msg),
                                  g_bytes_get_size (body) + head_size (msg),
                                  slot->intended, slot->sent_at, now);
    }

  g_mutex_unlock (&worker->lock);

  slot_next (slot, now);
}

static void
slot_send (Slot   *slot,
           gint64  intended,
           gint64  now)
{
  g_autoptr(SoupMessage) msg = build_message (slot->sw);

  slot->busy = TRUE;
  slot->timed_out = FALSE;
  slot->intended = intended;
  slot->sent_at = now;
  slot->deadline = now + slot->sw->worker->config->timeout_us;
  g_cancellable_reset (slot->cancellable);
  g_atomic_int_inc (&slot->sw->worker->in_flight);

  soup_session_send_and_read_async (slot->session, msg, G_PRIORITY_DEFAULT,
                                    slot->cancellable, send_cb, slot);
}

static void
dispatch_due (SoupWorker *sw,
              gint64      now)
{
  VsWorker *worker = sw->worker;

  while (sw->n_idle > 0 && !worker->stopping)
    {
      gint64 due = _vs_worker_next_due (worker);

      if (due > now)
        break;

      g_mutex_lock (&worker->lock);
      vs_histogram_record (worker->current->generator_lag, now - due);
      g_mutex_unlock (&worker->lock);
      worker->scheduled++;
      slot_send (&sw->slots[sw->idle[--sw->n_idle]], due, now);
    }
}

static void
slot_next (Slot   *slot,
           gint64  now)
{
  SoupWorker *sw = slot->sw;
  VsWorker *worker = sw->worker;

  if (!sw->go || worker->stopping)
    {
      if (sw->open_loop)
        sw->idle[sw->n_idle++] = slot->index;
      return;
    }

  if (!sw->open_loop)
    slot_send (slot, now, now);
  else if (_vs_worker_next_due (worker) <= now)
    {
      gint64 due = _vs_worker_next_due (worker);

      worker->scheduled++;
      slot_send (slot, due, now);
    }
  else
    {
      sw->idle[sw->n_idle++] = slot->index;
      schedule_due (sw);
    }
}

static gboolean
due_cb (gpointer data)
{
  SoupWorker *sw = data;
  gint64 now = g_get_monotonic_time ();

  dispatch_due (sw, now);
  _vs_worker_update_backlog (sw->worker, now);
  schedule_due (sw);

  return G_SOURCE_CONTINUE;
}

static gboolean
timer_cb (gpointer data)
{
  SoupWorker *sw = data;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < sw->n_slots; i++)
    {
      Slot *slot = &sw->slots[i];

      if (slot->busy && !slot->timed_out && now >= slot->deadline)
        {
          slot->timed_out = TRUE;
          g_cancellable_cancel (slot->cancellable);
        }
    }

  if (sw->go && sw->open_loop)
    {
      dispatch_due (sw, now);
      _vs_worker_update_backlog (sw->worker, now);
      schedule_due (sw);
    }

  return G_SOURCE_CONTINUE;
}

static void
preconnect_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  Slot *slot = data;
  SoupWorker *sw = slot->sw;
  g_autoptr(GError) error = NULL;

  slot->preconnecting = FALSE;

  if (!soup_session_preconnect_finish (SOUP_SESSION (object), result, &error))
    {
      if (!sw->worker->stopping)
        {
          g_mutex_lock (&sw->worker->lock);
          sw->worker->current->errors[_vs_classify_soup_error (error)]++;
          g_mutex_unlock (&sw->worker->lock);
        }
    }

  if (--sw->n_preconnecting == 0)
    _vs_worker_ready (sw->worker);
}

static void
soup_start (VsWorker *worker)
{
  SoupWorker *sw = g_new0 (SoupWorker, 1);
  guint n_sessions;

  worker->transport = sw;
  sw->worker = worker;
  sw->open_loop = worker->config->profile->mode == VS_LOAD_MODE_RATE;
  sw->n_slots = worker->n_connections;
  sw->slots = g_new0 (Slot, sw->n_slots);
  sw->idle = g_new0 (guint, sw->n_slots);
  sw->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  sw->connections = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  n_sessions = (sw->n_slots + SESSION_CONNECTIONS - 1) / SESSION_CONNECTIONS;
  for (guint i = 0; i < n_sessions; i++)
    {
      SoupSession *session = soup_session_new_with_options ("max-conns", SESSION_CONNECTIONS,
                                                            "max-conns-per-host", SESSION_CONNECTIONS,
                                                            "timeout", 0,
                                                            "idle-timeout", 0,
                                                            "proxy-resolver", NULL,
                                                            NULL);

      soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
      g_ptr_array_add (sw->sessions, session);
    }

  sw->timer = g_timeout_source_new (SCAN_INTERVAL_MS);
  g_source_set_callback (sw->timer, timer_cb, sw, NULL);
  g_source_set_static_name (sw->timer, "[versus] soup transport timer");
  g_source_attach (sw->timer, worker->context);

  if (sw->open_loop)
    {
      sw->due = g_source_new (&due_funcs, sizeof (GSource));
      g_source_set_callback (sw->due, due_cb, sw, NULL);
      g_source_set_priority (sw->due, G_PRIORITY_HIGH);
      g_source_set_static_name (sw->due, "[versus] soup transport schedule");
      g_source_set_ready_time (sw->due, -1);
      g_source_attach (sw->due, worker->context);
    }

  /* Open the connections before the measured window */
  sw->n_preconnecting = sw->n_slots;
  for (guint i = 0; i < sw->n_slots; i++)
    {
      Slot *slot = &sw->slots[i];
      g_autoptr(SoupMessage) msg = build_message (sw);

      slot->sw = sw;
      slot->index = i;
      slot->session_index = i / SESSION_CONNECTIONS;
      slot->session = g_ptr_array_index (sw->sessions, slot->session_index);
      slot->cancellable = g_cancellable_new ();
      slot->preconnecting = TRUE;
      if (sw->open_loop)
        sw->idle[sw->n_idle++] = i;
      soup_session_preconnect_async (slot->session, msg, G_PRIORITY_DEFAULT,
                                     slot->cancellable, preconnect_cb, slot);
    }
}

static void
soup_go (VsWorker *worker)
{
  SoupWorker *sw = worker->transport;
  gint64 now = g_get_monotonic_time ();

  sw->go = TRUE;

  if (sw->open_loop)
    {
      dispatch_due (sw, now);
      schedule_due (sw);
    }
  else
    for (guint i = 0; i < sw->n_slots; i++)
      slot_send (&sw->slots[i], now, now);
}

static void
soup_stop (VsWorker *worker)
{
  SoupWorker *sw = worker->transport;
  gboolean pending;

  if (sw == NULL)
    return;

  /* Nothing new goes out from here on */
  if (sw->timer != NULL)
    {
      g_source_destroy (sw->timer);
      g_clear_pointer (&sw->timer, g_source_unref);
    }
  if (sw->due != NULL)
    {
      g_source_destroy (sw->due);
      g_clear_pointer (&sw->due, g_source_unref);
    }

  for (guint i = 0; i < sw->n_slots; i++)
    {
      if (sw->slots[i].busy)
        worker->in_flight_at_stop++;
      g_cancellable_cancel (sw->slots[i].cancellable);
    }

  /* Let the cancelled operations finish on this context before the sessions go */
  do
    {
      pending = sw->n_preconnecting > 0;
      for (guint i = 0; i < sw->n_slots && !pending; i++)
        pending = sw->slots[i].busy;
      if (pending)
        g_main_context_iteration (worker->context, TRUE);
    }
  while (pending);

  for (guint i = 0; i < sw->sessions->len; i++)
    soup_session_abort (g_ptr_array_index (sw->sessions, i));

  /* The sessions and their connections are finalized here, on the context
   * they belong to, which is drained afterwards: done from another thread
   * or later, their sockets would wait for a dispatch that never comes. */
  while (g_main_context_iteration (worker->context, FALSE))
    ;
  g_ptr_array_set_size (sw->sessions, 0);

  /* Drain what abort queued */
  while (g_main_context_iteration (worker->context, FALSE))
    ;
}

static void
soup_free (VsWorker *worker)
{
  SoupWorker *sw = worker->transport;

  for (guint i = 0; i < sw->n_slots; i++)
    g_clear_object (&sw->slots[i].cancellable);
  g_clear_pointer (&sw->sessions, g_ptr_array_unref);
  g_clear_pointer (&sw->connections, g_hash_table_unref);
  if (sw->timer != NULL)
    {
      g_source_destroy (sw->timer);
      g_source_unref (sw->timer);
    }
  if (sw->due != NULL)
    {
      g_source_destroy (sw->due);
      g_source_unref (sw->due);
    }
  g_free (sw->slots);
  g_free (sw->idle);
  g_free (sw);
  worker->transport = NULL;
}

const VsTransportVTable _vs_transport_soup = {
  .start = soup_start,
  .go = soup_go,
  .stop = soup_stop,
  .free = soup_free,
};
