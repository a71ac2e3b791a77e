/* fuzz-study-loader.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the study loader: a `.versus-study` file is what a
 * user receives from someone else (a study of an article's claims, say).
 *
 * Input: the bytes of a study file. A file the loader accepts must then
 * hold up everywhere Versus takes it:
 *   - what it saves of it loads back, to the same JSON (save → open is the
 *     identity);
 *   - its claims are judged, every sweep's saturation and every capacity
 *     search are worked out, and every report format is made, in valid
 *     UTF-8, without a crash.
 * A file it refuses must be refused with a message, in valid UTF-8.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-glib/json-glib.h>

#include "vs-study.h"
#include "fuzz-check.h"

static void
check_text (char *text)
{
  CHECK (text != NULL);
  CHECK (g_utf8_validate (text, -1, NULL));
  g_free (text);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsStudy) study = NULL;
  g_autoptr(VsStudy) again = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) resaved = NULL;
  g_autofree char *text = NULL;
  g_autofree char *retext = NULL;
  GPtrArray *targets;
  VsClaimResult *claims;

  study = vs_study_new_from_data ((const char *) data, size, "fuzz.versus-study", &error);
  if (study == NULL)
    {
      CHECK (error != NULL);
      CHECK (error->message != NULL && error->message[0] != '\0');
      CHECK (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  CHECK (error == NULL);

  saved = vs_study_to_json (study);
  text = json_to_string (saved, FALSE);
  again = vs_study_new_from_data (text, strlen (text), "fuzz-saved.versus-study", &error);
  if (again == NULL)
    {
      fprintf (stderr, "a loaded study did not load back once saved: %s\n%s\n", error->message, text);
      abort ();
    }
  resaved = vs_study_to_json (again);
  retext = json_to_string (resaved, FALSE);
  if (!g_str_equal (text, retext))
    {
      fprintf (stderr, "saved twice, a study changed:\n%s\n%s\n", text, retext);
      abort ();
    }

  claims = vs_study_check_claims (study, NULL);
  for (guint i = 0; i < vs_study_get_claims (study)->len; i++)
    CHECK (claims[i].measured != NULL && g_utf8_validate (claims[i].measured, -1, NULL));
  vs_claim_results_free (claims, vs_study_get_claims (study)->len);

  targets = vs_session_get_targets (vs_study_get_comparison (study));
  for (guint i = 0; i < vs_study_get_sweeps (study)->len; i++)
    for (guint t = 0; t < targets->len; t++)
      (void) vs_study_sweep_saturation (study, g_ptr_array_index (vs_study_get_sweeps (study), i), t);
  for (guint i = 0; i < vs_study_get_capacities (study)->len; i++)
    for (guint t = 0; t < targets->len; t++)
      {
        VsCapacityResult r;

        vs_study_capacity_search (study, g_ptr_array_index (vs_study_get_capacities (study), i), t, &r);
        CHECK (r.state <= VS_CAPACITY_FAILED);
      }

  check_text (vs_study_report_markdown (study));
  check_text (vs_study_report_csv (study));
  check_text (vs_study_report_json (study));
  return 0;
}
