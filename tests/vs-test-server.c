/* vs-test-server.c — real servers on loopback for the engine tests
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "vs-test-server.h"

struct _VsTestRawServer
{
  VsTestRawMode  mode;
  guint          delay_us;
  guint          max_accepts;
  int            listen_fd;
  guint16        port;
  GThread       *accept_thread;
  GMutex         lock;
  GPtrArray     *threads;     /* connection threads */
  GArray        *fds;         /* connection fds, for shutdown at the end */
  gint           stopping;
  guint64        requests;    /* atomic */
  guint64        accepts;     /* atomic */
  GArray        *holds;       /* gint64 µs from request read to response written, under lock */
};

typedef struct
{
  VsTestRawServer *server;
  int              fd;
  guint64          index;     /* in the order of accepting */
} RawConn;

static const char ok_response[] =
  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nHello World!";
static const char ok_close_response[] =
  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n"
  "Connection: close\r\n\r\nHello World!";
static const char truncated_response[] =
  "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789";

static void
sleep_us (guint us)
{
  struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

  while (clock_nanosleep (CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
    ;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Reads one request (head + Content-Length body). FALSE at EOF or error. */
static gboolean
read_request (int      fd,
              GString *buf)
{
  char tmp[65536];

  for (;;)
    {
      const char *end = g_strstr_len (buf->str, buf->len, "\r\n\r\n");

      if (end != NULL)
        {
          gsize head_len = end + 4 - buf->str;
          gsize body_len = 0;
          const char *cl = g_strstr_len (buf->str, head_len, "Content-Length:");

          if (cl != NULL)
            body_len = strtoul (cl + strlen ("Content-Length:"), NULL, 10);

          if (buf->len >= head_len + body_len)
            {
              g_string_erase (buf, 0, head_len + body_len);
              return TRUE;
            }
        }

      {
        ssize_t n = recv (fd, tmp, sizeof tmp, 0);

        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0)
          return FALSE;
        g_string_append_len (buf, tmp, n);
      }
    }
}

/* Reads the head only (for the reset case). */
static gboolean
read_head (int fd)
{
  GString *buf = g_string_new (NULL);
  char tmp[4096];
  gboolean ret = FALSE;

  for (;;)
    {
      ssize_t n;

      if (g_strstr_len (buf->str, buf->len, "\r\n\r\n") != NULL)
        {
          ret = TRUE;
          break;
        }
      n = recv (fd, tmp, sizeof tmp, 0);
      if (n <= 0)
        break;
      g_string_append_len (buf, tmp, n);
    }

  g_string_free (buf, TRUE);
  return ret;
}

static void
reset_close (int fd)
{
  struct linger lg = { 1, 0 };

  setsockopt (fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  close (fd);
}

static gpointer
raw_conn_thread (gpointer data)
{
  RawConn *rc = data;
  VsTestRawServer *self = rc->server;
  GString *buf = g_string_new (NULL);
  int fd = rc->fd;
  VsTestRawMode mode = self->mode;

  /* the unfair server: the first two connections are served, the rest stall */
  if (mode == VS_TEST_RAW_SERVE_FIRST_TWO)
    mode = rc->index < 2 ? VS_TEST_RAW_OK : VS_TEST_RAW_STALL;

  g_free (rc);

  if (self->mode == VS_TEST_RAW_RESET_AFTER_HEAD)
    {
      if (read_head (fd))
        g_atomic_pointer_add (&self->requests, 1);
      /* mark closed before closing, so stop does not shut a reused number */
      g_mutex_lock (&self->lock);
      for (guint i = 0; i < self->fds->len; i++)
        if (g_array_index (self->fds, int, i) == fd)
          g_array_index (self->fds, int, i) = -1;
      g_mutex_unlock (&self->lock);
      reset_close (fd);
      g_string_free (buf, TRUE);
      return NULL;
    }

  while (!g_atomic_int_get (&self->stopping) && read_request (fd, buf))
    {
      gboolean keep_going = TRUE;
      gint64 read_at = g_get_monotonic_time ();
      gint64 hold;

      g_atomic_pointer_add (&self->requests, 1);

      if (self->delay_us > 0)
        sleep_us (self->delay_us);

      switch (mode)
        {
        case VS_TEST_RAW_OK:
          keep_going = write_all (fd, ok_response, sizeof ok_response - 1);
          break;
        case VS_TEST_RAW_OK_CLOSE:
          write_all (fd, ok_close_response, sizeof ok_close_response - 1);
          keep_going = FALSE;
          break;
        case VS_TEST_RAW_STALL:
          /* wait until the client gives up or the server stops */
          while (!g_atomic_int_get (&self->stopping))
            {
              struct pollfd pfd = { fd, POLLIN, 0 };
              char tmp[256];

              if (poll (&pfd, 1, 20) > 0 && recv (fd, tmp, sizeof tmp, 0) <= 0)
                break;
            }
          keep_going = FALSE;
          break;
        case VS_TEST_RAW_CLOSE_SILENTLY:
          keep_going = FALSE;
          break;
        case VS_TEST_RAW_GARBAGE:
          write_all (fd, "HELLO THERE\r\n\r\n", 15);
          keep_going = FALSE;
          break;
        case VS_TEST_RAW_TRUNCATED:
          write_all (fd, truncated_response, sizeof truncated_response - 1);
          keep_going = FALSE;
          break;
        case VS_TEST_RAW_RESET_AFTER_HEAD:
        case VS_TEST_RAW_CLOSE_AT_ONCE:
        default:
          g_assert_not_reached ();
        }

      hold = g_get_monotonic_time () - read_at;
      g_mutex_lock (&self->lock);
      g_array_append_val (self->holds, hold);
      g_mutex_unlock (&self->lock);

      if (!keep_going)
        break;
    }

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->fds->len; i++)
    if (g_array_index (self->fds, int, i) == fd)
      g_array_index (self->fds, int, i) = -1;
  g_mutex_unlock (&self->lock);
  close (fd);
  g_string_free (buf, TRUE);

  return NULL;
}

static gpointer
raw_accept_thread (gpointer data)
{
  VsTestRawServer *self = data;

  while (!g_atomic_int_get (&self->stopping))
    {
      struct pollfd pfd = { self->listen_fd, POLLIN, 0 };
      RawConn *rc;
      int fd;

      if (poll (&pfd, 1, 20) <= 0)
        continue;

      fd = accept (self->listen_fd, NULL, NULL);
      if (fd < 0)
        continue;

      if (self->mode == VS_TEST_RAW_CLOSE_AT_ONCE)
        {
          close (fd);
          g_atomic_pointer_add (&self->accepts, 1);
          continue;
        }

      rc = g_new0 (RawConn, 1);
      rc->server = self;
      rc->fd = fd;
      rc->index = (guint64) g_atomic_pointer_get (&self->accepts);

      g_mutex_lock (&self->lock);
      g_array_append_val (self->fds, fd);
      g_ptr_array_add (self->threads, g_thread_new ("raw-conn", raw_conn_thread, rc));
      g_mutex_unlock (&self->lock);

      if (g_atomic_pointer_add (&self->accepts, 1) + 1 == self->max_accepts)
        {
          /* Stop listening: later connections are refused */
          close (self->listen_fd);
          self->listen_fd = -1;
          break;
        }
    }

  return NULL;
}

VsTestRawServer *
vs_test_raw_server_new (VsTestRawMode mode,
                        guint         delay_us,
                        guint         max_accepts)
{
  VsTestRawServer *self = g_new0 (VsTestRawServer, 1);
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int one = 1;

  self->mode = mode;
  self->delay_us = delay_us;
  self->max_accepts = max_accepts;
  self->threads = g_ptr_array_new ();
  self->fds = g_array_new (FALSE, FALSE, sizeof (int));
  self->holds = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_mutex_init (&self->lock);

  self->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (self->listen_fd, >=, 0);
  setsockopt (self->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (self->listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (self->listen_fd, 1024), ==, 0);
  getsockname (self->listen_fd, (struct sockaddr *) &addr, &len);
  self->port = ntohs (addr.sin_port);

  self->accept_thread = g_thread_new ("raw-accept", raw_accept_thread, self);

  return self;
}

guint16
vs_test_raw_server_get_port (VsTestRawServer *self)
{
  return self->port;
}

char *
vs_test_raw_server_get_url (VsTestRawServer *self,
                            const char      *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path);
}

guint64
vs_test_raw_server_get_requests (VsTestRawServer *self)
{
  return (guint64) g_atomic_pointer_get (&self->requests);
}

guint64
vs_test_raw_server_get_accepts (VsTestRawServer *self)
{
  return (guint64) g_atomic_pointer_get (&self->accepts);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The server's own account of how long it held a request (read to written):
 * the referee for a measured latency. The wait it was asked for is only a
 * floor — on a loaded machine its sleep wakes late. */
gint64
vs_test_raw_server_get_hold_median (VsTestRawServer *self)
{
  g_autoptr(GArray) holds = NULL;

  g_mutex_lock (&self->lock);
  holds = g_array_copy (self->holds);
  g_mutex_unlock (&self->lock);

  if (holds->len == 0)
    return 0;
  g_array_sort (holds, compare_gint64);
  return g_array_index (holds, gint64, holds->len / 2);
}

void
vs_test_raw_server_free (VsTestRawServer *self)
{
  g_atomic_int_set (&self->stopping, 1);
  g_thread_join (self->accept_thread);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->fds->len; i++)
    {
      int fd = g_array_index (self->fds, int, i);

      if (fd >= 0)
        shutdown (fd, SHUT_RDWR);
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));

  if (self->listen_fd >= 0)
    close (self->listen_fd);
  g_ptr_array_unref (self->threads);
  g_array_unref (self->fds);
  g_array_unref (self->holds);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* SoupServer ------------------------------------------------------------- */

struct _VsTestSoupServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base;
  guint64       requests;   /* atomic */
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
};

typedef struct
{
  SoupServerMessage *msg;
} Delayed;

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "Hello World!", 12);
  soup_server_message_unpause (msg);
  g_object_unref (msg);

  return G_SOURCE_REMOVE;
}

static void
soup_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  VsTestSoupServer *self = data;

  g_atomic_pointer_add (&self->requests, 1);

  if (g_str_has_prefix (path, "/status/"))
    {
      soup_server_message_set_status (msg, atoi (path + strlen ("/status/")), NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "status", 6);
    }
  else if (g_str_has_prefix (path, "/delay/"))
    {
      GSource *source = g_timeout_source_new (atoi (path + strlen ("/delay/")));

      soup_server_message_pause (msg);
      g_source_set_callback (source, unpause_cb, g_object_ref (msg), NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
  else if (g_str_equal (path, "/chunked"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "Hello", 5);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, " ", 1);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "World!", 6);
      soup_message_body_complete (body);
    }
  else
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "Hello World!", 12);
    }
}

static gpointer
soup_server_thread (gpointer data)
{
  VsTestSoupServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "versus-test", NULL);
  soup_server_add_handler (self->server, NULL, soup_handler, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  self->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

VsTestSoupServer *
vs_test_soup_server_new (void)
{
  VsTestSoupServer *self = g_new0 (VsTestSoupServer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("soup-server", soup_server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

char *
vs_test_soup_server_get_url (VsTestSoupServer *self,
                             const char       *path)
{
  return g_strconcat (self->base, path, NULL);
}

guint64
vs_test_soup_server_get_requests (VsTestSoupServer *self)
{
  return (guint64) g_atomic_pointer_get (&self->requests);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
vs_test_soup_server_free (VsTestSoupServer *self)
{
  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->base);
  g_free (self);
}

guint
vs_test_count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

struct _VsTestServerProcess
{
  GSubprocess *process;
  char        *base;
};

VsTestServerProcess *
vs_test_server_process_new (void)
{
  VsTestServerProcess *self = g_new0 (VsTestServerProcess, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  const char *path = g_getenv ("VS_TEST_HTTP_SERVER");

  g_assert_nonnull (path);
  self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    &error, path, NULL);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  self->base = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self->base);

  return self;
}

char *
vs_test_server_process_get_url (VsTestServerProcess *self,
                                const char          *path)
{
  return g_strconcat (self->base, path, NULL);
}

void
vs_test_server_process_free (VsTestServerProcess *self)
{
  g_output_stream_close (g_subprocess_get_stdin_pipe (self->process), NULL, NULL);
  g_subprocess_wait (self->process, NULL, NULL);
  g_object_unref (self->process);
  g_free (self->base);
  g_free (self);
}


guint
vs_test_count_threads (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "\nThreads:");
  return line ? (guint) atoi (line + strlen ("\nThreads:")) : 0;
}
