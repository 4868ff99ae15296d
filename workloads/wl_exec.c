// SPDX-License-Identifier: GPL-2.0-only
/* Running external programs for the adapters; see wl_exec.h.
 *
 * Why: a tool that hangs, floods its output or leaves children behind must
 * cost a failed result with a reason, never a stuck run.
 */
#include "workloads/wl_exec.h"
#include "workloads/wl_time.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int wl_which(const char *prog, char *path, size_t len)
{
	if (strchr(prog, '/')) {
		snprintf(path, len, "%s", prog);
		return access(path, X_OK) ? -1 : 0;
	}
	const char *env = getenv("PATH");
	char dirs[4096];
	snprintf(dirs, sizeof(dirs), "%s", env && *env ? env : "/usr/local/bin:/usr/bin:/bin");
	char *save = NULL;
	for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(path, len, "%s/%s", d, prog);
		struct stat st;
		if (!stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK))
			return 0;
	}
	return -1;
}

pid_t wl_spawn(char *const argv[], const char *cwd, const char *out_path, char *err,
	       size_t errlen)
{
	int ep[2]; /* exec error back to the parent */
	if (pipe2(ep, O_CLOEXEC)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(ep[0]);
		close(ep[1]);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGPIPE, SIG_DFL);
		int in = open("/dev/null", O_RDONLY);
		int out = open(out_path ? out_path : "/dev/null",
			       O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (in >= 0)
			dup2(in, 0);
		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		int e = 0;
		if (cwd && chdir(cwd))
			e = errno;
		if (!e) {
			execvp(argv[0], argv);
			e = errno;
		}
		ssize_t n = write(ep[1], &e, sizeof(e));
		(void)n;
		_exit(127);
	}
	setpgid(pid, pid); /* both sides, so there is no race with kill(-pid) */
	close(ep[1]);
	int e = 0;
	ssize_t n;
	while ((n = read(ep[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(ep[0]);
	if (n == sizeof(e)) {
		snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(e));
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return -1;
	}
	return pid;
}

int wl_wait_bounded(pid_t pid, uint64_t deadline_ns, uint64_t grace_ns, uint64_t tick_ns,
		    void (*tick)(void *), void *arg, struct wl_wait *w)
{
	memset(w, 0, sizeof(*w));
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	uint64_t kill_at = deadline_ns;
	int sent = 0;
	if (!tick_ns)
		tick_ns = 50000000ull;
	for (;;) {
		pid_t r = wait4(pid, &w->status, WNOHANG, &w->ru);
		if (r == pid) {
			w->end_ns = mono_ns();
			break;
		}
		if (r < 0 && errno != EINTR) {
			if (pfd >= 0)
				close(pfd);
			return -1;
		}
		uint64_t now = mono_ns();
		if (now >= kill_at) {
			w->timed_out = 1;
			kill(-pid, sent ? SIGKILL : SIGTERM);
			kill(pid, sent ? SIGKILL : SIGTERM);
			kill_at = now + (sent ? 100000000ull : grace_ns);
			sent = 1;
		}
		if (tick)
			tick(arg);
		now = mono_ns();
		uint64_t until = kill_at > now ? kill_at - now : 0;
		if (until > tick_ns)
			until = tick_ns;
		if (pfd >= 0) {
			struct pollfd p = { .fd = pfd, .events = POLLIN };
			poll(&p, 1, (int)((until + 999999) / 1000000));
		} else {
			wl_sleep_ns(until < 2000000 ? until : 2000000);
		}
	}
	if (pfd >= 0)
		close(pfd);
	if (w->timed_out) /* whatever is left of the group */
		kill(-pid, SIGKILL);
	return 0;
}

void wl_status_str(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "status 0x%x", status);
}

char *wl_read_text(const char *path, size_t max, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			snprintf(err, errlen, "out of memory reading %s", path);
			break;
		}
		if (n + 1 >= cap) {
			if (cap > max) {
				snprintf(err, errlen, "%s is larger than %zu bytes", path, max);
				free(buf);
				buf = NULL;
				break;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				free(buf);
			buf = nb;
			cap *= 2;
			continue;
		}
		size_t k = fread(buf + n, 1, cap - n - 1, f);
		n += k;
		if (k == 0) {
			buf[n] = 0;
			break;
		}
	}
	fclose(f);
	return buf;
}

void wl_file_last_line(const char *path, char *buf, size_t len)
{
	char err[64] = "";
	buf[0] = 0;
	char *t = wl_read_text(path, 1 << 22, err, sizeof(err));
	if (!t)
		return;
	/* the last two non-empty lines: tools often end with a generic hint
	 * ("Try --help") after the real message */
	const char *lines[2] = { NULL, NULL };
	for (char *save = NULL, *l = strtok_r(t, "\r\n", &save); l; l = strtok_r(NULL, "\r\n", &save)) {
		if (!*l)
			continue;
		lines[0] = lines[1];
		lines[1] = l;
	}
	if (lines[0])
		snprintf(buf, len, "%s | %s", lines[0], lines[1]);
	else if (lines[1])
		snprintf(buf, len, "%s", lines[1]);
	free(t);
}

int wl_mktempdir(const char *prefix, char *buf, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(buf, len, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
	return mkdtemp(buf) ? 0 : -1;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void wl_rm_rf(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
