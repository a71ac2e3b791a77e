/* vs-help-window.h — the user guide, in a window of its own (F1)
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VS_TYPE_HELP_WINDOW (vs_help_window_get_type ())
G_DECLARE_FINAL_TYPE (VsHelpWindow, vs_help_window, VS, HELP_WINDOW, AdwWindow)

/* Shows docs/user-guide.md (built into the program's resources): its
 * headings, paragraphs, lists and examples, with `code`, *emphasis* and
 * **strong** words. */
GtkWidget *vs_help_window_new        (void);
/* The Pango markup of one line of the guide's inline syntax (for tests). */
char      *vs_help_inline_markup     (const char *text);

G_END_DECLS
