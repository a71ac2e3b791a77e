/* vs-parity.c — what every bundled template must answer, and the check of an answer
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A comparison means something only when the targets do the same work and
 * say the same thing. data/templates/parity.json lists requests and the
 * answers every template gives; the parity test runs them against every
 * template, and the same rules say whether two targets answered a
 * scenario's request alike.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vs-json-reader.h"
#include "vs-parity.h"
#include "vs-template.h"
#include "vs-util.h"

#define PARITY_FORMAT  "versus-parity"
#define PARITY_VERSION 1

void
vs_parity_case_free (VsParityCase *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->method);
  g_free (self->path);
  g_clear_pointer (&self->request_body, g_bytes_unref);
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->json);
  g_free (self);
}

/* parity.json beside the templates Versus finds (the first folder that has one) */
char *
vs_parity_find_fixture (void)
{
  g_auto(GStrv) dirs = vs_template_get_search_dirs ();

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "parity.json", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static GBytes *
string_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static VsParityCase *
parse_case (JsonObject  *obj,
            const char  *where,
            GError     **error)
{
  g_autoptr(VsParityCase) self = g_new0 (VsParityCase, 1);
  g_autofree char *request_body = NULL;
  g_autofree char *body = NULL;
  guint request_kb = 0, document_kb = 0;
  JsonNode *json;

  self->tolerance = 0;
  if (!vs_json_get_string (obj, where, "name", TRUE, &self->name, error) ||
      !vs_json_get_string (obj, where, "method", FALSE, &self->method, error) ||
      !vs_json_get_string (obj, where, "path", TRUE, &self->path, error) ||
      !vs_json_get_string (obj, where, "request_body", FALSE, &request_body, error) ||
      !vs_json_get_uint (obj, where, "request_document_kb", FALSE, 1, VS_TEMPLATE_DOCUMENT_MAX_KB,
                         &request_kb, error) ||
      !vs_json_get_string (obj, where, "content_type", FALSE, &self->content_type, error) ||
      !vs_json_get_uint (obj, where, "status", TRUE, 100, 599, &self->status, error) ||
      !vs_json_get_string (obj, where, "body", FALSE, &body, error) ||
      !vs_json_get_uint (obj, where, "document_kb", FALSE, 1, VS_TEMPLATE_DOCUMENT_MAX_KB,
                         &document_kb, error) ||
      !vs_json_get_double (obj, where, "tolerance", FALSE, 0, 1, &self->tolerance, error))
    return NULL;

  if (self->method == NULL)
    self->method = g_strdup ("GET");
  if (request_body != NULL)
    self->request_body = string_bytes (request_body);
  else if (request_kb > 0)
    self->request_body = vs_template_document_new (request_kb);

  json = json_object_get_member (obj, "json");
  if (json != NULL)
    self->json = json_to_string (json, FALSE);
  if (body != NULL)
    self->body = string_bytes (body);
  else if (document_kb > 0)
    self->body = vs_template_document_new (document_kb);

  if ((self->body != NULL) == (self->json != NULL))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s needs one expected answer: body, document_kb or json"), where);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * vs_parity_load:
 *
 * Returns: (transfer full) (element-type VsParityCase): the cases of the
 *   parity fixture at @path
 */
GPtrArray *
vs_parity_load (const char  *path,
                GError     **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_parity_case_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  g_autofree char *format = NULL;
  gint64 version = 0;
  JsonObject *root;
  JsonArray *array;
  JsonNode *node;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error) ||
      !vs_json_parse (parser, contents, len, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s is not a parity fixture"), path);
      return NULL;
    }
  root = json_node_get_object (node);
  if (!vs_json_get_string (root, "", "format", TRUE, &format, error) ||
      !vs_json_get_int (root, "", "version", TRUE, 1, G_MAXINT, &version, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (!g_str_equal (format, PARITY_FORMAT) || version != PARITY_VERSION)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED,
                   _("%s: %s version %lld is not a parity fixture this Versus reads (%s version %d)"),
                   path, format, (long long) version, PARITY_FORMAT, PARITY_VERSION);
      return NULL;
    }

  node = json_object_get_member (root, "cases");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s: cases must be an array"), path);
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("cases[%u].", i);
      VsParityCase *c;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s: cases[%u] must be an object"), path, i);
          return NULL;
        }
      c = parse_case (json_node_get_object (element), where, error);
      if (c == NULL)
        {
          g_prefix_error (error, "%s: ", path);
          return NULL;
        }
      g_ptr_array_add (cases, c);
    }

  return g_steal_pointer (&cases);
}

/* A short, printable quote of @len bytes at @data */
static char *
quote (const char *data,
       gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (data, MIN (len, 60));

  return g_strdup_printf ("“%s%s”", valid, len > 60 ? "…" : "");
}

gboolean
vs_parity_bytes_equal (GBytes  *got,
                       GBytes  *expected,
                       GError **error)
{
  gsize got_len, expected_len, at = 0;
  const char *g = g_bytes_get_data (got, &got_len);
  const char *e = g_bytes_get_data (expected, &expected_len);
  g_autofree char *got_text = NULL;
  g_autofree char *expected_text = NULL;

  while (at < got_len && at < expected_len && g[at] == e[at])
    at++;
  if (at == got_len && at == expected_len)
    return TRUE;

  /* from a little before the first difference */
  at = at > 20 ? at - 20 : 0;
  got_text = quote (g + MIN (at, got_len), got_len - MIN (at, got_len));
  expected_text = quote (e + MIN (at, expected_len), expected_len - MIN (at, expected_len));
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED,
               _("the body differs from byte %lu (%lu bytes, expected %lu): %s, expected %s"),
               (unsigned long) at, (unsigned long) got_len, (unsigned long) expected_len,
               got_text, expected_text);
  return FALSE;
}

static gboolean
nodes_equal (JsonNode   *got,
             JsonNode   *expected,
             double      tolerance,
             GString    *where,
             GError    **error);

static gboolean
numbers_equal (JsonNode   *got,
               JsonNode   *expected,
               double      tolerance,
               GString    *where,
               GError    **error)
{
  double a = json_node_get_double (got), b = json_node_get_double (expected);

  if (json_node_get_value_type (got) == G_TYPE_INT64)
    a = (double) json_node_get_int (got);
  if (json_node_get_value_type (expected) == G_TYPE_INT64)
    b = (double) json_node_get_int (expected);
  if (fabs (a - b) <= tolerance * MAX (1.0, fabs (b)))
    return TRUE;
  g_set_error (error, VS_ERROR, VS_ERROR_FAILED,
               _("%s is %.17g, expected %.17g (tolerance %g)"),
               where->len ? where->str : "the value", a, b, tolerance);
  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
nodes_equal (JsonNode   *got,
             JsonNode   *expected,
             double      tolerance,
             GString    *where,
             GError    **error)
{
  gsize mark = where->len;

  if (is_number (got) && is_number (expected))
    return numbers_equal (got, expected, tolerance, where, error);

  if (JSON_NODE_HOLDS_OBJECT (got) && JSON_NODE_HOLDS_OBJECT (expected))
    {
      JsonObject *g = json_node_get_object (got), *e = json_node_get_object (expected);
      g_autoptr(GList) members = json_object_get_members (e);

      if (json_object_get_size (g) != json_object_get_size (e))
        goto differ;
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_get_member (g, l->data);

          g_string_append_printf (where, "%s%s", where->len ? "." : "", (char *) l->data);
          if (child == NULL || !nodes_equal (child, json_object_get_member (e, l->data), tolerance, where, error))
            {
              if (child == NULL)
                g_set_error (error, VS_ERROR, VS_ERROR_FAILED, _("%s is missing"), where->str);
              return FALSE;
            }
          g_string_truncate (where, mark);
        }
      return TRUE;
    }

  if (JSON_NODE_HOLDS_ARRAY (got) && JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *g = json_node_get_array (got), *e = json_node_get_array (expected);

      if (json_array_get_length (g) != json_array_get_length (e))
        goto differ;
      for (guint i = 0; i < json_array_get_length (e); i++)
        {
          g_string_append_printf (where, "[%u]", i);
          if (!nodes_equal (json_array_get_element (g, i), json_array_get_element (e, i), tolerance, where, error))
            return FALSE;
          g_string_truncate (where, mark);
        }
      return TRUE;
    }

  if (json_node_equal (got, expected))
    return TRUE;

differ:
  {
    g_autofree char *g = json_to_string (got, FALSE);
    g_autofree char *e = json_to_string (expected, FALSE);
    g_autofree char *gq = quote (g, strlen (g));
    g_autofree char *eq = quote (e, strlen (e));

    g_set_error (error, VS_ERROR, VS_ERROR_FAILED, _("%s is %s, expected %s"),
                 where->len ? where->str : _("the body"), gq, eq);
    return FALSE;
  }
}

/* Whether the JSON text @got says what @expected says, numbers within the
 * relative @tolerance; the error names the first field that differs. */
gboolean
vs_parity_json_equal (const char  *got,
                      gsize        got_len,
                      const char  *expected,
                      double       tolerance,
                      GError     **error)
{
  g_autoptr(JsonParser) got_parser = json_parser_new ();
  g_autoptr(JsonParser) expected_parser = json_parser_new ();
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (got_parser, got, got_len, &local_error))
    {
      g_autofree char *q = quote (got, got_len);

      g_set_error (error, VS_ERROR, VS_ERROR_FAILED, _("the body is not JSON: %s"), q);
      return FALSE;
    }
  if (!json_parser_load_from_data (expected_parser, expected, -1, error))
    return FALSE;

  return nodes_equal (json_parser_get_root (got_parser), json_parser_get_root (expected_parser),
                      tolerance, where, error);
}

/* Whether an answer (@status, @body) is the one @self expects; the error
 * says what differs. */
gboolean
vs_parity_check (const VsParityCase  *self,
                 guint                status,
                 GBytes              *body,
                 GError             **error)
{
  g_autoptr(GBytes) empty = NULL;
  gsize len;
  const char *data;

  if (status != self->status)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_FAILED, _("status %u, expected %u"), status, self->status);
      return FALSE;
    }

  if (body == NULL)
    body = empty = g_bytes_new (NULL, 0);
  if (self->body != NULL)
    return vs_parity_bytes_equal (body, self->body, error);

  data = g_bytes_get_data (body, &len);
  return vs_parity_json_equal (data ? data : "", len, self->json, self->tolerance, error);
}

/* Whether two targets answered a request alike, by the fixture's rules:
 * the same bytes, or JSON that says the same with numbers within
 * %VS_PARITY_TOLERANCE. The error says what differs in @b. */
gboolean
vs_parity_answers_alike (GBytes  *a,
                         GBytes  *b,
                         GError **error)
{
  g_autoptr(GError) bytes_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *a_text = NULL;
  gsize a_len, b_len;
  const char *a_data, *b_data;

  if (vs_parity_bytes_equal (b, a, &bytes_error))
    return TRUE;

  a_data = g_bytes_get_data (a, &a_len);
  b_data = g_bytes_get_data (b, &b_len);
  /* not JSON: the bytes decide */
  if (!json_parser_load_from_data (parser, a_data ? a_data : "", a_len, NULL))
    {
      g_propagate_error (error, g_steal_pointer (&bytes_error));
      return FALSE;
    }
  a_text = g_strndup (a_data ? a_data : "", a_len);
  return vs_parity_json_equal (b_data ? b_data : "", b_len, a_text, VS_PARITY_TOLERANCE, error);
}
