/* vs-template.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "vs-template.h"
#include "vs-json-reader.h"
#include "vs-util.h"

#define TEMPLATE_FORMAT  "versus-template"
#define TEMPLATE_VERSION 1

G_DEFINE_BOXED_TYPE (VsTemplate, vs_template, vs_template_ref, vs_template_unref)

static void
scenario_free (VsScenario *scenario)
{
  g_free (scenario->id);
  g_free (scenario->title);
  g_free (scenario->method);
  g_free (scenario->path);
  g_free (scenario->body);
  g_free (scenario->content_type);
  g_free (scenario);
}

static VsTemplate *
vs_template_new (void)
{
  VsTemplate *self = g_new0 (VsTemplate, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->scenarios = g_ptr_array_new_with_free_func ((GDestroyNotify) scenario_free);
  self->process_env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self;
}

VsTemplate *
vs_template_ref (VsTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vs_template_unref (VsTemplate *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->dir);
  g_free (self->name);
  g_free (self->title);
  g_free (self->description);
  g_free (self->language);
  g_free (self->runtime);
  g_free (self->framework);
  g_free (self->server);
  g_free (self->workers);
  g_free (self->about);
  g_strfreev (self->shared);
  g_free (self->digest);
  g_free (self->health);
  g_free (self->containerfile);
  g_free (self->base_image);
  g_strfreev (self->process_command);
  g_hash_table_unref (self->process_env);
  g_strfreev (self->process_install);
  g_strfreev (self->process_requires);
  g_strfreev (self->python_modules);
  g_strfreev (self->debian_packages);
  g_ptr_array_unref (self->scenarios);
  g_free (self);
}

/* Field readers: each names the field and what is wrong with it. */

static gboolean
get_string (JsonObject  *obj,
            const char  *where,
            const char  *member,
            gboolean     required,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s%s is missing"), where, member);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s%s must be a string"), where, member);
      return FALSE;
    }

  if (required && *json_node_get_string (node) == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s%s is empty"), where, member);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_strv (JsonObject  *obj,
          const char  *where,
          const char  *member,
          gboolean     required,
          GStrv       *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s%s is missing"), where, member);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s%s must be an array of strings"), where, member);
      return FALSE;
    }

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%s%s[%u] must be a string"), where, member, i);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  if (required && json_array_get_length (array) == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s%s is empty"), where, member);
      return FALSE;
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* An optional whole number from 1 to @max; 0 when absent */
static gboolean
get_uint (JsonObject  *obj,
          const char  *where,
          const char  *member,
          guint        max,
          guint       *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  gint64 value;

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (value = json_node_get_int (node)) < 1 || value > max)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s%s must be a whole number from 1 to %u"), where, member, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/**
 * vs_template_is_name:
 *
 * Whether @name can name a template: lowercase letters, digits and "-",
 * so a name never leaves the template folders as a path would.
 */
gboolean
vs_template_is_name (const char *name)
{
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return *name != '\0';
}

/* A path that stays in its folder: relative, no "..", no empty name */
static gboolean
is_relative_inside (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (*path == '\0' || g_path_is_absolute (path))
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], "..") || g_str_equal (parts[i], ""))
      return FALSE;
  return TRUE;
}

static gboolean
parse_process (VsTemplate  *self,
               JsonObject  *obj,
               GError     **error)
{
  JsonNode *env;

  if (!get_strv (obj, "process.", "command", TRUE, &self->process_command, error) ||
      !get_strv (obj, "process.", "install", FALSE, &self->process_install, error) ||
      !get_strv (obj, "process.", "requires", TRUE, &self->process_requires, error) ||
      !get_strv (obj, "process.", "python_modules", FALSE, &self->python_modules, error) ||
      !get_strv (obj, "process.", "debian_packages", FALSE, &self->debian_packages, error))
    return FALSE;

  env = json_object_get_member (obj, "env");
  if (env != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (env))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("process.env must be an object of strings"));
          return FALSE;
        }

      json_object_iter_init (&iter, json_node_get_object (env));
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                           _("process.env.%s must be a string"), name);
              return FALSE;
            }
          g_hash_table_insert (self->process_env, g_strdup (name),
                               g_strdup (json_node_get_string (value)));
        }
    }

  return TRUE;
}

static gboolean
parse_scenarios (VsTemplate  *self,
                 JsonNode    *node,
                 GError     **error)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("scenarios must be a non-empty array"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("scenarios[%u].", i);
      VsScenario *scenario;
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("scenarios[%u] must be an object"), i);
          return FALSE;
        }

      obj = json_node_get_object (element);
      scenario = g_new0 (VsScenario, 1);
      g_ptr_array_add (self->scenarios, scenario);

      if (!get_string (obj, where, "id", TRUE, &scenario->id, error) ||
          !get_string (obj, where, "title", TRUE, &scenario->title, error) ||
          !get_string (obj, where, "method", FALSE, &scenario->method, error) ||
          !get_string (obj, where, "path", TRUE, &scenario->path, error) ||
          !get_string (obj, where, "body", FALSE, &scenario->body, error) ||
          !get_string (obj, where, "content_type", FALSE, &scenario->content_type, error))
        return FALSE;

      if (!get_uint (obj, where, "body_document_kb", VS_TEMPLATE_DOCUMENT_MAX_KB,
                     &scenario->body_document_kb, error))
        return FALSE;
      if (scenario->body_document_kb > 0 && scenario->body != NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%sbody and %sbody_document_kb cannot both be given"), where, where);
          return FALSE;
        }

      if (scenario->method == NULL)
        scenario->method = g_strdup ("GET");
      if (scenario->path[0] != '/')
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%spath must start with “/” (got “%s”)"), where, scenario->path);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * vs_template_load:
 * @dir: a template folder
 *
 * Reads and checks @dir/template.json.
 *
 * Returns: (transfer full): the template, or %NULL with @error naming the
 *   file, the field and the problem
 */
VsTemplate *
vs_template_load (const char  *dir,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GMappedFile) mapped = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  path = g_build_filename (dir, "template.json", NULL);
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, "%s: %s", path, local_error->message);
      return NULL;
    }
  return vs_template_new_from_data (g_mapped_file_get_contents (mapped),
                                    g_mapped_file_get_length (mapped), dir, error);
}

/**
 * vs_template_new_from_data:
 * @contents: (array length=len): the bytes of @dir/template.json
 * @len: their length
 * @dir: the template folder they were read from
 *
 * Checks a template manifest as vs_template_load() does (the fuzz target
 * tests/fuzz/fuzz-template-manifest.c feeds it).
 *
 * Returns: (transfer full): the template, or %NULL with @error naming the
 *   file, the field and the problem
 */
VsTemplate *
vs_template_new_from_data (const char  *contents,
                           gsize        len,
                           const char  *dir,
                           GError     **error)
{
  g_autoptr(VsTemplate) self = vs_template_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *folder = NULL;
  JsonObject *root;
  JsonNode *node;
  gint64 version, port;

  g_return_val_if_fail (contents != NULL || len == 0, NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  path = g_build_filename (dir, "template.json", NULL);
  folder = g_path_get_basename (dir);
  if (!vs_json_parse (parser, contents, len, &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, "%s: %s", path, local_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s: not a JSON object"), path);
      return NULL;
    }
  root = json_node_get_object (node);

#define CHECK(expr) G_STMT_START { if (!(expr)) goto invalid; } G_STMT_END

  CHECK (get_string (root, "", "format", TRUE, &format, &local_error));
  if (!g_str_equal (format, TEMPLATE_FORMAT))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: format is “%s”, not “%s”"), path, format, TEMPLATE_FORMAT);
      return NULL;
    }

  node = json_object_get_member (root, "version");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s: version must be an integer"), path);
      return NULL;
    }
  version = json_node_get_int (node);
  if (version != TEMPLATE_VERSION)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED,
                   _("%s: template format version %lld is not supported "
                     "(this Versus reads version %d)"), path, (long long) version, TEMPLATE_VERSION);
      return NULL;
    }

  CHECK (get_string (root, "", "name", TRUE, &self->name, &local_error));
  CHECK (get_string (root, "", "title", TRUE, &self->title, &local_error));
  CHECK (get_string (root, "", "description", FALSE, &self->description, &local_error));
  CHECK (get_string (root, "", "language", TRUE, &self->language, &local_error));
  CHECK (get_string (root, "", "runtime", TRUE, &self->runtime, &local_error));
  CHECK (get_string (root, "", "framework", TRUE, &self->framework, &local_error));
  CHECK (get_string (root, "", "health", TRUE, &self->health, &local_error));
  CHECK (get_string (root, "", "containerfile", TRUE, &self->containerfile, &local_error));
  CHECK (get_string (root, "", "base_image", TRUE, &self->base_image, &local_error));
  if (!is_relative_inside (self->containerfile))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: containerfile “%s” must be a file in the template’s folder"),
                   path, self->containerfile);
      return NULL;
    }

  CHECK (get_string (root, "", "server", FALSE, &self->server, &local_error));
  CHECK (get_string (root, "", "workers", FALSE, &self->workers, &local_error));
  CHECK (get_string (root, "", "about", FALSE, &self->about, &local_error));
  CHECK (get_strv (root, "", "shared", FALSE, &self->shared, &local_error));
  if (self->about != NULL && self->about[0] != '/')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: about must be a path starting with “/”"), path);
      return NULL;
    }
  for (guint i = 0; self->shared != NULL && self->shared[i] != NULL; i++)
    {
      const char *file = self->shared[i];
      const char *inside = g_str_has_prefix (file, "../") ? file + 3 : file;

      /* a file of the folder, or of a sibling folder: never further out */
      if (!is_relative_inside (inside))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%s: shared file “%s” must be in the template’s folder or a folder "
                         "beside it"), path, file);
          return NULL;
        }
    }

  if (!vs_template_is_name (self->name) || !g_str_equal (self->name, folder))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: name “%s” must be lowercase letters, digits and “-”, and equal the "
                     "folder name “%s”"), path, self->name, folder);
      return NULL;
    }

  node = json_object_get_member (root, "port");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s: port must be an integer"), path);
      return NULL;
    }
  port = json_node_get_int (node);
  if (port < 1 || port > 65535)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: port %lld is not between 1 and 65535"), path, (long long) port);
      return NULL;
    }
  self->port = port;

  if (!vs_check_request_text (self->health, _("health path"), FALSE, &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, "%s: %s", path, local_error->message);
      return NULL;
    }
  if (self->health[0] != '/')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: health must be a path starting with “/”"), path);
      return NULL;
    }

  node = json_object_get_member (root, "process");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s: process must be an object"), path);
      return NULL;
    }
  CHECK (parse_process (self, json_node_get_object (node), &local_error));
  CHECK (parse_scenarios (self, json_object_get_member (root, "scenarios"), &local_error));

#undef CHECK

  self->dir = g_strdup (dir);

  for (guint i = 0; self->shared != NULL && self->shared[i] != NULL; i++)
    {
      g_autofree char *file = vs_template_shared_path (self, i);

      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%s: shared file “%s” does not exist (looked for %s)"),
                       path, self->shared[i], file);
          return NULL;
        }
    }

  return g_steal_pointer (&self);

invalid:
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, "%s: %s", path, local_error->message);
  return NULL;
}

const VsScenario *
vs_template_get_scenario (VsTemplate *self,
                          const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (id == NULL)
    return g_ptr_array_index (self->scenarios, 0);

  for (guint i = 0; i < self->scenarios->len; i++)
    {
      const VsScenario *scenario = g_ptr_array_index (self->scenarios, i);

      if (g_str_equal (scenario->id, id))
        return scenario;
    }

  return NULL;
}

/* "Node.js", "Python": a template language as people name the side of the
 * question; another language as it is written */
const char *
vs_language_title (const char *language)
{
  if (g_str_equal (language, "javascript"))
    return "Node.js";
  if (g_str_equal (language, "python"))
    return "Python";
  return language;
}

const char *
vs_template_language_title (VsTemplate *self)
{
  return vs_language_title (self->language);
}

/* "hello, json, io" — the ids of @self's scenarios, for a message */
char *
vs_template_describe_scenarios (VsTemplate *self)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < self->scenarios->len; i++)
    g_string_append_printf (ids, "%s%s", i ? ", " : "",
                            ((const VsScenario *) g_ptr_array_index (self->scenarios, i))->id);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* Where the @index-th shared file is on disk; it is staged beside the
 * template's own files under its base name. */
char *
vs_template_shared_path (VsTemplate *self,
                         guint       index)
{
  g_autofree char *joined = g_build_filename (self->dir, self->shared[index], NULL);
  g_autoptr(GFile) file = g_file_new_for_path (joined);

  return g_file_get_path (file);   /* "..", resolved */
}

static void
append_padded (GString *out,
               guint    value,
               guint    width)
{
  g_string_append_printf (out, "%0*u", (int) width, value);
}

/**
 * vs_template_document_new:
 * @kb: about how many KiB, 1 to %VS_TEMPLATE_DOCUMENT_MAX_KB
 *
 * The JSON document every template answers `GET /payload?kb=@kb` with, byte
 * for byte (compact, keys in this order), and the body of the upload
 * scenario: customer records, about @kb KiB. The templates build it with
 * versus-scenarios.js and versus_scenarios.py; the parity test checks all
 * three agree.
 */
GBytes *
vs_template_document_new (guint kb)
{
  static const char * const cities[] = { "Springfield", "Riverside", "Fairview", "Madison", "Georgetown" };
  guint count;
  GString *out;

  kb = CLAMP (kb, 1, VS_TEMPLATE_DOCUMENT_MAX_KB);
  count = MAX (1, kb * 1024 / 200);
  out = g_string_sized_new (kb * 1024 + 1024);

  g_string_append_printf (out, "{\"kb\":%u,\"count\":%u,\"items\":[", kb, count);
  for (guint i = 0; i < count; i++)
    {
      g_string_append_printf (out, "%s{\"id\":%u,\"name\":\"Customer ", i ? "," : "", i + 1);
      append_padded (out, i + 1, 6);
      g_string_append_printf (out, "\",\"email\":\"customer%u@example.com\",\"active\":%s,"
                              "\"balance_cents\":%u,\"tags\":[\"tag%u\",\"group%u\"],"
                              "\"address\":{\"street\":\"%u Main Street\",\"city\":\"%s\",\"zip\":\"",
                              i + 1, i % 3 != 0 ? "true" : "false", (guint) (((guint64) i * 7919) % 100000),
                              i % 5, i % 7, i % 200 + 1, cities[i % 5]);
      append_padded (out, (guint) (((guint64) i * 31) % 100000), 5);
      g_string_append (out, "\"}}");
    }
  g_string_append (out, "]}");

  return g_string_free_to_bytes (out);
}

/**
 * vs_template_get_search_dirs:
 *
 * Where templates are looked for, first match of a name wins:
 * `$VERSUS_TEMPLATES_DIR` (colon-separated), the user's
 * `$XDG_DATA_HOME/versus/templates`, the installed `$datadir/versus/templates`,
 * and the source tree's `data/templates` (for runs from a build folder).
 *
 * Returns: (transfer full): folder paths
 */
char **
vs_template_get_search_dirs (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *env = g_getenv ("VERSUS_TEMPLATES_DIR");

  if (env != NULL && *env != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (env, ":", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          g_strv_builder_add (builder, parts[i]);
    }

  {
    g_autofree char *user = g_build_filename (g_get_user_data_dir (), "versus", "templates", NULL);
    g_autofree char *installed = g_build_filename (VERSUS_DATADIR, "templates", NULL);
    g_autofree char *source = g_build_filename (SOURCE_DATADIR, "templates", NULL);

    g_strv_builder_add_many (builder, user, installed, source, NULL);
  }

  return g_strv_builder_end (builder);
}

static int
compare_templates (gconstpointer a,
                   gconstpointer b)
{
  const VsTemplate *ta = *(VsTemplate * const *) a;
  const VsTemplate *tb = *(VsTemplate * const *) b;

  return g_strcmp0 (ta->name, tb->name);
}

/**
 * vs_template_list:
 * @out_errors: (out) (optional): messages about folders that were skipped
 *
 * Returns: (transfer full) (element-type VsTemplate): every template found,
 *   sorted by name
 */
/* The template called @name in @templates (from vs_template_list()), or
 * NULL; (transfer none). */
VsTemplate *
vs_template_list_find (GPtrArray  *templates,
                       const char *name)
{
  for (guint i = 0; name != NULL && i < templates->len; i++)
    {
      VsTemplate *template = g_ptr_array_index (templates, i);

      if (g_str_equal (template->name, name))
        return template;
    }
  return NULL;
}

GPtrArray *
vs_template_list (GPtrArray **out_errors)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_unref);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) dirs = vs_template_get_search_dirs ();

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (dirs[i], 0, NULL);
      const char *entry;

      if (dir == NULL)
        continue;

      while ((entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dirs[i], entry, NULL);
          g_autofree char *manifest = g_build_filename (path, "template.json", NULL);
          g_autoptr(GError) error = NULL;
          VsTemplate *template;

          if (g_hash_table_contains (seen, entry) || !g_file_test (manifest, G_FILE_TEST_EXISTS))
            continue;

          template = vs_template_load (path, &error);
          if (template == NULL)
            {
              g_ptr_array_add (errors, g_strdup (error->message));
              continue;
            }

          g_ptr_array_add (templates, template);
          g_hash_table_add (seen, template->name);
        }
    }

  g_ptr_array_sort (templates, compare_templates);

  if (out_errors != NULL)
    *out_errors = g_steal_pointer (&errors);

  return g_steal_pointer (&templates);
}
