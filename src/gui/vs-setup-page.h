/* vs-setup-page.h — the targets, the load profile and the trial plan
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vs-runtime-monitor.h"
#include "vs-session.h"

G_BEGIN_DECLS

#define VS_TYPE_SETUP_PAGE (vs_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (VsSetupPage, vs_setup_page, VS, SETUP_PAGE, AdwBin)

/* Edits a VsSession in place (every change calls vs_session_changed()).
 * Properties: "session" (VsSession), "valid" (gboolean, read-only),
 * "invalid-reason" (string, read-only: why Start is disabled, or NULL),
 * "locked" (gboolean: no editing while a comparison runs). */
GtkWidget  *vs_setup_page_new                (void);
void        vs_setup_page_set_session        (VsSetupPage *self,
                                              VsSession   *session);
VsSession  *vs_setup_page_get_session        (VsSetupPage *self);
gboolean    vs_setup_page_get_valid          (VsSetupPage *self);
const char *vs_setup_page_get_invalid_reason (VsSetupPage *self);
VsRuntimeMonitor *vs_setup_page_get_runtime_monitor (VsSetupPage *self);
GPtrArray  *vs_setup_page_get_templates      (VsSetupPage *self);
void        vs_setup_page_set_locked         (VsSetupPage *self,
                                              gboolean     locked);

G_END_DECLS
