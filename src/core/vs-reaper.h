/* vs-reaper.h — nothing Versus started outlives it
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In the spirit of Testcontainers' Ryuk: a small process, started the
 * first time Versus starts a server, that Versus tells what it started
 * and what it stopped, over a pipe. When the pipe closes without a
 * goodbye — Versus died, by any signal, SIGKILL included — the reaper
 * kills the local servers' process groups and removes the containers it
 * still knows of, then exits. It is the `versus-reaper` program
 * (libexecdir; in a build tree, the build's; $VERSUS_REAPER overrides),
 * run in a session of its own so a terminal's Ctrl-C does not reach it,
 * over a socket so a dead reaper raises no SIGPIPE in Versus.
 *
 * Main thread only. The clean-up at the next start (vs_runtime_cleanup_*)
 * stays as the second line of defence. */

/* What the reaper does for @id if Versus dies: kill the process group led
 * by @pid, if /proc says it is still the process that started at
 * @start_time (clock ticks after boot: no PID reused by another program
 * is touched) */
void vs_reaper_watch_process (const char         *id,
                              GPid                pid,
                              guint64             start_time);
/* … or run @argv (a container's removal) */
void vs_reaper_watch_command (const char         *id,
                              const char * const *argv);
/* @id was stopped: nothing to do for it any more */
void vs_reaper_forget        (const char         *id);
/* The reaper's process id, 0 when none runs (for tests) */
GPid vs_reaper_get_pid       (void);

/* The reaper itself: reads stdin until it closes; returns the exit status */
int  vs_reaper_main          (void);

/* /proc/PID/stat's start time, 0 when unknown */
guint64 vs_reaper_process_start_time (GPid pid);

G_END_DECLS
