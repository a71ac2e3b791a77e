/* vs-run-result.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/utsname.h>
#include <glib/gi18n-lib.h>

#include "vs-json-reader.h"
#include "vs-json-util.h"
#include "vs-run-result.h"
#include "vs-util.h"

G_DEFINE_BOXED_TYPE (VsRunResult, vs_run_result, vs_run_result_ref, vs_run_result_unref)

static VsRunPoint *
vs_run_point_copy (const VsRunPoint *point)
{
  return g_memdup2 (point, sizeof *point);
}

G_DEFINE_BOXED_TYPE (VsRunPoint, vs_run_point, vs_run_point_copy, g_free)

void
vs_run_point_init_from_timeline (VsRunPoint            *self,
                                 const VsTimelinePoint *p)
{
  *self = (VsRunPoint) {
    .t_s = p->t_s,
    .warmup = p->warmup,
    .requests_per_s = p->interval_s > 0 ? p->requests / p->interval_s : NAN,
    .errors = p->errors,
    .p50_ms = p->requests ? p->p50_us / 1000.0 : NAN,
    .p90_ms = p->requests ? p->p90_us / 1000.0 : NAN,
    .p99_ms = p->requests ? p->p99_us / 1000.0 : NAN,
    .cpu_percent = NAN,
    .memory_bytes = NAN,
  };
}

#define MAX_TIMELINE_POINTS 1000000

VsRunResult *
vs_run_result_new (void)
{
  VsRunResult *self = g_new0 (VsRunResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->status_codes = g_array_new (FALSE, TRUE, sizeof (VsStatusCount));
  self->timeline = g_array_new (FALSE, TRUE, sizeof (VsRunPoint));
  self->startup_s = NAN;
  self->requests_per_s = NAN;
  self->mean_ms = self->p50_ms = self->p75_ms = self->p90_ms = NAN;
  self->p99_ms = self->p999_ms = self->p9999_ms = self->max_ms = NAN;
  self->cpu_mean_percent = self->cpu_peak_percent = NAN;
  self->fairness.min = self->fairness.median = self->fairness.max = NAN;
  self->memory_mean_bytes = self->memory_peak_bytes = NAN;
  self->versus_version = g_strdup (PACKAGE_VERSION);
  return self;
}

VsRunResult *
vs_run_result_ref (VsRunResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vs_run_result_unref (VsRunResult *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->target_label);
      g_free (self->error);
      g_free (self->rate_problem);
      g_array_unref (self->status_codes);
      g_clear_pointer (&self->latency, vs_histogram_free);
      g_array_unref (self->timeline);
      g_free (self->versus_version);
      g_free (self->runtime);
      g_free (self->runtime_version);
      g_free (self->image_id);
      g_free (self->kernel);
      g_free (self->cpu_model);
      g_clear_pointer (&self->profile, json_node_unref);
      g_clear_pointer (&self->server, json_node_unref);
      g_free (self);
    }
}

static const char * const status_names[] = {
  [VS_RUN_STATUS_OK] = "ok",
  [VS_RUN_STATUS_FAILED] = "failed",
  [VS_RUN_STATUS_CANCELLED] = "cancelled",
};

const char *
vs_run_status_to_string (VsRunStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

static double
ms (gint64 us)
{
  return us / 1000.0;
}

void
vs_run_result_set_load (VsRunResult        *self,
                        const VsLoadResult *load)
{
  const VsLoadCounters *t = load->totals;

  self->duration_s = load->duration_s;
  self->requests = t->requests;
  self->bytes = t->bytes;
  memcpy (self->errors, t->errors, sizeof self->errors);
  g_array_set_size (self->status_codes, 0);
  for (guint code = 0; code < VS_STATUS_CODE_MAX; code++)
    if (t->status_codes[code] > 0)
      {
        VsStatusCount c = { code, t->status_codes[code] };
        g_array_append_val (self->status_codes, c);
      }
  self->requests_per_s = load->duration_s > 0 ? t->requests / load->duration_s : NAN;
  vs_load_counters_get_fairness (t, &self->fairness);
  g_free (self->rate_problem);
  self->rate_problem = g_strdup (load->rate_problem);
  self->generator_behind = load->generator_behind;

  g_clear_pointer (&self->latency, vs_histogram_free);
  if (vs_histogram_get_count (t->latency) > 0)
    {
      g_autoptr(GBytes) bytes = vs_histogram_serialize (t->latency);

      self->latency = vs_histogram_deserialize (bytes, NULL);
      self->mean_ms = vs_histogram_get_mean (t->latency) / 1000.0;
      self->p50_ms = ms (vs_histogram_get_percentile (t->latency, 50));
      self->p75_ms = ms (vs_histogram_get_percentile (t->latency, 75));
      self->p90_ms = ms (vs_histogram_get_percentile (t->latency, 90));
      self->p99_ms = ms (vs_histogram_get_percentile (t->latency, 99));
      self->p999_ms = ms (vs_histogram_get_percentile (t->latency, 99.9));
      self->p9999_ms = ms (vs_histogram_get_percentile (t->latency, 99.99));
      self->max_ms = ms (vs_histogram_get_max (t->latency));
    }

  /* the engine's intervals, unless the runner already recorded them live */
  if (self->timeline->len == 0)
    for (guint i = 0; i < load->timeline->len; i++)
      {
        VsRunPoint point;

        vs_run_point_init_from_timeline (&point, &g_array_index (load->timeline, VsTimelinePoint, i));
        g_array_append_val (self->timeline, point);
      }
}

void
vs_run_result_set_resources (VsRunResult *self,
                             VsSampler   *sampler)
{
  double mean_memory = vs_sampler_get_mean_memory (sampler);
  gint64 peak_memory = vs_sampler_get_peak_memory (sampler);
  double mean_cpu = vs_sampler_get_mean_cpu (sampler);
  double peak_cpu = vs_sampler_get_peak_cpu (sampler);

  self->cpu_mean_percent = mean_cpu >= 0 ? mean_cpu : NAN;
  self->cpu_peak_percent = peak_cpu >= 0 ? peak_cpu : NAN;
  self->memory_mean_bytes = mean_memory >= 0 ? mean_memory : NAN;
  self->memory_peak_bytes = peak_memory >= 0 ? (double) peak_memory : NAN;
}

static char *
read_cpu_model (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &contents, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');
        if (colon)
          return g_strstrip (g_strdup (colon + 1));
      }
  return g_strdup ("unknown");
}

void
vs_run_result_set_machine (VsRunResult *self)
{
  struct utsname uts;

  g_free (self->kernel);
  self->kernel = uname (&uts) == 0 ? g_strdup_printf ("%s %s %s", uts.sysname, uts.release, uts.machine)
                                   : g_strdup ("unknown");
  g_free (self->cpu_model);
  self->cpu_model = read_cpu_model ();
  self->n_cpus = g_get_num_processors ();
}

guint64
vs_run_result_get_errors (const VsRunResult *self)
{
  guint64 n = 0;

  for (guint i = 0; i < VS_N_ERROR_CLASSES; i++)
    n += self->errors[i];
  return n;
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                    */

JsonNode *
vs_run_result_to_json (const VsRunResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  VS_JSON_ADD_INT (builder, "target_index", self->target_index);
  VS_JSON_ADD_STRING (builder, "target_label", self->target_label);
  VS_JSON_ADD_INT (builder, "trial", self->trial);
  VS_JSON_ADD_INT (builder, "sequence", self->sequence);
  VS_JSON_ADD_STRING (builder, "status", vs_run_status_to_string (self->status));
  VS_JSON_ADD_STRING (builder, "error", self->error);
  VS_JSON_ADD_INT (builder, "started_at", self->started_at);
  VS_JSON_ADD_NUMBER (builder, "startup_s", self->startup_s);
  VS_JSON_ADD_NUMBER (builder, "duration_s", self->duration_s);
  VS_JSON_ADD_INT (builder, "requests", self->requests);
  VS_JSON_ADD_INT (builder, "bytes", self->bytes);
  VS_JSON_ADD_NUMBER (builder, "requests_per_s", self->requests_per_s);
  if (self->rate_problem != NULL)
    {
      VS_JSON_ADD_STRING (builder, "rate_problem", self->rate_problem);
      VS_JSON_ADD_BOOL (builder, "generator_behind", self->generator_behind);
    }

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_object (builder);
  for (guint i = 0; i < VS_N_ERROR_CLASSES; i++)
    VS_JSON_ADD_INT (builder, vs_error_class_to_string (i), self->errors[i]);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "status_codes");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->status_codes->len; i++)
    {
      const VsStatusCount *c = &g_array_index (self->status_codes, VsStatusCount, i);
      char code[8];

      g_snprintf (code, sizeof code, "%u", c->code);
      VS_JSON_ADD_INT (builder, code, c->count);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "latency_ms");
  json_builder_begin_object (builder);
  VS_JSON_ADD_NUMBER (builder, "mean", self->mean_ms);
  VS_JSON_ADD_NUMBER (builder, "p50", self->p50_ms);
  VS_JSON_ADD_NUMBER (builder, "p75", self->p75_ms);
  VS_JSON_ADD_NUMBER (builder, "p90", self->p90_ms);
  VS_JSON_ADD_NUMBER (builder, "p99", self->p99_ms);
  VS_JSON_ADD_NUMBER (builder, "p99.9", self->p999_ms);
  VS_JSON_ADD_NUMBER (builder, "p99.99", self->p9999_ms);
  VS_JSON_ADD_NUMBER (builder, "max", self->max_ms);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "histogram");
  if (self->latency)
    {
      g_autofree char *text = vs_histogram_to_base64 (self->latency);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);

  if (self->fairness.connections > 0)
    {
      json_builder_set_member_name (builder, "per_connection");
      json_builder_begin_object (builder);
      VS_JSON_ADD_INT (builder, "connections", self->fairness.connections);
      VS_JSON_ADD_NUMBER (builder, "min", self->fairness.min);
      VS_JSON_ADD_NUMBER (builder, "median", self->fairness.median);
      VS_JSON_ADD_NUMBER (builder, "max", self->fairness.max);
      VS_JSON_ADD_INT (builder, "starved", self->fairness.starved);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "resources");
  json_builder_begin_object (builder);
  VS_JSON_ADD_NUMBER (builder, "cpu_mean_percent", self->cpu_mean_percent);
  VS_JSON_ADD_NUMBER (builder, "cpu_peak_percent", self->cpu_peak_percent);
  VS_JSON_ADD_NUMBER (builder, "memory_mean_bytes", self->memory_mean_bytes);
  VS_JSON_ADD_NUMBER (builder, "memory_peak_bytes", self->memory_peak_bytes);
  json_builder_end_object (builder);

  /* columns, compact: [t_s, warmup, req/s, errors, p50, p90, p99, cpu %, memory] */
  json_builder_set_member_name (builder, "timeline");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->timeline->len; i++)
    {
      const VsRunPoint *p = &g_array_index (self->timeline, VsRunPoint, i);
      const double values[] = { p->t_s, p->requests_per_s, p->p50_ms, p->p90_ms, p->p99_ms,
                                p->cpu_percent, p->memory_bytes };

      json_builder_begin_array (builder);
      if (isfinite (values[0]))
        vs_json_builder_add_double (builder, values[0]);
      else
        json_builder_add_null_value (builder);
      json_builder_add_boolean_value (builder, p->warmup);
      for (guint v = 1; v < G_N_ELEMENTS (values); v++)
        {
          if (v == 2)
            json_builder_add_int_value (builder, p->errors);
          if (isfinite (values[v]))
            vs_json_builder_add_double (builder, values[v]);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  VS_JSON_ADD_STRING (builder, "versus_version", self->versus_version);
  VS_JSON_ADD_STRING (builder, "runtime", self->runtime);
  VS_JSON_ADD_STRING (builder, "runtime_version", self->runtime_version);
  VS_JSON_ADD_STRING (builder, "image_id", self->image_id);
  VS_JSON_ADD_STRING (builder, "kernel", self->kernel);
  VS_JSON_ADD_STRING (builder, "cpu_model", self->cpu_model);
  VS_JSON_ADD_INT (builder, "cpus", self->n_cpus);
  json_builder_set_member_name (builder, "profile");
  if (self->profile)
    json_builder_add_value (builder, json_node_copy (self->profile));
  else
    json_builder_add_null_value (builder);
  if (self->server)
    {
      json_builder_set_member_name (builder, "server");
      json_builder_add_value (builder, json_node_copy (self->server));
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
get_optional_number (JsonObject  *obj,
                     const char  *where,
                     const char  *member,
                     double       min,
                     double       max,
                     double      *out,
                     GError     **error)
{
  *out = NAN;
  return vs_json_get_double (obj, where, member, FALSE, min, max, out, error);
}

static gboolean
timeline_value (JsonArray   *row,
                guint        index,
                const char  *where,
                guint        row_index,
                double      *out,
                GError     **error)
{
  JsonNode *node = json_array_get_element (row, index);

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
       json_node_get_value_type (node) == G_TYPE_INT64))
    {
      *out = json_node_get_double (node);
      if (isfinite (*out))
        return TRUE;
    }
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
               _("%stimeline[%u][%u] must be a number or null"), where, row_index, index);
  return FALSE;
}

VsRunResult *
vs_run_result_from_json (JsonObject  *obj,
                         const char  *where,
                         GError     **error)
{
  g_autoptr(VsRunResult) self = vs_run_result_new ();
  g_autofree char *status = NULL;
  g_autofree char *histogram = NULL;
  g_autofree char *sub = NULL;
  JsonObject *errors = NULL, *codes = NULL, *latency = NULL, *resources = NULL, *metadata = NULL;
  JsonObject *per_connection = NULL;
  JsonArray *timeline = NULL;
  gint64 value;
  gboolean found = FALSE;

  if (!vs_json_get_uint (obj, where, "target_index", TRUE, 0, 1000, &self->target_index, error) ||
      !vs_json_get_string (obj, where, "target_label", TRUE, &self->target_label, error) ||
      !vs_json_get_uint (obj, where, "trial", TRUE, 0, 100000, &self->trial, error) ||
      !vs_json_get_uint (obj, where, "sequence", TRUE, 0, 10000000, &self->sequence, error) ||
      !vs_json_get_string (obj, where, "status", TRUE, &status, error) ||
      !vs_json_get_string (obj, where, "error", FALSE, &self->error, error) ||
      !vs_json_get_int (obj, where, "started_at", TRUE, 0, G_MAXINT64, &self->started_at, error) ||
      !get_optional_number (obj, where, "startup_s", 0, 1e9, &self->startup_s, error) ||
      !vs_json_get_double (obj, where, "duration_s", FALSE, 0, 1e9, &self->duration_s, error) ||
      !vs_json_get_string (obj, where, "rate_problem", FALSE, &self->rate_problem, error) ||
      !vs_json_get_bool (obj, where, "generator_behind", FALSE, &self->generator_behind, error) ||
      !vs_json_get_int (obj, where, "requests", TRUE, 0, G_MAXINT64, &value, error))
    return NULL;
  self->requests = value;
  if (!vs_json_get_int (obj, where, "bytes", TRUE, 0, G_MAXINT64, &value, error) ||
      !get_optional_number (obj, where, "requests_per_s", 0, 1e12, &self->requests_per_s, error) ||
      !vs_json_get_object (obj, where, "errors", TRUE, &errors, error) ||
      !vs_json_get_object (obj, where, "status_codes", TRUE, &codes, error) ||
      !vs_json_get_object (obj, where, "latency_ms", TRUE, &latency, error) ||
      !vs_json_get_string (obj, where, "histogram", FALSE, &histogram, error) ||
      !vs_json_get_object (obj, where, "resources", TRUE, &resources, error) ||
      !vs_json_get_object (obj, where, "per_connection", FALSE, &per_connection, error) ||
      !vs_json_get_array (obj, where, "timeline", TRUE, &timeline, error) ||
      !vs_json_get_object (obj, where, "metadata", TRUE, &metadata, error))
    return NULL;
  self->bytes = value;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (status, status_names[i]))
      {
        self->status = i;
        found = TRUE;
      }
  if (!found)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%sstatus “%s” is not ok, failed or cancelled"), where, status);
      return NULL;
    }

  sub = g_strdup_printf ("%serrors.", where);
  for (guint i = 0; i < VS_N_ERROR_CLASSES; i++)
    {
      value = 0;
      if (!vs_json_get_int (errors, sub, vs_error_class_to_string (i), FALSE, 0, G_MAXINT64, &value, error))
        return NULL;
      self->errors[i] = value;
    }
  g_clear_pointer (&sub, g_free);

  sub = g_strdup_printf ("%sstatus_codes.", where);
  {
    g_autoptr(GList) members = json_object_get_members (codes);

    for (GList *l = members; l; l = l->next)
      {
        const char *name = l->data;
        guint64 code;
        VsStatusCount c;

        if (!g_ascii_string_to_unsigned (name, 10, 100, VS_STATUS_CODE_MAX - 1, &code, NULL))
          {
            g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                         _("%s%s is not an HTTP status code"), sub, name);
            return NULL;
          }
        if (!vs_json_get_int (codes, sub, name, TRUE, 0, G_MAXINT64, &value, error))
          return NULL;
        c.code = code;
        c.count = value;
        g_array_append_val (self->status_codes, c);
      }
  }
  g_clear_pointer (&sub, g_free);

  sub = g_strdup_printf ("%slatency_ms.", where);
  if (!get_optional_number (latency, sub, "mean", 0, 1e12, &self->mean_ms, error) ||
      !get_optional_number (latency, sub, "p50", 0, 1e12, &self->p50_ms, error) ||
      !get_optional_number (latency, sub, "p75", 0, 1e12, &self->p75_ms, error) ||
      !get_optional_number (latency, sub, "p90", 0, 1e12, &self->p90_ms, error) ||
      !get_optional_number (latency, sub, "p99", 0, 1e12, &self->p99_ms, error) ||
      !get_optional_number (latency, sub, "p99.9", 0, 1e12, &self->p999_ms, error) ||
      !get_optional_number (latency, sub, "p99.99", 0, 1e12, &self->p9999_ms, error) ||
      !get_optional_number (latency, sub, "max", 0, 1e12, &self->max_ms, error))
    return NULL;
  g_clear_pointer (&sub, g_free);

  if (histogram != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      self->latency = vs_histogram_from_base64 (histogram, &local_error);
      if (self->latency == NULL)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, "%shistogram: %s",
                       where, local_error->message);
          return NULL;
        }
    }

  /* files from before it was measured have none */
  if (per_connection != NULL)
    {
      VsFairness *f = &self->fairness;

      sub = g_strdup_printf ("%sper_connection.", where);
      if (!vs_json_get_uint (per_connection, sub, "connections", TRUE, 1, 10000000, &f->connections, error) ||
          !vs_json_get_uint (per_connection, sub, "starved", TRUE, 0, f->connections, &f->starved, error) ||
          !get_optional_number (per_connection, sub, "min", 0, 1e15, &f->min, error) ||
          !get_optional_number (per_connection, sub, "median", 0, 1e15, &f->median, error) ||
          !get_optional_number (per_connection, sub, "max", 0, 1e15, &f->max, error))
        return NULL;
      if (!(f->min <= f->median && f->median <= f->max))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%sper_connection: min, median and max must be in increasing order"),
                       where);
          return NULL;
        }
      g_clear_pointer (&sub, g_free);
    }

  sub = g_strdup_printf ("%sresources.", where);
  if (!get_optional_number (resources, sub, "cpu_mean_percent", 0, 1e6, &self->cpu_mean_percent, error) ||
      !get_optional_number (resources, sub, "cpu_peak_percent", 0, 1e6, &self->cpu_peak_percent, error) ||
      !get_optional_number (resources, sub, "memory_mean_bytes", 0, 1e18, &self->memory_mean_bytes, error) ||
      !get_optional_number (resources, sub, "memory_peak_bytes", 0, 1e18, &self->memory_peak_bytes, error))
    return NULL;
  g_clear_pointer (&sub, g_free);

  if (json_array_get_length (timeline) > MAX_TIMELINE_POINTS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%stimeline has too many points"), where);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonNode *node = json_array_get_element (timeline, i);
      JsonArray *row;
      VsRunPoint p = { 0 };
      double errors_value;

      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 9)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%stimeline[%u] must be an array of 9 values"), where, i);
          return NULL;
        }
      row = json_node_get_array (node);
      if (!JSON_NODE_HOLDS_VALUE (json_array_get_element (row, 1)) ||
          json_node_get_value_type (json_array_get_element (row, 1)) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("%stimeline[%u][1] must be true or false"), where, i);
          return NULL;
        }
      p.warmup = json_array_get_boolean_element (row, 1);
      if (!timeline_value (row, 0, where, i, &p.t_s, error) ||
          !timeline_value (row, 2, where, i, &p.requests_per_s, error) ||
          !timeline_value (row, 3, where, i, &errors_value, error) ||
          !timeline_value (row, 4, where, i, &p.p50_ms, error) ||
          !timeline_value (row, 5, where, i, &p.p90_ms, error) ||
          !timeline_value (row, 6, where, i, &p.p99_ms, error) ||
          !timeline_value (row, 7, where, i, &p.cpu_percent, error) ||
          !timeline_value (row, 8, where, i, &p.memory_bytes, error))
        return NULL;
      p.errors = isfinite (errors_value) && errors_value >= 0 && errors_value < 0x1p64
                 ? (guint64) errors_value : 0;
      g_array_append_val (self->timeline, p);
    }

  sub = g_strdup_printf ("%smetadata.", where);
  g_clear_pointer (&self->versus_version, g_free);
  if (!vs_json_get_string (metadata, sub, "versus_version", TRUE, &self->versus_version, error) ||
      !vs_json_get_string (metadata, sub, "runtime", FALSE, &self->runtime, error) ||
      !vs_json_get_string (metadata, sub, "runtime_version", FALSE, &self->runtime_version, error) ||
      !vs_json_get_string (metadata, sub, "image_id", FALSE, &self->image_id, error) ||
      !vs_json_get_string (metadata, sub, "kernel", FALSE, &self->kernel, error) ||
      !vs_json_get_string (metadata, sub, "cpu_model", FALSE, &self->cpu_model, error) ||
      !vs_json_get_uint (metadata, sub, "cpus", FALSE, 0, 65536, &self->n_cpus, error))
    return NULL;
  if (json_object_has_member (metadata, "profile") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (metadata, "profile")))
    self->profile = json_node_copy (json_object_get_member (metadata, "profile"));
  if (json_object_has_member (metadata, "server"))
    {
      JsonNode *server = json_object_get_member (metadata, "server");

      if (!JSON_NODE_HOLDS_OBJECT (server) && !JSON_NODE_HOLDS_NULL (server))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA, _("%sserver must be an object"), sub);
          return NULL;
        }
      if (JSON_NODE_HOLDS_OBJECT (server))
        self->server = json_node_copy (server);
    }

  return g_steal_pointer (&self);
}

static const char *
server_member (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* "Express 4.22.3 on Node.js 20.20.2, node:http 20.20.2, 2 workers, numeric:
 * typed arrays" — what the target said was running; NULL when it said
 * nothing. */
char *
vs_run_result_describe_server (const VsRunResult *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *obj;
  JsonNode *workers;
  const char *framework, *framework_version, *runtime, *runtime_version, *server, *server_version, *numeric;

  if (self->server == NULL || !JSON_NODE_HOLDS_OBJECT (self->server))
    return NULL;
  obj = json_node_get_object (self->server);
  framework = server_member (obj, "framework");
  framework_version = server_member (obj, "framework_version");
  runtime = server_member (obj, "runtime");
  runtime_version = server_member (obj, "runtime_version");
  server = server_member (obj, "server");
  server_version = server_member (obj, "server_version");
  numeric = server_member (obj, "numeric");

  if (framework != NULL)
    g_string_append_printf (text, "%s%s%s", framework, framework_version ? " " : "",
                            framework_version ? framework_version : "");
  if (runtime != NULL)
    /* Translators: a framework and what runs it: "Express 4.22.3 on Node.js 20.20.2" */
    g_string_append_printf (text, text->len ? _(" on %s%s%s") : "%s%s%s", runtime,
                            runtime_version ? " " : "", runtime_version ? runtime_version : "");
  if (server != NULL)
    g_string_append_printf (text, "%s%s%s%s", text->len ? ", " : "", server,
                            server_version ? " " : "", server_version ? server_version : "");
  workers = json_object_get_member (obj, "workers");
  if (workers != NULL && JSON_NODE_HOLDS_VALUE (workers) && json_node_get_value_type (workers) == G_TYPE_INT64)
    {
      int n = (int) CLAMP (json_node_get_int (workers), 0, G_MAXINT);

      g_string_append (text, text->len ? ", " : "");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d worker", "%d workers", n), n);
    }
  if (numeric != NULL)
    /* Translators: what a server computes numbers with: "numeric: numpy 1.24.2" */
    g_string_append_printf (text, _("%snumeric: %s"), text->len ? ", " : "", numeric);

  return text->len ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

