/* vs-history-page.h — past runs: search, filter, overlay, trends
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vs-history.h"

G_BEGIN_DECLS

#define VS_TYPE_HISTORY_PAGE (vs_history_page_get_type ())
G_DECLARE_FINAL_TYPE (VsHistoryPage, vs_history_page, VS, HISTORY_PAGE, AdwBin)

/* Property: "history" (VsHistory). Queries run off the main thread. */
GtkWidget *vs_history_page_new         (void);
void       vs_history_page_set_history (VsHistoryPage *self,
                                        VsHistory     *history);
VsHistory *vs_history_page_get_history (VsHistoryPage *self);
/* Queries again (after a run added rows). */
void       vs_history_page_reload      (VsHistoryPage *self);

void           vs_history_page_show_session (VsHistoryPage *self,
                                             const char    *name);

G_END_DECLS
