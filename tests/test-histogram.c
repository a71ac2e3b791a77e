/* test-histogram.c
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

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vs-histogram.h"
#include "vs-util.h"

#define N_SAMPLES 1000000

/* Index of VS_HISTOGRAM_HIGHEST_US in the bucket layout (3 significant
 * figures, 2048 sub-buckets): the last valid counts index. */
#define LAST_INDEX 23220

static const double test_percentiles[] = {
  0, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100,
};

typedef enum
{
  DIST_UNIFORM,
  DIST_LOG_NORMAL,
  DIST_BIMODAL,
  DIST_OUTLIERS,
} Distribution;

/* What the histogram documents it does with out-of-range values. */
static gint64
clamp_value (gint64 value)
{
  return CLAMP (value, VS_HISTOGRAM_LOWEST_US, VS_HISTOGRAM_HIGHEST_US);
}

static gboolean
is_clamped (gint64 value)
{
  return value < 0 || value > VS_HISTOGRAM_HIGHEST_US;
}

static double
rand_normal (GRand *rand)
{
  double u1 = 1.0 - g_rand_double (rand);   /* (0, 1] */
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static gint64
rand_log_normal (GRand  *rand,
                 double  median,
                 double  sigma)
{
  return (gint64) llround (median * exp (sigma * rand_normal (rand)));
}

static gint64
sample_value (GRand        *rand,
              Distribution  dist)
{
  double u;

  switch (dist)
    {
    case DIST_UNIFORM:
      return 1 + (gint64) (g_rand_double (rand) * 10000000.0);

    case DIST_LOG_NORMAL:
      return rand_log_normal (rand, 2000.0, 1.0);

    case DIST_BIMODAL:
      if (g_rand_double (rand) < 0.8)
        return (gint64) llround (800.0 + 100.0 * rand_normal (rand));
      return (gint64) llround (40000.0 + 5000.0 * rand_normal (rand));

    case DIST_OUTLIERS:
      u = g_rand_double (rand);
      if (u < 0.001)
        return g_rand_int_range (rand, -2, 4);           /* -2 … 3 µs */
      if (u < 0.002)
        return VS_HISTOGRAM_HIGHEST_US - G_USEC_PER_SEC
               + (gint64) (g_rand_double (rand) * 2.0 * G_USEC_PER_SEC);
      if (u < 0.00201)
        return G_MAXINT64 - g_rand_int (rand);
      return rand_log_normal (rand, 500.0, 0.5);

    default:
      g_assert_not_reached ();
    }
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Fills @values with @n samples, records them into @hist, and returns
 * the number of values expected to be clamped. */
static guint64
fill (VsHistogram  *hist,
      gint64       *values,
      gsize         n,
      Distribution  dist,
      guint32       seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint64 clamped = 0;
  gsize i;

  for (i = 0; i < n; i++)
    {
      gint64 v = sample_value (rand, dist);

      vs_histogram_record (hist, v);
      if (is_clamped (v))
        clamped++;
      values[i] = clamp_value (v);
    }

  return clamped;
}

/* The sample value HdrHistogram's percentile picks: the one of rank
 * (gint64) (p / 100 × n + 0.5), at least 1, in the sorted sample. */
static gint64
exact_percentile (const gint64 *sorted,
                  gsize         n,
                  double        percentile)
{
  guint64 rank;

  if (percentile <= 0.0)
    return sorted[0];
  if (percentile >= 100.0)
    return sorted[n - 1];

  rank = (guint64) ((percentile / 100.0) * (double) n + 0.5);
  rank = CLAMP (rank, 1, n);

  return sorted[rank - 1];
}

static void
check_distribution (Distribution dist,
                    guint32      seed)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autofree gint64 *values = g_new (gint64, N_SAMPLES);
  long double sum = 0.0L;
  long double sum_sq = 0.0L;
  double exact_mean;
  double exact_stdev;
  guint64 clamped;
  gsize i;

  clamped = fill (hist, values, N_SAMPLES, dist, seed);
  qsort (values, N_SAMPLES, sizeof (gint64), compare_gint64);

  g_assert_cmpuint (vs_histogram_get_count (hist), ==, N_SAMPLES);
  g_assert_cmpuint (vs_histogram_get_clamped_count (hist), ==, clamped);
  g_assert_cmpint (vs_histogram_get_min (hist), ==, values[0]);
  g_assert_cmpint (vs_histogram_get_max (hist), ==, values[N_SAMPLES - 1]);

  for (i = 0; i < G_N_ELEMENTS (test_percentiles); i++)
    {
      double p = test_percentiles[i];
      gint64 exact = exact_percentile (values, N_SAMPLES, p);
      gint64 got = vs_histogram_get_percentile (hist, p);

      g_test_message ("p%g: exact %" G_GINT64_FORMAT " got %" G_GINT64_FORMAT, p, exact, got);

      /* The reported value is the top of the bucket holding the exact
       * value (clamped to max), never below it, and a bucket is at most
       * exact / 1024 wide: within 0.1 %, exact below 2048. */
      g_assert_cmpint (got, >=, exact);
      g_assert_cmpint (got - exact, <=, exact / 1024);
      g_assert_cmpfloat (fabs ((double) (got - exact)), <=, 0.001 * (double) exact);
    }

  for (i = 0; i < N_SAMPLES; i++)
    sum += values[i];
  exact_mean = (double) (sum / N_SAMPLES);
  for (i = 0; i < N_SAMPLES; i++)
    sum_sq += ((long double) values[i] - exact_mean) * ((long double) values[i] - exact_mean);
  exact_stdev = (double) sqrtl (sum_sq / N_SAMPLES);

  g_test_message ("mean: exact %f got %f; stdev: exact %f got %f",
                  exact_mean, vs_histogram_get_mean (hist),
                  exact_stdev, vs_histogram_get_stdev (hist));

  /* Each value is represented within 0.05 % (bucket mid-point). */
  g_assert_cmpfloat_with_epsilon (vs_histogram_get_mean (hist), exact_mean,
                                  0.0005 * exact_mean + 0.5);
  g_assert_cmpfloat_with_epsilon (vs_histogram_get_stdev (hist), exact_stdev,
                                  0.0005 * hypot (exact_mean, exact_stdev) + 0.5);
}

static void
test_distribution_uniform (void)
{
  check_distribution (DIST_UNIFORM, 1);
}

static void
test_distribution_log_normal (void)
{
  check_distribution (DIST_LOG_NORMAL, 2);
}

static void
test_distribution_bimodal (void)
{
  check_distribution (DIST_BIMODAL, 3);
}

static void
test_distribution_outliers (void)
{
  check_distribution (DIST_OUTLIERS, 4);
}

static void
test_empty (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autofree char *hgrm = NULL;
  gsize i;

  g_assert_cmpuint (vs_histogram_get_count (hist), ==, 0);
  g_assert_cmpuint (vs_histogram_get_clamped_count (hist), ==, 0);
  g_assert_cmpint (vs_histogram_get_min (hist), ==, 0);
  g_assert_cmpint (vs_histogram_get_max (hist), ==, 0);
  g_assert_cmpfloat (vs_histogram_get_mean (hist), ==, 0.0);
  g_assert_cmpfloat (vs_histogram_get_stdev (hist), ==, 0.0);
  for (i = 0; i < G_N_ELEMENTS (test_percentiles); i++)
    g_assert_cmpint (vs_histogram_get_percentile (hist, test_percentiles[i]), ==, 0);

  hgrm = vs_histogram_to_hgrm (hist, 1.0, 5);
  g_assert_cmpstr (hgrm, ==,
                   "       Value     Percentile TotalCount 1/(1-Percentile)\n"
                   "\n"
                   "#[Mean    =        0.000, StdDeviation   =        0.000]\n"
                   "#[Max     =        0.000, Total count    =            0]\n"
                   "#[Buckets =           22, SubBuckets     =         2048]\n");
}

static void
test_record_basic (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();

  vs_histogram_record (hist, 1000);
  g_assert_cmpuint (vs_histogram_get_count (hist), ==, 1);
  g_assert_cmpint (vs_histogram_get_min (hist), ==, 1000);
  g_assert_cmpint (vs_histogram_get_max (hist), ==, 1000);
  g_assert_cmpfloat (vs_histogram_get_mean (hist), ==, 1000.0);
  g_assert_cmpfloat (vs_histogram_get_stdev (hist), ==, 0.0);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 50), ==, 1000);

  /* A single value is reported exactly even where buckets are wide. */
  vs_histogram_reset (hist);
  vs_histogram_record_n (hist, 123456789, 10);
  g_assert_cmpuint (vs_histogram_get_count (hist), ==, 10);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 0), ==, 123456789);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 50), ==, 123456789);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 99.999), ==, 123456789);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 100), ==, 123456789);
  g_assert_cmpfloat (vs_histogram_get_mean (hist), ==, 123456789.0);
  g_assert_cmpfloat (vs_histogram_get_stdev (hist), ==, 0.0);

  /* n = 0 records nothing */
  vs_histogram_reset (hist);
  vs_histogram_record_n (hist, 5, 0);
  g_assert_cmpuint (vs_histogram_get_count (hist), ==, 0);
  g_assert_cmpint (vs_histogram_get_max (hist), ==, 0);

  /* out-of-range percentiles saturate */
  vs_histogram_record (hist, 10);
  vs_histogram_record (hist, 20);
  g_assert_cmpint (vs_histogram_get_percentile (hist, -5), ==, 10);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 250), ==, 20);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 50), ==, 10);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 75), ==, 20);
}

static void
test_clamping (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();

  /* 0 is a legitimate sub-microsecond value: recorded as 1, not clamped */
  vs_histogram_record (hist, 0);
  g_assert_cmpuint (vs_histogram_get_clamped_count (hist), ==, 0);
  g_assert_cmpint (vs_histogram_get_min (hist), ==, 1);

  vs_histogram_record (hist, -1);
  vs_histogram_record (hist, G_MININT64);
  g_assert_cmpuint (vs_histogram_get_clamped_count (hist), ==, 2);
  g_assert_cmpint (vs_histogram_get_min (hist), ==, 1);
  g_assert_cmpint (vs_histogram_get_max (hist), ==, 1);

  vs_histogram_record (hist, VS_HISTOGRAM_HIGHEST_US);
  g_assert_cmpuint (vs_histogram_get_clamped_count (hist), ==, 2);
  vs_histogram_record (hist, VS_HISTOGRAM_HIGHEST_US + 1);
  vs_histogram_record_n (hist, G_MAXINT64, 3);
  g_assert_cmpuint (vs_histogram_get_clamped_count (hist), ==, 6);
  g_assert_cmpint (vs_histogram_get_max (hist), ==, VS_HISTOGRAM_HIGHEST_US);
  g_assert_cmpuint (vs_histogram_get_count (hist), ==, 8);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 100), ==, VS_HISTOGRAM_HIGHEST_US);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 50), ==, VS_HISTOGRAM_HIGHEST_US);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 37.5), ==, 1);
}

static void
test_small_values_exact (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  gint64 v;

  /* 1 … 2047 each have a bucket of their own */
  for (v = 1; v < 2048; v++)
    vs_histogram_record (hist, v);

  for (v = 1; v < 2048; v++)
    {
      double p = 100.0 * (double) v / 2047.0;

      g_assert_cmpint (vs_histogram_get_percentile (hist, p), ==, v);
    }

  g_assert_cmpfloat (vs_histogram_get_mean (hist), ==, 1024.0);
}

static void
test_precision (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  guint i;

  /* For a pair of values, the lower is reported as the top of its bucket
   * (unless that passes the maximum): never below, within 1/1024. */
  for (i = 0; i < 20000; i++)
    {
      g_autoptr(VsHistogram) hist = vs_histogram_new ();
      double log_highest = log ((double) VS_HISTOGRAM_HIGHEST_US - 1);
      gint64 v = 1 + (gint64) exp (g_rand_double (rand) * log_highest);
      gint64 got;

      vs_histogram_record (hist, v);
      vs_histogram_record (hist, VS_HISTOGRAM_HIGHEST_US);
      got = vs_histogram_get_percentile (hist, 50);
      g_assert_cmpint (got, >=, v);
      g_assert_cmpint (got - v, <=, v / 1024);
    }
}

static void
test_merge (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(VsHistogram) all = vs_histogram_new ();
  g_autoptr(VsHistogram) a = vs_histogram_new ();
  g_autoptr(VsHistogram) b = vs_histogram_new ();
  g_autoptr(VsHistogram) merged = vs_histogram_new ();
  g_autoptr(VsHistogram) twice = NULL;
  guint i;

  for (i = 0; i < 200000; i++)
    {
      Distribution dist = g_rand_int_range (rand, DIST_UNIFORM, DIST_OUTLIERS + 1);
      gint64 v = sample_value (rand, dist);

      vs_histogram_record (all, v);
      vs_histogram_record (g_rand_boolean (rand) ? a : b, v);
    }

  g_assert_false (vs_histogram_equal (a, all));

  vs_histogram_merge (merged, a);
  g_assert_true (vs_histogram_equal (merged, a));
  vs_histogram_merge (merged, b);
  g_assert_true (vs_histogram_equal (merged, all));
  g_assert_cmpuint (vs_histogram_get_count (merged), ==, vs_histogram_get_count (all));
  g_assert_cmpuint (vs_histogram_get_clamped_count (merged), ==,
                    vs_histogram_get_clamped_count (all));
  g_assert_cmpint (vs_histogram_get_min (merged), ==, vs_histogram_get_min (all));
  g_assert_cmpint (vs_histogram_get_max (merged), ==, vs_histogram_get_max (all));
  g_assert_cmpfloat (vs_histogram_get_mean (merged), ==, vs_histogram_get_mean (all));
  g_assert_cmpint (vs_histogram_get_percentile (merged, 99.9), ==,
                   vs_histogram_get_percentile (all, 99.9));

  /* the other order */
  vs_histogram_merge (b, a);
  g_assert_true (vs_histogram_equal (b, all));

  /* merging an empty histogram changes nothing */
  vs_histogram_reset (a);
  vs_histogram_merge (b, a);
  g_assert_true (vs_histogram_equal (b, all));

  /* merging into itself doubles every count */
  twice = vs_histogram_copy (all);
  vs_histogram_merge (twice, twice);
  vs_histogram_merge (all, b);
  g_assert_true (vs_histogram_equal (twice, all));
}

static void
test_merge_ranges (void)
{
  g_autoptr(VsHistogram) low = vs_histogram_new ();
  g_autoptr(VsHistogram) high = vs_histogram_new ();
  g_autoptr(VsHistogram) all = vs_histogram_new ();

  /* disjoint used ranges, merged both ways */
  vs_histogram_record (low, 3);
  vs_histogram_record (low, 50);
  vs_histogram_record (high, 2000000);
  vs_histogram_record (high, 90000000);
  vs_histogram_record (all, 3);
  vs_histogram_record (all, 50);
  vs_histogram_record (all, 2000000);
  vs_histogram_record (all, 90000000);

  vs_histogram_merge (low, high);
  g_assert_true (vs_histogram_equal (low, all));
  g_assert_cmpint (vs_histogram_get_min (low), ==, 3);
  g_assert_cmpint (vs_histogram_get_max (low), ==, 90000000);

  vs_histogram_reset (low);
  vs_histogram_record (low, 3);
  vs_histogram_record (low, 50);
  vs_histogram_merge (high, low);
  g_assert_true (vs_histogram_equal (high, all));
}

/* A copy holds only its used range (the results of a long comparison each
 * keep one), and grows to the full range when something lands outside it */
static void
test_compact_copy (void)
{
  g_autoptr(VsHistogram) a = vs_histogram_new ();
  g_autoptr(VsHistogram) wide = vs_histogram_new ();
  g_autoptr(VsHistogram) b = NULL;
  g_autoptr(VsHistogram) c = NULL;
  g_autoptr(VsHistogram) empty = NULL;
  g_autoptr(VsHistogram) reference = NULL;
  g_autoptr(VsHistogram) loaded = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize full = vs_histogram_get_size (a);

  g_assert_cmpuint (full, >, 180 * 1024);
  for (gint64 v = 2000; v <= 30000; v += 7)
    vs_histogram_record (a, v);
  b = vs_histogram_copy (a);
  g_assert_true (vs_histogram_equal (a, b));
  g_assert_cmpuint (vs_histogram_get_size (b), <, full / 4);
  for (double p = 0; p <= 100; p += 12.5)
    g_assert_cmpint (vs_histogram_get_percentile (b, p), ==, vs_histogram_get_percentile (a, p));

  /* recording inside the range keeps it compact; outside, it grows once */
  vs_histogram_record (a, 2500);
  vs_histogram_record (b, 2500);
  g_assert_cmpuint (vs_histogram_get_size (b), <, full / 4);
  vs_histogram_record (a, 1);
  vs_histogram_record (b, 1);
  vs_histogram_record (a, 50 * G_USEC_PER_SEC);
  vs_histogram_record (b, 50 * G_USEC_PER_SEC);
  g_assert_cmpuint (vs_histogram_get_size (b), ==, full);
  g_assert_true (vs_histogram_equal (a, b));
  g_assert_cmpint (vs_histogram_get_min (b), ==, 1);

  /* merging a wider one into a compact copy */
  vs_histogram_record (wide, 3);
  vs_histogram_record (wide, 900000);
  c = vs_histogram_copy (b);
  vs_histogram_reset (c);
  vs_histogram_record (c, 10000);
  reference = vs_histogram_new ();
  vs_histogram_record (reference, 10000);
  vs_histogram_merge (reference, wide);
  vs_histogram_merge (c, wide);
  g_assert_true (vs_histogram_equal (c, reference));
  g_assert_cmpint (vs_histogram_get_percentile (c, 50), ==, vs_histogram_get_percentile (reference, 50));

  /* an empty copy records */
  vs_histogram_reset (wide);
  empty = vs_histogram_copy (wide);
  g_assert_cmpuint (vs_histogram_get_size (empty), <, 256);
  vs_histogram_record (empty, 42);
  g_assert_cmpint (vs_histogram_get_count (empty), ==, 1);
  g_assert_cmpint (vs_histogram_get_percentile (empty, 99), ==, 42);

  /* what a session file holds loads compact (a spans the full range now) */
  vs_histogram_reset (a);
  for (gint64 v = 2000; v <= 30000; v += 7)
    vs_histogram_record (a, v);
  bytes = vs_histogram_serialize (a);
  loaded = vs_histogram_deserialize (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (vs_histogram_equal (a, loaded));
  g_assert_cmpuint (vs_histogram_get_size (loaded), <, full / 4);
}

static void
test_copy_equal (void)
{
  g_autoptr(VsHistogram) a = vs_histogram_new ();
  g_autoptr(VsHistogram) b = NULL;
  g_autoptr(VsHistogram) c = NULL;
  VsHistogram *boxed;

  vs_histogram_record (a, 10);
  vs_histogram_record (a, 5000);
  vs_histogram_record (a, -3);

  b = vs_histogram_copy (a);
  g_assert_true (vs_histogram_equal (a, b));
  g_assert_true (vs_histogram_equal (a, a));

  boxed = g_boxed_copy (VS_TYPE_HISTOGRAM, a);
  g_assert_true (vs_histogram_equal (a, boxed));
  g_boxed_free (VS_TYPE_HISTOGRAM, boxed);
  g_assert_true (G_TYPE_IS_BOXED (VS_TYPE_HISTOGRAM));

  /* same bucket, different exact value */
  vs_histogram_record (b, 5001);
  c = vs_histogram_copy (a);
  vs_histogram_record (c, 5000);
  g_assert_false (vs_histogram_equal (b, c));

  /* same counts, different clamped count */
  vs_histogram_reset (b);
  vs_histogram_reset (c);
  vs_histogram_record (b, 0);
  vs_histogram_record (c, -1);
  g_assert_false (vs_histogram_equal (b, c));

  /* different count in one bucket */
  vs_histogram_reset (b);
  vs_histogram_reset (c);
  vs_histogram_record (b, 7);
  vs_histogram_record (b, 9);
  vs_histogram_record (c, 7);
  vs_histogram_record (c, 9);
  g_assert_true (vs_histogram_equal (b, c));
  vs_histogram_record (c, 8);
  vs_histogram_record (b, 9);
  g_assert_false (vs_histogram_equal (b, c));
}

static void
test_reset (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autoptr(VsHistogram) empty = vs_histogram_new ();
  g_autoptr(VsHistogram) small = vs_histogram_new ();
  g_autofree gint64 *values = g_new (gint64, 100000);

  fill (hist, values, 100000, DIST_OUTLIERS, 7);
  g_assert_false (vs_histogram_equal (hist, empty));

  vs_histogram_reset (hist);
  g_assert_true (vs_histogram_equal (hist, empty));
  g_assert_cmpuint (vs_histogram_get_count (hist), ==, 0);
  g_assert_cmpuint (vs_histogram_get_clamped_count (hist), ==, 0);
  g_assert_cmpint (vs_histogram_get_min (hist), ==, 0);
  g_assert_cmpint (vs_histogram_get_max (hist), ==, 0);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 50), ==, 0);

  /* the used range starts afresh */
  vs_histogram_record (hist, 700);
  vs_histogram_record (small, 700);
  g_assert_true (vs_histogram_equal (hist, small));
  g_assert_cmpint (vs_histogram_get_min (hist), ==, 700);
  g_assert_cmpint (vs_histogram_get_percentile (hist, 1), ==, 700);
}

static void
assert_round_trip (const VsHistogram *hist)
{
  g_autoptr(GBytes) bytes = vs_histogram_serialize (hist);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(VsHistogram) copy = NULL;
  g_autoptr(VsHistogram) from_text = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  copy = vs_histogram_deserialize (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_true (vs_histogram_equal (hist, copy));
  g_assert_cmpfloat (vs_histogram_get_mean (hist), ==, vs_histogram_get_mean (copy));

  again = vs_histogram_serialize (copy);
  g_assert_true (g_bytes_equal (bytes, again));

  text = vs_histogram_to_base64 (hist);
  from_text = vs_histogram_from_base64 (text, &error);
  g_assert_no_error (error);
  g_assert_true (vs_histogram_equal (hist, from_text));
}

static void
test_serialize_round_trip (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autofree gint64 *values = g_new (gint64, 200000);
  Distribution dist;

  assert_round_trip (hist);

  vs_histogram_record (hist, 1);
  assert_round_trip (hist);

  vs_histogram_reset (hist);
  vs_histogram_record_n (hist, VS_HISTOGRAM_HIGHEST_US, G_MAXUINT64);
  assert_round_trip (hist);

  for (dist = DIST_UNIFORM; dist <= DIST_OUTLIERS; dist++)
    {
      vs_histogram_reset (hist);
      fill (hist, values, 200000, dist, 8 + dist);
      assert_round_trip (hist);
    }
}

static void
test_serialize_size (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  guint i;

  /* A typical latency histogram: 2 ms ± 200 µs over a million requests,
   * a few hundred non-empty buckets. */
  for (i = 0; i < N_SAMPLES / 4; i++)
    vs_histogram_record_n (hist, (gint64) llround (2000.0 + 200.0 * rand_normal (rand)), 4);

  bytes = vs_histogram_serialize (hist);
  text = vs_histogram_to_base64 (hist);
  g_test_message ("serialized: %" G_GSIZE_FORMAT " bytes, base64 %" G_GSIZE_FORMAT,
                  g_bytes_get_size (bytes), strlen (text));
  g_assert_cmpuint (g_bytes_get_size (bytes), <=, 4096);

  /* empty: the bare header */
  vs_histogram_reset (hist);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = vs_histogram_serialize (hist);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 44);
}

static void
append_varint (GByteArray *array,
               guint64     v)
{
  guint8 byte;

  while (v >= 0x80)
    {
      byte = (guint8) (v | 0x80);
      g_byte_array_append (array, &byte, 1);
      v >>= 7;
    }
  byte = (guint8) v;
  g_byte_array_append (array, &byte, 1);
}

static void
put_le (guint8  *p,
        guint64  v,
        guint    size)
{
  guint i;

  for (i = 0; i < size; i++)
    p[i] = (guint8) (v >> (8 * i));
}

/* A version 1 blob with the given header fields and payload. */
static GBytes *
make_blob (guint64       total,
           guint64       clamped,
           gint64        min,
           gint64        max,
           const guint8 *payload,
           gsize         payload_size)
{
  guint8 header[44] = { 'V', 'S', 'H', 'G' };
  GByteArray *array = g_byte_array_new ();

  put_le (header + 4, 1, 2);
  header[6] = 10;
  header[7] = 0;
  put_le (header + 8, payload_size, 4);
  put_le (header + 12, total, 8);
  put_le (header + 20, clamped, 8);
  put_le (header + 28, (guint64) min, 8);
  put_le (header + 36, (guint64) max, 8);
  g_byte_array_append (array, header, sizeof header);
  g_byte_array_append (array, payload, payload_size);

  return g_byte_array_free_to_bytes (array);
}

static GBytes *
make_blob_with_buckets (guint64        total,
                        gint64         min,
                        gint64         max,
                        const guint64 *pairs,
                        gsize          n_pairs)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  gsize i;

  for (i = 0; i < 2 * n_pairs; i++)
    append_varint (payload, pairs[i]);

  return make_blob (total, 0, min, max, payload->data, payload->len);
}

static void
assert_refused (GBytes     *bytes,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsHistogram) hist = NULL;

  hist = vs_histogram_deserialize (bytes, &error);
  g_assert_null (hist);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("error “%s” does not mention “%s”", error->message, message_part);
}

static void
assert_accepted (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsHistogram) hist = NULL;

  hist = vs_histogram_deserialize (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hist);
}

static GBytes *
patched (GBytes *bytes,
         gsize   offset,
         guint64 value,
         guint   size)
{
  gsize len;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &len);

  g_assert_cmpuint (offset + size, <=, len);
  put_le (data + offset, value, size);

  return g_bytes_new_take (data, len);
}

static void
test_serialize_bad_input (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autoptr(GBytes) valid = NULL;
  const guint8 *valid_data;
  gsize valid_size;
  gsize len;

  vs_histogram_record (hist, 3);
  vs_histogram_record (hist, 1500);
  vs_histogram_record_n (hist, 70000, 1000);
  vs_histogram_record (hist, VS_HISTOGRAM_HIGHEST_US + 5);
  valid = vs_histogram_serialize (hist);
  valid_data = g_bytes_get_data (valid, &valid_size);
  assert_accepted (valid);

  /* empty */
  {
    g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

    assert_refused (empty, "empty");
  }

  /* truncated at every length */
  for (len = 1; len < valid_size; len++)
    {
      g_autoptr(GBytes) prefix = g_bytes_new_from_bytes (valid, 0, len);

      assert_refused (prefix, "truncated");
    }

  /* trailing garbage */
  {
    g_autoptr(GByteArray) array = g_byte_array_new ();
    g_autoptr(GBytes) longer = NULL;

    g_byte_array_append (array, valid_data, valid_size);
    g_byte_array_append (array, (const guint8 *) "x", 1);
    longer = g_bytes_new (array->data, array->len);
    assert_refused (longer, "trailing");
  }

  /* wrong magic, also in a short prefix */
  {
    g_autoptr(GBytes) bad = patched (valid, 0, 'X', 1);
    g_autoptr(GBytes) bad_short = g_bytes_new ("VSX", 3);
    g_autoptr(GBytes) text = g_bytes_new ("{\"hello\": 1}", 12);

    assert_refused (bad, "magic");
    assert_refused (bad_short, "magic");
    assert_refused (text, "magic");
  }

  /* wrong version: reported even when the rest is missing */
  {
    g_autoptr(GBytes) bad = patched (valid, 4, 7, 2);
    g_autoptr(GBytes) bad_short = g_bytes_new ("VSHG\x07\x00", 6);

    assert_refused (bad, "unknown histogram format version 7");
    assert_refused (bad_short, "unknown histogram format version 7");
  }

  /* other bucket layout */
  {
    g_autoptr(GBytes) bad = patched (valid, 6, 11, 1);
    g_autoptr(GBytes) bad2 = patched (valid, 7, 1, 1);

    assert_refused (bad, "layout");
    assert_refused (bad2, "layout");
  }

  /* payload size disagreeing with the data */
  {
    g_autoptr(GBytes) bad = patched (valid, 8, valid_size - 44 + 1, 4);
    g_autoptr(GBytes) bad2 = patched (valid, 8, valid_size - 44 - 1, 4);
    g_autoptr(GBytes) bad3 = patched (valid, 8, G_MAXUINT32, 4);

    assert_refused (bad, "truncated");
    assert_refused (bad2, "trailing");
    assert_refused (bad3, "truncated");
  }

  /* total count mismatch */
  {
    g_autoptr(GBytes) more = patched (valid, 12, 1004, 8);
    g_autoptr(GBytes) less = patched (valid, 12, 1002, 8);
    g_autoptr(GBytes) zero = patched (valid, 12, 0, 8);

    assert_refused (more, "total count does not match buckets");
    assert_refused (less, "total count does not match buckets");
    assert_refused (zero, "total count does not match buckets");
  }

  /* clamped count above total */
  {
    g_autoptr(GBytes) bad = patched (valid, 20, 1004, 8);

    assert_refused (bad, "clamped");
  }

  /* minimum and maximum inconsistent with the buckets */
  {
    g_autoptr(GBytes) min_bucket = patched (valid, 28, 4, 8);
    g_autoptr(GBytes) min_zero = patched (valid, 28, 0, 8);
    g_autoptr(GBytes) min_negative = patched (valid, 28, (guint64) -3, 8);
    g_autoptr(GBytes) max_bucket = patched (valid, 36, VS_HISTOGRAM_HIGHEST_US - 10000000, 8);
    g_autoptr(GBytes) max_high = patched (valid, 36, VS_HISTOGRAM_HIGHEST_US + 1, 8);
    g_autoptr(GBytes) max_huge = patched (valid, 36, G_MAXUINT64, 8);

    assert_refused (min_bucket, "minimum");
    assert_refused (min_zero, "minimum");
    assert_refused (min_negative, "minimum");
    assert_refused (max_bucket, "maximum");
    assert_refused (max_high, "maximum");
    assert_refused (max_huge, "maximum");
  }

  /* hand-made payloads: (gap, count) pairs */
  {
    const guint64 last[] = { LAST_INDEX - 1, 1 };
    const guint64 beyond[] = { LAST_INDEX, 1 };
    const guint64 beyond_huge[] = { G_MAXUINT64, 1 };
    const guint64 beyond_second[] = { 5, 1, LAST_INDEX - 6, 1 };
    const guint64 zero_count[] = { 5, 0 };
    const guint64 overflow[] = { 1, G_MAXUINT64, 0, 2 };
    const guint64 two[] = { 4, 2, 0, 3 };
    g_autoptr(GBytes) ok_last = make_blob_with_buckets (1, VS_HISTOGRAM_HIGHEST_US,
                                                        VS_HISTOGRAM_HIGHEST_US, last, 1);
    g_autoptr(GBytes) bad_beyond = make_blob_with_buckets (1, 1, 1, beyond, 1);
    g_autoptr(GBytes) bad_huge = make_blob_with_buckets (1, 1, 1, beyond_huge, 1);
    g_autoptr(GBytes) bad_second = make_blob_with_buckets (2, 6, 6, beyond_second, 2);
    g_autoptr(GBytes) bad_zero = make_blob_with_buckets (0, 0, 0, zero_count, 1);
    g_autoptr(GBytes) bad_overflow = make_blob_with_buckets (1, 2, 3, overflow, 2);
    g_autoptr(GBytes) ok_two = make_blob_with_buckets (5, 5, 6, two, 2);
    g_autoptr(GBytes) bad_two_min = make_blob_with_buckets (5, 4, 6, two, 2);
    g_autoptr(GBytes) bad_empty_min = make_blob (0, 0, 1, 0, NULL, 0);
    g_autoptr(GBytes) bad_empty_clamped = make_blob (0, 1, 0, 0, NULL, 0);
    g_autoptr(GBytes) ok_empty = make_blob (0, 0, 0, 0, NULL, 0);
    const guint8 overlong[] = { 0x85, 0x00, 0x01 };
    const guint8 too_long[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01 };
    const guint8 cut[] = { 0x05, 0x81 };
    g_autoptr(GBytes) bad_overlong = make_blob (1, 0, 5, 5, overlong, sizeof overlong);
    g_autoptr(GBytes) bad_too_long = make_blob (1, 0, 5, 5, too_long, sizeof too_long);
    g_autoptr(GBytes) bad_cut = make_blob (1, 0, 6, 6, cut, sizeof cut);
    g_autoptr(VsHistogram) h = NULL;

    assert_accepted (ok_last);
    assert_refused (bad_beyond, "bucket index out of range");
    assert_refused (bad_huge, "bucket index out of range");
    assert_refused (bad_second, "bucket index out of range");
    assert_refused (bad_zero, "empty bucket");
    assert_refused (bad_overflow, "overflow");
    assert_refused (bad_two_min, "minimum");
    assert_refused (bad_empty_min, "minimum");
    assert_refused (bad_empty_clamped, "clamped");
    assert_accepted (ok_empty);
    assert_refused (bad_overlong, "malformed");
    assert_refused (bad_too_long, "malformed");
    assert_refused (bad_cut, "truncated");

    h = vs_histogram_deserialize (ok_two, NULL);
    g_assert_nonnull (h);
    g_assert_cmpuint (vs_histogram_get_count (h), ==, 5);
    g_assert_cmpint (vs_histogram_get_percentile (h, 40), ==, 5);
    g_assert_cmpint (vs_histogram_get_percentile (h, 50), ==, 6);
  }
}

/* Random damage to a valid blob: refused with VS_ERROR_INVALID_DATA or,
 * if accepted, canonical (it serializes back to the same bytes). */
static void
test_serialize_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autofree gint64 *values = g_new (gint64, 2000);
  g_autoptr(GBytes) valid = NULL;
  const guint8 *valid_data;
  gsize valid_size;
  guint accepted = 0;
  guint i;

  fill (hist, values, 2000, DIST_OUTLIERS, 11);
  valid = vs_histogram_serialize (hist);
  valid_data = g_bytes_get_data (valid, &valid_size);

  for (i = 0; i < 20000; i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(VsHistogram) result = NULL;
      g_autoptr(GError) error = NULL;
      guint8 *data = g_memdup2 (valid_data, valid_size);
      gsize size = valid_size;
      guint n_changes = g_rand_int_range (rand, 1, 4);
      guint j;

      for (j = 0; j < n_changes; j++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) size);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              data[at] ^= (guint8) (1 << g_rand_int_range (rand, 0, 8));
              break;
            case 1:
              data[at] = (guint8) g_rand_int_range (rand, 0, 256);
              break;
            case 2:
              size = at;
              break;
            default:
              /* drop one byte */
              memmove (data + at, data + at + 1, size - at - 1);
              size--;
              break;
            }

          if (size == 0)
            break;
        }

      bytes = g_bytes_new_take (data, size);
      result = vs_histogram_deserialize (bytes, &error);

      if (result != NULL)
        {
          g_autoptr(GBytes) again = vs_histogram_serialize (result);
          g_autofree char *hgrm = vs_histogram_to_hgrm (result, 1000.0, 5);

          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (bytes, again));
          g_assert_cmpint (vs_histogram_get_percentile (result, 99), <=,
                           vs_histogram_get_max (result));
          g_assert_true (g_str_has_suffix (hgrm, "SubBuckets     =         2048]\n"));
          accepted++;
        }
      else
        {
          g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
        }
    }

  g_test_message ("%u of 20000 mutations accepted", accepted);
}

static void
test_base64 (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autofree char *text = NULL;
  g_autoptr(VsHistogram) back = NULL;
  g_autoptr(GError) error = NULL;
  const char *garbage[] = {
    "!!!!",
    "abc",
    "VlNI Rw==",
    "VlNIRw=A",
    "VlN=Rw==",
    "VlNIR===",
    "=VNI",
    "VlNIRw==\n",
  };
  gsize i;

  vs_histogram_record (hist, 42);
  vs_histogram_record (hist, 4242424);
  text = vs_histogram_to_base64 (hist);
  g_assert_true (g_str_has_prefix (text, "VlNIRw"));  /* "VSHG" */

  back = vs_histogram_from_base64 (text, &error);
  g_assert_no_error (error);
  g_assert_true (vs_histogram_equal (hist, back));

  for (i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(VsHistogram) bad = vs_histogram_from_base64 (garbage[i], &error);

      g_assert_null (bad);
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "base64"));
      g_clear_error (&error);
    }

  /* valid base64 of bad data, of nothing, and of a truncated histogram */
  {
    g_autoptr(VsHistogram) bad = vs_histogram_from_base64 ("AAAA", &error);

    g_assert_null (bad);
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "magic"));
    g_clear_error (&error);
  }
  {
    g_autoptr(VsHistogram) bad = vs_histogram_from_base64 ("", &error);

    g_assert_null (bad);
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "empty"));
    g_clear_error (&error);
  }
  {
    g_autofree char *cut = g_strndup (text, 40);
    g_autoptr(VsHistogram) bad = vs_histogram_from_base64 (cut, &error);

    g_assert_null (bad);
    g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "truncated"));
    g_clear_error (&error);
  }
}

/* The reference output of HdrHistogram (outputPercentileDistribution with
 * 5 ticks per half distance and a scaling ratio of 1) for the values
 * 1 … 100, recorded once each. */
static const char hgrm_1_to_100[] =
  "       Value     Percentile TotalCount 1/(1-Percentile)\n"
  "\n"
  "       1.000 0.000000000000          1           1.00\n"
  "      10.000 0.100000000000         10           1.11\n"
  "      20.000 0.200000000000         20           1.25\n"
  "      30.000 0.300000000000         30           1.43\n"
  "      40.000 0.400000000000         40           1.67\n"
  "      50.000 0.500000000000         50           2.00\n"
  "      55.000 0.550000000000         55           2.22\n"
  "      60.000 0.600000000000         60           2.50\n"
  "      65.000 0.650000000000         65           2.86\n"
  "      70.000 0.700000000000         70           3.33\n"
  "      75.000 0.750000000000         75           4.00\n"
  "      78.000 0.775000000000         78           4.44\n"
  "      80.000 0.800000000000         80           5.00\n"
  "      83.000 0.825000000000         83           5.71\n"
  "      85.000 0.850000000000         85           6.67\n"
  "      88.000 0.875000000000         88           8.00\n"
  "      89.000 0.887500000000         89           8.89\n"
  "      90.000 0.900000000000         90          10.00\n"
  "      92.000 0.912500000000         92          11.43\n"
  "      93.000 0.925000000000         93          13.33\n"
  "      94.000 0.937500000000         94          16.00\n"
  "      95.000 0.943750000000         95          17.78\n"
  "      95.000 0.950000000000         95          20.00\n"
  "      96.000 0.956250000000         96          22.86\n"
  "      97.000 0.962500000000         97          26.67\n"
  "      97.000 0.968750000000         97          32.00\n"
  "      98.000 0.971875000000         98          35.56\n"
  "      98.000 0.975000000000         98          40.00\n"
  "      98.000 0.978125000000         98          45.71\n"
  "      99.000 0.981250000000         99          53.33\n"
  "      99.000 0.984375000000         99          64.00\n"
  "      99.000 0.985937500000         99          71.11\n"
  "      99.000 0.987500000000         99          80.00\n"
  "      99.000 0.989062500000         99          91.43\n"
  "     100.000 0.990625000000        100         106.67\n"
  "     100.000 1.000000000000        100\n"
  "#[Mean    =       50.500, StdDeviation   =       28.866]\n"
  "#[Max     =      100.000, Total count    =          100]\n"
  "#[Buckets =           22, SubBuckets     =         2048]\n";

static void
test_hgrm_reference (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autofree char *hgrm = NULL;
  g_autofree char *hgrm_default = NULL;
  gint64 v;

  for (v = 1; v <= 100; v++)
    vs_histogram_record (hist, v);

  hgrm = vs_histogram_to_hgrm (hist, 1.0, 5);
  g_assert_cmpstr (hgrm, ==, hgrm_1_to_100);

  /* 0 ticks means the default, 5 */
  hgrm_default = vs_histogram_to_hgrm (hist, 1.0, 0);
  g_assert_cmpstr (hgrm_default, ==, hgrm_1_to_100);
}

static void
test_hgrm_structure (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autofree gint64 *values = g_new (gint64, 100000);
  g_autofree char *hgrm = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *expected_max = NULL;
  char last_row_prefix[G_ASCII_DTOSTR_BUF_SIZE];
  guint n_lines;
  guint n_rows;
  double previous_value = 0.0;
  double previous_percentile = -1.0;
  guint64 previous_count = 0;
  double last_value = 0.0;
  guint i;

  fill (hist, values, 100000, DIST_LOG_NORMAL, 12);
  hgrm = vs_histogram_to_hgrm (hist, 1000.0, 5);
  lines = g_strsplit (hgrm, "\n", -1);
  n_lines = g_strv_length (lines);

  g_assert_cmpuint (n_lines, >, 6);
  g_assert_cmpstr (lines[0], ==, "       Value     Percentile TotalCount 1/(1-Percentile)");
  g_assert_cmpstr (lines[1], ==, "");
  g_assert_cmpstr (lines[n_lines - 1], ==, "");  /* ends with a newline */
  g_assert_true (g_str_has_prefix (lines[n_lines - 4], "#[Mean    = "));
  g_assert_true (g_str_has_prefix (lines[n_lines - 3], "#[Max     = "));
  g_assert_cmpstr (lines[n_lines - 2], ==,
                   "#[Buckets =           22, SubBuckets     =         2048]");

  g_ascii_formatd (last_row_prefix, sizeof last_row_prefix, "%12.3f",
                   (double) vs_histogram_get_max (hist) / 1000.0);
  expected_max = g_strdup_printf ("#[Max     = %s, Total count    = %12u]",
                                  last_row_prefix, 100000);
  g_assert_cmpstr (lines[n_lines - 3], ==, expected_max);

  n_rows = n_lines - 6;
  /* 5 ticks per half distance: 5 rows per halving of the distance to
   * 100 % (fewer where buckets are sparse), down to 1 / 100000 */
  g_assert_cmpuint (n_rows, >=, 60);
  g_assert_cmpuint (n_rows, <=, 5 * 18 + 2);

  for (i = 2; i < 2 + n_rows; i++)
    {
      g_autofree char *row = g_strstrip (g_strdup (lines[i]));
      g_auto(GStrv) fields = g_strsplit_set (row, " ", -1);
      g_autoptr(GPtrArray) columns = g_ptr_array_new ();
      double value, percentile;
      guint64 count;
      guint j;

      for (j = 0; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          g_ptr_array_add (columns, fields[j]);

      value = g_ascii_strtod (columns->pdata[0], NULL);
      percentile = g_ascii_strtod (columns->pdata[1], NULL);
      count = g_ascii_strtoull (columns->pdata[2], NULL, 10);

      g_assert_cmpfloat (value, >=, previous_value);
      g_assert_cmpfloat (percentile, >, previous_percentile);
      g_assert_cmpuint (count, >=, previous_count);
      g_assert_cmpuint (count, <=, 100000);

      if (i + 1 < 2 + n_rows)
        {
          double inverse = g_ascii_strtod (columns->pdata[3], NULL);

          g_assert_cmpuint (columns->len, ==, 4);
          g_assert_cmpfloat_with_epsilon (inverse, 1.0 / (1.0 - percentile), 0.01 + inverse * 1e-9);
        }
      else
        {
          g_assert_cmpuint (columns->len, ==, 3);
          g_assert_cmpfloat (percentile, ==, 1.0);
          g_assert_cmpuint (count, ==, 100000);
        }

      previous_value = value;
      previous_percentile = percentile;
      previous_count = count;
      last_value = value;
    }

  g_assert_cmpfloat_with_epsilon (last_value, (double) vs_histogram_get_max (hist) / 1000.0,
                                  0.0005);
  g_ascii_formatd (last_row_prefix, sizeof last_row_prefix, "%12.3f",
                   (double) vs_histogram_get_max (hist) / 1000.0);
  g_assert_true (g_str_has_prefix (lines[n_rows + 1], last_row_prefix));

  /* the first row is the lowest bucket at percentile 0 */
  g_assert_true (strstr (lines[2], " 0.000000000000 ") != NULL);

  /* more ticks, more rows */
  {
    g_autofree char *fine = vs_histogram_to_hgrm (hist, 1000.0, 20);
    g_auto(GStrv) fine_lines = g_strsplit (fine, "\n", -1);

    g_assert_cmpuint (g_strv_length (fine_lines), >, n_lines + 2 * n_rows);
  }
}

static void
test_hgrm_locale_independent (void)
{
  g_autoptr(VsHistogram) hist = vs_histogram_new ();
  g_autofree char *hgrm = NULL;

  /* whatever the locale, a '.' decimal separator */
  setlocale (LC_NUMERIC, "de_DE.UTF-8");
  vs_histogram_record (hist, 1500);
  hgrm = vs_histogram_to_hgrm (hist, 1000.0, 5);
  setlocale (LC_NUMERIC, "C");

  g_assert_nonnull (strstr (hgrm, "       1.500 0.000000000000          1           1.00\n"));
  g_assert_nonnull (strstr (hgrm, "       1.500 1.000000000000          1\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/histogram/empty", test_empty);
  g_test_add_func ("/histogram/record-basic", test_record_basic);
  g_test_add_func ("/histogram/clamping", test_clamping);
  g_test_add_func ("/histogram/small-values-exact", test_small_values_exact);
  g_test_add_func ("/histogram/precision", test_precision);
  g_test_add_func ("/histogram/distribution/uniform", test_distribution_uniform);
  g_test_add_func ("/histogram/distribution/log-normal", test_distribution_log_normal);
  g_test_add_func ("/histogram/distribution/bimodal", test_distribution_bimodal);
  g_test_add_func ("/histogram/distribution/outliers", test_distribution_outliers);
  g_test_add_func ("/histogram/merge", test_merge);
  g_test_add_func ("/histogram/merge-ranges", test_merge_ranges);
  g_test_add_func ("/histogram/copy-equal", test_copy_equal);
  g_test_add_func ("/histogram/compact-copy", test_compact_copy);
  g_test_add_func ("/histogram/reset", test_reset);
  g_test_add_func ("/histogram/serialize/round-trip", test_serialize_round_trip);
  g_test_add_func ("/histogram/serialize/size", test_serialize_size);
  g_test_add_func ("/histogram/serialize/bad-input", test_serialize_bad_input);
  g_test_add_func ("/histogram/serialize/mutations", test_serialize_mutations);
  g_test_add_func ("/histogram/base64", test_base64);
  g_test_add_func ("/histogram/hgrm/reference", test_hgrm_reference);
  g_test_add_func ("/histogram/hgrm/structure", test_hgrm_structure);
  g_test_add_func ("/histogram/hgrm/locale", test_hgrm_locale_independent);

  return g_test_run ();
}
