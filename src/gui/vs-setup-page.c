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
#include "vs-like-for-like.h"
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
  GtkWidget           *unalike_box;
  GtkLabel            *unalike_label;
  GtkWidget           *match_workers_button;
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
  GBindingGroup       *profile_bindings;   /* the load widgets ↔ the session's profile */
  GBindingGroup       *session_bindings;   /* the trial widgets ↔ the session */
  GSignalGroup        *session_signals;    /* "changed" of the session shown */
  GSignalGroup        *profile_signals;    /* its profile's endpoint edits */
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
/* Settings that differ between the targets, and the one-worker-per-CPU fix */
static void
show_unalike (VsSetupPage *self,
              GPtrArray   *targets)
{
  g_autofree char *differences = vs_targets_describe_differences (targets);

  gtk_widget_set_visible (self->unalike_box, differences != NULL);
  gtk_label_set_text (self->unalike_label, differences ? differences : "");
  gtk_widget_set_visible (self->match_workers_button,
                          vs_targets_can_match_workers (targets, g_get_num_processors ()));
}

static void
match_workers_cb (VsSetupPage *self)
{
  vs_targets_match_workers (vs_session_get_targets (self->session), g_get_num_processors ());
}

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
  show_unalike (self, targets);

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

static void show_endpoint (VsSetupPage *self);

static void
card_scenario_chosen_cb (VsSetupPage  *self,
                         const char   *id,
                         VsTargetCard *card)
{
  /* the endpoint is shared: every template target follows, and the
   * cards follow their targets */
  if (vs_session_apply_scenario (self->session, self->templates, id))
    show_endpoint (self);
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

static void
add_clicked_cb (VsSetupPage *self)
{
  g_autoptr(VsTarget) target = NULL;

  if (self->session == NULL)
    return;

  target = vs_session_new_target (self->session, self->templates);
  /* the card first, so the session's "changed" finds it */
  add_card (self, target);
  vs_session_add_target (self->session, target);
}

/* ---------------------------------------------------------------------- */
/* Endpoint                                                                */

/* What is wrong with a path as typed, or NULL. */
static char *
path_problem (const char *path)
{
  if (path[0] != '/')
    return g_strdup_printf (_("the path “%s” must start with /"), path);
  if (strpbrk (path, " \t\r\n") != NULL)
    /* GUri lets it through, but it would break the request line */
    return g_strdup_printf (_("“%s” is not a valid path: a space must be written %%20"), path);
  {
    g_autofree char *url = g_strconcat ("http://127.0.0.1:1", path, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);

    if (uri == NULL)
      return g_strdup_printf (_("“%s” is not a valid path: %s"), path, error->message);
  }
  return NULL;
}

/* path_row "text" → the profile's "url": only a valid path is written */
static gboolean
path_to_url (GBinding     *binding,
             const GValue *from,
             GValue       *to,
             gpointer      user_data)
{
  g_autofree char *path = g_strstrip (g_value_dup_string (from));
  g_autofree char *problem = path_problem (path);

  if (problem != NULL)
    return FALSE;
  g_value_take_string (to, g_steal_pointer (&path));
  return TRUE;
}

static void
path_changed_cb (VsSetupPage *self)
{
  g_autofree char *path = vs_editable_get_stripped_text (self->path_row);
  g_autofree char *problem = NULL;

  if (self->session == NULL)
    return;

  problem = path_problem (path);
  set_problem (self, FIELD_PATH, problem);
  revalidate (self);
}

static void
method_selected_cb (VsSetupPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->method_dropdown);

  if (self->session == NULL || item == NULL || self->updating)
    return;
  vs_load_profile_set_method (get_profile (self), gtk_string_object_get_string (item));
}

/* The method or path edited: a scenario that asks for another is no
 * target's any more (the cards follow their targets). */
static void
endpoint_notify_cb (VsSetupPage *self)
{
  if (self->session != NULL)
    vs_session_detach_scenarios (self->session, self->templates);
}

static void
headers_changed_cb (VsSetupPage *self)
{
  g_autofree char *text = get_buffer_text (self->headers_view);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(VsLoadProfile) parsed = vs_load_profile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;

  if (self->session == NULL)
    return;

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

  if (problem == NULL && !self->updating)
    vs_load_profile_set_headers_from (get_profile (self), parsed);
  revalidate (self);
}

static void
body_changed_cb (VsSetupPage *self)
{
  g_autofree char *text = get_buffer_text (self->body_view);
  gsize len = strlen (text);

  if (self->session == NULL || self->updating)
    return;

  if (len == 0)
    vs_load_profile_set_body (get_profile (self), NULL);
  else
    {
      g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&text), len);

      vs_load_profile_set_body (get_profile (self), body);
    }
}

/* Empty: the endpoint should succeed; else an error status, 400 to 599 */
static gboolean
parse_expect (const char *typed,
              guint      *out_status)
{
  g_autofree char *text = g_strstrip (g_strdup (typed));
  guint64 status = 0;

  if (text[0] != '\0' && !g_ascii_string_to_unsigned (text, 10, 400, 599, &status, NULL))
    return FALSE;
  *out_status = (guint) status;
  return TRUE;
}

static gboolean
text_to_expect (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  guint status;

  if (!parse_expect (g_value_get_string (from), &status))
    return FALSE;
  g_value_set_uint (to, status);
  return TRUE;
}

static gboolean
expect_to_text (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  guint status = g_value_get_uint (from);

  g_value_take_string (to, status ? g_strdup_printf ("%u", status) : g_strdup (""));
  return TRUE;
}

static void
expect_changed_cb (VsSetupPage *self)
{
  guint status;

  if (self->session == NULL)
    return;

  set_problem (self, FIELD_EXPECT,
               parse_expect (gtk_editable_get_text (GTK_EDITABLE (self->expect_entry)), &status)
               ? NULL
               : _("an error status, 400 to 599, or empty when the endpoint should succeed"));
  revalidate (self);
}

/* ---------------------------------------------------------------------- */
/* Load and trials                                                         */

static gboolean
selected_to_mode (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_enum (to, g_value_get_uint (from) == 1 ? VS_LOAD_MODE_RATE : VS_LOAD_MODE_CLOSED);
  return TRUE;
}

static gboolean
mode_to_selected (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_uint (to, g_value_get_enum (from) == VS_LOAD_MODE_RATE ? 1 : 0);
  return TRUE;
}

/* A rate of 0 (none chosen yet) shows as the default rate */
static gboolean
rate_to_spin (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  double rate = g_value_get_double (from);

  g_value_set_double (to, rate > 0 ? rate : DEFAULT_RATE);
  return TRUE;
}

static void
mode_selected_cb (VsSetupPage *self)
{
  VsLoadProfile *profile;

  if (self->session == NULL)
    return;
  profile = get_profile (self);

  /* open loop needs a rate: the one the row shows */
  if (!self->updating && adw_combo_row_get_selected (self->mode_row) == 1 && !(profile->rate > 0))
    vs_load_profile_set_rate (profile, gtk_spin_button_get_value (self->rate_spin));
  revalidate (self);
}

/* A duration field: what empty means (< 0: a problem), whether it must be
 * more than 0, and core's rule beyond the syntax. */
typedef struct
{
  Field     field;
  gint64    empty_value;
  gboolean  positive;
  gboolean  (*check) (gint64 usec, GError **error);
} DurationField;

static const DurationField duration_fields[] = {
  { FIELD_DURATION, -1, TRUE, vs_load_profile_check_duration },
  { FIELD_WARMUP, 0, FALSE, vs_load_profile_check_warmup },
  { FIELD_TIMEOUT, -1, TRUE, NULL },
  { FIELD_COOLDOWN, 0, FALSE, NULL },
};

static const DurationField *
get_duration_field (Field field)
{
  for (guint i = 0; i < G_N_ELEMENTS (duration_fields); i++)
    if (duration_fields[i].field == field)
      return &duration_fields[i];
  g_return_val_if_reached (NULL);
}

/* NULL and the value, or what is wrong with @typed */
static char *
parse_duration_text (const DurationField *df,
                     const char          *typed,
                     gint64              *out_usec)
{
  g_autofree char *text = g_strstrip (g_strdup (typed));
  g_autoptr(GError) error = NULL;
  gint64 usec = 0;

  if (text[0] == '\0')
    {
      if (df->empty_value < 0)
        return g_strdup (_("it is empty (examples: 30s, 500ms, 2m)"));
      *out_usec = df->empty_value;
      return NULL;
    }
  if (!vs_parse_duration (text, &usec, &error))
    return g_strdup (error->message);
  if (df->positive && usec <= 0)
    return g_strdup_printf (_("“%s” is too short: it must be more than 0"), text);
  /* the rules that apply beyond the syntax */
  if (df->check != NULL && !df->check (usec, &error))
    return g_strdup (error->message);

  *out_usec = usec;
  return NULL;
}

/* a duration entry's "text" → a "…-us" property: only a valid one is written */
static gboolean
text_to_usec (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  g_autofree char *problem = NULL;
  gint64 usec = 0;

  problem = parse_duration_text (user_data, g_value_get_string (from), &usec);
  if (problem != NULL)
    return FALSE;
  g_value_set_int64 (to, usec);
  return TRUE;
}

static gboolean
usec_to_text (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  const DurationField *df = user_data;
  gint64 usec = g_value_get_int64 (from);

  /* empty is the optional ones' 0 */
  if (df->empty_value == 0 && usec == 0)
    g_value_set_string (to, "");
  else
    g_value_take_string (to, vs_format_duration_text (usec));
  return TRUE;
}

static void
duration_entry_changed (VsSetupPage *self,
                        Field        field,
                        GtkEntry    *entry)
{
  g_autofree char *problem = NULL;
  gint64 usec;

  if (self->session == NULL)
    return;

  problem = parse_duration_text (get_duration_field (field),
                                 gtk_editable_get_text (GTK_EDITABLE (entry)), &usec);
  set_problem (self, field, problem);
  revalidate (self);
}

static void
duration_changed_cb (VsSetupPage *self)
{
  duration_entry_changed (self, FIELD_DURATION, self->duration_entry);
}

static void
warmup_changed_cb (VsSetupPage *self)
{
  duration_entry_changed (self, FIELD_WARMUP, self->warmup_entry);
}

static void
timeout_changed_cb (VsSetupPage *self)
{
  duration_entry_changed (self, FIELD_TIMEOUT, self->timeout_entry);
}

static void
cooldown_changed_cb (VsSetupPage *self)
{
  duration_entry_changed (self, FIELD_COOLDOWN, self->cooldown_entry);
}

static void
bind_duration (GBindingGroup *group,
               const char    *property,
               GtkEntry      *entry,
               Field          field)
{
  g_binding_group_bind_full (group, property, entry, "text",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             usec_to_text, text_to_usec,
                             (gpointer) get_duration_field (field), NULL);
}

/* Every edit goes through the model: the widgets are bound to the
 * profile's and the session's properties, and what a binding refuses (an
 * invalid text) stays typed while its handler says why. */
static void
bind_widgets (VsSetupPage *self)
{
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  self->profile_bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->profile_bindings, "url", self->path_row, "text", flags,
                             vs_binding_string_to_text, path_to_url, NULL, NULL);
  g_binding_group_bind_full (self->profile_bindings, "expect-status", self->expect_entry, "text",
                             flags, expect_to_text, text_to_expect, NULL, NULL);
  g_binding_group_bind_full (self->profile_bindings, "mode", self->mode_row, "selected", flags,
                             mode_to_selected, selected_to_mode, NULL, NULL);
  g_binding_group_bind (self->profile_bindings, "connections", self->connections_spin, "value",
                        flags);
  g_binding_group_bind_full (self->profile_bindings, "rate", self->rate_spin, "value", flags,
                             rate_to_spin, NULL, NULL, NULL);
  g_binding_group_bind (self->profile_bindings, "workers", self->workers_spin, "value", flags);
  bind_duration (self->profile_bindings, "duration-us", self->duration_entry, FIELD_DURATION);
  bind_duration (self->profile_bindings, "warmup-us", self->warmup_entry, FIELD_WARMUP);
  bind_duration (self->profile_bindings, "timeout-us", self->timeout_entry, FIELD_TIMEOUT);
  g_binding_group_bind (self->profile_bindings, "keep-alive", self->keepalive_switch, "active",
                        flags);

  self->session_bindings = g_binding_group_new ();
  g_binding_group_bind (self->session_bindings, "trials", self->trials_spin, "value", flags);
  g_binding_group_bind_full (self->session_bindings, "order", self->order_row, "selected", flags,
                             vs_binding_enum_to_selected, vs_binding_selected_to_enum, NULL, NULL);
  bind_duration (self->session_bindings, "cooldown-us", self->cooldown_entry, FIELD_COOLDOWN);

  /* the session's profile, also when it is replaced */
  self->profile_signals = g_signal_group_new (VS_TYPE_LOAD_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "notify::url",
                                 G_CALLBACK (endpoint_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->profile_signals, "notify::method",
                                 G_CALLBACK (endpoint_notify_cb), self, G_CONNECT_SWAPPED);
  g_binding_group_bind (self->session_bindings, "profile", self->profile_bindings, "source",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->session_bindings, "profile", self->profile_signals, "target",
                        G_BINDING_SYNC_CREATE);
}

/* ---------------------------------------------------------------------- */
/* Showing a session                                                       */

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

  /* the path and the expected status are bound to the profile */
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->method_dropdown, selected);
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

  /* the bound widgets follow the session and its profile; the rest is shown */
  g_binding_group_set_source (self->session_bindings, self->session);
  show_endpoint (self);
  /* a number typed wrong before is not this session's problem */
  vs_spin_button_show_value (self->connections_spin, profile->connections);
  vs_spin_button_show_value (self->rate_spin, profile->rate > 0 ? profile->rate : DEFAULT_RATE);
  vs_spin_button_show_value (self->workers_spin, profile->workers);
  vs_spin_button_show_value (self->trials_spin, vs_session_get_trials (self->session));

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

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_bindings);
  g_clear_object (&self->profile_bindings);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->session_signals);
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
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, unalike_box);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, unalike_label);
  gtk_widget_class_bind_template_child (widget_class, VsSetupPage, match_workers_button);
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
  gtk_widget_class_bind_template_callback (widget_class, match_workers_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, path_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, cooldown_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, expect_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, duration_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, warmup_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, timeout_changed_cb);
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
  bind_widgets (self);
  self->session_signals = g_signal_group_new (VS_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "changed",
                                 G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);

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

  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);

  if (session != NULL)
    show_session (self);
  else
    {
      g_binding_group_set_source (self->session_bindings, NULL);
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
