/* vs-runtime-private.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vs-runtime.h"

G_BEGIN_DECLS

/* What the runtime implementations share with the base class. */

typedef enum
{
  VS_PROBE_RUNNING,
  VS_PROBE_READY,
  VS_PROBE_FAILED,
} VsProbeState;

struct _VsInstance
{
  GObject       parent_instance;

  VsRuntime    *runtime;
  VsTarget     *target;
  char         *id;           /* container id, or the pid as text */
  char         *name;
  char         *image_id;     /* (nullable) */
  char         *url;          /* http://127.0.0.1:PORT */
  char         *health_path;
  char         *about_path;   /* (nullable) a template's "what is running" route */
  guint         host_port;
  GPid          pid;          /* the server's pid on this host, 0 when not known */
  char         *cgroup_path;  /* (nullable) readable cgroup of a container */
  char         *log_path;     /* (nullable) local processes log here */
  char         *pid_file;     /* (nullable) local processes: the record cleanup reads */

  gint64        launched_us;
  gint64        startup_us;   /* -1 until the first 2xx */

  /* exit watch: a subprocess that ends when the target ends */
  GSubprocess  *watch;
  GCancellable *watch_cancellable;
  gboolean      exited;
  char         *exit_reason;  /* (nullable) "exited with status 1" */

  /* readiness probe, started at launch */
  VsProbeState  probe_state;
  GError       *probe_error;
  GCancellable *probe_cancellable;
  GPtrArray    *probe_waiters; /* (element-type GTask) */
  guint         probe_attempts;
  char         *probe_last_failure;

  gboolean      stopping;
  gboolean      stopped;
};

VsInstance *vs_instance_new            (VsRuntime    *runtime,
                                        VsTarget     *target,
                                        const char   *health_path);
void        vs_instance_set_host_port  (VsInstance   *self,
                                        guint         port);
void        vs_instance_watch_exit     (VsInstance   *self,
                                        GSubprocess  *watch,
                                        gboolean      watch_is_target);
void        vs_instance_begin_probe    (VsInstance   *self);
void        vs_instance_mark_exited    (VsInstance   *self,
                                        const char   *reason);

/* Commands: argv arrays, never a shell. When the runtime is sandboxed
 * (Flatpak), they run on the host through `flatpak-spawn --host`. */
typedef struct
{
  int       status;       /* the exit status, or -1 when it did not run */
  char     *out;          /* stdout */
  char     *err;          /* stderr (or the merged output when streamed) */
} VsCommandResult;

void             vs_command_result_free  (VsCommandResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsCommandResult, vs_command_result_free)

char           **vs_runtime_wrap_argv    (VsRuntime           *self,
                                          const char * const  *argv,
                                          const char * const  *extra_env);
/* Runs @argv; a non-zero exit is not an error here — only a command that
 * cannot be started is. With @log_func, each line of the merged output is
 * passed on as it comes (on the caller's context) and err holds the last
 * lines. */
void             vs_runtime_run_async    (VsRuntime           *self,
                                          const char * const  *argv,
                                          const char * const  *extra_env,
                                          VsLineFunc           log_func,
                                          gpointer             log_data,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
VsCommandResult *vs_runtime_run_finish   (VsRuntime           *self,
                                          GAsyncResult        *result,
                                          GError             **error);
/* The last non-empty line of @text, or @fallback. */
char            *vs_last_line            (const char          *text,
                                          const char          *fallback);
/* The last @n lines of @text, indented for an error message. */
char            *vs_last_lines           (const char          *text,
                                          guint                n);

guint            vs_find_free_port       (GError             **error);
gboolean         vs_port_is_free         (guint                port);
/* A copy of @template's folder in a cache folder the host can see, for a
 * build context (and for local processes to install into). */
char            *vs_template_compute_digest (VsTemplate         *template,
                                             GError            **error);
char            *vs_stage_template       (VsTemplate          *template,
                                          const char          *purpose,
                                          gboolean            *out_changed,
                                          char               **out_digest,
                                          GError             **error);
gboolean         vs_stage_template_done  (const char          *dir,
                                          GError             **error);

/* The VsUsage a task returned as a pointer, copied into @usage. */
gboolean         vs_task_propagate_usage (GTask               *task,
                                          VsUsage             *usage,
                                          GError             **error);

/* g_strv_builder_take() is GLib 2.80 */
static inline void
vs_strv_builder_take (GStrvBuilder *builder,
                      char         *value)
{
  g_strv_builder_add (builder, value);
  g_free (value);
}

VsRuntime       *vs_runtime_process_new   (void);
VsRuntime       *vs_runtime_container_new (VsRuntimeKind       kind);

G_END_DECLS
