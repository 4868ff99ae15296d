// SPDX-License-Identifier: GPL-2.0-only
/* pipe: two processes ping-pong a word over a pair of pipes.
 *
 * Why: this is the cheapest possible wakeup-and-switch cycle, the same loop
 * `perf bench sched pipe` times, so it shows a scheduler's fixed cost per
 * wakeup/context switch (and its choice of placing the two partners on one
 * CPU or two) with almost nothing else in the way. Like perf, it uses two
 * processes and 4-byte messages; an "op" is one round trip (usecs_per_op,
 * as perf prints it), switch_us is half of it (one hand-off). The parent reads
 * the clock once per round trip, so the per-round-trip latency histogram
 * costs one vDSO call per op.
 *
 * Arguments: cpu=N pins both partners to CPU N, so every hand-off is a
 * context switch on that CPU: the scheduler's own cost per switch, without
 * its placement choice. Why a separate form: unpinned, the round trip under
 * TCG depends mostly on whether the partners share a CPU (a cross-CPU
 * wakeup kicks another emulated CPU), so 1 s repeats scatter by ~30% with
 * placement alone. Pinned, what moves the rounds of a row is the host: under
 * TCG a host hog makes some round trips slow (one 1 s repeat's throughput
 * then drops by up to half) while the median round trip moves a few
 * percent. It does not absorb everything: on this project's host the
 * emulated CPU also switches for seconds between two speeds (a round trip
 * of ~70 or ~120 us), and a repeat that straddles the switch moves its
 * median by up to ~1.6x. The 10th percentile moves less: it is set by the
 * repeat's fast stretch whenever there is one. So pinned, the headline is
 * roundtrip_p10_us, what a regression gate compares (calibrated against
 * the median in README "Calibration"). Unpinned, the headline stays
 * roundtrips_per_s.
 */
#include "workloads/histogram.h"
#include "workloads/wl_args.h"
#include "workloads/wl_metrics.h"
#include "workloads/wl_proc.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <sched.h> /* CPU_SETSIZE */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void partner(int rfd, int wfd)
{
	int v;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;) {
		ssize_t n = read(rfd, &v, sizeof(v));
		if (n <= 0)
			_exit(0);
		if (write(wfd, &v, sizeof(v)) != sizeof(v))
			_exit(0);
	}
}

static int pipe_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "cpu", NULL };
	char err[256];
	struct wl_args a;
	long cpu;
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_long(&a, "cpu", -1, -1, CPU_SETSIZE - 1, &cpu, err, sizeof(err))) {
		wl_fail(r, "%s", err);
		return 0;
	}
	wl_param(r, "duration_s", json_real(p->duration_s));
	wl_param(r, "mode", json_string("processes"));
	wl_param(r, "message_bytes", json_integer(sizeof(int)));
	wl_param(r, "cpu", json_integer(cpu));
	/* before the fork: the partner inherits it */
	if (wl_pin_self(cpu) < 0) {
		wl_fail(r, "cpu=%ld: cannot pin the partners there: %s", cpu, strerror(errno));
		return 0;
	}

	int to_child[2], to_parent[2];
	if (pipe2(to_child, O_CLOEXEC) || pipe2(to_parent, O_CLOEXEC)) {
		wl_fail(r, "pipe: %s", strerror(errno));
		return 0;
	}
	pid_t pid = fork();
	if (pid < 0) {
		wl_fail(r, "fork: %s", strerror(errno));
		return 0;
	}
	if (pid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		partner(to_child[0], to_parent[1]);
	}
	close(to_child[0]);
	close(to_parent[1]);

	struct histogram *h = malloc(sizeof(*h));
	if (!h) {
		wl_fail(r, "out of memory");
		goto out;
	}
	hist_init(h);
	uint64_t t0 = mono_ns(), dur = (uint64_t)(p->duration_s * 1e9);
	uint64_t end = t0 + dur, prev = t0, now = t0, ops = 0;
	wl_alarm_at(t0 + dur + dur / 4 + 100000000ull);
	int v = 0, broken = 0;
	while (now < end) {
		if (write(to_child[1], &v, sizeof(v)) != sizeof(v) ||
		    read(to_parent[0], &v, sizeof(v)) != sizeof(v)) {
			broken = errno ? errno : EPIPE;
			break;
		}
		v++;
		now = mono_ns();
		hist_add(h, now - prev);
		prev = now;
		ops++;
	}
	wl_alarm_cancel();
	double secs = (double)(now - t0) / 1e9;
	if (broken && !wl_alarm_fired())
		wl_fail(r, "pipe partner failed: %s", strerror(broken));
	else if (ops == 0)
		wl_fail(r, "no round trip completed in %.2f s", secs);
	else {
		if (broken)
			wl_detail(r, "stopped_by_time_bound", json_true());
		wl_metric(r, "roundtrips_per_s", "1/s", METRIC_HIGHER_BETTER, ops / secs);
		wl_metric(r, "usecs_per_op", "us", METRIC_LOWER_BETTER, secs * 1e6 / ops);
		/* a round trip is two wakeup-and-switch hand-offs */
		wl_metric(r, "switch_us", "us", METRIC_LOWER_BETTER, secs * 1e6 / ops / 2);
		wl_metric(r, "roundtrip_p10_us", "us", METRIC_LOWER_BETTER,
			  (double)hist_percentile(h, 10) / 1000.0);
		wl_latency_metrics(r, "roundtrip_", h, "roundtrip_ns");
		wl_detail(r, "roundtrips", json_integer((json_int_t)ops));
		wl_detail(r, "elapsed_s", json_real(secs));
		if (cpu >= 0)
			wl_param(r, "headline", json_string("roundtrip_p10_us"));
	}
	free(h);
out:
	close(to_child[1]);
	close(to_parent[0]);
	wl_kill_reap(&pid, 1);
	return 0;
}

static const struct workload wl_pipe = {
	.name = "pipe",
	.desc = "two processes ping-pong over pipes (perf bench sched pipe): round trips/s",
	.headline = "roundtrips_per_s",
	.metrics = "roundtrips_per_s usecs_per_op switch_us roundtrip_p10_us roundtrip_p50_us "
		   "roundtrip_p90_us roundtrip_p99_us roundtrip_p999_us roundtrip_max_us",
	.order = 20,
	.takes_arg = true,
	.args = "cpu=-1 (cpu=N pins both partners to CPU N: the switch cost alone; the headline is "
		"then the round trip's 10th percentile, roundtrip_p10_us, which host noise hardly moves)",
	.run = pipe_run,
};
WORKLOAD_REGISTER(wl_pipe);
