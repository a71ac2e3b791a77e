/* vs-sampler.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vs-usage.h"

G_BEGIN_DECLS

/* One point of a usage time series. Unknown values are negative. */
typedef struct
{
  gint64 elapsed_us;      /* since vs_sampler_start() */
  double cpu_percent;     /* 100 % = one core, or -1 */
  gint64 memory_bytes;    /* or -1 */
  int    n_processes;     /* or -1 */
} VsSample;

#define VS_TYPE_SAMPLE (vs_sample_get_type ())
GType vs_sample_get_type (void) G_GNUC_CONST;

/* How a sampler reads its target: an async pair in the GIO style. The
 * callback must be invoked on the thread-default main context of the thread
 * that called @read_async, and @read_finish fills @usage (initialised with
 * vs_usage_init() by the caller) or sets @error. */
typedef void     (*VsUsageReadAsync)  (gpointer              source,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
typedef gboolean (*VsUsageReadFinish) (gpointer              source,
                                       GAsyncResult         *result,
                                       VsUsage              *usage,
                                       GError              **error);

#define VS_SAMPLER_DEFAULT_INTERVAL_US G_USEC_PER_SEC

#define VS_TYPE_SAMPLER (vs_sampler_get_type ())

G_DECLARE_FINAL_TYPE (VsSampler, vs_sampler, VS, SAMPLER, GObject)

VsSampler    *vs_sampler_new               (gpointer             source,
                                            VsUsageReadAsync     read_async,
                                            VsUsageReadFinish    read_finish);
VsSampler    *vs_sampler_new_for_pid       (GPid                 pid);
gpointer      vs_sampler_get_source        (VsSampler           *self);
void          vs_sampler_start             (VsSampler           *self);
void          vs_sampler_stop              (VsSampler           *self);
void          vs_sampler_begin_window      (VsSampler           *self);
gboolean      vs_sampler_get_running       (VsSampler           *self);
gint64        vs_sampler_get_interval      (VsSampler           *self);
void          vs_sampler_set_interval      (VsSampler           *self,
                                            gint64               interval_us);
const GArray *vs_sampler_get_samples       (VsSampler           *self);
gint64        vs_sampler_get_peak_memory   (VsSampler           *self);
double        vs_sampler_get_mean_memory   (VsSampler           *self);
double        vs_sampler_get_mean_cpu      (VsSampler           *self);
double        vs_sampler_get_peak_cpu      (VsSampler           *self);
guint         vs_sampler_get_n_failures    (VsSampler           *self);
guint         vs_sampler_get_n_skipped     (VsSampler           *self);
const char   *vs_sampler_get_last_error    (VsSampler           *self);

G_END_DECLS
