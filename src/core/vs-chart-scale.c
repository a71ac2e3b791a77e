/* vs-chart-scale.c — the charts' arithmetic: ticks, number formats, mapping, decimation
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* No GTK here: the chart widget (src/gui/vs-chart.c) draws with these, and
 * tests/test-chart-scale.c checks them without a display. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-chart-scale.h"

/* %g without exponents in the ranges charts meet. */
static void
append_number (GString *str,
               double   value,
               int      digits)
{
  double a = fabs (value);

  if (value == 0)
    g_string_append_c (str, '0');
  else if (a >= 1e15 || a < 1e-4)
    g_string_append_printf (str, "%.*g", digits, value);
  else if (a >= pow (10, digits))
    g_string_append_printf (str, "%.0f", value);
  else
    g_string_append_printf (str, "%.*g", digits, value);
}

/* Divides by 1000 until below 1000 (after rounding to 4 digits). */
static const char *
si_prefix (double *value)
{
  static const char * const prefixes[] = { "", "k", "M", "G", "T", "P" };
  guint i = 0;

  while (fabs (*value) >= 999.95 && i + 1 < G_N_ELEMENTS (prefixes))
    {
      *value /= 1000;
      i++;
    }

  return prefixes[i];
}

static void
append_duration_s (GString *str,
                   double   s)
{
  if (s < 1)
    {
      append_number (str, s * 1000, 4);
      g_string_append (str, " ms");
    }
  else if (s < 59.95)
    {
      append_number (str, s, 3);
      g_string_append (str, " s");
    }
  else if (s < 3600 - 0.5)
    {
      double min = floor ((s + 0.05) / 60);
      double rest = s - min * 60;

      if (fabs (rest) < 0.05)
        g_string_append_printf (str, "%.0f min", min);
      else if (fabs (rest - round (rest)) < 0.05)
        g_string_append_printf (str, "%.0f min %.0f s", min, round (rest));
      else
        g_string_append_printf (str, "%.0f min %.1f s", min, MAX (rest, 0));
    }
  else
    {
      double h = floor ((s + 30) / 3600);
      double min = round ((s - h * 3600) / 60);

      if (min <= 0)
        g_string_append_printf (str, "%.0f h", h);
      else
        g_string_append_printf (str, "%.0f h %.0f min", h, min);
    }
}

/* @compact: axis ticks, "5k req/s"; otherwise a reading, "2253 req/s" */
static char *
format_value (double   value,
              VsUnit   unit,
              gboolean compact)
{
  GString *str;
  const char *prefix;
  double a;

  if (isnan (value))
    return g_strdup ("–");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");

  str = g_string_new (NULL);
  if (value < 0 && unit != VS_UNIT_PERCENTILE)
    g_string_append (str, "−");   /* U+2212, as every other figure in the window */
  a = fabs (value);

  switch (unit)
    {
    case VS_UNIT_SECONDS:
      if (a == 0)
        g_string_append (str, "0 s");
      else
        append_duration_s (str, a);
      break;

    case VS_UNIT_REQUESTS_PER_S:
      /* whole, as the results page writes them, up to 100k: "2253 req/s" */
      if (!compact && a >= 100 && a < 99999.5)
        {
          g_string_append_printf (str, "%.0f", a);
          prefix = "";
        }
      else
        {
          prefix = si_prefix (&a);
          append_number (str, a, 4);
        }
      /* Translators: after a number, an SI prefix ("k", "M" or none) and requests per
       * second: "2.5k req/s" */
      g_string_append_printf (str, _("%s req/s"), prefix);
      break;

    case VS_UNIT_MILLISECONDS:
      if (a == 0)
        g_string_append (str, "0 ms");
      else if (a < 0.99995)
        {
          append_number (str, a * 1000, 4);
          g_string_append (str, " µs");
        }
      else if (a < 999.95)
        {
          append_number (str, a, 4);
          g_string_append (str, " ms");
        }
      else
        {
          append_number (str, a / 1000, 4);
          g_string_append (str, " s");
        }
      break;

    case VS_UNIT_PERCENT:
      append_number (str, a, 4);
      g_string_append (str, " %");
      break;

    case VS_UNIT_BYTES:
      prefix = si_prefix (&a);
      append_number (str, a, 4);
      g_string_append_printf (str, " %sB", prefix);
      break;

    case VS_UNIT_PERCENTILE:
      {
        int decimals = 0;

        /* as many decimals as the nines need: 99.999, not 99.9990 */
        while (decimals < 7 &&
               fabs (round (value * pow (10, decimals)) - value * pow (10, decimals)) > 1e-6)
          decimals++;
        g_string_append_printf (str, "%.*f", decimals, value);
      }
      break;

    case VS_UNIT_NONE:
    default:
      prefix = si_prefix (&a);
      append_number (str, a, 4);
      g_string_append (str, prefix);
      break;
    }

  return g_string_free (str, FALSE);
}

char *
vs_chart_format_value (double value,
                       VsUnit unit)
{
  return format_value (value, unit, FALSE);
}

static void
tick_clear (gpointer data)
{
  VsChartTick *tick = data;

  g_clear_pointer (&tick->label, g_free);
}

/* An empty axis: its ticks' labels are freed with it. */
GArray *
vs_chart_ticks_new (void)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (VsChartTick));

  g_array_set_clear_func (ticks, tick_clear);
  return ticks;
}

static void
ticks_add (GArray *ticks,
           double  value,
           VsUnit  unit)
{
  VsChartTick tick;

  if (value == 0)
    value = 0;  /* no "-0" */
  tick.value = value;
  tick.label = format_value (value, unit, TRUE);
  g_array_append_val (ticks, tick);
}

void
vs_chart_ticks_free (GArray *ticks)
{
  if (ticks != NULL)
    g_array_unref (ticks);
}

double
vs_chart_percentile_x (double p)
{
  if (isnan (p))
    return NAN;
  if (p <= 0)
    return 0;
  /* 100 itself (the maximum) would be infinitely far: it shares the last nine */
  if (p > 100 - 100 * pow (10, -VS_CHART_MAX_NINES))
    return VS_CHART_MAX_NINES;
  return -log10 (1 - p / 100);
}

double
vs_chart_percentile_from_x (double x)
{
  return 100 - 100 * pow (10, -x);
}

/* 0, 90, 99, 99.9 … up to the first one at or past @max */
static GArray *
percentile_ticks (double min,
                  double max)
{
  GArray *ticks = vs_chart_ticks_new ();
  double top = ceil (vs_chart_percentile_x (max) - 1e-6);

  top = CLAMP (top, 1, VS_CHART_MAX_NINES);
  for (int k = 0; k <= (int) top; k++)
    {
      double p = k == 0 ? 0 : 100 - 100 / pow (10, k);

      if (vs_chart_percentile_x (p) + 1e-6 < floor (vs_chart_percentile_x (min)))
        continue;
      ticks_add (ticks, p, VS_UNIT_PERCENTILE);
    }

  return ticks;
}

/* step = mantissa × 10^exponent, computed so 0.2 × 3 prints as 0.6 */
static double
tick_value (gint64 i,
            double mantissa,
            int    exponent)
{
  if (exponent >= 0)
    return i * mantissa * pow (10, exponent);
  return i * mantissa / pow (10, -exponent);
}

static const double seconds_steps[] = {
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
};

GArray *
vs_chart_nice_ticks (double min,
                     double max,
                     guint  max_ticks,
                     VsUnit unit)
{
  static const double mantissas[] = { 1, 2, 2.5, 5 };
  GArray *ticks;
  double raw;
  gint64 lo = 0, hi = 0;
  double mantissa = 1;
  int exponent = 0;
  gboolean found = FALSE;

  if (!isfinite (min) || !isfinite (max))
    return vs_chart_ticks_new ();
  if (min > max)
    {
      double tmp = min;

      min = max;
      max = tmp;
    }

  if (unit == VS_UNIT_PERCENTILE)
    return percentile_ticks (min, max);

  /* a range across 0 needs 3 ticks at least (−step, 0, step) */
  max_ticks = MAX (max_ticks, min < 0 && max > 0 ? 3 : 2);
  if (max == min)
    {
      double d = min == 0 ? 1 : fabs (min) * 0.1;

      if (min == 0)
        max = 1;
      else
        {
          min -= d;
          max += d;
        }
    }

  raw = (max - min) / (max_ticks - 1);

  /* durations of a minute and more step in minutes and hours */
  if (unit == VS_UNIT_SECONDS && raw > 30)
    {
      for (guint i = 0; i < G_N_ELEMENTS (seconds_steps) && !found; i++)
        {
          lo = (gint64) floor (min / seconds_steps[i] + 1e-9);
          hi = (gint64) ceil (max / seconds_steps[i] - 1e-9);
          if (hi - lo + 1 <= (gint64) max_ticks)
            {
              mantissa = seconds_steps[i];
              exponent = 0;
              found = TRUE;
            }
        }
    }

  for (int e = (int) floor (log10 (raw)) - 1; !found; e++)
    {
      exponent = e;
      for (guint i = 0; i < G_N_ELEMENTS (mantissas) && !found; i++)
        {
          double step;

          /* 2.5 s is not a nice duration; 25 s neither */
          if (unit == VS_UNIT_SECONDS && mantissas[i] == 2.5)
            continue;
          step = tick_value (1, mantissas[i], exponent);
          lo = (gint64) floor (min / step + 1e-9);
          hi = (gint64) ceil (max / step - 1e-9);
          if (hi - lo + 1 <= (gint64) max_ticks)
            {
              mantissa = mantissas[i];
              found = TRUE;
            }
        }
    }

  ticks = vs_chart_ticks_new ();
  for (gint64 i = lo; i <= hi; i++)
    ticks_add (ticks, tick_value (i, mantissa, exponent), unit);

  return ticks;
}

/* Powers of ten covering [min, max] (both > 0), with 2 and 5 in between when
 * that spans at most two decades. */
GArray *
vs_chart_log_ticks (double min,
                    double max,
                    VsUnit unit)
{
  GArray *ticks = vs_chart_ticks_new ();
  int lo, hi;

  if (!(min > 0) || !(max > 0) || !isfinite (min) || !isfinite (max))
    return ticks;
  if (min > max)
    {
      double tmp = min;

      min = max;
      max = tmp;
    }

  lo = (int) floor (log10 (min) + 1e-9);
  hi = (int) ceil (log10 (max) - 1e-9);
  if (hi <= lo)
    hi = lo + 1;

  for (int k = lo; k <= hi; k++)
    {
      double decade = tick_value (1, 1, k);

      ticks_add (ticks, decade, unit);
      if (k < hi && hi - lo <= 2)
        {
          ticks_add (ticks, tick_value (2, 1, k), unit);
          ticks_add (ticks, tick_value (5, 1, k), unit);
        }
    }

  return ticks;
}

double
vs_chart_map (double   value,
              double   min,
              double   max,
              double   length,
              gboolean log,
              gboolean flip)
{
  double t;

  if (isnan (value))
    return NAN;

  if (log)
    {
      if (!(min > 0) || !(max > 0))
        return length / 2;
      value = value > 0 ? log10 (value) : -INFINITY;
      min = log10 (min);
      max = log10 (max);
    }

  if (!isfinite (min) || !isfinite (max) || min == max)
    return length / 2;

  t = (value - min) / (max - min);
  t = CLAMP (t, 0.0, 1.0);

  return flip ? (1 - t) * length : t * length;
}

guint
vs_chart_decimate (const double *x,
                   const double *y,
                   guint         n,
                   double        x_min,
                   double        x_max,
                   guint         width,
                   double       *out_x,
                   double       *out_y)
{
  guint out = 0;
  gint64 column = -1;
  guint i_min = 0, i_max = 0;
  double scale;

  if (n == 0 || width == 0 || x == NULL || y == NULL)
    return 0;
  if (isnan (x_min) || isnan (x_max) || x_max < x_min)
    return 0;

  scale = x_max > x_min ? width / (x_max - x_min) : 0;

#define FLUSH()                                                        \
  G_STMT_START {                                                       \
    if (column >= 0)                                                   \
      {                                                                \
        guint a = MIN (i_min, i_max), b = MAX (i_min, i_max);          \
        out_x[out] = x[a];                                             \
        out_y[out++] = y[a];                                           \
        if (b != a)                                                    \
          {                                                            \
            out_x[out] = x[b];                                         \
            out_y[out++] = y[b];                                       \
          }                                                            \
      }                                                                \
  } G_STMT_END

  for (guint i = 0; i < n; i++)
    {
      double xi = x[i], yi = y[i];
      gint64 c;

      if (!isfinite (xi) || !isfinite (yi) || xi < x_min || xi > x_max)
        continue;

      c = (gint64) ((xi - x_min) * scale);
      if (c >= (gint64) width)
        c = width - 1;

      if (c > column)
        {
          FLUSH ();
          column = c;
          i_min = i_max = i;
        }
      else if (c == column)
        {
          if (yi < y[i_min])
            i_min = i;
          if (yi > y[i_max])
            i_max = i;
        }
      /* else: x went backwards; skipped, which keeps one pair per column */
    }
  FLUSH ();

#undef FLUSH

  return out;
}

