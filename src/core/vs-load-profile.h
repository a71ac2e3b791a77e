/* vs-load-profile.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  VS_LOAD_MODE_CLOSED,   /* N connections, each sends when its previous response is in */
  VS_LOAD_MODE_RATE,     /* a fixed total rate; latency from the intended send time */
} VsLoadMode;

typedef enum
{
  VS_TRANSPORT_AUTO,     /* fast for http://, libsoup for https:// */
  VS_TRANSPORT_FAST,
  VS_TRANSPORT_SOUP,
} VsTransportKind;

#define VS_TYPE_LOAD_PROFILE (vs_load_profile_get_type ())
G_DECLARE_FINAL_TYPE (VsLoadProfile, vs_load_profile, VS, LOAD_PROFILE, GObject)

/* A load profile: what to send, how hard and for how long. Validate with
 * vs_load_profile_validate() before use; the engine takes a frozen copy.
 *
 * The fields are public to read; an edit goes through a setter or the
 * property of the same name, which notifies, so that a session holding the
 * profile says it changed. Only a loader filling a new profile writes the
 * fields directly. */
struct _VsLoadProfile
{
  /*< private >*/
  GObject          parent_instance;

  /*< public >*/
  char            *url;            /* "url" */
  char            *method;         /* "method" */
  GPtrArray       *header_names;   /* (element-type utf8) "headers" notifies */
  GPtrArray       *header_values;  /* (element-type utf8) */
  GBytes          *body;           /* "body" (nullable) */
  guint            connections;    /* "connections" */
  guint            workers;        /* "workers" 0: chosen from the number of cores */
  gint64           duration_us;    /* "duration-us" */
  gint64           warmup_us;      /* "warmup-us" */
  gint64           timeout_us;     /* "timeout-us" */
  gint64           interval_us;    /* "interval-us" snapshot interval */
  VsLoadMode       mode;           /* "mode" */
  double           rate;           /* "rate" requests per second, for VS_LOAD_MODE_RATE */
  gboolean         keep_alive;     /* "keep-alive" */
  VsTransportKind  transport;      /* "transport" */
  guint            expect_status;  /* "expect-status" an error status the endpoint is meant to
                                    * answer (404 for a not-found page): not a failure in a
                                    * comparison; 0: none */
};

/* How a profile's URL is parsed: its path and query go on the wire as written */
#define VS_URI_FLAGS (G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY)

VsLoadProfile  *vs_load_profile_new           (void);
VsLoadProfile  *vs_load_profile_copy          (const VsLoadProfile  *self);
/* g_object_ref()/g_object_unref(), for a GDestroyNotify */
VsLoadProfile  *vs_load_profile_ref           (VsLoadProfile        *self);
void            vs_load_profile_unref         (VsLoadProfile        *self);
void            vs_load_profile_set_connections (VsLoadProfile      *self,
                                                 guint               connections);
void            vs_load_profile_set_workers   (VsLoadProfile        *self,
                                               guint                 workers);
void            vs_load_profile_set_duration_us (VsLoadProfile      *self,
                                                 gint64              usec);
void            vs_load_profile_set_warmup_us (VsLoadProfile        *self,
                                               gint64                usec);
void            vs_load_profile_set_timeout_us (VsLoadProfile       *self,
                                                gint64               usec);
void            vs_load_profile_set_interval_us (VsLoadProfile      *self,
                                                 gint64              usec);
void            vs_load_profile_set_mode      (VsLoadProfile        *self,
                                               VsLoadMode            mode);
void            vs_load_profile_set_rate      (VsLoadProfile        *self,
                                               double                rate);
void            vs_load_profile_set_keep_alive (VsLoadProfile       *self,
                                                gboolean             keep_alive);
void            vs_load_profile_set_transport (VsLoadProfile        *self,
                                               VsTransportKind       transport);
void            vs_load_profile_set_expect_status (VsLoadProfile    *self,
                                                   guint             status);
/* Replaces the headers with @from's (one notification). */
void            vs_load_profile_set_headers_from (VsLoadProfile       *self,
                                                  const VsLoadProfile *from);
void            vs_load_profile_set_url       (VsLoadProfile        *self,
                                               const char           *url);
void            vs_load_profile_set_method    (VsLoadProfile        *self,
                                               const char           *method);
void            vs_load_profile_add_header    (VsLoadProfile        *self,
                                               const char           *name,
                                               const char           *value);
gboolean        vs_load_profile_add_header_line (VsLoadProfile      *self,
                                               const char           *line,
                                               GError              **error);
void            vs_load_profile_set_body      (VsLoadProfile        *self,
                                               GBytes               *body);
gboolean        vs_load_profile_validate      (const VsLoadProfile  *self,
                                               GError              **error);
/* One field's rule, as vs_load_profile_validate() applies it: for a value
 * as typed, before it is stored (whole numbers for counts). */
gboolean        vs_load_profile_check_connections (double            value,
                                                   GError          **error);
gboolean        vs_load_profile_check_workers (double                value,
                                               GError              **error);
gboolean        vs_load_profile_check_rate    (double                value,
                                               GError              **error);
gboolean        vs_load_profile_check_duration (gint64               usec,
                                                GError             **error);
gboolean        vs_load_profile_check_warmup  (gint64                usec,
                                               GError              **error);
/* What only this machine can check: a connection is a file descriptor, and
 * the process may open so many. */
gboolean        vs_load_profile_check_connections_here (double       value,
                                                        GError     **error);
gboolean        vs_load_profile_check_here    (const VsLoadProfile  *self,
                                               GError              **error);
VsTransportKind vs_load_profile_get_effective_transport (const VsLoadProfile *self);
guint           vs_load_profile_get_effective_workers   (const VsLoadProfile *self);
const char     *vs_load_mode_to_string        (VsLoadMode           mode);
const char     *vs_transport_kind_to_string   (VsTransportKind      kind);
gboolean        vs_transport_kind_from_string (const char           *text,
                                               VsTransportKind      *out_kind);

G_END_DECLS
