/* vs-gui-test-util.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "vs-gui-test-util.h"
#include "vs-window.h"

/* One trial: @rps requests/s, latency around @latency_us, and round
 * resource figures derived from the trial number. */
VsRunResult *
vs_test_make_result (GRand       *rand,
                     guint        target,
                     const char  *label,
                     guint        trial,
                     guint        sequence,
                     double       rps,
                     gint64       latency_us,
                     VsRunStatus  status)
{
  VsRunResult *r = vs_run_result_new ();

  r->target_index = target;
  r->target_label = g_strdup (label);
  r->trial = trial;
  r->sequence = sequence;
  r->status = status;
  r->started_at = G_GINT64_CONSTANT (1795633200) + 40 * sequence;
  r->runtime = g_strdup ("process");

  if (status != VS_RUN_STATUS_OK)
    {
      r->error = g_strdup (VS_TEST_FAILED_ERROR);
      return r;
    }

  r->startup_s = 0.5 + 0.1 * target + 0.01 * trial;
  r->duration_s = 10.0;
  r->requests_per_s = rps;
  r->requests = (guint64) (rps * r->duration_s);
  r->latency = vs_histogram_new ();
  for (guint i = 0; i < 20000; i++)
    {
      /* a body around the typical latency and a long tail */
      gint64 v = latency_us / 2 + g_rand_int_range (rand, 0, (gint32) latency_us);

      if (i % 100 == 0)
        v *= 4;
      if (i % 5000 == 0)
        v *= 10;
      vs_histogram_record (r->latency, v);
    }
  r->mean_ms = vs_histogram_get_mean (r->latency) / 1000.0;
  r->p50_ms = vs_histogram_get_percentile (r->latency, 50) / 1000.0;
  r->p75_ms = vs_histogram_get_percentile (r->latency, 75) / 1000.0;
  r->p90_ms = vs_histogram_get_percentile (r->latency, 90) / 1000.0;
  r->p99_ms = vs_histogram_get_percentile (r->latency, 99) / 1000.0;
  r->p999_ms = vs_histogram_get_percentile (r->latency, 99.9) / 1000.0;
  r->p9999_ms = vs_histogram_get_percentile (r->latency, 99.99) / 1000.0;
  r->max_ms = vs_histogram_get_max (r->latency) / 1000.0;
  r->cpu_mean_percent = 95.0 + 2 * trial + 3 * target;
  r->cpu_peak_percent = r->cpu_mean_percent + 4;
  r->memory_mean_bytes = (60.0 + 20 * target + trial) * 1e6;
  r->memory_peak_bytes = r->memory_mean_bytes + 4e6;
  return r;
}

gboolean
vs_test_wait_until (gboolean (*done) (gpointer data),
                    gpointer   data,
                    double     timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

void
vs_test_spin (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

char *
vs_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  const char *dir = g_getenv ("VS_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  /* The first frame of a whole window took over 10 s under ASan with its
   * slow unwinder (fast_unwind_on_malloc=0) once the test history had grown:
   * the frame clock had not painted once, so the screenshot found nothing. */
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  int width, height;

  /* a slow (sanitized) build may not have mapped and sized it yet */
  while ((!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0) &&
         g_get_monotonic_time () < deadline)
    vs_test_spin (0.05);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);

  paintable = gtk_widget_paintable_new (widget);
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        vs_test_spin (0.1);
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%d×%d)", path, width, height);
  return g_steal_pointer (&path);
}

/* A label's text with its non-breaking spaces (a figure glued to its unit)
 * read as spaces, as the core's texts have them. */
char *
vs_test_label_text (GtkWidget *label)
{
  g_auto(GStrv) parts = g_strsplit (gtk_label_get_text (GTK_LABEL (label)), "\xc2\xa0", -1);

  return g_strjoinv (" ", parts);
}

static void
collect (GtkWidget *widget,
         GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      g_autofree char *text = vs_test_label_text (widget);

      g_string_append_printf (out, "%s\n", text);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect (child, out);
}

char *
vs_test_collect_labels (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect (widget, out);
  return g_string_free (out, FALSE);
}

GtkWidget *
vs_test_find_named (GtkWidget  *widget,
                    const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vs_test_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
vs_test_collect_type (GtkWidget *widget,
                      GType      type,
                      GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    vs_test_collect_type (child, type, out);
}

void
vs_test_load_app_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/io/github/versusbench/Versus/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

VsSession *
vs_test_short_session (const char *name)
{
  VsSession *session = vs_session_new_preset ("express-vs-fastapi-quick", NULL);
  VsLoadProfile *profile = vs_session_get_profile (session);
  GPtrArray *targets = vs_session_get_targets (session);

  vs_session_set_name (session, name);
  for (guint i = 0; i < targets->len; i++)
    ((VsTarget *) g_ptr_array_index (targets, i))->runtime = VS_RUNTIME_KIND_PROCESS;
  profile->connections = 8;
  profile->duration_us = 2 * G_USEC_PER_SEC;
  profile->warmup_us = 300 * 1000;
  vs_session_set_trials (session, 2);
  vs_session_set_cooldown_us (session, 200 * 1000);
  vs_session_set_modified (session, FALSE);
  return session;
}

gboolean
vs_test_window_not_running (gpointer window)
{
  return !vs_window_get_running (VS_WINDOW (window));
}

VsApplication *
vs_test_new_application (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  VsApplication *app;

  g_settings_set_string (settings, "default-runtime", "process");

  app = vs_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

GtkWidget *
vs_test_present_in_window (GtkWidget *child,
                           int        width,
                           int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
