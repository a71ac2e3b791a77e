/* vs-cli-study.c — versus-cli study new | run | report
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "vs-cli-private.h"
#include "vs-history.h"
#include "vs-study-runner.h"
#include "vs-template.h"
#include "vs-util.h"

static char *
make_report (VsStudy     *study,
             const char  *format,
             GError     **error)
{
  if (format == NULL || g_str_equal (format, "md") || g_str_equal (format, "markdown"))
    return vs_study_report_markdown (study);
  if (g_str_equal (format, "csv"))
    return vs_study_report_csv (study);
  if (g_str_equal (format, "json"))
    return vs_study_report_json (study);
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
               _("unknown report format “%s” (md, csv or json)"), format);
  return NULL;
}

static gboolean
valid_format (const char  *format,
              GError     **error)
{
  const char * const formats[] = { "md", "markdown", "csv", "json", NULL };

  if (format == NULL || g_strv_contains (formats, format))
    return TRUE;
  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
               _("unknown report format “%s” (md, csv or json)"), format);
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* study new                                                               */

static int
study_new (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— write a ready study"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VsStudy) study = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autofree char *preset = NULL;
  g_autofree char *output = NULL;
  g_autofree char *runtime_name = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *warmup = NULL;
  gboolean force = FALSE;
  int trials = -1;   /* -1: the preset's */
  VsRuntimeKind kind;
  GPtrArray *targets;
  VsSession *comparison;
  gint64 estimate;
  GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset,
      N_("article-claims (default: every quantitative claim of the article, with sweeps) or "
         "article-claims-quick (the same with short trials)"), "P" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (default: PRESET.versus-study)"),
      N_("FILE") },
    { "runtime", 'r', 0, G_OPTION_ARG_STRING, &runtime_name, N_("podman, docker, process or auto (default)"), "R" },
    { "trials", 'n', 0, G_OPTION_ARG_INT, &trials, N_("Trials per target in every cell (default: the preset's)"), "N" },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &duration,
      N_("The measured phase of every trial, e.g. 30s (default: the preset's)"), "D" },
    { "warmup", 0, 0, G_OPTION_ARG_STRING, &warmup, N_("The warm-up before it (default: the preset's)"), "D" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Overwrite an existing file"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "study new"))
    return VS_EXIT_USAGE;
  if (argc > 1)
    {
      vs_cli_print_error (_("study new: unexpected argument “%s”"), argv[1]);
      return VS_EXIT_USAGE;
    }
  if (!vs_cli_parse_runtime (runtime_name, &kind, &error) ||
      !(study = vs_study_new_preset (preset ? preset : "article-claims", &error)))
    {
      vs_cli_print_error ("study new: %s", error->message);
      return VS_EXIT_USAGE;
    }
  comparison = vs_study_get_comparison (study);
  targets = vs_session_get_targets (comparison);
  for (guint i = 0; i < targets->len; i++)
    vs_target_set_runtime (g_ptr_array_index (targets, i), kind);
  /* the preset's plan, scaled by the options: checked as a session's are */
  {
    VsLoadProfile *profile = vs_session_get_profile (comparison);
    gint64 usec = 0;

    if (trials != -1 && !vs_session_check_trials (trials, &error))
      {
        vs_cli_print_error ("study new: --trials: %s", error->message);
        return VS_EXIT_USAGE;
      }
    if (trials != -1)
      vs_session_set_trials (comparison, trials);
    if (duration != NULL &&
        (!vs_parse_duration (duration, &usec, &error) || !vs_load_profile_check_duration (usec, &error)))
      {
        vs_cli_print_error ("study new: --duration: %s", error->message);
        return VS_EXIT_USAGE;
      }
    if (duration != NULL)
      vs_load_profile_set_duration_us (profile, usec);
    if (warmup != NULL &&
        (!vs_parse_duration (warmup, &usec, &error) || !vs_load_profile_check_warmup (usec, &error)))
      {
        vs_cli_print_error ("study new: --warmup: %s", error->message);
        return VS_EXIT_USAGE;
      }
    if (warmup != NULL)
      vs_load_profile_set_warmup_us (profile, usec);
  }

  if (output == NULL)
    output = g_strdup_printf ("%s.versus-study", preset ? preset : "article-claims");
  file = g_file_new_for_commandline_arg (output);
  if (!force && g_file_query_exists (file, NULL))
    {
      vs_cli_print_error (_("study new: %s exists already (use --force to overwrite it)"), output);
      return VS_EXIT_USAGE;
    }
  if (!vs_study_save (study, file, NULL, &error))
    {
      vs_cli_print_error ("study new: %s", error->message);
      return VS_EXIT_FAILED;
    }

  templates = vs_template_list (NULL);
  estimate = vs_study_estimate_pending_us (study, templates);
  {
    g_autofree char *length = vs_format_duration (estimate);

    /* Translators: the file, the study's name, its cells, claims, a duration like "9.5m", the file */
    g_print (_("Wrote %s: %s, %u cells, %u claims, about %s. Run it with “versus-cli study run %s”.\n"),
             output, vs_study_get_name (study), vs_study_get_cells (study)->len,
             vs_study_get_claims (study)->len, length, output);
  }
  return VS_EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* study run                                                               */

typedef struct
{
  VsStudy       *study;
  GFile         *file;
  const char    *path;
  GPtrArray     *templates;
  VsCliRunState  state;
  guint          n_to_run;
  guint          n_started;
  gint64         started;
  gboolean       save_failed;
  gboolean       trials_failed;
} StudyRun;

static void
on_cell_started (VsStudyRunner *runner,
                 guint          index,
                 VsRunner      *cell_runner,
                 StudyRun      *run)
{
  VsStudyCell *cell = g_ptr_array_index (vs_study_get_cells (run->study), index);
  g_autofree char *left = vs_format_duration (vs_study_estimate_pending_us (run->study, run->templates));
  g_autofree char *elapsed = vs_format_duration (g_get_monotonic_time () - run->started);

  run->n_started++;
  run->state.phase = VS_RUNNER_PHASE_DONE;
  run->state.step = G_MAXUINT;
  /* Translators: the cell's position among those to run, their number, its title and id,
   * the study's time so far and its time left (durations like "2.1m") */
  g_printerr (_("Cell %u/%u: %s (%s); %s so far, about %s left\n"), run->n_started, run->n_to_run,
              cell->title, cell->id, elapsed, left);
  g_signal_connect (cell_runner, "progress", G_CALLBACK (vs_cli_on_progress), &run->state);
  g_signal_connect (cell_runner, "message", G_CALLBACK (vs_cli_on_message), NULL);
  g_signal_connect (cell_runner, "result", G_CALLBACK (vs_cli_on_result), NULL);
}

/* Each finished cell is saved at once: a stop, a crash or a kill later
 * keeps it. */
static void
on_cell_finished (VsStudyRunner *runner,
                  guint          index,
                  StudyRun      *run)
{
  VsStudyCell *cell = g_ptr_array_index (vs_study_get_cells (run->study), index);
  g_autoptr(GError) error = NULL;

  if (cell->state == VS_CELL_FAILED)
    /* Translators: a cell's id, then why it could not run */
    g_printerr (_("Cell %s failed: %s\n"), cell->id, cell->reason);
  else if (cell->session != NULL)
    {
      g_autoptr(VsSessionSummary) summary = vs_session_summarize (cell->session);
      g_autofree char *verdict = vs_session_summary_verdict (summary);
      GPtrArray *results = vs_session_get_results (cell->session);

      g_printerr (_("Cell %s finished: %s\n"), cell->id, verdict);
      for (guint i = 0; i < results->len; i++)
        if (((VsRunResult *) g_ptr_array_index (results, i))->status != VS_RUN_STATUS_OK)
          run->trials_failed = TRUE;
    }

  if (!vs_study_save (run->study, run->file, NULL, &error))
    {
      vs_cli_print_error ("study run: %s", error->message);
      run->save_failed = TRUE;
    }
}

static void
on_probe_started (VsStudyRunner *runner,
                  VsStudyProbe  *probe,
                  VsRunner      *probe_runner,
                  StudyRun      *run)
{
  g_autofree char *left = vs_format_duration (vs_study_estimate_pending_us (run->study, run->templates));
  g_autofree char *elapsed = vs_format_duration (g_get_monotonic_time () - run->started);

  run->state.phase = VS_RUNNER_PHASE_DONE;
  run->state.step = G_MAXUINT;
  /* Translators: a capacity search's id, a target, a rate, the study's time so far and at
   * most its time left (durations like "2.1m") */
  g_printerr (_("Capacity %s, %s at %.0f req/s; %s so far, at most %s left\n"), probe->capacity,
              probe->target, probe->rate, elapsed, left);
  g_signal_connect (probe_runner, "progress", G_CALLBACK (vs_cli_on_progress), &run->state);
  g_signal_connect (probe_runner, "message", G_CALLBACK (vs_cli_on_message), NULL);
  g_signal_connect (probe_runner, "result", G_CALLBACK (vs_cli_on_result), NULL);
}

static void
on_probe_finished (VsStudyRunner *runner,
                   VsStudyProbe  *probe,
                   StudyRun      *run)
{
  g_autoptr(GError) error = NULL;

  if (probe->state == VS_CELL_FAILED)
    g_printerr (_("The probe could not run: %s\n"), probe->reason);
  if (!vs_study_save (run->study, run->file, NULL, &error))
    {
      vs_cli_print_error ("study run: %s", error->message);
      run->save_failed = TRUE;
    }
}

/* Cells still to run, and capacity searches not finished */
static guint
count_to_run (VsStudy *study)
{
  GPtrArray *capacities = vs_study_get_capacities (study);
  guint n_targets = vs_session_get_targets (vs_study_get_comparison (study))->len;
  guint n = vs_study_get_cells (study)->len - vs_study_count_cells (study, VS_CELL_DONE);

  for (guint i = 0; i < capacities->len; i++)
    for (guint t = 0; t < n_targets; t++)
      {
        VsCapacityResult result;

        vs_study_capacity_search (study, g_ptr_array_index (capacities, i), t, &result);
        if (result.state == VS_CAPACITY_SEARCHING || result.state == VS_CAPACITY_FAILED)
          n++;
      }
  return n;
}

static int
study_run (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("FILE — run a study's cells still to run, save each, print the report"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VsStudy) study = NULL;
  g_autoptr(VsStudyRunner) runner = NULL;
  g_autoptr(VsHistory) history = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *report = NULL;
  gboolean no_history = FALSE;
  gboolean yes = FALSE;
  gboolean again = FALSE;
  gboolean ran;
  int status = VS_EXIT_OK;
  guint n_cells, n_done;
  StudyRun run = { 0 };
  VsCli cli = { 0 };
  GOptionEntry entries[] = {
    { "again", 0, 0, G_OPTION_ARG_NONE, &again,
      N_("Measure every cell again (default: only those not finished)"), NULL },
    { "report", 0, 0, G_OPTION_ARG_STRING, &format, N_("md (default), csv or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report here instead of stdout"), N_("OUT") },
    { "no-history", 0, 0, G_OPTION_ARG_NONE, &no_history, N_("Do not add the runs to the history"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
      N_("Run a study file made elsewhere without asking (what it runs is printed first)"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "study run"))
    return VS_EXIT_USAGE;
  if (argc != 2)
    {
      vs_cli_print_error (_("study run: give exactly one study file (make one with “versus-cli study new”)"));
      return VS_EXIT_USAGE;
    }
  if (!valid_format (format, &error))
    {
      vs_cli_print_error ("study run: %s", error->message);
      return VS_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  study = vs_study_load (file, NULL, &error);
  if (study == NULL)
    {
      vs_cli_print_error ("study run: %s", error->message);
      return VS_EXIT_USAGE;
    }
  if (again)
    vs_study_clear_results (study);

  templates = vs_template_list (NULL);
  if (!vs_study_validate (study, templates, &error) ||
      !vs_cli_check_writable_folder (argv[1], _("the study file"), &error) ||
      (output != NULL && !vs_cli_check_writable_folder (output, _("the report (-o)"), &error)))
    {
      vs_cli_print_error ("study run: %s", error->message);
      return VS_EXIT_USAGE;
    }
  if (!vs_study_get_trusted (study))
    {
      if (!vs_cli_confirm_untrusted (vs_study_get_comparison (study), "study run", argv[1], yes))
        return VS_EXIT_USAGE;
      vs_study_set_trusted (study, TRUE);
    }

  if (!no_history)
    {
      history = vs_history_open (NULL, &error);
      if (history == NULL)
        {
          vs_cli_print_error (_("study run: %s (use --no-history to run without it)"), error->message);
          return VS_EXIT_FAILED;
        }
    }

  n_cells = vs_study_get_cells (study)->len;
  n_done = vs_study_count_cells (study, VS_CELL_DONE);
  run.study = study;
  run.file = file;
  run.path = argv[1];
  run.templates = templates;
  run.n_to_run = n_cells - n_done;
  run.started = g_get_monotonic_time ();

  if (count_to_run (study) == 0)
    g_printerr (_("Every cell of %s is finished (use --again to measure them again)\n"), argv[1]);
  else
    {
      g_autofree char *estimate = vs_format_duration (vs_study_estimate_pending_us (study, templates));

      if (n_done > 0 || vs_study_get_probes (study)->len > 0)
        /* Translators: the study's name, cells finished, cells in all, cells to run, a duration */
        g_printerr (_("Continuing %s: %u of %u cells are finished, %u to run, at most %s\n"),
                    vs_study_get_name (study), n_done, n_cells, run.n_to_run, estimate);
      else
        /* Translators: the study's name, its cells, its capacity searches, a duration like "9.5m" */
        g_printerr (_("Running %s: %u cells and %u capacity searches, at most %s\n"),
                    vs_study_get_name (study), n_cells, vs_study_get_capacities (study)->len, estimate);

      vs_cli_init (&cli, "study run");
      runner = vs_study_runner_new (study, templates);
      vs_study_runner_set_history (runner, history);
      g_signal_connect (runner, "cell-started", G_CALLBACK (on_cell_started), &run);
      g_signal_connect (runner, "cell-finished", G_CALLBACK (on_cell_finished), &run);
      g_signal_connect (runner, "probe-started", G_CALLBACK (on_probe_started), &run);
      g_signal_connect (runner, "probe-finished", G_CALLBACK (on_probe_finished), &run);
      vs_study_runner_run_async (runner, cli.cancellable, vs_cli_done_cb, &cli);
      result = vs_cli_await (&cli);
      ran = vs_study_runner_run_finish (runner, result, &error);
      if (!ran)
        {
          int fail;

          /* Translators: cells finished, cells in all, the file */
          g_printerr (_("Stopped: %u of %u cells are finished and saved in %s; run it again to go on\n"),
                      vs_study_count_cells (study, VS_CELL_DONE), n_cells, argv[1]);
          fail = vs_cli_fail (&cli, error);
          vs_cli_clear (&cli);
          return fail;
        }
      vs_cli_clear (&cli);
    }

  report = make_report (study, format, &error);
  if (report == NULL || !vs_cli_write_report (report, output, &error))
    {
      vs_cli_print_error (_("study run: the report was not written: %s"), error->message);
      status = VS_EXIT_FAILED;
    }
  if (run.save_failed)
    {
      vs_cli_print_error (_("study run: the study file could not be saved (see above); the trials "
                            "are in the history"));
      status = VS_EXIT_FAILED;
    }
  if (vs_study_count_cells (study, VS_CELL_FAILED) > 0)
    {
      vs_cli_print_error (_("study run: %u cells could not run (see the report)"),
                          vs_study_count_cells (study, VS_CELL_FAILED));
      status = VS_EXIT_FAILED;
    }
  else if (count_to_run (study) > 0)
    {
      vs_cli_print_error (_("study run: a capacity search could not finish (see the report)"));
      status = VS_EXIT_FAILED;
    }
  else if (run.trials_failed)
    {
      vs_cli_print_error (_("study run: some trials failed (see the report)"));
      status = VS_EXIT_FAILED;
    }
  return status;
}

/* ---------------------------------------------------------------------- */
/* study report                                                            */

static int
study_report (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FILE — print a study's results"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VsStudy) study = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *report = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("md (default), csv or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report here instead of stdout"), N_("OUT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "study report"))
    return VS_EXIT_USAGE;
  if (argc != 2)
    {
      vs_cli_print_error (_("study report: give exactly one study file"));
      return VS_EXIT_USAGE;
    }
  if (!valid_format (format, &error))
    {
      vs_cli_print_error ("study report: %s", error->message);
      return VS_EXIT_USAGE;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  study = vs_study_load (file, NULL, &error);
  if (study == NULL)
    {
      vs_cli_print_error ("study report: %s", error->message);
      return VS_EXIT_USAGE;
    }
  report = make_report (study, format, &error);
  if (report == NULL || !vs_cli_write_report (report, output, &error))
    {
      vs_cli_print_error ("study report: %s", error->message);
      return VS_EXIT_FAILED;
    }
  return VS_EXIT_OK;
}

/* ---------------------------------------------------------------------- */

int
vs_cli_study (int    argc,
              char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "new"))
    return study_new (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "run"))
    return study_run (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "report"))
    return study_report (argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s\n\n  new     %s\n  run     %s\n  report  %s\n",
               _("Usage: versus-cli study new|run|report [OPTION…]"),
               _("Write a ready study (--preset article-claims or article-claims-quick)"),
               _("Run the cells still to run, saving each as it finishes"),
               _("Print the study's results: claims, cells, sweeps (md, csv or json)"));
      return VS_EXIT_OK;
    }
  if (argc < 2)
    vs_cli_print_error (_("study: say new, run or report (try “versus-cli study --help”)"));
  else
    vs_cli_print_error (_("study: unknown command “%s” (new, run or report)"), argv[1]);
  return VS_EXIT_USAGE;
}
