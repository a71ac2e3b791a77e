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

typedef struct _VsTarget VsTarget;

/* One server under test: what to run and how. Plain fields, reference
 * counted; check with vs_target_validate() before use.
 *
 * Either @template_name (a bundled template; containers run the image
 * built from it, tagged vs_target_template_image()) or @image (containers
 * only) names what runs. */
struct _VsTarget
{
  /*< private >*/
  gatomicrefcount  ref_count;

  /*< public >*/
  char            *label;
  VsRuntimeKind    runtime;
  char            *template_name;   /* (nullable) */
  char            *scenario;        /* (nullable) a scenario id of the template */
  char            *image;           /* (nullable) */
  guint            container_port;  /* 0: the template's, else required for an image */
  guint            host_port;       /* 0: a free one, chosen at start */
  double           cpus;            /* 0: no limit */
  gint64           memory_bytes;    /* 0: no limit */
  char            *cpuset;          /* (nullable) e.g. "0" or "0-1" */
  GPtrArray       *env_names;       /* (element-type utf8) */
  GPtrArray       *env_values;      /* (element-type utf8) */
  char            *health_path;     /* (nullable) the template's, else "/" */
  gint64           ready_timeout_us;
};

GType        vs_target_get_type            (void) G_GNUC_CONST;
VsTarget    *vs_target_new                 (void);
VsTarget    *vs_target_copy                (const VsTarget  *self);
VsTarget    *vs_target_ref                 (VsTarget        *self);
void         vs_target_unref               (VsTarget        *self);
void         vs_target_set_env             (VsTarget        *self,
                                            const char      *name,
                                            const char      *value);
gboolean     vs_target_add_env_assignment  (VsTarget        *self,
                                            const char      *assignment,
                                            GError         **error);
const char  *vs_target_get_env             (const VsTarget  *self,
                                            const char      *name);
gboolean     vs_target_validate            (const VsTarget  *self,
                                            GError         **error);
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
gboolean     vs_parse_cpus                 (const char      *text,
                                            double          *out_cpus,
                                            GError         **error);
gboolean     vs_validate_cpuset            (const char      *cpuset,
                                            GError         **error);
gboolean     vs_validate_cpuset_syntax     (const char      *cpuset,
                                            GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTarget, vs_target_unref)

G_END_DECLS
