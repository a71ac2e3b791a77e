/* bench-window.h — the window the GUI benchmarks drive
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vs-application.h"
#include "vs-window.h"

G_BEGIN_DECLS

VsWindow *bench_window_new (VsApplication **app,
                            VsSession     **session,
                            int             connections,
                            double          duration_s,
                            guint           trials);

G_END_DECLS
