// SPDX-License-Identifier: GPL-2.0-only
/* Child processes for generators; see wl_proc.h.
 *
 * Why: hogs and helpers must start together (a gate), be measured by the
 * CPU they actually got (their CPU-time clocks), die with the workload
 * (PDEATHSIG), and never block it past its time bound (SIGALRM).
 */
#include "workloads/wl_proc.h"
#include "workloads/wl_time.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int wl_gate_init(struct wl_gate *g)
{
	return pipe2(g->fd, O_CLOEXEC);
}

void wl_gate_wait(struct wl_gate *g)
{
	char c;
	close(g->fd[1]);
	while (read(g->fd[0], &c, 1) < 0 && errno == EINTR)
		;
	close(g->fd[0]);
}

void wl_gate_open(struct wl_gate *g)
{
	if (g->fd[1] >= 0)
		close(g->fd[1]);
	g->fd[1] = -1;
}

void wl_gate_close(struct wl_gate *g)
{
	wl_gate_open(g);
	if (g->fd[0] >= 0)
		close(g->fd[0]);
	g->fd[0] = -1;
}

pid_t wl_hog_spawn(struct wl_gate *g, int nice, int policy)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		wl_gate_wait(g);
		uint64_t x = 88172645463325252ull;
		for (;;)
			x = wl_work(x, 1 << 20);
	}
	if (policy != SCHED_OTHER) {
		struct sched_param sp = { 0 };
		if (sched_setscheduler(pid, policy, &sp) < 0)
			goto fail;
	}
	if (nice && setpriority(PRIO_PROCESS, (id_t)pid, nice) < 0)
		goto fail;
	return pid;
fail:;
	int e = errno;
	wl_kill_reap(&pid, 1);
	errno = e;
	return -1;
}

void wl_kill_reap(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		if (pids[i] > 0) {
			while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
				;
			pids[i] = 0;
		}
}

uint64_t wl_proc_cpu_ns(pid_t pid)
{
	clockid_t cid;
	struct timespec ts;
	if (clock_getcpuclockid(pid, &cid) || clock_gettime(cid, &ts))
		return 0;
	return wl_ts_ns(&ts);
}

pid_t wl_wait_until(pid_t pid, int *status, uint64_t deadline_ns)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r != 0)
			return r < 0 && errno == EINTR ? 0 : r;
		uint64_t now = mono_ns();
		if (now >= deadline_ns)
			return 0;
		uint64_t step = deadline_ns - now;
		wl_sleep_ns(step < 2000000 ? step : 2000000);
	}
}

int wl_online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

static volatile sig_atomic_t alarm_fired;
static struct sigaction alarm_old;

static void on_alarm(int sig)
{
	(void)sig;
	alarm_fired = 1;
}

void wl_alarm_at(uint64_t deadline_ns)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	alarm_fired = 0;
	sigaction(SIGALRM, &sa, &alarm_old);
	uint64_t now = mono_ns(), left = deadline_ns > now ? deadline_ns - now : 1000;
	/* re-fire every 100 ms: a call entered just after the first one is
	 * interrupted too */
	struct itimerval it = {
		.it_value = { .tv_sec = (time_t)(left / 1000000000ull),
			      .tv_usec = (suseconds_t)(left % 1000000000ull / 1000) + 1 },
		.it_interval = { .tv_sec = 0, .tv_usec = 100000 },
	};
	setitimer(ITIMER_REAL, &it, NULL);
}

void wl_alarm_cancel(void)
{
	struct itimerval it = { 0 };
	setitimer(ITIMER_REAL, &it, NULL);
	sigaction(SIGALRM, &alarm_old, NULL);
}

int wl_alarm_fired(void)
{
	return alarm_fired;
}

int wl_pin_self(long cpu)
{
	cpu_set_t set;
	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET((int)cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}
