/* vs-runtime.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vs-sampler.h"
#include "vs-target.h"
#include "vs-template.h"
#include "vs-usage.h"

G_BEGIN_DECLS

/* The label every container Versus starts carries ("1"), and the label
 * carrying the session id; `versus-cli cleanup` removes by the first. */
#define VS_RUNTIME_LABEL          "io.github.versusbench.versus"
#define VS_RUNTIME_SESSION_LABEL  "io.github.versusbench.versus.session"
/* on a template's image: the SHA-256 of the template files it was built from */
#define VS_RUNTIME_DIGEST_LABEL   "io.github.versusbench.versus.template-digest"

typedef enum
{
  VS_RUNTIME_STATUS_AVAILABLE,
  VS_RUNTIME_STATUS_NOT_INSTALLED,
  VS_RUNTIME_STATUS_NOT_WORKING,
} VsRuntimeStatus;

#define VS_TYPE_RUNTIME_INFO (vs_runtime_info_get_type ())

typedef struct
{
  VsRuntimeKind    kind;
  VsRuntimeStatus  status;
  char            *name;      /* "Podman", "Docker", "Local processes" */
  char            *version;   /* (nullable) of the engine (server side when remote) */
  char            *reason;    /* (nullable) why it is not available, one sentence */
  char            *endpoint;  /* (nullable) remote connection or socket, when not the default */
} VsRuntimeInfo;

GType          vs_runtime_info_get_type   (void) G_GNUC_CONST;
VsRuntimeInfo *vs_runtime_info_copy       (const VsRuntimeInfo *info);
void           vs_runtime_info_free       (VsRuntimeInfo       *info);
char          *vs_runtime_info_describe   (const VsRuntimeInfo *info);
const char    *vs_runtime_status_to_string (VsRuntimeStatus    status);

typedef struct
{
  char   *id;
  char   *repository;   /* (nullable) "<none>" images have none */
  char   *tag;          /* (nullable) */
  gint64  size_bytes;   /* -1 unknown */
  gint64  created;      /* unix time, -1 unknown */
} VsImage;

void           vs_image_free              (VsImage *image);

typedef void (*VsLineFunc) (const char *line,
                            gpointer    user_data);

#define VS_TYPE_INSTANCE (vs_instance_get_type ())
G_DECLARE_FINAL_TYPE (VsInstance, vs_instance, VS, INSTANCE, GObject)

#define VS_TYPE_RUNTIME (vs_runtime_get_type ())
G_DECLARE_DERIVABLE_TYPE (VsRuntime, vs_runtime, VS, RUNTIME, GObject)

struct _VsRuntimeClass
{
  GObjectClass parent_class;

  void           (*probe_async)        (VsRuntime            *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  VsRuntimeInfo *(*probe_finish)       (VsRuntime            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
  void           (*list_images_async)  (VsRuntime            *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  GPtrArray     *(*list_images_finish) (VsRuntime            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
  void           (*build_async)        (VsRuntime            *self,
                                        VsTemplate           *template,
                                        const char           *tag,
                                        const char * const   *build_args,
                                        VsLineFunc            log_func,
                                        gpointer              log_data,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  char          *(*build_finish)       (VsRuntime            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
  void           (*start_async)        (VsRuntime            *self,
                                        VsTarget             *target,
                                        const char           *session_id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  VsInstance    *(*start_finish)       (VsRuntime            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
  void           (*stop_async)         (VsRuntime            *self,
                                        VsInstance           *instance,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  gboolean       (*stop_finish)        (VsRuntime            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
  void           (*read_usage_async)   (VsRuntime            *self,
                                        VsInstance           *instance,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  gboolean       (*read_usage_finish)  (VsRuntime            *self,
                                        GAsyncResult         *result,
                                        VsUsage              *usage,
                                        GError              **error);
  void           (*logs_async)         (VsRuntime            *self,
                                        VsInstance           *instance,
                                        guint                 n_lines,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  char          *(*logs_finish)        (VsRuntime            *self,
                                        GAsyncResult         *result,
                                        GError              **error);
  void           (*cleanup_async)      (VsRuntime            *self,
                                        const char           *session_id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  guint          (*cleanup_finish)     (VsRuntime            *self,
                                        GAsyncResult         *result,
                                        GError              **error);

  gpointer padding[8];
};

VsRuntime     *vs_runtime_new                (VsRuntimeKind         kind);
VsRuntimeKind  vs_runtime_get_kind           (VsRuntime            *self);
const char    *vs_runtime_get_name           (VsRuntime            *self);
gboolean       vs_runtime_get_sandboxed      (VsRuntime            *self);
void           vs_runtime_set_sandboxed      (VsRuntime            *self,
                                              gboolean              sandboxed);
const VsRuntimeInfo *vs_runtime_get_info     (VsRuntime            *self);

void           vs_runtime_probe_async        (VsRuntime            *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
VsRuntimeInfo *vs_runtime_probe_finish       (VsRuntime            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           vs_runtime_list_images_async  (VsRuntime            *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray     *vs_runtime_list_images_finish (VsRuntime            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           vs_runtime_build_async        (VsRuntime            *self,
                                              VsTemplate           *template,
                                              const char           *tag,
                                              const char * const   *build_args,
                                              VsLineFunc            log_func,
                                              gpointer              log_data,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char          *vs_runtime_build_finish       (VsRuntime            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           vs_runtime_start_async        (VsRuntime            *self,
                                              VsTarget             *target,
                                              const char           *session_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
VsInstance    *vs_runtime_start_finish       (VsRuntime            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           vs_runtime_cleanup_async      (VsRuntime            *self,
                                              const char           *session_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
guint          vs_runtime_cleanup_finish     (VsRuntime            *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* A started target. */
VsRuntime     *vs_instance_get_runtime       (VsInstance           *self);
VsTarget      *vs_instance_get_target        (VsInstance           *self);
const char    *vs_instance_get_id            (VsInstance           *self);
const char    *vs_instance_get_name          (VsInstance           *self);
const char    *vs_instance_get_image_id      (VsInstance           *self);
guint          vs_instance_get_host_port     (VsInstance           *self);
const char    *vs_instance_get_url           (VsInstance           *self);
const char    *vs_instance_get_about_path    (VsInstance           *self);
gint64         vs_instance_get_startup_us    (VsInstance           *self);
gboolean       vs_instance_has_exited        (VsInstance           *self);
const char    *vs_instance_get_exit_reason   (VsInstance           *self);

/* Polls GET of the health path until a 2xx; the startup time runs from
 * the launch to that first 2xx. Fails at once, with the last log lines,
 * when the server exits first. */
void           vs_instance_wait_ready_async  (VsInstance           *self,
                                              gint64                timeout_us,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       vs_instance_wait_ready_finish (VsInstance           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           vs_instance_stop_async        (VsInstance           *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       vs_instance_stop_finish       (VsInstance           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           vs_instance_read_usage_async  (VsInstance           *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       vs_instance_read_usage_finish (VsInstance           *self,
                                              GAsyncResult         *result,
                                              VsUsage              *usage,
                                              GError              **error);
void           vs_instance_logs_async        (VsInstance           *self,
                                              guint                 n_lines,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char          *vs_instance_logs_finish       (VsInstance           *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Checks NAME=VALUE build arguments before any command runs. */
gboolean       vs_validate_build_args        (const char * const   *build_args,
                                              GError              **error);
/* The installed template called @name, or an error listing those there are. */
VsTemplate    *vs_find_template              (const char           *name,
                                              GError              **error);
/* The same, reading the template folders in a worker thread; with
 * @with_digest its files' SHA-256 too (what a container image is checked by). */
void           vs_find_template_async        (const char           *name,
                                              gboolean              with_digest,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
VsTemplate    *vs_find_template_finish       (GAsyncResult         *result,
                                              GError              **error);

/* A sampler of this instance's CPU and memory. */
VsSampler     *vs_instance_new_sampler       (VsInstance           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsRuntimeInfo, vs_runtime_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsImage, vs_image_free)

G_END_DECLS
