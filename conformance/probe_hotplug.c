// SPDX-License-Identifier: GPL-2.0-only
/* hotplug: a CPU going offline and coming back while a scheduler is loaded.
 *
 * Why: CPUs come and go (suspend, power capping, VM resizing, isolation).
 * A scheduler either handles it (ops.cpu_online/cpu_offline) or the kernel
 * unregisters it with SCX_EXIT_UNREG_KERN and an exit code carrying
 * SCX_ECODE_RSN_HOTPLUG | SCX_ECODE_ACT_RESTART, asking its loader to load
 * it again. Anything else — another exit, a hung system, a CPU that does
 * not come back — is a failure. With CPU hogs on every CPU, the last CPU is
 * taken offline and brought back online; then:
 *   - the scheduler is still enabled, or it exited with the hotplug reason
 *     (read from its recorded exit info; for programs, from the kernel log)
 *     and loading it again works;
 *   - the CPU is online again and the hogs kept running throughout.
 * Skipped with the reason when the CPU cannot be offlined here.
 *
 * Scope: a row probe that loads the scheduler itself (it may have to load
 * it again); needs 2 CPUs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/sysfile.h"
#include "runner/clock.h"

#define SCX_ECODE_RSN_HOTPLUG (1ULL << 32)
#define SCX_ECODE_ACT_RESTART (1ULL << 48)
#define HOTPLUG_SETTLE_S 0.5

static enum probe_status hotplug_run(struct probe_ctx *c)
{
	struct sched_handle *h = NULL;
	struct workers g;
	char err[2048], path[128], buf[64];
	if (!c->spec)
		return probe_fail(c, "no scheduler row given");
	int cpu = c->nr_cpus - 1;
	if (cpu < 1)
		return probe_skip(c, "needs at least 2 CPUs");
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", cpu);
	if (access(path, W_OK) < 0)
		return probe_skip(c, "CPU hotplug unavailable: %s: %s", path, strerror(errno));
	if (sysfile_read_line(path, buf, sizeof(buf)) < 0 || buf[0] != '1')
		return probe_skip(c, "CPU %d is not online to begin with", cpu);
	json_object_set_new(c->diag, "cpu", json_integer(cpu));

	if (workers_init(&g) < 0)
		return probe_fail(c, "cannot map shared memory");
	if (sched_attach(c->spec, &h, err, sizeof(err)) < 0) {
		workers_stop(&g, 2);
		return probe_fail(c, "could not load %s: %s", c->spec->name, err);
	}
	for (int i = 0; i < 2 * c->nr_cpus; i++) {
		struct worker_spec w = { .comm = "scxb-hog", .policy = -1 };
		workers_start(&g, &w);
	}
	sleep_s(0.2);
	int has_off = pu_loaded_ops_has("cpu_offline"), has_on = pu_loaded_ops_has("cpu_online");
	if (has_off >= 0)
		json_object_set_new(c->diag, "implements_cpu_offline", json_boolean(has_off));
	if (has_on >= 0)
		json_object_set_new(c->diag, "implements_cpu_online", json_boolean(has_on));
	long long hseq0 = scx_read_ll("hotplug_seq");
	int kfd = pu_kmsg_open();
	enum probe_status ret = PROBE_PASS;
	uint64_t p0 = 0;
	for (int i = 0; i < g.n; i++)
		p0 += g.st[i].chunks;

	double t0 = mono_s();
	if (sysfile_write(path, "0") < 0) {
		int e = errno;
		ret = probe_skip(c, "cannot take CPU %d offline: %s", cpu, strerror(e));
		sched_detach(h, NULL, err, sizeof(err));
		workers_stop(&g, 2);
		if (kfd >= 0)
			close(kfd);
		return ret;
	}
	json_object_set_new(c->diag, "offline_s", json_real(mono_s() - t0));
	sleep_s(HOTPLUG_SETTLE_S);
	char st_off[64] = "?";
	scx_state(st_off, sizeof(st_off));
	json_object_set_new(c->diag, "state_while_offline", json_string(st_off));
	t0 = mono_s();
	int on_rc = -1;
	for (int tries = 0; tries < 50 && on_rc < 0; tries++) {
		on_rc = sysfile_write(path, "1");
		if (on_rc < 0)
			sleep_s(0.1);
	}
	json_object_set_new(c->diag, "online_s", json_real(mono_s() - t0));
	sleep_s(HOTPLUG_SETTLE_S);
	if (on_rc < 0 || sysfile_read_line(path, buf, sizeof(buf)) < 0 || buf[0] != '1') {
		ret = probe_fail(c, "CPU %d did not come back online: %s", cpu, strerror(errno));
	}
	json_object_set_new(c->diag, "hotplug_seq_delta", json_integer(scx_read_ll("hotplug_seq") - hseq0));

	bool survived = sched_running(h);
	struct sched_exit ex;
	sched_peek_exit(h, &ex);
	json_object_set_new(c->diag, "outcome", json_string(survived ? "survived" : "exited"));
	struct pu_kmsg_report kr;
	int kp = pu_kmsg_read(kfd, "sched_ext: BPF scheduler", &kr);
	const char *gone = kr.match, *first = kr.first;
	pu_kmsg_diag(c->diag, &kr);
	if (!survived) {
		if (ex.valid && c->spec->kind != SCHED_CMD) {
			json_object_set_new(c->diag, "exit_kind", json_string(sched_exit_kind_name(ex.kind)));
			json_object_set_new(c->diag, "exit_code", json_integer((json_int_t)ex.code));
			json_object_set_new(c->diag, "exit_msg", json_string(ex.msg));
			if (ret == PROBE_PASS &&
			    (ex.kind != SCXB_EXIT_UNREG_KERN || !((unsigned long long)ex.code & SCX_ECODE_RSN_HOTPLUG)))
				ret = probe_fail(c, "exited with %s code 0x%llx (%s): %s, not the hotplug restart reason",
						 sched_exit_kind_name(ex.kind), (unsigned long long)ex.code, ex.reason,
						 ex.msg);
		} else {
			/* a program: its exit record is not ours to read; the kernel
			 * logs how it ended ("disabled (unregistered from the main
			 * kernel)" is the hotplug exit; its message is not logged) */
			json_object_set_new(c->diag, "kernel_log", json_string(gone));
			if (ret == PROBE_PASS && !strstr(gone, "unregistered from the main kernel") &&
			    !strstr(gone, "unregistered from the kernel"))
				ret = probe_fail(c, "the scheduler exited, and not with the kernel's hotplug exit: '%s'%s%s",
						 gone, first[0] ? "; kernel log: " : "", first);
		}
	} else if (kp > 0 && ret == PROBE_PASS) {
		ret = probe_fail(c, "survived, but the kernel logged: %s", first);
	}
	uint64_t p1 = 0;
	for (int i = 0; i < g.n; i++)
		p1 += g.st[i].chunks;
	sleep_s(0.3);
	uint64_t p2 = 0;
	for (int i = 0; i < g.n; i++)
		p2 += g.st[i].chunks;
	json_object_set_new(c->diag, "progress_during", json_integer((json_int_t)(p1 - p0)));
	json_object_set_new(c->diag, "progress_after", json_integer((json_int_t)(p2 - p1)));
	if (ret == PROBE_PASS && (p1 == p0 || p2 == p1))
		ret = probe_fail(c, "the hogs stopped making progress around the hotplug");

	struct sched_exit dex;
	if (sched_detach(h, &dex, err, sizeof(err)) < 0 && ret == PROBE_PASS)
		ret = probe_fail(c, "detach: %s", err);
	workers_stop(&g, 2.0);
	/* the kernel asked for a restart: a second load must work */
	if (!survived && ret == PROBE_PASS) {
		h = NULL;
		if (sched_attach(c->spec, &h, err, sizeof(err)) < 0) {
			ret = probe_fail(c, "reloading after the hotplug exit failed: %s", err);
		} else {
			json_object_set_new(c->diag, "restarted", json_true());
			sleep_s(0.2);
			if (!pu_sched_alive(h, err, sizeof(err)))
				ret = probe_fail(c, "after the restart: %s", err);
			sched_detach(h, NULL, err, sizeof(err));
		}
	}
	if (sysfile_read_line(path, buf, sizeof(buf)) == 0 && buf[0] != '1')
		sysfile_write(path, "1");
	return ret;
}

static const struct probe hotplug_probe = {
	.name = "hotplug",
	.desc = "a CPU goes offline and online under load: the scheduler survives, or exits with the hotplug restart reason and reloads",
	.order = 45,
	.flags = PROBE_ROW | PROBE_NEEDS_2CPUS,
	.time_bound_s = 300,
	.run = hotplug_run,
};
PROBE_REGISTER(hotplug_probe);
