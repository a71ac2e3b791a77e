/* vs-util.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/resource.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-util.h"

G_DEFINE_QUARK (vs-error-quark, vs_error)

/* Accepts "250ms", "10s", "1.5s", "2m", "1h", "500us" and a bare number of seconds. */
gboolean
vs_parse_duration (const char  *text,
                   gint64      *out_usec,
                   GError     **error)
{
  static const struct { const char *suffix; double scale; } units[] = {
    { "us", 1.0 },
    { "µs", 1.0 },
    { "ms", 1000.0 },
    { "s", G_USEC_PER_SEC },
    { "m", 60.0 * G_USEC_PER_SEC },
    { "min", 60.0 * G_USEC_PER_SEC },
    { "h", 3600.0 * G_USEC_PER_SEC },
  };
  const char *end = NULL;
  double value;
  double scale = G_USEC_PER_SEC;

  g_return_val_if_fail (out_usec != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("empty duration"));
      return FALSE;
    }

  value = g_ascii_strtod (text, (char **) &end);
  if (end == text || isnan (value) || isinf (value))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a duration (examples: 30s, 500ms, 2m)"), text);
      return FALSE;
    }

  if (*end != '\0')
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (units); i++)
        {
          if (g_str_equal (end, units[i].suffix))
            {
              scale = units[i].scale;
              found = TRUE;
              break;
            }
        }

      if (!found)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("“%s” has an unknown unit “%s” (use us, ms, s, m or h)"), text, end);
          return FALSE;
        }
    }

  if (value < 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("duration “%s” is negative"), text);
      return FALSE;
    }

  if (value * scale > (double) G_MAXINT64 / 2)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("duration “%s” is too long"), text);
      return FALSE;
    }

  *out_usec = (gint64) llround (value * scale);
  return TRUE;
}

char *
vs_format_duration (gint64 usec)
{
  if (usec < 1000)
    return g_strdup_printf ("%" G_GINT64_FORMAT "us", usec);
  if (usec < 1000 * 1000)
    return g_strdup_printf ("%.2fms", usec / 1000.0);
  if (usec < G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
    return g_strdup_printf ("%.2fs", usec / (double) G_USEC_PER_SEC);
  if (usec < G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
    return g_strdup_printf ("%.2fm", usec / (60.0 * G_USEC_PER_SEC));
  return g_strdup_printf ("%.2fh", usec / (3600.0 * G_USEC_PER_SEC));
}

char *
vs_format_bytes (double bytes)
{
  static const char *units[] = { "B", "KB", "MB", "GB", "TB" };
  guint i = 0;

  while (bytes >= 1024.0 && i + 1 < G_N_ELEMENTS (units))
    {
      bytes /= 1024.0;
      i++;
    }

  if (i == 0)
    return g_strdup_printf ("%.0f%s", bytes, units[i]);
  return g_strdup_printf ("%.2f%s", bytes, units[i]);
}

char *
vs_format_count (double count)
{
  if (count < 1000.0)
    return g_strdup_printf ("%.2f", count);
  if (count < 1000.0 * 1000.0)
    return g_strdup_printf ("%.2fk", count / 1000.0);
  if (count < 1000.0 * 1000.0 * 1000.0)
    return g_strdup_printf ("%.2fM", count / 1e6);
  return g_strdup_printf ("%.2fG", count / 1e9);
}

void
vs_context_dispatch (GMainContext   *context,
                     GSourceFunc     func,
                     gpointer        data,
                     GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[versus] dispatch");
  g_source_attach (source, context);
  g_source_unref (source);
}

/* The first byte of @text that may not go into a request line or a header
 * as it is (CR, LF, NUL, other controls, DEL; with @space_ok FALSE also
 * space and tab), or NULL when there is none. */
static const char *
find_unsafe_byte (const char *text,
                  gboolean    space_ok)
{
  for (const char *p = text; *p; p++)
    {
      guchar c = *p;

      if (c == 0x7f || (c < 0x20 && !(space_ok && c == '\t')) || (c == ' ' && !space_ok))
        return p;
    }
  return NULL;
}

static const char *
describe_byte (guchar c)
{
  switch (c)
    {
    case '\r': return "CR (\\r)";
    case '\n': return "LF (\\n)";
    case ' ':  return "a space";
    case '\t': return "a tab";
    default:   return NULL;
    }
}

gboolean
vs_check_request_text (const char  *text,
                       const char  *field,
                       gboolean     space_ok,
                       GError     **error)
{
  const char *bad;
  const char *what;

  g_return_val_if_fail (field != NULL, FALSE);

  if (text == NULL || (bad = find_unsafe_byte (text, space_ok)) == NULL)
    return TRUE;

  what = describe_byte (*bad);
  if (what != NULL)
    /* Translators: e.g. “the endpoint path has LF (\n) at byte 3: …” */
    g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                 _("the %s has %s at byte %d, which would change the request sent; remove it or percent-encode it"),
                 field, what, (int) (bad - text) + 1);
  else
    g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                 _("the %s has the control character 0x%02x at byte %d, which would change the request sent; remove it or percent-encode it"),
                 field, (guchar) *bad, (int) (bad - text) + 1);
  return FALSE;
}

/* The four hex digits of a `\\u` escape at @data[@at], or -1 */
static int
escape_code (const char *data,
             gsize       len,
             gsize       at)
{
  int code = 0;

  if (at + 6 > len || data[at] != '\\' || data[at + 1] != 'u')
    return -1;
  for (gsize k = at + 2; k < at + 6; k++)
    {
      int digit = g_ascii_xdigit_value (data[k]);

      if (digit < 0)
        return -1;
      code = code * 16 + digit;
    }
  return code;
}

/* The escape at @data[*@i] (a backslash in a string) as JSON defines it;
 * *@i is left on its last byte. json-glib's scanner loses memory on a
 * `\\u` without four hex digits and makes no character of half a
 * surrogate pair, so both are refused here. */
static gboolean
check_escape (const char  *data,
              gsize        len,
              gsize       *i,
              guint        line,
              GError     **error)
{
  int code;

  if (*i + 1 >= len || strchr ("\"\\/bfnrtu", data[*i + 1]) == NULL || data[*i + 1] == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("line %u: a string has a backslash JSON does not know (only \\\", \\\\, \\/, "
                     "\\b, \\f, \\n, \\r, \\t and \\u with four hex digits)"), line);
      return FALSE;
    }
  if (data[*i + 1] != 'u')
    {
      *i += 1;
      return TRUE;
    }
  code = escape_code (data, len, *i);
  if (code < 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("line %u: a string’s \\u escape needs four hex digits"), line);
      return FALSE;
    }
  if (code == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("line %u: a string holds a NUL character (\\u0000)"), line);
      return FALSE;
    }
  *i += 5;
  if (code >= 0xdc00 && code <= 0xdfff)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("line %u: a string’s \\u%04x is half of a character (a surrogate) with no "
                     "first half before it"), line, (guint) code);
      return FALSE;
    }
  if (code >= 0xd800 && code <= 0xdbff)
    {
      int low = escape_code (data, len, *i + 1);

      if (low < 0xdc00 || low > 0xdfff)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("line %u: a string’s \\u%04x is half of a character (a surrogate) with no "
                         "second half after it"), line, (guint) code);
          return FALSE;
        }
      *i += 6;
    }
  return TRUE;
}

/**
 * vs_json_check_text:
 *
 * Checks JSON text before json-glib parses it, for what json-glib does not
 * refuse itself: nesting deeper than %VS_JSON_MAX_DEPTH (json-glib recurses
 * once per level and overflows the stack on a file of nested brackets), a
 * NUL byte or a `\u0000` escape (a string would silently end there), and
 * anything but white space after the one top-level value, and text that
 * is not UTF-8 (JSON's encoding; json-glib would pass it on into labels
 * and reports). Strings and escapes are followed; the rest of the syntax
 * is json-glib's to judge.
 *
 * Returns: %FALSE with a %VS_ERROR_INVALID_DATA error naming the line
 */
gboolean
vs_json_check_text (const char  *data,
                    gsize        len,
                    GError     **error)
{
  guint depth = 0, line = 1;
  gboolean in_string = FALSE, seen_value = FALSE;
  const char *end = NULL;

  if (!g_utf8_validate_len (data, len, &end) && (end == NULL || *end != '\0'))
    {
      for (const char *p = data; p < end; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("line %u is not UTF-8 text (byte 0x%02x)"), line, (guchar) *end);
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '\0')
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("line %u holds a NUL byte"), line);
          return FALSE;
        }
      if (c == '\n')
        line++;

      if (in_string)
        {
          if (c == '\\')
            {
              if (!check_escape (data, len, &i, line, error))
                return FALSE;
            }
          else if (c == '"')
            {
              in_string = FALSE;
              if (depth == 0)
                seen_value = TRUE;
            }
          continue;
        }

      switch (c)
        {
        case ' ': case '\t': case '\r': case '\n':
          continue;
        default:
          break;
        }

      if (seen_value && depth == 0)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("line %u: more text after the end of the JSON value (one value per file)"),
                       line);
          return FALSE;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[': case '{':
          if (++depth > VS_JSON_MAX_DEPTH)
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                           _("line %u: nested deeper than %d levels"), line, VS_JSON_MAX_DEPTH);
              return FALSE;
            }
          break;
        case ']': case '}':
          if (depth > 0 && --depth == 0)
            seen_value = TRUE;
          break;
        default:
          /* a bare top-level number or word ends at the next white space */
          if (depth == 0)
            {
              while (i + 1 < len && !strchr (" \t\r\n[{\"", data[i + 1]) && data[i + 1] != '\0')
                i++;
              seen_value = TRUE;
            }
          break;
        }
    }
  return TRUE;
}

gboolean
vs_is_whole_number (double value)
{
  return isfinite (value) && value == floor (value);
}

char *
vs_capitalize (const char *text)
{
  const char *rest;
  char first[8] = { 0 };

  if (text == NULL || !g_utf8_validate (text, -1, NULL) || text[0] == '\0')
    return g_strdup (text);
  rest = g_utf8_next_char (text);
  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (text)), first);
  return g_strconcat (first, rest, NULL);
}

guint64
vs_get_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return 0;
  return limit.rlim_cur;
}

guint64
vs_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      /* a failure leaves the soft limit, which vs_get_fd_limit() reports */
      (void) setrlimit (RLIMIT_NOFILE, &limit);
    }
  return vs_get_fd_limit ();
}

/* "30s", "500ms", "2m": exact, and what vs_parse_duration() reads back. */
char *
vs_format_duration_text (gint64 usec)
{
  gint64 seconds;

  if (usec % 1000 != 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "us", usec);
  if (usec % G_USEC_PER_SEC != 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "ms", usec / 1000);

  seconds = usec / G_USEC_PER_SEC;
  if (seconds >= 3600 && seconds % 3600 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", seconds / 3600);
  if (seconds >= 60 && seconds % 60 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", seconds / 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT "s", seconds);
}

/* g_set_str() of GLib 2.76: TRUE when *@field changed to a copy of @value */
gboolean
vs_set_str (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
vs_object_set_str (gpointer     object,
                   char       **field,
                   const char  *value,
                   GParamSpec  *pspec)
{
  if (vs_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (object), pspec);
}

GStrv
vs_pairs_to_strv (GPtrArray  *names,
                  GPtrArray  *values,
                  const char *separator)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *line = g_strconcat (g_ptr_array_index (names, i), separator,
                                           g_ptr_array_index (values, i), NULL);

      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}

gboolean
vs_pairs_equal (GPtrArray *a_names,
                GPtrArray *a_values,
                GPtrArray *b_names,
                GPtrArray *b_values)
{
  if (a_names->len != b_names->len)
    return FALSE;
  for (guint i = 0; i < a_names->len; i++)
    if (!g_str_equal (g_ptr_array_index (a_names, i), g_ptr_array_index (b_names, i)) ||
        !g_str_equal (g_ptr_array_index (a_values, i), g_ptr_array_index (b_values, i)))
      return FALSE;
  return TRUE;
}

void
vs_pairs_assign (GPtrArray *names,
                 GPtrArray *values,
                 GPtrArray *from_names,
                 GPtrArray *from_values)
{
  g_ptr_array_set_size (names, 0);
  g_ptr_array_set_size (values, 0);
  for (guint i = 0; i < from_names->len; i++)
    {
      g_ptr_array_add (names, g_strdup (g_ptr_array_index (from_names, i)));
      g_ptr_array_add (values, g_strdup (g_ptr_array_index (from_values, i)));
    }
}

/* Writes @contents (a string) to @file so that a crash leaves either the
 * old file or the new one, never a part: errors in G_IO_ERROR, naming the
 * file. */
gboolean
vs_file_write_atomic (GFile         *file,
                      const char    *contents,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_file_get_path (file);
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Both write a temporary file and rename it over the old one: a crash
   * leaves either the old file or the new one. For a local file,
   * g_file_set_contents_full does so even when there is no old file yet
   * (g_file_replace_contents then writes in place). */
  if (path != NULL)
    ok = g_file_set_contents_full (path, contents, strlen (contents),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local_error);
  else
    ok = g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, cancellable, &local_error);
  if (!ok)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* one error domain whichever way it was written */
      if (local_error->domain == G_FILE_ERROR)
        g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                     _("cannot save %s: %s"), name, local_error->message);
      else
        g_set_error (error, local_error->domain, local_error->code, _("cannot save %s: %s"),
                     name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GFile          *file;
  VsFileLoadFunc  load;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->file);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  gpointer object = data->load (data->file, cancellable, &error);

  if (object == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, object, g_object_unref);
}

void
vs_file_load_async (GFile               *file,
                    VsFileLoadFunc       load,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);

  data->file = g_object_ref (file);
  data->load = load;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

gpointer
vs_file_load_finish (GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
