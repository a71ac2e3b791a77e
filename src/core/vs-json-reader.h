/* vs-json-reader.h — strict field readers for the files Versus reads
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses the text of a file Versus reads into @parser, after
 * vs_json_check_text(): on failure a VS_ERROR_INVALID_DATA error whose
 * message is valid UTF-8 (json-glib's can end inside a character). */
gboolean vs_json_parse      (JsonParser  *parser,
                             const char  *data,
                             gsize        len,
                             GError     **error);

/* Each reader names the field ("targets[1].cpus") and what is wrong with
 * it, as VS_ERROR_INVALID_DATA. @where is the path of @obj ("" at the top,
 * "targets[1]." inside). A field that is not required may be missing or
 * null: the output is then left as it was. */

gboolean vs_json_get_string (JsonObject  *obj,
                             const char  *where,
                             const char  *member,
                             gboolean     required,
                             char       **out,
                             GError     **error);
gboolean vs_json_get_int    (JsonObject  *obj,
                             const char  *where,
                             const char  *member,
                             gboolean     required,
                             gint64       min,
                             gint64       max,
                             gint64      *out,
                             GError     **error);
gboolean vs_json_get_uint   (JsonObject  *obj,
                             const char  *where,
                             const char  *member,
                             gboolean     required,
                             guint        min,
                             guint        max,
                             guint       *out,
                             GError     **error);
gboolean vs_json_get_double (JsonObject  *obj,
                             const char  *where,
                             const char  *member,
                             gboolean     required,
                             double       min,
                             double       max,
                             double      *out,
                             GError     **error);
gboolean vs_json_get_bool   (JsonObject  *obj,
                             const char  *where,
                             const char  *member,
                             gboolean     required,
                             gboolean    *out,
                             GError     **error);
gboolean vs_json_get_object (JsonObject  *obj,
                             const char  *where,
                             const char  *member,
                             gboolean     required,
                             JsonObject **out,
                             GError     **error);
gboolean vs_json_get_array  (JsonObject  *obj,
                             const char  *where,
                             const char  *member,
                             gboolean     required,
                             JsonArray  **out,
                             GError     **error);
/* An element of @array that must be an object. */
JsonObject *vs_json_array_get_object (JsonArray   *array,
                                      const char  *where,
                                      const char  *member,
                                      guint        index,
                                      GError     **error);

G_END_DECLS
