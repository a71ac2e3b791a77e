/* vs-cli-private.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vs-runner.h"
#include "vs-runtime-monitor.h"

G_BEGIN_DECLS

/* Exit statuses shared by every command */
#define VS_EXIT_OK        0
#define VS_EXIT_FAILED    1   /* the work ran and failed */
#define VS_EXIT_USAGE     2   /* bad input: nothing was done */
#define VS_EXIT_INTERRUPT 130

int  vs_cli_load        (int     argc,
                         char  **argv);
int  vs_cli_templates   (int     argc,
                         char  **argv);
int  vs_cli_runtimes    (int     argc,
                         char  **argv);
int  vs_cli_build       (int     argc,
                         char  **argv);
int  vs_cli_serve       (int     argc,
                         char  **argv);
int  vs_cli_cleanup     (int     argc,
                         char  **argv);
int  vs_cli_new         (int     argc,
                         char  **argv);
int  vs_cli_run         (int     argc,
                         char  **argv);
int  vs_cli_history     (int     argc,
                         char  **argv);
int  vs_cli_report      (int     argc,
                         char  **argv);
int  vs_cli_study       (int     argc,
                         char  **argv);

/* The commands wait for one async operation at a time on a main loop;
 * Ctrl-C (or SIGTERM) cancels what is running, and clean-up then runs
 * without a cancellable so nothing is left behind. */
typedef struct _VsCli VsCli;
struct _VsCli
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GAsyncResult *result;
  const char   *command;
  guint         n_signals;
  guint         sigint_id;
  guint         sigterm_id;
};

void          vs_cli_init          (VsCli           *cli,
                                    const char      *command);
void          vs_cli_clear         (VsCli           *cli);
void          vs_cli_done_cb       (GObject         *object,
                                    GAsyncResult    *result,
                                    gpointer         user_data);
GAsyncResult *vs_cli_await         (VsCli           *cli);
gboolean      vs_cli_interrupted   (VsCli           *cli);
int           vs_cli_fail          (VsCli           *cli,
                                    GError          *error);
gboolean      vs_cli_parse_runtime (const char      *text,
                                    VsRuntimeKind   *out_kind,
                                    GError         **error);
/* @target (nullable): what "auto" is resolved for */
VsRuntime    *vs_cli_get_runtime   (VsCli           *cli,
                                    VsRuntimeKind    kind,
                                    VsTarget        *target,
                                    GError         **error);
gboolean      vs_cli_parse_args    (GOptionContext  *context,
                                    int             *argc,
                                    char          ***argv,
                                    const char      *command);

/* What run prints of a comparison as it goes (vs-cli-session.c): connect
 * to a VsRunner's "progress" (with a VsCliRunState), "message" and
 * "result". */
typedef struct
{
  VsRunnerPhase phase;
  guint         step;
} VsCliRunState;

void          vs_cli_on_progress   (VsRunner               *runner,
                                    const VsRunnerProgress *p,
                                    gpointer                user_data);
void          vs_cli_on_message    (VsRunner        *runner,
                                    const char      *text,
                                    gpointer         user_data);
void          vs_cli_on_result     (VsRunner        *runner,
                                    VsRunResult     *r,
                                    gpointer         user_data);
/* To @output, or stdout for NULL or "-" */
gboolean      vs_cli_write_report  (const char      *text,
                                    const char      *output,
                                    GError         **error);
/* A file made elsewhere runs nothing unasked: prints what it runs, asks on
 * a terminal or needs @yes; FALSE (after saying so) when not agreed. */
gboolean      vs_cli_confirm_untrusted (VsSession   *session,
                                        const char  *command,
                                        const char  *path,
                                        gboolean     yes);
/* The folder @path goes into exists and can be written. */
gboolean      vs_cli_check_writable_folder (const char  *path,
                                            const char  *what,
                                            GError     **error);

void vs_cli_print_error (const char *format,
                         ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
