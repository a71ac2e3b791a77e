/* vs-json-reader.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "vs-json-reader.h"
#include "vs-util.h"

static JsonNode *
get_member (JsonObject  *obj,
            const char  *where,
            const char  *member,
            gboolean     required,
            gboolean    *missing,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *missing = node == NULL || JSON_NODE_HOLDS_NULL (node);
  if (*missing && required)
    /* Translators: %s%s is a field of a JSON file, e.g. "profile.connections" */
    g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s%s is missing"), where, member);
  return node;
}

static gboolean
wrong_type (const char  *where,
            const char  *member,
            const char  *what,
            GError     **error)
{
  /* Translators: %s%s is a field of a JSON file, e.g. "profile.connections"; the last %s
   * is a kind of value, e.g. "a whole number" */
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s%s must be %s"), where, member, what);
  return FALSE;
}

gboolean
vs_json_parse (JsonParser  *parser,
               const char  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!vs_json_check_text (data, len, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID_DATA, message);
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_json_get_string (JsonObject  *obj,
                    const char  *where,
                    const char  *member,
                    gboolean     required,
                    char       **out,
                    GError     **error)
{
  gboolean missing;
  JsonNode *node = get_member (obj, where, member, required, &missing, error);

  if (missing)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (where, member, _("a string"), error);

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_number (JsonNode *node,
            double   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *out = json_node_get_double (node);
      return isfinite (*out);
    default:
      return FALSE;
    }
}

gboolean
vs_json_get_int (JsonObject  *obj,
                 const char  *where,
                 const char  *member,
                 gboolean     required,
                 gint64       min,
                 gint64       max,
                 gint64      *out,
                 GError     **error)
{
  gboolean missing;
  JsonNode *node = get_member (obj, where, member, required, &missing, error);
  gint64 value;

  if (missing)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (where, member, _("a whole number"), error);

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s%s is %lld, not between %lld and %lld"),
                   where, member, (long long) value, (long long) min, (long long) max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
vs_json_get_uint (JsonObject  *obj,
                  const char  *where,
                  const char  *member,
                  gboolean     required,
                  guint        min,
                  guint        max,
                  guint       *out,
                  GError     **error)
{
  gint64 value = *out;

  if (!vs_json_get_int (obj, where, member, required, min, max, &value, error))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

gboolean
vs_json_get_double (JsonObject  *obj,
                    const char  *where,
                    const char  *member,
                    gboolean     required,
                    double       min,
                    double       max,
                    double      *out,
                    GError     **error)
{
  gboolean missing;
  JsonNode *node = get_member (obj, where, member, required, &missing, error);
  double value;

  if (missing)
    return !required;
  if (!get_number (node, &value))
    return wrong_type (where, member, _("a finite number"), error);
  if (value < min || value > max)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s%s is %g, not between %g and %g"),
                   where, member, value, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
vs_json_get_bool (JsonObject  *obj,
                  const char  *where,
                  const char  *member,
                  gboolean     required,
                  gboolean    *out,
                  GError     **error)
{
  gboolean missing;
  JsonNode *node = get_member (obj, where, member, required, &missing, error);

  if (missing)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (where, member, _("true or false"), error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
vs_json_get_object (JsonObject  *obj,
                    const char  *where,
                    const char  *member,
                    gboolean     required,
                    JsonObject **out,
                    GError     **error)
{
  gboolean missing;
  JsonNode *node = get_member (obj, where, member, required, &missing, error);

  if (missing)
    return !required;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (where, member, _("an object"), error);
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
vs_json_get_array (JsonObject  *obj,
                   const char  *where,
                   const char  *member,
                   gboolean     required,
                   JsonArray  **out,
                   GError     **error)
{
  gboolean missing;
  JsonNode *node = get_member (obj, where, member, required, &missing, error);

  if (missing)
    return !required;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (where, member, _("an array"), error);
  *out = json_node_get_array (node);
  return TRUE;
}

JsonObject *
vs_json_array_get_object (JsonArray   *array,
                          const char  *where,
                          const char  *member,
                          guint        index,
                          GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s%s[%u] must be an object"),
                   where, member, index);
      return NULL;
    }
  return json_node_get_object (node);
}
