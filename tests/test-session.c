/* test-session.c — the session file (.versus)
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vs-histogram.h"
#include "vs-history.h"
#include "vs-report.h"
#include "vs-session.h"
#include "vs-stats.h"
#include "vs-template.h"
#include "vs-util.h"
#include "vs-test-files.h"

#define PLACEHOLDER     "@@RAW@@"
#define BIG_RESULTS     200
#define BIG_POINTS      100
#define N_KILLS         20
#define N_DAMAGED       250

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static void
write_file (const char *path,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, len, &error));
  g_assert_no_error (error);
}

static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static VsTarget *
make_target (const char *label,
             const char *template_name)
{
  VsTarget *target = vs_target_new ();

  target->label = g_strdup (label);
  target->template_name = g_strdup (template_name);
  return target;
}

static VsHistogram *
make_histogram (GRand *rand,
                guint  n)
{
  VsHistogram *histogram = vs_histogram_new ();

  for (guint i = 0; i < n; i++)
    vs_histogram_record (histogram, g_rand_int_range (rand, 80, 250000));
  vs_histogram_record (histogram, -5);   /* clamped */
  return histogram;
}

static JsonNode *
make_profile_node (guint i)
{
  g_autofree char *text =
    g_strdup_printf ("{\"method\": \"POST\", \"connections\": %u, \"duration_s\": 12.5,"
                     " \"headers\": [[\"X-Run\", \"%u\"]], \"body\": null, \"keep_alive\": false,"
                     " \"nested\": {\"list\": [1, 2.25, \"three\", null, true]}}", 64 + i, i);
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static VsRunResult *
make_result (GRand *rand,
             guint  i,
             guint  n_targets,
             guint  n_points)
{
  static const char * const labels[] = { "Express", "nginx", "FastAPI" };
  VsRunResult *result = vs_run_result_new ();

  result->target_index = i % n_targets;
  result->target_label = g_strdup (labels[result->target_index % G_N_ELEMENTS (labels)]);
  result->trial = i / n_targets;
  result->sequence = i;
  result->status = i % 3;   /* ok, failed, cancelled */
  result->started_at = G_GINT64_CONSTANT (1767225600) + 45 * i;
  if (result->status == VS_RUN_STATUS_FAILED)
    result->error = g_strdup ("container exited with status 1:\n“quoted” \\ and \"escaped\"\ttab");
  result->startup_s = result->status == VS_RUN_STATUS_CANCELLED ? NAN : 0.734 + i / 1000.0;
  result->duration_s = 10.000123;
  result->requests = G_GUINT64_CONSTANT (1234567) + i;
  result->bytes = G_GUINT64_CONSTANT (98765432101) + i;
  for (guint c = 0; c < VS_N_ERROR_CLASSES; c++)
    result->errors[c] = c * 7 + i;
  {
    const VsStatusCount codes[] = { { 200, 1234000 + i }, { 404, 3 }, { 503, 1 } };

    g_array_append_vals (result->status_codes, codes, G_N_ELEMENTS (codes));
  }
  result->requests_per_s = result->requests / result->duration_s;

  if (result->status == VS_RUN_STATUS_OK)
    {
      result->latency = make_histogram (rand, 2000);
      result->mean_ms = vs_histogram_get_mean (result->latency) / 1000.0;
      result->p50_ms = vs_histogram_get_percentile (result->latency, 50) / 1000.0;
      result->p75_ms = vs_histogram_get_percentile (result->latency, 75) / 1000.0;
      result->p90_ms = vs_histogram_get_percentile (result->latency, 90) / 1000.0;
      result->p99_ms = vs_histogram_get_percentile (result->latency, 99) / 1000.0;
      result->p999_ms = vs_histogram_get_percentile (result->latency, 99.9) / 1000.0;
      result->p9999_ms = vs_histogram_get_percentile (result->latency, 99.99) / 1000.0;
      result->max_ms = vs_histogram_get_max (result->latency) / 1000.0;
      result->fairness = (VsFairness) { .connections = 50, .min = 10 + i, .median = 20.5 + i,
                                        .max = 40 + i, .starved = i % 2 };
    }

  for (guint p = 0; p < n_points; p++)
    {
      VsRunPoint point = {
        .t_s = 0.25 * (p + 1),
        .warmup = p < 2,
        .requests_per_s = g_rand_double_range (rand, 1000, 90000),
        .errors = p % 5,
        .p50_ms = g_rand_double_range (rand, 0.1, 3),
        .p90_ms = g_rand_double_range (rand, 3, 9),
        .p99_ms = g_rand_double_range (rand, 9, 40),
        .cpu_percent = g_rand_double_range (rand, 0, 400),
        .memory_bytes = g_rand_int_range (rand, 1 << 20, 1 << 30),
      };

      /* unknown values, everywhere they may be */
      if (p % 4 == 1)
        point.p50_ms = point.p90_ms = point.p99_ms = NAN;
      if (p % 3 == 2)
        point.cpu_percent = point.memory_bytes = NAN;
      if (p % 7 == 3)
        point.requests_per_s = NAN;
      if (p == 5)
        point.t_s = NAN;
      g_array_append_val (result->timeline, point);
    }

  result->cpu_mean_percent = 187.25 + i;
  result->cpu_peak_percent = result->status == VS_RUN_STATUS_OK ? 398.5 : NAN;
  result->memory_mean_bytes = result->status == VS_RUN_STATUS_CANCELLED ? NAN : 123456789.5;
  result->memory_peak_bytes = result->status == VS_RUN_STATUS_CANCELLED ? NAN : 234567890.0;

  g_free (result->versus_version);
  result->versus_version = g_strdup ("0.1.0-test");
  result->runtime = g_strdup (i % 2 ? "podman" : "process");
  result->runtime_version = i % 2 ? g_strdup ("podman version 4.9.3") : NULL;
  result->image_id = g_strdup_printf ("sha256:%064x", i);
  result->kernel = g_strdup ("Linux 6.8.0 x86_64");
  result->cpu_model = g_strdup ("Test CPU @ 3.00GHz");
  result->n_cpus = 8;
  result->profile = i % 3 == 2 ? NULL : make_profile_node (i);

  return result;
}

/* A session using every field the format has. */
static VsSession *
make_session (guint n_targets,
              guint n_results,
              guint n_points)
{
  g_autoptr(VsSession) session = vs_session_new ();
  g_autoptr(VsLoadProfile) profile = vs_load_profile_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const char body_text[] = "{\"item\": \"ü\\n\", \"list\": [1, 2]}\r\n\ttab";

  g_assert_cmpuint (n_targets, >=, 2);
  g_assert_cmpuint (n_targets, <=, 3);

  vs_session_set_name (session, "Express vs nginx — “quoted” \\ test");
  vs_session_set_notes (session, "line one\nline two\twith a tab\n");

  {
    g_autoptr(VsTarget) express = make_target ("Express", "express");

    express->runtime = VS_RUNTIME_KIND_PROCESS;
    express->scenario = g_strdup ("hello");
    express->host_port = 18080;
    express->cpus = 1.5;
    express->memory_bytes = G_GINT64_CONSTANT (256) * 1024 * 1024;
    express->cpuset = g_strdup ("0");
    vs_target_set_env (express, "NODE_ENV", "production");
    vs_target_set_env (express, "GREETING", "héllo “world” = x");
    vs_target_set_env (express, "_EMPTY", "");
    express->health_path = g_strdup ("/health?deep=1");
    express->ready_timeout_us = 12500000;
    vs_session_add_target (session, express);
  }
  {
    g_autoptr(VsTarget) nginx = vs_target_new ();

    nginx->label = g_strdup ("nginx");
    nginx->runtime = VS_RUNTIME_KIND_PODMAN;
    nginx->image = g_strdup ("docker.io/library/nginx:1.25-alpine");
    nginx->container_port = 80;
    nginx->health_path = g_strdup ("/");
    nginx->ready_timeout_us = 60 * G_USEC_PER_SEC;
    vs_session_add_target (session, nginx);
  }
  if (n_targets == 3)
    {
      g_autoptr(VsTarget) fastapi = make_target ("FastAPI", "fastapi");

      fastapi->runtime = VS_RUNTIME_KIND_DOCKER;
      fastapi->scenario = g_strdup ("json");
      fastapi->cpus = 0.25;
      fastapi->memory_bytes = G_GINT64_CONSTANT (1) << 31;
      vs_target_set_env (fastapi, "WORKERS", "4");
      vs_session_add_target (session, fastapi);
    }

  vs_load_profile_set_method (profile, "POST");
  vs_load_profile_set_url (profile, "/api/items?limit=10&q=%C3%BC");
  vs_load_profile_add_header (profile, "Content-Type", "application/json");
  vs_load_profile_add_header (profile, "X-Trace", "a b “c”");
  vs_load_profile_add_header (profile, "X-Trace", "second");
  body = g_bytes_new (body_text, strlen (body_text));
  vs_load_profile_set_body (profile, body);
  profile->connections = 64;
  profile->workers = 4;
  profile->duration_us = 12500000;
  profile->warmup_us = 2 * G_USEC_PER_SEC;
  profile->timeout_us = 3 * G_USEC_PER_SEC + 1000;
  profile->interval_us = 500000;
  profile->mode = VS_LOAD_MODE_RATE;
  profile->rate = 1234.5;
  profile->keep_alive = FALSE;
  profile->transport = VS_TRANSPORT_FAST;
  profile->expect_status = 404;
  vs_session_set_profile (session, profile);

  vs_session_set_trials (session, 4);
  vs_session_set_order (session, VS_TRIAL_ORDER_ROUND_ROBIN);
  vs_session_set_cooldown_us (session, 1500000);

  for (guint i = 0; i < n_results; i++)
    {
      g_autoptr(VsRunResult) result = make_result (rand, i, n_targets, n_points);

      vs_session_add_result (session, result);
    }
  /* looked at after 4 trials and continued: plan.looks */
  if (n_results > 0)
    g_assert_true (vs_session_continue (session, 2, NULL));

  return g_steal_pointer (&session);
}

#define assert_same_double(a, b)                                    \
  G_STMT_START {                                                    \
    double a_ = (a), b_ = (b);                                      \
    if (!(isnan (a_) && isnan (b_)))                                \
      g_assert_cmpfloat (a_, ==, b_);                               \
  } G_STMT_END

static void
assert_targets_equal (const VsTarget *a,
                      const VsTarget *b)
{
  g_assert_cmpstr (a->label, ==, b->label);
  g_assert_cmpint (a->runtime, ==, b->runtime);
  g_assert_cmpstr (a->template_name, ==, b->template_name);
  g_assert_cmpstr (a->scenario, ==, b->scenario);
  g_assert_cmpstr (a->image, ==, b->image);
  g_assert_cmpuint (a->container_port, ==, b->container_port);
  g_assert_cmpuint (a->host_port, ==, b->host_port);
  assert_same_double (a->cpus, b->cpus);
  g_assert_cmpint (a->memory_bytes, ==, b->memory_bytes);
  g_assert_cmpstr (a->cpuset, ==, b->cpuset);
  g_assert_cmpuint (a->workers, ==, b->workers);
  g_assert_cmpuint (a->env_names->len, ==, b->env_names->len);
  g_assert_cmpuint (a->env_values->len, ==, b->env_values->len);
  for (guint i = 0; i < a->env_names->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (a->env_names, i), ==, g_ptr_array_index (b->env_names, i));
      g_assert_cmpstr (g_ptr_array_index (a->env_values, i), ==, g_ptr_array_index (b->env_values, i));
    }
  g_assert_cmpstr (a->health_path, ==, b->health_path);
  g_assert_cmpint (a->ready_timeout_us, ==, b->ready_timeout_us);
}

static void
assert_profiles_equal (const VsLoadProfile *a,
                       const VsLoadProfile *b)
{
  g_assert_cmpstr (a->url, ==, b->url);
  g_assert_cmpstr (a->method, ==, b->method);
  g_assert_cmpuint (a->header_names->len, ==, b->header_names->len);
  for (guint i = 0; i < a->header_names->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (a->header_names, i), ==, g_ptr_array_index (b->header_names, i));
      g_assert_cmpstr (g_ptr_array_index (a->header_values, i), ==, g_ptr_array_index (b->header_values, i));
    }
  g_assert_true ((a->body == NULL) == (b->body == NULL));
  if (a->body != NULL)
    g_assert_true (g_bytes_equal (a->body, b->body));
  g_assert_cmpuint (a->connections, ==, b->connections);
  g_assert_cmpuint (a->workers, ==, b->workers);
  g_assert_cmpint (a->duration_us, ==, b->duration_us);
  g_assert_cmpint (a->warmup_us, ==, b->warmup_us);
  g_assert_cmpint (a->timeout_us, ==, b->timeout_us);
  g_assert_cmpint (a->interval_us, ==, b->interval_us);
  g_assert_cmpint (a->mode, ==, b->mode);
  assert_same_double (a->rate, b->rate);
  g_assert_cmpint (a->keep_alive, ==, b->keep_alive);
  g_assert_cmpint (a->transport, ==, b->transport);
  g_assert_cmpuint (a->expect_status, ==, b->expect_status);
}

static void
assert_results_equal (const VsRunResult *a,
                      const VsRunResult *b)
{
  g_assert_cmpuint (a->target_index, ==, b->target_index);
  g_assert_cmpstr (a->target_label, ==, b->target_label);
  g_assert_cmpuint (a->trial, ==, b->trial);
  g_assert_cmpuint (a->sequence, ==, b->sequence);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpstr (a->error, ==, b->error);
  g_assert_cmpint (a->started_at, ==, b->started_at);
  assert_same_double (a->startup_s, b->startup_s);
  assert_same_double (a->duration_s, b->duration_s);
  g_assert_cmpuint (a->requests, ==, b->requests);
  g_assert_cmpuint (a->bytes, ==, b->bytes);
  for (guint i = 0; i < VS_N_ERROR_CLASSES; i++)
    g_assert_cmpuint (a->errors[i], ==, b->errors[i]);
  g_assert_cmpuint (a->status_codes->len, ==, b->status_codes->len);
  for (guint i = 0; i < a->status_codes->len; i++)
    {
      const VsStatusCount *ca = &g_array_index (a->status_codes, VsStatusCount, i);
      const VsStatusCount *cb = &g_array_index (b->status_codes, VsStatusCount, i);

      g_assert_cmpuint (ca->code, ==, cb->code);
      g_assert_cmpuint (ca->count, ==, cb->count);
    }
  assert_same_double (a->requests_per_s, b->requests_per_s);
  g_assert_true ((a->latency == NULL) == (b->latency == NULL));
  if (a->latency != NULL)
    {
      g_assert_true (vs_histogram_equal (a->latency, b->latency));
      g_assert_cmpuint (vs_histogram_get_count (a->latency), ==, vs_histogram_get_count (b->latency));
      g_assert_cmpuint (vs_histogram_get_clamped_count (a->latency), ==,
                        vs_histogram_get_clamped_count (b->latency));
      g_assert_cmpint (vs_histogram_get_min (a->latency), ==, vs_histogram_get_min (b->latency));
      g_assert_cmpint (vs_histogram_get_max (a->latency), ==, vs_histogram_get_max (b->latency));
    }
  assert_same_double (a->mean_ms, b->mean_ms);
  assert_same_double (a->p50_ms, b->p50_ms);
  assert_same_double (a->p75_ms, b->p75_ms);
  assert_same_double (a->p90_ms, b->p90_ms);
  assert_same_double (a->p99_ms, b->p99_ms);
  assert_same_double (a->p999_ms, b->p999_ms);
  assert_same_double (a->p9999_ms, b->p9999_ms);
  assert_same_double (a->max_ms, b->max_ms);
  g_assert_cmpuint (a->timeline->len, ==, b->timeline->len);
  for (guint i = 0; i < a->timeline->len; i++)
    {
      const VsRunPoint *pa = &g_array_index (a->timeline, VsRunPoint, i);
      const VsRunPoint *pb = &g_array_index (b->timeline, VsRunPoint, i);

      assert_same_double (pa->t_s, pb->t_s);
      g_assert_cmpint (pa->warmup, ==, pb->warmup);
      assert_same_double (pa->requests_per_s, pb->requests_per_s);
      g_assert_cmpuint (pa->errors, ==, pb->errors);
      assert_same_double (pa->p50_ms, pb->p50_ms);
      assert_same_double (pa->p90_ms, pb->p90_ms);
      assert_same_double (pa->p99_ms, pb->p99_ms);
      assert_same_double (pa->cpu_percent, pb->cpu_percent);
      assert_same_double (pa->memory_bytes, pb->memory_bytes);
    }
  assert_same_double (a->cpu_mean_percent, b->cpu_mean_percent);
  assert_same_double (a->cpu_peak_percent, b->cpu_peak_percent);
  assert_same_double (a->memory_mean_bytes, b->memory_mean_bytes);
  assert_same_double (a->memory_peak_bytes, b->memory_peak_bytes);
  g_assert_cmpstr (a->versus_version, ==, b->versus_version);
  g_assert_cmpstr (a->runtime, ==, b->runtime);
  g_assert_cmpstr (a->runtime_version, ==, b->runtime_version);
  g_assert_cmpstr (a->image_id, ==, b->image_id);
  g_assert_cmpstr (a->kernel, ==, b->kernel);
  g_assert_cmpstr (a->cpu_model, ==, b->cpu_model);
  g_assert_cmpuint (a->n_cpus, ==, b->n_cpus);
  g_assert_true ((a->profile == NULL) == (b->profile == NULL));
  if (a->profile != NULL)
    g_assert_true (json_node_equal (a->profile, b->profile));
}

static void
assert_sessions_equal (VsSession *a,
                       VsSession *b)
{
  GPtrArray *ta = vs_session_get_targets (a);
  GPtrArray *tb = vs_session_get_targets (b);
  GPtrArray *ra = vs_session_get_results (a);
  GPtrArray *rb = vs_session_get_results (b);

  g_assert_cmpstr (vs_session_get_id (a), ==, vs_session_get_id (b));
  g_assert_cmpstr (vs_session_get_name (a), ==, vs_session_get_name (b));
  g_assert_cmpstr (vs_session_get_notes (a), ==, vs_session_get_notes (b));
  g_assert_cmpuint (ta->len, ==, tb->len);
  for (guint i = 0; i < ta->len; i++)
    assert_targets_equal (g_ptr_array_index (ta, i), g_ptr_array_index (tb, i));
  assert_profiles_equal (vs_session_get_profile (a), vs_session_get_profile (b));
  g_assert_cmpuint (vs_session_get_trials (a), ==, vs_session_get_trials (b));
  g_assert_cmpint (vs_session_get_order (a), ==, vs_session_get_order (b));
  g_assert_cmpint (vs_session_get_cooldown_us (a), ==, vs_session_get_cooldown_us (b));
  g_assert_cmpfloat (vs_session_get_smallest_difference (a), ==, vs_session_get_smallest_difference (b));
  g_assert_cmpuint (vs_session_get_order_seed (a), ==, vs_session_get_order_seed (b));
  {
    guint n_a, n_b;
    const guint *la = vs_session_get_looks (a, &n_a);
    const guint *lb = vs_session_get_looks (b, &n_b);

    g_assert_cmpuint (n_a, ==, n_b);
    for (guint i = 0; i < n_a; i++)
      g_assert_cmpuint (la[i], ==, lb[i]);
  }
  g_assert_cmpuint (ra->len, ==, rb->len);
  for (guint i = 0; i < ra->len; i++)
    assert_results_equal (g_ptr_array_index (ra, i), g_ptr_array_index (rb, i));
}

static VsSession *
load_path (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return vs_session_load (file, NULL, error);
}

static void
save_path (VsSession  *session,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (vs_session_save (session, file, NULL, &error));
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------------- */
/* Presets                                                                 */

static void
test_presets (void)
{
  const char * const *presets = vs_session_list_presets ();
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-session-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "preset.versus", NULL);

  g_assert_cmpstr (presets[0], ==, "express-vs-fastapi");
  g_assert_cmpstr (presets[1], ==, "express-vs-fastapi-quick");
  g_assert_null (presets[2]);

  for (guint i = 0; presets[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsSession) session = vs_session_new_preset (presets[i], &error);
      g_autoptr(VsSession) loaded = NULL;
      gboolean quick = g_str_has_suffix (presets[i], "-quick");
      GPtrArray *targets;

      g_assert_no_error (error);
      g_assert_nonnull (session);
      g_assert_true (vs_session_validate (session, &error));
      g_assert_no_error (error);
      g_assert_false (vs_session_get_modified (session));

      targets = vs_session_get_targets (session);
      g_assert_cmpuint (targets->len, ==, 2);
      g_assert_cmpstr (((VsTarget *) g_ptr_array_index (targets, 0))->label, ==, "Express");
      g_assert_cmpstr (((VsTarget *) g_ptr_array_index (targets, 1))->template_name, ==, "fastapi");
      g_assert_cmpstr (vs_session_get_profile (session)->url, ==, "/");
      g_assert_cmpuint (vs_session_get_profile (session)->connections, ==, quick ? 50 : 400);
      g_assert_cmpuint (vs_session_get_trials (session), ==, 8);
      g_assert_cmpfloat (vs_session_get_smallest_difference (session), ==, 5.0);
      g_assert_cmpint (vs_session_get_order (session), ==, VS_TRIAL_ORDER_INTERLEAVED);

      /* the time announced before Start: one response check per target,
       * then 16 trials of warm-up + measurement + start/stop, 15 cool-downs
       * (benchmarks/time-estimate compares it with real runs) */
      for (guint t = 0; t < targets->len; t++)
        ((VsTarget *) g_ptr_array_index (targets, t))->runtime = VS_RUNTIME_KIND_PROCESS;
      g_assert_cmpint (vs_session_estimate_us (session), ==,
                       quick ? 2 * 450000 + 16 * (6000000 + 450000) + 15 * 1000000
                             : 2 * 450000 + 16 * (35000000 + 450000) + 15 * 5000000);
      ((VsTarget *) g_ptr_array_index (targets, 1))->runtime = VS_RUNTIME_KIND_PODMAN;
      g_assert_cmpint (vs_session_estimate_us (session), ==,
                       quick ? 450000 + 1200000 + 8 * (6000000 + 450000) + 8 * (6000000 + 1200000)
                               + 15 * 1000000
                             : 450000 + 1200000 + 8 * (35000000 + 450000) + 8 * (35000000 + 1200000)
                               + 15 * 5000000);
      ((VsTarget *) g_ptr_array_index (targets, 0))->runtime = VS_RUNTIME_KIND_AUTO;
      ((VsTarget *) g_ptr_array_index (targets, 1))->runtime = VS_RUNTIME_KIND_AUTO;

      /* and a preset survives the file */
      save_path (session, path);
      loaded = load_path (path, &error);
      g_assert_no_error (error);
      assert_sessions_equal (session, loaded);
      g_assert_true (vs_session_validate (loaded, &error));
      g_assert_no_error (error);
    }

  {
    const char * const unknown[] = { "express-vs-django", "", "EXPRESS-VS-FASTAPI", NULL };

    for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(VsSession) session = vs_session_new_preset (unknown[i], &error);

        g_assert_null (session);
        g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, "unknown preset"));
      }
  }

  vs_test_remove_tmp_dir (dir);
}

/* ---------------------------------------------------------------------- */
/* Round trip                                                              */

static void
check_round_trip (guint n_targets,
                  guint n_results,
                  guint n_points)
{
  g_autoptr(VsSession) session = make_session (n_targets, n_results, n_points);
  g_autoptr(VsSession) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file1 = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-session-XXXXXX");
  g_autofree char *path1 = g_build_filename (dir, "first.versus", NULL);
  g_autofree char *path2 = g_build_filename (dir, "second.versus", NULL);
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  JsonObject *result;

  g_assert_true (vs_session_get_modified (session));
  g_assert_null (vs_session_get_file (session));
  save_path (session, path1);
  g_assert_false (vs_session_get_modified (session));
  file1 = g_file_new_for_path (path1);
  g_assert_true (g_file_equal (vs_session_get_file (session), file1));

  loaded = load_path (path1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_false (vs_session_get_modified (loaded));
  g_assert_true (g_file_equal (vs_session_get_file (loaded), file1));
  assert_sessions_equal (session, loaded);
  g_assert_true (vs_session_validate (loaded, &error));
  g_assert_no_error (error);

  save_path (loaded, path2);
  text1 = vs_test_read_file (path1);
  text2 = vs_test_read_file (path2);
  g_assert_cmpstr (text1, ==, text2);

  /* NAN is written as null, never as a bare nan */
  g_assert_null (strstr (text1, "nan"));
  g_assert_null (strstr (text1, "inf"));
  root = json_from_string (text1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "format"), ==,
                   "versus-session");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 1);
  if (n_results > 2)
    {
      JsonArray *row;

      result = json_array_get_object_element (
        json_object_get_array_member (json_node_get_object (root), "results"), 2);
      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "cancelled");
      g_assert_true (json_object_get_null_member (result, "startup_s"));
      g_assert_true (json_object_get_null_member (result, "histogram"));
      g_assert_true (json_object_get_null_member (
        json_object_get_object_member (result, "latency_ms"), "p99"));
      g_assert_true (json_object_get_null_member (
        json_object_get_object_member (result, "resources"), "memory_peak_bytes"));
      g_assert_true (json_object_get_null_member (
        json_object_get_object_member (result, "metadata"), "profile"));
      if (n_points > 5)
        {
          row = json_array_get_array_element (json_object_get_array_member (result, "timeline"), 5);
          g_assert_cmpuint (json_array_get_length (row), ==, 9);
          g_assert_true (json_array_get_null_element (row, 0));   /* t_s */
          g_assert_true (json_array_get_null_element (row, 4));   /* p50 */
        }
    }

  vs_test_remove_tmp_dir (dir);
}

static void
test_round_trip (void)
{
  check_round_trip (3, 9, 40);
  check_round_trip (2, 3, 6);
  check_round_trip (2, 0, 0);
}

static void
test_round_trip_big (void)
{
  check_round_trip (3, BIG_RESULTS, 50);
}

/* Members the format does not know are ignored, so that a later minor
 * addition does not make older files unreadable. */
static void
test_unknown_members (void)
{
  g_autoptr(VsSession) session = make_session (2, 2, 3);
  g_autoptr(VsSession) loaded = NULL;
  g_autoptr(JsonNode) root = vs_session_to_json (session);
  g_autoptr(GError) error = NULL;
  JsonObject *obj = json_node_get_object (root);

  json_object_set_int_member (obj, "future", 7);
  json_object_set_string_member (json_array_get_object_element (json_object_get_array_member (obj, "targets"), 0),
                                 "future", "x");
  json_object_set_boolean_member (json_object_get_object_member (obj, "profile"), "future", TRUE);
  loaded = vs_session_new_from_json (root, &error);
  g_assert_no_error (error);
  assert_sessions_equal (session, loaded);
}

/* The errors column of a timeline row is read as a count: null, negative
 * or too large for 64 bits read as 0 (without undefined behaviour). */
static void
test_timeline_errors (void)
{
  g_autoptr(VsSession) session = make_session (2, 1, 4);
  g_autoptr(VsSession) loaded = NULL;
  g_autoptr(JsonNode) root = vs_session_to_json (session);
  g_autoptr(GError) error = NULL;
  const char * const values[] = { "null", "-3", "1e30", "7" };
  const guint64 expected[] = { 0, 0, 0, 7 };
  JsonObject *result = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (root), "results"), 0);
  JsonArray *timeline = json_object_get_array_member (result, "timeline");
  GArray *points;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      JsonArray *row = json_array_get_array_element (timeline, i);
      g_autoptr(JsonNode) value = json_from_string (values[i], &error);

      g_assert_no_error (error);
      /* json-glib has no setter for an element: rebuild the row */
      {
        JsonArray *copy = json_array_new ();

        for (guint j = 0; j < json_array_get_length (row); j++)
          json_array_add_element (copy, json_node_copy (j == 3 ? value : json_array_get_element (row, j)));
        json_node_take_array (json_array_get_element (timeline, i), copy);
      }
    }

  loaded = vs_session_new_from_json (root, &error);
  g_assert_no_error (error);
  points = ((VsRunResult *) g_ptr_array_index (vs_session_get_results (loaded), 0))->timeline;
  g_assert_cmpuint (points->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (g_array_index (points, VsRunPoint, i).errors, ==, expected[i]);
}

/* ---------------------------------------------------------------------- */
/* Plan                                                                    */

static GArray *
make_plan (guint         n_targets,
           guint         trials,
           VsTrialOrder  order,
           guint32       seed,
           char        **out_text)
{
  g_autoptr(VsSession) session = vs_session_new ();
  GArray *plan;
  g_autoptr(GString) got = g_string_new (NULL);
  guint seen[3] = { 0, 0, 0 };

  for (guint i = 0; i < n_targets; i++)
    {
      char label[2] = { (char) ('A' + i), '\0' };
      g_autoptr(VsTarget) target = make_target (label, "express");

      vs_session_add_target (session, target);
    }
  vs_session_set_trials (session, trials);
  vs_session_set_order (session, order);
  vs_session_set_order_seed (session, seed);

  plan = vs_session_plan (session);
  g_assert_cmpuint (plan->len, ==, n_targets * trials);
  for (guint i = 0; i < plan->len; i++)
    {
      const VsPlanStep *step = &g_array_index (plan, VsPlanStep, i);

      if (i > 0)
        g_string_append_c (got, ' ');
      g_string_append_c (got, (char) ('A' + step->target));
      /* each target's trials come in order, 0 to trials - 1 */
      g_assert_cmpuint (step->trial, ==, seen[step->target]);
      seen[step->target]++;
      /* blocks: trial i of every target is in block i (the pairs) */
      if (order != VS_TRIAL_ORDER_SEQUENTIAL)
        g_assert_cmpuint (step->trial, ==, i / n_targets);
    }
  for (guint i = 0; i < n_targets; i++)
    g_assert_cmpuint (seen[i], ==, trials);
  *out_text = g_strdup (got->str);
  return plan;
}

static void
check_plan (guint         n_targets,
            guint         trials,
            VsTrialOrder  order,
            const char   *expected)
{
  g_autofree char *got = NULL;

  g_array_unref (make_plan (n_targets, trials, order, 1, &got));
  g_assert_cmpstr (got, ==, expected);
}

static void
test_plan (void)
{
  check_plan (2, 3, VS_TRIAL_ORDER_ROUND_ROBIN, "A B A B A B");
  check_plan (3, 2, VS_TRIAL_ORDER_ROUND_ROBIN, "A B C A B C");
  check_plan (2, 3, VS_TRIAL_ORDER_SEQUENTIAL, "A A A B B B");
  check_plan (3, 2, VS_TRIAL_ORDER_SEQUENTIAL, "A A B B C C");

  /* interleaved: one trial of each target per block, the order within a
   * block drawn from the session's seed — the same seed, the same plan;
   * both orders of a pair come about equally often */
  {
    g_autofree char *first = NULL;
    g_autofree char *again = NULL;
    g_autofree char *other = NULL;
    g_autoptr(GArray) p1 = make_plan (2, 200, VS_TRIAL_ORDER_INTERLEAVED, 7, &first);
    guint a_first = 0;

    g_array_unref (make_plan (2, 200, VS_TRIAL_ORDER_INTERLEAVED, 7, &again));
    g_array_unref (make_plan (2, 200, VS_TRIAL_ORDER_INTERLEAVED, 8, &other));

    g_assert_cmpstr (first, ==, again);
    g_assert_cmpstr (first, !=, other);
    for (guint i = 0; i < p1->len; i += 2)
      a_first += g_array_index (p1, VsPlanStep, i).target == 0;
    g_test_message ("A first in %u of 200 pairs", a_first);
    g_assert_cmpuint (a_first, >=, 70);
    g_assert_cmpuint (a_first, <=, 130);
  }
  {
    g_autofree char *three = NULL;
    g_autoptr(GArray) p = make_plan (3, 30, VS_TRIAL_ORDER_INTERLEAVED, 3, &three);
    guint first_of_block[3] = { 0, };

    for (guint i = 0; i < p->len; i += 3)
      first_of_block[g_array_index (p, VsPlanStep, i).target]++;
    /* every target leads some blocks */
    for (guint t = 0; t < 3; t++)
      g_assert_cmpuint (first_of_block[t], >, 0);
  }

  /* the order names */
  for (guint o = VS_TRIAL_ORDER_INTERLEAVED; o <= VS_TRIAL_ORDER_SEQUENTIAL; o++)
    {
      VsTrialOrder back = 99;

      g_assert_true (vs_trial_order_from_string (vs_trial_order_to_string (o), &back));
      g_assert_cmpint (back, ==, o);
    }
  {
    VsTrialOrder back = VS_TRIAL_ORDER_SEQUENTIAL;

    g_assert_false (vs_trial_order_from_string ("random", &back));
    g_assert_false (vs_trial_order_from_string (NULL, &back));
    g_assert_cmpint (back, ==, VS_TRIAL_ORDER_SEQUENTIAL);
  }
}

/* Removing a target takes its results with it and renumbers the others'
 * (a result never names another target, and the file still loads);
 * putting it back restores the session exactly. */
static void
test_take_target (void)
{
  for (guint index = 0; index < 3; index++)
    {
      g_autoptr(VsSession) session = make_session (3, 9, 2);
      g_autoptr(JsonNode) before = vs_session_to_json (session);
      g_autoptr(JsonNode) after = NULL;
      g_autoptr(JsonNode) restored = NULL;
      g_autoptr(VsSession) reloaded = NULL;
      g_autoptr(GError) error = NULL;
      GPtrArray *results = vs_session_get_results (session);
      g_autofree char *label = g_strdup (((VsTarget *) g_ptr_array_index (vs_session_get_targets (session), index))->label);
      VsRemovedTarget *removed = vs_session_take_target (session, index);

      g_assert_cmpuint (vs_removed_target_get_n_results (removed), ==, 3);
      g_assert_cmpstr (vs_removed_target_get_target (removed)->label, ==, label);
      g_assert_cmpuint (results->len, ==, 6);
      for (guint i = 0; i < results->len; i++)
        {
          const VsRunResult *r = g_ptr_array_index (results, i);
          const VsTarget *t = g_ptr_array_index (vs_session_get_targets (session), r->target_index);

          g_assert_cmpuint (r->target_index, <, 2);
          g_assert_cmpstr (r->target_label, ==, t->label);
        }
      after = vs_session_to_json (session);
      reloaded = vs_session_new_from_json (after, &error);
      g_assert_no_error (error);
      g_assert_nonnull (reloaded);

      vs_session_restore_target (session, removed);
      restored = vs_session_to_json (session);
      g_assert_true (json_node_equal (before, restored));
    }
}

/* A session continued with more trials: the looks, the plan of what is
 * left, the estimate, and every way to ask for too much. */
static void
test_continue (void)
{
  g_autoptr(VsSession) session = vs_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) full = NULL;
  g_autoptr(GArray) pending = NULL;
  const guint *looks;
  guint n_looks;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(VsTarget) target = make_target (i == 0 ? "A" : "B", "express");

      vs_session_add_target (session, target);
    }
  vs_session_set_trials (session, 3);
  vs_session_set_order (session, VS_TRIAL_ORDER_INTERLEAVED);

  /* nothing to continue before a run */
  g_assert_false (vs_session_continue (session, 2, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "no results to continue: run it first"));
  g_clear_error (&error);
  g_assert_cmpuint (vs_session_get_trials (session), ==, 3);

  /* a run of 3 trials; trial 2 of B failed */
  for (guint trial = 0; trial < 3; trial++)
    for (guint t = 0; t < 2; t++)
      {
        g_autoptr(VsRunResult) r = vs_run_result_new ();

        r->target_index = t;
        r->trial = trial;
        r->status = trial == 2 && t == 1 ? VS_RUN_STATUS_FAILED : VS_RUN_STATUS_OK;
        vs_session_add_result (session, r);
      }
  pending = vs_session_plan_pending (session);
  g_assert_cmpuint (pending->len, ==, 0);   /* a failed trial is not run again */
  g_clear_pointer (&pending, g_array_unref);

  g_assert_false (vs_session_continue (session, 0, &error));
  g_assert_nonnull (strstr (error->message, "more trials must be between 1 and 997"));
  g_clear_error (&error);
  g_assert_false (vs_session_continue (session, 998, &error));
  g_clear_error (&error);
  g_assert_cmpuint (vs_session_get_continuations (session), ==, 0);

  g_assert_true (vs_session_continue (session, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vs_session_get_trials (session), ==, 5);
  looks = vs_session_get_looks (session, &n_looks);
  g_assert_cmpuint (n_looks, ==, 1);
  g_assert_cmpuint (looks[0], ==, 3);

  /* the new trials only, in the order the whole plan has them */
  full = vs_session_plan (session);
  pending = vs_session_plan_pending (session);
  g_assert_cmpuint (pending->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const VsPlanStep *a = &g_array_index (full, VsPlanStep, 6 + i);
      const VsPlanStep *b = &g_array_index (pending, VsPlanStep, i);

      g_assert_cmpuint (a->target, ==, b->target);
      g_assert_cmpuint (a->trial, ==, b->trial);
      g_assert_cmpuint (b->trial, >=, 3);
    }
  g_assert_cmpint (vs_session_estimate_pending_us (session), <, vs_session_estimate_us (session));
  g_assert_cmpint (vs_session_estimate_pending_us (session), >, 4 * vs_session_get_profile (session)->duration_us);

  /* the budget allows three continuations */
  g_assert_true (vs_session_continue (session, 1, NULL));
  g_assert_true (vs_session_continue (session, 1, NULL));
  g_assert_cmpuint (vs_session_get_continuations (session), ==, VS_STATS_MAX_CONTINUATIONS);
  g_assert_false (vs_session_continue (session, 1, &error));
  g_assert_nonnull (strstr (error->message, "continued 3 times already"));
  g_clear_error (&error);
  g_assert_cmpuint (vs_session_get_trials (session), ==, 7);

  /* fewer trials in the plan: the looks beyond it go */
  vs_session_set_trials (session, 6);
  looks = vs_session_get_looks (session, &n_looks);
  g_assert_cmpuint (n_looks, ==, 2);
  g_assert_cmpuint (looks[1], ==, 5);

  /* a new comparison starts with no look */
  vs_session_clear_results (session);
  g_assert_cmpuint (vs_session_get_continuations (session), ==, 0);
  g_clear_pointer (&pending, g_array_unref);
  pending = vs_session_plan_pending (session);
  g_assert_cmpuint (pending->len, ==, 12);
  g_assert_cmpint (vs_session_estimate_pending_us (session), ==, vs_session_estimate_us (session));
}

/* ---------------------------------------------------------------------- */
/* Malformed files                                                         */

/* Replaces (or with @raw NULL removes) the element at @path, e.g.
 * "targets[1].cpus" or "results[0].timeline[2]", by @raw, verbatim JSON
 * text. */
static char *
mutate (const char *valid,
        const char *path,
        const char *raw)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (valid, &error);
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  g_autoptr(GString) text = NULL;
  JsonNode *node = root;
  JsonNode *parent = NULL;
  const char *last_name = NULL;
  gint last_index = -1;

  g_assert_no_error (error);
  for (guint i = 0; parts[i]; i++)
    {
      char *bracket = strchr (parts[i], '[');
      g_autofree char *name = g_strndup (parts[i], bracket ? (gsize) (bracket - parts[i]) : strlen (parts[i]));

      g_assert_nonnull (node);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      parent = node;
      last_name = parts[i];
      last_index = -1;
      node = json_object_get_member (json_node_get_object (node), name);
      g_assert_true (node != NULL || (parts[i + 1] == NULL && bracket == NULL));
      while (bracket != NULL)
        {
          guint64 index = g_ascii_strtoull (bracket + 1, NULL, 10);

          g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
          g_assert_cmpuint (index, <, json_array_get_length (json_node_get_array (node)));
          parent = node;
          last_index = (gint) index;
          node = json_array_get_element (json_node_get_array (node), index);
          bracket = strchr (bracket + 1, '[');
        }
    }

  if (last_index >= 0)
    {
      /* json-glib cannot replace an element in place: copy the array */
      JsonArray *old = json_node_get_array (parent);
      JsonArray *copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (old); i++)
        if ((gint) i != last_index)
          json_array_add_element (copy, json_node_copy (json_array_get_element (old, i)));
        else if (raw != NULL)
          json_array_add_string_element (copy, PLACEHOLDER);
      json_node_take_array (parent, copy);
    }
  else
    {
      JsonObject *obj = json_node_get_object (parent);

      if (raw == NULL)
        {
          g_assert_true (json_object_has_member (obj, last_name));
          json_object_remove_member (obj, last_name);
        }
      else
        json_object_set_string_member (obj, last_name, PLACEHOLDER);
    }

  {
    g_autofree char *generated = node_to_text (root);

    text = g_string_new (generated);
  }
  if (raw != NULL)
    g_assert_cmpuint (g_string_replace (text, "\"" PLACEHOLDER "\"", raw, 0), ==, 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  const char *path;      /* NULL: @raw is the whole file */
  const char *raw;       /* NULL: remove the member */
  const char *expected;  /* in the message */
  const char *also;      /* (nullable) also in the message */
  gint        code;
} MalformedCase;

static void
check_malformed (const char          *file_path,
                 const char          *contents,
                 gssize               len,
                 const MalformedCase *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) session = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *raw = NULL;

  write_file (file_path, contents, len);
  session = vs_session_load (file, NULL, &error);
  raw = g_strescape (c->raw ? c->raw : "(removed)", NULL);
  if (strlen (raw) > 60)
    strcpy (raw + 56, "...");
  g_test_message ("%s = %s: %s", c->path ? c->path : "(file)", raw,
                  error ? error->message : "(no error)");
  g_assert_null (session);
  g_assert_error (error, VS_ERROR, c->code);
  /* the message names the file, then the field and the problem, in text a
   * label can show */
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, name));
  if (strstr (error->message, c->expected) == NULL ||
      (c->also != NULL && strstr (error->message, c->also) == NULL))
    g_error ("“%s” does not say “%s”%s%s", error->message, c->expected,
             c->also ? " and " : "", c->also ? c->also : "");
}

static void
test_malformed (void)
{
  g_autoptr(VsSession) session = make_session (3, 4, 4);
  g_autoptr(JsonNode) root = vs_session_to_json (session);
  g_autoptr(VsHistogram) histogram = vs_histogram_new ();
  g_autofree char *valid = node_to_text (root);
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-session-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "bad.versus", NULL);
  g_autofree char *half = g_strndup (valid, strlen (valid) / 2);
  g_autofree char *histogram_text = NULL;
  g_autofree char *cut_histogram = NULL;
  g_autofree char *odd_histogram = NULL;
  const int D = VS_ERROR_INVALID_DATA;
  g_autofree char *deep_arrays = g_strnfill (80000, '[');
  g_autoptr(GString) deep_objects = g_string_new (NULL);

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep_objects, "{\"a\":");
  vs_histogram_record (histogram, 1200);
  vs_histogram_record (histogram, 99000);
  histogram_text = vs_histogram_to_base64 (histogram);
  cut_histogram = g_strdup_printf ("\"%.*s\"", (int) strlen (histogram_text) - 8, histogram_text);
  odd_histogram = g_strdup_printf ("\"%sAAAA\"", histogram_text);

  {
    const MalformedCase cases[] = {
      /* not a session at all */
      { NULL, half, "is not a valid session", NULL, D },
      { NULL, "this is not JSON", "is not a valid session", NULL, D },
      { NULL, "{\"format\": \"versus-session\", \"version\": 1,}", "is not a valid session", NULL, D },
      { NULL, "[1, 2, 3]", "not a JSON object", NULL, D },
      /* json-glib recurses once per level: these overflowed the stack */
      { NULL, deep_arrays, "nested deeper than 64 levels", NULL, D },
      { NULL, deep_objects->str, "nested deeper than 64 levels", NULL, D },
      { NULL, "{\"format\": \"versus-session\"} {\"format\": \"versus-session\"}", "more text after the end", NULL, D },
      { NULL, "{\"format\": \"versus-session\"}\n[]", "line 2: more text after the end", NULL, D },
      { NULL, "\"versus-session\"", "not a JSON object", NULL, D },
      { NULL, "null", "not a JSON object", NULL, D },
      { NULL, "", "", NULL, D },
      { NULL, "{\"name\": \"\xff\xfe\"}", "is not a valid session", "line 1 is not UTF-8 text (byte 0xff)", D },
      { NULL, "{\n\"name\": \"Caf\xe9\"}", "line 2 is not UTF-8 text (byte 0xe9)", NULL, D },
      /* found by fuzz-session-loader: json-glib's message quotes the token
       * it did not expect, cut inside the “ (e2 80 9c) */
      { NULL, "{\"a\": 1, \"atus 1: \\u201cError: listen EADDRINUSE\\u201d\", \"b\": 2}",
        "is not a valid session", "unexpected string constant", D },
      { NULL, "{}", "format is missing", NULL, D },

      /* format and version */
      { "format", NULL, "format is missing", NULL, D },
      { "format", "\"versus-template\"", "“versus-template” file, not a Versus session", NULL, D },
      { "format", "\"Versus-Session\"", "not a Versus session", NULL, D },
      { "format", "1", "format must be a string", NULL, D },
      { "version", "2", "newer", "version 2", VS_ERROR_UNSUPPORTED },
      { "version", "9223372036854775807", "newer", NULL, VS_ERROR_UNSUPPORTED },
      { "version", "0", "version is 0", NULL, D },
      { "version", "-1", "version is -1", NULL, D },
      { "version", "\"1\"", "version must be a whole number", NULL, D },
      { "version", "1.5", "version must be a whole number", NULL, D },
      { "version", "null", "version is missing", NULL, D },
      { "version", NULL, "version is missing", NULL, D },

      /* top level */
      { "id", NULL, "id is missing", NULL, D },
      { "name", "[]", "name must be a string", NULL, D },
      { "notes", "7", "notes must be a string", NULL, D },
      { "targets", NULL, "targets is missing", NULL, D },
      { "targets", "{}", "targets must be an array", NULL, D },
      { "targets", "\"Express\"", "targets must be an array", NULL, D },
      { "targets[1]", "5", "targets[1] must be an object", NULL, D },
      { "profile", NULL, "profile is missing", NULL, D },
      { "profile", "[]", "profile must be an object", NULL, D },
      { "plan", NULL, "plan is missing", NULL, D },
      { "results", "{}", "results must be an array", NULL, D },
      { "results[1]", "\"ok\"", "results[1] must be an object", NULL, D },

      /* targets */
      { "targets[1].label", NULL, "targets[1].label is missing", NULL, D },
      { "targets[1].label", "1", "targets[1].label must be a string", NULL, D },
      { "targets[0].runtime", NULL, "targets[0].runtime is missing", NULL, D },
      /* a template is a name in the template folders, never a path */
      { "targets[0].template", "\"../../../tmp/evil\"", "targets[0].template “../../../tmp/evil” is not a template’s name", "never a path", D },
      { "targets[0].template", "\"/usr/share/versus/templates/express\"", "targets[0].template “/usr/share", NULL, D },
      { "targets[0].template", "\"Express\"", "is not a template’s name", NULL, D },
      { "targets[0].runtime", "\"kubernetes\"", "targets[0].runtime “kubernetes” is not", NULL, D },
      { "targets[1].cpus", "\"2\"", "targets[1].cpus must be a finite number", NULL, D },
      { "targets[1].cpus", "-0.5", "targets[1].cpus is -0.5", NULL, D },
      { "targets[1].cpus", "1e308", "targets[1].cpus is 1e+308", NULL, D },
      { "targets[1].cpus", "1e999", "targets[1].cpus must be a finite number", NULL, D },
      { "targets[1].cpus", "0.001", "targets[1]: ", "CPU limit", D },
      { "targets[0].memory_bytes", "9223372036854775807", "targets[0].memory_bytes is 9223372036854775807", NULL, D },
      { "targets[0].memory_bytes", "-1", "targets[0].memory_bytes is -1", NULL, D },
      { "targets[0].memory_bytes", "1024", "targets[0]: ", "memory limit", D },
      { "targets[0].memory_bytes", "\"1g\"", "targets[0].memory_bytes must be a whole number", NULL, D },
      { "targets[0].memory_bytes", "1234567890123456789012345678901234567890", "targets[0].memory_bytes", NULL, D },
      { "targets[1].container_port", "70000", "targets[1].container_port is 70000", NULL, D },
      { "targets[1].container_port", "0", "targets[1]: ", "container port", D },
      { "targets[0].host_port", "-80", "targets[0].host_port is -80", NULL, D },
      { "targets[0].cpuset", "\"0-\"", "targets[0]: ", "not a CPU set", D },
      { "targets[0].cpuset", "0", "targets[0].cpuset must be a string", NULL, D },
      { "targets[0].workers", "0", "targets[0].workers is 0", NULL, D },
      { "targets[0].workers", "2", "targets[0]: ", "2 workers are more than the CPU limit of 1 CPU allows", D },
      { "targets[1].image", "\"Nginx:Latest!\"", "targets[1]: ", "not a valid image name", D },
      { "targets[1].image", "\"\"", "targets[1]: ", "image name is empty", D },
      { "targets[1].image", "null", "targets[1]: ", "neither a template nor an image", D },
      { "targets[0].health_path", "\"health\"", "targets[0]: ", "health path “health” must start with /", D },
      { "targets[0].env", "[]", "targets[0].env must be an object", NULL, D },
      { "targets[0].env.1BAD", "\"x\"", "targets[0]: ", "environment variable name “1BAD”", D },
      { "targets[0].env.BAD-NAME", "\"x\"", "targets[0]: ", "“BAD-NAME” is not valid", D },
      { "targets[0].env.NODE_ENV", "5", "targets[0].env.NODE_ENV must be a string", NULL, D },
      { "targets[0].ready_timeout_s", "0", "targets[0].ready_timeout_s is 0", NULL, D },
      { "targets[0].ready_timeout_s", "true", "targets[0].ready_timeout_s must be a finite number", NULL, D },

      /* profile */
      { "profile.method", NULL, "profile.method is missing", NULL, D },
      { "profile.path", "\"api\"", "profile.path “api” must start with /", NULL, D },
      { "profile.path", "42", "profile.path must be a string", NULL, D },
      /* request injection: nothing reaches the request head with CR, LF or controls */
      { "profile.path", "\"/\\r\\nX-Injected: y\"", "profile.path has CR (\\r) at byte 2", NULL, D },
      { "profile.path", "\"/a b\"", "profile.path has a space at byte 3", NULL, D },
      { "profile.path", "\"/\\u0001\"", "profile.path has the control character 0x01", NULL, D },
      { "profile.method", "\"GET /evil HTTP/1.1\\r\\nX: y\"", "profile.method has a space", NULL, D },
      { "profile.headers[0]", "[\"X-A\", \"v\\r\\nX-Injected: y\"]", "profile.headers[0] value has CR (\\r)", NULL, D },
      { "profile.headers[0]", "[\"X-A\\nB\", \"v\"]", "profile.headers[0] name has LF (\\n)", NULL, D },
      { "targets[0].health_path", "\"/health\\r\\nX: y\"", "targets[0]: ", "health path has CR", D },
      /* a NUL would silently cut a string short */
      { "targets[0].label", "\"Exp\\u0000ress\"", "a string holds a NUL character", NULL, D },
      /* found by fuzz-template-manifest: json-glib loses memory on a \u
       * without four hex digits; half a surrogate pair makes no character */
      { "targets[0].label", "\"\\u\\udc t\"", "a string’s \\u escape needs four hex digits", NULL, D },
      { "targets[0].label", "\"Exp\\qress\"", "a backslash JSON does not know", NULL, D },
      { "targets[0].label", "\"\\udc00\"", "\\udc00 is half of a character (a surrogate) with no first half", NULL, D },
      { "targets[0].label", "\"\\ud83d!\"", "\\ud83d is half of a character (a surrogate) with no second half", NULL, D },
      { "targets[0].label", "\"\\ud83d\\u0041\"", "no second half", NULL, D },
      { "profile.headers", "{}", "profile.headers must be an array", NULL, D },
      { "profile.headers[1]", "[\"X-Only-Name\"]", "profile.headers[1] must be a [name, value] pair", NULL, D },
      { "profile.headers[0]", "[\"A\", 1]", "profile.headers[0] must be a [name, value] pair", NULL, D },
      { "profile.body", "{}", "profile.body must be a string", NULL, D },
      { "profile.connections", "\"400\"", "profile.connections must be a whole number", NULL, D },
      { "profile.connections", "400.5", "profile.connections must be a whole number", NULL, D },
      { "profile.connections", "1e30", "profile.connections must be a whole number", NULL, D },
      { "profile.connections", "1234567890123456789012345678901234567890", "profile.connections", "not between", D },
      { "profile.connections", "0", "profile.connections is 0", NULL, D },
      { "profile.connections", "-5", "profile.connections is -5", NULL, D },
      { "profile.connections", "4294967297", "profile.connections is 4294967297", NULL, D },
      { "profile.connections", NULL, "profile.connections is missing", NULL, D },
      { "profile.workers", "257", "profile.workers is 257", NULL, D },
      { "profile.duration_s", "1e308", "profile.duration_s is 1e+308", NULL, D },
      { "profile.duration_s", "-1", "profile.duration_s is -1", NULL, D },
      { "profile.duration_s", "\"30s\"", "profile.duration_s must be a finite number", NULL, D },
      { "profile.warmup_s", "-0.5", "profile.warmup_s is -0.5", NULL, D },
      { "profile.timeout_s", "0", "profile.timeout_s is 0", NULL, D },
      { "profile.interval_s", "0.001", "profile.interval_s is 0.001", NULL, D },
      { "profile.mode", "\"turbo\"", "profile.mode “turbo” is not closed or rate", NULL, D },
      { "profile.rate", "0", "profile.rate must be positive in the rate mode", NULL, D },
      { "profile.rate", "-3", "profile.rate is -3", NULL, D },
      { "profile.rate", "1e8", "profile.rate is 1e+08", NULL, D },
      { "profile.keep_alive", "\"yes\"", "profile.keep_alive must be true or false", NULL, D },
      { "profile.keep_alive", "1", "profile.keep_alive must be true or false", NULL, D },
      { "profile.transport", "\"carrier-pigeon\"", "profile.transport “carrier-pigeon” is not", NULL, D },

      /* plan */
      { "plan.trials", "0", "plan.trials is 0", NULL, D },
      { "plan.trials", "-1", "plan.trials is -1", NULL, D },
      { "plan.trials", "1001", "plan.trials is 1001", NULL, D },
      { "plan.trials", NULL, "plan.trials is missing", NULL, D },
      { "plan.order", "\"random\"", "plan.order “random” is not", NULL, D },
      { "plan.order", "2", "plan.order must be a string", NULL, D },
      { "plan.cooldown_s", "-1", "plan.cooldown_s is -1", NULL, D },
      { "plan.smallest_difference_percent", "0", "plan.smallest_difference_percent is 0", NULL, D },
      { "plan.smallest_difference_percent", "60", "plan.smallest_difference_percent is 60", NULL, D },
      { "plan.smallest_difference_percent", "\"5\"", "plan.smallest_difference_percent must be a finite number", NULL, D },
      { "plan.order_seed", "-1", "plan.order_seed is -1", NULL, D },
      { "plan.order_seed", "4294967296", "plan.order_seed is 4294967296", NULL, D },
      { "profile.expect_status", "200", "profile.expect_status is 200", NULL, D },
      { "profile.expect_status", "\"404\"", "profile.expect_status must be a whole number", NULL, D },
      { "plan.looks", "4", "plan.looks must be an array", NULL, D },
      { "plan.looks", "[6]", "plan.looks[0] must be a whole number of trials, more than the look before and fewer than plan.trials (6)", NULL, D },
      { "plan.looks", "[0]", "plan.looks[0] must be a whole number", NULL, D },
      { "plan.looks", "[3, 3]", "plan.looks[1] must be a whole number", NULL, D },
      { "plan.looks", "[2.5]", "plan.looks[0] must be a whole number", NULL, D },
      { "plan.looks", "[\"4\"]", "plan.looks[0] must be a whole number", NULL, D },
      { "plan.looks", "[1, 2, 3, 4]", "plan.looks has 4 entries; a session is continued at most 3 times", NULL, D },

      /* results */
      { "results[0].target_index", "3", "results[0].target_index 3 names no target", NULL, D },
      { "results[3].target_index", "1000", "results[3].target_index 1000 names no target", NULL, D },
      { "results[0].target_index", "-1", "results[0].target_index is -1", NULL, D },
      { "results[0].target_index", "1e3", "results[0].target_index must be a whole number", NULL, D },
      { "results[0].target_label", NULL, "results[0].target_label is missing", NULL, D },
      { "results[1].status", "\"crashed\"", "results[1].status “crashed” is not", NULL, D },
      { "results[1].error", "false", "results[1].error must be a string", NULL, D },
      { "results[0].started_at", "-1", "results[0].started_at is -1", NULL, D },
      { "results[0].requests", "-1", "results[0].requests is -1", NULL, D },
      { "results[0].requests", "1234567890123456789012345678901234567890", "results[0].requests", NULL, D },
      { "results[0].bytes", "1.5", "results[0].bytes must be a whole number", NULL, D },
      { "results[0].duration_s", "1e308", "results[0].duration_s is 1e+308", NULL, D },
      { "results[0].startup_s", "\"fast\"", "results[0].startup_s must be a finite number", NULL, D },
      { "results[0].errors", NULL, "results[0].errors is missing", NULL, D },
      { "results[0].per_connection", "[]", "results[0].per_connection must be an object", NULL, D },
      { "results[0].per_connection.connections", "0", "results[0].per_connection.connections is 0", NULL, D },
      { "results[0].per_connection.starved", "51", "results[0].per_connection.starved is 51", NULL, D },
      { "results[0].per_connection.min", "100", "min, median and max must be in increasing order", NULL, D },
      { "results[0].per_connection.max", "-1", "results[0].per_connection.max is -1", NULL, D },
      { "results[0].errors.timeout", "-2", "results[0].errors.timeout is -2", NULL, D },
      { "results[0].status_codes.abc", "1", "results[0].status_codes.abc is not an HTTP status code", NULL, D },
      { "results[0].status_codes.99", "1", "results[0].status_codes.99 is not an HTTP status code", NULL, D },
      { "results[0].status_codes.200", "\"many\"", "results[0].status_codes.200 must be a whole number", NULL, D },
      { "results[0].latency_ms.p50", "-1", "results[0].latency_ms.p50 is -1", NULL, D },
      { "results[0].histogram", "\"not base64!\"", "results[0].histogram", "not valid base64", D },
      { "results[0].histogram", "\"aGVsbG8gd29ybGQh\"", "results[0].histogram", "bad magic", D },
      { "results[0].histogram", cut_histogram, "results[0].histogram", NULL, D },
      { "results[0].histogram", odd_histogram, "results[0].histogram", NULL, D },
      { "results[0].histogram", "12", "results[0].histogram must be a string", NULL, D },
      { "results[0].resources.cpu_mean_percent", "-1", "results[0].resources.cpu_mean_percent is -1", NULL, D },
      { "results[0].timeline", "{}", "results[0].timeline must be an array", NULL, D },
      { "results[0].timeline", NULL, "results[0].timeline is missing", NULL, D },
      { "results[0].timeline[1]", "[0.5, false, 1, 2]", "results[0].timeline[1] must be an array of 9 values", NULL, D },
      { "results[0].timeline[1]", "[0.5, false, 1, 2, 3, 4, 5, 6, 7, 8]", "results[0].timeline[1] must be an array of 9 values", NULL, D },
      { "results[0].timeline[1]", "[]", "results[0].timeline[1] must be an array of 9 values", NULL, D },
      { "results[0].timeline[1]", "{}", "results[0].timeline[1] must be an array of 9 values", NULL, D },
      { "results[0].timeline[0]", "[0.5, 0, 1, 2, 3, 4, 5, 6, 7]", "results[0].timeline[0][1] must be true or false", NULL, D },
      { "results[0].timeline[2]", "[0.5, true, \"x\", 2, 3, 4, 5, 6, 7]", "results[0].timeline[2][2] must be a number or null", NULL, D },
      { "results[0].timeline[2]", "[0.5, true, 1, 2, 3, 4, 5, 6, [7]]", "results[0].timeline[2][8] must be a number or null", NULL, D },
      { "results[0].timeline[3]", "[1e999, true, 1, 2, 3, 4, 5, 6, 7]", "results[0].timeline[3][0] must be a number or null", NULL, D },
      { "results[0].metadata", NULL, "results[0].metadata is missing", NULL, D },
      { "results[0].metadata.versus_version", NULL, "results[0].metadata.versus_version is missing", NULL, D },
      { "results[0].metadata.cpus", "\"8\"", "results[0].metadata.cpus must be a whole number", NULL, D },
    };

    /* the unchanged file loads */
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsSession) loaded = NULL;

      write_file (path, valid, -1);
      loaded = load_path (path, &error);
      g_assert_no_error (error);
      assert_sessions_equal (session, loaded);
    }

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *text = NULL;

        if (cases[i].path == NULL)
          text = g_strdup (cases[i].raw);
        else
          text = mutate (valid, cases[i].path, cases[i].raw);
        check_malformed (path, text, -1, &cases[i]);
      }
  }

  /* too many targets */
  {
    g_autoptr(JsonNode) copy = json_node_copy (root);
    JsonArray *targets = json_object_get_array_member (json_node_get_object (copy), "targets");
    g_autofree char *text = NULL;
    const MalformedCase c = { "targets", "(17)", "targets has 17 entries", NULL, VS_ERROR_INVALID_DATA };

    for (guint i = 3; i < 17; i++)
      {
        JsonNode *target = json_node_copy (json_array_get_element (targets, 1));
        g_autofree char *label = g_strdup_printf ("T%u", i);

        json_object_set_string_member (json_node_get_object (target), "label", label);
        json_array_add_element (targets, target);
      }
    text = node_to_text (copy);
    check_malformed (path, text, -1, &c);
  }

  /* a file cut at every length fails cleanly, never crashes */
  {
    gsize len = strlen (valid);
    gsize step = MAX (1, len / 400);

    for (gsize cut = 0; cut < len - 2; cut += step)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(VsSession) loaded = NULL;

        write_file (path, valid, cut);
        loaded = load_path (path, &error);
        g_assert_null (loaded);
        g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
      }
  }

  /* random bytes changed: loads or is refused, never crashes */
  {
    static const char replacements[] = "0123456789-.e\"{}[],:nutfalsx\\\xff";
    gsize len = strlen (valid);
    guint loaded_count = 0;

    for (guint i = 0; i < N_DAMAGED; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(VsSession) loaded = NULL;
        g_autofree char *text = g_strdup (valid);

        for (guint n = g_test_rand_int_range (1, 4); n > 0; n--)
          text[g_test_rand_int_range (0, len)] =
            replacements[g_test_rand_int_range (0, sizeof replacements - 1)];
        write_file (path, text, len);
        loaded = load_path (path, &error);
        if (loaded == NULL)
          g_assert_true (error != NULL && error->domain == VS_ERROR);
        else
          loaded_count++;
      }
    g_test_message ("%u of %u damaged files still loaded", loaded_count, N_DAMAGED);
  }

  vs_test_remove_tmp_dir (dir);
}

static void
test_load_missing (void)
{
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-session-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "nothing-here.versus", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) session = load_path (path, &error);

  g_assert_null (session);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
  vs_test_remove_tmp_dir (dir);
}

/* ---------------------------------------------------------------------- */
/* Validation                                                              */

static void
check_invalid (VsSession  *session,
               const char *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (vs_session_validate (session, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
count_changes (VsSession *session,
               gpointer   user_data)
{
  (*(guint *) user_data)++;
}

static void
test_validate (void)
{
  g_autoptr(VsSession) session = vs_session_new ();
  g_autoptr(VsTarget) a = make_target ("A", "express");
  g_autoptr(VsTarget) b = make_target ("B", "fastapi");
  g_autoptr(VsTarget) dup = make_target ("A", "fastapi");
  g_autoptr(VsTarget) unlabelled = make_target ("", "fastapi");
  g_autoptr(VsTarget) bad = make_target ("Bad", NULL);
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  check_invalid (session, "at least two targets (it has 0)");
  vs_session_add_target (session, a);
  check_invalid (session, "at least two targets (it has 1)");

  vs_session_add_target (session, dup);
  check_invalid (session, "two targets are labelled “A”");
  vs_session_remove_target (session, 1);

  vs_session_add_target (session, unlabelled);
  check_invalid (session, "target 2 has no label");
  vs_session_remove_target (session, 1);

  bad->image = g_strdup ("nginx");
  vs_session_add_target (session, bad);
  check_invalid (session, "target “Bad”: image “nginx” needs its container port");
  vs_session_remove_target (session, 1);

  vs_session_add_target (session, b);
  g_assert_true (vs_session_validate (session, &error));
  g_assert_no_error (error);

  vs_load_profile_set_url (vs_session_get_profile (session), "api/items");
  check_invalid (session, "the endpoint path “api/items” must start with /");
  vs_load_profile_set_url (vs_session_get_profile (session), "");
  check_invalid (session, "must start with /");
  vs_load_profile_set_url (vs_session_get_profile (session), "/api/items");

  vs_session_set_trials (session, 0);
  check_invalid (session, "trials per target must be a whole number from 1 to 1000");
  vs_session_set_trials (session, 1001);
  check_invalid (session, "trials per target must be a whole number from 1 to 1000");
  vs_session_set_trials (session, 3);

  vs_session_set_cooldown_us (session, -1);
  check_invalid (session, "cool-down cannot be negative");
  vs_session_set_cooldown_us (session, 0);

  vs_load_profile_set_method (vs_session_get_profile (session), "GET /evil");
  check_invalid (session, "not a valid HTTP method");
  vs_load_profile_set_method (vs_session_get_profile (session), "GET");

  g_assert_true (vs_session_validate (session, &error));
  g_assert_no_error (error);

  /* every change is announced */
  vs_session_set_modified (session, FALSE);
  g_signal_connect (session, "changed", G_CALLBACK (count_changes), &changes);
  vs_session_set_name (session, "renamed");
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (vs_session_get_modified (session));
  vs_session_set_name (session, "renamed");   /* no change */
  g_assert_cmpuint (changes, ==, 1);
  vs_session_set_trials (session, 7);
  vs_session_set_order (session, VS_TRIAL_ORDER_SEQUENTIAL);
  vs_session_clear_results (session);          /* none: no change */
  g_assert_cmpuint (changes, ==, 3);
}

/* ---------------------------------------------------------------------- */
/* Async                                                                   */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} AsyncData;

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = g_object_ref (result);
  g_main_loop_quit (data->loop);
}

static GAsyncResult *
wait_async (AsyncData *data)
{
  GAsyncResult *result;

  g_main_loop_run (data->loop);
  result = data->result;
  data->result = NULL;
  g_assert_nonnull (result);
  return result;
}

static void
test_async (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(VsSession) session = make_session (3, 6, 20);
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-session-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "async.versus", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.versus", NULL);
  g_autofree char *sync_path = g_build_filename (dir, "sync.versus", NULL);
  g_autofree char *async_text = NULL;
  g_autofree char *sync_text = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AsyncData data = { loop, NULL };

  /* save */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vs_session_save_async (session, file, NULL, async_done, &data);
    result = wait_async (&data);
    g_assert_true (vs_session_save_finish (session, result, &error));
    g_assert_no_error (error);
    g_assert_false (vs_session_get_modified (session));
    g_assert_true (g_file_equal (vs_session_get_file (session), file));
  }

  /* the same bytes as a plain save */
  save_path (session, sync_path);
  async_text = vs_test_read_file (path);
  sync_text = vs_test_read_file (sync_path);
  g_assert_cmpstr (async_text, ==, sync_text);

  /* load */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(VsSession) loaded = NULL;

    vs_session_load_async (file, NULL, async_done, &data);
    result = wait_async (&data);
    loaded = vs_session_load_finish (result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (loaded);
    assert_sessions_equal (session, loaded);
    g_assert_true (g_file_equal (vs_session_get_file (loaded), file));
  }

  /* errors come back through the callback */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(VsSession) loaded = NULL;
    g_autoptr(GFile) missing_file = g_file_new_for_path (missing);

    vs_session_load_async (missing_file, NULL, async_done, &data);
    result = wait_async (&data);
    loaded = vs_session_load_finish (result, &error);
    g_assert_null (loaded);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(VsSession) loaded = NULL;

    g_autoptr(GFile) newer_file = g_file_new_for_path (missing);

    write_file (missing, "{\"format\": \"versus-session\", \"version\": 2}", -1);
    vs_session_load_async (newer_file, NULL, async_done, &data);
    result = wait_async (&data);
    loaded = vs_session_load_finish (result, &error);
    g_assert_null (loaded);
    g_assert_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED);
  }
  /* a save into a folder that does not exist */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *nowhere = g_build_filename (dir, "no-such-dir", "x.versus", NULL);
    g_autoptr(GFile) nowhere_file = g_file_new_for_path (nowhere);
    g_autoptr(GFile) before = g_object_ref (vs_session_get_file (session));

    vs_session_set_name (session, "changed again");
    vs_session_save_async (session, nowhere_file, NULL, async_done, &data);
    result = wait_async (&data);
    g_assert_false (vs_session_save_finish (session, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "cannot save"));
    /* still modified, still the old file */
    g_assert_true (vs_session_get_modified (session));
    g_assert_true (g_file_equal (vs_session_get_file (session), before));
  }
  /* cancelled before it starts: nothing is written */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GFile) async_file = g_file_new_for_path (path);
    g_autofree char *after = NULL;

    g_cancellable_cancel (cancellable);
    vs_session_save_async (session, async_file, cancellable, async_done, &data);
    result = wait_async (&data);
    g_assert_false (vs_session_save_finish (session, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    after = vs_test_read_file (path);
    g_assert_cmpstr (after, ==, async_text);
  }

  vs_test_remove_tmp_dir (dir);
}

/* ---------------------------------------------------------------------- */
/* Atomic saving                                                           */

/* The child: saves a big session to @path again and again until killed. */
static int
save_loop (const char *path)
{
  g_autoptr(VsSession) session = make_session (3, BIG_RESULTS, BIG_POINTS);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  if (write (STDOUT_FILENO, "ready\n", 6) != 6)
    return 2;

  for (guint n = 0; g_get_monotonic_time () < deadline; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("generation %u", n);

      vs_session_set_name (session, name);
      if (!vs_session_save (session, file, NULL, &error))
        {
          g_printerr ("save failed: %s\n", error->message);
          return 1;
        }
    }
  return 3;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* g_file_set_contents_full (local files) writes NAME.XXXXXX next to the
 * file; g_file_replace_contents .goutputstream-XXXXXX */
static gboolean
is_temp_file (const char *name)
{
  return g_str_has_prefix (name, ".goutputstream-") ||
         (strstr (name, ".versus.") != NULL && !g_str_has_suffix (name, ".versus"));
}

/* The name of a temporary file in @dir that is not in @known, or NULL. */
static char *
find_new_temp_file (const char *dir,
                    GHashTable *known)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (is_temp_file (name) && !g_hash_table_contains (known, name))
      return g_strdup (name);
  return NULL;
}

static void
test_atomic_save (void)
{
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-session-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "big.versus", NULL);
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GHashTable) leftovers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint replaced = 0, mid_write = 0;
  goffset leftover_bytes = 0;

  g_assert_nonnull (exe);
  {
    g_autoptr(VsSession) initial = make_session (2, 1, 3);

    vs_session_set_name (initial, "initial");
    save_path (initial, path);
  }

  for (guint kill_no = 0; kill_no < N_KILLS; kill_no++)
    {
      const char *argv[] = { exe, "--save-loop", path, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(VsSession) loaded = NULL;
      g_autofree char *temp = NULL;
      GStatBuf before, after;
      GPid pid;
      int out_fd = -1;
      int status = 0;
      char ready[6];
      gsize got = 0;
      gboolean triggered = kill_no % 2 == 1;

      g_assert_cmpint (g_stat (path, &before), ==, 0);
      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               die_with_parent, NULL, &pid, NULL, &out_fd, NULL,
                                               &error));
      g_assert_no_error (error);

      /* wait until the session is built and saving starts */
      while (got < sizeof ready)
        {
          gssize n = read (out_fd, ready + got, sizeof ready - got);

          if (n < 0 && errno == EINTR)
            continue;
          g_assert_cmpint (n, >, 0);
          got += n;
        }
      g_assert_cmpmem (ready, sizeof ready, "ready\n", 6);

      if (!triggered)
        g_usleep (g_test_rand_int_range (5000, 50001));   /* at a random moment */
      else
        {
          /* while a temporary file is being written */
          gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

          while ((temp = find_new_temp_file (dir, leftovers)) == NULL)
            {
              g_assert_cmpint (g_get_monotonic_time (), <, deadline);
              g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
              g_usleep (500);
            }
          /* at once, or anywhere in the write, the fsync and the rename */
          g_usleep (kill_no % 4 == 1 ? g_test_rand_int_range (0, 3000)
                                     : g_test_rand_int_range (0, 150000));
        }

      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      g_spawn_close_pid (pid);
      close (out_fd);

      /* the file is whole: the old one or a new one */
      loaded = load_path (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (loaded);
      g_assert_cmpint (g_stat (path, &after), ==, 0);
      if (g_str_equal (vs_session_get_name (loaded), "initial"))
        {
          g_assert_cmpuint (vs_session_get_results (loaded)->len, ==, 1);
          g_assert_true (before.st_ino == after.st_ino);
        }
      else
        {
          GPtrArray *results = vs_session_get_results (loaded);

          g_assert_true (g_str_has_prefix (vs_session_get_name (loaded), "generation "));
          g_assert_cmpuint (results->len, ==, BIG_RESULTS);
          for (guint i = 0; i < results->len; i++)
            g_assert_cmpuint (((VsRunResult *) g_ptr_array_index (results, i))->timeline->len, ==,
                              BIG_POINTS);
        }
      if (before.st_ino != after.st_ino)
        replaced++;

      /* what killed saves leave behind */
      {
        g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
        const char *name;

        while ((name = g_dir_read_name (d)) != NULL)
          if (is_temp_file (name) && !g_hash_table_contains (leftovers, name))
            {
              g_autofree char *leftover = g_build_filename (dir, name, NULL);
              GStatBuf st;

              g_assert_cmpint (g_stat (leftover, &st), ==, 0);
              leftover_bytes += st.st_size;
              g_hash_table_add (leftovers, g_strdup (name));
              mid_write++;
              g_test_message ("kill %u left %s, %" G_GOFFSET_FORMAT " bytes",
                              kill_no, name, (goffset) st.st_size);
            }
      }
      g_test_message ("kill %u (%s): the file holds “%s”, %u temporary files so far", kill_no,
                      triggered ? "while a temporary file exists" : "at a random moment",
                      vs_session_get_name (loaded), g_hash_table_size (leftovers));
    }

  g_test_message ("%u kills: the file was replaced %u times and always loaded whole; "
                  "%u kills landed mid-save and left %u temporary files "
                  "(%" G_GOFFSET_FORMAT " bytes in all) that nothing removes",
                  N_KILLS, replaced, mid_write, g_hash_table_size (leftovers), leftover_bytes);
  /* the triggered kills do land while a temporary file exists */
  g_assert_cmpuint (mid_write, >, 0);

  vs_test_remove_tmp_dir (dir);
}

/* A save that fails leaves the old file alone. */
static void
test_failed_save (void)
{
  g_autoptr(VsSession) session = make_session (2, 2, 5);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = vs_test_make_tmp_dir ("versus-session-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "keep.versus", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  save_path (session, path);
  before = vs_test_read_file (path);
  vs_session_set_name (session, "not saved");
  g_cancellable_cancel (cancellable);
  g_assert_false (vs_session_save (session, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (vs_session_get_modified (session));
  after = vs_test_read_file (path);
  g_assert_cmpstr (before, ==, after);

  vs_test_remove_tmp_dir (dir);
}

static VsHistoryEntry *
history_entry (gint64      id,
               gint64      date,
               const char *label,
               guint       target_index,
               guint       trial,
               double      rps)
{
  VsHistoryEntry *entry = vs_history_entry_new ();
  g_autoptr(VsRunResult) r = vs_run_result_new ();
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonBuilder) profile = json_builder_new ();

  r->target_index = target_index;
  r->target_label = g_strdup (label);
  r->trial = trial;
  r->sequence = trial * 2 + target_index;
  r->started_at = date;
  r->status = VS_RUN_STATUS_OK;
  r->runtime = g_strdup ("process");
  r->duration_s = 5;
  r->requests_per_s = rps;
  r->requests = (guint64) (rps * 5);
  json_builder_begin_object (profile);
  json_builder_set_member_name (profile, "url");
  json_builder_add_string_value (profile, "http://127.0.0.1:4000/json?x=1");
  json_builder_set_member_name (profile, "connections");
  json_builder_add_int_value (profile, 64);
  json_builder_set_member_name (profile, "duration_s");
  json_builder_add_double_value (profile, 5);
  json_builder_set_member_name (profile, "warmup_s");
  json_builder_add_double_value (profile, 0.5);
  json_builder_set_member_name (profile, "mode");
  json_builder_add_string_value (profile, "closed");
  json_builder_end_object (profile);
  r->profile = json_builder_get_root (profile);
  json = vs_run_result_to_json (r);

  entry->id = id;
  entry->date = date;
  entry->session_id = g_strdup ("s-1");
  entry->session_name = g_strdup ("Lunch comparison");
  entry->target_label = g_strdup (label);
  entry->runtime = g_strdup ("process");
  entry->source = g_strdup (target_index == 0 ? "express" : "localhost/someone/fastapi:2");
  entry->scenario = g_strdup ("GET /json?x=1");
  entry->trial = trial;
  entry->status = g_strdup ("ok");
  entry->requests_per_s = rps;
  entry->json = json_to_string (json, FALSE);
  return entry;
}

/* A comparison rebuilt from its history rows: the run that holds the chosen
 * row (a session run twice holds two), its targets, load and results */
static void
test_from_history (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_history_entry_free);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(VsSession) session = NULL;
  g_autoptr(VsSessionSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *targets;
  VsTarget *fastapi;

  /* newest first, as a query returns them. Run 1: two trials each, then a
   * continuation's third; run 2: one trial each */
  g_ptr_array_insert (entries, 0, history_entry (1, 100, "FastAPI", 1, 0, 3000));
  g_ptr_array_insert (entries, 0, history_entry (2, 110, "Express", 0, 0, 5000));
  g_ptr_array_insert (entries, 0, history_entry (3, 120, "FastAPI", 1, 1, 3100));
  g_ptr_array_insert (entries, 0, history_entry (4, 130, "Express", 0, 1, 5100));
  g_ptr_array_insert (entries, 0, history_entry (5, 300, "Express", 0, 2, 5050));
  g_ptr_array_insert (entries, 0, history_entry (6, 300, "FastAPI", 1, 2, 3050));
  g_ptr_array_insert (entries, 0, history_entry (7, 900, "FastAPI", 1, 0, 2000));
  g_ptr_array_insert (entries, 0, history_entry (8, 910, "Express", 0, 0, 4000));

  first = vs_history_select_run (entries, 4);
  g_assert_cmpuint (first->len, ==, 6);
  g_assert_cmpint (((VsHistoryEntry *) g_ptr_array_index (first, 0))->id, ==, 1);
  /* the run started with FastAPI, its target 2: Express stays target 1 */
  second = vs_history_select_run (entries, 7);
  g_assert_cmpuint (second->len, ==, 2);
  none = vs_history_select_run (entries, 42);
  g_assert_cmpuint (none->len, ==, 0);

  session = vs_session_new_from_history (first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_session_get_name (session), ==, "Lunch comparison");
  g_assert_false (vs_session_get_modified (session));
  g_assert_null (vs_session_get_file (session));
  targets = vs_session_get_targets (session);
  g_assert_cmpuint (targets->len, ==, 2);
  g_assert_cmpstr (((VsTarget *) g_ptr_array_index (targets, 0))->label, ==, "Express");
  g_assert_cmpstr (((VsTarget *) g_ptr_array_index (targets, 0))->template_name, ==, "express");
  fastapi = g_ptr_array_index (targets, 1);
  g_assert_cmpstr (fastapi->label, ==, "FastAPI");
  g_assert_cmpstr (fastapi->image, ==, "localhost/someone/fastapi:2");
  g_assert_cmpint (fastapi->runtime, ==, VS_RUNTIME_KIND_PROCESS);
  g_assert_cmpstr (vs_session_get_profile (session)->method, ==, "GET");
  g_assert_cmpstr (vs_session_get_profile (session)->url, ==, "/json?x=1");
  g_assert_cmpuint (vs_session_get_profile (session)->connections, ==, 64);
  g_assert_cmpint (vs_session_get_profile (session)->duration_us, ==, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (vs_session_get_profile (session)->warmup_us, ==, G_USEC_PER_SEC / 2);
  g_assert_cmpuint (vs_session_get_trials (session), ==, 3);
  g_assert_cmpuint (vs_session_get_results (session)->len, ==, 6);

  summary = vs_session_summarize (session);
  g_assert_cmpuint (summary->n_targets, ==, 2);
  g_assert_cmpfloat_with_epsilon (summary->summaries[VS_METRIC_REQUESTS_PER_S][0].mean, 5050, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary->summaries[VS_METRIC_REQUESTS_PER_S][1].mean, 3050, 1e-9);

  /* a row whose run cannot be read says which */
  g_free (((VsHistoryEntry *) g_ptr_array_index (second, 1))->json);
  ((VsHistoryEntry *) g_ptr_array_index (second, 1))->json = g_strdup ("[1, 2");
  g_clear_object (&session);
  session = vs_session_new_from_history (second, &error);
  g_assert_null (session);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "history row 8"));
}


/* ---------------------------------------------------------------------- */
/* The model: every edit through a setter or property is the session's    */

static void
count_changed (VsSession *session,
               guint     *count)
{
  (*count)++;
}

static void
test_model_edits (void)
{
  g_autoptr(VsSession) session = vs_session_new_preset ("express-vs-fastapi-quick", NULL);
  VsTarget *first = g_ptr_array_index (vs_session_get_targets (session), 0);
  g_autoptr(VsLoadProfile) other = vs_load_profile_new ();
  g_autoptr(VsRemovedTarget) removed = NULL;
  VsLoadProfile *profile;
  g_autofree char *runtime_nick = NULL;
  guint changed = 0;
  guint trials = 0;
  double cpus = 0;

  g_signal_connect (session, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_false (vs_session_get_modified (session));

  /* a target's property, by name as a binding sets it */
  g_object_set (first, "cpus", 1.5, NULL);
  g_assert_cmpfloat (first->cpus, ==, 1.5);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (vs_session_get_modified (session));
  /* the same value again is no change */
  vs_target_set_cpus (first, 1.5);
  g_assert_cmpuint (changed, ==, 1);
  g_object_get (first, "cpus", &cpus, NULL);
  g_assert_cmpfloat (cpus, ==, 1.5);

  /* enums are registered types */
  vs_target_set_runtime (first, VS_RUNTIME_KIND_PROCESS);
  g_assert_cmpuint (changed, ==, 2);
  {
    GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (first), "runtime");
    g_autoptr(GEnumClass) klass = g_type_class_ref (pspec->value_type);

    runtime_nick = g_strdup (g_enum_get_value (klass, VS_RUNTIME_KIND_PROCESS)->value_nick);
  }
  g_assert_cmpstr (runtime_nick, ==, "process");

  /* the environment notifies as one property */
  vs_target_set_env (first, "A", "1");
  g_assert_cmpuint (changed, ==, 3);
  vs_target_set_env (first, "A", "1");
  g_assert_cmpuint (changed, ==, 3);

  /* the profile, and the session's own settings */
  profile = vs_session_get_profile (session);
  g_object_set (profile, "connections", 77u, NULL);
  g_assert_cmpuint (profile->connections, ==, 77);
  g_assert_cmpuint (changed, ==, 4);
  vs_load_profile_add_header (profile, "X-A", "b");
  g_assert_cmpuint (changed, ==, 5);
  g_object_set (session, "trials", 12u, NULL);
  g_object_get (session, "trials", &trials, NULL);
  g_assert_cmpuint (trials, ==, 12);
  g_assert_cmpuint (vs_session_get_trials (session), ==, 12);
  g_assert_cmpuint (changed, ==, 6);

  /* a removed target is no longer the session's; put back, it is again */
  removed = vs_session_take_target (session, 0);
  changed = 0;
  vs_target_set_label (vs_removed_target_get_target (removed), "Gone");
  g_assert_cmpuint (changed, ==, 0);
  vs_session_restore_target (session, g_steal_pointer (&removed));
  changed = 0;
  vs_target_set_label (g_ptr_array_index (vs_session_get_targets (session), 0), "Back");
  g_assert_cmpuint (changed, ==, 1);

  /* a replaced profile: the old one's edits are no change */
  g_object_ref (profile);
  vs_load_profile_set_url (other, "/");
  g_object_set (session, "profile", other, NULL);
  g_assert_true (vs_session_get_profile (session) == other);
  changed = 0;
  vs_load_profile_set_connections (profile, 5);
  g_assert_cmpuint (changed, ==, 0);
  g_object_unref (profile);
  vs_load_profile_set_connections (other, 5);
  g_assert_cmpuint (changed, ==, 1);

  /* a loaded session follows its parts too, and starts unmodified */
  {
    g_autoptr(JsonNode) json = vs_session_to_json (session);
    g_autoptr(GError) error = NULL;
    g_autoptr(VsSession) loaded = vs_session_new_from_json (json, &error);
    guint loaded_changed = 0;

    g_assert_no_error (error);
    g_signal_connect (loaded, "changed", G_CALLBACK (count_changed), &loaded_changed);
    vs_load_profile_set_rate (vs_session_get_profile (loaded), 10);
    vs_target_set_memory_bytes (g_ptr_array_index (vs_session_get_targets (loaded), 1), 1 << 30);
    g_assert_cmpuint (loaded_changed, ==, 2);
  }

  /* the engine's copy is frozen: edits of the original do not reach it */
  {
    g_autoptr(VsLoadProfile) copy = vs_load_profile_copy (other);

    vs_load_profile_set_connections (other, 9);
    g_assert_cmpuint (copy->connections, ==, 5);
    g_assert_cmpuint (copy->header_names->len, ==, other->header_names->len);
  }
}

static GPtrArray *
bundled_templates (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  GPtrArray *templates = vs_template_list (&problems);

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (vs_template_list_find (templates, "express"));
  g_assert_nonnull (vs_template_list_find (templates, "fastapi"));
  return templates;
}

static void
test_rules_new_target (void)
{
  g_autoptr(GPtrArray) templates = bundled_templates ();
  g_autoptr(VsSession) session = vs_session_new ();
  g_autoptr(VsTarget) a = NULL;
  g_autoptr(VsTarget) b = NULL;
  g_autoptr(VsTarget) c = NULL;
  VsTemplate *first = g_ptr_array_index (templates, 0);
  VsTemplate *second = NULL;

  /* after the first, the first template of another language */
  for (guint i = 1; i < templates->len && second == NULL; i++)
    if (!g_str_equal (((VsTemplate *) g_ptr_array_index (templates, i))->language, first->language))
      second = g_ptr_array_index (templates, i);
  g_assert_nonnull (second);

  /* the first template, its first scenario, labelled after it */
  a = vs_session_new_target (session, templates);
  g_assert_cmpstr (a->template_name, ==, first->name);
  g_assert_cmpstr (a->label, ==, first->title);
  g_assert_nonnull (a->scenario);
  g_assert_cmpuint (vs_session_get_targets (session)->len, ==, 0);   /* not added */
  vs_target_set_scenario (a, "json");
  vs_target_set_runtime (a, VS_RUNTIME_KIND_PODMAN);
  vs_target_set_cpus (a, 0.5);
  vs_target_set_memory_bytes (a, 256 << 20);
  vs_session_add_target (session, a);

  /* then one no target uses yet, with the last one's scenario, runtime and limits */
  b = vs_session_new_target (session, templates);
  g_assert_cmpstr (b->template_name, ==, second->name);
  g_assert_cmpstr (b->label, ==, second->title);
  g_assert_cmpstr (b->scenario, ==, "json");
  g_assert_cmpint (b->runtime, ==, VS_RUNTIME_KIND_PODMAN);
  g_assert_cmpfloat (b->cpus, ==, 0.5);
  g_assert_cmpint (b->memory_bytes, ==, 256 << 20);
  g_assert_null (b->cpuset);
  vs_session_add_target (session, b);

  /* then languages take turns while templates of both are unused */
  for (guint i = 2; i < templates->len; i++)
    {
      g_autoptr(VsTarget) next = vs_session_new_target (session, templates);
      GPtrArray *targets = vs_session_get_targets (session);
      VsTarget *prev = g_ptr_array_index (targets, targets->len - 1);
      VsTemplate *prev_template = vs_template_list_find (templates, prev->template_name);
      VsTemplate *next_template = vs_template_list_find (templates, next->template_name);
      gboolean other_unused = FALSE;

      for (guint j = 0; j < templates->len; j++)
        {
          VsTemplate *t = g_ptr_array_index (templates, j);
          gboolean used = FALSE;

          for (guint k = 0; k < targets->len; k++)
            used |= g_str_equal (((VsTarget *) g_ptr_array_index (targets, k))->template_name, t->name);
          other_unused |= !used && !g_str_equal (t->language, prev_template->language);
        }
      g_assert_nonnull (next_template);
      if (other_unused)
        g_assert_cmpstr (next_template->language, !=, prev_template->language);
      vs_session_add_target (session, next);
    }

  /* every template used: the first again, under a label no target has */
  c = vs_session_new_target (session, templates);
  g_assert_cmpstr (c->template_name, ==, first->name);
  {
    g_autofree char *label = g_strdup_printf ("%s 2", first->title);

    g_assert_cmpstr (c->label, ==, label);
  }
  g_assert_true (vs_target_validate (c, NULL));
}

static void
test_rules_scenario (void)
{
  g_autoptr(GPtrArray) templates = bundled_templates ();
  g_autoptr(VsSession) session = vs_session_new_preset ("express-vs-fastapi-quick", NULL);
  g_autoptr(VsTarget) image = vs_target_new ();
  VsLoadProfile *profile = vs_session_get_profile (session);
  GPtrArray *targets = vs_session_get_targets (session);
  guint changed = 0;

  vs_target_set_label (image, "Image");
  vs_target_set_image (image, "docker.io/library/nginx:1.25");
  vs_target_set_container_port (image, 80);
  vs_session_add_target (session, image);
  vs_load_profile_add_header (profile, "Accept", "text/plain");
  vs_load_profile_add_header (profile, "content-type", "text/plain");

  /* a scenario is the endpoint of every template target that has it */
  g_assert_true (vs_session_apply_scenario (session, templates, "echo"));
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (((VsTarget *) g_ptr_array_index (targets, i))->scenario, ==, "echo");
  g_assert_null (image->scenario);
  g_assert_cmpstr (profile->method, ==, "POST");
  g_assert_cmpstr (profile->url, ==, "/echo");
  g_assert_nonnull (profile->body);
  /* its content type replaces any other; other headers stay */
  g_assert_cmpuint (profile->header_names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (profile->header_names, 0), ==, "Accept");
  g_assert_cmpstr (g_ptr_array_index (profile->header_names, 1), ==, "Content-Type");
  g_assert_cmpstr (g_ptr_array_index (profile->header_values, 1), ==, "application/json");

  /* back to a GET without a body */
  g_assert_true (vs_session_apply_scenario (session, templates, "json"));
  g_assert_cmpstr (profile->method, ==, "GET");
  g_assert_cmpstr (profile->url, ==, "/json");
  g_assert_null (profile->body);
  g_assert_cmpuint (profile->header_names->len, ==, 1);

  /* a scenario no template has changes nothing */
  g_signal_connect (session, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_false (vs_session_apply_scenario (session, templates, "no-such"));
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpstr (profile->url, ==, "/json");

  /* the endpoint still the scenario's: nothing detached */
  vs_session_detach_scenarios (session, templates);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpstr (((VsTarget *) g_ptr_array_index (targets, 0))->scenario, ==, "json");

  /* edited by hand: no scenario's any more */
  vs_load_profile_set_url (profile, "/json?pretty=1");
  vs_session_detach_scenarios (session, templates);
  for (guint i = 0; i < 2; i++)
    g_assert_null (((VsTarget *) g_ptr_array_index (targets, i))->scenario);

  /* a scenario its template does not have is no scenario either */
  vs_target_set_scenario (g_ptr_array_index (targets, 0), "gone");
  vs_session_detach_scenarios (session, templates);
  g_assert_null (((VsTarget *) g_ptr_array_index (targets, 0))->scenario);
}


/* One error per field, for a form to put on its rows; the first is what
 * vs_target_validate() says, with its error code */
static void
test_rules_target_problems (void)
{
  g_autoptr(VsTarget) target = vs_target_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  const VsTargetProblem *p;

  vs_target_set_label (target, "nginx");
  vs_target_set_template_name (target, "express");
  problems = vs_target_get_problems (target);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (vs_target_validate (target, NULL));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* an image on local processes, without its port, with limits too small
   * and two bad environment names: one problem for each field */
  vs_target_set_template_name (target, NULL);
  vs_target_set_image (target, "nginx");
  vs_target_set_runtime (target, VS_RUNTIME_KIND_PROCESS);
  vs_target_set_memory_bytes (target, 1024);
  vs_target_set_cpus (target, 5000);
  vs_target_set_env (target, "1BAD", "x");
  vs_target_set_env (target, "ALSO-BAD", "y");
  problems = vs_target_get_problems (target);
  g_assert_cmpuint (problems->len, ==, 5);

  p = g_ptr_array_index (problems, 0);
  g_assert_cmpint (p->field, ==, VS_TARGET_FIELD_RUNTIME);
  g_assert_cmpstr (p->row_message, ==,
                   "an image needs a container runtime (Podman or Docker), not local processes");
  g_assert_nonnull (strstr (p->error->message, "image “nginx” needs a container runtime"));
  p = g_ptr_array_index (problems, 1);
  g_assert_cmpint (p->field, ==, VS_TARGET_FIELD_CONTAINER_PORT);
  g_assert_nonnull (strstr (p->row_message, "an image needs its container port"));
  p = g_ptr_array_index (problems, 2);
  g_assert_cmpint (p->field, ==, VS_TARGET_FIELD_CPUS);
  p = g_ptr_array_index (problems, 3);
  g_assert_cmpint (p->field, ==, VS_TARGET_FIELD_MEMORY);
  p = g_ptr_array_index (problems, 4);
  g_assert_cmpint (p->field, ==, VS_TARGET_FIELD_ENV);
  g_assert_nonnull (strstr (p->error->message, "1BAD"));   /* the first bad name only */

  g_assert_false (vs_target_validate (target, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   ((VsTargetProblem *) g_ptr_array_index (problems, 0))->error->message);
  g_clear_error (&error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* fixed one by one, the list shrinks field by field */
  vs_target_set_runtime (target, VS_RUNTIME_KIND_PODMAN);
  vs_target_set_container_port (target, 80);
  vs_target_set_cpus (target, 1);
  problems = vs_target_get_problems (target);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpint (((VsTargetProblem *) g_ptr_array_index (problems, 0))->field, ==,
                   VS_TARGET_FIELD_MEMORY);
}

/* Workers: in range, and no more than the CPUs the target may use; the
 * message says the count that fits. A CPU set counts its CPUs. */
static void
test_rules_target_workers (void)
{
  g_autoptr(VsTarget) target = vs_target_new ();
  g_autoptr(VsTarget) copy = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  const VsTargetProblem *p;

  g_assert_cmpuint (vs_cpuset_count ("0"), ==, 1);
  g_assert_cmpuint (vs_cpuset_count ("0-3"), ==, 4);
  g_assert_cmpuint (vs_cpuset_count ("0-1,3"), ==, 3);
  g_assert_cmpuint (vs_cpuset_count ("2,0-3,1"), ==, 4);   /* overlaps once */
  g_assert_cmpuint (vs_cpuset_count ("x"), ==, 0);

  vs_target_set_template_name (target, "flask");
  g_assert_cmpuint (target->workers, ==, 1);
  vs_target_set_workers (target, 4);
  g_assert_cmpuint (vs_target_get_cpu_limit (target), ==, 0);
  g_assert_true (vs_target_validate (target, NULL));

  /* 1.5 CPUs: two workers fit, four do not */
  vs_target_set_cpus (target, 1.5);
  g_assert_cmpuint (vs_target_get_cpu_limit (target), ==, 2);
  problems = vs_target_get_problems (target);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpint (p->field, ==, VS_TARGET_FIELD_WORKERS);
  g_assert_cmpstr (p->error->message, ==,
                   "4 workers are more than the CPU limit of 2 CPUs allows: set workers to 2 or raise the limit");
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* the CPU set is the tighter limit */
  vs_target_set_cpuset (target, "0");
  vs_target_set_workers (target, 2);
  g_assert_cmpuint (vs_target_get_cpu_limit (target), ==, 1);
  g_assert_false (vs_target_validate (target, &error));
  g_assert_cmpstr (error->message, ==,
                   "2 workers are more than the CPU limit of 1 CPU allows: set workers to 1 or raise the limit");
  g_clear_error (&error);

  /* and the machine's, when starting */
  vs_target_set_cpuset (target, NULL);
  vs_target_set_cpus (target, 0);
  vs_target_set_workers (target, 3);
  g_assert_false (vs_target_check_workers (target, 2, &error));
  g_assert_cmpstr (error->message, ==, "3 workers are more than this machine’s 2 CPUs: set workers to 2");
  g_clear_error (&error);

  vs_target_set_workers (target, 0);
  g_assert_false (vs_target_validate (target, &error));
  g_assert_cmpstr (error->message, ==, "0 workers is out of range (1 to 256)");
  g_clear_error (&error);

  vs_target_set_workers (target, 3);
  copy = vs_target_copy (target);
  g_assert_cmpuint (copy->workers, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--save-loop"))
    return save_loop (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/presets", test_presets);
  g_test_add_func ("/session/rules/target-workers", test_rules_target_workers);
  g_test_add_func ("/session/round-trip", test_round_trip);
  g_test_add_func ("/session/round-trip-big", test_round_trip_big);
  g_test_add_func ("/session/unknown-members", test_unknown_members);
  g_test_add_func ("/session/timeline-errors", test_timeline_errors);
  g_test_add_func ("/session/plan", test_plan);
  g_test_add_func ("/session/continue", test_continue);
  g_test_add_func ("/session/take-target", test_take_target);
  g_test_add_func ("/session/malformed", test_malformed);
  g_test_add_func ("/session/load-missing", test_load_missing);
  g_test_add_func ("/session/validate", test_validate);
  g_test_add_func ("/session/async", test_async);
  g_test_add_func ("/session/save/failed", test_failed_save);
  g_test_add_func ("/session/save/atomic", test_atomic_save);
  g_test_add_func ("/session/from-history", test_from_history);
  g_test_add_func ("/session/model/edits", test_model_edits);
  g_test_add_func ("/session/rules/new-target", test_rules_new_target);
  g_test_add_func ("/session/rules/scenario", test_rules_scenario);
  g_test_add_func ("/session/rules/target-problems", test_rules_target_problems);

  return g_test_run ();
}
