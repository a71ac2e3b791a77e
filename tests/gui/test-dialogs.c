/* test-dialogs.c — Preferences, keyboard shortcuts and About, as a user opens them
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vs-application.h"
#include "vs-gui-test-util.h"
#include "vs-help-window.h"
#include "vs-window.h"

static VsApplication *app;

/* The newest toplevel that is not @except. */
static GtkWindow *
find_toplevel (GType      type,
               GtkWindow *except)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != except && G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        found = window;
    }
  return found;
}

static GtkWindow *
open_with_action (VsWindow   *window,
                  const char *action,
                  GType       type)
{
  GtkWindow *dialog = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  while (dialog == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      dialog = find_toplevel (type, GTK_WINDOW (window));
    }
  g_assert_nonnull (dialog);
  vs_test_spin (0.5);
  return dialog;
}

static void
test_preferences (void)
{
  VsWindow *window = vs_window_new (app);
  GtkWindow *dialog;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *labels = NULL;

  gtk_window_present (GTK_WINDOW (window));
  vs_test_spin (0.3);
  dialog = open_with_action (window, "app.preferences", ADW_TYPE_PREFERENCES_WINDOW);
  labels = vs_test_collect_labels (GTK_WIDGET (dialog));
  g_test_message ("%s", labels);
  g_assert_nonnull (strstr (labels, "Runtime"));
  g_assert_nonnull (strstr (labels, "Connections"));
  g_free (vs_test_screenshot (GTK_WIDGET (dialog), "preferences.png"));

  /* a refused value says why under the rows, and is not saved */
  {
    g_autoptr(GPtrArray) spins = g_ptr_array_new ();
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    GtkWidget *problem = vs_test_find_named (GTK_WIDGET (dialog), "preferences-problem");
    guint connections = g_settings_get_uint (settings, "default-connections");
    g_autofree char *duration = g_settings_get_string (settings, "default-duration");
    GtkSpinButton *spin;

    vs_test_collect_type (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, spins);
    vs_test_collect_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, entries);
    g_assert_cmpuint (spins->len, ==, 2);
    g_assert_cmpuint (entries->len, ==, 2);
    g_assert_nonnull (problem);
    g_assert_false (gtk_widget_get_visible (problem));

    spin = g_ptr_array_index (spins, 0);
    gtk_editable_set_text (GTK_EDITABLE (spin), "0");
    gtk_spin_button_update (spin);
    gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), "10000000s");
    vs_test_spin (0.1);
    g_test_message ("%s", gtk_label_get_text (GTK_LABEL (problem)));
    g_assert_true (gtk_widget_get_visible (problem));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)),
                              "Connections must be a whole number from 1 to 100000 (got 0)"));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)),
                              "Duration must be at most 24 h"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "0");
    g_assert_cmpuint (g_settings_get_uint (settings, "default-connections"), ==, connections);
    {
      g_autofree char *now = g_settings_get_string (settings, "default-duration");

      g_assert_cmpstr (now, ==, duration);
    }
    g_free (vs_test_screenshot (GTK_WIDGET (dialog), "preferences-refused.png"));

    gtk_editable_set_text (GTK_EDITABLE (spin), "40");
    gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), duration);
    vs_test_spin (0.1);
    g_assert_false (gtk_widget_get_visible (problem));
    g_assert_cmpuint (g_settings_get_uint (settings, "default-connections"), ==, 40);
    g_settings_set_uint (settings, "default-connections", connections);
  }

  /* the colour scheme follows the setting */
  g_settings_set_enum (settings, "color-scheme", 2);
  vs_test_spin (0.3);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  g_free (vs_test_screenshot (GTK_WIDGET (window), "window-dark.png"));
  g_settings_set_enum (settings, "color-scheme", 1);
  vs_test_spin (0.3);
  g_assert_false (adw_style_manager_get_dark (adw_style_manager_get_default ()));

  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_shortcuts_and_about (void)
{
  VsWindow *window = vs_window_new (app);
  GtkWindow *shortcuts;
  GtkWindow *about;

  gtk_window_present (GTK_WINDOW (window));
  vs_test_spin (0.3);

  shortcuts = open_with_action (window, "win.show-help-overlay", GTK_TYPE_SHORTCUTS_WINDOW);
  g_free (vs_test_screenshot (GTK_WIDGET (shortcuts), "shortcuts.png"));
  gtk_window_destroy (shortcuts);

  /* F1: the user guide, rendered, one window however often it is asked for */
  {
    GtkWindow *help = open_with_action (window, "app.help", VS_TYPE_HELP_WINDOW);
    g_autofree char *labels = vs_test_collect_labels (GTK_WIDGET (help));
    g_autofree char *markup = vs_help_inline_markup ("a `NAME=VALUE` <b> *one* **two** *open");

    g_assert_nonnull (strstr (labels, "Versus user guide"));
    g_assert_nonnull (strstr (labels, "Setup: what runs, and how hard it is driven"));
    g_assert_nonnull (strstr (labels, "Automatic"));
    g_assert_nonnull (strstr (labels, "versus-cli run q.versus"));
    /* no Markdown marks left over */
    g_assert_null (strstr (labels, "**"));
    g_assert_null (strstr (labels, "`"));
    g_assert_cmpstr (gtk_window_get_title (help), ==, "Versus user guide");
    g_assert_cmpstr (markup, ==, "a <tt>NAME=VALUE</tt> &lt;b&gt; <i>one</i> <b>two</b> <i>open</i>");
    g_free (vs_test_screenshot (GTK_WIDGET (help), "help.png"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.help", NULL));
    vs_test_spin (0.2);
    {
      guint n = 0;
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

          n += VS_IS_HELP_WINDOW (item);
        }
      g_assert_cmpuint (n, ==, 1);
    }
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");

      g_assert_cmpstr (accels[0], ==, "F1");
    }
    gtk_window_destroy (help);
  }

  /* a menu button's tooltip does not cover its open menu */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkMenuButton *menu = NULL;

    vs_test_collect_type (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), "Main Menu") == 0)
        menu = g_ptr_array_index (buttons, i);
    g_assert_nonnull (menu);
    g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (menu)));
    gtk_menu_button_popup (menu);
    vs_test_spin (0.2);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (menu))));
    g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (menu)));
    gtk_menu_button_popdown (menu);
    vs_test_spin (0.2);
    g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (menu)));
  }

  /* Results' "Compare with Earlier Runs": the History, searching this comparison */
  {
    g_autoptr(GPtrArray) stacks = g_ptr_array_new ();
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    gboolean searched = FALSE;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-earlier", NULL));
    vs_test_spin (0.2);
    vs_test_collect_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, stacks);
    g_assert_cmpuint (stacks->len, >=, 1);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (g_ptr_array_index (stacks, 0)), ==, "history");
    vs_test_collect_type (vs_window_get_page (window, "history"), GTK_TYPE_SEARCH_ENTRY, entries);
    /* the page's search, beside the drop-downs' own */
    for (guint i = 0; i < entries->len; i++)
      searched |= g_strcmp0 (gtk_editable_get_text (g_ptr_array_index (entries, i)),
                             vs_session_get_name (vs_window_get_session (window))) == 0;
    g_assert_true (searched);
  }

  about = open_with_action (window, "app.about", ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_free (vs_test_screenshot (GTK_WIDGET (about), "about.png"));
  gtk_window_destroy (about);

  /* the accelerators a GNOME user expects */
  {
    const struct { const char *action; const char *accel; } expected[] = {
      { "win.open", "<Control>o" }, { "win.save", "<Control>s" }, { "win.save-as", "<Shift><Control>s" },
      { "win.new", "<Control>n" }, { "win.start", "<Control>Return" }, { "win.stop", "Escape" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                       expected[i].action);
        g_assert_nonnull (accels[0]);
        g_assert_cmpstr (accels[0], ==, expected[i].accel);
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = vs_test_new_application ();

  g_test_add_func ("/dialogs/preferences", test_preferences);
  g_test_add_func ("/dialogs/shortcuts-and-about", test_shortcuts_and_about);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
