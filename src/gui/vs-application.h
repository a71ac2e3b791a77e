/* vs-application.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vs-history.h"

G_BEGIN_DECLS

#define VS_TYPE_APPLICATION (vs_application_get_type ())
G_DECLARE_FINAL_TYPE (VsApplication, vs_application, VS, APPLICATION, AdwApplication)

VsApplication *vs_application_new          (void);
GSettings     *vs_application_get_settings (VsApplication *self);
/* The history store, or NULL when it could not be opened (the error is
 * in vs_application_get_history_error()). */
VsHistory     *vs_application_get_history  (VsApplication *self);
const GError  *vs_application_get_history_error (VsApplication *self);

G_END_DECLS
