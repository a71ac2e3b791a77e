/* vs-load-engine.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vs-load-profile.h"
#include "vs-load-result.h"

G_BEGIN_DECLS

#define VS_TYPE_LOAD_ENGINE (vs_load_engine_get_type ())

G_DECLARE_FINAL_TYPE (VsLoadEngine, vs_load_engine, VS, LOAD_ENGINE, GObject)

VsLoadEngine  *vs_load_engine_new          (VsLoadProfile        *profile);
VsLoadProfile *vs_load_engine_get_profile  (VsLoadEngine         *self);
VsLoadPhase    vs_load_engine_get_phase    (VsLoadEngine         *self);
void           vs_load_engine_run_async    (VsLoadEngine         *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
VsLoadResult  *vs_load_engine_run_finish   (VsLoadEngine         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void           vs_load_engine_stop         (VsLoadEngine         *self);
VsLoadResult  *vs_load_engine_get_result   (VsLoadEngine         *self);
VsLoadResult  *vs_load_engine_run_sync     (VsLoadEngine         *self,
                                            GCancellable         *cancellable,
                                            GError              **error);

G_END_DECLS
