/* vs-history.h — every finished run, in an SQLite database
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The schema this build reads and writes (PRAGMA user_version) and the
 * PRAGMA application_id that marks a Versus history database: 'VSUS'. */
#define VS_HISTORY_SCHEMA_VERSION  1
#define VS_HISTORY_APPLICATION_ID  0x56535553

#define VS_TYPE_HISTORY_ENTRY (vs_history_entry_get_type ())

/* One run (one trial of one target) as stored. Plain fields, owned strings. */
typedef struct
{
  gint64  id;                 /* set by append; 0 before */
  gint64  date;               /* unix seconds, UTC; vs_history_entry_new() sets now */
  char   *session_id;         /* (nullable) uuid-ish text */
  char   *session_name;       /* (nullable) */
  char   *target_label;       /* required, not empty */
  char   *runtime;            /* (nullable) "podman", "docker", "process" */
  char   *source;             /* (nullable) template name or image reference */
  char   *scenario;           /* (nullable) e.g. "GET /" */
  guint   trial;              /* trial index, 0-based */
  char   *status;             /* required: "ok", "failed", "cancelled" */
  double  requests_per_s;     /* NAN when unknown (SQL NULL) */
  double  p50_ms;             /* NAN: unknown */
  double  p99_ms;             /* NAN: unknown */
  gint64  memory_peak_bytes;  /* -1: unknown */
  double  cpu_mean_percent;   /* NAN: unknown */
  char   *json;               /* required: the full run, valid JSON, opaque here */
} VsHistoryEntry;

GType           vs_history_entry_get_type (void) G_GNUC_CONST;
VsHistoryEntry *vs_history_entry_new      (void);
VsHistoryEntry *vs_history_entry_copy     (const VsHistoryEntry *entry);
void            vs_history_entry_free     (VsHistoryEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsHistoryEntry, vs_history_entry_free)

/* What vs_history_query() returns; zero-initialize, then set what matters.
 * Strings are borrowed for the duration of the call (copied by the async
 * version). */
typedef struct
{
  const char *target_label;   /* NULL: any; exact match */
  const char *session_id;     /* NULL: any; exact match */
  const char *scenario;       /* NULL: any; exact match */
  const char *text;           /* NULL or "": any; case-insensitive substring of the
                               * label, session name, source, scenario or status
                               * ("ok", "failed", "cancelled") */
  gint64      since;          /* 0: unbounded; else date >= since */
  gint64      until;          /* 0: unbounded; else date < until (half-open) */
  guint       limit;          /* 0: no limit */
} VsHistoryFilter;

#define VS_TYPE_HISTORY (vs_history_get_type ())

G_DECLARE_FINAL_TYPE (VsHistory, vs_history, VS, HISTORY, GObject)

char           *vs_history_default_path   (void);
VsHistory      *vs_history_open           (const char             *path,
                                           GError                **error);
const char     *vs_history_get_path       (VsHistory              *self);
gboolean        vs_history_append         (VsHistory              *self,
                                           VsHistoryEntry         *entry,
                                           GError                **error);
GPtrArray      *vs_history_query          (VsHistory              *self,
                                           const VsHistoryFilter  *filter,
                                           GError                **error);
VsHistoryEntry *vs_history_get            (VsHistory              *self,
                                           gint64                  id,
                                           GError                **error);
GStrv           vs_history_list_targets   (VsHistory              *self,
                                           GError                **error);
GStrv           vs_history_list_scenarios (VsHistory              *self,
                                           GError                **error);

void            vs_history_append_async   (VsHistory              *self,
                                           const VsHistoryEntry   *entry,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
gboolean        vs_history_append_finish  (VsHistory              *self,
                                           GAsyncResult           *result,
                                           gint64                 *out_id,
                                           GError                **error);
void            vs_history_query_async    (VsHistory              *self,
                                           const VsHistoryFilter  *filter,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
GPtrArray      *vs_history_query_finish   (VsHistory              *self,
                                           GAsyncResult           *result,
                                           GError                **error);

G_END_DECLS
