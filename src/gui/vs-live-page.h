/* vs-live-page.h — a comparison as it runs
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vs-runner.h"

G_BEGIN_DECLS

#define VS_TYPE_LIVE_PAGE (vs_live_page_get_type ())
G_DECLARE_FINAL_TYPE (VsLivePage, vs_live_page, VS, LIVE_PAGE, AdwBin)

GtkWidget *vs_live_page_new           (void);
/* Shows a session's stored timelines (a reopened session). */
void       vs_live_page_set_session   (VsLivePage *self,
                                       VsSession  *session);
/* Follows @runner's progress, snapshots and samples until it is done. */
void       vs_live_page_attach_runner (VsLivePage *self,
                                       VsRunner   *runner);

typedef enum
{
  VS_LIVE_OUTCOME_DONE,
  VS_LIVE_OUTCOME_STOPPED,
  VS_LIVE_OUTCOME_FAILED,
} VsLiveOutcome;

/* How the run ended, in the header and the log: it never stays on a
 * phase that is over. @fraction: of the plan done, for the progress bar. */
void       vs_live_page_finish        (VsLivePage    *self,
                                       VsLiveOutcome  outcome,
                                       double         fraction,
                                       const char    *text);

G_END_DECLS
