/* vs-target-card.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vs-build-dialog.h"
#include "vs-gui-util.h"
#include "vs-target-card.h"
#include "vs-util.h"

#define N_RUNTIME_KINDS (VS_RUNTIME_KIND_PROCESS + 1)
#define CARD_NATURAL_WIDTH 320   /* px: the cards' width-request; the grid shares out the rest */
#define UI_RESOURCE "/io/github/versusbench/Versus/ui/vs-target-card.ui"

typedef enum
{
  SOURCE_TEMPLATE,
  SOURCE_IMAGE,
} Source;

/* In the order the rows are shown: the first problem is the one told. */
typedef enum
{
  FIELD_LABEL,
  FIELD_RUNTIME,
  FIELD_TEMPLATE,
  FIELD_IMAGE,
  FIELD_PORT,
  FIELD_CPUS,
  FIELD_MEMORY,
  FIELD_CPUSET,
  FIELD_WORKERS,
  FIELD_ENV,
  FIELD_TARGET,   /* whatever vs_target_validate () still finds */
  N_FIELDS
} Field;

struct _VsTargetCard
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *group;
  GtkButton           *remove_button;
  AdwEntryRow         *label_row;
  GtkImage            *label_icon;
  AdwComboRow         *runtime_row;
  AdwComboRow         *source_row;
  AdwComboRow         *template_row;
  AdwComboRow         *scenario_row;
  AdwActionRow        *build_row;
  GtkButton           *build_button;
  AdwEntryRow         *image_row;
  GtkImage            *image_icon;
  GtkMenuButton       *images_button;
  GtkPopover          *images_popover;
  GtkStack            *images_stack;
  GtkSpinner          *images_spinner;
  GtkListBox          *images_list;
  GtkLabel            *images_message;
  AdwActionRow        *port_row;
  GtkSpinButton       *port_spin;
  AdwActionRow        *cpus_row;
  GtkEntry            *cpus_entry;
  AdwActionRow        *memory_row;
  GtkEntry            *memory_entry;
  AdwActionRow        *cpuset_row;
  GtkEntry            *cpuset_entry;
  AdwActionRow        *workers_row;
  GtkSpinButton       *workers_spin;
  AdwExpanderRow      *env_row;
  GtkImage            *env_icon;
  GtkTextView         *env_view;

  /* Owned */
  VsSession           *session;
  VsTarget            *target;
  GBindingGroup       *bindings;       /* the rows ↔ the target's properties */
  GPtrArray           *templates;      /* (element-type VsTemplate) */
  VsRuntimeMonitor    *monitor;
  GPtrArray           *template_ids;   /* (element-type utf8) the template combo's names */
  GPtrArray           *scenario_ids;   /* (element-type utf8) NULL: a custom endpoint */
  GCancellable        *images_cancellable;
  char                *problems[N_FIELDS];      /* a row's own text, as typed */
  char                *rule_problems[N_FIELDS]; /* core's rules on what the rows wrote */
  char                *label_problem;  /* told by the page */
  char                *env_summary;

  guint                updating : 1;   /* showing the model: nothing is written */
  guint                quiet : 1;      /* refilling a combo: no user choice */
  guint                mirroring : 1;  /* limits typed from elsewhere */
  guint                images_loaded : 1;
  guint                writing : 1;    /* the card edits the target: no need to show it */
};

G_DEFINE_FINAL_TYPE (VsTargetCard, vs_target_card, ADW_TYPE_BIN)

enum {
  CHANGED,
  REMOVE,
  SCENARIO_CHOSEN,
  LIMITS_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void refresh (VsTargetCard *self);

/* ---------------------------------------------------------------------- */
/* Shared helpers                                                          */

/* "Podman 4.3.1 — ready", "Docker — daemon not running", "Uses Podman
 * 4.3.1 — ready: its template images are built": what Start will use for
 * @kind in @session, as the runner resolves it with the same monitor. */
char *
vs_describe_runtime (VsRuntimeMonitor *monitor,
                     VsRuntimeKind     kind,
                     VsSession        *session)
{
  g_autofree char *text = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  gboolean pending = FALSE;
  VsRuntime *runtime = vs_runtime_monitor_resolve (monitor, kind,
                                                   session ? vs_session_get_targets (session) : NULL,
                                                   &pending, &why, &error);

  if (pending)
    return g_strdup (_("Checking…"));
  if (runtime == NULL)
    return vs_capitalize (error->message);

  text = vs_runtime_info_describe (vs_runtime_get_info (runtime));
  if (kind == VS_RUNTIME_KIND_AUTO && why != NULL)
    /* Translators: the runtime Automatic picks, and why:
     * "Uses Podman 4.3.1 — ready: its template images are built" */
    return g_strdup_printf (_("Uses %s: %s"), text, why);
  if (kind == VS_RUNTIME_KIND_AUTO)
    return g_strdup_printf (_("Uses %s"), text);
  return g_steal_pointer (&text);
}

/* "Duration: it is empty", but "Duration must be positive" rather than
 * "Duration: duration must be positive" */
char *
vs_describe_field_problem (const char *field,
                           const char *problem)
{
  g_autofree char *field_folded = g_utf8_casefold (field, -1);
  g_autofree char *problem_folded = g_utf8_casefold (problem, -1);

  if (g_str_has_prefix (problem_folded, field_folded))
    return vs_capitalize (problem);
  return g_strdup_printf ("%s: %s", field, problem);
}

/* Shows @problem next to a field: a red editable with the reason as its
 * tooltip, and the reason as the row's subtitle (action and expander rows)
 * or on a warning icon (entry rows); with no problem, @hint comes back. */
void
vs_field_show_problem (GtkWidget  *row,
                       GtkWidget  *editable,
                       GtkWidget  *icon,
                       const char *hint,
                       const char *problem_text)
{
  /* shown on its own, a reason reads as a sentence */
  g_autofree char *problem = vs_capitalize (problem_text);

  if (editable != NULL)
    {
      if (problem != NULL)
        gtk_widget_add_css_class (editable, "error");
      else
        gtk_widget_remove_css_class (editable, "error");
      gtk_widget_set_tooltip_text (editable, problem);
    }

  if (row != NULL)
    {
      if (ADW_IS_ENTRY_ROW (row))
        {
          if (problem != NULL)
            gtk_widget_add_css_class (row, "error");
          else
            gtk_widget_remove_css_class (row, "error");
          gtk_widget_set_tooltip_text (row, problem);
        }
      else if (ADW_IS_ACTION_ROW (row))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem ? problem : hint ? hint : "");
      else if (ADW_IS_EXPANDER_ROW (row))
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row),
                                       problem ? problem : hint ? hint : "");
    }

  if (icon != NULL)
    {
      gtk_widget_set_visible (icon, problem != NULL);
      gtk_widget_set_tooltip_text (icon, problem);
    }
}


/* ---------------------------------------------------------------------- */
/* Model                                                                   */

static Source
get_source (VsTargetCard *self)
{
  return adw_combo_row_get_selected (self->source_row) == SOURCE_IMAGE ? SOURCE_IMAGE
                                                                       : SOURCE_TEMPLATE;
}

static VsRuntimeKind
get_runtime_kind (VsTargetCard *self)
{
  guint selected = adw_combo_row_get_selected (self->runtime_row);

  return selected < N_RUNTIME_KINDS ? (VsRuntimeKind) selected : VS_RUNTIME_KIND_AUTO;
}

/* The template the combo shows, if it is installed. */
static VsTemplate *
get_selected_template (VsTargetCard *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);

  if (selected >= self->template_ids->len)
    return NULL;
  return vs_template_list_find (self->templates, g_ptr_array_index (self->template_ids, selected));
}

static const char *
get_selected_scenario (VsTargetCard *self)
{
  guint selected = adw_combo_row_get_selected (self->scenario_row);

  if (selected >= self->scenario_ids->len)
    return NULL;
  return g_ptr_array_index (self->scenario_ids, selected);
}

/* What a row shows: its text's problem, else a rule's */
static const char *
get_field_problem (VsTargetCard *self,
                   Field         field)
{
  return self->problems[field] ? self->problems[field] : self->rule_problems[field];
}

static void
set_problem (VsTargetCard *self,
             Field         field,
             const char   *problem)
{
  if (g_strcmp0 (self->problems[field], problem) == 0)
    return;
  g_free (self->problems[field]);
  self->problems[field] = g_strdup (problem);
}


/* Writes what the source rows show, once they show something valid. */
static gboolean
write_source (VsTargetCard *self)
{
  VsTarget *target = self->target;

  if (get_source (self) == SOURCE_IMAGE)
    {
      g_autofree char *image = vs_editable_get_stripped_text (self->image_row);

      if (!vs_validate_image_reference (image, NULL))
        return FALSE;
      if (g_strcmp0 (target->image, image) == 0 && target->template_name == NULL)
        return FALSE;
      self->writing = TRUE;
      g_object_freeze_notify (G_OBJECT (target));
      vs_target_set_image (target, image);
      vs_target_set_template_name (target, NULL);
      vs_target_set_scenario (target, NULL);
      g_object_thaw_notify (G_OBJECT (target));
      self->writing = FALSE;
    }
  else
    {
      VsTemplate *template = get_selected_template (self);
      const char *scenario = get_selected_scenario (self);

      if (template == NULL)
        return FALSE;
      if (target->image == NULL &&
          g_strcmp0 (target->template_name, template->name) == 0 &&
          g_strcmp0 (target->scenario, scenario) == 0)
        return FALSE;
      self->writing = TRUE;
      g_object_freeze_notify (G_OBJECT (target));
      vs_target_set_template_name (target, template->name);
      vs_target_set_scenario (target, scenario);
      vs_target_set_image (target, NULL);
      g_object_thaw_notify (G_OBJECT (target));
      self->writing = FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Showing                                                                 */

static char *
template_summary (VsTemplate *template)
{
  if (template->framework != NULL && template->runtime != NULL && template->server != NULL)
    /* Translators: a template's framework, what runs it and its HTTP server:
     * "Flask 2 on Python 3, gunicorn (sync)" */
    return g_strdup_printf (_("%s on %s, %s"), template->framework, template->runtime, template->server);
  if (template->framework != NULL && template->runtime != NULL)
    /* Translators: a template's framework and what runs it: "FastAPI on Python 3" */
    return g_strdup_printf (_("%s on %s"), template->framework, template->runtime);
  return g_strdup (template->title);
}

static void
update_title (VsTargetCard *self)
{
  g_autofree char *label = vs_editable_get_stripped_text (self->label_row);
  g_autofree char *escaped = g_markup_escape_text (label[0] ? label : _("Unnamed target"), -1);
  g_autofree char *description = NULL;

  adw_preferences_group_set_title (self->group, escaped);

  if (get_source (self) == SOURCE_IMAGE)
    {
      const char *image = gtk_editable_get_text (GTK_EDITABLE (self->image_row));

      description = g_markup_escape_text (image[0] ? image : _("An image of your own"), -1);
    }
  else
    {
      VsTemplate *template = get_selected_template (self);
      g_autofree char *summary = template ? template_summary (template) : NULL;

      description = g_markup_escape_text (summary ? summary : _("Template not installed"), -1);
    }
  adw_preferences_group_set_description (self->group, description);
}

static void
update_visibility (VsTargetCard *self)
{
  gboolean image = get_source (self) == SOURCE_IMAGE;

  gtk_widget_set_visible (GTK_WIDGET (self->template_row), !image);
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_row), !image);
  gtk_widget_set_visible (GTK_WIDGET (self->build_row), !image);
  gtk_widget_set_visible (GTK_WIDGET (self->image_row), image);
  /* an image runs the workers it was built with */
  gtk_widget_set_visible (GTK_WIDGET (self->workers_row), !image);
}

/* what Start will use for this card, NULL while unknown or when none works */
static VsRuntime *
resolve_runtime (VsTargetCard *self,
                 gboolean     *out_pending)
{
  return vs_runtime_monitor_resolve (self->monitor, get_runtime_kind (self),
                                     vs_session_get_targets (self->session),
                                     out_pending, NULL, NULL);
}

static void
update_build_row (VsTargetCard *self)
{
  VsTemplate *template = get_selected_template (self);
  gboolean pending = FALSE;
  VsRuntime *runtime = resolve_runtime (self, &pending);
  g_autofree char *subtitle = NULL;
  const char *why_not = NULL;

  if (runtime != NULL && vs_runtime_get_kind (runtime) == VS_RUNTIME_KIND_PROCESS)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->build_row), _("Dependencies"));
      subtitle = g_strdup (_("Installed on the first start, or now"));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->build_row), _("Image"));
      subtitle = template ? vs_target_template_image (template->name) : g_strdup ("");
    }
  adw_action_row_set_subtitle (self->build_row, subtitle);

  if (template == NULL)
    why_not = _("The template is not installed");
  else if (pending)
    why_not = _("Still checking the runtimes…");
  else if (runtime == NULL)
    why_not = _("No runtime works here");

  gtk_widget_set_sensitive (GTK_WIDGET (self->build_button), why_not == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->build_button),
                               why_not ? why_not : _("Build the image now, watching the log"));
}

static char *
scenario_hint (VsTargetCard *self)
{
  VsTemplate *template = get_selected_template (self);
  const char *id = get_selected_scenario (self);
  const VsScenario *scenario = NULL;

  if (template != NULL && id != NULL)
    scenario = vs_template_get_scenario (template, id);
  if (scenario == NULL)
    return g_strdup (_("The endpoint set under Endpoint"));
  return g_strdup_printf ("%s %s", scenario->method, scenario->path);
}

static char *
port_hint (VsTargetCard *self)
{
  VsTemplate *template = get_selected_template (self);

  if (get_source (self) == SOURCE_IMAGE)
    return g_strdup (_("Where the server listens inside the container"));
  if (template != NULL)
    return g_strdup_printf (_("Auto: the template’s, %u"), template->port);
  return g_strdup (_("Auto: the template’s"));
}

/* The card's row for a field of core's rules; FIELD_TARGET: the card's
 * description (what has no row here). */
static Field
field_of (VsTargetField field)
{
  switch (field)
    {
    case VS_TARGET_FIELD_RUNTIME: return FIELD_RUNTIME;
    case VS_TARGET_FIELD_IMAGE: return FIELD_IMAGE;
    case VS_TARGET_FIELD_CONTAINER_PORT: return FIELD_PORT;
    case VS_TARGET_FIELD_CPUS: return FIELD_CPUS;
    case VS_TARGET_FIELD_MEMORY: return FIELD_MEMORY;
    case VS_TARGET_FIELD_CPUSET: return FIELD_CPUSET;
    case VS_TARGET_FIELD_WORKERS: return FIELD_WORKERS;
    case VS_TARGET_FIELD_ENV: return FIELD_ENV;
    case VS_TARGET_FIELD_SOURCE:
    case VS_TARGET_FIELD_HOST_PORT:
    case VS_TARGET_FIELD_HEALTH_PATH:
    case VS_TARGET_FIELD_READY_TIMEOUT:
    default:
      return FIELD_TARGET;
    }
}

/* The rows' own text problems, then core's rules on what they wrote. */
static void
check_combinations (VsTargetCard *self)
{
  Source source = get_source (self);
  VsTarget *target = self->target;
  gboolean fields_ok = TRUE;
  guint selected = adw_combo_row_get_selected (self->template_row);

  /* the source row decides which of template and image matter */
  set_problem (self, FIELD_TEMPLATE, NULL);
  if (source == SOURCE_TEMPLATE && self->templates->len == 0)
    set_problem (self, FIELD_TEMPLATE, _("no bundled templates are installed"));
  else if (source == SOURCE_TEMPLATE && selected < self->template_ids->len &&
           get_selected_template (self) == NULL)
    {
      /* a session from elsewhere: say so rather than pick another */
      g_autofree char *problem = g_strdup_printf (_("the template “%s” is not installed"),
                                                  (char *) g_ptr_array_index (self->template_ids,
                                                                              selected));

      set_problem (self, FIELD_TEMPLATE, problem);
    }

  set_problem (self, FIELD_IMAGE, NULL);
  if (source == SOURCE_IMAGE)
    {
      g_autofree char *image = vs_editable_get_stripped_text (self->image_row);
      g_autoptr(GError) error = NULL;

      if (!vs_validate_image_reference (image, &error))
        set_problem (self, FIELD_IMAGE, error->message);
    }

  if (vs_spin_button_get_problem (self->port_spin) != NULL)
    set_problem (self, FIELD_PORT, vs_spin_button_get_problem (self->port_spin));
  else
    set_problem (self, FIELD_PORT, NULL);
  set_problem (self, FIELD_RUNTIME, NULL);

  /* then core's rules, each problem on its field's row, once the rows
   * wrote what they show (a text's own problem is said already) */
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->rule_problems[i], g_free);
  for (guint i = 0; i < N_FIELDS; i++)
    fields_ok &= self->problems[i] == NULL;
  if (fields_ok && self->label_problem == NULL)
    {
      g_autoptr(GPtrArray) problems = vs_target_get_problems (target);

      for (guint i = 0; i < problems->len; i++)
        {
          const VsTargetProblem *p = g_ptr_array_index (problems, i);
          Field field = field_of (p->field);

          if (self->rule_problems[field] == NULL)
            self->rule_problems[field] = g_strdup (field == FIELD_TARGET ? p->error->message
                                                                         : p->row_message);
        }
    }
}

static void
show_problems (VsTargetCard *self)
{
  g_autofree char *runtime_hint = vs_describe_runtime (self->monitor, get_runtime_kind (self),
                                                       self->session);
  g_autofree char *scenario = scenario_hint (self);
  g_autofree char *port = port_hint (self);
  VsTemplate *template = get_selected_template (self);
  g_autofree char *template_hint = template ? template_summary (template) : NULL;
  /* Translators: how a template runs more than one process: "with the cluster module" */
  g_autofree char *workers_hint = template && template->workers ? g_strdup_printf (_("Server processes, started with the %s"), template->workers) : NULL;
  const char *label_problem = get_field_problem (self, FIELD_LABEL) ? get_field_problem (self, FIELD_LABEL)
                                                          : self->label_problem;

  vs_field_show_problem (GTK_WIDGET (self->label_row), NULL, GTK_WIDGET (self->label_icon),
                         NULL, label_problem);
  vs_field_show_problem (GTK_WIDGET (self->runtime_row), NULL, NULL,
                         runtime_hint, get_field_problem (self, FIELD_RUNTIME));
  vs_field_show_problem (GTK_WIDGET (self->template_row), NULL, NULL,
                         template_hint, get_field_problem (self, FIELD_TEMPLATE));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scenario_row), scenario);
  vs_field_show_problem (GTK_WIDGET (self->image_row), NULL, GTK_WIDGET (self->image_icon),
                         NULL, get_field_problem (self, FIELD_IMAGE));
  vs_field_show_problem (GTK_WIDGET (self->port_row), GTK_WIDGET (self->port_spin), NULL,
                         port, get_field_problem (self, FIELD_PORT));
  vs_field_show_problem (GTK_WIDGET (self->cpus_row), GTK_WIDGET (self->cpus_entry), NULL,
                         NULL, get_field_problem (self, FIELD_CPUS));
  vs_field_show_problem (GTK_WIDGET (self->memory_row), GTK_WIDGET (self->memory_entry), NULL,
                         NULL, get_field_problem (self, FIELD_MEMORY));
  vs_field_show_problem (GTK_WIDGET (self->cpuset_row), GTK_WIDGET (self->cpuset_entry), NULL,
                         NULL, get_field_problem (self, FIELD_CPUSET));
  vs_field_show_problem (GTK_WIDGET (self->workers_row), GTK_WIDGET (self->workers_spin), NULL,
                         workers_hint, get_field_problem (self, FIELD_WORKERS));
  vs_field_show_problem (GTK_WIDGET (self->env_row), GTK_WIDGET (self->env_view),
                         GTK_WIDGET (self->env_icon), self->env_summary, get_field_problem (self, FIELD_ENV));

  /* the core's verdict has no row of its own: the card's description */
  if (get_field_problem (self, FIELD_TARGET) != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (get_field_problem (self, FIELD_TARGET), -1);

      adw_preferences_group_set_description (self->group, escaped);
    }
}

/* Everything derived from the fields, then "changed". */
static void
refresh (VsTargetCard *self)
{
  if (self->target == NULL)
    return;

  update_visibility (self);
  update_title (self);
  update_build_row (self);
  check_combinations (self);
  show_problems (self);

  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* ---------------------------------------------------------------------- */
/* Combos                                                                  */

static void
fill_scenarios (VsTargetCard *self,
                const char   *scenario)
{
  VsTemplate *template = get_selected_template (self);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = 0;
  gboolean found = FALSE;

  g_ptr_array_set_size (self->scenario_ids, 0);
  for (guint i = 0; template != NULL && i < template->scenarios->len; i++)
    {
      const VsScenario *s = g_ptr_array_index (template->scenarios, i);

      gtk_string_list_append (model, s->title);
      g_ptr_array_add (self->scenario_ids, g_strdup (s->id));
      if (g_strcmp0 (s->id, scenario) == 0)
        {
          selected = i;
          found = TRUE;
        }
    }
  gtk_string_list_append (model, _("Custom endpoint"));
  g_ptr_array_add (self->scenario_ids, NULL);
  if (!found && scenario == NULL)
    selected = self->scenario_ids->len - 1;

  self->quiet = TRUE;
  adw_combo_row_set_model (self->scenario_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->scenario_row, selected);
  self->quiet = FALSE;
}

static gpointer
ref_template (gconstpointer template,
              gpointer      user_data)
{
  return vs_template_ref ((VsTemplate *) template);
}

static int
compare_by_language (gconstpointer a,
                     gconstpointer b)
{
  VsTemplate *ta = *(VsTemplate * const *) a;
  VsTemplate *tb = *(VsTemplate * const *) b;
  int rank_a = g_str_equal (ta->language, "javascript") ? 0 : g_str_equal (ta->language, "python") ? 1 : 2;
  int rank_b = g_str_equal (tb->language, "javascript") ? 0 : g_str_equal (tb->language, "python") ? 1 : 2;

  if (rank_a != rank_b)
    return rank_a - rank_b;
  return g_utf8_collate (ta->title, tb->title);
}

/* In the open list, grouped by language: the title and the language, and
 * under it what the template is made of. (Positions are the list's own
 * here; the row's button shows the title alone.) */
static void
template_item_setup_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (item, box);
}

static void
template_item_bind_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       VsTargetCard             *self)
{
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *details = gtk_widget_get_next_sibling (title);
  guint position = gtk_list_item_get_position (item);
  VsTemplate *template = position < self->template_ids->len
                         ? vs_template_list_find (self->templates, g_ptr_array_index (self->template_ids, position))
                         : NULL;
  g_autofree char *summary = template ? template_summary (template) : NULL;
  /* Translators: a template in the list, and its language: "Flask (Python)" */
  g_autofree char *text = template ? g_strdup_printf (_("%s (%s)"), template->title,
                                                      vs_template_language_title (template))
                                   : g_strdup (gtk_string_object_get_string (gtk_list_item_get_item (item)));

  gtk_label_set_text (GTK_LABEL (title), text);
  gtk_label_set_text (GTK_LABEL (details), summary ? summary : "");
  gtk_widget_set_visible (details, summary != NULL);
}

static void
fill_templates (VsTargetCard *self,
                const char   *name)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = 0;
  gboolean found = FALSE;

  /* a copy keeps the free function: each element gets its own reference */
  g_autoptr(GPtrArray) ordered = g_ptr_array_copy (self->templates, ref_template, NULL);

  /* grouped by language, Node.js first: the two sides of the question */
  g_ptr_array_sort (ordered, compare_by_language);
  g_ptr_array_set_size (self->template_ids, 0);
  for (guint i = 0; i < ordered->len; i++)
    {
      VsTemplate *template = g_ptr_array_index (ordered, i);

      gtk_string_list_append (model, template->title);
      g_ptr_array_add (self->template_ids, g_strdup (template->name));
      if (g_strcmp0 (template->name, name) == 0)
        {
          selected = i;
          found = TRUE;
        }
    }

  if (!found && name != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("%s (not installed)"), name);

      gtk_string_list_append (model, title);
      g_ptr_array_add (self->template_ids, g_strdup (name));
      selected = self->template_ids->len - 1;
    }

  self->quiet = TRUE;
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->template_row, selected);
  self->quiet = FALSE;
}

static void
runtime_selected_cb (VsTargetCard *self)
{
  /* another runtime has other images */
  g_cancellable_cancel (self->images_cancellable);
  g_clear_object (&self->images_cancellable);
  self->images_loaded = FALSE;

  /* the binding writes the target */
  refresh (self);
}

static void
source_selected_cb (VsTargetCard *self)
{
  if (!self->updating)
    write_source (self);
  refresh (self);
}

static gboolean
label_taken (VsTargetCard *self,
             const char   *label)
{
  GPtrArray *targets = vs_session_get_targets (self->session);

  for (guint i = 0; i < targets->len; i++)
    {
      VsTarget *target = g_ptr_array_index (targets, i);

      if (target != self->target && g_strcmp0 (target->label, label) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
template_selected_cb (VsTargetCard *self)
{
  VsTemplate *template;
  VsTemplate *before;

  if (self->quiet)
    return;

  fill_scenarios (self, self->target->scenario);

  /* a label that named the template follows it, unless another has it */
  template = get_selected_template (self);
  before = vs_template_list_find (self->templates, self->target->template_name);
  if (!self->updating && template != NULL && before != NULL && before != template &&
      g_strcmp0 (self->target->label, before->title) == 0 && !label_taken (self, template->title))
    gtk_editable_set_text (GTK_EDITABLE (self->label_row), template->title);

  if (!self->updating)
    write_source (self);
  refresh (self);
}

static void
scenario_selected_cb (VsTargetCard *self)
{
  const char *scenario;

  if (self->quiet)
    return;

  scenario = get_selected_scenario (self);
  if (!self->updating && write_source (self))
    {
      refresh (self);
      if (scenario != NULL)
        g_signal_emit (self, signals[SCENARIO_CHOSEN], 0, scenario);
    }
  else
    refresh (self);
}

/* ---------------------------------------------------------------------- */
/* Text fields                                                             */

static void
label_changed_cb (VsTargetCard *self)
{
  g_autofree char *label = vs_editable_get_stripped_text (self->label_row);

  set_problem (self, FIELD_LABEL, label[0] ? NULL : _("the label is empty"));
  refresh (self);   /* the binding writes the target */
}

static void
image_changed_cb (VsTargetCard *self)
{
  /* write_source () checks the image; refresh () tells why it is wrong */
  if (!self->updating)
    write_source (self);
  refresh (self);
}

static void
port_changed_cb (VsTargetCard *self)
{
  refresh (self);   /* the binding writes the target */
}

static void
cpus_changed_cb (VsTargetCard *self)
{
  g_autofree char *text = vs_editable_get_stripped_text (self->cpus_entry);
  g_autoptr(GError) error = NULL;
  double cpus = 0;

  if (text[0] != '\0' && !vs_parse_cpus (text, &cpus, &error))
    set_problem (self, FIELD_CPUS, error->message);
  else
    set_problem (self, FIELD_CPUS, NULL);
  refresh (self);   /* the binding writes the target */

  if (!self->updating && !self->mirroring)
    g_signal_emit (self, signals[LIMITS_EDITED], 0);
}

static void
memory_changed_cb (VsTargetCard *self)
{
  g_autofree char *text = vs_editable_get_stripped_text (self->memory_entry);
  g_autoptr(GError) error = NULL;
  gint64 bytes = 0;

  if (text[0] != '\0' && !vs_parse_memory_size (text, &bytes, &error))
    set_problem (self, FIELD_MEMORY, error->message);
  else
    set_problem (self, FIELD_MEMORY, NULL);
  refresh (self);   /* the binding writes the target */

  if (!self->updating && !self->mirroring)
    g_signal_emit (self, signals[LIMITS_EDITED], 0);
}

static void
cpuset_changed_cb (VsTargetCard *self)
{
  g_autofree char *text = vs_editable_get_stripped_text (self->cpuset_entry);
  g_autoptr(GError) error = NULL;
  const char *cpuset = text[0] ? text : NULL;

  if (cpuset != NULL && !vs_validate_cpuset (cpuset, &error))
    set_problem (self, FIELD_CPUSET, error->message);
  else
    set_problem (self, FIELD_CPUSET, NULL);
  refresh (self);   /* the binding writes the target */
}

static void
env_changed_cb (VsTargetCard *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->env_view);
  g_autoptr(VsTarget) parsed = vs_target_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GtkTextIter start, end;
  guint line_no = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL && error == NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      line_no = i + 1;
      if (line[0] != '\0')
        vs_target_add_env_assignment (parsed, line, &error);
    }

  if (error != NULL)
    {
      g_autofree char *problem = g_strdup_printf (_("line %u: %s"), line_no, error->message);

      set_problem (self, FIELD_ENV, problem);
    }
  else
    set_problem (self, FIELD_ENV, NULL);

  g_free (self->env_summary);
  if (parsed->env_names->len == 0)
    self->env_summary = g_strdup (_("None; one NAME=VALUE per line"));
  else
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < parsed->env_names->len; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "",
                                (char *) g_ptr_array_index (parsed->env_names, i));
      self->env_summary = g_string_free (g_steal_pointer (&names), FALSE);
    }

  if (!self->updating && error == NULL)
    {
      self->writing = TRUE;
      vs_target_set_env_from (self->target, parsed);
      self->writing = FALSE;
    }
  refresh (self);
}

/* ---------------------------------------------------------------------- */
/* Images of the runtime                                                   */

static void
show_images_message (VsTargetCard *self,
                     const char   *message)
{
  gtk_label_set_text (self->images_message, message);
  gtk_spinner_set_spinning (self->images_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->images_stack, "message");
}

static char *
image_reference (const VsImage *image)
{
  if (image->repository == NULL || g_str_equal (image->repository, "<none>"))
    return NULL;
  if (image->tag == NULL || g_str_equal (image->tag, "<none>"))
    return g_strdup (image->repository);
  return g_strdup_printf ("%s:%s", image->repository, image->tag);
}

static void
list_images_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VsTargetCard *self;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint shown = 0;

  images = vs_runtime_list_images_finish (VS_RUNTIME (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the card may be gone */

  self = VS_TARGET_CARD (user_data);
  g_clear_object (&self->images_cancellable);

  if (images == NULL)
    {
      show_images_message (self, error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->images_list))) != NULL)
    gtk_list_box_remove (self->images_list, child);

  for (guint i = 0; i < images->len; i++)
    {
      const VsImage *image = g_ptr_array_index (images, i);
      g_autofree char *reference = image_reference (image);
      g_autofree char *size = NULL;
      GtkWidget *row;

      if (reference == NULL)
        continue;   /* dangling layers: nothing to name */

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reference);
      if (image->size_bytes >= 0)
        {
          size = vs_format_bytes (image->size_bytes);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size);
        }
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "reference", g_steal_pointer (&reference), g_free);
      gtk_list_box_append (self->images_list, row);
      shown++;
    }

  self->images_loaded = TRUE;
  if (shown == 0)
    show_images_message (self, _("This runtime has no tagged images yet"));
  else
    {
      gtk_spinner_set_spinning (self->images_spinner, FALSE);
      gtk_stack_set_visible_child_name (self->images_stack, "list");
    }
}

static void
images_popover_show_cb (VsTargetCard *self)
{
  gboolean pending = FALSE;
  VsRuntime *runtime;

  if (self->images_loaded || self->images_cancellable != NULL)
    return;

  runtime = resolve_runtime (self, &pending);
  if (pending)
    {
      show_images_message (self, _("Still checking the runtimes…"));
      return;
    }
  if (runtime == NULL || vs_runtime_get_kind (runtime) == VS_RUNTIME_KIND_PROCESS)
    {
      show_images_message (self, _("Local processes have no images: choose Podman or Docker "
                                   "as the runtime"));
      return;
    }

  gtk_spinner_set_spinning (self->images_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->images_stack, "loading");
  self->images_cancellable = g_cancellable_new ();
  vs_runtime_list_images_async (runtime, self->images_cancellable, list_images_cb, self);
}

static void
image_activated_cb (VsTargetCard  *self,
                    GtkListBoxRow *row)
{
  const char *reference = g_object_get_data (G_OBJECT (row), "reference");

  if (reference != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->image_row), reference);
  gtk_popover_popdown (self->images_popover);
}

/* ---------------------------------------------------------------------- */
/* Buttons                                                                 */

static void
build_finished_cb (VsTargetCard *self,
                   gboolean      success)
{
  /* a new image to list, and "Automatic" may now mean this engine */
  if (success)
    {
      self->images_loaded = FALSE;
      vs_runtime_monitor_refresh (self->monitor);
    }
}

static void
build_clicked_cb (VsTargetCard *self)
{
  VsTemplate *template = get_selected_template (self);
  VsRuntime *runtime = resolve_runtime (self, NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  VsBuildDialog *dialog;

  if (template == NULL || runtime == NULL)
    return;

  dialog = vs_build_dialog_new (runtime, template);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "finished", G_CALLBACK (build_finished_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  vs_build_dialog_start (dialog);
}

static void
remove_clicked_cb (VsTargetCard *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
vs_target_card_dispose (GObject *object)
{
  VsTargetCard *self = VS_TARGET_CARD (object);

  if (self->images_cancellable != NULL)
    g_cancellable_cancel (self->images_cancellable);
  g_clear_object (&self->images_cancellable);
  if (self->target != NULL)
    g_signal_handlers_disconnect_by_data (self->target, self);
  g_clear_object (&self->bindings);

  /* the group is our child and a template child: AdwBin lets go of it
   * first, or it would unparent it a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_TARGET_CARD);

  G_OBJECT_CLASS (vs_target_card_parent_class)->dispose (object);
}

static void
vs_target_card_finalize (GObject *object)
{
  VsTargetCard *self = VS_TARGET_CARD (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->target, vs_target_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->monitor);
  g_ptr_array_unref (self->template_ids);
  g_ptr_array_unref (self->scenario_ids);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_free (self->problems[i]);
      g_free (self->rule_problems[i]);
    }
  g_free (self->label_problem);
  g_free (self->env_summary);

  G_OBJECT_CLASS (vs_target_card_parent_class)->finalize (object);
}

/* What is typed never changes how wide a card wants to be: a long reason
 * wraps inside it instead of turning the page's three columns into one
 * (which moved the card being edited off-screen). */
static void
vs_target_card_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  *minimum = *natural = 0;
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural,
                        minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, CARD_NATURAL_WIDTH);
}

static void
vs_target_card_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
vs_target_card_class_init (VsTargetCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_target_card_dispose;
  object_class->finalize = vs_target_card_finalize;
  widget_class->measure = vs_target_card_measure;
  widget_class->size_allocate = vs_target_card_size_allocate;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SCENARIO_CHOSEN] = g_signal_new ("scenario-chosen", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[LIMITS_EDITED] = g_signal_new ("limits-edited", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, UI_RESOURCE);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, group);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, remove_button);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, label_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, label_icon);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, runtime_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, source_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, template_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, scenario_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, build_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, build_button);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, image_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, image_icon);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, images_button);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, images_popover);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, images_stack);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, images_spinner);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, images_list);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, images_message);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, port_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, port_spin);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, cpus_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, cpus_entry);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, memory_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, memory_entry);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, cpuset_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, cpuset_entry);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, workers_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, env_row);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, env_icon);
  gtk_widget_class_bind_template_child (widget_class, VsTargetCard, env_view);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, runtime_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, scenario_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, build_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, image_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, images_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, image_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cpus_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, memory_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cpuset_changed_cb);
}

/* ---------------------------------------------------------------------- */
/* Bindings: a row writes its property once what it shows is valid         */

static gboolean
text_to_label (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  g_autofree char *label = g_strstrip (g_value_dup_string (from));

  if (label[0] == '\0')
    return FALSE;
  g_value_take_string (to, g_steal_pointer (&label));
  return TRUE;
}

static gboolean
text_to_cpus (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  g_autofree char *text = g_strstrip (g_value_dup_string (from));
  double cpus = 0;

  if (text[0] != '\0' && !vs_parse_cpus (text, &cpus, NULL))
    return FALSE;
  g_value_set_double (to, cpus);
  return TRUE;
}

static gboolean
cpus_to_text (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  g_value_take_string (to, vs_format_cpus_text (g_value_get_double (from)));
  return TRUE;
}

static gboolean
text_to_memory (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  g_autofree char *text = g_strstrip (g_value_dup_string (from));
  gint64 bytes = 0;

  if (text[0] != '\0' && !vs_parse_memory_size (text, &bytes, NULL))
    return FALSE;
  g_value_set_int64 (to, bytes);
  return TRUE;
}

static gboolean
memory_to_text (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  g_value_take_string (to, vs_format_memory_text (g_value_get_int64 (from)));
  return TRUE;
}

static gboolean
text_to_cpuset (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  g_autofree char *text = g_strstrip (g_value_dup_string (from));

  if (text[0] == '\0')
    {
      g_value_set_string (to, NULL);
      return TRUE;
    }
  if (!vs_validate_cpuset (text, NULL))
    return FALSE;
  g_value_take_string (to, g_steal_pointer (&text));
  return TRUE;
}

static void
bind_rows (VsTargetCard *self)
{
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  self->bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->bindings, "label", self->label_row, "text", flags,
                             vs_binding_string_to_text, text_to_label, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "runtime", self->runtime_row, "selected", flags,
                             vs_binding_enum_to_selected, vs_binding_selected_to_enum, NULL, NULL);
  g_binding_group_bind (self->bindings, "container-port", self->port_spin, "value", flags);
  g_binding_group_bind_full (self->bindings, "cpus", self->cpus_entry, "text", flags,
                             cpus_to_text, text_to_cpus, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "memory-bytes", self->memory_entry, "text", flags,
                             memory_to_text, text_to_memory, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "cpuset", self->cpuset_entry, "text", flags,
                             vs_binding_string_to_text, text_to_cpuset, NULL, NULL);
  g_binding_group_bind (self->bindings, "workers", self->workers_spin, "value", flags);
}

static void show_source (VsTargetCard *self);
static void show_env    (VsTargetCard *self);

/* Someone else edited the target (a scenario chosen on another card, a
 * target put back): the rows that are not bound follow. */
static void
target_notify_cb (VsTargetCard *self,
                  GParamSpec   *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (!self->writing && !self->updating)
    {
      if (g_str_equal (name, "template-name") || g_str_equal (name, "scenario") ||
          g_str_equal (name, "image"))
        show_source (self);
      else if (g_str_equal (name, "env"))
        show_env (self);
    }
  refresh (self);
}

static void
vs_target_card_init (VsTargetCard *self)
{
  self->template_ids = g_ptr_array_new_with_free_func (g_free);
  self->scenario_ids = g_ptr_array_new_with_free_func (g_free);
  self->updating = TRUE;   /* until a target is shown */

  /* measured by vs_target_card_measure(), not by AdwBin's layout manager */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  vs_spin_button_check_text (self->port_spin, vs_target_check_container_port);
  vs_menu_button_quiet_tooltip (self->images_button);
  vs_spin_button_set_zero_is_auto (self->port_spin);
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (template_item_setup_cb), NULL);
    g_signal_connect_object (factory, "bind", G_CALLBACK (template_item_bind_cb), self, 0);
    adw_combo_row_set_list_factory (self->template_row, factory);
  }
  g_signal_connect_object (self->port_spin, "changed", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_text_view_get_buffer (self->env_view), "changed",
                           G_CALLBACK (env_changed_cb), self, G_CONNECT_SWAPPED);
  bind_rows (self);
}

/* The template, scenario and image rows from the target. */
static void
show_source (VsTargetCard *self)
{
  VsTarget *target = self->target;
  gboolean was_updating = self->updating;

  self->updating = TRUE;
  fill_templates (self, target->template_name);
  fill_scenarios (self, target->scenario);
  gtk_editable_set_text (GTK_EDITABLE (self->image_row), target->image ? target->image : "");
  adw_combo_row_set_selected (self->source_row,
                              target->image != NULL && target->template_name == NULL
                              ? SOURCE_IMAGE : SOURCE_TEMPLATE);
  self->updating = was_updating;
}

static void
show_env (VsTargetCard *self)
{
  VsTarget *target = self->target;
  g_autoptr(GString) env = g_string_new (NULL);
  gboolean was_updating = self->updating;

  for (guint i = 0; i < target->env_names->len; i++)
    g_string_append_printf (env, "%s=%s\n", (char *) g_ptr_array_index (target->env_names, i),
                            (char *) g_ptr_array_index (target->env_values, i));

  self->updating = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->env_view), env->str, -1);
  /* an empty buffer set empty says nothing: read it once more */
  env_changed_cb (self);
  self->updating = was_updating;
}

/* Shows the target as it is, writing nothing; from now on the rows and
 * the target follow each other. */
static void
show_target (VsTargetCard *self)
{
  self->updating = TRUE;
  g_binding_group_set_source (self->bindings, self->target);
  show_source (self);
  vs_spin_button_show_value (self->port_spin, self->target->container_port);
  show_env (self);
  self->updating = FALSE;

  g_signal_connect_object (self->target, "notify", G_CALLBACK (target_notify_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

GtkWidget *
vs_target_card_new (VsSession         *session,
                    VsTarget          *target,
                    GPtrArray         *templates,
                    VsRuntimeMonitor  *monitor)
{
  VsTargetCard *self;

  g_return_val_if_fail (VS_IS_SESSION (session), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (templates != NULL, NULL);
  g_return_val_if_fail (VS_IS_RUNTIME_MONITOR (monitor), NULL);

  self = g_object_new (VS_TYPE_TARGET_CARD, NULL);
  self->session = g_object_ref (session);
  self->target = vs_target_ref (target);
  self->templates = g_ptr_array_ref (templates);
  self->monitor = g_object_ref (monitor);

  show_target (self);

  return GTK_WIDGET (self);
}

/* A comparison keeps at least two targets: the last two cannot be removed */
void
vs_target_card_set_removable (VsTargetCard *self,
                              gboolean      removable)
{
  g_return_if_fail (VS_IS_TARGET_CARD (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), removable);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button),
                               removable ? _("Remove Target")
                                         : _("A comparison needs at least two targets"));
}

VsTarget *
vs_target_card_get_target (VsTargetCard *self)
{
  g_return_val_if_fail (VS_IS_TARGET_CARD (self), NULL);
  return self->target;
}

const char *
vs_target_card_get_problem (VsTargetCard *self)
{
  g_return_val_if_fail (VS_IS_TARGET_CARD (self), NULL);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (get_field_problem (self, i) != NULL)
        return get_field_problem (self, i);
      if (i == FIELD_LABEL && self->label_problem != NULL)
        return self->label_problem;
    }
  return NULL;
}

void
vs_target_card_set_label_problem (VsTargetCard *self,
                                  const char   *problem)
{
  g_return_if_fail (VS_IS_TARGET_CARD (self));

  if (g_strcmp0 (self->label_problem, problem) == 0)
    return;

  vs_set_str (&self->label_problem, problem);
  check_combinations (self);
  show_problems (self);
}

const char *
vs_target_card_get_cpus_text (VsTargetCard *self)
{
  g_return_val_if_fail (VS_IS_TARGET_CARD (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->cpus_entry));
}

const char *
vs_target_card_get_memory_text (VsTargetCard *self)
{
  g_return_val_if_fail (VS_IS_TARGET_CARD (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->memory_entry));
}

void
vs_target_card_set_limits_text (VsTargetCard *self,
                                const char   *cpus,
                                const char   *memory)
{
  g_return_if_fail (VS_IS_TARGET_CARD (self));

  self->mirroring = TRUE;
  if (cpus != NULL &&
      g_strcmp0 (cpus, gtk_editable_get_text (GTK_EDITABLE (self->cpus_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->cpus_entry), cpus);
  if (memory != NULL &&
      g_strcmp0 (memory, gtk_editable_get_text (GTK_EDITABLE (self->memory_entry))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->memory_entry), memory);
  self->mirroring = FALSE;
}

void
vs_target_card_runtimes_changed (VsTargetCard *self)
{
  g_return_if_fail (VS_IS_TARGET_CARD (self));

  /* "auto" may now stand for another runtime */
  if (self->images_cancellable == NULL)
    self->images_loaded = FALSE;
  refresh (self);
}
