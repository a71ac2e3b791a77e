/* vs-test-server.h — real servers on loopback for the engine tests
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A raw HTTP/1.1 server on 127.0.0.1, one thread per connection, that can
 * misbehave on purpose. */
typedef enum
{
  VS_TEST_RAW_OK,              /* 200 "Hello World!", keep-alive */
  VS_TEST_RAW_OK_CLOSE,        /* 200 with Connection: close, then closes */
  VS_TEST_RAW_STALL,           /* reads the request, never answers */
  VS_TEST_RAW_CLOSE_SILENTLY,  /* reads the request, closes without answering */
  VS_TEST_RAW_GARBAGE,         /* answers with something that is not HTTP */
  VS_TEST_RAW_RESET_AFTER_HEAD,/* reads the request head, resets the connection */
  VS_TEST_RAW_TRUNCATED,       /* promises 100 bytes of body, sends 10, closes */
  VS_TEST_RAW_CLOSE_AT_ONCE,   /* accepts and closes at once, reading nothing
                                * (a server out of connections) */
  VS_TEST_RAW_SERVE_FIRST_TWO, /* 200 keep-alive on the first two connections it
                                * accepts; every later one stalls (an unfair server) */
} VsTestRawMode;

typedef struct _VsTestRawServer VsTestRawServer;

VsTestRawServer *vs_test_raw_server_new          (VsTestRawMode    mode,
                                                  guint            delay_us,
                                                  guint            max_accepts);
guint16          vs_test_raw_server_get_port     (VsTestRawServer *self);
char            *vs_test_raw_server_get_url      (VsTestRawServer *self,
                                                  const char      *path);
guint64          vs_test_raw_server_get_requests (VsTestRawServer *self);
guint64          vs_test_raw_server_get_accepts  (VsTestRawServer *self);
gint64           vs_test_raw_server_get_hold_median (VsTestRawServer *self);
void             vs_test_raw_server_free         (VsTestRawServer *self);

/* A SoupServer on its own thread and main context. Routes:
 *   /            200 "Hello World!"
 *   /chunked     200, chunked body of 3 chunks
 *   /status/N    status N
 *   /delay/MS    200 after MS milliseconds (without blocking the server)
 */
typedef struct _VsTestSoupServer VsTestSoupServer;

VsTestSoupServer *vs_test_soup_server_new          (void);
char             *vs_test_soup_server_get_url      (VsTestSoupServer *self,
                                                    const char       *path);
guint64           vs_test_soup_server_get_requests (VsTestSoupServer *self);
void              vs_test_soup_server_free         (VsTestSoupServer *self);

/* The same server in a child process (tests/vs-test-http-server.c), for
 * tests that count this process's descriptors */
typedef struct _VsTestServerProcess VsTestServerProcess;

VsTestServerProcess *vs_test_server_process_new     (void);
char                *vs_test_server_process_get_url (VsTestServerProcess *self,
                                                     const char          *path);
void                 vs_test_server_process_free    (VsTestServerProcess *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTestServerProcess, vs_test_server_process_free)

guint             vs_test_count_open_fds           (void);
guint             vs_test_count_threads            (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTestRawServer, vs_test_raw_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTestSoupServer, vs_test_soup_server_free)

G_END_DECLS
