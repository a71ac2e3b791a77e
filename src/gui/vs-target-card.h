/* vs-target-card.h — one target of the setup page: what runs, where and with which limits
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vs-runtime-monitor.h"
#include "vs-session.h"

G_BEGIN_DECLS

#define VS_TYPE_TARGET_CARD (vs_target_card_get_type ())
G_DECLARE_FINAL_TYPE (VsTargetCard, vs_target_card, VS, TARGET_CARD, AdwBin)

/* Edits @target (one of @session's) in place. @templates are the bundled
 * templates; @monitor's last answers are what the card says of runtimes,
 * "Automatic" resolved as the runner will resolve it.
 *
 * Signals: "changed" (the target or the card's problems changed),
 * "remove" (the remove button), "scenario-chosen" (string: the user chose
 * a scenario), "limits-edited" (the user edited the CPU or memory limit). */
GtkWidget  *vs_target_card_new               (VsSession          *session,
                                              VsTarget           *target,
                                              GPtrArray          *templates,
                                              VsRuntimeMonitor   *monitor);
VsTarget   *vs_target_card_get_target        (VsTargetCard       *self);
/* The first problem of the card, top to bottom, or NULL. */
const char *vs_target_card_get_problem       (VsTargetCard       *self);
/* A problem of the label that only the page sees (two cards with one label). */
void        vs_target_card_set_label_problem (VsTargetCard       *self,
                                              const char         *problem);
/* Sets and shows the scenario (NULL: a custom endpoint) without asking
 * anyone to fill the endpoint. */
/* The limits as typed, and typing them from elsewhere ("same limits";
 * NULL leaves one as it is). */
const char *vs_target_card_get_cpus_text     (VsTargetCard       *self);
const char *vs_target_card_get_memory_text   (VsTargetCard       *self);
void        vs_target_card_set_limits_text   (VsTargetCard       *self,
                                              const char         *cpus,
                                              const char         *memory);
void        vs_target_card_set_removable     (VsTargetCard       *self,
                                              gboolean            removable);
/* A runtime probe finished: refresh what the card says about runtimes. */
void        vs_target_card_runtimes_changed  (VsTargetCard       *self);

/* Helpers shared with the setup page. */
char       *vs_describe_runtime              (VsRuntimeMonitor   *monitor,
                                              VsRuntimeKind       kind,
                                              VsSession          *session);
char       *vs_describe_field_problem        (const char         *field,
                                              const char         *problem);
void        vs_field_show_problem            (GtkWidget          *row,
                                              GtkWidget          *editable,
                                              GtkWidget          *icon,
                                              const char         *hint,
                                              const char         *problem);

G_END_DECLS
