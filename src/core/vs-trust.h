/* vs-trust.h — files from elsewhere run nothing unasked
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vs-session.h"

G_BEGIN_DECLS

/* A session names what runs on Start: images, templates, environment
 * variables, engines, ports. Sessions made on this machine, and those a
 * user has agreed to run, are recorded by the fingerprint of what they run
 * in $XDG_DATA_HOME/versus/trusted-sessions; a file from elsewhere (one
 * whose fingerprint is not there) is shown to the user, who is asked once,
 * before its first Start. */

/* SHA-256 (hex) of everything in @session that decides what runs and how:
 * each target's engine, template, scenario, image, ports, limits, CPU set,
 * environment and health path; not its labels, the load or the plan. */
char      *vs_trust_fingerprint      (VsSession   *session);
/* Whether @fingerprint was recorded on this machine (a store that cannot
 * be read records nothing: the user is asked). Reads a file. */
gboolean   vs_trust_lookup           (const char  *fingerprint);
/* Records @fingerprint. Writes a file. */
gboolean   vs_trust_record           (const char  *fingerprint,
                                      GError     **error);

/* Saving a file this machine made: @text written to @file atomically
 * (vs_file_write_atomic), then @fingerprint (nullable: the file is not
 * trusted) recorded; a store that cannot be written costs a question later,
 * not the save. The async version writes in a worker thread; its task's
 * source is @source_object, and vs_trust_save_get_file() tells the file. */
gboolean   vs_trust_save             (GFile        *file,
                                      const char   *text,
                                      const char   *fingerprint,
                                      GCancellable *cancellable,
                                      GError      **error);
void       vs_trust_save_async       (gpointer             source_object,
                                      gpointer             source_tag,
                                      GFile               *file,
                                      char                *text,         /* (transfer full) */
                                      char                *fingerprint,  /* (transfer full) (nullable) */
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GFile     *vs_trust_save_get_file    (GAsyncResult        *result);

/* Whether the environment variable @name changes how a program loads or
 * what it loads (LD_PRELOAD, NODE_OPTIONS, PYTHONPATH, …): code from
 * anywhere runs inside the server. */
gboolean   vs_env_name_changes_loading (const char *name);

/* What @session will run, a line per target, in words; with
 * @templates (element-type VsTemplate, nullable) a template's line names
 * its folder. Sets @out_flagged when an environment variable
 * vs_env_name_changes_loading(). */
GPtrArray *vs_trust_describe         (VsSession   *session,
                                      GPtrArray   *templates,
                                      gboolean    *out_flagged);

G_END_DECLS
