// SPDX-License-Identifier: GPL-2.0-only
/* cgroup: tasks move between cgroups of different cpu.weight while a
 * scheduler is loaded, and the CPU shares follow the groups.
 *
 * Why: containers and services are moved between cgroups all the time;
 * with CONFIG_EXT_GROUP_SCHED the kernel hands cgroup membership and
 * cpu.weight to the BPF scheduler (ops.cgroup_init/move/set_weight), and a
 * scheduler that mishandles a move can crash, stall or lose the task.
 * Two cgroups "a" (cpu.weight 100) and "b" (cpu.weight 400) each get one
 * hog per CPU; after a measurement window every hog is moved to the other
 * group and measured again. Checked: each move lands (/proc/PID/cgroup),
 * every hog keeps running, the scheduler stays up. If the scheduler
 * is held to cgroup weights (it implements ops.cgroup_set_weight, read
 * from the kernel's copy of its ops, and nobody declared
 * ignores=cgroup-weights: conformance/claims.h) the CPU split (cpu.stat
 * usage_usec) must follow the weights before and after the move — group b
 * about 4x group a, so the moved hogs' shares swap; otherwise the split is
 * reported, not judged. Each of the two is measured as CG_SUBWINDOWS
 * sub-windows and judged on the median of their b:a ratios, which a TCG
 * host's stalls in a minority of them do not move (conformance/cg_split.h).
 * Skipped with the reason when the kernel lacks EXT_GROUP_SCHED or the cpu
 * controller is not available.
 *
 * Scope: a row probe, run with the row's scheduler attached.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conformance/cg_split.h"
#include "conformance/claims.h"
#include "conformance/probe.h"
#include "conformance/probe_util.h"
#include "runner/sysfile.h"
#include "runner/cgroup.h"
#include "runner/clock.h"

#define CG_WEIGHT_A 100
#define CG_WEIGHT_B 400
/* Per phase, 5 sub-windows of 0.6 s (3 s; one window of 1.5 s before):
 * the median then holds with two of five spoiled, and a 0.6 s sub-window
 * still gives group a (20% of 2 CPUs) some 240 ms, many of its slices. */
#define CG_SUBWINDOWS 5
#define CG_SUBWINDOW_S 0.6
#define CG_TOLERANCE 1.6

static long long usage_usec(const char *cg)
{
	char f[700], line[256];
	long long v = -1;
	snprintf(f, sizeof(f), "%s/cpu.stat", cg);
	FILE *fp = fopen(f, "re");
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "usage_usec %lld", &v) == 1)
			break;
	fclose(fp);
	return v;
}

static int move_to(const char *cg, pid_t pid)
{
	char f[700], s[32];
	snprintf(f, sizeof(f), "%s/cgroup.procs", cg);
	snprintf(s, sizeof(s), "%d", (int)pid);
	return sysfile_write(f, s);
}

static bool in_cgroup(pid_t pid, const char *cg)
{
	char f[64], line[600];
	snprintf(f, sizeof(f), "/proc/%d/cgroup", (int)pid);
	if (sysfile_read_line(f, line, sizeof(line)) < 0 || strncmp(line, "0::", 3) != 0)
		return false;
	size_t rl = strlen(CGROUP_ROOT);
	return strcmp(line + 3, cg + rl) == 0;
}

/* One phase: CPU used by a and b (ms) in each of CG_SUBWINDOWS
 * back-to-back sub-windows; false when the scheduler died or a hog did not
 * run during the whole phase. */
static bool phase(struct probe_ctx *c, struct workers *g, const char *a, const char *b, struct cg_split *sp,
		  char *why, size_t len)
{
	long long a0 = usage_usec(a), b0 = usage_usec(b);
	uint64_t ch0[WORKERS_MAX];
	for (int i = 0; i < g->n; i++)
		ch0[i] = g->st[i].chunks;
	sp->n = 0;
	for (int k = 0; k < CG_SUBWINDOWS && k < CG_SPLIT_MAX; k++) {
		double end = mono_s() + CG_SUBWINDOW_S;
		while (mono_s() < end) {
			sleep_s(0.1);
			if (!pu_sched_alive(c->handle, why, len))
				return false;
		}
		long long a1 = usage_usec(a), b1 = usage_usec(b);
		sp->ua[k] = (double)(a1 - a0) / 1000.0;
		sp->ub[k] = (double)(b1 - b0) / 1000.0;
		sp->n++;
		a0 = a1;
		b0 = b1;
	}
	for (int i = 0; i < g->n; i++)
		if (g->st[i].chunks == ch0[i]) {
			snprintf(why, len, "%s (pid %d) did not run for %.1f s", g->comm[i], (int)g->pids[i],
				 CG_SUBWINDOWS * CG_SUBWINDOW_S);
			return false;
		}
	return true;
}

/* The phase's numbers into the diagnostics (flat scalars, as the schema
 * wants): NAME (the median, judged), NAME_total (summed CPU),
 * NAME_windows (each sub-window's b:a) and NAME_windows_ms (each
 * sub-window's CPU ms as a/b), the lists as space-separated text. */
static void phase_diag(json_t *diag, const char *name, const struct cg_split *sp)
{
	char key[96], rs[CG_SPLIT_MAX * 16] = "", ms[CG_SPLIT_MAX * 24] = "";
	size_t rl = 0, ml = 0;
	double sum = 0;
	for (int k = 0; k < sp->n; k++) {
		rl += (size_t)snprintf(rs + rl, sizeof(rs) - rl, "%s%.2f", k ? " " : "",
				       cg_split_ratio(sp->ua[k], sp->ub[k]));
		ml += (size_t)snprintf(ms + ml, sizeof(ms) - ml, "%s%.0f/%.0f", k ? " " : "", sp->ua[k], sp->ub[k]);
		if (rl >= sizeof(rs) || ml >= sizeof(ms))
			break;
		sum += sp->ua[k] + sp->ub[k];
	}
	json_object_set_new(diag, name, json_real(cg_split_median(sp)));
	snprintf(key, sizeof(key), "%s_total", name);
	json_object_set_new(diag, key, json_real(cg_split_total(sp)));
	snprintf(key, sizeof(key), "%s_windows", name);
	json_object_set_new(diag, key, json_string(rs));
	snprintf(key, sizeof(key), "%s_windows_ms", name);
	json_object_set_new(diag, key, json_string(ms));
	snprintf(key, sizeof(key), "cpu_ms_%s", name + strlen("ratio_b_a_"));
	json_object_set_new(diag, key, json_real(sum));
}

static enum probe_status cgroup_run(struct probe_ctx *c)
{
	struct workers g;
	char why[1400], top[512], a[600], b[600], f[700], buf[256];
	if (!pu_sched_alive(c->handle, why, sizeof(why)))
		return probe_fail(c, "before the probe: %s", why);
	int egs = pu_kernel_has_member("task_group", "scx");
	if (egs == 0)
		return probe_skip(c, "the kernel has no EXT_GROUP_SCHED (struct task_group has no scx member)");
	if (egs < 0)
		return probe_skip(c, "cannot read the kernel's BTF to tell whether it has EXT_GROUP_SCHED");
	if (!cgroup_run_path()[0])
		return probe_skip(c, "no cgroup v2 directory for the run");
	snprintf(f, sizeof(f), "%s/cgroup.subtree_control", cgroup_run_path());
	if (sysfile_read_line(f, buf, sizeof(buf)) < 0 || !strstr(buf, "cpu"))
		return probe_skip(c, "the cpu controller is not enabled for %s (subtree_control: '%s')",
				  cgroup_run_path(), buf);
	snprintf(top, sizeof(top), "%s/conf-cgroup-%d", cgroup_run_path(), (int)getpid());
	snprintf(a, sizeof(a), "%s/a", top);
	snprintf(b, sizeof(b), "%s/b", top);
	snprintf(f, sizeof(f), "%s/cgroup.subtree_control", top);
	char wa[16], wb[16], fa[700], fb[700];
	snprintf(wa, sizeof(wa), "%d", CG_WEIGHT_A);
	snprintf(wb, sizeof(wb), "%d", CG_WEIGHT_B);
	snprintf(fa, sizeof(fa), "%s/cpu.weight", a);
	snprintf(fb, sizeof(fb), "%s/cpu.weight", b);
	if ((mkdir(top, 0755) && errno != EEXIST) || sysfile_write(f, "+cpu") || (mkdir(a, 0755) && errno != EEXIST) ||
	    (mkdir(b, 0755) && errno != EEXIST) || sysfile_write(fa, wa) || sysfile_write(fb, wb)) {
		int e = errno;
		cgroup_kill_remove(top);
		return probe_fail(c, "cannot set up cgroups under %s: %s", top, strerror(e));
	}
	char claim[256], hint[300];
	bool judge = claim_held(c->spec, c->handle, CLAIM_CGROUP_WEIGHTS, claim, sizeof(claim));
	json_object_set_new(c->diag, "claims_cgroup_weights", json_boolean(judge));
	json_object_set_new(c->diag, "claim", json_string(claim));

	enum probe_status ret = PROBE_PASS;
	if (workers_init(&g) < 0) {
		cgroup_kill_remove(top);
		return probe_fail(c, "cannot map shared memory");
	}
	int n = c->nr_cpus > 0 ? c->nr_cpus : 1;
	if (n > WORKERS_MAX / 2)
		n = WORKERS_MAX / 2;
	for (int i = 0; i < 2 * n; i++) {
		struct worker_spec w = { .comm = i < n ? "scxb-cg-1" : "scxb-cg-2", .policy = -1 };
		int k = workers_start(&g, &w);
		if (k < 0 || move_to(i < n ? a : b, g.pids[k]) < 0) {
			ret = probe_fail(c, "cannot start a hog in its cgroup: %s", strerror(errno));
			goto out;
		}
	}
	struct cg_split s1, s2;
	sleep_s(0.3);
	if (!phase(c, &g, a, b, &s1, why, sizeof(why))) {
		ret = probe_fail(c, "before the move: %s", why);
		goto out;
	}
	/* move every hog to the other group */
	for (int i = 0; i < g.n; i++) {
		const char *to = i < n ? b : a;
		if (move_to(to, g.pids[i]) < 0 || !in_cgroup(g.pids[i], to)) {
			ret = probe_fail(c, "moving %s (pid %d) to %s failed: %s", g.comm[i], (int)g.pids[i], to,
					 strerror(errno));
			goto out;
		}
	}
	sleep_s(0.3);
	if (!phase(c, &g, a, b, &s2, why, sizeof(why))) {
		ret = probe_fail(c, "after the move: %s", why);
		goto out;
	}
	double want = (double)CG_WEIGHT_B / CG_WEIGHT_A;
	json_object_set_new(c->diag, "weights", json_string("a=100 b=400"));
	phase_diag(c->diag, "ratio_b_a_before_move", &s1);
	phase_diag(c->diag, "ratio_b_a_after_move", &s2);
	snprintf(buf, sizeof(buf), "%d x %.1f s per phase, judged on the median ratio", CG_SUBWINDOWS, CG_SUBWINDOW_S);
	json_object_set_new(c->diag, "subwindows", json_string(buf));
	json_object_set_new(c->diag, "shares_checked", json_boolean(judge));
	if (judge) {
		for (int k = 0; k < 2 && ret == PROBE_PASS; k++) {
			double r = cg_split_median(k ? &s2 : &s1);
			if (!cg_split_within(r, want, CG_TOLERANCE))
				ret = probe_fail(c, "%s the move, cgroup b (weight %d) : a (weight %d) got %.2f : 1, weights say %.1f : 1 (median of %d windows of %.1f s); held to cgroup weights: %s; to declare they are ignored: %s",
						 k ? "after" : "before", CG_WEIGHT_B, CG_WEIGHT_A, r, want,
						 (k ? &s2 : &s1)->n, CG_SUBWINDOW_S, claim, claim_declare_hint(c->spec, CLAIM_CGROUP_WEIGHTS, hint, sizeof(hint)));
		}
	} else {
		json_object_set_new(c->diag, "shares_note",
				    json_string("cgroup weights not claimed: the split is measured, not judged"));
	}
out:
	workers_stop(&g, 2.0);
	cgroup_kill_remove(top);
	return ret;
}

static const struct probe cgroup_probe = {
	.name = "cgroup",
	.desc = "hogs moved between cgroups of cpu.weight 100/400 while loaded keep running; shares follow when the scheduler does cgroup weights",
	.order = 16,
	.flags = PROBE_ROW | PROBE_ATTACHED,
	.run = cgroup_run,
};
PROBE_REGISTER(cgroup_probe);
