// SPDX-License-Identifier: GPL-2.0-only
/* fallback: when a BPF scheduler fails or loses its loader, the kernel must
 * fall back, and the tasks must not notice more than a hiccup.
 *
 * Why: a sched_ext scheduler is only safe to try because the kernel takes
 * the machine back whenever the scheduler errors out or whoever loaded it
 * dies. This probe checks that safety net with the row's own scheduler and
 * with an injected error, under CPU load:
 *
 *  1. load: a loader process attaches the row's scheduler while yielding
 *     CPU hogs run (a steady stream of enqueues) and watches it for
 *     FALLBACK_LOAD_S; the scheduler must stay enabled. A scheduler that
 *     errors out under load fails here, with its exit kind and message.
 *  2. SIGKILL: the loader (for --sched-cmd: the scheduler program's process
 *     group) is killed with SIGKILL: sysfs must say "disabled" within 1 s,
 *     and the hogs must be off sched_ext and keep making progress.
 *  3. error: conformance/bpf/fallback_err is loaded, armed, and calls
 *     scx_bpf_error(): the exit kind must be ERROR_BPF with the scheduler's
 *     own message, the hogs back on the fair class, and their work done.
 *
 * Scope: a row probe that loads the scheduler itself (the runner has
 * detached the row), because it has to kill the loader.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/clock.h"

#define FALLBACK_ERROR_AFTER "200"
#define FALLBACK_DISABLE_TIMEOUT_MS 30000
#define FALLBACK_LOAD_S 2.0
#define FALLBACK_KILL_BOUND_S 1.0
#define FALLBACK_ATTACH_WAIT_S 60.0
#define HOGS_REAP_S 10.0

/* Read one line from fd within timeout_s; 0, or -1 on timeout/EOF. */
static int read_line_within(int fd, char *buf, size_t len, double timeout_s)
{
	size_t used = 0;
	double end = mono_s() + timeout_s;
	buf[0] = '\0';
	while (used + 1 < len) {
		int ms = (int)((end - mono_s()) * 1000);
		if (ms <= 0)
			return -1;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int r = poll(&p, 1, ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		char ch;
		ssize_t n = read(fd, &ch, 1);
		if (n <= 0)
			return -1;
		if (ch == '\n') {
			buf[used] = '\0';
			return 0;
		}
		buf[used++] = ch;
	}
	buf[used] = '\0';
	return 0;
}

/* n CPU hogs, each done after work_s of its own CPU time, yielding after
 * every chunk of work: a steady stream of enqueues that a scheduler sees
 * even when no slice expires. They keep the probe's task name. */
static int start_hogs(struct workers *g, int n, double work_s)
{
	if (workers_init(g) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		struct worker_spec w = { .policy = -1, .chunk_iters = 10000, .yield = true, .work_s = work_s };
		if (workers_start(g, &w) < 0)
			return -1;
	}
	return 0;
}

/* The loader: attach the row, report, watch it under load, then wait to be
 * killed. Lines on fd: "A <program pid or 0>", then "O" (stayed up) or
 * "X <kind>|<reason>|<msg>" (exited), or "E <error>" (attach failed). */
static void loader_main(const struct sched_spec *spec, int fd)
{
	struct sched_handle *h = NULL;
	char err[2048];
	dup2(fd, 3);
	close_range(4, ~0U, 0);
	FILE *out = fdopen(3, "w");
	if (!out)
		_exit(2);
	setvbuf(out, NULL, _IONBF, 0);
	if (sched_attach(spec, &h, err, sizeof(err)) < 0) {
		for (char *c = err; *c; c++)
			if (*c == '\n')
				*c = ' ';
		fprintf(out, "E %s\n", err);
		_exit(1);
	}
	fprintf(out, "A %d\n", sched_program_pid(h));
	double end = mono_s() + FALLBACK_LOAD_S;
	while (mono_s() < end) {
		if (!sched_running(h)) {
			struct sched_exit ex;
			scx_wait_state("disabled", 5000); /* ops.exit has run by then */
			sched_peek_exit(h, &ex);
			for (char *c = ex.msg; *c; c++)
				if (*c == '\n' || *c == '|')
					*c = ' ';
			fprintf(out, "X %s|%s|%s\n", ex.valid ? sched_exit_kind_name(ex.kind) : "no exit info",
				ex.reason, ex.msg);
			sched_detach(h, NULL, err, sizeof(err));
			_exit(0);
		}
		sleep_s(0.05);
	}
	fprintf(out, "O\n");
	for (;;)
		pause();
}

/* Parts 1 and 2. */
static enum probe_status load_and_kill(struct probe_ctx *c)
{
	struct workers hogs;
	int nhogs = c->nr_cpus * 2;
	int pfd[2];
	char line[3000];
	memset(&hogs, 0, sizeof(hogs));
	if (pipe(pfd) < 0)
		return probe_fail(c, "pipe: %s", strerror(errno));
	fflush(NULL);
	pid_t loader = fork();
	if (loader < 0)
		return probe_fail(c, "fork: %s", strerror(errno));
	if (loader == 0) {
		close(pfd[0]);
		loader_main(c->spec, pfd[1]);
		_exit(0);
	}
	close(pfd[1]);
	enum probe_status ret = PROBE_PASS;
	pid_t prog = 0;
	if (read_line_within(pfd[0], line, sizeof(line), FALLBACK_ATTACH_WAIT_S) < 0 || line[0] != 'A') {
		ret = probe_fail(c, "could not load %s: %s", c->spec->name,
				 line[0] == 'E' ? line + 2 : "the loader did not report within its time");
		goto out;
	}
	prog = (pid_t)atoi(line + 2);
	/* the load itself (verification) is not what is under test: the hogs
	 * start once the scheduler is enabled, so they all run on it */
	if (start_hogs(&hogs, nhogs, 600) < 0) {
		ret = probe_fail(c, "could not start hog processes");
		goto out;
	}
	double t_attached = mono_s();
	uint64_t prog0 = workers_chunks(&hogs);
	if (read_line_within(pfd[0], line, sizeof(line), FALLBACK_LOAD_S + 30) < 0) {
		ret = probe_fail(c, "the loader stopped reporting during the load phase");
		goto out;
	}
	json_object_set_new(c->diag, "load_s", json_real(mono_s() - t_attached));
	json_object_set_new(c->diag, "load_progress", json_integer((json_int_t)(workers_chunks(&hogs) - prog0)));
	if (line[0] == 'X') {
		char *kind = line + 2, *reason = strchr(kind, '|'), *msg = NULL;
		if (reason) {
			*reason++ = '\0';
			msg = strchr(reason, '|');
			if (msg)
				*msg++ = '\0';
		}
		json_object_set_new(c->diag, "exit_under_load", json_string(kind));
		ret = probe_fail(c, "%s exited under load after %.1f s: %s (%s): %s", c->spec->name,
				 mono_s() - t_attached, kind, reason ? reason : "", msg ? msg : "");
		goto out;
	}
	if (line[0] != 'O') {
		ret = probe_fail(c, "unexpected loader report '%s'", line);
		goto out;
	}

	/* 2: SIGKILL the loader (or the program) */
	int ext_before = task_on_ext(hogs.pids[0]);
	if (ext_before >= 0)
		json_object_set_new(c->diag, "hog_on_ext_before_kill", json_boolean(ext_before));
	double t0 = mono_s();
	if (prog > 0)
		kill(-prog, SIGKILL);
	kill(loader, SIGKILL);
	int waited = scx_wait_state("disabled", FALLBACK_DISABLE_TIMEOUT_MS);
	double kill_s = mono_s() - t0;
	waitpid(loader, NULL, 0);
	loader = 0;
	json_object_set_new(c->diag, "sigkill_disabled_s", json_real(kill_s));
	if (waited < 0) {
		char st[64] = "?";
		scx_state(st, sizeof(st));
		ret = probe_fail(c, "state is still '%s' %d s after the loader was killed with SIGKILL", st,
				 FALLBACK_DISABLE_TIMEOUT_MS / 1000);
		goto out;
	}
	if (kill_s > FALLBACK_KILL_BOUND_S)
		ret = probe_fail(c, "state became 'disabled' %.2f s after SIGKILL of the loader (bound %.1f s)",
				 kill_s, FALLBACK_KILL_BOUND_S);
	uint64_t p0 = workers_chunks(&hogs);
	sleep_s(0.5);
	uint64_t p1 = workers_chunks(&hogs);
	json_object_set_new(c->diag, "progress_after_kill", json_integer((json_int_t)(p1 - p0)));
	int ext_after = task_on_ext(hogs.pids[0]);
	if (ext_after >= 0)
		json_object_set_new(c->diag, "hog_on_ext_after_kill", json_boolean(ext_after));
	if (ret == PROBE_PASS && p1 == p0)
		ret = probe_fail(c, "the hogs made no progress in the 0.5 s after the loader was killed");
	if (ret == PROBE_PASS && ext_after == 1)
		ret = probe_fail(c, "a hog is still on sched_ext after the loader was killed");
out:
	if (loader > 0) {
		if (prog > 0)
			kill(-prog, SIGKILL);
		kill(loader, SIGKILL);
		waitpid(loader, NULL, 0);
	}
	close(pfd[0]);
	workers_stop(&hogs, HOGS_REAP_S);
	if (ret == PROBE_PASS && scx_wait_state("disabled", 10000) < 0)
		ret = probe_fail(c, "sched_ext is not disabled after the SIGKILL part");
	return ret;
}

/* Part 3. */
static enum probe_status injected_error(struct probe_ctx *c)
{
	struct sched_spec spec;
	struct sched_handle *h = NULL;
	struct workers hogs;
	char err[2048];
	enum probe_status ret = PROBE_PASS;
	int nhogs = c->nr_cpus * 2;
	double work = 1.0;

	pu_helper_spec(&spec, "fallback_err");
	spec.nr_opts = 1;
	snprintf(spec.opts[0].key, sizeof(spec.opts[0].key), "error_after");
	snprintf(spec.opts[0].value, sizeof(spec.opts[0].value), FALLBACK_ERROR_AFTER);

	if (sched_attach(&spec, &h, err, sizeof(err)) < 0)
		return probe_fail(c, "could not load fallback_err: %s", err);
	if (start_hogs(&hogs, nhogs, work) < 0) {
		workers_stop(&hogs, HOGS_REAP_S);
		sched_detach(h, NULL, err, sizeof(err));
		return probe_fail(c, "could not start hog processes");
	}
	json_object_set_new(c->diag, "hogs", json_integer(nhogs));
	int on_ext_before = task_on_ext(hogs.pids[0]);
	if (on_ext_before >= 0)
		json_object_set_new(c->diag, "hog_on_ext_before", json_boolean(on_ext_before));

	double t0 = mono_s();
	sched_set_var(h, "armed", 1);
	int waited = scx_wait_state("disabled", FALLBACK_DISABLE_TIMEOUT_MS);
	double eject_s = mono_s() - t0;
	json_object_set_new(c->diag, "eject_s", json_real(eject_s));

	struct sched_exit ex;
	sched_peek_exit(h, &ex);
	uint64_t prog_at_eject = workers_chunks(&hogs);
	/* detach releases our link; the scheduler is already gone */
	sched_detach(h, NULL, err, sizeof(err));

	if (waited < 0) {
		workers_stop(&hogs, HOGS_REAP_S);
		return probe_fail(c, "scheduler still loaded %d s after arming the error",
				  FALLBACK_DISABLE_TIMEOUT_MS / 1000);
	}
	json_object_set_new(c->diag, "exit_kind", json_string(ex.valid ? sched_exit_kind_name(ex.kind) : "none"));
	json_object_set_new(c->diag, "exit_msg", json_string(ex.valid ? ex.msg : ""));
	if (!ex.valid)
		ret = probe_fail(c, "no exit info recorded by the scheduler");
	else if (ex.kind != SCXB_EXIT_ERROR_BPF)
		ret = probe_fail(c, "exit kind %s, expected ERROR_BPF", sched_exit_kind_name(ex.kind));
	else if (!strstr(ex.msg, "fallback_err: injected error after " FALLBACK_ERROR_AFTER " enqueues"))
		ret = probe_fail(c, "exit message '%s' is not the scheduler's own", ex.msg);

	int on_ext_after = task_on_ext(hogs.pids[0]);
	if (on_ext_after >= 0) {
		json_object_set_new(c->diag, "hog_on_ext_after", json_boolean(on_ext_after));
		if (on_ext_after && ret == PROBE_PASS)
			ret = probe_fail(c, "a hog is still on sched_ext after the fallback");
	}
	/* the hogs must keep running under the fair class and finish */
	bool finished = workers_wait_exit(&hogs, work * nhogs / (c->nr_cpus > 0 ? c->nr_cpus : 1) * 4 + 30);
	json_object_set_new(c->diag, "progress_after_eject",
			    json_integer((json_int_t)(workers_chunks(&hogs) - prog_at_eject)));
	json_object_set_new(c->diag, "hogs_finished", json_integer(hogs.exited - hogs.failed));
	if (!finished && ret == PROBE_PASS)
		ret = probe_fail(c, "only %d of %d hogs finished their work after the fallback",
				 hogs.exited - hogs.failed, nhogs);
	workers_stop(&hogs, HOGS_REAP_S);
	return ret;
}

static enum probe_status fallback_run(struct probe_ctx *c)
{
	if (!c->spec)
		return probe_fail(c, "no scheduler row given");
	enum probe_status r = load_and_kill(c);
	if (r != PROBE_PASS)
		return r;
	return injected_error(c);
}

static const struct probe fallback_probe = {
	.name = "fallback",
	.desc = "under load the scheduler stays up; SIGKILL of its loader -> disabled within 1 s, tasks run on; "
		"an injected scx_bpf_error -> ERROR_BPF + its message, tasks back on fair, work finishes",
	.order = 40,
	.flags = PROBE_ROW,
	.time_bound_s = 300,
	.run = fallback_run,
};
PROBE_REGISTER(fallback_probe);
