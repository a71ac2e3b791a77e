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

typedef struct
{
  char   *id;
  char   *title;
  char   *method;
  char   *path;
  char   *body;          /* (nullable) */
  char   *content_type;  /* (nullable) */
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
VsTemplate       *vs_template_list_find      (GPtrArray   *templates,
                                              const char  *name);
char            **vs_template_get_search_dirs (void);
gboolean          vs_template_is_name        (const char  *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsTemplate, vs_template_unref)

G_END_DECLS
