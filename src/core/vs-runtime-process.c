/* vs-runtime-process.c — targets run as local processes
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "vs-reaper.h"
#include "vs-runtime-private.h"
#include "vs-util.h"

#define STOP_GRACE_MS 3000

/* The embedded runtime: a template's server run directly on this machine
 * (`node server.js`, `python3 app.py`), with its dependencies installed
 * into a cache copy of the template on first use. No container, so no CPU
 * or memory limit (a CPU set is applied as the processes' affinity). */
typedef struct
{
  VsRuntime parent_instance;
} VsRuntimeProcess;

typedef struct
{
  VsRuntimeClass parent_class;
} VsRuntimeProcessClass;

GType vs_runtime_process_get_type (void);
G_DEFINE_FINAL_TYPE (VsRuntimeProcess, vs_runtime_process, VS_TYPE_RUNTIME)

/* ---------------------------------------------------------------------- */
/* Preparing a template: programs, interpreter, install                    */

typedef struct
{
  VsTemplate   *template;
  VsLineFunc    log_func;
  gpointer      log_data;
  GMainContext *context;
  /* results */
  char         *dir;
  char         *interpreter;  /* (nullable) replaces argv[0] of the command */
} Prepare;

static void
prepare_free (Prepare *prep)
{
  g_clear_pointer (&prep->template, vs_template_unref);
  g_clear_pointer (&prep->context, g_main_context_unref);
  g_free (prep->dir);
  g_free (prep->interpreter);
  g_free (prep);
}

typedef struct
{
  VsLineFunc func;
  gpointer   data;
  char      *line;
} LogLine;

static gboolean
log_line_dispatch (gpointer user_data)
{
  LogLine *l = user_data;

  l->func (l->line, l->data);
  return G_SOURCE_REMOVE;
}

static void
log_line_free (gpointer user_data)
{
  LogLine *l = user_data;

  g_free (l->line);
  g_free (l);
}

/* From the preparing thread to the caller's context, in order. */
static void
prepare_log (Prepare    *prep,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
prepare_log (Prepare    *prep,
             const char *format,
             ...)
{
  LogLine *l;
  va_list args;

  if (prep->log_func == NULL)
    return;

  l = g_new0 (LogLine, 1);
  l->func = prep->log_func;
  l->data = prep->log_data;
  va_start (args, format);
  l->line = g_strdup_vprintf (format, args);
  va_end (args);
  vs_context_dispatch (prep->context, log_line_dispatch, l, log_line_free);
}

/* Which of @modules @interpreter cannot import: NULL when it cannot even run. */
static char *
python_missing_modules (const char          *interpreter,
                        const char * const  *modules,
                        GCancellable        *cancellable)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;

  g_strv_builder_add_many (builder, interpreter, "-I", "-c",
                           "import importlib.util, sys\n"
                           "print(' '.join(m for m in sys.argv[1:] "
                           "if importlib.util.find_spec(m) is None))",
                           NULL);
  g_strv_builder_addv (builder, (const char **) modules);
  argv = g_strv_builder_end (builder);

  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, cancellable, &out, NULL, NULL) ||
      !g_subprocess_get_successful (process))
    return NULL;

  return g_strstrip (g_steal_pointer (&out));
}

/* The first Python that can import every module the template needs. The
 * python3 first on PATH may be a separate build without them while
 * Debian's /usr/bin/python3 has them. */
static char *
find_python_uncached (Prepare       *prep,
                      const char    *wanted,
                      GCancellable  *cancellable,
                      GError       **error)
{
  const char * const *modules = (const char * const *) prep->template->python_modules;
  const char * const fixed[] = { "/usr/bin/python3", "/usr/local/bin/python3", NULL };
  const char * const versioned[] = {
    "python3.13", "python3.12", "python3.11", "python3.10", "python3.9", NULL
  };
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) tried = g_string_new (NULL);
  g_autofree char *modules_text = g_strjoinv (", ", (char **) modules);

  g_ptr_array_add (candidates, g_find_program_in_path (wanted));
  for (guint i = 0; fixed[i]; i++)
    g_ptr_array_add (candidates, g_file_test (fixed[i], G_FILE_TEST_IS_EXECUTABLE)
                                 ? g_strdup (fixed[i]) : NULL);
  for (guint i = 0; versioned[i]; i++)
    g_ptr_array_add (candidates, g_find_program_in_path (versioned[i]));

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *path = g_ptr_array_index (candidates, i);
      g_autofree char *real = NULL;
      g_autofree char *missing = NULL;

      if (path == NULL)
        continue;
      real = g_canonicalize_filename (path, NULL);
      {
        g_autofree char *resolved = realpath (path, NULL);
        if (resolved)
          {
            g_free (real);
            real = g_steal_pointer (&resolved);
          }
      }
      if (g_hash_table_contains (seen, real))
        continue;
      g_hash_table_add (seen, g_strdup (real));

      if (g_cancellable_is_cancelled (cancellable))
        break;

      missing = python_missing_modules (path, modules, cancellable);
      if (missing == NULL)
        {
          if (tried->len)
            g_string_append (tried, "; ");
          /* Translators: a Python interpreter that was tried, e.g. "/usr/bin/python3 (does not run)" */
          g_string_append_printf (tried, _("%s (does not run)"), path);
          continue;
        }
      if (missing[0] == '\0')
        {
          prepare_log (prep, _("Using %s: it has %s"), path, modules_text);
          return g_strdup (path);
        }
      if (tried->len)
        g_string_append (tried, "; ");
      /* Translators: a Python interpreter and the modules it cannot import:
       * "/usr/bin/python3 lacks fastapi, uvicorn" */
      g_string_append_printf (tried, _("%s lacks %s"), path, missing);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (prep->template->debian_packages != NULL)
    {
      g_autofree char *packages = g_strjoinv (" ", prep->template->debian_packages);

      g_set_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED,
                   _("no Python here can import %s, which the %s template needs (%s); "
                     "on Debian: apt install %s"),
                   modules_text, prep->template->name,
                   tried->len ? tried->str : _("no python3 found"), packages);
    }
  else
    g_set_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED,
                 _("no Python here can import %s, which the %s template needs (%s)"),
                 modules_text, prep->template->name, tried->len ? tried->str : _("no python3 found"));
  return NULL;
}

/* The Python found for each template and its modules in this process: a
 * comparison starts its targets again for every trial, and the answer does
 * not change between them. An interpreter that has gone since is looked
 * for again. */
static GMutex python_lock;
static GHashTable *python_found;

static char *
find_python (Prepare       *prep,
             const char    *wanted,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *modules = g_strjoinv (",", prep->template->python_modules);
  g_autofree char *name = g_strdup_printf ("%s %s %s", prep->template->name, wanted, modules);
  char *found = NULL;

  g_mutex_lock (&python_lock);
  if (python_found != NULL)
    found = g_strdup (g_hash_table_lookup (python_found, name));
  g_mutex_unlock (&python_lock);
  if (found != NULL && g_file_test (found, G_FILE_TEST_IS_EXECUTABLE))
    {
      prepare_log (prep, _("Using %s, as before"), found);
      return found;
    }
  g_free (found);

  found = find_python_uncached (prep, wanted, cancellable, error);
  if (found != NULL)
    {
      g_mutex_lock (&python_lock);
      if (python_found == NULL)
        python_found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (python_found, g_strdup (name), g_strdup (found));
      g_mutex_unlock (&python_lock);
    }
  return found;
}

static gboolean
run_install (Prepare       *prep,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GQueue) tail = g_queue_new ();
  g_autofree char *command = g_strjoinv (" ", prep->template->process_install);

  prepare_log (prep, _("Installing the %s template's dependencies in %s: %s"),
               prep->template->name, prep->dir, command);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, prep->dir);
  process = g_subprocess_launcher_spawnv (launcher,
                                          (const char * const *) prep->template->process_install,
                                          error);
  if (process == NULL)
    {
      g_prefix_error (error, _("cannot run “%s”: "), command);
      return FALSE;
    }

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  for (;;)
    {
      g_autoptr(GError) read_error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, cancellable,
                                                                  &read_error);

      if (line == NULL)
        {
          if (read_error != NULL)
            {
              g_subprocess_force_exit (process);
              g_propagate_error (error, g_steal_pointer (&read_error));
              return FALSE;
            }
          break;
        }
      prepare_log (prep, "%s", line);
      g_queue_push_tail (tail, g_steal_pointer (&line));
      if (tail->length > 10)
        g_free (g_queue_pop_head (tail));
    }

  if (!g_subprocess_wait (process, cancellable, error))
    {
      g_subprocess_force_exit (process);
      return FALSE;
    }

  if (!g_subprocess_get_successful (process))
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *last = NULL;

      for (GList *l = tail->head; l; l = l->next)
        g_string_append_printf (text, "%s\n", (char *) l->data);
      last = vs_last_lines (text->str, 10);
      g_queue_free_full (g_steal_pointer (&tail), g_free);
      g_set_error (error, VS_ERROR, VS_ERROR_FAILED,
                   _("installing the %s template failed (“%s” in %s); its last lines:\n%s"),
                   prep->template->name, command, prep->dir, last);
      return FALSE;
    }

  g_queue_free_full (g_steal_pointer (&tail), g_free);
  return TRUE;
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Prepare *prep = task_data;
  VsTemplate *template = prep->template;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  gboolean changed = FALSE;

  /* the programs the template needs */
  for (guint i = 0; template->process_requires && template->process_requires[i]; i++)
    {
      const char *program = template->process_requires[i];
      g_autofree char *path = g_find_program_in_path (program);

      /* a python requirement is satisfied by any interpreter found below */
      if (path == NULL && !(template->python_modules && g_str_has_prefix (program, "python")))
        g_string_append_printf (missing, "%s“%s”", missing->len ? ", " : "", program);
    }
  if (missing->len && template->debian_packages != NULL)
    {
      g_autofree char *packages = g_strjoinv (" ", template->debian_packages);

      g_task_return_new_error (task, VS_ERROR, VS_ERROR_UNSUPPORTED,
                               _("the %s template needs %s, not found on PATH (on Debian or "
                                 "Ubuntu: sudo apt install %s)"),
                               template->name, missing->str, packages);
      return;
    }
  if (missing->len)
    {
      g_task_return_new_error (task, VS_ERROR, VS_ERROR_UNSUPPORTED,
                               _("the %s template needs %s, not found on PATH"),
                               template->name, missing->str);
      return;
    }

  if (template->python_modules != NULL)
    {
      prep->interpreter = find_python (prep, template->process_command[0], cancellable, &error);
      if (prep->interpreter == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  prep->dir = vs_stage_template (template, "process", &changed, NULL, &error);
  if (prep->dir == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (changed && template->process_install != NULL)
    {
      if (!run_install (prep, cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (template->process_install != NULL)
    prepare_log (prep, _("The %s template is already installed in %s"), template->name, prep->dir);
  else if (template->python_modules == NULL)
    prepare_log (prep, _("The %s template needs no install: it runs from %s"), template->name, prep->dir);

  if (!vs_stage_template_done (prep->dir, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
prepare_async (VsRuntime           *self,
               VsTemplate          *template,
               VsLineFunc           log_func,
               gpointer             log_data,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Prepare *prep = g_new0 (Prepare, 1);

  prep->template = vs_template_ref (template);
  prep->log_func = log_func;
  prep->log_data = log_data;
  prep->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, prep, (GDestroyNotify) prepare_free);
  g_task_set_source_tag (task, prepare_async);
  g_task_run_in_thread (task, prepare_thread);
}

/* ---------------------------------------------------------------------- */
/* probe, images, build                                                    */

static void
vs_runtime_process_probe_async (VsRuntime           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  VsRuntimeInfo *info = g_new0 (VsRuntimeInfo, 1);

  /* always there: whether a template can run is said when it is prepared */
  info->kind = VS_RUNTIME_KIND_PROCESS;
  info->status = VS_RUNTIME_STATUS_AVAILABLE;
  info->name = g_strdup (vs_runtime_get_name (self));
  g_task_return_pointer (task, info, (GDestroyNotify) vs_runtime_info_free);
}

static VsRuntimeInfo *
vs_runtime_process_probe_finish (VsRuntime     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vs_runtime_process_list_images_async (VsRuntime           *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  /* local processes have no images */
  g_task_return_pointer (task, g_ptr_array_new_with_free_func ((GDestroyNotify) vs_image_free),
                         (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
vs_runtime_process_list_images_finish (VsRuntime     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
build_prepared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Prepare *prep = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_strdup (prep->dir), g_free);
}

/* "Building" for local processes is installing the template's
 * dependencies; the result is the folder it is installed in. */
static void
vs_runtime_process_build_async (VsRuntime           *self,
                                VsTemplate          *template,
                                const char          *tag,
                                const char * const  *build_args,
                                VsLineFunc           log_func,
                                gpointer             log_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  if (build_args != NULL && build_args[0] != NULL)
    {
      g_task_return_new_error (task, VS_ERROR, VS_ERROR_UNSUPPORTED,
                               _("build arguments (%s) apply to container images, not to local processes"),
                               build_args[0]);
      g_object_unref (task);
      return;
    }

  prepare_async (self, template, log_func, log_data, cancellable, build_prepared_cb, task);
}

static char *
vs_runtime_process_build_finish (VsRuntime     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* start                                                                   */

static char *
process_dir (void)
{
  return g_build_filename (g_get_user_runtime_dir (), "versus", "processes", NULL);
}

/* A word of the template's command or environment with {port} and
 * {workers} replaced by the target's */
static char *
substitute (const char     *text,
            const VsTarget *target)
{
  g_auto(GStrv) parts = g_strsplit (text, "{port}", -1);
  g_autofree char *port_text = g_strdup_printf ("%u", target->host_port);
  g_autofree char *with_port = g_strjoinv (port_text, parts);
  g_auto(GStrv) more = g_strsplit (with_port, "{workers}", -1);
  g_autofree char *workers_text = g_strdup_printf ("%u", MAX (target->workers, 1));

  return g_strjoinv (workers_text, more);
}

typedef struct
{
  VsTarget   *target;
  VsTemplate *template;
  char       *session_id;
  guint64     cpu_mask;
  gboolean    has_cpu_mask;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_pointer (&data->target, vs_target_unref);
  g_clear_pointer (&data->template, vs_template_unref);
  g_free (data->session_id);
  g_free (data);
}

static void
child_setup (gpointer user_data)
{
  StartData *data = user_data;

  /* its own process group, so stop reaches every worker it forks; and it
   * dies with us rather than linger */
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);

  if (data->has_cpu_mask)
    {
      cpu_set_t set;

      CPU_ZERO (&set);
      for (guint cpu = 0; cpu < 64; cpu++)
        if (data->cpu_mask & (G_GUINT64_CONSTANT (1) << cpu))
          CPU_SET (cpu, &set);
      sched_setaffinity (0, sizeof set, &set);
    }
}

static guint64
cpuset_mask (const char *cpuset)
{
  g_auto(GStrv) parts = g_strsplit (cpuset, ",", -1);
  guint64 mask = 0;

  /* already validated by vs_validate_cpuset() */
  for (guint i = 0; parts[i]; i++)
    {
      char *end = NULL;
      guint64 lo = g_ascii_strtoull (parts[i], &end, 10);
      guint64 hi = *end == '-' ? g_ascii_strtoull (end + 1, NULL, 10) : lo;

      for (guint64 cpu = lo; cpu <= hi && cpu < 64; cpu++)
        mask |= G_GUINT64_CONSTANT (1) << cpu;
    }
  return mask;
}

/* The start time of a process (field 22 of /proc/PID/stat): with the pid,
 * it names a process uniquely, so cleanup never kills a stranger. */
static char *
process_start_time (GPid pid)
{
  guint64 start = vs_reaper_process_start_time (pid);

  return start ? g_strdup_printf ("%" G_GUINT64_FORMAT, start) : NULL;
}

static void
start_prepared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsRuntime *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  Prepare *prep = g_task_get_task_data (G_TASK (result));
  VsTemplate *template = data->template;
  VsTarget *target = data->target;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = process_dir ();
  g_autofree char *log_name = NULL;
  g_autofree char *record = NULL;
  g_autofree char *start_time = NULL;
  g_autofree char *owner_start = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; template->process_command[i]; i++)
    {
      if (i == 0 && prep->interpreter != NULL)
        g_ptr_array_add (argv, g_strdup (prep->interpreter));
      else
        g_ptr_array_add (argv, substitute (template->process_command[i], target));
    }
  g_ptr_array_add (argv, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("cannot create %s: %s"), dir, g_strerror (saved));
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, prep->dir);
  g_hash_table_iter_init (&iter, template->process_env);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *text = substitute (value, target);
      g_subprocess_launcher_setenv (launcher, key, text, TRUE);
    }
  for (guint i = 0; i < target->env_names->len; i++)
    g_subprocess_launcher_setenv (launcher, g_ptr_array_index (target->env_names, i),
                                  g_ptr_array_index (target->env_values, i), TRUE);

  log_name = g_strdup_printf ("%s/%s-%u.log", dir, template->name, target->host_port);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_name);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, data, NULL);

  instance = vs_instance_new (self, target, target->health_path ? target->health_path
                                                                 : template->health);
  instance->about_path = g_strdup (template->about);
  instance->launched_us = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (process == NULL)
    {
      g_prefix_error (&error, _("cannot start the %s template (%s): "), template->name,
                      (char *) argv->pdata[0]);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  instance->pid = atoi (g_subprocess_get_identifier (process));
  instance->id = g_strdup (g_subprocess_get_identifier (process));
  instance->name = g_strdup_printf ("%s (pid %s)", template->name, instance->id);
  instance->log_path = g_steal_pointer (&log_name);
  instance->image_id = g_strdup (prep->dir);

  /* a record for `versus-cli cleanup`, should we die without stopping it;
   * it names us too, so that another Versus leaves it alone while we live */
  start_time = process_start_time (instance->pid);
  owner_start = process_start_time (getpid ());
  instance->pid_file = g_strdup_printf ("%s/%d.pid", dir, instance->pid);
  record = g_strdup_printf ("%d %s %s %s %d %s\n", instance->pid, start_time ? start_time : "0",
                            data->session_id ? data->session_id : "-", template->name,
                            (int) getpid (), owner_start ? owner_start : "0");
  if (!g_file_set_contents (instance->pid_file, record, -1, &error))
    g_warning ("%s", error->message);
  /* and should we die before we stop it, the reaper stops it at once */
  vs_reaper_watch_process (instance->pid_file, instance->pid,
                           start_time ? g_ascii_strtoull (start_time, NULL, 10) : 0);

  vs_instance_watch_exit (instance, process, TRUE);
  vs_instance_begin_probe (instance);
  g_task_return_pointer (task, g_steal_pointer (&instance), g_object_unref);
}

static void
start_template_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VsRuntime *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  data->template = vs_find_template_finish (result, &error);
  if (data->template == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  prepare_async (self, data->template, NULL, NULL, cancellable, start_prepared_cb,
                 g_steal_pointer (&task));
}

static void
vs_runtime_process_start_async (VsRuntime           *self,
                                VsTarget            *target,
                                const char          *session_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  StartData *data;

  if (target->template_name == NULL)
    {
      g_task_return_new_error (task, VS_ERROR, VS_ERROR_UNSUPPORTED,
                               _("image “%s” needs a container runtime (podman or docker), "
                                 "not local processes"), target->image);
      return;
    }
  if (target->cpus > 0 || target->memory_bytes > 0)
    {
      if (target->cpus > 0)
        g_task_return_new_error (task, VS_ERROR, VS_ERROR_UNSUPPORTED,
                                 _("local processes cannot be given a CPU limit: run the targets "
                                   "in podman or docker, or remove the limit (a CPU set works)"));
      else
        g_task_return_new_error (task, VS_ERROR, VS_ERROR_UNSUPPORTED,
                                 _("local processes cannot be given a memory limit: run the targets "
                                   "in podman or docker, or remove the limit (a CPU set works)"));
      return;
    }

  data = g_new0 (StartData, 1);
  data->target = vs_target_ref (target);
  data->session_id = g_strdup (session_id);
  if (target->cpuset != NULL)
    {
      data->has_cpu_mask = TRUE;
      data->cpu_mask = cpuset_mask (target->cpuset);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  /* the template's manifest is read off the caller's thread */
  vs_find_template_async (target->template_name, FALSE, cancellable, start_template_cb,
                          g_steal_pointer (&task));
}

static VsInstance *
vs_runtime_process_start_finish (VsRuntime     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* stop                                                                    */

typedef struct
{
  VsInstance *instance;
  guint       grace_id;
} StopData;

static void
stop_data_free (StopData *data)
{
  g_clear_handle_id (&data->grace_id, g_source_remove);
  g_clear_object (&data->instance);
  g_free (data);
}

static void
kill_group (GPid pid,
            int  sig)
{
  /* the server leads its own group (setpgid in child_setup) */
  if (kill (-pid, sig) != 0 && errno == ESRCH)
    kill (pid, sig);
}

static void
stop_finish_task (GTask *task)
{
  StopData *data = g_task_get_task_data (task);
  VsInstance *instance = data->instance;

  /* whatever the server forked is in its group: nothing may outlive it */
  kill_group (instance->pid, SIGKILL);
  if (instance->pid_file)
    {
      g_unlink (instance->pid_file);
      vs_reaper_forget (instance->pid_file);
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
stop_grace_cb (gpointer user_data)
{
  GTask *task = user_data;
  StopData *data = g_task_get_task_data (task);

  data->grace_id = 0;
  /* did not end on SIGTERM in time */
  kill_group (data->instance->pid, SIGKILL);
  return G_SOURCE_REMOVE;
}

static void
stop_wait_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  stop_finish_task (task);
}

static void
vs_runtime_process_stop_async (VsRuntime           *self,
                               VsInstance          *instance,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  StopData *data = g_new0 (StopData, 1);

  data->instance = g_object_ref (instance);
  g_task_set_task_data (task, data, (GDestroyNotify) stop_data_free);

  if (instance->watch == NULL || instance->exited)
    {
      stop_finish_task (task);
      return;
    }

  kill_group (instance->pid, SIGTERM);
  data->grace_id = g_timeout_add_full (G_PRIORITY_DEFAULT, STOP_GRACE_MS, stop_grace_cb,
                                       task, NULL);
  /* no cancellable: a stop always ends with the process gone */
  g_subprocess_wait_async (instance->watch, NULL, stop_wait_cb, g_steal_pointer (&task));
}

static gboolean
vs_runtime_process_stop_finish (VsRuntime     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* usage, logs, cleanup                                                    */

static void
read_usage_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  VsInstance *instance = task_data;
  g_autoptr(GError) error = NULL;
  VsUsage *usage = g_new0 (VsUsage, 1);

  vs_usage_init (usage);
  if (!vs_usage_read_process_tree (instance->pid, usage, &error))
    {
      g_free (usage);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, usage, g_free);
}

static void
vs_runtime_process_read_usage_async (VsRuntime           *self,
                                     VsInstance          *instance,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_object_ref (instance), g_object_unref);
  g_task_run_in_thread (task, read_usage_thread);
}

static gboolean
vs_runtime_process_read_usage_finish (VsRuntime     *self,
                                      GAsyncResult  *result,
                                      VsUsage       *usage,
                                      GError       **error)
{
  return vs_task_propagate_usage (G_TASK (result), usage, error);
}

typedef struct
{
  VsInstance *instance;
  guint       n_lines;
} LogsData;

static void
logs_data_free (LogsData *data)
{
  g_clear_object (&data->instance);
  g_free (data);
}

static void
logs_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LogsData *data = task_data;
  VsInstance *instance = data->instance;
  guint n_lines = data->n_lines;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint len, first;
  g_autoptr(GString) out = g_string_new (NULL);

  if (instance->log_path == NULL ||
      !g_file_get_contents (instance->log_path, &contents, NULL, &error))
    {
      g_task_return_pointer (task, g_strdup (""), g_free);
      return;
    }

  lines = g_strsplit (contents, "\n", -1);
  len = g_strv_length (lines);
  if (len > 0 && lines[len - 1][0] == '\0')
    len--;
  first = len > n_lines ? len - n_lines : 0;
  for (guint i = first; i < len; i++)
    g_string_append_printf (out, "%s\n", lines[i]);
  g_task_return_pointer (task, g_utf8_make_valid (out->str, -1), g_free);
}

static void
vs_runtime_process_logs_async (VsRuntime           *self,
                               VsInstance          *instance,
                               guint                n_lines,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LogsData *data = g_new0 (LogsData, 1);

  data->instance = g_object_ref (instance);
  data->n_lines = n_lines;
  g_task_set_task_data (task, data, (GDestroyNotify) logs_data_free);
  g_task_run_in_thread (task, logs_thread);
}

static char *
vs_runtime_process_logs_finish (VsRuntime     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleanup_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *session_id = task_data;
  g_autofree char *dir_path = process_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint removed = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *record = NULL;
      g_autofree char *now = NULL;
      g_auto(GStrv) fields = NULL;
      GPid pid;

      if (!g_str_has_suffix (name, ".pid") || !g_file_get_contents (path, &record, NULL, NULL))
        continue;

      fields = g_strsplit (g_strstrip (record), " ", 6);
      if (g_strv_length (fields) < 3)
        {
          g_unlink (path);
          continue;
        }
      if (session_id != NULL && !g_str_equal (fields[2], session_id))
        continue;

      /* the Versus that started it still runs (another window, another
       * command): it is in use, not left over */
      if (g_strv_length (fields) >= 6)
        {
          GPid owner = atoi (fields[4]);
          g_autofree char *owner_now = owner > 1 && owner != getpid () ? process_start_time (owner) : NULL;

          if (owner_now != NULL && g_str_equal (owner_now, fields[5]))
            continue;
        }

      pid = atoi (fields[0]);
      now = pid > 1 ? process_start_time (pid) : NULL;
      /* still the process we started: same pid, same start time */
      if (now != NULL && g_str_equal (now, fields[1]))
        {
          kill_group (pid, SIGKILL);
          removed++;
        }
      g_unlink (path);
    }

  g_task_return_int (task, removed);
}

static void
vs_runtime_process_cleanup_async (VsRuntime           *self,
                                  const char          *session_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_strdup (session_id), g_free);
  g_task_run_in_thread (task, cleanup_thread);
}

static guint
vs_runtime_process_cleanup_finish (VsRuntime     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  gssize n = g_task_propagate_int (G_TASK (result), error);

  return n < 0 ? 0 : (guint) n;
}

static void
vs_runtime_process_class_init (VsRuntimeProcessClass *klass)
{
  VsRuntimeClass *runtime_class = VS_RUNTIME_CLASS (klass);

  runtime_class->probe_async = vs_runtime_process_probe_async;
  runtime_class->probe_finish = vs_runtime_process_probe_finish;
  runtime_class->list_images_async = vs_runtime_process_list_images_async;
  runtime_class->list_images_finish = vs_runtime_process_list_images_finish;
  runtime_class->build_async = vs_runtime_process_build_async;
  runtime_class->build_finish = vs_runtime_process_build_finish;
  runtime_class->start_async = vs_runtime_process_start_async;
  runtime_class->start_finish = vs_runtime_process_start_finish;
  runtime_class->stop_async = vs_runtime_process_stop_async;
  runtime_class->stop_finish = vs_runtime_process_stop_finish;
  runtime_class->read_usage_async = vs_runtime_process_read_usage_async;
  runtime_class->read_usage_finish = vs_runtime_process_read_usage_finish;
  runtime_class->logs_async = vs_runtime_process_logs_async;
  runtime_class->logs_finish = vs_runtime_process_logs_finish;
  runtime_class->cleanup_async = vs_runtime_process_cleanup_async;
  runtime_class->cleanup_finish = vs_runtime_process_cleanup_finish;
}

static void
vs_runtime_process_init (VsRuntimeProcess *self)
{
}

VsRuntime *
vs_runtime_process_new (void)
{
  return g_object_new (vs_runtime_process_get_type (),
                       "kind", VS_RUNTIME_KIND_PROCESS,
                       NULL);
}
