/* vs-gui-util.h — small helpers shared by the views
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The text of a GtkEditable without surrounding spaces (free it). */
char *vs_editable_get_stripped_text  (gpointer       editable);
/* A spin button whose 0 reads "Auto" (typing "auto" or nothing gives 0),
 * for values where 0 means "choose for me"; accepts 0 … @max. */
void  vs_spin_button_set_zero_is_auto (GtkSpinButton *spin,
                                       guint          max);
/* A span of time as people read it: "45 s", "1 min 30 s", "2 h 5 min" */
char *vs_format_span                  (gint64         usec);

G_END_DECLS
