/* vs-util.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VS_ERROR (vs_error_quark ())

typedef enum
{
  VS_ERROR_INVALID_ARGUMENT,  /* a user-supplied value is not acceptable */
  VS_ERROR_INVALID_DATA,      /* serialized data is damaged or of an unknown kind */
  VS_ERROR_CONNECT,           /* the target could not be reached */
  VS_ERROR_UNSUPPORTED,       /* valid, but not something Versus can do */
  VS_ERROR_FAILED,
} VsError;

GQuark   vs_error_quark         (void);
gboolean vs_parse_duration      (const char  *text,
                                 gint64      *out_usec,
                                 GError     **error);
char    *vs_format_duration     (gint64       usec);
gboolean vs_set_str             (char       **field,
                                 const char  *value);
/* A property setter's body: stores @value in @field and notifies @pspec of
 * @object when it changed */
void     vs_object_set_str      (gpointer     object,
                                 char       **field,
                                 const char  *value,
                                 GParamSpec  *pspec);
#define VS_OBJECT_SET_VALUE(object, field, value, pspec) \
  G_STMT_START { \
    if ((field) != (value)) \
      { \
        (field) = (value); \
        g_object_notify_by_pspec (G_OBJECT (object), (pspec)); \
      } \
  } G_STMT_END
/* Name/value lists kept as two arrays of strings (headers, environment):
 * as "name<separator>value" strings, compared, copied */
GStrv    vs_pairs_to_strv       (GPtrArray   *names,
                                 GPtrArray   *values,
                                 const char  *separator);
gboolean vs_pairs_equal         (GPtrArray   *a_names,
                                 GPtrArray   *a_values,
                                 GPtrArray   *b_names,
                                 GPtrArray   *b_values);
void     vs_pairs_assign        (GPtrArray   *names,
                                 GPtrArray   *values,
                                 GPtrArray   *from_names,
                                 GPtrArray   *from_values);
/* Exact, and what vs_parse_duration() reads back: "30s", "500ms", "2m" */
char    *vs_format_duration_text (gint64      usec);
char    *vs_format_bytes        (double       bytes);
char    *vs_format_count        (double       count);

/* Refuses @text (naming @field) when it holds a byte that would change a
 * request head: CR, LF, NUL, other controls, DEL; and, unless @space_ok,
 * space and tab. NULL is accepted. */
gboolean vs_check_request_text  (const char  *text,
                                 const char  *field,
                                 gboolean     space_ok,
                                 GError     **error);

gboolean vs_file_write_atomic   (GFile         *file,
                                 const char    *contents,
                                 GCancellable  *cancellable,
                                 GError       **error);

/* Reading a file into an object in a worker thread: @load (a GObject's
 * loader, e.g. vs_session_load) runs there; the finish returns its object
 * (transfer full) or NULL with the error. */
typedef gpointer (*VsFileLoadFunc) (GFile         *file,
                                    GCancellable  *cancellable,
                                    GError       **error);
void     vs_file_load_async     (GFile               *file,
                                 VsFileLoadFunc       load,
                                 gpointer             source_tag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gpointer vs_file_load_finish    (GAsyncResult        *result,
                                 GError             **error);

/* Deepest nesting of arrays and objects accepted in a file Versus reads */
#define VS_JSON_MAX_DEPTH 64

gboolean vs_json_check_text     (const char  *data,
                                 gsize        len,
                                 GError     **error);

/* Runs @func on the thread that iterates @context, always: unlike
 * g_main_context_invoke(), never on the calling thread, even when
 * @context happens not to be owned at that moment. */
void     vs_context_dispatch    (GMainContext  *context,
                                 GSourceFunc    func,
                                 gpointer       data,
                                 GDestroyNotify notify);

/* Whether @value is finite and has no fraction: a count as typed. */
gboolean    vs_is_whole_number        (double               value);
/* @text with its first letter in upper case, for a message shown on its
 * own ("the port …" → "The port …"); NULL stays NULL. */
char       *vs_capitalize             (const char          *text);

/* Raises this process's soft limit of open files to its hard limit (once,
 * at start: a connection is a file descriptor) and returns that limit;
 * 0 when unknown or unlimited. */
guint64     vs_raise_fd_limit         (void);
/* The limit vs_raise_fd_limit() left (the soft one), 0 when unknown or unlimited. */
guint64     vs_get_fd_limit           (void);

G_END_DECLS
