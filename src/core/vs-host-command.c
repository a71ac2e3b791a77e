/* vs-host-command.c — commands on the host: through flatpak-spawn when sandboxed, with their output kept for errors
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-runtime-private.h"
#include "vs-util.h"

#define STREAM_KEEP_LINES   40

/* Variables that choose the engine a command talks to: forwarded to the
 * host when sandboxed, since flatpak-spawn does not pass our environment. */
static const char * const engine_env_names[] = {
  "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
  "CONTAINER_HOST", "CONTAINER_CONNECTION", "CONTAINER_SSHKEY", "CONTAINERS_CONF",
  "CONTAINERS_STORAGE_CONF", "CONTAINERS_REGISTRIES_CONF",
};

/* ---------------------------------------------------------------------- */
/* Commands                                                                */

char **
vs_runtime_wrap_argv (VsRuntime          *self,
                      const char * const *argv,
                      const char * const *extra_env)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (vs_runtime_get_sandboxed (self))
    {
      const char *host = g_getenv ("VERSUS_HOST_SPAWN");
      g_auto(GStrv) host_argv = NULL;

      /* VERSUS_HOST_SPAWN replaces flatpak-spawn in tests of the sandboxed
       * path outside Flatpak */
      if (host == NULL || !g_shell_parse_argv (host, NULL, &host_argv, NULL))
        {
          g_strv_builder_add (builder, "flatpak-spawn");
          g_strv_builder_add (builder, "--host");
        }
      else
        g_strv_builder_addv (builder, (const char **) host_argv);

      for (guint i = 0; i < G_N_ELEMENTS (engine_env_names); i++)
        {
          const char *value = g_getenv (engine_env_names[i]);

          if (value != NULL)
            vs_strv_builder_take (builder, g_strdup_printf ("--env=%s=%s", engine_env_names[i], value));
        }
      for (guint i = 0; extra_env && extra_env[i]; i++)
        vs_strv_builder_take (builder, g_strdup_printf ("--env=%s", extra_env[i]));
    }

  g_strv_builder_addv (builder, (const char **) argv);
  return g_strv_builder_end (builder);
}

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *lines;
  VsLineFunc        log_func;
  gpointer          log_data;
  GQueue            tail;       /* last lines, for errors */
  char             *program;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->process);
  g_clear_object (&data->lines);
  g_queue_clear_full (&data->tail, g_free);
  g_free (data->program);
  g_free (data);
}

static void
run_return (GTask      *task,
            RunData    *data,
            const char *out,
            const char *err)
{
  VsCommandResult *result = g_new0 (VsCommandResult, 1);

  result->status = g_subprocess_get_if_exited (data->process)
                   ? g_subprocess_get_exit_status (data->process)
                   : 128 + g_subprocess_get_term_sig (data->process);
  result->out = g_utf8_make_valid (out ? out : "", -1);
  result->err = g_utf8_make_valid (err ? err : "", -1);
  g_task_return_pointer (task, result, (GDestroyNotify) vs_command_result_free);
}

static void
run_communicate_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *err_text = NULL;

  if (!g_subprocess_communicate_finish (G_SUBPROCESS (object), result, &out, &err, &error))
    {
      /* cancelled (or a pipe error): never leave the command running */
      g_subprocess_force_exit (data->process);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  out_text = out ? g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out)) : NULL;
  err_text = err ? g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err)) : NULL;
  run_return (task, data, out_text, err_text);
}

static void
run_wait_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tail = g_string_new (NULL);

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error))
    {
      g_subprocess_force_exit (data->process);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (GList *l = data->tail.head; l; l = l->next)
    g_string_append_printf (tail, "%s\n", (char *) l->data);
  run_return (task, data, NULL, tail->str);
}

static void
run_read_line_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *line = NULL;
  GCancellable *cancellable;
  gsize len = 0;

  raw = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, &len, &error);
  if (error != NULL)
    {
      g_subprocess_force_exit (data->process);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  if (raw == NULL)
    {
      /* end of output: the exit status is next */
      g_subprocess_wait_async (data->process, cancellable,
                               run_wait_cb, g_steal_pointer (&task));
      return;
    }

  g_strchomp (raw);  /* also a stray \r */
  line = g_utf8_make_valid (raw, -1);
  if (data->log_func)
    data->log_func (line, data->log_data);
  g_queue_push_tail (&data->tail, g_steal_pointer (&line));
  if (data->tail.length > STREAM_KEEP_LINES)
    g_free (g_queue_pop_head (&data->tail));

  g_data_input_stream_read_line_async (data->lines, G_PRIORITY_DEFAULT, cancellable,
                                       run_read_line_cb, g_steal_pointer (&task));
}

void
vs_runtime_run_async (VsRuntime           *self,
                      const char * const  *argv,
                      const char * const  *extra_env,
                      VsLineFunc           log_func,
                      gpointer             log_data,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) full_argv = NULL;
  GSubprocessFlags flags;
  RunData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_runtime_run_async);
  data = g_new0 (RunData, 1);
  g_queue_init (&data->tail);
  data->log_func = log_func;
  data->log_data = log_data;
  data->program = g_strdup (argv[0]);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  flags = G_SUBPROCESS_FLAGS_STDIN_INHERIT | G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  flags |= log_func ? G_SUBPROCESS_FLAGS_STDERR_MERGE : G_SUBPROCESS_FLAGS_STDERR_PIPE;
  /* never let a command wait for input from our terminal */
  flags &= ~G_SUBPROCESS_FLAGS_STDIN_INHERIT;

  launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  if (!vs_runtime_get_sandboxed (self))
    for (guint i = 0; extra_env && extra_env[i]; i++)
      {
        g_autofree char *name = g_strdup (extra_env[i]);
        char *eq = strchr (name, '=');

        if (eq != NULL)
          {
            *eq = '\0';
            g_subprocess_launcher_setenv (launcher, name, eq + 1, TRUE);
          }
      }

  full_argv = vs_runtime_wrap_argv (self, argv, extra_env);
  data->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) full_argv, &error);
  if (data->process == NULL)
    {
      if (g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                   _("%s is not installed (no “%s” on PATH)"),
                                   full_argv[0], full_argv[0]);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (log_func)
    {
      data->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (data->process));
      g_data_input_stream_set_newline_type (data->lines, G_DATA_STREAM_NEWLINE_TYPE_ANY);
      g_data_input_stream_read_line_async (data->lines, G_PRIORITY_DEFAULT, cancellable,
                                           run_read_line_cb, g_steal_pointer (&task));
    }
  else
    g_subprocess_communicate_async (data->process, NULL, cancellable,
                                    run_communicate_cb, g_steal_pointer (&task));
}

VsCommandResult *
vs_runtime_run_finish (VsRuntime     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
vs_last_line (const char *text,
              const char *fallback)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return g_strdup (fallback);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      g_strstrip (lines[i - 1]);
      if (lines[i - 1][0] != '\0')
        return g_strdup (lines[i - 1]);
    }
  return g_strdup (fallback);
}

char *
vs_last_lines (const char *text,
               guint       n)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint len, first, kept = 0;

  if (text == NULL)
    return g_strdup ("");

  lines = g_strsplit (text, "\n", -1);
  len = g_strv_length (lines);
  while (len > 0 && g_strstrip (lines[len - 1])[0] == '\0')
    len--;
  first = len > n ? len - n : 0;
  for (guint i = first; i < len; i++, kept++)
    g_string_append_printf (out, "%s  | %s", kept ? "\n" : "", lines[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

