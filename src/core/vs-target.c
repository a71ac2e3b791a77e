/* vs-target.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-target.h"
#include "vs-util.h"

#include "vs-enums.h"

#define MAX_CPUS          1024.0
#define MIN_MEMORY_BYTES  (6 * 1024 * 1024)   /* what docker and podman accept */

G_DEFINE_FINAL_TYPE (VsTarget, vs_target, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_RUNTIME,
  PROP_TEMPLATE_NAME,
  PROP_SCENARIO,
  PROP_IMAGE,
  PROP_CONTAINER_PORT,
  PROP_HOST_PORT,
  PROP_CPUS,
  PROP_MEMORY_BYTES,
  PROP_CPUSET,
  PROP_WORKERS,
  PROP_ENV,
  PROP_HEALTH_PATH,
  PROP_READY_TIMEOUT_US,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vs_target_finalize (GObject *object)
{
  VsTarget *self = VS_TARGET (object);

  g_free (self->label);
  g_free (self->template_name);
  g_free (self->scenario);
  g_free (self->image);
  g_free (self->cpuset);
  g_ptr_array_unref (self->env_names);
  g_ptr_array_unref (self->env_values);
  g_free (self->health_path);

  G_OBJECT_CLASS (vs_target_parent_class)->finalize (object);
}

static void
vs_target_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VsTarget *self = VS_TARGET (object);

  switch (prop_id)
    {
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_RUNTIME: g_value_set_enum (value, self->runtime); break;
    case PROP_TEMPLATE_NAME: g_value_set_string (value, self->template_name); break;
    case PROP_SCENARIO: g_value_set_string (value, self->scenario); break;
    case PROP_IMAGE: g_value_set_string (value, self->image); break;
    case PROP_CONTAINER_PORT: g_value_set_uint (value, self->container_port); break;
    case PROP_HOST_PORT: g_value_set_uint (value, self->host_port); break;
    case PROP_CPUS: g_value_set_double (value, self->cpus); break;
    case PROP_MEMORY_BYTES: g_value_set_int64 (value, self->memory_bytes); break;
    case PROP_CPUSET: g_value_set_string (value, self->cpuset); break;
    case PROP_WORKERS: g_value_set_uint (value, self->workers); break;
    case PROP_ENV: g_value_take_boxed (value, vs_pairs_to_strv (self->env_names, self->env_values, "=")); break;
    case PROP_HEALTH_PATH: g_value_set_string (value, self->health_path); break;
    case PROP_READY_TIMEOUT_US: g_value_set_int64 (value, self->ready_timeout_us); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_target_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VsTarget *self = VS_TARGET (object);

  switch (prop_id)
    {
    case PROP_LABEL: vs_target_set_label (self, g_value_get_string (value)); break;
    case PROP_RUNTIME: vs_target_set_runtime (self, g_value_get_enum (value)); break;
    case PROP_TEMPLATE_NAME: vs_target_set_template_name (self, g_value_get_string (value)); break;
    case PROP_SCENARIO: vs_target_set_scenario (self, g_value_get_string (value)); break;
    case PROP_IMAGE: vs_target_set_image (self, g_value_get_string (value)); break;
    case PROP_CONTAINER_PORT: vs_target_set_container_port (self, g_value_get_uint (value)); break;
    case PROP_HOST_PORT: vs_target_set_host_port (self, g_value_get_uint (value)); break;
    case PROP_CPUS: vs_target_set_cpus (self, g_value_get_double (value)); break;
    case PROP_MEMORY_BYTES: vs_target_set_memory_bytes (self, g_value_get_int64 (value)); break;
    case PROP_CPUSET: vs_target_set_cpuset (self, g_value_get_string (value)); break;
    case PROP_WORKERS: vs_target_set_workers (self, g_value_get_uint (value)); break;
    case PROP_HEALTH_PATH: vs_target_set_health_path (self, g_value_get_string (value)); break;
    case PROP_READY_TIMEOUT_US: vs_target_set_ready_timeout_us (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_target_class_init (VsTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vs_target_finalize;
  object_class->get_property = vs_target_get_property;
  object_class->set_property = vs_target_set_property;

  /* Ranges are wide on purpose: a value is refused by vs_target_validate()
   * with a message, not by GObject with a warning. */
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_RUNTIME] =
    g_param_spec_enum ("runtime", NULL, NULL, VS_TYPE_RUNTIME_KIND, VS_RUNTIME_KIND_AUTO, flags);
  properties[PROP_TEMPLATE_NAME] = g_param_spec_string ("template-name", NULL, NULL, NULL, flags);
  properties[PROP_SCENARIO] = g_param_spec_string ("scenario", NULL, NULL, NULL, flags);
  properties[PROP_IMAGE] = g_param_spec_string ("image", NULL, NULL, NULL, flags);
  properties[PROP_CONTAINER_PORT] =
    g_param_spec_uint ("container-port", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HOST_PORT] = g_param_spec_uint ("host-port", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CPUS] =
    g_param_spec_double ("cpus", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_MEMORY_BYTES] =
    g_param_spec_int64 ("memory-bytes", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CPUSET] = g_param_spec_string ("cpuset", NULL, NULL, NULL, flags);
  properties[PROP_WORKERS] = g_param_spec_uint ("workers", NULL, NULL, 0, G_MAXUINT, 1, flags);
  /* "NAME=VALUE" strings; set with vs_target_set_env() */
  properties[PROP_ENV] =
    g_param_spec_boxed ("env", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEALTH_PATH] = g_param_spec_string ("health-path", NULL, NULL, NULL, flags);
  properties[PROP_READY_TIMEOUT_US] =
    g_param_spec_int64 ("ready-timeout-us", NULL, NULL, G_MININT64, G_MAXINT64,
                        60 * G_USEC_PER_SEC, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_target_init (VsTarget *self)
{
  self->runtime = VS_RUNTIME_KIND_AUTO;
  self->env_names = g_ptr_array_new_with_free_func (g_free);
  self->env_values = g_ptr_array_new_with_free_func (g_free);
  self->ready_timeout_us = 60 * G_USEC_PER_SEC;
  self->workers = 1;
}

VsTarget *
vs_target_new (void)
{
  return g_object_new (VS_TYPE_TARGET, NULL);
}

VsTarget *
vs_target_copy (const VsTarget *self)
{
  VsTarget *copy;

  g_return_val_if_fail (VS_IS_TARGET ((VsTarget *) self), NULL);

  copy = vs_target_new ();
  copy->label = g_strdup (self->label);
  copy->runtime = self->runtime;
  copy->template_name = g_strdup (self->template_name);
  copy->scenario = g_strdup (self->scenario);
  copy->image = g_strdup (self->image);
  copy->container_port = self->container_port;
  copy->host_port = self->host_port;
  copy->cpus = self->cpus;
  copy->memory_bytes = self->memory_bytes;
  copy->cpuset = g_strdup (self->cpuset);
  copy->workers = self->workers;
  vs_target_set_env_from (copy, self);
  copy->health_path = g_strdup (self->health_path);
  copy->ready_timeout_us = self->ready_timeout_us;

  return copy;
}

VsTarget *
vs_target_ref (VsTarget *self)
{
  return g_object_ref (self);
}

void
vs_target_unref (VsTarget *self)
{
  g_object_unref (self);
}

void
vs_target_set_label (VsTarget   *self,
                     const char *label)
{
  g_return_if_fail (VS_IS_TARGET (self));
  vs_object_set_str (self, &self->label, label, properties[PROP_LABEL]);
}

void
vs_target_set_runtime (VsTarget      *self,
                       VsRuntimeKind  runtime)
{
  g_return_if_fail (VS_IS_TARGET (self));
  VS_OBJECT_SET_VALUE (self, self->runtime, runtime, properties[PROP_RUNTIME]);
}

void
vs_target_set_template_name (VsTarget   *self,
                             const char *template_name)
{
  g_return_if_fail (VS_IS_TARGET (self));
  vs_object_set_str (self, &self->template_name, template_name, properties[PROP_TEMPLATE_NAME]);
}

void
vs_target_set_scenario (VsTarget   *self,
                        const char *scenario)
{
  g_return_if_fail (VS_IS_TARGET (self));
  vs_object_set_str (self, &self->scenario, scenario, properties[PROP_SCENARIO]);
}

void
vs_target_set_image (VsTarget   *self,
                     const char *image)
{
  g_return_if_fail (VS_IS_TARGET (self));
  vs_object_set_str (self, &self->image, image, properties[PROP_IMAGE]);
}

void
vs_target_set_container_port (VsTarget *self,
                              guint     container_port)
{
  g_return_if_fail (VS_IS_TARGET (self));
  VS_OBJECT_SET_VALUE (self, self->container_port, container_port, properties[PROP_CONTAINER_PORT]);
}

void
vs_target_set_host_port (VsTarget *self,
                         guint     host_port)
{
  g_return_if_fail (VS_IS_TARGET (self));
  VS_OBJECT_SET_VALUE (self, self->host_port, host_port, properties[PROP_HOST_PORT]);
}

void
vs_target_set_cpus (VsTarget *self,
                    double    cpus)
{
  g_return_if_fail (VS_IS_TARGET (self));
  VS_OBJECT_SET_VALUE (self, self->cpus, cpus, properties[PROP_CPUS]);
}

void
vs_target_set_memory_bytes (VsTarget *self,
                            gint64    memory_bytes)
{
  g_return_if_fail (VS_IS_TARGET (self));
  VS_OBJECT_SET_VALUE (self, self->memory_bytes, memory_bytes, properties[PROP_MEMORY_BYTES]);
}

void
vs_target_set_cpuset (VsTarget   *self,
                      const char *cpuset)
{
  g_return_if_fail (VS_IS_TARGET (self));
  vs_object_set_str (self, &self->cpuset, cpuset, properties[PROP_CPUSET]);
}

void
vs_target_set_workers (VsTarget *self,
                       guint     workers)
{
  g_return_if_fail (VS_IS_TARGET (self));
  VS_OBJECT_SET_VALUE (self, self->workers, workers, properties[PROP_WORKERS]);
}

void
vs_target_set_health_path (VsTarget   *self,
                           const char *health_path)
{
  g_return_if_fail (VS_IS_TARGET (self));
  vs_object_set_str (self, &self->health_path, health_path, properties[PROP_HEALTH_PATH]);
}

void
vs_target_set_ready_timeout_us (VsTarget *self,
                                gint64    ready_timeout_us)
{
  g_return_if_fail (VS_IS_TARGET (self));
  VS_OBJECT_SET_VALUE (self, self->ready_timeout_us, ready_timeout_us, properties[PROP_READY_TIMEOUT_US]);
}

void
vs_target_set_env (VsTarget   *self,
                   const char *name,
                   const char *value)
{
  g_return_if_fail (VS_IS_TARGET (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  for (guint i = 0; i < self->env_names->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->env_names, i), name))
        {
          if (g_str_equal (self->env_values->pdata[i], value))
            return;
          g_free (self->env_values->pdata[i]);
          self->env_values->pdata[i] = g_strdup (value);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENV]);
          return;
        }
    }

  g_ptr_array_add (self->env_names, g_strdup (name));
  g_ptr_array_add (self->env_values, g_strdup (value));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENV]);
}

void
vs_target_set_env_from (VsTarget       *self,
                        const VsTarget *from)
{
  g_return_if_fail (VS_IS_TARGET (self));

  if (vs_pairs_equal (self->env_names, self->env_values, from->env_names, from->env_values))
    return;

  vs_pairs_assign (self->env_names, self->env_values, from->env_names, from->env_values);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENV]);
}

const char *
vs_target_get_env (const VsTarget *self,
                   const char     *name)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->env_names->len; i++)
    if (g_str_equal (g_ptr_array_index (self->env_names, i), name))
      return g_ptr_array_index (self->env_values, i);

  return NULL;
}

gboolean
vs_validate_env_name (const char  *name,
                      const char  *what,
                      GError     **error)
{
  gboolean ok = name != NULL && (g_ascii_isalpha (*name) || *name == '_');

  for (const char *p = name; ok && *p; p++)
    ok = g_ascii_isalnum (*p) || *p == '_';

  if (!ok)
    g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                 /* Translators: the first %s is what the name is for, e.g. "environment
                  * variable" or "build argument"; the second is the name */
                 _("%s name “%s” is not valid: use letters, digits and _, not starting with a digit"),
                 what, name ? name : "");

  return ok;
}

gboolean
vs_target_add_env_assignment (VsTarget    *self,
                              const char  *assignment,
                              GError     **error)
{
  const char *eq = strchr (assignment, '=');
  g_autofree char *name = NULL;

  if (eq == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("environment setting “%s” is not of the form NAME=VALUE"), assignment);
      return FALSE;
    }

  name = g_strndup (assignment, eq - assignment);
  if (!vs_validate_env_name (name, _("environment variable"), error))
    return FALSE;

  vs_target_set_env (self, name, eq + 1);
  return TRUE;
}

/* The grammar of an image reference, as docker's reference package has it:
 *   [domain[:port]/]path[:tag][@digest]
 * path components: [a-z0-9]+ separated by '.', '_', '__' or '-'+;
 * tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}; digest: algo:hex. Refusing a bad
 * name here means no command runs with it. */
static gboolean
valid_path_component (const char *c,
                      gsize       len)
{
  gsize i = 0;

  if (len == 0)
    return FALSE;

  while (i < len)
    {
      gsize run = 0;

      while (i < len && (g_ascii_islower (c[i]) || g_ascii_isdigit (c[i])))
        i++, run++;
      if (run == 0)
        return FALSE;
      if (i == len)
        return TRUE;

      /* separator */
      if (c[i] == '.')
        i++;
      else if (c[i] == '_')
        {
          i++;
          if (i < len && c[i] == '_')
            i++;
        }
      else if (c[i] == '-')
        {
          while (i < len && c[i] == '-')
            i++;
        }
      else
        return FALSE;

      if (i == len)
        return FALSE;
    }

  return TRUE;
}

static gboolean
valid_domain (const char *d,
              gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (d[i]) && d[i] != '.' && d[i] != '-' && d[i] != ':')
      return FALSE;
  return len > 0 && d[0] != '-' && d[0] != '.' && d[0] != ':';
}

gboolean
vs_validate_image_reference (const char  *reference,
                             GError     **error)
{
  const char *at;
  const char *name_end;
  const char *tag = NULL;
  const char *p;
  const char *first_slash;
  const char *start;
  const char *why = NULL;

  if (reference == NULL || *reference == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("the image name is empty"));
      return FALSE;
    }

  if (strlen (reference) > 255)
    why = _("it is longer than 255 characters");

  at = strchr (reference, '@');
  name_end = at ? at : reference + strlen (reference);

  if (why == NULL && at != NULL)
    {
      const char *colon = strchr (at + 1, ':');

      if (colon == NULL || colon == at + 1 || colon[1] == '\0')
        why = _("the digest after @ is not of the form algorithm:hex");
      else
        for (p = colon + 1; *p && why == NULL; p++)
          if (!g_ascii_isxdigit (*p))
            why = _("the digest after @ is not hexadecimal");
    }

  /* a tag is a ':' after the last '/' */
  for (p = name_end; why == NULL && p > reference; p--)
    {
      if (p[-1] == '/')
        break;
      if (p[-1] == ':')
        {
          tag = p;
          break;
        }
    }

  if (why == NULL && tag != NULL)
    {
      gsize tag_len = name_end - tag;

      if (tag_len == 0 || tag_len > 128)
        why = _("the tag after : must have 1 to 128 characters");
      else if (!g_ascii_isalnum (tag[0]) && tag[0] != '_')
        why = _("the tag must start with a letter, a digit or _");
      else
        for (p = tag; p < name_end && why == NULL; p++)
          if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
            why = _("the tag may only contain letters, digits, _, . and -");
      name_end = tag - 1;
    }

  start = reference;
  first_slash = memchr (reference, '/', name_end - reference);
  if (why == NULL && first_slash != NULL)
    {
      gsize dlen = first_slash - reference;

      /* a first component with '.', ':' or "localhost" is a registry */
      if (memchr (reference, '.', dlen) || memchr (reference, ':', dlen) ||
          (dlen == 9 && strncmp (reference, "localhost", 9) == 0))
        {
          if (!valid_domain (reference, dlen))
            why = _("the registry part before the first / is not a host name");
          start = first_slash + 1;
        }
    }

  while (why == NULL && start <= name_end)
    {
      const char *slash = memchr (start, '/', name_end - start);
      const char *end = slash ? slash : name_end;

      if (!valid_path_component (start, end - start))
        why = _("each part of the name must be lowercase letters and digits, "
                "separated by . _ or -");
      if (!slash)
        break;
      start = slash + 1;
    }

  if (why != NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid image name: %s"), reference, why);
      return FALSE;
    }

  return TRUE;
}

gboolean
vs_parse_memory_size (const char  *text,
                      gint64      *out_bytes,
                      GError     **error)
{
  static const struct { const char *suffix; double scale; } units[] = {
    { "", 1 }, { "b", 1 },
    { "k", 1024.0 }, { "kb", 1024.0 }, { "kib", 1024.0 },
    { "m", 1048576.0 }, { "mb", 1048576.0 }, { "mib", 1048576.0 },
    { "g", 1073741824.0 }, { "gb", 1073741824.0 }, { "gib", 1073741824.0 },
  };
  g_autofree char *suffix = NULL;
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    goto invalid;

  value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (value) || !g_ascii_isdigit (text[0]))
    goto invalid;

  suffix = g_ascii_strdown (end, -1);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_str_equal (suffix, units[i].suffix))
        {
          double bytes = value * units[i].scale;

          if (bytes < MIN_MEMORY_BYTES)
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                           _("memory limit “%s” is below the 6 MiB a container needs"), text);
              return FALSE;
            }
          if (bytes > (double) G_MAXINT64 / 2)
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                           _("memory limit “%s” is too large"), text);
              return FALSE;
            }
          *out_bytes = (gint64) bytes;
          return TRUE;
        }
    }

invalid:
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a memory size (examples: 512m, 1g, 256MiB)"), text ? text : "");
  return FALSE;
}

gboolean
vs_parse_cpus (const char  *text,
               double      *out_cpus,
               GError     **error)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    goto invalid;

  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || !g_ascii_isdigit (text[0]))
    goto invalid;

  if (value < 0.01 || value > MAX_CPUS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("CPU limit “%s” is out of range (0.01 to %.0f cores)"), text, MAX_CPUS);
      return FALSE;
    }

  *out_cpus = value;
  return TRUE;

invalid:
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a number of CPU cores (examples: 1, 0.5, 2)"), text ? text : "");
  return FALSE;
}

typedef struct { guint64 lo, hi; } CpuRange;

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const CpuRange *x = a, *y = b;

  return (x->lo > y->lo) - (x->lo < y->lo);
}

static gboolean
validate_cpuset (const char  *cpuset,
                 guint        n_cpus,
                 GArray      *out_ranges,
                 GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (cpuset == NULL || *cpuset == '\0')
    goto invalid;

  parts = g_strsplit (cpuset, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      guint64 lo, hi;
      char *end = NULL;

      if (!g_ascii_isdigit (parts[i][0]))
        goto invalid;
      lo = g_ascii_strtoull (parts[i], &end, 10);
      hi = lo;
      if (*end == '-')
        {
          if (!g_ascii_isdigit (end[1]))
            goto invalid;
          hi = g_ascii_strtoull (end + 1, &end, 10);
        }
      if (*end != '\0' || hi < lo)
        goto invalid;
      if (out_ranges != NULL)
        g_array_append_val (out_ranges, ((CpuRange) { lo, hi }));
      if (n_cpus > 0 && hi >= n_cpus)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("CPU set “%s” names CPU %llu, but this machine has CPUs 0 to %u"),
                       cpuset, (unsigned long long) hi, n_cpus - 1);
          return FALSE;
        }
    }

  return TRUE;

invalid:
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a CPU set (examples: 0, 0-1, 0,2)"), cpuset ? cpuset : "");
  return FALSE;
}

/* A CPU set this machine has. */
gboolean
vs_validate_cpuset (const char  *cpuset,
                    GError     **error)
{
  return validate_cpuset (cpuset, g_get_num_processors (), NULL, error);
}

/* A well-formed CPU set, whatever the machine: a session made elsewhere
 * still opens; starting the target checks the CPUs exist. */
gboolean
vs_validate_cpuset_syntax (const char  *cpuset,
                           GError     **error)
{
  return validate_cpuset (cpuset, 0, NULL, error);
}

/* How many CPUs a well-formed CPU set names ("0-1,3": 3); 0 when it is not one */
guint
vs_cpuset_count (const char *cpuset)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (CpuRange));
  guint64 count = 0, covered = 0;
  gboolean any = FALSE;

  if (!validate_cpuset (cpuset, 0, ranges, NULL))
    return 0;
  g_array_sort (ranges, compare_ranges);
  for (guint i = 0; i < ranges->len; i++)
    {
      const CpuRange *r = &g_array_index (ranges, CpuRange, i);
      guint64 lo = any ? MAX (r->lo, covered) : r->lo;

      if (r->hi >= lo)
        count += r->hi - lo + 1;
      if (!any || r->hi + 1 > covered)
        covered = r->hi + 1;
      any = TRUE;
    }
  return (guint) MIN (count, G_MAXUINT);
}

void
vs_target_problem_free (VsTargetProblem *problem)
{
  if (problem == NULL)
    return;
  g_clear_error (&problem->error);
  g_free (problem->row_message);
  g_free (problem);
}

/* Records @field's problem unless it has one already: one per field. */
static void
add_problem (GPtrArray     *problems,
             VsTargetField  field,
             const char    *row_message,
             GError        *error)   /* (transfer full) */
{
  VsTargetProblem *problem;

  for (guint i = 0; i < problems->len; i++)
    if (((VsTargetProblem *) g_ptr_array_index (problems, i))->field == field)
      {
        g_error_free (error);
        return;
      }

  problem = g_new0 (VsTargetProblem, 1);
  problem->field = field;
  problem->row_message = g_strdup (row_message ? row_message : error->message);
  problem->error = error;
  g_ptr_array_add (problems, problem);
}

#define PROBLEM(field, row_message, ...) \
  add_problem (problems, field, row_message, \
               g_error_new (VS_ERROR, VS_ERROR_INVALID_ARGUMENT, __VA_ARGS__))

/* Every problem of @self, at most one per field, in the order the fields
 * are shown. The message names what is wrong for a reader who sees the
 * target as a whole (a session file, the command line); the row message
 * says it for the field's own row, where the target is known. */
GPtrArray *
vs_target_get_problems (const VsTarget *self)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_target_problem_free);
  GError *error = NULL;

  g_return_val_if_fail (VS_IS_TARGET ((VsTarget *) self), NULL);

  if (self->template_name == NULL && self->image == NULL)
    PROBLEM (VS_TARGET_FIELD_SOURCE, _("a template or an image is needed"),
             _("target “%s” names neither a template nor an image"),
             self->label ? self->label : "");

  if (self->image != NULL && !vs_validate_image_reference (self->image, &error))
    add_problem (problems, VS_TARGET_FIELD_IMAGE, NULL, g_steal_pointer (&error));

  if (self->image != NULL && self->runtime == VS_RUNTIME_KIND_PROCESS)
    PROBLEM (VS_TARGET_FIELD_RUNTIME,
             _("an image needs a container runtime (Podman or Docker), not local processes"),
             _("image “%s” needs a container runtime (podman or docker), not local processes"),
             self->image);

  if (self->image != NULL && self->template_name == NULL && self->container_port == 0)
    PROBLEM (VS_TARGET_FIELD_CONTAINER_PORT,
             _("an image needs its container port: the port its server listens on inside"),
             _("image “%s” needs its container port (the port the server listens on inside)"),
             self->image);

  if (self->container_port > 65535)
    PROBLEM (VS_TARGET_FIELD_CONTAINER_PORT, NULL,
             _("port %u is out of range (1 to 65535)"), self->container_port);
  if (self->host_port > 65535)
    PROBLEM (VS_TARGET_FIELD_HOST_PORT, NULL,
             _("port %u is out of range (1 to 65535)"), self->host_port);

  if (self->cpus != 0 && (self->cpus < 0.01 || self->cpus > MAX_CPUS || !isfinite (self->cpus)))
    PROBLEM (VS_TARGET_FIELD_CPUS, NULL,
             _("CPU limit %g is out of range (0.01 to %.0f cores)"), self->cpus, MAX_CPUS);

  if (self->memory_bytes != 0 && self->memory_bytes < MIN_MEMORY_BYTES)
    PROBLEM (VS_TARGET_FIELD_MEMORY, NULL,
             _("memory limit of %lld bytes is below the 6 MiB a container needs"),
             (long long) self->memory_bytes);

  if (self->cpuset != NULL && !vs_validate_cpuset_syntax (self->cpuset, &error))
    add_problem (problems, VS_TARGET_FIELD_CPUSET, NULL, g_steal_pointer (&error));

  if (self->workers < 1 || self->workers > VS_TARGET_MAX_WORKERS)
    PROBLEM (VS_TARGET_FIELD_WORKERS, NULL,
             _("%u workers is out of range (1 to %u)"), self->workers, VS_TARGET_MAX_WORKERS);
  else if (!vs_target_check_workers (self, 0, &error))
    add_problem (problems, VS_TARGET_FIELD_WORKERS, NULL, g_steal_pointer (&error));

  for (guint i = 0; i < self->env_names->len; i++)
    if (!vs_validate_env_name (g_ptr_array_index (self->env_names, i), _("environment variable"), &error))
      add_problem (problems, VS_TARGET_FIELD_ENV, NULL, g_steal_pointer (&error));

  if (!vs_check_request_text (self->health_path, _("health path"), FALSE, &error))
    add_problem (problems, VS_TARGET_FIELD_HEALTH_PATH, NULL, g_steal_pointer (&error));
  else if (self->health_path != NULL && self->health_path[0] != '/')
    PROBLEM (VS_TARGET_FIELD_HEALTH_PATH, NULL,
             _("health path “%s” must start with /"), self->health_path);

  if (self->ready_timeout_us <= 0)
    PROBLEM (VS_TARGET_FIELD_READY_TIMEOUT, NULL, _("the readiness timeout must be positive"));

  return g_steal_pointer (&problems);
}

#undef PROBLEM

/* How many whole CPUs the target may use by its own limits: the CPU limit
 * rounded up, or the CPUs of its CPU set, whichever is fewer; 0 when it
 * has neither. */
guint
vs_target_get_cpu_limit (const VsTarget *self)
{
  guint limit = 0;

  g_return_val_if_fail (VS_IS_TARGET ((VsTarget *) self), 0);

  if (self->cpus > 0 && self->cpus <= MAX_CPUS)
    limit = (guint) ceil (self->cpus - 1e-9);
  if (self->cpuset != NULL && vs_validate_cpuset_syntax (self->cpuset, NULL))
    {
      guint in_set = vs_cpuset_count (self->cpuset);

      if (in_set > 0 && (limit == 0 || in_set < limit))
        limit = in_set;
    }
  return limit;
}

/* More worker processes than CPUs to run them on measures the scheduler,
 * not the framework: refused, with the count that fits. @n_processors is
 * the machine's (0: check the target's own limits only). */
gboolean
vs_target_check_workers (const VsTarget  *self,
                         guint            n_processors,
                         GError         **error)
{
  guint limit = vs_target_get_cpu_limit (self);

  if (limit > 0 && self->workers > limit)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u workers are more than the CPU limit of %u CPU allows: "
                                "set workers to %u or raise the limit",
                                "%u workers are more than the CPU limit of %u CPUs allows: "
                                "set workers to %u or raise the limit", limit),
                   self->workers, limit, limit);
      return FALSE;
    }
  if (n_processors > 0 && self->workers > n_processors)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u workers are more than this machine’s %u CPU: set workers to %u",
                                "%u workers are more than this machine’s %u CPUs: set workers to %u",
                                n_processors),
                   self->workers, n_processors, n_processors);
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_target_validate (const VsTarget  *self,
                    GError         **error)
{
  g_autoptr(GPtrArray) problems = NULL;

  g_return_val_if_fail (VS_IS_TARGET ((VsTarget *) self), FALSE);

  problems = vs_target_get_problems (self);
  if (problems->len == 0)
    return TRUE;
  g_propagate_error (error, g_error_copy (((VsTargetProblem *) g_ptr_array_index (problems, 0))->error));
  return FALSE;
}

gboolean
vs_target_check_container_port (double   value,
                                GError **error)
{
  if (!vs_is_whole_number (value) || value < 0 || value > 65535)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("the container port must be a whole number from 1 to 65535, or 0 for the "
                     "template’s (got %.15g)"), value);
      return FALSE;
    }
  return TRUE;
}

char *
vs_target_template_image (const char *template_name)
{
  return g_strdup_printf ("localhost/versus/%s:latest", template_name);
}

static const char * const runtime_kind_names[] = {
  [VS_RUNTIME_KIND_AUTO] = "auto",
  [VS_RUNTIME_KIND_PODMAN] = "podman",
  [VS_RUNTIME_KIND_DOCKER] = "docker",
  [VS_RUNTIME_KIND_PROCESS] = "process",
};

const char *
vs_runtime_kind_to_string (VsRuntimeKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (runtime_kind_names), NULL);
  return runtime_kind_names[kind];
}

gboolean
vs_runtime_kind_from_string (const char    *text,
                             VsRuntimeKind *out_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (runtime_kind_names); i++)
    {
      if (g_strcmp0 (text, runtime_kind_names[i]) == 0)
        {
          *out_kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* "512m", "1g": what vs_parse_memory_size() reads back; "" for no limit. */
char *
vs_format_memory_text (gint64 bytes)
{
  static const struct { gint64 scale; const char *suffix; } units[] = {
    { G_GINT64_CONSTANT (1) << 30, "g" },
    { G_GINT64_CONSTANT (1) << 20, "m" },
    { G_GINT64_CONSTANT (1) << 10, "k" },
  };

  if (bytes <= 0)
    return g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (bytes % units[i].scale == 0)
      return g_strdup_printf ("%" G_GINT64_FORMAT "%s", bytes / units[i].scale, units[i].suffix);

  return g_strdup_printf ("%" G_GINT64_FORMAT, bytes);
}

/* "1.5": what vs_parse_cpus() reads back; "" for no limit. */
char *
vs_format_cpus_text (double cpus)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (cpus <= 0)
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", cpus));
}
