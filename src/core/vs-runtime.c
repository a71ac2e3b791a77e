/* vs-runtime.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <glib/gi18n-lib.h>

#include "vs-runtime-private.h"
#include "vs-util.h"

#define PROBE_RETRY_MS      20
#define PROBE_TIMEOUT_S     2
#define LOG_LINES_IN_ERRORS 10
#define STREAM_KEEP_LINES   40

/* Variables that choose the engine a command talks to: forwarded to the
 * host when sandboxed, since flatpak-spawn does not pass our environment. */
static const char * const engine_env_names[] = {
  "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
  "CONTAINER_HOST", "CONTAINER_CONNECTION", "CONTAINER_SSHKEY", "CONTAINERS_CONF",
  "CONTAINERS_STORAGE_CONF", "CONTAINERS_REGISTRIES_CONF",
};

/* ---------------------------------------------------------------------- */
/* VsRuntimeInfo, VsImage                                                  */

G_DEFINE_BOXED_TYPE (VsRuntimeInfo, vs_runtime_info, vs_runtime_info_copy, vs_runtime_info_free)

VsRuntimeInfo *
vs_runtime_info_copy (const VsRuntimeInfo *info)
{
  VsRuntimeInfo *copy = g_new0 (VsRuntimeInfo, 1);

  copy->kind = info->kind;
  copy->status = info->status;
  copy->name = g_strdup (info->name);
  copy->version = g_strdup (info->version);
  copy->reason = g_strdup (info->reason);
  copy->endpoint = g_strdup (info->endpoint);
  return copy;
}

void
vs_runtime_info_free (VsRuntimeInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->version);
  g_free (info->reason);
  g_free (info->endpoint);
  g_free (info);
}

const char *
vs_runtime_status_to_string (VsRuntimeStatus status)
{
  switch (status)
    {
    case VS_RUNTIME_STATUS_AVAILABLE: return "available";
    case VS_RUNTIME_STATUS_NOT_INSTALLED: return "not installed";
    case VS_RUNTIME_STATUS_NOT_WORKING: return "not working";
    default: g_return_val_if_reached (NULL);
    }
}

/* "Podman 4.3.1 — ready", "Docker — daemon not running: …" */
char *
vs_runtime_info_describe (const VsRuntimeInfo *info)
{
  GString *s = g_string_new (info->name);

  if (info->version)
    g_string_append_printf (s, " %s", info->version);
  if (info->endpoint)
    {
      g_string_append_c (s, ' ');
      /* Translators: where a container engine is reached: "Docker 24.0.7 at unix:///…" */
      g_string_append_printf (s, _("at %s"), info->endpoint);
    }
  g_string_append (s, " — ");
  if (info->status == VS_RUNTIME_STATUS_AVAILABLE)
    /* Translators: after a runtime's name and version: "Podman 4.3.1 — ready" */
    g_string_append (s, C_("runtime", "ready"));
  else if (info->reason)
    g_string_append (s, info->reason);
  else if (info->status == VS_RUNTIME_STATUS_NOT_INSTALLED)
    g_string_append (s, C_("runtime", "not installed"));
  else
    g_string_append (s, C_("runtime", "not working"));
  return g_string_free (s, FALSE);
}

void
vs_image_free (VsImage *image)
{
  if (image == NULL)
    return;
  g_free (image->id);
  g_free (image->repository);
  g_free (image->tag);
  g_free (image);
}

void
vs_command_result_free (VsCommandResult *result)
{
  if (result == NULL)
    return;
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

/* ---------------------------------------------------------------------- */
/* VsRuntime                                                               */

typedef struct
{
  VsRuntimeKind  kind;
  gboolean       sandboxed;
  VsRuntimeInfo *info;
} VsRuntimePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VsRuntime, vs_runtime, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_SANDBOXED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vs_runtime_finalize (GObject *object)
{
  VsRuntimePrivate *priv = vs_runtime_get_instance_private (VS_RUNTIME (object));

  g_clear_pointer (&priv->info, vs_runtime_info_free);

  G_OBJECT_CLASS (vs_runtime_parent_class)->finalize (object);
}

static void
vs_runtime_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VsRuntimePrivate *priv = vs_runtime_get_instance_private (VS_RUNTIME (object));

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, priv->kind);
      break;
    case PROP_SANDBOXED:
      g_value_set_boolean (value, priv->sandboxed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_runtime_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  VsRuntimePrivate *priv = vs_runtime_get_instance_private (VS_RUNTIME (object));

  switch (prop_id)
    {
    case PROP_KIND:
      priv->kind = g_value_get_int (value);
      break;
    case PROP_SANDBOXED:
      priv->sandboxed = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_runtime_class_init (VsRuntimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_runtime_finalize;
  object_class->get_property = vs_runtime_get_property;
  object_class->set_property = vs_runtime_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, VS_RUNTIME_KIND_AUTO, VS_RUNTIME_KIND_PROCESS,
                      VS_RUNTIME_KIND_PROCESS,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SANDBOXED] =
    g_param_spec_boolean ("sandboxed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_runtime_init (VsRuntime *self)
{
  VsRuntimePrivate *priv = vs_runtime_get_instance_private (self);

  /* Inside Flatpak the engines run on the host. VERSUS_SANDBOXED=1 forces
   * the same code path outside, for tests. */
  priv->sandboxed = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
                    g_strcmp0 (g_getenv ("VERSUS_SANDBOXED"), "1") == 0;
}

VsRuntime *
vs_runtime_new (VsRuntimeKind kind)
{
  switch (kind)
    {
    case VS_RUNTIME_KIND_PODMAN:
    case VS_RUNTIME_KIND_DOCKER:
      return vs_runtime_container_new (kind);
    case VS_RUNTIME_KIND_PROCESS:
      return vs_runtime_process_new ();
    case VS_RUNTIME_KIND_AUTO:
    default:
      g_return_val_if_reached (NULL);
    }
}

VsRuntimeKind
vs_runtime_get_kind (VsRuntime *self)
{
  VsRuntimePrivate *priv = vs_runtime_get_instance_private (self);

  g_return_val_if_fail (VS_IS_RUNTIME (self), VS_RUNTIME_KIND_AUTO);
  return priv->kind;
}

const char *
vs_runtime_get_name (VsRuntime *self)
{
  g_return_val_if_fail (VS_IS_RUNTIME (self), NULL);

  switch (vs_runtime_get_kind (self))
    {
    case VS_RUNTIME_KIND_PODMAN: return "Podman";
    case VS_RUNTIME_KIND_DOCKER: return "Docker";
    case VS_RUNTIME_KIND_PROCESS: return _("Local processes");
    case VS_RUNTIME_KIND_AUTO:
    default: return NULL;
    }
}

gboolean
vs_runtime_get_sandboxed (VsRuntime *self)
{
  VsRuntimePrivate *priv = vs_runtime_get_instance_private (self);

  g_return_val_if_fail (VS_IS_RUNTIME (self), FALSE);
  return priv->sandboxed;
}

void
vs_runtime_set_sandboxed (VsRuntime *self,
                          gboolean   sandboxed)
{
  VsRuntimePrivate *priv = vs_runtime_get_instance_private (self);

  g_return_if_fail (VS_IS_RUNTIME (self));

  sandboxed = !!sandboxed;
  if (priv->sandboxed != sandboxed)
    {
      priv->sandboxed = sandboxed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOXED]);
    }
}

/* The result of the last probe, or NULL before one finished. */
const VsRuntimeInfo *
vs_runtime_get_info (VsRuntime *self)
{
  VsRuntimePrivate *priv = vs_runtime_get_instance_private (self);

  g_return_val_if_fail (VS_IS_RUNTIME (self), NULL);
  return priv->info;
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  VsRuntimePrivate *priv = vs_runtime_get_instance_private (self);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  VsRuntimeInfo *info;

  info = VS_RUNTIME_GET_CLASS (self)->probe_finish (self, result, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&priv->info, vs_runtime_info_free);
  priv->info = vs_runtime_info_copy (info);
  g_task_return_pointer (task, info, (GDestroyNotify) vs_runtime_info_free);
}

/* Finds out, with a real command, whether the runtime works. Only a
 * cancellation is an error: everything else is a status in the info. */
void
vs_runtime_probe_async (VsRuntime           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_RUNTIME (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_runtime_probe_async);
  VS_RUNTIME_GET_CLASS (self)->probe_async (self, cancellable, probe_cb, task);
}

VsRuntimeInfo *
vs_runtime_probe_finish (VsRuntime     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vs_runtime_list_images_async (VsRuntime           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (VS_IS_RUNTIME (self));
  VS_RUNTIME_GET_CLASS (self)->list_images_async (self, cancellable, callback, user_data);
}

GPtrArray *
vs_runtime_list_images_finish (VsRuntime     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return VS_RUNTIME_GET_CLASS (self)->list_images_finish (self, result, error);
}

gboolean
vs_validate_build_args (const char * const  *build_args,
                        GError             **error)
{
  for (guint i = 0; build_args && build_args[i]; i++)
    {
      const char *eq = strchr (build_args[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("build argument “%s” is not of the form NAME=VALUE"), build_args[i]);
          return FALSE;
        }
      name = g_strndup (build_args[i], eq - build_args[i]);
      if (!vs_validate_env_name (name, _("build argument"), error))
        return FALSE;
      if (strchr (eq + 1, '\n') != NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("build argument %s has a line break in its value"), name);
          return FALSE;
        }
      if (g_str_equal (name, "BASE_IMAGE") &&
          !vs_validate_image_reference (eq + 1, error))
        {
          g_prefix_error (error, _("build argument BASE_IMAGE: "));
          return FALSE;
        }
    }
  return TRUE;
}

/* Builds @template's image, tagged @tag (default: vs_target_template_image()).
 * Each line of the build log goes to @log_func as it comes. Returns the
 * image id (local processes: the folder the template was installed to). */
void
vs_runtime_build_async (VsRuntime           *self,
                        VsTemplate          *template,
                        const char          *tag,
                        const char * const  *build_args,
                        VsLineFunc           log_func,
                        gpointer             log_data,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *default_tag = NULL;

  g_return_if_fail (VS_IS_RUNTIME (self));
  g_return_if_fail (template != NULL);

  if (tag == NULL)
    tag = default_tag = vs_target_template_image (template->name);

  if (!vs_validate_image_reference (tag, &error) ||
      !vs_validate_build_args (build_args, &error))
    {
      g_task_report_error (self, callback, user_data, vs_runtime_build_async,
                           g_steal_pointer (&error));
      return;
    }

  VS_RUNTIME_GET_CLASS (self)->build_async (self, template, tag, build_args, log_func, log_data,
                                            cancellable, callback, user_data);
}

char *
vs_runtime_build_finish (VsRuntime     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  if (g_async_result_is_tagged (result, vs_runtime_build_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return VS_RUNTIME_GET_CLASS (self)->build_finish (self, result, error);
}

/* Starts @target; the returned instance is launched, not yet ready: wait
 * with vs_instance_wait_ready_async(), and stop it whatever happens. */
void
vs_runtime_start_async (VsRuntime           *self,
                        VsTarget            *target,
                        const char          *session_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTarget) copy = NULL;

  g_return_if_fail (VS_IS_RUNTIME (self));
  g_return_if_fail (target != NULL);

  if (!vs_target_validate (target, &error) ||
      (target->cpuset != NULL && !vs_validate_cpuset (target->cpuset, &error)))
    goto fail;

  if (session_id != NULL)
    {
      for (const char *p = session_id; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
          {
            g_set_error (&error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                         _("session id “%s” may only contain letters, digits, -, _ and ."),
                         session_id);
            goto fail;
          }
    }

  copy = vs_target_copy (target);
  if (copy->host_port == 0)
    {
      copy->host_port = vs_find_free_port (&error);
      if (copy->host_port == 0)
        goto fail;
    }
  else if (!vs_port_is_free (copy->host_port))
    {
      g_set_error (&error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("port %u on 127.0.0.1 is already in use: choose another one, "
                     "or none to get a free one"), copy->host_port);
      goto fail;
    }

  VS_RUNTIME_GET_CLASS (self)->start_async (self, copy, session_id, cancellable,
                                            callback, user_data);
  return;

fail:
  g_task_report_error (self, callback, user_data, vs_runtime_start_async,
                       g_steal_pointer (&error));
}

VsInstance *
vs_runtime_start_finish (VsRuntime     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  if (g_async_result_is_tagged (result, vs_runtime_start_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return VS_RUNTIME_GET_CLASS (self)->start_finish (self, result, error);
}

/* Removes what Versus left running: every container labelled as Versus's
 * (only those of @session_id when given), or the local processes it
 * recorded. Returns how many were removed. */
void
vs_runtime_cleanup_async (VsRuntime           *self,
                          const char          *session_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (VS_IS_RUNTIME (self));
  VS_RUNTIME_GET_CLASS (self)->cleanup_async (self, session_id, cancellable, callback, user_data);
}

guint
vs_runtime_cleanup_finish (VsRuntime     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return VS_RUNTIME_GET_CLASS (self)->cleanup_finish (self, result, error);
}

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

/* ---------------------------------------------------------------------- */
/* Ports, templates                                                        */

static GSocket *
bind_loopback (guint    port,
               GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  /* SO_REUSEADDR, as the servers (Node, uvicorn, docker-proxy) bind: a port
   * whose old connections linger in TIME_WAIT is free for them; a listener
   * on it still makes the bind fail */
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* A port that is free on 127.0.0.1 now. Another program may take it
 * before the server does; starting then fails with "address in use". */
guint
vs_find_free_port (GError **error)
{
  g_autoptr(GSocket) socket = bind_loopback (0, error);
  g_autoptr(GSocketAddress) address = NULL;

  if (socket == NULL)
    return 0;
  address = g_socket_get_local_address (socket, error);
  if (address == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

gboolean
vs_port_is_free (guint port)
{
  g_autoptr(GSocket) socket = bind_loopback (port, NULL);

  return socket != NULL;
}

VsTemplate *
vs_find_template (const char  *name,
                  GError     **error)
{
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  VsTemplate *found = vs_template_list_find (templates, name);

  if (found != NULL)
    return vs_template_ref (found);

  for (guint i = 0; i < templates->len; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "",
                            ((VsTemplate *) g_ptr_array_index (templates, i))->name);

  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
               _("there is no template “%s” (templates: %s)"), name,
               names->len ? names->str : _("none found"));
  return NULL;
}

static void
find_template_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  VsTemplate *template = vs_find_template (task_data, &error);

  if (template != NULL)
    g_task_return_pointer (task, template, (GDestroyNotify) vs_template_unref);
  else
    g_task_return_error (task, error);
}

void
vs_find_template_async (const char          *name,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (name != NULL);

  g_task_set_source_tag (task, vs_find_template_async);
  g_task_set_task_data (task, g_strdup (name), g_free);
  g_task_run_in_thread (task, find_template_thread);
}

VsTemplate *
vs_find_template_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
copy_tree (GFile         *source,
           GFile         *dest,
           GChecksum     *checksum,
           GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_make_directory_with_parents (dest, NULL, error))
    {
      if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return FALSE;
      g_clear_error (error);
    }

  children = g_file_enumerate_children (source, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (children == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info = NULL;

      if (!g_file_enumerator_iterate (children, &info, NULL, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }

  /* sorted, so the checksum does not depend on the directory order */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GFile) child = g_file_get_child (source, name);
      g_autoptr(GFile) target = g_file_get_child (dest, name);
      GFileType type;

      /* what a local install leaves in a source tree is not part of it */
      if (g_str_equal (name, "node_modules") || g_str_equal (name, "__pycache__"))
        continue;

      type = g_file_query_file_type (child, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL);
      g_checksum_update (checksum, (const guchar *) name, strlen (name) + 1);
      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (!copy_tree (child, target, checksum, error))
            return FALSE;
        }
      else if (type == G_FILE_TYPE_REGULAR)
        {
          g_autofree char *contents = NULL;
          gsize len;

          if (!g_file_load_contents (child, NULL, &contents, &len, NULL, error))
            return FALSE;
          g_checksum_update (checksum, (const guchar *) contents, len);
          if (!g_file_replace_contents (target, contents, len, NULL, FALSE,
                                        G_FILE_CREATE_NONE, NULL, NULL, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* Copies @template's folder to $XDG_CACHE_HOME/versus/@purpose/NAME: a
 * folder the host sees even from inside Flatpak (the build context), and
 * one local processes can install dependencies into without touching the
 * installed template. @out_changed tells whether the files differ from
 * the last copy. */
char *
vs_stage_template (VsTemplate  *template,
                   const char  *purpose,
                   gboolean    *out_changed,
                   GError     **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "versus", purpose,
                                           template->name, NULL);
  g_autofree char *stamp_path = g_build_filename (dir, ".versus-stamp", NULL);
  g_autofree char *old_stamp = NULL;
  g_autofree char *new_stamp_path = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (template->dir);
  g_autoptr(GFile) dest = g_file_new_for_path (dir);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *stamp;

  if (!copy_tree (source, dest, checksum, error))
    {
      g_prefix_error (error, _("cannot copy template %s to %s: "), template->name, dir);
      return NULL;
    }

  stamp = g_checksum_get_string (checksum);
  g_file_get_contents (stamp_path, &old_stamp, NULL, NULL);
  if (out_changed)
    *out_changed = g_strcmp0 (old_stamp, stamp) != 0;

  /* committed by vs_stage_template_done() once what depends on it worked */
  new_stamp_path = g_build_filename (dir, ".versus-stamp.new", NULL);
  if (!g_file_set_contents (new_stamp_path, stamp, -1, error))
    return NULL;

  return g_steal_pointer (&dir);
}

/* Records that the staged folder @dir is complete (its install worked). */
gboolean
vs_stage_template_done (const char  *dir,
                        GError     **error)
{
  g_autofree char *stamp_path = g_build_filename (dir, ".versus-stamp", NULL);
  g_autofree char *new_stamp_path = g_build_filename (dir, ".versus-stamp.new", NULL);

  if (g_rename (new_stamp_path, stamp_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot write %s: %s"), stamp_path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* VsInstance                                                              */

G_DEFINE_FINAL_TYPE (VsInstance, vs_instance, G_TYPE_OBJECT)

static void
vs_instance_dispose (GObject *object)
{
  VsInstance *self = VS_INSTANCE (object);

  g_cancellable_cancel (self->probe_cancellable);
  g_cancellable_cancel (self->watch_cancellable);

  G_OBJECT_CLASS (vs_instance_parent_class)->dispose (object);
}

static void
vs_instance_finalize (GObject *object)
{
  VsInstance *self = VS_INSTANCE (object);

  g_clear_object (&self->runtime);
  g_clear_pointer (&self->target, vs_target_unref);
  g_free (self->id);
  g_free (self->name);
  g_free (self->image_id);
  g_free (self->url);
  g_free (self->health_path);
  g_free (self->cgroup_path);
  g_free (self->log_path);
  g_free (self->pid_file);
  g_clear_object (&self->watch);
  g_clear_object (&self->watch_cancellable);
  g_free (self->exit_reason);
  g_clear_error (&self->probe_error);
  g_clear_object (&self->probe_cancellable);
  g_clear_pointer (&self->probe_waiters, g_ptr_array_unref);
  g_free (self->probe_last_failure);

  G_OBJECT_CLASS (vs_instance_parent_class)->finalize (object);
}

static void
vs_instance_class_init (VsInstanceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vs_instance_dispose;
  object_class->finalize = vs_instance_finalize;
}

static void
vs_instance_init (VsInstance *self)
{
  self->startup_us = -1;
  self->probe_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->probe_cancellable = g_cancellable_new ();
  self->watch_cancellable = g_cancellable_new ();
}

VsInstance *
vs_instance_new (VsRuntime  *runtime,
                 VsTarget   *target,
                 const char *health_path)
{
  VsInstance *self = g_object_new (VS_TYPE_INSTANCE, NULL);

  self->runtime = g_object_ref (runtime);
  self->target = vs_target_ref (target);
  self->health_path = g_strdup (health_path ? health_path : "/");
  vs_instance_set_host_port (self, target->host_port);
  return self;
}

void
vs_instance_set_host_port (VsInstance *self,
                           guint       port)
{
  self->host_port = port;
  g_free (self->url);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", port);
}

VsRuntime *
vs_instance_get_runtime (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->runtime;
}

VsTarget *
vs_instance_get_target (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->target;
}

const char *
vs_instance_get_id (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->id;
}

const char *
vs_instance_get_name (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->name;
}

const char *
vs_instance_get_image_id (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->image_id;
}

guint
vs_instance_get_host_port (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), 0);
  return self->host_port;
}

const char *
vs_instance_get_url (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->url;
}

/* Launch to first 2xx, or -1 while not ready. */
gint64
vs_instance_get_startup_us (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), -1);
  return self->startup_us;
}

gboolean
vs_instance_has_exited (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), FALSE);
  return self->exited;
}

/* "exited with status 1", or NULL while it runs */
const char *
vs_instance_get_exit_reason (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return self->exit_reason;
}

/* readiness ------------------------------------------------------------- */

static void probe_attempt (VsInstance *self);

static void
probe_complete (VsInstance *self,
                GError     *error)
{
  g_autoptr(GPtrArray) waiters = NULL;

  if (self->probe_state != VS_PROBE_RUNNING)
    {
      g_clear_error (&error);
      return;
    }

  self->probe_state = error ? VS_PROBE_FAILED : VS_PROBE_READY;
  self->probe_error = error;
  g_cancellable_cancel (self->probe_cancellable);

  waiters = g_steal_pointer (&self->probe_waiters);
  self->probe_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

typedef struct
{
  VsInstance *self;
  char       *message;
} ExitFailData;

static void
exit_fail_logs_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ExitFailData *data = user_data;
  g_autofree char *logs = vs_instance_logs_finish (VS_INSTANCE (object), result, NULL);
  g_autofree char *tail = vs_last_lines (logs, LOG_LINES_IN_ERRORS);

  probe_complete (data->self,
                  tail[0]
                  /* Translators: an error about a target, then the last lines it logged */
                  ? g_error_new (VS_ERROR, VS_ERROR_FAILED, _("%s; its last log lines:\n%s"),
                                 data->message, tail)
                  : g_error_new (VS_ERROR, VS_ERROR_FAILED, _("%s (it logged nothing)"),
                                 data->message));
  g_object_unref (data->self);
  g_free (data->message);
  g_free (data);
}

/* Fails the probe with @message and the target's last log lines. */
static void
probe_fail_with_logs (VsInstance *self,
                      char       *message)
{
  ExitFailData *data = g_new0 (ExitFailData, 1);

  data->self = g_object_ref (self);
  data->message = message;
  vs_instance_logs_async (self, LOG_LINES_IN_ERRORS, NULL, exit_fail_logs_cb, data);
}

void
vs_instance_mark_exited (VsInstance *self,
                         const char *reason)
{
  if (self->exited)
    return;

  self->exited = TRUE;
  g_free (self->exit_reason);
  self->exit_reason = g_strdup (reason);

  if (self->probe_state == VS_PROBE_RUNNING && !self->stopping)
    probe_fail_with_logs (self, g_strdup_printf (_("%s exited before it was ready (%s)"),
                                                 self->target->label ? self->target->label
                                                                     : self->name,
                                                 reason ? reason : _("no reason given")));
}

static void
watch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VsInstance) self = user_data;
  g_autoptr(GError) error = NULL;
  GSubprocess *watch = G_SUBPROCESS (object);
  g_autofree char *reason = NULL;

  if (!g_subprocess_wait_finish (watch, result, &error))
    return;  /* cancelled: the instance is going away */

  if (g_object_get_data (object, "vs-watch-is-target"))
    {
      if (g_subprocess_get_if_exited (watch))
        reason = g_strdup_printf (_("exited with status %d"), g_subprocess_get_exit_status (watch));
      else
        reason = g_strdup_printf (_("killed by signal %d"), g_subprocess_get_term_sig (watch));
    }
  else
    {
      /* `podman wait`/`docker wait` print the container's exit code */
      GInputStream *stdout_pipe = g_subprocess_get_stdout_pipe (watch);
      char buffer[64] = "";
      gssize n = stdout_pipe ? g_input_stream_read (stdout_pipe, buffer, sizeof buffer - 1, NULL, NULL)
                             : -1;

      if (n > 0)
        {
          buffer[n] = '\0';
          g_strstrip (buffer);
          reason = g_strdup_printf (_("exited with status %s"), buffer);
        }
      else
        reason = g_strdup (_("the container stopped"));
    }

  vs_instance_mark_exited (self, reason);
}

/* @watch ends when the target does: the server itself (local processes) or
 * `podman wait ID`. */
void
vs_instance_watch_exit (VsInstance  *self,
                        GSubprocess *watch,
                        gboolean     watch_is_target)
{
  g_set_object (&self->watch, watch);
  if (watch_is_target)
    g_object_set_data (G_OBJECT (watch), "vs-watch-is-target", GINT_TO_POINTER (1));
  g_subprocess_wait_async (watch, self->watch_cancellable, watch_cb, g_object_ref (self));
}

static gboolean
probe_retry_cb (gpointer user_data)
{
  probe_attempt (VS_INSTANCE (user_data));
  return G_SOURCE_REMOVE;
}

static void
probe_response_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VsInstance) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (self->probe_state != VS_PROBE_RUNNING)
    return;

  message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  status = message ? soup_message_get_status (message) : 0;

  if (body != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      self->startup_us = g_get_monotonic_time () - self->launched_us;
      probe_complete (self, NULL);
      return;
    }

  g_free (self->probe_last_failure);
  if (body != NULL)
    self->probe_last_failure = g_strdup_printf ("HTTP %u %s", status,
                                                soup_message_get_reason_phrase (message));
  else
    self->probe_last_failure = g_strdup (error->message);

  if (!self->exited)
    {
      GSource *source = g_timeout_source_new (PROBE_RETRY_MS);

      g_source_set_callback (source, probe_retry_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[versus] readiness retry");
      g_source_attach (source, g_main_context_get_thread_default ());
      g_source_unref (source);
    }
}

static void
probe_attempt (VsInstance *self)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *uri = NULL;

  if (self->probe_state != VS_PROBE_RUNNING || self->exited)
    return;

  self->probe_attempts++;
  uri = g_strconcat (self->url, self->health_path, NULL);
  message = soup_message_new ("GET", uri);
  if (message == NULL)
    {
      probe_complete (self, g_error_new (VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                                         _("cannot probe “%s”: not a valid URL"), uri));
      return;
    }

  /* a fresh session each time: nothing cached between attempts */
  session = soup_session_new_with_options ("timeout", PROBE_TIMEOUT_S,
                                           "proxy-resolver", NULL,
                                           "max-conns", 1,
                                           NULL);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT,
                                    self->probe_cancellable, probe_response_cb,
                                    g_object_ref (self));
}

/* Called by the runtime right after the launch. */
void
vs_instance_begin_probe (VsInstance *self)
{
  self->probe_state = VS_PROBE_RUNNING;
  probe_attempt (self);
}

typedef struct
{
  VsInstance *self;
  GTask      *task;            /* not a reference: the task owns this */
  GSource    *timeout;
  GSource    *cancelled;       /* the caller's cancellable, as a source */
  gint64      timeout_us;
} WaitData;

static void
wait_data_free (WaitData *data)
{
  if (data->timeout)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  if (data->cancelled)
    {
      g_source_destroy (data->cancelled);
      g_source_unref (data->cancelled);
    }
  g_free (data);
}

/* The caller gave up waiting (Ctrl-C, Stop): this waiter ends at once with
 * G_IO_ERROR_CANCELLED. The probe itself goes on for any other waiter
 * until the instance is stopped. */
static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  WaitData *data = user_data;
  VsInstance *self = data->self;
  g_autoptr(GTask) task = g_object_ref (data->task);

  g_clear_pointer (&data->cancelled, g_source_unref);
  if (g_ptr_array_remove (self->probe_waiters, task))
    g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  WaitData *data = user_data;
  VsInstance *self = data->self;
  g_autofree char *secs = vs_format_duration (data->timeout_us);

  g_clear_pointer (&data->timeout, g_source_unref);
  if (self->probe_state == VS_PROBE_RUNNING)
    {
      /* stop probing now; the logs say why it never answered */
      g_cancellable_cancel (self->probe_cancellable);
      probe_fail_with_logs (self,
                            g_strdup_printf (_("%s was not ready after %s: GET %s last gave: %s"),
                                             self->target->label ? self->target->label : self->name,
                                             secs, self->health_path,
                                             self->probe_last_failure ? self->probe_last_failure
                                                                      : _("no answer")));
    }
  return G_SOURCE_REMOVE;
}

/* Resolves with TRUE once the target answered its health path with a 2xx. */
void
vs_instance_wait_ready_async (VsInstance          *self,
                              gint64               timeout_us,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WaitData *data;

  g_return_if_fail (VS_IS_INSTANCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_instance_wait_ready_async);

  if (self->probe_state == VS_PROBE_READY)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->probe_state == VS_PROBE_FAILED)
    {
      g_task_return_error (task, g_error_copy (self->probe_error));
      return;
    }

  g_task_set_check_cancellable (task, TRUE);
  data = g_new0 (WaitData, 1);
  data->self = self;
  data->task = task;
  data->timeout_us = timeout_us > 0 ? timeout_us : self->target->ready_timeout_us;
  data->timeout = g_timeout_source_new (MAX (1, data->timeout_us / 1000));
  g_source_set_callback (data->timeout, wait_timeout_cb, data, NULL);
  g_source_set_static_name (data->timeout, "[versus] readiness timeout");
  g_source_attach (data->timeout, g_main_context_get_thread_default ());
  g_task_set_task_data (task, data, (GDestroyNotify) wait_data_free);

  if (cancellable != NULL)
    {
      data->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancelled, G_SOURCE_FUNC (wait_cancelled_cb), data, NULL);
      g_source_set_static_name (data->cancelled, "[versus] readiness wait cancelled");
      g_source_attach (data->cancelled, g_main_context_get_thread_default ());
    }

  g_ptr_array_add (self->probe_waiters, g_steal_pointer (&task));
}

gboolean
vs_instance_wait_ready_finish (VsInstance    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* stop, usage, logs: the runtime's ------------------------------------- */

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsInstance *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!VS_RUNTIME_GET_CLASS (object)->stop_finish (VS_RUNTIME (object), result, &error))
    {
      self->stopping = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->stopped = TRUE;
  g_task_return_boolean (task, TRUE);
}

/* Stops and removes the target. Stopping twice is not an error. Pass no
 * cancellable when cleaning up: a cancelled stop leaves the target. */
void
vs_instance_stop_async (VsInstance          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VS_IS_INSTANCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_instance_stop_async);

  if (self->stopped)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->stopping = TRUE;
  /* a probe still running has no one to report to */
  probe_complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("stopped before it was ready")));
  VS_RUNTIME_GET_CLASS (self->runtime)->stop_async (self->runtime, self, cancellable,
                                                    stop_cb, g_steal_pointer (&task));
}

gboolean
vs_instance_stop_finish (VsInstance    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
read_usage_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  VsUsage *usage = g_new0 (VsUsage, 1);

  if (!VS_RUNTIME_GET_CLASS (object)->read_usage_finish (VS_RUNTIME (object), result, usage, &error))
    {
      g_free (usage);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, usage, g_free);
}

void
vs_instance_read_usage_async (VsInstance          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_INSTANCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_instance_read_usage_async);
  VS_RUNTIME_GET_CLASS (self->runtime)->read_usage_async (self->runtime, self, cancellable,
                                                          read_usage_cb, task);
}

gboolean
vs_task_propagate_usage (GTask    *task,
                         VsUsage  *usage,
                         GError  **error)
{
  g_autofree VsUsage *read = g_task_propagate_pointer (task, error);

  if (read == NULL)
    return FALSE;
  *usage = *read;
  return TRUE;
}

gboolean
vs_instance_read_usage_finish (VsInstance    *self,
                               GAsyncResult  *result,
                               VsUsage       *usage,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return vs_task_propagate_usage (G_TASK (result), usage, error);
}

static void
logs_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *logs;

  logs = VS_RUNTIME_GET_CLASS (object)->logs_finish (VS_RUNTIME (object), result, &error);
  if (logs == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, logs, g_free);
}

/* The last @n_lines lines the server printed (stdout and stderr). */
void
vs_instance_logs_async (VsInstance          *self,
                        guint                n_lines,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VS_IS_INSTANCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_instance_logs_async);
  VS_RUNTIME_GET_CLASS (self->runtime)->logs_async (self->runtime, self, n_lines, cancellable,
                                                    logs_cb, task);
}

char *
vs_instance_logs_finish (VsInstance    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sampler_read_async (gpointer             source,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  vs_instance_read_usage_async (source, cancellable, callback, user_data);
}

static gboolean
sampler_read_finish (gpointer       source,
                     GAsyncResult  *result,
                     VsUsage       *usage,
                     GError       **error)
{
  return vs_instance_read_usage_finish (source, result, usage, error);
}

VsSampler *
vs_instance_new_sampler (VsInstance *self)
{
  g_return_val_if_fail (VS_IS_INSTANCE (self), NULL);
  return vs_sampler_new (self, sampler_read_async, sampler_read_finish);
}
