/* test-results-page.c — the results page with a session whose results are known
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vs-chart.h"
#include "vs-gui-test-util.h"
#include "vs-gui-util.h"
#include "vs-resources.h"
#include "vs-report.h"
#include "vs-results-page.h"
#include "../vs-test-files.h"


/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static VsChart *
find_chart (GtkWidget   *root,
            VsChartKind  kind)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();

  vs_test_collect_type (root, VS_TYPE_CHART, charts);
  for (guint i = 0; i < charts->len; i++)
    if (vs_chart_get_kind (g_ptr_array_index (charts, i)) == kind)
      return g_ptr_array_index (charts, i);
  return NULL;
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *widget = vs_test_find_named (root, name);

  static char *last;

  if (widget == NULL)
    g_error ("no widget named %s", name);
  g_assert_true (GTK_IS_LABEL (widget));
  g_free (last);
  last = vs_test_label_text (widget);
  return last;
}

/* ---------------------------------------------------------------------- */
/* The session                                                             */

static VsTarget *
make_target (const char *label,
             const char *template_name)
{
  VsTarget *target = vs_target_new ();

  target->label = g_strdup (label);
  target->template_name = g_strdup (template_name);
  return target;
}

/* Express and FastAPI, three interleaved trials each (A B B A A B); the
 * second FastAPI trial failed. */
static VsSession *
make_session (void)
{
  static const struct {
    guint       target;
    guint       trial;
    double      rps;
    gint64      latency_us;
    VsRunStatus status;
  } plan[] = {
    { 0, 0, 12400, 3000, VS_RUN_STATUS_OK },
    { 1, 0, 6100, 6500, VS_RUN_STATUS_OK },
    { 1, 1, 0, 0, VS_RUN_STATUS_FAILED },
    { 0, 1, 12900, 2900, VS_RUN_STATUS_OK },
    { 0, 2, 12150, 3100, VS_RUN_STATUS_OK },
    { 1, 2, 5800, 7000, VS_RUN_STATUS_OK },
  };
  static const char * const labels[] = { "Express", "FastAPI" };
  VsSession *session = vs_session_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(VsTarget) express = make_target ("Express", "express");
  g_autoptr(VsTarget) fastapi = make_target ("FastAPI", "fastapi");

  vs_session_set_name (session, "Express vs FastAPI");
  vs_session_add_target (session, express);
  vs_session_add_target (session, fastapi);
  vs_session_set_trials (session, 3);

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      g_autoptr(VsRunResult) r = vs_test_make_result (rand, plan[i].target, labels[plan[i].target],
                                              plan[i].trial, i, plan[i].rps, plan[i].latency_us,
                                              plan[i].status);

      vs_session_add_result (session, r);
    }
  vs_session_set_modified (session, FALSE);
  return session;
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                   */

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
test_table (void)
{
  g_autoptr(VsSession) session = make_session ();
  g_autoptr(VsSessionSummary) summary = vs_session_summarize (session);
  g_autofree char *verdict = vs_session_summary_verdict (summary);
  g_auto(GStrv) lines = g_strsplit (verdict, "\n", -1);
  GPtrArray *results = vs_session_get_results (session);
  GtkWidget *page = vs_results_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 1280, 1200);
  GtkWidget *status;
  VsChart *chart;

  vs_results_page_set_session (VS_RESULTS_PAGE (page), session);
  g_assert_true (vs_results_page_get_session (VS_RESULTS_PAGE (page)) == session);
  g_assert_true (vs_test_wait_until (is_mapped, page, 10));
  vs_test_spin (0.3);

  /* the window goes down to 360 px wide */
  {
    int minimum;

    gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }

  /* the verdict, big at the top */
  g_assert_cmpstr (label_text (page, "verdict"), ==, lines[0]);
  g_assert_nonnull (strstr (lines[0], "Express"));

  /* every metric: the means the session holds, formatted the same way */
  for (guint m = 0; m < VS_N_METRICS; m++)
    {
      const VsMetricInfo *info = vs_metric_get_info (m);

      for (guint t = 0; t < summary->n_targets; t++)
        {
          g_autofree char *name = g_strdup_printf ("mean:%s:%u", info->key, t);
          g_autofree char *expected = vs_metric_format (m, summary->summaries[m][t].mean);

          g_assert_cmpstr (label_text (page, name), ==, expected);
        }
      for (guint t = 1; t < summary->n_targets; t++)
        {
          g_autofree char *name = g_strdup_printf ("diff:%s:%u", info->key, t);
          const VsComparison *c = &summary->comparisons[m][t];
          /* a minus sign (U+2212), and the figure glued to its "%" */
          g_autofree char *expected = summary->compared[m][t]
                                      ? vs_stats_format_signed_percent (c->diff_percent)
                                      : g_strdup ("—");
          g_autofree char *expected_glued = vs_glue_numbers (expected);
          GtkWidget *label = vs_test_find_named (page, name);

          g_assert_nonnull (strstr (expected, c->diff_percent < -0.05 ? "−" : ""));
          g_assert_null (strchr (expected, '-'));
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, expected_glued);
          /* not significant: dimmed */
          if (summary->compared[m][t])
            g_assert_cmpint (gtk_widget_has_css_class (label, "dim-label"), ==, !c->significant);
        }
    }
  /* requests/s: FastAPI about half of Express, and surely so */
  g_assert_true (summary->compared[VS_METRIC_REQUESTS_PER_S][1]);
  g_assert_true (summary->comparisons[VS_METRIC_REQUESTS_PER_S][1].significant);
  g_assert_cmpstr (label_text (page, "trials:0"), ==, "3 / 0");
  g_assert_cmpstr (label_text (page, "trials:1"), ==, "2 / 1");

  /* one row per trial; the failed one tells why */
  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);
      g_autofree char *name = g_strdup_printf ("trial:%u:status", i);
      g_autofree char *rps_name = g_strdup_printf ("trial:%u:requests_per_s", i);
      g_autofree char *rps = vs_metric_format (VS_METRIC_REQUESTS_PER_S, r->requests_per_s);
      const char *tooltip;

      status = vs_test_find_named (page, name);
      g_assert_nonnull (status);
      g_assert_cmpstr (label_text (page, rps_name), ==, rps);
      tooltip = gtk_widget_get_tooltip_text (status);
      if (r->status == VS_RUN_STATUS_FAILED)
        {
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "Failed");
          g_assert_cmpstr (tooltip, ==, VS_TEST_FAILED_ERROR);
        }
      else
        {
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "OK");
          g_assert_null (tooltip);
        }
    }

  /* the charts: one latency curve and one bar per target */
  chart = find_chart (page, VS_CHART_PERCENTILES);
  g_assert_nonnull (chart);
  g_assert_cmpuint (vs_chart_get_n_series (chart), ==, 2);
  g_assert_cmpuint (vs_chart_series_get_n_points (chart, 0), >, 10);
  chart = find_chart (page, VS_CHART_BARS);
  g_assert_nonnull (chart);
  g_assert_cmpuint (vs_chart_get_n_series (chart), ==, 2);

  /* Export: the reports, each target's latency and all of them, the charts */
  {
    GtkMenuButton *button = NULL;
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GMenuModel *menu;
    guint n_items = 0;

    vs_test_collect_type (page, GTK_TYPE_MENU_BUTTON, buttons);
    g_assert_cmpuint (buttons->len, ==, 1);
    button = g_ptr_array_index (buttons, 0);
    menu = gtk_menu_button_get_menu_model (button);
    g_assert_nonnull (menu);
    for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
      {
        g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

        n_items += g_menu_model_get_n_items (section);
      }
    g_assert_cmpuint (n_items, ==, 3 + 2 + 1 + 4);

    /* more results of the same targets keep the menu as it is */
    vs_session_changed (session);
    vs_test_spin (0.1);
    g_assert_true (gtk_menu_button_get_menu_model (button) == menu);
  }

  g_free (vs_test_screenshot (window, "results.png"));

  /* dark: the target colours follow */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  vs_test_spin (0.5);
  g_free (vs_test_screenshot (window, "results-dark.png"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  vs_test_spin (0.2);
  g_assert_cmpstr (label_text (page, "verdict"), ==, lines[0]);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A new run shows its results from the top, the verdict first (issue 14:
 * Results kept its old scroll position); more results of the same run
 * (a continuation) leave the reader where they are. */
static void
test_scroll_new_run (void)
{
  g_autoptr(VsSession) session = make_session ();
  GPtrArray *results = vs_session_get_results (session);
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_run_result_unref);
  GtkWidget *page = vs_results_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 1280, 700);
  GtkAdjustment *adjustment;

  vs_results_page_set_session (VS_RESULTS_PAGE (page), session);
  g_assert_true (vs_test_wait_until (is_mapped, page, 10));
  vs_test_spin (0.3);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (vs_test_find_named (page, "results-scroller")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment) + 200);

  /* a continuation: the same run, one more result */
  gtk_adjustment_set_value (adjustment, 300);
  {
    g_autoptr(VsRunResult) more = vs_run_result_ref (g_ptr_array_index (results, 0));

    vs_session_add_result (session, more);
  }
  vs_test_spin (0.3);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 300);

  /* a new run */
  for (guint i = 0; i < results->len; i++)
    g_ptr_array_add (old, vs_run_result_ref (g_ptr_array_index (results, i)));
  vs_session_clear_results (session);
  for (guint i = 0; i < old->len; i++)
    {
      g_autoptr(VsRunResult) r = vs_run_result_new ();
      const VsRunResult *o = g_ptr_array_index (old, i);

      r->target_index = o->target_index;
      r->target_label = g_strdup (o->target_label);
      r->trial = o->trial;
      r->sequence = o->sequence;
      r->status = o->status;
      r->requests_per_s = o->requests_per_s;
      r->started_at = o->started_at + 3600;
      vs_session_add_result (session, r);
    }
  vs_test_spin (0.3);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Error responses are in plain sight (issue 14, item 3): a row of failed
 * requests per target, the trials that had them marked with what they
 * were, and no ranking of speed when a target answered mostly with an
 * error status — unless the session says that status is expected. */
static void
test_error_responses (void)
{
  g_autoptr(VsSession) session = make_session ();
  GPtrArray *results = vs_session_get_results (session);
  GtkWidget *page = vs_results_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 1280, 1200);
  VsRunResult *errored = NULL;
  guint errored_index = 0;

  /* FastAPI's last trial: 404 for every request; Express's first: 12 timeouts */
  for (guint i = 0; i < results->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (results, i);

      if (r->target_index == 1 && r->trial == 2)
        {
          VsStatusCount c = { 404, r->requests };

          r->errors[VS_ERROR_CLASS_HTTP_4XX] = r->requests;
          g_array_append_val (r->status_codes, c);
          errored = r;
          errored_index = i;
        }
      if (r->target_index == 0 && r->trial == 0)
        r->errors[VS_ERROR_CLASS_TIMEOUT] = 12;
    }
  g_assert_nonnull (errored);

  vs_results_page_set_session (VS_RESULTS_PAGE (page), session);
  g_assert_true (vs_test_wait_until (is_mapped, page, 10));
  vs_test_spin (0.3);

  g_assert_true (g_str_has_prefix (label_text (page, "verdict"),
                                   "Speed not ranked: more than 1 % of the responses had an error status"));
  g_assert_nonnull (strstr (label_text (page, "verdict"), "FastAPI 48.7 % (HTTP 404 ×58000)"));
  g_assert_nonnull (strstr (label_text (page, "failures:1"), "HTTP 404 ×58000"));
  g_assert_true (gtk_widget_has_css_class (vs_test_find_named (page, "failures:1"), "error"));
  g_assert_cmpstr (label_text (page, "failures:0"), ==, "0.003 % (timeout 12)");
  g_assert_true (gtk_widget_has_css_class (vs_test_find_named (page, "failures:0"), "warning"));
  /* nothing is offered to continue: more trials of errors rank nothing */
  g_assert_false (gtk_widget_get_visible (vs_test_find_named (page, "more-trials")));
  {
    g_autofree char *name = g_strdup_printf ("trial:%u:status", errored_index);
    GtkWidget *status = vs_test_find_named (page, name);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, "OK, 58000\xc2\xa0" "errors");
    g_assert_cmpstr (gtk_widget_get_tooltip_text (status), ==, "HTTP 404 ×58000");
  }
  g_free (vs_test_screenshot (window, "results-error-responses.png"));

  /* the endpoint is meant to answer 404: ranked again, and 404 is no failure */
  {
    g_autoptr(VsLoadProfile) profile = vs_load_profile_copy (vs_session_get_profile (session));

    profile->expect_status = 404;
    vs_session_set_profile (session, profile);
  }
  vs_test_spin (0.3);
  g_assert_true (g_str_has_prefix (label_text (page, "verdict"), "Express served"));
  g_assert_cmpstr (label_text (page, "failures:1"), ==, "none");

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} ExportWait;

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ExportWait *wait = user_data;

  wait->ok = vs_results_page_export_finish (VS_RESULTS_PAGE (object), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
export_done (gpointer data)
{
  return ((ExportWait *) data)->done;
}

static gboolean
export_to (GtkWidget       *page,
           VsResultsExport  what,
           guint            target,
           const char      *path,
           GError         **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  ExportWait wait = { 0 };

  vs_results_page_export_async (VS_RESULTS_PAGE (page), what, target, file, NULL, export_cb,
                                &wait);
  g_assert_true (vs_test_wait_until (export_done, &wait, 30));
  if (wait.error)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static void
test_export (void)
{
  static const struct {
    VsResultsExport   what;
    const char       *name;
    char           *(*report) (VsSession *);
  } reports[] = {
    { VS_RESULTS_EXPORT_MARKDOWN, "report.md", vs_report_markdown },
    { VS_RESULTS_EXPORT_CSV, "report.csv", vs_report_csv },
    { VS_RESULTS_EXPORT_JSON, "report.json", vs_report_json },
  };
  g_autoptr(VsSession) session = make_session ();
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-results-XXXXXX");
  g_autofree char *hgrm_dir = g_build_filename (dir, "hgrm", NULL);
  GtkWidget *page = vs_results_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 1200, 900);
  g_autoptr(GError) error = NULL;

  vs_results_page_set_session (VS_RESULTS_PAGE (page), session);
  g_assert_true (vs_test_wait_until (is_mapped, page, 10));

  /* the reports: exactly what vs_report_* write */
  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    {
      g_autofree char *path = g_build_filename (dir, reports[i].name, NULL);
      g_autofree char *expected = reports[i].report (session);
      g_autofree char *contents = NULL;

      g_assert_true (export_to (page, reports[i].what, 0, path, &error));
      g_assert_no_error (error);
      contents = vs_test_read_file (path);
      g_assert_cmpstr (contents, ==, expected);
    }

  /* one target's histogram, then every target's into a folder */
  {
    g_autofree char *path = g_build_filename (dir, "fastapi.hgrm", NULL);
    g_autofree char *expected = vs_report_hgrm (session, 1);
    g_autofree char *contents = NULL;

    g_assert_true (export_to (page, VS_RESULTS_EXPORT_HGRM, 1, path, &error));
    g_assert_no_error (error);
    contents = vs_test_read_file (path);
    g_assert_cmpstr (contents, ==, expected);
  }
  g_assert_cmpint (g_mkdir (hgrm_dir, 0700), ==, 0);
  g_assert_true (export_to (page, VS_RESULTS_EXPORT_HGRM, VS_RESULTS_EXPORT_ALL_TARGETS, hgrm_dir,
                            &error));
  g_assert_no_error (error);
  for (guint t = 0; t < 2; t++)
    {
      g_autofree char *path = g_build_filename (hgrm_dir, t == 0 ? "Express.hgrm" : "FastAPI.hgrm",
                                                NULL);
      g_autofree char *expected = vs_report_hgrm (session, t);
      g_autofree char *contents = vs_test_read_file (path);

      g_assert_cmpstr (contents, ==, expected);
    }
  /* a target without latency has nothing to give */
  {
    g_autofree char *path = g_build_filename (dir, "none.hgrm", NULL);

    g_assert_false (export_to (page, VS_RESULTS_EXPORT_HGRM, 7, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  /* the charts, as PNG and SVG */
  {
    static const struct { VsResultsExport what; const char *name; } charts[] = {
      { VS_RESULTS_EXPORT_LATENCY_PNG, "latency.png" },
      { VS_RESULTS_EXPORT_LATENCY_SVG, "latency.svg" },
      { VS_RESULTS_EXPORT_THROUGHPUT_PNG, "requests.png" },
      { VS_RESULTS_EXPORT_THROUGHPUT_SVG, "requests.svg" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
      {
        g_autofree char *path = g_build_filename (dir, charts[i].name, NULL);
        g_autofree char *contents = NULL;
        gsize length = 0;

        g_assert_true (export_to (page, charts[i].what, 0, path, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
        if (g_str_has_suffix (charts[i].name, ".png"))
          {
            g_assert_cmpuint (length, >, 1000);
            g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
          }
        else
          g_assert_nonnull (strstr (contents, "<svg"));
      }
  }

  /* an unwritable place fails with the reason */
  {
    g_autofree char *path = g_build_filename (dir, "missing", "report.md", NULL);

    g_assert_false (export_to (page, VS_RESULTS_EXPORT_MARKDOWN, 0, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_remove_tmp_dir (hgrm_dir);
  vs_test_remove_tmp_dir (dir);
}

static gboolean
showing_results (gpointer data)
{
  GtkWidget *verdict = vs_test_find_named (data, "verdict");

  return verdict != NULL && gtk_widget_get_mapped (verdict);
}

static gboolean
showing_empty (gpointer data)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  vs_test_collect_type (data, ADW_TYPE_STATUS_PAGE, pages);
  return pages->len == 1 && gtk_widget_get_mapped (g_ptr_array_index (pages, 0));
}

static void
test_empty (void)
{
  g_autoptr(VsSession) session = vs_session_new ();
  g_autoptr(VsSession) full = make_session ();
  g_autoptr(VsTarget) express = make_target ("Express", "express");
  g_autoptr(VsTarget) fastapi = make_target ("FastAPI", "fastapi");
  GtkWidget *page = vs_results_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 900, 700);
  g_autoptr(GPtrArray) status_pages = g_ptr_array_new ();
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/report.md");
  ExportWait wait = { 0 };

  /* nothing at all, then a session without results */
  g_assert_true (vs_test_wait_until (showing_empty, page, 10));
  vs_session_add_target (session, express);
  vs_session_add_target (session, fastapi);
  vs_results_page_set_session (VS_RESULTS_PAGE (page), session);
  g_assert_true (vs_test_wait_until (showing_empty, page, 10));
  vs_test_collect_type (page, ADW_TYPE_STATUS_PAGE, status_pages);
  g_assert_cmpstr (adw_status_page_get_title (g_ptr_array_index (status_pages, 0)), ==,
                   "No Results Yet");
  g_assert_false (gtk_widget_get_mapped (vs_test_find_named (page, "verdict")));
  vs_test_spin (0.3);
  g_free (vs_test_screenshot (window, "results-empty.png"));

  /* nothing to export */
  vs_results_page_export_async (VS_RESULTS_PAGE (page), VS_RESULTS_EXPORT_MARKDOWN, 0, file, NULL,
                                export_cb, &wait);
  g_assert_true (vs_test_wait_until (export_done, &wait, 10));
  g_assert_false (wait.ok);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&wait.error);

  /* results arriving through "changed" show up after an idle */
  for (guint i = 0; i < 3; i++)
    vs_session_add_result (session, g_ptr_array_index (vs_session_get_results (full), i));
  g_assert_true (vs_test_wait_until (showing_results, page, 10));
  g_assert_cmpstr (label_text (page, "trials:0"), ==, "1 / 0");
  g_assert_cmpstr (label_text (page, "trials:1"), ==, "1 / 1");

  vs_session_clear_results (session);
  g_assert_true (vs_test_wait_until (showing_empty, page, 10));

  /* a hidden page catches up when it shows again */
  gtk_widget_set_visible (page, FALSE);
  for (guint i = 0; i < 4; i++)
    vs_session_add_result (session, g_ptr_array_index (vs_session_get_results (full), i));
  vs_test_spin (0.1);
  gtk_widget_set_visible (page, TRUE);
  g_assert_true (vs_test_wait_until (showing_results, page, 10));
  g_assert_cmpstr (label_text (page, "trials:0"), ==, "2 / 0");
  vs_session_clear_results (session);
  g_assert_true (vs_test_wait_until (showing_empty, page, 10));

  vs_results_page_set_session (VS_RESULTS_PAGE (page), NULL);
  g_assert_true (vs_test_wait_until (showing_empty, page, 10));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* one target: nothing to compare, the verdict says what it did */
static void
test_single_target (void)
{
  g_autoptr(VsSession) session = vs_session_new ();
  g_autoptr(VsTarget) express = make_target ("Express", "express");
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autoptr(VsSessionSummary) summary = NULL;
  g_autofree char *rps = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *page = vs_results_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 1000, 800);

  vs_session_add_target (session, express);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(VsRunResult) r = vs_test_make_result (rand, 0, "Express", i, i, 10000 + 500 * i, 2000,
                                              VS_RUN_STATUS_OK);

      vs_session_add_result (session, r);
    }
  summary = vs_session_summarize (session);
  rps = vs_metric_format (VS_METRIC_REQUESTS_PER_S,
                          summary->summaries[VS_METRIC_REQUESTS_PER_S][0].mean);
  expected = g_strdup_printf ("Express served %s requests/s", rps);

  vs_results_page_set_session (VS_RESULTS_PAGE (page), session);
  g_assert_true (vs_test_wait_until (showing_results, page, 10));
  g_assert_cmpstr (label_text (page, "verdict"), ==, expected);
  g_assert_false (gtk_widget_get_visible (vs_test_find_named (page, "verdict-details")));
  g_assert_cmpuint (vs_chart_get_n_series (find_chart (page, VS_CHART_PERCENTILES)), ==, 1);
  g_assert_null (vs_test_find_named (page, "diff:requests_per_s:1"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vs_test_load_app_style ();

  g_test_add_func ("/results-page/table", test_table);
  g_test_add_func ("/results-page/error-responses", test_error_responses);
  g_test_add_func ("/results-page/scroll-new-run", test_scroll_new_run);
  g_test_add_func ("/results-page/export", test_export);
  g_test_add_func ("/results-page/empty", test_empty);
  g_test_add_func ("/results-page/single-target", test_single_target);

  return g_test_run ();
}
