/* fuzz-template-manifest.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for template manifests (a template folder's
 * template.json): templates are found in the user's data folders, where
 * anything may have put them.
 *
 * Input: the bytes of a template.json in a folder named "express". A
 * manifest the loader accepts must keep the promises the runner relies on:
 * a name equal to the folder's, a port in 1–65535, a health path and every
 * scenario path starting with "/", at least one scenario, the first one
 * found by vs_template_get_scenario (NULL); one it refuses is refused with
 * a message naming the file, in valid UTF-8.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vs-template.h"
#include "fuzz-check.h"

#define DIR "/nonexistent/templates/express"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTemplate) template = NULL;

  template = vs_template_new_from_data ((const char *) data, size, DIR, &error);
  if (template == NULL)
    {
      CHECK (error != NULL);
      CHECK (g_utf8_validate (error->message, -1, NULL));
      CHECK (g_str_has_prefix (error->message, DIR "/template.json"));
      return 0;
    }
  CHECK (error == NULL);
  CHECK (g_str_equal (template->name, "express"));
  CHECK (g_str_equal (template->dir, DIR));
  CHECK (template->port >= 1 && template->port <= 65535);
  CHECK (template->health[0] == '/');
  CHECK (template->scenarios->len >= 1);
  CHECK (vs_template_get_scenario (template, NULL) == g_ptr_array_index (template->scenarios, 0));
  for (guint i = 0; i < template->scenarios->len; i++)
    {
      const VsScenario *scenario = g_ptr_array_index (template->scenarios, i);

      CHECK (scenario->id != NULL);
      CHECK (vs_template_get_scenario (template, scenario->id) != NULL);
      CHECK (scenario->path != NULL && scenario->path[0] == '/');
    }
  return 0;
}
