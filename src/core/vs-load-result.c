/* vs-load-result.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-json-util.h"
#include "vs-load-result.h"
#include "vs-util.h"

G_DEFINE_BOXED_TYPE (VsLoadResult, vs_load_result, vs_load_result_ref, vs_load_result_unref)

static const struct {
  const char *id;
  const char *description;
} error_classes[VS_N_ERROR_CLASSES] = {
  { "connect", N_("connect (refused, reset, unreachable)") },
  { "timeout", N_("timeout") },
  { "read", N_("read (closed or reset before the response)") },
  { "write", N_("write") },
  { "malformed", N_("malformed response") },
  { "http_4xx", N_("HTTP 4xx") },
  { "http_5xx", N_("HTTP 5xx") },
};

static const struct {
  const char *key;
  double      percentile;
} percentiles[] = {
  { "p50", 50.0 },
  { "p75", 75.0 },
  { "p90", 90.0 },
  { "p99", 99.0 },
  { "p99_9", 99.9 },
  { "p99_99", 99.99 },
};

const char *
vs_error_class_to_string (VsErrorClass error_class)
{
  g_return_val_if_fail (error_class < VS_N_ERROR_CLASSES, NULL);
  return error_classes[error_class].id;
}

const char *
vs_error_class_describe (VsErrorClass error_class)
{
  g_return_val_if_fail (error_class < VS_N_ERROR_CLASSES, NULL);
  return _(error_classes[error_class].description);
}

VsLoadCounters *
vs_load_counters_new (void)
{
  VsLoadCounters *self = g_new0 (VsLoadCounters, 1);

  self->latency = vs_histogram_new ();
  self->service_time = vs_histogram_new ();
  self->generator_lag = vs_histogram_new ();

  return self;
}

VsLoadCounters *
vs_load_counters_copy (const VsLoadCounters *self)
{
  VsLoadCounters *copy = vs_load_counters_new ();

  vs_load_counters_merge (copy, self);
  /* merge adds status codes only with responses; a copy has them all */
  memcpy (copy->status_codes, self->status_codes, sizeof copy->status_codes);
  return copy;
}

void
vs_load_counters_free (VsLoadCounters *self)
{
  if (self == NULL)
    return;

  vs_histogram_free (self->latency);
  vs_histogram_free (self->service_time);
  vs_histogram_free (self->generator_lag);
  g_free (self->per_connection);
  g_free (self);
}

void
vs_load_counters_reset (VsLoadCounters *self)
{
  VsHistogram *latency = self->latency;
  VsHistogram *service_time = self->service_time;
  VsHistogram *generator_lag = self->generator_lag;
  VsConnCount *per_connection = self->per_connection;
  guint first_connection = self->first_connection;
  guint n_connections = self->n_connections;

  memset (self, 0, sizeof *self);
  self->latency = latency;
  self->service_time = service_time;
  self->generator_lag = generator_lag;
  self->per_connection = per_connection;
  self->first_connection = first_connection;
  self->n_connections = n_connections;
  if (per_connection != NULL)
    memset (per_connection, 0, n_connections * sizeof *per_connection);
  vs_histogram_reset (latency);
  vs_histogram_reset (service_time);
  vs_histogram_reset (generator_lag);
}

void
vs_load_counters_merge (VsLoadCounters       *self,
                        const VsLoadCounters *other)
{
  self->requests += other->requests;
  self->bytes += other->bytes;
  self->sent += other->sent;
  self->connections_opened += other->connections_opened;
  self->timed_out += other->timed_out;
  for (guint i = 0; i < VS_N_ERROR_CLASSES; i++)
    self->errors[i] += other->errors[i];
  if (other->requests > 0)
    for (guint i = 0; i < VS_STATUS_CODE_MAX; i++)
      self->status_codes[i] += other->status_codes[i];
  vs_histogram_merge (self->latency, other->latency);
  vs_histogram_merge (self->service_time, other->service_time);
  vs_histogram_merge (self->generator_lag, other->generator_lag);
  if (other->per_connection != NULL)
    {
      VsConnCount *into;

      g_return_if_fail (self->first_connection == 0);
      vs_load_counters_track_connections (self, 0, other->first_connection + other->n_connections);
      into = self->per_connection + other->first_connection;
      for (guint i = 0; i < other->n_connections; i++)
        {
          into[i].responses += other->per_connection[i].responses;
          into[i].timeouts += other->per_connection[i].timeouts;
        }
    }
}

/* Keeps a count per connection slot from now on: slots @first to
 * @first + @n − 1 (a worker's), or more of them from 0 (merged counters;
 * what was counted stays when they grow). */
void
vs_load_counters_track_connections (VsLoadCounters *self,
                                    guint           first,
                                    guint           n)
{
  if (self->per_connection == NULL)
    self->first_connection = first;
  g_return_if_fail (self->first_connection == first);
  if (n <= self->n_connections)
    return;
  self->per_connection = g_renew (VsConnCount, self->per_connection, n);
  memset (self->per_connection + self->n_connections, 0,
          (n - self->n_connections) * sizeof *self->per_connection);
  self->n_connections = n;
}

/* Counts a response (or a timeout) on @slot, counted from the counters'
 * first slot */
void
vs_load_counters_count_connection (VsLoadCounters *self,
                                   guint           slot,
                                   gboolean        timed_out)
{
  if (slot >= self->n_connections)
    return;
  if (timed_out)
    self->per_connection[slot].timeouts++;
  else
    self->per_connection[slot].responses++;
}

static int
compare_guint32 (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* The spread of responses over the connection slots; FALSE when none
 * were kept */
gboolean
vs_load_counters_get_fairness (const VsLoadCounters *self,
                               VsFairness           *out)
{
  g_autofree guint32 *sorted = NULL;
  guint n = self->n_connections;

  memset (out, 0, sizeof *out);
  out->min = out->median = out->max = NAN;
  if (self->per_connection == NULL || n == 0)
    return FALSE;

  sorted = g_new (guint32, n);
  for (guint i = 0; i < n; i++)
    {
      sorted[i] = self->per_connection[i].responses;
      if (self->per_connection[i].timeouts > 0 || self->per_connection[i].responses == 0)
        out->starved++;
    }
  qsort (sorted, n, sizeof *sorted, compare_guint32);
  out->connections = n;
  out->min = sorted[0];
  out->max = sorted[n - 1];
  out->median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
  return TRUE;
}

guint64
vs_load_counters_get_errors (const VsLoadCounters *self)
{
  guint64 n = 0;

  for (guint i = 0; i < VS_N_TRANSPORT_ERROR_CLASSES; i++)
    n += self->errors[i];

  return n;
}

VsLoadResult *
vs_load_result_new (VsLoadProfile *profile)
{
  VsLoadResult *self = g_new0 (VsLoadResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->profile = vs_load_profile_ref (profile);
  self->transport = vs_load_profile_get_effective_transport (profile);
  self->totals = vs_load_counters_new ();
  self->warmup = vs_load_counters_new ();
  self->timeline = g_array_new (FALSE, TRUE, sizeof (VsTimelinePoint));

  return self;
}

VsLoadResult *
vs_load_result_ref (VsLoadResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vs_load_result_unref (VsLoadResult *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      vs_load_profile_unref (self->profile);
      vs_load_counters_free (self->totals);
      vs_load_counters_free (self->warmup);
      g_array_unref (self->timeline);
      g_free (self->rate_problem);
      g_free (self);
    }
}

double
vs_load_result_get_requests_per_sec (const VsLoadResult *self)
{
  return self->duration_s > 0 ? self->totals->requests / self->duration_s : 0.0;
}

double
vs_load_result_get_achieved_rate (const VsLoadResult *self)
{
  return self->duration_s > 0 ? self->totals->sent / self->duration_s : 0.0;
}

gboolean
vs_load_result_get_kept_up (const VsLoadResult *self)
{
  return self->profile->mode != VS_LOAD_MODE_RATE || self->rate_problem == NULL;
}

static void
add_histogram (JsonBuilder       *builder,
               const char        *member,
               const VsHistogram *histogram)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, vs_histogram_get_count (histogram));
  json_builder_set_member_name (builder, "mean");
  vs_json_builder_add_double (builder, vs_histogram_get_mean (histogram));
  json_builder_set_member_name (builder, "stdev");
  vs_json_builder_add_double (builder, vs_histogram_get_stdev (histogram));
  json_builder_set_member_name (builder, "min");
  json_builder_add_int_value (builder, vs_histogram_get_min (histogram));
  json_builder_set_member_name (builder, "max");
  json_builder_add_int_value (builder, vs_histogram_get_max (histogram));
  for (guint i = 0; i < G_N_ELEMENTS (percentiles); i++)
    {
      json_builder_set_member_name (builder, percentiles[i].key);
      json_builder_add_int_value (builder,
                                  vs_histogram_get_percentile (histogram,
                                                               percentiles[i].percentile));
    }
  json_builder_end_object (builder);
}

JsonNode *
vs_load_result_to_json (const VsLoadResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const VsLoadProfile *profile = self->profile;
  const VsLoadCounters *t = self->totals;

  json_builder_begin_object (builder);
  VS_JSON_ADD_STRING (builder, "format", "versus-load-result");
  VS_JSON_ADD_INT (builder, "version", 1);
  VS_JSON_ADD_STRING (builder, "url", profile->url);
  VS_JSON_ADD_STRING (builder, "transport", vs_transport_kind_to_string (self->transport));
  VS_JSON_ADD_STRING (builder, "mode", vs_load_mode_to_string (profile->mode));
  VS_JSON_ADD_STRING (builder, "method", profile->method);
  VS_JSON_ADD_INT (builder, "connections", profile->connections);
  VS_JSON_ADD_INT (builder, "workers", self->workers);
  VS_JSON_ADD_DOUBLE (builder, "duration_s", self->duration_s);
  VS_JSON_ADD_DOUBLE (builder, "warmup_s", self->warmup_s);
  VS_JSON_ADD_DOUBLE (builder, "timeout_s", profile->timeout_us / (double) G_USEC_PER_SEC);
  VS_JSON_ADD_BOOL (builder, "keep_alive", profile->keep_alive);
  VS_JSON_ADD_BOOL (builder, "interrupted", self->interrupted);
  VS_JSON_ADD_INT (builder, "requests", t->requests);
  VS_JSON_ADD_DOUBLE (builder, "requests_per_sec", vs_load_result_get_requests_per_sec (self));
  VS_JSON_ADD_INT (builder, "bytes", t->bytes);
  VS_JSON_ADD_DOUBLE (builder, "bytes_per_sec", self->duration_s > 0 ? t->bytes / self->duration_s : 0);
  VS_JSON_ADD_INT (builder, "connections_opened", t->connections_opened + self->warmup->connections_opened);
  VS_JSON_ADD_INT (builder, "in_flight_at_stop", self->in_flight_at_stop);
  VS_JSON_ADD_INT (builder, "errors_total", vs_load_counters_get_errors (t));
  VS_JSON_ADD_INT (builder, "timed_out_in_latency", t->timed_out);
  {
    VsFairness f;

    if (vs_load_counters_get_fairness (t, &f))
      {
        json_builder_set_member_name (builder, "per_connection");
        json_builder_begin_object (builder);
        VS_JSON_ADD_INT (builder, "connections", f.connections);
        VS_JSON_ADD_DOUBLE (builder, "min", f.min);
        VS_JSON_ADD_DOUBLE (builder, "median", f.median);
        VS_JSON_ADD_DOUBLE (builder, "max", f.max);
        VS_JSON_ADD_INT (builder, "starved", f.starved);
        json_builder_end_object (builder);
      }
  }

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_object (builder);
  for (guint i = 0; i < VS_N_ERROR_CLASSES; i++)
    VS_JSON_ADD_INT (builder, vs_error_class_to_string (i), t->errors[i]);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "status_codes");
  json_builder_begin_object (builder);
  for (guint i = 0; i < VS_STATUS_CODE_MAX; i++)
    {
      if (t->status_codes[i] > 0)
        {
          char key[8];

          g_snprintf (key, sizeof key, "%u", i);
          VS_JSON_ADD_INT (builder, key, t->status_codes[i]);
        }
    }
  json_builder_end_object (builder);

  add_histogram (builder, "latency_us", t->latency);
  add_histogram (builder, "service_time_us", t->service_time);

  json_builder_set_member_name (builder, "rate");
  if (profile->mode == VS_LOAD_MODE_RATE)
    {
      json_builder_begin_object (builder);
      VS_JSON_ADD_DOUBLE (builder, "target", profile->rate);
      VS_JSON_ADD_DOUBLE (builder, "achieved", vs_load_result_get_achieved_rate (self));
      VS_JSON_ADD_INT (builder, "sent", t->sent);
      VS_JSON_ADD_INT (builder, "backlog_max", self->rate_backlog_max);
      VS_JSON_ADD_INT (builder, "backlog_end", self->rate_backlog_end);
      VS_JSON_ADD_INT (builder, "generator_lag_p99_us",
               vs_histogram_get_percentile (t->generator_lag, 99.0));
      VS_JSON_ADD_BOOL (builder, "kept_up", vs_load_result_get_kept_up (self));
      json_builder_set_member_name (builder, "problem");
      if (self->rate_problem)
        json_builder_add_string_value (builder, self->rate_problem);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "timeline");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->timeline->len; i++)
    {
      const VsTimelinePoint *p = &g_array_index (self->timeline, VsTimelinePoint, i);

      json_builder_begin_object (builder);
      VS_JSON_ADD_DOUBLE (builder, "t_s", p->t_s);
      VS_JSON_ADD_DOUBLE (builder, "interval_s", p->interval_s);
      VS_JSON_ADD_BOOL (builder, "warmup", p->warmup);
      VS_JSON_ADD_INT (builder, "requests", p->requests);
      VS_JSON_ADD_INT (builder, "errors", p->errors);
      VS_JSON_ADD_INT (builder, "bytes", p->bytes);
      VS_JSON_ADD_INT (builder, "p50_us", p->p50_us);
      VS_JSON_ADD_INT (builder, "p90_us", p->p90_us);
      VS_JSON_ADD_INT (builder, "p99_us", p->p99_us);
      VS_JSON_ADD_INT (builder, "max_us", p->max_us);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "engine_cpu_s");
  json_builder_begin_object (builder);
  VS_JSON_ADD_DOUBLE (builder, "user", self->cpu_user_s);
  VS_JSON_ADD_DOUBLE (builder, "system", self->cpu_system_s);
  json_builder_end_object (builder);
  VS_JSON_ADD_INT (builder, "engine_max_rss_kb", self->max_rss_kb);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
append_latency_row (GString           *out,
                    const char        *label,
                    const VsHistogram *corrected,
                    const VsHistogram *service,
                    double             percentile,
                    gboolean           both)
{
  g_autofree char *a = vs_format_duration (vs_histogram_get_percentile (corrected, percentile));

  if (both)
    {
      g_autofree char *b = vs_format_duration (vs_histogram_get_percentile (service, percentile));
      g_string_append_printf (out, "    %7s  %10s  %10s\n", label, a, b);
    }
  else
    g_string_append_printf (out, "    %7s  %10s\n", label, a);
}

char *
vs_load_result_to_text (const VsLoadResult *self)
{
  GString *out = g_string_new (NULL);
  const VsLoadProfile *profile = self->profile;
  const VsLoadCounters *t = self->totals;
  gboolean rate = profile->mode == VS_LOAD_MODE_RATE;
  g_autofree char *mean = vs_format_duration ((gint64) vs_histogram_get_mean (t->latency));
  g_autofree char *stdev = vs_format_duration ((gint64) vs_histogram_get_stdev (t->latency));
  g_autofree char *max = vs_format_duration (vs_histogram_get_max (t->latency));
  g_autofree char *bytes = vs_format_bytes (t->bytes);
  g_autofree char *transfer = vs_format_bytes (self->duration_s > 0 ? t->bytes / self->duration_s : 0);
  guint64 errors = vs_load_counters_get_errors (t);
  char rps[G_ASCII_DTOSTR_BUF_SIZE];

  /* Translators: method, URL, workers, connections, the loop ("open" or "closed", context
   * "load loop") and the transport ("fast" or "soup", not translated):
   * "GET http://127.0.0.1:8080/: 2 workers, 64 connections, closed loop, fast transport" */
  g_string_append_printf (out, _("%s %s: %u workers, %u connections, %s loop, %s transport"),
                          profile->method, profile->url, self->workers, profile->connections,
                          rate ? C_("load loop", "open") : C_("load loop", "closed"),
                          vs_transport_kind_to_string (self->transport));
  if (!profile->keep_alive)
    g_string_append (out, _(", no keep-alive"));
  g_string_append_c (out, '\n');
  if (rate)
    {
      g_string_append (out, "  ");
      g_string_append_printf (out, _("Target rate %.1f req/s; latency is measured from each "
                                     "request's intended send time"), profile->rate);
      g_string_append_c (out, '\n');
    }
  if (self->interrupted)
    g_string_append_printf (out, "  %s\n", _("Interrupted: these are the figures up to the stop"));

  /* a table: the labels are padded to the width of the English ones */
  g_string_append_printf (out, "  %-9s %10s %10s %10s\n", _("Latency"),
                          C_("latency", "Mean"), C_("latency", "Stdev"), C_("latency", "Max"));
  g_string_append_printf (out, "            %10s %10s %10s\n", mean, stdev, max);

  if (rate)
    /* Translators: latency corrected for coordinated omission, and the service time alone */
    g_string_append_printf (out, "  %-22s %10s  %10s\n", _("Latency distribution"),
                            C_("latency", "corrected"), C_("latency", "service"));
  else
    g_string_append_printf (out, "  %s\n", _("Latency distribution"));
  for (guint i = 0; i < G_N_ELEMENTS (percentiles); i++)
    {
      char label[16];

      g_snprintf (label, sizeof label, "%g%%", percentiles[i].percentile);
      append_latency_row (out, label, t->latency, t->service_time, percentiles[i].percentile, rate);
    }

  if (t->timed_out > 0)
    {
      g_string_append (out, "  ");
      /* Translators: requests that got no answer within the timeout */
      g_string_append_printf (out, _("(with %llu requests that timed out, at the time they waited)"),
                              (unsigned long long) t->timed_out);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "  ");
  /* Translators: requests, seconds and an amount of data: "1200 requests in 2.00s, 1.2MB read" */
  g_string_append_printf (out, _("%llu requests in %.2fs, %s read"),
                          (unsigned long long) t->requests, self->duration_s, bytes);
  if (self->warmup_s > 0)
    g_string_append_printf (out, _(" (after %.2fs warm-up, %llu requests, not counted)"),
                            self->warmup_s, (unsigned long long) self->warmup->requests);
  g_string_append_c (out, '\n');
  g_string_append (out, "  ");
  g_string_append_printf (out, _("Connections opened: %llu; in flight at stop: %llu"),
                          (unsigned long long) (t->connections_opened +
                                                self->warmup->connections_opened),
                          (unsigned long long) self->in_flight_at_stop);
  g_string_append_c (out, '\n');
  {
    VsFairness f;

    if (vs_load_counters_get_fairness (t, &f))
      {
        g_string_append (out, "  ");
        /* Translators: how the responses spread over the connections, then how many of
         * them were starved: "Responses per connection: min 10, median 40, max 90; 3 of
         * 400 connections waited longer than the timeout or got none" */
        g_string_append_printf (out, _("Responses per connection: min %.0f, median %.0f, max %.0f; "
                                       "%u of %u connections waited longer than the timeout or "
                                       "got none"),
                                f.min, f.median, f.max, f.starved, f.connections);
        g_string_append_c (out, '\n');
      }
  }

  if (errors > 0 || t->errors[VS_ERROR_CLASS_HTTP_4XX] > 0 || t->errors[VS_ERROR_CLASS_HTTP_5XX] > 0)
    {
      g_string_append_printf (out, "  %s\n", _("Errors:"));
      for (guint i = 0; i < VS_N_ERROR_CLASSES; i++)
        if (t->errors[i] > 0)
          g_string_append_printf (out, "    %-42s %" G_GUINT64_FORMAT "\n",
                                  vs_error_class_describe (i), t->errors[i]);
    }

  g_string_append_printf (out, "  %s", _("Status codes:"));
  for (guint i = 0; i < VS_STATUS_CODE_MAX; i++)
    if (t->status_codes[i] > 0)
      g_string_append_printf (out, " %u×%" G_GUINT64_FORMAT, i, t->status_codes[i]);
  if (t->requests == 0)
    g_string_append_printf (out, " %s", C_("status codes", "none"));
  g_string_append_c (out, '\n');

  if (rate)
    {
      g_string_append (out, "  ");
      g_string_append_printf (out, _("Rate: target %.1f/s, achieved %.1f/s, backlog max %llu, "
                                     "at end %llu"),
                              profile->rate, vs_load_result_get_achieved_rate (self),
                              (unsigned long long) self->rate_backlog_max,
                              (unsigned long long) self->rate_backlog_end);
      g_string_append_c (out, '\n');
      if (self->rate_problem)
        g_string_append_printf (out, "  %s %s\n", _("WARNING:"), self->rate_problem);
    }

  /* the last two lines as wrk words them, untranslated and with a decimal point whatever the
   * locale: scripts read them */
  g_string_append_printf (out, "Requests/sec: %12s\n",
                          g_ascii_formatd (rps, sizeof rps, "%.2f",
                                           vs_load_result_get_requests_per_sec (self)));
  g_string_append_printf (out, "Transfer/sec: %12s\n", transfer);

  return g_string_free (out, FALSE);
}

VsLoadSnapshot *
vs_load_snapshot_copy (const VsLoadSnapshot *self)
{
  VsLoadSnapshot *copy = g_memdup2 (self, sizeof *self);

  copy->interval = self->interval ? vs_load_counters_copy (self->interval) : NULL;
  copy->totals = self->totals ? vs_load_counters_copy (self->totals) : NULL;
  return copy;
}

/* Only for copies: an emitted snapshot's counters are the engine's */
void
vs_load_snapshot_free (VsLoadSnapshot *self)
{
  if (self == NULL)
    return;
  vs_load_counters_free ((VsLoadCounters *) self->interval);
  vs_load_counters_free ((VsLoadCounters *) self->totals);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (VsLoadSnapshot, vs_load_snapshot, vs_load_snapshot_copy, vs_load_snapshot_free)
