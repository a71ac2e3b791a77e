/* vs-study-window.c — a study: start, stop, progress, cells, curves, claims
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vs-chart.h"
#include "vs-gui-util.h"
#include "vs-study-runner.h"
#include "vs-study-window.h"
#include "vs-template.h"
#include "vs-trust.h"
#include "vs-util.h"

#define STUDY_SUFFIX ".versus-study"

struct _VsStudyWindow
{
  AdwApplicationWindow  parent_instance;

  VsStudy              *study;
  GFile                *file;
  GPtrArray            *templates;   /* (nullable) until read */
  VsStudyRunner        *runner;      /* while running */
  GCancellable         *cancellable; /* the run's */
  GCancellable         *lifetime;    /* reading files for this window */
  GtkFileChooserNative *chooser;

  AdwViewSwitcherTitle *switcher_title;
  GtkStack             *start_stop;
  GtkButton            *start_button;
  GtkProgressBar       *progress;
  GtkLabel             *activity;
  GtkLabel             *heading;
  AdwViewStack         *stack;
  GtkListBox           *setup_list;
  GtkListBox           *cells_list;
  GtkListBox           *capacity_list;
  GtkListBox           *claims_list;
  GtkLabel             *claims_note;
  GtkBox               *curves_box;
  AdwToastOverlay      *toasts;

  /* progress over the whole study */
  gint64                total_us;      /* the estimate when Start was pressed */
  gint64                pending_us;    /* at the start of the current step, it included */
  gint64                step_us;       /* the current step's own estimate */
  char                 *step_title;
  int                   running_cell;  /* -1: none */
  GtkLabel             *running_status; /* (nullable) the running cell's status, in its row */
  gboolean              saving;
  gboolean              save_again;
  gboolean              close_after_stop;
};

G_DEFINE_FINAL_TYPE (VsStudyWindow, vs_study_window, ADW_TYPE_APPLICATION_WINDOW)

gboolean
vs_file_is_study (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return name != NULL && g_str_has_suffix (name, STUDY_SUFFIX);
}

static void
toast (VsStudyWindow *self,
       const char    *text)
{
  g_autofree char *capitalized = vs_capitalize (text);
  AdwToast *t = adw_toast_new (capitalized);

  adw_toast_set_timeout (t, 0);
  adw_toast_overlay_add_toast (self->toasts, t);
}

/* ---------------------------------------------------------------------- */
/* the views                                                               */

static GtkWidget *
label_new (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A row of a boxed list: a title, lines under it, a status on the right */
static GtkWidget *
row_new (const char  *title,
         const char  *detail,
         const char  *status,
         const char  *status_class,
         const char  *name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *status_label;

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), label_new (title, "heading"));
  if (detail != NULL && *detail != '\0')
    gtk_box_append (GTK_BOX (text), label_new (detail, "dim-label"));
  gtk_box_append (GTK_BOX (box), text);
  status_label = label_new (status, status_class);
  gtk_label_set_xalign (GTK_LABEL (status_label), 1);
  /* a word ("Holds") stays whole; a sentence wraps in a column of its own */
  if (g_utf8_strlen (status, -1) <= 24 && strchr (status, '\n') == NULL)
    gtk_label_set_wrap (GTK_LABEL (status_label), FALSE);
  else
    {
      gtk_label_set_width_chars (GTK_LABEL (status_label), 30);
      gtk_label_set_max_width_chars (GTK_LABEL (status_label), 44);
    }
  gtk_widget_set_valign (status_label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), status_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  if (name != NULL)
    gtk_widget_set_name (row, name);
  return row;
}

static void
list_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* "Express 9,525 req/s · FastAPI 5,186 req/s" */
static char *
describe_medians (VsSessionSummary *summary)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint t = 0; t < summary->n_targets; t++)
    {
      g_autofree char *value = NULL;

      if (summary->summaries[VS_METRIC_REQUESTS_PER_S][t].n == 0)
        continue;
      value = vs_metric_format (VS_METRIC_REQUESTS_PER_S, summary->summaries[VS_METRIC_REQUESTS_PER_S][t].median);
      if (out->len > 0)
        g_string_append (out, " · ");
      /* Translators: a target and its requests/s */
      g_string_append_printf (out, _("%s %s req/s"), summary->labels[t], value);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What every cell starts from: the targets, the load, the plan (the
 * study file defines them; docs/study-format.md) */
static void
fill_setup (VsStudyWindow *self)
{
  VsSession *comparison = vs_study_get_comparison (self->study);
  GPtrArray *targets = vs_session_get_targets (comparison);
  VsLoadProfile *profile = vs_session_get_profile (comparison);
  g_autofree char *duration = vs_format_duration (profile->duration_us);
  g_autofree char *warmup = vs_format_duration (profile->warmup_us);
  g_autofree char *cooldown = vs_format_duration (vs_session_get_cooldown_us (comparison));
  g_autofree char *load = NULL;
  g_autofree char *plan = NULL;

  list_clear (self->setup_list);
  for (guint t = 0; t < targets->len; t++)
    {
      VsTarget *target = g_ptr_array_index (targets, t);
      g_autofree char *what = NULL;
      g_autofree char *name = g_strdup_printf ("setup-target-%u", t);

      if (target->template_name != NULL)
        /* Translators: a template's name, then a runtime ("process", "podman", "auto") */
        what = g_strdup_printf (_("the template “%s”, runtime %s, workers %u"), target->template_name,
                                vs_runtime_kind_to_string (target->runtime), target->workers);
      else
        what = g_strdup_printf (_("the image %s, runtime %s"), target->image ? target->image : "?",
                                vs_runtime_kind_to_string (target->runtime));
      gtk_list_box_append (self->setup_list, row_new (target->label, what, "", NULL, name));
    }
  /* Translators: connections, a duration, a warm-up */
  load = g_strdup_printf (_("%u connections unless a cell says otherwise, %s measured after %s of warm-up"),
                          profile->connections, duration, warmup);
  /* Translators: trials per target, their order, a cool-down */
  plan = g_strdup_printf (_("%u trials per target and cell, %s, %s of cool-down between them"),
                          vs_session_get_trials (comparison),
                          vs_trial_order_get_title (vs_session_get_order (comparison)), cooldown);
  gtk_list_box_append (self->setup_list, row_new (_("Load"), load, "", NULL, "setup-load"));
  gtk_list_box_append (self->setup_list, row_new (_("Trials"), plan, "", NULL, "setup-plan"));
}

static void
fill_cells (VsStudyWindow *self)
{
  GPtrArray *cells = vs_study_get_cells (self->study);

  list_clear (self->cells_list);
  self->running_status = NULL;
  for (guint i = 0; i < cells->len; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (cells, i);
      g_autofree char *load = vs_study_describe_load (self->study, cell);
      g_autofree char *detail = NULL;
      g_autofree char *status = NULL;
      g_autofree char *name = g_strdup_printf ("cell-%s", cell->id);
      const char *status_class = "dim-label";

      if (cell->state == VS_CELL_DONE && cell->session != NULL)
        {
          g_autoptr(VsSessionSummary) summary = vs_session_summarize (cell->session);
          g_autofree char *medians = describe_medians (summary);
          g_autofree char *verdict = vs_study_describe_verdict (summary);

          /* Translators: scenario id · load · requests/s of each target */
          detail = g_strdup_printf (_("%s · %s · %s"), cell->scenario, load, medians);
          status = g_steal_pointer (&verdict);
          status_class = NULL;
        }
      else
        {
          detail = g_strdup_printf ("%s · %s", cell->scenario, load);
          if (cell->state == VS_CELL_FAILED)
            {
              /* Translators: a cell could not run; the reason follows */
              status = g_strdup_printf (_("Failed: %s"), cell->reason);
              status_class = "error";
            }
          else if ((int) i == self->running_cell && self->step_title != NULL)
            {
              status = g_strdup (self->step_title);
              status_class = "accent";
            }
          else
            status = g_strdup (_("Not run yet"));
        }
      {
        GtkWidget *row = row_new (cell->title, detail, status, status_class, name);

        if ((int) i == self->running_cell)
          self->running_status =
            GTK_LABEL (gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
        gtk_list_box_append (self->cells_list, row);
      }
    }

  list_clear (self->capacity_list);
  gtk_widget_set_visible (GTK_WIDGET (self->capacity_list), vs_study_get_capacities (self->study)->len > 0);
  for (guint i = 0; i < vs_study_get_capacities (self->study)->len; i++)
    {
      VsStudyCapacity *capacity = g_ptr_array_index (vs_study_get_capacities (self->study), i);
      GPtrArray *targets = vs_session_get_targets (vs_study_get_comparison (self->study));
      g_autoptr(GString) status = g_string_new (NULL);
      g_autofree char *detail = NULL;
      g_autofree char *name = g_strdup_printf ("capacity-%s", capacity->id);

      /* Translators: a capacity search's bounds */
      detail = g_strdup_printf (_("p99 under %g ms, at most %g %% failed, %.0f to %.0f req/s searched"),
                                capacity->p99_ms, capacity->max_error_percent, capacity->low, capacity->high);
      for (guint t = 0; t < targets->len; t++)
        {
          VsCapacityResult result;
          g_autofree char *text = NULL;

          vs_study_capacity_search (self->study, capacity, t, &result);
          text = vs_capacity_result_describe (&result, ((VsTarget *) g_ptr_array_index (targets, t))->label);
          if (status->len > 0)
            g_string_append_c (status, '\n');
          g_string_append (status, text);
        }
      gtk_list_box_append (self->capacity_list, row_new (capacity->title, detail, status->str, NULL, name));
    }
}

static void
fill_claims (VsStudyWindow *self)
{
  GPtrArray *claims = vs_study_get_claims (self->study);
  VsClaimResult *results;
  double confidence;
  g_autofree char *level = NULL;
  g_autofree char *note = NULL;

  list_clear (self->claims_list);
  results = vs_study_check_claims (self->study, &confidence);
  level = vs_stats_format_confidence (confidence);
  /* Translators: the intervals' confidence, then the number of claims */
  note = g_strdup_printf (_("Each difference is B against A. The intervals are at %s so that all %u claims "
                            "are right together with 95 %% confidence — on this machine."),
                          level, claims->len);
  gtk_label_set_text (self->claims_note, note);
  for (guint i = 0; i < claims->len; i++)
    {
      VsStudyClaim *claim = g_ptr_array_index (claims, i);
      g_autofree char *claimed = vs_study_claim_format_claimed (claim);
      g_autofree char *detail = NULL;
      g_autofree char *name = g_strdup_printf ("claim-%s", claim->id);
      const char *classes[] = {
        [VS_CLAIM_NOT_MEASURED] = "dim-label",
        [VS_CLAIM_HOLDS] = "success",
        [VS_CLAIM_CONTRADICTED] = "error",
        [VS_CLAIM_INCONCLUSIVE] = "warning",
      };
      g_autofree char *status = NULL;

      if (results[i].outcome == VS_CLAIM_NOT_MEASURED)
        /* Translators: a metric, target B, target A, the claimed difference, why nothing was measured */
        detail = g_strdup_printf (_("%s, %s against %s · claimed %s · %s"),
                                  _(vs_metric_get_info (claim->metric)->noun), claim->b, claim->a, claimed,
                                  results[i].measured);
      else
        /* Translators: a metric, target B, target A, the claimed difference, the measured one */
        detail = g_strdup_printf (_("%s, %s against %s · claimed %s · measured %s"),
                                  _(vs_metric_get_info (claim->metric)->noun), claim->b, claim->a, claimed,
                                  results[i].measured);
      status = vs_capitalize (vs_claim_outcome_get_title (results[i].outcome));
      {
        GtkWidget *row = row_new (claim->text, detail, status, classes[results[i].outcome], name);
        GtkWidget *status_label = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));

        gtk_widget_add_css_class (status_label, "heading");
        gtk_list_box_append (self->claims_list, row);
      }
    }
  vs_claim_results_free (results, claims->len);
}

/* The mean of @metric over a target's trials at a level, and its 95 %
 * interval (NAN with fewer than two trials) */
static void
level_interval (const VsSummary *summary,
                double          *mid,
                double          *low,
                double          *high)
{
  double half;

  *mid = summary->n > 0 ? summary->mean : NAN;
  *low = *high = NAN;
  if (summary->n < 2 || !isfinite (summary->stdev))
    return;
  half = vs_stats_t_quantile (0.975, summary->n - 1) * summary->stdev / sqrt (summary->n);
  *low = MAX (summary->mean - half, 0);
  *high = summary->mean + half;
}

/* Per sweep: each target's mean over its trials at every finished level,
 * with its 95 % interval as a band — requests/s against connections, or
 * p99 (and p50, dashed) against the offered rate — and where it
 * saturates, marked and in words. */
static void
fill_curves (VsStudyWindow *self)
{
  GPtrArray *sweeps = vs_study_get_sweeps (self->study);
  GPtrArray *targets = vs_session_get_targets (vs_study_get_comparison (self->study));
  gboolean dark = vs_style_is_dark ();
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_session_summary_free);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->curves_box))) != NULL)
    gtk_box_remove (self->curves_box, child);

  if (sweeps->len == 0)
    gtk_box_append (self->curves_box, label_new (_("This study has no sweeps."), "dim-label"));

  for (guint i = 0; i < sweeps->len; i++)
    {
      VsStudySweep *sweep = g_ptr_array_index (sweeps, i);
      gboolean rate = sweep->kind == VS_SWEEP_RATE;
      GtkWidget *chart = vs_chart_new (VS_CHART_SWEEP);
      g_autoptr(GString) words = g_string_new (NULL);
      g_autofree char *title = NULL;
      VsMetric metric = rate ? VS_METRIC_P99 : VS_METRIC_REQUESTS_PER_S;

      title = rate ? g_strdup_printf (_("%s: latency p99 (p50 dashed) against the offered rate"), sweep->title)
                   : g_strdup_printf (_("%s: requests/s against connections"), sweep->title);
      vs_chart_set_title (VS_CHART (chart), title);
      vs_chart_set_units (VS_CHART (chart), rate ? VS_UNIT_REQUESTS_PER_S : VS_UNIT_NONE,
                          rate ? VS_UNIT_MILLISECONDS : VS_UNIT_REQUESTS_PER_S);
      if (rate)
        vs_chart_set_y_log (VS_CHART (chart), TRUE);
      gtk_widget_set_size_request (chart, -1, 280);
      gtk_widget_set_name (chart, rate ? "curve-rate" : "curve-connections");

      /* each level's cell summarized once, for every target's point */
      g_ptr_array_set_size (summaries, 0);
      for (guint l = 0; l < sweep->levels->len; l++)
        {
          VsStudyCell *cell = vs_study_find_level (self->study, sweep, l);

          g_ptr_array_add (summaries, cell != NULL && cell->session != NULL
                                      ? vs_session_summarize (cell->session) : NULL);
        }

      for (guint t = 0; t < targets->len; t++)
        {
          const char *label = ((VsTarget *) g_ptr_array_index (targets, t))->label;
          GdkRGBA color;
          guint series, p50_series = 0;
          double saturation = vs_study_sweep_saturation (self->study, sweep, t);

          vs_chart_target_color (t, dark, &color);
          series = vs_chart_add_series (VS_CHART (chart), label, &color);
          if (rate)
            {
              g_autofree char *p50_label = g_strdup_printf ("%s p50", label);

              p50_series = vs_chart_add_series (VS_CHART (chart), p50_label, &color);
              vs_chart_series_set_dashed (VS_CHART (chart), p50_series, TRUE);
            }
          for (guint l = 0; l < sweep->levels->len; l++)
            {
              VsSessionSummary *summary = g_ptr_array_index (summaries, l);
              double level = g_array_index (sweep->levels, double, l);
              double mid, low, high;

              if (summary == NULL || t >= summary->n_targets || summary->summaries[metric][t].n == 0)
                continue;
              level_interval (&summary->summaries[metric][t], &mid, &low, &high);
              vs_chart_series_append_band (VS_CHART (chart), series, level, mid, low, high);
              if (rate && summary->summaries[VS_METRIC_P50][t].n > 0)
                vs_chart_series_append (VS_CHART (chart), p50_series, level,
                                        summary->summaries[VS_METRIC_P50][t].mean);
            }
          if (!isnan (saturation))
            {
              /* Translators: marks where a target saturates on a chart */
              g_autofree char *mark = g_strdup_printf (_("%s saturates"), label);

              vs_chart_add_mark (VS_CHART (chart), saturation, mark, series);
            }
          if (words->len > 0)
            g_string_append_c (words, '\n');
          if (isnan (saturation))
            g_string_append_printf (words, rate ? _("%s kept up with every offered rate measured.")
                                                : _("%s: not measured yet."), label);
          else if (rate)
            g_string_append_printf (words, _("%s saturates at %.0f req/s offered."), label, saturation);
          else
            g_string_append_printf (words, _("%s reaches 95 %% of its best requests/s at %.0f connections."),
                                    label, saturation);
        }
      g_string_append_c (words, '\n');
      /* xgettext:no-c-format */
      g_string_append (words, _("Each point is the mean of a target's trials at that level; the band, its 95 % interval."));
      gtk_box_append (self->curves_box, chart);
      gtk_box_append (self->curves_box, label_new (words->str, NULL));
    }
}

static void
update_header (VsStudyWindow *self)
{
  g_autofree char *subtitle = NULL;
  guint done = vs_study_count_cells (self->study, VS_CELL_DONE);
  guint n = vs_study_get_cells (self->study)->len;

  adw_view_switcher_title_set_title (self->switcher_title, vs_study_get_name (self->study));
  if (self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);

      /* Translators: a file's name, cells finished, cells in all */
      subtitle = g_strdup_printf (_("%s — %u of %u cells finished"), name, done, n);
    }
  else
    subtitle = g_strdup_printf (_("Not saved — %u of %u cells finished"), done, n);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  {
    g_autofree char *heading = g_strdup_printf ("%s — %s", vs_study_get_name (self->study), subtitle);

    gtk_label_set_text (self->heading, heading);
  }
  gtk_window_set_title (GTK_WINDOW (self), vs_study_get_name (self->study));
}

static void
update_idle_status (VsStudyWindow *self)
{
  g_autofree char *text = NULL;

  if (self->templates == NULL)
    text = g_strdup (_("Reading the templates…"));
  else
    {
      gint64 pending = vs_study_estimate_pending_us (self->study, self->templates);
      g_autofree char *estimate = vs_format_duration (pending);

      if (pending == 0)
        text = g_strdup (_("Every cell is finished."));
      else
        /* Translators: a duration like "9.5m" */
        text = g_strdup_printf (_("Start runs what is still to run: at most %s."), estimate);
    }
  gtk_label_set_text (self->activity, text);
  gtk_progress_bar_set_fraction (self->progress,
                                 (double) vs_study_count_cells (self->study, VS_CELL_DONE) /
                                 MAX (vs_study_get_cells (self->study)->len, 1));
}

static void
refresh (VsStudyWindow *self)
{
  update_header (self);
  fill_setup (self);
  fill_cells (self);
  fill_claims (self);
  fill_curves (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "study.start", self->runner == NULL && self->templates != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "study.stop", self->runner != NULL);
  gtk_stack_set_visible_child_name (self->start_stop, self->runner != NULL ? "stop" : "start");
  if (self->runner == NULL)
    update_idle_status (self);
}

/* ---------------------------------------------------------------------- */
/* saving                                                                  */

static void save (VsStudyWindow *self);

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VsStudyWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  if (!vs_study_save_finish (VS_STUDY (object), result, &error))
    toast (self, error->message);
  if (self->save_again)
    {
      self->save_again = FALSE;
      save (self);
    }
}

/* One save at a time, the latest state last */
static void
save (VsStudyWindow *self)
{
  if (self->file == NULL)
    return;
  if (self->saving)
    {
      self->save_again = TRUE;
      return;
    }
  self->saving = TRUE;
  vs_study_save_async (self->study, self->file, NULL, save_cb, g_object_ref (self));
}

/* ---------------------------------------------------------------------- */
/* running                                                                 */

static void
on_progress (VsRunner               *runner,
             const VsRunnerProgress *p,
             VsStudyWindow          *self)
{
  VsSession *session = vs_runner_get_session (runner);
  GPtrArray *targets = vs_session_get_targets (session);
  g_autofree char *left = NULL;
  g_autofree char *text = NULL;
  gint64 remaining;

  if (p->phase == VS_RUNNER_PHASE_DONE || p->target_index >= targets->len)
    return;
  remaining = self->pending_us - self->step_us +
              (isfinite (p->remaining_s) ? (gint64) (p->remaining_s * G_USEC_PER_SEC) : self->step_us);
  remaining = MAX (remaining, 0);
  left = vs_format_duration (remaining);
  g_free (self->step_title);
  /* Translators: a target, its trial, the phase ("measuring") */
  self->step_title = g_strdup_printf (_("%s, trial %u: %s"),
                                      ((VsTarget *) g_ptr_array_index (targets, p->target_index))->label,
                                      p->trial + 1,
                                      g_dpgettext2 (GETTEXT_PACKAGE, "runner phase",
                                                    vs_runner_phase_to_string (p->phase)));
  /* Translators: what runs now (a cell's title), the step, the study's time left */
  text = g_strdup_printf (_("%s — %s — about %s left"), vs_session_get_name (session), self->step_title, left);
  gtk_label_set_text (self->activity, text);
  if (self->running_status != NULL)
    gtk_label_set_text (self->running_status, self->step_title);
  if (self->total_us > 0)
    gtk_progress_bar_set_fraction (self->progress, CLAMP (1.0 - (double) remaining / self->total_us, 0, 1));
}

static void
begin_step (VsStudyWindow *self,
            VsRunner      *runner)
{
  self->pending_us = vs_study_estimate_pending_us (self->study, self->templates);
  self->step_us = vs_session_estimate_pending_us (vs_runner_get_session (runner));
  g_clear_pointer (&self->step_title, g_free);
  g_signal_connect_object (runner, "progress", G_CALLBACK (on_progress), self, 0);
}

static void
on_cell_started (VsStudyRunner *runner,
                 guint          index,
                 VsRunner      *cell_runner,
                 VsStudyWindow *self)
{
  self->running_cell = (int) index;
  begin_step (self, cell_runner);
  fill_cells (self);
}

static void
on_cell_finished (VsStudyRunner *runner,
                  guint          index,
                  VsStudyWindow *self)
{
  self->running_cell = -1;
  save (self);
  refresh (self);
}

static void
on_probe_started (VsStudyRunner *runner,
                  VsStudyProbe  *probe,
                  VsRunner      *probe_runner,
                  VsStudyWindow *self)
{
  begin_step (self, probe_runner);
}

static void
on_probe_finished (VsStudyRunner *runner,
                   VsStudyProbe  *probe,
                   VsStudyWindow *self)
{
  save (self);
  fill_cells (self);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(VsStudyWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vs_study_runner_run_finish (VS_STUDY_RUNNER (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
  g_clear_object (&self->runner);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->step_title, g_free);
  self->running_cell = -1;
  save (self);
  refresh (self);
  if (self->close_after_stop)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
run (VsStudyWindow *self)
{
  VsApplication *app = VS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GError) error = NULL;

  if (!vs_study_validate (self->study, self->templates, &error))
    {
      toast (self, error->message);
      return;
    }
  self->total_us = vs_study_estimate_pending_us (self->study, self->templates);
  self->cancellable = g_cancellable_new ();
  self->runner = vs_study_runner_new (self->study, self->templates);
  if (app != NULL)
    vs_study_runner_set_history (self->runner, vs_application_get_history (app));
  g_signal_connect_object (self->runner, "cell-started", G_CALLBACK (on_cell_started), self, 0);
  g_signal_connect_object (self->runner, "cell-finished", G_CALLBACK (on_cell_finished), self, 0);
  g_signal_connect_object (self->runner, "probe-started", G_CALLBACK (on_probe_started), self, 0);
  g_signal_connect_object (self->runner, "probe-finished", G_CALLBACK (on_probe_finished), self, 0);
  vs_study_runner_run_async (self->runner, self->cancellable, run_cb, g_object_ref (self));
  refresh (self);
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   VsStudyWindow    *self)
{
  if (!g_str_equal (response, "run"))
    return;
  vs_study_set_trusted (self->study, TRUE);
  save (self);   /* records it as agreed to */
  run (self);
}

static void start_with_file (VsStudyWindow *self);

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     VsStudyWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (vs_file_is_study (chosen))
        self->file = g_steal_pointer (&chosen);
      else
        {
          g_autofree char *name = g_file_get_basename (chosen);
          g_autoptr(GFile) parent = g_file_get_parent (chosen);
          g_autofree char *with_suffix = g_strconcat (name, STUDY_SUFFIX, NULL);

          self->file = g_file_get_child (parent, with_suffix);
        }
      save (self);
      update_header (self);
      start_with_file (self);
    }
  g_clear_object (&self->chooser);
}

/* A study saves each cell as it finishes: it needs a file first */
static void
ask_for_file (VsStudyWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = g_strdup_printf ("%s%s", vs_study_get_name (self->study), STUDY_SUFFIX);

  gtk_file_filter_set_name (filter, _("Versus studies"));
  gtk_file_filter_add_pattern (filter, "*" STUDY_SUFFIX);
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Study"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_as_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
start_with_file (VsStudyWindow *self)
{
  if (!vs_study_get_trusted (self->study))
    {
      gboolean flagged = FALSE;
      g_autoptr(GPtrArray) lines = vs_trust_describe (vs_study_get_comparison (self->study), self->templates,
                                                      &flagged);
      g_autofree char *name = g_file_get_basename (self->file);
      GtkWidget *dialog = vs_trust_dialog_new (GTK_WINDOW (self), name, lines, flagged);

      g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  run (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VsStudyWindow *self = VS_STUDY_WINDOW (widget);

  if (self->runner != NULL || self->templates == NULL)
    return;
  if (self->file == NULL)
    ask_for_file (self);
  else
    start_with_file (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VsStudyWindow *self = VS_STUDY_WINDOW (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
vs_study_window_quit (VsStudyWindow *self)
{
  g_return_if_fail (VS_IS_STUDY_WINDOW (self));

  if (self->runner == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  self->close_after_stop = TRUE;
  g_cancellable_cancel (self->cancellable);
}

/* Closing while a study runs stops it: the finished cells are saved, the
 * window goes once the running trial has wound down. */
static gboolean
vs_study_window_close_request (GtkWindow *window)
{
  VsStudyWindow *self = VS_STUDY_WINDOW (window);

  if (self->runner == NULL)
    return GTK_WINDOW_CLASS (vs_study_window_parent_class)->close_request (window);
  vs_study_window_quit (self);
  return TRUE;
}

/* ---------------------------------------------------------------------- */

static void
templates_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_task_return_pointer (task, vs_template_list (NULL), (GDestroyNotify) g_ptr_array_unref);
}

static void
templates_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GPtrArray) templates = g_task_propagate_pointer (G_TASK (result), NULL);
  VsStudyWindow *self;

  if (templates == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = VS_STUDY_WINDOW (object);
  self->templates = g_steal_pointer (&templates);
  refresh (self);
}

static GtkWidget *
page_new (GtkWidget *content)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  return scrolled;
}

static GtkListBox *
boxed_list_new (const char *name)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_name (list, name);
  return GTK_LIST_BOX (list);
}

static void
build (VsStudyWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *switcher_bar = adw_view_switcher_bar_new ();
  GtkWidget *switcher_title = adw_view_switcher_title_new ();
  GtkWidget *status = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *stop = gtk_button_new_with_mnemonic (_("_Stop"));
  GtkWidget *cells = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *claims = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  AdwViewStackPage *page;

  self->switcher_title = ADW_VIEW_SWITCHER_TITLE (switcher_title);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());

  /* the header: Start/Stop, the views */
  self->start_stop = GTK_STACK (gtk_stack_new ());
  self->start_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Start")));
  gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->start_button), "study.start");
  gtk_widget_set_name (GTK_WIDGET (self->start_button), "study-start");
  gtk_widget_add_css_class (stop, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (stop), "study.stop");
  gtk_widget_set_name (stop, "study-stop");
  gtk_stack_add_named (self->start_stop, GTK_WIDGET (self->start_button), "start");
  gtk_stack_add_named (self->start_stop, stop, "stop");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->start_stop));
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (switcher_title), self->stack);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), switcher_title);
  gtk_box_append (GTK_BOX (box), header);

  /* progress over the whole study */
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  self->heading = GTK_LABEL (label_new ("", "heading"));
  gtk_widget_set_name (GTK_WIDGET (self->heading), "study-heading");
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (self->heading));
  self->activity = GTK_LABEL (label_new ("", "dim-label"));
  gtk_widget_set_name (GTK_WIDGET (self->activity), "study-activity");
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (self->activity));
  gtk_widget_set_margin_start (status, 12);
  gtk_widget_set_margin_end (status, 12);
  gtk_widget_set_margin_top (status, 8);
  gtk_box_append (GTK_BOX (box), status);

  /* cells (and capacity) */
  self->setup_list = boxed_list_new ("study-setup");
  gtk_box_append (GTK_BOX (cells), GTK_WIDGET (self->setup_list));
  self->cells_list = boxed_list_new ("study-cells");
  self->capacity_list = boxed_list_new ("study-capacity");
  gtk_box_append (GTK_BOX (cells), GTK_WIDGET (self->cells_list));
  gtk_box_append (GTK_BOX (cells), GTK_WIDGET (self->capacity_list));
  page = adw_view_stack_add_titled (self->stack, page_new (cells), "cells", _("Cells"));
  adw_view_stack_page_set_icon_name (page, "view-grid-symbolic");

  /* curves */
  self->curves_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  page = adw_view_stack_add_titled (self->stack, page_new (GTK_WIDGET (self->curves_box)), "curves", _("Curves"));
  adw_view_stack_page_set_icon_name (page, "vs-live-symbolic");

  /* claims */
  self->claims_note = GTK_LABEL (label_new ("", "dim-label"));
  self->claims_list = boxed_list_new ("study-claims");
  gtk_box_append (GTK_BOX (claims), GTK_WIDGET (self->claims_note));
  gtk_box_append (GTK_BOX (claims), GTK_WIDGET (self->claims_list));
  page = adw_view_stack_add_titled (self->stack, page_new (claims), "claims", _("Claims"));
  adw_view_stack_page_set_icon_name (page, "emblem-ok-symbolic");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (switcher_bar), self->stack);
  g_object_bind_property (switcher_title, "title-visible", switcher_bar, "reveal", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), switcher_bar);

  adw_toast_overlay_set_child (self->toasts, box);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), GTK_WIDGET (self->toasts));
  gtk_window_set_default_size (GTK_WINDOW (self), 1000, 760);
}

static void
vs_study_window_dispose (GObject *object)
{
  VsStudyWindow *self = VS_STUDY_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lifetime);
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (vs_study_window_parent_class)->dispose (object);
}

static void
vs_study_window_finalize (GObject *object)
{
  VsStudyWindow *self = VS_STUDY_WINDOW (object);

  g_clear_object (&self->study);
  g_clear_object (&self->file);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->runner);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lifetime);
  g_free (self->step_title);

  G_OBJECT_CLASS (vs_study_window_parent_class)->finalize (object);
}

static void
vs_study_window_class_init (VsStudyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vs_study_window_dispose;
  object_class->finalize = vs_study_window_finalize;
  window_class->close_request = vs_study_window_close_request;

  gtk_widget_class_install_action (widget_class, "study.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "study.stop", NULL, stop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "study.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "study.stop", NULL);
}

static void
vs_study_window_init (VsStudyWindow *self)
{
  self->running_cell = -1;
  self->lifetime = g_cancellable_new ();
  build (self);
}

VsStudyWindow *
vs_study_window_new (VsApplication *app,
                     VsStudy       *study,
                     GFile         *file)
{
  VsStudyWindow *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (VS_IS_STUDY (study), NULL);

  self = g_object_new (VS_TYPE_STUDY_WINDOW, "application", app, NULL);
  self->study = g_object_ref (study);
  self->file = file ? g_object_ref (file) : NULL;
  refresh (self);

  task = g_task_new (self, self->lifetime, templates_cb, NULL);
  g_task_run_in_thread (task, templates_thread);
  return self;
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsStudy) study = vs_study_load_finish (result, &error);
  GApplication *app = g_application_get_default ();
  GtkWindow *window;

  if (study == NULL)
    {
      GtkWindow *parent = app ? gtk_application_get_active_window (GTK_APPLICATION (app)) : NULL;
      GtkWidget *dialog = adw_message_dialog_new (parent, _("The Study Could Not Be Opened"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      if (app != NULL)
        gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (app));
      gtk_window_present (GTK_WINDOW (dialog));
      if (app != NULL)
        g_application_release (app);
      return;
    }
  window = GTK_WINDOW (vs_study_window_new (VS_APPLICATION (app), study, file));
  gtk_window_present (window);
  if (app != NULL)
    g_application_release (app);
}

void
vs_study_window_open (VsApplication *app,
                      GFile         *file)
{
  g_return_if_fail (G_IS_FILE (file));

  /* the application stays until the study is read */
  g_application_hold (G_APPLICATION (app));
  vs_study_load_async (file, NULL, open_cb, g_object_ref (file));
}

VsStudy *
vs_study_window_get_study (VsStudyWindow *self)
{
  g_return_val_if_fail (VS_IS_STUDY_WINDOW (self), NULL);
  return self->study;
}

gboolean
vs_study_window_get_running (VsStudyWindow *self)
{
  g_return_val_if_fail (VS_IS_STUDY_WINDOW (self), FALSE);
  return self->runner != NULL;
}
