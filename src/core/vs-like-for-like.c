/* vs-like-for-like.c — whether a comparison's targets are set up alike
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Node.js against Python says something only when both sides had the same
 * room: the same number of server processes, the same CPU and memory
 * limits, the same CPUs. Otherwise a difference may come from the set-up.
 * The setup page and `versus-cli run` say which settings differ, and offer
 * one worker per CPU the target may use.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vs-like-for-like.h"
#include "vs-util.h"

typedef char *(*ValueText) (const VsTarget *target);

static char *
workers_text (const VsTarget *target)
{
  /* an image runs whatever it was built with */
  if (target->template_name == NULL)
    return NULL;
  return g_strdup_printf ("%u", target->workers);
}

static char *
cpus_text (const VsTarget *target)
{
  return target->cpus > 0 ? vs_format_cpus_text (target->cpus) : g_strdup (C_("limit", "none"));
}

static char *
memory_text (const VsTarget *target)
{
  return target->memory_bytes > 0 ? vs_format_memory_text (target->memory_bytes)
                                  : g_strdup (C_("limit", "none"));
}

static char *
cpuset_text (const VsTarget *target)
{
  return g_strdup (target->cpuset ? target->cpuset : C_("CPU set", "any"));
}

/* "workers differ (Express 1, Flask 4)" when the targets' values differ */
static void
describe_one (GPtrArray  *targets,
              const char *what,
              ValueText   text,
              GPtrArray  *out)
{
  g_autoptr(GString) values = g_string_new (NULL);
  g_autofree char *first = NULL;
  gboolean differ = FALSE;
  guint n = 0;

  for (guint i = 0; i < targets->len; i++)
    {
      const VsTarget *target = g_ptr_array_index (targets, i);
      g_autofree char *value = text (target);

      if (value == NULL)
        continue;
      if (first == NULL)
        first = g_strdup (value);
      else
        differ |= !g_str_equal (first, value);
      g_string_append_printf (values, "%s%s %s", n++ ? ", " : "",
                              target->label ? target->label : "?", value);
    }

  if (differ)
    /* Translators: a setting that differs between targets, then each
     * target's value: "workers differ (Express 1, Flask 4)" */
    g_ptr_array_add (out, g_strdup_printf (_("%s differ (%s)"), what, values->str));
}

/* What differs between @targets that should not, as one sentence for a
 * person; NULL when they are set up alike. */
char *
vs_targets_describe_differences (GPtrArray *targets)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  g_return_val_if_fail (targets != NULL, NULL);

  describe_one (targets, _("workers"), workers_text, parts);
  describe_one (targets, _("CPU limits"), cpus_text, parts);
  describe_one (targets, _("memory limits"), memory_text, parts);
  describe_one (targets, _("CPU sets"), cpuset_text, parts);
  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv ("; ", (char **) parts->pdata);
  /* Translators: %s lists the settings that differ between the targets */
  return g_strdup_printf (_("The targets are not set up alike: %s. A difference in the results "
                            "may come from this, not from the servers."), joined);
}

static guint
cpus_for (const VsTarget *target,
          guint           n_processors)
{
  guint limit = vs_target_get_cpu_limit (target);

  return limit > 0 ? MIN (limit, MAX (n_processors, 1)) : MAX (n_processors, 1);
}

/* Whether "workers = CPUs of the limit" would change anything: a template
 * target whose workers are not one per CPU it may use (its limit, its CPU
 * set, else the machine's @n_processors). */
gboolean
vs_targets_can_match_workers (GPtrArray *targets,
                              guint      n_processors)
{
  for (guint i = 0; i < targets->len; i++)
    {
      const VsTarget *target = g_ptr_array_index (targets, i);

      if (target->template_name != NULL && target->workers != cpus_for (target, n_processors))
        return TRUE;
    }
  return FALSE;
}

/* One worker per CPU each template target may use */
void
vs_targets_match_workers (GPtrArray *targets,
                          guint      n_processors)
{
  for (guint i = 0; i < targets->len; i++)
    {
      VsTarget *target = g_ptr_array_index (targets, i);

      if (target->template_name != NULL)
        vs_target_set_workers (target, cpus_for (target, n_processors));
    }
}
