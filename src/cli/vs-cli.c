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
#include <glib/gi18n.h>

#include "vs-cli-private.h"
#include "vs-util.h"

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "load", vs_cli_load, N_("Drive HTTP load at a URL and report throughput, latency and errors") },
  { "templates", vs_cli_templates, N_("List the bundled server templates and their scenarios") },
  { "runtimes", vs_cli_runtimes, N_("Say which runtimes (podman, docker, local processes) work, and why not") },
  { "build", vs_cli_build, N_("Build a template's image (or install it for local processes)") },
  { "serve", vs_cli_serve, N_("Start a template or image, report startup time, sample CPU and memory") },
  { "cleanup", vs_cli_cleanup, N_("Remove the containers and processes Versus left running") },
  { "new", vs_cli_new, N_("Write a ready comparison session (Express vs FastAPI)") },
  { "run", vs_cli_run, N_("Run a session's trials, save the results, print the comparison") },
  { "report", vs_cli_report, N_("Print a session's comparison as Markdown, CSV, JSON or .hgrm") },
  { "study", vs_cli_study, N_("Make, run and report studies: many comparisons, sweeps and claims checked") },
  { "history", vs_cli_history, N_("List past runs from the history") },
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
  fprintf (out, "%s\n\n%s\n", _("Usage: versus-cli COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n%s\n", _("Run “versus-cli COMMAND --help” for the options of a command."),
           _("Other options: --version, --help"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* a connection is a file descriptor */
  vs_raise_fd_limit ();

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

  vs_cli_print_error (_("unknown command “%s” (try “versus-cli --help”)"), argv[1]);
  return VS_EXIT_USAGE;
}
