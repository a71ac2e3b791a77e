/* vs-test-study.h — the small real comparison the study tests run
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vs-session.h"

/* node:http against Flask as local processes (the quickest templates to
 * start), 8 connections, 2 trials of half a second each. */
static inline VsSession *
vs_test_small_comparison (void)
{
  VsSession *comparison = vs_session_new ();
  VsLoadProfile *profile = vs_session_get_profile (comparison);
  const char * const names[] = { "node-http", "flask" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(VsTarget) target = vs_target_new ();

      target->label = g_strdup (names[i]);
      target->template_name = g_strdup (names[i]);
      target->runtime = VS_RUNTIME_KIND_PROCESS;
      target->ready_timeout_us = 60 * G_USEC_PER_SEC;
      vs_session_add_target (comparison, target);
    }
  vs_load_profile_set_connections (profile, 8);
  vs_load_profile_set_workers (profile, 1);
  vs_load_profile_set_duration_us (profile, G_USEC_PER_SEC / 2);
  vs_load_profile_set_warmup_us (profile, G_USEC_PER_SEC / 5);
  vs_session_set_trials (comparison, 2);
  vs_session_set_cooldown_us (comparison, G_USEC_PER_SEC / 10);
  return comparison;
}
