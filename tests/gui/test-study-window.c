/* test-study-window.c — a study's window as a person uses it
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real widgets under Xvfb. The claims and curves are shown for results
 * with given figures; Start and Stop run a real small study (node:http
 * against Flask as local processes).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "vs-chart.h"
#include "vs-gui-test-util.h"
#include "vs-study-window.h"
#include "vs-template.h"
#include "../vs-test-files.h"
#include "vs-window.h"
#include "../vs-test-study.h"

static VsApplication *app;

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static gboolean
activity_says_start (gpointer data)
{
  GtkWidget *activity = vs_test_find_named (data, "study-activity");

  return strstr (gtk_label_get_text (GTK_LABEL (activity)), "Start runs") != NULL;
}

/* The menu's New Study: a study window with the preset's cells, its
 * capacity search and claims, none measured yet, and what Start will take */
static void
test_new_from_menu (void)
{
  VsWindow *window = vs_window_new (app);
  VsStudyWindow *study_window = NULL;
  g_autofree char *claims = NULL;
  GtkWidget *activity;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-study", "s", "article-claims-quick");
  vs_test_spin (0.3);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (VS_IS_STUDY_WINDOW (l->data))
      study_window = l->data;
  g_assert_nonnull (study_window);
  g_assert_true (vs_test_wait_until (activity_says_start, study_window, 30));

  g_assert_cmpuint (count_rows (vs_test_find_named (GTK_WIDGET (study_window), "study-cells")), ==, 10);
  /* the setup: Express, FastAPI, the load, the trials */
  g_assert_cmpuint (count_rows (vs_test_find_named (GTK_WIDGET (study_window), "study-setup")), ==, 4);
  {
    g_autofree char *setup = vs_test_collect_labels (vs_test_find_named (GTK_WIDGET (study_window), "study-setup"));

    g_assert_nonnull (strstr (setup, "the template “express”"));
    g_assert_nonnull (strstr (setup, "5 trials per target and cell, interleaved"));
  }
  g_assert_cmpuint (count_rows (vs_test_find_named (GTK_WIDGET (study_window), "study-capacity")), ==, 1);
  g_assert_cmpuint (count_rows (vs_test_find_named (GTK_WIDGET (study_window), "study-claims")), ==, 8);
  claims = vs_test_collect_labels (vs_test_find_named (GTK_WIDGET (study_window), "study-claims"));
  g_assert_nonnull (strstr (claims, "Not measured"));
  g_assert_null (strstr (claims, "Holds"));
  activity = vs_test_find_named (GTK_WIDGET (study_window), "study-activity");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (activity)), "at most"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (vs_test_find_named (GTK_WIDGET (study_window),
                                                                               "study-heading"))),
                            "Not saved — 0 of 10 cells finished"));
  g_free (vs_test_screenshot (GTK_WIDGET (study_window), "study-new.png"));

  gtk_window_destroy (GTK_WINDOW (study_window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* @id done: Express (0) at @ratio times FastAPI's @base req/s, 5 pairs */
static void
finish_cell (VsStudy    *study,
             GPtrArray  *templates,
             GRand      *rand,
             const char *id,
             double      base,
             double      ratio)
{
  VsStudyCell *cell = vs_study_find_cell (study, id);
  g_autoptr(VsSession) session = vs_study_make_cell_session (study, cell, templates, NULL);

  for (guint i = 0; i < 5; i++)
    {
      double wobble = 1 + 0.02 * ((int) (i % 3) - 1);
      VsRunResult *a = vs_test_make_result (rand, 0, "Express", i, 2 * i, base * ratio * wobble, 2000, VS_RUN_STATUS_OK);
      VsRunResult *b = vs_test_make_result (rand, 1, "FastAPI", i, 2 * i + 1, base / wobble, 4000, VS_RUN_STATUS_OK);

      vs_session_add_result (session, a);
      vs_session_add_result (session, b);
      vs_run_result_unref (a);
      vs_run_result_unref (b);
    }
  vs_study_cell_set_done (study, cell, session, 60 * G_USEC_PER_SEC);
}

/* Claims judged in colour, the sweeps' curves with one line per target */
static void
test_results (void)
{
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(VsStudy) study = vs_study_new_preset ("article-claims", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  VsStudyWindow *window;
  GtkWidget *row, *chart;
  g_autofree char *holds = NULL;
  g_autofree char *contradicted = NULL;
  g_autofree char *cells = NULL;
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();
  const double levels[] = { 16, 64, 256, 1024 };

  finish_cell (study, templates, rand, "hello", 1000, 1.45);
  finish_cell (study, templates, rand, "io", 1000, 1.10);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autofree char *id = g_strdup_printf ("concurrency/%.0f", levels[i]);

      finish_cell (study, templates, rand, id, 1000 + 100 * i, 1.5);
    }
  vs_study_cell_set_failed (study, vs_study_find_cell (study, "numeric"), "port 3000 is already in use", 0);

  window = vs_study_window_new (app, study, NULL);
  gtk_window_present (GTK_WINDOW (window));
  vs_test_spin (0.5);

  row = vs_test_find_named (GTK_WIDGET (window), "claim-headline-throughput");
  holds = vs_test_collect_labels (row);
  g_assert_nonnull (strstr (holds, "Holds"));
  row = vs_test_find_named (GTK_WIDGET (window), "claim-io-bound");
  contradicted = vs_test_collect_labels (row);
  g_assert_nonnull (strstr (contradicted, "Contradicted"));
  g_assert_nonnull (strstr (contradicted, "claimed +40.0 % to +70.0 %"));
  cells = vs_test_collect_labels (vs_test_find_named (GTK_WIDGET (window), "study-cells"));
  g_assert_nonnull (strstr (cells, "Failed: port 3000 is already in use"));
  g_assert_nonnull (strstr (cells, "Express 1450 req/s"));

  vs_test_collect_type (GTK_WIDGET (window), VS_TYPE_CHART, charts);
  g_assert_cmpuint (charts->len, ==, 2);
  chart = vs_test_find_named (GTK_WIDGET (window), "curve-connections");
  g_assert_cmpuint (vs_chart_get_n_series (VS_CHART (chart)), ==, 2);
  g_assert_cmpuint (vs_chart_series_get_n_points (VS_CHART (chart), 0), ==, 4);
  g_assert_cmpuint (vs_chart_series_get_n_points (VS_CHART (chart), 1), ==, 4);
  /* the rate sweep has not run: p99 and p50 series per target, empty */
  chart = vs_test_find_named (GTK_WIDGET (window), "curve-rate");
  g_assert_cmpuint (vs_chart_get_n_series (VS_CHART (chart)), ==, 4);
  g_assert_cmpuint (vs_chart_series_get_n_points (VS_CHART (chart), 0), ==, 0);

  /* the connections sweep: a band and a point at every level */
  g_assert_cmpint (vs_chart_get_kind (VS_CHART (vs_test_find_named (GTK_WIDGET (window), "curve-connections"))),
                   ==, VS_CHART_SWEEP);
  {
    AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (vs_test_find_named (GTK_WIDGET (window),
                                                                                       "study-claims"),
                                                                   ADW_TYPE_VIEW_STACK));

    adw_view_stack_set_visible_child_name (stack, "curves");
    vs_test_spin (0.3);
    g_free (vs_test_screenshot (GTK_WIDGET (window), "study-curves.png"));
    adw_view_stack_set_visible_child_name (stack, "claims");
  }
  vs_test_spin (0.3);
  g_free (vs_test_screenshot (GTK_WIDGET (window), "study-claims.png"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
first_cell_done (gpointer data)
{
  return vs_study_count_cells (vs_study_window_get_study (data), VS_CELL_DONE) >= 1;
}

static gboolean
not_running (gpointer data)
{
  return !vs_study_window_get_running (data);
}

static guint
done_in_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(VsStudy) study = vs_study_load (file, NULL, &error);

  g_assert_no_error (error);
  return vs_study_count_cells (study, VS_CELL_DONE);
}

/* Start, Stop after the first cell (it is in the file), Start again: only
 * the rest runs, and the file has every cell */
static void
test_run_stop_continue (void)
{
  g_autoptr(VsSession) comparison = vs_test_small_comparison ();
  g_autoptr(VsStudy) study = vs_study_new (comparison);
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-study-window-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "small.versus-study", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *cells = NULL;
  VsStudyWindow *window;
  const double levels[] = { 4, 16 };

  vs_study_set_name (study, "small");
  g_assert_true (vs_study_add_cell (study, "json", NULL, "json", 0, FALSE, 0, &error));
  g_assert_true (vs_study_add_sweep (study, "conc", "Concurrency", "hello", VS_SWEEP_CONNECTIONS, levels,
                                     G_N_ELEMENTS (levels), 0, &error));
  g_assert_true (vs_study_save (study, file, NULL, &error));

  window = vs_study_window_new (app, study, file);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vs_test_wait_until (activity_says_start, window, 30));

  gtk_widget_activate_action (GTK_WIDGET (window), "study.start", NULL);
  g_assert_true (vs_study_window_get_running (window));
  g_assert_true (vs_test_wait_until (first_cell_done, window, 120));
  vs_test_spin (0.5);
  g_free (vs_test_screenshot (GTK_WIDGET (window), "study-running.png"));
  gtk_widget_activate_action (GTK_WIDGET (window), "study.stop", NULL);
  g_assert_true (vs_test_wait_until (not_running, window, 30));
  vs_test_spin (0.5);   /* the last save */
  g_assert_cmpuint (vs_study_count_cells (study, VS_CELL_DONE), <, 3);
  g_assert_cmpuint (done_in_file (path), ==, vs_study_count_cells (study, VS_CELL_DONE));

  gtk_widget_activate_action (GTK_WIDGET (window), "study.start", NULL);
  g_assert_true (vs_test_wait_until (not_running, window, 120));
  vs_test_spin (0.5);
  g_assert_cmpuint (vs_study_count_cells (study, VS_CELL_DONE), ==, 3);
  g_assert_cmpuint (done_in_file (path), ==, 3);
  cells = vs_test_collect_labels (vs_test_find_named (GTK_WIDGET (window), "study-cells"));
  g_assert_null (strstr (cells, "Not run yet"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (vs_test_find_named (GTK_WIDGET (window),
                                                                               "study-heading"))),
                            "3 of 3 cells finished"));

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vs_test_load_app_style ();
  app = vs_test_new_application ();

  g_test_add_func ("/study-window/new-from-menu", test_new_from_menu);
  g_test_add_func ("/study-window/results", test_results);
  g_test_add_func ("/study-window/run-stop-continue", test_run_stop_continue);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
