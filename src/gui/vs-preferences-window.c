/* vs-preferences-window.c — default runtime, default load profile, colour scheme
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vs-gui-util.h"
#include "vs-load-profile.h"
#include "vs-preferences-window.h"
#include "vs-session.h"
#include "vs-target-card.h"
#include "vs-util.h"

struct _VsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* template widgets */
  AdwComboRow          *runtime_row;
  AdwComboRow          *scheme_row;
  AdwActionRow         *connections_row;
  GtkSpinButton        *connections_spin;
  AdwActionRow         *trials_row;
  GtkSpinButton        *trials_spin;
  AdwEntryRow          *duration_row;
  AdwEntryRow          *warmup_row;
  GtkLabel             *problem_label;

  char                 *duration_problem;
  char                 *warmup_problem;
};

G_DEFINE_FINAL_TYPE (VsPreferencesWindow, vs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const runtimes[] = { "auto", "podman", "docker", "process" };

static gboolean
runtime_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  const char *text = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (runtimes); i++)
    if (g_str_equal (text, runtimes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
runtime_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (runtimes[MIN (i, G_N_ELEMENTS (runtimes) - 1)]);
}

static void
scheme_selected_cb (VsPreferencesWindow *self)
{
  g_settings_set_enum (self->settings, "color-scheme", adw_combo_row_get_selected (self->scheme_row));
}

/* Every refused value is named, with its reason, under the rows: entry
 * rows have no subtitle. Nothing refused is saved. */
static void
show_problems (VsPreferencesWindow *self)
{
  const struct { GtkWidget *row; GtkWidget *editable; const char *field; const char *problem; } fields[] = {
    { GTK_WIDGET (self->connections_row), GTK_WIDGET (self->connections_spin), _("Connections"),
      vs_spin_button_get_problem (self->connections_spin) },
    { GTK_WIDGET (self->trials_row), GTK_WIDGET (self->trials_spin), _("Trials per target"),
      vs_spin_button_get_problem (self->trials_spin) },
    { GTK_WIDGET (self->duration_row), NULL, _("Duration"), self->duration_problem },
    { GTK_WIDGET (self->warmup_row), NULL, _("Warm-up"), self->warmup_problem },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      vs_field_show_problem (fields[i].row, fields[i].editable, NULL, NULL, fields[i].problem);
      if (fields[i].problem != NULL)
        {
          g_autofree char *line = vs_describe_field_problem (fields[i].field, fields[i].problem);

          g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line);
        }
    }
  gtk_label_set_text (self->problem_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), text->len > 0);
}

/* A duration is saved only when it is one a comparison can use. */
static void
duration_changed_cb (AdwEntryRow         *row,
                     VsPreferencesWindow *self)
{
  gboolean warmup = row == self->warmup_row;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  char **problem = warmup ? &self->warmup_problem : &self->duration_problem;
  g_autoptr(GError) error = NULL;
  gint64 usec;

  g_clear_pointer (problem, g_free);
  if (vs_parse_duration (text, &usec, &error) &&
      (warmup ? vs_load_profile_check_warmup (usec, &error)
              : vs_load_profile_check_duration (usec, &error)))
    g_settings_set_string (self->settings, warmup ? "default-warmup" : "default-duration", text);
  else
    *problem = g_strdup (error->message);
  show_problems (self);
}

static void
vs_preferences_window_dispose (GObject *object)
{
  VsPreferencesWindow *self = VS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->duration_problem, g_free);
  g_clear_pointer (&self->warmup_problem, g_free);

  G_OBJECT_CLASS (vs_preferences_window_parent_class)->dispose (object);
}

static void
vs_preferences_window_class_init (VsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versusbench/Versus/ui/vs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, runtime_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, scheme_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, connections_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, connections_spin);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, trials_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, trials_spin);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, duration_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, warmup_row);
  gtk_widget_class_bind_template_callback (widget_class, duration_changed_cb);
}

static void
vs_preferences_window_init (VsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vs_spin_button_check_text (self->connections_spin, vs_load_profile_check_connections_here);
  vs_spin_button_check_text (self->trials_spin, vs_session_check_trials);
  g_signal_connect_object (self->connections_spin, "changed", G_CALLBACK (show_problems), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trials_spin, "changed", G_CALLBACK (show_problems), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
vs_preferences_window_new (GSettings *settings)
{
  VsPreferencesWindow *self = g_object_new (VS_TYPE_PREFERENCES_WINDOW, NULL);
  g_autofree char *duration = g_settings_get_string (settings, "default-duration");
  g_autofree char *warmup = g_settings_get_string (settings, "default-warmup");

  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "default-runtime", self->runtime_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, runtime_get_mapping, runtime_set_mapping,
                                NULL, NULL);
  adw_combo_row_set_selected (self->scheme_row, g_settings_get_enum (settings, "color-scheme"));
  g_signal_connect_object (self->scheme_row, "notify::selected", G_CALLBACK (scheme_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_settings_bind (settings, "default-connections", self->connections_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "default-trials", self->trials_spin, "value", G_SETTINGS_BIND_DEFAULT);
  gtk_editable_set_text (GTK_EDITABLE (self->duration_row), duration);
  gtk_editable_set_text (GTK_EDITABLE (self->warmup_row), warmup);

  return GTK_WIDGET (self);
}
