/* --sched-cmd: a scheduler that is a program (e.g. an scx binary).
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

#include "runner/clock.h"
#include "runner/sched_internal.h"

#define CMD_ENABLE_TIMEOUT_MS 20000
#define CMD_STOP_GRACE_MS 5000
#define CMD_DISABLE_TIMEOUT_MS 10000
#define CMD_OUTPUT_TAIL 2048

static void output_tail(struct sched_handle *h, char *buf, size_t len)
{
	buf[0] = '\0';
	if (h->out_fd < 0)
		return;
	off_t end = lseek(h->out_fd, 0, SEEK_END);
	off_t start = end > (off_t)(len - 1) ? end - (off_t)(len - 1) : 0;
	ssize_t n = pread(h->out_fd, buf, len - 1, start);
	buf[n > 0 ? n : 0] = '\0';
}

/* Reap the program if it has exited; true if it is gone. */
static bool reap(struct sched_handle *h, bool block)
{
	if (h->pid <= 0)
		return true;
	int st;
	pid_t r = waitpid(h->pid, &st, block ? 0 : WNOHANG);
	if (r == h->pid) {
		h->wait_status = st;
		h->pid = -h->pid; /* keep the number for the record, mark reaped */
		return true;
	}
	return false;
}

int sched_cmd_attach(const struct sched_spec *spec, struct sched_handle *h, char *err, size_t errlen)
{
	snprintf(h->out_path, sizeof(h->out_path), "/tmp/scxbench-cmd-%d-XXXXXX", (int)getpid());
	h->out_fd = mkostemp(h->out_path, O_CLOEXEC);
	if (h->out_fd < 0) {
		snprintf(err, errlen, "--sched-cmd: cannot create output file: %s", strerror(errno));
		return -1;
	}
	unlink(h->out_path); /* kept open; nothing left behind on any exit path */
	snprintf(h->hash, sizeof(h->hash), "cmd");

	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "--sched-cmd: fork: %s", strerror(errno));
		close(h->out_fd);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(h->out_fd, STDOUT_FILENO);
		dup2(h->out_fd, STDERR_FILENO);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		execl("/bin/sh", "sh", "-c", spec->path, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	h->pid = pid;

	char state[64] = "";
	for (int waited = 0;; waited += 20) {
		if (scx_state(state, sizeof(state)) == 0 && strcmp(state, "enabled") == 0)
			break;
		if (reap(h, false)) {
			char tail[512];
			output_tail(h, tail, sizeof(tail));
			for (char *c = tail; *c; c++)
				if (*c == '\n')
					*c = ' ';
			snprintf(err, errlen, "--sched-cmd '%s' exited (status %d) before enabling a scheduler: %s",
				 spec->path, WIFEXITED(h->wait_status) ? WEXITSTATUS(h->wait_status) : -1, tail);
			close(h->out_fd);
			return -1;
		}
		if (waited >= CMD_ENABLE_TIMEOUT_MS) {
			kill(-pid, SIGKILL);
			reap(h, true);
			snprintf(err, errlen, "--sched-cmd '%s': no scheduler enabled within %d s",
				 spec->path, CMD_ENABLE_TIMEOUT_MS / 1000);
			close(h->out_fd);
			return -1;
		}
		sleep_s(0.02);
	}
	scx_ops_name(h->ops_name, sizeof(h->ops_name));
	return 0;
}

/* The kernel's record (kind, reason, message) when there is one, with the
 * program's output as the supplement and as the message when the kernel
 * logged none; otherwise what the program's own exit says. */
static void program_exit(struct sched_handle *h, struct sched_exit *ex, bool stopped, int wait_ms)
{
	output_tail(h, ex->output, sizeof(ex->output));
	if (h->pid < 0)
		ex->code = WIFEXITED(h->wait_status) ? WEXITSTATUS(h->wait_status) : 128 + WTERMSIG(h->wait_status);
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

void sched_cmd_peek_exit(struct sched_handle *h, struct sched_exit *ex)
{
	memset(ex, 0, sizeof(*ex));
	bool gone = reap(h, false);
	/* the kernel may have ejected the scheduler while the program lives on */
	if (!gone && sched_running(h))
		return;
	h->exited_early = true;
	program_exit(h, ex, false, gone ? 1000 : 3000);
	if (!gone && !strcmp(ex->source, "program"))
		ex->valid = false; /* neither the kernel nor the program has said */
}

int sched_cmd_detach(struct sched_handle *h, struct sched_exit *ex, char *err, size_t errlen)
{
	int ret = 0;
	bool early = reap(h, false) || !sched_running(h);
	if (reap(h, false) == false) {
		kill(-h->pid, SIGINT);
		for (int waited = 0; !reap(h, false); waited += 20) {
			if (waited >= CMD_STOP_GRACE_MS) {
				kill(-h->pid, SIGKILL);
				reap(h, true);
				break;
			}
			sleep_s(0.02);
		}
	}
	if (scx_wait_state("disabled", CMD_DISABLE_TIMEOUT_MS) < 0) {
		snprintf(err, errlen, "--sched-cmd '%s': state not 'disabled' after the program stopped",
			 h->spec.path);
		ret = -1;
	}
	memset(ex, 0, sizeof(*ex));
	program_exit(h, ex, !early, 3000);
	if (h->out_fd >= 0)
		close(h->out_fd);
	h->out_fd = -1;
	return ret;
}

json_t *sched_cmd_info(struct sched_handle *h)
{
	char tail[CMD_OUTPUT_TAIL];
	output_tail(h, tail, sizeof(tail));
	return json_pack("{s:s, s:s}", "command", h->spec.path, "output", tail);
}
