/* test-history.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "vs-history.h"
#include "vs-util.h"
#include "vs-test-files.h"

#define APPEND_LOOP_ARG "--append-loop"

/* Helpers */

typedef struct
{
  char *dir;
  char *path;   /* dir/history.db, not created */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("versus-history-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "history.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  vs_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static VsHistoryEntry *
make_entry (const char *label,
            const char *session_id,
            const char *scenario,
            gint64      date,
            guint       trial)
{
  VsHistoryEntry *entry = vs_history_entry_new ();

  entry->date = date;
  entry->session_id = g_strdup (session_id);
  entry->target_label = g_strdup (label);
  entry->scenario = g_strdup (scenario);
  entry->trial = trial;
  entry->status = g_strdup ("ok");
  entry->json = g_strdup_printf ("{\"label\": \"%s\", \"trial\": %u}", label, trial);

  return entry;
}

static void
append_ok (VsHistory      *history,
           VsHistoryEntry *entry)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_history_append (history, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (entry->id, >, 0);
}

static GPtrArray *
query_ok (VsHistory             *history,
          const VsHistoryFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = vs_history_query (history, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);

  return entries;
}

static VsHistory *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  VsHistory *history = vs_history_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (VS_IS_HISTORY (history));

  return history;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
write_bytes (const char *path,
             const void *data,
             gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, length, &error));
  g_assert_no_error (error);
}

static void
assert_unchanged (const char *path,
                  GBytes     *before)
{
  g_autoptr(GBytes) after = read_bytes (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

/* SQLite, directly, to make files and look inside them */

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static char *
raw_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  return text;
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  g_autofree char *text = raw_text (path, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

/* Tests */

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(VsHistory) history = open_ok (fixture->path);
  g_autoptr(VsHistoryEntry) full = vs_history_entry_new ();
  g_autoptr(VsHistoryEntry) sparse = vs_history_entry_new ();
  g_autoptr(VsHistoryEntry) got = NULL;
  g_autoptr(VsHistoryEntry) copy = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  VsHistoryEntry *e;

  g_assert_cmpstr (vs_history_get_path (history), ==, fixture->path);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));

  full->date = 1700000000;
  full->session_id = g_strdup ("6f1c2f4e-0a51-4e3b-9d1e-3b3a4b1f0c11");
  full->session_name = g_strdup ("Node vs Python, «évening» run");
  full->target_label = g_strdup ("node-express");
  full->runtime = g_strdup ("podman");
  full->source = g_strdup ("node-express");
  full->scenario = g_strdup ("GET /");
  full->trial = 3;
  full->status = g_strdup ("ok");
  full->requests_per_s = 41152.25;
  full->p50_ms = 1.125;
  full->p99_ms = 9.75;
  full->memory_peak_bytes = G_GINT64_CONSTANT (5000000000);
  full->cpu_mean_percent = 187.5;
  full->json = g_strdup ("{\"format\": \"versus-run\", \"requests\": [1, 2, 3]}");
  append_ok (history, full);
  g_assert_cmpint (full->id, ==, 1);

  sparse->date = 1700000001;
  sparse->target_label = g_strdup ("fastapi");
  sparse->status = g_strdup ("failed");
  sparse->json = g_strdup ("null");
  append_ok (history, sparse);
  g_assert_cmpint (sparse->id, ==, 2);

  got = vs_history_get (history, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->id, ==, 1);
  g_assert_cmpint (got->date, ==, full->date);
  g_assert_cmpstr (got->session_id, ==, full->session_id);
  g_assert_cmpstr (got->session_name, ==, full->session_name);
  g_assert_cmpstr (got->target_label, ==, full->target_label);
  g_assert_cmpstr (got->runtime, ==, full->runtime);
  g_assert_cmpstr (got->source, ==, full->source);
  g_assert_cmpstr (got->scenario, ==, full->scenario);
  g_assert_cmpuint (got->trial, ==, 3);
  g_assert_cmpstr (got->status, ==, "ok");
  g_assert_cmpfloat (got->requests_per_s, ==, full->requests_per_s);
  g_assert_cmpfloat (got->p50_ms, ==, full->p50_ms);
  g_assert_cmpfloat (got->p99_ms, ==, full->p99_ms);
  g_assert_cmpint (got->memory_peak_bytes, ==, full->memory_peak_bytes);
  g_assert_cmpfloat (got->cpu_mean_percent, ==, full->cpu_mean_percent);
  g_assert_cmpstr (got->json, ==, full->json);

  copy = vs_history_entry_copy (got);
  g_assert_cmpstr (copy->session_name, ==, full->session_name);
  g_assert_true (copy->json != got->json);

  all = query_ok (history, NULL);
  g_assert_cmpuint (all->len, ==, 2);
  e = g_ptr_array_index (all, 0);
  g_assert_cmpint (e->id, ==, 2);
  g_assert_null (e->session_id);
  g_assert_null (e->session_name);
  g_assert_null (e->runtime);
  g_assert_null (e->source);
  g_assert_null (e->scenario);
  g_assert_cmpuint (e->trial, ==, 0);
  g_assert_cmpstr (e->status, ==, "failed");
  g_assert_true (isnan (e->requests_per_s));
  g_assert_true (isnan (e->p50_ms));
  g_assert_true (isnan (e->p99_ms));
  g_assert_cmpint (e->memory_peak_bytes, ==, -1);
  g_assert_true (isnan (e->cpu_mean_percent));
  g_assert_cmpstr (e->json, ==, "null");
  g_assert_cmpint (((VsHistoryEntry *) g_ptr_array_index (all, 1))->id, ==, 1);

  g_assert_null (vs_history_get (history, 3, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  /* What another reader of the file sees */
  g_assert_cmpint (raw_int (fixture->path, "PRAGMA application_id"), ==, VS_HISTORY_APPLICATION_ID);
  g_assert_cmpint (raw_int (fixture->path, "PRAGMA user_version"), ==, VS_HISTORY_SCHEMA_VERSION);
  mode = raw_text (fixture->path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (fixture->path,
                            "SELECT count(*) FROM runs WHERE id = 2 AND requests_per_s IS NULL"
                            " AND p50_ms IS NULL AND p99_ms IS NULL AND memory_peak_bytes IS NULL"
                            " AND cpu_mean_percent IS NULL AND scenario IS NULL"), ==, 1);
  g_assert_cmpint (raw_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                            " AND name IN ('runs_date', 'runs_target_label', 'runs_session_id')"),
                   ==, 3);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VsHistory) history = open_ok (fixture->path);
  static const struct {
    const char *label, *session, *name, *source, *scenario;
    gint64 date;
    const char *status;
  } rows[] = {
    { "node-express",   "s1", "Morning",     "node-express",       "GET /",      1000, "ok" },
    { "Python-FastAPI", "s1", "Morning",     "python-fastapi",     "GET /",      1000, "ok" },
    { "node-express",   "s2", "Über lunch",  "node-express",       "POST /json", 2000, "cancelled" },
    { "Python-FastAPI", "s2", "Über lunch",  "python-fastapi",     "POST /json", 3000, "failed" },
    { "nginx",          "s3", NULL,          "docker.io/nginx:1",  NULL,         4000, "ok" },
  };
  struct {
    VsHistoryFilter filter;
    const char *expected;   /* ids, newest first */
  } cases[] = {
    { { 0 },                                    "5 4 3 2 1" },
    { { .target_label = "node-express" },       "3 1" },
    { { .target_label = "python-fastapi" },     "" },      /* exact, so case matters */
    { { .session_id = "s2" },                   "4 3" },
    { { .scenario = "GET /" },                  "2 1" },
    { { .text = "FASTAPI" },                    "4 2" },
    { { .text = "über" },                       "4 3" },
    { { .text = "ÜBER LUNCH" },                 "4 3" },
    { { .text = "docker.io/NGINX" },            "5" },
    { { .text = "post /" },                     "4 3" },
    { { .text = "%" },                          "" },      /* no LIKE wildcards */
    { { .text = "Cancelled" },                  "3" },     /* the status, as the page shows it */
    { { .text = "FAILED" },                     "4" },
    { { .text = "" },                           "5 4 3 2 1" },
    { { .since = 2000 },                        "5 4 3" },
    { { .until = 2000 },                        "2 1" },   /* half-open */
    { { .since = 2000, .until = 4000 },         "4 3" },
    { { .limit = 2 },                           "5 4" },
    { { .limit = 1, .session_id = "s1" },       "2" },     /* same date: the later id first */
    { { .target_label = "node-express", .scenario = "POST /json", .text = "lunch" }, "3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(VsHistoryEntry) entry = make_entry (rows[i].label, rows[i].session,
                                                    rows[i].scenario, rows[i].date, 0);

      entry->session_name = g_strdup (rows[i].name);
      entry->source = g_strdup (rows[i].source);
      g_free (entry->status);
      entry->status = g_strdup (rows[i].status);
      append_ok (history, entry);
      g_assert_cmpint (entry->id, ==, i + 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = query_ok (history, &cases[i].filter);
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint j = 0; j < found->len; j++)
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, j > 0 ? " " : "",
                                ((VsHistoryEntry *) g_ptr_array_index (found, j))->id);
      g_test_message ("case %u: %s", i, ids->str);
      g_assert_cmpstr (ids->str, ==, cases[i].expected);
    }
}

static void
test_list_targets (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VsHistory) history = open_ok (fixture->path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) targets = NULL;
  static const char *labels[] = { "gamma", "alpha", "Beta", "gamma", "alpha", "delta" };
  const char *expected[] = { "alpha", "Beta", "delta", "gamma", NULL };

  none = vs_history_list_targets (history, &error);
  g_assert_no_error (error);
  g_assert_nonnull (none);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autoptr(VsHistoryEntry) entry = make_entry (labels[i], "s", NULL, 100 + i, i);

      append_ok (history, entry);
    }

  targets = vs_history_list_targets (history, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) targets, expected));
}

/* The scenario filter's choices come from one query: each scenario once,
 * none for a custom endpoint (no scenario, or an empty one) */
static void
test_list_scenarios (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(VsHistory) history = open_ok (fixture->path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) scenarios = NULL;
  static const char *recorded[] = { "json", NULL, "hello", "", "json", "Echo", "cpu" };
  const char *expected[] = { "cpu", "Echo", "hello", "json", NULL };

  none = vs_history_list_scenarios (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (recorded); i++)
    {
      g_autoptr(VsHistoryEntry) entry = make_entry ("t", "s", recorded[i], 100 + i, i);

      append_ok (history, entry);
    }

  scenarios = vs_history_list_scenarios (history, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) scenarios, expected));
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VsHistory) again = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  {
    g_autoptr(VsHistory) history = open_ok (fixture->path);

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(VsHistoryEntry) entry = make_entry ("node", "s", "GET /", 10 + i, i);

        append_ok (history, entry);
      }
  }

  /* The last connection checkpoints and removes the WAL when it closes */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  again = open_ok (fixture->path);
  all = query_ok (again, NULL);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpuint (((VsHistoryEntry *) g_ptr_array_index (all, 0))->trial, ==, 2);
  g_assert_cmpstr (((VsHistoryEntry *) g_ptr_array_index (all, 2))->json, ==,
                   "{\"label\": \"node\", \"trial\": 0}");

  {
    g_autoptr(VsHistoryEntry) entry = make_entry ("node", "s", "GET /", 20, 3);

    append_ok (again, entry);
    g_assert_cmpint (entry->id, ==, 4);
  }
}

static void
test_two_connections (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VsHistory) cli = open_ok (fixture->path);
  g_autoptr(VsHistory) gui = open_ok (fixture->path);
  g_autoptr(GPtrArray) seen_by_cli = NULL;
  g_autoptr(GPtrArray) seen_by_gui = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(VsHistoryEntry) entry = make_entry (i % 2 ? "cli" : "gui", "s", NULL, i, i);

      append_ok (i % 2 ? cli : gui, entry);
      g_assert_cmpint (entry->id, ==, i + 1);
    }

  seen_by_cli = query_ok (cli, NULL);
  seen_by_gui = query_ok (gui, NULL);
  g_assert_cmpuint (seen_by_cli->len, ==, 10);
  g_assert_cmpuint (seen_by_gui->len, ==, 10);
}

static void
test_default_location (void)
{
  g_autoptr(VsHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (),
                                                "versus", "history.db", NULL);
  g_autofree char *default_path = vs_history_default_path ();

  /* main() points XDG_DATA_HOME at a fresh folder, without a versus folder */
  g_assert_cmpstr (default_path, ==, expected);
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));

  history = vs_history_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_history_get_path (history), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  g_clear_object (&history);
  history = vs_history_open ("", &error);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_assert_null (history);
}

static void
test_invalid_entries (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VsHistory) history = open_ok (fixture->path);
  g_autoptr(GPtrArray) all = NULL;
  static const char *bad_json[] = {
    "", "   ", "{", "}", "not json", "[1 2]", "{\"a\": }", "{\"a\" 1}", "\"unterminated",
    "{\"a\": 1} trailing",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_json); i++)
    {
      g_autoptr(VsHistoryEntry) entry = make_entry ("node", "s", NULL, 1, 0);
      g_autoptr(GError) error = NULL;

      g_free (entry->json);
      entry->json = g_strdup (bad_json[i]);
      g_test_message ("json: %s", bad_json[i]);
      g_assert_false (vs_history_append (history, entry, &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
      g_assert_cmpint (entry->id, ==, 0);
    }

  {
    g_autoptr(VsHistoryEntry) entry = make_entry ("node", "s", NULL, 1, 0);
    g_autoptr(GError) error = NULL;

    g_clear_pointer (&entry->json, g_free);
    g_assert_false (vs_history_append (history, entry, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  }

  {
    g_autoptr(VsHistoryEntry) entry = make_entry ("", "s", NULL, 1, 0);
    g_autoptr(GError) error = NULL;

    g_assert_false (vs_history_append (history, entry, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  }

  {
    g_autoptr(VsHistoryEntry) entry = make_entry ("node", "s", NULL, 1, 0);
    g_autoptr(GError) error = NULL;

    g_clear_pointer (&entry->status, g_free);
    g_assert_false (vs_history_append (history, entry, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  }

  {
    g_autoptr(VsHistoryEntry) entry = make_entry ("node", "s", NULL, 1, 0);
    g_autoptr(GError) error = NULL;

    entry->session_name = g_strdup ("bad \xff utf-8");
    g_assert_false (vs_history_append (history, entry, &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  }

  all = query_ok (history, NULL);
  g_assert_cmpuint (all->len, ==, 0);
}

static void
assert_refused (const char *path,
                GQuark      domain,
                int         code,
                const char *words)
{
  g_autoptr(VsHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  history = vs_history_open (path, &error);
  g_assert_null (history);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_garbage_file (Fixture       *fixture,
                   gconstpointer  data)
{
  guint8 garbage[64 * 1024];
  g_autoptr(GBytes) before = NULL;
  /* An SQLite header, then junk: passes the first look, not SQLite's */
  char header_only[4096] = "SQLite format 3";

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = g_test_rand_int_range (0, 256);
  /* Random bytes may begin like anything but SQLite */
  garbage[0] = 'x';
  write_bytes (fixture->path, garbage, sizeof garbage);
  before = read_bytes (fixture->path);
  assert_refused (fixture->path, VS_ERROR, VS_ERROR_INVALID_DATA,
                  "is not a Versus history database");
  assert_unchanged (fixture->path, before);
  g_clear_pointer (&before, g_bytes_unref);

  write_bytes (fixture->path, "hello\n", 6);
  before = read_bytes (fixture->path);
  assert_refused (fixture->path, VS_ERROR, VS_ERROR_INVALID_DATA,
                  "is not a Versus history database");
  assert_unchanged (fixture->path, before);
  g_clear_pointer (&before, g_bytes_unref);

  for (guint i = 16; i < sizeof header_only; i++)
    header_only[i] = (char) g_test_rand_int_range (0, 256);
  header_only[68] = header_only[69] = header_only[70] = header_only[71] = 0;
  write_bytes (fixture->path, header_only, sizeof header_only);
  before = read_bytes (fixture->path);
  {
    g_autoptr(VsHistory) history = NULL;
    g_autoptr(GError) error = NULL;

    history = vs_history_open (fixture->path, &error);
    g_assert_null (history);
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, fixture->path));
  }
  assert_unchanged (fixture->path, before);

  /* A folder where the file should be */
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);
  g_assert_cmpint (g_mkdir (fixture->path, 0700), ==, 0);
  {
    g_autoptr(VsHistory) history = NULL;
    g_autoptr(GError) error = NULL;

    history = vs_history_open (fixture->path, &error);
    g_assert_null (history);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, fixture->path));
  }
}

static void
test_foreign_sqlite (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char *setups[] = {
    "PRAGMA application_id = 305419896;",   /* another program's, marked as such */
    "",                                      /* unmarked but not empty */
    "PRAGMA journal_mode = WAL;",            /* the same, in WAL mode */
  };

  for (guint i = 0; i < G_N_ELEMENTS (setups); i++)
    {
      g_autoptr(GBytes) before = NULL;
      g_autofree char *value = NULL;
      g_autofree char *sql = g_strconcat (setups[i], "CREATE TABLE notes (x TEXT);"
                                          "INSERT INTO notes VALUES ('keep me');", NULL);

      g_unlink (fixture->path);
      raw_exec (fixture->path, sql);
      before = read_bytes (fixture->path);

      assert_refused (fixture->path, VS_ERROR, VS_ERROR_INVALID_DATA,
                      "is not a Versus history database");
      assert_unchanged (fixture->path, before);

      value = raw_text (fixture->path, "SELECT x FROM notes");
      g_assert_cmpstr (value, ==, "keep me");
    }

  /* An empty SQLite database of no one's is taken over */
  g_unlink (fixture->path);
  raw_exec (fixture->path, "PRAGMA user_version = 7; VACUUM;");
  {
    g_autoptr(VsHistory) history = open_ok (fixture->path);
    g_autoptr(VsHistoryEntry) entry = make_entry ("node", "s", NULL, 1, 0);

    append_ok (history, entry);
  }
  g_assert_cmpint (raw_int (fixture->path, "PRAGMA user_version"), ==, VS_HISTORY_SCHEMA_VERSION);

  /* So is an empty file */
  g_unlink (fixture->path);
  write_bytes (fixture->path, "", 0);
  {
    g_autoptr(VsHistory) history = open_ok (fixture->path);
    g_autoptr(VsHistoryEntry) entry = make_entry ("node", "s", NULL, 1, 0);

    append_ok (history, entry);
  }
}

static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autofree char *expected = NULL;

  {
    g_autoptr(VsHistory) history = open_ok (fixture->path);
    g_autoptr(VsHistoryEntry) entry = make_entry ("node", "s", NULL, 1, 0);

    append_ok (history, entry);
  }

  raw_exec (fixture->path, "PRAGMA user_version = 2");
  before = read_bytes (fixture->path);

  expected = g_strdup_printf ("%s was written by a newer Versus (schema 2; this one reads 1)",
                              fixture->path);
  assert_refused (fixture->path, VS_ERROR, VS_ERROR_UNSUPPORTED, expected);
  assert_unchanged (fixture->path, before);
}

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autofree char *padding = g_strnfill (2000, 'x');
  g_autofree char *contents = NULL;
  gsize length = 0;
  gsize page_size;
  gsize n_pages;

  {
    g_autoptr(VsHistory) history = open_ok (fixture->path);

    for (guint i = 0; i < 300; i++)
      {
        g_autoptr(VsHistoryEntry) entry = make_entry (i % 3 ? "node" : "python", "s", NULL, i, i);

        g_free (entry->json);
        entry->json = g_strdup_printf ("{\"trial\": %u, \"padding\": \"%s\"}", i, padding);
        append_ok (history, entry);
      }
  }

  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  page_size = ((guint8) contents[16] << 8) | (guint8) contents[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = length / page_size;
  g_test_message ("%" G_GSIZE_FORMAT " pages of %" G_GSIZE_FORMAT " bytes", n_pages, page_size);
  g_assert_cmpuint (n_pages, >, 50);

  for (gsize page = n_pages / 2 - 2; page < n_pages / 2 + 2; page++)
    for (gsize i = 0; i < page_size; i++)
      contents[page * page_size + i] = (char) g_test_rand_int_range (0, 256);
  write_bytes (fixture->path, contents, length);
  before = read_bytes (fixture->path);

  assert_refused (fixture->path, VS_ERROR, VS_ERROR_INVALID_DATA, "is damaged");
  assert_unchanged (fixture->path, before);
}

/* Kill during write: this binary, run again as APPEND_LOOP_ARG PATH,
 * appends until killed and prints each committed id. */

static int
append_loop (const char *path)
{
  g_autoptr(VsHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *padding = g_strnfill (1500, 'k');

  history = vs_history_open (path, &error);
  if (history == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint i = 0; ; i++)
    {
      g_autoptr(VsHistoryEntry) entry = make_entry ("child", "kill", "GET /", i, i);
      char line[32];
      int n;

      g_free (entry->json);
      /* Vary the size, so that rows straddle pages and overflow */
      entry->json = g_strdup_printf ("{\"trial\": %u, \"padding\": \"%.*s\"}",
                                     i, (int) ((i * 7919) % 1500), padding);
      if (!vs_history_append (history, entry, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }

      n = g_snprintf (line, sizeof line, "%" G_GINT64_FORMAT "\n", entry->id);
      if (write (STDOUT_FILENO, line, n) != n)
        return 1;
      /* a breath between commits, as between trials: in a tight loop this
       * writer took the lock back at once and starved the other one past the
       * busy timeout on a loaded machine (a fresh-machine CI run) */
      g_usleep (2000);
    }

  return 0;
}

typedef struct
{
  GInputStream *stream;
  guint         n_lines;
} Reader;

static gpointer
read_lines_thread (gpointer data)
{
  Reader *reader = data;
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (reader->stream);
  char *line;

  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
    {
      g_atomic_int_inc (&reader->n_lines);
      g_free (line);
    }

  return NULL;
}

static void
test_kill_during_write (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  gint64 committed = 0;

  g_assert_nonnull (self_exe);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VsHistory) after = NULL;
      g_autofree char *check = NULL;
      Reader reader = { 0 };
      GThread *thread;
      gint64 start;
      gint64 count;
      guint parent_appends = 0;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                self_exe, APPEND_LOOP_ARG, fixture->path, NULL);
      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      reader.stream = g_subprocess_get_stdout_pipe (child);
      thread = g_thread_new ("read-lines", read_lines_thread, &reader);

      /* Wait for the first commit, so the file exists and is set up */
      while (g_atomic_int_get (&reader.n_lines) == 0)
        {
          g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
          g_usleep (1000);
        }

      /* Meanwhile, another writer: the busy timeout lets both commit */
      {
        g_autoptr(VsHistory) parent = open_ok (fixture->path);

        for (; parent_appends < 5; parent_appends++)
          {
            g_autoptr(VsHistoryEntry) entry = make_entry ("parent", "kill", NULL, 0, 0);

            append_ok (parent, entry);
            g_usleep (10000);
          }
      }

      while (g_get_monotonic_time () - start < 300 * 1000)
        g_usleep (1000);
      g_subprocess_force_exit (child);
      g_assert_true (g_subprocess_wait (child, NULL, &error));
      g_assert_no_error (error);
      g_thread_join (thread);

      g_assert_true (g_subprocess_get_if_signaled (child));
      g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

      /* Opening recovers the WAL and runs the quick check */
      after = open_ok (fixture->path);
      count = raw_int (fixture->path, "SELECT count(*) FROM runs");
      g_test_message ("round %u: child reported %u commits, %" G_GINT64_FORMAT " rows in all",
                      round, reader.n_lines, count);

      /* The child may have died between its commit and its report */
      g_assert_cmpint (count - committed - parent_appends, >=, reader.n_lines);
      g_assert_cmpint (count - committed - parent_appends, <=, reader.n_lines + 1);
      g_assert_cmpint (count, >=, committed + parent_appends + 1);
      g_assert_cmpint (raw_int (fixture->path, "SELECT max(id) FROM runs"), ==, count);
      check = raw_text (fixture->path, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");
      committed = count;

      {
        g_autoptr(GPtrArray) all = query_ok (after, NULL);

        g_assert_cmpuint (all->len, ==, count);
        for (guint i = 0; i < all->len; i++)
          {
            g_autoptr(JsonParser) parser = json_parser_new ();
            VsHistoryEntry *entry = g_ptr_array_index (all, i);

            g_assert_true (json_parser_load_from_data (parser, entry->json, -1, NULL));
          }
      }
    }
}

/* Async, on a main loop */

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  GArray    *ids;
  GPtrArray *found;
  GError    *error;
} AsyncState;

static void
append_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (vs_history_append_finish (VS_HISTORY (object), result, &id, &error));
  g_assert_no_error (error);
  g_array_append_val (state->ids, id);

  if (--state->pending == 0)
    g_main_loop_quit (state->loop);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncState *state = user_data;

  state->found = vs_history_query_finish (VS_HISTORY (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
append_cancelled_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AsyncState *state = user_data;

  g_assert_false (vs_history_append_finish (VS_HISTORY (object), result, NULL, &state->error));
  g_main_loop_quit (state->loop);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(VsHistory) history = open_ok (fixture->path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  AsyncState state = { loop, 0, NULL, NULL, NULL };
  const guint n = 20;

  state.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsHistoryEntry) entry = make_entry (i % 2 ? "odd" : "even", "async", NULL, i, i);

      /* Copied: freed before the worker runs */
      vs_history_append_async (history, entry, NULL, append_cb, &state);
      state.pending++;
    }
  g_main_loop_run (loop);

  g_assert_cmpuint (state.ids->len, ==, n);
  g_array_sort (state.ids, compare_ids);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (state.ids, gint64, i), ==, i + 1);
  g_array_unref (state.ids);

  {
    g_autofree char *label = g_strdup ("odd");
    VsHistoryFilter filter = { .target_label = label, .limit = 3 };

    vs_history_query_async (history, &filter, NULL, query_cb, &state);
    /* Copied too */
    memset (label, 0, strlen (label));
  }
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.found->len, ==, 3);
  g_assert_cmpuint (((VsHistoryEntry *) g_ptr_array_index (state.found, 0))->trial, ==, 19);
  g_assert_cmpuint (((VsHistoryEntry *) g_ptr_array_index (state.found, 2))->trial, ==, 15);
  g_clear_pointer (&state.found, g_ptr_array_unref);

  g_cancellable_cancel (cancelled);
  vs_history_query_async (history, NULL, cancelled, query_cb, &state);
  g_main_loop_run (loop);
  g_assert_null (state.found);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);

  {
    g_autoptr(VsHistoryEntry) entry = make_entry ("late", "async", NULL, 0, 0);

    vs_history_append_async (history, entry, cancelled, append_cancelled_cb, &state);
  }
  g_main_loop_run (loop);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);

  {
    g_autoptr(GPtrArray) all = query_ok (history, NULL);

    g_assert_cmpuint (all->len, ==, n);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  g_autofree char *data_home = NULL;
  int status;

  if (argc == 3 && g_str_equal (argv[1], APPEND_LOOP_ARG))
    return append_loop (argv[2]);

  /* Never the user's history. Not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74
   * leaks the strings it sets there, which LeakSanitizer reports. */
  home = g_dir_make_tmp ("versus-history-home-XXXXXX", NULL);
  g_assert_nonnull (home);
  data_home = g_build_filename (home, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/history/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("round-trip", test_round_trip);
  ADD ("filters", test_filters);
  ADD ("list-targets", test_list_targets);
  ADD ("list-scenarios", test_list_scenarios);
  ADD ("reopen", test_reopen);
  ADD ("two-connections", test_two_connections);
  g_test_add_func ("/history/default-location", test_default_location);
  ADD ("invalid-entries", test_invalid_entries);
  ADD ("garbage-file", test_garbage_file);
  ADD ("foreign-sqlite", test_foreign_sqlite);
  ADD ("newer-schema", test_newer_schema);
  ADD ("damaged", test_damaged);
  ADD ("kill-during-write", test_kill_during_write);
  ADD ("async", test_async);

#undef ADD

  status = g_test_run ();
  vs_test_remove_tree (home);

  return status;
}
