// SPDX-License-Identifier: GPL-2.0-only
/* The probes' kernel-log check (pu_kmsg_read): which records fail a
 * scheduler, which are reported as known kernel-side issues, which are
 * ignored as virtual-clock noise, which are the kernel's notices about a
 * scheduler's ops; the exit reasons' kinds; the ignores= declaration. Records are fed through a SOCK_SEQPACKET
 * pair, which keeps one record per read() like /dev/kmsg. */
#include <sys/socket.h>
#include <unistd.h>

#include "conformance/claims.h"
#include "conformance/probe_util.h"
#include "runner/kmsg.h"
#include "tap.h"

static int feed(const char *const *recs)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		return -1;
	for (int i = 0; recs[i]; i++)
		if (write(sv[1], recs[i], strlen(recs[i])) < 0)
			return -1;
	close(sv[1]);
	return sv[0];
}

int main(void)
{
	struct pu_kmsg_report r;

	const char *const quiet[] = {
		"6,100,1000,-;sched_ext: BPF scheduler \"simple\" enabled\n",
		"6,101,1001,-;sched_ext: BPF scheduler \"simple\" disabled (unregistered from user space)\n",
		NULL };
	is_int(pu_kmsg_read(feed(quiet), "disabled", &r), 0, "info records are not problems");
	is_str(r.match, "sched_ext: BPF scheduler \"simple\" disabled (unregistered from user space)",
	       "the first record with the needle is kept (without the newline)");

	const char *const bad[] = {
		"4,200,2000,-;clocksource: timekeeping watchdog on CPU1: Marking clocksource 'tsc' as unstable\n",
		"4,201,2001,-;psi: inconsistent task state! task=177:systemd-udevd cpu=1 psi_flags=0 clear=1 set=4\n",
		"6,202,2002,-;rcu: INFO: rcu_preempt self-detected stall on CPU\n",
		"4,203,2003,-;WARNING: CPU: 0 PID: 1 at kernel/sched/ext.c:123 scx_foo+0x1/0x2\n",
		"3,204,2004,-;psi: inconsistent task state! task=1:init cpu=0 psi_flags=4 clear=0 set=4\n",
		NULL };
	is_int(pu_kmsg_read(feed(bad), NULL, &r), 2, "a stall (by name) and a WARNING are problems; noise and known are not");
	is_str(r.first, "rcu: INFO: rcu_preempt self-detected stall on CPU", "first problem in order");
	is_int(r.known, 2, "both psi records counted as known kernel-side issues");
	ok(strstr(r.known_first, "task=177:systemd-udevd") != NULL, "first known issue kept");

	const char *const only_known[] = {
		"3,300,3000,-;psi: inconsistent task state! task=9:x cpu=1 psi_flags=0 clear=1 set=4\n", NULL };
	is_int(pu_kmsg_read(feed(only_known), NULL, &r), 0, "a known issue alone fails nothing");
	is_int(r.known, 1, "... and is still counted");

	json_t *d = json_object();
	pu_kmsg_diag(d, &r);
	is_int(json_integer_value(json_object_get(d, "kernel_log_known_issues")), 1, "diag reports the known issue");
	ok(json_object_get(d, "kernel_log_first") == NULL, "no kernel_log_first without a problem");
	json_decref(d);

	char big[9000];
	memset(big, 'x', sizeof(big));
	memcpy(big, "4,400,4000,-;WARNING: ", 22);
	big[sizeof(big) - 1] = '\0';
	const char *const longrec[] = { big, NULL };
	is_int(pu_kmsg_read(feed(longrec), NULL, &r), 1, "an over-long record is still read");
	is_int((long long)strlen(r.first), (long long)sizeof(r.first) - 1, "... and truncated to the buffer");
	is_int(pu_kmsg_read(-1, NULL, &r), -1, "no kmsg: -1");

	/* the kernel's notices about a scheduler's ops: a finding, not a failure */
	const char *const notices[] = {
		"4,500,5000,-;ops->cpu_acquire/release() are deprecated, use sched_switch TP instead\n",
		"4,501,5001,-;scx_validate_ops: 2 callbacks suppressed\n",
		"4,502,5002,-;sched_ext: pair: watchdog timeout 100ms <= rescue overload threshold 200ms\n",
		"4,503,5003,-;sched_ext: worker[12] has zero slice in pick_task_scx()\n",
		"3,504,5004,-;sched_ext: foreign_err: foreign_err: giving up after 2000 ms\n",
		NULL };
	is_int(pu_kmsg_read(feed(notices), NULL, &r), 2, "notices are not problems; a task warning and an error are");
	is_int(r.notices, 3, "deprecation, its rate-limit line and a per-scheduler settings line are notices");
	ok(strstr(r.notice_first, "ops->cpu_acquire/release() are deprecated") != NULL, "first notice kept");
	d = json_object();
	pu_kmsg_diag(d, &r);
	is_int(json_integer_value(json_object_get(d, "kernel_notices")), 3, "diag counts the notices");
	json_decref(d);

	/* the kernel's exit reasons (scx_exit_reason()) name the exit kinds */
	is_int(kmsg_exit_kind("scx_bpf_error"), SCXB_EXIT_ERROR_BPF, "scx_bpf_error -> ERROR_BPF");
	is_int(kmsg_exit_kind("runnable task stall"), SCXB_EXIT_ERROR_STALL, "stall -> ERROR_STALL");
	is_int(kmsg_exit_kind("unregistered from user space"), SCXB_EXIT_UNREG, "user space -> UNREG");
	is_int(kmsg_exit_kind("unregistered from BPF"), SCXB_EXIT_UNREG_BPF, "BPF -> UNREG_BPF");
	is_int(kmsg_exit_kind("something new"), -1, "an unknown reason is not guessed");

	/* --sched-opt NAME.ignores= values */
	char err[256];
	is_int(claim_check_opt("x", "ignores", "weights,cgroup-weights,lowprio-wait", err, sizeof(err)), 0,
	       "ignores= takes the three property names");
	is_int(claim_check_opt("x", "ignores", "weights,nice", err, sizeof(err)), -1, "an unknown one is refused");
	is_str(err, "--sched-opt x.ignores=weights,nice: unknown property 'nice' (weights, cgroup-weights, lowprio-wait)",
	       "... in one line naming the flag");
	is_int(claim_check_opt("x", "ignores", "", err, sizeof(err)), -1, "an empty list is refused");
	is_int(claim_check_opt("x", "slice_us", "nice", err, sizeof(err)), 0, "other keys are not its business");
	return done_testing();
}
