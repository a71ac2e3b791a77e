/* test-usage.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vs-sampler.h"
#include "vs-usage.h"
#include "vs-util.h"
#include "vs-test-files.h"

#define MIB (G_GINT64_CONSTANT (1) << 20)

/* Helpers
 * ======= */

static void
child_setup (gpointer user_data)
{
  setpgid (0, 0);
}

/* A shell that renames itself so its stat line reads "(a) R 1 (b c)" — a
 * parser that stops at the first ')' would see every process as a child of
 * init —, holds 4 MiB in a variable and then waits on two busy-looping
 * subshells (which inherit the name); two, so the tree still gets its 30 %
 * on a loaded machine. The tree is its own process group. */
static GPid
spawn_busy_tree (void)
{
  const char *argv[] = {
    "/bin/sh", "-c",
    "printf 'a) R 1 (b c' > /proc/$$/comm 2>/dev/null\n"
    "x=$(head -c 4194304 /dev/zero | tr '\\0' x)\n"
    "while :; do :; done &\n"
    "while :; do :; done &\n"
    "wait\n",
    NULL
  };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                 child_setup, NULL, &pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pid, >, 0);

  return pid;
}

static void
kill_tree (GPid pid)
{
  kill (-pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
}

/* What a tree can use at most, with slack for the clock-tick granularity of
 * /proc (10 ms per process per reading) and for jitter in 100 ms samples. */
static double
max_cpu_percent (void)
{
  return 125.0 * g_get_num_processors () + 50.0;
}

/* Reads @pid over windows of @window_ms until the tree uses more than
 * @threshold % CPU (at most 10 s); returns the last window's readings. */
static double
measure_busy (GPid     pid,
              guint    window_ms,
              double   threshold,
              VsUsage *last)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  double best = -1;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      VsUsage a;
      VsUsage b;
      double percent;

      g_assert_true (vs_usage_read_process_tree (pid, &a, &error));
      g_assert_no_error (error);
      g_usleep (window_ms * 1000);
      g_assert_true (vs_usage_read_process_tree (pid, &b, &error));
      g_assert_no_error (error);

      percent = vs_usage_cpu_percent_between (&a, &b);
      g_test_message ("tree %d: %.1f %% CPU over %u ms, %" G_GINT64_FORMAT " bytes, %d processes",
                      (int) pid, percent, window_ms, b.memory_bytes, b.n_processes);
      best = MAX (best, percent);
      *last = b;

      if (percent > threshold)
        break;
    }

  return best;
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
run_loop_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop_cb, loop);
  g_main_loop_run (loop);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the default context until *@counter ≥ @target or @timeout_ms. */
static gboolean
run_until_count (const guint *counter,
                 guint        target,
                 guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (*counter < target && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);

  return *counter >= target;
}

/* Drops the last reference and waits for reads still out (each holds one). */
static void
unref_and_wait (VsSampler *sampler)
{
  gpointer weak = sampler;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  g_object_add_weak_pointer (G_OBJECT (sampler), &weak);
  g_object_unref (sampler);

  while (weak != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
  g_assert_null (weak);
}

static void
write_file (const char *root,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Sizes and percentages
 * ===================== */

static void
test_parse_size (void)
{
  static const struct { const char *text; gint64 bytes; } good[] = {
    { "0B", 0 },
    { "512B", 512 },
    { "42", 42 },
    { "1kB", 1000 },
    { "512kB", 512000 },
    { "1KB", 1000 },
    { "1KiB", 1024 },
    { "1.5MB", 1500000 },
    { "20.5MiB", 21495808 },
    { "1.944GiB", G_GINT64_CONSTANT (2087354106) },
    { "2GB", G_GINT64_CONSTANT (2000000000) },
    { "3TB", G_GINT64_CONSTANT (3000000000000) },
    { "3.5TiB", G_GINT64_CONSTANT (3848290697216) },
    { " 7 MiB ", 7 * MIB },
  };
  static const char *bad[] = {
    "", " ", "B", "MiB", "abc", "1.2.3MB", "-1MB", "+1MB", "1e3B", "nan", "inf", "1.MB", ".5MB",
    "1,5MB", "0x10B", "1mb", "1XB", "12 parsecs", "1MiB / 2GiB", "--", "99999999PiB",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 bytes = -1;

      g_test_message ("size “%s”", good[i].text);
      g_assert_true (vs_usage_parse_size (good[i].text, &bytes));
      g_assert_cmpint (bytes, ==, good[i].bytes);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 bytes = -7;

      g_test_message ("bad size “%s”", bad[i]);
      g_assert_false (vs_usage_parse_size (bad[i], &bytes));
      g_assert_cmpint (bytes, ==, -7);
    }

  g_assert_false (vs_usage_parse_size (NULL, &(gint64) { 0 }));
}

static void
test_cpu_percent (void)
{
  VsUsage a;
  VsUsage b;

  vs_usage_init (&a);
  g_assert_cmpint (a.cpu_ns, ==, -1);
  g_assert_cmpfloat (a.cpu_percent, <, 0);
  g_assert_cmpint (a.memory_bytes, ==, -1);
  g_assert_cmpint (a.memory_peak_bytes, ==, -1);
  g_assert_cmpint (a.n_processes, ==, -1);
  vs_usage_init (&b);

  a.monotonic_us = 1000000;
  a.cpu_ns = 0;
  b.monotonic_us = 1500000;
  b.cpu_ns = 250000000;
  g_assert_cmpfloat_with_epsilon (vs_usage_cpu_percent_between (&a, &b), 50.0, 1e-9);

  b.cpu_ns = 1000000000;   /* two cores */
  g_assert_cmpfloat_with_epsilon (vs_usage_cpu_percent_between (&a, &b), 200.0, 1e-9);

  b.monotonic_us = a.monotonic_us;
  g_assert_cmpfloat (vs_usage_cpu_percent_between (&a, &b), ==, -1);
  b.monotonic_us = a.monotonic_us - 1;
  g_assert_cmpfloat (vs_usage_cpu_percent_between (&a, &b), ==, -1);

  b.monotonic_us = 1500000;
  a.cpu_ns = 2000000000;   /* went backwards */
  g_assert_cmpfloat (vs_usage_cpu_percent_between (&a, &b), ==, -1);

  /* no counters: the measured percentage, if any */
  a.cpu_ns = -1;
  b.cpu_ns = -1;
  g_assert_cmpfloat (vs_usage_cpu_percent_between (&a, &b), ==, -1);
  b.cpu_percent = 12.5;
  g_assert_cmpfloat (vs_usage_cpu_percent_between (&a, &b), ==, 12.5);
  g_assert_cmpfloat (vs_usage_cpu_percent_between (NULL, &b), ==, 12.5);
}

/* podman and docker
 * ================= */

/* `podman stats --no-stream --format '{{json .ContainerStats}}' versus-nginx`
 * as podman 4.3 prints it (define.ContainerStats; PerCPU is null on cgroup v2). */
static const char podman_sample[] =
  "{\"ContainerID\":\"3f0e5c8a1b2d4e6f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f\","
  "\"Name\":\"versus-nginx\",\"PerCPU\":null,\"CPU\":1.0834957301533567,"
  "\"CPUNano\":212345000,\"CPUSystemNano\":41234000,\"SystemNano\":1767225600123456789,"
  "\"MemUsage\":9814016,\"MemLimit\":8225947648,\"MemPerc\":0.11930636614211648,"
  "\"NetInput\":2086,\"NetOutput\":1052,\"BlockInput\":0,\"BlockOutput\":8192,"
  "\"PIDs\":3,\"UpTime\":19597903000,\"Duration\":212345000}\n";

static void
test_podman_stats (void)
{
  static const struct { const char *json; const char *needle; } bad[] = {
    { "", "JSON" },
    { "{\"CPUNano\":212345000,\"MemUsage\":98", "JSON" },
    { "not json at all", "JSON" },
    { "[1,2]", "object" },
    /* the plain `--format json`: a list of string-valued objects */
    { "[{\"id\":\"3f0e5c8a1b2d\",\"name\":\"versus-nginx\",\"cpu_time\":\"212.345ms\","
      "\"cpu_percent\":\"1.08%\",\"avg_cpu\":\"1.08%\",\"mem_usage\":\"9.814MB / 8.226GB\","
      "\"mem_percent\":\"0.12%\",\"net_io\":\"2.086kB / 1.052kB\",\"block_io\":\"0B / 8.192kB\","
      "\"pids\":\"3\"}]\n", "object" },
    { "{\"MemUsage\":9814016,\"PIDs\":3}", "CPUNano" },
    { "{\"CPUNano\":212345000,\"PIDs\":3}", "MemUsage" },
    { "{\"CPUNano\":212345000,\"MemUsage\":9814016}", "PIDs" },
    { "{\"CPUNano\":212345000,\"MemUsage\":\"9.814MB\",\"PIDs\":3}", "MemUsage" },
    { "{\"CPUNano\":-5,\"MemUsage\":9814016,\"PIDs\":3}", "CPUNano" },
    { "{\"CPUNano\":212345000,\"MemUsage\":9814016,\"PIDs\":null}", "PIDs" },
    { "{\"CPUNano\":212345000,\"MemUsage\":9814016,\"PIDs\":[3]}", "PIDs" },
    { "{\"CPUNano\":212345000,\"MemUsage\":9814016,\"PIDs\":2.5}", "PIDs" },
  };
  g_autoptr(GError) error = NULL;
  VsUsage usage;

  g_assert_true (vs_usage_parse_podman_stats (podman_sample, &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usage.cpu_ns, ==, 212345000);
  g_assert_cmpfloat (usage.cpu_percent, <, 0);
  g_assert_cmpint (usage.memory_bytes, ==, 9814016);
  g_assert_cmpint (usage.memory_peak_bytes, ==, -1);
  g_assert_cmpint (usage.n_processes, ==, 3);
  g_assert_cmpint (usage.monotonic_us, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local_error = NULL;

      vs_usage_init (&usage);
      usage.n_processes = 99;
      g_assert_false (vs_usage_parse_podman_stats (bad[i].json, &usage, &local_error));
      g_assert_error (local_error, VS_ERROR, VS_ERROR_INVALID_DATA);
      g_test_message ("%s", local_error->message);
      g_assert_nonnull (strstr (local_error->message, bad[i].needle));
      g_assert_cmpint (usage.n_processes, ==, 99);
    }
}

/* `docker stats --no-stream --format '{{json .}}' versus-nginx` (docker 28). */
static const char docker_sample[] =
  "{\"BlockIO\":\"0B / 0B\",\"CPUPerc\":\"12.34%\",\"Container\":\"4f2a9c1b7e3d\","
  "\"ID\":\"4f2a9c1b7e3d8a6f0b5c2d9e1f3a7b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f6a\","
  "\"MemPerc\":\"1.03%\",\"MemUsage\":\"20.5MiB / 1.944GiB\",\"Name\":\"versus-nginx\","
  "\"NetIO\":\"1.18kB / 0B\",\"PIDs\":\"7\"}\n";

/* the same for a container that stopped */
static const char docker_stopped[] =
  "{\"BlockIO\":\"-- / --\",\"CPUPerc\":\"--\",\"Container\":\"4f2a9c1b7e3d\","
  "\"ID\":\"4f2a9c1b7e3d8a6f0b5c2d9e1f3a7b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f6a\","
  "\"MemPerc\":\"--\",\"MemUsage\":\"-- / --\",\"Name\":\"--\",\"NetIO\":\"-- / --\","
  "\"PIDs\":\"--\"}\n";

static void
test_docker_stats (void)
{
  static const struct { const char *json; const char *needle; } bad[] = {
    { "", "JSON" },
    { "{\"CPUPerc\":\"12.34%\",\"MemUsage\":", "JSON" },
    { "\"12.34%\"", "object" },
    { "{\"MemUsage\":\"20.5MiB / 1.944GiB\",\"PIDs\":\"7\"}", "CPUPerc" },
    { "{\"CPUPerc\":\"12.34%\",\"PIDs\":\"7\"}", "MemUsage" },
    { "{\"CPUPerc\":\"12.34%\",\"MemUsage\":\"20.5MiB / 1.944GiB\"}", "PIDs" },
    { "{\"CPUPerc\":12.34,\"MemUsage\":\"20.5MiB / 1.944GiB\",\"PIDs\":\"7\"}", "CPUPerc" },
    { "{\"CPUPerc\":\"12.34%\",\"MemUsage\":\"20.5MiB / 1.944GiB\",\"PIDs\":7}", "PIDs" },
    { "{\"CPUPerc\":\"12.34\",\"MemUsage\":\"20.5MiB / 1.944GiB\",\"PIDs\":\"7\"}", "CPUPerc" },
    { "{\"CPUPerc\":\"lots%\",\"MemUsage\":\"20.5MiB / 1.944GiB\",\"PIDs\":\"7\"}", "CPUPerc" },
    { "{\"CPUPerc\":\"12.34%\",\"MemUsage\":\"lots / 1.944GiB\",\"PIDs\":\"7\"}", "MemUsage" },
    { "{\"CPUPerc\":\"12.34%\",\"MemUsage\":\"20.5MiB / 1.944GiB\",\"PIDs\":\"-3\"}", "PIDs" },
    { "{\"CPUPerc\":\"12.34%\",\"MemUsage\":\"20.5MiB / 1.944GiB\",\"PIDs\":\"\"}", "PIDs" },
  };
  g_autoptr(GError) error = NULL;
  VsUsage usage;

  g_assert_true (vs_usage_parse_docker_stats (docker_sample, &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usage.cpu_ns, ==, -1);
  g_assert_cmpfloat_with_epsilon (usage.cpu_percent, 12.34, 1e-9);
  g_assert_cmpint (usage.memory_bytes, ==, 21495808);
  g_assert_cmpint (usage.memory_peak_bytes, ==, -1);
  g_assert_cmpint (usage.n_processes, ==, 7);
  g_assert_cmpfloat_with_epsilon (vs_usage_cpu_percent_between (NULL, &usage), 12.34, 1e-9);

  /* Windows containers print no limit */
  g_assert_true (vs_usage_parse_docker_stats ("{\"CPUPerc\":\"0.00%\",\"MemUsage\":\"512kB\","
                                              "\"PIDs\":\"1\"}", &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (usage.cpu_percent, ==, 0);
  g_assert_cmpint (usage.memory_bytes, ==, 512000);

  g_assert_true (vs_usage_parse_docker_stats (docker_stopped, &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usage.cpu_ns, ==, -1);
  g_assert_cmpfloat (usage.cpu_percent, <, 0);
  g_assert_cmpint (usage.memory_bytes, ==, -1);
  g_assert_cmpint (usage.n_processes, ==, -1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local_error = NULL;

      vs_usage_init (&usage);
      usage.n_processes = 99;
      g_assert_false (vs_usage_parse_docker_stats (bad[i].json, &usage, &local_error));
      g_assert_error (local_error, VS_ERROR, VS_ERROR_INVALID_DATA);
      g_test_message ("%s", local_error->message);
      g_assert_nonnull (strstr (local_error->message, bad[i].needle));
      g_assert_cmpint (usage.n_processes, ==, 99);
    }
}

/* cgroups
 * ======= */

#define PODMAN_V1_PATH "/machine.slice/libpod-3f0e5c8a1b2d.scope"
#define PODMAN_V2_PATH "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-3f0e5c8a1b2d.scope/container"

static void
test_cgroup_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("versus-cgroup-v1-XXXXXX", &error);
  VsUsage usage;

  g_assert_no_error (error);

  write_file (root, "cpuacct/" PODMAN_V1_PATH "/cpuacct.usage", "8412345678\n");
  write_file (root, "memory/" PODMAN_V1_PATH "/memory.usage_in_bytes", "52428800\n");
  write_file (root, "memory/" PODMAN_V1_PATH "/memory.max_usage_in_bytes", "73400320\n");
  write_file (root, "memory/" PODMAN_V1_PATH "/memory.stat",
              "cache 10485760\nrss 31457280\nrss_huge 0\nshmem 0\nmapped_file 2097152\n"
              "dirty 0\nwriteback 0\npgpgin 21270\npgpgout 9468\npgfault 22011\npgmajfault 0\n"
              "inactive_anon 0\nactive_anon 31457280\ninactive_file 8388608\n"
              "active_file 2097152\nunevictable 0\nhierarchical_memory_limit 9223372036854771712\n"
              "total_cache 12582912\ntotal_rss 33554432\ntotal_rss_huge 0\ntotal_shmem 0\n"
              "total_mapped_file 2097152\ntotal_inactive_file 9437184\n");
  write_file (root, "pids/" PODMAN_V1_PATH "/pids.current", "5\n");

  g_assert_true (vs_usage_read_cgroup (root, PODMAN_V1_PATH, &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usage.cpu_ns, ==, G_GINT64_CONSTANT (8412345678));
  /* like `docker stats`: usage minus the inactive page cache */
  g_assert_cmpint (usage.memory_bytes, ==, 52428800 - 9437184);
  g_assert_cmpint (usage.memory_peak_bytes, ==, 73400320);
  g_assert_cmpint (usage.n_processes, ==, 5);
  g_assert_cmpint (usage.monotonic_us, >, 0);

  /* the path may come without its leading slash */
  g_assert_true (vs_usage_read_cgroup (root, &PODMAN_V1_PATH[1], &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usage.n_processes, ==, 5);

  /* "cpu,cpuacct", no hierarchical totals, no pids controller, no peak */
  vs_test_remove_tree (root);
  write_file (root, "cpu,cpuacct/docker/4f2a9c1b7e3d/cpuacct.usage", "1000\n");
  write_file (root, "memory/docker/4f2a9c1b7e3d/memory.usage_in_bytes", "4096000\n");
  write_file (root, "memory/docker/4f2a9c1b7e3d/memory.stat",
              "cache 96000\nrss 4000000\ninactive_file 96000\n");

  g_assert_true (vs_usage_read_cgroup (root, "/docker/4f2a9c1b7e3d", &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usage.cpu_ns, ==, 1000);
  g_assert_cmpint (usage.memory_bytes, ==, 4000000);
  g_assert_cmpint (usage.memory_peak_bytes, ==, -1);
  g_assert_cmpint (usage.n_processes, ==, -1);

  /* garbage is an error that names the file */
  write_file (root, "memory/docker/4f2a9c1b7e3d/memory.usage_in_bytes", "lots\n");
  g_assert_false (vs_usage_read_cgroup (root, "/docker/4f2a9c1b7e3d", &usage, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "memory.usage_in_bytes"));
  g_clear_error (&error);

  write_file (root, "memory/docker/4f2a9c1b7e3d/memory.usage_in_bytes", "4096000\n");
  write_file (root, "memory/docker/4f2a9c1b7e3d/memory.stat", "inactive_file many\n");
  g_assert_false (vs_usage_read_cgroup (root, "/docker/4f2a9c1b7e3d", &usage, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "memory.stat"));
  g_clear_error (&error);

  vs_test_remove_tree (root);
}

static void
test_cgroup_v2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("versus-cgroup-v2-XXXXXX", &error);
  g_autofree char *empty = NULL;
  g_autofree char *peak = NULL;
  VsUsage usage;

  g_assert_no_error (error);

  write_file (root, PODMAN_V2_PATH "/cgroup.controllers", "cpuset cpu io memory pids\n");
  write_file (root, PODMAN_V2_PATH "/cpu.stat",
              "usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\n"
              "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
  write_file (root, PODMAN_V2_PATH "/memory.current", "41943040\n");
  /* "inactive_anon" comes first: only "inactive_file" itself counts */
  write_file (root, PODMAN_V2_PATH "/memory.stat",
              "anon 31457280\nfile_mapped 1048576\nfile_dirty 4096\nfile 8388608\n"
              "kernel_stack 65536\npagetables 131072\npercpu 480\nsock 0\nshmem 0\n"
              "file_writeback 0\nanon_thp 0\ninactive_anon 0\nactive_anon 31457280\n"
              "inactive_file 6291456\nactive_file 2097152\nunevictable 0\n");
  write_file (root, PODMAN_V2_PATH "/memory.peak", "50331648\n");
  write_file (root, PODMAN_V2_PATH "/pids.current", "4\n");

  g_assert_true (vs_usage_read_cgroup (root, PODMAN_V2_PATH, &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usage.cpu_ns, ==, G_GINT64_CONSTANT (1234567000));
  g_assert_cmpint (usage.memory_bytes, ==, 41943040 - 6291456);
  g_assert_cmpint (usage.memory_peak_bytes, ==, 50331648);
  g_assert_cmpint (usage.n_processes, ==, 4);

  /* memory.peak only exists since Linux 5.19 */
  peak = g_build_filename (root, PODMAN_V2_PATH "/memory.peak", NULL);
  g_assert_cmpint (g_remove (peak), ==, 0);
  g_assert_true (vs_usage_read_cgroup (root, PODMAN_V2_PATH, &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usage.memory_peak_bytes, ==, -1);
  g_assert_cmpint (usage.memory_bytes, ==, 41943040 - 6291456);

  /* nothing there: an error that names the path */
  g_assert_false (vs_usage_read_cgroup (root, "/machine.slice/libpod-0000.scope", &usage, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/machine.slice/libpod-0000.scope"));
  g_clear_error (&error);

  /* a directory without any of the files */
  empty = g_build_filename (root, "empty.scope", NULL);
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  g_assert_false (vs_usage_read_cgroup (root, "/empty.scope", &usage, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "empty.scope"));
  g_clear_error (&error);

  g_assert_false (vs_usage_read_cgroup (root, "/../../etc", &usage, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  write_file (root, PODMAN_V2_PATH "/cpu.stat", "usage_usec\nuser_usec 1\n");
  g_assert_false (vs_usage_read_cgroup (root, PODMAN_V2_PATH, &usage, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "cpu.stat"));
  g_clear_error (&error);

  vs_test_remove_tree (root);
}

/* Process trees
 * ============= */

static void
test_process_tree (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *comm = NULL;
  g_autofree char *comm_path = NULL;
  GPid pid = spawn_busy_tree ();
  VsUsage usage;
  double percent;

  percent = measure_busy (pid, 500, 30, &usage);

  comm_path = g_strdup_printf ("/proc/%d/comm", (int) pid);
  if (g_file_get_contents (comm_path, &comm, NULL, NULL))
    g_test_message ("root comm: %s", g_strstrip (comm));

  g_assert_cmpfloat (percent, >, 30);
  g_assert_cmpfloat (percent, <=, max_cpu_percent ());
  g_assert_cmpint (usage.cpu_ns, >, 0);
  g_assert_cmpint (usage.memory_bytes, >, 4 * MIB);
  g_assert_cmpint (usage.memory_peak_bytes, >=, usage.memory_bytes);
  g_assert_cmpint (usage.n_processes, >=, 2);
  g_assert_cmpfloat (usage.cpu_percent, <, 0);

  kill_tree (pid);

  /* reaped: gone */
  g_assert_false (vs_usage_read_process_tree (pid, &usage, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_process_missing (void)
{
  const char *argv[] = { "/bin/true", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  siginfo_t info;
  GPid pid = 0;
  VsUsage usage;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  /* exited but not reaped yet: a zombie is not running either */
  g_assert_cmpint (waitid (P_PID, (id_t) pid, &info, WEXITED | WNOWAIT), ==, 0);
  g_assert_false (vs_usage_read_process_tree (pid, &usage, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  vs_usage_init (&usage);
  usage.n_processes = 99;
  g_assert_false (vs_usage_read_process_tree (pid, &usage, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  expected = g_strdup_printf ("process %d is not running", (int) pid);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (usage.n_processes, ==, 99);
  g_clear_error (&error);

  g_assert_false (vs_usage_read_process_tree (0, &usage, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* ourselves: one process (unless a helper of the test runner is ours) */
  g_assert_true (vs_usage_read_process_tree (getpid (), &usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (usage.n_processes, >=, 1);
  g_assert_cmpint (usage.memory_bytes, >, 0);
}

/* Sampler on real processes
 * ========================= */

typedef struct
{
  guint n_samples;
  guint n_failed;
  guint n_bad_cpu;
  guint n_backwards;
  gint64 last_elapsed;
  VsSampler *stop_after_first;
} Counters;

static void
count_sample_cb (VsSampler      *sampler,
                 const VsSample *sample,
                 gpointer        user_data)
{
  Counters *c = user_data;

  c->n_samples++;
  if (sample->cpu_percent > max_cpu_percent ())
    c->n_bad_cpu++;
  if (sample->elapsed_us < c->last_elapsed)
    c->n_backwards++;
  c->last_elapsed = sample->elapsed_us;

  if (c->stop_after_first != NULL)
    vs_sampler_stop (c->stop_after_first);
}

static void
count_failed_cb (VsSampler    *sampler,
                 const GError *error,
                 gpointer      user_data)
{
  Counters *c = user_data;

  g_assert_nonnull (error);
  c->n_failed++;
}

static void
test_sampler_pid (void)
{
  VsSampler *sampler;
  const GArray *samples;
  Counters c = { 0 };
  GPid pid = spawn_busy_tree ();
  VsUsage usage;
  guint known_cpu = 0;
  guint after_stop;

  /* wait until the busy loop runs, so the whole run is busy */
  g_assert_cmpfloat (measure_busy (pid, 200, 30, &usage), >, 30);

  sampler = vs_sampler_new_for_pid (pid);
  g_assert_cmpint (vs_sampler_get_interval (sampler), ==, G_USEC_PER_SEC);
  vs_sampler_set_interval (sampler, 100 * 1000);
  g_assert_cmpint (vs_sampler_get_interval (sampler), ==, 100 * 1000);
  g_assert_false (vs_sampler_get_running (sampler));
  g_signal_connect (sampler, "sample", G_CALLBACK (count_sample_cb), &c);
  g_signal_connect (sampler, "failed", G_CALLBACK (count_failed_cb), &c);

  vs_sampler_start (sampler);
  g_assert_true (vs_sampler_get_running (sampler));
  run_loop_for (1100);

  samples = vs_sampler_get_samples (sampler);
  g_test_message ("%u samples, mean CPU %.1f %%, peak %.1f %%, peak memory %" G_GINT64_FORMAT
                  ", %u skipped", samples->len, vs_sampler_get_mean_cpu (sampler),
                  vs_sampler_get_peak_cpu (sampler), vs_sampler_get_peak_memory (sampler),
                  vs_sampler_get_n_skipped (sampler));

  g_assert_cmpuint (samples->len, ==, c.n_samples);
  g_assert_cmpuint (samples->len, >=, 3);
  g_assert_cmpuint (c.n_failed, ==, 0);
  g_assert_cmpuint (vs_sampler_get_n_failures (sampler), ==, 0);
  g_assert_null (vs_sampler_get_last_error (sampler));
  g_assert_cmpuint (c.n_bad_cpu, ==, 0);
  g_assert_cmpuint (c.n_backwards, ==, 0);

  /* the baseline has no CPU figure; later samples do */
  g_assert_cmpfloat (g_array_index (samples, VsSample, 0).cpu_percent, <, 0);
  for (guint i = 0; i < samples->len; i++)
    {
      const VsSample *s = &g_array_index (samples, VsSample, i);

      g_assert_cmpint (s->memory_bytes, >, 4 * MIB);
      g_assert_cmpint (s->n_processes, >=, 2);
      g_assert_cmpint (s->elapsed_us, <, 10 * G_USEC_PER_SEC);
      if (s->cpu_percent >= 0)
        known_cpu++;
    }
  g_assert_cmpuint (known_cpu, >=, 2);

  g_assert_cmpfloat (vs_sampler_get_mean_cpu (sampler), >, 30);
  g_assert_cmpfloat (vs_sampler_get_mean_cpu (sampler), <=, max_cpu_percent ());
  g_assert_cmpfloat (vs_sampler_get_peak_cpu (sampler), >=, vs_sampler_get_mean_cpu (sampler));
  g_assert_cmpint (vs_sampler_get_peak_memory (sampler), >, 4 * MIB);
  g_assert_cmpfloat (vs_sampler_get_mean_memory (sampler), >, 4 * MIB);
  g_assert_cmpfloat (vs_sampler_get_mean_memory (sampler), <=,
                     (double) vs_sampler_get_peak_memory (sampler));

  /* stop stops the signals, and twice is fine */
  vs_sampler_stop (sampler);
  g_assert_false (vs_sampler_get_running (sampler));
  after_stop = c.n_samples;
  run_loop_for (400);
  vs_sampler_stop (sampler);
  g_assert_cmpuint (c.n_samples, ==, after_stop);
  g_assert_cmpuint (vs_sampler_get_samples (sampler)->len, ==, after_stop);

  kill_tree (pid);
  unref_and_wait (sampler);
}

static void
child_exited_cb (GPid     pid,
                 gint     status,
                 gpointer user_data)
{
  gboolean *exited = user_data;

  *exited = TRUE;
  g_spawn_close_pid (pid);
}

static void
test_sampler_exit (void)
{
  const char *argv[] = { "/bin/sh", "-c", "sleep 0.3", NULL };
  g_autoptr(GError) error = NULL;
  VsSampler *sampler;
  Counters c = { 0 };
  gboolean exited = FALSE;
  GPid pid = 0;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited_cb, &exited);

  sampler = vs_sampler_new_for_pid (pid);
  vs_sampler_set_interval (sampler, 100 * 1000);
  g_signal_connect (sampler, "sample", G_CALLBACK (count_sample_cb), &c);
  g_signal_connect (sampler, "failed", G_CALLBACK (count_failed_cb), &c);
  vs_sampler_start (sampler);

  run_loop_for (1200);

  g_test_message ("%u samples, %u failures: %s", c.n_samples, c.n_failed,
                  vs_sampler_get_last_error (sampler));
  g_assert_true (exited);
  g_assert_true (vs_sampler_get_running (sampler));
  g_assert_cmpuint (c.n_samples, >=, 1);
  g_assert_cmpuint (c.n_failed, >=, 2);
  g_assert_cmpuint (vs_sampler_get_n_failures (sampler), ==, c.n_failed);
  g_assert_nonnull (strstr (vs_sampler_get_last_error (sampler), "is not running"));

  vs_sampler_stop (sampler);
  unref_and_wait (sampler);
}

/* Sampler on test sources
 * ======================= */

#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, GObject)

struct _TestSource
{
  GObject parent_instance;
  guint   delay_ms;       /* 0: complete on the next iteration */
  guint   fail_every;     /* every Nth read fails, 0: never */
  gboolean percent_only;  /* docker-like: a percentage, no counter */
  guint   cpu_permille;   /* CPU use from now on, 1000 = one core (default 500) */
  gint64  memory_bytes;   /* > 0: every reading's memory (default 1–3 MiB in turn) */
  gint64  t0;
  gint64  cpu_ns;         /* the counter, and when it was last advanced */
  gint64  cpu_at_us;
  guint   n_reads;
  guint   in_flight;
  guint   max_in_flight;
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, G_TYPE_OBJECT)

static void
test_source_class_init (TestSourceClass *klass)
{
}

static void
test_source_init (TestSource *self)
{
  self->t0 = self->cpu_at_us = g_get_monotonic_time ();
  self->cpu_permille = 500;
}

static gboolean
test_source_complete_cb (gpointer user_data)
{
  GTask *task = user_data;
  TestSource *self = g_task_get_source_object (task);
  VsUsage usage;
  guint n;

  g_assert_cmpuint (self->in_flight, >, 0);
  self->in_flight--;
  n = ++self->n_reads;

  if (self->fail_every != 0 && n % self->fail_every == 0)
    {
      g_task_return_new_error (task, VS_ERROR, VS_ERROR_FAILED, "read %u failed", n);
      return G_SOURCE_REMOVE;
    }

  vs_usage_init (&usage);
  usage.monotonic_us = g_get_monotonic_time ();
  if (self->percent_only)
    usage.cpu_percent = 12.5;
  else
    {
      self->cpu_ns += (usage.monotonic_us - self->cpu_at_us) * self->cpu_permille;
      self->cpu_at_us = usage.monotonic_us;
      usage.cpu_ns = self->cpu_ns;
    }
  usage.memory_bytes = self->memory_bytes > 0 ? self->memory_bytes : MIB * (1 + n % 3);
  usage.memory_peak_bytes = n == 2 ? 10 * MIB : -1;
  usage.n_processes = 3;

  g_task_return_pointer (task, g_memdup2 (&usage, sizeof usage), g_free);

  return G_SOURCE_REMOVE;
}

static void
test_source_read_async (gpointer             source,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  TestSource *self = source;
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GSource *timeout;

  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);

  timeout = self->delay_ms > 0 ? g_timeout_source_new (self->delay_ms) : g_idle_source_new ();
  g_source_set_callback (timeout, test_source_complete_cb, task, g_object_unref);
  g_source_attach (timeout, g_task_get_context (task));
  g_source_unref (timeout);
}

static gboolean
test_source_read_finish (gpointer       source,
                         GAsyncResult  *result,
                         VsUsage       *usage,
                         GError       **error)
{
  g_autofree VsUsage *stored = NULL;

  g_assert_true (g_task_is_valid (result, source));

  stored = g_task_propagate_pointer (G_TASK (result), error);
  if (stored == NULL)
    return FALSE;

  *usage = *stored;

  return TRUE;
}

static void
test_sampler_stats (void)
{
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  VsSampler *sampler;
  const GArray *samples;
  Counters c = { 0 };
  double memory_sum = 0;

  source->fail_every = 4;
  sampler = vs_sampler_new (source, test_source_read_async, test_source_read_finish);
  g_assert_true (vs_sampler_get_source (sampler) == (gpointer) source);
  g_object_set (sampler, "interval", (gint64) 20000, NULL);
  g_assert_cmpint (vs_sampler_get_interval (sampler), ==, 20000);
  g_signal_connect (sampler, "sample", G_CALLBACK (count_sample_cb), &c);
  g_signal_connect (sampler, "failed", G_CALLBACK (count_failed_cb), &c);

  g_assert_cmpint (vs_sampler_get_peak_memory (sampler), ==, -1);
  g_assert_cmpfloat (vs_sampler_get_mean_cpu (sampler), ==, -1);

  vs_sampler_start (sampler);
  g_assert_true (run_until_count (&c.n_samples, 6, 10000));
  vs_sampler_stop (sampler);

  samples = vs_sampler_get_samples (sampler);
  g_assert_cmpuint (samples->len, ==, 6);
  g_assert_cmpfloat (g_array_index (samples, VsSample, 0).cpu_percent, ==, -1);
  for (guint i = 1; i < samples->len; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (samples, VsSample, i).cpu_percent, 50.0, 1e-6);
  for (guint i = 0; i < samples->len; i++)
    {
      g_assert_cmpint (g_array_index (samples, VsSample, i).n_processes, ==, 3);
      memory_sum += g_array_index (samples, VsSample, i).memory_bytes;
    }

  /* reads 4 (and 8, if it came) failed; the sampler went on */
  g_assert_cmpuint (vs_sampler_get_n_failures (sampler), >=, 1);
  g_assert_cmpuint (vs_sampler_get_n_failures (sampler), ==, c.n_failed);
  g_assert_cmpstr (vs_sampler_get_last_error (sampler), ==, "read 4 failed");
  g_assert_cmpuint (source->max_in_flight, ==, 1);

  g_assert_cmpfloat_with_epsilon (vs_sampler_get_mean_cpu (sampler), 50.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (vs_sampler_get_peak_cpu (sampler), 50.0, 1e-6);
  g_assert_cmpint (vs_sampler_get_peak_memory (sampler), ==, 10 * MIB);
  g_assert_cmpfloat_with_epsilon (vs_sampler_get_mean_memory (sampler), memory_sum / 6, 1e-3);

  /* restarting clears the results; a handler may stop the sampler */
  source->percent_only = TRUE;
  source->fail_every = 0;
  c = (Counters) { .stop_after_first = sampler };
  vs_sampler_start (sampler);
  g_assert_cmpuint (vs_sampler_get_samples (sampler)->len, ==, 0);
  g_assert_cmpuint (vs_sampler_get_n_failures (sampler), ==, 0);
  g_assert_null (vs_sampler_get_last_error (sampler));
  g_assert_true (run_until_count (&c.n_samples, 1, 10000));
  g_assert_false (vs_sampler_get_running (sampler));
  run_loop_for (150);
  g_assert_cmpuint (c.n_samples, ==, 1);
  samples = vs_sampler_get_samples (sampler);
  g_assert_cmpuint (samples->len, ==, 1);
  g_assert_cmpfloat (g_array_index (samples, VsSample, 0).cpu_percent, ==, 12.5);
  g_assert_cmpfloat (vs_sampler_get_mean_cpu (sampler), ==, 12.5);

  unref_and_wait (sampler);
}

/* After vs_sampler_begin_window() (the measured phase begins), the means
 * and peaks cover only what came after it; the samples keep everything */
static void
test_sampler_window (void)
{
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  VsSampler *sampler;
  Counters c = { 0 };
  guint before;

  source->cpu_permille = 900;               /* warm-up: 90 %, 100 MiB, a 10 MiB kernel peak */
  source->memory_bytes = 100 * MIB;
  sampler = vs_sampler_new (source, test_source_read_async, test_source_read_finish);
  vs_sampler_set_interval (sampler, 20 * 1000);
  g_signal_connect (sampler, "sample", G_CALLBACK (count_sample_cb), &c);

  vs_sampler_start (sampler);
  g_assert_true (run_until_count (&c.n_samples, 5, 10000));
  g_assert_cmpfloat_with_epsilon (vs_sampler_get_mean_cpu (sampler), 90.0, 1e-6);
  g_assert_cmpint (vs_sampler_get_peak_memory (sampler), ==, 100 * MIB);

  before = c.n_samples;
  source->cpu_permille = 200;               /* measured: 20 %, 5 MiB */
  source->memory_bytes = 5 * MIB;
  vs_sampler_begin_window (sampler);
  g_assert_cmpfloat (vs_sampler_get_mean_cpu (sampler), ==, -1);
  g_assert_cmpint (vs_sampler_get_peak_memory (sampler), ==, -1);
  g_assert_true (run_until_count (&c.n_samples, before + 6, 10000));
  vs_sampler_stop (sampler);

  g_assert_cmpuint (vs_sampler_get_samples (sampler)->len, ==, c.n_samples);
  g_assert_cmpfloat_with_epsilon (vs_sampler_get_mean_cpu (sampler), 20.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (vs_sampler_get_peak_cpu (sampler), 20.0, 1e-6);
  g_assert_cmpint (vs_sampler_get_peak_memory (sampler), ==, 5 * MIB);
  g_assert_cmpfloat_with_epsilon (vs_sampler_get_mean_memory (sampler), 5.0 * MIB, 1e-3);

  /* a new start counts from its beginning again */
  c = (Counters) { 0 };
  source->memory_bytes = 7 * MIB;
  source->cpu_permille = 600;
  vs_sampler_start (sampler);
  g_assert_true (run_until_count (&c.n_samples, 3, 10000));
  vs_sampler_stop (sampler);
  g_assert_cmpuint (vs_sampler_get_samples (sampler)->len, ==, 3);
  g_assert_cmpint (vs_sampler_get_peak_memory (sampler), ==, 7 * MIB);
  g_assert_cmpfloat_with_epsilon (vs_sampler_get_mean_cpu (sampler), 60.0, 1e-6);

  unref_and_wait (sampler);
}

static void
test_sampler_slow (void)
{
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  VsSampler *sampler;
  Counters c = { 0 };
  guint after_stop;

  source->delay_ms = 350;
  sampler = vs_sampler_new (source, test_source_read_async, test_source_read_finish);
  vs_sampler_set_interval (sampler, 100 * 1000);
  g_signal_connect (sampler, "sample", G_CALLBACK (count_sample_cb), &c);

  vs_sampler_start (sampler);
  run_loop_for (1500);

  g_test_message ("%u samples, %u reads, %u skipped ticks", c.n_samples, source->n_reads,
                  vs_sampler_get_n_skipped (sampler));
  g_assert_cmpuint (source->max_in_flight, ==, 1);
  g_assert_cmpuint (c.n_samples, >=, 2);
  g_assert_cmpuint (c.n_samples, <=, 5);
  g_assert_cmpuint (vs_sampler_get_n_skipped (sampler), >=, 2);

  /* stop with a read out (likely: they take 350 ms of each ~400) and
   * restart at once: the new baseline waits for the abandoned read */
  vs_sampler_stop (sampler);
  vs_sampler_start (sampler);
  c = (Counters) { 0 };
  run_loop_for (1000);
  g_assert_cmpuint (source->max_in_flight, ==, 1);
  g_assert_cmpuint (c.n_samples, >=, 1);

  /* nothing after stop, although the last read completes later */
  vs_sampler_stop (sampler);
  after_stop = c.n_samples;
  run_loop_for (500);
  g_assert_cmpuint (source->in_flight, ==, 0);
  g_assert_cmpuint (c.n_samples, ==, after_stop);

  unref_and_wait (sampler);
}

/* The sampler's context is the thread-default one of the caller of start. */
static void
test_sampler_context (void)
{
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  g_autoptr(GMainContext) context = g_main_context_new ();
  VsSampler *sampler;
  Counters c = { 0 };
  gint64 deadline;

  sampler = vs_sampler_new (source, test_source_read_async, test_source_read_finish);
  vs_sampler_set_interval (sampler, 10 * 1000);
  g_signal_connect (sampler, "sample", G_CALLBACK (count_sample_cb), &c);

  g_main_context_push_thread_default (context);
  vs_sampler_start (sampler);
  g_main_context_pop_thread_default (context);

  /* the default context sees nothing */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (c.n_samples, ==, 0);

  /* iterating @context without pushing it still brings the reads home */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (c.n_samples < 4 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  g_assert_cmpuint (c.n_samples, >=, 4);

  vs_sampler_stop (sampler);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_cmpuint (source->in_flight, ==, 0);
  g_object_unref (sampler);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/usage/parse-size", test_parse_size);
  g_test_add_func ("/usage/cpu-percent", test_cpu_percent);
  g_test_add_func ("/usage/podman-stats", test_podman_stats);
  g_test_add_func ("/usage/docker-stats", test_docker_stats);
  g_test_add_func ("/usage/cgroup-v1", test_cgroup_v1);
  g_test_add_func ("/usage/cgroup-v2", test_cgroup_v2);
  g_test_add_func ("/usage/process-tree", test_process_tree);
  g_test_add_func ("/usage/process-missing", test_process_missing);
  g_test_add_func ("/sampler/pid", test_sampler_pid);
  g_test_add_func ("/sampler/pid-exits", test_sampler_exit);
  g_test_add_func ("/sampler/stats", test_sampler_stats);
  g_test_add_func ("/sampler/window", test_sampler_window);
  g_test_add_func ("/sampler/slow-source", test_sampler_slow);
  g_test_add_func ("/sampler/context", test_sampler_context);

  return g_test_run ();
}
