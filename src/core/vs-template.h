/* vs-template.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A bundled server template: a folder with a template.json manifest
 * (see data/templates/README.md for the format). */

/* the largest document a template builds: GET /payload?kb= is clamped to it */
#define VS_TEMPLATE_DOCUMENT_MAX_KB 10240

typedef struct
{
  char   *id;
  char   *title;
  char   *method;
  char   *path;
  char   *body;          /* (nullable) */
  char   *content_type;  /* (nullable) */
  guint   body_document_kb; /* 0, or the body is vs_template_document_new() of this size */
} VsScenario;

#define VS_TYPE_TEMPLATE (vs_template_get_type ())

typedef struct _VsTemplate VsTemplate;

struct _VsTemplate
{
  /*< private >*/
  gatomicrefcount ref_count;

  /*< public >*/
  char       *dir;             /* the folder the manifest was read from */
  char       *name;
  char       *title;
  char       *description;     /* (nullable) */
  char       *language;
  char       *runtime;
  char       *framework;
  char       *server;          /* (nullable) the HTTP server and its mode, "gunicorn (sync)" */
  char       *workers;         /* (nullable) the worker model, "cluster module" */
  char       *about;           /* (nullable) path of the "what is running" route */
  GStrv       shared;          /* (nullable) files outside the folder, relative to it, staged beside it */
  guint       port;
  char       *health;
  char       *containerfile;
  char       *base_image;
  GStrv       process_command;
  GHashTable *process_env;     /* utf8 → utf8 */
  GStrv       process_install; /* (nullable) */
  GStrv       process_requires;
  GStrv       python_modules;  /* (nullable) */
  GStrv       debian_packages; /* (nullable) */
  GPtrArray  *scenarios;       /* (element-type VsScenario) */
  char       *digest;          /* (nullable) the files' SHA-256, set by vs_find_template_async() when asked */
};

GType             vs_template_get_type       (void) G_GNUC_CONST;
VsTemplate       *vs_template_ref            (VsTemplate  *self);
void              vs_template_unref          (VsTemplate  *self);
VsTemplate       *vs_template_load           (const char  *dir,
                                              GError     **error);
VsTemplate       *vs_template_new_from_data  (const char  *contents,
                                              gsize        len,
                                              const char  *dir,
                                              GError     **error);
const VsScenario *vs_template_get_scenario   (VsTemplate  *self,
                                              const char  *id);
GPtrArray        *vs_template_list           (GPtrArray  **out_errors);
GBytes           *vs_template_document_new   (guint        kb);
char             *vs_template_describe_scenarios (VsTemplate *self);
const char       *vs_template_language_title (VsTemplate  *self);
const char       *vs_language_title          (const char  *language);
char             *vs_template_shared_path    (VsTemplate  *self,
                                              guint        index);
VsTemplate       *vs_template_list_find      (GPtrArray   *templates,
                                              const char  *name);
char            **vs_template_get_search_dirs (void);
gboolean          vs_template_is_name        (const char  *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplate, vs_template_unref)

G_END_DECLS
