/* vs-build-dialog.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vs-build-dialog.h"

#define UI_RESOURCE "/io/github/versusbench/Versus/ui/vs-build-dialog.ui"

struct _VsBuildDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkButton      *cancel_button;
  GtkTextView    *log_view;
  GtkSpinner     *spinner;
  GtkImage       *status_icon;
  GtkLabel       *status_label;

  /* Owned */
  VsRuntime      *runtime;
  VsTemplate     *template;
  GtkTextBuffer  *buffer;
  GtkTextMark    *end_mark;
  GCancellable   *cancellable;
  char           *status;

  guint           running : 1;
  guint           finished : 1;
  guint           disposed : 1;
};

G_DEFINE_FINAL_TYPE (VsBuildDialog, vs_build_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (VsBuildDialog *self,
            const char    *icon_name,
            const char    *css_class,
            const char    *text)
{
  g_assert (VS_IS_BUILD_DIALOG (self));

  g_free (self->status);
  self->status = g_strdup (text);

  /* a closed window outlives its widgets while the build winds down */
  if (self->disposed)
    return;

  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  if (css_class != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css_class);
    }

  gtk_spinner_set_spinning (self->spinner, self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->status_icon, icon_name);
}

static void
append_line (VsBuildDialog *self,
             const char    *line)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_insert (self->buffer, &end, line, -1);
  gtk_text_buffer_insert (self->buffer, &end, "\n", 1);

  /* follow the log; a window already closed only keeps the text */
  if (!self->disposed)
    gtk_text_view_scroll_mark_onscreen (self->log_view, self->end_mark);
}

/* The outcome, in full, at the end of the log. */
static void
append_outcome (VsBuildDialog *self,
                const char    *text)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_insert (self->buffer, &end, "\n", 1);
  gtk_text_buffer_insert_with_tags_by_name (self->buffer, &end, text, -1, "outcome", NULL);
  gtk_text_buffer_insert (self->buffer, &end, "\n", 1);
  if (!self->disposed)
    gtk_text_view_scroll_mark_onscreen (self->log_view, self->end_mark);
}

static void
log_line_cb (const char *line,
             gpointer    user_data)
{
  VsBuildDialog *self = user_data;

  g_assert (VS_IS_BUILD_DIALOG (self));

  append_line (self, line);
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VsBuildDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *image = NULL;
  g_autofree char *text = NULL;
  gboolean success;

  image = vs_runtime_build_finish (VS_RUNTIME (object), result, &error);
  success = image != NULL;

  self->running = FALSE;
  self->finished = TRUE;
  g_clear_object (&self->cancellable);

  if (success)
    {
      text = g_strdup_printf (_("Built %s: %s"), self->template->title, image);
      set_status (self, "emblem-ok-symbolic", "success", text);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_status (self, "process-stop-symbolic", NULL, _("The build was cancelled."));
  else
    {
      text = g_strdup_printf (_("The build failed: %s"), error->message);
      set_status (self, "dialog-error-symbolic", "error", text);
    }
  append_outcome (self, self->status);

  if (!self->disposed)
    {
      /* nothing left to cancel: the window's own close button closes it */
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      adw_window_title_set_subtitle (self->window_title, success ? _("Done") : _("Not built"));
    }

  g_signal_emit (self, signals[FINISHED], 0, success);
}

static void
cancel_clicked_cb (VsBuildDialog *self)
{
  g_assert (VS_IS_BUILD_DIALOG (self));

  if (self->running)
    vs_build_dialog_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
vs_build_dialog_close_request (GtkWindow *window)
{
  VsBuildDialog *self = VS_BUILD_DIALOG (window);

  /* closing stops the build: the log has nowhere left to go */
  if (self->running)
    vs_build_dialog_cancel (self);

  return GTK_WINDOW_CLASS (vs_build_dialog_parent_class)->close_request (window);
}

static void
vs_build_dialog_dispose (GObject *object)
{
  VsBuildDialog *self = VS_BUILD_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->disposed = TRUE;

  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_BUILD_DIALOG);

  G_OBJECT_CLASS (vs_build_dialog_parent_class)->dispose (object);
}

static void
vs_build_dialog_finalize (GObject *object)
{
  VsBuildDialog *self = VS_BUILD_DIALOG (object);

  g_clear_object (&self->runtime);
  g_clear_pointer (&self->template, vs_template_unref);
  g_clear_object (&self->buffer);
  g_clear_object (&self->cancellable);
  g_free (self->status);

  G_OBJECT_CLASS (vs_build_dialog_parent_class)->finalize (object);
}

static void
vs_build_dialog_class_init (VsBuildDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vs_build_dialog_dispose;
  object_class->finalize = vs_build_dialog_finalize;
  window_class->close_request = vs_build_dialog_close_request;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, UI_RESOURCE);
  gtk_widget_class_bind_template_child (widget_class, VsBuildDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VsBuildDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VsBuildDialog, log_view);
  gtk_widget_class_bind_template_child (widget_class, VsBuildDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VsBuildDialog, status_icon);
  gtk_widget_class_bind_template_child (widget_class, VsBuildDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
vs_build_dialog_init (VsBuildDialog *self)
{
  GtkTextIter end;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->buffer = g_object_ref (gtk_text_view_get_buffer (self->log_view));
  gtk_text_buffer_create_tag (self->buffer, "outcome", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  self->end_mark = gtk_text_buffer_create_mark (self->buffer, "end", &end, FALSE);
}

VsBuildDialog *
vs_build_dialog_new (VsRuntime  *runtime,
                     VsTemplate *template)
{
  VsBuildDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (VS_IS_RUNTIME (runtime), NULL);
  g_return_val_if_fail (template != NULL, NULL);

  self = g_object_new (VS_TYPE_BUILD_DIALOG, NULL);
  self->runtime = g_object_ref (runtime);
  self->template = vs_template_ref (template);

  title = g_strdup_printf (_("Build %s"), template->title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, vs_runtime_get_name (runtime));

  return self;
}

/* Starts the build; the dialog stays alive until it is over. */
void
vs_build_dialog_start (VsBuildDialog *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (VS_IS_BUILD_DIALOG (self));
  g_return_if_fail (!self->running && !self->finished);

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();

  if (vs_runtime_get_kind (self->runtime) == VS_RUNTIME_KIND_PROCESS)
    text = g_strdup_printf (_("Installing what the %s template needs…"), self->template->title);
  else
    {
      g_autofree char *tag = vs_target_template_image (self->template->name);

      text = g_strdup_printf (_("Building %s with %s…"), tag, vs_runtime_get_name (self->runtime));
    }
  set_status (self, NULL, NULL, text);
  adw_window_title_set_subtitle (self->window_title, vs_runtime_get_name (self->runtime));

  vs_runtime_build_async (self->runtime, self->template, NULL, NULL,
                          log_line_cb, self, self->cancellable,
                          build_cb, g_object_ref (self));
}

void
vs_build_dialog_cancel (VsBuildDialog *self)
{
  g_return_if_fail (VS_IS_BUILD_DIALOG (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  if (!self->disposed)
    gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  set_status (self, NULL, NULL, _("Cancelling…"));
}

gboolean
vs_build_dialog_get_running (VsBuildDialog *self)
{
  g_return_val_if_fail (VS_IS_BUILD_DIALOG (self), FALSE);
  return self->running;
}

/* The line under the log: what is going on, or how it ended (errors in full). */
const char *
vs_build_dialog_get_status (VsBuildDialog *self)
{
  g_return_val_if_fail (VS_IS_BUILD_DIALOG (self), NULL);
  return self->status;
}

char *
vs_build_dialog_dup_log (VsBuildDialog *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (VS_IS_BUILD_DIALOG (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}
