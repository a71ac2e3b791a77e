/* vs-setup-page.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vs-runtime.h"
#include "vs-gui-util.h"
#include "vs-setup-page.h"
#include "vs-target-card.h"
#include "vs-template.h"
#include "vs-util.h"

#define MAX_CARDS_PER_LINE 3
#define DEFAULT_RATE 1000.0
#define UI_RESOURCE "/io/github/versusbench/Versus/ui/vs-setup-page.ui"

/* The page's own fields that can hold something invalid, in the order
 * they are read: endpoint, load, trials. */
typedef enum
{
  FIELD_PATH,
  FIELD_EXPECT,
  FIELD_HEADERS,
  FIELD_CONNECTIONS,
  FIELD_RATE,
  FIELD_WORKERS,
  FIELD_DURATION,
  FIELD_WARMUP,
  FIELD_TIMEOUT,
  FIELD_TRIALS,
  FIELD_COOLDOWN,
  N_FIELDS
} Field;

static const char * const field_names[N_FIELDS] = {
  [FIELD_PATH] = N_("Path"),
  [FIELD_EXPECT] = N_("Expected status"),
  [FIELD_HEADERS] = N_("Headers"),
  [FIELD_CONNECTIONS] = N_("Connections"),
  [FIELD_RATE] = N_("Rate"),
  [FIELD_WORKERS] = N_("Workers"),
  [FIELD_DURATION] = N_("Duration"),
  [FIELD_WARMUP] = N_("Warm-up"),
  [FIELD_TIMEOUT] = N_("Request timeout"),
  [FIELD_TRIALS] = N_("Trials per target"),
  [FIELD_COOLDOWN] = N_("Cool-down"),
};

static const char * const methods[] = {
  "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", NULL
};

struct _VsSetupPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkWidget           *content;
  GtkSwitch           *same_limits_switch;
  GtkFlowBox          *cards_box;
  GtkWidget           *problem_box;
  GtkLabel            *problem_label;
  AdwEntryRow         *path_row;
  GtkDropDown         *method_dropdown;
  GtkImage            *path_icon;
  AdwExpanderRow      *headers_row;
  GtkImage            *headers_icon;
  GtkTextView         *headers_view;
  AdwExpanderRow      *body_row;
  GtkTextView         *body_view;
  AdwPreferencesGroup *trials_group;
  AdwActionRow        *trials_row;
  GtkSpinButton       *trials_spin;
  AdwComboRow         *order_row;
  AdwActionRow        *cooldown_row;
  AdwActionRow        *expect_row;
  GtkEntry            *expect_entry;
  GtkEntry            *cooldown_entry;
  AdwComboRow         *mode_row;
  AdwActionRow        *connections_row;
  GtkSpinButton       *connections_spin;
  AdwActionRow        *rate_row;
  GtkSpinButton       *rate_spin;
  AdwActionRow        *workers_row;
  GtkSpinButton       *workers_spin;
  AdwActionRow        *duration_row;
  GtkEntry            *duration_entry;
  AdwActionRow        *warmup_row;
  GtkEntry            *warmup_entry;
  AdwActionRow        *timeout_row;
  GtkEntry            *timeout_entry;
  GtkSwitch           *keepalive_switch;

  /* Owned */
  VsSession           *session;
  GPtrArray           *cards;        /* (element-type VsTargetCard) in the session's order */
  GPtrArray           *templates;    /* (element-type VsTemplate) */
  VsRuntimeMonitor    *monitor;
  GtkStringList       *method_model;
  char                *problems[N_FIELDS];
  char                *invalid_reason;

  guint                valid : 1;
  guint                locked : 1;
  guint                updating : 1;   /* showing the session: nothing is written */
};

G_DEFINE_FINAL_TYPE (VsSetupPage, vs_setup_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_VALID,
  PROP_INVALID_REASON,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void revalidate (VsSetupPage *self);

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static VsLoadProfile *
get_profile (VsSetupPage *self)
{
  return vs_session_get_profile (self->session);
}

static char *
get_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_problem (VsSetupPage *self,
             Field        field,
             const char  *problem)
{
  g_free (self->problems[field]);
  self->problems[field] = g_strdup (problem);
}

/* ---------------------------------------------------------------------- */
/* Validity                                                                */

static void
set_validity (VsSetupPage *self,
              const char  *reason)
{
  gboolean valid = reason == NULL;

  if (g_strcmp0 (self->invalid_reason, reason) != 0)
    {
      g_free (self->invalid_reason);
      self->invalid_reason = g_strdup (reason);
      gtk_label_set_text (self->problem_label, reason ? reason : "");
      gtk_widget_set_visible (self->problem_box, reason != NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVALID_REASON]);
    }

  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
update_trials_summary (VsSetupPage *self)
{
  guint n_targets = vs_session_get_targets (self->session)->len;
  guint runs = vs_session_get_trials (self->session) * n_targets;
  g_autofree char *span = NULL;
  g_autofree char *text = NULL;
  gint64 total;

  if (runs == 0)
    {
      adw_preferences_group_set_description (self->trials_group, NULL);
      return;
    }

  total = vs_session_estimate_us (self->session);
  span = vs_format_span (total);
  /* Translators: runs of all targets together, then a time span like "1 min 30 s" */
  text = g_strdup_printf (ngettext ("%u run in all: about %s, with starting and stopping the targets",
                                    "%u runs in all: about %s, with starting and stopping the targets",
                                    runs),
                          runs, span);
  adw_preferences_group_set_description (self->trials_group, text);
}

static void
update_hints (VsSetupPage *self)
{
  VsLoadProfile *profile = get_profile (self);
  g_autofree char *workers = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  guint n_headers = profile->header_names->len;
  gsize body_size = profile->body ? g_bytes_get_size (profile->body) : 0;
  static const char * const orders[] = {
    /* Translators: A and B stand for the targets */
    [VS_TRIAL_ORDER_INTERLEAVED] = N_("A B, then B A, …: drift hits every target alike"),
    [VS_TRIAL_ORDER_ROUND_ROBIN] = N_("A B, A B, …"),
    [VS_TRIAL_ORDER_SEQUENTIAL] = N_("Every trial of A, then every trial of B"),
  };
  VsTrialOrder order = vs_session_get_order (self->session);

  if (profile->workers == 0)
    workers = g_strdup_printf (_("Threads sending the load; Auto uses %u here"),
                               vs_load_profile_get_effective_workers (profile));
  else
    workers = g_strdup (_("Threads sending the load"));
  vs_field_show_problem (GTK_WIDGET (self->workers_row), GTK_WIDGET (self->workers_spin), NULL,
                         workers, self->problems[FIELD_WORKERS]);
  vs_field_show_problem (GTK_WIDGET (self->connections_row), GTK_WIDGET (self->connections_spin),
                         NULL,
                         profile->mode == VS_LOAD_MODE_RATE
                         ? _("The most requests in flight at once")
                         : _("Each sends its next request when the last response is in"),
                         self->problems[FIELD_CONNECTIONS]);
  vs_field_show_problem (GTK_WIDGET (self->rate_row), GTK_WIDGET (self->rate_spin), NULL,
                         _("Requests per second, spread over all connections"),
                         self->problems[FIELD_RATE]);
  vs_field_show_problem (GTK_WIDGET (self->trials_row), GTK_WIDGET (self->trials_spin), NULL,
                         NULL, self->problems[FIELD_TRIALS]);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->mode_row),
                               profile->mode == VS_LOAD_MODE_RATE
                               ? _("A steady rate; latency counts from when a request was due")
                               : _("As fast as the connections allow, like wrk"));
  gtk_widget_set_visible (GTK_WIDGET (self->rate_row), profile->mode == VS_LOAD_MODE_RATE);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->order_row),
                               order < G_N_ELEMENTS (orders) ? _(orders[order]) : "");

  if (n_headers == 0)
    headers = g_strdup (_("None; one “Name: value” per line"));
  else
    headers = g_strdup_printf (ngettext ("%u header", "%u headers", n_headers), n_headers);
  vs_field_show_problem (GTK_WIDGET (self->headers_row), GTK_WIDGET (self->headers_view),
                         GTK_WIDGET (self->headers_icon), headers, self->problems[FIELD_HEADERS]);

  body = body_size == 0 ? g_strdup (C_("request body", "Empty"))
                        : g_strdup_printf (ngettext ("%lu byte", "%lu bytes", body_size),
                                           (unsigned long) body_size);
  adw_expander_row_set_subtitle (self->body_row, body);

  vs_field_show_problem (GTK_WIDGET (self->path_row), NULL, GTK_WIDGET (self->path_icon),
                         NULL, self->problems[FIELD_PATH]);
  vs_field_show_problem (GTK_WIDGET (self->expect_row), GTK_WIDGET (self->expect_entry), NULL,
                         _("An error status the endpoint is meant to answer (404 for a missing "
                           "page): not a failure, and speeds are ranked at it"),
                         self->problems[FIELD_EXPECT]);
  vs_field_show_problem (GTK_WIDGET (self->duration_row), GTK_WIDGET (self->duration_entry), NULL,
                         _("Measured, in each trial"), self->problems[FIELD_DURATION]);
  vs_field_show_problem (GTK_WIDGET (self->warmup_row), GTK_WIDGET (self->warmup_entry), NULL,
                         _("Load before measuring, not counted"), self->problems[FIELD_WARMUP]);
  vs_field_show_problem (GTK_WIDGET (self->timeout_row), GTK_WIDGET (self->timeout_entry), NULL,
                         _("A slower response counts as an error"), self->problems[FIELD_TIMEOUT]);
  vs_field_show_problem (GTK_WIDGET (self->cooldown_row), GTK_WIDGET (self->cooldown_entry), NULL,
                         _("A pause between trials"), self->problems[FIELD_COOLDOWN]);

  update_trials_summary (self);
}

/* The first problem, top to bottom, becomes "invalid-reason". */
static void
revalidate (VsSetupPage *self)
{
  g_autoptr(GHashTable) labels = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  GPtrArray *targets;

  if (self->session == NULL || self->updating)
    return;

  targets = vs_session_get_targets (self->session);
  labels = g_hash_table_new (g_str_hash, g_str_equal);

  /* numbers as typed; the rate counts only when it is used */
  set_problem (self, FIELD_CONNECTIONS, vs_spin_button_get_problem (self->connections_spin));
  set_problem (self, FIELD_RATE, get_profile (self)->mode == VS_LOAD_MODE_RATE
                                 ? vs_spin_button_get_problem (self->rate_spin) : NULL);
  set_problem (self, FIELD_WORKERS, vs_spin_button_get_problem (self->workers_spin));
  set_problem (self, FIELD_TRIALS, vs_spin_button_get_problem (self->trials_spin));

  /* two cards with one label: the second one is told */
  for (guint i = 0; i < self->cards->len; i++)
    {
      VsTargetCard *card = g_ptr_array_index (self->cards, i);
      VsTarget *target = vs_target_card_get_target (card);
      g_autofree char *problem = NULL;

      if (target->label != NULL && g_hash_table_contains (labels, target->label))
        problem = g_strdup_printf (_("two targets are labelled “%s”: labels must differ"),
                                   target->label);
      else if (target->label != NULL)
        g_hash_table_add (labels, target->label);
      vs_target_card_set_label_problem (card, problem);
    }

  update_hints (self);

  if (targets->len < 2)
    reason = g_strdup_printf (_("A comparison needs at least two targets (it has %u)"),
                              targets->len);

  for (guint i = 0; reason == NULL && i < self->cards->len; i++)
    {
      VsTargetCard *card = g_ptr_array_index (self->cards, i);
      const char *problem = vs_target_card_get_problem (card);
      VsTarget *target = vs_target_card_get_target (card);

      if (problem != NULL)
        {
          g_autofree char *label = NULL;

          if (target->label != NULL && target->label[0] != '\0')
            label = g_strdup (target->label);
          else
            label = g_strdup_printf (_("Target %u"), i + 1);
          reason = g_strdup_printf ("%s: %s", label, problem);
        }
    }

  for (guint i = 0; reason == NULL && i < N_FIELDS; i++)
    if (self->problems[i] != NULL)
      reason = vs_describe_field_problem (_(field_names[i]), self->problems[i]);

  /* anything the fields above do not see */
  if (reason == NULL && !vs_session_validate (self->session, &error))
    reason = vs_capitalize (error->message);

  set_validity (self, reason);
}

static void
changed (VsSetupPage *self)
{
  if (self->updating)
    return;
  vs_session_changed (self->session);
}

/* ---------------------------------------------------------------------- */
/* Cards                                                                   */

static void card_changed_cb          (VsSetupPage  *self);
static void card_remove_cb           (VsSetupPage  *self,
                                      VsTargetCard *card);
static void card_scenario_chosen_cb  (VsSetupPage  *self,
                                      const char   *scenario,
                                      VsTargetCard *card);
static void card_limits_edited_cb    (VsSetupPage  *self,
                                      VsTargetCard *card);

static void show_session (VsSetupPage *self);

static void
update_cards_per_line (VsSetupPage *self)
{
  guint n = CLAMP (self->cards->len, 2, MAX_CARDS_PER_LINE);

  gtk_flow_box_set_max_children_per_line (self->cards_box, n);
  for (guint i = 0; i < self->cards->len; i++)
    vs_target_card_set_removable (g_ptr_array_index (self->cards, i), self->cards->len > 2);
}

static GtkWidget *
add_card (VsSetupPage *self,
          VsTarget    *target)
{
  GtkWidget *card = vs_target_card_new (self->session, target, self->templates,
                                        self->monitor);
  GtkWidget *child;

  g_signal_connect_object (card, "changed", G_CALLBACK (card_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (card, "remove", G_CALLBACK (card_remove_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (card, "scenario-chosen", G_CALLBACK (card_scenario_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (card, "limits-edited", G_CALLBACK (card_limits_edited_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_flow_box_append (self->cards_box, card);
  child = gtk_widget_get_parent (card);
  gtk_widget_set_focusable (child, FALSE);
  g_ptr_array_add (self->cards, card);
  update_cards_per_line (self);

  return card;
}

static void
clear_cards (VsSetupPage *self)
{
  for (guint i = 0; i < self->cards->len; i++)
    {
      GtkWidget *card = g_ptr_array_index (self->cards, i);

      g_signal_handlers_disconnect_by_data (card, self);
      gtk_flow_box_remove (self->cards_box, gtk_widget_get_parent (card));
    }
  g_ptr_array_set_size (self->cards, 0);
}

static void
card_changed_cb (VsSetupPage *self)
{
  revalidate (self);
}

typedef struct
{
  GWeakRef         page;
  VsSession       *session;
  VsRemovedTarget *removed;
} UndoRemove;

static void
undo_remove_free (gpointer data)
{
  UndoRemove *undo = data;

  g_weak_ref_clear (&undo->page);
  g_object_unref (undo->session);
  vs_removed_target_free (undo->removed);
  g_free (undo);
}

static void
undo_remove_cb (AdwToast   *toast,
                UndoRemove *undo)
{
  g_autoptr(VsSetupPage) self = g_weak_ref_get (&undo->page);

  /* the same session still shown, and the target not put back already */
  if (self == NULL || self->session != undo->session || undo->removed == NULL)
    return;
  vs_session_restore_target (self->session, g_steal_pointer (&undo->removed));   /* the cards follow */
}

/* "Removed FastAPI and its 8 results", with Undo */
static void
offer_undo (VsSetupPage     *self,
            VsRemovedTarget *removed)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  guint n = vs_removed_target_get_n_results (removed);
  const char *label = vs_removed_target_get_target (removed)->label;
  g_autofree char *title = NULL;
  UndoRemove *undo;
  AdwToast *toast;

  if (overlay == NULL)
    {
      vs_removed_target_free (removed);
      return;
    }
  if (n == 0)
    /* Translators: a target's label */
    title = g_strdup_printf (_("Removed “%s”"), label ? label : "");
  else
    /* Translators: a target's label and how many trial results went with it */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed “%s” and its %u result",
                                          "Removed “%s” and its %u results", n),
                             label ? label : "", n);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  undo = g_new0 (UndoRemove, 1);
  g_weak_ref_init (&undo->page, self);
  undo->session = g_object_ref (self->session);
  undo->removed = removed;
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_remove_cb), undo,
                         (GClosureNotify) (void (*) (void)) undo_remove_free, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
card_remove_cb (VsSetupPage  *self,
                VsTargetCard *card)
{
  guint index;

  if (!g_ptr_array_find (self->cards, card, &index))
    return;

  /* at least two stay */
  if (self->cards->len <= 2)
    return;

  g_signal_handlers_disconnect_by_data (card, self);
  gtk_flow_box_remove (self->cards_box, gtk_widget_get_parent (GTK_WIDGET (card)));
  g_ptr_array_remove_index (self->cards, index);
  update_cards_per_line (self);

  offer_undo (self, vs_session_take_target (self->session, index));
}

/* Fills the shared endpoint from a bundled scenario. */
static void
apply_scenario (VsSetupPage      *self,
                const VsScenario *scenario)
{
  VsLoadProfile *profile = get_profile (self);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  vs_load_profile_set_method (profile, scenario->method);
  vs_load_profile_set_url (profile, scenario->path);
  if (scenario->body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (scenario->body, strlen (scenario->body));

      vs_load_profile_set_body (profile, body);
    }
  else
    vs_load_profile_set_body (profile, NULL);

  /* the scenario's content type replaces any other */
  for (guint i = 0; i < profile->header_names->len; i++)
    {
      const char *name = g_ptr_array_index (profile->header_names, i);

      if (g_ascii_strcasecmp (name, "Content-Type") == 0)
        continue;
      g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_add (values, g_strdup (g_ptr_array_index (profile->header_values, i)));
    }
  g_ptr_array_set_size (profile->header_names, 0);
  g_ptr_array_set_size (profile->header_values, 0);
  for (guint i = 0; i < names->len; i++)
    vs_load_profile_add_header (profile, g_ptr_array_index (names, i),
                                g_ptr_array_index (values, i));
  if (scenario->content_type != NULL)
    vs_load_profile_add_header (profile, "Content-Type", scenario->content_type);
}

/* An endpoint typed by hand is no scenario's any more. */
static void
detach_scenarios (VsSetupPage *self)
{
  VsLoadProfile *profile = get_profile (self);

  for (guint i = 0; i < self->cards->len; i++)
    {
      VsTargetCard *card = g_ptr_array_index (self->cards, i);
      VsTarget *target = vs_target_card_get_target (card);
      VsTemplate *template = vs_template_list_find (self->templates, target->template_name);
      const VsScenario *scenario = NULL;

      if (target->scenario == NULL || template == NULL)
        continue;
      scenario = vs_template_get_scenario (template, target->scenario);
      if (scenario == NULL ||
          g_strcmp0 (scenario->method, profile->method) != 0 ||
          g_strcmp0 (scenario->path, profile->url) != 0)
        vs_target_card_set_scenario (card, NULL);
    }
}

static void show_endpoint (VsSetupPage *self);

static void
card_scenario_chosen_cb (VsSetupPage  *self,
                         const char   *id,
                         VsTargetCard *card)
{
  VsTarget *target = vs_target_card_get_target (card);
  VsTemplate *template = vs_template_list_find (self->templates, target->template_name);
  const VsScenario *scenario = NULL;

  if (template != NULL)
    scenario = vs_template_get_scenario (template, id);
  if (scenario == NULL)
    return;

  /* the endpoint is shared: every template target follows */
  for (guint i = 0; i < self->cards->len; i++)
    {
      VsTargetCard *other = g_ptr_array_index (self->cards, i);

      if (other != card)
        vs_target_card_set_scenario (other, id);
    }

  apply_scenario (self, scenario);
  show_endpoint (self);
  vs_session_changed (self->session);
}

static void
card_limits_edited_cb (VsSetupPage  *self,
                       VsTargetCard *card)
{
  g_autofree char *cpus = NULL;
  g_autofree char *memory = NULL;
  double cpus_value;
  gint64 memory_value;

  if (!gtk_switch_get_active (self->same_limits_switch))
    return;

  /* only what is valid spreads: a mistake stays where it was typed */
  cpus = g_strstrip (g_strdup (vs_target_card_get_cpus_text (card)));
  memory = g_strstrip (g_strdup (vs_target_card_get_memory_text (card)));
  if (cpus[0] != '\0' && !vs_parse_cpus (cpus, &cpus_value, NULL))
    g_clear_pointer (&cpus, g_free);
  if (memory[0] != '\0' && !vs_parse_memory_size (memory, &memory_value, NULL))
    g_clear_pointer (&memory, g_free);

  for (guint i = 0; i < self->cards->len; i++)
    {
      VsTargetCard *other = g_ptr_array_index (self->cards, i);

      if (other != card)
        vs_target_card_set_limits_text (other, cpus, memory);
    }
}

static void
same_limits_cb (VsSetupPage *self)
{
  if (self->updating || self->cards->len == 0)
    return;

  /* from now on, the first card's limits are everyone's */
  if (gtk_switch_get_active (self->same_limits_switch))
    card_limits_edited_cb (self, g_ptr_array_index (self->cards, 0));
}

/* A new target that differs from the others: the first template no
 * target uses yet, labelled after it, with the runtime and limits of the
 * last card and the scenario already chosen. */
static VsTarget *
new_target (VsSetupPage *self)
{
  GPtrArray *targets = vs_session_get_targets (self->session);
  VsTarget *last = targets->len ? g_ptr_array_index (targets, targets->len - 1) : NULL;
  VsTarget *target = vs_target_new ();
  VsTemplate *template = NULL;
  const char *scenario = NULL;
  const char *base;
  g_autofree char *label = NULL;

  for (guint i = 0; i < self->templates->len && template == NULL; i++)
    {
      VsTemplate *t = g_ptr_array_index (self->templates, i);
      gboolean used = FALSE;

      for (guint j = 0; j < targets->len; j++)
        {
          VsTarget *other = g_ptr_array_index (targets, j);

          used |= g_strcmp0 (other->template_name, t->name) == 0;
        }
      if (!used)
        template = t;
    }
  if (template == NULL && self->templates->len > 0)
    template = g_ptr_array_index (self->templates, 0);

  for (guint j = 0; j < targets->len && scenario == NULL; j++)
    scenario = ((VsTarget *) g_ptr_array_index (targets, j))->scenario;

  if (template != NULL)
    {
      target->template_name = g_strdup (template->name);
      if (scenario != NULL && vs_template_get_scenario (template, scenario) != NULL)
        target->scenario = g_strdup (scenario);
      else if (template->scenarios->len > 0)
        {
          const VsScenario *first = g_ptr_array_index (template->scenarios, 0);

          target->scenario = g_strdup (first->id);
        }
    }

  if (last != NULL)
    {
      target->runtime = last->runtime;
      target->cpus = last->cpus;
      target->memory_bytes = last->memory_bytes;
    }

  /* a label no other target has */
  base = template ? template->title : _("Target");
  label = g_strdup (base);
  for (guint n = 2; ; n++)
    {
      gboolean taken = FALSE;

      for (guint j = 0; j < targets->len; j++)
        taken |= g_strcmp0 (((VsTarget *) g_ptr_array_index (targets, j))->label, label) == 0;
      if (!taken)
        break;
      g_free (label);
      label = g_strdup_printf ("%s %u", base, n);
    }
  target->label = g_steal_pointer (&label);

  return target;
}

static void
add_clicked_cb (VsSetupPage *self)
{
  g_autoptr(VsTarget) target = NULL;

  if (self->session == NULL)
    return;

  target = new_target (self);
  /* the card first, so the session's "changed" finds it */
  add_card (self, target);
  vs_session_add_target (self->session, target);
}

/* ---------------------------------------------------------------------- */
/* Endpoint                                                                */

static void
path_changed_cb (VsSetupPage *self)
{
  g_autofree char *path = vs_editable_get_stripped_text (self->path_row);
  g_autofree char *problem = NULL;
  VsLoadProfile *profile;

  if (self->session == NULL)
    return;
  profile = get_profile (self);

  if (path[0] != '/')
    problem = g_strdup_printf (_("the path “%s” must start with /"), path);
  else if (strpbrk (path, " \t\r\n") != NULL)
    /* GUri lets it through, but it would break the request line */
    problem = g_strdup_printf (_("“%s” is not a valid path: a space must be written %%20"), path);
  else
    {
      g_autofree char *url = g_strconcat ("http://127.0.0.1:1", path, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);

      if (uri == NULL)
        problem = g_strdup_printf (_("“%s” is not a valid path: %s"), path, error->message);
    }
  set_problem (self, FIELD_PATH, problem);

  if (problem == NULL && !self->updating && g_strcmp0 (profile->url, path) != 0)
    {
      vs_load_profile_set_url (profile, path);
      detach_scenarios (self);
      changed (self);
    }
  revalidate (self);
}

static void
method_selected_cb (VsSetupPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->method_dropdown);
  const char *method;
  VsLoadProfile *profile;

  if (self->session == NULL || item == NULL)
    return;

  profile = get_profile (self);
  method = gtk_string_object_get_string (item);
  if (!self->updating && g_strcmp0 (profile->method, method) != 0)
    {
      vs_load_profile_set_method (profile, method);
      detach_scenarios (self);
      changed (self);
    }
}

static void
headers_changed_cb (VsSetupPage *self)
{
  g_autofree char *text = get_buffer_text (self->headers_view);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(VsLoadProfile) parsed = vs_load_profile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  VsLoadProfile *profile;
  gboolean same;

  if (self->session == NULL)
    return;
  profile = get_profile (self);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (line[0] != '\0' && !vs_load_profile_add_header_line (parsed, line, &error))
        {
          problem = g_strdup_printf (_("line %u: %s"), i + 1, error->message);
          break;
        }
    }
  set_problem (self, FIELD_HEADERS, problem);

  same = parsed->header_names->len == profile->header_names->len;
  for (guint i = 0; same && i < parsed->header_names->len; i++)
    same = g_str_equal (g_ptr_array_index (parsed->header_names, i),
                        g_ptr_array_index (profile->header_names, i)) &&
           g_str_equal (g_ptr_array_index (parsed->header_values, i),
                        g_ptr_array_index (profile->header_values, i));

  if (problem == NULL && !self->updating && !same)
    {
      g_ptr_array_set_size (profile->header_names, 0);
      g_ptr_array_set_size (profile->header_values, 0);
      for (guint i = 0; i < parsed->header_names->len; i++)
        vs_load_profile_add_header (profile, g_ptr_array_index (parsed->header_names, i),
                                    g_ptr_array_index (parsed->header_values, i));
      changed (self);
    }
  revalidate (self);
}

static void
body_changed_cb (VsSetupPage *self)
{
  g_autofree char *text = get_buffer_text (self->body_view);
  gsize len = strlen (text);
  VsLoadProfile *profile;
  gboolean same;

  if (self->session == NULL || self->updating)
    return;
  profile = get_profile (self);

  if (profile->body == NULL)
    same = len == 0;
  else
    same = g_bytes_get_size (profile->body) == len &&
           memcmp (g_bytes_get_data (profile->body, NULL), text, len) == 0;
  if (same)
    return;

  if (len == 0)
    vs_load_profile_set_body (profile, NULL);
  else
    {
      g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&text), len);

      vs_load_profile_set_body (profile, body);
    }
  changed (self);
}

/* ---------------------------------------------------------------------- */
/* Load and trials                                                         */

static void
mode_selected_cb (VsSetupPage *self)
{
  VsLoadMode mode = adw_combo_row_get_selected (self->mode_row) == 1 ? VS_LOAD_MODE_RATE
                                                                      : VS_LOAD_MODE_CLOSED;
  VsLoadProfile *profile;

  if (self->session == NULL)
    return;
  profile = get_profile (self);

  if (!self->updating && profile->mode != mode)
    {
      profile->mode = mode;
      if (mode == VS_LOAD_MODE_RATE && !(profile->rate > 0))
        profile->rate = gtk_spin_button_get_value (self->rate_spin);
      changed (self);
    }
  revalidate (self);
}

static void
connections_changed_cb (VsSetupPage *self)
{
  guint connections = gtk_spin_button_get_value_as_int (self->connections_spin);

  if (self->session == NULL || self->updating || get_profile (self)->connections == connections)
    return;
  get_profile (self)->connections = connections;
  changed (self);
}

static void
rate_changed_cb (VsSetupPage *self)
{
  double rate = gtk_spin_button_get_value (self->rate_spin);

  if (self->session == NULL || self->updating || get_profile (self)->rate == rate)
    return;
  get_profile (self)->rate = rate;
  changed (self);
}

static void
workers_changed_cb (VsSetupPage *self)
{
  guint workers = gtk_spin_button_get_value_as_int (self->workers_spin);

  if (self->session == NULL || self->updating || get_profile (self)->workers == workers)
    return;
  get_profile (self)->workers = workers;
  changed (self);
}


/* A duration entry: empty is @empty_value (or a problem when negative). */
static gboolean
parse_duration_field (VsSetupPage *self,
                      Field        field,
                      GtkEntry    *entry,
                      gint64       empty_value,
                      gboolean     positive,
                      gint64      *out_usec)
{
  g_autofree char *text = vs_editable_get_stripped_text (entry);
  g_autoptr(GError) error = NULL;
  gint64 usec = 0;

  if (text[0] == '\0')
    {
      if (empty_value < 0)
        {
          set_problem (self, field, _("it is empty (examples: 30s, 500ms, 2m)"));
          return FALSE;
        }
      *out_usec = empty_value;
      set_problem (self, field, NULL);
      return TRUE;
    }

  if (!vs_parse_duration (text, &usec, &error))
    {
      set_problem (self, field, error->message);
      return FALSE;
    }
  if (positive && usec <= 0)
    {
      g_autofree char *problem = NULL;

      problem = g_strdup_printf (_("“%s” is too short: it must be more than 0"), text);

      set_problem (self, field, problem);
      return FALSE;
    }

  /* the rules that apply beyond the syntax */
  if ((field == FIELD_DURATION && !vs_load_profile_check_duration (usec, &error)) ||
      (field == FIELD_WARMUP && !vs_load_profile_check_warmup (usec, &error)))
    {
      set_problem (self, field, error->message);
      return FALSE;
    }

  set_problem (self, field, NULL);
  *out_usec = usec;
  return TRUE;
}

static void
duration_changed_cb (VsSetupPage *self)
{
  gint64 usec;

  if (self->session == NULL)
    return;

  if (parse_duration_field (self, FIELD_DURATION, self->duration_entry, -1, TRUE, &usec) &&
      !self->updating && get_profile (self)->duration_us != usec)
    {
      get_profile (self)->duration_us = usec;
      changed (self);
    }
  revalidate (self);
}

static void
warmup_changed_cb (VsSetupPage *self)
{
  gint64 usec;

  if (self->session == NULL)
    return;

  if (parse_duration_field (self, FIELD_WARMUP, self->warmup_entry, 0, FALSE, &usec) &&
      !self->updating && get_profile (self)->warmup_us != usec)
    {
      get_profile (self)->warmup_us = usec;
      changed (self);
    }
  revalidate (self);
}

static void
timeout_changed_cb (VsSetupPage *self)
{
  gint64 usec;

  if (self->session == NULL)
    return;

  if (parse_duration_field (self, FIELD_TIMEOUT, self->timeout_entry, -1, TRUE, &usec) &&
      !self->updating && get_profile (self)->timeout_us != usec)
    {
      get_profile (self)->timeout_us = usec;
      changed (self);
    }
  revalidate (self);
}

static void
keepalive_cb (VsSetupPage *self)
{
  gboolean keep_alive = gtk_switch_get_active (self->keepalive_switch);

  if (self->session == NULL || self->updating || get_profile (self)->keep_alive == keep_alive)
    return;
  get_profile (self)->keep_alive = keep_alive;
  changed (self);
}

static void
trials_changed_cb (VsSetupPage *self)
{
  if (self->session == NULL || self->updating)
    return;
  vs_session_set_trials (self->session, gtk_spin_button_get_value_as_int (self->trials_spin));
}

static void
order_selected_cb (VsSetupPage *self)
{
  guint selected = adw_combo_row_get_selected (self->order_row);

  if (self->session == NULL || self->updating || selected > VS_TRIAL_ORDER_SEQUENTIAL)
    return;
  vs_session_set_order (self->session, selected);
}

/* Empty: the endpoint should succeed; else an error status, 400 to 599 */
static void
expect_changed_cb (VsSetupPage *self)
{
  g_autofree char *text = NULL;
  guint64 status = 0;
  const char *problem = NULL;

  if (self->session == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->expect_entry))));
  if (text[0] != '\0' &&
      (!g_ascii_string_to_unsigned (text, 10, 400, 599, &status, NULL)))
    problem = _("an error status, 400 to 599, or empty when the endpoint should succeed");
  set_problem (self, FIELD_EXPECT, problem);
  if (problem == NULL && !self->updating && get_profile (self)->expect_status != status)
    {
      get_profile (self)->expect_status = (guint) status;
      changed (self);
    }
  revalidate (self);
}

static void
cooldown_changed_cb (VsSetupPage *self)
{
  gint64 usec;

  if (self->session == NULL)
    return;

  if (parse_duration_field (self, FIELD_COOLDOWN, self->cooldown_entry, 0, FALSE, &usec) &&
      !self->updating)
    vs_session_set_cooldown_us (self->session, usec);
  revalidate (self);
}

/* ---------------------------------------------------------------------- */
/* Showing a session                                                       */

static void
set_duration_text (GtkEntry *entry,
                   gint64    usec,
                   gboolean  zero_is_empty)
{
  g_autofree char *text = zero_is_empty && usec == 0 ? g_strdup ("")
                                                     : vs_format_duration_text (usec);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* The endpoint widgets from the profile (also after a scenario filled it). */
static void
show_endpoint (VsSetupPage *self)
{
  VsLoadProfile *profile = get_profile (self);
  g_autoptr(GString) headers = g_string_new (NULL);
  g_autofree char *body = NULL;
  const char *method = profile->method ? profile->method : "GET";
  guint n_methods = g_list_model_get_n_items (G_LIST_MODEL (self->method_model));
  guint selected = GTK_INVALID_LIST_POSITION;
  gboolean was_updating = self->updating;

  for (guint i = 0; i < n_methods && selected == GTK_INVALID_LIST_POSITION; i++)
    if (g_str_equal (gtk_string_list_get_string (self->method_model, i), method))
      selected = i;
  if (selected == GTK_INVALID_LIST_POSITION)
    {
      /* a method of the session's own */
      gtk_string_list_append (self->method_model, method);
      selected = n_methods;
    }

  for (guint i = 0; i < profile->header_names->len; i++)
    g_string_append_printf (headers, "%s: %s\n",
                            (char *) g_ptr_array_index (profile->header_names, i),
                            (char *) g_ptr_array_index (profile->header_values, i));
  if (profile->body != NULL)
    body = g_strndup (g_bytes_get_data (profile->body, NULL), g_bytes_get_size (profile->body));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->method_dropdown, selected);
  gtk_editable_set_text (GTK_EDITABLE (self->path_row), profile->url ? profile->url : "");
  {
    g_autofree char *expect = profile->expect_status ? g_strdup_printf ("%u", profile->expect_status)
                                                     : g_strdup ("");

    gtk_editable_set_text (GTK_EDITABLE (self->expect_entry), expect);
  }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->headers_view), headers->str, -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body ? body : "", -1);
  self->updating = was_updating;

  revalidate (self);
}

static gboolean
limits_all_equal (VsSetupPage *self)
{
  GPtrArray *targets = vs_session_get_targets (self->session);
  VsTarget *first;

  if (targets->len < 2)
    return FALSE;

  first = g_ptr_array_index (targets, 0);
  for (guint i = 1; i < targets->len; i++)
    {
      VsTarget *target = g_ptr_array_index (targets, i);

      if (target->cpus != first->cpus || target->memory_bytes != first->memory_bytes)
        return FALSE;
    }
  return TRUE;
}

static void
show_session (VsSetupPage *self)
{
  VsLoadProfile *profile = get_profile (self);
  GPtrArray *targets = vs_session_get_targets (self->session);

  self->updating = TRUE;

  clear_cards (self);
  for (guint i = 0; i < targets->len; i++)
    add_card (self, g_ptr_array_index (targets, i));
  gtk_switch_set_active (self->same_limits_switch, limits_all_equal (self));

  show_endpoint (self);
  adw_combo_row_set_selected (self->mode_row, profile->mode == VS_LOAD_MODE_RATE ? 1 : 0);
  vs_spin_button_show_value (self->connections_spin, profile->connections);
  vs_spin_button_show_value (self->rate_spin, profile->rate > 0 ? profile->rate : DEFAULT_RATE);
  vs_spin_button_show_value (self->workers_spin, profile->workers);
  set_duration_text (self->duration_entry, profile->duration_us, FALSE);
  set_duration_text (self->warmup_entry, profile->warmup_us, TRUE);
  set_duration_text (self->timeout_entry, profile->timeout_us, FALSE);
  gtk_switch_set_active (self->keepalive_switch, profile->keep_alive);
  vs_spin_button_show_value (self->trials_spin, vs_session_get_trials (self->session));
  adw_combo_row_set_selected (self->order_row, vs_session_get_order (self->session));
  set_duration_text (self->cooldown_entry, vs_session_get_cooldown_us (self->session), TRUE);

  self->updating = FALSE;

  revalidate (self);
}

static void
session_changed_cb (VsSetupPage *self)
{
  GPtrArray *targets = vs_session_get_targets (self->session);
  gboolean same = targets->len == self->cards->len;

  /* targets added, removed or put back by someone else: the cards follow */
  for (guint i = 0; same && i < targets->len; i++)
    same = vs_target_card_get_target (g_ptr_array_index (self->cards, i)) == g_ptr_array_index (targets, i);
  if (!same && !self->updating)
    {
      show_session (self);
      return;
    }
  revalidate (self);
}

/* ---------------------------------------------------------------------- */
/* Runtimes                                                                */

static void
monitor_changed_cb (VsSetupPage *self)
{
  for (guint i = 0; i < self->cards->len; i++)
    vs_target_card_runtimes_changed (g_ptr_array_index (self->cards, i));
  revalidate (self);
}

/**
 * vs_setup_page_get_runtime_monitor:
 *
 * Returns: (transfer none): the runtimes the cards describe; a run resolves
 *   "Automatic" with it, so it uses what the cards show.
 */
VsRuntimeMonitor *
vs_setup_page_get_runtime_monitor (VsSetupPage *self)
{
  g_return_val_if_fail (VS_IS_SETUP_PAGE (self), NULL);
  return self->monitor;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
vs_setup_page_dispose (GObject *object)
{
  VsSetupPage *self = VS_SETUP_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->cards != NULL)
    for (guint i = 0; i < self->cards->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->cards, i), self);
  g_clear_pointer (&self->cards, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_SETUP_PAGE);

  G_OBJECT_CLASS (vs_setup_page_parent_class)->dispose (object);
}

static void
vs_setup_page_finalize (GObject *object)
{
  VsSetupPage *self = VS_SETUP_PAGE (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->monitor);
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->problems[i]);
  g_free (self->invalid_reason);

  G_OBJECT_CLASS (vs_setup_page_parent_class)->finalize (object);
}

static void
vs_setup_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VsSetupPage *self = VS_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, vs_setup_page_get_session (self));
      break;

    case PROP_VALID:
      g_value_set_boolean (value, vs_setup_page_get_valid (self));
      break;

    case PROP_INVALID_REASON:
      g_value_set_string (value, vs_setup_page_get_invalid_reason (self));
      break;

    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_setup_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VsSetupPage *self = VS_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      vs_setup_page_set_session (self, g_value_get_object (value));
      break;

    case PROP_LOCKED:
      vs_setup_page_set_locked (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_setup_page_class_init (VsSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_setup_page_dispose;
  object_class->finalize = vs_setup_page_finalize;
  object_class->get_property = vs_setup_page_get_property;
  object_class->set_property = vs_setup_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, VS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INVALID_REASON] =
    g_param_spec_string ("invalid-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VS_TYPE_TARGET_CARD);

  gtk_widget_class_set_template_from_resource (widget_class, UI_RESOURCE);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, content);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, same_limits_switch);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, problem_box);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, path_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, path_icon);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, headers_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, headers_icon);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, headers_view);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, body_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, body_view);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, trials_group);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, trials_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, trials_spin);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, order_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, cooldown_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, expect_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, expect_entry);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, cooldown_entry);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, mode_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, connections_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, connections_spin);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, rate_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, workers_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, duration_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, duration_entry);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, warmup_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, warmup_entry);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, timeout_entry);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, keepalive_switch);
  gtk_widget_class_bind_template_callback (widget_class, same_limits_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, path_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, trials_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, cooldown_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, expect_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, connections_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rate_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, workers_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, duration_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, warmup_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, timeout_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, keepalive_cb);
}

static void
vs_setup_page_init (VsSetupPage *self)
{
  g_autoptr(GPtrArray) errors = NULL;

  self->cards = g_ptr_array_new ();
  self->invalid_reason = g_strdup (_("There is no comparison to set up"));

  gtk_widget_init_template (GTK_WIDGET (self));
  /* what is typed is checked by core's rules, shown, and never clamped;
   * revalidate() shows a number's problem on its row and on Start */
  vs_spin_button_check_text (self->connections_spin, vs_load_profile_check_connections_here);
  vs_spin_button_check_text (self->rate_spin, vs_load_profile_check_rate);
  vs_spin_button_check_text (self->workers_spin, vs_load_profile_check_workers);
  vs_spin_button_check_text (self->trials_spin, vs_session_check_trials);
  vs_spin_button_set_zero_is_auto (self->workers_spin);
  g_signal_connect_object (self->connections_spin, "changed", G_CALLBACK (revalidate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rate_spin, "changed", G_CALLBACK (revalidate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workers_spin, "changed", G_CALLBACK (revalidate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trials_spin, "changed", G_CALLBACK (revalidate),
                           self, G_CONNECT_SWAPPED);

  self->method_model = gtk_string_list_new (methods);
  gtk_drop_down_set_model (self->method_dropdown, G_LIST_MODEL (self->method_model));
  g_object_unref (self->method_model);   /* the drop-down keeps it */

  g_signal_connect_object (gtk_text_view_get_buffer (self->headers_view), "changed",
                           G_CALLBACK (headers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed",
                           G_CALLBACK (body_changed_cb), self, G_CONNECT_SWAPPED);

  /* a few small manifests, read once */
  self->templates = vs_template_list (&errors);
  for (guint i = 0; i < errors->len; i++)
    g_warning ("%s", (char *) g_ptr_array_index (errors, i));

  self->monitor = vs_runtime_monitor_new ();
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self,
                           G_CONNECT_SWAPPED);
  vs_runtime_monitor_refresh (self->monitor);

  /* nothing to edit until a session comes */
  gtk_widget_set_sensitive (self->content, FALSE);
}

/* The templates the page offers (element-type VsTemplate), read once */
GPtrArray *
vs_setup_page_get_templates (VsSetupPage *self)
{
  g_return_val_if_fail (VS_IS_SETUP_PAGE (self), NULL);
  return self->templates;
}

GtkWidget *
vs_setup_page_new (void)
{
  return g_object_new (VS_TYPE_SETUP_PAGE, NULL);
}

void
vs_setup_page_set_session (VsSetupPage *self,
                           VsSession   *session)
{
  g_return_if_fail (VS_IS_SETUP_PAGE (self));
  g_return_if_fail (session == NULL || VS_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self,
                               G_CONNECT_SWAPPED);
      show_session (self);
    }
  else
    {
      clear_cards (self);
      set_validity (self, _("There is no comparison to set up"));
    }
  gtk_widget_set_sensitive (self->content, session != NULL && !self->locked);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * vs_setup_page_get_session:
 *
 * Returns: (transfer none) (nullable): the session being edited
 */
VsSession *
vs_setup_page_get_session (VsSetupPage *self)
{
  g_return_val_if_fail (VS_IS_SETUP_PAGE (self), NULL);
  return self->session;
}

gboolean
vs_setup_page_get_valid (VsSetupPage *self)
{
  g_return_val_if_fail (VS_IS_SETUP_PAGE (self), FALSE);
  return self->valid;
}

/**
 * vs_setup_page_get_invalid_reason:
 *
 * Returns: (transfer none) (nullable): why Start is disabled
 */
const char *
vs_setup_page_get_invalid_reason (VsSetupPage *self)
{
  g_return_val_if_fail (VS_IS_SETUP_PAGE (self), NULL);
  return self->invalid_reason;
}

void
vs_setup_page_set_locked (VsSetupPage *self,
                          gboolean     locked)
{
  g_return_if_fail (VS_IS_SETUP_PAGE (self));

  locked = !!locked;
  if (self->locked == locked)
    return;

  self->locked = locked;
  gtk_widget_set_sensitive (self->content, self->session != NULL && !locked);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}
