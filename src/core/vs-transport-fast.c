/* vs-transport-fast.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The fast HTTP/1.1 transport.
 *
 * Each worker drives its connections from one epoll descriptor, attached to
 * the worker's GMainContext as a single unix-fd source and drained in one
 * dispatch, so a loop iteration costs O(ready) and not O(connections) as a
 * GSource per socket would with GLib's poll(2). Timers (timeouts, retries,
 * the open-loop schedule) come from one timerfd in the same epoll set, which
 * gives microsecond resolution where a GLib timeout has milliseconds.
 *
 * While the transport runs, the context's poll function is fast_poll(): the
 * context's own wake-up descriptor sits in the epoll set too, so the worker
 * waits in a single epoll_wait(2) whose events the dispatch then handles,
 * instead of a poll(2) on the epoll descriptor followed by an epoll_wait(2)
 * to learn what was ready. One system call per wake-up, as in wrk.
 *
 * Sockets are GSockets (connect, options, close); the per-request hot path
 * calls send(2)/recv(2) on their descriptors directly, because GSocket's
 * calls allocate a GError for every EAGAIN. Heads are parsed by libsoup
 * (see vs-http-parser.c); bodies are counted, never kept.
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <glib-unix.h>

#include "vs-http-parser.h"
#include "vs-load-engine-private.h"

#define READ_BUFFER_SIZE   (64 * 1024)
#define MAX_EVENTS         256
#define RETRY_DELAY_US     (10 * 1000)
#define RETRY_DELAY_MAX_US (500 * 1000)
#define SCAN_INTERVAL_US   (10 * 1000)
/* Batches of MAX_EVENTS one dispatch handles before it returns to the
 * worker's loop: a server that closes connections as fast as they open
 * keeps the epoll set full, and the loop must still see its stop message
 * (and the main thread its lock) */
#define MAX_BATCHES        16
/* A connection the server closed unused after this long timed out idle
 * (keep-alive); sooner, the server refused it */
#define IDLE_REFUSAL_US    G_USEC_PER_SEC

typedef enum {
  CONN_CLOSED,
  CONN_CONNECTING,
  CONN_IDLE,
  CONN_WRITING,
  CONN_READING,
  CONN_WAIT_RETRY,
} ConnState;

typedef struct _FastWorker FastWorker;

typedef struct
{
  FastWorker   *fw;
  GSocket      *socket;
  int           fd;
  guint8        state;
  guint32       events;
  guint         first_attempt_done : 1;
  guint         used : 1;      /* carried a request since it connected */
  guint8        failures;      /* attempts in a row that ended without a response */
  gint64        opened_at;
  VsHttpParser  parser;
  gsize         written;
  gint64        intended;
  gint64        sent_at;
  gint64        deadline;
} Conn;

struct _FastWorker
{
  VsWorker        *worker;
  VsLoadCounters  *counters;     /* valid while the lock is held in dispatch */
  int              epfd;
  int              timerfd;
  int              wakeup_fd;    /* the context's own, in the epoll set; -1 if not */
  GSource         *source;
  struct epoll_event pending[MAX_EVENTS]; /* what fast_poll() was told */
  int              n_pending;
  Conn            *conns;
  guint            n_conns;
  guint           *idle;         /* open loop: stack of idle connections */
  guint            n_idle;
  guint            n_unresolved; /* connections not yet connected or failed once */
  char            *rbuf;
  const char      *request;
  gsize            request_len;
  gint64           timer_at;
  gint64           next_scan;
  gboolean         go;
  gboolean         open_loop;
};

/* epoll data of the timerfd and of the context's wake-up descriptor; a
 * connection's is its Conn */
#define TIMER_MARK  NULL
static char wakeup_mark;

/* The fast worker run by this thread, for fast_poll() */
static __thread FastWorker *poll_owner;

static inline gboolean
is_busy (const Conn *conn)
{
  return conn->state == CONN_WRITING || conn->state == CONN_READING;
}

static void conn_open (Conn *conn, gint64 now);
static void conn_fail (Conn *conn, VsErrorClass error_class, gint64 now);

static void
idle_remove (Conn *conn)
{
  FastWorker *fw = conn->fw;
  guint index = conn - fw->conns;

  if (conn->state != CONN_IDLE || !fw->open_loop)
    return;

  for (guint i = 0; i < fw->n_idle; i++)
    {
      if (fw->idle[i] == index)
        {
          fw->idle[i] = fw->idle[--fw->n_idle];
          break;
        }
    }
}

static void
conn_set_events (Conn    *conn,
                 guint32  events)
{
  struct epoll_event ev = { .events = events, .data.ptr = conn };

  if (conn->events == events)
    return;

  epoll_ctl (conn->fw->epfd, conn->events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, conn->fd, &ev);
  conn->events = events;
}

static void
conn_close (Conn *conn)
{
  if (conn->socket == NULL)
    return;

  if (is_busy (conn))
    g_atomic_int_add (&conn->fw->worker->in_flight, -1);

  epoll_ctl (conn->fw->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
  g_socket_close (conn->socket, NULL);
  g_clear_object (&conn->socket);
  conn->fd = -1;
  conn->events = 0;
  conn->state = CONN_CLOSED;
}

static void
conn_resolved (Conn *conn)
{
  FastWorker *fw = conn->fw;

  if (conn->first_attempt_done)
    return;

  conn->first_attempt_done = TRUE;
  if (--fw->n_unresolved == 0)
    _vs_worker_ready (fw->worker);
}

static void
arm_timer (FastWorker *fw,
           gint64      at)
{
  struct itimerspec spec = { 0 };

  if (fw->timer_at == at)
    return;

  fw->timer_at = at;
  spec.it_value.tv_sec = at / G_USEC_PER_SEC;
  spec.it_value.tv_nsec = (at % G_USEC_PER_SEC) * 1000;
  if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0)
    spec.it_value.tv_nsec = 1;
  timerfd_settime (fw->timerfd, TFD_TIMER_ABSTIME, &spec, NULL);
}

static void
conn_send (Conn   *conn,
           gint64  intended,
           gint64  now)
{
  FastWorker *fw = conn->fw;
  ssize_t n;

  conn->intended = intended;
  conn->sent_at = now;
  conn->deadline = now + fw->worker->config->timeout_us;
  conn->written = 0;
  conn->used = TRUE;
  vs_http_parser_reset (&conn->parser, fw->worker->config->head_request);
  conn->state = CONN_WRITING;
  g_atomic_int_inc (&fw->worker->in_flight);

  n = send (conn->fd, fw->request, fw->request_len, MSG_NOSIGNAL);
  if (n == (ssize_t) fw->request_len)
    {
      conn->state = CONN_READING;
      fw->counters->sent++;
      return;
    }

  if (n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    {
      conn->written = MAX (n, 0);
      conn_set_events (conn, EPOLLIN | EPOLLOUT);
      return;
    }

  conn_fail (conn, VS_ERROR_CLASS_WRITE, now);
}

/* Open loop: hand out every due request to an idle connection. */
static void
dispatch_due (FastWorker *fw,
              gint64      now)
{
  VsWorker *worker = fw->worker;

  while (fw->n_idle > 0)
    {
      gint64 due = _vs_worker_next_due (worker);
      Conn *conn;

      if (due > now)
        break;

      conn = &fw->conns[fw->idle[--fw->n_idle]];
      vs_histogram_record (fw->counters->generator_lag, now - due);
      worker->scheduled++;
      conn_send (conn, due, now);
    }
}

/* A connection is free: give it work or park it. */
static void
conn_next (Conn   *conn,
           gint64  now)
{
  FastWorker *fw = conn->fw;
  VsWorker *worker = fw->worker;

  conn->state = CONN_IDLE;

  if (!fw->go || worker->stopping)
    {
      if (fw->open_loop)
        fw->idle[fw->n_idle++] = conn - fw->conns;
      return;
    }

  if (!fw->open_loop)
    {
      conn_send (conn, now, now);
      return;
    }

  if (_vs_worker_next_due (worker) <= now)
    {
      /* The request waited for a connection: the server's delay, not ours */
      gint64 due = _vs_worker_next_due (worker);

      worker->scheduled++;
      conn_send (conn, due, now);
    }
  else
    {
      fw->idle[fw->n_idle++] = conn - fw->conns;
      if (_vs_worker_next_due (worker) < fw->timer_at)
        arm_timer (fw, _vs_worker_next_due (worker));
    }
}

static void
conn_connected (Conn   *conn,
                gint64  now)
{
  conn->fw->counters->connections_opened++;
  conn_set_events (conn, EPOLLIN);
  conn_resolved (conn);
  conn_next (conn, now);
}

/* Opens the connection again, at once after one failure, then after a delay
 * that doubles with each failure in a row (10 ms to 0.5 s): a server that
 * refuses, resets or closes connections as fast as they open gets a
 * connect storm that backs off, not a loop at 100 % CPU. */
static void
conn_retry (Conn   *conn,
            gint64  now)
{
  FastWorker *fw = conn->fw;

  if (conn->failures < G_MAXUINT8)
    conn->failures++;
  conn_resolved (conn);

  if (conn->failures == 1)
    {
      conn_open (conn, now);
      return;
    }

  conn->state = CONN_WAIT_RETRY;
  conn->deadline = now + MIN (RETRY_DELAY_MAX_US,
                              (gint64) RETRY_DELAY_US << MIN (conn->failures - 2, 6));
  if (conn->deadline < fw->timer_at)
    arm_timer (fw, conn->deadline);
}

static void
conn_fail (Conn         *conn,
           VsErrorClass  error_class,
           gint64        now)
{
  FastWorker *fw = conn->fw;

  fw->counters->errors[error_class]++;
  conn_close (conn);

  /* A refused connect waits before the next attempt even the first time */
  if (error_class == VS_ERROR_CLASS_CONNECT && conn->failures == 0)
    conn->failures = 1;
  conn_retry (conn, now);
}

/* The server closed a connection that was waiting for work: after a while
 * that is its keep-alive timeout, and the connection opens again at once;
 * a connection closed before it carried anything was refused */
static void
conn_closed_idle (Conn   *conn,
                  gint64  now)
{
  gboolean refused = !conn->used && now - conn->opened_at < IDLE_REFUSAL_US;

  idle_remove (conn);
  conn_close (conn);
  if (refused)
    conn_retry (conn, now);
  else
    {
      conn->failures = 0;
      conn_open (conn, now);
    }
}

static void
conn_open (Conn   *conn,
           gint64  now)
{
  FastWorker *fw = conn->fw;
  GSocketAddress *address = fw->worker->config->address;
  g_autoptr(GError) error = NULL;
  int one = 1;

  if (fw->worker->stopping)
    return;

  conn->socket = g_socket_new (g_socket_address_get_family (address),
                               G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  if (conn->socket == NULL)
    {
      /* Out of descriptors, typically */
      conn->state = CONN_CLOSED;
      fw->counters->errors[VS_ERROR_CLASS_CONNECT]++;
      if (conn->failures == 0)
        conn->failures = 1;
      conn_retry (conn, now);
      return;
    }

  g_socket_set_blocking (conn->socket, FALSE);
  conn->fd = g_socket_get_fd (conn->socket);
  setsockopt (conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  conn->events = 0;
  conn->used = FALSE;
  conn->opened_at = now;
  conn->deadline = now + fw->worker->config->timeout_us;

  if (g_socket_connect (conn->socket, address, NULL, &error))
    {
      conn->state = CONN_CONNECTING;
      conn_connected (conn, now);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      conn->state = CONN_CONNECTING;
      conn_set_events (conn, EPOLLOUT);
    }
  else
    {
      conn->state = CONN_CONNECTING;
      conn_fail (conn, VS_ERROR_CLASS_CONNECT, now);
    }
}

static void
conn_response_done (Conn   *conn,
                    gint64  now)
{
  FastWorker *fw = conn->fw;
  VsHttpParser *parser = &conn->parser;

  g_atomic_int_add (&fw->worker->in_flight, -1);
  conn->state = CONN_IDLE;
  conn->failures = 0;
  _vs_worker_record_response (fw->worker, fw->counters, conn - fw->conns, parser->status,
                              parser->head_bytes + parser->body_bytes,
                              conn->intended, conn->sent_at, now);

  if (parser->keep_alive && fw->worker->config->profile->keep_alive)
    conn_next (conn, now);
  else
    {
      conn_close (conn);
      conn_open (conn, now);
    }
}

static void
conn_parse_error (Conn         *conn,
                  const GError *error,
                  gint64        now)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    conn_fail (conn, VS_ERROR_CLASS_READ, now);
  else
    conn_fail (conn, VS_ERROR_CLASS_MALFORMED, now);
}

static void
conn_readable (Conn   *conn,
               gint64  now)
{
  FastWorker *fw = conn->fw;
  g_autoptr(GError) error = NULL;
  ssize_t n;

  n = recv (conn->fd, fw->rbuf, READ_BUFFER_SIZE, 0);

  if (n < 0)
    {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return;
      if (conn->state == CONN_IDLE)
        conn_closed_idle (conn, now);
      else if (conn->state == CONN_WRITING && conn->written > 0)
        /* a reset seen on the read side while the request was going out (a
         * large body): the request was not sent */
        conn_fail (conn, VS_ERROR_CLASS_WRITE, now);
      else
        conn_fail (conn, VS_ERROR_CLASS_READ, now);
      return;
    }

  if (n == 0)
    {
      if (conn->state == CONN_IDLE)
        conn_closed_idle (conn, now);   /* not an error */
      else if (conn->state == CONN_WRITING && conn->written > 0)
        conn_fail (conn, VS_ERROR_CLASS_WRITE, now);
      else if (vs_http_parser_finish (&conn->parser, &error) == VS_HTTP_PARSE_COMPLETE)
        conn_response_done (conn, now);   /* close-delimited: it reconnects */
      else
        conn_parse_error (conn, error, now);
      return;
    }

  if (conn->state != CONN_READING)
    {
      /* Bytes nobody asked for */
      idle_remove (conn);
      conn_fail (conn, VS_ERROR_CLASS_MALFORMED, now);
      return;
    }

  {
    gsize consumed = 0;
    VsHttpParseStatus status;

    status = vs_http_parser_feed (&conn->parser, fw->rbuf, n, &consumed, &error);
    if (status == VS_HTTP_PARSE_ERROR)
      conn_parse_error (conn, error, now);
    else if (status == VS_HTTP_PARSE_COMPLETE)
      {
        if (consumed != (gsize) n)
          {
            /* More than one response for one request */
            conn_fail (conn, VS_ERROR_CLASS_MALFORMED, now);
            return;
          }
        conn_response_done (conn, now);
      }
  }
}

static void
conn_writable (Conn   *conn,
               gint64  now)
{
  FastWorker *fw = conn->fw;

  if (conn->state == CONN_CONNECTING)
    {
      g_autoptr(GError) error = NULL;

      if (g_socket_check_connect_result (conn->socket, &error))
        conn_connected (conn, now);
      else
        conn_fail (conn, VS_ERROR_CLASS_CONNECT, now);
      return;
    }

  if (conn->state == CONN_WRITING)
    {
      ssize_t n = send (conn->fd, fw->request + conn->written,
                        fw->request_len - conn->written, MSG_NOSIGNAL);

      if (n < 0)
        {
          if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            conn_fail (conn, VS_ERROR_CLASS_WRITE, now);
          return;
        }

      conn->written += n;
      if (conn->written == fw->request_len)
        {
          conn->state = CONN_READING;
          fw->counters->sent++;
          conn_set_events (conn, EPOLLIN);
        }
      return;
    }

  conn_set_events (conn, EPOLLIN);
}

static void
scan (FastWorker *fw,
      gint64      now)
{
  for (guint i = 0; i < fw->n_conns; i++)
    {
      Conn *conn = &fw->conns[i];

      switch (conn->state)
        {
        case CONN_CONNECTING:
          if (now >= conn->deadline)
            conn_fail (conn, VS_ERROR_CLASS_TIMEOUT, now);
          break;

        case CONN_WRITING:
        case CONN_READING:
          if (now >= conn->deadline)
            {
              _vs_worker_record_timed_out (fw->worker, fw->counters, conn - fw->conns, conn->intended,
                                           conn->sent_at, now);
              conn_fail (conn, VS_ERROR_CLASS_TIMEOUT, now);
            }
          break;

        case CONN_WAIT_RETRY:
          if (now >= conn->deadline)
            conn_open (conn, now);
          break;

        default:
          break;
        }
    }

  fw->next_scan = now + MIN (SCAN_INTERVAL_US, MAX (1000, fw->worker->config->timeout_us / 4));
}

static gboolean
dispatch_cb (int           fd,
             GIOCondition  condition,
             gpointer      data)
{
  FastWorker *fw = data;
  VsWorker *worker = fw->worker;
  struct epoll_event *events = fw->pending;
  gint64 now;
  int n;

  g_mutex_lock (&worker->lock);
  fw->counters = worker->current;

  /* What fast_poll() already collected, then whatever else is ready */
  n = fw->n_pending;
  fw->n_pending = 0;
  if (n == 0)
    n = epoll_wait (fw->epfd, events, MAX_EVENTS, 0);

  for (guint batch = 1; ; batch++)
    {
      gboolean woken = FALSE;

      for (int i = 0; i < n; i++)
        {
          Conn *conn = events[i].data.ptr;

          /* Read per event, as wrk does per request: with one time per
           * batch, a request sent late in a long batch would be stamped as
           * sent at its start, and its latency overstated by the wait. */
          now = g_get_monotonic_time ();

          if ((gpointer) conn == &wakeup_mark)
            {
              woken = TRUE;   /* GLib's to acknowledge, in its check */
              continue;
            }

          if (conn == TIMER_MARK)
            {
              guint64 expirations;

              if (read (fw->timerfd, &expirations, sizeof expirations) < 0)
                {
                  /* spurious wake-up: nothing to read */
                }
              fw->timer_at = G_MAXINT64;
              continue;
            }

          if (conn->socket == NULL)
            continue;

          if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP) &&
              (conn->state == CONN_CONNECTING || conn->state == CONN_WRITING))
            conn_writable (conn, now);
          else if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
            conn_readable (conn, now);
          else if (events[i].events & EPOLLOUT)
            conn_writable (conn, now);
        }

      /* Back to the loop when it has a message (a stop) or after
       * MAX_BATCHES: what is still ready is reported again */
      if (n < MAX_EVENTS || woken || batch >= MAX_BATCHES)
        break;
      n = epoll_wait (fw->epfd, events, MAX_EVENTS, 0);
    }

  now = g_get_monotonic_time ();

  if (now >= fw->next_scan)
    scan (fw, now);

  if (fw->open_loop && fw->go)
    {
      dispatch_due (fw, now);
      _vs_worker_update_backlog (worker, now);
    }

  {
    gint64 next = fw->next_scan;

    if (fw->open_loop && fw->go && fw->n_idle > 0)
      next = MIN (next, _vs_worker_next_due (worker));
    if (next != fw->timer_at)
      arm_timer (fw, next);
  }

  fw->counters = NULL;
  g_mutex_unlock (&worker->lock);

  return G_SOURCE_CONTINUE;
}

/* The worker context's poll function while the transport runs. In the
 * usual iteration GLib asks for two descriptors: the epoll set (our source)
 * and the context's wake-up descriptor, which is in the epoll set as well.
 * One epoll_wait() then answers for both, and its events are kept for
 * dispatch_cb(). Any other request (another source with descriptors, a
 * priority that leaves ours out) goes to g_poll() unchanged.
 *
 * The epoll set is level-triggered, so events kept for a dispatch that does
 * not come are reported again by the next wait: nothing is lost. */
static gint
fast_poll (GPollFD *fds,
           guint    nfds,
           gint     timeout)
{
  FastWorker *fw = poll_owner;
  GPollFD *ours = NULL;
  GPollFD *wakeup = NULL;
  int n;

  if (fw == NULL || fw->wakeup_fd < 0 || nfds != 2)
    return g_poll (fds, nfds, timeout);

  for (guint i = 0; i < nfds; i++)
    {
      if (fds[i].fd == fw->epfd)
        ours = &fds[i];
      else if (fds[i].fd == fw->wakeup_fd)
        wakeup = &fds[i];
    }
  if (ours == NULL || wakeup == NULL)
    return g_poll (fds, nfds, timeout);

  fw->n_pending = 0;
  n = epoll_wait (fw->epfd, fw->pending, MAX_EVENTS, timeout);
  if (n < 0)
    return -1;   /* errno is epoll_wait's, as GLib expects of a poll */

  ours->revents = 0;
  wakeup->revents = 0;
  for (int i = 0; i < n; i++)
    {
      if (fw->pending[i].data.ptr == &wakeup_mark)
        wakeup->revents = G_IO_IN;
      else
        fw->n_pending++;
    }
  if (fw->n_pending > 0)
    ours->revents = G_IO_IN;

  return (ours->revents != 0) + (wakeup->revents != 0);
}

/* The context's wake-up descriptor: the one descriptor it polls before any
 * source with descriptors is attached. -1 when that cannot be learnt. */
static int
context_wakeup_fd (GMainContext *context)
{
  GPollFD fds[4];
  gint priority, timeout;
  gint nfds;

  if (!g_main_context_acquire (context))
    return -1;
  g_main_context_prepare (context, &priority);
  nfds = g_main_context_query (context, G_MAXINT, &timeout, fds, G_N_ELEMENTS (fds));
  g_main_context_release (context);

  return nfds == 1 ? fds[0].fd : -1;
}

static void
fast_start (VsWorker *worker)
{
  FastWorker *fw = g_new0 (FastWorker, 1);
  struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
  gint64 now = g_get_monotonic_time ();

  worker->transport = fw;
  fw->worker = worker;
  fw->open_loop = worker->config->profile->mode == VS_LOAD_MODE_RATE;
  fw->epfd = epoll_create1 (EPOLL_CLOEXEC);
  fw->timerfd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  epoll_ctl (fw->epfd, EPOLL_CTL_ADD, fw->timerfd, &ev);
  fw->wakeup_fd = context_wakeup_fd (worker->context);
  if (fw->wakeup_fd >= 0)
    {
      struct epoll_event wev = { .events = EPOLLIN, .data.ptr = &wakeup_mark };

      if (epoll_ctl (fw->epfd, EPOLL_CTL_ADD, fw->wakeup_fd, &wev) < 0)
        fw->wakeup_fd = -1;
    }
  fw->timer_at = 0;
  fw->rbuf = g_malloc (READ_BUFFER_SIZE);
  fw->request = g_bytes_get_data (worker->config->request, &fw->request_len);
  fw->n_conns = worker->n_connections;
  fw->n_unresolved = fw->n_conns;
  fw->conns = g_new0 (Conn, fw->n_conns);
  fw->idle = g_new0 (guint, fw->n_conns);

  fw->source = g_unix_fd_source_new (fw->epfd, G_IO_IN);
  g_source_set_callback (fw->source, (GSourceFunc) (void (*)(void)) dispatch_cb, fw, NULL);
  g_source_set_static_name (fw->source, "[versus] fast transport");
  /* GLib blocks a source while it dispatches, unless it may recurse: it
   * removes the source's descriptor from the poll set and adds it back
   * afterwards, and each change wakes the context up through its eventfd.
   * That is two write(2)s, a read(2) and an extra loop iteration for every
   * dispatch. dispatch_cb never iterates the context, so recursion cannot
   * happen and the blocking buys nothing. */
  g_source_set_can_recurse (fw->source, TRUE);
  g_source_attach (fw->source, worker->context);
  if (fw->wakeup_fd >= 0)
    {
      poll_owner = fw;
      g_main_context_set_poll_func (worker->context, fast_poll);
    }

  g_mutex_lock (&worker->lock);
  fw->counters = worker->current;
  for (guint i = 0; i < fw->n_conns; i++)
    {
      Conn *conn = &fw->conns[i];

      conn->fw = fw;
      conn->fd = -1;
      vs_http_parser_init (&conn->parser, worker->config->head_request);
      conn_open (conn, now);
    }
  fw->counters = NULL;
  g_mutex_unlock (&worker->lock);

  scan (fw, now);
  arm_timer (fw, fw->next_scan);

  if (fw->n_unresolved == 0)
    _vs_worker_ready (worker);
}

static void
fast_go (VsWorker *worker)
{
  FastWorker *fw = worker->transport;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&worker->lock);
  fw->counters = worker->current;
  fw->go = TRUE;

  if (fw->open_loop)
    {
      dispatch_due (fw, now);
      arm_timer (fw, fw->n_idle > 0 ? _vs_worker_next_due (worker) : fw->next_scan);
    }
  else
    {
      for (guint i = 0; i < fw->n_conns; i++)
        if (fw->conns[i].state == CONN_IDLE)
          conn_send (&fw->conns[i], now, now);
    }

  fw->counters = NULL;
  g_mutex_unlock (&worker->lock);
}

static void
fast_stop (VsWorker *worker)
{
  FastWorker *fw = worker->transport;

  if (fw == NULL)
    return;

  for (guint i = 0; i < fw->n_conns; i++)
    {
      Conn *conn = &fw->conns[i];

      /* A request written out, unanswered at the stop */
      if (conn->state == CONN_READING)
        worker->in_flight_at_stop++;
      conn_close (conn);
    }

  if (fw->source != NULL)
    {
      g_source_destroy (fw->source);
      g_clear_pointer (&fw->source, g_source_unref);
    }

  if (poll_owner == fw)
    {
      g_main_context_set_poll_func (worker->context, NULL);
      poll_owner = NULL;
    }
}

static void
fast_free (VsWorker *worker)
{
  FastWorker *fw = worker->transport;

  for (guint i = 0; i < fw->n_conns; i++)
    {
      conn_close (&fw->conns[i]);
      vs_http_parser_clear (&fw->conns[i].parser);
    }

  if (fw->source != NULL)
    {
      g_source_destroy (fw->source);
      g_source_unref (fw->source);
    }
  if (fw->timerfd >= 0)
    close (fw->timerfd);
  if (fw->epfd >= 0)
    close (fw->epfd);
  g_free (fw->conns);
  g_free (fw->idle);
  g_free (fw->rbuf);
  g_free (fw);
  worker->transport = NULL;
}

const VsTransportVTable _vs_transport_fast = {
  .start = fast_start,
  .go = fast_go,
  .stop = fast_stop,
  .free = fast_free,
};
