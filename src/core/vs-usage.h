/* vs-usage.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One reading of what a running target consumes.
 *
 * CPU comes either as a cumulative counter (cpu_ns, from cgroup files,
 * /proc or podman's ContainerStats.CPUNano) — the sampler differences two
 * readings — or, when only that is available (docker stats through the CLI),
 * as a percentage already computed over a recent interval (cpu_percent).
 * Unknown values are negative. 100 % is one core. */
typedef struct
{
  gint64 monotonic_us;    /* g_get_monotonic_time() when read */
  gint64 cpu_ns;          /* cumulative CPU time, or -1 */
  double cpu_percent;     /* directly measured percentage, or -1 */
  gint64 memory_bytes;    /* resident memory (RSS or cgroup usage), or -1 */
  gint64 memory_peak_bytes; /* high-water mark when the source knows it, or -1 */
  gint   n_processes;     /* processes/tasks in the target, or -1 */
} VsUsage;

void      vs_usage_init                    (VsUsage     *usage);

/* Local processes: sums /proc/PID/stat (utime+stime) and /proc/PID/status
 * (VmRSS, VmHWM) over @pid and all its descendants. */
gboolean  vs_usage_read_process_tree       (GPid         pid,
                                            VsUsage     *usage,
                                            GError     **error);

/* cgroup files of a container: @cgroup_path is what the engine reports
 * (e.g. `podman inspect -f '{{.State.CgroupPath}}'`, or
 * /docker/<id> for Docker with the cgroupfs driver). Reads cgroup v1
 * (cpuacct.usage, memory.usage_in_bytes and memory.stat total_inactive_file,
 * pids.current) or v2 (cpu.stat usage_usec, memory.current, memory.stat file,
 * pids.current), whichever exists under @sysfs_root (normally
 * "/sys/fs/cgroup"; tests pass a fake tree). Memory is usage minus the inactive
 * page cache, as `docker stats` counts it. */
gboolean  vs_usage_read_cgroup             (const char  *sysfs_root,
                                            const char  *cgroup_path,
                                            VsUsage     *usage,
                                            GError     **error);

/* `podman stats --no-stream --format '{{json .ContainerStats}}' ID` output:
 * numbers (CPUNano, MemUsage, PIDs, …). */
gboolean  vs_usage_parse_podman_stats      (const char  *json,
                                            VsUsage     *usage,
                                            GError     **error);

/* `docker stats --no-stream --format '{{json .}}' ID` output: strings such
 * as "CPUPerc":"12.34%", "MemUsage":"20.5MiB / 1.944GiB", "PIDs":"7". */
gboolean  vs_usage_parse_docker_stats      (const char  *json,
                                            VsUsage     *usage,
                                            GError     **error);

/* Parses a size as docker prints it: "20.5MiB", "1.944GiB", "512kB", "0B". */
gboolean  vs_usage_parse_size              (const char  *text,
                                            gint64      *out_bytes);

/* CPU % between two readings (100 % = one core), or -1 when it cannot be
 * known; uses @current->cpu_percent when the counters are missing. */
double    vs_usage_cpu_percent_between     (const VsUsage *previous,
                                            const VsUsage *current);

G_END_DECLS
