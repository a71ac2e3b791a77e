/* vs-study.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-json-reader.h"
#include "vs-json-util.h"
#include "vs-study.h"
#include "vs-template.h"
#include "vs-trust.h"
#include "vs-util.h"

#define MAX_FILE_SIZE (1024 * 1024 * 1024)
#define MAX_ID_LENGTH 64

struct _VsStudy
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  char      *notes;
  VsSession *comparison;
  GPtrArray *cells;    /* (element-type VsStudyCell) plain cells first, then each sweep's */
  GPtrArray *sweeps;   /* (element-type VsStudySweep) */
  GPtrArray *claims;   /* (element-type VsStudyClaim) */
  GPtrArray *capacities; /* (element-type VsStudyCapacity) */
  GPtrArray *probes;   /* (element-type VsStudyProbe) in the order they ran */
  gboolean   trusted;
};

G_DEFINE_FINAL_TYPE (VsStudy, vs_study, G_TYPE_OBJECT)

static guint max_probes (VsStudyCapacity *capacity);

static void
cell_free (VsStudyCell *cell)
{
  g_free (cell->id);
  g_free (cell->title);
  g_free (cell->sweep);
  g_free (cell->scenario);
  g_free (cell->reason);
  g_clear_object (&cell->session);
  g_free (cell);
}

static void
sweep_free (VsStudySweep *sweep)
{
  g_free (sweep->id);
  g_free (sweep->title);
  g_free (sweep->scenario);
  g_array_unref (sweep->levels);
  g_free (sweep);
}

static void
claim_free (VsStudyClaim *claim)
{
  g_free (claim->id);
  g_free (claim->text);
  g_free (claim->source);
  g_free (claim->cell);
  g_free (claim->a);
  g_free (claim->b);
  g_free (claim);
}

static void
capacity_free (VsStudyCapacity *capacity)
{
  g_free (capacity->id);
  g_free (capacity->title);
  g_free (capacity->scenario);
  g_free (capacity);
}

static void
probe_free (VsStudyProbe *probe)
{
  g_free (probe->capacity);
  g_free (probe->target);
  g_free (probe->reason);
  g_clear_object (&probe->session);
  g_free (probe);
}

static void
vs_study_finalize (GObject *object)
{
  VsStudy *self = VS_STUDY (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->notes);
  g_clear_object (&self->comparison);
  g_ptr_array_unref (self->cells);
  g_ptr_array_unref (self->sweeps);
  g_ptr_array_unref (self->claims);
  g_ptr_array_unref (self->capacities);
  g_ptr_array_unref (self->probes);

  G_OBJECT_CLASS (vs_study_parent_class)->finalize (object);
}

static void
vs_study_class_init (VsStudyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_study_finalize;
}

static void
vs_study_init (VsStudy *self)
{
  self->id = g_uuid_string_random ();
  self->name = g_strdup ("");
  self->notes = g_strdup ("");
  self->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  self->sweeps = g_ptr_array_new_with_free_func ((GDestroyNotify) sweep_free);
  self->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) claim_free);
  self->capacities = g_ptr_array_new_with_free_func ((GDestroyNotify) capacity_free);
  self->probes = g_ptr_array_new_with_free_func ((GDestroyNotify) probe_free);
  self->trusted = TRUE;   /* made in this process */
}

/**
 * vs_study_new:
 * @comparison: the comparison every cell starts from (its results are
 *   not used)
 *
 * Returns: (transfer full): a study without cells
 */
VsStudy *
vs_study_new (VsSession *comparison)
{
  VsStudy *self = g_object_new (VS_TYPE_STUDY, NULL);
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (VS_IS_SESSION (comparison), self);

  /* a copy without results: the study owns what its cells start from */
  node = vs_session_to_json (comparison);
  json_object_remove_member (json_node_get_object (node), "results");
  self->comparison = vs_session_new_from_json (node, NULL);
  g_assert (self->comparison != NULL);
  vs_session_set_trusted (self->comparison, vs_session_get_trusted (comparison));
  self->trusted = vs_session_get_trusted (comparison);
  g_free (self->name);
  self->name = g_strdup (vs_session_get_name (comparison));
  return self;
}

const char *
vs_study_get_name (VsStudy *self)
{
  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  return self->name;
}

void
vs_study_set_name (VsStudy    *self,
                   const char *name)
{
  g_return_if_fail (VS_IS_STUDY (self));
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
}

const char *
vs_study_get_notes (VsStudy *self)
{
  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  return self->notes;
}

VsSession *
vs_study_get_comparison (VsStudy *self)
{
  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  return self->comparison;
}

GPtrArray *
vs_study_get_cells (VsStudy *self)
{
  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  return self->cells;
}

GPtrArray *
vs_study_get_sweeps (VsStudy *self)
{
  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  return self->sweeps;
}

GPtrArray *
vs_study_get_claims (VsStudy *self)
{
  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  return self->claims;
}

GPtrArray *
vs_study_get_capacities (VsStudy *self)
{
  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  return self->capacities;
}

GPtrArray *
vs_study_get_probes (VsStudy *self)
{
  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  return self->probes;
}

gboolean
vs_study_get_trusted (VsStudy *self)
{
  g_return_val_if_fail (VS_IS_STUDY (self), FALSE);
  return self->trusted;
}

void
vs_study_set_trusted (VsStudy  *self,
                      gboolean  trusted)
{
  g_return_if_fail (VS_IS_STUDY (self));
  self->trusted = !!trusted;
  vs_session_set_trusted (self->comparison, trusted);
  for (guint i = 0; i < self->cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (self->cells, i);

      if (cell->session != NULL)
        vs_session_set_trusted (cell->session, trusted);
    }
  for (guint i = 0; i < self->probes->len; i++)
    {
      VsStudyProbe *probe = g_ptr_array_index (self->probes, i);

      if (probe->session != NULL)
        vs_session_set_trusted (probe->session, trusted);
    }
}

VsStudyCell *
vs_study_find_cell (VsStudy    *self,
                    const char *id)
{
  g_return_val_if_fail (VS_IS_STUDY (self), NULL);

  for (guint i = 0; i < self->cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (self->cells, i);

      if (g_strcmp0 (cell->id, id) == 0)
        return cell;
    }
  return NULL;
}

guint
vs_study_count_cells (VsStudy     *self,
                      VsCellState  state)
{
  guint n = 0;

  g_return_val_if_fail (VS_IS_STUDY (self), 0);
  for (guint i = 0; i < self->cells->len; i++)
    if (((VsStudyCell *) g_ptr_array_index (self->cells, i))->state == state)
      n++;
  return n;
}

/* ---------------------------------------------------------------------- */
/* building                                                                */

/* An id: lowercase letters, digits, '-', '_' and '.', 1 to 64 of them (a
 * sweep's cells add "/LEVEL"). */
static gboolean
check_id (const char  *id,
          const char  *what,
          GError     **error)
{
  gsize len = id ? strlen (id) : 0;

  if (len == 0 || len > MAX_ID_LENGTH)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: an id has 1 to %d characters"), what, MAX_ID_LENGTH);
      return FALSE;
    }
  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_' && *p != '.')
      {
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                     _("%s: the id “%s” may hold only lowercase letters, digits, “-”, “_” and “.”"),
                     what, id);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_scenario (const char  *scenario,
                const char  *what,
                GError     **error)
{
  if (scenario == NULL || *scenario == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s: a scenario is needed"), what);
      return FALSE;
    }
  return check_id (scenario, what, error);
}

static gboolean
check_load (guint        connections,
            gboolean     rate_mode,
            double       rate,
            const char  *what,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if ((connections != 0 && !vs_load_profile_check_connections (connections, &local_error)) ||
      (rate_mode && !vs_load_profile_check_rate (rate, &local_error)))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, "%s: %s", what, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static VsStudyCell *
add_cell (VsStudy    *self,
          const char *id,
          const char *title,
          const char *sweep,
          const char *scenario,
          guint       connections,
          gboolean    rate_mode,
          double      rate,
          double      level)
{
  VsStudyCell *cell = g_new0 (VsStudyCell, 1);

  cell->id = g_strdup (id);
  cell->title = g_strdup (title && *title ? title : id);
  cell->sweep = g_strdup (sweep);
  cell->scenario = g_strdup (scenario);
  cell->connections = connections;
  cell->rate_mode = rate_mode;
  cell->rate = rate_mode ? rate : 0;
  cell->level = level;
  cell->state = VS_CELL_PENDING;
  g_ptr_array_add (self->cells, cell);
  return cell;
}

static gboolean
check_cell_room (VsStudy     *self,
                 guint        more,
                 const char  *what,
                 GError     **error)
{
  if (self->cells->len + more > VS_STUDY_MAX_CELLS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: a study has at most %d cells"), what, VS_STUDY_MAX_CELLS);
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_study_add_cell (VsStudy     *self,
                   const char  *id,
                   const char  *title,
                   const char  *scenario,
                   guint        connections,
                   gboolean     rate_mode,
                   double       rate,
                   GError     **error)
{
  g_return_val_if_fail (VS_IS_STUDY (self), FALSE);

  if (!check_id (id, "cells", error) || !check_scenario (scenario, id, error) ||
      !check_load (connections, rate_mode, rate, id, error) ||
      !check_cell_room (self, 1, id, error))
    return FALSE;
  if (vs_study_find_cell (self, id) != NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("two cells are called “%s”"), id);
      return FALSE;
    }
  add_cell (self, id, title, NULL, scenario, connections, rate_mode, rate, NAN);
  return TRUE;
}

static char *
level_id (const char *sweep,
          double      level)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%.15g", level);
  return g_strdup_printf ("%s/%s", sweep, number);
}

gboolean
vs_study_add_sweep (VsStudy       *self,
                    const char    *id,
                    const char    *title,
                    const char    *scenario,
                    VsSweepKind    kind,
                    const double  *levels,
                    guint          n_levels,
                    guint          connections,
                    GError       **error)
{
  VsStudySweep *sweep;

  g_return_val_if_fail (VS_IS_STUDY (self), FALSE);

  if (!check_id (id, "sweeps", error) || !check_scenario (scenario, id, error) ||
      !check_cell_room (self, n_levels, id, error))
    return FALSE;
  for (guint i = 0; i < self->sweeps->len; i++)
    if (g_str_equal (((VsStudySweep *) g_ptr_array_index (self->sweeps, i))->id, id))
      {
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("two sweeps are called “%s”"), id);
        return FALSE;
      }
  if (n_levels < 2 || n_levels > VS_STUDY_MAX_LEVELS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: a sweep has 2 to %d levels"), id, VS_STUDY_MAX_LEVELS);
      return FALSE;
    }
  for (guint i = 0; i < n_levels; i++)
    {
      g_autofree char *what = g_strdup_printf ("%s.levels[%u]", id, i);

      if (i > 0 && !(levels[i] > levels[i - 1]))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%s: the levels must increase"), what);
          return FALSE;
        }
      if (kind == VS_SWEEP_CONNECTIONS
          ? !check_load (vs_is_whole_number (levels[i]) && levels[i] >= 1 ? (guint) MIN (levels[i], G_MAXUINT) : G_MAXUINT,
                         FALSE, 0, what, error)
          : !check_load (connections, TRUE, levels[i], what, error))
        return FALSE;
    }

  /* a level's cell is named by the level to 15 digits: two that print alike
   * would be one cell */
  for (guint i = 1; i < n_levels; i++)
    {
      g_autofree char *a = level_id (id, levels[i - 1]);
      g_autofree char *b = level_id (id, levels[i]);

      if (g_str_equal (a, b))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%s.levels[%u]: the same as the level before to 15 digits"), id, i);
          return FALSE;
        }
    }

  sweep = g_new0 (VsStudySweep, 1);
  sweep->id = g_strdup (id);
  sweep->title = g_strdup (title && *title ? title : id);
  sweep->scenario = g_strdup (scenario);
  sweep->kind = kind;
  sweep->levels = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (sweep->levels, levels, n_levels);
  sweep->connections = kind == VS_SWEEP_RATE ? connections : 0;
  g_ptr_array_add (self->sweeps, sweep);

  for (guint i = 0; i < n_levels; i++)
    {
      g_autofree char *cell_id = level_id (id, levels[i]);
      g_autofree char *cell_title = NULL;

      if (kind == VS_SWEEP_CONNECTIONS)
        /* Translators: a sweep's title, then a number of connections */
        cell_title = g_strdup_printf (_("%s, %.0f connections"), sweep->title, levels[i]);
      else
        /* Translators: a sweep's title, then a rate */
        cell_title = g_strdup_printf (_("%s, %.0f req/s offered"), sweep->title, levels[i]);
      add_cell (self, cell_id, cell_title, id, scenario,
                kind == VS_SWEEP_CONNECTIONS ? (guint) levels[i] : connections,
                kind == VS_SWEEP_RATE, levels[i], levels[i]);
    }
  return TRUE;
}

static gboolean
find_label (VsStudy    *self,
            const char *label)
{
  GPtrArray *targets = vs_session_get_targets (self->comparison);

  for (guint t = 0; t < targets->len; t++)
    if (g_strcmp0 (((VsTarget *) g_ptr_array_index (targets, t))->label, label) == 0)
      return TRUE;
  return FALSE;
}

gboolean
vs_study_add_claim (VsStudy             *self,
                    const VsStudyClaim  *claim,
                    GError             **error)
{
  VsStudyClaim *copy;
  const char *id;

  g_return_val_if_fail (VS_IS_STUDY (self), FALSE);
  g_return_val_if_fail (claim != NULL, FALSE);

  id = claim->id;
  if (!check_id (id, "claims", error))
    return FALSE;
  if (self->claims->len >= VS_STUDY_MAX_CLAIMS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: a study has at most %d claims"), id, VS_STUDY_MAX_CLAIMS);
      return FALSE;
    }
  for (guint i = 0; i < self->claims->len; i++)
    if (g_str_equal (((VsStudyClaim *) g_ptr_array_index (self->claims, i))->id, id))
      {
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("two claims are called “%s”"), id);
        return FALSE;
      }
  if (claim->text == NULL || *claim->text == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s: the claim has no text"), id);
      return FALSE;
    }
  if (vs_study_find_cell (self, claim->cell) == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: there is no cell “%s” in the study"), id, claim->cell ? claim->cell : "");
      return FALSE;
    }
  if (claim->metric >= VS_N_METRICS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%s: unknown metric"), id);
      return FALSE;
    }
  for (guint side = 0; side < 2; side++)
    {
      const char *label = side == 0 ? claim->a : claim->b;

      if (!find_label (self, label))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%s: there is no target “%s” in the study"), id, label ? label : "");
          return FALSE;
        }
    }
  if (g_strcmp0 (claim->a, claim->b) == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: a claim compares two different targets"), id);
      return FALSE;
    }
  if ((isnan (claim->low) && isnan (claim->high)) ||
      (!isnan (claim->low) && !isnan (claim->high) && claim->low > claim->high) ||
      (!isnan (claim->low) && !(claim->low > -100)) || isinf (claim->low) || isinf (claim->high))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: the claimed difference needs a low or a high percentage, low ≤ high, "
                     "above −100 %%"), id);
      return FALSE;
    }

  copy = g_new0 (VsStudyClaim, 1);
  copy->id = g_strdup (claim->id);
  copy->text = g_strdup (claim->text);
  copy->source = g_strdup (claim->source);
  copy->cell = g_strdup (claim->cell);
  copy->metric = claim->metric;
  copy->a = g_strdup (claim->a);
  copy->b = g_strdup (claim->b);
  copy->low = claim->low;
  copy->high = claim->high;
  g_ptr_array_add (self->claims, copy);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* cells                                                                   */

/* The study's comparison with a scenario and a load, a fresh id and a
 * name; only @only_target's target when it is not -1 (a probe). */
static VsSession *
make_session (VsStudy     *self,
              const char  *what,
              const char  *title,
              const char  *scenario,
              guint        connections,
              gboolean     rate_mode,
              double       rate,
              int          only_target,
              GPtrArray   *templates,
              GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VsSession) session = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = NULL;
  GPtrArray *targets;
  VsLoadProfile *profile;
  JsonObject *obj;

  node = vs_session_to_json (self->comparison);
  obj = json_node_get_object (node);
  json_object_remove_member (obj, "results");
  json_object_set_string_member (obj, "id", id);
  /* Translators: a study's name, then the title of one of its cells */
  name = g_strdup_printf (_("%s: %s"), self->name, title);
  json_object_set_string_member (obj, "name", name);
  if (only_target >= 0)
    {
      JsonArray *all = json_object_get_array_member (obj, "targets");
      JsonArray *one = json_array_new ();

      json_array_add_element (one, json_node_copy (json_array_get_element (all, only_target)));
      json_object_set_array_member (obj, "targets", one);
    }
  session = vs_session_new_from_json (node, NULL);
  g_assert (session != NULL);
  vs_session_set_probe (session, only_target >= 0);

  targets = vs_session_get_targets (session);
  for (guint t = 0; t < targets->len; t++)
    {
      VsTarget *target = g_ptr_array_index (targets, t);
      VsTemplate *template;

      if (target->template_name == NULL)
        continue;
      template = vs_template_list_find (templates, target->template_name);
      if (template == NULL)
        {
          /* Translators: "cell hello" or "capacity slo", a target, a template name */
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("%s: %s: there is no template “%s”"), what, target->label,
                       target->template_name);
          return NULL;
        }
      if (vs_template_get_scenario (template, scenario) == NULL)
        {
          g_autofree char *ids = vs_template_describe_scenarios (template);

          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("%s: the %s template has no scenario “%s” (it has: %s)"),
                       what, template->name, scenario, ids);
          return NULL;
        }
    }
  if (!vs_session_apply_scenario (session, templates, scenario))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("%s: no target is a template with the scenario “%s”"), what, scenario);
      return NULL;
    }

  profile = vs_session_get_profile (session);
  if (connections > 0)
    vs_load_profile_set_connections (profile, connections);
  vs_load_profile_set_mode (profile, rate_mode ? VS_LOAD_MODE_RATE : VS_LOAD_MODE_CLOSED);
  if (rate_mode)
    vs_load_profile_set_rate (profile, rate);

  if (!vs_session_validate (session, &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, "%s: %s", what, local_error->message);
      return NULL;
    }
  vs_session_set_trusted (session, self->trusted);
  vs_session_set_modified (session, FALSE);
  return g_steal_pointer (&session);
}

VsSession *
vs_study_make_cell_session (VsStudy      *self,
                            VsStudyCell  *cell,
                            GPtrArray    *templates,
                            GError      **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  g_return_val_if_fail (cell != NULL, NULL);
  g_return_val_if_fail (templates != NULL, NULL);

  /* Translators: names a study's cell in errors */
  what = g_strdup_printf (_("cell %s"), cell->id);
  return make_session (self, what, cell->title, cell->scenario, cell->connections, cell->rate_mode,
                       cell->rate, -1, templates, error);
}

gboolean
vs_study_validate (VsStudy    *self,
                   GPtrArray  *templates,
                   GError    **error)
{
  g_return_val_if_fail (VS_IS_STUDY (self), FALSE);

  if (self->cells->len == 0 && self->capacities->len == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("the study has no cells"));
      return FALSE;
    }
  for (guint i = 0; i < self->cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (self->cells, i);
      g_autoptr(VsSession) session = NULL;
      g_autoptr(GError) local_error = NULL;

      if (cell->state == VS_CELL_DONE)
        continue;
      session = vs_study_make_cell_session (self, cell, templates, error);
      if (session == NULL || !vs_session_check_here (session, &local_error))
        {
          if (local_error != NULL)
            g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("cell %s: %s"), cell->id,
                         local_error->message);
          return FALSE;
        }
    }
  for (guint i = 0; i < self->capacities->len; i++)
    {
      VsStudyCapacity *capacity = g_ptr_array_index (self->capacities, i);
      GPtrArray *targets = vs_session_get_targets (self->comparison);

      for (guint t = 0; t < targets->len; t++)
        {
          g_autoptr(VsSession) session = NULL;
          g_autoptr(GError) local_error = NULL;

          session = vs_study_make_probe_session (self, capacity, t, capacity->high, templates, error);
          if (session == NULL || !vs_session_check_here (session, &local_error))
            {
              if (local_error != NULL)
                g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("capacity %s: %s"),
                             capacity->id, local_error->message);
              return FALSE;
            }
        }
    }
  return TRUE;
}

gint64
vs_study_estimate_pending_us (VsStudy   *self,
                              GPtrArray *templates)
{
  gint64 total = 0;

  g_return_val_if_fail (VS_IS_STUDY (self), 0);
  for (guint i = 0; i < self->cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (self->cells, i);
      g_autoptr(VsSession) session = NULL;

      if (cell->state == VS_CELL_DONE)
        continue;
      session = vs_study_make_cell_session (self, cell, templates, NULL);
      if (session != NULL)
        total += vs_session_estimate_pending_us (session);
    }
  /* a search still going: as if it took the most probes it can */
  for (guint i = 0; i < self->capacities->len; i++)
    {
      VsStudyCapacity *capacity = g_ptr_array_index (self->capacities, i);
      GPtrArray *targets = vs_session_get_targets (self->comparison);

      for (guint t = 0; t < targets->len; t++)
        {
          g_autoptr(VsSession) session = NULL;
          VsCapacityResult result;

          vs_study_capacity_search (self, capacity, t, &result);
          if (result.state != VS_CAPACITY_SEARCHING)
            continue;
          session = vs_study_make_probe_session (self, capacity, t, capacity->low, templates, NULL);
          if (session != NULL)
            total += vs_session_estimate_pending_us (session) *
                     (max_probes (capacity) - MIN (result.n_probes, max_probes (capacity)));
        }
    }
  return total;
}

void
vs_study_cell_set_done (VsStudy     *self,
                        VsStudyCell *cell,
                        VsSession   *session,
                        gint64       wall_us)
{
  g_return_if_fail (VS_IS_STUDY (self));
  g_return_if_fail (VS_IS_SESSION (session));

  g_set_object (&cell->session, session);
  cell->state = VS_CELL_DONE;
  g_clear_pointer (&cell->reason, g_free);
  cell->wall_us = wall_us;
}

void
vs_study_cell_set_failed (VsStudy     *self,
                          VsStudyCell *cell,
                          const char  *reason,
                          gint64       wall_us)
{
  g_return_if_fail (VS_IS_STUDY (self));

  g_clear_object (&cell->session);
  cell->state = VS_CELL_FAILED;
  vs_set_str (&cell->reason, reason);
  cell->wall_us = wall_us;
}

void
vs_study_clear_results (VsStudy *self)
{
  g_return_if_fail (VS_IS_STUDY (self));

  for (guint i = 0; i < self->cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (self->cells, i);

      g_clear_object (&cell->session);
      g_clear_pointer (&cell->reason, g_free);
      cell->state = VS_CELL_PENDING;
      cell->wall_us = 0;
    }
  g_ptr_array_set_size (self->probes, 0);
}

/* ---------------------------------------------------------------------- */
/* capacity at an SLO                                                      */

#define MAX_CAPACITIES     16
#define MAX_CAPACITY_STEPS 10
#define MAX_PROBE_TRIALS   20
#define KEEP_UP_SHARE      0.95

gboolean
vs_study_add_capacity (VsStudy                *self,
                       const VsStudyCapacity  *capacity,
                       GError                **error)
{
  VsStudyCapacity *copy;
  const char *id;

  g_return_val_if_fail (VS_IS_STUDY (self), FALSE);
  g_return_val_if_fail (capacity != NULL, FALSE);

  id = capacity->id;
  if (!check_id (id, "capacity", error) || !check_scenario (capacity->scenario, id, error) ||
      !check_load (capacity->connections, TRUE, capacity->low, id, error) ||
      !check_load (capacity->connections, TRUE, capacity->high, id, error))
    return FALSE;
  if (self->capacities->len >= MAX_CAPACITIES)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: a study has at most %d capacity searches"), id, MAX_CAPACITIES);
      return FALSE;
    }
  for (guint i = 0; i < self->capacities->len; i++)
    if (g_str_equal (((VsStudyCapacity *) g_ptr_array_index (self->capacities, i))->id, id))
      {
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                     _("two capacity searches are called “%s”"), id);
        return FALSE;
      }
  if (!(capacity->p99_ms > 0 && capacity->p99_ms <= 600000))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: the p99 bound must be above 0 and at most 600,000 ms"), id);
      return FALSE;
    }
  if (!(capacity->max_error_percent >= 0 && capacity->max_error_percent <= 100))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: the error bound is a percentage, 0 to 100"), id);
      return FALSE;
    }
  if (!(capacity->high >= 2 * capacity->low))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: the highest rate searched must be at least twice the lowest"), id);
      return FALSE;
    }
  if (capacity->steps > MAX_CAPACITY_STEPS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: at most %d bisection steps"), id, MAX_CAPACITY_STEPS);
      return FALSE;
    }
  if (capacity->trials < 1 || capacity->trials > MAX_PROBE_TRIALS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s: a probe has 1 to %d trials"), id, MAX_PROBE_TRIALS);
      return FALSE;
    }

  copy = g_new0 (VsStudyCapacity, 1);
  *copy = *capacity;
  copy->id = g_strdup (capacity->id);
  copy->title = g_strdup (capacity->title && *capacity->title ? capacity->title : capacity->id);
  copy->scenario = g_strdup (capacity->scenario);
  g_ptr_array_add (self->capacities, copy);
  return TRUE;
}

/* Three significant digits: the rates a search tries stay readable, and
 * the same from one replay to the next. */
static double
round_rate (double rate)
{
  double unit = pow (10, floor (log10 (rate)) - 2);

  return round (rate / unit) * unit;
}

static VsStudyProbe *
find_probe (VsStudy    *self,
            const char *capacity,
            const char *target,
            double      rate)
{
  for (guint i = 0; i < self->probes->len; i++)
    {
      VsStudyProbe *probe = g_ptr_array_index (self->probes, i);

      if (g_str_equal (probe->capacity, capacity) && g_str_equal (probe->target, target) &&
          fabs (probe->rate - rate) <= 1e-9 * rate)
        return probe;
    }
  return NULL;
}

typedef enum
{
  PROBE_MISSING,
  PROBE_PASS,
  PROBE_FAIL,
  PROBE_GENERATOR,
  PROBE_ERROR,
} ProbeVerdict;

/* Sustained: every trial finished, kept up with the rate (95 %), failed
 * at most the bound's share of requests, and had its p99 under the bound. */
static ProbeVerdict
judge_probe (VsStudyCapacity *capacity,
             VsStudyProbe    *probe,
             double          *out_p99)
{
  GPtrArray *results;
  guint ok = 0;

  *out_p99 = NAN;
  if (probe == NULL || probe->state == VS_CELL_PENDING)
    return PROBE_MISSING;
  if (probe->state == VS_CELL_FAILED || probe->session == NULL)
    return PROBE_ERROR;

  results = vs_session_get_results (probe->session);
  for (guint i = 0; i < results->len; i++)
    if (((VsRunResult *) g_ptr_array_index (results, i))->generator_behind)
      return PROBE_GENERATOR;
  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);
      guint64 errors = vs_run_result_get_errors (r);
      double attempted = (double) r->requests + errors;

      if (r->status != VS_RUN_STATUS_OK)
        return PROBE_FAIL;
      ok++;
      *out_p99 = isnan (*out_p99) ? r->p99_ms : MAX (*out_p99, r->p99_ms);
      if (!(r->p99_ms < capacity->p99_ms) ||
          !(r->requests_per_s >= KEEP_UP_SHARE * probe->rate) ||
          (attempted > 0 && 100 * errors / attempted > capacity->max_error_percent))
        return PROBE_FAIL;
    }
  return ok > 0 ? PROBE_PASS : PROBE_FAIL;
}

/* Replays the search over the probes run so far: doubling from the lowest
 * rate until one fails, then bisecting (geometric midpoints) the bracket
 * the last pass and the first failure make. */
void
vs_study_capacity_search (VsStudy          *self,
                          VsStudyCapacity  *capacity,
                          guint             target,
                          VsCapacityResult *out)
{
  GPtrArray *targets = vs_session_get_targets (self->comparison);
  const char *label;
  double rate, high, p99;

  g_return_if_fail (VS_IS_STUDY (self));
  g_return_if_fail (target < targets->len);

  label = ((VsTarget *) g_ptr_array_index (targets, target))->label;
  memset (out, 0, sizeof *out);
  out->sustained = out->failed = out->p99_ms = out->next_rate = NAN;
  high = round_rate (capacity->high);

  for (guint step = 0, bisections = 0; ; step++)
    {
      VsStudyProbe *probe;
      gboolean bracketed = !isnan (out->failed);

      if (!bracketed)
        rate = step == 0 ? round_rate (capacity->low) : MIN (round_rate (out->sustained * 2), high);
      else
        {
          if (isnan (out->sustained))
            {
              out->state = VS_CAPACITY_BELOW_RANGE;
              return;
            }
          rate = round_rate (sqrt (out->sustained * out->failed));
          if (bisections++ >= capacity->steps || rate <= out->sustained || rate >= out->failed)
            {
              out->state = VS_CAPACITY_FOUND;
              return;
            }
        }

      probe = find_probe (self, capacity->id, label, rate);
      switch (judge_probe (capacity, probe, &p99))
        {
        case PROBE_MISSING:
          out->state = VS_CAPACITY_SEARCHING;
          out->next_rate = rate;
          return;
        case PROBE_ERROR:
          out->n_probes++;
          out->state = VS_CAPACITY_FAILED;
          out->reason = probe->reason;
          return;
        case PROBE_GENERATOR:
          out->n_probes++;
          out->state = VS_CAPACITY_GENERATOR;
          out->failed = rate;
          return;
        case PROBE_PASS:
          out->n_probes++;
          out->sustained = rate;
          out->p99_ms = p99;
          if (!bracketed && rate >= high)
            {
              out->state = VS_CAPACITY_ABOVE_RANGE;
              return;
            }
          break;
        case PROBE_FAIL:
        default:
          out->n_probes++;
          out->failed = rate;
          break;
        }
    }
}

VsSession *
vs_study_make_probe_session (VsStudy          *self,
                             VsStudyCapacity  *capacity,
                             guint             target,
                             double            rate,
                             GPtrArray        *templates,
                             GError          **error)
{
  g_autofree char *what = NULL;
  g_autofree char *title = NULL;
  VsSession *session;

  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  g_return_val_if_fail (target < vs_session_get_targets (self->comparison)->len, NULL);

  /* Translators: names a study's capacity search in errors */
  what = g_strdup_printf (_("capacity %s"), capacity->id);
  /* Translators: a capacity search's title, then a rate */
  title = g_strdup_printf (_("%s, %.0f req/s offered"), capacity->title, rate);
  session = make_session (self, what, title, capacity->scenario, capacity->connections, TRUE, rate,
                          (int) target, templates, error);
  if (session != NULL)
    vs_session_set_trials (session, capacity->trials);
  return session;
}

VsStudyProbe *
vs_study_add_probe (VsStudy          *self,
                    VsStudyCapacity  *capacity,
                    guint             target,
                    double            rate)
{
  GPtrArray *targets = vs_session_get_targets (self->comparison);
  const char *label;
  VsStudyProbe *probe;

  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  g_return_val_if_fail (target < targets->len, NULL);

  label = ((VsTarget *) g_ptr_array_index (targets, target))->label;
  probe = find_probe (self, capacity->id, label, rate);
  if (probe != NULL)
    return probe;
  probe = g_new0 (VsStudyProbe, 1);
  probe->capacity = g_strdup (capacity->id);
  probe->target = g_strdup (label);
  probe->rate = rate;
  probe->state = VS_CELL_PENDING;
  g_ptr_array_add (self->probes, probe);
  return probe;
}

void
vs_study_probe_set_done (VsStudyProbe *probe,
                         VsSession    *session,
                         gint64        wall_us)
{
  g_set_object (&probe->session, session);
  probe->state = VS_CELL_DONE;
  g_clear_pointer (&probe->reason, g_free);
  probe->wall_us = wall_us;
}

void
vs_study_probe_set_failed (VsStudyProbe *probe,
                           const char   *reason,
                           gint64        wall_us)
{
  g_clear_object (&probe->session);
  probe->state = VS_CELL_FAILED;
  vs_set_str (&probe->reason, reason);
  probe->wall_us = wall_us;
}

/* The most probes a search can take: the doublings, then the bisections */
static guint
max_probes (VsStudyCapacity *capacity)
{
  return (guint) ceil (log2 (capacity->high / capacity->low)) + 1 + capacity->steps;
}

/* ---------------------------------------------------------------------- */
/* claims                                                                  */

/* Judged on the interval [ci_low, ci_high] of 100 (B / A − 1) against the
 * claimed [low, high] (NAN: open):
 *   contradicted: the interval and the claimed range do not meet;
 *   holds: they meet, and the interval lies wholly on the claimed side of
 *     zero (a claim that straddles zero, "within ±5 %", holds when the
 *     interval lies wholly inside it);
 *   inconclusive: anything else. */
VsClaimOutcome
vs_claim_judge (double ci_low,
                double ci_high,
                double low,
                double high)
{
  double lo = isnan (low) ? -INFINITY : low;
  double hi = isnan (high) ? INFINITY : high;

  if (isnan (ci_low) || isnan (ci_high))
    return VS_CLAIM_INCONCLUSIVE;
  if (ci_high < lo || ci_low > hi)
    return VS_CLAIM_CONTRADICTED;
  if (lo >= 0)
    return ci_low > 0 ? VS_CLAIM_HOLDS : VS_CLAIM_INCONCLUSIVE;
  if (hi <= 0)
    return ci_high < 0 ? VS_CLAIM_HOLDS : VS_CLAIM_INCONCLUSIVE;
  return ci_low >= lo && ci_high <= hi ? VS_CLAIM_HOLDS : VS_CLAIM_INCONCLUSIVE;
}

static int
target_index (VsSession  *session,
              const char *label)
{
  GPtrArray *targets = vs_session_get_targets (session);

  for (guint t = 0; t < targets->len; t++)
    if (g_strcmp0 (((VsTarget *) g_ptr_array_index (targets, t))->label, label) == 0)
      return (int) t;
  return -1;
}

VsClaimResult *
vs_study_check_claims (VsStudy *self,
                       double  *out_confidence)
{
  VsClaimResult *results;
  guint n;
  double confidence;

  g_return_val_if_fail (VS_IS_STUDY (self), NULL);

  n = self->claims->len;
  results = g_new0 (VsClaimResult, MAX (n, 1));
  /* every claim right together: Bonferroni over the claims */
  confidence = 1 - (1 - VS_STUDY_CLAIMS_CONFIDENCE) / MAX (n, 1);
  if (out_confidence != NULL)
    *out_confidence = confidence;

  for (guint i = 0; i < n; i++)
    {
      VsStudyClaim *claim = g_ptr_array_index (self->claims, i);
      VsStudyCell *cell = vs_study_find_cell (self, claim->cell);
      VsClaimResult *r = &results[i];
      int a, b;

      r->outcome = VS_CLAIM_NOT_MEASURED;
      if (cell == NULL || cell->state != VS_CELL_DONE || cell->session == NULL)
        {
          r->measured = cell != NULL && cell->state == VS_CELL_FAILED
                        /* Translators: the reason a study's cell could not run follows */
                        ? g_strdup_printf (_("not measured: its cell failed (%s)"), cell->reason)
                        : g_strdup (_("not measured yet"));
          continue;
        }
      a = target_index (cell->session, claim->a);
      b = target_index (cell->session, claim->b);
      if (a < 0 || b < 0 ||
          !vs_session_compare_targets (cell->session, claim->metric, a, b, confidence,
                                       &r->comparison))
        {
          r->measured = g_strdup (_("not measured: no finished trial of both targets"));
          continue;
        }
      r->compared = TRUE;
      if (!r->comparison.ci_known)
        {
          g_autofree char *diff = vs_stats_format_signed_percent (r->comparison.diff_percent);

          r->outcome = VS_CLAIM_INCONCLUSIVE;
          /* Translators: a difference like "+12.3 %" */
          r->measured = g_strdup_printf (_("%s (too few trials for an interval)"), diff);
          continue;
        }
      r->outcome = vs_claim_judge (r->comparison.ci_low, r->comparison.ci_high, claim->low,
                                   claim->high);
      {
        g_autofree char *diff = vs_stats_format_signed_percent (r->comparison.diff_percent);
        g_autofree char *lo = vs_stats_format_signed_percent (r->comparison.ci_low);
        g_autofree char *hi = vs_stats_format_signed_percent (r->comparison.ci_high);
        g_autofree char *level = vs_stats_format_confidence (confidence);

        /* Translators: a difference, the interval's confidence ("99.4 %"), its ends */
        r->measured = g_strdup_printf (_("%s (%s CI %s to %s)"), diff, level, lo, hi);
      }
    }
  return results;
}

void
vs_claim_results_free (VsClaimResult *results,
                       guint          n)
{
  if (results == NULL)
    return;
  for (guint i = 0; i < n; i++)
    g_free (results[i].measured);
  g_free (results);
}

const char *
vs_claim_outcome_to_string (VsClaimOutcome outcome)
{
  switch (outcome)
    {
    case VS_CLAIM_HOLDS: return "holds";
    case VS_CLAIM_CONTRADICTED: return "contradicted";
    case VS_CLAIM_INCONCLUSIVE: return "inconclusive";
    case VS_CLAIM_NOT_MEASURED:
    default: return "not-measured";
    }
}

const char *
vs_cell_state_to_string (VsCellState state)
{
  switch (state)
    {
    case VS_CELL_DONE: return "done";
    case VS_CELL_FAILED: return "failed";
    case VS_CELL_PENDING:
    default: return "pending";
    }
}

const char *
vs_sweep_kind_to_string (VsSweepKind kind)
{
  return kind == VS_SWEEP_RATE ? "rate" : "connections";
}

/* ---------------------------------------------------------------------- */
/* sweeps                                                                  */

#define SATURATION_SHARE       0.95
#define SATURATION_ERROR_SHARE 0.01

static double
median_of (VsSession *session,
           guint      target,
           VsMetric   metric)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  GPtrArray *results = vs_session_get_results (session);
  VsSummary summary;

  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);
      double v;

      if (r->target_index != target || r->status != VS_RUN_STATUS_OK)
        continue;
      v = vs_metric_value (metric, r);
      g_array_append_val (values, v);
    }
  vs_summary_compute ((double *) values->data, values->len, &summary);
  return summary.n > 0 ? summary.median : NAN;
}

/* The share of @target's requests that failed, over its finished trials */
static double
error_share (VsSession *session,
             guint      target)
{
  GPtrArray *results = vs_session_get_results (session);
  double failed = 0, attempted = 0;

  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);
      guint64 errors;

      if (r->target_index != target || r->status != VS_RUN_STATUS_OK)
        continue;
      errors = vs_run_result_get_errors (r);
      failed += errors;
      attempted += r->requests + errors;
    }
  return attempted > 0 ? failed / attempted : NAN;
}

VsStudyCell *
vs_study_find_level (VsStudy      *self,
                     VsStudySweep *sweep,
                     guint         level)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (VS_IS_STUDY (self), NULL);
  g_return_val_if_fail (level < sweep->levels->len, NULL);
  id = level_id (sweep->id, g_array_index (sweep->levels, double, level));
  return vs_study_find_cell (self, id);
}

/* Whether the load generator fell behind the offered rate in any of
 * @target's finished trials of @session. */
gboolean
vs_study_generator_behind (VsSession *session,
                           guint      target)
{
  GPtrArray *results = vs_session_get_results (session);

  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);

      if (r->target_index == target && r->status == VS_RUN_STATUS_OK && r->generator_behind)
        return TRUE;
    }
  return FALSE;
}

double
vs_study_sweep_saturation (VsStudy      *self,
                           VsStudySweep *sweep,
                           guint         target)
{
  g_autoptr(GArray) rps = g_array_new (FALSE, FALSE, sizeof (double));
  double best = 0;

  g_return_val_if_fail (VS_IS_STUDY (self), NAN);
  g_return_val_if_fail (sweep != NULL, NAN);

  for (guint i = 0; i < sweep->levels->len; i++)
    {
      double level = g_array_index (sweep->levels, double, i);
      VsStudyCell *cell = vs_study_find_level (self, sweep, i);
      double v = NAN;

      if (cell != NULL && cell->state == VS_CELL_DONE && cell->session != NULL)
        {
          /* from here on the figures measure the generator, not the target */
          if (vs_study_generator_behind (cell->session, target))
            break;
          v = median_of (cell->session, target, VS_METRIC_REQUESTS_PER_S);
          if (sweep->kind == VS_SWEEP_RATE &&
              (!(v >= SATURATION_SHARE * level) || error_share (cell->session, target) > SATURATION_ERROR_SHARE))
            return level;
        }
      g_array_append_val (rps, v);
      if (isfinite (v))
        best = MAX (best, v);
    }
  if (sweep->kind == VS_SWEEP_RATE || best <= 0)
    return NAN;
  for (guint i = 0; i < rps->len; i++)
    if (g_array_index (rps, double, i) >= SATURATION_SHARE * best)
      return g_array_index (sweep->levels, double, i);
  return NAN;
}

/* ---------------------------------------------------------------------- */
/* presets                                                                 */

static const char * const presets[] = {
  "article-claims", "article-claims-quick", NULL
};

const char * const *
vs_study_list_presets (void)
{
  return presets;
}

typedef struct
{
  const char *id;
  const char *text;
  const char *cell;
  VsMetric    metric;
  gboolean    python_vs_node;   /* B is FastAPI (else B is Express) */
  double      low, high;
} ArticleClaim;

/* The quantitative claims of the article Versus automates
 * (../shared/seed, "Node.js vs Python for backend development"), each
 * with the cell that measures it. Percentages are B against A: Express
 * against FastAPI unless the claim is Python's. */
static const ArticleClaim article_claims[] = {
  { "headline-throughput",
    /* xgettext:no-c-format */
    N_("Node.js (Express) serves ~44 % more requests/s than Python (FastAPI): 55,200 vs 38,100 req/s, +44.9 %"),
    "hello", VS_METRIC_REQUESTS_PER_S, FALSE, 44.9, 44.9 },
  { "headline-latency",
    N_("Express answers faster: latency 4.5 ms vs 7.8 ms, −42.3 %"),
    "hello", VS_METRIC_P50, FALSE, -42.3, -42.3 },
  { "headline-memory",
    N_("Express uses less memory: 130 MB vs 190 MB, −31.6 %"),
    "hello", VS_METRIC_MEMORY, FALSE, -31.6, -31.6 },
  { "startup",
    N_("Express starts faster: 0.3 s vs 0.8 s"),
    "hello", VS_METRIC_STARTUP, FALSE, -62.5, -62.5 },
  { "io-bound",
    /* xgettext:no-c-format */
    N_("Node.js is 40–70 % faster for I/O-bound tasks"),
    "io", VS_METRIC_REQUESTS_PER_S, FALSE, 40, 70 },
  { "numeric",
    /* xgettext:no-c-format */
    N_("Python leads in numerical computations with NumPy: 60–80 % faster"),
    "numeric", VS_METRIC_REQUESTS_PER_S, TRUE, 60, 80 },
  { "numeric-cpu-efficiency",
    N_("Python is more CPU-efficient with numerical libraries"),
    "numeric", VS_METRIC_PER_CORE, TRUE, 0, NAN },
  { "concurrency",
    /* xgettext:no-c-format */
    N_("Node.js is 40–60 % faster in handling concurrent connections (its event loop is ideal for "
       "thousands of them)"),
    "concurrency/1024", VS_METRIC_REQUESTS_PER_S, FALSE, 40, 60 },
};

#define ARTICLE_SOURCE "Node.js vs Python for Backend Development (the article in ../shared/seed)"

/* "The article's claims": Express against FastAPI on the article's hello
 * endpoint, an I/O wait, a NumPy matrix product, a concurrency sweep up to
 * 1024 connections and an open-loop rate sweep past saturation, with every
 * quantitative claim of the article attached to the cell that measures it.
 * The quick variant runs the same cells with short trials (about ten
 * minutes on a 2-core machine with local processes). */
VsStudy *
vs_study_new_preset (const char  *preset,
                     GError     **error)
{
  g_autoptr(VsSession) comparison = NULL;
  g_autoptr(VsStudy) self = NULL;
  const double concurrency[] = { 16, 64, 256, 1024 };
  const double rates_full[] = { 500, 1000, 2000, 4000, 8000 };
  const double rates_quick[] = { 500, 2000, 8000 };
  VsLoadProfile *profile;
  gboolean quick;

  if (g_strcmp0 (preset, presets[0]) != 0 && g_strcmp0 (preset, presets[1]) != 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("unknown study preset “%s” (article-claims, article-claims-quick)"),
                   preset ? preset : "");
      return NULL;
    }
  quick = g_str_equal (preset, presets[1]);

  comparison = vs_session_new_preset ("express-vs-fastapi", NULL);
  g_assert (comparison != NULL);
  profile = vs_session_get_profile (comparison);
  vs_load_profile_set_connections (profile, 100);
  vs_load_profile_set_duration_us (profile, (quick ? 2 : 10) * G_USEC_PER_SEC);
  vs_load_profile_set_warmup_us (profile, (quick ? 1 : 3) * G_USEC_PER_SEC);
  /* five pairs: with eight claims at once, two or three leave intervals too
   * wide to say anything (docs/study-format.md) */
  vs_session_set_trials (comparison, quick ? 5 : 6);
  vs_session_set_cooldown_us (comparison, (quick ? 1 : 2) * G_USEC_PER_SEC);

  self = vs_study_new (comparison);
  g_free (self->name);
  self->name = g_strdup (quick ? _("The article’s claims (quick)") : _("The article’s claims"));
  g_free (self->notes);
  self->notes = g_strdup (_("Each quantitative claim of “Node.js vs Python for Backend Development”, "
                            "measured with Express and FastAPI on this machine."));

  if (!vs_study_add_cell (self, "hello", _("Hello text (the article’s endpoint)"), "hello", 0, FALSE, 0, error) ||
      !vs_study_add_cell (self, "io", _("I/O wait of 10 ms"), "io", 0, FALSE, 0, error) ||
      !vs_study_add_cell (self, "numeric", _("Numeric: 100×100 matrix product"), "numeric", 0, FALSE, 0, error) ||
      !vs_study_add_sweep (self, "concurrency", _("Concurrency"), "hello", VS_SWEEP_CONNECTIONS,
                           concurrency, G_N_ELEMENTS (concurrency), 0, error) ||
      !vs_study_add_sweep (self, "rate", _("Offered rate"), "hello", VS_SWEEP_RATE,
                           quick ? rates_quick : rates_full,
                           quick ? G_N_ELEMENTS (rates_quick) : G_N_ELEMENTS (rates_full), 64, error))
    return NULL;
  {
    VsStudyCapacity capacity = {
      .id = (char *) "p99-50ms",
      .title = (char *) _("Capacity at p99 < 50 ms"),
      .scenario = (char *) "hello",
      .p99_ms = 50,
      .max_error_percent = 1,
      .low = 500,
      .high = 16000,
      .steps = quick ? 2 : 4,
      .trials = quick ? 2 : 3,
      .connections = 64,
    };

    if (!vs_study_add_capacity (self, &capacity, error))
      return NULL;
  }

  for (guint i = 0; i < G_N_ELEMENTS (article_claims); i++)
    {
      const ArticleClaim *c = &article_claims[i];
      VsStudyClaim claim = {
        .id = (char *) c->id,
        .text = (char *) _(c->text),
        .source = (char *) ARTICLE_SOURCE,
        .cell = (char *) c->cell,
        .metric = c->metric,
        .a = (char *) (c->python_vs_node ? "Express" : "FastAPI"),
        .b = (char *) (c->python_vs_node ? "FastAPI" : "Express"),
        .low = c->low,
        .high = c->high,
      };

      if (!vs_study_add_claim (self, &claim, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

/* ---------------------------------------------------------------------- */
/* file                                                                    */

static gboolean
metric_from_string (const char *text,
                    VsMetric   *out)
{
  for (guint m = 0; m < VS_N_METRICS; m++)
    if (g_strcmp0 (vs_metric_get_info (m)->key, text) == 0)
      {
        *out = m;
        return TRUE;
      }
  return FALSE;
}

/* A claim's members, as the file has them (the JSON report adds its
 * outcome). */
void
vs_study_claim_add_members (const VsStudyClaim *claim,
                            JsonBuilder        *builder)
{
  VS_JSON_ADD_STRING (builder, "id", claim->id);
  VS_JSON_ADD_STRING (builder, "text", claim->text);
  if (claim->source != NULL)
    VS_JSON_ADD_STRING (builder, "source", claim->source);
  VS_JSON_ADD_STRING (builder, "cell", claim->cell);
  VS_JSON_ADD_STRING (builder, "metric", vs_metric_get_info (claim->metric)->key);
  VS_JSON_ADD_STRING (builder, "a", claim->a);
  VS_JSON_ADD_STRING (builder, "b", claim->b);
  VS_JSON_ADD_NUMBER (builder, "low_percent", claim->low);
  VS_JSON_ADD_NUMBER (builder, "high_percent", claim->high);
}

JsonNode *
vs_study_to_json (VsStudy *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) comparison = NULL;

  g_return_val_if_fail (VS_IS_STUDY (self), NULL);

  json_builder_begin_object (builder);
  VS_JSON_ADD_STRING (builder, "format", VS_STUDY_FORMAT);
  VS_JSON_ADD_INT (builder, "version", VS_STUDY_VERSION);
  VS_JSON_ADD_STRING (builder, "id", self->id);
  VS_JSON_ADD_STRING (builder, "name", self->name);
  VS_JSON_ADD_STRING (builder, "notes", self->notes);

  comparison = vs_session_to_json (self->comparison);
  json_object_remove_member (json_node_get_object (comparison), "results");
  json_builder_set_member_name (builder, "comparison");
  json_builder_add_value (builder, g_steal_pointer (&comparison));

  json_builder_set_member_name (builder, "cells");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (self->cells, i);

      if (cell->sweep != NULL)
        continue;
      json_builder_begin_object (builder);
      VS_JSON_ADD_STRING (builder, "id", cell->id);
      VS_JSON_ADD_STRING (builder, "title", cell->title);
      VS_JSON_ADD_STRING (builder, "scenario", cell->scenario);
      if (cell->connections > 0)
        VS_JSON_ADD_INT (builder, "connections", cell->connections);
      VS_JSON_ADD_STRING (builder, "mode", cell->rate_mode ? "rate" : "closed");
      if (cell->rate_mode)
        VS_JSON_ADD_DOUBLE (builder, "rate", cell->rate);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "sweeps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sweeps->len; i++)
    {
      VsStudySweep *sweep = g_ptr_array_index (self->sweeps, i);

      json_builder_begin_object (builder);
      VS_JSON_ADD_STRING (builder, "id", sweep->id);
      VS_JSON_ADD_STRING (builder, "title", sweep->title);
      VS_JSON_ADD_STRING (builder, "scenario", sweep->scenario);
      VS_JSON_ADD_STRING (builder, "vary", vs_sweep_kind_to_string (sweep->kind));
      json_builder_set_member_name (builder, "levels");
      json_builder_begin_array (builder);
      for (guint l = 0; l < sweep->levels->len; l++)
        {
          double level = g_array_index (sweep->levels, double, l);

          if (sweep->kind == VS_SWEEP_CONNECTIONS)
            json_builder_add_int_value (builder, (gint64) level);
          else
            vs_json_builder_add_double (builder, level);
        }
      json_builder_end_array (builder);
      if (sweep->connections > 0)
        VS_JSON_ADD_INT (builder, "connections", sweep->connections);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "capacity");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->capacities->len; i++)
    {
      VsStudyCapacity *capacity = g_ptr_array_index (self->capacities, i);

      json_builder_begin_object (builder);
      VS_JSON_ADD_STRING (builder, "id", capacity->id);
      VS_JSON_ADD_STRING (builder, "title", capacity->title);
      VS_JSON_ADD_STRING (builder, "scenario", capacity->scenario);
      VS_JSON_ADD_DOUBLE (builder, "p99_ms", capacity->p99_ms);
      VS_JSON_ADD_DOUBLE (builder, "max_error_percent", capacity->max_error_percent);
      VS_JSON_ADD_DOUBLE (builder, "low", capacity->low);
      VS_JSON_ADD_DOUBLE (builder, "high", capacity->high);
      VS_JSON_ADD_INT (builder, "steps", capacity->steps);
      VS_JSON_ADD_INT (builder, "trials", capacity->trials);
      if (capacity->connections > 0)
        VS_JSON_ADD_INT (builder, "connections", capacity->connections);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "claims");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->claims->len; i++)
    {
      VsStudyClaim *claim = g_ptr_array_index (self->claims, i);

      json_builder_begin_object (builder);
      vs_study_claim_add_members (claim, builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (self->cells, i);

      if (cell->state == VS_CELL_PENDING)
        continue;
      json_builder_begin_object (builder);
      VS_JSON_ADD_STRING (builder, "cell", cell->id);
      VS_JSON_ADD_STRING (builder, "state", vs_cell_state_to_string (cell->state));
      if (cell->reason != NULL)
        VS_JSON_ADD_STRING (builder, "reason", cell->reason);
      VS_JSON_ADD_DOUBLE (builder, "wall_s", cell->wall_us / (double) G_USEC_PER_SEC);
      if (cell->session != NULL)
        {
          json_builder_set_member_name (builder, "session");
          json_builder_add_value (builder, vs_session_to_json (cell->session));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "probes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->probes->len; i++)
    {
      VsStudyProbe *probe = g_ptr_array_index (self->probes, i);

      if (probe->state == VS_CELL_PENDING)
        continue;
      json_builder_begin_object (builder);
      VS_JSON_ADD_STRING (builder, "capacity", probe->capacity);
      VS_JSON_ADD_STRING (builder, "target", probe->target);
      VS_JSON_ADD_DOUBLE (builder, "rate", probe->rate);
      VS_JSON_ADD_STRING (builder, "state", vs_cell_state_to_string (probe->state));
      if (probe->reason != NULL)
        VS_JSON_ADD_STRING (builder, "reason", probe->reason);
      VS_JSON_ADD_DOUBLE (builder, "wall_s", probe->wall_us / (double) G_USEC_PER_SEC);
      if (probe->session != NULL)
        {
          json_builder_set_member_name (builder, "session");
          json_builder_add_value (builder, vs_session_to_json (probe->session));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* @error's message behind "@where: " */
static gboolean
prefix_error (GError     **error,
              GError      *local_error,
              const char  *where)
{
  g_set_error (error, VS_ERROR, local_error->domain == VS_ERROR ? local_error->code : VS_ERROR_INVALID_DATA,
               "%s: %s", where, local_error->message);
  g_error_free (local_error);
  return FALSE;
}

static gboolean
read_levels (JsonArray    *array,
             const char   *where,
             VsSweepKind   kind,
             GArray       *levels,
             GError      **error)
{
  guint n = json_array_get_length (array);

  if (n > VS_STUDY_MAX_LEVELS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%slevels: a sweep has 2 to %d levels"), where, VS_STUDY_MAX_LEVELS);
      return FALSE;
    }
  for (guint l = 0; l < n; l++)
    {
      JsonNode *node = json_array_get_element (array, l);
      double value;

      if (!JSON_NODE_HOLDS_VALUE (node) ||
          (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE) ||
          (kind == VS_SWEEP_CONNECTIONS && json_node_get_value_type (node) != G_TYPE_INT64))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       kind == VS_SWEEP_CONNECTIONS
                       ? _("%slevels[%u]: expected a whole number of connections")
                       : _("%slevels[%u]: expected a rate in requests/s"), where, l);
          return FALSE;
        }
      value = json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                               : json_node_get_double (node);
      g_array_append_val (levels, value);
    }
  return TRUE;
}

static gboolean
read_cells (VsStudy    *self,
            JsonArray  *cells,
            GError    **error)
{
  for (guint i = 0; cells != NULL && i < json_array_get_length (cells); i++)
    {
      g_autofree char *where = g_strdup_printf ("cells[%u].", i);
      g_autofree char *id = NULL, *title = NULL, *scenario = NULL, *mode = NULL;
      JsonObject *obj = vs_json_array_get_object (cells, "", "cells", i, error);
      guint connections = 0;
      double rate = 0;
      GError *local_error = NULL;

      if (obj == NULL ||
          !vs_json_get_string (obj, where, "id", TRUE, &id, error) ||
          !vs_json_get_string (obj, where, "title", FALSE, &title, error) ||
          !vs_json_get_string (obj, where, "scenario", TRUE, &scenario, error) ||
          !vs_json_get_uint (obj, where, "connections", FALSE, 1, G_MAXUINT, &connections, error) ||
          !vs_json_get_string (obj, where, "mode", FALSE, &mode, error))
        return FALSE;
      if (mode != NULL && !g_str_equal (mode, "closed") && !g_str_equal (mode, "rate"))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%smode: “%s” is neither “closed” nor “rate”"), where, mode);
          return FALSE;
        }
      if (g_strcmp0 (mode, "rate") == 0 &&
          !vs_json_get_double (obj, where, "rate", TRUE, 0, G_MAXDOUBLE, &rate, error))
        return FALSE;
      if (!vs_study_add_cell (self, id, title, scenario, connections, g_strcmp0 (mode, "rate") == 0,
                              rate, &local_error))
        {
          g_autofree char *at = g_strdup_printf ("cells[%u]", i);

          return prefix_error (error, local_error, at);
        }
    }
  return TRUE;
}

static gboolean
read_sweeps (VsStudy    *self,
             JsonArray  *sweeps,
             GError    **error)
{
  for (guint i = 0; sweeps != NULL && i < json_array_get_length (sweeps); i++)
    {
      g_autofree char *where = g_strdup_printf ("sweeps[%u].", i);
      g_autofree char *id = NULL, *title = NULL, *scenario = NULL, *vary = NULL;
      g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (double));
      JsonObject *obj = vs_json_array_get_object (sweeps, "", "sweeps", i, error);
      JsonArray *array = NULL;
      guint connections = 0;
      VsSweepKind kind;
      GError *local_error = NULL;

      if (obj == NULL ||
          !vs_json_get_string (obj, where, "id", TRUE, &id, error) ||
          !vs_json_get_string (obj, where, "title", FALSE, &title, error) ||
          !vs_json_get_string (obj, where, "scenario", TRUE, &scenario, error) ||
          !vs_json_get_string (obj, where, "vary", TRUE, &vary, error) ||
          !vs_json_get_array (obj, where, "levels", TRUE, &array, error) ||
          !vs_json_get_uint (obj, where, "connections", FALSE, 1, G_MAXUINT, &connections, error))
        return FALSE;
      if (g_str_equal (vary, "connections"))
        kind = VS_SWEEP_CONNECTIONS;
      else if (g_str_equal (vary, "rate"))
        kind = VS_SWEEP_RATE;
      else
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%svary: “%s” is neither “connections” nor “rate”"), where, vary);
          return FALSE;
        }
      if (!read_levels (array, where, kind, levels, error))
        return FALSE;
      if (!vs_study_add_sweep (self, id, title, scenario, kind, (double *) levels->data, levels->len,
                               connections, &local_error))
        {
          g_autofree char *at = g_strdup_printf ("sweeps[%u]", i);

          return prefix_error (error, local_error, at);
        }
    }
  return TRUE;
}

/* A stored cell's (or probe's) comparison measured the study's targets:
 * the same labels in the same order (a probe: the one named). */
static gboolean
check_stored_targets (VsStudy     *self,
                      VsSession   *session,
                      const char  *probe_target,
                      const char  *where,
                      GError     **error)
{
  GPtrArray *ours = vs_session_get_targets (self->comparison);
  GPtrArray *theirs = vs_session_get_targets (session);
  gboolean same = theirs->len == (probe_target != NULL ? 1 : ours->len);

  for (guint t = 0; same && t < theirs->len; t++)
    {
      const char *label = ((VsTarget *) g_ptr_array_index (theirs, t))->label;
      const char *expected = probe_target != NULL ? probe_target
                                                  : ((VsTarget *) g_ptr_array_index (ours, t))->label;

      same = g_strcmp0 (label, expected) == 0;
    }
  if (!same)
    g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                 _("%ssession: its targets are not the study's"), where);
  return same;
}

static gboolean
read_capacities (VsStudy    *self,
                 JsonArray  *capacities,
                 GError    **error)
{
  for (guint i = 0; capacities != NULL && i < json_array_get_length (capacities); i++)
    {
      g_autofree char *where = g_strdup_printf ("capacity[%u].", i);
      JsonObject *obj = vs_json_array_get_object (capacities, "", "capacity", i, error);
      VsStudyCapacity capacity = { .max_error_percent = 1, .steps = 4, .trials = 3 };
      GError *local_error = NULL;
      gboolean ok;

      ok = obj != NULL &&
           vs_json_get_string (obj, where, "id", TRUE, &capacity.id, error) &&
           vs_json_get_string (obj, where, "title", FALSE, &capacity.title, error) &&
           vs_json_get_string (obj, where, "scenario", TRUE, &capacity.scenario, error) &&
           vs_json_get_double (obj, where, "p99_ms", TRUE, 0, G_MAXDOUBLE, &capacity.p99_ms, error) &&
           vs_json_get_double (obj, where, "max_error_percent", FALSE, 0, 100, &capacity.max_error_percent, error) &&
           vs_json_get_double (obj, where, "low", TRUE, 0, G_MAXDOUBLE, &capacity.low, error) &&
           vs_json_get_double (obj, where, "high", TRUE, 0, G_MAXDOUBLE, &capacity.high, error) &&
           vs_json_get_uint (obj, where, "steps", FALSE, 0, G_MAXUINT, &capacity.steps, error) &&
           vs_json_get_uint (obj, where, "trials", FALSE, 0, G_MAXUINT, &capacity.trials, error) &&
           vs_json_get_uint (obj, where, "connections", FALSE, 1, G_MAXUINT, &capacity.connections, error);
      if (ok && !vs_study_add_capacity (self, &capacity, &local_error))
        {
          g_autofree char *at = g_strdup_printf ("capacity[%u]", i);

          ok = prefix_error (error, local_error, at);
        }
      g_free (capacity.id);
      g_free (capacity.title);
      g_free (capacity.scenario);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static VsStudyCapacity *
find_capacity (VsStudy    *self,
               const char *id)
{
  for (guint i = 0; i < self->capacities->len; i++)
    {
      VsStudyCapacity *capacity = g_ptr_array_index (self->capacities, i);

      if (g_str_equal (capacity->id, id))
        return capacity;
    }
  return NULL;
}

static gboolean
read_probes (VsStudy    *self,
             JsonArray  *probes,
             GError    **error)
{
  GPtrArray *targets = vs_session_get_targets (self->comparison);

  for (guint i = 0; probes != NULL && i < json_array_get_length (probes); i++)
    {
      g_autofree char *where = g_strdup_printf ("probes[%u].", i);
      g_autofree char *id = NULL, *label = NULL, *state = NULL, *reason = NULL;
      JsonObject *obj = vs_json_array_get_object (probes, "", "probes", i, error);
      JsonObject *session_obj = NULL;
      VsStudyCapacity *capacity;
      VsStudyProbe *probe;
      double rate = 0, wall_s = 0;
      int target = -1;

      if (obj == NULL ||
          !vs_json_get_string (obj, where, "capacity", TRUE, &id, error) ||
          !vs_json_get_string (obj, where, "target", TRUE, &label, error) ||
          !vs_json_get_double (obj, where, "rate", TRUE, 0, G_MAXDOUBLE, &rate, error) ||
          !vs_json_get_string (obj, where, "state", TRUE, &state, error) ||
          !vs_json_get_string (obj, where, "reason", FALSE, &reason, error) ||
          !vs_json_get_double (obj, where, "wall_s", FALSE, 0, 1e9, &wall_s, error) ||
          !vs_json_get_object (obj, where, "session", FALSE, &session_obj, error))
        return FALSE;
      capacity = find_capacity (self, id);
      if (capacity == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%scapacity: there is no capacity search “%s” in the study"), where, id);
          return FALSE;
        }
      for (guint t = 0; t < targets->len && target < 0; t++)
        if (g_strcmp0 (((VsTarget *) g_ptr_array_index (targets, t))->label, label) == 0)
          target = (int) t;
      if (target < 0)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%starget: there is no target “%s” in the study"), where, label);
          return FALSE;
        }
      if (!(rate > 0) || find_probe (self, id, label, rate) != NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%srate: not a rate, or a second probe of the same rate"), where);
          return FALSE;
        }
      probe = vs_study_add_probe (self, capacity, (guint) target, rate);
      if (g_str_equal (state, "done"))
        {
          g_autoptr(JsonNode) node = NULL;
          g_autoptr(VsSession) session = NULL;
          GError *local_error = NULL;

          if (session_obj == NULL)
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                           _("%ssession: a finished probe keeps its measurement"), where);
              return FALSE;
            }
          node = json_node_init_object (json_node_alloc (), session_obj);
          session = vs_session_new_from_json (node, &local_error);
          if (session == NULL)
            {
              g_autofree char *at = g_strdup_printf ("probes[%u].session", i);

              return prefix_error (error, local_error, at);
            }
          if (!check_stored_targets (self, session, label, where, error))
            return FALSE;
          vs_session_set_probe (session, TRUE);
          vs_study_probe_set_done (probe, session, (gint64) llround (wall_s * G_USEC_PER_SEC));
        }
      else if (g_str_equal (state, "failed"))
        vs_study_probe_set_failed (probe, reason ? reason : _("no reason was recorded"),
                                   (gint64) llround (wall_s * G_USEC_PER_SEC));
      else
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%sstate: “%s” is neither “done” nor “failed”"), where, state);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_claims (VsStudy    *self,
             JsonArray  *claims,
             GError    **error)
{
  for (guint i = 0; claims != NULL && i < json_array_get_length (claims); i++)
    {
      g_autofree char *where = g_strdup_printf ("claims[%u].", i);
      g_autofree char *metric = NULL;
      JsonObject *obj = vs_json_array_get_object (claims, "", "claims", i, error);
      VsStudyClaim claim = { .low = NAN, .high = NAN };
      GError *local_error = NULL;
      gboolean ok;

      ok = obj != NULL &&
           vs_json_get_string (obj, where, "id", TRUE, &claim.id, error) &&
           vs_json_get_string (obj, where, "text", TRUE, &claim.text, error) &&
           vs_json_get_string (obj, where, "source", FALSE, &claim.source, error) &&
           vs_json_get_string (obj, where, "cell", TRUE, &claim.cell, error) &&
           vs_json_get_string (obj, where, "metric", TRUE, &metric, error) &&
           vs_json_get_string (obj, where, "a", TRUE, &claim.a, error) &&
           vs_json_get_string (obj, where, "b", TRUE, &claim.b, error) &&
           vs_json_get_double (obj, where, "low_percent", FALSE, -100, G_MAXDOUBLE, &claim.low, error) &&
           vs_json_get_double (obj, where, "high_percent", FALSE, -100, G_MAXDOUBLE, &claim.high, error);
      if (ok && !metric_from_string (metric, &claim.metric))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%smetric: unknown metric “%s” (requests_per_s, p50_ms, p99_ms, "
                         "cpu_mean_percent, memory_peak_bytes, startup_s or requests_per_core)"), where, metric);
          ok = FALSE;
        }
      if (ok && !vs_study_add_claim (self, &claim, &local_error))
        {
          g_autofree char *at = g_strdup_printf ("claims[%u]", i);

          ok = prefix_error (error, local_error, at);
        }
      g_free (claim.id);
      g_free (claim.text);
      g_free (claim.source);
      g_free (claim.cell);
      g_free (claim.a);
      g_free (claim.b);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_results (VsStudy    *self,
              JsonArray  *results,
              GError    **error)
{
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      g_autofree char *where = g_strdup_printf ("results[%u].", i);
      g_autofree char *id = NULL, *state = NULL, *reason = NULL;
      JsonObject *obj = vs_json_array_get_object (results, "", "results", i, error);
      JsonObject *session_obj = NULL;
      VsStudyCell *cell;
      double wall_s = 0;

      if (obj == NULL ||
          !vs_json_get_string (obj, where, "cell", TRUE, &id, error) ||
          !vs_json_get_string (obj, where, "state", TRUE, &state, error) ||
          !vs_json_get_string (obj, where, "reason", FALSE, &reason, error) ||
          !vs_json_get_double (obj, where, "wall_s", FALSE, 0, 1e9, &wall_s, error) ||
          !vs_json_get_object (obj, where, "session", FALSE, &session_obj, error))
        return FALSE;
      cell = vs_study_find_cell (self, id);
      if (cell == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%scell: there is no cell “%s” in the study"), where, id);
          return FALSE;
        }
      if (cell->state != VS_CELL_PENDING)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%scell: the cell “%s” has two results"), where, id);
          return FALSE;
        }
      if (g_str_equal (state, "done"))
        {
          g_autoptr(JsonNode) node = NULL;
          g_autoptr(VsSession) session = NULL;
          GError *local_error = NULL;

          if (session_obj == NULL)
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                           _("%ssession: a finished cell keeps its comparison"), where);
              return FALSE;
            }
          node = json_node_init_object (json_node_alloc (), session_obj);
          session = vs_session_new_from_json (node, &local_error);
          if (session == NULL)
            {
              g_autofree char *at = g_strdup_printf ("results[%u].session", i);

              return prefix_error (error, local_error, at);
            }
          if (!check_stored_targets (self, session, NULL, where, error))
            return FALSE;
          vs_study_cell_set_done (self, cell, session, (gint64) llround (wall_s * G_USEC_PER_SEC));
        }
      else if (g_str_equal (state, "failed"))
        vs_study_cell_set_failed (self, cell, reason ? reason : _("no reason was recorded"),
                                  (gint64) llround (wall_s * G_USEC_PER_SEC));
      else
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%sstate: “%s” is neither “done” nor “failed”"), where, state);
          return FALSE;
        }
    }
  return TRUE;
}

static VsStudy *
study_new_from_json (JsonNode  *root,
                     GError   **error)
{
  g_autoptr(VsStudy) self = g_object_new (VS_TYPE_STUDY, NULL);
  g_autofree char *format = NULL;
  JsonObject *obj, *comparison = NULL;
  JsonArray *cells = NULL, *sweeps = NULL, *claims = NULL, *results = NULL;
  JsonArray *capacities = NULL, *probes = NULL;
  gint64 version = 0;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("the file is not a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (root);
  if (!vs_json_get_string (obj, "", "format", TRUE, &format, error))
    return NULL;
  if (!g_str_equal (format, VS_STUDY_FORMAT))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   g_str_equal (format, VS_SESSION_FORMAT)
                   ? _("the file is a comparison session, not a study (open it with “versus-cli run”)")
                   : _("the file is a “%s” file, not a Versus study"), format);
      return NULL;
    }
  if (!vs_json_get_int (obj, "", "version", TRUE, 1, G_MAXINT64, &version, error))
    return NULL;
  if (version > VS_STUDY_VERSION)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED,
                   _("the study was saved by a newer Versus (format version %lld; this one reads "
                     "version %d)"), (long long) version, VS_STUDY_VERSION);
      return NULL;
    }
  if (!vs_json_get_string (obj, "", "id", TRUE, &self->id, error) ||
      !vs_json_get_string (obj, "", "name", TRUE, &self->name, error) ||
      !vs_json_get_string (obj, "", "notes", FALSE, &self->notes, error) ||
      !vs_json_get_object (obj, "", "comparison", TRUE, &comparison, error) ||
      !vs_json_get_array (obj, "", "cells", FALSE, &cells, error) ||
      !vs_json_get_array (obj, "", "sweeps", FALSE, &sweeps, error) ||
      !vs_json_get_array (obj, "", "capacity", FALSE, &capacities, error) ||
      !vs_json_get_array (obj, "", "claims", FALSE, &claims, error) ||
      !vs_json_get_array (obj, "", "results", FALSE, &results, error) ||
      !vs_json_get_array (obj, "", "probes", FALSE, &probes, error))
    return NULL;

  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), comparison);
    GError *local_error = NULL;

    self->comparison = vs_session_new_from_json (node, &local_error);
    if (self->comparison == NULL)
      {
        prefix_error (error, local_error, "comparison");
        return NULL;
      }
    if (vs_session_get_results (self->comparison)->len > 0)
      {
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                     _("comparison: the study's comparison holds no results (each cell's "
                       "results are under results[])"));
        return NULL;
      }
  }

  if (!read_cells (self, cells, error) || !read_sweeps (self, sweeps, error) ||
      !read_capacities (self, capacities, error) || !read_claims (self, claims, error) ||
      !read_results (self, results, error) || !read_probes (self, probes, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vs_study_new_from_data:
 *
 * Reads a study from the bytes of a `.versus-study` file with every check
 * (what a study file holds is not trusted, like a session's). The study is
 * trusted when what its comparison runs was recorded on this machine.
 */
VsStudy *
vs_study_new_from_data (const char  *contents,
                        gsize        len,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *fingerprint = NULL;
  VsStudy *self;

  g_return_val_if_fail (contents != NULL || len == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (len > MAX_FILE_SIZE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s is too large to be a study (%lld bytes)"), name, (long long) len);
      return NULL;
    }
  if (!vs_json_parse (parser, contents, len, &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s is not a valid study: %s"), name, local_error->message);
      return NULL;
    }
  self = study_new_from_json (json_parser_get_root (parser), &local_error);
  if (self == NULL)
    {
      g_set_error (error, VS_ERROR, local_error->code, "%s: %s", name, local_error->message);
      return NULL;
    }
  fingerprint = vs_trust_fingerprint (self->comparison);
  vs_study_set_trusted (self, vs_trust_lookup (fingerprint));
  return self;
}

VsStudy *
vs_study_load (GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  gsize len;

  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, _("cannot read %s: %s"),
                   name, local_error->message);
      return NULL;
    }
  return vs_study_new_from_data (contents, len, name, error);
}

static char *
study_to_text (VsStudy *self)
{
  g_autoptr(JsonNode) root = vs_study_to_json (self);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 1);
  return json_generator_to_data (generator, NULL);
}

gboolean
vs_study_save (VsStudy       *self,
               GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *text = NULL;
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (VS_IS_STUDY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = study_to_text (self);
  fingerprint = self->trusted ? vs_trust_fingerprint (self->comparison) : NULL;
  return vs_trust_save (file, text, fingerprint, cancellable, error);
}

/* The text is made here, from the study as it is now; the file is written
 * on a worker thread. */
void
vs_study_save_async (VsStudy             *self,
                     GFile               *file,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (VS_IS_STUDY (self));
  g_return_if_fail (G_IS_FILE (file));

  vs_trust_save_async (self, vs_study_save_async, file, study_to_text (self),
                       self->trusted ? vs_trust_fingerprint (self->comparison) : NULL,
                       cancellable, callback, user_data);
}

gboolean
vs_study_save_finish (VsStudy       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* vs_study_load as a VsFileLoadFunc */
static gpointer
load_study (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  return vs_study_load (file, cancellable, error);
}

void
vs_study_load_async (GFile               *file,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  vs_file_load_async (file, load_study, vs_study_load_async, cancellable, callback,
                      user_data);
}

VsStudy *
vs_study_load_finish (GAsyncResult  *result,
                      GError       **error)
{
  return vs_file_load_finish (result, error);
}
