// SPDX-License-Identifier: GPL-2.0-only
/* See child.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner/cgroup.h"
#include "runner/child.h"
#include "runner/clock.h"
#include "runner/signals.h"

static int (*watch_fn)(void *);
static void *watch_arg;

void child_set_watch(int (*watch)(void *), void *arg)
{
	watch_fn = watch;
	watch_arg = arg;
}

static double (*tick_fn)(void *);
static void *tick_arg;

void child_set_tick(double (*tick)(void *), void *arg)
{
	tick_fn = tick;
	tick_arg = arg;
}

static void write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t w = write(fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		len -= (size_t)w;
	}
}

int child_run(child_fn fn, void *arg, const char *cgroup_name, double timeout_s,
	      struct child_result *res)
{
	char cg[512] = "";
	int pfd[2];
	memset(res, 0, sizeof(*res));
	if (cgroup_name && cgroup_create(cgroup_name, cg, sizeof(cg)) < 0)
		cg[0] = '\0';
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		res->status = CHILD_ERROR;
		snprintf(res->reason, sizeof(res->reason), "pipe: %s", strerror(errno));
		return 0;
	}
	fflush(NULL);
	double t0 = mono_s();
	pid_t pid = fork();
	if (pid < 0) {
		res->status = CHILD_ERROR;
		snprintf(res->reason, sizeof(res->reason), "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return 0;
	}
	if (pid == 0) {
		signals_reset_in_child();
		/* if scxbench itself is killed, its items die with it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(pfd[0]);
		setpgid(0, 0);
		if (cg[0] && cgroup_attach_pid(cg, getpid()) < 0)
			fprintf(stderr, "scxbench: warning: cannot join cgroup %s: %s\n", cg, strerror(errno));
		json_t *out = fn(arg);
		char *txt = out ? json_dumps(out, JSON_COMPACT) : NULL;
		if (txt)
			write_all(pfd[1], txt, strlen(txt));
		_exit(txt ? 0 : 3);
	}
	setpgid(pid, pid);
	close(pfd[1]);

	char *buf = NULL;
	size_t len = 0, cap = 0;
	bool eof = false, stop = false;
	double next_watch = t0 + 0.1;
	double next_tick = tick_fn ? tick_fn(tick_arg) : 0;
	while (!eof) {
		double now = mono_s();
		if (next_tick > 0 && now >= next_tick) {
			next_tick = tick_fn(tick_arg);
			now = mono_s();
		}
		if (scxb_interrupted) {
			res->status = CHILD_INTERRUPTED;
			snprintf(res->reason, sizeof(res->reason), "interrupted by signal %d", (int)scxb_interrupted);
			stop = true;
			break;
		}
		if (now - t0 > timeout_s) {
			res->status = CHILD_TIMEOUT;
			snprintf(res->reason, sizeof(res->reason), "timeout: killed after %.0f s", timeout_s);
			stop = true;
			break;
		}
		if (watch_fn && now >= next_watch) {
			next_watch = now + 0.1;
			if (watch_fn(watch_arg)) {
				res->status = CHILD_ERROR;
				snprintf(res->reason, sizeof(res->reason), "stopped: the scheduler exited mid-run");
				stop = true;
				break;
			}
		}
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		int wait_ms = 100;
		if (next_tick > 0 && next_tick < now + 0.1)
			wait_ms = next_tick > now ? (int)((next_tick - now) * 1000.0) + 1 : 0;
		int r = poll(&p, 1, wait_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
		}
		ssize_t n = read(pfd[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			eof = true;
		else
			len += (size_t)n;
	}
	close(pfd[0]);
	if (stop) {
		kill(-pid, SIGKILL);
		if (cg[0])
			cgroup_kill_remove(cg), cg[0] = '\0';
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	res->elapsed_s = mono_s() - t0;
	/* anything the item left behind dies with its cgroup */
	if (cg[0])
		cgroup_kill_remove(cg);
	if (stop) {
		free(buf);
		return 0;
	}
	if (WIFSIGNALED(st)) {
		res->status = CHILD_CRASHED;
		snprintf(res->reason, sizeof(res->reason), "crashed: killed by signal %d (%s)", WTERMSIG(st),
			 strsignal(WTERMSIG(st)));
	} else if (WEXITSTATUS(st) != 0 || !buf) {
		res->status = CHILD_CRASHED;
		snprintf(res->reason, sizeof(res->reason), "child exited with status %d and no result",
			 WEXITSTATUS(st));
	} else {
		json_error_t e;
		buf[len] = '\0';
		res->out = json_loads(buf, 0, &e);
		if (!res->out) {
			res->status = CHILD_CRASHED;
			snprintf(res->reason, sizeof(res->reason), "malformed result from child: %s", e.text);
		} else {
			res->status = CHILD_OK;
		}
	}
	free(buf);
	return 0;
}
