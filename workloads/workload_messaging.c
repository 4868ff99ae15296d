// SPDX-License-Identifier: GPL-2.0-only
/* messaging: hackbench-style groups of senders and receivers on socketpairs.
 *
 * Why: many communicating tasks, each running briefly between blocking on a
 * socket, is the classic stress of wakeup placement and run-queue handling
 * under heavy load (hackbench, a staple of scheduler patch review). One
 * round is a fixed message count: per group, F senders each send L messages
 * of 100 bytes to each of F receivers (groups x F x F x L messages), all as
 * processes, timed like hackbench from the moment all are ready until the
 * last exits (forking is not timed). Rounds repeat until the duration is
 * used, so the round time (the "total time" for the fixed count) is a median
 * of several samples rather than one.
 *
 * Arguments: groups=G (default CPUs), fds=F (default 10), loops=L (default 50).
 */
#include "workloads/wl_args.h"
#include "workloads/wl_proc.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MSG_SIZE 100

struct round {
	long groups, fds, loops;
	pid_t *pids;
	int npids;
	int *sv;        /* per receiver: [2*i] receiver end, [2*i+1] sender end */
	int ready[2];
	struct wl_gate gate;
};

static void child_ready(struct round *rd)
{
	char c = 'r';
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (write(rd->ready[1], &c, 1) != 1)
		_exit(2);
	wl_gate_wait(&rd->gate);
}

static void receiver(struct round *rd, int fd)
{
	child_ready(rd);
	char buf[MSG_SIZE * 16];
	long want = rd->fds * rd->loops * MSG_SIZE;
	while (want > 0) {
		ssize_t n = read(fd, buf, sizeof(buf) < (size_t)want ? sizeof(buf) : (size_t)want);
		if (n <= 0)
			_exit(3);
		want -= n;
	}
	_exit(0);
}

static void sender(struct round *rd, int *out)
{
	child_ready(rd);
	char msg[MSG_SIZE];
	memset(msg, 's', sizeof(msg));
	for (long l = 0; l < rd->loops; l++)
		for (long j = 0; j < rd->fds; j++) {
			size_t done = 0;
			while (done < sizeof(msg)) {
				ssize_t n = write(out[j], msg + done, sizeof(msg) - done);
				if (n <= 0)
					_exit(4);
				done += (size_t)n;
			}
		}
	_exit(0);
}

/* One round; returns its time in ns, or 0 with err filled. */
static uint64_t run_round(struct round *rd, char *err, size_t errlen)
{
	long nrecv = rd->groups * rd->fds;
	uint64_t t = 0;
	int nsv = 0;
	rd->npids = 0;
	rd->gate.fd[0] = rd->gate.fd[1] = rd->ready[0] = rd->ready[1] = -1;
	if (pipe(rd->ready) || wl_gate_init(&rd->gate)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto out;
	}
	for (; nsv < nrecv; nsv++)
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, &rd->sv[2 * nsv])) {
			snprintf(err, errlen, "socketpair: %s", strerror(errno));
			goto out;
		}
	int out_fds[1024];
	for (long g = 0; g < rd->groups; g++) {
		for (long i = 0; i < rd->fds; i++) {
			pid_t pid = fork();
			if (pid == 0)
				receiver(rd, rd->sv[2 * (g * rd->fds + i)]);
			if (pid < 0) {
				snprintf(err, errlen, "fork: %s", strerror(errno));
				goto out;
			}
			rd->pids[rd->npids++] = pid;
		}
		for (long i = 0; i < rd->fds; i++)
			out_fds[i] = rd->sv[2 * (g * rd->fds + i) + 1];
		for (long i = 0; i < rd->fds; i++) {
			pid_t pid = fork();
			if (pid == 0)
				sender(rd, out_fds);
			if (pid < 0) {
				snprintf(err, errlen, "fork: %s", strerror(errno));
				goto out;
			}
			rd->pids[rd->npids++] = pid;
		}
	}
	close(rd->ready[1]);
	rd->ready[1] = -1;
	for (int i = 0; i < rd->npids; i++) {
		char c;
		if (read(rd->ready[0], &c, 1) != 1) {
			snprintf(err, errlen, wl_alarm_fired() ? "time bound reached while starting"
							       : "a child died before starting");
			goto out;
		}
	}
	uint64_t t0 = mono_ns();
	wl_gate_open(&rd->gate);
	for (int i = 0; i < rd->npids; i++) {
		int st;
		pid_t w;
		while ((w = waitpid(rd->pids[i], &st, 0)) < 0 && errno == EINTR && !wl_alarm_fired())
			;
		if (w < 0) {
			snprintf(err, errlen, "time bound reached during a round");
			goto out;
		}
		rd->pids[i] = 0;
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			snprintf(err, errlen, "a sender/receiver failed (status 0x%x)", st);
			goto out;
		}
	}
	t = mono_ns() - t0;
out:
	wl_kill_reap(rd->pids, rd->npids);
	for (int i = 0; i < 2 * nsv; i++)
		close(rd->sv[i]);
	if (rd->ready[0] >= 0)
		close(rd->ready[0]);
	if (rd->ready[1] >= 0)
		close(rd->ready[1]);
	wl_gate_close(&rd->gate);
	return t;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int messaging_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "groups", "fds", "loops", NULL };
	char err[256];
	struct wl_args a;
	struct round rd = { 0 };
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_long(&a, "groups", p->nr_cpus > 0 ? p->nr_cpus : 1, 1, 64, &rd.groups, err,
			 sizeof(err)) ||
	    wl_args_long(&a, "fds", 10, 1, 64, &rd.fds, err, sizeof(err)) ||
	    wl_args_long(&a, "loops", 50, 1, 1000000, &rd.loops, err, sizeof(err))) {
		wl_fail(r, "%s", err);
		return 0;
	}
	long msgs = rd.groups * rd.fds * rd.fds * rd.loops;
	wl_param(r, "groups", json_integer(rd.groups));
	wl_param(r, "fds", json_integer(rd.fds));
	wl_param(r, "loops", json_integer(rd.loops));
	wl_param(r, "message_bytes", json_integer(MSG_SIZE));
	wl_param(r, "messages_per_round", json_integer(msgs));
	wl_param(r, "tasks", json_integer(2 * rd.groups * rd.fds));
	wl_param(r, "mode", json_string("processes, AF_UNIX socketpairs"));
	wl_param(r, "duration_s", json_real(p->duration_s));

	rd.pids = calloc((size_t)(2 * rd.groups * rd.fds), sizeof(pid_t));
	rd.sv = calloc((size_t)(2 * rd.groups * rd.fds), sizeof(int));
	uint64_t times[4096];
	size_t n = 0;
	if (!rd.pids || !rd.sv) {
		wl_fail(r, "out of memory");
		goto out;
	}
	uint64_t dur = (uint64_t)(p->duration_s * 1e9), t_start = mono_ns();
	/* one round may take long under a slow scheduler or TCG: bound it
	 * generously, well inside the runner's own limit */
	wl_alarm_at(t_start + 3 * dur + 1000000000ull);
	err[0] = 0;
	uint64_t last = 0;
	while (n < sizeof(times) / sizeof(times[0])) {
		uint64_t elapsed = mono_ns() - t_start;
		if (n && (elapsed >= dur || elapsed + 2 * last > dur + dur / 4))
			break;
		last = run_round(&rd, err, sizeof(err));
		if (!last)
			break;
		times[n++] = last;
	}
	wl_alarm_cancel();
	if (n == 0) {
		wl_fail(r, "no round completed: %s", err);
		goto out;
	}
	if (err[0])
		wl_detail(r, "last_round_error", json_string(err));
	uint64_t sum = 0;
	json_t *jt = json_array();
	for (size_t i = 0; i < n; i++) {
		sum += times[i];
		json_array_append_new(jt, json_real(times[i] / 1e6));
	}
	qsort(times, n, sizeof(times[0]), cmp_u64);
	double median = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2.0;
	wl_metric(r, "round_ms", "ms", METRIC_LOWER_BETTER, median / 1e6);
	wl_metric(r, "messages_per_s", "1/s", METRIC_HIGHER_BETTER, (double)msgs * n / (sum / 1e9));
	wl_detail(r, "rounds", json_integer((json_int_t)n));
	wl_detail(r, "round_ms_each", jt);
	wl_detail(r, "note", json_string("round_ms: median time to pass messages_per_round "
					 "messages, from all tasks ready to the last exit"));
out:
	free(rd.pids);
	free(rd.sv);
	return 0;
}

static const struct workload wl_messaging = {
	.name = "messaging",
	.desc = "hackbench-style sender/receiver groups on socketpairs: time for a fixed message count",
	.headline = "messages_per_s",
	.metrics = "round_ms messages_per_s",
	.order = 30,
	.takes_arg = true,
	.args = "groups=CPUs,fds=10,loops=50",
	.run = messaging_run,
};
WORKLOAD_REGISTER(wl_messaging);
