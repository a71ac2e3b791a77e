/* vs-usage.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "vs-usage.h"
#include "vs-util.h"

/* Process trees
 * =============
 *
 * /proc is scanned once per reading: every /proc/N/stat gives N's parent,
 * from which the descendants of the root are found breadth-first. CPU is
 * utime + stime + cutime + cstime: when a process of the tree exits and its
 * parent (also in the tree) reaps it, the kernel moves its times into the
 * parent's cutime/cstime, so the sum does not drop when short-lived workers
 * come and go. Memory is the sum of VmRSS (and of VmHWM for the peak, an
 * upper bound of the tree's real peak). Zombies count towards CPU but not
 * towards the number of processes. */

typedef struct
{
  GPid    pid;
  GPid    ppid;
  char    state;
  guint64 ticks;
} ProcStat;

void
vs_usage_init (VsUsage *usage)
{
  g_return_if_fail (usage != NULL);

  usage->monotonic_us = 0;
  usage->cpu_ns = -1;
  usage->cpu_percent = -1;
  usage->memory_bytes = -1;
  usage->memory_peak_bytes = -1;
  usage->n_processes = -1;
}

static gboolean
parse_proc_stat (const char *text,
                 ProcStat   *out)
{
  const char *p;
  char *end;
  gint64 fields[14];
  gint64 pid;

  pid = g_ascii_strtoll (text, &end, 10);
  if (end == text || pid <= 0 || *end != ' ')
    return FALSE;

  /* comm may hold anything, spaces and parentheses included; it ends at the
   * last ')' of the line. */
  p = strrchr (text, ')');
  if (p == NULL || p[1] != ' ' || p[2] == '\0' || p[3] != ' ')
    return FALSE;

  out->pid = (GPid) pid;
  out->state = p[2];
  p += 3;

  /* ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime
   * stime cutime cstime */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      while (*p == ' ')
        p++;
      fields[i] = g_ascii_strtoll (p, &end, 10);
      if (end == p)
        return FALSE;
      p = end;
    }

  out->ppid = (GPid) fields[0];
  out->ticks = 0;
  for (guint i = 10; i < 14; i++)
    if (fields[i] > 0)
      out->ticks += (guint64) fields[i];

  return TRUE;
}

static gboolean
read_proc_stat (GPid       pid,
                ProcStat  *out)
{
  char path[64];
  g_autofree char *text = NULL;

  g_snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;

  return parse_proc_stat (text, out);
}

/* VmRSS and VmHWM in bytes, -1 when absent (zombies, kernel threads). */
static gboolean
read_proc_status (GPid    pid,
                  gint64 *rss,
                  gint64 *hwm)
{
  char path[64];
  g_autofree char *text = NULL;
  struct { const char *key; gint64 *out; } keys[] = {
    { "VmRSS:", rss },
    { "VmHWM:", hwm },
  };

  *rss = -1;
  *hwm = -1;

  g_snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *line = strstr (text, keys[i].key);
      char *end;
      gint64 kb;

      if (line == NULL || (line != text && line[-1] != '\n'))
        continue;

      line += strlen (keys[i].key);
      kb = g_ascii_strtoll (line, &end, 10);
      if (end != line && kb >= 0)
        *keys[i].out = kb * 1024;
    }

  return TRUE;
}

static gint64
ticks_to_ns (guint64 ticks)
{
  static gint64 ticks_per_sec;
  guint64 tck;

  if (g_once_init_enter (&ticks_per_sec))
    {
      long value = sysconf (_SC_CLK_TCK);

      g_once_init_leave (&ticks_per_sec, value > 0 ? value : 100);
    }

  tck = (guint64) ticks_per_sec;

  return (gint64) ((ticks / tck) * G_GUINT64_CONSTANT (1000000000)
                   + (ticks % tck) * G_GUINT64_CONSTANT (1000000000) / tck);
}

static gboolean
is_pid_name (const char *name)
{
  if (*name == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

gboolean
vs_usage_read_process_tree (GPid      pid,
                            VsUsage  *usage,
                            GError  **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GArray) procs = NULL;
  g_autoptr(GHashTable) children = NULL;
  g_autoptr(GArray) queue = NULL;
  g_autoptr(GError) local_error = NULL;
  ProcStat root;
  VsUsage result;
  const char *name;
  guint64 ticks = 0;
  gint64 rss_sum = 0;
  gint64 hwm_sum = 0;
  gboolean have_rss = FALSE;
  gboolean have_hwm = FALSE;
  int n_processes = 0;
  guint root_index = 0;
  gint64 scan_start_us;

  g_return_val_if_fail (usage != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  vs_usage_init (&result);
  scan_start_us = g_get_monotonic_time ();

  if (pid <= 0 || !read_proc_stat (pid, &root) || root.state == 'Z' || root.state == 'X')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("process %d is not running"), (int) pid);
      return FALSE;
    }

  dir = g_dir_open ("/proc", 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("cannot list processes: %s"), local_error->message);
      return FALSE;
    }

  procs = g_array_new (FALSE, FALSE, sizeof (ProcStat));
  g_array_append_val (procs, root);

  /* parent pid → indices into procs of its children */
  children = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      ProcStat st;
      GArray *siblings;
      guint index;

      /* A process that exits during the scan is simply not there. */
      if (!is_pid_name (name) || !read_proc_stat ((GPid) g_ascii_strtoll (name, NULL, 10), &st) ||
          st.pid == pid)
        continue;

      index = procs->len;
      g_array_append_val (procs, st);

      siblings = g_hash_table_lookup (children, GINT_TO_POINTER (st.ppid));
      if (siblings == NULL)
        {
          siblings = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (children, GINT_TO_POINTER (st.ppid), siblings);
        }
      g_array_append_val (siblings, index);
    }

  queue = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (queue, root_index);

  for (guint q = 0; q < queue->len; q++)
    {
      const ProcStat *st = &g_array_index (procs, ProcStat, g_array_index (queue, guint, q));
      GArray *kids = g_hash_table_lookup (children, GINT_TO_POINTER (st->pid));
      gint64 rss;
      gint64 hwm;

      /* Every process has one parent, so each index is queued once at most. */
      if (kids != NULL)
        g_array_append_vals (queue, kids->data, kids->len);

      ticks += st->ticks;

      if (st->state == 'Z' || st->state == 'X')
        continue;

      if (!read_proc_status (st->pid, &rss, &hwm))
        {
          if (st->pid == pid)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("process %d is not running"), (int) pid);
              return FALSE;
            }
          continue;
        }

      n_processes++;
      if (rss >= 0)
        {
          rss_sum += rss;
          have_rss = TRUE;
        }
      if (hwm >= 0)
        {
          hwm_sum += hwm;
          have_hwm = TRUE;
        }
    }

  /* The stat files were read all along the scan: date it from its middle. */
  result.monotonic_us = scan_start_us + (g_get_monotonic_time () - scan_start_us) / 2;
  result.cpu_ns = ticks_to_ns (ticks);
  result.memory_bytes = have_rss ? rss_sum : -1;
  result.memory_peak_bytes = have_hwm ? hwm_sum : -1;
  result.n_processes = n_processes;

  *usage = result;

  return TRUE;
}

/* cgroups
 * ======= */

/* Reads a file holding one non-negative integer. A missing file is not an
 * error: *found is set to FALSE. */
static gboolean
read_cgroup_int (const char  *path,
                 gint64      *out,
                 gboolean    *found,
                 GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  char *end;
  gint64 value;

  *found = FALSE;

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("cannot read %s: %s"), path, local_error->message);
      return FALSE;
    }

  g_strstrip (text);
  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || errno != 0 || value < 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s does not hold a number (“%s”)"), path, text);
      return FALSE;
    }

  *out = value;
  *found = TRUE;

  return TRUE;
}

/* Looks up “KEY VALUE” lines (cpu.stat, memory.stat). Missing files and
 * keys set *found to FALSE; @keys are tried in order. */
static gboolean
read_cgroup_keyed (const char         *path,
                   const char * const *keys,
                   gint64             *out,
                   gboolean           *found,
                   GError            **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;

  *found = FALSE;

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("cannot read %s: %s"), path, local_error->message);
      return FALSE;
    }

  lines = g_strsplit (text, "\n", -1);

  for (guint k = 0; keys[k] != NULL; k++)
    {
      gsize key_len = strlen (keys[k]);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *value_text;
          char *end;
          gint64 value;

          if (strncmp (lines[i], keys[k], key_len) != 0 ||
              (lines[i][key_len] != '\0' && !g_ascii_isspace (lines[i][key_len])))
            continue;

          value_text = lines[i] + key_len;
          while (*value_text == ' ' || *value_text == '\t')
            value_text++;
          errno = 0;
          value = g_ascii_strtoll (value_text, &end, 10);
          if (end == value_text || errno != 0 || value < 0 || (*end != '\0' && !g_ascii_isspace (*end)))
            {
              g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                           _("%s: “%s” is not followed by a number"), path, keys[k]);
              return FALSE;
            }

          *out = value;
          *found = TRUE;
          return TRUE;
        }
    }

  return TRUE;
}

static gboolean
read_cgroup_v1 (const char  *root,
                const char  *cgroup_path,
                VsUsage     *usage,
                GError     **error)
{
  static const char * const cache_keys[] = { "total_inactive_file", "inactive_file", NULL };
  g_autofree char *cpuacct_dir = NULL;
  g_autofree char *cpu_file = NULL;
  g_autofree char *memory_dir = NULL;
  g_autofree char *usage_file = NULL;
  g_autofree char *stat_file = NULL;
  g_autofree char *max_file = NULL;
  g_autofree char *pids_file = NULL;
  gint64 value = 0;
  gint64 cache = 0;
  gboolean found;
  gboolean cache_found;
  gboolean any = FALSE;

  cpuacct_dir = g_build_filename (root, "cpuacct", cgroup_path, NULL);
  if (!g_file_test (cpuacct_dir, G_FILE_TEST_IS_DIR))
    {
      g_free (cpuacct_dir);
      cpuacct_dir = g_build_filename (root, "cpu,cpuacct", cgroup_path, NULL);
    }
  cpu_file = g_build_filename (cpuacct_dir, "cpuacct.usage", NULL);
  if (!read_cgroup_int (cpu_file, &value, &found, error))
    return FALSE;
  if (found)
    {
      usage->cpu_ns = value;
      any = TRUE;
    }

  memory_dir = g_build_filename (root, "memory", cgroup_path, NULL);
  usage_file = g_build_filename (memory_dir, "memory.usage_in_bytes", NULL);
  stat_file = g_build_filename (memory_dir, "memory.stat", NULL);
  max_file = g_build_filename (memory_dir, "memory.max_usage_in_bytes", NULL);

  if (!read_cgroup_int (usage_file, &value, &found, error) ||
      !read_cgroup_keyed (stat_file, cache_keys, &cache, &cache_found, error))
    return FALSE;
  if (found)
    {
      usage->memory_bytes = MAX (0, value - (cache_found ? cache : 0));
      any = TRUE;
    }

  if (!read_cgroup_int (max_file, &value, &found, error))
    return FALSE;
  if (found)
    usage->memory_peak_bytes = value;

  pids_file = g_build_filename (root, "pids", cgroup_path, "pids.current", NULL);
  if (!read_cgroup_int (pids_file, &value, &found, error))
    return FALSE;
  if (found)
    {
      usage->n_processes = (int) MIN (value, G_MAXINT);
      any = TRUE;
    }

  if (!any)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("no cgroup v1 usage files for %s under %s"), cgroup_path, root);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_cgroup_v2 (const char  *dir,
                VsUsage     *usage,
                GError     **error)
{
  static const char * const usage_keys[] = { "usage_usec", NULL };
  static const char * const file_keys[] = { "inactive_file", NULL };
  g_autofree char *cpu_file = NULL;
  g_autofree char *current_file = NULL;
  g_autofree char *stat_file = NULL;
  g_autofree char *peak_file = NULL;
  g_autofree char *pids_file = NULL;
  gint64 value = 0;
  gint64 file_bytes = 0;
  gboolean found;
  gboolean file_found;
  gboolean any = FALSE;

  cpu_file = g_build_filename (dir, "cpu.stat", NULL);
  current_file = g_build_filename (dir, "memory.current", NULL);
  stat_file = g_build_filename (dir, "memory.stat", NULL);
  peak_file = g_build_filename (dir, "memory.peak", NULL);
  pids_file = g_build_filename (dir, "pids.current", NULL);

  if (!read_cgroup_keyed (cpu_file, usage_keys, &value, &found, error))
    return FALSE;
  if (found)
    {
      usage->cpu_ns = value * 1000;
      any = TRUE;
    }

  if (!read_cgroup_int (current_file, &value, &found, error) ||
      !read_cgroup_keyed (stat_file, file_keys, &file_bytes, &file_found, error))
    return FALSE;
  if (found)
    {
      usage->memory_bytes = MAX (0, value - (file_found ? file_bytes : 0));
      any = TRUE;
    }

  if (!read_cgroup_int (peak_file, &value, &found, error))
    return FALSE;
  if (found)
    usage->memory_peak_bytes = value;

  if (!read_cgroup_int (pids_file, &value, &found, error))
    return FALSE;
  if (found)
    {
      usage->n_processes = (int) MIN (value, G_MAXINT);
      any = TRUE;
    }

  if (!any)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("no cgroup v2 usage files in %s"), dir);
      return FALSE;
    }

  return TRUE;
}

gboolean
vs_usage_read_cgroup (const char  *sysfs_root,
                      const char  *cgroup_path,
                      VsUsage     *usage,
                      GError     **error)
{
  static const char *v1_controllers[] = { "cpuacct", "cpu,cpuacct", "memory", "pids" };
  g_auto(GStrv) parts = NULL;
  g_autofree char *v2_dir = NULL;
  VsUsage result;
  gboolean is_v1 = FALSE;

  g_return_val_if_fail (cgroup_path != NULL, FALSE);
  g_return_val_if_fail (usage != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sysfs_root == NULL)
    sysfs_root = "/sys/fs/cgroup";

  parts = g_strsplit (cgroup_path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strcmp (parts[i], "..") == 0)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("cgroup path “%s” must not contain “..”"), cgroup_path);
          return FALSE;
        }
    }

  vs_usage_init (&result);
  result.monotonic_us = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (v1_controllers) && !is_v1; i++)
    {
      g_autofree char *dir = g_build_filename (sysfs_root, v1_controllers[i], cgroup_path, NULL);

      is_v1 = g_file_test (dir, G_FILE_TEST_IS_DIR);
    }

  if (is_v1)
    {
      if (!read_cgroup_v1 (sysfs_root, cgroup_path, &result, error))
        return FALSE;
      *usage = result;
      return TRUE;
    }

  v2_dir = g_build_filename (sysfs_root, cgroup_path, NULL);
  if (!g_file_test (v2_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("no cgroup v1 or v2 directory for %s under %s"), cgroup_path, sysfs_root);
      return FALSE;
    }

  if (!read_cgroup_v2 (v2_dir, &result, error))
    return FALSE;

  *usage = result;

  return TRUE;
}

/* Container engine CLIs
 * ===================== */

static JsonObject *
parse_stats_object (const char  *json,
                    const char  *what,
                    JsonParser  *parser,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s output is not valid JSON: %s"), what,
                   local_error != NULL ? local_error->message : _("no data"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("%s output is not a JSON object"), what);
      return NULL;
    }

  return json_node_get_object (root);
}

static gboolean
get_count_member (JsonObject  *object,
                  const char  *name,
                  gint64      *out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("podman stats output has no “%s” field"), name);
      return FALSE;
    }

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type == G_TYPE_INT64 && json_node_get_int (node) >= 0)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      if (isfinite (value) && value >= 0 && value < 9.2e18 && value == floor (value))
        {
          *out = (gint64) value;
          return TRUE;
        }
    }

  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
               _("podman stats field “%s” is not a non-negative integer"), name);
  return FALSE;
}

gboolean
vs_usage_parse_podman_stats (const char  *json,
                             VsUsage     *usage,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  VsUsage result;
  gint64 cpu_ns;
  gint64 memory;
  gint64 pids;

  g_return_val_if_fail (usage != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  object = parse_stats_object (json, "podman stats", parser, error);
  if (object == NULL)
    return FALSE;

  if (!get_count_member (object, "CPUNano", &cpu_ns, error) ||
      !get_count_member (object, "MemUsage", &memory, error) ||
      !get_count_member (object, "PIDs", &pids, error))
    return FALSE;

  vs_usage_init (&result);
  result.monotonic_us = g_get_monotonic_time ();
  result.cpu_ns = cpu_ns;
  result.memory_bytes = memory;
  result.n_processes = (int) MIN (pids, G_MAXINT);

  *usage = result;

  return TRUE;
}

static gboolean
get_docker_string (JsonObject  *object,
                   const char  *name,
                   const char **out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("docker stats output has no “%s” field"), name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("docker stats field “%s” is not a string"), name);
      return FALSE;
    }

  *out = json_node_get_string (node);

  return TRUE;
}

/* Scans DIGITS[.DIGITS] at @text; no sign, exponent, inf or nan. */
static gboolean
scan_decimal (const char  *text,
              const char **end,
              double      *out)
{
  const char *p = text;
  char buf[64];

  while (g_ascii_isdigit (*p))
    p++;
  if (p == text)
    return FALSE;

  if (*p == '.')
    {
      const char *frac = ++p;

      while (g_ascii_isdigit (*p))
        p++;
      if (p == frac)
        return FALSE;
    }

  if ((gsize) (p - text) >= sizeof buf)
    return FALSE;

  memcpy (buf, text, p - text);
  buf[p - text] = '\0';
  *out = g_ascii_strtod (buf, NULL);
  *end = p;

  return isfinite (*out);
}

static gboolean
is_unknown (const char *text)
{
  return strcmp (text, "--") == 0;
}

gboolean
vs_usage_parse_docker_stats (const char  *json,
                             VsUsage     *usage,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *memory_text = NULL;
  JsonObject *object;
  VsUsage result;
  const char *cpu_text;
  const char *mem_text;
  const char *pids_text;
  const char *slash;

  g_return_val_if_fail (usage != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  object = parse_stats_object (json, "docker stats", parser, error);
  if (object == NULL)
    return FALSE;

  if (!get_docker_string (object, "CPUPerc", &cpu_text, error) ||
      !get_docker_string (object, "MemUsage", &mem_text, error) ||
      !get_docker_string (object, "PIDs", &pids_text, error))
    return FALSE;

  vs_usage_init (&result);
  result.monotonic_us = g_get_monotonic_time ();

  /* A stopped container shows "--" (and "-- / --"): unknown, not an error. */
  if (!is_unknown (cpu_text))
    {
      const char *end;
      double percent;

      if (!scan_decimal (cpu_text, &end, &percent) || strcmp (end, "%") != 0)
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("docker stats field “CPUPerc” is not a percentage (“%s”)"), cpu_text);
          return FALSE;
        }
      result.cpu_percent = percent;
    }

  /* "used / limit" on Linux, just "used" for Windows containers */
  slash = strchr (mem_text, '/');
  memory_text = slash != NULL ? g_strndup (mem_text, slash - mem_text) : g_strdup (mem_text);
  g_strstrip (memory_text);
  if (!is_unknown (memory_text) &&
      !vs_usage_parse_size (memory_text, &result.memory_bytes))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                   _("docker stats field “MemUsage” does not start with a size (“%s”)"), mem_text);
      return FALSE;
    }

  if (!is_unknown (pids_text))
    {
      guint64 pids;

      if (!g_ascii_string_to_unsigned (pids_text, 10, 0, G_MAXINT, &pids, NULL))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_DATA,
                       _("docker stats field “PIDs” is not a number (“%s”)"), pids_text);
          return FALSE;
        }
      result.n_processes = (int) pids;
    }

  *usage = result;

  return TRUE;
}

gboolean
vs_usage_parse_size (const char *text,
                     gint64     *out_bytes)
{
  static const struct { const char *unit; double factor; } units[] = {
    { "", 1 },
    { "B", 1 },
    { "kB", 1e3 }, { "KB", 1e3 }, { "KiB", 1024.0 },
    { "MB", 1e6 }, { "MiB", 1048576.0 },
    { "GB", 1e9 }, { "GiB", 1073741824.0 },
    { "TB", 1e12 }, { "TiB", 1099511627776.0 },
    { "PB", 1e15 }, { "PiB", 1125899906842624.0 },
  };
  const char *p;
  double value;
  double bytes;

  g_return_val_if_fail (out_bytes != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*text))
    text++;

  if (!scan_decimal (text, &p, &value))
    return FALSE;

  while (*p == ' ')
    p++;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      gsize len = strlen (units[i].unit);
      const char *rest;

      if (strncmp (p, units[i].unit, len) != 0)
        continue;

      rest = p + len;
      while (g_ascii_isspace (*rest))
        rest++;
      if (*rest != '\0')
        continue;

      bytes = round (value * units[i].factor);
      if (bytes >= 9.2e18)
        return FALSE;

      *out_bytes = (gint64) bytes;
      return TRUE;
    }

  return FALSE;
}

double
vs_usage_cpu_percent_between (const VsUsage *previous,
                              const VsUsage *current)
{
  g_return_val_if_fail (current != NULL, -1);

  if (previous != NULL && previous->cpu_ns >= 0 && current->cpu_ns >= 0)
    {
      gint64 interval_us = current->monotonic_us - previous->monotonic_us;

      if (interval_us <= 0 || current->cpu_ns < previous->cpu_ns)
        return -1;

      return (double) (current->cpu_ns - previous->cpu_ns) / ((double) interval_us * 1000.0) * 100.0;
    }

  return current->cpu_percent >= 0 ? current->cpu_percent : -1;
}
