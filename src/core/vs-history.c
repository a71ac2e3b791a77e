/* vs-history.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include <glib/gi18n-lib.h>

#include "vs-history.h"
#include "vs-json-reader.h"
#include "vs-util.h"

/* Long enough for the other process (CLI or GUI) to finish a commit; an
 * append is one small transaction. */
#define BUSY_TIMEOUT_MS  5000

#define SQLITE_HEADER_SIZE      100
#define HEADER_APPLICATION_ID   68

#define ENTRY_COLUMNS \
  "id, date, session_id, session_name, target_label, runtime, source, scenario, trial, " \
  "status, requests_per_s, p50_ms, p99_ms, memory_peak_bytes, cpu_mean_percent, json"

/* migrations[n] takes the schema from version n to n + 1, inside the
 * transaction that also sets user_version. */
static const char * const migrations[] = {
  "CREATE TABLE runs ("
  "  id                INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  date              INTEGER NOT NULL,"
  "  session_id        TEXT,"
  "  session_name      TEXT,"
  "  target_label      TEXT NOT NULL,"
  "  runtime           TEXT,"
  "  source            TEXT,"
  "  scenario          TEXT,"
  "  trial             INTEGER NOT NULL DEFAULT 0,"
  "  status            TEXT NOT NULL,"
  "  requests_per_s    REAL,"
  "  p50_ms            REAL,"
  "  p99_ms            REAL,"
  "  memory_peak_bytes INTEGER,"
  "  cpu_mean_percent  REAL,"
  "  json              TEXT NOT NULL"
  ");"
  "CREATE INDEX runs_date ON runs (date);"
  "CREATE INDEX runs_target_label ON runs (target_label, date);"
  "CREATE INDEX runs_session_id ON runs (session_id, date);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VS_HISTORY_SCHEMA_VERSION);

/* Which optional clauses a query has: one prepared statement per mix */
enum
{
  QUERY_TARGET_LABEL = 1 << 0,
  QUERY_SESSION_ID   = 1 << 1,
  QUERY_SCENARIO     = 1 << 2,
  QUERY_TEXT         = 1 << 3,
  QUERY_SINCE        = 1 << 4,
  QUERY_UNTIL        = 1 << 5,
  N_QUERY_STATEMENTS = 1 << 6,
};

struct _VsHistory
{
  GObject       parent_instance;

  /* One connection, opened SQLITE_OPEN_FULLMUTEX; the mutex also keeps a
   * transaction and the use of a prepared statement to one thread. */
  GMutex        mutex;
  sqlite3      *db;
  char         *path;

  sqlite3_stmt *insert_stmt;
  sqlite3_stmt *get_stmt;
  sqlite3_stmt *targets_stmt;
  sqlite3_stmt *scenarios_stmt;
  sqlite3_stmt *query_stmts[N_QUERY_STATEMENTS];
};

G_DEFINE_FINAL_TYPE (VsHistory, vs_history, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (VsHistoryEntry, vs_history_entry, vs_history_entry_copy, vs_history_entry_free)

VsHistoryEntry *
vs_history_entry_new (void)
{
  VsHistoryEntry *entry = g_new0 (VsHistoryEntry, 1);

  entry->date = g_get_real_time () / G_USEC_PER_SEC;
  entry->requests_per_s = NAN;
  entry->p50_ms = NAN;
  entry->p99_ms = NAN;
  entry->memory_peak_bytes = -1;
  entry->cpu_mean_percent = NAN;

  return entry;
}

VsHistoryEntry *
vs_history_entry_copy (const VsHistoryEntry *entry)
{
  VsHistoryEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (VsHistoryEntry, 1);
  *copy = *entry;
  copy->session_id = g_strdup (entry->session_id);
  copy->session_name = g_strdup (entry->session_name);
  copy->target_label = g_strdup (entry->target_label);
  copy->runtime = g_strdup (entry->runtime);
  copy->source = g_strdup (entry->source);
  copy->scenario = g_strdup (entry->scenario);
  copy->status = g_strdup (entry->status);
  copy->json = g_strdup (entry->json);

  return copy;
}

void
vs_history_entry_free (VsHistoryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->session_id);
  g_free (entry->session_name);
  g_free (entry->target_label);
  g_free (entry->runtime);
  g_free (entry->source);
  g_free (entry->scenario);
  g_free (entry->status);
  g_free (entry->json);
  g_free (entry);
}

/* Errors */

static void
set_not_versus_error (GError     **error,
                      const char  *path,
                      const char  *why)
{
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
               _("%s is not a Versus history database (%s); it was left untouched"), path, why);
}

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  const char  *path,
                  int          rc,
                  const char  *doing)
{
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s is damaged (%s); it was left untouched"), path, message);
      break;

    case SQLITE_NOTADB:
      set_not_versus_error (error, path, message);
      break;

    default:
      /* Translators: the database file, what failed (e.g. "read", "lock", "create the tables
       * of"; messages with the context "database") and SQLite's own message */
      g_set_error (error, VS_ERROR, VS_ERROR_FAILED, _("%s: could not %s: %s"), path, doing, message);
      break;
    }
}

/* Opening */

char *
vs_history_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "versus", "history.db", NULL);
}

/* Looks at an existing file without SQLite, which would happily write to
 * it: refuses what is not SQLite, or SQLite marked as some other program's.
 * An application id of 0 is settled later (a new file, or a foreign one). */
static gboolean
check_file_header (const char  *path,
                   GError     **error)
{
  guint8 header[SQLITE_HEADER_SIZE];
  struct stat st;
  gsize n_read = 0;
  guint32 application_id;
  int saved_errno;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == ENOENT)
        return TRUE;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      set_not_versus_error (error, path, _("not a regular file"));
      return FALSE;
    }

  while (n_read < sizeof header)
    {
      gssize n = read (fd, header + n_read, sizeof header - n_read);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read %s: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      n_read += n;
    }
  close (fd);

  /* SQLite takes an empty file for an empty database */
  if (n_read == 0)
    return TRUE;

  if (n_read < sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      set_not_versus_error (error, path, _("not an SQLite file"));
      return FALSE;
    }

  memcpy (&application_id, header + HEADER_APPLICATION_ID, sizeof application_id);
  application_id = GUINT32_FROM_BE (application_id);
  if (application_id != 0 && application_id != VS_HISTORY_APPLICATION_ID)
    {
      g_autofree char *why = g_strdup_printf (_("SQLite application id 0x%08x"), application_id);

      set_not_versus_error (error, path, why);
      return FALSE;
    }

  return TRUE;
}

static int
query_int64 (sqlite3    *db,
             const char *sql,
             gint64     *out_value)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out_value = 0;
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_value = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    {
      rc = SQLITE_OK;
    }

  sqlite3_finalize (stmt);
  return rc;
}

typedef struct
{
  gint64 application_id;
  gint64 user_version;
  gint64 n_objects;
} DbIdentity;

static gboolean
read_identity (VsHistory   *self,
               DbIdentity  *identity,
               GError     **error)
{
  sqlite3 *db = self->db;
  int rc;

  if ((rc = query_int64 (db, "PRAGMA application_id", &identity->application_id)) ||
      (rc = query_int64 (db, "PRAGMA user_version", &identity->user_version)) ||
      (rc = query_int64 (db, "SELECT count(*) FROM sqlite_master", &identity->n_objects)))
    {
      set_sqlite_error (error, self->db, self->path, rc, C_("database", "read"));
      return FALSE;
    }

  return TRUE;
}

/* Ours (possibly to be created), or an error that names the file */
static gboolean
check_identity (VsHistory         *self,
                const DbIdentity  *identity,
                GError           **error)
{
  if (identity->application_id != VS_HISTORY_APPLICATION_ID)
    {
      if (identity->application_id != 0 || identity->n_objects > 0)
        {
          set_not_versus_error (error, self->path, _("an SQLite database of another program"));
          return FALSE;
        }
      return TRUE;
    }

  if (identity->user_version < 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s is damaged (schema %lld); it was left untouched"),
                   self->path, (long long) identity->user_version);
      return FALSE;
    }

  if (identity->user_version > VS_HISTORY_SCHEMA_VERSION)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED,
                   _("%s was written by a newer Versus (schema %lld; this one reads %d)"),
                   self->path, (long long) identity->user_version, VS_HISTORY_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
quick_check (VsHistory  *self,
             GError    **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  gboolean damaged = FALSE;
  guint n_problems = 0;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(3)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 0);
          g_auto(GStrv) lines = NULL;

          if (text == NULL || g_str_equal (text, "ok"))
            continue;
          damaged = TRUE;

          /* A row may hold several lines, under a "*** in database main ***" */
          lines = g_strsplit (text, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            {
              g_strstrip (lines[i]);
              if (lines[i][0] == '\0' || g_str_has_prefix (lines[i], "***"))
                continue;
              if (n_problems++ > 0)
                g_string_append (problems, "; ");
              g_string_append (problems, lines[i]);
            }
        }
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }

  if (rc != SQLITE_OK)
    set_sqlite_error (error, self->db, self->path, rc, C_("database", "check"));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return FALSE;

  if (damaged)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s is damaged (%s); it was left untouched"), self->path,
                   n_problems > 0 ? problems->str : _("the quick check failed"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
exec_sql (VsHistory   *self,
          const char  *sql,
          const char  *doing,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, self->path, rc, doing);
      return FALSE;
    }

  return TRUE;
}

static void
rollback (VsHistory *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Creates or upgrades the schema; checks again under the write lock, as
 * another process may have done it meanwhile. */
static gboolean
migrate (VsHistory  *self,
         GError    **error)
{
  DbIdentity identity;
  g_autofree char *stamp = NULL;

  if (!exec_sql (self, "BEGIN IMMEDIATE", C_("database", "lock"), error))
    return FALSE;

  if (!read_identity (self, &identity, error) || !check_identity (self, &identity, error))
    {
      rollback (self);
      return FALSE;
    }

  if (identity.application_id == VS_HISTORY_APPLICATION_ID &&
      identity.user_version == VS_HISTORY_SCHEMA_VERSION)
    return exec_sql (self, "COMMIT", C_("database", "create"), error);

  /* An empty database of no one's starts from scratch, whatever its user_version */
  if (identity.application_id != VS_HISTORY_APPLICATION_ID)
    identity.user_version = 0;

  for (gint64 version = identity.user_version; version < VS_HISTORY_SCHEMA_VERSION; version++)
    {
      if (!exec_sql (self, migrations[version], C_("database", "create the tables of"), error))
        {
          rollback (self);
          return FALSE;
        }
    }

  stamp = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d",
                           VS_HISTORY_APPLICATION_ID, VS_HISTORY_SCHEMA_VERSION);
  if (!exec_sql (self, stamp, C_("database", "create"), error) || !exec_sql (self, "COMMIT", C_("database", "create"), error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* vs_fold(text): case-folded, NFC; the text filter compares these */
static char *
fold_text (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  folded = g_utf8_casefold (text, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_DEFAULT_COMPOSE);
}

static void
sql_fold (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  folded = fold_text (text);
  if (folded == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, folded, -1, g_free);
}

static gboolean
prepare (VsHistory      *self,
         const char     *sql,
         sqlite3_stmt  **out_stmt,
         GError        **error)
{
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, out_stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, self->path, rc, C_("database", "read"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
open_database (VsHistory  *self,
               GError    **error)
{
  DbIdentity identity;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, self->path, rc, C_("database", "open"));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Nothing below writes until the file is known to be ours, or new */
  if (!read_identity (self, &identity, error) || !check_identity (self, &identity, error))
    return FALSE;
  if (identity.application_id == VS_HISTORY_APPLICATION_ID && !quick_check (self, error))
    return FALSE;

  /* WAL survives a killed process at any synchronous level; NORMAL may
   * lose the last commits on a power cut or OS crash, never consistency. */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *mode = (const char *) sqlite3_column_text (stmt, 0);

      if (g_ascii_strcasecmp (mode != NULL ? mode : "", "wal") != 0)
        g_debug ("%s: journal mode is %s, not WAL", self->path, mode);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    set_sqlite_error (error, self->db, self->path, rc, C_("database", "set up"));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return FALSE;

  if (!exec_sql (self, "PRAGMA synchronous = NORMAL", C_("database", "set up"), error))
    return FALSE;

  if ((identity.application_id != VS_HISTORY_APPLICATION_ID ||
       identity.user_version < VS_HISTORY_SCHEMA_VERSION) &&
      !migrate (self, error))
    return FALSE;

  rc = sqlite3_create_function_v2 (self->db, "vs_fold", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                   NULL, sql_fold, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, self->path, rc, C_("database", "set up"));
      return FALSE;
    }

  return prepare (self,
                  "INSERT INTO runs (date, session_id, session_name, target_label, runtime, source,"
                  " scenario, trial, status, requests_per_s, p50_ms, p99_ms, memory_peak_bytes,"
                  " cpu_mean_percent, json)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                  &self->insert_stmt, error) &&
         prepare (self, "SELECT " ENTRY_COLUMNS " FROM runs WHERE id = ?1",
                  &self->get_stmt, error) &&
         prepare (self,
                  "SELECT DISTINCT target_label FROM runs"
                  " ORDER BY target_label COLLATE NOCASE, target_label",
                  &self->targets_stmt, error) &&
         prepare (self,
                  "SELECT DISTINCT scenario FROM runs WHERE scenario IS NOT NULL AND scenario <> ''"
                  " ORDER BY scenario COLLATE NOCASE, scenario",
                  &self->scenarios_stmt, error);
}

static void
close_database (VsHistory *self,
                gboolean   checkpoint)
{
  if (self->db == NULL)
    return;

  g_clear_pointer (&self->insert_stmt, sqlite3_finalize);
  g_clear_pointer (&self->get_stmt, sqlite3_finalize);
  g_clear_pointer (&self->targets_stmt, sqlite3_finalize);
  g_clear_pointer (&self->scenarios_stmt, sqlite3_finalize);
  for (guint i = 0; i < N_QUERY_STATEMENTS; i++)
    g_clear_pointer (&self->query_stmts[i], sqlite3_finalize);

  if (!checkpoint)
    sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  sqlite3_close (self->db);
  self->db = NULL;
}

static void
vs_history_finalize (GObject *object)
{
  VsHistory *self = (VsHistory *) object;

  close_database (self, TRUE);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (vs_history_parent_class)->finalize (object);
}

static void
vs_history_class_init (VsHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_history_finalize;
}

static void
vs_history_init (VsHistory *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * vs_history_open:
 * @path: (nullable): the database file; %NULL for vs_history_default_path()
 *
 * Opens the history, creating the file and its folder when missing. A file
 * that is not a Versus history, is damaged, or was written by a newer
 * schema is refused and left as it is.
 *
 * Returns: (transfer full): the history, or %NULL with @error set
 */
VsHistory *
vs_history_open (const char  *path,
                 GError     **error)
{
  g_autoptr(VsHistory) self = NULL;
  g_autofree char *default_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *wal_path = NULL;
  gboolean had_wal;
  int saved_errno;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    path = default_path = vs_history_default_path ();
  if (*path == '\0')
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                           _("The history database path is empty"));
      return NULL;
    }

  self = g_object_new (VS_TYPE_HISTORY, NULL);
  self->path = g_canonicalize_filename (path, NULL);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  if (!check_file_header (self->path, error))
    return NULL;

  /* Reading a WAL database creates its -wal and -shm files; closing the last
   * connection removes them again with a checkpoint, which has nothing to
   * copy since a refused file is only read. A -wal that was there before is
   * someone else's: then no checkpoint, whatever it holds stays there. */
  wal_path = g_strconcat (self->path, "-wal", NULL);
  had_wal = g_file_test (wal_path, G_FILE_TEST_EXISTS);

  if (!open_database (self, error))
    {
      close_database (self, !had_wal);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * vs_history_get_path:
 *
 * Returns: (transfer none): the absolute path of the database file
 */
const char *
vs_history_get_path (VsHistory *self)
{
  g_return_val_if_fail (VS_IS_HISTORY (self), NULL);

  return self->path;
}

/* Appending */

static gboolean
check_utf8 (const char  *value,
            const char  *name,
            gboolean     required,
            GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      if (!required)
        return TRUE;
      /* Translators: %s is a field, e.g. "target label" */
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("A history entry needs a %s"), name);
      return FALSE;
    }

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("The %s of a history entry is not valid UTF-8"), name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_entry (const VsHistoryEntry  *entry,
                GError               **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!check_utf8 (entry->session_id, _("session id"), FALSE, error) ||
      !check_utf8 (entry->session_name, _("session name"), FALSE, error) ||
      !check_utf8 (entry->target_label, _("target label"), TRUE, error) ||
      !check_utf8 (entry->runtime, _("runtime"), FALSE, error) ||
      !check_utf8 (entry->source, _("source"), FALSE, error) ||
      !check_utf8 (entry->scenario, _("scenario"), FALSE, error) ||
      !check_utf8 (entry->status, _("status"), TRUE, error))
    return FALSE;

  if (entry->json == NULL)
    {
      g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                           _("A history entry needs the run as JSON"));
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  if (!vs_json_parse (parser, entry->json, strlen (entry->json), &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      if (local_error != NULL)
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                     _("The run of a history entry is not valid JSON: %s"), local_error->message);
      else
        g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                             _("The run of a history entry is not valid JSON"));
      return FALSE;
    }

  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
}

static void
bind_double (sqlite3_stmt *stmt,
             int           index,
             double        value)
{
  if (!isfinite (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

static gboolean
append_locked (VsHistory       *self,
               VsHistoryEntry  *entry,
               GError         **error)
{
  sqlite3_stmt *stmt = self->insert_stmt;
  gint64 id;
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", C_("database", "lock"), error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, entry->date);
  bind_text (stmt, 2, entry->session_id);
  bind_text (stmt, 3, entry->session_name);
  bind_text (stmt, 4, entry->target_label);
  bind_text (stmt, 5, entry->runtime);
  bind_text (stmt, 6, entry->source);
  bind_text (stmt, 7, entry->scenario);
  sqlite3_bind_int64 (stmt, 8, entry->trial);
  bind_text (stmt, 9, entry->status);
  bind_double (stmt, 10, entry->requests_per_s);
  bind_double (stmt, 11, entry->p50_ms);
  bind_double (stmt, 12, entry->p99_ms);
  if (entry->memory_peak_bytes < 0)
    sqlite3_bind_null (stmt, 13);
  else
    sqlite3_bind_int64 (stmt, 13, entry->memory_peak_bytes);
  bind_double (stmt, 14, entry->cpu_mean_percent);
  bind_text (stmt, 15, entry->json);

  rc = sqlite3_step (stmt);
  id = sqlite3_last_insert_rowid (self->db);
  if (rc != SQLITE_DONE)
    set_sqlite_error (error, self->db, self->path, rc, C_("database", "write"));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE || !exec_sql (self, "COMMIT", C_("database", "write"), error))
    {
      rollback (self);
      return FALSE;
    }

  entry->id = id;
  return TRUE;
}

/**
 * vs_history_append:
 * @entry: the run; its id is set on success
 *
 * Adds one run, in its own transaction. Refuses an entry without a target
 * label, a status or valid JSON.
 */
gboolean
vs_history_append (VsHistory       *self,
                   VsHistoryEntry  *entry,
                   GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VS_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_entry (entry, error))
    return FALSE;

  locker = g_mutex_locker_new (&self->mutex);
  return append_locked (self, entry, error);
}

/* Reading */

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static double
column_double (sqlite3_stmt *stmt,
               int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NAN;

  return sqlite3_column_double (stmt, column);
}

/* A row of ENTRY_COLUMNS */
static VsHistoryEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  VsHistoryEntry *entry = g_new0 (VsHistoryEntry, 1);
  gint64 trial;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->date = sqlite3_column_int64 (stmt, 1);
  entry->session_id = dup_column_text (stmt, 2);
  entry->session_name = dup_column_text (stmt, 3);
  entry->target_label = dup_column_text (stmt, 4);
  entry->runtime = dup_column_text (stmt, 5);
  entry->source = dup_column_text (stmt, 6);
  entry->scenario = dup_column_text (stmt, 7);
  trial = sqlite3_column_int64 (stmt, 8);
  entry->trial = (guint) CLAMP (trial, 0, G_MAXUINT);
  entry->status = dup_column_text (stmt, 9);
  entry->requests_per_s = column_double (stmt, 10);
  entry->p50_ms = column_double (stmt, 11);
  entry->p99_ms = column_double (stmt, 12);
  if (sqlite3_column_type (stmt, 13) == SQLITE_NULL)
    entry->memory_peak_bytes = -1;
  else
    entry->memory_peak_bytes = sqlite3_column_int64 (stmt, 13);
  entry->cpu_mean_percent = column_double (stmt, 14);
  entry->json = dup_column_text (stmt, 15);

  return entry;
}

static sqlite3_stmt *
get_query_stmt (VsHistory  *self,
                guint       mask,
                GError    **error)
{
  g_autoptr(GString) sql = NULL;

  g_assert (mask < N_QUERY_STATEMENTS);

  if (self->query_stmts[mask] != NULL)
    return self->query_stmts[mask];

  /* Numbered parameters, so every statement binds the same ones */
  sql = g_string_new ("SELECT " ENTRY_COLUMNS " FROM runs WHERE 1");
  if (mask & QUERY_TARGET_LABEL)
    g_string_append (sql, " AND target_label = ?1");
  if (mask & QUERY_SESSION_ID)
    g_string_append (sql, " AND session_id = ?2");
  if (mask & QUERY_SCENARIO)
    g_string_append (sql, " AND scenario = ?3");
  if (mask & QUERY_TEXT)
    g_string_append (sql,
                     " AND (instr (vs_fold (target_label), ?4) > 0"
                     " OR instr (vs_fold (session_name), ?4) > 0"
                     " OR instr (vs_fold (source), ?4) > 0"
                     " OR instr (vs_fold (scenario), ?4) > 0"
                     " OR instr (vs_fold (status), ?4) > 0)");
  if (mask & QUERY_SINCE)
    g_string_append (sql, " AND date >= ?5");
  if (mask & QUERY_UNTIL)
    g_string_append (sql, " AND date < ?6");
  g_string_append (sql, " ORDER BY date DESC, id DESC LIMIT ?7");

  if (!prepare (self, sql->str, &self->query_stmts[mask], error))
    return NULL;

  return self->query_stmts[mask];
}

static GPtrArray *
query_internal (VsHistory              *self,
                const VsHistoryFilter  *filter,
                GCancellable           *cancellable,
                GError                **error)
{
  static const VsHistoryFilter any = { 0 };
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *folded = NULL;
  sqlite3_stmt *stmt;
  guint mask = 0;
  int rc;

  if (filter == NULL)
    filter = &any;

  if (filter->target_label != NULL)
    mask |= QUERY_TARGET_LABEL;
  if (filter->session_id != NULL)
    mask |= QUERY_SESSION_ID;
  if (filter->scenario != NULL)
    mask |= QUERY_SCENARIO;
  if (filter->text != NULL && *filter->text != '\0')
    {
      mask |= QUERY_TEXT;
      folded = fold_text (filter->text);
    }
  if (filter->since != 0)
    mask |= QUERY_SINCE;
  if (filter->until != 0)
    mask |= QUERY_UNTIL;

  locker = g_mutex_locker_new (&self->mutex);

  stmt = get_query_stmt (self, mask, error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, filter->target_label);
  bind_text (stmt, 2, filter->session_id);
  bind_text (stmt, 3, filter->scenario);
  bind_text (stmt, 4, folded);
  sqlite3_bind_int64 (stmt, 5, filter->since);
  sqlite3_bind_int64 (stmt, 6, filter->until);
  sqlite3_bind_int64 (stmt, 7, filter->limit > 0 ? (gint64) filter->limit : -1);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_history_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      g_ptr_array_add (entries, entry_from_row (stmt));
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (error, self->db, self->path, rc, C_("database", "read"));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&entries);
}

/**
 * vs_history_query:
 * @filter: (nullable): what to return; %NULL for everything
 *
 * Returns: (transfer container) (element-type VsHistoryEntry): the matching
 *   runs, newest first (by date, then by id), or %NULL with @error set
 */
GPtrArray *
vs_history_query (VsHistory              *self,
                  const VsHistoryFilter  *filter,
                  GError                **error)
{
  g_return_val_if_fail (VS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return query_internal (self, filter, NULL, error);
}

/**
 * vs_history_get:
 *
 * Returns: (transfer full): the run with that id, or %NULL with @error set
 *   (%G_IO_ERROR_NOT_FOUND when there is none)
 */
VsHistoryEntry *
vs_history_get (VsHistory  *self,
                gint64      id,
                GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VsHistoryEntry *entry = NULL;
  int rc;

  g_return_val_if_fail (VS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);

  sqlite3_bind_int64 (self->get_stmt, 1, id);
  rc = sqlite3_step (self->get_stmt);
  if (rc == SQLITE_ROW)
    entry = entry_from_row (self->get_stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("%s has no run %lld"), self->path, (long long) id);
  else
    set_sqlite_error (error, self->db, self->path, rc, C_("database", "read"));
  sqlite3_reset (self->get_stmt);
  sqlite3_clear_bindings (self->get_stmt);

  return entry;
}

/**
 * vs_history_list_targets:
 *
 * Returns: (transfer full): the distinct target labels, sorted without
 *   regard to ASCII case, or %NULL with @error set
 */
/* The values of one column, each once, from a prepared DISTINCT query */
static GStrv
list_distinct (VsHistory     *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) values = NULL;
  int rc;

  locker = g_mutex_locker_new (&self->mutex);

  values = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (values, dup_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    set_sqlite_error (error, self->db, self->path, rc, C_("database", "read"));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return NULL;

  g_ptr_array_add (values, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&values), FALSE);
}

/* Every target label recorded, each once: a filter's choices */
GStrv
vs_history_list_targets (VsHistory  *self,
                         GError    **error)
{
  g_return_val_if_fail (VS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return list_distinct (self, self->targets_stmt, error);
}

/* Every scenario recorded (none for a custom endpoint), each once */
GStrv
vs_history_list_scenarios (VsHistory  *self,
                           GError    **error)
{
  g_return_val_if_fail (VS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return list_distinct (self, self->scenarios_stmt, error);
}

/* Async: a GTask thread each; the mutex serializes them on the connection */

static void
append_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !vs_history_append (source_object, task_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * vs_history_append_async:
 * @entry: the run, copied: the caller may free it at once
 *
 * Appends in a worker thread. Cancelling only helps before the write
 * starts; once written, the result is success whatever the cancellable says.
 */
void
vs_history_append_async (VsHistory             *self,
                         const VsHistoryEntry  *entry,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VS_IS_HISTORY (self));
  g_return_if_fail (entry != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_history_append_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, vs_history_entry_copy (entry),
                        (GDestroyNotify) vs_history_entry_free);
  g_task_run_in_thread (task, append_thread);
}

/**
 * vs_history_append_finish:
 * @out_id: (out) (optional): the id of the new run
 */
gboolean
vs_history_append_finish (VsHistory     *self,
                          GAsyncResult  *result,
                          gint64        *out_id,
                          GError       **error)
{
  const VsHistoryEntry *entry;

  g_return_val_if_fail (VS_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vs_history_append_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  entry = g_task_get_task_data (G_TASK (result));
  if (out_id != NULL)
    *out_id = entry->id;

  return TRUE;
}

typedef struct
{
  VsHistoryFilter filter;
  char *target_label;
  char *session_id;
  char *scenario;
  char *text;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free (data->target_label);
  g_free (data->session_id);
  g_free (data->scenario);
  g_free (data->text);
  g_free (data);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  GPtrArray *entries;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  entries = query_internal (source_object, &data->filter, cancellable, &error);
  if (entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vs_history_query_async:
 * @filter: (nullable): copied
 */
void
vs_history_query_async (VsHistory              *self,
                        const VsHistoryFilter  *filter,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (VS_IS_HISTORY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (QueryData, 1);
  if (filter != NULL)
    {
      data->filter = *filter;
      data->filter.target_label = data->target_label = g_strdup (filter->target_label);
      data->filter.session_id = data->session_id = g_strdup (filter->session_id);
      data->filter.scenario = data->scenario = g_strdup (filter->scenario);
      data->filter.text = data->text = g_strdup (filter->text);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_history_query_async);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  g_task_run_in_thread (task, query_thread);
}

/**
 * vs_history_query_finish:
 *
 * Returns: (transfer container) (element-type VsHistoryEntry): as
 *   vs_history_query()
 */
GPtrArray *
vs_history_query_finish (VsHistory     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (VS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vs_history_query_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
