/* test-util.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vs-util.h"
#include "vs-json-util.h"
#include "vs-load-profile.h"
#include "vs-target.h"

static void
test_parse_duration (void)
{
  static const struct { const char *text; gint64 usec; } good[] = {
    { "10s", 10 * G_USEC_PER_SEC },
    { "1.5s", 1500000 },
    { "250ms", 250000 },
    { "500us", 500 },
    { "2m", 120 * G_USEC_PER_SEC },
    { "1h", G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC },
    { "3", 3 * G_USEC_PER_SEC },
    { "0", 0 },
  };
  static const char *bad[] = { "", "s", "ten seconds", "10 s", "10parsecs", "-1s", "nan", "inf",
                               "1e300h" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 usec = -1;

      g_assert_true (vs_parse_duration (good[i].text, &usec, &error));
      g_assert_no_error (error);
      g_assert_cmpint (usec, ==, good[i].usec);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 usec = -1;

      g_assert_false (vs_parse_duration (bad[i], &usec, &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpint (usec, ==, -1);
    }
}

static void
test_format (void)
{
  g_autofree char *a = vs_format_duration (999);
  g_autofree char *b = vs_format_duration (1500);
  g_autofree char *c = vs_format_duration (2500000);
  g_autofree char *d = vs_format_bytes (512);
  g_autofree char *e = vs_format_bytes (1536);

  g_assert_cmpstr (a, ==, "999us");
  g_assert_cmpstr (b, ==, "1.50ms");
  g_assert_cmpstr (c, ==, "2.50s");
  g_assert_cmpstr (d, ==, "512B");
  g_assert_cmpstr (e, ==, "1.50KB");
}

static void
test_header_lines (void)
{
  g_autoptr(VsLoadProfile) profile = vs_load_profile_new ();
  g_autoptr(VsLoadProfile) copy = NULL;
  static const char *bad[] = { "NoColon", ": empty name", "Bad Name: x", "X: a\r\nInjected: y" };

  g_assert_true (vs_load_profile_add_header_line (profile, "Accept:  text/plain ", NULL));
  g_assert_cmpstr (g_ptr_array_index (profile->header_names, 0), ==, "Accept");
  g_assert_cmpstr (g_ptr_array_index (profile->header_values, 0), ==, "text/plain");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vs_load_profile_add_header_line (profile, bad[i], &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
    }
  g_assert_cmpuint (profile->header_names->len, ==, 1);

  vs_load_profile_set_url (profile, "http://example.test/");
  profile->connections = 7;
  copy = vs_load_profile_copy (profile);
  g_assert_cmpstr (copy->url, ==, "http://example.test/");
  g_assert_cmpuint (copy->connections, ==, 7);
  g_assert_cmpuint (copy->header_names->len, ==, 1);
}

/* vs_json_check_text() lets through every string JSON allows and refuses,
 * with the line, what json-glib mishandles */
static void
test_json_check_text (void)
{
  const char *accepted[] = {
    "{\"a\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20AC\"}",
    "[\"\\ud83d\\ude00\", \"Caf\xc3\xa9\", \"\xf0\x9f\x98\x80\"]",
    "\"\\\\u\"",   /* an escaped backslash, then a plain u */
    "  42  ",
  };
  struct {
    const char *text;
    const char *message;
  } refused[] = {
    { "[\n\"\\x41\"]", "line 2: a string has a backslash JSON does not know" },
    { "[\"\\u12\"]", "line 1: a string’s \\u escape needs four hex digits" },
    { "[\"\\u12", "line 1: a string’s \\u escape needs four hex digits" },
    { "[\"\\", "line 1: a string has a backslash JSON does not know" },
    { "\n\n[\"\\uDE00\"]", "line 3: a string’s \\ude00 is half of a character (a surrogate) with no first half" },
    { "[\"\\uD83D\"]", "line 1: a string’s \\ud83d is half of a character (a surrogate) with no second half" },
    { "[\"\\ud83d\\ud83d\"]", "no second half" },
    { "[\"a\\u0000b\"]", "line 1: a string holds a NUL character" },
    { "[\"Caf\xe9\"]", "line 1 is not UTF-8 text (byte 0xe9)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("accepted[%u]: %s", i, accepted[i]);
      g_assert_true (vs_json_check_text (accepted[i], strlen (accepted[i]), &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      {
        /* escaped: some are not UTF-8, which the TAP reader refuses */
        g_autofree char *shown = g_strescape (refused[i].text, NULL);

        g_test_message ("refused[%u]: %s", i, shown);
      }
      g_assert_false (vs_json_check_text (refused[i].text, strlen (refused[i].text), &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
      if (strstr (error->message, refused[i].message) == NULL)
        g_error ("refused[%u]: “%s” does not say “%s”", i, error->message, refused[i].message);
    }
}

/* found by fuzz-session-loader: json-glib 1.6 writes 1e+20 as "1e+20.0",
 * which does not load; every double Versus writes must read back */
static void
test_json_doubles (void)
{
  const double values[] = { 1e20, -1e20, 2e109, 1e300, -5e-324, 1e-5, 0.25, 3.0, 0.0,
                            1e16, 123456789012345678.0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *name = g_strdup_printf ("v%u", i);

      VS_JSON_ADD_NUMBER (builder, name, values[i]);
    }
  json_builder_set_member_name (builder, "array");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    vs_json_builder_add_double (builder, values[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_test_message ("%s", text);

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "array");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *name = g_strdup_printf ("v%u", i);
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      double member = json_object_get_double_member (object, name);
      double element = json_array_get_double_element (array, i);

      /* the same number, or its neighbour toward zero */
      g_assert_true (member == values[i] || member == nextafter (values[i], 0.0));
      g_assert_cmpfloat (element, ==, member);
    }
}


/* What a field shows is what its parser reads back: formatting next to parsing */
static void
test_format_parse_round_trip (void)
{
  static const gint64 durations[] = {
    1, 999, 1000, 250000, G_USEC_PER_SEC, 30 * G_USEC_PER_SEC, 90 * G_USEC_PER_SEC,
    120 * G_USEC_PER_SEC, G_TIME_SPAN_HOUR, 90 * G_TIME_SPAN_MINUTE, G_TIME_SPAN_DAY,
  };
  static const gint64 sizes[] = {
    6 * 1024 * 1024, 6 * 1024 * 1024 + 1, 7000 * 1024, 512 * 1024 * 1024, G_GINT64_CONSTANT (3) << 30,
  };
  static const double cpus[] = { 0.01, 0.5, 1, 1.5, 2.25, 16 };

  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autofree char *text = vs_format_duration_text (durations[i]);
      gint64 back = -1;

      g_assert_true (vs_parse_duration (text, &back, NULL));
      g_assert_cmpint (back, ==, durations[i]);
    }
  {
    g_autofree char *text = vs_format_duration_text (90 * G_USEC_PER_SEC);

    g_assert_cmpstr (text, ==, "90s");
  }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *text = vs_format_memory_text (sizes[i]);
      gint64 back = -1;

      g_assert_true (vs_parse_memory_size (text, &back, NULL));
      g_assert_cmpint (back, ==, sizes[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cpus); i++)
    {
      g_autofree char *text = vs_format_cpus_text (cpus[i]);
      double back = -1;

      g_assert_true (vs_parse_cpus (text, &back, NULL));
      g_assert_cmpfloat (back, ==, cpus[i]);
    }
  /* no limit is an empty field */
  {
    g_autofree char *memory = vs_format_memory_text (0);
    g_autofree char *none = vs_format_cpus_text (0);

    g_assert_cmpstr (memory, ==, "");
    g_assert_cmpstr (none, ==, "");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/util/parse-duration", test_parse_duration);
  g_test_add_func ("/util/format", test_format);
  g_test_add_func ("/util/format-parse-round-trip", test_format_parse_round_trip);
  g_test_add_func ("/util/header-lines", test_header_lines);
  g_test_add_func ("/util/json-check-text", test_json_check_text);
  g_test_add_func ("/util/json-doubles", test_json_doubles);

  return g_test_run ();
}
