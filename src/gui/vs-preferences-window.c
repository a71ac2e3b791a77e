/* vs-preferences-window.c — default runtime, default load profile, colour scheme
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vs-preferences-window.h"
#include "vs-util.h"

struct _VsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* template widgets */
  AdwComboRow          *runtime_row;
  AdwComboRow          *scheme_row;
  GtkSpinButton        *connections_spin;
  GtkSpinButton        *trials_spin;
  AdwEntryRow          *duration_row;
  AdwEntryRow          *warmup_row;
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

/* A duration is saved only when it parses; otherwise the row says why. */
static void
duration_changed_cb (AdwEntryRow         *row,
                     VsPreferencesWindow *self)
{
  const char *key = row == self->duration_row ? "default-duration" : "default-warmup";
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  gint64 usec;

  if (vs_parse_duration (text, &usec, &error) && (usec > 0 || row == self->warmup_row))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
      g_settings_set_string (self->settings, key, text);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row),
                                   error ? error->message : _("The duration must be positive"));
    }
}

static void
vs_preferences_window_dispose (GObject *object)
{
  VsPreferencesWindow *self = VS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

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
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, connections_spin);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, trials_spin);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, duration_row);
  gtk_widget_class_bind_template_child (widget_class, VsPreferencesWindow, warmup_row);
  gtk_widget_class_bind_template_callback (widget_class, duration_changed_cb);
}

static void
vs_preferences_window_init (VsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
