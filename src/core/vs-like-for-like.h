/* vs-like-for-like.h — whether a comparison's targets are set up alike
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vs-target.h"

G_BEGIN_DECLS

char     *vs_targets_describe_differences (GPtrArray *targets);
gboolean  vs_targets_can_match_workers    (GPtrArray *targets,
                                           guint      n_processors);
void      vs_targets_match_workers        (GPtrArray *targets,
                                           guint      n_processors);

G_END_DECLS
