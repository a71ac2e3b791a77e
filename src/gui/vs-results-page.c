/* vs-results-page.c — the verdict, the comparison table, the percentile chart, exports
 *
 * Copyright 2026 The Versus authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "vs-chart.h"
#include "vs-histogram.h"
#include "vs-report.h"
#include "vs-gui-util.h"
#include "vs-results-page.h"

/* The percentile chart samples each distribution along the "nines" scale:
 * 0, 0.1, … 5 nines, i.e. percentile 0 … 99.999. */
#define NINES_MAX        5.0
#define NINES_STEPS      50

/* Exported charts have a fixed size, whatever the window's. */
#define LATENCY_EXPORT_WIDTH     1200
#define LATENCY_EXPORT_HEIGHT    675
#define THROUGHPUT_EXPORT_WIDTH  600
#define THROUGHPUT_EXPORT_HEIGHT 675

struct _VsResultsPage
{
  AdwBin         parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkScrolledWindow *scroller;
  GtkLabel      *verdict_label;
  GtkLabel      *details_label;
  GtkLabel      *profile_label;
  GtkMenuButton *export_button;
  GtkBox        *more_box;
  GtkLabel      *more_label;
  GtkSpinButton *more_spin;
  GtkButton     *more_button;
  GtkGrid       *comparison_grid;
  GtkBox        *latency_card;
  GtkBox        *throughput_card;
  GtkGrid       *trials_grid;

  /* Owned */
  VsChart       *latency_chart;
  VsChart       *throughput_chart;
  VsSession     *session;
  GFile         *last_folder;
  char          *menu_signature;   /* what the Export menu was built for */
  gint64         shown_run;        /* the first result's start: a new run scrolls to the top */
  gulong         changed_handler;
  guint          refresh_source;
  guint          dirty : 1;        /* changed while hidden */
};

G_DEFINE_FINAL_TYPE (VsResultsPage, vs_results_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---------------------------------------------------------------------- */
/* Small helpers                                                           */

static void
grid_clear (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
cell_label (const char *text,
            float       xalign,
            const char *name)
{
  g_autofree char *glued = vs_glue_numbers (text);
  GtkWidget *label = gtk_label_new (glued);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (name != NULL)
    gtk_widget_set_name (label, name);
  if (xalign > 0.5f)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

/* Places a cell of a card table: rows get vertical padding, the outer
 * columns keep clear of the card's rounded edge. */
static void
table_attach (GtkGrid   *grid,
              GtkWidget *child,
              int        column,
              int        row,
              int        n_columns)
{
  gtk_widget_set_margin_top (child, 9);
  gtk_widget_set_margin_bottom (child, 9);
  if (column == 0)
    gtk_widget_set_margin_start (child, 12);
  if (column == n_columns - 1)
    gtk_widget_set_margin_end (child, 12);
  gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
  gtk_grid_attach (grid, child, column, row, 1, 1);
}

static void
table_separator (GtkGrid *grid,
                 int      row,
                 int      n_columns)
{
  gtk_grid_attach (grid, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), 0, row, n_columns, 1);
}

static GtkWidget *
header_label (const char *text,
              float       xalign)
{
  g_autofree char *glued = vs_glue_numbers (text);
  GtkWidget *label = gtk_label_new (glued);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* A target's name with the dot of its chart colour. */
static GtkWidget *
target_header (guint       index,
               const char *text,
               float       xalign,
               gboolean    dark)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_label_new (NULL);
  GtkWidget *label = gtk_label_new (text);
  g_autofree char *markup = NULL;
  GdkRGBA color;
  char hex[8];

  vs_chart_target_color (index, dark, &color);
  vs_color_to_hex (&color, hex);
  markup = g_strdup_printf ("<span foreground=\"%s\">●</span>", hex);
  gtk_label_set_markup (GTK_LABEL (dot), markup);
  gtk_accessible_update_state (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_halign (box, xalign > 0.5f ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

/* A number with a small second line under it. */
static GtkWidget *
value_cell (const char *text,
            const char *name,
            const char *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = cell_label (text, 1.0f, name);

  gtk_box_append (GTK_BOX (box), label);
  if (caption != NULL)
    {
      GtkWidget *small = cell_label (caption, 1.0f, NULL);

      gtk_widget_add_css_class (small, "caption");
      gtk_widget_add_css_class (small, "dim-label");
      gtk_box_append (GTK_BOX (box), small);
    }
  return box;
}

static char *
format_percent (double value)
{
  return vs_stats_format_signed_percent (value);
}

/* "+44.9 %" over "96 % CI +40.1 % to +49.8 %", with what the row is (a
 * headline test's outcome, or descriptive); dimmed when not significant. */
static GtkWidget *
difference_cell (const VsComparison *c,
                 gboolean            compared,
                 gboolean            headline,
                 VsBetter            better,
                 const char         *name)
{
  g_autofree char *main_text = NULL;
  g_autofree char *caption = NULL;
  GtkWidget *box;
  GtkWidget *main_label;

  if (!compared)
    return value_cell ("—", name, NULL);

  main_text = format_percent (c->diff_percent);
  if (!c->ci_known)
    caption = g_strdup (_("interval unknown"));
  else if (!vs_comparison_informative (c))
    caption = g_strdup (_("too few trials for an interval"));
  else
    {
      g_autofree char *low = format_percent (c->ci_low);
      g_autofree char *high = format_percent (c->ci_high);
      g_autofree char *level = vs_stats_format_confidence (c->confidence);
      /* Translators: a confidence level like "96 %", then the interval's ends */
      g_autofree char *interval = g_strdup_printf (_("%s CI %s to %s"), level, low, high);

      if (!headline)
        /* Translators: a row that is not one of the headline tests, then its interval */
        caption = g_strdup_printf (_("descriptive · %s"), interval);
      else if (c->kind == VS_VERDICT_DECIDED)
        caption = g_steal_pointer (&interval);
      else if (c->kind == VS_VERDICT_EQUIVALENT)
        /* Translators: no difference larger than the smallest that matters, then the interval */
        caption = g_strdup_printf (_("equivalent · %s"), interval);
      else
        /* Translators: too few trials to tell, then the interval */
        caption = g_strdup_printf (_("inconclusive · %s"), interval);
    }

  box = value_cell (main_text, name, caption);
  main_label = gtk_widget_get_first_child (box);
  if (!c->significant)
    gtk_widget_add_css_class (main_label, "dim-label");
  else if ((c->diff_percent > 0) == (better == VS_BETTER_HIGHER))
    gtk_widget_add_css_class (main_label, "success");
  else
    gtk_widget_add_css_class (main_label, "error");
  gtk_widget_set_tooltip_text (box, caption);
  return box;
}

/* A file name from a label: no separators, no control characters. */
static char *
safe_file_name (const char *text,
                const char *fallback)
{
  g_autoptr(GString) name = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || g_unichar_iscntrl (c))
        g_string_append_c (name, '-');
      else
        g_string_append_unichar (name, c);
    }
  g_strstrip (name->str);
  if (name->str[0] == '\0' || name->str[0] == '.')
    return g_strdup (fallback);
  return g_strdup (name->str);
}

static const char *
target_label (VsSession *session,
              guint      index)
{
  GPtrArray *targets = vs_session_get_targets (session);

  if (index >= targets->len)
    return NULL;
  return ((VsTarget *) g_ptr_array_index (targets, index))->label;
}

/* ---------------------------------------------------------------------- */
/* More trials                                                             */

static void
more_spin_changed (VsResultsPage *self)
{
  guint more = gtk_spin_button_get_value_as_int (self->more_spin);
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Run %u More Trial",
                                                         "_Run %u More Trials", more), more);

  gtk_button_set_label (self->more_button, label);
}

static void
more_clicked_cb (VsResultsPage *self)
{
  guint more = gtk_spin_button_get_value_as_int (self->more_spin);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.continue", "u", more);
}

/* ---------------------------------------------------------------------- */
/* Refresh                                                                 */

static void
update_verdict (VsResultsPage    *self,
                VsSessionSummary *summary)
{
  g_autofree char *verdict = vs_session_summary_verdict (summary);
  VsLoadProfile *profile = vs_session_get_profile (self->session);
  guint trials = vs_session_get_trials (self->session);
  g_autofree char *profile_text = NULL;
  g_auto(GStrv) lines = NULL;

  g_strstrip (verdict);
  if (verdict[0] != '\0')
    {
      g_autofree char *fairness = vs_session_summary_fairness (summary);
      g_autofree char *details = NULL;
      g_autofree char *headline = NULL;
      g_autofree char *glued_details = NULL;

      lines = g_strsplit (verdict, "\n", 2);
      details = g_strjoin ("\n", lines[1] ? lines[1] : "", fairness ? fairness : "", NULL);
      g_strstrip (details);
      /* a figure never wraps away from its unit: "−87.8 %" */
      headline = vs_glue_numbers (lines[0]);
      glued_details = vs_glue_numbers (details);

      gtk_label_set_text (self->verdict_label, headline);
      gtk_label_set_text (self->details_label, glued_details);
      gtk_widget_set_visible (GTK_WIDGET (self->details_label), details[0] != '\0');
    }
  else
    {
      g_autofree char *text = NULL;

      /* a single target: nothing to compare, so say what it did */
      if (summary->n_targets > 0 && summary->summaries[VS_METRIC_REQUESTS_PER_S][0].n > 0)
        {
          const VsSummary *rps_summary = &summary->summaries[VS_METRIC_REQUESTS_PER_S][0];
          g_autofree char *rps = vs_metric_format (VS_METRIC_REQUESTS_PER_S, rps_summary->mean);

          text = g_strdup_printf (_("%s served %s requests/s"), summary->labels[0], rps);
        }
      else
        text = g_strdup (_("No trial finished"));
      gtk_label_set_text (self->verdict_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->details_label), FALSE);
    }

  profile_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s %s · %u connections · %g s measured after "
                                               "%g s of warm-up · %u trial per target, %s",
                                               "%s %s · %u connections · %g s measured after "
                                               "%g s of warm-up · %u trials per target, %s",
                                               trials),
                                  profile->method, profile->url, profile->connections,
                                  profile->duration_us / 1e6, profile->warmup_us / 1e6, trials,
                                  vs_trial_order_get_title (vs_session_get_order (self->session)));
  gtk_label_set_text (self->profile_label, profile_text);
}

/* The offer to continue an undecided comparison, with the trials its next
 * look needs; the window's "win.continue" runs them. */
static void
update_more (VsResultsPage    *self,
             VsSessionSummary *summary)
{
  guint suggested = vs_session_summary_suggest_more (summary);
  guint room = VS_SESSION_MAX_TRIALS - MIN (summary->trials, VS_SESSION_MAX_TRIALS);
  g_autofree char *level = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->more_box), suggested > 0);
  if (suggested == 0)
    return;

  level = vs_stats_format_confidence (vs_stats_look_confidence (summary->continuations + 1));
  /* Translators: %u is the trials to add per target for the next look; %s its confidence
   * level, e.g. "99.5 %" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Too few trials to tell yet: about %u more trial per "
                                       "target should tell. The next look’s intervals are at %s, "
                                       "so that looking again cannot make up a difference.",
                                       "Too few trials to tell yet: about %u more trials per "
                                       "target should tell. The next look’s intervals are at %s, "
                                       "so that looking again cannot make up a difference.",
                                       suggested),
                          suggested, level);
  gtk_label_set_text (self->more_label, text);
  gtk_spin_button_set_range (self->more_spin, 1, room);
  /* the suggestion is set when the verdict changes, not over the user's choice */
  if (g_strcmp0 (g_object_get_data (G_OBJECT (self->more_spin), "for"), text) != 0)
    {
      gtk_spin_button_set_value (self->more_spin, suggested);
      g_object_set_data_full (G_OBJECT (self->more_spin), "for", g_strdup (text), g_free);
    }
  more_spin_changed (self);
}

/* Metric | each target | each target after the first vs the first */
static void
update_comparison (VsResultsPage    *self,
                   VsSessionSummary *s,
                   gboolean          dark)
{
  GtkGrid *grid = self->comparison_grid;
  int n_columns = 1 + s->n_targets + (s->n_targets > 1 ? s->n_targets - 1 : 0);
  int row = 0;

  grid_clear (grid);

  table_attach (grid, header_label (_("Metric"), 0.0f), 0, row, n_columns);
  for (guint t = 0; t < s->n_targets; t++)
    table_attach (grid, target_header (t, s->labels[t], 1.0f, dark), 1 + t, row, n_columns);
  for (guint t = 1; t < s->n_targets; t++)
    {
      g_autofree char *title = g_strdup_printf (_("%s vs %s"), s->labels[t], s->labels[0]);
      GtkWidget *label = header_label (title, 1.0f);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      table_attach (grid, label, s->n_targets + t, row, n_columns);
    }
  row++;

  for (guint m = 0; m < VS_N_METRICS; m++)
    {
      const VsMetricInfo *info = vs_metric_get_info (m);
      GtkWidget *title = cell_label (_(info->title), 0.0f, NULL);

      table_separator (grid, row++, n_columns);
      gtk_widget_set_hexpand (title, TRUE);
      table_attach (grid, title, 0, row, n_columns);

      for (guint t = 0; t < s->n_targets; t++)
        {
          const VsSummary *sum = &s->summaries[m][t];
          g_autofree char *name = g_strdup_printf ("mean:%s:%u", info->key, t);
          g_autofree char *value = vs_metric_format (m, sum->mean);
          g_autofree char *caption = NULL;

          if (sum->n >= 2 && isfinite (sum->stdev))
            {
              g_autofree char *stdev = vs_metric_format (m, sum->stdev);

              caption = g_strdup_printf ("± %s", stdev);
            }
          table_attach (grid, value_cell (value, name, caption), 1 + t, row, n_columns);
        }
      for (guint t = 1; t < s->n_targets; t++)
        {
          g_autofree char *name = g_strdup_printf ("diff:%s:%u", info->key, t);

          table_attach (grid,
                        difference_cell (&s->comparisons[m][t], s->compared[m][t],
                                         vs_session_summary_is_headline (s, m), info->better,
                                         name),
                        s->n_targets + t, row, n_columns);
        }
      row++;
    }

  /* failures next to the figures they would otherwise flatter */
  table_separator (grid, row++, n_columns);
  table_attach (grid, cell_label (_("Failed requests"), 0.0f, NULL), 0, row, n_columns);
  for (guint t = 0; t < s->n_targets; t++)
    {
      g_autofree char *name = g_strdup_printf ("failures:%u", t);
      g_autofree char *text = vs_session_summary_format_failures (s, t);
      GtkWidget *cell = cell_label (text, 1.0f, name);

      gtk_label_set_wrap (GTK_LABEL (cell), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (cell), 28);
      if (s->failures[t] > 0)
        gtk_widget_add_css_class (cell, s->http_error_percent[t] > VS_RANK_MAX_HTTP_ERROR_PERCENT
                                        ? "error" : "warning");
      table_attach (grid, cell, 1 + t, row, n_columns);
    }
  row++;

  table_separator (grid, row++, n_columns);
  table_attach (grid, cell_label (_("Trials (ok / failed)"), 0.0f, NULL), 0, row, n_columns);
  for (guint t = 0; t < s->n_targets; t++)
    {
      g_autofree char *name = g_strdup_printf ("trials:%u", t);
      g_autofree char *text = g_strdup_printf ("%u / %u", s->n_ok[t], s->n_failed[t]);

      table_attach (grid, cell_label (text, 1.0f, name), 1 + t, row, n_columns);
    }
}

static void
update_charts (VsResultsPage    *self,
               VsSessionSummary *s,
               gboolean          dark)
{
  vs_chart_clear (self->latency_chart);
  vs_chart_clear (self->throughput_chart);

  for (guint t = 0; t < s->n_targets; t++)
    {
      g_autoptr(VsHistogram) merged = vs_session_merge_latency (self->session, t);
      const VsSummary *rps = &s->summaries[VS_METRIC_REQUESTS_PER_S][t];
      GdkRGBA color;

      vs_chart_target_color (t, dark, &color);

      if (merged != NULL)
        {
          double x[NINES_STEPS + 1];
          double y[NINES_STEPS + 1];
          guint series;

          for (guint i = 0; i <= NINES_STEPS; i++)
            {
              double nines = NINES_MAX * i / NINES_STEPS;

              x[i] = 100.0 * (1.0 - pow (10.0, -nines));
              y[i] = vs_histogram_get_percentile (merged, x[i]) / 1000.0;
            }
          series = vs_chart_add_series (self->latency_chart, s->labels[t], &color);
          vs_chart_series_set_data (self->latency_chart, series, x, y, G_N_ELEMENTS (x));
        }

      if (rps->n > 0 && isfinite (rps->mean))
        {
          guint series = vs_chart_add_series (self->throughput_chart, s->labels[t], &color);

          vs_chart_series_append (self->throughput_chart, series, t, rps->mean);
        }
    }
}

static void
update_trials (VsResultsPage *self,
               gboolean       dark)
{
  static const VsMetric columns[] = {
    VS_METRIC_REQUESTS_PER_S, VS_METRIC_P50, VS_METRIC_P99, VS_METRIC_CPU, VS_METRIC_MEMORY,
    VS_METRIC_STARTUP,
  };
  static const char * const column_titles[] = {
    N_("Requests/s"), N_("p50"), N_("p99"), N_("CPU"), N_("Memory"), N_("Startup"),
  };
  GPtrArray *results = vs_session_get_results (self->session);
  GtkGrid *grid = self->trials_grid;
  int n_columns = 5 + G_N_ELEMENTS (columns);
  int row = 0;

  grid_clear (grid);

  table_attach (grid, header_label ("#", 1.0f), 0, row, n_columns);
  table_attach (grid, header_label (_("Target"), 0.0f), 1, row, n_columns);
  table_attach (grid, header_label (_("Trial"), 1.0f), 2, row, n_columns);
  table_attach (grid, header_label (_("Status"), 0.0f), 3, row, n_columns);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    table_attach (grid, header_label (_(column_titles[c]), 1.0f), 4 + c, row, n_columns);
  {
    GtkWidget *header = header_label (_("Per connection"), 1.0f);

    gtk_widget_set_tooltip_text (header, _("Responses per connection: min / median / max, and "
                                           "the connections that waited longer than the timeout "
                                           "or got no response"));
    table_attach (grid, header, 4 + G_N_ELEMENTS (columns), row, n_columns);
  }
  row++;

  for (guint i = 0; i < results->len; i++)
    {
      const VsRunResult *r = g_ptr_array_index (results, i);
      g_autofree char *sequence = g_strdup_printf ("%u", r->sequence + 1);
      g_autofree char *trial = g_strdup_printf ("%u", r->trial + 1);
      g_autofree char *status_name = g_strdup_printf ("trial:%u:status", i);
      const char *tooltip = NULL;
      g_autofree char *trial_tooltip = NULL;
      GtkWidget *cells[5 + G_N_ELEMENTS (columns)];
      GtkWidget *status_box;
      GtkWidget *status_label;

      table_separator (grid, row++, n_columns);

      cells[0] = cell_label (sequence, 1.0f, NULL);
      gtk_widget_add_css_class (cells[0], "dim-label");
      cells[1] = target_header (r->target_index, r->target_label ? r->target_label : "?",
                                0.0f, dark);
      gtk_widget_set_hexpand (cells[1], TRUE);
      cells[2] = cell_label (trial, 1.0f, NULL);

      status_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      switch (r->status)
        {
        case VS_RUN_STATUS_OK:
          if (vs_run_result_get_errors (r) > 0)
            {
              /* finished, but not every request got a good answer */
              GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
              guint64 n_errors = vs_run_result_get_errors (r);
              g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n_errors);
              g_autofree char *text = NULL;

              gtk_widget_add_css_class (icon, "warning");
              gtk_box_append (GTK_BOX (status_box), icon);
              /* Translators: a trial that finished, with the number of its requests that failed */
              text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "OK, %s error", "OK, %s errors",
                                                   (gulong) MIN (n_errors, G_MAXULONG)),
                                      count);
              status_label = cell_label (text, 0.0f, status_name);
              gtk_widget_add_css_class (status_label, "warning");
              trial_tooltip = vs_format_failures (r->errors, r->status_codes, 0);
              tooltip = trial_tooltip;
            }
          else
            status_label = cell_label (_("OK"), 0.0f, status_name);
          break;
        case VS_RUN_STATUS_FAILED:
          {
            GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");

            gtk_widget_add_css_class (icon, "error");
            gtk_box_append (GTK_BOX (status_box), icon);
            status_label = cell_label (_("Failed"), 0.0f, status_name);
            gtk_widget_add_css_class (status_label, "error");
            tooltip = r->error ? r->error : _("Failed for an unknown reason");
          }
          break;
        case VS_RUN_STATUS_CANCELLED:
        default:
          status_label = cell_label (_("Cancelled"), 0.0f, status_name);
          gtk_widget_add_css_class (status_label, "dim-label");
          tooltip = r->error;
          break;
        }
      gtk_widget_set_tooltip_text (status_label, tooltip);
      gtk_box_append (GTK_BOX (status_box), status_label);
      cells[3] = status_box;

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          g_autofree char *text = vs_metric_format (columns[c], vs_metric_value (columns[c], r));
          g_autofree char *name = g_strdup_printf ("trial:%u:%s", i,
                                                   vs_metric_get_info (columns[c])->key);

          cells[4 + c] = cell_label (text, 1.0f, name);
        }
      {
        g_autofree char *text = vs_fairness_format (&r->fairness);
        g_autofree char *name = g_strdup_printf ("trial:%u:per-connection", i);

        cells[4 + G_N_ELEMENTS (columns)] = cell_label (text, 1.0f, name);
        if (r->fairness.starved > 0)
          gtk_widget_add_css_class (cells[4 + G_N_ELEMENTS (columns)], "warning");
      }

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          /* the reason a trial failed shows wherever its row is pointed at */
          if (tooltip != NULL)
            gtk_widget_set_tooltip_text (cells[c], tooltip);
          table_attach (grid, cells[c], c, row, n_columns);
        }
      row++;
    }
}

static void
update_export_menu (VsResultsPage    *self,
                    VsSessionSummary *s)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) report = g_menu_new ();
  g_autoptr(GMenu) hgrm = g_menu_new ();
  g_autoptr(GMenu) charts = g_menu_new ();
  g_autoptr(GString) signature = g_string_new (NULL);
  guint n_hgrm = 0;

  /* rebuilding the menu would close it under the pointer: only when the
   * targets it offers change */
  for (guint t = 0; t < s->n_targets; t++)
    g_string_append_printf (signature, "%s\x1f%d\x1e", s->labels[t], s->n_ok[t] > 0);
  if (g_strcmp0 (signature->str, self->menu_signature) == 0)
    return;
  g_free (self->menu_signature);
  self->menu_signature = g_string_free (g_steal_pointer (&signature), FALSE);

  g_menu_append (report, _("Report as _Markdown…"), "results.export::markdown");
  g_menu_append (report, _("Trials as _CSV…"), "results.export::csv");
  g_menu_append (report, _("Everything as _JSON…"), "results.export::json");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (report));

  for (guint t = 0; t < s->n_targets; t++)
    if (s->n_ok[t] > 0)
      {
        g_autofree char *label = g_strdup_printf (_("%s Latency (.hgrm)…"), s->labels[t]);
        g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);
        g_autofree char *target = g_strdup_printf ("hgrm:%u", t);

        g_menu_item_set_action_and_target_value (item, "results.export",
                                                 g_variant_new_string (target));
        g_menu_append_item (hgrm, item);
        n_hgrm++;
      }
  if (n_hgrm > 1)
    g_menu_append (hgrm, _("Latency of _All Targets (.hgrm)…"), "results.export::hgrm:all");
  if (n_hgrm > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (hgrm));

  g_menu_append (charts, _("Latency Chart as _PNG…"), "results.export::latency-png");
  g_menu_append (charts, _("Latency Chart as _SVG…"), "results.export::latency-svg");
  g_menu_append (charts, _("Requests/s Chart as P_NG…"), "results.export::throughput-png");
  g_menu_append (charts, _("Requests/s Chart as S_VG…"), "results.export::throughput-svg");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (charts));

  gtk_menu_button_set_menu_model (self->export_button, G_MENU_MODEL (menu));
  /* a new popover each time: quiet its button's tooltip again */
  vs_menu_button_quiet_tooltip (self->export_button);
}

void
vs_results_page_refresh (VsResultsPage *self)
{
  g_autoptr(VsSessionSummary) summary = NULL;
  gboolean dark;

  g_return_if_fail (VS_IS_RESULTS_PAGE (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->dirty = FALSE;

  if (self->session == NULL || vs_session_get_results (self->session)->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.export", FALSE);
      return;
    }

  /* another comparison (a new run, another file): from the top, the verdict first */
  {
    const VsRunResult *first = g_ptr_array_index (vs_session_get_results (self->session), 0);

    if (first->started_at != self->shown_run)
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    self->shown_run = first->started_at;
  }

  dark = vs_style_is_dark ();
  summary = vs_session_summarize (self->session);
  update_verdict (self, summary);
  update_more (self, summary);
  update_comparison (self, summary, dark);
  update_charts (self, summary, dark);
  update_trials (self, dark);
  update_export_menu (self, summary);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.export", TRUE);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  VsResultsPage *self = user_data;

  self->refresh_source = 0;
  vs_results_page_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Sessions change in bursts (a result, then the modified flag …): one
 * refresh per burst. */
static void
queue_refresh (VsResultsPage *self)
{
  /* a hidden page catches up when it shows */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->dirty = TRUE;
  else if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle_cb, self, NULL);
}

/* ---------------------------------------------------------------------- */
/* Export                                                                  */

typedef struct
{
  GPtrArray *files;     /* (element-type GFile) */
  GPtrArray *contents;  /* (element-type GBytes) */
  guint      next;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_ptr_array_unref (data->files);
  g_ptr_array_unref (data->contents);
  g_free (data);
}

static void
export_add (ExportData *data,
            GFile      *file,
            char       *text)   /* (transfer full) */
{
  g_ptr_array_add (data->files, g_object_ref (file));
  g_ptr_array_add (data->contents, g_bytes_new_take (text, strlen (text)));
}

/* Charts draw to a path; render into a temporary file, then write the
 * bytes wherever the user chose (portals give paths that are not local). */
static GBytes *
render_chart (VsChart  *chart,
              gboolean  svg,
              int       width,
              int       height,
              GError  **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean ok;
  int fd;

  fd = g_file_open_tmp (svg ? "versus-chart-XXXXXX.svg" : "versus-chart-XXXXXX.png", &path,
                        error);
  if (fd < 0)
    return NULL;
  g_close (fd, NULL);

  if (svg)
    ok = vs_chart_save_svg (chart, path, width, height, error);
  else
    ok = vs_chart_save_png (chart, path, width, height, error);
  ok = ok && g_file_get_contents (path, &contents, &length, error);
  g_unlink (path);
  if (!ok)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void export_write_next (GTask *task);

static void
export_write_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->next++;
  export_write_next (g_steal_pointer (&task));
}

static void
export_write_next (GTask *task)   /* (transfer full) */
{
  ExportData *data = g_task_get_task_data (task);

  if (data->next == data->files->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_file_replace_contents_bytes_async (g_ptr_array_index (data->files, data->next),
                                       g_ptr_array_index (data->contents, data->next),
                                       NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), export_write_cb, task);
}

/* Fills @data with what to write; FALSE with @error when there is nothing. */
static gboolean
export_prepare (VsResultsPage    *self,
                VsResultsExport   what,
                guint             target,
                GFile            *file,
                ExportData       *data,
                GError          **error)
{
  VsSession *session = self->session;
  guint n_targets = vs_session_get_targets (session)->len;
  VsChart *chart;
  GBytes *bytes;
  gboolean svg;
  int width, height;

  switch (what)
    {
    case VS_RESULTS_EXPORT_MARKDOWN:
      export_add (data, file, vs_report_markdown (session));
      return TRUE;

    case VS_RESULTS_EXPORT_CSV:
      export_add (data, file, vs_report_csv (session));
      return TRUE;

    case VS_RESULTS_EXPORT_JSON:
      export_add (data, file, vs_report_json (session));
      return TRUE;

    case VS_RESULTS_EXPORT_HGRM:
      for (guint t = 0; t < n_targets; t++)
        {
          char *text;

          if (target != VS_RESULTS_EXPORT_ALL_TARGETS && t != target)
            continue;
          text = vs_report_hgrm (session, t);
          if (text == NULL)
            continue;
          if (target == VS_RESULTS_EXPORT_ALL_TARGETS)
            {
              g_autofree char *fallback = g_strdup_printf ("target-%u", t + 1);
              g_autofree char *base = safe_file_name (target_label (session, t), fallback);
              g_autofree char *name = g_strconcat (base, ".hgrm", NULL);
              g_autoptr(GFile) child = g_file_get_child (file, name);

              export_add (data, child, text);
            }
          else
            export_add (data, file, text);
        }
      if (data->files->len == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("No latency was recorded for %s"),
                       target < n_targets ? target_label (session, target) : _("any target"));
          return FALSE;
        }
      return TRUE;

    case VS_RESULTS_EXPORT_LATENCY_PNG:
    case VS_RESULTS_EXPORT_LATENCY_SVG:
    case VS_RESULTS_EXPORT_THROUGHPUT_PNG:
    case VS_RESULTS_EXPORT_THROUGHPUT_SVG:
      if (what == VS_RESULTS_EXPORT_LATENCY_PNG || what == VS_RESULTS_EXPORT_LATENCY_SVG)
        {
          chart = self->latency_chart;
          width = LATENCY_EXPORT_WIDTH;
          height = LATENCY_EXPORT_HEIGHT;
        }
      else
        {
          chart = self->throughput_chart;
          width = THROUGHPUT_EXPORT_WIDTH;
          height = THROUGHPUT_EXPORT_HEIGHT;
        }
      svg = what == VS_RESULTS_EXPORT_LATENCY_SVG || what == VS_RESULTS_EXPORT_THROUGHPUT_SVG;
      /* the chart must show the session as it is now */
      if (self->refresh_source != 0 || self->dirty)
        vs_results_page_refresh (self);
      bytes = render_chart (chart, svg, width, height, error);
      if (bytes == NULL)
        return FALSE;
      g_ptr_array_add (data->files, g_object_ref (file));
      g_ptr_array_add (data->contents, bytes);
      return TRUE;

    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Unknown export %d", what);
      return FALSE;
    }
}

void
vs_results_page_export_async (VsResultsPage       *self,
                              VsResultsExport      what,
                              guint                target,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ExportData *data;

  g_return_if_fail (VS_IS_RESULTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vs_results_page_export_async);

  if (self->session == NULL || vs_session_get_results (self->session)->len == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There are no results to export"));
      return;
    }

  data = g_new0 (ExportData, 1);
  data->files = g_ptr_array_new_with_free_func (g_object_unref);
  data->contents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  if (!export_prepare (self, what, target, file, data, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  export_write_next (g_steal_pointer (&task));
}

gboolean
vs_results_page_export_finish (VsResultsPage  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (VS_IS_RESULTS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* The Export menu                                                         */

/* A toast; with @uri, an Open button shows that file or folder
 * (win.show-uri, which the window provides). */
static void
show_toast (VsResultsPage *self,
            const char    *text,
            const char    *uri)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_warning ("%s", text);
      return;
    }
  toast = adw_toast_new (text);
  if (uri != NULL)
    {
      adw_toast_set_button_label (toast, _("Open"));
      adw_toast_set_action_name (toast, "win.show-uri");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
      adw_toast_set_timeout (toast, 8);
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

typedef struct
{
  char *name;
  char *uri;
} Exported;

static void
exported_free (Exported *exported)
{
  g_free (exported->name);
  g_free (exported->uri);
  g_free (exported);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exported, exported_free)

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VsResultsPage *self = VS_RESULTS_PAGE (object);
  g_autoptr(Exported) exported = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (vs_results_page_export_finish (self, result, &error))
    {
      text = g_strdup_printf (_("Saved “%s”"), exported->name);
      show_toast (self, text, exported->uri);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  text = g_strdup_printf (_("Could not save “%s”: %s"), exported->name, error->message);
  show_toast (self, text, NULL);
}

typedef struct
{
  VsResultsPage   *self;
  VsResultsExport  what;
  guint            target;
} ChooserData;

/**
 * vs_results_page_save_export:
 *
 * Writes @what to @file, as the Export menu does once a file is chosen:
 * a toast then says it was saved, with an Open button, or why it was not.
 */
void
vs_results_page_save_export (VsResultsPage   *self,
                             VsResultsExport  what,
                             guint            target,
                             GFile           *file)
{
  g_autoptr(GFileInfo) info = NULL;
  Exported *exported = g_new0 (Exported, 1);

  g_return_if_fail (VS_IS_RESULTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  exported->name = info ? g_strdup (g_file_info_get_display_name (info)) : g_file_get_basename (file);
  exported->uri = g_file_get_uri (file);

  if (what == VS_RESULTS_EXPORT_HGRM && target == VS_RESULTS_EXPORT_ALL_TARGETS)
    g_set_object (&self->last_folder, file);
  else
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);

      g_set_object (&self->last_folder, parent);
    }
  vs_results_page_export_async (self, what, target, file, NULL, export_done_cb, exported);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  ChooserData *data = user_data;
  g_autoptr(VsResultsPage) self = data->self;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (file != NULL)
    vs_results_page_save_export (self, data->what, data->target, file);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_free (data);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VsResultsPage *self = VS_RESULTS_PAGE (widget);
  const char *what_text = g_variant_get_string (parameter, NULL);
  const char *session_name = vs_session_get_name (self->session);
  g_autofree char *base = safe_file_name (session_name, "versus");
  g_autofree char *suggested = NULL;
  GtkFileChooserAction action = GTK_FILE_CHOOSER_ACTION_SAVE;
  GtkFileChooserNative *native;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *title;
  ChooserData *data;

  data = g_new0 (ChooserData, 1);
  data->target = 0;

  if (g_str_equal (what_text, "markdown"))
    {
      data->what = VS_RESULTS_EXPORT_MARKDOWN;
      title = _("Export Report as Markdown");
      suggested = g_strconcat (base, ".md", NULL);
      gtk_file_filter_set_name (filter, _("Markdown"));
      gtk_file_filter_add_pattern (filter, "*.md");
    }
  else if (g_str_equal (what_text, "csv"))
    {
      data->what = VS_RESULTS_EXPORT_CSV;
      title = _("Export Trials as CSV");
      suggested = g_strconcat (base, ".csv", NULL);
      gtk_file_filter_set_name (filter, _("CSV"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
    }
  else if (g_str_equal (what_text, "json"))
    {
      data->what = VS_RESULTS_EXPORT_JSON;
      title = _("Export Results as JSON");
      suggested = g_strconcat (base, ".json", NULL);
      gtk_file_filter_set_name (filter, _("JSON"));
      gtk_file_filter_add_mime_type (filter, "application/json");
    }
  else if (g_str_has_prefix (what_text, "hgrm:"))
    {
      data->what = VS_RESULTS_EXPORT_HGRM;
      gtk_file_filter_set_name (filter, _("HdrHistogram percentiles"));
      gtk_file_filter_add_pattern (filter, "*.hgrm");
      if (g_str_equal (what_text + 5, "all"))
        {
          data->target = VS_RESULTS_EXPORT_ALL_TARGETS;
          action = GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;
          title = _("Export the Latency of Every Target into a Folder");
          g_clear_object (&filter);
        }
      else
        {
          guint64 t = g_ascii_strtoull (what_text + 5, NULL, 10);
          g_autofree char *fallback = g_strdup_printf ("target-%u", (guint) t + 1);
          g_autofree char *label = safe_file_name (target_label (self->session, t), fallback);

          data->target = (guint) t;
          title = _("Export Latency as .hgrm");
          suggested = g_strdup_printf ("%s-%s.hgrm", base, label);
        }
    }
  else
    {
      gboolean latency = g_str_has_prefix (what_text, "latency-");
      gboolean svg = g_str_has_suffix (what_text, "-svg");

      if (latency)
        data->what = svg ? VS_RESULTS_EXPORT_LATENCY_SVG : VS_RESULTS_EXPORT_LATENCY_PNG;
      else
        data->what = svg ? VS_RESULTS_EXPORT_THROUGHPUT_SVG : VS_RESULTS_EXPORT_THROUGHPUT_PNG;
      title = svg ? _("Export Chart as SVG") : _("Export Chart as PNG");
      suggested = g_strdup_printf ("%s-%s.%s", base, latency ? "latency" : "requests",
                                   svg ? "svg" : "png");
      gtk_file_filter_set_name (filter, svg ? _("SVG image") : _("PNG image"));
      gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
    }

  native = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        action,
                                        action == GTK_FILE_CHOOSER_ACTION_SAVE ? _("_Save")
                                                                               : _("_Select"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (self->last_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), self->last_folder, NULL);
  if (suggested != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  data->self = g_object_ref (self);
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

static void
session_changed_cb (VsResultsPage *self)
{
  queue_refresh (self);
}

void
vs_results_page_set_session (VsResultsPage *self,
                             VsSession     *session)
{
  g_return_if_fail (VS_IS_RESULTS_PAGE (self));
  g_return_if_fail (session == NULL || VS_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_handler, self->session);
  g_set_object (&self->session, session);
  if (session != NULL)
    self->changed_handler = g_signal_connect_object (session, "changed",
                                                     G_CALLBACK (session_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
  vs_results_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * vs_results_page_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
VsSession *
vs_results_page_get_session (VsResultsPage *self)
{
  g_return_val_if_fail (VS_IS_RESULTS_PAGE (self), NULL);
  return self->session;
}

GtkWidget *
vs_results_page_new (void)
{
  return g_object_new (VS_TYPE_RESULTS_PAGE, NULL);
}

static void
vs_results_page_map (GtkWidget *widget)
{
  VsResultsPage *self = VS_RESULTS_PAGE (widget);

  GTK_WIDGET_CLASS (vs_results_page_parent_class)->map (widget);
  if (self->dirty)
    vs_results_page_refresh (self);
}

static void
vs_results_page_dispose (GObject *object)
{
  VsResultsPage *self = VS_RESULTS_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_handler, self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->last_folder);
  g_clear_pointer (&self->menu_signature, g_free);
  self->latency_chart = NULL;
  self->throughput_chart = NULL;
  /* the stack is both AdwBin's child and a template child: let go of it once */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_RESULTS_PAGE);

  G_OBJECT_CLASS (vs_results_page_parent_class)->dispose (object);
}

static void
vs_results_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VsResultsPage *self = VS_RESULTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, vs_results_page_get_session (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_results_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VsResultsPage *self = VS_RESULTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      vs_results_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_results_page_class_init (VsResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_results_page_dispose;
  object_class->get_property = vs_results_page_get_property;
  object_class->set_property = vs_results_page_set_property;
  widget_class->map = vs_results_page_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         VS_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/versusbench/Versus/ui/vs-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, profile_label);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, more_box);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, more_label);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, more_spin);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, more_button);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, comparison_grid);
  gtk_widget_class_bind_template_callback (widget_class, more_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, latency_card);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, throughput_card);
  gtk_widget_class_bind_template_child (widget_class, VsResultsPage, trials_grid);

  gtk_widget_class_install_action (widget_class, "results.export", "s", export_action_cb);
}

static void
vs_results_page_init (VsResultsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->more_spin, "value-changed", G_CALLBACK (more_spin_changed), self,
                           G_CONNECT_SWAPPED);

  self->latency_chart = VS_CHART (vs_chart_new (VS_CHART_PERCENTILES));
  /* Translators: the distribution comes from the histograms of every trial merged into one */
  vs_chart_set_title (self->latency_chart, _("Latency by percentile, every trial’s requests merged"));
  vs_chart_set_units (self->latency_chart, VS_UNIT_PERCENTILE, VS_UNIT_MILLISECONDS);
  gtk_widget_set_size_request (GTK_WIDGET (self->latency_chart), -1, 340);
  gtk_widget_set_hexpand (GTK_WIDGET (self->latency_chart), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->latency_chart), TRUE);
  gtk_box_append (self->latency_card, GTK_WIDGET (self->latency_chart));

  self->throughput_chart = VS_CHART (vs_chart_new (VS_CHART_BARS));
  vs_chart_set_title (self->throughput_chart, _("Requests/s, mean of the trials"));
  vs_chart_set_units (self->throughput_chart, VS_UNIT_NONE, VS_UNIT_REQUESTS_PER_S);
  gtk_widget_set_size_request (GTK_WIDGET (self->throughput_chart), -1, 340);
  gtk_widget_set_vexpand (GTK_WIDGET (self->throughput_chart), TRUE);
  gtk_box_append (self->throughput_card, GTK_WIDGET (self->throughput_chart));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.export", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}
