/* The probes' kernel-log check (pu_kmsg_read): which records fail a
 * scheduler, which are reported as known kernel-side issues, which are
 * ignored as virtual-clock noise. Records are fed through a SOCK_SEQPACKET
 * pair, which keeps one record per read() like /dev/kmsg. */
#include <sys/socket.h>
#include <unistd.h>

#include "conformance/probe_util.h"
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
	return done_testing();
}
