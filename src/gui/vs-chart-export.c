/* vs-chart-export.c — a chart as a PNG or SVG file, drawn as on screen
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <cairo.h>
#ifdef CAIRO_HAS_SVG_SURFACE
# include <cairo-svg.h>
#endif

#include "vs-chart.h"
#include "vs-chart-private.h"

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, G_IO_ERROR,
               status == CAIRO_STATUS_WRITE_ERROR ? G_IO_ERROR_FAILED : G_IO_ERROR_INVALID_DATA,
               _("Could not save the chart to “%s”: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
check_size (int      width,
            int      height,
            GError **error)
{
  if (width > 0 && height > 0 && width <= 32767 && height <= 32767)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Invalid chart size %d × %d"), width, height);
  return FALSE;
}

gboolean
vs_chart_save_png (VsChart     *self,
                   const char  *path,
                   int          width,
                   int          height,
                   GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (VS_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_size (width, height, error))
    return FALSE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  _vs_chart_draw (self, cr, width, height, _vs_chart_get_dark (self),
                      VS_CHART_DRAW_BACKGROUND | VS_CHART_DRAW_VECTOR);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  return check_cairo (status, path, error);
}

gboolean
vs_chart_save_svg (VsChart     *self,
                   const char  *path,
                   int          width,
                   int          height,
                   GError     **error)
{
#ifdef CAIRO_HAS_SVG_SURFACE
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (VS_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_size (width, height, error))
    return FALSE;

  surface = cairo_svg_surface_create (path, width, height);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cr = cairo_create (surface);
      _vs_chart_draw (self, cr, width, height, _vs_chart_get_dark (self),
                      VS_CHART_DRAW_BACKGROUND | VS_CHART_DRAW_VECTOR);
      status = cairo_status (cr);
      cairo_destroy (cr);
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  return check_cairo (status, path, error);
#else
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("This build of cairo cannot write SVG"));
  return FALSE;
#endif
}

