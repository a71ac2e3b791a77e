/* bench-window.c — the window the GUI benchmarks drive
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-window.h"

/* Initialises GTK and libadwaita, registers a non-unique application and
 * shows the real window (1280×860) on the quick Express-vs-FastAPI preset
 * as local processes, with @connections, @duration_s measured per trial
 * and @trials per target. */
VsWindow *
bench_window_new (VsApplication **app,
                  VsSession     **session,
                  int             connections,
                  double          duration_s,
                  guint           trials)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  VsLoadProfile *profile;
  VsWindow *window;

  gtk_init ();
  adw_init ();
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "default-runtime", "process");

  *app = vs_application_new ();
  g_application_set_flags (G_APPLICATION (*app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (*app), NULL, &error))
    g_error ("%s", error->message);

  *session = vs_session_new_preset ("express-vs-fastapi-quick", NULL);
  for (guint i = 0; i < vs_session_get_targets (*session)->len; i++)
    ((VsTarget *) g_ptr_array_index (vs_session_get_targets (*session), i))->runtime = VS_RUNTIME_KIND_PROCESS;
  profile = vs_session_get_profile (*session);
  profile->connections = connections;
  profile->duration_us = (gint64) (duration_s * G_USEC_PER_SEC);
  vs_session_set_trials (*session, trials);

  window = vs_window_new (*app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  vs_window_set_session (window, *session);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
