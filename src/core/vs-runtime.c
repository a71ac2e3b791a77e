/* vs-runtime.c
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
      (target->cpuset != NULL && !vs_validate_cpuset (target->cpuset, &error)) ||
      !vs_target_check_workers (target, g_get_num_processors (), &error))
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

