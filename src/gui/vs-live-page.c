/* vs-live-page.c — requests/s, latency, CPU and memory as a comparison runs
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vs-chart.h"
#include "vs-gui-util.h"
#include "vs-live-page.h"
#include "vs-util.h"

#define MAX_LOG_CHARS (256 * 1024)

enum {
  CHART_RPS,
  CHART_LATENCY,
  CHART_CPU,
  CHART_MEMORY,
  N_CHARTS
};

struct _VsLivePage
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkStack       *stack;
  GtkLabel       *phase_label;
  GtkLabel       *detail_label;
  GtkBox         *errors_box;
  GtkProgressBar *progress_bar;
  GtkGrid        *chart_grid;
  GtkTextView    *log_view;
  GtkButton      *target_log_button;

  VsChart        *charts[N_CHARTS];
  GtkToggleButton *log_toggle;

  VsRunner       *runner;
  GSignalGroup   *runner_signals;   /* the runner shown, while it is */
  VsSession      *session;
  GPtrArray      *error_labels;   /* per target (element-type GtkLabel) */
  GArray         *errors;         /* per target guint64 */
  GArray         *current_trial;  /* per target: the trial its series show, or -1 */
  guint           n_targets;
};

G_DEFINE_FINAL_TYPE (VsLivePage, vs_live_page, ADW_TYPE_BIN)

static void
append_log (VsLivePage *self,
            const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  gtk_text_buffer_insert (buffer, &end, "\n", 1);
  /* follow the new lines */
  gtk_text_view_scroll_to_mark (self->log_view, gtk_text_buffer_get_insert (buffer), 0.0, FALSE, 0, 0);

  /* keep the tail */
  if (gtk_text_buffer_get_char_count (buffer) > MAX_LOG_CHARS)
    {
      GtkTextIter start, cut;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_offset (buffer, &cut, gtk_text_buffer_get_char_count (buffer) - MAX_LOG_CHARS / 2);
      gtk_text_buffer_delete (buffer, &start, &cut);
    }
}

static GtkWidget *
chart_card (VsLivePage *self,
            guint       which,
            VsChartKind kind,
            const char *title,
            VsUnit      y_unit,
            GtkWidget  *extra)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *chart = vs_chart_new (kind);

  vs_chart_set_title (VS_CHART (chart), title);
  vs_chart_set_units (VS_CHART (chart), VS_UNIT_SECONDS, y_unit);
  gtk_widget_set_vexpand (chart, TRUE);
  gtk_widget_set_hexpand (chart, TRUE);
  gtk_widget_set_size_request (chart, -1, 220);
  self->charts[which] = VS_CHART (chart);

  if (extra != NULL)
    {
      gtk_widget_set_halign (extra, GTK_ALIGN_END);
      gtk_widget_set_margin_top (extra, 6);
      gtk_widget_set_margin_end (extra, 6);
      gtk_box_append (GTK_BOX (box), extra);
    }
  gtk_box_append (GTK_BOX (box), chart);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "chart-card");
  return box;
}

static void
log_toggled_cb (VsLivePage *self)
{
  vs_chart_set_y_log (self->charts[CHART_LATENCY], gtk_toggle_button_get_active (self->log_toggle));
}

static VsTarget *
target_at (VsLivePage *self,
           guint       index)
{
  return g_ptr_array_index (vs_session_get_targets (self->session), index);
}

/* Series: requests/s, CPU and memory have one per target; latency two
 * (p99 solid, p50 dashed), in the target's colour. */
static void
build_series (VsLivePage *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkWidget *child;

  for (guint c = 0; c < N_CHARTS; c++)
    vs_chart_clear (self->charts[c]);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->errors_box))))
    gtk_box_remove (self->errors_box, child);
  g_ptr_array_set_size (self->error_labels, 0);

  self->n_targets = self->session ? vs_session_get_targets (self->session)->len : 0;
  g_array_set_size (self->errors, self->n_targets);
  g_array_set_size (self->current_trial, self->n_targets);

  for (guint t = 0; t < self->n_targets; t++)
    {
      const char *label = target_at (self, t)->label;
      /* Translators: a chart series, a target's latency percentile: "Express p99" */
      g_autofree char *p99 = g_strdup_printf (_("%s p99"), label);
      /* Translators: a chart series, a target's latency percentile: "Express p50" */
      g_autofree char *p50 = g_strdup_printf (_("%s p50"), label);
      GdkRGBA color;
      GtkWidget *errors;
      guint s;

      vs_chart_target_color (t, dark, &color);
      vs_chart_add_series (self->charts[CHART_RPS], label, &color);
      vs_chart_add_series (self->charts[CHART_LATENCY], p99, &color);
      s = vs_chart_add_series (self->charts[CHART_LATENCY], p50, &color);
      vs_chart_series_set_dashed (self->charts[CHART_LATENCY], s, TRUE);
      vs_chart_add_series (self->charts[CHART_CPU], label, &color);
      vs_chart_add_series (self->charts[CHART_MEMORY], label, &color);

      g_array_index (self->errors, guint64, t) = 0;
      g_array_index (self->current_trial, int, t) = -1;
      errors = gtk_label_new (NULL);
      gtk_widget_add_css_class (errors, "numeric");
      gtk_box_append (self->errors_box, errors);
      g_ptr_array_add (self->error_labels, errors);
    }
}

static void
update_errors (VsLivePage *self,
               guint       target)
{
  g_autofree char *text = NULL;
  guint64 n = g_array_index (self->errors, guint64, target);
  GtkWidget *label = g_ptr_array_index (self->error_labels, target);

  /* Translators: a target and its errors so far: "Express: 3 errors" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %llu error", "%s: %llu errors", n),
                          target_at (self, target)->label, (unsigned long long) n);
  gtk_label_set_text (GTK_LABEL (label), text);
  if (n > 0)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

/* A trial starts its target's lines afresh: the charts overlay the
 * targets' latest trials, x in seconds from each trial's start. */
static void
start_trial_series (VsLivePage *self,
                    guint       target,
                    int         trial)
{
  if (g_array_index (self->current_trial, int, target) == trial)
    return;
  g_array_index (self->current_trial, int, target) = trial;
  vs_chart_series_set_data (self->charts[CHART_RPS], target, NULL, NULL, 0);
  vs_chart_series_set_data (self->charts[CHART_LATENCY], 2 * target, NULL, NULL, 0);
  vs_chart_series_set_data (self->charts[CHART_LATENCY], 2 * target + 1, NULL, NULL, 0);
  vs_chart_series_set_data (self->charts[CHART_CPU], target, NULL, NULL, 0);
  vs_chart_series_set_data (self->charts[CHART_MEMORY], target, NULL, NULL, 0);
}

static void
add_point (VsLivePage       *self,
           guint             target,
           const VsRunPoint *p)
{
  if (isfinite (p->requests_per_s))
    vs_chart_series_append (self->charts[CHART_RPS], target, p->t_s, p->requests_per_s);
  if (isfinite (p->p99_ms))
    vs_chart_series_append (self->charts[CHART_LATENCY], 2 * target, p->t_s, p->p99_ms);
  if (isfinite (p->p50_ms))
    vs_chart_series_append (self->charts[CHART_LATENCY], 2 * target + 1, p->t_s, p->p50_ms);
  if (isfinite (p->cpu_percent))
    vs_chart_series_append (self->charts[CHART_CPU], target, p->t_s, p->cpu_percent);
  if (isfinite (p->memory_bytes))
    vs_chart_series_append (self->charts[CHART_MEMORY], target, p->t_s, p->memory_bytes);
}

/* runner signals ---------------------------------------------------------- */

static void
progress_cb (VsRunner               *runner,
             const VsRunnerProgress *p,
             VsLivePage             *self)
{
  g_autofree char *elapsed = vs_format_span ((gint64) (p->elapsed_s * G_USEC_PER_SEC));
  g_autofree char *remaining = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *phase = NULL;
  const char *label = p->target_index < self->n_targets ? target_at (self, p->target_index)->label : "";

  if (p->phase == VS_RUNNER_PHASE_DONE)
    {
      gtk_label_set_text (self->phase_label, _("Done"));
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      detail = g_strdup_printf (_("%u trials in %s"), p->n_steps, elapsed);
      gtk_label_set_text (self->detail_label, detail);
      return;
    }

  if (p->phase < VS_RUNNER_PHASE_STARTING)
    {
      gtk_label_set_text (self->phase_label, p->phase == VS_RUNNER_PHASE_PREPARING
                                             ? _("Preparing the runtimes")
                                             : _("Checking that every target answers alike"));
      gtk_progress_bar_pulse (self->progress_bar);
      gtk_label_set_text (self->detail_label, elapsed);
      return;
    }

  /* Translators: e.g. "Measuring Express", "Warm-up of FastAPI" */
  switch (p->phase)
    {
    case VS_RUNNER_PHASE_STARTING: phase = g_strdup_printf (_("Starting %s"), label); break;
    case VS_RUNNER_PHASE_WARMUP: phase = g_strdup_printf (_("Warming up %s"), label); break;
    case VS_RUNNER_PHASE_MEASURING: phase = g_strdup_printf (_("Measuring %s"), label); break;
    case VS_RUNNER_PHASE_STOPPING: phase = g_strdup_printf (_("Stopping %s"), label); break;
    case VS_RUNNER_PHASE_COOLDOWN: phase = g_strdup (_("Cooling down")); break;
    case VS_RUNNER_PHASE_PREPARING:
    case VS_RUNNER_PHASE_CHECKING:
    case VS_RUNNER_PHASE_DONE:
    default: phase = g_strdup (""); break;
    }
  gtk_label_set_text (self->phase_label, phase);

  remaining = isfinite (p->remaining_s) ? vs_format_span ((gint64) (p->remaining_s * G_USEC_PER_SEC))
                                        : g_strdup ("?");
  detail = g_strdup_printf (_("Trial %u of %u · %s elapsed · about %s left"),
                            p->step + 1, p->n_steps, elapsed, remaining);
  gtk_label_set_text (self->detail_label, detail);
  if (isfinite (p->remaining_s) && p->elapsed_s + p->remaining_s > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, p->elapsed_s / (p->elapsed_s + p->remaining_s));

  if (p->phase == VS_RUNNER_PHASE_STARTING && p->target_index < self->n_targets)
    start_trial_series (self, p->target_index, p->trial);
}

static void
point_cb (VsRunner         *runner,
          guint             target,
          const VsRunPoint *point,
          VsLivePage       *self)
{
  VsRunPoint p = *point;

  if (target >= self->n_targets)
    return;
  /* the live charts show the load; CPU and memory have their own samples */
  p.cpu_percent = NAN;
  p.memory_bytes = NAN;
  add_point (self, target, &p);
  if (p.errors > 0)
    {
      g_array_index (self->errors, guint64, target) += p.errors;
      update_errors (self, target);
    }
}

static void
sample_cb (VsRunner       *runner,
           guint           target,
           const VsSample *sample,
           VsLivePage     *self)
{
  /* the sampler's clock starts with the trial too; close enough to the load's */
  double t = sample->elapsed_us / 1e6;

  if (target >= self->n_targets)
    return;
  if (sample->cpu_percent >= 0)
    vs_chart_series_append (self->charts[CHART_CPU], target, t, sample->cpu_percent);
  if (sample->memory_bytes >= 0)
    vs_chart_series_append (self->charts[CHART_MEMORY], target, t, (double) sample->memory_bytes);
}

static void
message_cb (VsRunner   *runner,
            const char *text,
            VsLivePage *self)
{
  append_log (self, text);
}

static void
result_cb (VsRunner    *runner,
           VsRunResult *result,
           VsLivePage  *self)
{
  g_autofree char *line = NULL;

  line = g_strdup_printf (_("%s, trial %u: %s — %.0f requests/s, p99 %.2f ms%s%s"),
                          result->target_label, result->trial + 1,
                          vs_run_status_to_string (result->status),
                          result->requests_per_s, result->p99_ms,
                          result->error ? " — " : "", result->error ? result->error : "");
  append_log (self, line);
}

static void
logs_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VsLivePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *logs = vs_instance_logs_finish (VS_INSTANCE (object), result, &error);
  g_autofree char *header = g_strdup_printf (_("— last lines of %s —"),
                                             vs_instance_get_name (VS_INSTANCE (object)));

  append_log (self, header);
  append_log (self, logs ? g_strchomp (logs) : error->message);
}

static void
target_log_clicked_cb (VsLivePage *self)
{
  VsInstance *instance = self->runner ? vs_runner_get_instance (self->runner) : NULL;

  if (instance == NULL)
    {
      append_log (self, _("No target is running now."));
      return;
    }
  vs_instance_logs_async (instance, 40, NULL, logs_cb, g_object_ref (self));
}

static void
disconnect_runner (VsLivePage *self)
{
  if (self->runner_signals != NULL)
    g_signal_group_set_target (self->runner_signals, NULL);
  g_clear_object (&self->runner);
}

/* ------------------------------------------------------------------------ */

/* A reopened session: each target's last stored trial. */
void
vs_live_page_set_session (VsLivePage *self,
                          VsSession  *session)
{
  GPtrArray *results;

  g_return_if_fail (VS_IS_LIVE_PAGE (self));

  disconnect_runner (self);
  g_set_object (&self->session, session);
  build_series (self);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->log_view), "", 0);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);

  results = session ? vs_session_get_results (session) : NULL;
  if (results == NULL || results->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      VsRunResult *r = g_ptr_array_index (results, i);

      if (r->target_index >= self->n_targets)
        continue;
      start_trial_series (self, r->target_index, r->trial);
      for (guint j = 0; j < r->timeline->len; j++)
        {
          const VsRunPoint *p = &g_array_index (r->timeline, VsRunPoint, j);

          add_point (self, r->target_index, p);
          g_array_index (self->errors, guint64, r->target_index) += p->errors;
        }
    }
  for (guint t = 0; t < self->n_targets; t++)
    update_errors (self, t);

  gtk_label_set_text (self->phase_label, _("Last Run"));
  gtk_label_set_text (self->detail_label, _("Each target's latest trial, as saved in the session"));
  gtk_stack_set_visible_child_name (self->stack, "charts");
}

void
vs_live_page_attach_runner (VsLivePage *self,
                            VsRunner   *runner)
{
  g_return_if_fail (VS_IS_LIVE_PAGE (self));
  g_return_if_fail (VS_IS_RUNNER (runner));

  gtk_widget_remove_css_class (GTK_WIDGET (self->phase_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->phase_label), "warning");
  disconnect_runner (self);
  g_set_object (&self->session, vs_runner_get_session (runner));
  self->runner = g_object_ref (runner);
  build_series (self);
  for (guint t = 0; t < self->n_targets; t++)
    update_errors (self, t);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->log_view), "", 0);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->phase_label, _("Preparing"));
  gtk_label_set_text (self->detail_label, "");
  gtk_stack_set_visible_child_name (self->stack, "charts");

  g_signal_group_set_target (self->runner_signals, runner);
}

void
vs_live_page_finish (VsLivePage    *self,
                     VsLiveOutcome  outcome,
                     double         fraction,
                     const char    *text)
{
  g_return_if_fail (VS_IS_LIVE_PAGE (self));

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_widget_remove_css_class (GTK_WIDGET (self->phase_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->phase_label), "warning");
  switch (outcome)
    {
    case VS_LIVE_OUTCOME_DONE:
      gtk_label_set_text (self->phase_label, _("Done"));
      break;
    case VS_LIVE_OUTCOME_STOPPED:
      gtk_label_set_text (self->phase_label, _("Stopped"));
      gtk_widget_add_css_class (GTK_WIDGET (self->phase_label), "warning");
      break;
    case VS_LIVE_OUTCOME_FAILED:
    default:
      gtk_label_set_text (self->phase_label, _("Failed"));
      gtk_widget_add_css_class (GTK_WIDGET (self->phase_label), "error");
      break;
    }
  if (text != NULL)
    {
      gtk_label_set_text (self->detail_label, text);
      append_log (self, text);
    }
}

GtkWidget *
vs_live_page_new (void)
{
  return g_object_new (VS_TYPE_LIVE_PAGE, NULL);
}

static void
vs_live_page_dispose (GObject *object)
{
  VsLivePage *self = VS_LIVE_PAGE (object);

  disconnect_runner (self);
  g_clear_object (&self->runner_signals);
  g_clear_object (&self->session);
  /* the stack is both the bin's child and a template child: let go of it
   * once, here, not twice */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_LIVE_PAGE);

  G_OBJECT_CLASS (vs_live_page_parent_class)->dispose (object);
}

static void
vs_live_page_finalize (GObject *object)
{
  VsLivePage *self = VS_LIVE_PAGE (object);

  g_ptr_array_unref (self->error_labels);
  g_array_unref (self->errors);
  g_array_unref (self->current_trial);

  G_OBJECT_CLASS (vs_live_page_parent_class)->finalize (object);
}

static void
vs_live_page_class_init (VsLivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_live_page_dispose;
  object_class->finalize = vs_live_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/versusbench/Versus/ui/vs-live-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsLivePage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsLivePage, phase_label);
  gtk_widget_class_bind_template_child (widget_class, VsLivePage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, VsLivePage, errors_box);
  gtk_widget_class_bind_template_child (widget_class, VsLivePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VsLivePage, chart_grid);
  gtk_widget_class_bind_template_child (widget_class, VsLivePage, log_view);
  gtk_widget_class_bind_template_child (widget_class, VsLivePage, target_log_button);
  gtk_widget_class_bind_template_callback (widget_class, target_log_clicked_cb);
}

static void
vs_live_page_init (VsLivePage *self)
{
  GtkWidget *toggle;

  self->error_labels = g_ptr_array_new ();
  self->errors = g_array_new (FALSE, TRUE, sizeof (guint64));
  self->current_trial = g_array_new (FALSE, TRUE, sizeof (int));

  gtk_widget_init_template (GTK_WIDGET (self));

  self->runner_signals = g_signal_group_new (VS_TYPE_RUNNER);
  g_signal_group_connect (self->runner_signals, "progress", G_CALLBACK (progress_cb), self);
  g_signal_group_connect (self->runner_signals, "point", G_CALLBACK (point_cb), self);
  g_signal_group_connect (self->runner_signals, "sample", G_CALLBACK (sample_cb), self);
  g_signal_group_connect (self->runner_signals, "message", G_CALLBACK (message_cb), self);
  g_signal_group_connect (self->runner_signals, "result", G_CALLBACK (result_cb), self);

  toggle = gtk_toggle_button_new_with_label (_("Log Latency Axis"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, _("Show latency on a logarithmic axis"));
  self->log_toggle = GTK_TOGGLE_BUTTON (toggle);
  g_signal_connect_object (toggle, "toggled", G_CALLBACK (log_toggled_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->errors_box))), toggle);

  gtk_grid_attach (self->chart_grid, chart_card (self, CHART_RPS, VS_CHART_LINES, _("Requests/s"),
                                                 VS_UNIT_REQUESTS_PER_S, NULL), 0, 0, 1, 1);
  gtk_grid_attach (self->chart_grid, chart_card (self, CHART_LATENCY, VS_CHART_LINES,
                                                 _("Latency (p99 solid, p50 dashed)"),
                                                 VS_UNIT_MILLISECONDS, NULL), 1, 0, 1, 1);
  gtk_grid_attach (self->chart_grid, chart_card (self, CHART_CPU, VS_CHART_LINES, _("CPU (100 % = one core)"),
                                                 VS_UNIT_PERCENT, NULL), 0, 1, 1, 1);
  gtk_grid_attach (self->chart_grid, chart_card (self, CHART_MEMORY, VS_CHART_LINES, _("Memory"),
                                                 VS_UNIT_BYTES, NULL), 1, 1, 1, 1);
}
