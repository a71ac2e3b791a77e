/* vs-load-engine-private.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vs-load-engine.h"

G_BEGIN_DECLS

typedef struct _VsWorker VsWorker;

/* Read-only for the whole run, shared by all workers. */
typedef struct
{
  VsLoadProfile  *profile;
  GUri           *uri;
  GSocketAddress *address;       /* resolved and probed; fast transport */
  GBytes         *request;       /* fast transport: the request, serialized once */
  gboolean        head_request;
  gint64          timeout_us;
} VsEngineConfig;

typedef struct
{
  /* In the worker thread: open connections, then call _vs_worker_ready() once
   * every connection has connected or failed once. */
  void (*start) (VsWorker *worker);
  /* In the worker thread: the load begins. */
  void (*go)    (VsWorker *worker);
  /* In the worker thread: count what is in flight, close everything. */
  void (*stop)  (VsWorker *worker);
  /* Any thread, after the worker thread ended. */
  void (*free)  (VsWorker *worker);
} VsTransportVTable;

struct _VsWorker
{
  VsLoadEngine            *engine;        /* borrowed */
  const VsEngineConfig    *config;        /* borrowed */
  const VsTransportVTable *vtable;
  gpointer                 transport;

  guint                    index;
  guint                    n_connections;
  double                   rate;          /* open loop: this worker's share */

  GThread                 *thread;
  GMainContext            *context;
  GMainLoop               *loop;

  /* Counters being filled; swapped under the lock by the engine */
  GMutex                   lock;
  VsLoadCounters          *current;
  VsLoadCounters          *spare;         /* engine side only */

  /* Open loop schedule (worker thread) */
  gint64                   start_time;
  guint64                  scheduled;     /* requests given an intended time */

  /* Read by the engine at any time */
  gint                     in_flight;     /* atomic */
  gint                     backlog;       /* atomic */
  gint                     backlog_max;   /* atomic */

  /* Written by the worker before it ends */
  guint64                  in_flight_at_stop;
  guint                    ready_sent : 1;
  guint                    stopping : 1;
};

extern const VsTransportVTable _vs_transport_fast;
extern const VsTransportVTable _vs_transport_soup;

void    _vs_worker_ready            (VsWorker *worker);
gint64  _vs_worker_next_due         (VsWorker *worker);
void    _vs_worker_update_backlog   (VsWorker *worker,
                                     gint64    now);
void    _vs_worker_record_response  (VsWorker       *worker,
                                     VsLoadCounters *counters,
                                     guint           connection,
                                     guint           status,
                                     guint64         bytes,
                                     gint64          intended,
                                     gint64          sent_at,
                                     gint64          now);
void    _vs_worker_record_timed_out (VsWorker       *worker,
                                     VsLoadCounters *counters,
                                     guint           connection,
                                     gint64          intended,
                                     gint64          sent_at,
                                     gint64          now);
int     _vs_classify_soup_error     (const GError *error);

G_END_DECLS
