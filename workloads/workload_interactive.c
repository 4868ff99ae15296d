// SPDX-License-Identifier: GPL-2.0-only
/* interactive: a periodic task (1 ms of CPU every 10 ms) beside CPU hogs.
 *
 * Why: the desktop case. A task that sleeps most of the time and needs a
 * little CPU promptly (input, audio, UI frames) must not queue behind batch
 * work. The workload process itself is the periodic task: it sleeps to each
 * period's absolute start (clock_nanosleep TIMER_ABSTIME, like cyclictest),
 * records how late it woke, then burns run_ms of its own CPU time. Beside it,
 * hogs (default one per CPU) spin. A period is missed when its job did not
 * finish before the next period began (an overrun), or got no job at all
 * (releases skipped while catching up).
 *
 * Arguments: period_ms (10), run_ms (1), hogs (CPUs), batch=0|1 (hogs
 * SCHED_BATCH instead of SCHED_OTHER), cpu (-1: the periodic task may run
 * anywhere; N: it is pinned to CPU N, the hogs are not). Pinning is how
 * cyclictest runs its measuring thread (rt-tests 2.4, Debian's, pins the
 * -t1 thread to CPU 0 even without -a: seen with strace), so `cpu=0` gives
 * a like-for-like comparison with
 * `cyclictest -t1 -a 0`, and it lets a user ask how a scheduler treats a
 * latency-sensitive task that cannot move away from the hogs.
 */
#include "workloads/histogram.h"
#include "workloads/wl_args.h"
#include "workloads/wl_metrics.h"
#include "workloads/wl_proc.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HOGS 256

static int interactive_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "period_ms", "run_ms", "hogs", "batch", "cpu", NULL };
	char err[256];
	struct wl_args a;
	double period_ms, run_ms;
	long nhogs, batch, cpu;
	int ncpu = p->nr_cpus > 0 ? p->nr_cpus : 1;
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_double(&a, "period_ms", 10, 0.1, 10000, &period_ms, err, sizeof(err)) ||
	    wl_args_double(&a, "run_ms", 1, 0, 10000, &run_ms, err, sizeof(err)) ||
	    wl_args_long(&a, "hogs", ncpu, 0, MAX_HOGS, &nhogs, err, sizeof(err)) ||
	    wl_args_long(&a, "batch", 0, 0, 1, &batch, err, sizeof(err)) ||
	    wl_args_long(&a, "cpu", -1, -1, CPU_SETSIZE - 1, &cpu, err, sizeof(err))) {
		wl_fail(r, "%s", err);
		return 0;
	}
	if (run_ms >= period_ms) {
		wl_fail(r, "run_ms (%g) must be below period_ms (%g)", run_ms, period_ms);
		return 0;
	}
	wl_param(r, "period_ms", json_real(period_ms));
	wl_param(r, "run_ms", json_real(run_ms));
	wl_param(r, "hogs", json_integer(nhogs));
	wl_param(r, "hog_policy", json_string(batch ? "SCHED_BATCH" : "SCHED_OTHER"));
	wl_param(r, "cpu", json_integer(cpu));
	wl_param(r, "duration_s", json_real(p->duration_s));

	pid_t pid[MAX_HOGS] = { 0 };
	struct histogram *h = malloc(sizeof(*h));
	struct wl_gate g;
	if (!h || wl_gate_init(&g)) {
		wl_fail(r, "out of memory or pipes");
		free(h);
		return 0;
	}
	hist_init(h);
	for (long i = 0; i < nhogs; i++) {
		pid[i] = wl_hog_spawn(&g, 0, batch ? SCHED_BATCH : SCHED_OTHER);
		if (pid[i] < 0) {
			pid[i] = 0;
			wl_fail(r, "cannot start hog %ld: %s", i, strerror(errno));
			goto out;
		}
	}
	/* pinned only now: the hogs were forked unpinned */
	if (wl_pin_self(cpu) < 0) {
		wl_fail(r, "cpu=%ld: cannot pin the periodic task there: %s", cpu, strerror(errno));
		goto out;
	}
	wl_gate_open(&g);
	uint64_t P = (uint64_t)(period_ms * 1e6), run = (uint64_t)(run_ms * 1e6);
	uint64_t t0 = mono_ns(), end = t0 + (uint64_t)(p->duration_s * 1e9);
	uint64_t rel = t0 + P, periods = 0, missed = 0, overruns = 0, skipped = 0, moves = 0;
	int last_cpu = -1;
	while (rel + P <= end) {
		wl_sleep_until(rel);
		uint64_t woke = mono_ns();
		hist_add(h, woke - rel);
		int on = sched_getcpu(); /* after the timestamp: not part of the latency */
		if (last_cpu >= 0 && on != last_cpu)
			moves++;
		last_cpu = on;
		wl_spin_cpu_ns(run);
		uint64_t done = mono_ns();
		periods++;
		uint64_t next = rel + P;
		if (done > next) {
			overruns++;
			missed++;
			while (next <= done && next + P <= end) { /* releases already gone */
				next += P;
				periods++;
				missed++;
				skipped++;
			}
		}
		rel = next;
	}
	if (periods == 0) {
		wl_fail(r, "duration too short for one %g ms period", period_ms);
		goto out;
	}
	wl_latency_metrics(r, "", h, "wakeup_latency_ns");
	wl_metric(r, "missed_ratio", "ratio", METRIC_LOWER_BETTER, (double)missed / periods);
	wl_detail(r, "periods", json_integer((json_int_t)periods));
	wl_detail(r, "missed", json_integer((json_int_t)missed));
	wl_detail(r, "overruns", json_integer((json_int_t)overruns));
	wl_detail(r, "skipped_releases", json_integer((json_int_t)skipped));
	wl_detail(r, "wake_cpu_changes", json_integer((json_int_t)moves));
	wl_detail(r, "note", json_string("latency: timer expiry (period start) to the task "
					 "running; a period is missed if its job did not finish "
					 "before the next began or never ran"));
out:
	wl_kill_reap(pid, (int)nhogs);
	wl_gate_close(&g);
	free(h);
	return 0;
}

static const struct workload wl_interactive = {
	.name = "interactive",
	.desc = "1 ms of work every 10 ms beside CPU hogs: wakeup latency and missed periods",
	.headline = "p99_us",
	.metrics = "p50_us p90_us p99_us p999_us max_us missed_ratio",
	.order = 60,
	.takes_arg = true,
	.args = "period_ms=10,run_ms=1,hogs=CPUs,batch=0,cpu=-1 (cpu=N pins the periodic task)",
	.run = interactive_run,
};
WORKLOAD_REGISTER(wl_interactive);
