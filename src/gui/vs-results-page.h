/* vs-results-page.h — the verdict, the comparison table, the percentile chart, exports
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vs-session.h"

G_BEGIN_DECLS

#define VS_TYPE_RESULTS_PAGE (vs_results_page_get_type ())
G_DECLARE_FINAL_TYPE (VsResultsPage, vs_results_page, VS, RESULTS_PAGE, AdwBin)

/* Shows a session's results (refreshed when the session changes).
 * Property: "session" (VsSession). */
GtkWidget *vs_results_page_new         (void);
void       vs_results_page_set_session (VsResultsPage *self,
                                        VsSession     *session);
VsSession *vs_results_page_get_session (VsResultsPage *self);
void       vs_results_page_refresh     (VsResultsPage *self);

typedef enum
{
  VS_RESULTS_EXPORT_MARKDOWN,
  VS_RESULTS_EXPORT_CSV,
  VS_RESULTS_EXPORT_JSON,
  VS_RESULTS_EXPORT_HGRM,            /* one target's, or every target's into a folder */
  VS_RESULTS_EXPORT_LATENCY_PNG,     /* the percentile chart */
  VS_RESULTS_EXPORT_LATENCY_SVG,
  VS_RESULTS_EXPORT_THROUGHPUT_PNG,  /* the requests/s bar chart */
  VS_RESULTS_EXPORT_THROUGHPUT_SVG,
} VsResultsExport;

#define VS_RESULTS_EXPORT_ALL_TARGETS G_MAXUINT

/* Writes one export to @file without blocking (what the Export menu does
 * after its file chooser). For VS_RESULTS_EXPORT_HGRM, @target is a target
 * index, or VS_RESULTS_EXPORT_ALL_TARGETS to write one `<label>.hgrm` per
 * target into the folder @file; otherwise @target is ignored. */
void       vs_results_page_export_async  (VsResultsPage       *self,
                                          VsResultsExport      what,
                                          guint                target,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean   vs_results_page_export_finish (VsResultsPage       *self,
                                          GAsyncResult        *result,
                                          GError             **error);
/* The Export menu once a file is chosen: writes, then a toast (with Open). */
void       vs_results_page_save_export   (VsResultsPage       *self,
                                          VsResultsExport      what,
                                          guint                target,
                                          GFile               *file);

G_END_DECLS
