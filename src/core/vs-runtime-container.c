/* vs-runtime-container.c — targets in Podman or Docker containers
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "vs-reaper.h"
#include "vs-runtime-private.h"
#include "vs-util.h"

/* Podman and Docker through their command-line tools, with argv arrays
 * only. The two CLIs agree on almost everything; where they differ
 * (stats output, remove timeouts, the legacy builder) the kind decides. */
typedef struct
{
  VsRuntime  parent_instance;
  const char *program;
  int         has_buildx;   /* -1 unknown */
} VsRuntimeContainer;

typedef struct
{
  VsRuntimeClass parent_class;
} VsRuntimeContainerClass;

GType vs_runtime_container_get_type (void);
G_DEFINE_FINAL_TYPE (VsRuntimeContainer, vs_runtime_container, VS_TYPE_RUNTIME)

#define SELF(obj) ((VsRuntimeContainer *) (obj))

static gboolean
is_podman (VsRuntime *self)
{
  return vs_runtime_get_kind (self) == VS_RUNTIME_KIND_PODMAN;
}

/* A remote engine (DOCKER_HOST=tcp://…, a podman connection) runs its
 * containers on another machine: its pids and cgroups are not ours. */
static gboolean
engine_is_local (VsRuntime *self)
{
  if (vs_runtime_get_sandboxed (self))
    return FALSE;

  if (is_podman (self))
    return g_getenv ("CONTAINER_HOST") == NULL && g_getenv ("CONTAINER_CONNECTION") == NULL;

  return g_getenv ("DOCKER_CONTEXT") == NULL &&
         (g_getenv ("DOCKER_HOST") == NULL || g_str_has_prefix (g_getenv ("DOCKER_HOST"), "unix://"));
}

static char *
engine_endpoint (VsRuntime *self)
{
  const char * const podman_vars[] = { "CONTAINER_HOST", "CONTAINER_CONNECTION", NULL };
  const char * const docker_vars[] = { "DOCKER_HOST", "DOCKER_CONTEXT", NULL };
  const char * const *vars = is_podman (self) ? podman_vars : docker_vars;

  for (guint i = 0; vars[i]; i++)
    if (g_getenv (vars[i]) != NULL)
      return g_strdup (g_getenv (vars[i]));
  return NULL;
}

/* argv helper: [program, args…] */
static char **
command (VsRuntime  *self,
         const char *first,
         ...) G_GNUC_NULL_TERMINATED;

static char **
command (VsRuntime  *self,
         const char *first,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *arg;
  va_list args;

  g_strv_builder_add (builder, SELF (self)->program);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  return g_strv_builder_end (builder);
}

static void
run (VsRuntime           *self,
     char               **argv,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  vs_runtime_run_async (self, (const char * const *) argv, NULL, NULL, NULL,
                        cancellable, callback, user_data);
  g_strfreev (argv);
}

/* The engine's own words, for a message: the last line of stderr. */
static char *
engine_says (VsCommandResult *result)
{
  return vs_last_line (result->err, result->out && result->out[0] ? result->out : _("no message"));
}

/* ---------------------------------------------------------------------- */
/* probe                                                                   */

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GError) error = NULL;
  VsRuntimeInfo *info = g_new0 (VsRuntimeInfo, 1);
  const char *name = vs_runtime_get_name (self);

  info->kind = vs_runtime_get_kind (self);
  info->name = g_strdup (name);
  info->endpoint = engine_endpoint (self);

  res = vs_runtime_run_finish (self, result, &error);
  if (res == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          vs_runtime_info_free (info);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      info->status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? VS_RUNTIME_STATUS_NOT_INSTALLED : VS_RUNTIME_STATUS_NOT_WORKING;
      info->reason = info->status == VS_RUNTIME_STATUS_NOT_INSTALLED
                     ? g_strdup_printf (_("%s is not installed"), name)
                     : g_strdup_printf (_("%s cannot be run: %s"), name, error->message);
    }
  else if (res->status == 127 && vs_runtime_get_sandboxed (self))
    {
      info->status = VS_RUNTIME_STATUS_NOT_INSTALLED;
      info->reason = g_strdup_printf (_("%s is not installed on the host"), name);
    }
  else if (res->status != 0)
    {
      g_autofree char *says = engine_says (res);

      info->status = VS_RUNTIME_STATUS_NOT_WORKING;
      if (!is_podman (self) && (strstr (res->err, "Cannot connect to the Docker daemon") ||
                                strstr (res->err, "Is the docker daemon running")))
        info->reason = g_strdup_printf (_("Docker is installed but the daemon is not running (%s)"), says);
      else if (strstr (res->err, "permission denied") || strstr (res->err, "Permission denied"))
        info->reason = g_strdup_printf (_("%s is installed but this user may not use it (%s)"), name, says);
      else
        info->reason = g_strdup_printf (_("%s is installed but not working (%s)"), name, says);
    }
  else
    {
      info->status = VS_RUNTIME_STATUS_AVAILABLE;
      info->version = g_strstrip (g_strdup (res->out));
      if (info->version[0] == '\0')
        g_clear_pointer (&info->version, g_free);
    }

  g_task_return_pointer (task, info, (GDestroyNotify) vs_runtime_info_free);
}

static void
vs_runtime_container_probe_async (VsRuntime           *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  /* a real round trip to the engine, not just the client's presence */
  if (is_podman (self))
    run (self, command (self, "info", "--format", "{{.Version.Version}}", NULL),
         cancellable, probe_cb, task);
  else
    run (self, command (self, "version", "--format", "{{.Server.Version}}", NULL),
         cancellable, probe_cb, task);
}

static VsRuntimeInfo *
vs_runtime_container_probe_finish (VsRuntime     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Turns a failed command into the error a user reads. */
static gboolean
check_result (VsRuntime        *self,
              VsCommandResult  *res,
              GError          **error,
              const char       *format,
              ...) G_GNUC_PRINTF (4, 5);

static gboolean
check_result_va (VsRuntime        *self,
                 VsCommandResult  *res,
                 GError          **error,
                 const char       *format,
                 va_list           args) G_GNUC_PRINTF (4, 0);

static gboolean
check_result_va (VsRuntime        *self,
                 VsCommandResult  *res,
                 GError          **error,
                 const char       *format,
                 va_list           args)
{
  g_autofree char *what = NULL;
  g_autofree char *says = NULL;

  if (res->status == 0)
    return TRUE;

  what = g_strdup_vprintf (format, args);
  says = engine_says (res);

  if (!is_podman (self) && strstr (res->err, "Cannot connect to the Docker daemon"))
    g_set_error (error, VS_ERROR, VS_ERROR_CONNECT,
                 _("%s: Docker's daemon is not running (%s)"), what, says);
  else
    g_set_error (error, VS_ERROR, VS_ERROR_FAILED, "%s: %s", what, says);
  return FALSE;
}

static gboolean
check_result (VsRuntime        *self,
              VsCommandResult  *res,
              GError          **error,
              const char       *format,
              ...)
{
  va_list args;
  gboolean ok;

  va_start (args, format);
  ok = check_result_va (self, res, error, format, args);
  va_end (args);
  return ok;
}

/* The end of a command a task waits for: its result, or NULL when it could
 * not run or — with @format saying what it did — exited non-zero, and then
 * @task has returned the error. */
static VsCommandResult *
finish_checked (VsRuntime    *self,
                GAsyncResult *result,
                GTask        *task,
                const char   *format,
                ...) G_GNUC_PRINTF (4, 5);

static VsCommandResult *
finish_checked (VsRuntime    *self,
                GAsyncResult *result,
                GTask        *task,
                const char   *format,
                ...)
{
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GError) error = NULL;

  res = vs_runtime_run_finish (self, result, &error);
  if (res != NULL && format != NULL)
    {
      va_list args;
      gboolean ok;

      va_start (args, format);
      ok = check_result_va (self, res, &error, format, args);
      va_end (args);
      if (!ok)
        g_clear_pointer (&res, vs_command_result_free);
    }
  if (res == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  return g_steal_pointer (&res);
}

/* ---------------------------------------------------------------------- */
/* images                                                                  */

static gint64
parse_docker_created (const char *text)
{
  /* "2026-11-25 18:00:00 +0000 UTC" */
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) < 25)
    return -1;
  iso = g_strdup_printf ("%.10sT%.8s%.5s", text, text + 11, text + 20);
  when = g_date_time_new_from_iso8601 (iso, NULL);
  return when ? g_date_time_to_unix (when) : -1;
}

static void
split_name (const char  *name,
            char       **out_repository,
            char       **out_tag)
{
  const char *slash = strrchr (name, '/');
  const char *colon = strrchr (slash ? slash : name, ':');

  if (colon != NULL)
    {
      *out_repository = g_strndup (name, colon - name);
      *out_tag = g_strdup (colon + 1);
    }
  else
    {
      *out_repository = g_strdup (name);
      *out_tag = NULL;
    }
}

static gboolean
parse_podman_images (const char  *text,
                     GPtrArray   *images,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  if (!json_parser_load_from_data (parser, text, -1, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("podman images did not give a JSON array"));
      return FALSE;
    }

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonArray *names;
      guint n_names;

      if (o == NULL)
        continue;
      names = json_object_has_member (o, "Names") &&
              JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "Names"))
              ? json_object_get_array_member (o, "Names") : NULL;
      n_names = names ? json_array_get_length (names) : 0;
      for (guint j = 0; j < MAX (1, n_names); j++)
        {
          VsImage *image = g_new0 (VsImage, 1);

          image->id = g_strdup (json_object_get_string_member_with_default (o, "Id", ""));
          image->size_bytes = json_object_get_int_member_with_default (o, "Size", -1);
          image->created = json_object_get_int_member_with_default (o, "Created", -1);
          if (n_names > 0)
            split_name (json_array_get_string_element (names, j), &image->repository, &image->tag);
          g_ptr_array_add (images, image);
        }
    }
  return TRUE;
}

static gboolean
parse_docker_images (const char  *text,
                     GPtrArray   *images,
                     GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      VsImage *image;
      const char *repository, *tag;

      if (g_strstrip (lines[i])[0] == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, error))
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      o = json_node_get_object (json_parser_get_root (parser));

      image = g_new0 (VsImage, 1);
      image->id = g_strdup (json_object_get_string_member_with_default (o, "ID", ""));
      repository = json_object_get_string_member_with_default (o, "Repository", "<none>");
      tag = json_object_get_string_member_with_default (o, "Tag", "<none>");
      image->repository = g_str_equal (repository, "<none>") ? NULL : g_strdup (repository);
      image->tag = g_str_equal (tag, "<none>") ? NULL : g_strdup (tag);
      if (!vs_usage_parse_size (json_object_get_string_member_with_default (o, "Size", ""),
                                &image->size_bytes))
        image->size_bytes = -1;
      image->created = parse_docker_created (json_object_get_string_member_with_default (o, "CreatedAt", NULL));
      g_ptr_array_add (images, image);
    }
  return TRUE;
}

static void
list_images_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_image_free);
  gboolean ok;

  res = finish_checked (self, result, task, _("listing %s's images failed"), vs_runtime_get_name (self));
  if (res == NULL)
    return;

  ok = is_podman (self) ? parse_podman_images (res->out, images, &error)
                        : parse_docker_images (res->out, images, &error);
  if (!ok)
    {
      g_prefix_error (&error, _("cannot read %s's image list: "), vs_runtime_get_name (self));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&images), (GDestroyNotify) g_ptr_array_unref);
}

static void
vs_runtime_container_list_images_async (VsRuntime           *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  if (is_podman (self))
    run (self, command (self, "images", "--format", "json", NULL), cancellable, list_images_cb, task);
  else
    run (self, command (self, "images", "--no-trunc", "--format", "{{json .}}", NULL),
         cancellable, list_images_cb, task);
}

static GPtrArray *
vs_runtime_container_list_images_finish (VsRuntime     *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* build                                                                   */

typedef struct
{
  VsTemplate  *template;
  char        *tag;
  GStrv        build_args;
  VsLineFunc   log_func;
  gpointer     log_data;
  char        *digest;       /* of the staged template: the image's label */
  char        *context_dir;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_pointer (&data->template, vs_template_unref);
  g_free (data->tag);
  g_strfreev (data->build_args);
  g_free (data->context_dir);
  g_free (data->digest);
  g_free (data);
}

static void
build_inspect_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  BuildData *data = g_task_get_task_data (task);
  g_autoptr(VsCommandResult) res = NULL;

  res = finish_checked (self, result, task, _("the image %s was built but cannot be inspected"), data->tag);
  if (res == NULL)
    return;
  g_task_return_pointer (task, g_strstrip (g_strdup (res->out)), g_free);
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  BuildData *data = g_task_get_task_data (task);
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  res = finish_checked (self, result, task, NULL);
  if (res == NULL)
    return;

  if (res->status != 0)
    {
      g_autofree char *tail = vs_last_lines (res->err, 10);

      g_task_return_new_error (task, VS_ERROR, VS_ERROR_FAILED,
                               _("building the %s template with %s failed (exit status %d); "
                                 "the last lines of the build log:\n%s"),
                               data->template->name, vs_runtime_get_name (self), res->status, tail);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  run (self, command (self, "image", "inspect", "--format", "{{.Id}}", data->tag, NULL),
       cancellable, build_inspect_cb, g_steal_pointer (&task));
}

static void
ignore_line (const char *line,
             gpointer    user_data)
{
}

static void
build_run (GTask *task)
{
  VsRuntime *self = g_task_get_source_object (task);
  BuildData *data = g_task_get_task_data (task);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) env = g_strv_builder_new ();
  g_auto(GStrv) argv_array = NULL;
  g_auto(GStrv) env_array = NULL;
  g_autofree char *label = g_strdup_printf ("%s.template=%s", VS_RUNTIME_LABEL, data->template->name);
  g_autofree char *containerfile = g_build_filename (data->context_dir,
                                                     data->template->containerfile, NULL);
  const char *ca_bundle = g_getenv ("VERSUS_BUILD_CA_BUNDLE");

  g_strv_builder_add_many (argv, SELF (self)->program, "build", "-t", data->tag,
                           "-f", containerfile, "--label", label, NULL);
  /* what it was built from: a start refuses an image of an older template */
  if (data->digest != NULL)
    vs_strv_builder_take (argv, g_strdup_printf ("--label=%s=%s", VS_RUNTIME_DIGEST_LABEL, data->digest));
  /* a failed build leaves no intermediate container behind */
  g_strv_builder_add (argv, "--force-rm");
  for (guint i = 0; data->build_args && data->build_args[i]; i++)
    g_strv_builder_add_many (argv, "--build-arg", data->build_args[i], NULL);

  /* Behind a TLS-intercepting proxy, package installs in the build need
   * the proxy's CA. Podman can mount it for the build only, so it never
   * lands in the image; Docker's legacy builder cannot. */
  if (ca_bundle != NULL && ca_bundle[0] != '\0' && is_podman (self))
    {
      g_autofree char *volume = g_strdup_printf ("%s:/etc/ssl/certs/ca-certificates.crt:ro", ca_bundle);

      g_strv_builder_add_many (argv, "-v", volume, "--build-arg",
                               "NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt", NULL);
    }

  g_strv_builder_add (argv, data->context_dir);

  if (!is_podman (self) && SELF (self)->has_buildx == 0)
    g_strv_builder_add (env, "DOCKER_BUILDKIT=0");

  argv_array = g_strv_builder_end (argv);
  env_array = g_strv_builder_end (env);

  if (data->log_func)
    {
      g_autofree char *line = g_strjoinv (" ", argv_array);
      data->log_func (line, data->log_data);
    }

  vs_runtime_run_async (self, (const char * const *) argv_array, (const char * const *) env_array,
                        data->log_func ? data->log_func : ignore_line,
                        data->log_func ? data->log_data : NULL,
                        g_task_get_cancellable (task), build_cb, task);
}

static void
buildx_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  GTask *task = user_data;
  g_autoptr(VsCommandResult) res = vs_runtime_run_finish (self, result, NULL);

  SELF (self)->has_buildx = res != NULL && res->status == 0;
  build_run (task);
}

static void
stage_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;
  g_autoptr(GError) error = NULL;
  char *dir = vs_stage_template (data->template, "build", NULL, &data->digest, &error);

  if (dir == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, dir, g_free);
}

static void
stage_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  GTask *task = user_data;
  BuildData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->context_dir = g_task_propagate_pointer (G_TASK (result), &error);
  if (data->context_dir == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (!is_podman (self) && SELF (self)->has_buildx < 0)
    vs_runtime_run_async (self, (const char * const[]) { SELF (self)->program, "buildx", "version", NULL },
                          NULL, NULL, NULL, g_task_get_cancellable (task), buildx_cb, task);
  else
    build_run (task);
}

static void
vs_runtime_container_build_async (VsRuntime           *self,
                                  VsTemplate          *template,
                                  const char          *tag,
                                  const char * const  *build_args,
                                  VsLineFunc           log_func,
                                  gpointer             log_data,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) stage = NULL;
  BuildData *data = g_new0 (BuildData, 1);

  data->template = vs_template_ref (template);
  data->tag = g_strdup (tag);
  data->build_args = g_strdupv ((char **) build_args);
  data->log_func = log_func;
  data->log_data = log_data;
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);

  /* the build context is a copy in a folder the host sees (Flatpak) */
  stage = g_task_new (self, cancellable, stage_cb, task);
  g_task_set_task_data (stage, data, NULL);
  g_task_run_in_thread (stage, stage_thread);
}

static char *
vs_runtime_container_build_finish (VsRuntime     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* start                                                                   */

typedef struct
{
  VsTarget   *target;
  VsTemplate *template;   /* (nullable) */
  char       *session_id;
  char       *image;
  char       *name;
  VsInstance *instance;
  GError     *error;      /* kept while the container is removed */
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_pointer (&data->target, vs_target_unref);
  g_clear_pointer (&data->template, vs_template_unref);
  g_free (data->session_id);
  g_free (data->image);
  g_free (data->name);
  g_clear_object (&data->instance);
  g_clear_error (&data->error);
  g_free (data);
}

static char **
remove_command (VsRuntime  *self,
                const char *id)
{
  /* podman honours the stop timeout before SIGKILL even with -f */
  if (is_podman (self))
    return command (self, "rm", "-f", "-t", "0", id, NULL);
  return command (self, "rm", "-f", id, NULL);
}

/* The reaper's name for container @name: the engine's program and it */
static char *
reaper_id (VsRuntime  *self,
           const char *name)
{
  return g_strdup_printf ("%s %s", SELF (self)->program, name);
}

/* Should we die before removing container @name, the reaper removes it */
static void
reaper_watch (VsRuntime  *self,
              const char *name)
{
  g_auto(GStrv) remove = remove_command (self, name);
  g_auto(GStrv) argv = vs_runtime_wrap_argv (self, (const char * const *) remove, NULL);
  g_autofree char *id = reaper_id (self, name);

  vs_reaper_watch_command (id, (const char * const *) argv);
}

static void
reaper_forget (VsRuntime  *self,
               const char *name)
{
  g_autofree char *id = reaper_id (self, name);

  vs_reaper_forget (id);
}

static void
start_removed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(VsCommandResult) res = vs_runtime_run_finish (VS_RUNTIME (object), result, NULL);

  if (res != NULL && res->status == 0)
    reaper_forget (VS_RUNTIME (object), data->name);
  g_task_return_error (task, g_steal_pointer (&data->error));
}

/* Fails the start, removing whatever the failed step left. */
static void
start_fail (GTask  *task,
            GError *error)
{
  VsRuntime *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);

  data->error = error;
  if (data->instance != NULL)
    g_cancellable_cancel (data->instance->watch_cancellable);
  /* no cancellable: this must happen even when the start was cancelled */
  run (self, remove_command (self, data->name), NULL, start_removed_cb, task);
}

static char *
read_cgroup_path (VsInstance *instance)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cgroup", (int) instance->pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  char *found = NULL;

  if (instance->pid <= 0 || !g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] && found == NULL; i++)
    {
      /* "4:cpu,cpuacct:/libpod_parent/libpod-ID" (v1) or "0::/…" (v2) */
      g_auto(GStrv) fields = g_strsplit (lines[i], ":", 3);

      if (g_strv_length (fields) == 3 &&
          (strstr (fields[1], "cpuacct") != NULL ||
           (g_str_equal (fields[0], "0") && fields[1][0] == '\0')))
        found = g_strdup (fields[2]);
    }

  /* only when the cgroup is the container's own */
  if (found != NULL && strstr (found, instance->id) == NULL)
    g_clear_pointer (&found, g_free);
  return found;
}

static void
start_inspect_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;

  res = vs_runtime_run_finish (self, result, &error);
  if (res == NULL ||
      !check_result (self, res, &error, _("the container %s cannot be inspected"), data->name))
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  fields = g_strsplit (g_strstrip (res->out), " ", 2);
  if (g_strv_length (fields) == 2)
    {
      data->instance->pid = atoi (fields[0]);
      data->instance->image_id = g_strdup (fields[1]);
    }

  if (engine_is_local (self))
    {
      g_autofree char *cgroup = read_cgroup_path (data->instance);
      VsUsage probe;

      vs_usage_init (&probe);
      if (cgroup != NULL && vs_usage_read_cgroup ("/sys/fs/cgroup", cgroup, &probe, NULL))
        data->instance->cgroup_path = g_steal_pointer (&cgroup);
    }

  g_task_return_pointer (task, g_steal_pointer (&data->instance), g_object_unref);
}

static void
start_run_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) watch = NULL;
  g_auto(GStrv) wait_argv = NULL;
  g_auto(GStrv) full_argv = NULL;
  VsInstance *instance = data->instance;
  GCancellable *cancellable;

  res = vs_runtime_run_finish (self, result, &error);
  if (res == NULL)
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (res->status != 0)
    {
      g_autofree char *says = engine_says (res);

      if (strstr (res->err, "address already in use") || strstr (res->err, "port is already allocated"))
        error = g_error_new (VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                             _("port %u on 127.0.0.1 is already in use (%s)"),
                             data->target->host_port, says);
      else
        check_result (self, res, &error, _("starting %s with %s failed"), data->image,
                      vs_runtime_get_name (self));
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  instance->id = g_strstrip (g_strdup (res->out));
  if (instance->id[0] == '\0')
    {
      g_free (instance->id);
      instance->id = g_strdup (data->name);
    }

  /* the readiness clock started before `run`; probing starts now */
  vs_instance_begin_probe (instance);

  /* `wait` ends when the container does: an early exit fails readiness */
  wait_argv = command (self, "wait", instance->id, NULL);
  full_argv = vs_runtime_wrap_argv (self, (const char * const *) wait_argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  watch = g_subprocess_launcher_spawnv (launcher, (const char * const *) full_argv, &error);
  if (watch == NULL)
    {
      start_fail (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }
  vs_instance_watch_exit (instance, watch, FALSE);

  cancellable = g_task_get_cancellable (task);
  run (self, command (self, "inspect", "--format", "{{.State.Pid}} {{.Image}}", instance->id, NULL),
       cancellable, start_inspect_cb, g_steal_pointer (&task));
}

static void
start_launch (GTask *task)
{
  VsRuntime *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  VsTarget *target = data->target;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) argv_array = NULL;
  g_autofree char *label_session = NULL;
  g_autofree char *label_target = NULL;
  g_autofree char *publish = NULL;
  guint container_port = target->container_port ? target->container_port
                                                : (data->template ? data->template->port : 0);

  g_strv_builder_add_many (argv, SELF (self)->program, "run", "-d", "--name", data->name,
                           "--label", VS_RUNTIME_LABEL "=1", NULL);
  if (data->session_id != NULL)
    {
      label_session = g_strdup_printf ("%s=%s", VS_RUNTIME_SESSION_LABEL, data->session_id);
      g_strv_builder_add_many (argv, "--label", label_session, NULL);
    }
  label_target = g_strdup_printf ("%s.target=%s", VS_RUNTIME_LABEL,
                                  target->label ? target->label : data->image);
  g_strv_builder_add_many (argv, "--label", label_target, NULL);

  /* published on loopback only */
  publish = g_strdup_printf ("127.0.0.1:%u:%u", target->host_port, container_port);
  g_strv_builder_add_many (argv, "-p", publish, NULL);

  if (target->cpus > 0)
    {
      char cpus[G_ASCII_DTOSTR_BUF_SIZE];

      /* "0.5" whatever the locale's decimal separator */
      g_ascii_formatd (cpus, sizeof cpus, "%g", target->cpus);
      vs_strv_builder_take (argv, g_strdup_printf ("--cpus=%s", cpus));
    }
  if (target->memory_bytes > 0)
    {
      /* swap as large as memory: the limit is a real limit */
      vs_strv_builder_take (argv, g_strdup_printf ("--memory=%" G_GINT64_FORMAT "b", target->memory_bytes));
      vs_strv_builder_take (argv, g_strdup_printf ("--memory-swap=%" G_GINT64_FORMAT "b", target->memory_bytes));
    }
  if (target->cpuset != NULL)
    vs_strv_builder_take (argv, g_strdup_printf ("--cpuset-cpus=%s", target->cpuset));
  /* every template's Containerfile reads its worker count from WORKERS; the
   * target's own environment, after it, may still say otherwise */
  if (data->template != NULL)
    vs_strv_builder_take (argv, g_strdup_printf ("--env=WORKERS=%u", MAX (target->workers, 1)));
  for (guint i = 0; i < target->env_names->len; i++)
    vs_strv_builder_take (argv, g_strdup_printf ("--env=%s=%s",
                                                (char *) g_ptr_array_index (target->env_names, i),
                                                (char *) g_ptr_array_index (target->env_values, i)));
  g_strv_builder_add (argv, data->image);
  argv_array = g_strv_builder_end (argv);

  data->instance = vs_instance_new (self, target, target->health_path ? target->health_path
                                                  : data->template ? data->template->health : "/");
  data->instance->name = g_strdup (data->name);
  data->instance->about_path = data->template ? g_strdup (data->template->about) : NULL;
  data->instance->launched_us = g_get_monotonic_time ();

  /* told before it exists: a death during `run` leaves nothing either */
  reaper_watch (self, data->name);
  vs_runtime_run_async (self, (const char * const *) argv_array, NULL, NULL, NULL,
                        g_task_get_cancellable (task), start_run_cb, task);
}

static void
start_image_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GError) error = NULL;

  res = vs_runtime_run_finish (self, result, &error);
  if (res == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (res->status != 0)
    {
      if (strstr (res->err, "Cannot connect to the Docker daemon"))
        check_result (self, res, &error, _("cannot start %s"), data->image);
      else if (data->template != NULL && data->target->image == NULL)
        error = g_error_new (VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                             _("image %s is not among %s's images: build it first "
                               "(versus-cli build %s --runtime %s)"),
                             data->image, vs_runtime_get_name (self), data->template->name,
                             vs_runtime_kind_to_string (vs_runtime_get_kind (self)));
      else
        error = g_error_new (VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                             _("image %s is not among %s's images: pull or build it first"),
                             data->image, vs_runtime_get_name (self));
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* an image built from an older version of the template runs old code */
  if (data->template != NULL && data->target->image == NULL && data->template->digest != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (g_strstrip (res->out), " ", 2);
      const char *built_from = fields[0] && fields[1] ? fields[1] : "";

      if (!g_str_equal (built_from, data->template->digest))
        {
          g_task_return_new_error (task, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                                   _("image %s was built from another version of the %s template: "
                                     "build it again (versus-cli build %s --runtime %s)"),
                                   data->image, data->template->name, data->template->name,
                                   vs_runtime_kind_to_string (vs_runtime_get_kind (self)));
          g_object_unref (task);
          return;
        }
    }

  start_launch (task);
}

static void
start_inspect_image (GTask *task)
{
  VsRuntime *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  VsTarget *target = data->target;
  g_autofree char *base = NULL;

  data->image = target->image ? g_strdup (target->image)
                              : vs_target_template_image (target->template_name);

  /* versus-LABEL-RANDOM: readable in `podman ps`, never colliding */
  base = g_strdup (target->label ? target->label
                                 : target->template_name ? target->template_name : "target");
  for (char *p = base; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      *p = '-';
  data->name = g_strdup_printf ("versus-%.40s-%08x", base, g_random_int ());

  run (self, command (self, "image", "inspect", "--format",
                      "{{.Id}} {{index .Config.Labels \"" VS_RUNTIME_DIGEST_LABEL "\"}}", data->image, NULL),
       g_task_get_cancellable (task), start_image_cb, task);
}

static void
start_template_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->template = vs_find_template_finish (result, &error);
  if (data->template == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  start_inspect_image (task);
}

static void
vs_runtime_container_start_async (VsRuntime           *self,
                                  VsTarget            *target,
                                  const char          *session_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  StartData *data = g_new0 (StartData, 1);

  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);
  data->target = vs_target_ref (target);
  data->session_id = g_strdup (session_id);

  /* the template's manifest is read off the caller's thread */
  if (target->template_name != NULL)
    vs_find_template_async (target->template_name, TRUE, cancellable, start_template_cb, task);
  else
    start_inspect_image (task);
}

static VsInstance *
vs_runtime_container_start_finish (VsRuntime     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* stop, usage, logs, cleanup                                              */

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  VsInstance *instance = g_task_get_task_data (task);
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GError) error = NULL;

  res = finish_checked (self, result, task, NULL);
  if (res == NULL)
    return;

  /* already gone is what we wanted */
  if (res->status != 0 && strstr (res->err, "no such container") == NULL &&
      strstr (res->err, "No such container") == NULL &&
      !check_result (self, res, &error, _("removing the container %s failed"), instance->name))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_cancellable_cancel (instance->watch_cancellable);
  reaper_forget (self, instance->name);
  g_task_return_boolean (task, TRUE);
}

static void
vs_runtime_container_stop_async (VsRuntime           *self,
                                 VsInstance          *instance,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_object_ref (instance), g_object_unref);
  run (self, remove_command (self, instance->id ? instance->id : instance->name),
       cancellable, stop_cb, task);
}

static gboolean
vs_runtime_container_stop_finish (VsRuntime     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
cgroup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *cgroup = task_data;
  g_autoptr(GError) error = NULL;
  VsUsage *usage = g_new0 (VsUsage, 1);

  vs_usage_init (usage);
  if (!vs_usage_read_cgroup ("/sys/fs/cgroup", cgroup, usage, &error))
    {
      g_free (usage);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, usage, g_free);
}

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GError) error = NULL;
  VsUsage *usage;
  gboolean ok;

  res = finish_checked (self, result, task, _("reading the container's resources failed"));
  if (res == NULL)
    return;
  usage = g_new0 (VsUsage, 1);
  vs_usage_init (usage);

  ok = is_podman (self) ? vs_usage_parse_podman_stats (res->out, usage, &error)
                        : vs_usage_parse_docker_stats (res->out, usage, &error);
  if (!ok)
    {
      g_free (usage);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  usage->monotonic_us = g_get_monotonic_time ();
  g_task_return_pointer (task, usage, g_free);
}

static void
vs_runtime_container_read_usage_async (VsRuntime           *self,
                                       VsInstance          *instance,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  /* cgroup files when we can read them: exact, and no process to spawn */
  if (instance->cgroup_path != NULL)
    {
      g_task_set_task_data (task, g_strdup (instance->cgroup_path), g_free);
      g_task_run_in_thread (task, cgroup_thread);
      g_object_unref (task);
      return;
    }

  /* the CLI: podman's ContainerStats has numbers (CPUNano); docker's
   * strings are all it gives */
  if (is_podman (self))
    run (self, command (self, "stats", "--no-stream", "--format", "{{json .ContainerStats}}",
                        instance->id, NULL),
         cancellable, stats_cb, task);
  else
    run (self, command (self, "stats", "--no-stream", "--format", "{{json .}}", instance->id, NULL),
         cancellable, stats_cb, task);
}

static gboolean
vs_runtime_container_read_usage_finish (VsRuntime     *self,
                                        GAsyncResult  *result,
                                        VsUsage       *usage,
                                        GError       **error)
{
  return vs_task_propagate_usage (G_TASK (result), usage, error);
}

static void
logs_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(VsCommandResult) res = NULL;

  res = finish_checked (self, result, task, _("reading the container's log failed"));
  if (res == NULL)
    return;
  /* the server's stdout, then its stderr */
  g_task_return_pointer (task, g_strconcat (res->out, res->err, NULL), g_free);
}

static void
vs_runtime_container_logs_async (VsRuntime           *self,
                                 VsInstance          *instance,
                                 guint                n_lines,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *tail = g_strdup_printf ("%u", n_lines);

  run (self, command (self, "logs", "--tail", tail, instance->id ? instance->id : instance->name, NULL),
       cancellable, logs_cb, task);
}

static char *
vs_runtime_container_logs_finish (VsRuntime     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleanup_rm_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(VsCommandResult) res = NULL;

  res = finish_checked (self, result, task, _("removing Versus's containers failed"));
  if (res == NULL)
    return;
  g_task_return_int (task, GPOINTER_TO_UINT (g_task_get_task_data (task)));
}

static void
cleanup_ps_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  VsRuntime *self = VS_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(VsCommandResult) res = NULL;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) argv_array = NULL;
  guint n = 0;

  res = finish_checked (self, result, task, _("listing Versus's containers failed"));
  if (res == NULL)
    return;

  g_strv_builder_add_many (argv, SELF (self)->program, "rm", "-f", NULL);
  if (is_podman (self))
    g_strv_builder_add_many (argv, "-t", "0", NULL);
  ids = g_strsplit (res->out, "\n", -1);
  for (guint i = 0; ids[i]; i++)
    if (g_strstrip (ids[i])[0] != '\0')
      {
        g_strv_builder_add (argv, ids[i]);
        n++;
      }

  if (n == 0)
    {
      g_task_return_int (task, 0);
      return;
    }

  g_task_set_task_data (task, GUINT_TO_POINTER (n), NULL);
  argv_array = g_strv_builder_end (argv);
  vs_runtime_run_async (self, (const char * const *) argv_array, NULL, NULL, NULL,
                        NULL, cleanup_rm_cb, g_steal_pointer (&task));
}

static void
vs_runtime_container_cleanup_async (VsRuntime           *self,
                                    const char          *session_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *filter_session = NULL;

  if (session_id != NULL)
    {
      filter_session = g_strdup_printf ("label=%s=%s", VS_RUNTIME_SESSION_LABEL, session_id);
      run (self, command (self, "ps", "-a", "-q", "--no-trunc", "--filter", "label=" VS_RUNTIME_LABEL "=1",
                          "--filter", filter_session, NULL),
           cancellable, cleanup_ps_cb, task);
    }
  else
    run (self, command (self, "ps", "-a", "-q", "--no-trunc", "--filter", "label=" VS_RUNTIME_LABEL "=1", NULL),
         cancellable, cleanup_ps_cb, task);
}

static guint
vs_runtime_container_cleanup_finish (VsRuntime     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  gssize n = g_task_propagate_int (G_TASK (result), error);

  return n < 0 ? 0 : (guint) n;
}

static void
vs_runtime_container_class_init (VsRuntimeContainerClass *klass)
{
  VsRuntimeClass *runtime_class = VS_RUNTIME_CLASS (klass);

  runtime_class->probe_async = vs_runtime_container_probe_async;
  runtime_class->probe_finish = vs_runtime_container_probe_finish;
  runtime_class->list_images_async = vs_runtime_container_list_images_async;
  runtime_class->list_images_finish = vs_runtime_container_list_images_finish;
  runtime_class->build_async = vs_runtime_container_build_async;
  runtime_class->build_finish = vs_runtime_container_build_finish;
  runtime_class->start_async = vs_runtime_container_start_async;
  runtime_class->start_finish = vs_runtime_container_start_finish;
  runtime_class->stop_async = vs_runtime_container_stop_async;
  runtime_class->stop_finish = vs_runtime_container_stop_finish;
  runtime_class->read_usage_async = vs_runtime_container_read_usage_async;
  runtime_class->read_usage_finish = vs_runtime_container_read_usage_finish;
  runtime_class->logs_async = vs_runtime_container_logs_async;
  runtime_class->logs_finish = vs_runtime_container_logs_finish;
  runtime_class->cleanup_async = vs_runtime_container_cleanup_async;
  runtime_class->cleanup_finish = vs_runtime_container_cleanup_finish;
}

static void
vs_runtime_container_init (VsRuntimeContainer *self)
{
  self->has_buildx = -1;
}

VsRuntime *
vs_runtime_container_new (VsRuntimeKind kind)
{
  VsRuntime *self;

  g_return_val_if_fail (kind == VS_RUNTIME_KIND_PODMAN || kind == VS_RUNTIME_KIND_DOCKER, NULL);

  self = g_object_new (vs_runtime_container_get_type (), "kind", kind, NULL);
  SELF (self)->program = kind == VS_RUNTIME_KIND_PODMAN ? "podman" : "docker";
  return self;
}
