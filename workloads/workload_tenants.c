// SPDX-License-Identifier: GPL-2.0-only
/* tenants: cgroups with different cpu.weight compete; is the split honoured?
 *
 * Why: on shared machines CPU is divided between tenants (containers,
 * services) by cgroup weight, not per task; a scheduler that ignores the
 * cgroup hierarchy lets the tenant with more threads win. Here each tenant
 * is a child cgroup of the workload's cgroup (p->cgroup) with its own
 * cpu.weight, running the same number of hogs (default one per CPU, so any
 * tenant alone could fill the machine). Measured share (tenant CPU / all
 * tenants' CPU over the window) is compared with the configured share
 * (weights, water-filled with a tenant capped at its hogs' CPUs).
 *
 * cgroup v2 forbids processes in a cgroup that hands controllers to its
 * children, so the workload first moves itself into a leaf ("ctl") under
 * p->cgroup, enables +cpu in p->cgroup's subtree_control, creates t0..tN,
 * and undoes all of it at the end. Skips (with the reason) when there is no
 * cgroup or the cpu controller is not available there.
 *
 * Arguments: weights=A/B/... (default 100/300), hogs=N per tenant (CPUs).
 */
#include "runner/sysfile.h"
#include "workloads/wl_args.h"
#include "workloads/wl_proc.h"
#include "workloads/wl_share.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_TENANTS 16
#define MAX_HOGS 64

static int write_file(const char *dir, const char *file, const char *val)
{
	char path[4200];
	int n = snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return sysfile_write(path, val);
}

static int read_file(const char *dir, const char *file, char *buf, size_t len)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, len - 1, f);
	buf[n] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static int has_word(const char *list, const char *w)
{
	size_t l = strlen(w);
	for (const char *p = list; (p = strstr(p, w)); p += l)
		if ((p == list || p[-1] == ' ') && (p[l] == 0 || p[l] == ' '))
			return 1;
	return 0;
}

static int move_pid(const char *dir, pid_t pid)
{
	char s[32];
	snprintf(s, sizeof(s), "%d", (int)pid);
	return write_file(dir, "cgroup.procs", s);
}

/* rmdir, retrying while the cgroup drains (killed tasks leave it async) */
static void rmdir_wait(const char *dir)
{
	for (int i = 0; i < 200 && rmdir(dir) < 0 && errno == EBUSY; i++)
		wl_sleep_ns(5000000);
}

/* The cgroup v2 directory this process is in now ("" if unknown). */
static void own_cgroup(char *out, size_t len)
{
	char line[4096], mnt[4096] = "", rel[4096] = "";
	out[0] = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");
	while (f && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - cgroup2 ");
		if (!sep)
			continue;
		/* fields: id parent maj:min root mountpoint ... */
		char *tok = line, *save = NULL;
		for (int i = 0; i < 5 && tok; i++)
			tok = strtok_r(i ? NULL : line, " ", &save);
		if (tok)
			snprintf(mnt, sizeof(mnt), "%s", tok);
		break;
	}
	if (f)
		fclose(f);
	f = fopen("/proc/self/cgroup", "re");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = 0;
			snprintf(rel, sizeof(rel), "%s", line + 3);
		}
	if (f)
		fclose(f);
	if (mnt[0] && rel[0])
		snprintf(out, len, "%s%s", mnt, strcmp(rel, "/") ? rel : "");
}

static int tenants_run(const struct wl_params *p, struct wl_result *r)
{
	static const char *const keys[] = { "weights", "hogs", NULL };
	char err[256], buf[512];
	struct wl_args a;
	long weights[MAX_TENANTS] = { 100, 300 }, hogs;
	int nt = 2, ncpu = p->nr_cpus > 0 ? p->nr_cpus : 1;
	if (wl_args_parse(p->arg, keys, &a, err, sizeof(err)) ||
	    wl_args_long(&a, "hogs", ncpu, 1, MAX_HOGS, &hogs, err, sizeof(err)) ||
	    (wl_args_get(&a, "weights") &&
	     (nt = wl_args_long_list(wl_args_get(&a, "weights"), 1, 10000, weights, MAX_TENANTS,
				     err, sizeof(err))) < 0)) {
		wl_fail(r, "%s", err);
		return 0;
	}
	if (nt < 2) {
		wl_fail(r, "weights: need at least two tenants");
		return 0;
	}
	json_t *jw = json_array();
	for (int i = 0; i < nt; i++)
		json_array_append_new(jw, json_integer(weights[i]));
	wl_param(r, "weights", jw);
	wl_param(r, "hogs_per_tenant", json_integer(hogs));
	wl_param(r, "duration_s", json_real(p->duration_s));
	if (!p->cgroup) {
		wl_skip(r, "no cgroup to create tenants under (needs the runner's cgroup v2 directory)");
		return 0;
	}
	if (read_file(p->cgroup, "cgroup.controllers", buf, sizeof(buf))) {
		wl_skip(r, "%s is not a cgroup v2 directory: %s", p->cgroup, strerror(errno));
		return 0;
	}
	if (!has_word(buf, "cpu")) {
		wl_skip(r, "cpu controller not available in %s (cgroup.controllers: \"%s\"); "
			"the parent must enable +cpu in its cgroup.subtree_control", p->cgroup, buf);
		return 0;
	}

	char ctl[4200], orig[4200], tdir[MAX_TENANTS][4200];
	pid_t pid[MAX_TENANTS * MAX_HOGS] = { 0 };
	int npids = 0, made = 0, moved = 0, enabled = 0;
	struct wl_gate g = { { -1, -1 } };
	snprintf(ctl, sizeof(ctl), "%s/ctl", p->cgroup);
	own_cgroup(orig, sizeof(orig));
	wl_detail(r, "started_in_cgroup", json_string(orig));
	if (mkdir(ctl, 0755) && errno != EEXIST) {
		wl_fail(r, "mkdir %s: %s", ctl, strerror(errno));
		return 0;
	}
	if (move_pid(ctl, getpid())) {
		wl_fail(r, "cannot move the workload into %s: %s", ctl, strerror(errno));
		goto out;
	}
	moved = 1;
	if (read_file(p->cgroup, "cgroup.subtree_control", buf, sizeof(buf)) == 0 &&
	    !has_word(buf, "cpu")) {
		if (write_file(p->cgroup, "cgroup.subtree_control", "+cpu")) {
			wl_skip(r, "cannot enable +cpu in %s/cgroup.subtree_control: %s", p->cgroup,
				strerror(errno));
			goto out;
		}
		enabled = 1;
	}
	for (; made < nt; made++) {
		snprintf(tdir[made], sizeof(tdir[made]), "%s/t%d", p->cgroup, made);
		char wv[32];
		snprintf(wv, sizeof(wv), "%ld", weights[made]);
		if ((mkdir(tdir[made], 0755) && errno != EEXIST) ||
		    write_file(tdir[made], "cpu.weight", wv)) {
			wl_fail(r, "cannot set up tenant cgroup %s: %s", tdir[made], strerror(errno));
			made++;
			goto out;
		}
	}
	if (wl_gate_init(&g)) {
		wl_fail(r, "pipe: %s", strerror(errno));
		goto out;
	}
	for (int t = 0; t < nt; t++)
		for (long i = 0; i < hogs; i++) {
			pid_t hp = wl_hog_spawn(&g, 0, SCHED_OTHER);
			if (hp < 0) {
				wl_fail(r, "cannot start hog: %s", strerror(errno));
				goto out;
			}
			pid[npids++] = hp;
			if (move_pid(tdir[t], hp)) {
				wl_fail(r, "cannot move hog into %s: %s", tdir[t], strerror(errno));
				goto out;
			}
		}
	uint64_t dur = (uint64_t)(p->duration_s * 1e9);
	uint64_t warm = dur / 5 < 500000000ull ? dur / 5 : 500000000ull;
	wl_gate_open(&g);
	wl_sleep_ns(warm);
	uint64_t c0[MAX_TENANTS * MAX_HOGS];
	uint64_t t0 = mono_ns();
	for (int i = 0; i < npids; i++)
		c0[i] = wl_proc_cpu_ns(pid[i]);
	wl_sleep_until(t0 + dur - warm);
	double window = (double)(mono_ns() - t0);
	double got[MAX_TENANTS] = { 0 }, w[MAX_TENANTS], cap[MAX_TENANTS], want[MAX_TENANTS],
	       ratio[MAX_TENANTS], total = 0;
	for (int i = 0; i < npids; i++) {
		double c = (double)(wl_proc_cpu_ns(pid[i]) - c0[i]);
		got[i / hogs] += c;
		total += c;
	}
	wl_kill_reap(pid, npids);
	if (total <= 0) {
		wl_fail(r, "tenants received no CPU time");
		goto out;
	}
	for (int t = 0; t < nt; t++) {
		w[t] = (double)weights[t];
		cap[t] = window * (double)(hogs < ncpu ? hogs : ncpu);
	}
	wl_waterfill(w, cap, (size_t)nt, total, want);
	double worst = 0;
	json_t *per = json_array();
	for (int t = 0; t < nt; t++) {
		ratio[t] = want[t] > 0 ? got[t] / want[t] : 0;
		if (fabs(ratio[t] - 1) > worst)
			worst = fabs(ratio[t] - 1);
		json_array_append_new(per, json_pack("{s:i, s:f, s:f, s:f}", "weight", (int)weights[t],
			"configured_pct", 100 * want[t] / total, "measured_pct", 100 * got[t] / total,
			"cpu_s", got[t] / 1e9));
	}
	wl_metric(r, "jain_index", "ratio", METRIC_HIGHER_BETTER, wl_jain(ratio, (size_t)nt));
	wl_metric(r, "worst_rel_error", "ratio", METRIC_LOWER_BETTER, worst);
	wl_metric(r, "utilization", "ratio", METRIC_HIGHER_BETTER, total / (window * ncpu));
	wl_detail(r, "tenants", per);
	wl_detail(r, "window_s", json_real(window / 1e9));
	wl_detail(r, "note", json_string("shares are of all tenants' CPU time; configured by "
					 "cpu.weight, capped at each tenant's hogs (water-filling)"));
out:
	wl_kill_reap(pid, npids);
	wl_gate_close(&g);
	for (int t = 0; t < made; t++)
		rmdir_wait(tdir[t]);
	if (enabled)
		write_file(p->cgroup, "cgroup.subtree_control", "-cpu");
	if (moved && (!orig[0] || move_pid(orig, getpid())))
		wl_detail(r, "cleanup", json_string("could not move back out of the ctl cgroup"));
	else
		rmdir_wait(ctl);
	return 0;
}

static const struct workload wl_tenants = {
	.name = "tenants",
	.desc = "cgroups with cpu.weight 100/300 running hogs: measured vs configured share",
	.headline = "jain_index",
	.metrics = "jain_index worst_rel_error utilization",
	.order = 90,
	.takes_arg = true,
	.args = "weights=100/300,hogs=CPUs (per tenant)",
	.run = tenants_run,
};
WORKLOAD_REGISTER(wl_tenants);
