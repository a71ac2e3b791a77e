/* vs-histogram.c
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

/* Layout
 * ======
 *
 * The bucket layout is HdrHistogram's with lowest_discernible_value = 1,
 * highest_trackable_value = VS_HISTOGRAM_HIGHEST_US and 3 significant
 * figures: sub_bucket_count = 2048 (half count 1024), unit magnitude 0.
 * Values 1‥2047 have a bucket of their own; above that every power of two
 * is split into 1024 equal buckets, so a bucket is never wider than 1/1024
 * of the values it holds (relative error < 0.1 %). The counts array covers
 * index 0 up to the index of VS_HISTOGRAM_HIGHEST_US, i.e. 23 221 guint64,
 * about 181 KiB per histogram, allocated once by vs_histogram_new(). Index
 * 0 (the value 0) is never used since values are clamped to ≥ 1.
 *
 * Recording is O(1): the index comes from the position of the highest set
 * bit (counts_index_for() in HdrHistogram). The lowest and highest
 * non-empty indices are tracked so that merge, percentile, copy, reset,
 * equal and serialize only walk the used range.
 *
 * Clamping: 0 is recorded as 1 (a sub-microsecond latency, not an error);
 * negative values are recorded as 1 and values above
 * VS_HISTOGRAM_HIGHEST_US as VS_HISTOGRAM_HIGHEST_US, and both of those
 * count as clamped.
 *
 * Statistics: min and max are exact (of the clamped values). Percentiles
 * follow hdr_value_at_percentile(): the rank is
 * (guint64) (percentile / 100 × count + 0.5), at least 1, and the result is
 * the highest value equivalent to the bucket holding that rank — except
 * that it is clamped to [min, max] (so no percentile ever exceeds the
 * maximum), percentile ≤ 0 gives min and ≥ 100 gives max. The mean and the
 * (population) standard deviation are computed from the counts like
 * hdr_mean()/hdr_stddev(), with each bucket represented by its mid-point
 * (median equivalent value) clamped to [min, max]; the error is below
 * 0.05 % and a histogram of one repeated value gives it exactly.
 *
 * A histogram is not thread-safe: each worker records into its own and
 * the results are merged.
 *
 * vs_histogram_to_hgrm() prints what HdrHistogram's (Java)
 * outputPercentileDistribution() prints, row for row (same percentile
 * iterator, same layout), with two differences: values are clamped to
 * [min, max] as above, so the last rows and the footer show the exact
 * maximum; and numbers are rounded by printf (to nearest, ties to even on
 * the exact binary value) where Java rounds its shortest decimal form half
 * up, which can change the 12th decimal of a percentile. A
 * ticks_per_half_distance of 0 means HdrHistogram's default, 5.
 *
 * Serialized form (version 1), all integers little-endian:
 *
 *   offset  size  field
 *        0     4  magic "VSHG"
 *        4     2  format version (1)
 *        6     1  sub-bucket half-count magnitude (10)
 *        7     1  unit magnitude (0)
 *        8     4  payload size in bytes (what follows the header)
 *       12     8  total count
 *       20     8  clamped count
 *       28     8  minimum (0 when empty)
 *       36     8  maximum (0 when empty)
 *       44     …  payload
 *
 * The payload is a sequence of (gap, count) pairs of unsigned LEB128
 * varints, one pair per non-empty bucket in increasing index order: the
 * bucket index is previous_index + 1 + gap, starting from previous_index
 * 0 (so index 0 cannot be encoded), and count is ≥ 1. Varints must be
 * minimal (no trailing 0x00 continuation byte) and fit 64 bits. With a few
 * hundred neighbouring buckets this takes two to four bytes per bucket.
 */

#include "config.h"

#include "vs-histogram.h"
#include "vs-util.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#define SUB_BUCKET_HALF_COUNT_MAGNITUDE 10
#define SUB_BUCKET_HALF_COUNT           (1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE)
#define SUB_BUCKET_COUNT                (2 * SUB_BUCKET_HALF_COUNT)
#define SUB_BUCKET_MASK                 ((guint64) SUB_BUCKET_COUNT - 1)
#define UNIT_MAGNITUDE                  0
#define DEFAULT_TICKS_PER_HALF_DISTANCE 5

#define FORMAT_MAGIC        "VSHG"
#define FORMAT_MAGIC_SIZE   4
#define FORMAT_VERSION      1
#define FORMAT_HEADER_SIZE  44
#define MAX_VARINT_SIZE     10

struct _VsHistogram
{
  guint64 total_count;
  guint64 clamped_count;
  gint64  min_value;      /* exact; G_MAXINT64 while empty */
  gint64  max_value;      /* exact; 0 while empty */
  gint32  lowest_index;   /* lowest non-empty index; COUNTS_LEN while empty */
  gint32  highest_index;  /* highest non-empty index; -1 while empty */
  gint32  base;           /* the index counts[0] holds */
  gint32  len;            /* entries in counts: COUNTS_LEN unless compact */
  guint64 *counts;        /* after the struct, or (full_counts) its own block */
  guint64 *full_counts;   /* (nullable) a compact histogram grown to full */
};

/* The count of @index, which must be in [base, base + len) */
#define COUNT(self, index) ((self)->counts[(index) - (self)->base])

G_DEFINE_BOXED_TYPE (VsHistogram, vs_histogram, vs_histogram_copy, vs_histogram_free)

static inline guint
bit_length (guint64 v)
{
#if defined(__GNUC__) || defined(__clang__)
  return v == 0 ? 0 : 64 - (guint) __builtin_clzll (v);
#else
  guint n = 0;

  while (v != 0)
    {
      n++;
      v >>= 1;
    }

  return n;
#endif
}

/* @value must be in [1, VS_HISTOGRAM_HIGHEST_US]. */
static inline gint32
counts_index_for (gint64 value)
{
  guint64 v = (guint64) value;
  gint32 bucket_index;
  gint32 sub_bucket_index;

  bucket_index = (gint32) bit_length (v | SUB_BUCKET_MASK) - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
  sub_bucket_index = (gint32) (v >> bucket_index);

  return ((bucket_index + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE)
         + sub_bucket_index - SUB_BUCKET_HALF_COUNT;
}

#define COUNTS_LEN (counts_index_for (VS_HISTOGRAM_HIGHEST_US) + 1)

static inline gint64
lowest_equivalent_value (gint32 index)
{
  gint32 bucket_index = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
  gint32 sub_bucket_index = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;

  if (bucket_index < 0)
    {
      sub_bucket_index -= SUB_BUCKET_HALF_COUNT;
      bucket_index = 0;
    }

  return (gint64) sub_bucket_index << (bucket_index + UNIT_MAGNITUDE);
}

static inline gint64
equivalent_range_size (gint32 index)
{
  gint32 bucket_index = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;

  return G_GINT64_CONSTANT (1) << (MAX (bucket_index, 0) + UNIT_MAGNITUDE);
}

static inline gint64
highest_equivalent_value (gint32 index)
{
  return lowest_equivalent_value (index) + equivalent_range_size (index) - 1;
}

static inline gint64
median_equivalent_value (gint32 index)
{
  return lowest_equivalent_value (index) + (equivalent_range_size (index) >> 1);
}

/* HdrHistogram's bucket_count (for the hgrm footer). */
static int
bucket_count (void)
{
  gint64 smallest_untrackable = (gint64) SUB_BUCKET_COUNT << UNIT_MAGNITUDE;
  int n = 1;

  while (smallest_untrackable <= VS_HISTOGRAM_HIGHEST_US)
    {
      smallest_untrackable <<= 1;
      n++;
    }

  return n;
}

static void
set_empty (VsHistogram *self)
{
  self->total_count = 0;
  self->clamped_count = 0;
  self->min_value = G_MAXINT64;
  self->max_value = 0;
  self->lowest_index = COUNTS_LEN;
  self->highest_index = -1;
}

static inline gboolean
is_empty (const VsHistogram *self)
{
  return self->highest_index < 0;
}

/* Used range as a byte count; 0 when empty. */
static inline gsize
used_range_size (const VsHistogram *self)
{
  if (is_empty (self))
    return 0;

  return (gsize) (self->highest_index - self->lowest_index + 1) * sizeof (guint64);
}

static inline gint64
clamp_to_recorded (const VsHistogram *self,
                   gint64             value)
{
  return CLAMP (value, self->min_value, self->max_value);
}

/* Commit every page now. calloc hands out untouched zero pages, so a long
 * run's rare latencies would otherwise grow the process by touching new
 * buckets; this way memory is constant from the first request. */
static void
commit_pages (guint64 *counts)
{
  volatile guint8 *bytes = (volatile guint8 *) counts;

  for (gsize offset = 0; offset < (gsize) COUNTS_LEN * sizeof (guint64); offset += 4096)
    bytes[offset] = 0;
}

VsHistogram *
vs_histogram_new (void)
{
  VsHistogram *self;

  self = g_malloc0 (sizeof (VsHistogram) + (gsize) COUNTS_LEN * sizeof (guint64));
  set_empty (self);
  self->counts = (guint64 *) (self + 1);
  self->base = 0;
  self->len = COUNTS_LEN;
  commit_pages (self->counts);

  return self;
}

/* A compact histogram (a copy holds only its used range) grows to the full
 * range before it records or merges anything outside that range. */
static void
grow_to_full (VsHistogram *self)
{
  guint64 *full;

  full = g_new0 (guint64, COUNTS_LEN);
  commit_pages (full);
  if (!is_empty (self))
    memcpy (&full[self->lowest_index], &COUNT (self, self->lowest_index), used_range_size (self));
  g_free (self->full_counts);
  self->full_counts = full;
  self->counts = full;
  self->base = 0;
  self->len = COUNTS_LEN;
}

static inline void
ensure_range (VsHistogram *self,
              gint32       lowest,
              gint32       highest)
{
  if (G_UNLIKELY (lowest < self->base || highest >= self->base + self->len))
    grow_to_full (self);
}

/**
 * vs_histogram_copy:
 *
 * Copies @self into a compact histogram: it holds only the used range
 * (a trial's latencies take a few KiB, where the full range is 181 KiB),
 * so that the results a long comparison keeps do not grow memory by a
 * full histogram each. It grows to the full range, once, if anything is
 * recorded or merged into it outside that range.
 */
VsHistogram *
vs_histogram_copy (const VsHistogram *self)
{
  VsHistogram *copy;
  gint32 len;

  g_return_val_if_fail (self != NULL, NULL);

  len = is_empty (self) ? 0 : self->highest_index - self->lowest_index + 1;
  copy = g_malloc0 (sizeof (VsHistogram) + (gsize) len * sizeof (guint64));
  copy->total_count = self->total_count;
  copy->clamped_count = self->clamped_count;
  copy->min_value = self->min_value;
  copy->max_value = self->max_value;
  copy->lowest_index = self->lowest_index;
  copy->highest_index = self->highest_index;
  copy->counts = (guint64 *) (copy + 1);
  copy->base = is_empty (self) ? 0 : self->lowest_index;
  copy->len = len;

  if (!is_empty (self))
    memcpy (&COUNT (copy, self->lowest_index),
            &COUNT (self, self->lowest_index),
            used_range_size (self));

  return copy;
}

/* The bytes @self holds: the full range for a histogram that records, the
 * used range for a copy (vs_histogram_copy()) */
gsize
vs_histogram_get_size (const VsHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return sizeof (VsHistogram) + (gsize) self->len * sizeof (guint64);
}

void
vs_histogram_free (VsHistogram *self)
{
  if (self == NULL)
    return;
  g_free (self->full_counts);
  g_free (self);
}

void
vs_histogram_reset (VsHistogram *self)
{
  g_return_if_fail (self != NULL);

  if (!is_empty (self))
    memset (&COUNT (self, self->lowest_index), 0, used_range_size (self));

  set_empty (self);
}

static inline void
record_clamped (VsHistogram *self,
                gint64       value,
                guint64      n)
{
  gint32 index = counts_index_for (value);

  ensure_range (self, index, index);
  COUNT (self, index) += n;
  self->total_count += n;

  if (G_UNLIKELY (index < self->lowest_index))
    self->lowest_index = index;
  if (G_UNLIKELY (index > self->highest_index))
    self->highest_index = index;
  if (G_UNLIKELY (value < self->min_value))
    self->min_value = value;
  if (G_UNLIKELY (value > self->max_value))
    self->max_value = value;
}

void
vs_histogram_record_n (VsHistogram *self,
                       gint64       value_us,
                       guint64      n)
{
  g_return_if_fail (self != NULL);

  if (G_UNLIKELY (n == 0))
    return;

  if (G_UNLIKELY (value_us < VS_HISTOGRAM_LOWEST_US))
    {
      if (value_us < 0)
        self->clamped_count += n;
      value_us = VS_HISTOGRAM_LOWEST_US;
    }
  else if (G_UNLIKELY (value_us > VS_HISTOGRAM_HIGHEST_US))
    {
      self->clamped_count += n;
      value_us = VS_HISTOGRAM_HIGHEST_US;
    }

  record_clamped (self, value_us, n);
}

void
vs_histogram_record (VsHistogram *self,
                     gint64       value_us)
{
  vs_histogram_record_n (self, value_us, 1);
}

void
vs_histogram_merge (VsHistogram       *self,
                    const VsHistogram *other)
{
  gint32 i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  if (is_empty (other))
    return;

  ensure_range (self, other->lowest_index, other->highest_index);
  for (i = other->lowest_index; i <= other->highest_index; i++)
    COUNT (self, i) += COUNT (other, i);

  self->total_count += other->total_count;
  self->clamped_count += other->clamped_count;
  self->lowest_index = MIN (self->lowest_index, other->lowest_index);
  self->highest_index = MAX (self->highest_index, other->highest_index);
  self->min_value = MIN (self->min_value, other->min_value);
  self->max_value = MAX (self->max_value, other->max_value);
}

guint64
vs_histogram_get_count (const VsHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->total_count;
}

guint64
vs_histogram_get_clamped_count (const VsHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->clamped_count;
}

gint64
vs_histogram_get_min (const VsHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return is_empty (self) ? 0 : self->min_value;
}

gint64
vs_histogram_get_max (const VsHistogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return is_empty (self) ? 0 : self->max_value;
}

/* The value standing for the values of bucket @index in mean/stdev. */
static inline double
representative_value (const VsHistogram *self,
                      gint32             index)
{
  return (double) clamp_to_recorded (self, median_equivalent_value (index));
}

double
vs_histogram_get_mean (const VsHistogram *self)
{
  double sum = 0.0;
  gint32 i;

  g_return_val_if_fail (self != NULL, 0.0);

  if (is_empty (self) || self->total_count == 0)
    return 0.0;

  for (i = self->lowest_index; i <= self->highest_index; i++)
    {
      if (COUNT (self, i) != 0)
        sum += (double) COUNT (self, i) * representative_value (self, i);
    }

  return sum / (double) self->total_count;
}

double
vs_histogram_get_stdev (const VsHistogram *self)
{
  double mean;
  double sum = 0.0;
  gint32 i;

  g_return_val_if_fail (self != NULL, 0.0);

  if (is_empty (self) || self->total_count == 0)
    return 0.0;

  mean = vs_histogram_get_mean (self);

  for (i = self->lowest_index; i <= self->highest_index; i++)
    {
      if (COUNT (self, i) != 0)
        {
          double dev = representative_value (self, i) - mean;

          sum += dev * dev * (double) COUNT (self, i);
        }
    }

  return sqrt (sum / (double) self->total_count);
}

/* The first index at which the cumulative count reaches @rank, for
 * 1 ≤ @rank ≤ total_count. Walks from whichever end is nearer. */
static gint32
index_at_rank (const VsHistogram *self,
               guint64            rank)
{
  gint32 i;

  if (rank <= self->total_count / 2)
    {
      guint64 cumulative = 0;

      for (i = self->lowest_index; i < self->highest_index; i++)
        {
          cumulative += COUNT (self, i);
          if (cumulative >= rank)
            return i;
        }

      return self->highest_index;
    }
  else
    {
      guint64 at_or_above = 0;

      for (i = self->highest_index; i > self->lowest_index; i--)
        {
          at_or_above += COUNT (self, i);
          /* total - at_or_above is the cumulative count below i */
          if (self->total_count - at_or_above < rank)
            return i;
        }

      return self->lowest_index;
    }
}

gint64
vs_histogram_get_percentile (const VsHistogram *self,
                             double             percentile)
{
  double rank_d;
  guint64 rank;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (!isnan (percentile), 0);

  if (is_empty (self) || self->total_count == 0)
    return 0;

  if (percentile <= 0.0)
    return self->min_value;

  if (percentile >= 100.0)
    return self->max_value;

  rank_d = (percentile / 100.0) * (double) self->total_count + 0.5;
  if (rank_d >= (double) self->total_count)
    rank = self->total_count;
  else
    rank = MAX ((guint64) rank_d, 1);

  return clamp_to_recorded (self, highest_equivalent_value (index_at_rank (self, rank)));
}

gboolean
vs_histogram_equal (const VsHistogram *a,
                    const VsHistogram *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a == b)
    return TRUE;

  if (a->total_count != b->total_count ||
      a->clamped_count != b->clamped_count ||
      a->min_value != b->min_value ||
      a->max_value != b->max_value ||
      a->lowest_index != b->lowest_index ||
      a->highest_index != b->highest_index)
    return FALSE;

  if (is_empty (a))
    return TRUE;

  return memcmp (&COUNT (a, a->lowest_index),
                 &COUNT (b, b->lowest_index),
                 used_range_size (a)) == 0;
}

/* Serialization */

static inline void
put_u16_le (guint8  *p,
            guint16  v)
{
  v = GUINT16_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

static inline void
put_u32_le (guint8  *p,
            guint32  v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

static inline void
put_u64_le (guint8  *p,
            guint64  v)
{
  v = GUINT64_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

static inline guint16
get_u16_le (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, sizeof v);
  return GUINT16_FROM_LE (v);
}

static inline guint32
get_u32_le (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return GUINT32_FROM_LE (v);
}

static inline guint64
get_u64_le (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return GUINT64_FROM_LE (v);
}

static inline guint8 *
put_varint (guint8  *p,
            guint64  v)
{
  while (v >= 0x80)
    {
      *p++ = (guint8) (v | 0x80);
      v >>= 7;
    }
  *p++ = (guint8) v;

  return p;
}

static gboolean
read_varint (const guint8  **cursor,
             const guint8   *end,
             guint64        *out,
             GError        **error)
{
  const guint8 *p = *cursor;
  guint64 result = 0;
  guint shift = 0;

  for (;;)
    {
      guint8 byte;

      if (p >= end)
        {
          g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                               _("histogram data is truncated (bucket data ends inside a number)"));
          return FALSE;
        }

      byte = *p++;

      if (shift == 63 && (byte & 0x7e) != 0)
        goto malformed;

      result |= (guint64) (byte & 0x7f) << shift;

      if ((byte & 0x80) == 0)
        {
          if (byte == 0 && shift > 0)
            goto malformed;
          break;
        }

      shift += 7;
      if (shift > 63)
        goto malformed;
    }

  *cursor = p;
  *out = result;

  return TRUE;

malformed:
  g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("histogram data contains a malformed variable-length integer"));
  return FALSE;
}

GBytes *
vs_histogram_serialize (const VsHistogram *self)
{
  guint8 *buffer;
  guint8 *p;
  gsize capacity;
  gsize size;
  gint32 previous = 0;
  gint32 i;

  g_return_val_if_fail (self != NULL, NULL);

  capacity = FORMAT_HEADER_SIZE;
  if (!is_empty (self))
    capacity += (gsize) (self->highest_index - self->lowest_index + 1) * 2 * MAX_VARINT_SIZE;

  buffer = g_malloc (capacity);
  p = buffer + FORMAT_HEADER_SIZE;

  for (i = self->lowest_index; i <= self->highest_index; i++)
    {
      if (COUNT (self, i) == 0)
        continue;

      p = put_varint (p, (guint64) (i - previous - 1));
      p = put_varint (p, COUNT (self, i));
      previous = i;
    }

  size = (gsize) (p - buffer);

  memcpy (buffer, FORMAT_MAGIC, FORMAT_MAGIC_SIZE);
  put_u16_le (buffer + 4, FORMAT_VERSION);
  buffer[6] = SUB_BUCKET_HALF_COUNT_MAGNITUDE;
  buffer[7] = UNIT_MAGNITUDE;
  put_u32_le (buffer + 8, (guint32) (size - FORMAT_HEADER_SIZE));
  put_u64_le (buffer + 12, self->total_count);
  put_u64_le (buffer + 20, self->clamped_count);
  put_u64_le (buffer + 28, (guint64) vs_histogram_get_min (self));
  put_u64_le (buffer + 36, (guint64) vs_histogram_get_max (self));

  return g_bytes_new_take (g_realloc (buffer, size), size);
}

static gboolean
fail_invalid (GError     **error,
              const char  *message)
{
  g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID_DATA, message);
  return FALSE;
}

static gboolean
decode_into (VsHistogram   *self,
             const guint8  *data,
             gsize          size,
             GError       **error)
{
  const guint8 *p;
  const guint8 *end;
  guint16 version;
  guint32 payload_size;
  guint64 total_count;
  guint64 clamped_count;
  gint64 min_value;
  gint64 max_value;
  guint64 sum = 0;
  gint32 index = 0;
  const gint32 counts_len = COUNTS_LEN;

  if (size == 0)
    return fail_invalid (error, _("histogram data is empty"));

  if (memcmp (data, FORMAT_MAGIC, MIN (size, FORMAT_MAGIC_SIZE)) != 0)
    return fail_invalid (error, _("histogram data has a bad magic number (not a Versus histogram)"));

  if (size < 6)
    return fail_invalid (error, _("histogram data is truncated (header)"));

  version = get_u16_le (data + 4);
  if (version != FORMAT_VERSION)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("unknown histogram format version %u"), (guint) version);
      return FALSE;
    }

  if (size < FORMAT_HEADER_SIZE)
    return fail_invalid (error, _("histogram data is truncated (header)"));

  if (data[6] != SUB_BUCKET_HALF_COUNT_MAGNITUDE || data[7] != UNIT_MAGNITUDE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("unsupported histogram bucket layout "
                     "(sub-bucket magnitude %u, unit magnitude %u)"),
                   (guint) data[6], (guint) data[7]);
      return FALSE;
    }

  payload_size = get_u32_le (data + 8);
  if (payload_size > size - FORMAT_HEADER_SIZE)
    return fail_invalid (error, _("histogram data is truncated (bucket data)"));
  if (payload_size < size - FORMAT_HEADER_SIZE)
    return fail_invalid (error, _("histogram data has trailing garbage"));

  total_count = get_u64_le (data + 12);
  clamped_count = get_u64_le (data + 20);
  min_value = (gint64) get_u64_le (data + 28);
  max_value = (gint64) get_u64_le (data + 36);

  p = data + FORMAT_HEADER_SIZE;
  end = p + payload_size;

  while (p < end)
    {
      guint64 gap;
      guint64 count;

      if (!read_varint (&p, end, &gap, error) ||
          !read_varint (&p, end, &count, error))
        return FALSE;

      /* index + 1 + gap must stay below counts_len */
      if (gap >= (guint64) (counts_len - index - 1))
        return fail_invalid (error, _("histogram bucket index out of range"));
      index += 1 + (gint32) gap;

      if (count == 0)
        return fail_invalid (error, _("histogram data lists an empty bucket"));
      if (count > G_MAXUINT64 - sum)
        return fail_invalid (error, _("histogram bucket counts overflow"));
      sum += count;

      COUNT (self, index) = count;
      self->lowest_index = MIN (self->lowest_index, index);
      self->highest_index = index;
    }

  if (sum != total_count)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("histogram total count does not match buckets (%llu recorded, buckets hold %llu)"),
                   (unsigned long long) total_count, (unsigned long long) sum);
      return FALSE;
    }

  if (clamped_count > total_count)
    return fail_invalid (error, _("histogram clamped count exceeds total count"));

  if (total_count == 0)
    {
      if (min_value != 0 || max_value != 0)
        return fail_invalid (error, _("empty histogram has a minimum or maximum"));
      return TRUE;
    }

  if (min_value < VS_HISTOGRAM_LOWEST_US || min_value > VS_HISTOGRAM_HIGHEST_US ||
      counts_index_for (min_value) != self->lowest_index)
    return fail_invalid (error, _("histogram minimum does not match buckets"));

  if (max_value < min_value || max_value > VS_HISTOGRAM_HIGHEST_US ||
      counts_index_for (max_value) != self->highest_index)
    return fail_invalid (error, _("histogram maximum does not match buckets"));

  self->total_count = total_count;
  self->clamped_count = clamped_count;
  self->min_value = min_value;
  self->max_value = max_value;

  return TRUE;
}

VsHistogram *
vs_histogram_deserialize (GBytes  *bytes,
                          GError **error)
{
  g_autoptr(VsHistogram) self = NULL;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  self = vs_histogram_new ();

  if (!decode_into (self, data, size, error))
    return NULL;

  /* as compact as a copy: a session's results keep only what they use */
  return vs_histogram_copy (self);
}

char *
vs_histogram_to_base64 (const VsHistogram *self)
{
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (self != NULL, NULL);

  bytes = vs_histogram_serialize (self);
  data = g_bytes_get_data (bytes, &size);

  return g_base64_encode (data, size);
}

/* g_base64_decode() skips invalid characters silently; refuse them. */
static gboolean
is_valid_base64 (const char *text,
                 gsize       len)
{
  gsize i;

  if (len % 4 != 0)
    return FALSE;

  for (i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;

      /* padding: only in the last two places, and only followed by padding */
      if (c == '=' && i + 2 >= len && (i + 1 == len || text[i + 1] == '='))
        continue;

      return FALSE;
    }

  return TRUE;
}

VsHistogram *
vs_histogram_from_base64 (const char  *text,
                          GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  guchar *data;
  gsize size;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_valid_base64 (text, strlen (text)))
    {
      fail_invalid (error, _("histogram data is not valid base64"));
      return NULL;
    }

  data = g_base64_decode (text, &size);
  bytes = g_bytes_new_take (data, size);

  return vs_histogram_deserialize (bytes, error);
}

/* Text output (HdrHistogram .hgrm) */

/* The next percentile level of HdrHistogram's percentile iterator: a fixed
 * number of ticks per half distance to 100 %. Guarded against the
 * floating-point corner cases (level reaching 100, vanishing steps) that
 * could otherwise loop forever on absurd counts. */
static double
next_percentile_level (double level,
                       guint  ticks_per_half_distance)
{
  double half_distances;
  double reporting_ticks;
  double next;

  if (!(level < 100.0))
    return INFINITY;

  half_distances = floor (log (100.0 / (100.0 - level)) / log (2)) + 1;
  reporting_ticks = (double) ticks_per_half_distance * pow (2, half_distances);
  next = level + 100.0 / reporting_ticks;

  if (!(next > level))
    next = nextafter (level, INFINITY);

  return next;
}

static void
append_hgrm_row (GString *out,
                 double   value,
                 double   percentile_level,
                 guint64  total_count)
{
  char value_str[400];
  char percentile_str[64];
  char inverse_str[400];
  double percentile = percentile_level / 100.0;

  g_ascii_formatd (value_str, sizeof value_str, "%12.3f", value);
  g_ascii_formatd (percentile_str, sizeof percentile_str, "%12.12f", percentile);

  if (percentile_level != 100.0)
    {
      g_ascii_formatd (inverse_str, sizeof inverse_str, "%14.2f", 1.0 / (1.0 - percentile));
      g_string_append_printf (out, "%s %s %10" G_GUINT64_FORMAT " %s\n",
                              value_str, percentile_str, total_count, inverse_str);
    }
  else
    {
      g_string_append_printf (out, "%s %s %10" G_GUINT64_FORMAT "\n",
                              value_str, percentile_str, total_count);
    }
}

char *
vs_histogram_to_hgrm (const VsHistogram *self,
                      double             value_unit_scale,
                      guint              ticks_per_half_distance)
{
  GString *out;
  char mean_str[400];
  char stdev_str[400];
  char max_str[400];

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (value_unit_scale > 0.0, NULL);

  if (ticks_per_half_distance == 0)
    ticks_per_half_distance = DEFAULT_TICKS_PER_HALF_DISTANCE;

  out = g_string_new (NULL);
  g_string_append_printf (out, "%12s %14s %10s %14s\n\n",
                          "Value", "Percentile", "TotalCount", "1/(1-Percentile)");

  /* HdrHistogram's PercentileIterator, walking only the used range: each
   * row is the first non-empty bucket whose cumulative percentile reaches
   * the current level; the bucket that completes the count gets one row at
   * its level and a final one at 100 %. Values are clamped to [min, max],
   * so the last row shows the exact maximum. */
  if (!is_empty (self) && self->total_count > 0)
    {
      const double total = (double) self->total_count;
      gint32 index = self->lowest_index;
      guint64 cumulative = COUNT (self, index);
      double level = 0.0;
      gint64 row_value;

      for (;;)
        {
          while (COUNT (self, index) == 0 || 100.0 * (double) cumulative / total < level)
            {
              if (index >= self->highest_index)
                break;
              index++;
              cumulative += COUNT (self, index);
            }

          if (COUNT (self, index) == 0 || 100.0 * (double) cumulative / total < level)
            break;

          row_value = clamp_to_recorded (self, highest_equivalent_value (index));
          append_hgrm_row (out, (double) row_value / value_unit_scale, level, cumulative);

          if (cumulative >= self->total_count)
            break;

          level = next_percentile_level (level, ticks_per_half_distance);
        }

      /* the top of the highest bucket clamped to the maximum: the maximum */
      append_hgrm_row (out, (double) self->max_value / value_unit_scale,
                       100.0, self->total_count);
    }

  g_ascii_formatd (mean_str, sizeof mean_str, "%12.3f",
                   vs_histogram_get_mean (self) / value_unit_scale);
  g_ascii_formatd (stdev_str, sizeof stdev_str, "%12.3f",
                   vs_histogram_get_stdev (self) / value_unit_scale);
  g_ascii_formatd (max_str, sizeof max_str, "%12.3f",
                   (double) vs_histogram_get_max (self) / value_unit_scale);

  g_string_append_printf (out, "#[Mean    = %s, StdDeviation   = %s]\n", mean_str, stdev_str);
  g_string_append_printf (out, "#[Max     = %s, Total count    = %12" G_GUINT64_FORMAT "]\n",
                          max_str, self->total_count);
  g_string_append_printf (out, "#[Buckets = %12d, SubBuckets     = %12d]\n",
                          bucket_count (), SUB_BUCKET_COUNT);

  return g_string_free (out, FALSE);
}
