/* vs-target.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  VS_RUNTIME_KIND_AUTO,     /* the best that works: podman, docker, then process */
  VS_RUNTIME_KIND_PODMAN,
  VS_RUNTIME_KIND_DOCKER,
  VS_RUNTIME_KIND_PROCESS,
} VsRuntimeKind;

#define VS_TYPE_TARGET (vs_target_get_type ())
G_DECLARE_FINAL_TYPE (VsTarget, vs_target, VS, TARGET, GObject)

/* One server under test: what to run and how. Check with
 * vs_target_validate() before use.
 *
 * Either @template_name (a bundled template; containers run the image
 * built from it, tagged vs_target_template_image()) or @image (containers
 * only) names what runs.
 *
 * The fields are public to read; an edit goes through a setter or the
 * property of the same name, which notifies, so that a session holding the
 * target says it changed (vs-session.h). Only a loader filling a new
 * target writes the fields directly. */
/* worker processes a template may be started with */
#define VS_TARGET_MAX_WORKERS 256

struct _VsTarget
{
  /*< private >*/
  GObject          parent_instance;

  /*< public >*/
  char            *label;           /* "label" */
  VsRuntimeKind    runtime;         /* "runtime" */
  char            *template_name;   /* "template-name" (nullable) */
  char            *scenario;        /* "scenario" (nullable) a scenario id of the template */
  char            *image;           /* "image" (nullable) */
  guint            container_port;  /* "container-port" 0: the template's, else required for an image */
  guint            host_port;       /* "host-port" 0: a free one, chosen at start */
  double           cpus;            /* "cpus" 0: no limit */
  gint64           memory_bytes;    /* "memory-bytes" 0: no limit */
  char            *cpuset;          /* "cpuset" (nullable) e.g. "0" or "0-1" */
  guint            workers;         /* "workers" server processes of a template, 1 by default */
  GPtrArray       *env_names;       /* (element-type utf8) "env" notifies */
  GPtrArray       *env_values;      /* (element-type utf8) */
  char            *health_path;     /* "health-path" (nullable) the template's, else "/" */
  gint64           ready_timeout_us; /* "ready-timeout-us" */
};

VsTarget    *vs_target_new                 (void);
VsTarget    *vs_target_copy                (const VsTarget  *self);
/* g_object_ref()/g_object_unref(), for a GDestroyNotify */
VsTarget    *vs_target_ref                 (VsTarget        *self);
void         vs_target_unref               (VsTarget        *self);
void         vs_target_set_label           (VsTarget        *self,
                                            const char      *label);
void         vs_target_set_runtime         (VsTarget        *self,
                                            VsRuntimeKind    runtime);
void         vs_target_set_template_name   (VsTarget        *self,
                                            const char      *template_name);
void         vs_target_set_scenario        (VsTarget        *self,
                                            const char      *scenario);
void         vs_target_set_image           (VsTarget        *self,
                                            const char      *image);
void         vs_target_set_container_port  (VsTarget        *self,
                                            guint            port);
void         vs_target_set_host_port       (VsTarget        *self,
                                            guint            port);
void         vs_target_set_cpus            (VsTarget        *self,
                                            double           cpus);
void         vs_target_set_memory_bytes    (VsTarget        *self,
                                            gint64           bytes);
void         vs_target_set_cpuset          (VsTarget        *self,
                                            const char      *cpuset);
void         vs_target_set_workers         (VsTarget        *self,
                                            guint            workers);
void         vs_target_set_health_path     (VsTarget        *self,
                                            const char      *path);
void         vs_target_set_ready_timeout_us (VsTarget       *self,
                                             gint64          usec);
void         vs_target_set_env             (VsTarget        *self,
                                            const char      *name,
                                            const char      *value);
/* Replaces the environment with @from's (one notification). */
void         vs_target_set_env_from        (VsTarget        *self,
                                            const VsTarget  *from);
gboolean     vs_target_add_env_assignment  (VsTarget        *self,
                                            const char      *assignment,
                                            GError         **error);
const char  *vs_target_get_env             (const VsTarget  *self,
                                            const char      *name);
guint        vs_target_get_cpu_limit       (const VsTarget  *self);
gboolean     vs_target_check_workers       (const VsTarget  *self,
                                            guint            n_processors,
                                            GError         **error);
gboolean     vs_target_validate            (const VsTarget  *self,
                                            GError         **error);

/* The fields a problem can be in, in the order a target is shown */
typedef enum
{
  VS_TARGET_FIELD_SOURCE,          /* neither template nor image */
  VS_TARGET_FIELD_RUNTIME,
  VS_TARGET_FIELD_IMAGE,
  VS_TARGET_FIELD_CONTAINER_PORT,
  VS_TARGET_FIELD_HOST_PORT,
  VS_TARGET_FIELD_CPUS,
  VS_TARGET_FIELD_MEMORY,
  VS_TARGET_FIELD_CPUSET,
  VS_TARGET_FIELD_WORKERS,
  VS_TARGET_FIELD_ENV,
  VS_TARGET_FIELD_HEALTH_PATH,
  VS_TARGET_FIELD_READY_TIMEOUT,
} VsTargetField;

typedef struct
{
  VsTargetField  field;
  GError        *error;         /* for the target as a whole: what vs_target_validate() says */
  char          *row_message;   /* for the field's own row */
} VsTargetProblem;

/* Every problem, at most one per field (element-type VsTargetProblem); the
 * first is vs_target_validate()'s. A form maps each to its row. */
GPtrArray   *vs_target_get_problems        (const VsTarget  *self);
void         vs_target_problem_free        (VsTargetProblem *problem);
char        *vs_target_template_image      (const char      *template_name);
/* The rule for a container port as typed (0: the template's). */
gboolean     vs_target_check_container_port (double          value,
                                             GError        **error);

const char  *vs_runtime_kind_to_string     (VsRuntimeKind    kind);
gboolean     vs_runtime_kind_from_string   (const char      *text,
                                            VsRuntimeKind   *out_kind);

/* Validation of what a user types, before any command runs. */
gboolean     vs_validate_image_reference   (const char      *reference,
                                            GError         **error);
gboolean     vs_validate_env_name          (const char      *name,
                                            const char      *what,
                                            GError         **error);
gboolean     vs_parse_memory_size          (const char      *text,
                                            gint64          *out_bytes,
                                            GError         **error);
/* What the parsers below read back: "512m", "1.5"; "" for no limit. */
char        *vs_format_memory_text         (gint64           bytes);
char        *vs_format_cpus_text           (double           cpus);
gboolean     vs_parse_cpus                 (const char      *text,
                                            double          *out_cpus,
                                            GError         **error);
gboolean     vs_validate_cpuset            (const char      *cpuset,
                                            GError         **error);
guint        vs_cpuset_count               (const char      *cpuset);
gboolean     vs_validate_cpuset_syntax     (const char      *cpuset,
                                            GError         **error);

G_END_DECLS
