/* test-setup-page.c — the setup page, driven through its real widgets
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vs-build-dialog.h"
#include "vs-gui-test-util.h"
#include "vs-resources.h"
#include "vs-setup-page.h"
#include "vs-target-card.h"

/* a session file as another machine saved it: Express against an nginx image */
static const char image_session_json[] =
  "{\"format\": \"versus-session\", \"version\": 1,"
  " \"id\": \"3f1c7a52-0000-4000-8000-000000000001\", \"name\": \"Express vs nginx\","
  " \"targets\": ["
  "  {\"label\": \"Express\", \"runtime\": \"podman\", \"template\": \"express\","
  "   \"scenario\": \"json\", \"cpus\": 1, \"memory_bytes\": 536870912},"
  "  {\"label\": \"nginx\", \"runtime\": \"podman\", \"image\": \"docker.io/library/nginx:1.25\","
  "   \"container_port\": 80, \"cpus\": 1, \"memory_bytes\": 536870912,"
  "   \"env\": {\"NGINX_ENTRYPOINT_QUIET_LOGS\": \"1\"}}],"
  " \"profile\": {\"method\": \"GET\", \"path\": \"/json\", \"headers\": [[\"Accept\", \"*/*\"]],"
  "  \"connections\": 64, \"duration_s\": 20, \"warmup_s\": 3, \"timeout_s\": 2,"
  "  \"mode\": \"closed\", \"keep_alive\": true},"
  " \"plan\": {\"trials\": 4, \"order\": \"interleaved\", \"cooldown_s\": 2}}";

typedef struct
{
  GtkWidget   *window;
  VsSetupPage *page;
  VsSession   *session;
} Fixture;

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static GtkWidget *
must_find (GtkWidget  *widget,
           const char *name)
{
  GtkWidget *found = vs_test_find_named (widget, name);

  if (found == NULL)
    g_error ("no widget named “%s”", name);
  return found;
}

/* The cards, left to right. */
static GPtrArray *
get_cards (Fixture *f)
{
  GPtrArray *cards = g_ptr_array_new ();

  vs_test_collect_type (GTK_WIDGET (f->page), VS_TYPE_TARGET_CARD, cards);
  return cards;
}

static GtkWidget *
card_widget (Fixture    *f,
             guint       index,
             const char *name)
{
  g_autoptr(GPtrArray) cards = get_cards (f);

  g_assert_cmpuint (index, <, cards->len);
  return must_find (g_ptr_array_index (cards, index), name);
}

static GtkWidget *
page_widget (Fixture    *f,
             const char *name)
{
  return must_find (GTK_WIDGET (f->page), name);
}

static const char *
text_of (GtkWidget *editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static int
spin_value (GtkWidget *spin_button)
{
  return gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin_button));
}

static guint
selected_of (GtkWidget *combo_row)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (combo_row));
}

/* Types into a real editable, as the keyboard would leave it. */
static void
type_text (GtkWidget  *editable,
           const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  vs_test_spin (0.01);
}

static void
type_buffer (GtkWidget  *view,
             const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  vs_test_spin (0.01);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  vs_test_spin (0.01);
}

/* The position of the string @text in a combo row's model. */
static guint
combo_position (GtkWidget  *row,
                const char *text)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), text))
        return i;
    }
  g_error ("no “%s” in the combo row", text);
  return 0;
}

static void
choose (GtkWidget  *row,
        const char *text)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), combo_position (row, text));
  vs_test_spin (0.01);
}

static void
assert_valid (Fixture *f)
{
  if (!vs_setup_page_get_valid (f->page))
    g_error ("the page is invalid: %s", vs_setup_page_get_invalid_reason (f->page));
  g_assert_null (vs_setup_page_get_invalid_reason (f->page));
}

static void
assert_invalid (Fixture    *f,
                const char *part)
{
  const char *reason = vs_setup_page_get_invalid_reason (f->page);

  if (vs_setup_page_get_valid (f->page))
    g_error ("the page is valid, but should say “%s”", part);
  g_assert_nonnull (reason);
  if (strstr (reason, part) == NULL)
    g_error ("“%s” does not say “%s”", reason, part);
}

static VsTarget *
target_at (Fixture *f,
           guint    index)
{
  GPtrArray *targets = vs_session_get_targets (f->session);

  g_assert_cmpuint (index, <, targets->len);
  return g_ptr_array_index (targets, index);
}

static VsSession *
new_quick_session (void)
{
  g_autoptr(GError) error = NULL;
  VsSession *session = vs_session_new_preset ("express-vs-fastapi-quick", &error);
  GPtrArray *targets;

  g_assert_no_error (error);
  targets = vs_session_get_targets (session);
  for (guint i = 0; i < targets->len; i++)
    ((VsTarget *) g_ptr_array_index (targets, i))->runtime = VS_RUNTIME_KIND_PROCESS;
  vs_session_set_modified (session, FALSE);
  return session;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  /* in a toast overlay, as in the window */
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 1280);
  f->page = VS_SETUP_PAGE (vs_setup_page_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->page));
  gtk_window_set_child (GTK_WINDOW (f->window), overlay);

  f->session = new_quick_session ();
  vs_setup_page_set_session (f->page, f->session);

  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (vs_test_wait_until (is_mapped, f->window, 10));
  vs_test_spin (0.05);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  vs_test_spin (0.02);
  g_clear_object (&f->session);
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                   */

static void
test_preset (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) cards = get_cards (f);

  g_assert_true (vs_setup_page_get_session (f->page) == f->session);
  g_assert_cmpuint (cards->len, ==, 2);
  assert_valid (f);

  /* the cards show the session */
  g_assert_cmpstr (text_of (card_widget (f, 0, "label-row")), ==, "Express");
  g_assert_cmpstr (text_of (card_widget (f, 1, "label-row")), ==, "FastAPI");
  g_assert_cmpuint (selected_of (card_widget (f, 1, "runtime-row")),
                    ==, VS_RUNTIME_KIND_PROCESS);
  g_assert_cmpstr (text_of (page_widget (f, "path-row")),
                   ==, "/");
  g_assert_cmpstr (text_of (page_widget (f, "duration-entry")), ==, "5s");
  g_assert_cmpstr (text_of (page_widget (f, "warmup-entry")), ==, "1s");
  g_assert_cmpint (spin_value (page_widget (f, "connections-spin")),
                   ==, 50);

  /* showing a session is no edit */
  g_assert_false (vs_session_get_modified (f->session));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_cpu_limit (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *fastapi_cpus = card_widget (f, 1, "cpus-entry");
  GtkWidget *express_cpus = card_widget (f, 0, "cpus-entry");
  guint notified = 0;

  g_signal_connect_swapped (f->page, "notify::valid", G_CALLBACK (count_cb), &notified);

  type_text (fastapi_cpus, "2x");
  assert_invalid (f, "FastAPI: “2x” is not a number of CPU cores");
  g_assert_true (gtk_widget_has_css_class (fastapi_cpus, "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (fastapi_cpus), !=, NULL);
  g_assert_cmpuint (notified, ==, 1);   /* "valid" was notified */
  /* the mistake stays where it was typed, and out of the session */
  g_assert_cmpstr (text_of (express_cpus), ==, "");
  g_assert_cmpfloat (target_at (f, 1)->cpus, ==, 0);

  type_text (fastapi_cpus, "0.5");
  assert_valid (f);
  g_assert_false (gtk_widget_has_css_class (fastapi_cpus, "error"));
  g_assert_cmpfloat (target_at (f, 1)->cpus, ==, 0.5);
  g_assert_true (vs_session_get_modified (f->session));

  /* "same limits" was on (both had none): Express follows */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (must_find (GTK_WIDGET (f->page),
                                                                "same-limits-switch"))));
  g_assert_cmpstr (text_of (express_cpus), ==, "0.5");
  g_assert_cmpfloat (target_at (f, 0)->cpus, ==, 0.5);

  /* memory, with the switch off */
  gtk_switch_set_active (GTK_SWITCH (page_widget (f, "same-limits-switch")), FALSE);
  type_text (card_widget (f, 0, "memory-entry"), "3m");
  assert_invalid (f, "Express: memory limit “3m” is below");
  type_text (card_widget (f, 0, "memory-entry"), "512m");
  assert_valid (f);
  g_assert_cmpint (target_at (f, 0)->memory_bytes, ==, 512 * 1024 * 1024);
  g_assert_cmpint (target_at (f, 1)->memory_bytes, ==, 0);

  /* CPU set and environment */
  type_text (card_widget (f, 1, "cpuset-entry"), "0-999");
  assert_invalid (f, "FastAPI: CPU set “0-999”");
  type_text (card_widget (f, 1, "cpuset-entry"), "0");
  assert_valid (f);
  g_assert_cmpstr (target_at (f, 1)->cpuset, ==, "0");

  type_buffer (card_widget (f, 1, "env-view"), "WORKERS=1\n1BAD=x\n");
  assert_invalid (f, "FastAPI: line 2: environment variable name “1BAD” is not valid");
  type_buffer (card_widget (f, 1, "env-view"), "WORKERS=1\nLOG_LEVEL=warning\n");
  assert_valid (f);
  g_assert_cmpstr (vs_target_get_env (target_at (f, 1), "LOG_LEVEL"), ==, "warning");
  g_assert_cmpuint (target_at (f, 1)->env_names->len, ==, 2);

  /* two targets, one label */
  type_text (card_widget (f, 1, "label-row"), "Express");
  assert_invalid (f, "two targets are labelled “Express”");
  type_text (card_widget (f, 1, "label-row"), "");
  assert_invalid (f, "the label is empty");
  type_text (card_widget (f, 1, "label-row"), "FastAPI");
  assert_valid (f);
}

/* Workers: typed in a card, in the target; more than the CPU limit is
 * refused on the row; targets set up unlike are told, with the
 * one-worker-per-CPU fix a click away. */
static void
test_workers (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *express_workers = card_widget (f, 0, "server-workers-spin");
  GtkWidget *unalike = page_widget (f, "unalike-box");
  GtkWidget *match = page_widget (f, "match-workers-button");
  guint n_cpus = g_get_num_processors ();

  g_assert_false (gtk_widget_get_visible (unalike));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (express_workers), 2);
  g_assert_cmpuint (target_at (f, 0)->workers, ==, 2);
  assert_valid (f);

  /* the targets differ, and the page says how */
  g_assert_true (gtk_widget_get_visible (unalike));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (page_widget (f, "unalike-label"))),
                            "workers differ (Express 2, FastAPI 1)"));
  g_assert_true (gtk_widget_get_visible (match));

  /* a limit below the workers: the row says so, Start is off */
  gtk_switch_set_active (GTK_SWITCH (page_widget (f, "same-limits-switch")), FALSE);
  type_text (card_widget (f, 0, "cpus-entry"), "1");
  assert_invalid (f, "Express: 2 workers are more than the CPU limit of 1 CPU allows");
  g_assert_true (gtk_widget_has_css_class (express_workers, "error"));

  /* one worker per CPU each may use: Express 1 (its limit), FastAPI all */
  g_signal_emit_by_name (match, "clicked");
  g_assert_cmpuint (target_at (f, 0)->workers, ==, 1);
  g_assert_cmpuint (target_at (f, 1)->workers, ==, n_cpus);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (express_workers)), ==, 1);
  assert_valid (f);
  g_assert_false (gtk_widget_has_css_class (express_workers, "error"));
}

/* The template chooser: Node.js templates first, then Python ones, and in
 * the open list each says its language and what it is made of */
static void
test_template_list (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *row = card_widget (f, 0, "template-row");
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  const char * const node[] = { "Express", "Fastify", "NestJS", "Node.js http", NULL };
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (n, >=, 9);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      const char *title = gtk_string_object_get_string (item);

      g_test_message ("%u: %s", i, title);
      /* the four Node.js ones first */
      g_assert_cmpint (i < g_strv_length ((char **) node), ==, g_strv_contains (node, title));
    }
  g_assert_nonnull (adw_combo_row_get_list_factory (ADW_COMBO_ROW (row)));

  /* the row's subtitle: framework, runtime and server */
  choose (row, "Flask");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Flask 2.2 on Python 3, gunicorn (sync)");
  g_assert_cmpstr (target_at (f, 0)->template_name, ==, "flask");
}

/* A button in the window whose label is @label (a toast's, say) */
static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Two targets stay (issue 14): their trash buttons are off, and a click
 * removes nothing. A third can go, and its results with it, with an Undo
 * that puts both back where they were. */
static void
test_remove_keeps_two (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) cards = NULL;
  GPtrArray *results = vs_session_get_results (f->session);
  GtkWidget *undo;

  g_assert_false (gtk_widget_get_sensitive (card_widget (f, 1, "remove-button")));
  g_signal_emit_by_name (card_widget (f, 1, "remove-button"), "clicked");   /* even so */
  vs_test_spin (0.01);
  g_assert_cmpuint (vs_session_get_targets (f->session)->len, ==, 2);

  click (page_widget (f, "add-target-button"));
  g_assert_cmpuint (vs_session_get_targets (f->session)->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_widget_get_sensitive (card_widget (f, i, "remove-button")));
  /* a result of each target, twice */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(VsRunResult) r = vs_run_result_new ();

      r->target_index = i % 3;
      r->trial = i / 3;
      r->sequence = i;
      r->status = VS_RUN_STATUS_OK;
      r->requests_per_s = 100 * (i % 3) + i / 3;
      vs_session_add_result (f->session, r);
    }

  click (card_widget (f, 1, "remove-button"));
  cards = get_cards (f);
  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpuint (vs_session_get_targets (f->session)->len, ==, 2);
  g_assert_cmpuint (results->len, ==, 4);
  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);

      /* the third target's results now name it at index 1 */
      g_assert_cmpfloat (r->requests_per_s, ==, 100 * (r->target_index == 0 ? 0 : 2) + r->trial);
    }
  g_assert_false (gtk_widget_get_sensitive (card_widget (f, 1, "remove-button")));
  vs_test_spin (0.3);
  g_free (vs_test_screenshot (f->window, "setup-removed-undo.png"));

  undo = find_button_labelled (f->window, "_Undo");
  g_assert_nonnull (undo);
  click (undo);
  vs_test_spin (0.2);
  g_clear_pointer (&cards, g_ptr_array_unref);
  cards = get_cards (f);
  g_assert_cmpuint (cards->len, ==, 3);
  g_assert_cmpuint (vs_session_get_targets (f->session)->len, ==, 3);
  g_assert_cmpuint (results->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);

      g_assert_cmpuint (r->sequence, ==, i);
      g_assert_cmpuint (r->target_index, ==, i % 3);
      g_assert_cmpfloat (r->requests_per_s, ==, 100 * (i % 3) + i / 3);
    }
  g_assert_true (vs_target_card_get_target (g_ptr_array_index (cards, 1)) == target_at (f, 1));
}

static void
test_remove_add (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) cards = NULL;
  VsTarget *added;

  /* the last two cannot go; the session can lose one (an old file) */
  vs_session_remove_target (f->session, 1);
  vs_test_spin (0.05);
  cards = get_cards (f);
  g_assert_cmpuint (cards->len, ==, 1);
  g_assert_cmpuint (vs_session_get_targets (f->session)->len, ==, 1);
  assert_invalid (f, "at least two targets");
  g_clear_pointer (&cards, g_ptr_array_unref);
  vs_test_spin (0.2);
  g_free (vs_test_screenshot (f->window, "setup-one-target.png"));

  click (page_widget (f, "add-target-button"));
  cards = get_cards (f);
  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpuint (vs_session_get_targets (f->session)->len, ==, 2);
  added = target_at (f, 1);
  g_assert_true (vs_target_card_get_target (g_ptr_array_index (cards, 1)) == added);
  /* a template no one uses yet, of the other language: the first Python one */
  g_assert_cmpstr (added->template_name, ==, "aiohttp");
  g_assert_cmpstr (added->label, ==, "aiohttp");
  g_assert_cmpstr (added->scenario, ==, "hello");
  g_assert_cmpint (added->runtime, ==, VS_RUNTIME_KIND_PROCESS);
  assert_valid (f);

  /* a third and a fourth: the languages take turns */
  click (page_widget (f, "add-target-button"));
  click (page_widget (f, "add-target-button"));
  g_assert_cmpuint (vs_session_get_targets (f->session)->len, ==, 4);
  g_assert_cmpstr (target_at (f, 2)->label, ==, "Fastify");
  g_assert_cmpstr (target_at (f, 3)->label, ==, "Django");
  assert_valid (f);
  vs_test_spin (0.2);
  g_free (vs_test_screenshot (f->window, "setup-four-targets.png"));
}

static void
test_scenario (Fixture       *f,
               gconstpointer  data)
{
  VsLoadProfile *profile = vs_session_get_profile (f->session);
  GtkWidget *page = GTK_WIDGET (f->page);
  GtkWidget *method = must_find (page, "method-dropdown");
  GtkStringObject *item;

  choose (card_widget (f, 0, "scenario-row"), "JSON");
  g_assert_cmpstr (profile->url, ==, "/json");
  g_assert_cmpstr (profile->method, ==, "GET");
  g_assert_cmpstr (text_of (must_find (page, "path-row")), ==, "/json");
  /* the endpoint is shared: the other card follows */
  g_assert_cmpstr (target_at (f, 0)->scenario, ==, "json");
  g_assert_cmpstr (target_at (f, 1)->scenario, ==, "json");
  g_assert_cmpuint (selected_of (card_widget (f, 1, "scenario-row")),
                    ==, combo_position (card_widget (f, 1, "scenario-row"), "JSON"));
  assert_valid (f);

  choose (card_widget (f, 1, "scenario-row"), "JSON echo");
  g_assert_cmpstr (profile->url, ==, "/echo");
  g_assert_cmpstr (profile->method, ==, "POST");
  g_assert_nonnull (profile->body);
  g_assert_cmpuint (g_bytes_get_size (profile->body), ==, strlen ("{\"hello\":\"world\"}"));
  g_assert_cmpuint (profile->header_names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (profile->header_names, 0), ==, "Content-Type");
  item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (method));
  g_assert_cmpstr (gtk_string_object_get_string (item), ==, "POST");
  assert_valid (f);

  /* back to a GET: the body and its type go */
  choose (card_widget (f, 0, "scenario-row"), "Hello text");
  g_assert_cmpstr (profile->url, ==, "/");
  g_assert_null (profile->body);
  g_assert_cmpuint (profile->header_names->len, ==, 0);

  /* the endpoint typed by hand */
  type_text (must_find (page, "path-row"), "users/1");
  assert_invalid (f, "Path: the path “users/1” must start with /");
  g_assert_true (gtk_widget_has_css_class (must_find (page, "path-row"), "error"));
  type_text (must_find (page, "path-row"), "/users/1 x");
  assert_invalid (f, "is not a valid path");
  type_text (must_find (page, "path-row"), "/users/1?full=1");
  assert_valid (f);
  g_assert_cmpstr (profile->url, ==, "/users/1?full=1");
  /* no scenario's endpoint any more */
  g_assert_null (target_at (f, 0)->scenario);
  g_assert_null (target_at (f, 1)->scenario);
  g_assert_cmpuint (selected_of (card_widget (f, 1, "scenario-row")),
                    ==, combo_position (card_widget (f, 1, "scenario-row"), "Custom endpoint"));

  type_buffer (must_find (page, "headers-view"), "Accept: application/json\nBad Header\n");
  assert_invalid (f, "Headers: line 2: header “Bad Header” has no colon");
  type_buffer (must_find (page, "headers-view"), "Accept: application/json\nX-Trace: 1\n");
  assert_valid (f);
  g_assert_cmpuint (profile->header_names->len, ==, 2);
}

static void
test_load_fields (Fixture       *f,
                  gconstpointer  data)
{
  VsLoadProfile *profile = vs_session_get_profile (f->session);
  GtkWidget *page = GTK_WIDGET (f->page);

  type_text (must_find (page, "duration-entry"), "3x");
  assert_invalid (f, "Duration: “3x” has an unknown unit “x”");
  g_assert_true (gtk_widget_has_css_class (must_find (page, "duration-entry"), "error"));
  type_text (must_find (page, "duration-entry"), "0s");
  assert_invalid (f, "Duration:");
  type_text (must_find (page, "duration-entry"), "30s");
  assert_valid (f);
  g_assert_cmpint (profile->duration_us, ==, 30 * G_USEC_PER_SEC);

  type_text (must_find (page, "warmup-entry"), "");
  assert_valid (f);
  g_assert_cmpint (profile->warmup_us, ==, 0);
  type_text (must_find (page, "timeout-entry"), "500ms");
  g_assert_cmpint (profile->timeout_us, ==, 500 * 1000);
  type_text (must_find (page, "timeout-entry"), "");
  assert_invalid (f, "Request timeout: it is empty");
  type_text (must_find (page, "timeout-entry"), "2s");

  /* an error status the endpoint is meant to answer: 400 to 599, or none */
  type_text (must_find (page, "expect-entry"), "200");
  assert_invalid (f, "Expected status: an error status, 400 to 599");
  g_assert_true (gtk_widget_has_css_class (must_find (page, "expect-entry"), "error"));
  type_text (must_find (page, "expect-entry"), "404");
  assert_valid (f);
  g_assert_cmpuint (profile->expect_status, ==, 404);
  type_text (must_find (page, "expect-entry"), "");
  assert_valid (f);
  g_assert_cmpuint (profile->expect_status, ==, 0);

  type_text (must_find (page, "cooldown-entry"), "-1s");
  assert_invalid (f, "Cool-down: duration “-1s” is negative");
  type_text (must_find (page, "cooldown-entry"), "10s");
  assert_valid (f);
  g_assert_cmpint (vs_session_get_cooldown_us (f->session), ==, 10 * G_USEC_PER_SEC);

  choose (must_find (page, "mode-row"), "Fixed rate");
  g_assert_cmpint (profile->mode, ==, VS_LOAD_MODE_RATE);
  g_assert_cmpfloat (profile->rate, >, 0);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (must_find (page, "rate-spin"),
                                                                   ADW_TYPE_ACTION_ROW)));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (must_find (page, "rate-spin")), 2500);
  g_assert_cmpfloat (profile->rate, ==, 2500);
  assert_valid (f);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (must_find (page, "connections-spin")), 400);
  g_assert_cmpuint (profile->connections, ==, 400);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (must_find (page, "workers-spin")), 2);
  g_assert_cmpuint (profile->workers, ==, 2);
  gtk_switch_set_active (GTK_SWITCH (must_find (page, "keepalive-switch")), FALSE);
  g_assert_false (profile->keep_alive);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (must_find (page, "trials-spin")), 7);
  g_assert_cmpuint (vs_session_get_trials (f->session), ==, 7);
  choose (must_find (page, "order-row"), "Round robin");
  g_assert_cmpint (vs_session_get_order (f->session), ==, VS_TRIAL_ORDER_ROUND_ROBIN);
  assert_valid (f);
}

/* A spin button as a person leaves it: typed, then Enter or another field */
static void
type_number (GtkWidget  *spin,
             const char *text)
{
  type_text (spin, text);
  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  vs_test_spin (0.01);
}

static const char *
row_subtitle (GtkWidget *field)
{
  GtkWidget *row = gtk_widget_get_ancestor (field, ADW_TYPE_ACTION_ROW);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* Numbers are never silently changed: connections 0, -5, "abc" and empty
 * once became 1, and 10,000,000 became 100,000. What was typed stays,
 * the row says why it is refused, Start is disabled with that reason,
 * and the session keeps its last good value. */
static void
test_numbers_kept (Fixture       *f,
                   gconstpointer  data)
{
  VsLoadProfile *profile = vs_session_get_profile (f->session);
  GtkWidget *page = GTK_WIDGET (f->page);
  GtkWidget *connections = must_find (page, "connections-spin");
  GtkWidget *trials = must_find (page, "trials-spin");
  GtkWidget *workers = must_find (page, "workers-spin");
  struct { const char *text; const char *reason; } bad[] = {
    { "0", "Connections must be a whole number from 1 to 100000 (got 0)" },
    { "-5", "Connections must be a whole number from 1 to 100000 (got -5)" },
    { "abc", "Connections: “abc” is not a number" },
    { "", "Connections: it is empty: type a number" },
    { "10000000", "Connections must be a whole number from 1 to 100000 (got 10000000)" },
    { "2.5", "Connections must be a whole number" },
    { "99999", "Connections must be at most" },
  };

  type_number (connections, "50");
  assert_valid (f);
  g_assert_cmpuint (profile->connections, ==, 50);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      type_number (connections, bad[i].text);
      g_test_message ("“%s”: %s", bad[i].text, vs_setup_page_get_invalid_reason (f->page));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (connections)), ==, bad[i].text);
      assert_invalid (f, bad[i].reason);
      g_assert_true (gtk_widget_has_css_class (connections, "error"));
      /* the row says it too, in place of its hint */
      g_assert_true (strstr (row_subtitle (connections), "number") != NULL ||
                     strstr (row_subtitle (connections), "at most") != NULL);
      g_assert_cmpuint (profile->connections, ==, 50);
    }
  g_free (vs_test_screenshot (GTK_WIDGET (f->window), "setup-number-refused.png"));

  /* a good number is taken as it is typed, and the reason goes */
  type_number (connections, "64");
  assert_valid (f);
  g_assert_false (gtk_widget_has_css_class (connections, "error"));
  g_assert_cmpuint (profile->connections, ==, 64);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (connections)), ==, "64");

  type_number (trials, "0");
  assert_invalid (f, "Trials per target must be a whole number from 1 to 1000");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (trials)), ==, "0");
  g_assert_cmpuint (vs_session_get_trials (f->session), ==, 8);
  type_number (trials, "1001");
  assert_invalid (f, "Trials per target must be a whole number from 1 to 1000");
  type_number (trials, "5");
  assert_valid (f);
  g_assert_cmpuint (vs_session_get_trials (f->session), ==, 5);

  /* "Auto" is a number here: 0 */
  type_number (workers, "300");
  assert_invalid (f, "Workers must be a whole number from 1 to 256, or 0 for automatic (got 300)");
  type_number (workers, "Auto");
  assert_valid (f);
  g_assert_cmpuint (profile->workers, ==, 0);

  type_text (must_find (page, "duration-entry"), "10000000s");
  assert_invalid (f, "Duration must be at most 24 h");
  type_text (must_find (page, "duration-entry"), "-5s");
  assert_invalid (f, "Duration “-5s” is negative");
  type_text (must_find (page, "duration-entry"), "2s");
  assert_valid (f);

  /* another session shows its own numbers, whatever was typed before */
  type_number (connections, "abc");
  {
    g_autoptr(VsSession) other = new_quick_session ();

    vs_session_get_profile (other)->connections = 33;
    vs_setup_page_set_session (f->page, other);
    vs_test_spin (0.02);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (connections)), ==, "33");
    assert_valid (f);
    vs_setup_page_set_session (f->page, f->session);
  }
}

/* The column a card is in: its x in the page */
static double
card_x (Fixture *f,
        guint    index)
{
  g_autoptr(GPtrArray) cards = get_cards (f);
  graphene_point_t point = GRAPHENE_POINT_INIT (0, 0), out;

  g_assert_true (gtk_widget_compute_point (g_ptr_array_index (cards, index), GTK_WIDGET (f->page),
                                           &point, &out));
  return out.x;
}

/* Typing an error does not move the cards: a long reason in one card once
 * turned three columns into two or one, and the card being edited moved
 * off-screen. */
static void
test_no_reflow (Fixture       *f,
                gconstpointer  data)
{
  double before[3];

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 1280);
  click (page_widget (f, "add-target-button"));
  vs_test_spin (0.3);
  for (guint i = 0; i < 3; i++)
    before[i] = card_x (f, i);
  g_test_message ("columns at %.0f, %.0f, %.0f", before[0], before[1], before[2]);
  g_assert_cmpfloat (before[0], <, before[1]);
  g_assert_cmpfloat (before[1], <, before[2]);

  type_buffer (card_widget (f, 0, "env-view"), "bad line without an equals sign in it at all");
  type_text (card_widget (f, 1, "cpus-entry"), "a great many CPUs, as many as there are");
  type_text (card_widget (f, 2, "cpuset-entry"), "0-1,7,9-12,1000000000000000000000");
  vs_test_spin (0.3);
  {
    g_autoptr(GPtrArray) cards = get_cards (f);

    for (guint i = 0; i < cards->len; i++)
      {
        int min, nat;

        gtk_widget_measure (g_ptr_array_index (cards, i), GTK_ORIENTATION_HORIZONTAL, -1,
                            &min, &nat, NULL, NULL);
        g_test_message ("card %u: min %d, natural %d", i, min, nat);
      }
  }
  assert_invalid (f, "");
  g_free (vs_test_screenshot (f->window, "setup-errors-no-reflow.png"));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (fabs (card_x (f, i) - before[i]), <, 1);
}

static void
test_image_session (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) loaded = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  GtkWidget *image_row;

  json_parser_load_from_data (parser, image_session_json, -1, &error);
  g_assert_no_error (error);
  loaded = vs_session_new_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);

  vs_setup_page_set_session (f->page, loaded);
  g_set_object (&f->session, loaded);
  vs_test_spin (0.05);

  cards = get_cards (f);
  g_assert_cmpuint (cards->len, ==, 2);
  assert_valid (f);

  /* the image target shows its image, port, limits and environment */
  g_assert_cmpuint (selected_of (card_widget (f, 1, "source-row")), ==, 1);
  image_row = card_widget (f, 1, "image-row");
  g_assert_true (gtk_widget_get_visible (image_row));
  g_assert_false (gtk_widget_get_visible (card_widget (f, 1, "template-row")));
  g_assert_cmpstr (text_of (image_row), ==, "docker.io/library/nginx:1.25");
  g_assert_cmpint (spin_value (card_widget (f, 1, "port-spin")),
                   ==, 80);
  g_assert_cmpuint (selected_of (card_widget (f, 1, "runtime-row")),
                    ==, VS_RUNTIME_KIND_PODMAN);
  g_assert_cmpstr (text_of (card_widget (f, 1, "cpus-entry")), ==, "1");
  g_assert_cmpstr (text_of (card_widget (f, 1, "memory-entry")), ==, "512m");
  {
    g_autofree char *env = NULL;
    GtkWidget *view = card_widget (f, 1, "env-view");
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    env = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (env, ==, "NGINX_ENTRYPOINT_QUIET_LOGS=1\n");
  }
  /* the template target, its scenario; the shared endpoint */
  g_assert_cmpuint (selected_of (card_widget (f, 0, "scenario-row")),
                    ==, combo_position (card_widget (f, 0, "scenario-row"), "JSON"));
  g_assert_cmpstr (text_of (page_widget (f, "path-row")),
                   ==, "/json");
  g_assert_cmpstr (text_of (page_widget (f, "duration-entry")), ==, "20s");
  g_assert_false (vs_session_get_modified (loaded));
  vs_test_spin (0.2);
  g_free (vs_test_screenshot (f->window, "setup-image.png"));

  /* images are checked as typed */
  type_text (image_row, "Nginx:latest");
  assert_invalid (f, "nginx: “Nginx:latest” is not a valid image name");
  g_assert_cmpstr (target_at (f, 1)->image, ==, "docker.io/library/nginx:1.25");
  type_text (image_row, "localhost/nginx:latest");
  assert_valid (f);
  g_assert_cmpstr (target_at (f, 1)->image, ==, "localhost/nginx:latest");

  /* an image wants a container */
  choose (card_widget (f, 1, "runtime-row"), "Local processes");
  assert_invalid (f, "nginx: an image needs a container runtime");
  choose (card_widget (f, 1, "runtime-row"), "Docker");
  assert_valid (f);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (card_widget (f, 1, "port-spin")), 0);
  assert_invalid (f, "nginx: an image needs its container port");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (card_widget (f, 1, "port-spin")), 8080);
  assert_valid (f);

  /* and back to a bundled template */
  choose (card_widget (f, 1, "source-row"), "Bundled template");
  g_assert_true (gtk_widget_get_visible (card_widget (f, 1, "template-row")));
  g_assert_null (target_at (f, 1)->image);
  g_assert_nonnull (target_at (f, 1)->template_name);
  assert_valid (f);

  /* a label that names its template follows it */
  choose (card_widget (f, 0, "template-row"), "FastAPI");
  g_assert_cmpstr (target_at (f, 0)->template_name, ==, "fastapi");
  g_assert_cmpstr (target_at (f, 0)->label, ==, "FastAPI");
  g_assert_cmpstr (target_at (f, 0)->scenario, ==, "json");

  /* an image typed wrong, then the source left: its problem goes with it */
  choose (card_widget (f, 1, "source-row"), "Local image");
  type_text (image_row, "Bad Image");
  assert_invalid (f, "is not a valid image name");
  choose (card_widget (f, 1, "source-row"), "Bundled template");
  assert_valid (f);
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *entry = card_widget (f, 0, "cpus-entry");

  g_assert_true (gtk_widget_is_sensitive (entry));
  vs_setup_page_set_locked (f->page, TRUE);
  g_assert_false (gtk_widget_is_sensitive (entry));
  g_assert_false (gtk_widget_is_sensitive (page_widget (f, "add-target-button")));
  vs_setup_page_set_locked (f->page, FALSE);
  g_assert_true (gtk_widget_is_sensitive (entry));
}

static gboolean
runtimes_probed (gpointer data)
{
  Fixture *f = data;
  GtkWidget *row = card_widget (f, 0, "runtime-row");
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  return subtitle != NULL && strstr (subtitle, "Checking") == NULL;
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *row;

  /* the runtimes' status, as probed */
  g_assert_true (vs_test_wait_until (runtimes_probed, f, 30));
  row = card_widget (f, 0, "runtime-row");
  g_test_message ("runtime: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                   "Local processes"));

  /* one of each: a limit, an automatic runtime */
  type_text (card_widget (f, 0, "cpus-entry"), "1");
  type_text (card_widget (f, 0, "memory-entry"), "512m");
  choose (card_widget (f, 1, "runtime-row"), "Automatic");
  g_assert_true (vs_test_wait_until (runtimes_probed, f, 30));
  vs_test_spin (0.3);
  g_free (vs_test_screenshot (f->window, "setup.png"));

  /* the rest of the page */
  {
    g_autoptr(GPtrArray) scrollers = g_ptr_array_new ();
    GtkAdjustment *adjustment;

    vs_test_collect_type (GTK_WIDGET (f->page), GTK_TYPE_SCROLLED_WINDOW, scrollers);
    adjustment = gtk_scrolled_window_get_vadjustment (g_ptr_array_index (scrollers, 0));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    vs_test_spin (0.3);
    g_free (vs_test_screenshot (f->window, "setup-bottom.png"));
    gtk_adjustment_set_value (adjustment, 0);
    vs_test_spin (0.1);
  }

  type_text (card_widget (f, 1, "cpus-entry"), "2x");
  vs_test_spin (0.5);
  g_free (vs_test_screenshot (f->window, "setup-invalid.png"));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  vs_test_spin (0.5);
  g_free (vs_test_screenshot (f->window, "setup-dark.png"));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  vs_test_spin (0.1);
}

static gboolean
build_over (gpointer data)
{
  return !vs_build_dialog_get_running (data);
}

/* The build dialog with local processes: FastAPI needs no download. */
static void
test_build_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTemplate) template = vs_find_template ("fastapi", &error);
  g_autoptr(VsRuntime) runtime = vs_runtime_new (VS_RUNTIME_KIND_PROCESS);
  g_autoptr(VsBuildDialog) dialog = NULL;
  g_autofree char *log = NULL;
  const char *status;

  g_assert_no_error (error);
  dialog = g_object_ref (vs_build_dialog_new (runtime, template));
  gtk_window_present (GTK_WINDOW (dialog));
  vs_build_dialog_start (dialog);
  g_assert_true (vs_build_dialog_get_running (dialog));
  g_assert_true (vs_test_wait_until (build_over, dialog, 120));

  status = vs_build_dialog_get_status (dialog);
  log = vs_build_dialog_dup_log (dialog);
  g_test_message ("build: %s\n%s", status, log);
  g_assert_true (g_str_has_prefix (status, "Built FastAPI") ||
                 g_str_has_prefix (status, "The build failed: "));
  vs_test_spin (0.2);
  g_free (vs_test_screenshot (GTK_WIDGET (dialog), "build-dialog.png"));
  /* done: one way to close it, the window's own (no Close beside the ×) */
  g_assert_false (gtk_widget_get_visible (vs_test_find_named (GTK_WIDGET (dialog),
                                                              "build-cancel-button")));

  /* a second build, cancelled at once */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&dialog);
  dialog = g_object_ref (vs_build_dialog_new (runtime, template));
  gtk_window_present (GTK_WINDOW (dialog));
  vs_build_dialog_start (dialog);
  vs_build_dialog_cancel (dialog);
  g_assert_true (vs_test_wait_until (build_over, dialog, 60));
  status = vs_build_dialog_get_status (dialog);
  g_test_message ("cancelled build: %s", status);
  g_assert_true (g_str_equal (status, "The build was cancelled.") ||
                 g_str_has_prefix (status, "Built FastAPI"));

  /* closing while it runs cancels too; the dialog winds down alone */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&dialog);
  dialog = g_object_ref (vs_build_dialog_new (runtime, template));
  gtk_window_present (GTK_WINDOW (dialog));
  vs_build_dialog_start (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (vs_test_wait_until (build_over, dialog, 60));
}


/* The rows follow the model: an edit made elsewhere (the CLI's API, a
 * script, another card) shows at once, and is the session's change. */
static void
test_follows_model (Fixture       *f,
                    gconstpointer  data)
{
  VsTarget *fastapi = target_at (f, 1);
  VsLoadProfile *profile = vs_session_get_profile (f->session);

  vs_target_set_label (fastapi, "FastAPI tuned");
  vs_target_set_cpus (fastapi, 1.5);
  vs_target_set_memory_bytes (fastapi, 256 * 1024 * 1024);
  vs_target_set_cpuset (fastapi, "1");
  vs_target_set_runtime (fastapi, VS_RUNTIME_KIND_PROCESS);
  vs_target_set_scenario (fastapi, "json");
  vs_target_set_env (fastapi, "UVICORN_WORKERS", "2");
  vs_test_spin (0.01);
  g_assert_cmpstr (text_of (card_widget (f, 1, "label-row")), ==, "FastAPI tuned");
  g_assert_cmpstr (text_of (card_widget (f, 1, "cpus-entry")), ==, "1.5");
  g_assert_cmpstr (text_of (card_widget (f, 1, "memory-entry")), ==, "256m");
  g_assert_cmpstr (text_of (card_widget (f, 1, "cpuset-entry")), ==, "1");
  g_assert_cmpuint (selected_of (card_widget (f, 1, "runtime-row")), ==, VS_RUNTIME_KIND_PROCESS);
  g_assert_cmpuint (selected_of (card_widget (f, 1, "scenario-row")),
                    ==, combo_position (card_widget (f, 1, "scenario-row"), "JSON"));
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (card_widget (f, 1, "env-view")));
    GtkTextIter start, end;
    g_autofree char *env = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    env = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (env, ==, "UVICORN_WORKERS=2\n");
  }
  g_assert_true (vs_session_get_modified (f->session));

  vs_load_profile_set_connections (profile, 123);
  vs_load_profile_set_duration_us (profile, 90 * G_USEC_PER_SEC);
  vs_load_profile_set_warmup_us (profile, 0);
  vs_load_profile_set_expect_status (profile, 404);
  vs_load_profile_set_url (profile, "/json?x=1");
  vs_load_profile_set_keep_alive (profile, FALSE);
  vs_session_set_trials (f->session, 5);
  vs_session_set_order (f->session, VS_TRIAL_ORDER_SEQUENTIAL);
  vs_test_spin (0.01);
  g_assert_cmpint (spin_value (page_widget (f, "connections-spin")), ==, 123);
  g_assert_cmpstr (text_of (page_widget (f, "duration-entry")), ==, "90s");
  g_assert_cmpstr (text_of (page_widget (f, "warmup-entry")), ==, "");
  g_assert_cmpstr (text_of (page_widget (f, "expect-entry")), ==, "404");
  g_assert_cmpstr (text_of (page_widget (f, "path-row")), ==, "/json?x=1");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (page_widget (f, "keepalive-switch"))));
  g_assert_cmpint (spin_value (page_widget (f, "trials-spin")), ==, 5);
  g_assert_cmpuint (selected_of (page_widget (f, "order-row")), ==, VS_TRIAL_ORDER_SEQUENTIAL);
  /* an endpoint set by hand is no scenario's: the card says so */
  g_assert_null (fastapi->scenario);
  g_assert_cmpuint (selected_of (card_widget (f, 1, "scenario-row")),
                    ==, combo_position (card_widget (f, 1, "scenario-row"), "Custom endpoint"));
  assert_valid (f);

  /* and typing writes the model (the rows are bound both ways) */
  type_text (card_widget (f, 0, "label-row"), "  Express 5  ");
  g_assert_cmpstr (target_at (f, 0)->label, ==, "Express 5");
  type_text (page_widget (f, "duration-entry"), "2m");
  g_assert_cmpint (profile->duration_us, ==, 120 * G_USEC_PER_SEC);
  type_text (page_widget (f, "duration-entry"), "2 parsecs");
  g_assert_cmpint (profile->duration_us, ==, 120 * G_USEC_PER_SEC);   /* refused, kept as typed */
  g_assert_cmpstr (text_of (page_widget (f, "duration-entry")), ==, "2 parsecs");
  assert_invalid (f, "Duration:");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;

  /* builds stage templates in the cache: keep them in the build folder */
  cache = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR")
                                                         : g_get_tmp_dir (),
                            "xdg-cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  vs_test_load_app_style ();

#define ADD(path, func) \
  g_test_add ("/setup-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("preset", test_preset);
  ADD ("cpu-limit", test_cpu_limit);
  ADD ("workers", test_workers);
  ADD ("template-list", test_template_list);
  ADD ("remove-add", test_remove_add);
  ADD ("remove-keeps-two", test_remove_keeps_two);
  ADD ("scenario", test_scenario);
  ADD ("load-fields", test_load_fields);
  ADD ("numbers-kept", test_numbers_kept);
  ADD ("no-reflow", test_no_reflow);
  ADD ("image-session", test_image_session);
  ADD ("locked", test_locked);
  ADD ("follows-model", test_follows_model);
  ADD ("screenshot", test_screenshot);
#undef ADD
  g_test_add_func ("/setup-page/build-dialog", test_build_dialog);

  return g_test_run ();
}
