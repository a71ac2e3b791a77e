/* vs-application.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "vs-application.h"
#include "vs-help-window.h"
#include "vs-preferences-window.h"
#include "vs-study-window.h"
#include "vs-window.h"

struct _VsApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  VsHistory      *history;
  GError         *history_error;
  guint           sigint_id;
  guint           sigterm_id;
  guint           grace_id;
  gboolean        quitting;
};

G_DEFINE_FINAL_TYPE (VsApplication, vs_application, ADW_TYPE_APPLICATION)

VsApplication *
vs_application_new (void)
{
  return g_object_new (VS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/versusbench/Versus",
                       NULL);
}

GSettings *
vs_application_get_settings (VsApplication *self)
{
  g_return_val_if_fail (VS_IS_APPLICATION (self), NULL);
  return self->settings;
}

VsHistory *
vs_application_get_history (VsApplication *self)
{
  g_return_val_if_fail (VS_IS_APPLICATION (self), NULL);
  return self->history;
}

const GError *
vs_application_get_history_error (VsApplication *self)
{
  g_return_val_if_fail (VS_IS_APPLICATION (self), NULL);
  return self->history_error;
}

static void
apply_color_scheme (VsApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint value = g_settings_get_enum (self->settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[MIN (value, G_N_ELEMENTS (schemes) - 1)]);
}

static void
vs_application_activate (GApplication *app)
{
  VsWindow *window = vs_window_new (VS_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static void
vs_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      VsWindow *window;

      if (vs_file_is_study (files[i]))
        {
          vs_study_window_open (VS_APPLICATION (app), files[i]);
          continue;
        }
      window = vs_window_new (VS_APPLICATION (app));

      vs_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* each window asks about its unsaved changes */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

/* SIGINT or SIGTERM (Ctrl+C in the terminal that started Versus, a
 * logout, `kill`): every window stops its comparison as Stop does and
 * closes; the application ends when the last one has. A second signal, or
 * a run that does not wind down in time, ends it at once: the reaper still
 * stops what it started. */
#define QUIT_GRACE_S 20

static gboolean
quit_now_cb (gpointer user_data)
{
  VsApplication *self = user_data;

  self->grace_id = 0;
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static gboolean
quit_signal_cb (gpointer user_data)
{
  VsApplication *self = user_data;
  GList *windows;

  if (self->quitting)
    {
      g_application_quit (G_APPLICATION (self));
      return G_SOURCE_CONTINUE;
    }
  self->quitting = TRUE;
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (VS_IS_WINDOW (l->data))
        vs_window_quit (VS_WINDOW (l->data));
      else if (VS_IS_STUDY_WINDOW (l->data))
        vs_study_window_quit (VS_STUDY_WINDOW (l->data));
      else
        gtk_window_destroy (GTK_WINDOW (l->data));
    }
  g_list_free (windows);
  self->grace_id = g_timeout_add_seconds (QUIT_GRACE_S, quit_now_cb, self);
  return G_SOURCE_CONTINUE;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *window = vs_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  VsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Versus authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APP_ID,
                        "application-name", _("Versus"),
                        "developer-name", _("The Versus authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Is Node.js or Python the better backend for your workload, "
                                      "by how much, and how sure are we? Versus runs fair, "
                                      "interleaved trials and tells the truth about uncertainty."),
                        "website", "https://github.com/versusbench/versus",
                        "issue-url", "https://github.com/versusbench/versus/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "copyright", "© 2026 The Versus authors",
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* F1: the user guide, one window for the application */
static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  VsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));
  GtkWidget *help = NULL;

  for (GList *l = windows; l != NULL && help == NULL; l = l->next)
    if (VS_IS_HELP_WINDOW (l->data))
      help = l->data;
  if (help == NULL)
    {
      help = vs_help_window_new ();
      gtk_window_set_application (GTK_WINDOW (help), GTK_APPLICATION (self));
      if (parent != NULL && !VS_IS_HELP_WINDOW (parent))
        gtk_window_set_transient_for (GTK_WINDOW (help), parent);
    }
  gtk_window_present (GTK_WINDOW (help));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "help", help_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static void
vs_application_startup (GApplication *app)
{
  VsApplication *self = VS_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
    { "win.new", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.start", { "<Control>Return", NULL } },
    { "win.stop", { "Escape", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (vs_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  /* one history for every window; a damaged one is reported, never replaced */
  self->history = vs_history_open (NULL, &self->history_error);

  self->sigint_id = g_unix_signal_add (SIGINT, quit_signal_cb, self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, quit_signal_cb, self);
}

static void
vs_application_shutdown (GApplication *app)
{
  VsApplication *self = VS_APPLICATION (app);

  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);

  G_APPLICATION_CLASS (vs_application_parent_class)->shutdown (app);
}

static void
vs_application_finalize (GObject *object)
{
  VsApplication *self = VS_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->history);
  g_clear_error (&self->history_error);

  G_OBJECT_CLASS (vs_application_parent_class)->finalize (object);
}

static void
vs_application_class_init (VsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = vs_application_finalize;
  app_class->activate = vs_application_activate;
  app_class->open = vs_application_open;
  app_class->startup = vs_application_startup;
  app_class->shutdown = vs_application_shutdown;
}

static void
vs_application_init (VsApplication *self)
{
}
