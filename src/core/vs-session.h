/* vs-session.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vs-load-profile.h"
#include "vs-run-result.h"
#include "vs-target.h"

G_BEGIN_DECLS

/* the smallest difference that matters, in percent (plan.smallest_difference_percent) */
#define VS_SESSION_DEFAULT_SMALLEST_PERCENT 5.0
#define VS_SESSION_MIN_SMALLEST_PERCENT     0.1
#define VS_SESSION_MAX_SMALLEST_PERCENT     50.0

#define VS_SESSION_MAX_TRIALS 1000   /* per target */

#define VS_SESSION_FORMAT  "versus-session"
#define VS_SESSION_VERSION 1

typedef enum
{
  VS_TRIAL_ORDER_INTERLEAVED,  /* A B B A A B …: slow drift hits every target alike */
  VS_TRIAL_ORDER_ROUND_ROBIN,  /* A B A B … */
  VS_TRIAL_ORDER_SEQUENTIAL,   /* A A … B B … */
} VsTrialOrder;

typedef struct
{
  guint         target;   /* index into the targets */
  guint         trial;    /* that target's trial, 0-based */
} VsPlanStep;

#define VS_TYPE_SESSION (vs_session_get_type ())
G_DECLARE_FINAL_TYPE (VsSession, vs_session, VS, SESSION, GObject)

/* A comparison: targets, the load every target gets, the trial plan and
 * every run result. Saved as a `.versus` JSON file (docs/session-format.md).
 * The endpoint is the profile's method and path (the profile's URL holds
 * the path only); the runner points it at each started target. */
VsSession     *vs_session_new              (void);
VsSession     *vs_session_new_field        (GPtrArray     *templates,
                                            const char    *scenario_id,
                                            GError       **error);
VsSession     *vs_session_new_preset       (const char    *preset,
                                            GError       **error);
const char * const *vs_session_list_presets (void);
const char    *vs_session_get_id           (VsSession     *self);
const char    *vs_session_get_name         (VsSession     *self);
void           vs_session_set_name         (VsSession     *self,
                                            const char    *name);
const char    *vs_session_get_notes        (VsSession     *self);
void           vs_session_set_notes        (VsSession     *self,
                                            const char    *notes);
GPtrArray     *vs_session_get_targets      (VsSession     *self);   /* (element-type VsTarget) */
void           vs_session_add_target       (VsSession     *self,
                                            VsTarget      *target);
void           vs_session_remove_target    (VsSession     *self,
                                            guint          index);
/* A target taken out with its results, to be put back (undo). */
typedef struct _VsRemovedTarget VsRemovedTarget;
VsRemovedTarget *vs_session_take_target    (VsSession       *self,
                                            guint            index);
void           vs_session_restore_target   (VsSession       *self,
                                            VsRemovedTarget *removed);
guint          vs_removed_target_get_n_results (VsRemovedTarget *removed);
VsTarget      *vs_removed_target_get_target (VsRemovedTarget *removed);
void           vs_removed_target_free      (VsRemovedTarget *removed);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsRemovedTarget, vs_removed_target_free)
/* The rules of the setup: a new target, a chosen scenario, an endpoint
 * edited by hand (vs-session.c) */
VsTarget      *vs_session_new_target       (VsSession     *self,
                                            GPtrArray     *templates);
gboolean       vs_session_apply_scenario   (VsSession     *self,
                                            GPtrArray     *templates,
                                            const char    *id);
void           vs_session_detach_scenarios (VsSession     *self,
                                            GPtrArray     *templates);
VsLoadProfile *vs_session_get_profile      (VsSession     *self);
void           vs_session_set_profile      (VsSession     *self,
                                            VsLoadProfile *profile);
guint          vs_session_get_trials       (VsSession     *self);
void           vs_session_set_trials       (VsSession     *self,
                                            guint          trials);
VsTrialOrder   vs_session_get_order        (VsSession     *self);
void           vs_session_set_order        (VsSession     *self,
                                            VsTrialOrder   order);
gint64         vs_session_get_cooldown_us  (VsSession     *self);
void           vs_session_set_cooldown_us  (VsSession     *self,
                                            gint64         cooldown_us);
double         vs_session_get_smallest_difference (VsSession *self);
void           vs_session_set_smallest_difference (VsSession *self,
                                                   double     percent);
guint32        vs_session_get_order_seed   (VsSession     *self);
void           vs_session_set_order_seed   (VsSession     *self,
                                            guint32        seed);
GPtrArray     *vs_session_get_results      (VsSession     *self);   /* (element-type VsRunResult) */
void           vs_session_add_result       (VsSession     *self,
                                            VsRunResult   *result);
void           vs_session_clear_results    (VsSession     *self);
/* A comparison's results and looks, taken out of a session to be put back
 * (a new run that is stopped need not replace a finished one). */
typedef struct _VsSessionResults VsSessionResults;
VsSessionResults *vs_session_take_results  (VsSession        *self);
void           vs_session_restore_results  (VsSession        *self,
                                            VsSessionResults *saved);
guint          vs_session_results_count_ok (VsSessionResults *saved);
void           vs_session_results_free     (VsSessionResults *saved);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsSessionResults, vs_session_results_free)
guint          vs_session_get_continuations (VsSession    *self);
const guint   *vs_session_get_looks        (VsSession     *self,
                                            guint         *n_looks);
gboolean       vs_session_continue         (VsSession     *self,
                                            guint          more,
                                            GError       **error);
/* The merged latency of @target's successful trials; NULL without data. */
VsHistogram   *vs_session_merge_latency    (VsSession     *self,
                                            guint          target);
GArray        *vs_session_plan             (VsSession     *self);   /* (element-type VsPlanStep) */
GArray        *vs_session_plan_pending     (VsSession     *self);   /* (element-type VsPlanStep) */
gint64         vs_session_estimate_us      (VsSession     *self);
gint64         vs_session_estimate_pending_us (VsSession  *self);
gint64         vs_session_step_overhead_us (VsRuntimeKind  kind);
/* The rule for the trials per target, for a value as typed. */
gboolean       vs_session_check_trials     (double         value,
                                            GError       **error);
void           vs_session_set_probe        (VsSession     *self,
                                            gboolean       probe);
gboolean       vs_session_validate         (VsSession     *self,
                                            GError       **error);
gboolean       vs_session_check_here       (VsSession     *self,
                                            GError       **error);
gboolean       vs_session_get_modified     (VsSession     *self);
void           vs_session_set_modified     (VsSession     *self,
                                            gboolean       modified);
GFile         *vs_session_get_file         (VsSession     *self);
/* Files from elsewhere run nothing unasked (vs-trust.h) */
gboolean       vs_session_get_trusted      (VsSession     *self);
void           vs_session_set_trusted      (VsSession     *self,
                                            gboolean       trusted);
/* Emitted as "changed" whenever anything above changes. */
void           vs_session_changed          (VsSession     *self);

/* A run as the history recorded it (see vs-session.c) */
GPtrArray     *vs_history_select_run       (GPtrArray     *entries,
                                            gint64         id);
VsSession     *vs_session_new_from_history (GPtrArray     *entries,
                                            GError       **error);
JsonNode      *vs_session_to_json          (VsSession     *self);
VsSession     *vs_session_new_from_json    (JsonNode      *root,
                                            GError       **error);
VsSession     *vs_session_new_from_data    (const char    *contents,
                                            gsize          len,
                                            const char    *name,
                                            GError       **error);
VsSession     *vs_session_load             (GFile         *file,
                                            GCancellable  *cancellable,
                                            GError       **error);
/* Atomic: the old file stays whole until the new one is complete. */
gboolean       vs_session_save             (VsSession     *self,
                                            GFile         *file,
                                            GCancellable  *cancellable,
                                            GError       **error);
void           vs_session_load_async       (GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
VsSession     *vs_session_load_finish      (GAsyncResult        *result,
                                            GError             **error);
void           vs_session_save_async       (VsSession           *self,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean       vs_session_save_finish      (VsSession           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

const char    *vs_trial_order_to_string    (VsTrialOrder   order);
const char    *vs_trial_order_get_title    (VsTrialOrder   order);
gboolean       vs_trial_order_from_string  (const char    *text,
                                            VsTrialOrder  *out_order);

G_END_DECLS
