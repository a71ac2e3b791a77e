/* vs-window.c — the main window: Setup, Live, Results and History
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vs-gui-util.h"
#include "vs-history-page.h"
#include "vs-live-page.h"
#include "vs-results-page.h"
#include "vs-runner.h"
#include "vs-runtime.h"
#include "vs-setup-page.h"
#include "vs-util.h"
#include "vs-window.h"
#include "vs-study-window.h"
#include "vs-trust.h"

#define SESSION_MIME_TYPE "application/x-versus-session"
#define MAX_RECENT        8

struct _VsWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwHeaderBar         *header_bar;
  AdwViewSwitcherTitle *switcher_title;
  GtkLabel             *file_label;
  GtkStack             *start_stop_stack;
  GtkButton            *start_button;
  AdwToastOverlay      *toast_overlay;
  GtkMenuButton        *menu_button;
  AdwViewStack         *stack;
  VsSetupPage          *setup_page;
  VsLivePage           *live_page;
  VsResultsPage        *results_page;
  VsHistoryPage        *history_page;
  GMenu                *recent_submenu;

  VsSession            *session;
  gulong                session_changed_id;
  VsRunner             *runner;
  GCancellable         *run_cancellable;
  guint                 run_planned;       /* trials the run set out to do */
  guint                 run_first_result;  /* the session's results before it */
  VsSessionResults     *earlier_results;   /* a comparison a new run replaces, until it finishes */
  GCancellable         *cancellable;       /* the window's own async work */
  GtkFileChooserNative *chooser;
  guint                 close_after_save : 1;
  guint                 close_confirmed : 1;
  guint                 close_when_stopped : 1;
};

G_DEFINE_FINAL_TYPE (VsWindow, vs_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_title   (VsWindow *self);
static void update_actions (VsWindow *self);
static void save_to        (VsWindow *self,
                            GFile    *file);

void
vs_window_add_toast (VsWindow   *self,
                     const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* An error a user must read in full (a build log, a refused file). */
static void
show_error (VsWindow   *self,
            const char *heading,
            const char *detail)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  GtkWidget *label = gtk_label_new (detail);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 420);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* the session                                                               */

static void
session_changed_cb (VsWindow *self)
{
  update_title (self);
  update_actions (self);
}

static void
update_title (VsWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GFile *file = vs_session_get_file (self->session);

  title = g_strdup_printf ("%s%s", vs_session_get_modified (self->session) ? "• " : "",
                           vs_session_get_name (self->session));
  if (file != NULL)
    {
      g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
      g_autofree char *relative = g_file_get_relative_path (home, file);

      subtitle = relative ? g_strdup_printf ("~/%s", relative) : g_file_get_parse_name (file);
    }
  else
    subtitle = g_strdup (_("Not saved"));

  adw_view_switcher_title_set_title (self->switcher_title, title);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  {
    /* Translators: the session's name (with "• " when it has unsaved changes) and its file,
     * or "Not saved" */
    g_autofree char *file_text = g_strdup_printf (_("%s — %s"), title, subtitle);

    gtk_label_set_text (self->file_label, file_text);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), file_text);
  }
  gtk_window_set_title (GTK_WINDOW (self), title);
}

VsSession *
vs_window_get_session (VsWindow *self)
{
  g_return_val_if_fail (VS_IS_WINDOW (self), NULL);
  return self->session;
}

void
vs_window_set_session (VsWindow  *self,
                       VsSession *session)
{
  g_return_if_fail (VS_IS_WINDOW (self));
  g_return_if_fail (VS_IS_SESSION (session));

  if (self->session)
    g_clear_signal_handler (&self->session_changed_id, self->session);
  g_set_object (&self->session, session);
  self->session_changed_id = g_signal_connect_object (session, "changed",
                                                      G_CALLBACK (session_changed_cb), self,
                                                      G_CONNECT_SWAPPED);

  vs_setup_page_set_session (self->setup_page, session);
  vs_live_page_set_session (self->live_page, session);
  vs_results_page_set_session (self->results_page, session);
  update_title (self);
  update_actions (self);
}

/* The first comparison a user sees: Express against FastAPI, the load
 * from the preferences, on the best runtime that can run it now. */
static VsSession *
default_session (VsWindow *self)
{
  GSettings *settings = vs_application_get_settings (VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  g_autoptr(VsSession) session = vs_session_new_preset ("express-vs-fastapi-quick", NULL);
  VsLoadProfile *profile = vs_session_get_profile (session);
  g_autofree char *duration = g_settings_get_string (settings, "default-duration");
  g_autofree char *warmup = g_settings_get_string (settings, "default-warmup");
  g_autofree char *runtime = g_settings_get_string (settings, "default-runtime");
  VsRuntimeKind kind = VS_RUNTIME_KIND_AUTO;
  gint64 usec;

  vs_session_set_name (session, _("Express vs FastAPI"));
  vs_load_profile_set_connections (profile, g_settings_get_uint (settings, "default-connections"));
  if (vs_parse_duration (duration, &usec, NULL) && usec > 0)
    vs_load_profile_set_duration_us (profile, usec);
  if (vs_parse_duration (warmup, &usec, NULL) && usec >= 0)
    vs_load_profile_set_warmup_us (profile, usec);
  vs_session_set_trials (session, g_settings_get_uint (settings, "default-trials"));

  /* "auto" stays auto: the cards say what it stands for, and the run
   * resolves it with the same monitor */
  if (!vs_runtime_kind_from_string (runtime, &kind))
    kind = VS_RUNTIME_KIND_AUTO;
  for (guint i = 0; i < vs_session_get_targets (session)->len; i++)
    vs_target_set_runtime (g_ptr_array_index (vs_session_get_targets (session), i), kind);
  vs_session_set_modified (session, FALSE);
  return g_steal_pointer (&session);
}

/* ------------------------------------------------------------------------ */
/* running                                                                   */

gboolean
vs_window_get_running (VsWindow *self)
{
  g_return_val_if_fail (VS_IS_WINDOW (self), FALSE);
  return self->runner != NULL;
}

static void
update_actions (VsWindow *self)
{
  gboolean running = self->runner != NULL;
  gboolean valid = vs_setup_page_get_valid (self->setup_page);
  const char *reason = vs_setup_page_get_invalid_reason (self->setup_page);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start", !running && valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.continue", !running && valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-recent", !running);
  gtk_stack_set_visible_child_name (self->start_stop_stack, running ? "stop" : "start");

  /* Start says why it cannot start */
  if (!valid)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), reason ? reason : _("The setup is not complete"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), _("Run the comparison (Ctrl+Enter)"));
  vs_setup_page_set_locked (self->setup_page, running);
}

/* "3 of 16 trials finished; FastAPI trial 2 was cancelled after 2.1 s
 * of measuring, its partial data kept as a cancelled trial" */
static char *
describe_stop (VsWindow  *self,
               GPtrArray *results,
               guint      ok)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* Translators: trials that finished, of those the run planned */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u of %u trial finished",
                                             "%u of %u trials finished", self->run_planned),
                          ok, self->run_planned);
  for (guint i = self->run_first_result; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);

      if (r->status != VS_RUN_STATUS_CANCELLED)
        continue;
      g_string_append (text, "; ");
      if (r->duration_s > 0)
        /* Translators: a target, its trial number, the seconds it had measured */
        g_string_append_printf (text, _("%s trial %u was cancelled after %.1f s of measuring, its "
                                        "partial data kept as a cancelled trial"),
                                r->target_label, r->trial + 1, r->duration_s);
      else
        g_string_append_printf (text, _("%s trial %u was cancelled before it measured"),
                                r->target_label, r->trial + 1);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
earlier_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     VsWindow         *self)
{
  g_autoptr(VsSessionResults) earlier = g_steal_pointer (&self->earlier_results);

  if (earlier == NULL || self->runner != NULL)
    return;
  if (g_strcmp0 (response, "keep") != 0)
    {
      vs_session_restore_results (self->session, g_steal_pointer (&earlier));
      vs_window_add_toast (self, _("The earlier results are back; the stopped run is in the History"));
    }
}

/* A stopped run took the place of a finished comparison: which to keep? */
static void
ask_keep_earlier (VsWindow *self,
                  guint     stopped_ok)
{
  guint earlier_ok = vs_session_results_count_ok (self->earlier_results);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: trials that finished in the earlier comparison, then in the stopped run */
  body = g_strdup_printf (_("The earlier comparison has %u finished trials; the stopped run has %u. "
                            "The stopped run stays in the History either way."),
                          earlier_ok, stopped_ok);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Keep the Earlier Results?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("Keep the _Stopped Run"),
                                    "restore", _("_Restore Earlier Results"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  g_signal_connect_object (dialog, "response", G_CALLBACK (earlier_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsRunner) runner = VS_RUNNER (g_object_ref (object));
  GPtrArray *results = vs_session_get_results (vs_runner_get_session (runner));
  gboolean stopped = FALSE;
  guint failed = 0;
  guint ok = 0;

  if (self->runner == runner)
    {
      g_clear_object (&self->runner);
      g_clear_object (&self->run_cancellable);
    }
  /* this run's trials */
  for (guint i = self->run_first_result; i < results->len; i++)
    {
      VsRunStatus status = ((VsRunResult *) g_ptr_array_index (results, i))->status;

      ok += status == VS_RUN_STATUS_OK;
      failed += status == VS_RUN_STATUS_FAILED;
    }

  if (!vs_runner_run_finish (runner, result, &error))
    {
      stopped = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      if (stopped)
        {
          g_autofree char *text = describe_stop (self, results, ok);
          /* Translators: then what was kept, e.g. "3 of 16 trials finished; …" */
          g_autofree char *toast = g_strdup_printf (_("Stopped: %s"), text);

          vs_live_page_finish (self->live_page, VS_LIVE_OUTCOME_STOPPED,
                               self->run_planned ? (double) ok / self->run_planned : 0.0, text);
          vs_window_add_toast (self, toast);
        }
      else
        {
          vs_live_page_finish (self->live_page, VS_LIVE_OUTCOME_FAILED, 0.0, error->message);
          show_error (self, _("The Comparison Could Not Run"), error->message);
        }
    }
  else
    vs_live_page_finish (self->live_page, VS_LIVE_OUTCOME_DONE, 1.0, NULL);

  if (failed > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u trial failed: see Results",
                                                            "%u trials failed: see Results", failed), failed);
      vs_window_add_toast (self, text);
    }

  /* a finished comparison is replaced only by another that finished, or
   * when the user says so */
  if (self->earlier_results != NULL)
    {
      if (error != NULL && vs_session_results_count_ok (self->earlier_results) > 0)
        ask_keep_earlier (self, ok);
      else
        g_clear_pointer (&self->earlier_results, vs_session_results_free);
    }

  update_actions (self);
  vs_results_page_refresh (self->results_page);
  vs_history_page_reload (self->history_page);
  if (results->len > 0 && error == NULL)
    adw_view_stack_set_visible_child_name (self->stack, "results");

  /* told to quit (SIGINT, SIGTERM): the run has wound down, its servers
   * are stopped and its trials are in the History */
  if (self->close_when_stopped)
    gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * vs_window_quit:
 *
 * Ends the window without asking, as when Versus is told to quit by a
 * signal: a running comparison is stopped first, as Stop does (its servers
 * stopped, its finished trials and the cancelled one kept in the History),
 * then the window goes. Unsaved changes to the session are not kept.
 */
void
vs_window_quit (VsWindow *self)
{
  g_return_if_fail (VS_IS_WINDOW (self));

  self->close_confirmed = TRUE;
  if (self->runner != NULL)
    {
      self->close_when_stopped = TRUE;
      if (self->run_cancellable != NULL)
        g_cancellable_cancel (self->run_cancellable);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
run_session (VsWindow *self)
{
  VsApplication *app = VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  g_autoptr(GArray) plan = vs_session_plan_pending (self->session);

  self->run_planned = plan->len;
  self->run_first_result = vs_session_get_results (self->session)->len;
  self->runner = vs_runner_new (self->session);
  vs_runner_set_runtime_monitor (self->runner,
                                 vs_setup_page_get_runtime_monitor (self->setup_page));
  if (app != NULL)
    vs_runner_set_history (self->runner, vs_application_get_history (app));
  self->run_cancellable = g_cancellable_new ();
  vs_live_page_attach_runner (self->live_page, self->runner);
  adw_view_stack_set_visible_child_name (self->stack, "live");
  update_actions (self);
  vs_runner_run_async (self->runner, self->run_cancellable, run_done_cb, g_object_ref (self));
}

/* Starts the comparison anew (@more == 0) or continues it with @more
 * trials per target; run_or_ask() validated the session (the trust
 * dialog is modal, so it is still the one validated). */
static void
begin_run (VsWindow *self,
           guint     more)
{
  g_autoptr(GError) error = NULL;

  if (self->runner != NULL)
    return;
  if (more > 0 && !vs_session_continue (self->session, more, &error))
    {
      vs_window_add_toast (self, error->message);
      return;
    }

  if (more == 0)
    {
      /* a session holds its latest comparison; the history keeps them all.
       * The earlier one is kept aside until this one finishes. */
      g_clear_pointer (&self->earlier_results, vs_session_results_free);
      if (vs_session_get_results (self->session)->len > 0)
        self->earlier_results = vs_session_take_results (self->session);
      else
        vs_session_clear_results (self->session);
    }
  run_session (self);
}

static void
record_trust_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;

  if (vs_trust_record (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
record_trust_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Translators: %s says why; the run goes on */
      g_autofree char *text = g_strdup_printf (_("Not remembered as agreed to (%s): it will be asked "
                                                 "about again"), error->message);

      vs_window_add_toast (VS_WINDOW (object), text);
    }
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   VsWindow         *self)
{
  VsSession *session = g_object_get_data (G_OBJECT (dialog), "session");
  guint more = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "more"));
  g_autoptr(GTask) task = NULL;

  /* the session may have been replaced while the dialog was open */
  if (g_strcmp0 (response, "run") != 0 || session != self->session)
    return;

  vs_session_set_trusted (self->session, TRUE);
  task = g_task_new (self, NULL, record_trust_cb, NULL);
  g_task_set_task_data (task, vs_trust_fingerprint (self->session), g_free);
  g_task_run_in_thread (task, record_trust_thread);
  begin_run (self, more);
}

/* A file from elsewhere says what Start will run, and is asked about once */
static void
ask_trust (VsWindow *self,
           guint     more)
{
  gboolean flagged = FALSE;
  g_autoptr(GPtrArray) lines = vs_trust_describe (self->session,
                                                  vs_setup_page_get_templates (self->setup_page),
                                                  &flagged);
  GFile *file = vs_session_get_file (self->session);
  g_autofree char *name = file ? g_file_get_basename (file) : g_strdup (vs_session_get_name (self->session));
  GtkWidget *dialog = vs_trust_dialog_new (GTK_WINDOW (self), name, lines, flagged);

  g_object_set_data_full (G_OBJECT (dialog), "session", g_object_ref (self->session), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "more", GUINT_TO_POINTER (more));
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
run_or_ask (VsWindow *self,
            guint     more)
{
  g_autoptr(GError) error = NULL;

  if (self->runner != NULL)
    return;
  /* refused for what it is before it is asked about */
  if (!vs_session_validate (self->session, &error) || !vs_session_check_here (self->session, &error))
    {
      vs_window_add_toast (self, error->message);
      return;
    }
  if (!vs_session_get_trusted (self->session))
    ask_trust (self, more);
  else
    begin_run (self, more);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  run_or_ask (VS_WINDOW (widget), 0);
}

/* More trials for the comparison the session holds (its results stay) */
static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  guint more = g_variant_get_uint32 (parameter);

  if (more == 0)
    return;
  run_or_ask (VS_WINDOW (widget), more);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);

  if (self->run_cancellable)
    g_cancellable_cancel (self->run_cancellable);
}

/* ------------------------------------------------------------------------ */
/* files                                                                     */

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) SESSION_MIME_TYPE,
    .app_name = (char *) g_get_application_name (),
    .app_exec = (char *) "versus %u",
    .groups = NULL,
    .is_private = FALSE,
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static void
rebuild_recent (VsWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint n = 0;

  g_menu_remove_all (self->recent_submenu);
  for (GList *l = items; l && n < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GMenuItem) item = NULL;

      if (!g_str_has_suffix (uri, ".versus") || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_submenu, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Sessions"), "win.none");
      g_menu_append_item (self->recent_submenu, item);
    }
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) session = vs_session_load_finish (result, &error);

  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("The Session Could Not Be Opened"), error->message);
      return;
    }

  vs_window_set_session (self, session);
  add_recent (vs_session_get_file (session));
  rebuild_recent (self);
  adw_view_stack_set_visible_child_name (self->stack,
                                         vs_session_get_results (session)->len > 0 ? "results" : "setup");
}

void
vs_window_open_file (VsWindow *self,
                     GFile    *file)
{
  g_return_if_fail (VS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (vs_file_is_study (file))
    {
      vs_study_window_open (VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), file);
      return;
    }
  vs_session_load_async (file, self->cancellable, load_cb, g_object_ref (self));
}

static GtkFileFilter *
session_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Versus sessions and studies"));
  gtk_file_filter_add_pattern (filter, "*.versus");
  gtk_file_filter_add_mime_type (filter, SESSION_MIME_TYPE);
  gtk_file_filter_add_pattern (filter, "*.versus-study");
  gtk_file_filter_add_mime_type (filter, "application/x-versus-study");
  return filter;
}

/* An untouched window takes what is opened; otherwise a new window does */
static VsWindow *
window_for_opening (VsWindow *self)
{
  VsWindow *target = self;

  if (self->runner != NULL || vs_session_get_modified (self->session) ||
      vs_session_get_results (self->session)->len > 0 || vs_session_get_file (self->session) != NULL)
    {
      target = vs_window_new (VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
      gtk_window_present (GTK_WINDOW (target));
    }
  return target;
}

/* History's "Open Run": the comparison as it ran, with its results */
static void
history_open_session_cb (VsWindow  *self,
                         VsSession *session)
{
  VsWindow *target = window_for_opening (self);

  vs_window_set_session (target, session);
  adw_view_stack_set_visible_child_name (target->stack, "results");
  vs_window_add_toast (target, _("Opened from the History: limits, environment and headers are not kept there"));
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  VsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      vs_window_open_file (window_for_opening (self), file);
    }
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = session_filter ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Open a Session"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Results' "Compare with Earlier Runs": this comparison's runs in the History */
static void
compare_earlier_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);

  vs_history_page_show_session (self->history_page, vs_session_get_name (self->session));
  adw_view_stack_set_visible_child_name (self->stack, "history");
}

/* "Open" on a toast about a file Versus wrote: the desktop's own viewer */
static void
show_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  vs_window_open_file (self, file);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vs_session_save_finish (VS_SESSION (object), result, &error))
    {
      self->close_after_save = FALSE;
      show_error (self, _("The Session Could Not Be Saved"), error->message);
      return;
    }

  add_recent (vs_session_get_file (VS_SESSION (object)));
  rebuild_recent (self);
  update_title (self);
  vs_window_add_toast (self, _("Saved"));
  if (self->close_after_save)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
save_to (VsWindow *self,
         GFile    *file)
{
  vs_session_save_async (self->session, file, NULL, save_cb, g_object_ref (self));
}

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     VsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *name = g_file_get_basename (chosen);
      g_autoptr(GFile) file = NULL;

      if (g_str_has_suffix (name, ".versus"))
        file = g_object_ref (chosen);
      else
        {
          g_autoptr(GFile) parent = g_file_get_parent (chosen);
          g_autofree char *with_suffix = g_strconcat (name, ".versus", NULL);

          file = g_file_get_child (parent, with_suffix);
        }
      save_to (self, file);
    }
  else
    self->close_after_save = FALSE;
  g_clear_object (&self->chooser);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = session_filter ();
  g_autofree char *name = g_strdup_printf ("%s.versus", vs_session_get_name (self->session));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Session"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_as_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  GFile *file = vs_session_get_file (self->session);

  if (file != NULL)
    save_to (self, file);
  else
    save_as_action (widget, "win.save-as", NULL);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VsWindow *window = vs_window_new (VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (widget))));

  gtk_window_present (GTK_WINDOW (window));
}

/* A bundled study (the parameter: its preset) in a new study window */
static void
new_study_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsStudy) study = vs_study_new_preset (g_variant_get_string (parameter, NULL), &error);
  VsStudyWindow *window;

  if (study == NULL)
    {
      vs_window_add_toast (self, error->message);
      return;
    }
  window = vs_study_window_new (VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), study, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

/* Every Node.js template against every Python one, on the scenario this
 * window's first target uses: in a new window, as a ready session */
static void
new_field_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VsWindow *self = VS_WINDOW (widget);
  GPtrArray *templates = vs_setup_page_get_templates (self->setup_page);
  GPtrArray *targets = self->session ? vs_session_get_targets (self->session) : NULL;
  const char *scenario = targets && targets->len ? ((VsTarget *) g_ptr_array_index (targets, 0))->scenario : NULL;
  g_autoptr(VsSession) session = NULL;
  g_autoptr(GError) error = NULL;
  VsWindow *window;

  session = vs_session_new_field (templates, scenario, &error);
  if (session == NULL && g_error_matches (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT))
    {
      /* a scenario not every template has: their first one */
      g_clear_error (&error);
      session = vs_session_new_field (templates, NULL, &error);
    }
  if (session == NULL)
    {
      g_autofree char *text = vs_capitalize (error->message);

      vs_window_add_toast (self, text);
      return;
    }

  window = vs_window_new (VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  vs_window_set_session (window, session);
  gtk_window_present (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------------ */
/* closing                                                                   */

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   VsWindow         *self)
{
  if (g_str_equal (response, "discard"))
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (g_str_equal (response, "save"))
    {
      self->close_after_save = TRUE;
      save_action (GTK_WIDGET (self), "win.save", NULL);
    }
}

static gboolean
vs_window_close_request (GtkWindow *window)
{
  VsWindow *self = VS_WINDOW (window);
  GSettings *settings = NULL;
  GtkApplication *app = gtk_window_get_application (window);
  GtkWidget *dialog;
  int width, height;

  if (!self->close_confirmed && (vs_session_get_modified (self->session) || self->runner != NULL))
    {
      dialog = adw_message_dialog_new (window, _("Save Changes?"), NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      self->runner != NULL
                                      ? _("A comparison is running. Closing stops it; the results so far and your changes are lost unless saved.")
                                      : _("“%s” has changes that are not saved."),
                                      vs_session_get_name (self->session));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "discard", _("_Discard"),
                                        "save", _("_Save"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  /* nothing left running behind a closed window */
  if (self->run_cancellable)
    g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->cancellable);

  if (app != NULL && VS_IS_APPLICATION (app))
    settings = vs_application_get_settings (VS_APPLICATION (app));
  if (settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (vs_window_parent_class)->close_request (window);
}

/* ------------------------------------------------------------------------ */

GtkWidget *
vs_window_get_page (VsWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (VS_IS_WINDOW (self), NULL);
  return adw_view_stack_get_child_by_name (self->stack, name);
}

void
vs_window_show_page (VsWindow   *self,
                     const char *name)
{
  g_return_if_fail (VS_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}

static void
setup_validity_cb (VsWindow *self)
{
  update_actions (self);
}

static void
vs_window_dispose (GObject *object)
{
  VsWindow *self = VS_WINDOW (object);

  if (self->run_cancellable)
    g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->cancellable);
  if (self->session)
    g_clear_signal_handler (&self->session_changed_id, self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_WINDOW);
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (vs_window_parent_class)->dispose (object);
}

static void
vs_window_finalize (GObject *object)
{
  VsWindow *self = VS_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->runner);
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->earlier_results, vs_session_results_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vs_window_parent_class)->finalize (object);
}

static void
vs_window_class_init (VsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vs_window_dispose;
  object_class->finalize = vs_window_finalize;
  window_class->close_request = vs_window_close_request;

  g_type_ensure (VS_TYPE_SETUP_PAGE);
  g_type_ensure (VS_TYPE_LIVE_PAGE);
  g_type_ensure (VS_TYPE_RESULTS_PAGE);
  g_type_ensure (VS_TYPE_HISTORY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/versusbench/Versus/ui/vs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VsWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, file_label);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, start_stop_stack);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, live_page);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, results_page);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, VsWindow, recent_submenu);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.new-field", NULL, new_field_action);
  gtk_widget_class_install_action (widget_class, "win.new-study", "s", new_study_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.show-uri", "s", show_uri_action);
  gtk_widget_class_install_action (widget_class, "win.compare-earlier", NULL, compare_earlier_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.continue", "u", continue_action);
}

static void
vs_window_init (VsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  vs_menu_button_quiet_tooltip (self->menu_button);
  /* the file shows beside Start while the switcher has the title's place */
  g_object_bind_property (self->switcher_title, "title-visible", self->file_label, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  g_signal_connect_object (self->setup_page, "notify::valid", G_CALLBACK (setup_validity_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->setup_page, "notify::invalid-reason", G_CALLBACK (setup_validity_cb),
                           self, G_CONNECT_SWAPPED);
}

VsWindow *
vs_window_new (VsApplication *app)
{
  VsWindow *self = g_object_new (VS_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = vs_application_get_settings (app);
  g_autoptr(VsSession) session = NULL;

  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  session = default_session (self);
  vs_window_set_session (self, session);

  vs_history_page_set_history (self->history_page, vs_application_get_history (app));
  g_signal_connect_object (self->history_page, "open-session", G_CALLBACK (history_open_session_cb),
                           self, G_CONNECT_SWAPPED);
  if (vs_application_get_history_error (app) != NULL)
    vs_window_add_toast (self, vs_application_get_history_error (app)->message);

  rebuild_recent (self);
  return self;
}
