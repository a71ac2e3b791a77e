/* test-study.c — studies: the file, the claims, the sweeps, and a real run
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The judgement of claims and of saturation is tested on results with
 * known figures (the statistics on given numbers, no server pretended);
 * running, stopping and going on are tested on real servers: the bundled
 * Node.js and Python templates as local processes.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vs-history.h"
#include "vs-study-runner.h"
#include "vs-template.h"
#include "vs-util.h"
#include "vs-test-async.h"
#include "vs-test-study.h"

static char *
study_text (VsStudy *study)
{
  g_autoptr(JsonNode) node = vs_study_to_json (study);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 1);   /* as the file is written */
  return json_generator_to_data (generator, NULL);
}

/* ---------------------------------------------------------------------- */

static void
test_judge (void)
{
  /* a figure inside the interval, the interval above zero */
  g_assert_cmpint (vs_claim_judge (27.9, 60.3, 44.9, 44.9), ==, VS_CLAIM_HOLDS);
  /* a range the interval reaches */
  g_assert_cmpint (vs_claim_judge (5, 45, 40, 70), ==, VS_CLAIM_HOLDS);
  /* the claimed side, but the interval reaches zero: too few trials to tell */
  g_assert_cmpint (vs_claim_judge (-3, 50, 40, 70), ==, VS_CLAIM_INCONCLUSIVE);
  /* the interval misses the range: on the right side, too small */
  g_assert_cmpint (vs_claim_judge (5, 15, 40, 70), ==, VS_CLAIM_CONTRADICTED);
  /* reversed */
  g_assert_cmpint (vs_claim_judge (120, 300, -31.6, -31.6), ==, VS_CLAIM_CONTRADICTED);
  g_assert_cmpint (vs_claim_judge (-50, -20, -31.6, -31.6), ==, VS_CLAIM_HOLDS);
  /* direction only */
  g_assert_cmpint (vs_claim_judge (0.5, 9, 0, NAN), ==, VS_CLAIM_HOLDS);
  g_assert_cmpint (vs_claim_judge (-9, -0.5, 0, NAN), ==, VS_CLAIM_CONTRADICTED);
  g_assert_cmpint (vs_claim_judge (-9, 3, 0, NAN), ==, VS_CLAIM_INCONCLUSIVE);
  g_assert_cmpint (vs_claim_judge (-9, -3, NAN, 0), ==, VS_CLAIM_HOLDS);
  /* "within ±5 %": holds only when the whole interval is inside */
  g_assert_cmpint (vs_claim_judge (-2, 3, -5, 5), ==, VS_CLAIM_HOLDS);
  g_assert_cmpint (vs_claim_judge (-2, 8, -5, 5), ==, VS_CLAIM_INCONCLUSIVE);
  g_assert_cmpint (vs_claim_judge (6, 8, -5, 5), ==, VS_CLAIM_CONTRADICTED);
  /* no interval */
  g_assert_cmpint (vs_claim_judge (NAN, NAN, 40, 70), ==, VS_CLAIM_INCONCLUSIVE);
}

/* The presets: their cells, sweeps and claims, and a file that reads back
 * to the same text. */
static void
test_presets (void)
{
  const char * const *presets = vs_study_list_presets ();
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);

  g_assert_cmpstr (presets[0], ==, "article-claims");
  for (guint p = 0; presets[p] != NULL; p++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsStudy) study = vs_study_new_preset (presets[p], &error);
      g_autoptr(VsStudy) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text_again = NULL;
      GPtrArray *claims;
      gint64 estimate;

      g_assert_no_error (error);
      g_assert_nonnull (vs_study_find_cell (study, "hello"));
      g_assert_nonnull (vs_study_find_cell (study, "numeric"));
      g_assert_nonnull (vs_study_find_cell (study, "concurrency/1024"));
      g_assert_cmpuint (vs_study_get_sweeps (study)->len, ==, 2);
      claims = vs_study_get_claims (study);
      g_assert_cmpuint (claims->len, >=, 7);
      for (guint i = 0; i < claims->len; i++)
        g_assert_nonnull (vs_study_find_cell (study, ((VsStudyClaim *) g_ptr_array_index (claims, i))->cell));

      /* every cell runs with the bundled templates */
      g_assert_true (vs_study_validate (study, templates, &error));
      g_assert_no_error (error);
      estimate = vs_study_estimate_pending_us (study, templates);
      if (g_str_has_suffix (presets[p], "-quick"))
        /* about ten minutes, not an hour */
        g_assert_cmpint (estimate, <, 15 * 60 * G_USEC_PER_SEC);
      else
        g_assert_cmpint (estimate, >, 15 * 60 * G_USEC_PER_SEC);

      text = study_text (study);
      again = vs_study_new_from_data (text, strlen (text), "preset", &error);
      g_assert_no_error (error);
      text_again = study_text (again);
      g_assert_cmpstr (text, ==, text_again);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (vs_study_new_preset ("nope", &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "article-claims"));
  }
}

/* Saved in a worker thread: the file loads back to the same text; a folder
 * that does not exist is an error naming the file */
static void
test_save_async (void)
{
  g_autoptr(VsStudy) study = vs_study_new_preset ("article-claims-quick", NULL);
  g_autofree char *dir = g_dir_make_tmp ("versus-study-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.versus-study", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "x.versus-study", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) nowhere_file = g_file_new_for_path (nowhere);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsStudy) loaded = NULL;
  g_autofree char *text = study_text (study);
  g_autofree char *loaded_text = NULL;
  GAsyncResult *slot = NULL;

  vs_study_save_async (study, file, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  g_assert_true (vs_study_save_finish (study, result, &error));
  g_assert_no_error (error);
  loaded = vs_study_load (file, NULL, &error);
  g_assert_no_error (error);
  loaded_text = study_text (loaded);
  g_assert_cmpstr (text, ==, loaded_text);
  /* made here: trusted when read back */
  g_assert_true (vs_study_get_trusted (loaded));
  /* read back in a worker thread too */
  {
    g_autoptr(GAsyncResult) read = NULL;
    g_autoptr(VsStudy) again = NULL;
    g_autofree char *again_text = NULL;

    vs_study_load_async (file, NULL, store_result_cb, &slot);
    read = await_result (&slot);
    again = vs_study_load_finish (read, &error);
    g_assert_no_error (error);
    again_text = study_text (again);
    g_assert_cmpstr (text, ==, again_text);
  }
  {
    g_autoptr(GAsyncResult) read = NULL;

    vs_study_load_async (nowhere_file, NULL, store_result_cb, &slot);
    read = await_result (&slot);
    g_assert_null (vs_study_load_finish (read, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  vs_study_save_async (study, nowhere_file, NULL, store_result_cb, &slot);
  failed = await_result (&slot);
  g_assert_false (vs_study_save_finish (study, failed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "x.versus-study"));

  g_unlink (path);
  g_rmdir (dir);
}

/* A cell's comparison: the study's, with the cell's scenario and load */
static void
test_cell_session (void)
{
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(VsStudy) study = vs_study_new_preset ("article-claims", NULL);
  g_autoptr(GError) error = NULL;
  VsStudyCell *cell = vs_study_find_cell (study, "rate/2000");
  g_autoptr(VsSession) session = vs_study_make_cell_session (study, cell, templates, &error);
  g_autoptr(VsSession) other = NULL;
  VsLoadProfile *profile;

  g_assert_no_error (error);
  profile = vs_session_get_profile (session);
  g_assert_cmpint (profile->mode, ==, VS_LOAD_MODE_RATE);
  g_assert_cmpfloat (profile->rate, ==, 2000);
  g_assert_cmpuint (profile->connections, ==, 64);
  g_assert_cmpstr (profile->url, ==, "/");
  g_assert_cmpstr (((VsTarget *) g_ptr_array_index (vs_session_get_targets (session), 0))->scenario, ==, "hello");
  g_assert_nonnull (strstr (vs_session_get_name (session), cell->title));

  cell = vs_study_find_cell (study, "numeric");
  other = vs_study_make_cell_session (study, cell, templates, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vs_session_get_profile (other)->url, ==, "/numeric?n=100");
  g_assert_cmpint (vs_session_get_profile (other)->mode, ==, VS_LOAD_MODE_CLOSED);
  /* each cell's comparison is its own in the history */
  g_assert_cmpstr (vs_session_get_id (session), !=, vs_session_get_id (other));
  g_assert_cmpstr (vs_session_get_id (session), !=, vs_session_get_id (vs_study_get_comparison (study)));

  /* a scenario a template lacks: refused before anything starts, naming the cell */
  g_assert_true (vs_study_add_cell (study, "nope", NULL, "no-such-scenario", 0, FALSE, 0, &error));
  g_assert_false (vs_study_validate (study, templates, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "cell nope"));
  g_assert_nonnull (strstr (error->message, "no-such-scenario"));
}

/* Bad study files: each refused with the field and the problem. */
static void
test_bad_files (void)
{
  g_autoptr(VsStudy) study = vs_study_new_preset ("article-claims-quick", NULL);
  g_autofree char *good = study_text (study);
  const struct {
    const char *from;
    const char *to;
    const char *message;
  } cases[] = {
    { "\"format\" : \"versus-study\"", "\"format\" : \"versus-session\"", "not a study" },
    { "\"format\" : \"versus-study\"", "\"format\" : \"pdf\"", "not a Versus study" },
    { "\"version\" : 1", "\"version\" : 99", "newer Versus" },
    { "\"cell\" : \"hello\"", "\"cell\" : \"goodbye\"", "claims[0]: headline-throughput: there is no cell “goodbye”" },
    { "\"a\" : \"FastAPI\"", "\"a\" : \"Django\"", "there is no target “Django”" },
    { "\"low_percent\" : 40.0", "\"low_percent\" : 90.0", "low ≤ high" },
    { "\"metric\" : \"p50_ms\"", "\"metric\" : \"speed\"", "unknown metric “speed”" },
    { "\"vary\" : \"connections\"", "\"vary\" : \"threads\"", "sweeps[0].vary" },
    { "16,", "16.5,", "sweeps[0].levels[0]: expected a whole number" },
    { "64,\n", "8,\n", "the levels must increase" },
    { "\"id\" : \"io\"", "\"id\" : \"hello\"", "two cells are called “hello”" },
    { "\"id\" : \"io\"", "\"id\" : \"I O\"", "may hold only lowercase" },
    { "\"scenario\" : \"io\"", "\"scenario\" : \"\"", "a scenario is needed" },
    { "\"connections\" : 100", "\"connections\" : 0", "comparison: profile.connections" },
    { "\"scenario\" : \"hello\",\n   \"mode\" : \"closed\"", "\"scenario\" : \"hello\", \"mode\" : \"open\"",
      "cells[0].mode" },
    { "\"results\" : []", "\"results\" : [{\"cell\": \"hello\", \"state\": \"done\"}]",
      "results[0].session: a finished cell keeps its comparison" },
    { "\"results\" : []", "\"results\" : [{\"cell\": \"gone\", \"state\": \"failed\"}]",
      "results[0].cell: there is no cell “gone”" },
    { "\"results\" : []", "\"results\" : [{\"cell\": \"io\", \"state\": \"maybe\"}]",
      "results[0].state" },
    { "\"results\" : []",
      "\"results\" : [{\"cell\": \"io\", \"state\": \"failed\"}, {\"cell\": \"io\", \"state\": \"failed\"}]",
      "two results" },
    { "\"results\" : []", "\"results\" : [{\"cell\": \"io\", \"state\": \"done\", \"session\": {\"format\": 3}}]",
      "results[0].session: format" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VsStudy) bad = NULL;
      g_autoptr(GString) text = g_string_new (good);

      g_test_message ("case %u: %s", i, cases[i].to);
      g_assert_nonnull (strstr (text->str, cases[i].from));
      g_string_replace (text, cases[i].from, cases[i].to, 1);
      bad = vs_study_new_from_data (text->str, text->len, "bad.versus-study", &error);
      g_assert_null (bad);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].message);
      g_assert_true (g_str_has_prefix (error->message, "bad.versus-study"));
    }

  /* two levels that print alike would be one cell */
  {
    g_autoptr(GError) error = NULL;
    const double alike[] = { 1.0000000000000002, 1.0000000000000004 };

    g_assert_false (vs_study_add_sweep (study, "alike", NULL, "hello", VS_SWEEP_RATE, alike, 2, 8, &error));
    g_assert_nonnull (strstr (error->message, "the same as the level before to 15 digits"));
  }

  /* a stored cell that measured other targets than the study's */
  {
    g_autoptr(GPtrArray) templates = vs_template_list (NULL);
    g_autoptr(VsStudy) other = vs_study_new_preset ("article-claims-quick", NULL);
    VsStudyCell *cell = vs_study_find_cell (other, "io");
    g_autoptr(VsSession) session = vs_study_make_cell_session (other, cell, templates, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(VsStudy) loaded = NULL;
    g_autofree char *text = NULL;

    vs_session_remove_target (session, 1);
    vs_study_cell_set_done (other, cell, session, 0);
    text = study_text (other);
    loaded = vs_study_new_from_data (text, strlen (text), "mixed.versus-study", &error);
    g_assert_null (loaded);
    g_assert_nonnull (strstr (error->message, "results[0].session: its targets are not the study's"));
  }

  /* not JSON, too deep */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *deep = g_strnfill (100000, '[');

    g_assert_null (vs_study_new_from_data ("{", 1, "x", &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
    g_clear_error (&error);
    g_assert_null (vs_study_new_from_data (deep, strlen (deep), "x", &error));
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
  }
}

/* ---------------------------------------------------------------------- */
/* Claims and saturation on given figures                                   */

static void
add_result (VsSession *session,
            guint      target,
            guint      trial,
            double     rps,
            double     p99_ms,
            guint64    errors)
{
  VsRunResult *r = vs_run_result_new ();

  r->target_index = target;
  r->target_label = g_strdup (((VsTarget *) g_ptr_array_index (vs_session_get_targets (session), target))->label);
  r->trial = trial;
  r->status = VS_RUN_STATUS_OK;
  r->duration_s = 1;
  r->requests_per_s = rps;
  r->requests = (guint64) rps;
  r->errors[VS_ERROR_CLASS_TIMEOUT] = errors;
  r->p50_ms = p99_ms / 2;
  r->p99_ms = p99_ms;
  r->memory_peak_bytes = NAN;
  r->cpu_mean_percent = NAN;
  r->startup_s = NAN;
  vs_session_add_result (session, r);
  vs_run_result_unref (r);
}

/* @cell done with FastAPI (target 1) at @base req/s and Express (target 0)
 * at @ratio times that, over @trials pairs with a little spread */
static void
finish_cell (VsStudy    *study,
             GPtrArray  *templates,
             const char *id,
             double      base,
             double      ratio,
             guint       trials,
             double      spread)
{
  VsStudyCell *cell = vs_study_find_cell (study, id);
  g_autoptr(VsSession) session = vs_study_make_cell_session (study, cell, templates, NULL);

  for (guint i = 0; i < trials; i++)
    {
      double wobble = 1 + spread * ((i % 3) - 1.0);

      add_result (session, 0, i, base * ratio * wobble, 10, 0);
      add_result (session, 1, i, base / wobble, 20, 0);
    }
  vs_study_cell_set_done (study, cell, session, 10 * G_USEC_PER_SEC);
}

static const VsClaimResult *
find_claim (VsStudy       *study,
            VsClaimResult *results,
            const char    *id)
{
  GPtrArray *claims = vs_study_get_claims (study);

  for (guint i = 0; i < claims->len; i++)
    if (g_str_equal (((VsStudyClaim *) g_ptr_array_index (claims, i))->id, id))
      return &results[i];
  g_assert_not_reached ();
}

static void
test_claims (void)
{
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(VsStudy) study = vs_study_new_preset ("article-claims", NULL);
  VsClaimResult *results;
  GPtrArray *claims = vs_study_get_claims (study);
  double confidence;
  g_autofree char *report = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autoptr(VsStudy) again = NULL;
  g_autoptr(GError) error = NULL;

  /* nothing measured: every claim says so */
  results = vs_study_check_claims (study, &confidence);
  g_assert_cmpfloat_with_epsilon (confidence, 1 - 0.05 / claims->len, 1e-12);
  for (guint i = 0; i < claims->len; i++)
    g_assert_cmpint (results[i].outcome, ==, VS_CLAIM_NOT_MEASURED);
  vs_claim_results_free (results, claims->len);

  /* Express 45 % ahead on hello, 10 % on io, FastAPI 70 % ahead on numeric
   * (FastAPI is B there), and only two pairs, widely spread, at 1024
   * connections */
  finish_cell (study, templates, "hello", 1000, 1.45, 6, 0.02);
  finish_cell (study, templates, "io", 1000, 1.10, 6, 0.01);
  finish_cell (study, templates, "numeric", 1000, 1 / 1.7, 6, 0.02);
  finish_cell (study, templates, "concurrency/1024", 1000, 1.5, 2, 0.4);
  vs_study_cell_set_failed (study, vs_study_find_cell (study, "concurrency/16"), "port taken", 0);

  results = vs_study_check_claims (study, NULL);
  g_assert_cmpint (find_claim (study, results, "headline-throughput")->outcome, ==, VS_CLAIM_HOLDS);
  g_assert_cmpfloat_with_epsilon (find_claim (study, results, "headline-throughput")->comparison.diff_percent,
                                  45, 0.5);
  g_assert_cmpint (find_claim (study, results, "io-bound")->outcome, ==, VS_CLAIM_CONTRADICTED);
  g_assert_cmpint (find_claim (study, results, "numeric")->outcome, ==, VS_CLAIM_HOLDS);
  g_assert_cmpint (find_claim (study, results, "concurrency")->outcome, ==, VS_CLAIM_INCONCLUSIVE);
  /* memory and startup were not measured in these figures */
  g_assert_cmpint (find_claim (study, results, "headline-memory")->outcome, ==, VS_CLAIM_NOT_MEASURED);
  vs_claim_results_free (results, claims->len);

  report = vs_study_report_markdown (study);
  g_assert_nonnull (strstr (report, "**holds**"));
  g_assert_nonnull (strstr (report, "**contradicted**"));
  g_assert_nonnull (strstr (report, "**inconclusive**"));
  g_assert_nonnull (strstr (report, "port taken"));
  g_assert_nonnull (strstr (report, "4 of 12 cells finished, 1 failed"));
  json = vs_study_report_json (study);
  g_assert_nonnull (strstr (json, "\"outcome\" : \"contradicted\""));

  /* the results survive the file */
  text = study_text (study);
  again = vs_study_new_from_data (text, strlen (text), "again", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_study_count_cells (again, VS_CELL_DONE), ==, 4);
  g_assert_cmpuint (vs_study_count_cells (again, VS_CELL_FAILED), ==, 1);
  g_assert_cmpstr (vs_study_find_cell (again, "concurrency/16")->reason, ==, "port taken");
  {
    g_autofree char *report_again = vs_study_report_markdown (again);

    g_assert_cmpstr (report, ==, report_again);
  }
  /* wall times keep every microsecond (1.000001 s read as 1000001 µs, not one less) */
  g_assert_cmpint (vs_study_find_cell (again, "hello")->wall_us, ==, 10 * G_USEC_PER_SEC);
  {
    g_autofree char *text2 = NULL;
    g_autoptr(VsStudy) third = NULL;

    vs_study_find_cell (again, "io")->wall_us = 1000001;
    text2 = study_text (again);
    third = vs_study_new_from_data (text2, strlen (text2), "third", &error);
    g_assert_no_error (error);
    g_assert_cmpint (vs_study_find_cell (third, "io")->wall_us, ==, 1000001);
  }
}

static void
test_saturation (void)
{
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(VsStudy) study = vs_study_new_preset ("article-claims", NULL);
  VsStudySweep *concurrency = g_ptr_array_index (vs_study_get_sweeps (study), 0);
  VsStudySweep *rate = g_ptr_array_index (vs_study_get_sweeps (study), 1);
  const double express_rps[] = { 5000, 7000, 7100, 6900 };     /* flat from 64 */
  const double fastapi_rps[] = { 2000, 3000, 3700, 3800 };     /* within 5 % of its best from 256 */
  const double offered[] = { 500, 1000, 2000, 4000, 8000 };

  g_assert_cmpint (concurrency->kind, ==, VS_SWEEP_CONNECTIONS);
  g_assert_cmpint (rate->kind, ==, VS_SWEEP_RATE);
  g_assert_true (isnan (vs_study_sweep_saturation (study, concurrency, 0)));

  for (guint l = 0; l < concurrency->levels->len; l++)
    {
      g_autofree char *id = g_strdup_printf ("concurrency/%.0f", g_array_index (concurrency->levels, double, l));
      VsStudyCell *cell = vs_study_find_cell (study, id);
      g_autoptr(VsSession) session = vs_study_make_cell_session (study, cell, templates, NULL);

      for (guint i = 0; i < 3; i++)
        {
          add_result (session, 0, i, express_rps[l], 10, 0);
          add_result (session, 1, i, fastapi_rps[l], 10, 0);
        }
      vs_study_cell_set_done (study, cell, session, 0);
    }
  g_assert_cmpfloat (vs_study_sweep_saturation (study, concurrency, 0), ==, 64);
  g_assert_cmpfloat (vs_study_sweep_saturation (study, concurrency, 1), ==, 256);

  /* Express keeps up to 4000 and falls behind at 8000; FastAPI keeps up in
   * throughput at 2000 but fails 2 % of its requests */
  for (guint l = 0; l < G_N_ELEMENTS (offered); l++)
    {
      g_autofree char *id = g_strdup_printf ("rate/%.0f", offered[l]);
      VsStudyCell *cell = vs_study_find_cell (study, id);
      g_autoptr(VsSession) session = vs_study_make_cell_session (study, cell, templates, NULL);

      for (guint i = 0; i < 3; i++)
        {
          add_result (session, 0, i, MIN (offered[l], 6000), 10, 0);
          add_result (session, 1, i, MIN (offered[l], 3000), 10,
                      offered[l] >= 2000 ? (guint64) (offered[l] * 0.02) : 0);
        }
      vs_study_cell_set_done (study, cell, session, 0);
    }
  g_assert_cmpfloat (vs_study_sweep_saturation (study, rate, 0), ==, 8000);
  g_assert_cmpfloat (vs_study_sweep_saturation (study, rate, 1), ==, 2000);

  {
    g_autofree char *report = vs_study_report_markdown (study);

    g_assert_nonnull (strstr (report, "Express reaches 95 % of its best requests/s at 64 connections"));
    g_assert_nonnull (strstr (report, "FastAPI saturates at 2000 req/s offered"));
  }
}

/* Runs @capacity's search for @target on given figures: a rate up to
 * @sustains passes (p99 10 ms), above it p99 is 100 ms; from @behind on
 * the generator falls behind; at @broken the probe cannot run. */
static VsCapacityResult
search_on_figures (VsStudy         *study,
                   GPtrArray       *templates,
                   VsStudyCapacity *capacity,
                   guint            target,
                   double           sustains,
                   double           behind,
                   double           broken)
{
  VsCapacityResult result;

  for (guint guard = 0; guard < 50; guard++)
    {
      g_autoptr(VsSession) session = NULL;
      VsStudyProbe *probe;
      double rate;

      vs_study_capacity_search (study, capacity, target, &result);
      if (result.state != VS_CAPACITY_SEARCHING)
        return result;
      rate = result.next_rate;
      probe = vs_study_add_probe (study, capacity, target, rate);
      if (rate == broken)
        {
          vs_study_probe_set_failed (probe, "the port was taken", G_USEC_PER_SEC);
          continue;
        }
      session = vs_study_make_probe_session (study, capacity, target, rate, templates, NULL);
      g_assert_nonnull (session);
      g_assert_cmpuint (vs_session_get_targets (session)->len, ==, 1);
      g_assert_cmpuint (vs_session_get_trials (session), ==, capacity->trials);
      g_assert_cmpfloat (vs_session_get_profile (session)->rate, ==, rate);
      for (guint i = 0; i < capacity->trials; i++)
        {
          add_result (session, 0, i, rate, rate <= sustains ? 10 : 100, 0);
          if (rate >= behind)
            ((VsRunResult *) g_ptr_array_index (vs_session_get_results (session), i))->generator_behind = TRUE;
        }
      vs_study_probe_set_done (probe, session, G_USEC_PER_SEC);
    }
  g_assert_not_reached ();
}

static void
test_capacity (void)
{
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(VsStudy) study = vs_study_new_preset ("article-claims", NULL);
  VsStudyCapacity *capacity = g_ptr_array_index (vs_study_get_capacities (study), 0);
  VsCapacityResult express, fastapi, r;
  g_autofree char *report = NULL;
  g_autofree char *text = NULL;
  g_autoptr(VsStudy) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpfloat (capacity->low, ==, 500);
  g_assert_cmpfloat (capacity->high, ==, 16000);
  g_assert_cmpuint (capacity->steps, ==, 4);

  /* Express sustains 4100, FastAPI 2700: doubling 500 … 8000 (5 probes),
   * then 4 bisections */
  express = search_on_figures (study, templates, capacity, 0, 4100, INFINITY, NAN);
  g_assert_cmpint (express.state, ==, VS_CAPACITY_FOUND);
  g_assert_cmpuint (express.n_probes, ==, 5 + 4);
  g_assert_cmpfloat (express.sustained, <=, 4100);
  g_assert_cmpfloat (express.failed, >, 4100);
  g_assert_cmpfloat (express.failed / express.sustained, <, 1.1);
  g_assert_cmpfloat (express.p99_ms, ==, 10);
  fastapi = search_on_figures (study, templates, capacity, 1, 2700, INFINITY, NAN);
  g_assert_cmpint (fastapi.state, ==, VS_CAPACITY_FOUND);
  g_assert_cmpfloat (fastapi.sustained, <=, 2700);
  g_assert_cmpfloat (fastapi.failed, >, 2700);

  report = vs_study_report_markdown (study);
  g_test_message ("%s", strstr (report, "## Capacity"));
  g_assert_nonnull (strstr (report, "Express sustains"));
  g_assert_nonnull (strstr (report, "Express has "));
  g_assert_nonnull (strstr (report, "% more capacity than FastAPI (the searches' brackets allow"));

  /* the probes survive the file, and the search replays to the same end */
  text = study_text (study);
  again = vs_study_new_from_data (text, strlen (text), "again", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_study_get_probes (again)->len, ==, vs_study_get_probes (study)->len);
  vs_study_capacity_search (again, g_ptr_array_index (vs_study_get_capacities (again), 0), 0, &r);
  g_assert_cmpint (r.state, ==, VS_CAPACITY_FOUND);
  g_assert_cmpfloat (r.sustained, ==, express.sustained);
  g_assert_cmpfloat (r.failed, ==, express.failed);
  g_assert_cmpuint (r.n_probes, ==, express.n_probes);

  /* the other ends of a search, each on a fresh study */
  {
    g_autoptr(VsStudy) s = vs_study_new_preset ("article-claims", NULL);
    VsStudyCapacity *c = g_ptr_array_index (vs_study_get_capacities (s), 0);

    r = search_on_figures (s, templates, c, 0, 300, INFINITY, NAN);
    g_assert_cmpint (r.state, ==, VS_CAPACITY_BELOW_RANGE);
    g_assert_cmpuint (r.n_probes, ==, 1);
    r = search_on_figures (s, templates, c, 1, 1e6, INFINITY, NAN);
    g_assert_cmpint (r.state, ==, VS_CAPACITY_ABOVE_RANGE);
    g_assert_cmpfloat (r.sustained, ==, 16000);
  }
  {
    g_autoptr(VsStudy) s = vs_study_new_preset ("article-claims", NULL);
    VsStudyCapacity *c = g_ptr_array_index (vs_study_get_capacities (s), 0);
    g_autofree char *md = NULL;

    /* the generator falls behind at 8000 while the target still passes */
    r = search_on_figures (s, templates, c, 0, 1e6, 8000, NAN);
    g_assert_cmpint (r.state, ==, VS_CAPACITY_GENERATOR);
    g_assert_cmpfloat (r.sustained, ==, 4000);
    g_assert_cmpfloat (r.failed, ==, 8000);
    /* a probe that could not run ends the search with its reason */
    r = search_on_figures (s, templates, c, 1, 1e6, INFINITY, 2000);
    g_assert_cmpint (r.state, ==, VS_CAPACITY_FAILED);
    g_assert_cmpstr (r.reason, ==, "the port was taken");
    md = vs_study_report_markdown (s);
    g_assert_nonnull (strstr (md, "the load generator fell behind before Express did"));
    g_assert_nonnull (strstr (md, "a probe could not run (the port was taken)"));
  }

  /* bad searches: refused with the field */
  {
    VsStudyCapacity bad = *capacity;

    bad.id = (char *) "other";
    bad.high = bad.low * 1.5;
    g_assert_false (vs_study_add_capacity (study, &bad, &error));
    g_assert_nonnull (strstr (error->message, "at least twice the lowest"));
    g_clear_error (&error);
    bad.high = 16000;
    bad.p99_ms = 0;
    g_assert_false (vs_study_add_capacity (study, &bad, &error));
    g_assert_nonnull (strstr (error->message, "p99 bound"));
    g_clear_error (&error);
    bad.p99_ms = 50;
    bad.trials = 0;
    g_assert_false (vs_study_add_capacity (study, &bad, &error));
    g_assert_nonnull (strstr (error->message, "1 to 20 trials"));
    g_clear_error (&error);
    bad.trials = 3;
    bad.id = capacity->id;
    g_assert_false (vs_study_add_capacity (study, &bad, &error));
    g_assert_nonnull (strstr (error->message, "two capacity searches"));
  }
}

/* ---------------------------------------------------------------------- */
/* A real study: run, stopped, continued                                   */

typedef struct
{
  VsStudy      *study;
  GFile        *file;
  GArray       *started;      /* (element-type guint) */
  guint         finished;
  guint         stop_after;   /* cancel when this many cells have finished; 0: never */
  GCancellable *cancellable;
} Watch;

static void
on_cell_started (VsStudyRunner *runner,
                 guint          index,
                 VsRunner      *cell_runner,
                 Watch         *watch)
{
  g_assert_true (VS_IS_RUNNER (cell_runner));
  g_array_append_val (watch->started, index);
  if (watch->stop_after > 0 && watch->finished == watch->stop_after)
    g_cancellable_cancel (watch->cancellable);
}

static void
on_cell_finished (VsStudyRunner *runner,
                  guint          index,
                  Watch         *watch)
{
  g_autoptr(GError) error = NULL;

  watch->finished++;
  /* what a stop or a crash keeps: saved as each cell finishes */
  g_assert_true (vs_study_save (watch->study, watch->file, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
run_study (VsStudy      *study,
           GFile        *file,
           GPtrArray    *templates,
           VsHistory    *history,
           guint         stop_after,
           GArray      **out_started,
           GError      **error)
{
  g_autoptr(VsStudyRunner) runner = vs_study_runner_new (study, templates);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  Watch watch = { study, file, g_array_new (FALSE, FALSE, sizeof (guint)), 0, stop_after, cancellable };
  gboolean ok;

  vs_study_runner_set_history (runner, history);
  g_signal_connect (runner, "cell-started", G_CALLBACK (on_cell_started), &watch);
  g_signal_connect (runner, "cell-finished", G_CALLBACK (on_cell_finished), &watch);
  vs_study_runner_run_async (runner, cancellable, store_result_cb, &slot);
  result = await_result (&slot);
  ok = vs_study_runner_run_finish (runner, result, error);
  *out_started = watch.started;
  return ok;
}

static guint
count_history_runs (VsHistory  *history,
                    VsSession  *session)
{
  g_autoptr(GError) error = NULL;
  VsHistoryFilter filter = { .session_id = vs_session_get_id (session) };
  g_autoptr(GPtrArray) entries = vs_history_query (history, &filter, &error);

  g_assert_no_error (error);
  return entries->len;
}

static void
test_run_process (void)
{
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(VsSession) comparison = vs_test_small_comparison ();
  g_autoptr(VsStudy) study = NULL;
  g_autoptr(VsStudy) loaded = NULL;
  g_autoptr(VsStudy) reloaded = NULL;
  g_autoptr(VsHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) started = NULL;
  g_autoptr(GArray) started_again = NULL;
  g_autofree char *dir = g_dir_make_tmp ("versus-study-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "small.versus-study", NULL);
  g_autofree char *db = g_build_filename (dir, "history.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const double levels[] = { 4, 16 };

  study = vs_study_new (comparison);
  vs_study_set_name (study, "small study");
  g_assert_true (vs_study_add_cell (study, "json", NULL, "json", 0, FALSE, 0, &error));
  g_assert_true (vs_study_add_sweep (study, "conc", "Concurrency", "hello", VS_SWEEP_CONNECTIONS,
                                     levels, G_N_ELEMENTS (levels), 0, &error));
  {
    VsStudyClaim claim = { .id = "flask-slower", .text = "Flask serves fewer requests/s than node:http",
                           .cell = "json", .metric = VS_METRIC_REQUESTS_PER_S,
                           .a = "node-http", .b = "flask", .low = NAN, .high = 0 };

    g_assert_true (vs_study_add_claim (study, &claim, &error));
  }
  g_assert_no_error (error);
  g_assert_true (vs_study_validate (study, templates, &error));
  g_assert_true (vs_study_save (study, file, NULL, &error));
  history = vs_history_open (db, &error);
  g_assert_no_error (error);

  /* stopped once the first cell finished: that cell is in the file, the
   * second is still to run */
  g_assert_false (run_study (study, file, templates, history, 1, &started, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (started->len, ==, 2);
  loaded = vs_study_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_study_find_cell (loaded, "json")->state, ==, VS_CELL_DONE);
  g_assert_cmpint (vs_study_find_cell (loaded, "conc/4")->state, ==, VS_CELL_PENDING);
  g_assert_cmpint (vs_study_find_cell (loaded, "conc/16")->state, ==, VS_CELL_PENDING);
  g_assert_cmpuint (vs_session_get_results (vs_study_find_cell (loaded, "json")->session)->len, ==, 4);
  /* the stopped cell's trials are in the history */
  g_assert_cmpuint (count_history_runs (history, vs_study_find_cell (loaded, "json")->session), ==, 4);

  /* run again from the file: only the missing cells */
  g_assert_true (run_study (loaded, file, templates, history, 0, &started_again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (started_again->len, ==, 2);
  g_assert_cmpuint (g_array_index (started_again, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (started_again, guint, 1), ==, 2);

  reloaded = vs_study_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vs_study_count_cells (reloaded, VS_CELL_DONE), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      VsStudyCell *cell = g_ptr_array_index (vs_study_get_cells (reloaded), i);
      GPtrArray *results = vs_session_get_results (cell->session);

      g_assert_cmpuint (results->len, ==, 4);
      for (guint r = 0; r < results->len; r++)
        {
          const VsRunResult *result = g_ptr_array_index (results, r);

          g_assert_cmpint (result->status, ==, VS_RUN_STATUS_OK);
          g_assert_cmpfloat (result->requests_per_s, >, 0);
        }
      g_assert_cmpint (cell->wall_us, >, 0);
      g_assert_cmpuint (count_history_runs (history, cell->session), ==, 4);
    }
  g_assert_cmpuint (vs_session_get_profile (vs_study_find_cell (reloaded, "conc/16")->session)->connections, ==, 16);
  {
    g_autofree char *report = vs_study_report_markdown (reloaded);
    g_autofree char *csv = vs_study_report_csv (reloaded);
    g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

    g_test_message ("%s", report);
    g_assert_nonnull (strstr (report, "3 of 3 cells finished"));
    g_assert_nonnull (strstr (report, "Flask serves fewer requests/s than node:http"));
    g_assert_null (strstr (report, "not run yet"));
    /* a header and one row per cell and target */
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 3 * 2 + 1);
  }
  {
    VsClaimResult *results = vs_study_check_claims (reloaded, NULL);

    /* measured, with an interval, whatever it says */
    g_assert_true (results[0].compared);
    g_assert_true (results[0].comparison.ci_known);
    g_assert_cmpint (results[0].outcome, !=, VS_CLAIM_NOT_MEASURED);
    vs_claim_results_free (results, 1);
  }

  g_unlink (path);
  g_unlink (db);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/study/judge", test_judge);
  g_test_add_func ("/study/presets", test_presets);
  g_test_add_func ("/study/cell-session", test_cell_session);
  g_test_add_func ("/study/save-async", test_save_async);
  g_test_add_func ("/study/bad-files", test_bad_files);
  g_test_add_func ("/study/claims", test_claims);
  g_test_add_func ("/study/saturation", test_saturation);
  g_test_add_func ("/study/capacity", test_capacity);
  g_test_add_func ("/study/process/run-stop-continue", test_run_process);

  return g_test_run ();
}
