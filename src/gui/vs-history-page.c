/* vs-history-page.c — past runs: search, filter, overlay, trends
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
#include <math.h>

#include "vs-chart.h"
#include "vs-gui-util.h"
#include "vs-history-page.h"
#include "vs-report.h"
#include "vs-run-result.h"

/* Percentile sampling of an overlaid run, as on the results page. */
#define NINES_MAX   5.0
#define NINES_STEPS 50

typedef enum
{
  COLUMN_DATE,
  COLUMN_SESSION,
  COLUMN_TARGET,
  COLUMN_TRIAL,
  COLUMN_STATUS,
  COLUMN_REQUESTS_PER_S,
  COLUMN_P50,
  COLUMN_P99,
  COLUMN_MEMORY,
  N_COLUMNS
} Column;

typedef enum
{
  TREND_REQUESTS_PER_S,
  TREND_P50,
  TREND_P99,
  TREND_MEMORY,
} TrendMetric;

/* ---------------------------------------------------------------------- */
/* VsHistoryRow: one entry in the list model                               */

#define VS_TYPE_HISTORY_ROW (vs_history_row_get_type ())
G_DECLARE_FINAL_TYPE (VsHistoryRow, vs_history_row, VS, HISTORY_ROW, GObject)

struct _VsHistoryRow
{
  GObject         parent_instance;

  VsHistoryEntry *entry;
  VsRunResult    *result;    /* parsed from the entry's JSON on demand */
  char           *date_text;
  guint           parsed : 1;
};

G_DEFINE_FINAL_TYPE (VsHistoryRow, vs_history_row, G_TYPE_OBJECT)

static void
vs_history_row_finalize (GObject *object)
{
  VsHistoryRow *self = VS_HISTORY_ROW (object);

  g_clear_pointer (&self->entry, vs_history_entry_free);
  g_clear_pointer (&self->result, vs_run_result_unref);
  g_clear_pointer (&self->date_text, g_free);

  G_OBJECT_CLASS (vs_history_row_parent_class)->finalize (object);
}

static void
vs_history_row_class_init (VsHistoryRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vs_history_row_finalize;
}

static void
vs_history_row_init (VsHistoryRow *self)
{
}

static char *
format_date (gint64 date)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (date);

  return when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static VsHistoryRow *
vs_history_row_new (VsHistoryEntry *entry)   /* (transfer full) */
{
  VsHistoryRow *self = g_object_new (VS_TYPE_HISTORY_ROW, NULL);

  self->entry = entry;
  self->date_text = format_date (entry->date);
  return self;
}

/* The full run, or NULL when its JSON does not hold one. */
static VsRunResult *
vs_history_row_get_result (VsHistoryRow *self)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (self->parsed)
    return self->result;
  self->parsed = TRUE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, self->entry->json, -1, &error))
    {
      g_debug ("History run %" G_GINT64_FORMAT ": %s", self->entry->id, error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  self->result = vs_run_result_from_json (json_node_get_object (root), "", &error);
  if (self->result == NULL)
    g_debug ("History run %" G_GINT64_FORMAT ": %s", self->entry->id, error->message);
  return self->result;
}

/* "Express #3 (2026-11-25 19:02)" */
static char *
vs_history_row_dup_title (VsHistoryRow *self)
{
  /* Translators: a run in the history: target, trial and date: "Express #3 (2026-11-25 19:02)" */
  return g_strdup_printf (_("%s #%u (%s)"), self->entry->target_label, self->entry->trial + 1,
                          self->date_text);
}

/* ---------------------------------------------------------------------- */
/* The page                                                                */

struct _VsHistoryPage
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkPaned          *paned;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *target_dropdown;
  GtkDropDown       *scenario_dropdown;
  GtkDropDown       *date_dropdown;
  GtkStack          *list_stack;
  GtkColumnView     *column_view;
  GtkLabel          *count_label;
  GtkButton         *open_run_button;
  GtkStack          *overlay_stack;
  GtkBox            *trend_card;
  GtkLabel          *trend_caption;
  GtkDropDown       *metric_dropdown;

  /* Owned */
  VsChart           *overlay_chart;
  VsChart           *trend_chart;
  VsHistory         *history;
  GListStore        *store;        /* (element-type VsHistoryRow) */
  GtkSortListModel  *sorted;
  GtkMultiSelection *selection;
  GtkStringList     *targets;      /* "All Targets", then each label */
  GtkStringList     *scenarios;    /* "All Scenarios", then each scenario */
  GCancellable      *index_cancellable;
  GCancellable      *query_cancellable;
  GCancellable      *open_cancellable;

  guint              updating_filters : 1;
  guint              disposed : 1;
};

G_DEFINE_FINAL_TYPE (VsHistoryPage, vs_history_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_SESSION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void run_query (VsHistoryPage *self);

/* Targets keep one colour wherever they show: their place among every
 * label of the history. */
static guint
target_index (VsHistoryPage *self,
              const char    *label)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->targets));

  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->targets, i), label) == 0)
      return i - 1;
  return n;
}

static double
entry_value (const VsHistoryEntry *e,
             Column                column)
{
  switch (column)
    {
    case COLUMN_DATE: return e->date;
    case COLUMN_TRIAL: return e->trial;
    case COLUMN_REQUESTS_PER_S: return e->requests_per_s;
    case COLUMN_P50: return e->p50_ms;
    case COLUMN_P99: return e->p99_ms;
    case COLUMN_MEMORY: return e->memory_peak_bytes >= 0 ? (double) e->memory_peak_bytes : NAN;
    case COLUMN_SESSION:
    case COLUMN_TARGET:
    case COLUMN_STATUS:
    case N_COLUMNS:
    default:
      return NAN;
    }
}

static char *
entry_text (const VsHistoryEntry *e,
            Column                column)
{
  switch (column)
    {
    case COLUMN_SESSION: return g_strdup (e->session_name ? e->session_name : "—");
    case COLUMN_TARGET: return g_strdup (e->target_label);
    case COLUMN_TRIAL: return g_strdup_printf ("%u", e->trial + 1);
    case COLUMN_STATUS:
      if (g_strcmp0 (e->status, "ok") == 0)
        return g_strdup (_("OK"));
      if (g_strcmp0 (e->status, "failed") == 0)
        return g_strdup (_("Failed"));
      if (g_strcmp0 (e->status, "cancelled") == 0)
        return g_strdup (_("Cancelled"));
      return g_strdup (e->status);
    case COLUMN_REQUESTS_PER_S:
      return vs_metric_format (VS_METRIC_REQUESTS_PER_S, e->requests_per_s);
    case COLUMN_P50: return vs_metric_format (VS_METRIC_P50, e->p50_ms);
    case COLUMN_P99: return vs_metric_format (VS_METRIC_P99, e->p99_ms);
    case COLUMN_MEMORY: return vs_metric_format (VS_METRIC_MEMORY, entry_value (e, COLUMN_MEMORY));
    case COLUMN_DATE:
    case N_COLUMNS:
    default:
      return NULL;
    }
}

/* ---------------------------------------------------------------------- */
/* Columns                                                                 */

static gboolean
column_is_numeric (Column column)
{
  return column == COLUMN_TRIAL || column >= COLUMN_REQUESTS_PER_S;
}

static void
column_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  if (column_is_numeric (column) || column == COLUMN_DATE)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }

  if (column == COLUMN_TARGET)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *dot = gtk_label_new (NULL);

      gtk_accessible_update_state (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (box), dot);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (item, box);
      return;
    }
  if (column == COLUMN_DATE)
    gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_list_item_set_child (item, label);
}

static void
column_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  VsHistoryRow *row = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  VsHistoryPage *self = g_object_get_data (G_OBJECT (factory), "page");
  g_autofree char *text = NULL;

  /* which row a click lands on, for Ctrl+click (row_click_pressed_cb) */
  g_object_set_data (G_OBJECT (child), "vs-row-position",
                     GUINT_TO_POINTER (gtk_list_item_get_position (item) + 1));

  if (column == COLUMN_DATE)
    {
      gtk_label_set_text (GTK_LABEL (child), row->date_text);
      return;
    }

  text = entry_text (row->entry, column);

  if (column == COLUMN_TARGET)
    {
      GtkWidget *dot = gtk_widget_get_first_child (child);
      g_autofree char *markup = NULL;
      GdkRGBA color;
      char hex[8];

      vs_chart_target_color (target_index (self, row->entry->target_label), vs_style_is_dark (), &color);
      vs_color_to_hex (&color, hex);
      markup = g_strdup_printf ("<span foreground=\"%s\">●</span>", hex);
      gtk_label_set_markup (GTK_LABEL (dot), markup);
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (dot)), text);
      return;
    }

  gtk_label_set_text (GTK_LABEL (child), text);

  if (column == COLUMN_STATUS)
    {
      gboolean failed = g_strcmp0 (row->entry->status, "failed") == 0;
      gboolean ok = g_strcmp0 (row->entry->status, "ok") == 0;
      const char *tooltip = NULL;

      if (failed)
        gtk_widget_add_css_class (child, "error");
      else
        gtk_widget_remove_css_class (child, "error");
      if (!ok)
        {
          VsRunResult *result = vs_history_row_get_result (row);

          tooltip = result ? result->error : NULL;
        }
      gtk_widget_set_tooltip_text (child, tooltip);
    }
  else if (column == COLUMN_SESSION)
    gtk_widget_set_tooltip_text (child, row->entry->source ? row->entry->source : NULL);
}

static int
column_compare (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  const VsHistoryEntry *ea = VS_HISTORY_ROW ((gpointer) a)->entry;
  const VsHistoryEntry *eb = VS_HISTORY_ROW ((gpointer) b)->entry;

  if (column == COLUMN_SESSION || column == COLUMN_TARGET || column == COLUMN_STATUS)
    {
      g_autofree char *ta = entry_text (ea, column);
      g_autofree char *tb = entry_text (eb, column);

      return g_utf8_collate (ta, tb);
    }
  else
    {
      double va = entry_value (ea, column);
      double vb = entry_value (eb, column);

      /* unknown values last */
      if (isnan (va) || isnan (vb))
        return isnan (va) - isnan (vb);
      return (va > vb) - (va < vb);
    }
}

static void
add_column (VsHistoryPage *self,
            Column         column,
            const char    *title,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  g_autoptr(GtkCustomSorter) sorter = NULL;

  g_object_set_data (G_OBJECT (factory), "page", self);
  g_signal_connect (factory, "setup", G_CALLBACK (column_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (column_bind_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  sorter = gtk_custom_sorter_new (column_compare, GINT_TO_POINTER (column), NULL);
  gtk_column_view_column_set_sorter (view_column, GTK_SORTER (sorter));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
}

/* ---------------------------------------------------------------------- */
/* Charts                                                                  */

static void
update_count (VsHistoryPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n_selected = (guint) gtk_bitset_get_size (selected);
  g_autofree char *runs =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", n), n);

  if (n_selected > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u selected",
                                                            "%s · %u selected", n_selected),
                                               runs, n_selected);

      gtk_label_set_text (self->count_label, text);
    }
  else
    gtk_label_set_text (self->count_label, runs);
}

static void
update_overlay (VsHistoryPage *self)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GHashTable) repeats = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean dark = vs_style_is_dark ();
  GtkBitsetIter iter;
  guint position;
  guint n = 0;

  vs_chart_clear (self->overlay_chart);

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(VsHistoryRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                           position);
      VsRunResult *result = vs_history_row_get_result (row);
      g_autofree char *title = NULL;
      double x[NINES_STEPS + 1];
      double y[NINES_STEPS + 1];
      GdkRGBA color;
      guint series;
      guint repeat;

      if (result == NULL || result->latency == NULL ||
          vs_histogram_get_count (result->latency) == 0)
        continue;

      for (guint i = 0; i <= NINES_STEPS; i++)
        {
          double nines = NINES_MAX * i / NINES_STEPS;

          x[i] = 100.0 * (1.0 - pow (10.0, -nines));
          y[i] = vs_histogram_get_percentile (result->latency, x[i]) / 1000.0;
        }
      /* a run has its target's colour; further runs of the same target
       * are dashed, then paler */
      repeat = GPOINTER_TO_UINT (g_hash_table_lookup (repeats, row->entry->target_label));
      g_hash_table_insert (repeats, row->entry->target_label, GUINT_TO_POINTER (repeat + 1));
      vs_chart_target_color (target_index (self, row->entry->target_label), dark, &color);
      if (repeat >= 2)
        {
          float mix = MIN (0.6f, 0.3f * (repeat / 2));
          float background = dark ? 0.15f : 1.0f;

          color.red += (background - color.red) * mix;
          color.green += (background - color.green) * mix;
          color.blue += (background - color.blue) * mix;
        }
      title = vs_history_row_dup_title (row);
      series = vs_chart_add_series (self->overlay_chart, title, &color);
      vs_chart_series_set_dashed (self->overlay_chart, series, repeat % 2 == 1);
      vs_chart_series_set_data (self->overlay_chart, series, x, y, G_N_ELEMENTS (x));
      n++;
    }

  gtk_stack_set_visible_child_name (self->overlay_stack, n > 0 ? "chart" : "hint");
  update_count (self);
}

typedef struct
{
  char   *label;
  GArray *x;
  GArray *y;
} TrendSeries;

static void
trend_series_free (TrendSeries *series)
{
  g_free (series->label);
  g_array_unref (series->x);
  g_array_unref (series->y);
  g_free (series);
}

static void
update_trend (VsHistoryPage *self)
{
  static const struct { Column column; VsUnit unit; const char *title; } metrics[] = {
    [TREND_REQUESTS_PER_S] = { COLUMN_REQUESTS_PER_S, VS_UNIT_REQUESTS_PER_S,
                               N_("Requests/s over time") },
    [TREND_P50] = { COLUMN_P50, VS_UNIT_MILLISECONDS, N_("Latency p50 over time") },
    [TREND_P99] = { COLUMN_P99, VS_UNIT_MILLISECONDS, N_("Latency p99 over time") },
    [TREND_MEMORY] = { COLUMN_MEMORY, VS_UNIT_BYTES, N_("Peak memory over time") },
  };
  guint metric = MIN (gtk_drop_down_get_selected (self->metric_dropdown),
                      G_N_ELEMENTS (metrics) - 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func ((GDestroyNotify) trend_series_free);
  gboolean dark = vs_style_is_dark ();
  gint64 first = G_MAXINT64;
  gint64 last = G_MININT64;
  double scale;

  vs_chart_clear (self->trend_chart);
  vs_chart_set_title (self->trend_chart, _(metrics[metric].title));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VsHistoryRow) row = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_strcmp0 (row->entry->status, "ok") == 0 &&
          isfinite (entry_value (row->entry, metrics[metric].column)))
        {
          first = MIN (first, row->entry->date);
          last = MAX (last, row->entry->date);
        }
    }

  if (first == G_MAXINT64)
    {
      vs_chart_set_units (self->trend_chart, VS_UNIT_SECONDS, metrics[metric].unit);
      gtk_label_set_text (self->trend_caption, _("No finished runs to plot"));
      return;
    }

  /* x counts from the first run shown, in a unit that suits the span */
  if (last - first >= 2 * 24 * 3600)
    {
      scale = 24 * 3600;
      vs_chart_set_units (self->trend_chart, VS_UNIT_NONE, metrics[metric].unit);
    }
  else if (last - first >= 3 * 3600)
    {
      scale = 3600;
      vs_chart_set_units (self->trend_chart, VS_UNIT_NONE, metrics[metric].unit);
    }
  else
    {
      scale = 1;
      vs_chart_set_units (self->trend_chart, VS_UNIT_SECONDS, metrics[metric].unit);
    }
  /* runs a few seconds apart (or one run) still get an axis to read: a
   * minute at least, not a single "0 s" */
  if (scale == 1 && last - first < 60)
    vs_chart_set_x_range (self->trend_chart, 0, 60);
  else
    vs_chart_set_x_range (self->trend_chart, NAN, NAN);

  /* the store is newest first: walk it backwards, so x grows */
  for (guint i = n; i-- > 0;)
    {
      g_autoptr(VsHistoryRow) row = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      double value = entry_value (row->entry, metrics[metric].column);
      TrendSeries *s = NULL;
      double x;

      if (g_strcmp0 (row->entry->status, "ok") != 0 || !isfinite (value))
        continue;
      for (guint k = 0; k < series->len && s == NULL; k++)
        {
          TrendSeries *candidate = g_ptr_array_index (series, k);

          if (g_strcmp0 (candidate->label, row->entry->target_label) == 0)
            s = candidate;
        }
      if (s == NULL)
        {
          s = g_new0 (TrendSeries, 1);
          s->label = g_strdup (row->entry->target_label);
          s->x = g_array_new (FALSE, FALSE, sizeof (double));
          s->y = g_array_new (FALSE, FALSE, sizeof (double));
          g_ptr_array_add (series, s);
        }
      x = (double) (row->entry->date - first) / scale;
      g_array_append_val (s->x, x);
      g_array_append_val (s->y, value);
    }

  for (guint k = 0; k < series->len; k++)
    {
      TrendSeries *s = g_ptr_array_index (series, k);
      GdkRGBA color;
      guint index;

      vs_chart_target_color (target_index (self, s->label), dark, &color);
      index = vs_chart_add_series (self->trend_chart, s->label, &color);
      vs_chart_series_set_data (self->trend_chart, index, (double *) s->x->data,
                                (double *) s->y->data, s->x->len);
    }

  {
    g_autofree char *since = format_date (first);
    g_autofree char *caption = NULL;

    if (scale > 3600)
      caption = g_strdup_printf (_("Days since %s"), since);
    else if (scale > 1)
      caption = g_strdup_printf (_("Hours since %s"), since);
    else
      caption = g_strdup_printf (_("Time since %s"), since);

    gtk_label_set_text (self->trend_caption, caption);
  }
}

/* ---------------------------------------------------------------------- */
/* Queries                                                                 */

static void
set_rows (VsHistoryPage *self,
          GPtrArray     *entries)   /* (transfer full) */
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GHashTable) selected_ids =
    g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;
  guint n;

  /* a new query keeps the runs that were selected and still show */
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(VsHistoryRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                           position);

      g_hash_table_add (selected_ids, g_memdup2 (&row->entry->id, sizeof (gint64)));
    }

  /* the rows take the entries over */
  g_ptr_array_set_free_func (entries, NULL);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (rows, vs_history_row_new (g_ptr_array_index (entries, i)));
  g_ptr_array_unref (entries);

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       rows->pdata, rows->len);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  if (g_hash_table_size (selected_ids) > 0)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(VsHistoryRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

        if (g_hash_table_contains (selected_ids, &row->entry->id))
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, FALSE);
      }

  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "no-match");
  update_trend (self);
  update_overlay (self);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VsHistoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  entries = vs_history_query_finish (VS_HISTORY (object), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&entries, g_ptr_array_unref);
      return;
    }
  if (entries == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the history: %s"), error->message);

      gtk_label_set_text (self->count_label, text);
      return;
    }
  set_rows (self, entries);
}

static const char *
dropdown_choice (GtkDropDown   *dropdown,
                 GtkStringList *list)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (list, selected);
}

static void
run_query (VsHistoryPage *self)
{
  static const gint64 ranges[] = { 0, 24 * 3600, 7 * 24 * 3600, 30 * 24 * 3600 };
  VsHistoryFilter filter = { 0 };
  guint range = gtk_drop_down_get_selected (self->date_dropdown);

  if (self->history == NULL || self->updating_filters)
    return;

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();

  filter.text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter.target_label = dropdown_choice (self->target_dropdown, self->targets);
  filter.scenario = dropdown_choice (self->scenario_dropdown, self->scenarios);
  if (range < G_N_ELEMENTS (ranges) && ranges[range] > 0)
    filter.since = g_get_real_time () / G_USEC_PER_SEC - ranges[range];

  vs_history_query_async (self->history, &filter, self->query_cancellable, query_cb,
                          g_object_ref (self));
}

/* What the filters offer: every target and scenario of the history. */
typedef struct
{
  GStrv targets;
  GStrv scenarios;
} IndexResult;

static void
index_result_free (IndexResult *index)
{
  g_strfreev (index->targets);
  g_strfreev (index->scenarios);
  g_free (index);
}

static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  VsHistory *history = task_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) targets = NULL;
  g_auto(GStrv) scenarios = NULL;
  IndexResult *index;

  targets = vs_history_list_targets (history, &error);
  if (targets != NULL)
    scenarios = vs_history_list_scenarios (history, &error);
  if (scenarios == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  index = g_new0 (IndexResult, 1);
  index->targets = g_steal_pointer (&targets);
  index->scenarios = g_steal_pointer (&scenarios);
  g_task_return_pointer (task, index, (GDestroyNotify) index_result_free);
}

/* Replaces the choices after the first ("All …"), keeping the one chosen. */
static void
set_choices (GtkDropDown   *dropdown,
             GtkStringList *list,
             const char    *const *choices)
{
  const char *current = NULL;
  g_autofree char *keep = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint selected = 0;

  current = dropdown_choice (dropdown, list);
  keep = g_strdup (current);
  gtk_string_list_splice (list, 1, n - 1, choices);
  for (guint i = 0; keep != NULL && choices[i] != NULL; i++)
    if (g_str_equal (choices[i], keep))
      selected = i + 1;
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
index_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VsHistoryPage *self = VS_HISTORY_PAGE (object);
  g_autoptr(GError) error = NULL;
  IndexResult *index;

  index = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&index, index_result_free);
      return;
    }
  if (index == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("History Unavailable"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (index->targets[0] == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      g_list_store_remove_all (self->store);
      update_trend (self);
      update_overlay (self);
    }
  else
    {
      self->updating_filters = TRUE;
      set_choices (self->target_dropdown, self->targets, (const char * const *) index->targets);
      set_choices (self->scenario_dropdown, self->scenarios,
                   (const char * const *) index->scenarios);
      self->updating_filters = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "history");
      run_query (self);
    }
  index_result_free (index);
}

void
vs_history_page_reload (VsHistoryPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VS_IS_HISTORY_PAGE (self));

  g_cancellable_cancel (self->index_cancellable);
  g_clear_object (&self->index_cancellable);

  if (self->history == NULL)
    {
      g_cancellable_cancel (self->query_cancellable);
      g_list_store_remove_all (self->store);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->index_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->index_cancellable, index_cb, NULL);
  g_task_set_source_tag (task, vs_history_page_reload);
  g_task_set_task_data (task, g_object_ref (self->history), g_object_unref);
  g_task_run_in_thread (task, index_thread);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

void
vs_history_page_set_history (VsHistoryPage *self,
                             VsHistory     *history)
{
  g_return_if_fail (VS_IS_HISTORY_PAGE (self));
  g_return_if_fail (history == NULL || VS_IS_HISTORY (history));

  if (!g_set_object (&self->history, history))
    return;
  vs_history_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

/**
 * vs_history_page_get_history:
 *
 * Returns: (transfer none) (nullable): the history shown
 */
VsHistory *
vs_history_page_get_history (VsHistoryPage *self)
{
  g_return_val_if_fail (VS_IS_HISTORY_PAGE (self), NULL);
  return self->history;
}

/**
 * vs_history_page_show_session:
 *
 * Shows the runs of the comparison called @name (a search for it), all
 * dates, every target: the earlier runs to lay over the last one.
 */
void
vs_history_page_show_session (VsHistoryPage *self,
                              const char    *name)
{
  g_return_if_fail (VS_IS_HISTORY_PAGE (self));

  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->target_dropdown, 0);
  gtk_drop_down_set_selected (self->scenario_dropdown, 0);
  gtk_drop_down_set_selected (self->date_dropdown, 0);
  self->updating_filters = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), name ? name : "");
  /* the search entry reports a change after a delay: ask now */
  run_query (self);
}

GtkWidget *
vs_history_page_new (void)
{
  return g_object_new (VS_TYPE_HISTORY_PAGE, NULL);
}

static void
filter_changed_cb (VsHistoryPage *self)
{
  run_query (self);
}

static void
selection_changed_cb (VsHistoryPage *self)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  update_overlay (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_run_button), gtk_bitset_get_size (selected) == 1);
}

/* ---------------------------------------------------------------------- */
/* Opening a past run                                                      */

typedef struct
{
  VsHistory *history;
  char      *session_id;     /* (nullable) */
  char      *target_label;
  gint64     date;
  gint64     id;
} OpenRun;

static void
open_run_free (OpenRun *open)
{
  g_object_unref (open->history);
  g_free (open->session_id);
  g_free (open->target_label);
  g_free (open);
}

/* In a worker thread: every row of the chosen run's session, the rows of
 * that one run, and the session they make (each trial's JSON is parsed) */
static void
open_run_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  OpenRun *open = task_data;
  VsHistoryFilter filter = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) run = NULL;
  GError *error = NULL;
  VsSession *session;

  if (open->session_id != NULL)
    filter.session_id = open->session_id;
  else
    {
      /* a run without a session: that row alone */
      filter.target_label = open->target_label;
      filter.since = open->date;
      filter.until = open->date + 1;
    }
  entries = vs_history_query (open->history, &filter, &error);
  if (entries == NULL || g_task_return_error_if_cancelled (task))
    {
      if (entries == NULL)
        g_task_return_error (task, error);
      return;
    }
  run = vs_history_select_run (entries, open->id);
  session = vs_session_new_from_history (run, &error);
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

static void
open_run_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VsHistoryPage *self = VS_HISTORY_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) session = g_task_propagate_pointer (G_TASK (result), &error);

  if (session != NULL)
    g_signal_emit (self, signals[OPEN_SESSION], 0, session);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      g_autofree char *text = g_strdup_printf (_("The run could not be opened: %s"), error->message);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
      else
        g_warning ("%s", text);
    }
}

/* The run the selected row belongs to, rebuilt off the main thread */
static void
open_selected_run (VsHistoryPage *self)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(VsHistoryRow) row = NULL;
  g_autoptr(GTask) task = NULL;
  OpenRun *open;

  if (self->history == NULL || gtk_bitset_get_size (selected) != 1)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_nth (selected, 0));

  open = g_new0 (OpenRun, 1);
  open->history = g_object_ref (self->history);
  open->session_id = g_strdup (row->entry->session_id);
  open->target_label = g_strdup (row->entry->target_label);
  open->date = row->entry->date;
  open->id = row->entry->id;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->open_cancellable, open_run_done_cb, NULL);
  g_task_set_source_tag (task, open_selected_run);
  g_task_set_task_data (task, open, (GDestroyNotify) open_run_free);
  g_task_run_in_thread (task, open_run_thread);
}

/* The row position (+1) bound to @widget or to a descendant of it whose
 * row is at the height @y of @view, or 0 */
static guint
row_position (GtkWidget *widget,
              GtkWidget *view,
              double     y,
              guint      depth)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "vs-row-position"));
  graphene_point_t point = GRAPHENE_POINT_INIT (0, y), inside;
  GtkWidget *cell = gtk_widget_get_parent (widget);
  /* the label's cell's row: the height a click on this row lands in */
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  if (position != 0 &&
      (row == NULL || !gtk_widget_compute_point (view, row, &point, &inside) ||
       inside.y < -1 || inside.y > gtk_widget_get_height (row) + 1))   /* ± rounding at an edge */
    position = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && position == 0 && depth > 0;
       child = gtk_widget_get_next_sibling (child))
    position = row_position (child, view, y, depth - 1);
  return position;
}

/* Ctrl+click adds a run to the selection, or takes it out, as in every
 * GNOME list; GtkColumnView 4.8 moved the focus there and selected nothing
 * (Shift+click already extends). */
static void
row_click_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      VsHistoryPage   *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *widget;
  guint position = 0;

  if (n_press != 1 || (state & GDK_CONTROL_MASK) == 0 || (state & GDK_SHIFT_MASK) != 0)
    return;
  /* the row under the pointer (the pick may stop at the row, above its cells) */
  for (widget = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
       widget != NULL && widget != GTK_WIDGET (self->column_view) && position == 0;
       widget = gtk_widget_get_parent (widget))
    position = row_position (widget, GTK_WIDGET (self->column_view), y, 3);
  if (position-- == 0)
    return;

  if (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_unselect_item (GTK_SELECTION_MODEL (self->selection), position);
  else
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, FALSE);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
open_run_clicked_cb (VsHistoryPage *self)
{
  open_selected_run (self);
}

static void
row_activated_cb (VsHistoryPage *self,
                  guint          position)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  open_selected_run (self);
}

static void
style_changed_cb (VsHistoryPage *self)
{
  update_trend (self);
  update_overlay (self);
}

static void
vs_history_page_dispose (GObject *object)
{
  VsHistoryPage *self = VS_HISTORY_PAGE (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->index_cancellable);
  g_cancellable_cancel (self->query_cancellable);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->index_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->open_cancellable);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  self->overlay_chart = NULL;
  self->trend_chart = NULL;
  /* the stack is both AdwBin's child and a template child: let go of it once */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VS_TYPE_HISTORY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->store);
  g_clear_object (&self->targets);
  g_clear_object (&self->scenarios);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (vs_history_page_parent_class)->dispose (object);
}

static void
vs_history_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VsHistoryPage *self = VS_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, vs_history_page_get_history (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_history_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VsHistoryPage *self = VS_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      vs_history_page_set_history (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_history_page_class_init (VsHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vs_history_page_dispose;
  object_class->get_property = vs_history_page_get_property;
  object_class->set_property = vs_history_page_set_property;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL,
                         VS_TYPE_HISTORY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/versusbench/Versus/ui/vs-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, paned);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, open_run_button);
  gtk_widget_class_bind_template_callback (widget_class, open_run_clicked_cb);

  /**
   * VsHistoryPage::open-session:
   * @session: a #VsSession rebuilt from the history (not saved anywhere)
   *
   * The user asked to open a past run.
   */
  signals[OPEN_SESSION] = g_signal_new ("open-session", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, VS_TYPE_SESSION);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, overlay_stack);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, trend_card);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, trend_caption);
  gtk_widget_class_bind_template_child (widget_class, VsHistoryPage, metric_dropdown);
}

static void
vs_history_page_init (VsHistoryPage *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->targets = gtk_string_list_new ((const char * const []) { _("All Targets"), NULL });
  self->scenarios = gtk_string_list_new ((const char * const []) { _("All Scenarios"), NULL });
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (self->targets));
  gtk_drop_down_set_model (self->scenario_dropdown, G_LIST_MODEL (self->scenarios));

  add_column (self, COLUMN_DATE, _("Date"), FALSE);
  add_column (self, COLUMN_SESSION, _("Session"), TRUE);
  add_column (self, COLUMN_TARGET, _("Target"), FALSE);
  add_column (self, COLUMN_TRIAL, _("Trial"), FALSE);
  add_column (self, COLUMN_STATUS, _("Status"), FALSE);
  add_column (self, COLUMN_REQUESTS_PER_S, _("Req/s"), FALSE);
  add_column (self, COLUMN_P50, _("p50"), FALSE);
  add_column (self, COLUMN_P99, _("p99"), FALSE);
  add_column (self, COLUMN_MEMORY, _("Memory"), FALSE);

  self->store = g_list_store_new (VS_TYPE_HISTORY_ROW);
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                          sorter ? g_object_ref (sorter) : NULL);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect_object (click, "pressed", G_CALLBACK (row_click_pressed_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
  }
  /* a double click or Enter on a row opens its run */
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);

  self->overlay_chart = VS_CHART (vs_chart_new (VS_CHART_PERCENTILES));
  vs_chart_set_title (self->overlay_chart, _("Latency by percentile"));
  vs_chart_set_units (self->overlay_chart, VS_UNIT_PERCENTILE, VS_UNIT_MILLISECONDS);
  gtk_widget_set_size_request (GTK_WIDGET (self->overlay_chart), -1, 260);
  gtk_stack_add_named (self->overlay_stack, GTK_WIDGET (self->overlay_chart), "chart");
  gtk_stack_set_visible_child_name (self->overlay_stack, "hint");

  self->trend_chart = VS_CHART (vs_chart_new (VS_CHART_LINES));
  gtk_widget_set_size_request (GTK_WIDGET (self->trend_chart), -1, 260);
  gtk_widget_set_vexpand (GTK_WIDGET (self->trend_chart), TRUE);
  gtk_box_prepend (self->trend_card, GTK_WIDGET (self->trend_chart));

  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->target_dropdown, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scenario_dropdown, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_dropdown, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->metric_dropdown, "notify::selected",
                           G_CALLBACK (update_trend), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);

  update_trend (self);
  update_count (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}
