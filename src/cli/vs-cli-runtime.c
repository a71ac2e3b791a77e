/* vs-cli-runtime.c — runtimes, build, serve, cleanup
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "vs-cli-private.h"
#include "vs-json-util.h"
#include "vs-runtime.h"
#include "vs-util.h"

/* ---------------------------------------------------------------------- */
/* runtimes                                                                */

typedef struct
{
  VsCli         *cli;
  VsRuntimeInfo *infos[3];
  guint          pending;
} ProbeAll;

static const VsRuntimeKind all_kinds[] = {
  VS_RUNTIME_KIND_PODMAN, VS_RUNTIME_KIND_DOCKER, VS_RUNTIME_KIND_PROCESS,
};

static void
probe_all_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ProbeAll *all = user_data;
  VsRuntimeInfo *info = vs_runtime_probe_finish (VS_RUNTIME (object), result, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    if (all_kinds[i] == vs_runtime_get_kind (VS_RUNTIME (object)))
      all->infos[i] = info;

  if (--all->pending == 0)
    g_main_loop_quit (all->cli->loop);
}

/* Probes every runtime at once; infos are NULL where interrupted. */
static void
probe_all (VsCli      *cli,
           ProbeAll *all)
{
  g_autoptr(GPtrArray) runtimes = g_ptr_array_new_with_free_func (g_object_unref);

  all->cli = cli;
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      VsRuntime *runtime = vs_runtime_new (all_kinds[i]);

      g_ptr_array_add (runtimes, runtime);
      all->pending++;
      vs_runtime_probe_async (runtime, cli->cancellable, probe_all_cb, all);
    }
  while (all->pending > 0)
    g_main_loop_run (cli->loop);
}

int
vs_cli_runtimes (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— which runtimes can run targets, and why not"));
  VsCli cli = { 0 };
  ProbeAll all = { 0 };
  gboolean json = FALSE;
  const char *best = NULL;
  int status = VS_EXIT_OK;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "runtimes"))
    return VS_EXIT_USAGE;
  if (argc > 1)
    {
      vs_cli_print_error (_("runtimes: unexpected argument “%s”"), argv[1]);
      return VS_EXIT_USAGE;
    }

  vs_cli_init (&cli, "runtimes");
  probe_all (&cli, &all);

  if (vs_cli_interrupted (&cli))
    {
      vs_cli_print_error (_("runtimes: interrupted"));
      status = VS_EXIT_INTERRUPT;
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    if (best == NULL && all.infos[i] && all.infos[i]->status == VS_RUNTIME_STATUS_AVAILABLE)
      best = vs_runtime_kind_to_string (all_kinds[i]);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "runtimes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
        {
          VsRuntimeInfo *info = all.infos[i];

          json_builder_begin_object (builder);
          VS_JSON_ADD_STRING (builder, "runtime", vs_runtime_kind_to_string (all_kinds[i]));
          VS_JSON_ADD_STRING (builder, "name", info->name);
          VS_JSON_ADD_STRING (builder, "status", vs_runtime_status_to_string (info->status));
          VS_JSON_ADD_STRING (builder, "version", info->version);
          VS_JSON_ADD_STRING (builder, "reason", info->reason);
          VS_JSON_ADD_STRING (builder, "endpoint", info->endpoint);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      VS_JSON_ADD_STRING (builder, "default", best);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
        {
          VsRuntimeInfo *info = all.infos[i];
          g_autofree char *what = NULL;

          if (info->status == VS_RUNTIME_STATUS_AVAILABLE)
            {
              GString *text = g_string_new (info->name);

              if (info->version)
                g_string_append_printf (text, " %s", info->version);
              if (info->endpoint)
                {
                  g_string_append_c (text, ' ');
                  g_string_append_printf (text, _("at %s"), info->endpoint);
                }
              what = g_string_free (text, FALSE);
            }
          else
            what = g_strdup (info->reason);
          g_print ("%-8s %-14s %s\n", vs_runtime_kind_to_string (all_kinds[i]),
                   vs_runtime_status_to_string (info->status), what);
        }
      /* Translators: the runtime used when none is asked for, e.g. "default: podman" */
      g_print (_("default: %s\n"), best ? best : C_("runtime", "none"));
    }

out:
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    vs_runtime_info_free (all.infos[i]);
  vs_cli_clear (&cli);
  return status;
}

/* ---------------------------------------------------------------------- */
/* build                                                                   */

static void
print_build_line (const char *line,
                  gpointer    user_data)
{
  g_print ("%s\n", line);
}

int
vs_cli_build (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("TEMPLATE — build a template's image"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTemplate) template = NULL;
  g_autoptr(VsRuntime) runtime = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *runtime_name = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *image_id = NULL;
  g_auto(GStrv) build_args = NULL;
  VsRuntimeKind kind;
  VsCli cli = { 0 };
  gint64 begin;
  int status = VS_EXIT_OK;
  GOptionEntry entries[] = {
    { "runtime", 'r', 0, G_OPTION_ARG_STRING, &runtime_name, N_("podman, docker, process or auto (default)"), "R" },
    { "build-arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &build_args, N_("A build argument, e.g. BASE_IMAGE=node:20"), "K=V" },
    { "tag", 't', 0, G_OPTION_ARG_STRING, &tag, N_("The image name (default: localhost/versus/TEMPLATE:latest)"), N_("NAME") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "build"))
    return VS_EXIT_USAGE;
  if (argc != 2)
    {
      vs_cli_print_error (_("build: give exactly one template (see “versus-cli templates”)"));
      return VS_EXIT_USAGE;
    }

  /* everything a user typed is checked before any command runs */
  if (!vs_cli_parse_runtime (runtime_name, &kind, &error) ||
      !vs_validate_build_args ((const char * const *) build_args, &error) ||
      (tag != NULL && !vs_validate_image_reference (tag, &error)) ||
      !(template = vs_find_template (argv[1], &error)))
    {
      vs_cli_print_error ("build: %s", error->message);
      return VS_EXIT_USAGE;
    }

  vs_cli_init (&cli, "build");
  runtime = vs_cli_get_runtime (&cli, kind, NULL, &error);
  if (runtime == NULL)
    {
      status = vs_cli_fail (&cli, error);
      goto out;
    }

  if (tag == NULL)
    tag = vs_target_template_image (template->name);

  begin = g_get_monotonic_time ();
  vs_runtime_build_async (runtime, template, tag, (const char * const *) build_args,
                          print_build_line, NULL, cli.cancellable, vs_cli_done_cb, &cli);
  result = vs_cli_await (&cli);
  image_id = vs_runtime_build_finish (runtime, result, &error);
  if (image_id == NULL)
    {
      status = vs_cli_fail (&cli, error);
      goto out;
    }

  {
    g_autofree char *took = vs_format_duration (g_get_monotonic_time () - begin);

    if (vs_runtime_get_kind (runtime) == VS_RUNTIME_KIND_PROCESS)
      g_print (_("Installed the %s template for local processes in %s (%s)\n"),
               template->name, image_id, took);
    else
      g_print (_("Built %s with %s: %s (%s)\n"), tag, vs_runtime_get_name (runtime), image_id, took);
  }

out:
  vs_cli_clear (&cli);
  return status;
}

/* ---------------------------------------------------------------------- */
/* serve                                                                   */

static void
print_sample (VsSampler      *sampler,
              const VsSample *sample,
              gpointer        user_data)
{
  g_autofree char *memory = sample->memory_bytes >= 0 ? vs_format_bytes (sample->memory_bytes)
                                                      : g_strdup ("?");

  if (sample->cpu_percent >= 0)
    /* Translators: a sample: seconds since the start, CPU use and memory use */
    g_print (_("%7.1f s  CPU %6.1f %%  memory %s\n"), sample->elapsed_us / 1e6,
             sample->cpu_percent, memory);
  else
    /* Translators: a sample whose CPU use is not known yet */
    g_print (_("%7.1f s  CPU      ? %%  memory %s\n"), sample->elapsed_us / 1e6, memory);
}

static gboolean
serve_deadline_cb (gpointer user_data)
{
  VsCli *cli = user_data;

  g_main_loop_quit (cli->loop);
  return G_SOURCE_REMOVE;
}

/* Stops @instance whatever happened, with no cancellable. */
static gboolean
stop_instance (VsCli        *cli,
               VsInstance *instance,
               GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vs_instance_stop_async (instance, NULL, vs_cli_done_cb, cli);
  result = vs_cli_await (cli);
  return vs_instance_stop_finish (instance, result, error);
}

int
vs_cli_serve (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("TEMPLATE|IMAGE — start a target, report its startup time, "
                             "sample its CPU and memory until Ctrl-C, then remove it"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VsTarget) target = vs_target_new ();
  g_autoptr(VsTemplate) template = NULL;
  g_autoptr(VsRuntime) runtime = NULL;
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(VsSampler) sampler = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *runtime_name = NULL;
  g_autofree char *cpus = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *cpuset = NULL;
  g_autofree char *timeout = NULL;
  g_autofree char *interval = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *label = NULL;
  g_autofree char *health = NULL;
  g_auto(GStrv) env = NULL;
  gint64 timeout_us = 60 * G_USEC_PER_SEC;
  gint64 interval_us = G_USEC_PER_SEC;
  gint64 duration_us = 0;
  int port = 0;
  int container_port = 0;
  int workers = 1;
  VsRuntimeKind kind;
  VsCli cli = { 0 };
  int status = VS_EXIT_OK;
  GOptionEntry entries[] = {
    { "runtime", 'r', 0, G_OPTION_ARG_STRING, &runtime_name, N_("podman, docker, process or auto (default)"), "R" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Host port on 127.0.0.1 (default: a free one)"), "P" },
    { "container-port", 0, 0, G_OPTION_ARG_INT, &container_port, N_("The port the server listens on in the container (needed for an image)"), "P" },
    { "cpus", 0, 0, G_OPTION_ARG_STRING, &cpus, N_("CPU limit in cores, e.g. 1 or 0.5"), "N" },
    { "memory", 0, 0, G_OPTION_ARG_STRING, &memory, N_("Memory limit, e.g. 512m"), "M" },
    { "cpuset", 0, 0, G_OPTION_ARG_STRING, &cpuset, N_("CPUs to run on, e.g. 0 or 0-1"), "S" },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &workers, N_("Server worker processes of a template (default 1)"), "N" },
    { "env", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &env, N_("An environment variable for the server"), "K=V" },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("A name for the target"), "L" },
    { "health", 0, 0, G_OPTION_ARG_STRING, &health, N_("Path polled until a 2xx (default: the template's, or /)"), N_("PATH") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &timeout, N_("How long to wait for readiness (default 60s)"), "D" },
    { "interval", 'i', 0, G_OPTION_ARG_STRING, &interval, N_("Sampling interval (default 1s)"), "D" },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &duration, N_("Stop after this long instead of waiting for Ctrl-C"), "D" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "serve"))
    return VS_EXIT_USAGE;
  if (argc != 2)
    {
      vs_cli_print_error (_("serve: give exactly one template or image"));
      return VS_EXIT_USAGE;
    }

  /* a template name, else an image */
  template = vs_find_template (argv[1], NULL);
  if (template != NULL)
    vs_target_set_template_name (target, template->name);
  else
    vs_target_set_image (target, argv[1]);
  vs_target_set_label (target, label ? label : argv[1]);

  if (!vs_cli_parse_runtime (runtime_name, &kind, &error) ||
      (cpus && !vs_parse_cpus (cpus, &target->cpus, &error)) ||
      (memory && !vs_parse_memory_size (memory, &target->memory_bytes, &error)) ||
      (timeout && !vs_parse_duration (timeout, &timeout_us, &error)) ||
      (interval && !vs_parse_duration (interval, &interval_us, &error)) ||
      (duration && !vs_parse_duration (duration, &duration_us, &error)))
    {
      vs_cli_print_error ("serve: %s", error->message);
      return VS_EXIT_USAGE;
    }
  if (port < 0 || port > 65535 || container_port < 0 || container_port > 65535)
    {
      vs_cli_print_error (_("serve: port %d is out of range (1 to 65535)"), port < 0 || port > 65535 ? port : container_port);
      return VS_EXIT_USAGE;
    }
  if (interval_us < 10000)
    {
      vs_cli_print_error (_("serve: the sampling interval must be at least 10ms"));
      return VS_EXIT_USAGE;
    }
  vs_target_set_runtime (target, kind);
  vs_target_set_host_port (target, port);
  vs_target_set_container_port (target, container_port);
  vs_target_set_cpuset (target, cpuset);
  if (workers < 1 || workers > VS_TARGET_MAX_WORKERS || (workers > 1 && template == NULL))
    {
      if (template == NULL)
        vs_cli_print_error (_("serve: --workers is for a template; an image runs the workers it was built with "
                              "(pass its own setting with --env)"));
      else
        vs_cli_print_error (_("serve: %d workers is out of range (1 to %u)"), workers, VS_TARGET_MAX_WORKERS);
      return VS_EXIT_USAGE;
    }
  vs_target_set_workers (target, workers);
  vs_target_set_health_path (target, health);
  vs_target_set_ready_timeout_us (target, timeout_us);
  for (guint i = 0; env && env[i]; i++)
    if (!vs_target_add_env_assignment (target, env[i], &error))
      {
        vs_cli_print_error ("serve: %s", error->message);
        return VS_EXIT_USAGE;
      }
  if (template == NULL && !vs_validate_image_reference (target->image, &error))
    {
      vs_cli_print_error (_("serve: “%s” is not a template (see “versus-cli templates”) and %s"),
                          argv[1], error->message);
      return VS_EXIT_USAGE;
    }
  if (!vs_target_validate (target, &error))
    {
      vs_cli_print_error ("serve: %s", error->message);
      return VS_EXIT_USAGE;
    }

  vs_cli_init (&cli, "serve");
  runtime = vs_cli_get_runtime (&cli, kind, target, &error);
  if (runtime == NULL)
    {
      status = vs_cli_fail (&cli, error);
      goto out;
    }

  g_printerr (_("Starting %s with %s…\n"), argv[1], vs_runtime_get_name (runtime));
  vs_runtime_start_async (runtime, target, NULL, cli.cancellable, vs_cli_done_cb, &cli);
  result = vs_cli_await (&cli);
  instance = vs_runtime_start_finish (runtime, result, &error);
  g_clear_object (&result);
  if (instance == NULL)
    {
      status = vs_cli_fail (&cli, error);
      goto out;
    }

  vs_instance_wait_ready_async (instance, timeout_us, cli.cancellable, vs_cli_done_cb, &cli);
  result = vs_cli_await (&cli);
  if (!vs_instance_wait_ready_finish (instance, result, &error))
    {
      g_autoptr(GError) stop_error = NULL;

      status = vs_cli_fail (&cli, error);
      if (!stop_instance (&cli, instance, &stop_error))
        vs_cli_print_error ("serve: %s", stop_error->message);
      goto out;
    }

  {
    g_autofree char *startup = vs_format_duration (vs_instance_get_startup_us (instance));

    if (vs_instance_get_image_id (instance))
      /* Translators: label, URL, startup time, container name and image id */
      g_print (_("%s is ready at %s after %s (%s, image %s)\n"), target->label,
               vs_instance_get_url (instance), startup, vs_instance_get_name (instance),
               vs_instance_get_image_id (instance));
    else
      /* Translators: label, URL, startup time and process name */
      g_print (_("%s is ready at %s after %s (%s)\n"), target->label,
               vs_instance_get_url (instance), startup, vs_instance_get_name (instance));
  }

  sampler = vs_instance_new_sampler (instance);
  vs_sampler_set_interval (sampler, interval_us);
  g_signal_connect (sampler, "sample", G_CALLBACK (print_sample), NULL);
  vs_sampler_start (sampler);
  if (duration_us > 0)
    g_timeout_add_full (G_PRIORITY_DEFAULT, duration_us / 1000, serve_deadline_cb, &cli, NULL);
  else
    g_printerr (_("Sampling every %s; Ctrl-C stops and removes it.\n"), interval ? interval : "1s");

  /* until Ctrl-C, the deadline, or the server dies */
  while (!vs_cli_interrupted (&cli) && !vs_instance_has_exited (instance))
    {
      g_main_loop_run (cli.loop);
      if (duration_us > 0 && !vs_cli_interrupted (&cli))
        break;
    }
  vs_sampler_stop (sampler);

  if (vs_instance_has_exited (instance))
    {
      vs_cli_print_error (_("serve: %s exited while serving"), target->label);
      status = VS_EXIT_FAILED;
    }

  {
    g_autofree char *peak = vs_format_bytes (vs_sampler_get_peak_memory (sampler));

    g_print (_("%s: mean CPU %.1f %%, peak CPU %.1f %%, peak memory %s\n"), target->label,
             vs_sampler_get_mean_cpu (sampler), vs_sampler_get_peak_cpu (sampler), peak);
  }

  if (!stop_instance (&cli, instance, &error))
    {
      vs_cli_print_error ("serve: %s", error->message);
      status = VS_EXIT_FAILED;
    }
  else
    g_printerr (_("Stopped and removed %s.\n"), vs_instance_get_name (instance));

out:
  vs_cli_clear (&cli);
  return status;
}

/* ---------------------------------------------------------------------- */
/* cleanup                                                                 */

int
vs_cli_cleanup (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("— remove every container and process Versus left running"));
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime_name = NULL;
  g_autofree char *session = NULL;
  VsRuntimeKind kind;
  VsCli cli = { 0 };
  int status = VS_EXIT_OK;
  GOptionEntry entries[] = {
    { "runtime", 'r', 0, G_OPTION_ARG_STRING, &runtime_name, N_("Only this runtime (default: every available one)"), "R" },
    { "session", 0, 0, G_OPTION_ARG_STRING, &session, N_("Only what this session started"), "ID" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vs_cli_parse_args (context, &argc, &argv, "cleanup"))
    return VS_EXIT_USAGE;
  if (argc > 1)
    {
      vs_cli_print_error (_("cleanup: unexpected argument “%s”"), argv[1]);
      return VS_EXIT_USAGE;
    }
  if (!vs_cli_parse_runtime (runtime_name, &kind, &error))
    {
      vs_cli_print_error ("cleanup: %s", error->message);
      return VS_EXIT_USAGE;
    }

  vs_cli_init (&cli, "cleanup");
  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      g_autoptr(VsRuntime) runtime = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(VsRuntimeInfo) info = NULL;
      g_autoptr(GError) local_error = NULL;
      guint removed;

      if (kind != VS_RUNTIME_KIND_AUTO && kind != all_kinds[i])
        continue;

      runtime = vs_runtime_new (all_kinds[i]);
      vs_runtime_probe_async (runtime, cli.cancellable, vs_cli_done_cb, &cli);
      result = vs_cli_await (&cli);
      info = vs_runtime_probe_finish (runtime, result, &local_error);
      g_clear_object (&result);
      if (info == NULL)
        {
          status = vs_cli_fail (&cli, local_error);
          break;
        }
      if (info->status != VS_RUNTIME_STATUS_AVAILABLE)
        {
          if (kind != VS_RUNTIME_KIND_AUTO)
            {
              vs_cli_print_error ("cleanup: %s", info->reason);
              status = VS_EXIT_FAILED;
            }
          else
            g_print (_("%-8s skipped: %s\n"), vs_runtime_kind_to_string (all_kinds[i]), info->reason);
          continue;
        }

      vs_runtime_cleanup_async (runtime, session, cli.cancellable, vs_cli_done_cb, &cli);
      result = vs_cli_await (&cli);
      removed = vs_runtime_cleanup_finish (runtime, result, &local_error);
      if (local_error != NULL)
        {
          status = vs_cli_fail (&cli, local_error);
          if (vs_cli_interrupted (&cli))
            break;
          continue;
        }
      g_print ("%-8s ", vs_runtime_kind_to_string (all_kinds[i]));
      if (all_kinds[i] == VS_RUNTIME_KIND_PROCESS)
        g_print (g_dngettext (GETTEXT_PACKAGE, "removed %u process\n", "removed %u processes\n",
                              removed), removed);
      else
        g_print (g_dngettext (GETTEXT_PACKAGE, "removed %u container\n", "removed %u containers\n",
                              removed), removed);
    }

  vs_cli_clear (&cli);
  return status;
}
