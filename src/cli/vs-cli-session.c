/* vs-cli-session.c — new, run, history, report
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include <json-glib/json-glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vs-like-for-like.h"
#include "vs-cli-private.h"
#include "vs-history.h"
#include "vs-json-util.h"
#include "vs-report.h"
#include "vs-runner.h"
#include "vs-template.h"
#include "vs-trust.h"
#include "vs-util.h"

/* ---------------------------------------------------------------------- */
/* new                                                                     */

int
vs_cli_new (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— write a ready comparison session"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) session = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autofree char *preset = NULL;
  g_autofree char *output = NULL;
  g_autofree char *name = NULL;
  g_autofree char *runtime_name = NULL;
  g_autofree char *path = NULL;
  gboolean force = FALSE;
  g_autofree char *scenario = NULL;
  double smallest = NAN;
  int expect_status = -1;
  int workers = 0;
  VsRuntimeKind kind;
  GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset,
      N_("express-vs-fastapi (default), express-vs-fastapi-quick, or node-vs-python: every Node.js "
         "template against every Python one"), "P" },
    { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario,
      N_("The templates' scenario to load (hello, json, io, cpu, numeric, payload, echo, upload; "
         "see “versus-cli templates”)"), N_("ID") },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &workers,
      N_("Server worker processes for every template (default 1)"), "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (default: PRESET.versus)"), N_("FILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The session's name"), N_("NAME") },
    { "runtime", 'r', 0, G_OPTION_ARG_STRING, &runtime_name, N_("podman, docker, process or auto (default)"), "R" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Overwrite an existing file"), NULL },
    { "smallest-difference", 0, 0, G_OPTION_ARG_DOUBLE, &smallest,
      N_("The smallest difference that matters, in percent (default 5): below it, targets are equivalent"),
      N_("PERCENT") },
    { "path", 0, 0, G_OPTION_ARG_STRING, &path, N_("The endpoint's path and query (default: the preset's, /)"),
      N_("PATH") },
    { "expect-status", 0, 0, G_OPTION_ARG_INT, &expect_status,
      N_("An error status the endpoint is meant to answer (e.g. 404): not counted as a failure, "
         "and the verdict ranks the targets' speed at it"), N_("CODE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "new"))
    return VS_EXIT_USAGE;
  if (argc > 1)
    {
      vs_cli_print_error (_("new: unexpected argument “%s”"), argv[1]);
      return VS_EXIT_USAGE;
    }
  templates = vs_template_list (NULL);
  if (!vs_cli_parse_runtime (runtime_name, &kind, &error) ||
      !(session = g_strcmp0 (preset, "node-vs-python") == 0
                  ? vs_session_new_field (templates, scenario, &error)
                  : vs_session_new_preset (preset ? preset : "express-vs-fastapi", &error)))
    {
      vs_cli_print_error ("new: %s", error->message);
      return VS_EXIT_USAGE;
    }
  if (scenario != NULL && !vs_session_apply_scenario (session, templates, scenario))
    {
      VsTarget *first = g_ptr_array_index (vs_session_get_targets (session), 0);
      VsTemplate *template = vs_template_list_find (templates, first->template_name);
      g_autofree char *ids = template ? vs_template_describe_scenarios (template) : g_strdup ("");

      vs_cli_print_error (_("new: the templates have no scenario “%s” (they have: %s)"), scenario, ids);
      return VS_EXIT_USAGE;
    }
  if (workers != 0)
    {
      GPtrArray *targets = vs_session_get_targets (session);

      if (workers < 1 || workers > VS_TARGET_MAX_WORKERS)
        {
          vs_cli_print_error (_("new: %d workers is out of range (1 to %u)"), workers, VS_TARGET_MAX_WORKERS);
          return VS_EXIT_USAGE;
        }
      for (guint i = 0; i < targets->len; i++)
        {
          VsTarget *target = g_ptr_array_index (targets, i);

          vs_target_set_workers (target, workers);
          if (!vs_target_validate (target, &error))
            {
              vs_cli_print_error ("new: %s: %s", target->label, error->message);
              return VS_EXIT_USAGE;
            }
        }
    }

  if (!isnan (smallest))
    {
      if (!(smallest >= VS_SESSION_MIN_SMALLEST_PERCENT && smallest <= VS_SESSION_MAX_SMALLEST_PERCENT))
        {
          vs_cli_print_error (_("new: --smallest-difference must be between %g and %g (percent), not %g"),
                              VS_SESSION_MIN_SMALLEST_PERCENT, VS_SESSION_MAX_SMALLEST_PERCENT, smallest);
          return VS_EXIT_USAGE;
        }
      vs_session_set_smallest_difference (session, smallest);
    }
  if (path != NULL || expect_status != -1)
    {
      g_autoptr(VsLoadProfile) profile = vs_load_profile_copy (vs_session_get_profile (session));

      if (path != NULL)
        vs_load_profile_set_url (profile, path);
      if (expect_status != -1)
        vs_load_profile_set_expect_status (profile, expect_status);
      if (path != NULL && path[0] != '/')
        {
          vs_cli_print_error (_("new: --path must start with “/”, not “%s”"), path);
          return VS_EXIT_USAGE;
        }
      if (expect_status != -1 && (expect_status < 400 || expect_status > 599))
        {
          vs_cli_print_error (_("new: --expect-status must be an error status, 400 to 599, not %d"),
                              expect_status);
          return VS_EXIT_USAGE;
        }
      vs_session_set_profile (session, profile);
    }
  if (name != NULL)
    vs_session_set_name (session, name);
  for (guint i = 0; i < vs_session_get_targets (session)->len; i++)
    vs_target_set_runtime (g_ptr_array_index (vs_session_get_targets (session), i), kind);

  if (output == NULL)
    output = g_strdup_printf ("%s.versus", preset ? preset : "express-vs-fastapi");
  file = g_file_new_for_commandline_arg (output);
  if (!force && g_file_query_exists (file, NULL))
    {
      vs_cli_print_error (_("new: %s exists already (use --force to overwrite it)"), output);
      return VS_EXIT_USAGE;
    }
  if (!vs_session_save (session, file, NULL, &error))
    {
      vs_cli_print_error ("new: %s", error->message);
      return VS_EXIT_FAILED;
    }

  /* Translators: the file, the session's name, its targets and trials, then the file again */
  g_print (_("Wrote %s: %s, %u targets, %u trials each. Run it with “versus-cli run %s”.\n"),
           output, vs_session_get_name (session), vs_session_get_targets (session)->len,
           vs_session_get_trials (session), output);
  return VS_EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* run                                                                     */

void
vs_cli_on_progress (VsRunner               *runner,
             const VsRunnerProgress *p,
             gpointer                user_data)
{
  VsCliRunState *state = user_data;
  VsSession *session = vs_runner_get_session (runner);
  g_autofree char *remaining = NULL;

  if (state->phase == p->phase && state->step == p->step)
    return;
  state->phase = p->phase;
  state->step = p->step;

  if (p->phase < VS_RUNNER_PHASE_STARTING || p->phase == VS_RUNNER_PHASE_DONE)
    return;

  remaining = isfinite (p->remaining_s) ? vs_format_duration ((gint64) (p->remaining_s * G_USEC_PER_SEC))
                                        : g_strdup ("?");
  /* Translators: step and steps, target, trial, phase (e.g. "measuring") and time left */
  g_printerr (_("[%u/%u] %s, trial %u: %s (about %s left)\n"), p->step + 1, p->n_steps,
              ((VsTarget *) g_ptr_array_index (vs_session_get_targets (session), p->target_index))->label,
              p->trial + 1,
              g_dpgettext2 (GETTEXT_PACKAGE, "runner phase", vs_runner_phase_to_string (p->phase)),
              remaining);
}

void
vs_cli_on_message (VsRunner   *runner,
            const char *text,
            gpointer    user_data)
{
  g_printerr ("  %s\n", text);
}

void
vs_cli_on_result (VsRunner    *runner,
           VsRunResult *r,
           gpointer     user_data)
{
  g_autofree char *rps = vs_metric_format (VS_METRIC_REQUESTS_PER_S, r->requests_per_s);
  g_autofree char *p50 = vs_metric_format (VS_METRIC_P50, r->p50_ms);
  g_autofree char *p99 = vs_metric_format (VS_METRIC_P99, r->p99_ms);
  g_autofree char *cpu = vs_metric_format (VS_METRIC_CPU, r->cpu_mean_percent);
  g_autofree char *memory = vs_metric_format (VS_METRIC_MEMORY, r->memory_peak_bytes);
  g_autofree char *spread = vs_fairness_format (&r->fairness);

  g_printerr ("  → ");
  /* Translators: target, trial, status ("ok", "failed" or "cancelled", not translated) and
   * the figures of one trial */
  g_printerr (_("%s trial %u %s: %s req/s, p50 %s, p99 %s, CPU %s, peak memory %s, %llu errors, "
                "responses per connection %s"),
              r->target_label, r->trial + 1, vs_run_status_to_string (r->status), rps, p50, p99,
              cpu, memory, (unsigned long long) vs_run_result_get_errors (r), spread);
  g_printerr ("%s%s\n", r->error ? ": " : "", r->error ? r->error : "");
}

static char *
make_report (VsSession   *session,
             const char  *format,
             const char  *target_label,
             GError     **error)
{
  if (g_str_equal (format, "md") || g_str_equal (format, "markdown"))
    return vs_report_markdown (session);
  if (g_str_equal (format, "csv"))
    return vs_report_csv (session);
  if (g_str_equal (format, "json"))
    return vs_report_json (session);
  if (g_str_equal (format, "hgrm"))
    {
      GPtrArray *targets = vs_session_get_targets (session);

      for (guint t = 0; t < targets->len; t++)
        {
          VsTarget *target = g_ptr_array_index (targets, t);
          char *text;

          if (target_label != NULL ? g_strcmp0 (target->label, target_label) != 0 : t != 0)
            continue;
          text = vs_report_hgrm (session, t);
          if (text == NULL)
            g_set_error (error, VS_ERROR, VS_ERROR_FAILED,
                         _("%s has no finished trial with latencies"), target->label);
          return text;
        }
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("there is no target “%s”"),
                   target_label);
      return NULL;
    }

  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
               _("unknown report format “%s” (md, csv, json or hgrm)"), format);
  return NULL;
}

static gboolean
valid_format (const char  *format,
              GError     **error)
{
  const char * const formats[] = { "md", "markdown", "csv", "json", "hgrm", NULL };

  if (format == NULL || g_strv_contains (formats, format))
    return TRUE;
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
               _("unknown report format “%s” (md, csv, json or hgrm)"), format);
  return FALSE;
}

gboolean
vs_cli_write_report (const char  *text,
              const char  *output,
              GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (output == NULL || g_str_equal (output, "-"))
    {
      fputs (text, stdout);
      fflush (stdout);
      return TRUE;
    }
  file = g_file_new_for_commandline_arg (output);
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
}

/* A session file from elsewhere (what it runs was not recorded on this
 * machine) runs nothing unasked: it says what Starting it runs and asks, on
 * a terminal, or needs --yes. Agreeing records it, so it is asked once. */
gboolean
vs_cli_confirm_untrusted (VsSession  *session,
                          const char *command,
                          const char *path,
                          gboolean    yes)
{
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  gboolean flagged = FALSE;
  gboolean agreed = yes;

  if (vs_session_get_trusted (session))
    return TRUE;

  lines = vs_trust_describe (session, templates, &flagged);
  /* Translators: %s is a session file */
  g_printerr (_("%s was not made on this machine. Starting it runs:\n"), path);
  for (guint i = 0; i < lines->len; i++)
    g_printerr ("  %s\n", (const char *) g_ptr_array_index (lines, i));
  if (flagged)
    g_printerr (_("Careful: an environment variable above changes what the program loads, so "
                  "code from anywhere can run in the server.\n"));

  if (!agreed && isatty (STDIN_FILENO) && isatty (STDERR_FILENO))
    {
      char answer[64] = "";

      /* Translators: the answer that agrees is the first letter of "yes" in this language */
      g_printerr (_("Run it? [y/N] "));
      if (fgets (answer, sizeof answer, stdin) != NULL)
        {
          g_strstrip (answer);
          agreed = answer[0] != '\0' &&
                   (g_ascii_strncasecmp (answer, "y", 1) == 0 ||
                    g_str_has_prefix (answer, C_("answer that agrees", "y")));
        }
    }
  if (!agreed)
    {
      /* Translators: the command ("run"), then a file */
      vs_cli_print_error (_("%s: %s was not run: it comes from elsewhere; if what it runs (above) "
                            "is what you want, run it again with --yes"), command, path);
      return FALSE;
    }

  vs_session_set_trusted (session, TRUE);
  fingerprint = vs_trust_fingerprint (session);
  if (!vs_trust_record (fingerprint, &error))
    /* Translators: the run goes on; the file will be asked about again next time */
    g_printerr (_("Not remembered as agreed to (%s): it will be asked about again\n"), error->message);
  return TRUE;
}

/* The folder @path is written into exists and may be written. */
gboolean
vs_cli_check_writable_folder (const char  *path,
                       const char  *what,
                       GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      /* Translators: e.g. "the report (-o): the folder /x does not exist" */
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("%s: the folder %s does not exist"), what, dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("%s: the folder %s cannot be written (%s)"), what, dir, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* After an undecided comparison: the command that continues it, with the
 * trials the next look needs. */
static void
print_continue_hint (VsSession  *session,
                     const char *path)
{
  g_autoptr(VsSessionSummary) summary = vs_session_summarize (session);
  guint more = vs_session_summary_suggest_more (summary);
  g_autofree char *quoted = NULL;
  g_autofree char *estimate = NULL;
  guint trials = vs_session_get_trials (session);

  if (more == 0 || trials == 0)
    return;
  quoted = g_shell_quote (path);
  /* the trials run so far, scaled: the same steps again */
  estimate = vs_format_duration (vs_session_estimate_us (session) / trials * more);
  /* Translators: the command that continues the session, then a duration like "2.1m" */
  g_printerr (_("Undecided. To add trials to this comparison (its intervals stay valid): "
                "versus-cli run %s --more %u (about %s)\n"), quoted, more, estimate);
}

int
vs_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("FILE — run a comparison session, save its results, print the report"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) session = NULL;
  g_autoptr(VsRunner) runner = NULL;
  g_autoptr(VsHistory) history = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *report = NULL;
  gboolean no_history = FALSE;
  gboolean yes = FALSE;
  gboolean ran;
  int trials = -1;   /* -1: not given */
  int more = -1;     /* -1: not given */
  int status = VS_EXIT_OK;
  gboolean trials_failed = FALSE;
  VsCliRunState state = { .phase = VS_RUNNER_PHASE_DONE, .step = G_MAXUINT };
  VsCli cli = { 0 };
  GPtrArray *results;
  GOptionEntry entries[] = {
    { "trials", 'n', 0, G_OPTION_ARG_INT, &trials, N_("Trials per target (default: the session's)"), "N" },
    { "more", 0, 0, G_OPTION_ARG_INT, &more,
      N_("Continue the session's comparison with N more trials per target (its intervals stay valid)"), "N" },
    { "report", 0, 0, G_OPTION_ARG_STRING, &format, N_("md (default), csv or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report here instead of stdout"), N_("OUT") },
    { "no-history", 0, 0, G_OPTION_ARG_NONE, &no_history, N_("Do not add the runs to the history"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
      N_("Run a session file made elsewhere without asking (what it runs is printed first)"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "run"))
    return VS_EXIT_USAGE;
  if (argc != 2)
    {
      vs_cli_print_error (_("run: give exactly one session file (make one with “versus-cli new”)"));
      return VS_EXIT_USAGE;
    }
  if (!valid_format (format, &error) || (format && g_str_equal (format, "hgrm")))
    {
      vs_cli_print_error ("run: %s", error ? error->message
                                           : _("use “versus-cli report FILE --format hgrm” for .hgrm"));
      return VS_EXIT_USAGE;
    }
  if (trials != -1 && (trials < 1 || trials > VS_SESSION_MAX_TRIALS))
    {
      vs_cli_print_error (_("run: trials must be between 1 and %d"), VS_SESSION_MAX_TRIALS);
      return VS_EXIT_USAGE;
    }
  if (more != -1 && trials != -1)
    {
      vs_cli_print_error (_("run: give --more (continue the comparison) or --trials (start it "
                            "again), not both"));
      return VS_EXIT_USAGE;
    }
  if (more != -1 && (more < 1 || more > VS_SESSION_MAX_TRIALS))
    {
      vs_cli_print_error (_("run: --more must be between 1 and %d"), VS_SESSION_MAX_TRIALS);
      return VS_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  session = vs_session_load (file, NULL, &error);
  if (session == NULL)
    {
      vs_cli_print_error ("run: %s", error->message);
      return VS_EXIT_USAGE;
    }
  if (trials > 0)
    vs_session_set_trials (session, trials);
  if (!vs_session_validate (session, &error) || !vs_session_check_here (session, &error) ||
      (more > 0 && !vs_session_continue (session, more, &error)))
    {
      vs_cli_print_error ("run: %s", error->message);
      return VS_EXIT_USAGE;
    }

  /* where the results go is checked before the first trial, not after the last */
  if (!vs_cli_check_writable_folder (argv[1], _("the session file"), &error) ||
      (output != NULL && !vs_cli_check_writable_folder (output, _("the report (-o)"), &error)))
    {
      vs_cli_print_error ("run: %s", error->message);
      return VS_EXIT_USAGE;
    }

  if (!vs_cli_confirm_untrusted (session, "run", argv[1], yes))
    return VS_EXIT_USAGE;

  if (!no_history)
    {
      history = vs_history_open (NULL, &error);
      if (history == NULL)
        {
          vs_cli_print_error (_("run: %s (use --no-history to run without it)"), error->message);
          return VS_EXIT_FAILED;
        }
    }

  /* the session holds the latest comparison, which a continuation extends;
   * the history keeps them all */
  if (more < 0)
    vs_session_clear_results (session);

  vs_cli_init (&cli, "run");
  runner = vs_runner_new (session);
  vs_runner_set_history (runner, history);
  g_signal_connect (runner, "progress", G_CALLBACK (vs_cli_on_progress), &state);
  g_signal_connect (runner, "message", G_CALLBACK (vs_cli_on_message), NULL);
  g_signal_connect (runner, "result", G_CALLBACK (vs_cli_on_result), NULL);

  {
    g_autofree char *estimate = vs_format_duration (vs_session_estimate_pending_us (session));

    if (more > 0)
      /* Translators: the session's name, trials added per target, trials per target in all,
       * then a duration like "2.1m" */
      g_printerr (_("Continuing %s: %d more trials per target (%u in all), about %s\n"),
                  vs_session_get_name (session), more, vs_session_get_trials (session), estimate);
    else
      /* Translators: the session's name, targets, trials per target, then a duration like "2.1m" */
      g_printerr (_("Running %s: %u targets × %u trials, about %s\n"), vs_session_get_name (session),
                  vs_session_get_targets (session)->len, vs_session_get_trials (session), estimate);
  }
  {
    g_autofree char *differences = vs_targets_describe_differences (vs_session_get_targets (session));

    if (differences != NULL)
      g_printerr ("%s\n  %s\n", differences,
                  _("The same workers for every template: “versus-cli new … --workers N”, or "
                    "One Worker per CPU on the setup page; the limits: each target's cpus, "
                    "memory_bytes and cpuset in the session file."));
  }
  vs_runner_run_async (runner, cli.cancellable, vs_cli_done_cb, &cli);
  result = vs_cli_await (&cli);
  ran = vs_runner_run_finish (runner, result, &error);

  /* whatever was measured is kept, even when cancelled */
  results = vs_session_get_results (session);
  if (results->len > 0)
    {
      g_autoptr(GError) save_error = NULL;

      if (!vs_session_save (session, file, NULL, &save_error))
        {
          vs_cli_print_error ("run: %s", save_error->message);
          status = VS_EXIT_FAILED;
        }
      else
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "Saved %u result in %s\n", "Saved %u results in %s\n",
                                 results->len), results->len, argv[1]);
    }

  if (!ran)
    {
      int fail = vs_cli_fail (&cli, error);

      vs_cli_clear (&cli);
      return fail;
    }

  for (guint i = 0; i < results->len; i++)
    if (((VsRunResult *) g_ptr_array_index (results, i))->status != VS_RUN_STATUS_OK)
      trials_failed = TRUE;

  report = make_report (session, format ? format : "md", NULL, &error);
  if (report == NULL || !vs_cli_write_report (report, output, &error))
    {
      /* Translators: the report could not be made or written; the reason follows */
      vs_cli_print_error (_("run: the report was not written: %s"), error->message);
      status = VS_EXIT_FAILED;
    }
  if (trials_failed)
    {
      vs_cli_print_error (_("run: some trials failed (see the report)"));
      status = VS_EXIT_FAILED;
    }
  print_continue_hint (session, argv[1]);

  vs_cli_clear (&cli);
  return status;
}

/* ---------------------------------------------------------------------- */
/* report                                                                  */

int
vs_cli_report (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FILE — the report of a session's results"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VsSession) session = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *target = NULL;
  g_autofree char *report = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("md (default), csv, json or hgrm"), N_("FORMAT") },
    { "target", 't', 0, G_OPTION_ARG_STRING, &target, N_("For hgrm: the target (default: the first)"), N_("LABEL") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report here instead of stdout"), N_("OUT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "report"))
    return VS_EXIT_USAGE;
  if (argc != 2)
    {
      vs_cli_print_error (_("report: give exactly one session file"));
      return VS_EXIT_USAGE;
    }
  if (!valid_format (format, &error))
    {
      vs_cli_print_error ("report: %s", error->message);
      return VS_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  session = vs_session_load (file, NULL, &error);
  if (session == NULL)
    {
      vs_cli_print_error ("report: %s", error->message);
      return VS_EXIT_USAGE;
    }

  report = make_report (session, format ? format : "md", target, &error);
  if (report == NULL)
    {
      vs_cli_print_error ("report: %s", error->message);
      return g_error_matches (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT) ? VS_EXIT_USAGE : VS_EXIT_FAILED;
    }
  if (!vs_cli_write_report (report, output, &error))
    {
      vs_cli_print_error ("report: %s", error->message);
      return VS_EXIT_FAILED;
    }
  return VS_EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* history                                                                 */

int
vs_cli_history (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— past runs, newest first"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VsHistory) history = NULL;
  g_autoptr(GPtrArray) entries_found = NULL;
  g_autofree char *target = NULL;
  g_autofree char *session = NULL;
  g_autofree char *search = NULL;
  gboolean json = FALSE;
  int limit = 50;
  VsHistoryFilter filter = { 0 };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (each run in full)"), NULL },
    { "target", 't', 0, G_OPTION_ARG_STRING, &target, N_("Only this target label"), N_("LABEL") },
    { "session", 's', 0, G_OPTION_ARG_STRING, &session, N_("Only this session id"), "ID" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only runs mentioning this text"), N_("TEXT") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most this many runs (default 50, 0: all)"), "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "history"))
    return VS_EXIT_USAGE;
  if (argc > 1)
    {
      vs_cli_print_error (_("history: unexpected argument “%s”"), argv[1]);
      return VS_EXIT_USAGE;
    }
  if (limit < 0)
    {
      vs_cli_print_error (_("history: the limit cannot be negative"));
      return VS_EXIT_USAGE;
    }

  history = vs_history_open (NULL, &error);
  if (history == NULL)
    {
      vs_cli_print_error ("history: %s", error->message);
      return VS_EXIT_FAILED;
    }

  filter.target_label = target;
  filter.session_id = session;
  filter.text = search;
  filter.limit = limit;
  entries_found = vs_history_query (history, &filter, &error);
  if (entries_found == NULL)
    {
      vs_cli_print_error ("history: %s", error->message);
      return VS_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < entries_found->len; i++)
        {
          VsHistoryEntry *e = g_ptr_array_index (entries_found, i);
          g_autoptr(JsonNode) run = json_from_string (e->json, NULL);

          json_builder_begin_object (b);
          VS_JSON_ADD_INT (b, "id", e->id);
          VS_JSON_ADD_INT (b, "date", e->date);
          VS_JSON_ADD_STRING (b, "session_id", e->session_id);
          VS_JSON_ADD_STRING (b, "session_name", e->session_name);
          VS_JSON_ADD_STRING (b, "target", e->target_label);
          VS_JSON_ADD_STRING (b, "runtime", e->runtime);
          VS_JSON_ADD_STRING (b, "source", e->source);
          VS_JSON_ADD_STRING (b, "scenario", e->scenario);
          VS_JSON_ADD_STRING (b, "status", e->status);
          json_builder_set_member_name (b, "run");
          if (run)
            json_builder_add_value (b, g_steal_pointer (&run));
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return VS_EXIT_OK;
    }

  if (entries_found->len == 0)
    {
      if (target || session || search)
        g_print (_("No runs in %s match.\n"), vs_history_get_path (history));
      else
        g_print (_("No runs in %s yet.\n"), vs_history_get_path (history));
      return VS_EXIT_OK;
    }

  /* Translators: the columns of `versus-cli history`; "trial" has room for 5 characters */
  g_print ("%-16s  %-24s %-12s %5s %-9s %10s %9s %9s %9s\n", C_("history column", "date"),
           C_("history column", "session"), C_("history column", "target"),
           C_("history column", "trial"), C_("history column", "status"), "req/s", "p50", "p99",
           C_("history column", "memory"));
  for (guint i = 0; i < entries_found->len; i++)
    {
      VsHistoryEntry *e = g_ptr_array_index (entries_found, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (e->date);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      g_autofree char *date = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
      g_autofree char *rps = vs_metric_format (VS_METRIC_REQUESTS_PER_S, e->requests_per_s);
      g_autofree char *p50 = vs_metric_format (VS_METRIC_P50, e->p50_ms);
      g_autofree char *p99 = vs_metric_format (VS_METRIC_P99, e->p99_ms);
      g_autofree char *mem = vs_metric_format (VS_METRIC_MEMORY,
                                               e->memory_peak_bytes >= 0 ? (double) e->memory_peak_bytes : NAN);

      g_print ("%-16s  %-24.24s %-12.12s %5u %-9s %10s %9s %9s %9s\n", date,
               e->session_name ? e->session_name : "", e->target_label, e->trial + 1, e->status,
               rps, p50, p99, mem);
    }
  return VS_EXIT_OK;
}
