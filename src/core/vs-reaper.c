/* vs-reaper.c — nothing Versus started outlives it
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol, one line per message, fields separated by tabs and each
 * field escaped with g_strescape ():
 *   P  ID  PID  START_TIME   kill the process group PID if it is still that process
 *   C  ID  ARG…              run ARG… (a container's removal)
 *   F  ID                    forget ID: it was stopped
 * At the end of input — Versus exited or died — every entry not forgotten
 * is acted on; after a clean exit there is none, since Versus stopped its
 * servers itself.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "vs-reaper.h"

/* ---------------------------------------------------------------------- */
/* Versus's side                                                           */

static GSubprocess *reaper;
static int          reaper_fd = -1;
static gboolean     reaper_broken;

static char *
reaper_path (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *env = g_getenv ("VERSUS_REAPER");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  /* a build tree's programs and tests use the build's reaper */
  if (exe != NULL && g_str_has_prefix (exe, BUILD_ROOT G_DIR_SEPARATOR_S))
    return g_build_filename (BUILD_ROOT, "src", "core", "versus-reaper", NULL);
  return g_build_filename (LIBEXECDIR, "versus-reaper", NULL);
}

static void
reaper_child_setup (gpointer data)
{
  /* out of the terminal's process group: Ctrl-C there is for Versus */
  setsid ();
}

static gboolean
ensure_reaper (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fds[2];

  if (reaper != NULL)
    return TRUE;
  if (reaper_broken)
    return FALSE;

  path = reaper_path ();
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      g_warning ("the reaper cannot start: socketpair: %s", g_strerror (errno));
      reaper_broken = TRUE;
      return FALSE;
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_take_stdin_fd (launcher, fds[1]);
  g_subprocess_launcher_set_child_setup (launcher, reaper_child_setup, NULL, NULL);
  reaper = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  if (reaper == NULL)
    {
      /* Versus still works; what it starts is then removed only by the
       * clean-up at its next start */
      g_warning ("the reaper (%s) cannot start: %s", path, error->message);
      close (fds[0]);
      reaper_broken = TRUE;
      return FALSE;
    }
  reaper_fd = fds[0];
  return TRUE;
}

static void
send_fields (const char * const *fields)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gsize done = 0;

  if (!ensure_reaper ())
    return;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *escaped = g_strescape (fields[i], NULL);

      if (i > 0)
        g_string_append_c (line, '\t');
      g_string_append (line, escaped);
    }
  g_string_append_c (line, '\n');

  /* a few bytes into a socket the reaper keeps reading: does not block */
  while (done < line->len)
    {
      ssize_t n = send (reaper_fd, line->str + done, line->len - done, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_warning ("the reaper is gone: %s", g_strerror (errno));
          reaper_broken = TRUE;
          close (reaper_fd);
          reaper_fd = -1;
          g_clear_object (&reaper);
          return;
        }
      done += n;
    }
}

void
vs_reaper_watch_process (const char *id,
                         GPid        pid,
                         guint64     start_time)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) pid);
  g_autofree char *start_text = g_strdup_printf ("%" G_GUINT64_FORMAT, start_time);
  const char *fields[] = { "P", id, pid_text, start_text, NULL };

  g_return_if_fail (id != NULL && pid > 0);
  send_fields (fields);
}

void
vs_reaper_watch_command (const char         *id,
                         const char * const *argv)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  g_return_if_fail (id != NULL && argv != NULL && argv[0] != NULL);
  g_ptr_array_add (fields, (gpointer) "C");
  g_ptr_array_add (fields, (gpointer) id);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (fields, (gpointer) argv[i]);
  g_ptr_array_add (fields, NULL);
  send_fields ((const char * const *) fields->pdata);
}

void
vs_reaper_forget (const char *id)
{
  const char *fields[] = { "F", id, NULL };

  g_return_if_fail (id != NULL);
  if (reaper == NULL)
    return;
  send_fields (fields);
}

GPid
vs_reaper_get_pid (void)
{
  const char *id = reaper ? g_subprocess_get_identifier (reaper) : NULL;

  return id ? (GPid) g_ascii_strtoll (id, NULL, 10) : 0;
}

guint64
vs_reaper_process_start_time (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  /* the command name is in parentheses and may hold spaces: count from
   * after the last ')'; start time is field 22, the 20th after it */
  after = strrchr (text, ')');
  if (after == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return 0;
  return g_ascii_strtoull (fields[19], NULL, 10);
}

/* ---------------------------------------------------------------------- */
/* The reaper                                                              */

typedef struct
{
  char   kind;      /* 'P' or 'C' */
  GPid   pid;
  guint64 start_time;
  char **argv;
} Entry;

static void
entry_free (Entry *entry)
{
  g_strfreev (entry->argv);
  g_free (entry);
}

static void
handle_line (GHashTable *entries,
             const char *line)
{
  g_auto(GStrv) raw = g_strsplit (line, "\t", 0);
  guint n = g_strv_length (raw);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  Entry *entry;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (fields, g_strcompress (raw[i]));
  if (n < 2)
    return;
#define FIELD(i) ((const char *) g_ptr_array_index (fields, i))
  if (g_str_equal (FIELD (0), "F"))
    {
      g_hash_table_remove (entries, FIELD (1));
      return;
    }
  entry = g_new0 (Entry, 1);
  entry->kind = FIELD (0)[0];
  if (entry->kind == 'P' && n == 4)
    {
      entry->pid = (GPid) g_ascii_strtoll (FIELD (2), NULL, 10);
      entry->start_time = g_ascii_strtoull (FIELD (3), NULL, 10);
    }
  else if (entry->kind == 'C' && n >= 3)
    {
      entry->argv = g_new0 (char *, n - 1);
      for (guint i = 2; i < n; i++)
        entry->argv[i - 2] = g_strdup (FIELD (i));
    }
  else
    {
      entry_free (entry);
      return;
    }
  g_hash_table_replace (entries, g_strdup (FIELD (1)), entry);
#undef FIELD
}

static gboolean
process_is (GPid    pid,
            guint64 start_time)
{
  return pid > 1 && start_time != 0 && vs_reaper_process_start_time (pid) == start_time;
}

/* When the containers' removals run, after the pipe closed */
static const guint container_passes_ms[] = { 0, 1000, 3000 };

static void
reap (GHashTable *entries)
{
  GHashTableIter iter;
  Entry *entry;
  gboolean signalled = FALSE;

  /* processes: SIGTERM to each group, a moment, then SIGKILL to what is left */
  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->kind == 'P' && process_is (entry->pid, entry->start_time))
      {
        kill (-entry->pid, SIGTERM);
        kill (entry->pid, SIGTERM);
        signalled = TRUE;
      }
  for (guint i = 0; signalled && i < 20; i++)
    {
      gboolean alive = FALSE;

      g_usleep (100 * 1000);
      g_hash_table_iter_init (&iter, entries);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        if (entry->kind == 'P' && process_is (entry->pid, entry->start_time))
          alive = TRUE;
      if (!alive)
        break;
    }
  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->kind == 'P')
      {
        /* the group may outlive its leader */
        kill (-entry->pid, SIGKILL);
        if (process_is (entry->pid, entry->start_time))
          kill (entry->pid, SIGKILL);
      }

  /* containers: their removal commands, now and twice more. An engine
   * command that was creating the container when Versus died may commit
   * it after the first removal found nothing (a SIGKILL during `podman
   * run` left one "Created"); removing what is gone is harmless. */
  for (guint pass = 0; pass < G_N_ELEMENTS (container_passes_ms); pass++)
    {
      gboolean any = FALSE;

      g_usleep (container_passes_ms[pass] * 1000);
      g_hash_table_iter_init (&iter, entries);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        if (entry->kind == 'C')
          {
            g_autoptr(GError) error = NULL;
            int status = 0;

            any = TRUE;
            if (!g_spawn_sync (NULL, entry->argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error))
              g_printerr ("versus-reaper: %s: %s\n", entry->argv[0], error->message);
          }
      if (!any)
        break;
    }
}

int
vs_reaper_main (void)
{
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) entry_free);
  g_autoptr(GString) pending = g_string_new (NULL);
  char buffer[4096];

  /* only the end of input ends it: not a terminal's signals, not a
   * `pkill versus` that took Versus too */
  signal (SIGINT, SIG_IGN);
  signal (SIGTERM, SIG_IGN);
  signal (SIGHUP, SIG_IGN);
  signal (SIGPIPE, SIG_IGN);

  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, buffer, sizeof buffer);
      char *newline;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (pending, buffer, n);
      while ((newline = memchr (pending->str, '\n', pending->len)) != NULL)
        {
          *newline = '\0';
          handle_line (entries, pending->str);
          g_string_erase (pending, 0, newline - pending->str + 1);
        }
    }
  reap (entries);
  return 0;
}
