/* vs-histogram.h
 *
 * Copyright 2026 The Versus authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A log-linear latency histogram in the manner of HdrHistogram.
 *
 * Values are integers in microseconds, from 1 µs up to at least 60 s
 * (VS_HISTOGRAM_HIGHEST_US), kept with 3 significant decimal digits:
 * any reported value is within 0.1 % of a recorded one. Values above the
 * highest trackable value are clamped to it (and counted in
 * vs_histogram_get_clamped_count()). Memory is constant; recording is O(1).
 */

#define VS_HISTOGRAM_LOWEST_US  1
#define VS_HISTOGRAM_HIGHEST_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

#define VS_TYPE_HISTOGRAM (vs_histogram_get_type ())

typedef struct _VsHistogram VsHistogram;

GType         vs_histogram_get_type          (void) G_GNUC_CONST;
VsHistogram  *vs_histogram_new               (void);
VsHistogram  *vs_histogram_copy              (const VsHistogram  *self);
void          vs_histogram_free              (VsHistogram        *self);
void          vs_histogram_reset             (VsHistogram        *self);
void          vs_histogram_record            (VsHistogram        *self,
                                              gint64              value_us);
void          vs_histogram_record_n          (VsHistogram        *self,
                                              gint64              value_us,
                                              guint64             n);
void          vs_histogram_merge             (VsHistogram        *self,
                                              const VsHistogram  *other);
guint64       vs_histogram_get_count         (const VsHistogram  *self);
guint64       vs_histogram_get_clamped_count (const VsHistogram  *self);
gint64        vs_histogram_get_min           (const VsHistogram  *self);
gint64        vs_histogram_get_max           (const VsHistogram  *self);
double        vs_histogram_get_mean          (const VsHistogram  *self);
double        vs_histogram_get_stdev         (const VsHistogram  *self);
gint64        vs_histogram_get_percentile    (const VsHistogram  *self,
                                              double              percentile);
gsize         vs_histogram_get_size          (const VsHistogram  *self);
gboolean      vs_histogram_equal             (const VsHistogram  *a,
                                              const VsHistogram  *b);
GBytes       *vs_histogram_serialize         (const VsHistogram  *self);
VsHistogram  *vs_histogram_deserialize       (GBytes             *bytes,
                                              GError            **error);
char         *vs_histogram_to_base64         (const VsHistogram  *self);
VsHistogram  *vs_histogram_from_base64       (const char         *text,
                                              GError            **error);
char         *vs_histogram_to_hgrm           (const VsHistogram  *self,
                                              double              value_unit_scale,
                                              guint               ticks_per_half_distance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsHistogram, vs_histogram_free)

G_END_DECLS
