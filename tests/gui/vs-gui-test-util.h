/* vs-gui-test-util.h — helpers shared by the GUI tests
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vs-application.h"
#include "vs-session.h"

G_BEGIN_DECLS

/* The error a failed trial of vs_test_make_result() reports */
#define VS_TEST_FAILED_ERROR "container exited with status 1: “Error: listen EADDRINUSE”"


/* Iterates the default main context until @done returns TRUE or
 * @timeout_s passes; returns whether @done held. */
gboolean  vs_test_wait_until        (gboolean  (*done) (gpointer data),
                                     gpointer    data,
                                     double      timeout_s);
/* Lets pending redraws and idles run for @seconds. */
void      vs_test_spin              (double      seconds);
/* Renders @widget (a realized, mapped window or widget) to PNG
 * $VS_SCREENSHOT_DIR/@name; returns the path. */
char     *vs_test_screenshot        (GtkWidget  *widget,
                                     const char *name);
/* The first widget under @widget (itself included) named @name, or NULL. */
GtkWidget *vs_test_find_named       (GtkWidget  *widget,
                                     const char *name);
/* Every widget of @type under @widget (itself included), in tree order. */
void      vs_test_collect_type      (GtkWidget  *widget,
                                     GType       type,
                                     GPtrArray  *out);
/* The application's style.css, as AdwApplication would load it, for
 * pages tested without the application. */
void      vs_test_load_app_style    (void);
/* A new window of @width × @height holding @child, presented. */
GtkWidget *vs_test_present_in_window (GtkWidget *child,
                                      int        width,
                                      int        height);
/* Every GtkLabel's text under @widget, joined by newlines. */
char     *vs_test_collect_labels    (GtkWidget  *widget);
char     *vs_test_label_text        (GtkWidget  *label);
/* A made-up trial of @target (@label): @rps requests/s, latencies around
 * @latency_us drawn from @rand, round resource figures derived from the
 * trial number; a status other than OK gets VS_TEST_FAILED_ERROR. */
VsRunResult *vs_test_make_result    (GRand       *rand,
                                     guint        target,
                                     const char  *label,
                                     guint        trial,
                                     guint        sequence,
                                     double       rps,
                                     gint64       latency_us,
                                     VsRunStatus  status);
/* A two-trial Express vs FastAPI comparison as local processes, 2 s per
 * trial, 8 connections: a whole run takes seconds. */
VsSession *vs_test_short_session    (const char *name);
/* A registered, non-unique VsApplication that runs targets as local
 * processes (no container engine guessing in tests). */
VsApplication *vs_test_new_application (void);
/* For vs_test_wait_until(): @window (a VsWindow) has no run going. */
gboolean  vs_test_window_not_running (gpointer   window);

G_END_DECLS
