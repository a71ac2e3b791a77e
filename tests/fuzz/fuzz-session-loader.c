/* fuzz-session-loader.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the session loader: a `.versus` file is what a user
 * receives from someone else and opens with a double-click.
 *
 * Input: the bytes of a session file. A file the loader accepts must then
 * hold up everywhere Versus takes it:
 *   - what it saves of it loads back, to the same JSON (save → open is the
 *     identity);
 *   - its summary, verdict, plan and every report format are made without
 *     a crash, and the verdict is one line or more of valid UTF-8.
 * A file it refuses must be refused with a message, in valid UTF-8.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-glib/json-glib.h>

#include "vs-report.h"
#include "vs-session.h"
#include "fuzz-check.h"

static void
check_text (char *text)
{
  CHECK (text != NULL);
  CHECK (g_utf8_validate (text, -1, NULL));
  g_free (text);
}

static void
check_nullable_text (char *text)
{
  CHECK (text == NULL || g_utf8_validate (text, -1, NULL));
  g_free (text);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) session = NULL;
  g_autoptr(VsSession) again = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) resaved = NULL;
  g_autoptr(VsSessionSummary) summary = NULL;
  g_autoptr(GArray) plan = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autofree char *text = NULL;

  session = vs_session_new_from_data ((const char *) data, size, "fuzz.versus", &error);
  if (session == NULL)
    {
      CHECK (error != NULL);
      CHECK (error->message != NULL && error->message[0] != '\0');
      CHECK (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  CHECK (error == NULL);

  /* saved and opened again: the same session */
  saved = vs_session_to_json (session);
  text = json_to_string (saved, FALSE);
  again = vs_session_new_from_data (text, strlen (text), "fuzz-saved.versus", &error);
  if (again == NULL)
    {
      fprintf (stderr, "a loaded session did not load back once saved: %s\n%s\n", error->message, text);
      abort ();
    }
  resaved = vs_session_to_json (again);
  CHECK (json_node_equal (saved, resaved));

  /* everything that reads a loaded session */
  plan = vs_session_plan (session);
  pending = vs_session_plan_pending (session);
  CHECK (pending->len <= plan->len);
  (void) vs_session_estimate_us (session);
  (void) vs_session_estimate_pending_us (session);
  summary = vs_session_summarize (session);
  check_text (vs_session_summary_verdict (summary));
  check_nullable_text (vs_session_summary_fairness (summary));   /* NULL: nothing to say */
  (void) vs_session_summary_suggest_more (summary);
  check_text (vs_report_markdown (session));
  check_text (vs_report_csv (session));
  check_text (vs_report_json (session));
  return 0;
}
