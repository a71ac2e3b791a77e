/* vs-study-window.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vs-application.h"
#include "vs-study.h"

G_BEGIN_DECLS

#define VS_TYPE_STUDY_WINDOW (vs_study_window_get_type ())
G_DECLARE_FINAL_TYPE (VsStudyWindow, vs_study_window, VS, STUDY_WINDOW, AdwApplicationWindow)

/* A study's window: Start and Stop, the progress over the whole study, and
 * three views — the cells with their live status, the sweeps' curves, the
 * claims — refreshed as each cell finishes. @file (nullable): where the
 * study is saved (Start asks for a file when there is none). */
VsStudyWindow *vs_study_window_new        (VsApplication *app,
                                           VsStudy       *study,
                                           GFile         *file);
/* Opens a `.versus-study` file in a new study window. */
void           vs_study_window_open       (VsApplication *app,
                                           GFile         *file);
VsStudy       *vs_study_window_get_study  (VsStudyWindow *self);
gboolean       vs_study_window_get_running (VsStudyWindow *self);
/* Stops the study as Stop does, then closes (a quit signal). */
void           vs_study_window_quit       (VsStudyWindow *self);
/* Whether @file names a study (by its suffix). */
gboolean       vs_file_is_study           (GFile         *file);

G_END_DECLS
