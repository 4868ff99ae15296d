// SPDX-License-Identifier: GPL-2.0-only
/* cmd: the user's own command, measured like any workload.
 *
 * Why: "which scheduler is best for MY job" is answered by running the job.
 * `--workload cmd:'make -j8'` runs the text through /bin/sh -c in its own
 * process group (in the current directory, output captured), repeated like
 * any workload, and reports its wall time, the CPU time and context switches
 * of every reaped descendant (wait4 rusage), and the run-queue wait of all its
 * tasks: /proc/TID/schedstat of every thread in the workload's cgroup (or,
 * without one, of every descendant), sampled every 10 ms while it runs and
 * summed (a lower bound: waits after a task's last sample are lost). The
 * command must finish within 1.5 x --duration or it is killed and the result
 * fails; a non-zero exit fails the result too (metrics are still reported).
 */
#include "workloads/wl_exec.h"
#include "workloads/wl_schedstat.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

struct cmd_tick {
	struct wl_schedstat *ss;
};

static void on_tick(void *arg)
{
	struct cmd_tick *t = arg;
	wl_schedstat_sample(t->ss);
}

/* usage_usec from cpu.stat, or -1 */
static long long cg_usage_usec(const char *cg)
{
	if (!cg)
		return -1;
	char f[4200], line[256];
	snprintf(f, sizeof(f), "%s/cpu.stat", cg);
	FILE *fp = fopen(f, "re");
	long long v = -1;
	while (fp && fgets(line, sizeof(line), fp))
		if (sscanf(line, "usage_usec %lld", &v) == 1)
			break;
	if (fp)
		fclose(fp);
	return v;
}

static double tv_s(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static int cmd_run(const struct wl_params *p, struct wl_result *r)
{
	char err[512], dir[4096] = "", log[4200];
	if (!p->arg || !*p->arg) {
		wl_skip(r, "no command given: use --workload cmd:'COMMAND'");
		return 0;
	}
	wl_param(r, "command", json_string(p->arg));
	wl_param(r, "shell", json_string("/bin/sh -c"));
	wl_param(r, "duration_s", json_real(p->duration_s));
	if (wl_mktempdir("scxb-cmd", dir, sizeof(dir))) {
		wl_fail(r, "cannot create a temporary directory: %s", strerror(errno));
		return 0;
	}
	snprintf(log, sizeof(log), "%s/output.log", dir);
	char *argv[] = { "/bin/sh", "-c", (char *)p->arg, NULL };
	long long cg0 = cg_usage_usec(p->cgroup);
	uint64_t t0 = mono_ns();
	pid_t pid = wl_spawn(argv, NULL, log, err, sizeof(err));
	if (pid < 0) {
		wl_fail(r, "%s", err);
		goto out;
	}
	struct cmd_tick tk = { .ss = wl_schedstat_new(p->cgroup, pid) };
	double bound = p->duration_s * 1.5;
	struct wl_wait w;
	int rc = wl_wait_bounded(pid, t0 + (uint64_t)(bound * 1e9), 500000000ull, 10000000ull,
				 on_tick, &tk, &w);
	long long cg1 = cg_usage_usec(p->cgroup);
	struct wl_schedstat_sum sum;
	wl_schedstat_sum(tk.ss, &sum);
	wl_schedstat_free(tk.ss);
	if (rc) {
		wl_fail(r, "waiting for the command: %s", strerror(errno));
		goto out;
	}
	double wall = (w.end_ns - t0) / 1e9;
	double cpu = tv_s(w.ru.ru_utime) + tv_s(w.ru.ru_stime);
	char st[64], last[256];
	wl_status_str(w.status, st, sizeof(st));
	wl_file_last_line(log, last, sizeof(last));
	wl_metric(r, "wall_s", "s", METRIC_LOWER_BETTER, wall);
	wl_metric(r, "cpu_s", "s", METRIC_LOWER_BETTER, cpu);
	if (sum.available) {
		wl_metric(r, "runq_wait_s", "s", METRIC_LOWER_BETTER, sum.wait_ns / 1e9);
		wl_metric(r, "runq_wait_per_cpu_s", "ratio", METRIC_LOWER_BETTER,
			  cpu > 0 ? sum.wait_ns / 1e9 / cpu : 0);
	}
	wl_metric(r, "voluntary_ctxsw", "count", METRIC_NEUTRAL, (double)w.ru.ru_nvcsw);
	wl_metric(r, "involuntary_ctxsw", "count", METRIC_LOWER_BETTER, (double)w.ru.ru_nivcsw);
	wl_detail(r, "exit", json_string(st));
	wl_detail(r, "user_s", json_real(tv_s(w.ru.ru_utime)));
	wl_detail(r, "sys_s", json_real(tv_s(w.ru.ru_stime)));
	wl_detail(r, "tasks_seen", json_integer((json_int_t)sum.tasks));
	wl_detail(r, "schedstat_samples", json_integer((json_int_t)sum.samples));
	wl_detail(r, "schedstat_exec_s", json_real(sum.exec_ns / 1e9));
	wl_detail(r, "schedstat_timeslices", json_integer((json_int_t)sum.slices));
	wl_detail(r, "tasks_from", json_string(sum.from_cgroup ? "cgroup.threads" : "/proc descendants"));
	if (!sum.available)
		wl_detail(r, "runq_wait_unavailable", json_string("/proc/TID/schedstat unreadable"));
	if (cg0 >= 0 && cg1 >= cg0)
		wl_detail(r, "cgroup_cpu_s", json_real((cg1 - cg0) / 1e6));
	wl_detail(r, "note", json_string("runq_wait_s: sum of /proc/TID/schedstat run-queue wait "
					 "over every task seen (sampled each 10 ms; a lower bound)"));
	if (w.timed_out)
		wl_fail(r, "the command did not finish within %.1f s (1.5 x --duration) and was "
			"killed; raise --duration", bound);
	else if (!WIFEXITED(w.status) || WEXITSTATUS(w.status) != 0)
		wl_fail(r, "the command failed (%s): %s", st, last);
out:
	if (dir[0])
		wl_rm_rf(dir);
	return 0;
}

static const struct workload wl_cmd = {
	.name = "cmd",
	.desc = "your own command (cmd:'make -j8'): wall/CPU time, run-queue wait, context switches",
	.headline = "wall_s",
	.metrics = "wall_s cpu_s runq_wait_s runq_wait_per_cpu_s voluntary_ctxsw involuntary_ctxsw",
	.order = 120,
	.needs_tool = NULL,
	.takes_arg = true,
	.args = "COMMAND, run by /bin/sh -c (e.g. cmd:'make -j8')",
	.run = cmd_run,
};
WORKLOAD_REGISTER(wl_cmd);
