/* vs-cli.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib.h>

#include "vs-cli-private.h"

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "load", vs_cli_load, "Drive HTTP load at a URL and report throughput, latency and errors" },
  { "templates", vs_cli_templates, "List the bundled server templates and their scenarios" },
  { "runtimes", vs_cli_runtimes, "Say which runtimes (podman, docker, local processes) work, and why not" },
  { "build", vs_cli_build, "Build a template's image (or install it for local processes)" },
  { "serve", vs_cli_serve, "Start a template or image, report startup time, sample CPU and memory" },
  { "cleanup", vs_cli_cleanup, "Remove the containers and processes Versus left running" },
  { "new", vs_cli_new, "Write a ready comparison session (Express vs FastAPI)" },
  { "run", vs_cli_run, "Run a session's trials, save the results, print the comparison" },
  { "report", vs_cli_report, "Print a session's comparison as Markdown, CSV, JSON or .hgrm" },
  { "history", vs_cli_history, "List past runs from the history" },
};

void
vs_cli_print_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("versus-cli: %s\n", message);
}

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: versus-cli COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun “versus-cli COMMAND --help” for the options of a command.\n"
                "Other options: --version, --help\n");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      print_usage (stderr);
      return VS_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--version") || g_str_equal (argv[1], "version"))
    {
      g_print ("versus-cli %s\n", PACKAGE_VERSION);
      return VS_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return VS_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  vs_cli_print_error ("unknown command “%s” (try “versus-cli --help”)", argv[1]);
  return VS_EXIT_USAGE;
}
