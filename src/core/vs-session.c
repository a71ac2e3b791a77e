/* vs-session.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-enums.h"
#include "vs-json-reader.h"
#include "vs-template.h"
#include "vs-trust.h"
#include "vs-history.h"
#include "vs-json-util.h"
#include "vs-session.h"
#include "vs-stats.h"
#include "vs-util.h"

#define MAX_FILE_SIZE   (512 * 1024 * 1024)
#define MAX_TARGETS     16
#define MAX_TRIALS      VS_SESSION_MAX_TRIALS

struct _VsSession
{
  GObject        parent_instance;

  char          *id;
  char          *name;
  char          *notes;
  GPtrArray     *targets;   /* (element-type VsTarget) */
  VsLoadProfile *profile;
  guint          trials;
  VsTrialOrder   order;
  gint64         cooldown_us;
  double         smallest_percent;  /* the smallest difference that matters */
  guint32        order_seed;        /* the order within each pair of trials */
  GArray        *looks;     /* (element-type guint): trials per target at each look
                             * before a continuation (vs_session_continue) */
  GPtrArray     *results;   /* (element-type VsRunResult) */
  GFile         *file;
  gboolean       modified;
  gboolean       trusted;   /* made here, recorded here, or agreed to (vs-trust.h) */
  gboolean       probe;     /* measures one target (a study's capacity probe); not saved */
};

G_DEFINE_FINAL_TYPE (VsSession, vs_session, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_NAME,
  PROP_NOTES,
  PROP_PROFILE,
  PROP_TRIALS,
  PROP_ORDER,
  PROP_COOLDOWN_US,
  PROP_SMALLEST_DIFFERENCE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vs_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VsSession *self = VS_SESSION (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_NOTES: g_value_set_string (value, self->notes); break;
    case PROP_PROFILE: g_value_set_object (value, self->profile); break;
    case PROP_TRIALS: g_value_set_uint (value, self->trials); break;
    case PROP_ORDER: g_value_set_enum (value, self->order); break;
    case PROP_COOLDOWN_US: g_value_set_int64 (value, self->cooldown_us); break;
    case PROP_SMALLEST_DIFFERENCE: g_value_set_double (value, self->smallest_percent); break;
    case PROP_MODIFIED: g_value_set_boolean (value, self->modified); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  VsSession *self = VS_SESSION (object);

  switch (prop_id)
    {
    case PROP_NAME: vs_session_set_name (self, g_value_get_string (value)); break;
    case PROP_NOTES: vs_session_set_notes (self, g_value_get_string (value)); break;
    case PROP_PROFILE: vs_session_set_profile (self, g_value_get_object (value)); break;
    case PROP_TRIALS: vs_session_set_trials (self, g_value_get_uint (value)); break;
    case PROP_ORDER: vs_session_set_order (self, g_value_get_enum (value)); break;
    case PROP_COOLDOWN_US: vs_session_set_cooldown_us (self, g_value_get_int64 (value)); break;
    case PROP_SMALLEST_DIFFERENCE:
      vs_session_set_smallest_difference (self, g_value_get_double (value));
      break;
    case PROP_MODIFIED: vs_session_set_modified (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_session_finalize (GObject *object)
{
  VsSession *self = VS_SESSION (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->notes);
  g_ptr_array_unref (self->targets);
  g_array_unref (self->looks);
  vs_load_profile_unref (self->profile);
  g_ptr_array_unref (self->results);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (vs_session_parent_class)->finalize (object);
}

static void
vs_session_class_init (VsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vs_session_finalize;
  object_class->get_property = vs_session_get_property;
  object_class->set_property = vs_session_set_property;

  /* Ranges are wide on purpose: vs_session_validate() refuses a value with a
   * message, not GObject with a warning. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the load every target gets; its edits are the session's changes */
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, VS_TYPE_LOAD_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRIALS] =
    g_param_spec_uint ("trials", NULL, NULL, 0, G_MAXUINT, 8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER] =
    g_param_spec_enum ("order", NULL, NULL, VS_TYPE_TRIAL_ORDER, VS_TRIAL_ORDER_INTERLEAVED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COOLDOWN_US] =
    g_param_spec_int64 ("cooldown-us", NULL, NULL, G_MININT64, G_MAXINT64, 2 * G_USEC_PER_SEC,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SMALLEST_DIFFERENCE] =
    g_param_spec_double ("smallest-difference", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                         VS_SESSION_DEFAULT_SMALLEST_PERCENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* edited since it was loaded or saved */
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void take_profile (VsSession     *self,
                          VsLoadProfile *profile);

static void
vs_session_init (VsSession *self)
{
  self->id = g_uuid_string_random ();
  self->name = g_strdup (_("Untitled comparison"));
  self->notes = g_strdup ("");
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_target_unref);
  take_profile (self, vs_load_profile_new ());
  vs_load_profile_set_url (self->profile, "/");
  self->trials = 8;
  self->order = VS_TRIAL_ORDER_INTERLEAVED;
  self->cooldown_us = 2 * G_USEC_PER_SEC;
  self->smallest_percent = VS_SESSION_DEFAULT_SMALLEST_PERCENT;
  self->order_seed = g_random_int ();
  self->trusted = TRUE;   /* made in this process */
  self->looks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_run_result_unref);
}

VsSession *
vs_session_new (void)
{
  return g_object_new (VS_TYPE_SESSION, NULL);
}

void
vs_session_changed (VsSession *self)
{
  vs_session_set_modified (self, TRUE);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
part_notify_cb (VsSession *self)
{
  vs_session_changed (self);
}

/* An edit of a target or of the profile, through its setters or
 * properties, is a change of the session. */
static void
watch (VsSession *self,
       gpointer   part)
{
  g_signal_connect_object (part, "notify", G_CALLBACK (part_notify_cb), self, G_CONNECT_SWAPPED);
}

static void
unwatch (VsSession *self,
         gpointer   part)
{
  g_signal_handlers_disconnect_by_func (part, part_notify_cb, self);
}

static void
add_target (VsSession *self,
            VsTarget  *target)
{
  watch (self, target);
  g_ptr_array_add (self->targets, target);
}

static void
take_profile (VsSession     *self,
              VsLoadProfile *profile)
{
  if (self->profile != NULL)
    {
      unwatch (self, self->profile);
      vs_load_profile_unref (self->profile);
    }
  self->profile = profile;
  watch (self, profile);
}

static const char * const presets[] = {
  "express-vs-fastapi", "express-vs-fastapi-quick", NULL
};

const char * const *
vs_session_list_presets (void)
{
  return presets;
}

/* The classic plan of the article Versus automates: Express against
 * FastAPI on GET /, 400 connections for 30 s after a warm-up, several
 * interleaved trials; and a quick variant to try things out. */
VsSession *
vs_session_new_preset (const char  *preset,
                       GError     **error)
{
  g_autoptr(VsSession) self = NULL;
  gboolean quick;
  const char * const labels[] = { "Express", "FastAPI" };
  const char * const templates[] = { "express", "fastapi" };

  if (g_strcmp0 (preset, presets[0]) != 0 && g_strcmp0 (preset, presets[1]) != 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("unknown preset “%s” (express-vs-fastapi, express-vs-fastapi-quick)"),
                   preset ? preset : "");
      return NULL;
    }
  quick = g_str_equal (preset, presets[1]);

  self = vs_session_new ();
  g_free (self->name);
  self->name = g_strdup (quick ? _("Express vs FastAPI (quick)") : _("Express vs FastAPI"));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autoptr(VsTarget) target = vs_target_new ();

      target->label = g_strdup (labels[i]);
      target->template_name = g_strdup (templates[i]);
      target->scenario = g_strdup ("hello");
      add_target (self, g_steal_pointer (&target));
    }

  vs_load_profile_set_url (self->profile, "/");
  self->profile->connections = quick ? 50 : 400;
  self->profile->duration_us = (quick ? 5 : 30) * G_USEC_PER_SEC;
  self->profile->warmup_us = (quick ? 1 : 5) * G_USEC_PER_SEC;
  self->profile->timeout_us = 5 * G_USEC_PER_SEC;
  /* 8 pairs: a true 30 % difference in requests/s is declared 9 times in
   * 10 at this machine's noise (docs/statistics.md) */
  self->trials = 8;
  self->cooldown_us = (quick ? 1 : 5) * G_USEC_PER_SEC;
  self->modified = FALSE;

  return g_steal_pointer (&self);
}

/* The field the question is about: every Node.js template against every
 * Python template of @templates, on the scenario @scenario_id (NULL: the
 * first), with a load short enough for eight targets: 100 connections,
 * 10 s after 3 s of warm-up, 6 trials each. */
VsSession *
vs_session_new_field (GPtrArray   *templates,
                      const char  *scenario_id,
                      GError     **error)
{
  g_autoptr(VsSession) self = vs_session_new ();
  const char * const languages[] = { "javascript", "python" };
  guint per_language[G_N_ELEMENTS (languages)] = { 0 };

  g_return_val_if_fail (templates != NULL, NULL);

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    for (guint i = 0; i < templates->len; i++)
      {
        VsTemplate *template = g_ptr_array_index (templates, i);
        g_autoptr(VsTarget) target = NULL;
        const VsScenario *scenario;

        if (!g_str_equal (template->language, languages[l]))
          continue;
        scenario = vs_template_get_scenario (template, scenario_id);
        if (scenario == NULL)
          {
            g_autofree char *ids = vs_template_describe_scenarios (template);

            g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                         _("the %s template has no scenario “%s” (it has: %s)"),
                         template->name, scenario_id, ids);
            return NULL;
          }
        target = vs_target_new ();
        target->label = g_strdup (template->title);
        target->template_name = g_strdup (template->name);
        target->scenario = g_strdup (scenario->id);
        add_target (self, g_steal_pointer (&target));
        per_language[l]++;
      }

  if (per_language[0] == 0 || per_language[1] == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED,
                   _("Node.js against Python needs templates of both (found %u Node.js, %u Python)"),
                   per_language[0], per_language[1]);
      return NULL;
    }

  g_free (self->name);
  self->name = g_strdup (_("Node.js vs Python"));
  self->profile->connections = 100;
  self->profile->duration_us = 10 * G_USEC_PER_SEC;
  self->profile->warmup_us = 3 * G_USEC_PER_SEC;
  self->profile->timeout_us = 5 * G_USEC_PER_SEC;
  self->trials = 6;
  self->cooldown_us = 2 * G_USEC_PER_SEC;
  vs_session_apply_scenario (self, templates,
                             ((VsTarget *) g_ptr_array_index (self->targets, 0))->scenario);
  self->modified = FALSE;

  return g_steal_pointer (&self);
}

const char *
vs_session_get_id (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  return self->id;
}

const char *
vs_session_get_name (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  return self->name;
}

void
vs_session_set_name (VsSession  *self,
                     const char *name)
{
  g_return_if_fail (VS_IS_SESSION (self));
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  vs_session_changed (self);
}

const char *
vs_session_get_notes (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  return self->notes;
}

void
vs_session_set_notes (VsSession  *self,
                      const char *notes)
{
  g_return_if_fail (VS_IS_SESSION (self));
  if (g_strcmp0 (self->notes, notes) == 0)
    return;
  g_free (self->notes);
  self->notes = g_strdup (notes ? notes : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
  vs_session_changed (self);
}

GPtrArray *
vs_session_get_targets (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  return self->targets;
}

void
vs_session_add_target (VsSession *self,
                       VsTarget  *target)
{
  g_return_if_fail (VS_IS_SESSION (self));
  add_target (self, vs_target_ref (target));
  vs_session_changed (self);
}

void
vs_session_remove_target (VsSession *self,
                          guint      index)
{
  g_return_if_fail (VS_IS_SESSION (self));
  g_return_if_fail (index < self->targets->len);
  vs_removed_target_free (vs_session_take_target (self, index));
}

struct _VsRemovedTarget
{
  guint      index;
  VsTarget  *target;
  GPtrArray *results;    /* (element-type VsRunResult): the target's, in the session's order */
  GArray    *positions;  /* (element-type guint): where each was among the session's results */
};

/* Removes target @index and its results; the later targets' results are
 * renumbered, so every result still names its own target. */
VsRemovedTarget *
vs_session_take_target (VsSession *self,
                        guint      index)
{
  VsRemovedTarget *removed;
  guint kept = 0;

  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  g_return_val_if_fail (index < self->targets->len, NULL);

  removed = g_new0 (VsRemovedTarget, 1);
  removed->index = index;
  removed->target = g_ptr_array_steal_index (self->targets, index);
  unwatch (self, removed->target);
  removed->results = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_run_result_unref);
  removed->positions = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->results->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (self->results, i);

      if (r->target_index == index)
        {
          g_ptr_array_add (removed->results, r);   /* the session's reference moves */
          g_array_append_val (removed->positions, i);
          continue;
        }
      if (r->target_index > index)
        r->target_index--;
      self->results->pdata[kept++] = r;
    }
  self->results->len = kept;
  vs_session_changed (self);
  return removed;
}

/* Puts a taken target back where it was, with its results; consumes
 * @removed. */
void
vs_session_restore_target (VsSession       *self,
                           VsRemovedTarget *removed)
{
  g_autoptr(GPtrArray) merged = NULL;
  guint from_session = 0;

  g_return_if_fail (VS_IS_SESSION (self));
  g_return_if_fail (removed != NULL);
  g_return_if_fail (removed->index <= self->targets->len);

  watch (self, removed->target);
  g_ptr_array_insert (self->targets, removed->index, g_steal_pointer (&removed->target));
  for (guint i = 0; i < self->results->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (self->results, i);

      if (r->target_index >= removed->index)
        r->target_index++;
    }
  /* the results in their old order */
  merged = g_ptr_array_new_full (self->results->len + removed->results->len,
                                 (GDestroyNotify) vs_run_result_unref);
  for (guint k = 0; k < removed->results->len; k++)
    {
      guint position = g_array_index (removed->positions, guint, k);

      while (merged->len < position && from_session < self->results->len)
        g_ptr_array_add (merged, vs_run_result_ref (g_ptr_array_index (self->results, from_session++)));
      g_ptr_array_add (merged, vs_run_result_ref (g_ptr_array_index (removed->results, k)));
    }
  while (from_session < self->results->len)
    g_ptr_array_add (merged, vs_run_result_ref (g_ptr_array_index (self->results, from_session++)));
  /* the same array, refilled: callers hold on to vs_session_get_results () */
  g_ptr_array_set_size (self->results, 0);
  for (guint i = 0; i < merged->len; i++)
    g_ptr_array_add (self->results, vs_run_result_ref (g_ptr_array_index (merged, i)));
  vs_removed_target_free (removed);
  vs_session_changed (self);
}

guint
vs_removed_target_get_n_results (VsRemovedTarget *removed)
{
  return removed->results->len;
}

VsTarget *
vs_removed_target_get_target (VsRemovedTarget *removed)
{
  return removed->target;
}

void
vs_removed_target_free (VsRemovedTarget *removed)
{
  if (removed == NULL)
    return;
  g_clear_pointer (&removed->target, vs_target_unref);
  g_ptr_array_unref (removed->results);
  g_array_unref (removed->positions);
  g_free (removed);
}

/* A new target that differs from the others, not yet added: the first of
 * @templates no target uses yet, labelled after it (a label no other
 * target has), with the runtime and limits of the last target and the
 * scenario already chosen. */
VsTarget *
vs_session_new_target (VsSession *self,
                       GPtrArray *templates)
{
  VsTarget *last;
  VsTarget *target;
  VsTemplate *template = NULL;
  VsTemplate *last_template;
  const char *scenario = NULL;
  const char *base;
  g_autofree char *label = NULL;

  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  g_return_val_if_fail (templates != NULL, NULL);

  last = self->targets->len ? g_ptr_array_index (self->targets, self->targets->len - 1) : NULL;
  target = vs_target_new ();

  /* a template no target uses yet, of another language than the last
   * target's if there is one (the question is Node.js against Python) */
  last_template = last ? vs_template_list_find (templates, last->template_name) : NULL;
  for (guint pass = 0; pass < 2 && template == NULL; pass++)
    for (guint i = 0; i < templates->len && template == NULL; i++)
      {
        VsTemplate *t = g_ptr_array_index (templates, i);
        gboolean used = FALSE;

        for (guint j = 0; j < self->targets->len; j++)
          used |= g_strcmp0 (((VsTarget *) g_ptr_array_index (self->targets, j))->template_name,
                             t->name) == 0;
        if (!used && (pass == 1 || last_template == NULL ||
                      g_strcmp0 (t->language, last_template->language) != 0))
          template = t;
      }
  if (template == NULL && templates->len > 0)
    template = g_ptr_array_index (templates, 0);

  for (guint j = 0; j < self->targets->len && scenario == NULL; j++)
    scenario = ((VsTarget *) g_ptr_array_index (self->targets, j))->scenario;

  if (template != NULL)
    {
      vs_target_set_template_name (target, template->name);
      if (scenario != NULL && vs_template_get_scenario (template, scenario) != NULL)
        vs_target_set_scenario (target, scenario);
      else if (template->scenarios->len > 0)
        vs_target_set_scenario (target,
                                ((const VsScenario *) g_ptr_array_index (template->scenarios, 0))->id);
    }

  if (last != NULL)
    {
      vs_target_set_runtime (target, last->runtime);
      vs_target_set_cpus (target, last->cpus);
      vs_target_set_memory_bytes (target, last->memory_bytes);
      vs_target_set_workers (target, last->workers);
    }

  base = template ? template->title : _("Target");
  label = g_strdup (base);
  for (guint n = 2; ; n++)
    {
      gboolean taken = FALSE;

      for (guint j = 0; j < self->targets->len; j++)
        taken |= g_strcmp0 (((VsTarget *) g_ptr_array_index (self->targets, j))->label, label) == 0;
      if (!taken)
        break;
      g_free (label);
      label = g_strdup_printf ("%s %u", base, n);
    }
  vs_target_set_label (target, label);

  return target;
}

/* The scenario @target's template has under @id, if it runs a template. */
static const VsScenario *
target_scenario (VsTarget   *target,
                 GPtrArray  *templates,
                 const char *id)
{
  VsTemplate *template;

  if (id == NULL || target->image != NULL || target->template_name == NULL)
    return NULL;
  template = vs_template_list_find (templates, target->template_name);
  return template ? vs_template_get_scenario (template, id) : NULL;
}

/* The endpoint is shared: choosing scenario @id makes it every template
 * target's that has it, and fills the profile's method, path, body and
 * content type from it. FALSE when no target's template has @id. */
gboolean
vs_session_apply_scenario (VsSession  *self,
                           GPtrArray  *templates,
                           const char *id)
{
  const VsScenario *scenario = NULL;
  VsLoadProfile *profile;
  g_autoptr(VsLoadProfile) headers = NULL;

  g_return_val_if_fail (VS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (templates != NULL, FALSE);

  for (guint i = 0; i < self->targets->len && scenario == NULL; i++)
    scenario = target_scenario (g_ptr_array_index (self->targets, i), templates, id);
  if (scenario == NULL)
    return FALSE;

  for (guint i = 0; i < self->targets->len; i++)
    {
      VsTarget *target = g_ptr_array_index (self->targets, i);

      if (target_scenario (target, templates, id) != NULL)
        vs_target_set_scenario (target, id);
    }

  /* one edit: whoever follows the profile sees the method and path together */
  profile = self->profile;
  g_object_freeze_notify (G_OBJECT (profile));
  vs_load_profile_set_method (profile, scenario->method);
  vs_load_profile_set_url (profile, scenario->path);
  if (scenario->body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (scenario->body, strlen (scenario->body));

      vs_load_profile_set_body (profile, body);
    }
  else if (scenario->body_document_kb > 0)
    {
      g_autoptr(GBytes) body = vs_template_document_new (scenario->body_document_kb);

      vs_load_profile_set_body (profile, body);
    }
  else
    vs_load_profile_set_body (profile, NULL);

  /* the scenario's content type replaces any other */
  headers = vs_load_profile_new ();
  for (guint i = 0; i < profile->header_names->len; i++)
    {
      const char *name = g_ptr_array_index (profile->header_names, i);

      if (g_ascii_strcasecmp (name, "Content-Type") != 0)
        vs_load_profile_add_header (headers, name, g_ptr_array_index (profile->header_values, i));
    }
  if (scenario->content_type != NULL)
    vs_load_profile_add_header (headers, "Content-Type", scenario->content_type);
  vs_load_profile_set_headers_from (profile, headers);
  g_object_thaw_notify (G_OBJECT (profile));

  return TRUE;
}

/* An endpoint edited by hand is no scenario's any more: a target whose
 * scenario asks for another method or path than the profile's loses it. */
void
vs_session_detach_scenarios (VsSession *self,
                             GPtrArray *templates)
{
  g_return_if_fail (VS_IS_SESSION (self));
  g_return_if_fail (templates != NULL);

  for (guint i = 0; i < self->targets->len; i++)
    {
      VsTarget *target = g_ptr_array_index (self->targets, i);
      const VsScenario *scenario;

      if (target->scenario == NULL || target->image != NULL ||
          vs_template_list_find (templates, target->template_name) == NULL)
        continue;
      scenario = target_scenario (target, templates, target->scenario);
      if (scenario == NULL ||
          g_strcmp0 (scenario->method, self->profile->method) != 0 ||
          g_strcmp0 (scenario->path, self->profile->url) != 0)
        vs_target_set_scenario (target, NULL);
    }
}

VsLoadProfile *
vs_session_get_profile (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  return self->profile;
}

void
vs_session_set_profile (VsSession     *self,
                        VsLoadProfile *profile)
{
  g_return_if_fail (VS_IS_SESSION (self));
  g_return_if_fail (VS_IS_LOAD_PROFILE (profile));
  take_profile (self, vs_load_profile_ref (profile));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  vs_session_changed (self);
}

guint
vs_session_get_trials (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), 0);
  return self->trials;
}

void
vs_session_set_trials (VsSession *self,
                       guint      trials)
{
  g_return_if_fail (VS_IS_SESSION (self));
  if (self->trials == trials)
    return;
  self->trials = trials;
  /* a look at more trials than the plan now has is no longer in it */
  while (self->looks->len > 0 && g_array_index (self->looks, guint, self->looks->len - 1) >= trials)
    g_array_set_size (self->looks, self->looks->len - 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIALS]);
  vs_session_changed (self);
}

VsTrialOrder
vs_session_get_order (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), 0);
  return self->order;
}

void
vs_session_set_order (VsSession    *self,
                      VsTrialOrder  order)
{
  g_return_if_fail (VS_IS_SESSION (self));
  if (self->order == order)
    return;
  self->order = order;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER]);
  vs_session_changed (self);
}

gint64
vs_session_get_cooldown_us (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), 0);
  return self->cooldown_us;
}

void
vs_session_set_cooldown_us (VsSession *self,
                            gint64     cooldown_us)
{
  g_return_if_fail (VS_IS_SESSION (self));
  if (self->cooldown_us == cooldown_us)
    return;
  self->cooldown_us = cooldown_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COOLDOWN_US]);
  vs_session_changed (self);
}

/* The smallest difference that matters, in percent: below it, two
 * targets count as equivalent (see docs/statistics.md). */
double
vs_session_get_smallest_difference (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), VS_SESSION_DEFAULT_SMALLEST_PERCENT);
  return self->smallest_percent;
}

void
vs_session_set_smallest_difference (VsSession *self,
                                    double     percent)
{
  g_return_if_fail (VS_IS_SESSION (self));
  if (self->smallest_percent == percent)
    return;
  self->smallest_percent = percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMALLEST_DIFFERENCE]);
  vs_session_changed (self);
}

/* The seed of the order within each pair (block) of trials: saved, so the
 * plan a session ran can be told again. */
guint32
vs_session_get_order_seed (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), 0);
  return self->order_seed;
}

void
vs_session_set_order_seed (VsSession *self,
                           guint32    seed)
{
  g_return_if_fail (VS_IS_SESSION (self));
  if (self->order_seed == seed)
    return;
  self->order_seed = seed;
  vs_session_changed (self);
}

GPtrArray *
vs_session_get_results (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  return self->results;
}

VsHistogram *
vs_session_merge_latency (VsSession *self,
                          guint      target)
{
  g_autoptr(VsHistogram) merged = NULL;

  g_return_val_if_fail (VS_IS_SESSION (self), NULL);

  merged = vs_histogram_new ();
  for (guint i = 0; i < self->results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (self->results, i);

      if (r->target_index == target && r->status == VS_RUN_STATUS_OK && r->latency != NULL)
        vs_histogram_merge (merged, r->latency);
    }

  if (vs_histogram_get_count (merged) == 0)
    return NULL;
  return g_steal_pointer (&merged);
}

void
vs_session_add_result (VsSession   *self,
                       VsRunResult *result)
{
  g_return_if_fail (VS_IS_SESSION (self));
  g_ptr_array_add (self->results, vs_run_result_ref (result));
  vs_session_changed (self);
}

/* A new comparison: no results, and no look at them yet. */
void
vs_session_clear_results (VsSession *self)
{
  g_return_if_fail (VS_IS_SESSION (self));
  if (self->results->len == 0 && self->looks->len == 0)
    return;
  g_ptr_array_set_size (self->results, 0);
  g_array_set_size (self->looks, 0);
  vs_session_changed (self);
}

struct _VsSessionResults
{
  GPtrArray *results;   /* (element-type VsRunResult) */
  GArray    *looks;     /* (element-type guint) */
};

/* Takes the results and the looks out: the session is left with none, as
 * after vs_session_clear_results (). */
VsSessionResults *
vs_session_take_results (VsSession *self)
{
  VsSessionResults *saved;

  g_return_val_if_fail (VS_IS_SESSION (self), NULL);

  saved = g_new0 (VsSessionResults, 1);
  saved->results = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_run_result_unref);
  for (guint i = 0; i < self->results->len; i++)
    g_ptr_array_add (saved->results, vs_run_result_ref (g_ptr_array_index (self->results, i)));
  saved->looks = g_array_copy (self->looks);
  vs_session_clear_results (self);
  return saved;
}

/* Puts @saved back in place of whatever results the session holds now;
 * consumes @saved. */
void
vs_session_restore_results (VsSession        *self,
                            VsSessionResults *saved)
{
  g_return_if_fail (VS_IS_SESSION (self));
  g_return_if_fail (saved != NULL);

  g_ptr_array_set_size (self->results, 0);
  for (guint i = 0; i < saved->results->len; i++)
    g_ptr_array_add (self->results, vs_run_result_ref (g_ptr_array_index (saved->results, i)));
  g_array_set_size (self->looks, 0);
  g_array_append_vals (self->looks, saved->looks->data, saved->looks->len);
  vs_session_results_free (saved);
  vs_session_changed (self);
}

/* The trials in @saved that finished */
guint
vs_session_results_count_ok (VsSessionResults *saved)
{
  guint n = 0;

  for (guint i = 0; i < saved->results->len; i++)
    n += ((VsRunResult *) g_ptr_array_index (saved->results, i))->status == VS_RUN_STATUS_OK;
  return n;
}

void
vs_session_results_free (VsSessionResults *saved)
{
  if (saved == NULL)
    return;
  g_ptr_array_unref (saved->results);
  g_array_unref (saved->looks);
  g_free (saved);
}

/* How many times the results were looked at and the session continued:
 * the comparison's confidence level depends on it (vs_stats_look_confidence). */
guint
vs_session_get_continuations (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), 0);
  return self->looks->len;
}

/* The trials per target at each earlier look, oldest first. */
const guint *
vs_session_get_looks (VsSession *self,
                      guint     *n_looks)
{
  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  if (n_looks)
    *n_looks = self->looks->len;
  return (const guint *) self->looks->data;
}

/**
 * vs_session_continue:
 * @more: trials to add per target
 *
 * Records that the results so far were looked at, and plans @more trials
 * per target after them; the runner then runs only the trials without a
 * result (the new ones, and any an interrupted run left out). The
 * comparison after it spends a smaller share of the error budget
 * (docs/statistics.md, "More trials").
 *
 * Returns: FALSE, with nothing changed, when the session has no result
 *   yet, its budget allows no more continuations, or @more is out of range
 */
gboolean
vs_session_continue (VsSession  *self,
                     guint       more,
                     GError    **error)
{
  g_return_val_if_fail (VS_IS_SESSION (self), FALSE);

  if (self->results->len == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("the session has no results to continue: run it first"));
      return FALSE;
    }
  if (self->looks->len >= VS_STATS_MAX_CONTINUATIONS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "the session was continued %u time already, the most its error "
                                "budget allows; run it again from the start for a new comparison",
                                "the session was continued %u times already, the most its error "
                                "budget allows; run it again from the start for a new comparison",
                                self->looks->len),
                   self->looks->len);
      return FALSE;
    }
  if (self->trials >= MAX_TRIALS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("the session already has %d trials per target, the most a session holds"),
                   MAX_TRIALS);
      return FALSE;
    }
  if (more < 1 || more > MAX_TRIALS - self->trials)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("more trials must be between 1 and %u (a session holds at most %d trials "
                     "per target; this one has %u)"),
                   MAX_TRIALS - self->trials, MAX_TRIALS, self->trials);
      return FALSE;
    }
  g_array_append_val (self->looks, self->trials);
  self->trials += more;
  vs_session_changed (self);
  return TRUE;
}

gboolean
vs_session_get_modified (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), FALSE);
  return self->modified;
}

void
vs_session_set_modified (VsSession *self,
                         gboolean   modified)
{
  g_return_if_fail (VS_IS_SESSION (self));
  modified = !!modified;
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

GFile *
vs_session_get_file (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), NULL);
  return self->file;
}

/* What one trial costs beyond its warm-up, measurement and cool-down:
 * starting the target, waiting until it answers, connecting, stopping it.
 * Measured on this project's 2-core machine with the bundled templates
 * (README, "How long a comparison takes"); the runner replaces it with the
 * trials' own average as soon as one has finished. */
gint64
vs_session_step_overhead_us (VsRuntimeKind kind)
{
  switch (kind)
    {
    case VS_RUNTIME_KIND_PROCESS:
      return 450 * 1000;    /* measured 0.40 s */
    case VS_RUNTIME_KIND_PODMAN:
    case VS_RUNTIME_KIND_DOCKER:
    case VS_RUNTIME_KIND_AUTO:   /* the first engine that works: a container, usually */
    default:
      return 1200 * 1000;   /* measured with podman: 1.22 s */
    }
}

/* The wall time a plan should take: the check that every target in it
 * answers (one start each), then every step with the cool-downs between
 * them. */
static gint64
estimate_plan_us (VsSession *self,
                  GArray    *plan)
{
  g_autofree gboolean *checked = g_new0 (gboolean, self->targets->len);
  gint64 total = 0;

  for (guint i = 0; i < plan->len; i++)
    {
      const VsPlanStep *step = &g_array_index (plan, VsPlanStep, i);
      VsTarget *target = g_ptr_array_index (self->targets, step->target);
      gint64 overhead = vs_session_step_overhead_us (target->runtime);

      if (!checked[step->target])
        total += overhead;    /* the response check */
      checked[step->target] = TRUE;
      total += self->profile->warmup_us + self->profile->duration_us + overhead;
    }
  if (plan->len > 1)
    total += (plan->len - 1) * self->cooldown_us;
  return total;
}

/* The wall time the whole comparison should take. */
gint64
vs_session_estimate_us (VsSession *self)
{
  g_autoptr(GArray) plan = NULL;

  g_return_val_if_fail (VS_IS_SESSION (self), 0);
  plan = vs_session_plan (self);
  return estimate_plan_us (self, plan);
}

/* The wall time of the trials still to run (vs_session_plan_pending). */
gint64
vs_session_estimate_pending_us (VsSession *self)
{
  g_autoptr(GArray) plan = NULL;

  g_return_val_if_fail (VS_IS_SESSION (self), 0);
  plan = vs_session_plan_pending (self);
  return estimate_plan_us (self, plan);
}

/* The order trials run in. Interleaved: blocks of one trial per target,
 * the order within each block shuffled (seeded by the session's
 * order_seed), so a machine that drifts (thermal, background load) drifts
 * for everyone, and a periodic disturbance cannot line up with one
 * target. Round-robin: A B A B …, the same order in every block.
 * Sequential: all of A's trials, then all of B's. */
GArray *
vs_session_plan (VsSession *self)
{
  GArray *plan = g_array_new (FALSE, FALSE, sizeof (VsPlanStep));
  g_autoptr(GRand) rand = NULL;
  guint n;

  g_return_val_if_fail (VS_IS_SESSION (self), plan);

  n = self->targets->len;
  if (self->order == VS_TRIAL_ORDER_SEQUENTIAL)
    {
      for (guint t = 0; t < n; t++)
        for (guint trial = 0; trial < self->trials; trial++)
          {
            VsPlanStep step = { t, trial };
            g_array_append_val (plan, step);
          }
      return plan;
    }

  rand = g_rand_new_with_seed (self->order_seed);
  for (guint trial = 0; trial < self->trials; trial++)
    {
      guint first = plan->len;

      for (guint i = 0; i < n; i++)
        {
          VsPlanStep step = { i, trial };
          g_array_append_val (plan, step);
        }
      if (self->order != VS_TRIAL_ORDER_INTERLEAVED)
        continue;
      /* Fisher–Yates within the block */
      for (guint i = n - 1; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          VsPlanStep tmp = g_array_index (plan, VsPlanStep, first + i);

          g_array_index (plan, VsPlanStep, first + i) = g_array_index (plan, VsPlanStep, first + j);
          g_array_index (plan, VsPlanStep, first + j) = tmp;
        }
    }
  return plan;
}

/* The plan's steps that have no result yet, in order: all of them after
 * vs_session_clear_results (), the new trials after vs_session_continue ()
 * (and any an interrupted run left out). A trial that failed has a result
 * and is not run again. */
GArray *
vs_session_plan_pending (VsSession *self)
{
  GArray *plan = vs_session_plan (self);
  g_autoptr(GHashTable) done = g_hash_table_new (NULL, NULL);
  guint kept = 0;

  for (guint i = 0; i < self->results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (self->results, i);

      g_hash_table_add (done, GUINT_TO_POINTER (r->trial * MAX_TARGETS + r->target_index + 1));
    }
  for (guint i = 0; i < plan->len; i++)
    {
      VsPlanStep step = g_array_index (plan, VsPlanStep, i);

      if (!g_hash_table_contains (done, GUINT_TO_POINTER (step.trial * MAX_TARGETS + step.target + 1)))
        g_array_index (plan, VsPlanStep, kept++) = step;
    }
  g_array_set_size (plan, kept);
  return plan;
}

gboolean
vs_session_check_trials (double   value,
                         GError **error)
{
  if (!vs_is_whole_number (value) || value < 1 || value > MAX_TRIALS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("trials per target must be a whole number from 1 to %d"), MAX_TRIALS);
      return FALSE;
    }
  return TRUE;
}

/* A measurement of one target rather than a comparison: a study's
 * capacity probe. vs_session_validate() then accepts a single target. */
void
vs_session_set_probe (VsSession *self,
                      gboolean   probe)
{
  g_return_if_fail (VS_IS_SESSION (self));
  self->probe = !!probe;
}

gboolean
vs_session_validate (VsSession  *self,
                     GError    **error)
{
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (VS_IS_SESSION (self), FALSE);

  if (self->targets->len < (self->probe ? 1 : 2))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("a comparison needs at least two targets (it has %u)"), self->targets->len);
      return FALSE;
    }
  for (guint i = 0; i < self->targets->len; i++)
    {
      VsTarget *target = g_ptr_array_index (self->targets, i);

      if (target->label == NULL || target->label[0] == '\0')
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("target %u has no label"), i + 1);
          return FALSE;
        }
      if (g_hash_table_contains (labels, target->label))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("two targets are labelled “%s”: labels must differ"), target->label);
          return FALSE;
        }
      g_hash_table_add (labels, target->label);
      if (!vs_target_validate (target, error))
        {
          /* Translators: put before an error about one target of a comparison */
          g_prefix_error (error, _("target “%s”: "), target->label);
          return FALSE;
        }
    }
  if (!vs_session_check_trials (self->trials, error))
    return FALSE;
  if (!(self->smallest_percent >= VS_SESSION_MIN_SMALLEST_PERCENT &&
        self->smallest_percent <= VS_SESSION_MAX_SMALLEST_PERCENT))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("the smallest difference that matters must be between %g %% and %g %%, not %g %%"),
                   VS_SESSION_MIN_SMALLEST_PERCENT, VS_SESSION_MAX_SMALLEST_PERCENT,
                   self->smallest_percent);
      return FALSE;
    }
  if (self->cooldown_us < 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("the cool-down cannot be negative"));
      return FALSE;
    }
  if (!vs_check_request_text (self->profile->url, _("endpoint path"), FALSE, error))
    return FALSE;
  if (self->profile->url == NULL || self->profile->url[0] != '/')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("the endpoint path “%s” must start with /"),
                   self->profile->url ? self->profile->url : "");
      return FALSE;
    }

  /* the profile itself, as it would run against a target */
  {
    g_autoptr(VsLoadProfile) probe = vs_load_profile_copy (self->profile);
    g_autofree char *url = g_strconcat ("http://127.0.0.1:1", self->profile->url, NULL);

    vs_load_profile_set_url (probe, url);
    if (!vs_load_profile_validate (probe, error))
      return FALSE;
  }

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                    */

static JsonNode *
target_to_json (const VsTarget *target)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  VS_JSON_ADD_STRING (builder, "label", target->label);
  VS_JSON_ADD_STRING (builder, "runtime", vs_runtime_kind_to_string (target->runtime));
  VS_JSON_ADD_STRING (builder, "template", target->template_name);
  VS_JSON_ADD_STRING (builder, "scenario", target->scenario);
  VS_JSON_ADD_STRING (builder, "image", target->image);
  VS_JSON_ADD_INT (builder, "container_port", target->container_port);
  VS_JSON_ADD_INT (builder, "host_port", target->host_port);
  VS_JSON_ADD_DOUBLE (builder, "cpus", target->cpus);
  VS_JSON_ADD_INT (builder, "memory_bytes", target->memory_bytes);
  VS_JSON_ADD_STRING (builder, "cpuset", target->cpuset);
  VS_JSON_ADD_INT (builder, "workers", target->workers);
  json_builder_set_member_name (builder, "env");
  json_builder_begin_object (builder);
  for (guint i = 0; i < target->env_names->len; i++)
    VS_JSON_ADD_STRING (builder, g_ptr_array_index (target->env_names, i),
                        g_ptr_array_index (target->env_values, i));
  json_builder_end_object (builder);
  VS_JSON_ADD_STRING (builder, "health_path", target->health_path);
  VS_JSON_ADD_DOUBLE (builder, "ready_timeout_s", target->ready_timeout_us / (double) G_USEC_PER_SEC);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
profile_to_json (const VsLoadProfile *profile)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  VS_JSON_ADD_STRING (builder, "method", profile->method);
  VS_JSON_ADD_STRING (builder, "path", profile->url);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < profile->header_names->len; i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, g_ptr_array_index (profile->header_names, i));
      json_builder_add_string_value (builder, g_ptr_array_index (profile->header_values, i));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "body");
  if (profile->body)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (profile->body, NULL),
                                         g_bytes_get_size (profile->body));
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  VS_JSON_ADD_INT (builder, "connections", profile->connections);
  VS_JSON_ADD_INT (builder, "workers", profile->workers);
  VS_JSON_ADD_DOUBLE (builder, "duration_s", profile->duration_us / (double) G_USEC_PER_SEC);
  VS_JSON_ADD_DOUBLE (builder, "warmup_s", profile->warmup_us / (double) G_USEC_PER_SEC);
  VS_JSON_ADD_DOUBLE (builder, "timeout_s", profile->timeout_us / (double) G_USEC_PER_SEC);
  VS_JSON_ADD_DOUBLE (builder, "interval_s", profile->interval_us / (double) G_USEC_PER_SEC);
  VS_JSON_ADD_STRING (builder, "mode", vs_load_mode_to_string (profile->mode));
  VS_JSON_ADD_DOUBLE (builder, "rate", profile->rate);
  VS_JSON_ADD_BOOL (builder, "keep_alive", profile->keep_alive);
  if (profile->expect_status != 0)
    VS_JSON_ADD_INT (builder, "expect_status", profile->expect_status);
  VS_JSON_ADD_STRING (builder, "transport", vs_transport_kind_to_string (profile->transport));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
vs_session_to_json (VsSession *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (VS_IS_SESSION (self), NULL);

  json_builder_begin_object (builder);
  VS_JSON_ADD_STRING (builder, "format", VS_SESSION_FORMAT);
  VS_JSON_ADD_INT (builder, "version", VS_SESSION_VERSION);
  VS_JSON_ADD_STRING (builder, "id", self->id);
  VS_JSON_ADD_STRING (builder, "name", self->name);
  VS_JSON_ADD_STRING (builder, "notes", self->notes);
  json_builder_set_member_name (builder, "targets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->targets->len; i++)
    json_builder_add_value (builder, target_to_json (g_ptr_array_index (self->targets, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "profile");
  json_builder_add_value (builder, profile_to_json (self->profile));
  json_builder_set_member_name (builder, "plan");
  json_builder_begin_object (builder);
  VS_JSON_ADD_INT (builder, "trials", self->trials);
  VS_JSON_ADD_STRING (builder, "order", vs_trial_order_to_string (self->order));
  VS_JSON_ADD_DOUBLE (builder, "cooldown_s", self->cooldown_us / (double) G_USEC_PER_SEC);
  VS_JSON_ADD_DOUBLE (builder, "smallest_difference_percent", self->smallest_percent);
  VS_JSON_ADD_INT (builder, "order_seed", self->order_seed);
  if (self->looks->len > 0)
    {
      json_builder_set_member_name (builder, "looks");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->looks->len; i++)
        json_builder_add_int_value (builder, g_array_index (self->looks, guint, i));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->results->len; i++)
    json_builder_add_value (builder, vs_run_result_to_json (g_ptr_array_index (self->results, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
get_seconds (JsonObject  *obj,
             const char  *where,
             const char  *member,
             gboolean     required,
             double       min,
             double       max,
             gint64      *out_us,
             GError     **error)
{
  double seconds = *out_us / (double) G_USEC_PER_SEC;

  if (!vs_json_get_double (obj, where, member, required, min, max, &seconds, error))
    return FALSE;
  *out_us = (gint64) llround (seconds * G_USEC_PER_SEC);
  return TRUE;
}

static VsTarget *
target_from_json (JsonObject  *obj,
                  const char  *where,
                  GError     **error)
{
  g_autoptr(VsTarget) target = vs_target_new ();
  g_autofree char *runtime = NULL;
  g_autofree char *env_where = NULL;
  JsonObject *env = NULL;
  gint64 memory = 0;

  if (!vs_json_get_string (obj, where, "label", TRUE, &target->label, error) ||
      !vs_json_get_string (obj, where, "runtime", TRUE, &runtime, error) ||
      !vs_json_get_string (obj, where, "template", FALSE, &target->template_name, error) ||
      !vs_json_get_string (obj, where, "scenario", FALSE, &target->scenario, error) ||
      !vs_json_get_string (obj, where, "image", FALSE, &target->image, error) ||
      !vs_json_get_uint (obj, where, "container_port", FALSE, 0, 65535, &target->container_port, error) ||
      !vs_json_get_uint (obj, where, "host_port", FALSE, 0, 65535, &target->host_port, error) ||
      !vs_json_get_double (obj, where, "cpus", FALSE, 0, 1024, &target->cpus, error) ||
      !vs_json_get_int (obj, where, "memory_bytes", FALSE, 0, G_MAXINT64 / 2, &memory, error) ||
      !vs_json_get_string (obj, where, "cpuset", FALSE, &target->cpuset, error) ||
      !vs_json_get_uint (obj, where, "workers", FALSE, 1, VS_TARGET_MAX_WORKERS, &target->workers, error) ||
      !vs_json_get_object (obj, where, "env", FALSE, &env, error) ||
      !vs_json_get_string (obj, where, "health_path", FALSE, &target->health_path, error) ||
      !get_seconds (obj, where, "ready_timeout_s", FALSE, 0.001, 86400, &target->ready_timeout_us, error))
    return NULL;
  target->memory_bytes = memory;

  if (target->template_name != NULL && !vs_template_is_name (target->template_name))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%stemplate “%s” is not a template’s name (lowercase letters, digits and "
                     "“-”): a session names a template in the template folders, never a path"),
                   where, target->template_name);
      return NULL;
    }
  if (!vs_runtime_kind_from_string (runtime, &target->runtime))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%sruntime “%s” is not auto, podman, docker or process"), where, runtime);
      return NULL;
    }

  if (env != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (env);

      env_where = g_strdup_printf ("%senv.", where);
      for (GList *l = members; l; l = l->next)
        {
          g_autofree char *value = NULL;

          if (!vs_json_get_string (env, env_where, l->data, TRUE, &value, error))
            return NULL;
          vs_target_set_env (target, l->data, value);
        }
    }

  /* everything a target must be, as the user would be told */
  {
    g_autoptr(GError) local_error = NULL;

    if (!vs_target_validate (target, &local_error))
      {
        /* "targets[1]: …", without the trailing dot of @where */
        g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, "%.*s: %s",
                     (int) strlen (where) - 1, where, local_error->message);
        return NULL;
      }
  }

  return g_steal_pointer (&target);
}

/* vs_check_request_text(), as damaged data of a file */
static gboolean
check_request_field (const char  *text,
                     const char  *field,
                     gboolean     space_ok,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (vs_check_request_text (text, field, space_ok, &local_error))
    return TRUE;
  g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID_DATA, local_error->message);
  return FALSE;
}

static VsLoadProfile *
profile_from_json (JsonObject  *obj,
                   const char  *where,
                   GError     **error)
{
  g_autoptr(VsLoadProfile) profile = vs_load_profile_new ();
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *transport = NULL;
  JsonArray *headers = NULL;
  gboolean found = FALSE;

  if (!vs_json_get_string (obj, where, "method", TRUE, &method, error) ||
      !vs_json_get_string (obj, where, "path", TRUE, &path, error) ||
      !vs_json_get_array (obj, where, "headers", FALSE, &headers, error) ||
      !vs_json_get_string (obj, where, "body", FALSE, &body, error) ||
      !vs_json_get_uint (obj, where, "connections", TRUE, 1, 100000, &profile->connections, error) ||
      !vs_json_get_uint (obj, where, "workers", FALSE, 0, 256, &profile->workers, error) ||
      !get_seconds (obj, where, "duration_s", TRUE, 0.001, 7 * 86400, &profile->duration_us, error) ||
      !get_seconds (obj, where, "warmup_s", FALSE, 0, 86400, &profile->warmup_us, error) ||
      !get_seconds (obj, where, "timeout_s", FALSE, 0.001, 3600, &profile->timeout_us, error) ||
      !get_seconds (obj, where, "interval_s", FALSE, 0.01, 3600, &profile->interval_us, error) ||
      !vs_json_get_string (obj, where, "mode", FALSE, &mode, error) ||
      !vs_json_get_double (obj, where, "rate", FALSE, 0, 1e7, &profile->rate, error) ||
      !vs_json_get_bool (obj, where, "keep_alive", FALSE, &profile->keep_alive, error) ||
      !vs_json_get_uint (obj, where, "expect_status", FALSE, 400, 599, &profile->expect_status, error) ||
      !vs_json_get_string (obj, where, "transport", FALSE, &transport, error))
    return NULL;

  vs_load_profile_set_method (profile, method);
  vs_load_profile_set_url (profile, path);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      vs_load_profile_set_body (profile, bytes);
    }

  if (mode != NULL)
    {
      for (guint m = VS_LOAD_MODE_CLOSED; m <= VS_LOAD_MODE_RATE; m++)
        if (g_str_equal (mode, vs_load_mode_to_string (m)))
          {
            profile->mode = m;
            found = TRUE;
          }
      if (!found)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       /* Translators: %s%s is a field of a session file and its value;
                        * the last two are the modes "closed" and "rate", not translated */
                       _("%smode “%s” is not %s or %s"), where, mode,
                       vs_load_mode_to_string (VS_LOAD_MODE_CLOSED),
                       vs_load_mode_to_string (VS_LOAD_MODE_RATE));
          return NULL;
        }
    }
  if (transport != NULL && !vs_transport_kind_from_string (transport, &profile->transport))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%stransport “%s” is not auto, fast or soup"), where, transport);
      return NULL;
    }

  for (guint i = 0; headers && i < json_array_get_length (headers); i++)
    {
      JsonNode *node = json_array_get_element (headers, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (pair == NULL || json_array_get_length (pair) != 2 ||
          json_node_get_value_type (json_array_get_element (pair, 0)) != G_TYPE_STRING ||
          json_node_get_value_type (json_array_get_element (pair, 1)) != G_TYPE_STRING)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%sheaders[%u] must be a [name, value] pair of strings"), where, i);
          return NULL;
        }
      {
        g_autofree char *name_field = g_strdup_printf ("%sheaders[%u] name", where, i);
        g_autofree char *value_field = g_strdup_printf ("%sheaders[%u] value", where, i);

        if (!check_request_field (json_array_get_string_element (pair, 0), name_field, FALSE, error) ||
            !check_request_field (json_array_get_string_element (pair, 1), value_field, TRUE, error))
          return NULL;
      }
      vs_load_profile_add_header (profile, json_array_get_string_element (pair, 0),
                                  json_array_get_string_element (pair, 1));
    }

  /* nothing that reaches the request head may carry CR, LF or controls */
  {
    g_autofree char *method_field = g_strconcat (where, "method", NULL);
    g_autofree char *path_field = g_strconcat (where, "path", NULL);

    if (!check_request_field (method, method_field, FALSE, error) ||
        !check_request_field (path, path_field, FALSE, error))
      return NULL;
  }
  if (path[0] != '/')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%spath “%s” must start with /"), where, path);
      return NULL;
    }
  if (profile->mode == VS_LOAD_MODE_RATE && profile->rate <= 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%srate must be positive in the rate mode"), where);
      return NULL;
    }

  return g_steal_pointer (&profile);
}

/* plan.looks: the trials per target at each look before a continuation,
 * rising, each below plan.trials, at most VS_STATS_MAX_CONTINUATIONS */
static gboolean
looks_from_json (VsSession   *self,
                 JsonObject  *plan,
                 GError     **error)
{
  JsonArray *looks = NULL;
  guint previous = 0;

  if (!vs_json_get_array (plan, "plan.", "looks", FALSE, &looks, error))
    return FALSE;
  if (looks == NULL)
    return TRUE;
  if (json_array_get_length (looks) > VS_STATS_MAX_CONTINUATIONS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("plan.looks has %u entries; a session is continued at most %d times"),
                   json_array_get_length (looks), VS_STATS_MAX_CONTINUATIONS);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (looks); i++)
    {
      JsonNode *node = json_array_get_element (looks, i);
      gint64 value;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          (value = json_node_get_int (node)) <= previous || value >= self->trials)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("plan.looks[%u] must be a whole number of trials, more than the look "
                         "before and fewer than plan.trials (%u)"),
                       i, self->trials);
          return FALSE;
        }
      previous = (guint) value;
      g_array_append_val (self->looks, previous);
    }
  return TRUE;
}

VsSession *
vs_session_new_from_json (JsonNode  *root,
                          GError   **error)
{
  g_autoptr(VsSession) self = vs_session_new ();
  g_autofree char *format = NULL;
  g_autofree char *order = NULL;
  JsonObject *obj, *profile = NULL, *plan = NULL;
  JsonArray *targets = NULL, *results = NULL;
  gint64 version = 0;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("the file is not a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (root);

  if (!vs_json_get_string (obj, "", "format", TRUE, &format, error))
    return NULL;
  if (!g_str_equal (format, VS_SESSION_FORMAT))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("the file is a “%s” file, not a Versus session"), format);
      return NULL;
    }
  if (!vs_json_get_int (obj, "", "version", TRUE, 1, G_MAXINT64, &version, error))
    return NULL;
  if (version > VS_SESSION_VERSION)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED,
                   _("the session was saved by a newer Versus (format version %lld"
                     "; this one reads version %d)"), (long long) version, VS_SESSION_VERSION);
      return NULL;
    }

  if (!vs_json_get_string (obj, "", "id", TRUE, &self->id, error) ||
      !vs_json_get_string (obj, "", "name", TRUE, &self->name, error) ||
      !vs_json_get_string (obj, "", "notes", FALSE, &self->notes, error) ||
      !vs_json_get_array (obj, "", "targets", TRUE, &targets, error) ||
      !vs_json_get_object (obj, "", "profile", TRUE, &profile, error) ||
      !vs_json_get_object (obj, "", "plan", TRUE, &plan, error) ||
      !vs_json_get_array (obj, "", "results", FALSE, &results, error))
    return NULL;

  if (json_array_get_length (targets) > MAX_TARGETS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("targets has %u entries; at most %d are supported"),
                   json_array_get_length (targets), MAX_TARGETS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      g_autofree char *where = g_strdup_printf ("targets[%u].", i);
      JsonObject *t = vs_json_array_get_object (targets, "", "targets", i, error);
      VsTarget *target;

      if (t == NULL || (target = target_from_json (t, where, error)) == NULL)
        return NULL;
      add_target (self, target);
    }

  {
    VsLoadProfile *p = profile_from_json (profile, "profile.", error);

    if (p == NULL)
      return NULL;
    take_profile (self, p);
  }

  if (!vs_json_get_uint (plan, "plan.", "trials", TRUE, 1, MAX_TRIALS, &self->trials, error) ||
      !vs_json_get_string (plan, "plan.", "order", FALSE, &order, error) ||
      !get_seconds (plan, "plan.", "cooldown_s", FALSE, 0, 86400, &self->cooldown_us, error) ||
      !vs_json_get_double (plan, "plan.", "smallest_difference_percent", FALSE,
                           VS_SESSION_MIN_SMALLEST_PERCENT, VS_SESSION_MAX_SMALLEST_PERCENT,
                           &self->smallest_percent, error))
    return NULL;
  {
    /* a file saved before the seed was kept keeps the fresh one */
    guint seed = self->order_seed;

    if (!vs_json_get_uint (plan, "plan.", "order_seed", FALSE, 0, G_MAXUINT32, &seed, error))
      return NULL;
    self->order_seed = seed;
  }
  if (!looks_from_json (self, plan, error))
    return NULL;
  if (order != NULL && !vs_trial_order_from_string (order, &self->order))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("plan.order “%s” is not interleaved, round-robin or sequential"), order);
      return NULL;
    }

  for (guint i = 0; results && i < json_array_get_length (results); i++)
    {
      g_autofree char *where = g_strdup_printf ("results[%u].", i);
      JsonObject *r = vs_json_array_get_object (results, "", "results", i, error);
      VsRunResult *result;

      if (r == NULL || (result = vs_run_result_from_json (r, where, error)) == NULL)
        return NULL;
      g_ptr_array_add (self->results, result);
      if (result->target_index >= self->targets->len)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%starget_index %u names no target (there are %u)"),
                       where, result->target_index, self->targets->len);
          return NULL;
        }
    }

  self->modified = FALSE;
  return g_steal_pointer (&self);
}

VsSession *
vs_session_load (GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  VsSession *self;
  gsize len;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, _("cannot open %s: %s"),
                   name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s is too large to be a session (%lld bytes)"),
                   name, (long long) g_file_info_get_size (info));
      return NULL;
    }

  if (!g_file_load_contents (file, cancellable, &contents, &len, NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, _("cannot read %s: %s"),
                   name, local_error->message);
      return NULL;
    }
  self = vs_session_new_from_data (contents, len, name, error);
  if (self != NULL)
    self->file = g_object_ref (file);
  return self;
}

/**
 * vs_session_new_from_data:
 * @contents: (array length=len): a session file's bytes
 * @len: their length
 * @name: what to call them in errors, e.g. the file's name
 * @error: return location for a #GError
 *
 * Reads a session from the bytes of a `.versus` file, with every check
 * vs_session_load() makes of them (what a session file can hold is not
 * trusted: this is what the fuzz target tests/fuzz/fuzz-session-loader.c
 * feeds). The session is trusted (vs_session_get_trusted()) when what it
 * runs was recorded on this machine (vs-trust.h).
 *
 * Returns: (transfer full) (nullable): the session, or %NULL with @error set
 */
VsSession *
vs_session_new_from_data (const char  *contents,
                          gsize        len,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  VsSession *self;

  g_return_val_if_fail (contents != NULL || len == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (len > MAX_FILE_SIZE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s is too large to be a session (%lld bytes)"), name, (long long) len);
      return NULL;
    }
  if (!vs_json_parse (parser, contents, len, &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s is not a valid session: %s"), name, local_error->message);
      return NULL;
    }

  self = vs_session_new_from_json (json_parser_get_root (parser), &local_error);
  if (self == NULL)
    {
      g_set_error (error, VS_ERROR, local_error->code, "%s: %s", name, local_error->message);
      return NULL;
    }
  /* bytes from a file: from elsewhere, unless this machine made or ran them */
  {
    g_autofree char *fingerprint = vs_trust_fingerprint (self);

    self->trusted = vs_trust_lookup (fingerprint);
  }
  return self;
}

static char *
session_to_text (VsSession *self)
{
  g_autoptr(JsonNode) root = vs_session_to_json (self);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 1);
  text = json_generator_to_data (generator, NULL);
  return text;
}

/* A session saved here that was trusted is remembered as made here: what
 * it runs is not asked about when it is opened again (vs_trust_save). */
gboolean
vs_session_save (VsSession     *self,
                 GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *text = NULL;
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (VS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = session_to_text (self);
  fingerprint = self->trusted ? vs_trust_fingerprint (self) : NULL;
  if (!vs_trust_save (file, text, fingerprint, cancellable, error))
    return FALSE;

  g_set_object (&self->file, file);
  self->modified = FALSE;
  return TRUE;
}

/* vs_session_load as a VsFileLoadFunc */
static gpointer
load_session (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  return vs_session_load (file, cancellable, error);
}

void
vs_session_load_async (GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  vs_file_load_async (file, load_session, vs_session_load_async, cancellable, callback,
                      user_data);
}

VsSession *
vs_session_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  return vs_file_load_finish (result, error);
}

/* The JSON is made now, on the caller's thread; the writing in a thread. */
void
vs_session_save_async (VsSession           *self,
                       GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  vs_trust_save_async (self, vs_session_save_async, file, session_to_text (self),
                       self->trusted ? vs_trust_fingerprint (self) : NULL,
                       cancellable, callback, user_data);
}

gboolean
vs_session_save_finish (VsSession     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  g_set_object (&self->file, vs_trust_save_get_file (result));
  self->modified = FALSE;
  return TRUE;
}

static const char * const order_names[] = {
  [VS_TRIAL_ORDER_INTERLEAVED] = "interleaved",
  [VS_TRIAL_ORDER_ROUND_ROBIN] = "round-robin",
  [VS_TRIAL_ORDER_SEQUENTIAL] = "sequential",
};

const char *
vs_trial_order_to_string (VsTrialOrder order)
{
  g_return_val_if_fail (order < G_N_ELEMENTS (order_names), NULL);
  return order_names[order];
}

/* The order in words, for people: "interleaved", translated. */
const char *
vs_trial_order_get_title (VsTrialOrder order)
{
  switch (order)
    {
    case VS_TRIAL_ORDER_INTERLEAVED: return C_("trial order", "interleaved");
    case VS_TRIAL_ORDER_ROUND_ROBIN: return C_("trial order", "round-robin");
    case VS_TRIAL_ORDER_SEQUENTIAL: return C_("trial order", "sequential");
    default: g_return_val_if_reached (NULL);
    }
}

gboolean
vs_trial_order_from_string (const char   *text,
                            VsTrialOrder *out_order)
{
  for (guint i = 0; i < G_N_ELEMENTS (order_names); i++)
    if (g_strcmp0 (text, order_names[i]) == 0)
      {
        *out_order = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * vs_session_get_trusted:
 *
 * Whether @self may run without asking: it was made in this process, or
 * what it runs was recorded on this machine (made or agreed to here), or
 * vs_session_set_trusted() was called since it was read from a file.
 */
gboolean
vs_session_get_trusted (VsSession *self)
{
  g_return_val_if_fail (VS_IS_SESSION (self), FALSE);
  return self->trusted;
}

/* The user agreed to run what @self names; vs_trust_record() remembers it
 * for the next time the file is opened. */
void
vs_session_set_trusted (VsSession *self,
                        gboolean   trusted)
{
  g_return_if_fail (VS_IS_SESSION (self));
  self->trusted = !!trusted;
}

/**
 * vs_session_check_here:
 *
 * What only the machine that runs @self can check, beyond
 * vs_session_validate(): a session made on a bigger machine opens, but runs
 * only with CPU sets this one has.
 *
 * Returns: %FALSE with @error naming the target and the problem
 */
gboolean
vs_session_check_here (VsSession  *self,
                       GError    **error)
{
  g_return_val_if_fail (VS_IS_SESSION (self), FALSE);

  if (!vs_load_profile_check_here (self->profile, error))
    return FALSE;
  for (guint i = 0; i < self->targets->len; i++)
    {
      VsTarget *target = g_ptr_array_index (self->targets, i);

      if (target->cpuset != NULL && !vs_validate_cpuset (target->cpuset, error))
        {
          g_prefix_error (error, _("target “%s”: "), target->label);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* A comparison rebuilt from the history                                   */

static int
compare_entries_by_date (gconstpointer a,
                         gconstpointer b)
{
  const VsHistoryEntry *x = *(const VsHistoryEntry * const *) a;
  const VsHistoryEntry *y = *(const VsHistoryEntry * const *) b;

  if (x->date != y->date)
    return x->date < y->date ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/**
 * vs_history_select_run:
 * @entries: (element-type VsHistoryEntry): the history's rows of one session
 * @id: the row that was chosen
 *
 * A session's rows hold every time it ran. One run is the rows from a first
 * trial on: a run again (results cleared, trial 1 once more) starts the
 * next one; a continuation's trials stay in the run they continue.
 *
 * Returns: (transfer container) (element-type VsHistoryEntry): the rows of
 *   the run that holds @id, oldest first; empty when @id is not there
 */
GPtrArray *
vs_history_select_run (GPtrArray *entries,
                       gint64     id)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (entries->len);   /* borrows */
  g_autoptr(GPtrArray) run = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean found = FALSE;

  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (entries, i));
  g_ptr_array_sort (sorted, compare_entries_by_date);
  for (guint i = 0; i < sorted->len; i++)
    {
      VsHistoryEntry *entry = g_ptr_array_index (sorted, i);
      g_autofree char *key = g_strdup_printf ("%s\n%u", entry->target_label, entry->trial);

      if (g_hash_table_contains (seen, key))
        {
          /* the same trial again: a new run begins */
          if (found)
            break;
          g_ptr_array_set_size (run, 0);
          g_hash_table_remove_all (seen);
        }
      g_hash_table_add (seen, g_steal_pointer (&key));
      g_ptr_array_add (run, entry);
      found |= entry->id == id;
    }
  if (!found)
    g_ptr_array_set_size (run, 0);
  return g_steal_pointer (&run);
}

static int
compare_by_target_index (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  GPtrArray *results = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  const VsRunResult *x = g_ptr_array_index (results, i);
  const VsRunResult *y = g_ptr_array_index (results, j);

  if (x->target_index != y->target_index)
    return x->target_index < y->target_index ? -1 : 1;
  return i < j ? -1 : i > j;
}

/**
 * vs_session_new_from_history:
 * @entries: (element-type VsHistoryEntry): the rows of one run
 *   (vs_history_select_run())
 *
 * A comparison as the history recorded it: its targets (label, runtime,
 * template or image), the load as it ran and every trial's result. What the
 * history does not keep (limits, environment, headers) is left out. Not
 * saved anywhere yet, and not modified.
 */
VsSession *
vs_session_new_from_history (GPtrArray  *entries,
                             GError    **error)
{
  g_autoptr(VsSession) session = vs_session_new ();
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_run_result_unref);
  g_autoptr(GArray) by_index = NULL;
  const VsHistoryEntry *first = NULL;
  guint trials = 1;

  g_return_val_if_fail (entries != NULL, NULL);

  if (entries->len == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("the history has no run to open there"));
      return NULL;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const VsHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);
      /* Translators: %s is the row's number in the history database */
      g_autofree char *where = g_strdup_printf (_("history row %s"), id);
      VsRunResult *result;
      JsonNode *root;

      if (!json_parser_load_from_data (parser, entry->json, -1, NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%s does not hold a run the history can show"), where);
          return NULL;
        }
      result = vs_run_result_from_json (json_node_get_object (root), where, error);
      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
      trials = MAX (trials, result->trial + 1);
      if (first == NULL)
        first = entry;
    }

  /* the results' positions, by the target number the run gave them */
  by_index = g_array_sized_new (FALSE, FALSE, sizeof (guint), results->len);
  for (guint i = 0; i < results->len; i++)
    g_array_append_val (by_index, i);
  g_array_sort_with_data (by_index, compare_by_target_index, results);

  /* the targets, by label, in the order the run numbered them */
  for (guint pass = 0; pass < 2; pass++)
    for (guint k = 0; k < results->len; k++)
      {
        guint i = g_array_index (by_index, guint, k);
        VsRunResult *result = g_ptr_array_index (results, i);
        const VsHistoryEntry *entry = g_ptr_array_index (entries, i);
        GPtrArray *targets = vs_session_get_targets (session);
        g_autoptr(VsTarget) target = NULL;
        guint t;

        for (t = 0; t < targets->len; t++)
          if (g_strcmp0 (((VsTarget *) g_ptr_array_index (targets, t))->label,
                         result->target_label) == 0)
            break;
        if (pass == 1)
          {
            /* renumbered as the targets are here */
            result->target_index = t;
            continue;
          }
        if (t < targets->len || result->target_label == NULL)
          continue;
        if (targets->len >= 32)
          {
            g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                         _("the run has more targets than a comparison holds"));
            return NULL;
          }
        target = vs_target_new ();
        target->label = g_strdup (result->target_label);
        if (result->runtime == NULL || !vs_runtime_kind_from_string (result->runtime, &target->runtime))
          target->runtime = VS_RUNTIME_KIND_AUTO;
        /* a template's name has neither "/" nor ":"; an image reference usually has */
        if (entry->source != NULL && strpbrk (entry->source, "/:") != NULL)
          target->image = g_strdup (entry->source);
        else
          target->template_name = g_strdup (entry->source);
        vs_session_add_target (session, target);
      }

  vs_session_set_name (session, first->session_name ? first->session_name : _("A comparison"));

  /* the load as it ran: the first result's record of it */
  {
    VsRunResult *result = g_ptr_array_index (results, 0);
    VsLoadProfile *profile = vs_session_get_profile (session);

    if (first->scenario != NULL && strchr (first->scenario, ' ') != NULL)
      {
        g_autofree char *method = g_strndup (first->scenario, strcspn (first->scenario, " "));

        vs_load_profile_set_method (profile, method);
        g_free (profile->url);
        profile->url = g_strdup (strchr (first->scenario, ' ') + 1);
      }
    if (result->profile != NULL && JSON_NODE_HOLDS_OBJECT (result->profile))
      {
        JsonObject *obj = json_node_get_object (result->profile);
        guint connections = 0;
        double seconds = 0;
        g_autofree char *mode = NULL;

        if (vs_json_get_uint (obj, "profile.", "connections", FALSE, 1, 100000, &connections, NULL) &&
            connections > 0)
          profile->connections = connections;
        if (vs_json_get_double (obj, "profile.", "duration_s", FALSE, 0, 86400, &seconds, NULL) &&
            seconds > 0)
          profile->duration_us = (gint64) (seconds * G_USEC_PER_SEC);
        seconds = -1;
        if (vs_json_get_double (obj, "profile.", "warmup_s", FALSE, 0, 86400, &seconds, NULL) &&
            seconds >= 0)
          profile->warmup_us = (gint64) (seconds * G_USEC_PER_SEC);
        if (vs_json_get_string (obj, "profile.", "mode", FALSE, &mode, NULL) &&
            g_strcmp0 (mode, "rate") == 0)
          profile->mode = VS_LOAD_MODE_RATE;
      }
  }

  vs_session_set_trials (session, MIN (trials, MAX_TRIALS));
  for (guint i = 0; i < results->len; i++)
    vs_session_add_result (session, g_ptr_array_index (results, i));
  /* what ran here, from this machine's own history */
  vs_session_set_trusted (session, TRUE);
  vs_session_set_modified (session, FALSE);
  return g_steal_pointer (&session);
}
