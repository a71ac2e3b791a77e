/* vs-window.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vs-application.h"
#include "vs-session.h"

G_BEGIN_DECLS

#define VS_TYPE_WINDOW (vs_window_get_type ())
G_DECLARE_FINAL_TYPE (VsWindow, vs_window, VS, WINDOW, AdwApplicationWindow)

/* A window holds one session: its setup, its run, its results. */
VsWindow  *vs_window_new          (VsApplication *app);
VsSession *vs_window_get_session  (VsWindow      *self);
void       vs_window_set_session  (VsWindow      *self,
                                   VsSession     *session);
/* Loads @file off the main thread; an error is shown in the window. */
void       vs_window_open_file    (VsWindow      *self,
                                   GFile         *file);
gboolean   vs_window_get_running  (VsWindow      *self);
/* "setup", "live", "results" or "history" */
GtkWidget *vs_window_get_page     (VsWindow      *self,
                                   const char    *name);
void       vs_window_show_page    (VsWindow      *self,
                                   const char    *name);
void       vs_window_add_toast    (VsWindow      *self,
                                   const char    *text);

void       vs_window_quit         (VsWindow      *self);

G_END_DECLS
