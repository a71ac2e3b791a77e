/* vs-cli-private.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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
void vs_cli_print_error (const char *format,
                         ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
