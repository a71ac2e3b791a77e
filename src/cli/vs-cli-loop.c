/* vs-cli-loop.c — waiting for async work, Ctrl-C, shared option parsing
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>

#include <glib/gi18n.h>

#include "vs-cli-private.h"
#include "vs-util.h"

static gboolean
vs_cli_signal_cb (gpointer user_data)
{
  VsCli *cli = user_data;

  cli->n_signals++;
  g_cancellable_cancel (cli->cancellable);
  g_main_loop_quit (cli->loop);
  return G_SOURCE_CONTINUE;
}

void
vs_cli_init (VsCli        *cli,
          const char *command)
{
  cli->loop = g_main_loop_new (NULL, FALSE);
  cli->cancellable = g_cancellable_new ();
  cli->command = command;
  cli->sigint_id = g_unix_signal_add (SIGINT, vs_cli_signal_cb, cli);
  cli->sigterm_id = g_unix_signal_add (SIGTERM, vs_cli_signal_cb, cli);
}

void
vs_cli_clear (VsCli *cli)
{
  g_clear_handle_id (&cli->sigint_id, g_source_remove);
  g_clear_handle_id (&cli->sigterm_id, g_source_remove);
  g_clear_object (&cli->result);
  g_clear_object (&cli->cancellable);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
}

void
vs_cli_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VsCli *cli = user_data;

  g_set_object (&cli->result, result);
  g_main_loop_quit (cli->loop);
}

/* Waits for the operation started with vs_cli_done_cb as its callback. */
GAsyncResult *
vs_cli_await (VsCli *cli)
{
  while (cli->result == NULL)
    g_main_loop_run (cli->loop);
  return g_steal_pointer (&cli->result);
}

gboolean
vs_cli_interrupted (VsCli *cli)
{
  return cli->n_signals > 0;
}

int
vs_cli_fail (VsCli    *cli,
          GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || vs_cli_interrupted (cli))
    {
      vs_cli_print_error (_("%s: interrupted"), cli->command);
      return VS_EXIT_INTERRUPT;
    }
  vs_cli_print_error ("%s: %s", cli->command, error->message);
  return g_error_matches (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT) ? VS_EXIT_USAGE
                                                                      : VS_EXIT_FAILED;
}

gboolean
vs_cli_parse_runtime (const char     *text,
               VsRuntimeKind  *out_kind,
               GError        **error)
{
  if (text == NULL)
    {
      *out_kind = VS_RUNTIME_KIND_AUTO;
      return TRUE;
    }
  if (!vs_runtime_kind_from_string (text, out_kind))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("unknown runtime “%s” (auto, podman, docker or process)"), text);
      return FALSE;
    }
  return TRUE;
}

/* The runtime asked for, probed: an unavailable one is an error that says why. */
VsRuntime *
vs_cli_get_runtime (VsCli          *cli,
                    VsRuntimeKind   kind,
                    VsTarget       *target,
                    GError        **error)
{
  g_autoptr(VsRuntime) runtime = NULL;
  g_autoptr(VsRuntimeInfo) info = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (kind == VS_RUNTIME_KIND_AUTO)
    {
      g_autoptr(GPtrArray) targets = g_ptr_array_new ();

      if (target != NULL)
        g_ptr_array_add (targets, target);
      vs_runtime_choose_async (NULL, kind, targets, cli->cancellable, vs_cli_done_cb, cli);
      result = vs_cli_await (cli);
      return vs_runtime_choose_finish (result, error);
    }

  runtime = vs_runtime_new (kind);
  vs_runtime_probe_async (runtime, cli->cancellable, vs_cli_done_cb, cli);
  result = vs_cli_await (cli);
  info = vs_runtime_probe_finish (runtime, result, error);
  if (info == NULL)
    return NULL;
  if (info->status != VS_RUNTIME_STATUS_AVAILABLE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_CONNECT, "%s", info->reason);
      return NULL;
    }
  return g_steal_pointer (&runtime);
}

gboolean
vs_cli_parse_args (GOptionContext  *context,
            int             *argc,
            char          ***argv,
            const char      *command)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      vs_cli_print_error ("%s: %s", command, error->message);
      return FALSE;
    }
  return TRUE;
}

