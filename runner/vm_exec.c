// SPDX-License-Identifier: GPL-2.0-only
/* One VM boot: ci/vm as a child, its stdout (the guest's TAP stream) read
 * line by line into the merged stream, its stderr (ci/vm's notes, the
 * guest's progress) passed straight through.
 *
 * Signals: ci/vm puts the VM in a process group of its own (so its time
 * limit can kill QEMU too), hence a terminal's Ctrl-C reaches ci/vm, which
 * stops the VM, but not the VM directly. A SIGINT/SIGTERM sent to this
 * process alone (kill PID, a CI runner cancelling the job) is forwarded to
 * ci/vm; one from the terminal already reached it and is not sent twice. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner/clock.h"
#include "runner/log.h"
#include "runner/vm_internal.h"

static volatile sig_atomic_t child_pid;
static volatile sig_atomic_t got_signal;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	got_signal = sig;
	if (child_pid > 0 && (si->si_code == SI_USER || si->si_code == SI_QUEUE))
		kill((pid_t)child_pid, sig);
}

int vm_exec_run(const struct vm_plan *p, struct vm_run *r, char *const guest[], struct vm_tap *t)
{
	char tmo[16], console[PATH_MAX + 16];
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		log_error("--vm: pipe: %s", strerror(errno));
		return -1;
	}
	/* ci/vm's arguments, then -- and the guest command */
	const char *args[128 + 64 + 2 * VM_MAX_SHARES];
	int a = 0, ng = 0;
	while (guest[ng])
		ng++;
	if (ng > 120) {
		log_error("--vm: too many arguments");
		return -1;
	}
	args[a++] = p->script;
	args[a++] = "--cpus";
	args[a++] = p->vm_cpus;
	args[a++] = "--memory";
	args[a++] = p->vm_mem;
	if (r->kernel) {
		args[a++] = "--kernel";
		args[a++] = r->kernel;
	}
	if (r->topology[0]) {
		args[a++] = "--topology";
		args[a++] = r->topology;
	}
	snprintf(tmo, sizeof(tmo), "%d", p->timeout_s);
	args[a++] = "--timeout";
	args[a++] = tmo;
	/* --out and the inputs the guest would not see otherwise */
	for (int i = 0; i < p->nr_shares; i++) {
		args[a++] = p->shares[i].rw ? "--rwdir" : "--rodir";
		args[a++] = p->shares[i].dir;
	}
	/* the guest kernel's warnings and panics, to explain a VM that died */
	if (snprintf(console, sizeof(console), "%s/console.log", r->dir) < (int)sizeof(console)) {
		args[a++] = "--console-log";
		args[a++] = console;
	}
	args[a++] = "--";
	for (int i = 0; i < ng; i++)
		args[a++] = guest[i];
	args[a] = NULL;

	struct sigaction sa = { 0 }, old_int, old_term;
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: a read is interrupted, and retried */
	sigemptyset(&sa.sa_mask);
	got_signal = 0;
	fflush(NULL);
	double t0 = mono_s();
	pid_t pid = fork();
	if (pid < 0) {
		log_error("--vm: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO); /* dup2 clears O_CLOEXEC on the copy */
		execv(p->script, (char *const *)args);
		fprintf(stderr, "scxbench: error: --vm: cannot run %s: %s\n", p->script, strerror(errno));
		_exit(EXIT_VM);
	}
	child_pid = pid;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	close(fds[1]);

	FILE *in = fdopen(fds[0], "r");
	char *line = NULL;
	size_t cap = 0;
	for (;;) {
		errno = 0;
		ssize_t n = getline(&line, &cap, in);
		if (n < 0) {
			if (errno == EINTR) {
				clearerr(in);
				continue;
			}
			break;
		}
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		vm_tap_line(t, r, line);
	}
	free(line);
	fclose(in);

	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	child_pid = 0;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	r->elapsed_s = mono_s() - t0;
	r->term_signal = got_signal;
	if (WIFEXITED(status))
		r->exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->exit_status = 128 + WTERMSIG(status);
	else
		r->exit_status = EXIT_VM;
	return 0;
}
