/* test-history-page.c — the history page over a temporary history store
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
#include "vs-resources.h"
#include "vs-history-page.h"
#include "vs-run-result.h"

#define HOUR (G_GINT64_CONSTANT (3600))
#define DAY  (24 * HOUR)

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static gpointer
find_type (GtkWidget *root,
           GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  vs_test_collect_type (root, type, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

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

/* ---------------------------------------------------------------------- */
/* The history                                                             */

typedef struct
{
  char      *dir;
  char      *path;
  VsHistory *history;
  gint64     now;
  guint      n_entries;
  guint      n_evening;
  guint      n_fastapi;
  guint      n_last_day;
} Fixture;

/* A run of @label with real latency around @latency_us, as the runner
 * would store it. */
static void
append_run (Fixture    *f,
            GRand      *rand,
            const char *session_name,
            const char *label,
            const char *scenario,
            guint       trial,
            gint64      date,
            double      rps,
            gint64      latency_us,
            gboolean    failed)
{
  g_autoptr(VsRunResult) r = vs_run_result_new ();
  g_autoptr(VsHistoryEntry) entry = vs_history_entry_new ();
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;

  r->target_label = g_strdup (label);
  r->target_index = g_str_equal (label, "FastAPI") ? 1 : 0;
  r->trial = trial;
  r->started_at = date;
  r->runtime = g_strdup ("process");
  r->status = failed ? VS_RUN_STATUS_FAILED : VS_RUN_STATUS_OK;
  if (failed)
    r->error = g_strdup ("readiness probe timed out");
  else
    {
      r->duration_s = 10;
      r->requests_per_s = rps;
      r->requests = (guint64) (rps * 10);
      r->latency = vs_histogram_new ();
      for (guint i = 0; i < 5000; i++)
        vs_histogram_record (r->latency,
                             latency_us / 2 + g_rand_int_range (rand, 0, (gint32) latency_us) +
                             (i % 200 == 0 ? 5 * latency_us : 0));
      r->p50_ms = vs_histogram_get_percentile (r->latency, 50) / 1000.0;
      r->p99_ms = vs_histogram_get_percentile (r->latency, 99) / 1000.0;
      r->memory_peak_bytes = 70e6 + trial * 1e6;
      r->cpu_mean_percent = 97;
    }
  json = vs_run_result_to_json (r);

  entry->date = date;
  entry->session_id = g_strdup_printf ("session-%s", session_name);
  entry->session_name = g_strdup (session_name);
  entry->target_label = g_strdup (label);
  entry->runtime = g_strdup ("process");
  entry->source = g_ascii_strdown (label, -1);
  entry->scenario = g_strdup (scenario);
  entry->trial = trial;
  entry->status = g_strdup (failed ? "failed" : "ok");
  entry->requests_per_s = failed ? NAN : rps;
  entry->p50_ms = failed ? NAN : r->p50_ms;
  entry->p99_ms = failed ? NAN : r->p99_ms;
  entry->memory_peak_bytes = failed ? -1 : (gint64) r->memory_peak_bytes;
  entry->cpu_mean_percent = failed ? NAN : r->cpu_mean_percent;
  entry->json = json_to_string (json, FALSE);
  g_assert_true (vs_history_append (f->history, entry, &error));
  g_assert_no_error (error);

  f->n_entries++;
  if (g_str_has_prefix (session_name, "Evening"))
    f->n_evening++;
  if (g_str_equal (label, "FastAPI"))
    f->n_fastapi++;
  if (date >= f->now - DAY)
    f->n_last_day++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("versus-history-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "history.sqlite3", NULL);
  f->history = vs_history_open (f->path, &error);
  g_assert_no_error (error);
  f->now = g_get_real_time () / G_USEC_PER_SEC;

  if (GPOINTER_TO_INT (data))
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (7);

      /* four sessions over two weeks; Express twice as fast, slowly improving */
      for (guint s = 0; s < 4; s++)
        {
          g_autofree char *name = g_strdup_printf ("%s run %u", s % 2 ? "Evening" : "Morning",
                                                   s + 1);
          gint64 start = f->now - (13 - 4 * s) * DAY - 3 * HOUR;

          if (s == 3)
            start = f->now - 2 * HOUR;
          for (guint t = 0; t < 3; t++)
            {
              append_run (f, rand, name, "Express", "GET /", t, start + 80 * t,
                          12000 + 300 * s + 100 * t, 3000 - 100 * s, FALSE);
              append_run (f, rand, name, "FastAPI", s == 2 ? "GET /json" : "GET /", t,
                          start + 80 * t + 40, 6000 + 200 * s - 50 * t, 6500 - 150 * s,
                          s == 1 && t == 2);
            }
        }
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->history);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strconcat (f->path, i == 0 ? "" : i == 1 ? "-wal" : "-shm", NULL);

      g_unlink (path);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                   */

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
has_count (gpointer data)
{
  CountWait *w = data;

  return g_list_model_get_n_items (w->model) == w->n;
}

static GListModel *
list_model (GtkWidget *page)
{
  GtkColumnView *view = find_type (page, GTK_TYPE_COLUMN_VIEW);

  g_assert_nonnull (view);
  return G_LIST_MODEL (gtk_column_view_get_model (view));
}

static void
wait_for_count (GtkWidget *page,
                guint      n)
{
  CountWait w = { list_model (page), n };

  if (!vs_test_wait_until (has_count, &w, 10))
    g_error ("the list shows %u runs, not %u", g_list_model_get_n_items (w.model), n);
  /* let the charts catch up */
  vs_test_spin (0.05);
}

static GtkDropDown *
find_dropdown (GtkWidget  *page,
               const char *tooltip)
{
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();

  vs_test_collect_type (page, GTK_TYPE_DROP_DOWN, dropdowns);
  for (guint i = 0; i < dropdowns->len; i++)
    {
      const char *text = gtk_widget_get_tooltip_text (g_ptr_array_index (dropdowns, i));

      if (g_strcmp0 (text, tooltip) == 0)
        return g_ptr_array_index (dropdowns, i);
    }
  g_error ("no drop-down “%s”", tooltip);
  return NULL;
}

static guint
dropdown_find (GtkDropDown *dropdown,
               const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text))
      return i;
  g_error ("no choice “%s”", text);
  return 0;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
test_browse (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *page = vs_history_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 1200, 800);
  GtkSearchEntry *search;
  GtkDropDown *target, *scenario, *date, *metric;
  GListModel *model;
  VsChart *overlay, *trend;
  g_autofree char *description = NULL;

  vs_history_page_set_history (VS_HISTORY_PAGE (page), f->history);
  g_assert_true (vs_history_page_get_history (VS_HISTORY_PAGE (page)) == f->history);
  g_assert_true (vs_test_wait_until (is_mapped, page, 10));

  /* every run, newest first */
  wait_for_count (page, f->n_entries);
  {
    int minimum;

    /* the window goes down to 360 px wide */
    gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }
  model = list_model (page);
  g_assert_true (GTK_IS_MULTI_SELECTION (model));

  /* the filters offer what the history holds */
  target = find_dropdown (page, "Target");
  scenario = find_dropdown (page, "Scenario");
  date = find_dropdown (page, "Date");
  metric = find_dropdown (page, "Metric");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (target)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (scenario)), ==, 3);

  /* the trend: one line per target */
  trend = find_chart (page, VS_CHART_LINES);
  g_assert_nonnull (trend);
  g_assert_cmpuint (vs_chart_get_n_series (trend), ==, 2);
  /* the failed run has no figures */
  g_assert_cmpuint (vs_chart_series_get_n_points (trend, 0) +
                    vs_chart_series_get_n_points (trend, 1), ==, f->n_entries - 1);
  gtk_drop_down_set_selected (metric, 2);
  g_assert_cmpuint (vs_chart_get_n_series (trend), ==, 2);
  g_assert_cmpstr (vs_chart_get_title (trend), ==, "Latency p99 over time");
  gtk_drop_down_set_selected (metric, 0);

  /* searching narrows the list (after the entry's delay and the query) */
  search = find_type (page, GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "evening");
  wait_for_count (page, f->n_evening);
  gtk_editable_set_text (GTK_EDITABLE (search), "no such run");
  wait_for_count (page, 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_for_count (page, f->n_entries);

  /* target, scenario and date filters */
  gtk_drop_down_set_selected (target, dropdown_find (target, "FastAPI"));
  wait_for_count (page, f->n_fastapi);
  g_assert_cmpuint (vs_chart_get_n_series (trend), ==, 1);
  gtk_drop_down_set_selected (scenario, dropdown_find (scenario, "GET /json"));
  wait_for_count (page, 3);
  gtk_drop_down_set_selected (target, 0);
  gtk_drop_down_set_selected (scenario, 0);
  wait_for_count (page, f->n_entries);
  gtk_drop_down_set_selected (date, 1);
  wait_for_count (page, f->n_last_day);
  gtk_drop_down_set_selected (date, 0);
  wait_for_count (page, f->n_entries);

  /* two runs selected: two curves, labelled by run */
  overlay = find_chart (page, VS_CHART_PERCENTILES);
  g_assert_nonnull (overlay);
  g_assert_cmpuint (vs_chart_get_n_series (overlay), ==, 0);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 0, FALSE);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 1, FALSE);
  g_assert_cmpuint (vs_chart_get_n_series (overlay), ==, 2);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (overlay)));
  description = vs_chart_describe (overlay);
  {
    g_autoptr(GObject) first = g_list_model_get_item (model, 0);
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (f->now - 2 * HOUR + 2 * 80 + 40);
    g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d %H:%M");
    g_autofree char *title = g_strdup_printf ("FastAPI #3 (%s)", stamp);

    g_assert_nonnull (first);
    g_test_message ("overlay: %s", description);
    g_assert_nonnull (strstr (description, title));
  }

  /* a new query keeps the selection of runs that still show */
  gtk_editable_set_text (GTK_EDITABLE (search), "run 4");
  wait_for_count (page, 6);
  g_assert_cmpuint (vs_chart_get_n_series (overlay), ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait_for_count (page, f->n_entries);

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 4, FALSE);
  g_assert_cmpuint (vs_chart_get_n_series (overlay), ==, 3);
  gtk_selection_model_unselect_item (GTK_SELECTION_MODEL (model), 4);
  /* a second run of one target: same colour, dashed */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 2, FALSE);
  g_assert_cmpuint (vs_chart_get_n_series (overlay), ==, 3);
  vs_test_spin (0.3);

  g_free (vs_test_screenshot (window, "history.png"));

  /* reload after a new run */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (9);

    append_run (f, rand, "Night run 5", "nginx", "GET /", 0, f->now - 60, 30000, 800, FALSE);
  }
  vs_history_page_reload (VS_HISTORY_PAGE (page));
  wait_for_count (page, f->n_entries);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (target)), ==, 4);
  g_assert_cmpuint (vs_chart_get_n_series (trend), ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
showing_empty (gpointer data)
{
  AdwStatusPage *status = find_type (data, ADW_TYPE_STATUS_PAGE);

  return status != NULL && gtk_widget_get_mapped (GTK_WIDGET (status));
}

/* the list, and nothing of the empty page (after the crossfade) */
static gboolean
showing_list (gpointer data)
{
  GtkWidget *view = find_type (data, GTK_TYPE_COLUMN_VIEW);

  return !showing_empty (data) && gtk_widget_get_mapped (view);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *page = vs_history_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 900, 600);
  AdwStatusPage *status;

  g_assert_true (vs_test_wait_until (showing_empty, page, 10));
  vs_history_page_set_history (VS_HISTORY_PAGE (page), f->history);
  vs_test_spin (0.3);
  g_assert_true (showing_empty (page));
  status = find_type (page, ADW_TYPE_STATUS_PAGE);
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "No Runs Yet");
  g_free (vs_test_screenshot (window, "history-empty.png"));

  /* the first run appears on reload */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (3);

    append_run (f, rand, "First", "Express", "GET /", 0, f->now - 10, 11000, 3000, FALSE);
  }
  vs_history_page_reload (VS_HISTORY_PAGE (page));
  wait_for_count (page, 1);
  g_assert_true (vs_test_wait_until (showing_list, page, 10));

  /* the page may go before its queries finish */
  vs_history_page_reload (VS_HISTORY_PAGE (page));
  gtk_window_destroy (GTK_WINDOW (window));
  vs_test_spin (0.2);
}

static void
open_session_cb (VsHistoryPage  *page,
                 VsSession      *session,
                 VsSession     **out)
{
  g_set_object (out, session);
}

static gboolean
session_opened (gpointer data)
{
  return *(VsSession **) data != NULL;
}

/* A past run opens as the comparison it was: its targets and every trial of
 * that run; the search can find a status; a comparison's runs are shown on
 * request (Results' "Compare with Earlier Runs"). */
static void
test_open_run (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *page = vs_history_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 1200, 800);
  GtkWidget *button = vs_test_find_named (page, "open-run-button");
  g_autoptr(VsSession) opened = NULL;
  GtkSelectionModel *model;
  guint position;

  vs_history_page_set_history (VS_HISTORY_PAGE (page), f->history);
  g_assert_true (vs_test_wait_until (is_mapped, page, 10));
  wait_for_count (page, f->n_entries);
  g_signal_connect (page, "open-session", G_CALLBACK (open_session_cb), &opened);

  /* nothing, then two rows selected: nothing to open */
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  model = GTK_SELECTION_MODEL (list_model (page));
  gtk_selection_model_select_range (model, 0, 2, TRUE);
  vs_test_spin (0.05);
  g_assert_false (gtk_widget_get_sensitive (button));

  /* newest first: Morning run 4's six rows, Morning run 3's, then Evening
   * run 2's (FastAPI 3, Express 3, FastAPI 2, Express 2, …): its second
   * Express trial */
  position = 15;
  gtk_selection_model_select_item (model, position, TRUE);
  vs_test_spin (0.05);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (vs_test_wait_until (session_opened, &opened, 10));

  g_assert_cmpstr (vs_session_get_name (opened), ==, "Evening run 2");
  g_assert_cmpuint (vs_session_get_targets (opened)->len, ==, 2);
  g_assert_cmpstr (((VsTarget *) g_ptr_array_index (vs_session_get_targets (opened), 0))->label,
                   ==, "Express");
  g_assert_cmpuint (vs_session_get_results (opened)->len, ==, 6);
  g_assert_cmpuint (vs_session_get_trials (opened), ==, 3);

  /* the status is searched too */
  gtk_editable_set_text (GTK_EDITABLE (find_type (page, GTK_TYPE_SEARCH_ENTRY)), "failed");
  wait_for_count (page, 1);

  /* a comparison's runs, whatever the filters were */
  vs_history_page_show_session (VS_HISTORY_PAGE (page), "Morning run 3");
  wait_for_count (page, 6);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A real click of the pointer at (@x, @y) of @widget, with @modifier held
 * (NULL: none), through the X server as a person's would come: xdotool.
 * Under tests/gui/run-under-xvfb there is no window manager, so a window's
 * surface is at the screen's origin. */
static void
click_at (GtkWidget  *widget,
          double      x,
          double      y,
          const char *modifier)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point = GRAPHENE_POINT_INIT (x, y), out;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *sx = NULL, *sy = NULL;
  g_autoptr(GError) error = NULL;
  double dx, dy;
  int status;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &point, &out));
  gtk_native_get_surface_transform (native, &dx, &dy);
  sx = g_strdup_printf ("%d", (int) (out.x + dx));
  sy = g_strdup_printf ("%d", (int) (out.y + dy));
  g_strv_builder_addv (builder, (const char *[]) { "xdotool", "mousemove", sx, sy, NULL });
  if (modifier != NULL)
    g_strv_builder_addv (builder, (const char *[]) { "keydown", modifier, NULL });
  g_strv_builder_addv (builder, (const char *[]) { "click", "1", NULL });
  if (modifier != NULL)
    g_strv_builder_addv (builder, (const char *[]) { "keyup", modifier, NULL });
  argv = g_strv_builder_end (builder);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  vs_test_spin (0.3);
}

/* The widget showing the text @text in @root, or NULL */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text,
            guint       nth)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  vs_test_collect_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0 && nth-- == 0)
      return g_ptr_array_index (labels, i);
  return NULL;
}

static guint
n_selected (GtkWidget *page)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (list_model (page)));

  return (guint) gtk_bitset_get_size (selected);
}

/* Ctrl+click adds a run to the selection and takes it out again; GTK 4.8's
 * column view toggled twice (the cell and the row), so nothing changed. */
static void
test_ctrl_click (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *page = vs_history_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 1200, 800);
  GtkWidget *first, *second, *third;

  vs_history_page_set_history (VS_HISTORY_PAGE (page), f->history);
  g_assert_true (vs_test_wait_until (is_mapped, page, 10));
  wait_for_count (page, f->n_entries);
  vs_test_spin (0.5);

  /* three trial numbers in the Trial column, rows apart: "3", "2", "1" */
  first = find_label (page, "3", 0);
  second = find_label (page, "2", 1);
  third = find_label (page, "1", 2);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_nonnull (third);

  click_at (first, 2, 2, NULL);
  g_assert_cmpuint (n_selected (page), ==, 1);
  click_at (second, 2, 2, "ctrl");
  g_assert_cmpuint (n_selected (page), ==, 2);
  click_at (third, 2, 2, "ctrl");
  g_assert_cmpuint (n_selected (page), ==, 3);
  g_free (vs_test_screenshot (window, "history-ctrl-click.png"));
  /* again: out of the selection */
  click_at (second, 2, 2, "ctrl");
  g_assert_cmpuint (n_selected (page), ==, 2);
  /* a plain click: that one alone */
  click_at (second, 2, 2, NULL);
  g_assert_cmpuint (n_selected (page), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Runs seconds apart still get a time axis to read (it once showed a single
 * "0 s"): a minute at least; runs days apart keep the automatic range. */
static void
test_trend_axis (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  GtkWidget *page = vs_history_page_new ();
  GtkWidget *window = vs_test_present_in_window (page, 1200, 800);
  VsChart *trend;
  double min = 0, max = 0;

  append_run (f, rand, "Quick", "Express", "GET /", 0, f->now - 10, 9000, 2000, FALSE);
  append_run (f, rand, "Quick", "FastAPI", "GET /", 0, f->now - 5, 6000, 4000, FALSE);
  vs_history_page_set_history (VS_HISTORY_PAGE (page), f->history);
  g_assert_true (vs_test_wait_until (is_mapped, page, 10));
  wait_for_count (page, 2);

  trend = find_chart (page, VS_CHART_LINES);
  vs_chart_get_x_range (trend, &min, &max);
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, ==, 60);
  g_free (vs_test_screenshot (window, "history-trend-seconds.png"));

  /* a run two days later: days on the axis, chosen by the data */
  append_run (f, rand, "Later", "Express", "GET /", 0, f->now + 2 * DAY, 9100, 2000, FALSE);
  vs_history_page_reload (VS_HISTORY_PAGE (page));
  wait_for_count (page, 3);
  vs_chart_get_x_range (trend, &min, &max);
  g_assert_true (isnan (min) && isnan (max));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  vs_test_load_app_style ();

  g_test_add ("/history-page/browse", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_browse,
              fixture_tear_down);
  g_test_add ("/history-page/open-run", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_open_run, fixture_tear_down);
  g_test_add ("/history-page/ctrl-click", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_ctrl_click, fixture_tear_down);
  g_test_add ("/history-page/trend-axis", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_trend_axis, fixture_tear_down);
  g_test_add ("/history-page/empty", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_empty,
              fixture_tear_down);

  return g_test_run ();
}
