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
/* A checked spin button (vs_spin_button_check_text()) whose 0 reads "Auto"
 * (typing "auto" or nothing gives 0), for values where 0 means "choose for
 * me"; its check says which numbers it accepts. */
void  vs_spin_button_set_zero_is_auto (GtkSpinButton *spin);
/* A rule for a number as typed, from core (vs_load_profile_check_connections …). */
typedef gboolean (*VsNumberCheck) (double   value,
                                   GError **error);
/* What the user types in @spin is never replaced by another number: text
 * that is not a number, or that @check refuses, stays as typed (not
 * clamped to the spin's bounds, as GtkSpinButton would) and
 * vs_spin_button_get_problem() says why; a good number is the spin's
 * value as soon as it is typed. Call before vs_spin_button_set_zero_is_auto(). */
void        vs_spin_button_check_text       (GtkSpinButton *spin,
                                             VsNumberCheck  check);
/* Why the text typed in @spin is refused (a sentence), or NULL. */
const char *vs_spin_button_get_problem      (GtkSpinButton *spin);
/* Shows @value (from a model, not typed): any problem is gone. */
void        vs_spin_button_show_value       (GtkSpinButton *spin,
                                             double         value);
/* @text with every space after a digit made non-breaking, so that a
 * figure never wraps away from its unit ("−87.8 %", "21 s", "8 pairs"). */
char       *vs_glue_numbers                 (const char    *text);
/* @button's tooltip is not shown while its menu is open (it covered the
 * menu's first items). */
void        vs_menu_button_quiet_tooltip    (GtkMenuButton *button);
/* Binding transforms between a combo row's "selected" and an enum
 * property whose values are the rows' positions. */
gboolean    vs_binding_enum_to_selected     (GBinding      *binding,
                                             const GValue  *from,
                                             GValue        *to,
                                             gpointer       user_data);
gboolean    vs_binding_selected_to_enum     (GBinding      *binding,
                                             const GValue  *from,
                                             GValue        *to,
                                             gpointer       user_data);
/* A nullable string property shown in an entry: NULL is "" */
gboolean    vs_binding_string_to_text       (GBinding      *binding,
                                             const GValue  *from,
                                             GValue        *to,
                                             gpointer       user_data);
/* Whether the style in use is dark (the charts' palette follows it). */
gboolean    vs_style_is_dark                (void);
/* "#rrggbb" for markup */
void        vs_color_to_hex                 (const GdkRGBA *color,
                                             char           out[8]);
/* A span of time as people read it: "45 s", "1 min 30 s", "2 h 5 min" */
GtkWidget  *vs_trust_dialog_new             (GtkWindow     *parent,
                                             const char    *name,
                                             GPtrArray     *lines,
                                             gboolean       flagged);
char *vs_format_span                  (gint64         usec);

G_END_DECLS
