/* test-window-de.c — the application in German, on real widgets under Xvfb
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The translation pipeline end to end: po/de.po compiled by the build, a
 * real de_DE.UTF-8 locale (compiled into the build folder by localedef and
 * found through LOCPATH, so neither root nor a system-wide locale is
 * needed), the window's .ui templates and C strings in German, and the
 * numbers with a decimal comma. Runs a short comparison as local processes,
 * like test-window.c, and saves window-setup-de.png and window-results-de.png
 * to $VS_SCREENSHOT_DIR.
 *
 * Its environment (tests/gui/meson.build): LOCPATH, LC_ALL=de_DE.UTF-8,
 * LANGUAGE=de and VS_TEST_LOCALEDIR, the build's po folder.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vs-application.h"
#include "vs-gui-test-util.h"
#include "vs-report.h"
#include "vs-setup-page.h"
#include "vs-window.h"

static VsApplication *app;

static void
assert_has (const char *labels,
            const char *text)
{
  if (strstr (labels, text) == NULL)
    g_error ("“%s” is not shown; the labels are:\n%s", text, labels);
}

static void
assert_lacks (const char *labels,
              const char *text)
{
  if (strstr (labels, text) != NULL)
    g_error ("“%s” is shown untranslated; the labels are:\n%s", text, labels);
}

/* The locale and the catalogue are German before any window exists. */
static void
test_locale (void)
{
  g_autofree char *number = g_strdup_printf ("%.1f", 1.5);
  g_autofree char *ctype = g_build_filename (g_getenv ("LOCPATH"), "de_DE.UTF-8", "LC_CTYPE", NULL);

  if (!g_file_test (ctype, G_FILE_TEST_EXISTS))
    g_error ("the de_DE.UTF-8 locale was not compiled (no %s): Debian's “locales” package, "
             "which has its sources, is missing (build-aux/test installs it)", ctype);
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, "de_DE.UTF-8");
  g_assert_cmpstr (number, ==, "1,5");
  /* a .ui string, a C string, a plural and one of the core (its own domain) */
  g_assert_cmpstr (_("Targets"), ==, "Ziele");
  g_assert_cmpstr (_("Untitled comparison"), ==, "Unbenannter Vergleich");
  g_assert_cmpstr (ngettext ("%u header", "%u headers", 2), ==, "%u Kopfzeilen");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "the image name is empty"), ==,
                   "der Name des Abbilds ist leer");
}

static void
test_setup_and_results (void)
{
  g_autoptr(VsSession) session = vs_test_short_session ("UI-Test auf Deutsch");
  VsWindow *window = vs_window_new (app);
  g_autofree char *labels = NULL;
  g_autofree char *verdict = NULL;
  g_autoptr(VsSessionSummary) summary = NULL;
  g_auto(GStrv) verdict_lines = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  vs_window_set_session (window, session);
  gtk_window_present (GTK_WINDOW (window));
  vs_test_spin (1.0);

  /* Setup: the templates (.ui) and what the page writes itself (C) */
  labels = vs_test_collect_labels (GTK_WIDGET (window));
  g_test_message ("setup labels:\n%s", labels);
  assert_has (labels, "Einrichtung");        /* the view switcher */
  assert_has (labels, "Ziele");              /* vs-setup-page.ui */
  assert_has (labels, "Endpunkt");
  assert_has (labels, "Laufzeitumgebung");   /* vs-target-card.ui */
  assert_has (labels, "Läufe insgesamt");    /* vs-setup-page.c, a plural */
  assert_lacks (labels, "Trials per Target");
  assert_lacks (labels, "Endpoint");
  g_free (vs_test_screenshot (GTK_WIDGET (window), "window-setup-de.png"));

  g_assert_true (vs_setup_page_get_valid (VS_SETUP_PAGE (vs_window_get_page (window, "setup"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  g_assert_true (vs_test_wait_until (vs_test_window_not_running, window, 180));
  vs_test_spin (0.5);
  g_assert_cmpuint (vs_session_get_results (session)->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const VsRunResult *r = g_ptr_array_index (vs_session_get_results (session), i);

      if (r->status != VS_RUN_STATUS_OK)
        g_error ("trial %u: %s", i, r->error ? r->error : "?");
    }

  /* Results: the verdict and the table, in German with decimal commas */
  vs_window_show_page (window, "results");
  vs_test_spin (0.5);
  g_clear_pointer (&labels, g_free);
  labels = vs_test_collect_labels (vs_window_get_page (window, "results"));
  g_test_message ("results labels:\n%s", labels);

  summary = vs_session_summarize (session);
  verdict = vs_session_summary_verdict (summary);
  verdict_lines = g_strsplit (verdict, "\n", 2);
  g_test_message ("verdict: %s", verdict);
  g_assert_true (strstr (verdict, " erreichte ") != NULL || strstr (verdict, " hatte ") != NULL ||
                 g_str_has_prefix (verdict, "Kein"));
  assert_has (labels, g_strstrip (verdict_lines[0]));
  assert_has (labels, "Anfragen/s");         /* a metric title from the core */
  assert_has (labels, "Latenz p99");
  for (guint t = 0; t < summary->n_targets; t++)
    {
      double p99 = summary->summaries[VS_METRIC_P99][t].mean;
      g_autofree char *text = vs_metric_format (VS_METRIC_P99, p99);

      g_assert_true (isfinite (p99));
      g_assert_nonnull (strchr (text, ','));
      assert_has (labels, text);
    }
  assert_lacks (labels, "No trial finished");
  g_free (vs_test_screenshot (GTK_WIDGET (window), "window-results-de.png"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("VS_TEST_LOCALEDIR");
  int status;

  /* as main.c does, with the build's catalogues; not gtk_test_init(),
   * which sets a locale of its own */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  app = vs_test_new_application ();

  g_test_add_func ("/window-de/locale", test_locale);
  g_test_add_func ("/window-de/setup-and-results", test_setup_and_results);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
