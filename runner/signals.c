// SPDX-License-Identifier: GPL-2.0-only
/* See signals.h. */
#include <string.h>
#include <unistd.h>

#include "runner/cgroup.h"
#include "runner/sched.h"
#include "runner/signals.h"

volatile sig_atomic_t scxb_interrupted;

static void on_signal(int sig)
{
	if (scxb_interrupted) {
		static const char msg[] = "scxbench: second signal: detaching and exiting now\n";
		sched_emergency_detach();
		cgroup_emergency_kill();
		ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
		(void)r;
		_exit(128 + sig);
	}
	scxb_interrupted = sig;
}

void signals_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: blocking waits must return EINTR and notice */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

void signals_reset_in_child(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
}

int signals_exit_code(void)
{
	return scxb_interrupted ? 128 + scxb_interrupted : 0;
}
