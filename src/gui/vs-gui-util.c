/* vs-gui-util.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vs-gui-util.h"

char *
vs_editable_get_stripped_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static gboolean
auto_output_cb (GtkSpinButton *spin)
{
  int value = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = value == 0 ? g_strdup (_("Auto")) : g_strdup_printf ("%d", value);

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
auto_input_cb (GtkSpinButton *spin,
               double        *new_value)
{
  g_autofree char *text = vs_editable_get_stripped_text (spin);
  guint max = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "vs-auto-max"));
  char *end = NULL;
  guint64 value;

  if (text[0] == '\0' || g_ascii_strcasecmp (text, "auto") == 0 ||
      g_utf8_collate (text, _("Auto")) == 0)
    {
      *new_value = 0;
      return TRUE;
    }

  value = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '\0' || value > max)
    return GTK_INPUT_ERROR;

  *new_value = value;
  return TRUE;
}

void
vs_spin_button_set_zero_is_auto (GtkSpinButton *spin,
                                 guint          max)
{
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  g_object_set_data (G_OBJECT (spin), "vs-auto-max", GUINT_TO_POINTER (max));
  g_signal_connect (spin, "output", G_CALLBACK (auto_output_cb), NULL);
  g_signal_connect (spin, "input", G_CALLBACK (auto_input_cb), NULL);
}

/* "1 min 30 s", "45 s", "2 h 5 min" */
char *
vs_format_span (gint64 usec)
{
  gint64 s = (MAX (usec, 0) + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;

  if (s < 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT " s", s);
  if (s < 3600)
    {
      if (s % 60 == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT " min", s / 60);
      return g_strdup_printf ("%" G_GINT64_FORMAT " min %" G_GINT64_FORMAT " s", s / 60, s % 60);
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT " h %" G_GINT64_FORMAT " min",
                          s / 3600, (s % 3600) / 60);
}
