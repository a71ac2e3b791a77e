/* vs-runtime-monitor.h — which runtimes work here, and what "auto" means
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vs-runtime.h"

G_BEGIN_DECLS

#define VS_N_RUNTIME_KINDS (VS_RUNTIME_KIND_PROCESS + 1)

#define VS_TYPE_RUNTIME_MONITOR (vs_runtime_monitor_get_type ())
G_DECLARE_FINAL_TYPE (VsRuntimeMonitor, vs_runtime_monitor, VS, RUNTIME_MONITOR, GObject)

/* Probes podman, docker and local processes, and lists the images of the
 * engines that work; "changed" is emitted as each answer arrives. The one
 * place where VS_RUNTIME_KIND_AUTO is decided: the runner, the command
 * line, the setup page and its cards all ask vs_runtime_monitor_resolve().
 *
 * "Auto", for the targets that use it, is the first of Podman and Docker
 * that works and already has the image of every one of them (a template's
 * built image; a named image only needs the engine); otherwise local
 * processes when every one of them is a template; otherwise the first
 * engine that works. */
VsRuntimeMonitor *vs_runtime_monitor_new          (void);
/* Probes every runtime again (the first time: probes). */
void              vs_runtime_monitor_refresh      (VsRuntimeMonitor  *self);
/* Whether some probe or image listing has not answered yet. */
gboolean          vs_runtime_monitor_get_pending  (VsRuntimeMonitor  *self);
/* The runtime of an explicit @kind (not AUTO); its info is NULL while probing. */
VsRuntime        *vs_runtime_monitor_get_runtime  (VsRuntimeMonitor  *self,
                                                   VsRuntimeKind      kind);
/* Whether the engine of @kind has @reference (e.g. "localhost/versus/express:latest");
 * FALSE while unknown. */
gboolean          vs_runtime_monitor_has_image    (VsRuntimeMonitor  *self,
                                                   VsRuntimeKind      kind,
                                                   const char        *reference);
/* The runtime @kind stands for when it runs @targets (element-type VsTarget,
 * nullable: no target to place), or NULL: *out_pending is set while an
 * answer that decides it is missing; otherwise @error says why none works.
 * *out_why (nullable) says why AUTO chose what it chose, in a sentence. */
VsRuntime        *vs_runtime_monitor_resolve      (VsRuntimeMonitor  *self,
                                                   VsRuntimeKind      kind,
                                                   GPtrArray         *targets,
                                                   gboolean          *out_pending,
                                                   char             **out_why,
                                                   GError           **error);
/* Completes when no answer is pending (refreshing first if never probed). */
void              vs_runtime_monitor_wait_async   (VsRuntimeMonitor  *self,
                                                   GCancellable      *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer           user_data);
gboolean          vs_runtime_monitor_wait_finish  (VsRuntimeMonitor  *self,
                                                   GAsyncResult      *result,
                                                   GError           **error);

/* Resolves @kind for @targets once every answer is in, with @monitor or
 * (NULL) a monitor of its own: an unavailable runtime is an error that
 * says why. */
void              vs_runtime_choose_async         (VsRuntimeMonitor  *monitor,
                                                   VsRuntimeKind      kind,
                                                   GPtrArray         *targets,
                                                   GCancellable      *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer           user_data);
VsRuntime        *vs_runtime_choose_finish        (GAsyncResult      *result,
                                                   GError           **error);

G_END_DECLS
