/* vs-build-dialog.h — builds a template's image, showing the build log as it comes
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vs-runtime.h"

G_BEGIN_DECLS

#define VS_TYPE_BUILD_DIALOG (vs_build_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VsBuildDialog, vs_build_dialog, VS, BUILD_DIALOG, AdwWindow)

/* Cancel stops the build; closing the window while it runs cancels it too.
 * Emits "finished" (gboolean success) once the build is over. */
VsBuildDialog *vs_build_dialog_new         (VsRuntime     *runtime,
                                            VsTemplate    *template);
void           vs_build_dialog_start       (VsBuildDialog *self);
void           vs_build_dialog_cancel      (VsBuildDialog *self);
gboolean       vs_build_dialog_get_running (VsBuildDialog *self);
const char    *vs_build_dialog_get_status  (VsBuildDialog *self);
char          *vs_build_dialog_dup_log     (VsBuildDialog *self);

G_END_DECLS
