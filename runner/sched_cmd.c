// SPDX-License-Identifier: GPL-2.0-only
/* --sched-cmd: a scheduler that is a program (e.g. an scx binary); the
 * program back end of runner/sched_backend.h.
 *
 * The program runs in its own process group with stdout+stderr in a file
 * kept for the results. It counts as attached once sysfs says "enabled";
 * it is stopped with SIGINT (what scx schedulers handle to unregister
 * cleanly), then SIGKILL after a grace period, and the run only goes on
 * once sysfs says "disabled" again.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner/bpf_stats.h"
#include "runner/clock.h"
#include "runner/sched_backend.h"
#include "runner/scx_sysfs.h"

#define CMD_ENABLE_TIMEOUT_MS 20000
#define CMD_STOP_GRACE_MS 5000
#define CMD_DISABLE_TIMEOUT_MS 10000
#define CMD_OUTPUT_TAIL 2048

struct sched_prog {
	pid_t pid;              /* negative once reaped (the number kept for the record) */
	int out_fd;             /* file holding the program's stdout+stderr */
	char out_path[256];
	bool exited_early;
	int wait_status;
	uint64_t started_ns;    /* CLOCK_BOOTTIME at start: its BPF programs load after it */
};

static struct sched_prog *prog_of(struct sched_handle *h)
{
	return h->impl;
}

static void output_tail(struct sched_prog *p, char *buf, size_t len)
{
	buf[0] = '\0';
	if (p->out_fd < 0)
		return;
	off_t end = lseek(p->out_fd, 0, SEEK_END);
	off_t start = end > (off_t)(len - 1) ? end - (off_t)(len - 1) : 0;
	ssize_t n = pread(p->out_fd, buf, len - 1, start);
	buf[n > 0 ? n : 0] = '\0';
}

/* Reap the program if it has exited; true if it is gone. */
static bool reap(struct sched_prog *p, bool block)
{
	if (p->pid <= 0)
		return true;
	int st;
	pid_t r = waitpid(p->pid, &st, block ? 0 : WNOHANG);
	if (r == p->pid) {
		p->wait_status = st;
		p->pid = -p->pid; /* keep the number for the record, mark reaped */
		return true;
	}
	return false;
}

/* Start the program; it counts as attached once sysfs says "enabled". */
static int start(const struct sched_spec *spec, struct sched_prog *p, char *err, size_t errlen)
{
	snprintf(p->out_path, sizeof(p->out_path), "/tmp/scxbench-cmd-%d-XXXXXX", (int)getpid());
	p->out_fd = mkostemp(p->out_path, O_CLOEXEC);
	if (p->out_fd < 0) {
		snprintf(err, errlen, "--sched-cmd: cannot create output file: %s", strerror(errno));
		return -1;
	}
	unlink(p->out_path); /* kept open; nothing left behind on any exit path */
	p->started_ns = bpf_stats_boottime_ns();

	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "--sched-cmd: fork: %s", strerror(errno));
		close(p->out_fd);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(p->out_fd, STDOUT_FILENO);
		dup2(p->out_fd, STDERR_FILENO);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		execl("/bin/sh", "sh", "-c", spec->path, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	p->pid = pid;

	char state[64] = "";
	for (int waited = 0;; waited += 20) {
		if (scx_state(state, sizeof(state)) == 0 && strcmp(state, "enabled") == 0)
			break;
		if (reap(p, false)) {
			char tail[512];
			output_tail(p, tail, sizeof(tail));
			for (char *c = tail; *c; c++)
				if (*c == '\n')
					*c = ' ';
			snprintf(err, errlen, "--sched-cmd '%s' exited (status %d) before enabling a scheduler: %s",
				 spec->path, WIFEXITED(p->wait_status) ? WEXITSTATUS(p->wait_status) : -1, tail);
			close(p->out_fd);
			return -1;
		}
		if (waited >= CMD_ENABLE_TIMEOUT_MS) {
			kill(-pid, SIGKILL);
			reap(p, true);
			snprintf(err, errlen, "--sched-cmd '%s': no scheduler enabled within %d s",
				 spec->path, CMD_ENABLE_TIMEOUT_MS / 1000);
			close(p->out_fd);
			return -1;
		}
		sleep_s(0.02);
	}
	return 0;
}

static int cmd_attach(struct sched_handle *h, char *err, size_t errlen)
{
	struct sched_prog *p = prog_of(h);
	p->out_fd = -1;
	if (start(&h->spec, p, err, errlen) < 0)
		return -1;
	snprintf(h->hash, sizeof(h->hash), "cmd");
	scx_ops_name(h->ops_name, sizeof(h->ops_name));
	return 0;
}

/* The kernel's record (kind, reason, message) when there is one, with the
 * program's output as the supplement and as the message when the kernel
 * logged none; otherwise what the program's own exit says. */
static void program_exit(struct sched_handle *h, struct sched_exit *ex, bool stopped, int wait_ms)
{
	struct sched_prog *p = prog_of(h);
	output_tail(p, ex->output, sizeof(ex->output));
	if (p->pid < 0)
		ex->code = WIFEXITED(p->wait_status) ? WEXITSTATUS(p->wait_status) : 128 + WTERMSIG(p->wait_status);
	if (sched_kernel_exit(h, ex, wait_ms)) {
		size_t n = strlen(ex->reason);
		if (stopped && ex->kind == SCXB_EXIT_UNREG)
			snprintf(ex->reason + n, sizeof(ex->reason) - n, " (stopped by scxbench: SIGINT)");
		if (!ex->msg[0])
			snprintf(ex->msg, sizeof(ex->msg), "%s", ex->output);
		return;
	}
	ex->valid = true;
	snprintf(ex->source, sizeof(ex->source), "program");
	ex->kind = stopped ? SCXB_EXIT_UNREG : SCXB_EXIT_UNREG_KERN;
	snprintf(ex->reason, sizeof(ex->reason), "%s",
		 stopped ? "stopped by scxbench (SIGINT)" : "scheduler program exited by itself");
	snprintf(ex->msg, sizeof(ex->msg), "%s", ex->output);
}

static void cmd_peek_exit(struct sched_handle *h, struct sched_exit *ex)
{
	memset(ex, 0, sizeof(*ex));
	bool gone = reap(prog_of(h), false);
	/* the kernel may have ejected the scheduler while the program lives on */
	if (!gone && scx_enabled_as(h->ops_name))
		return;
	prog_of(h)->exited_early = true;
	program_exit(h, ex, false, gone ? 1000 : 3000);
	if (!gone && !strcmp(ex->source, "program"))
		ex->valid = false; /* neither the kernel nor the program has said */
}

/* SIGINT (what scx schedulers handle to unregister cleanly), SIGKILL
 * after the grace period. */
static void stop(struct sched_prog *p)
{
	if (reap(p, false) == false) {
		kill(-p->pid, SIGINT);
		for (int waited = 0; !reap(p, false); waited += 20) {
			if (waited >= CMD_STOP_GRACE_MS) {
				kill(-p->pid, SIGKILL);
				reap(p, true);
				break;
			}
			sleep_s(0.02);
		}
	}
}

static int cmd_detach(struct sched_handle *h, struct sched_exit *ex, char *err, size_t errlen)
{
	struct sched_prog *p = prog_of(h);
	int ret = 0;
	bool early = reap(p, false) || !scx_enabled_as(h->ops_name);
	stop(p);
	if (scx_wait_state("disabled", CMD_DISABLE_TIMEOUT_MS) < 0) {
		snprintf(err, errlen, "--sched-cmd '%s': state not 'disabled' after the program stopped",
			 h->spec.path);
		ret = -1;
	}
	memset(ex, 0, sizeof(*ex));
	program_exit(h, ex, !early, 3000);
	if (p->out_fd >= 0)
		close(p->out_fd);
	p->out_fd = -1;
	return ret;
}

static void cmd_info(struct sched_handle *h, json_t *info)
{
	char tail[CMD_OUTPUT_TAIL];
	output_tail(prog_of(h), tail, sizeof(tail));
	json_t *ci = json_pack("{s:s, s:s}", "command", h->spec.path, "output", tail);
	json_object_update(info, ci);
	json_decref(ci);
}

/* The program runs in its own process group: SIGKILL the group (kill is
 * async-signal-safe). */
static void cmd_emergency(struct sched_handle *h)
{
	struct sched_prog *p = h->impl;
	if (p && p->pid > 0)
		kill(-p->pid, SIGKILL);
}

/* The programs are not ours to hold: those the kernel says attach to
 * sched_ext_ops and were loaded since the program started. Only one
 * sched_ext scheduler can be loaded at a time, so they are its. */
static int cmd_bpf_stats(struct sched_handle *h, struct bpf_stats_snap *s)
{
	return bpf_stats_snap_loaded_since(prog_of(h)->started_ns, s);
}

static int cmd_program_pid(struct sched_handle *h)
{
	return (int)prog_of(h)->pid;
}

const struct sched_backend sched_cmd_backend = {
	.loads = true,
	.impl_size = sizeof(struct sched_prog),
	.attach = cmd_attach,
	.detach = cmd_detach,
	.peek_exit = cmd_peek_exit,
	.info = cmd_info,
	.emergency = cmd_emergency,
	.program_pid = cmd_program_pid,
	.bpf_stats = cmd_bpf_stats,
};
