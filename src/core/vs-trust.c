/* vs-trust.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vs-template.h"
#include "vs-trust.h"
#include "vs-util.h"

#define FINGERPRINT_LENGTH 64   /* SHA-256 in hex */

static char *
store_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "versus", "trusted-sessions", NULL);
}

/* A field, its length first, so that no two sessions hash the same text */
static void
add_field (GChecksum  *sum,
           const char *value)
{
  char length[32];

  g_snprintf (length, sizeof length, "%zu:", value ? strlen (value) : (gsize) -1);
  g_checksum_update (sum, (const guchar *) length, -1);
  if (value != NULL)
    g_checksum_update (sum, (const guchar *) value, -1);
}

static void
add_number (GChecksum *sum,
            double     value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  add_field (sum, g_ascii_dtostr (text, sizeof text, value));
}

char *
vs_trust_fingerprint (VsSession *session)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  GPtrArray *targets;

  g_return_val_if_fail (VS_IS_SESSION (session), NULL);

  targets = vs_session_get_targets (session);
  add_field (sum, "versus-trust-1");
  add_number (sum, targets->len);
  for (guint i = 0; i < targets->len; i++)
    {
      const VsTarget *t = g_ptr_array_index (targets, i);

      add_field (sum, vs_runtime_kind_to_string (t->runtime));
      add_field (sum, t->template_name);
      add_field (sum, t->scenario);
      add_field (sum, t->image);
      add_number (sum, t->container_port);
      add_number (sum, t->host_port);
      add_number (sum, t->cpus);
      add_number (sum, (double) t->memory_bytes);
      add_field (sum, t->cpuset);
      /* only when not the default, so sessions trusted before workers existed stay trusted */
      if (t->workers != 1)
        add_number (sum, t->workers);
      add_field (sum, t->health_path);
      add_number (sum, t->env_names->len);
      for (guint e = 0; e < t->env_names->len; e++)
        {
          add_field (sum, g_ptr_array_index (t->env_names, e));
          add_field (sum, g_ptr_array_index (t->env_values, e));
        }
    }
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
vs_trust_lookup (const char *fingerprint)
{
  g_autofree char *path = store_path ();
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (fingerprint != NULL, FALSE);

  if (strlen (fingerprint) != FINGERPRINT_LENGTH ||
      !g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  for (const char *line = contents; line < contents + len;)
    {
      const char *end = memchr (line, '\n', contents + len - line);
      gsize n = end ? (gsize) (end - line) : (gsize) (contents + len - line);

      if (n == FINGERPRINT_LENGTH && memcmp (line, fingerprint, n) == 0)
        return TRUE;
      line += n + 1;
    }
  return FALSE;
}

gboolean
vs_trust_record (const char  *fingerprint,
                 GError     **error)
{
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *line = NULL;
  gssize written;
  int saved_errno;
  int fd;

  g_return_val_if_fail (fingerprint != NULL && strlen (fingerprint) == FINGERPRINT_LENGTH, FALSE);

  if (vs_trust_lookup (fingerprint))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  /* one short write with O_APPEND: two Versus recording at once add two
   * whole lines */
  fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot open %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  line = g_strconcat (fingerprint, "\n", NULL);
  written = write (fd, line, strlen (line));
  saved_errno = errno;
  if (close (fd) != 0 && written >= 0)
    {
      written = -1;
      saved_errno = errno;
    }
  if (written != (gssize) strlen (line))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (written < 0 ? saved_errno : ENOSPC),
                   _("cannot write %s: %s"), path,
                   g_strerror (written < 0 ? saved_errno : ENOSPC));
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_env_name_changes_loading (const char *name)
{
  static const char * const exact[] = {
    "PATH", "NODE_OPTIONS", "NODE_PATH", "NODE_REPL_EXTERNAL_MODULE", "BASH_ENV", "ENV",
    "PERL5LIB", "PERL5OPT", "PERLLIB", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS",
    "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "GCONV_PATH", "HOSTALIASES", "GLIBC_TUNABLES",
    "UVICORN_APP", "PYTHONSAFEPATH",
  };
  /* the dynamic loader's, Python's and npm's families */
  static const char * const prefixes[] = { "LD_", "DYLD_", "PYTHON", "NPM_CONFIG_", "MALLOC_" };
  g_autofree char *upper = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  upper = g_ascii_strup (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    if (g_str_equal (upper, exact[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (upper, prefixes[i]))
      return TRUE;
  return FALSE;
}

static const char *
engine_words (VsRuntimeKind kind)
{
  switch (kind)
    {
    case VS_RUNTIME_KIND_PODMAN:
      return _("in a Podman container");
    case VS_RUNTIME_KIND_DOCKER:
      return _("in a Docker container");
    case VS_RUNTIME_KIND_PROCESS:
      return _("as a program on this computer");
    case VS_RUNTIME_KIND_AUTO:
    default:
      return _("in a Podman or Docker container, else as a program on this computer");
    }
}

GPtrArray *
vs_trust_describe (VsSession *session,
                   GPtrArray *templates,
                   gboolean  *out_flagged)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *targets;
  gboolean flagged = FALSE;

  g_return_val_if_fail (VS_IS_SESSION (session), lines);

  targets = vs_session_get_targets (session);
  for (guint i = 0; i < targets->len; i++)
    {
      const VsTarget *t = g_ptr_array_index (targets, i);
      g_autoptr(GString) line = g_string_new (NULL);

      if (t->image != NULL)
        /* Translators: %s is a container image reference */
        g_string_append_printf (line, _("the image “%s”"), t->image);
      else
        {
          VsTemplate *template = templates ? vs_template_list_find (templates, t->template_name) : NULL;

          if (template != NULL)
            /* Translators: the first %s is a template's name, the second its folder */
            g_string_append_printf (line, _("the template “%s” from %s"), t->template_name, template->dir);
          else
            g_string_append_printf (line, _("the template “%s”"), t->template_name);
        }
      g_string_append_printf (line, ", %s", engine_words (t->runtime));
      if (t->host_port != 0)
        /* Translators: %u is a TCP port */
        g_string_append_printf (line, _(", on port %u of this computer"), t->host_port);
      if (t->env_names->len == 0)
        g_string_append (line, _(", no environment variables"));
      else
        {
          g_string_append (line, _(", environment: "));
          for (guint e = 0; e < t->env_names->len; e++)
            {
              const char *name = g_ptr_array_index (t->env_names, e);

              if (e > 0)
                g_string_append (line, ", ");
              g_string_append_printf (line, "%s=%s", name, (const char *) g_ptr_array_index (t->env_values, e));
              if (vs_env_name_changes_loading (name))
                {
                  /* Translators: after an environment variable such as LD_PRELOAD=… */
                  g_string_append (line, _(" (changes what the program loads)"));
                  flagged = TRUE;
                }
            }
        }
      /* Translators: a target's label, then what it runs */
      g_ptr_array_add (lines, g_strdup_printf (_("%s: %s"), t->label, line->str));
    }
  if (out_flagged != NULL)
    *out_flagged = flagged;
  return lines;
}

gboolean
vs_trust_save (GFile         *file,
               const char    *text,
               const char    *fingerprint,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!vs_file_write_atomic (file, text, cancellable, error))
    return FALSE;
  if (fingerprint != NULL && !vs_trust_record (fingerprint, &local_error))
    g_debug ("not recorded as made here: %s", local_error->message);
  return TRUE;
}

typedef struct
{
  GFile *file;
  char  *text;
  char  *fingerprint;   /* (nullable) */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->file);
  g_free (data->text);
  g_free (data->fingerprint);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (!vs_trust_save (data->file, data->text, data->fingerprint, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
vs_trust_save_async (gpointer             source_object,
                     gpointer             source_tag,
                     GFile               *file,
                     char                *text,
                     char                *fingerprint,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  SaveData *data = g_new0 (SaveData, 1);

  data->file = g_object_ref (file);
  data->text = text;
  data->fingerprint = fingerprint;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

GFile *
vs_trust_save_get_file (GAsyncResult *result)
{
  return ((SaveData *) g_task_get_task_data (G_TASK (result)))->file;
}
