/* test-chart-scale.c — the charts' arithmetic, without a display: scales,
 * ticks, number formats, decimation (src/core/vs-chart-scale.c)
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vs-chart-scale.h"

/* Helpers ------------------------------------------------------------------ */

static void
assert_ticks (GArray     *ticks,
              const char *expected)   /* "label|label|…" */
{
  g_auto(GStrv) labels = g_strsplit (expected, "|", -1);
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < ticks->len; i++)
    {
      if (i > 0)
        g_string_append_c (got, '|');
      g_string_append (got, g_array_index (ticks, VsChartTick, i).label);
    }
  g_assert_cmpstr (got->str, ==, expected);
  g_assert_cmpuint (ticks->len, ==, g_strv_length (labels));
}

static void
assert_format (double      value,
               VsUnit      unit,
               const char *expected)
{
  g_autofree char *got = vs_chart_format_value (value, unit);

  g_assert_cmpstr (got, ==, expected);
}

/* Tests -------------------------------------------------------------------- */

static void
test_map (void)
{
  /* linear */
  g_assert_cmpfloat_with_epsilon (vs_chart_map (0, 0, 100, 200, FALSE, FALSE), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (50, 0, 100, 200, FALSE, FALSE), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (100, 0, 100, 200, FALSE, FALSE), 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (-5, -10, 10, 40, FALSE, FALSE), 10, 1e-9);

  /* flipped: y grows downwards on screen */
  g_assert_cmpfloat_with_epsilon (vs_chart_map (0, 0, 100, 200, FALSE, TRUE), 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (100, 0, 100, 200, FALSE, TRUE), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (25, 0, 100, 200, FALSE, TRUE), 150, 1e-9);

  /* logarithmic */
  g_assert_cmpfloat_with_epsilon (vs_chart_map (1, 1, 1000, 300, TRUE, FALSE), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (10, 1, 1000, 300, TRUE, FALSE), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (100, 1, 1000, 300, TRUE, FALSE), 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (100, 1, 1000, 300, TRUE, TRUE), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (0.5, 0.1, 10, 100, TRUE, FALSE),
                                  50 * log10 (5), 1e-9);

  /* clamped to the axis */
  g_assert_cmpfloat_with_epsilon (vs_chart_map (150, 0, 100, 200, FALSE, FALSE), 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (-50, 0, 100, 200, FALSE, FALSE), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (-50, 0, 100, 200, FALSE, TRUE), 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (INFINITY, 0, 100, 200, FALSE, FALSE), 200, 1e-9);
  /* log of 0 or less: the bottom of the axis */
  g_assert_cmpfloat_with_epsilon (vs_chart_map (0, 1, 100, 200, TRUE, FALSE), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (-3, 1, 100, 200, TRUE, TRUE), 200, 1e-9);

  /* degenerate axes: the middle */
  g_assert_cmpfloat_with_epsilon (vs_chart_map (5, 5, 5, 200, FALSE, FALSE), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (7, 5, 5, 200, FALSE, TRUE), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (3, 0, 10, 200, TRUE, FALSE), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_map (3, NAN, 10, 200, FALSE, FALSE), 100, 1e-9);
  g_assert_true (isnan (vs_chart_map (NAN, 0, 10, 200, FALSE, FALSE)));
}

static void
test_nice_ticks (void)
{
  GArray *ticks;

  ticks = vs_chart_nice_ticks (0, 97, 6, VS_UNIT_NONE);
  assert_ticks (ticks, "0|20|40|60|80|100");
  g_assert_cmpfloat (g_array_index (ticks, VsChartTick, 5).value, ==, 100);
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_nice_ticks (0, 1, 6, VS_UNIT_NONE);
  assert_ticks (ticks, "0|0.2|0.4|0.6|0.8|1");
  /* values as exact as a literal: 0.6, not 0.6000000000000001 */
  g_assert_cmpfloat (g_array_index (ticks, VsChartTick, 3).value, ==, 0.6);
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_nice_ticks (3, 7, 6, VS_UNIT_NONE);
  assert_ticks (ticks, "3|4|5|6|7");
  vs_chart_ticks_free (ticks);

  /* 2.5 steps */
  ticks = vs_chart_nice_ticks (0, 97, 5, VS_UNIT_NONE);
  assert_ticks (ticks, "0|25|50|75|100");
  vs_chart_ticks_free (ticks);

  /* arguments the other way round */
  ticks = vs_chart_nice_ticks (7, 3, 6, VS_UNIT_NONE);
  assert_ticks (ticks, "3|4|5|6|7");
  vs_chart_ticks_free (ticks);

  /* huge and small */
  ticks = vs_chart_nice_ticks (0, 3.2e9, 5, VS_UNIT_BYTES);
  assert_ticks (ticks, "0 B|1 GB|2 GB|3 GB|4 GB");
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_nice_ticks (0.0001, 0.00047, 5, VS_UNIT_NONE);
  assert_ticks (ticks, "0.0001|0.0002|0.0003|0.0004|0.0005");
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_nice_ticks (0, 23456, 6, VS_UNIT_REQUESTS_PER_S);
  assert_ticks (ticks, "0 req/s|5k req/s|10k req/s|15k req/s|20k req/s|25k req/s");
  vs_chart_ticks_free (ticks);

  /* negative */
  ticks = vs_chart_nice_ticks (-4, 9, 6, VS_UNIT_NONE);
  assert_ticks (ticks, "−5|0|5|10");
  vs_chart_ticks_free (ticks);

  /* min == max is widened */
  ticks = vs_chart_nice_ticks (0, 0, 6, VS_UNIT_NONE);
  assert_ticks (ticks, "0|0.2|0.4|0.6|0.8|1");
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_nice_ticks (50, 50, 6, VS_UNIT_PERCENT);
  g_assert_cmpuint (ticks->len, >=, 2);
  g_assert_cmpfloat (g_array_index (ticks, VsChartTick, 0).value, <, 50);
  g_assert_cmpfloat (g_array_index (ticks, VsChartTick, ticks->len - 1).value, >, 50);
  vs_chart_ticks_free (ticks);

  /* durations step in minutes */
  ticks = vs_chart_nice_ticks (0, 3600, 8, VS_UNIT_SECONDS);
  assert_ticks (ticks, "0 s|10 min|20 min|30 min|40 min|50 min|1 h");
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_nice_ticks (0, 57, 5, VS_UNIT_SECONDS);
  assert_ticks (ticks, "0 s|20 s|40 s|1 min");
  vs_chart_ticks_free (ticks);

  /* two ticks are enough on one side of 0; across it, three */
  ticks = vs_chart_nice_ticks (3, 7, 2, VS_UNIT_NONE);
  assert_ticks (ticks, "0|10");
  vs_chart_ticks_free (ticks);
  ticks = vs_chart_nice_ticks (-3, 7, 2, VS_UNIT_NONE);
  assert_ticks (ticks, "−10|0|10");
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_nice_ticks (NAN, 1, 5, VS_UNIT_NONE);
  g_assert_cmpuint (ticks->len, ==, 0);
  vs_chart_ticks_free (ticks);
  vs_chart_ticks_free (NULL);
}

/* Over many ranges: at most max_ticks, covering the range, evenly spaced. */
static void
test_nice_ticks_properties (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 2000; i++)
    {
      double scale = pow (10, g_rand_double_range (rand, -6, 12));
      double a = g_rand_double_range (rand, -1, 1) * scale;
      double b = a + g_rand_double_range (rand, 0.001, 2) * scale;
      guint max_ticks = g_rand_int_range (rand, 2, 12);
      VsUnit unit = g_rand_int_range (rand, VS_UNIT_NONE, VS_UNIT_BYTES + 1);
      GArray *ticks = vs_chart_nice_ticks (a, b, max_ticks, unit);
      double step;

      g_assert_cmpuint (ticks->len, >=, 2);
      g_assert_cmpuint (ticks->len, <=, MAX (max_ticks, a < 0 && b > 0 ? 3 : 2));
      g_assert_cmpfloat (g_array_index (ticks, VsChartTick, 0).value, <=, a + fabs (a) * 1e-9);
      g_assert_cmpfloat (g_array_index (ticks, VsChartTick, ticks->len - 1).value, >=,
                         b - fabs (b) * 1e-9);
      step = g_array_index (ticks, VsChartTick, 1).value -
             g_array_index (ticks, VsChartTick, 0).value;
      for (guint j = 1; j < ticks->len; j++)
        {
          const VsChartTick *t = &g_array_index (ticks, VsChartTick, j);

          g_assert_cmpfloat_with_epsilon (t->value - (t - 1)->value, step, step * 1e-6);
          g_assert_nonnull (t->label);
        }
      vs_chart_ticks_free (ticks);
    }
}

static void
test_log_ticks (void)
{
  GArray *ticks;

  ticks = vs_chart_log_ticks (0.13, 870, VS_UNIT_MILLISECONDS);
  assert_ticks (ticks, "100 µs|1 ms|10 ms|100 ms|1 s");
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_log_ticks (1, 80, VS_UNIT_NONE);
  assert_ticks (ticks, "1|2|5|10|20|50|100");
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_log_ticks (10, 10, VS_UNIT_NONE);
  assert_ticks (ticks, "10|20|50|100");
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_log_ticks (0, 10, VS_UNIT_NONE);
  g_assert_cmpuint (ticks->len, ==, 0);
  vs_chart_ticks_free (ticks);
}

static void
test_percentile_ticks (void)
{
  GArray *ticks;

  ticks = vs_chart_nice_ticks (0, 99.999, 10, VS_UNIT_PERCENTILE);
  assert_ticks (ticks, "0|90|99|99.9|99.99|99.999");
  g_assert_cmpfloat_with_epsilon (g_array_index (ticks, VsChartTick, 3).value, 99.9, 1e-9);
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_nice_ticks (0, 99.5, 10, VS_UNIT_PERCENTILE);
  assert_ticks (ticks, "0|90|99|99.9");
  vs_chart_ticks_free (ticks);

  ticks = vs_chart_nice_ticks (0, 50, 10, VS_UNIT_PERCENTILE);
  assert_ticks (ticks, "0|90");
  vs_chart_ticks_free (ticks);
}

static void
test_format (void)
{
  /* whole below 100k, as the results page writes them */
  assert_format (12000, VS_UNIT_REQUESTS_PER_S, "12000 req/s");
  assert_format (12345.6, VS_UNIT_REQUESTS_PER_S, "12346 req/s");
  assert_format (2253.2, VS_UNIT_REQUESTS_PER_S, "2253 req/s");
  assert_format (45.25, VS_UNIT_REQUESTS_PER_S, "45.25 req/s");
  assert_format (123456, VS_UNIT_REQUESTS_PER_S, "123.5k req/s");
  assert_format (950, VS_UNIT_REQUESTS_PER_S, "950 req/s");
  assert_format (999999, VS_UNIT_REQUESTS_PER_S, "1M req/s");
  assert_format (1.5, VS_UNIT_MILLISECONDS, "1.5 ms");
  assert_format (0.25, VS_UNIT_MILLISECONDS, "250 µs");
  assert_format (2000, VS_UNIT_MILLISECONDS, "2 s");
  assert_format (0, VS_UNIT_MILLISECONDS, "0 ms");
  assert_format (64e6, VS_UNIT_BYTES, "64 MB");
  assert_format (512, VS_UNIT_BYTES, "512 B");
  assert_format (1.5e9, VS_UNIT_BYTES, "1.5 GB");
  assert_format (50, VS_UNIT_PERCENT, "50 %");
  assert_format (12.5, VS_UNIT_PERCENT, "12.5 %");
  assert_format (99.9, VS_UNIT_PERCENTILE, "99.9");
  assert_format (99.999, VS_UNIT_PERCENTILE, "99.999");
  assert_format (50, VS_UNIT_PERCENTILE, "50");
  assert_format (0, VS_UNIT_PERCENTILE, "0");
  assert_format (10, VS_UNIT_SECONDS, "10 s");
  assert_format (60, VS_UNIT_SECONDS, "1 min");
  assert_format (90, VS_UNIT_SECONDS, "1 min 30 s");
  assert_format (3600, VS_UNIT_SECONDS, "1 h");
  assert_format (5400, VS_UNIT_SECONDS, "1 h 30 min");
  assert_format (0.25, VS_UNIT_SECONDS, "250 ms");
  assert_format (0, VS_UNIT_SECONDS, "0 s");
  assert_format (1234, VS_UNIT_NONE, "1.234k");
  assert_format (42, VS_UNIT_NONE, "42");
  assert_format (-2.5, VS_UNIT_NONE, "−2.5");
  assert_format (NAN, VS_UNIT_NONE, "–");
}

static void
test_decimate (void)
{
  const guint n = 100000, width = 500;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *ox = g_new (double, 2 * width);
  g_autofree double *oy = g_new (double, 2 * width);
  g_autofree double *col_min = g_new (double, width);
  g_autofree double *col_max = g_new (double, width);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double px[3] = { 0, 1, 2 }, py[3] = { 5, NAN, 6 };
  guint m;

  for (guint i = 0; i < width; i++)
    {
      col_min[i] = INFINITY;
      col_max[i] = -INFINITY;
    }
  for (guint i = 0; i < n; i++)
    {
      guint c;

      x[i] = i * 0.25;
      y[i] = g_rand_double_range (rand, 0, 1000) + (i % 9973 == 0 ? 1e6 : 0);
      c = MIN ((guint) (x[i] / (0.25 * (n - 1)) * width), width - 1);
      col_min[c] = MIN (col_min[c], y[i]);
      col_max[c] = MAX (col_max[c], y[i]);
    }

  m = vs_chart_decimate (x, y, n, x[0], x[n - 1], width, ox, oy);
  g_assert_cmpuint (m, <=, 2 * width);
  g_assert_cmpuint (m, >=, width);

  /* x stays sorted; each column's min and max are kept, spikes included */
  for (guint i = 1; i < m; i++)
    g_assert_cmpfloat (ox[i], >=, ox[i - 1]);
  for (guint c = 0; c < width; c++)
    {
      gboolean have_min = FALSE, have_max = FALSE;

      for (guint i = 0; i < m; i++)
        {
          guint oc = MIN ((guint) (ox[i] / (0.25 * (n - 1)) * width), width - 1);

          if (oc != c)
            continue;
          have_min |= oy[i] == col_min[c];
          have_max |= oy[i] == col_max[c];
        }
      g_assert_true (have_min);
      g_assert_true (have_max);
    }

  /* fewer points than columns: all kept */
  m = vs_chart_decimate (x, y, 100, x[0], x[99], width, ox, oy);
  g_assert_cmpuint (m, ==, 100);

  /* n = 0, n = 1, width = 0 */
  g_assert_cmpuint (vs_chart_decimate (x, y, 0, 0, 1, width, ox, oy), ==, 0);
  g_assert_cmpuint (vs_chart_decimate (NULL, NULL, 0, 0, 1, width, ox, oy), ==, 0);
  g_assert_cmpuint (vs_chart_decimate (x, y, 1, x[0], x[0], width, ox, oy), ==, 1);
  g_assert_cmpfloat (oy[0], ==, y[0]);
  g_assert_cmpuint (vs_chart_decimate (x, y, n, 0, 1, 0, ox, oy), ==, 0);

  /* NAN points are skipped */
  m = vs_chart_decimate (px, py, 3, 0, 2, 100, ox, oy);
  g_assert_cmpuint (m, ==, 2);
  g_assert_cmpfloat (oy[0], ==, 5);
  g_assert_cmpfloat (oy[1], ==, 6);

  /* points outside [x_min, x_max] are left out */
  m = vs_chart_decimate (x, y, n, 100, 200, 1000, ox, oy);
  g_assert_cmpuint (m, ==, 401);
  g_assert_cmpfloat (ox[0], ==, 100);
  g_assert_cmpfloat (ox[m - 1], ==, 200);

  /* unsorted input never overflows the output */
  for (guint i = 0; i < 10000; i++)
    x[i] = g_rand_double_range (rand, 0, 1);
  m = vs_chart_decimate (x, y, 10000, 0, 1, 50, ox, oy);
  g_assert_cmpuint (m, <=, 100);
}

static void
test_percentile_x (void)
{
  g_assert_cmpfloat_with_epsilon (vs_chart_percentile_x (0), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_percentile_x (50), log10 (2), 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_percentile_x (90), 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_percentile_x (99), 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_percentile_x (99.9), 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_percentile_x (99.99), 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (vs_chart_percentile_x (99.999), 5, 1e-8);
  /* the maximum does not go to infinity */
  g_assert_cmpfloat (vs_chart_percentile_x (100), ==, 7);
  g_assert_cmpfloat (vs_chart_percentile_x (-1), ==, 0);
  g_assert_true (vs_chart_percentile_x (99.9) < vs_chart_percentile_x (99.91));
}

/* Widget ------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  /* labels are checked with a '.' decimal point: the C locale */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-scale/map", test_map);
  g_test_add_func ("/chart-scale/ticks/nice", test_nice_ticks);
  g_test_add_func ("/chart-scale/ticks/nice-properties", test_nice_ticks_properties);
  g_test_add_func ("/chart-scale/ticks/log", test_log_ticks);
  g_test_add_func ("/chart-scale/ticks/percentile", test_percentile_ticks);
  g_test_add_func ("/chart-scale/format", test_format);
  g_test_add_func ("/chart-scale/decimate", test_decimate);
  g_test_add_func ("/chart-scale/percentile-x", test_percentile_x);

  return g_test_run ();
}
