// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests for schedulers/cg_share.h, the arithmetic behind vtime's
 * cgroup weights.
 *
 * Why: vtime charges every task by the effective weight this arithmetic
 * gives; a wrong level product or a lost bit of precision skews every
 * tenant's CPU time, and in the kernel that is only visible as a share off
 * by some percent. Here a small model of a cgroup tree computes each
 * level's sum the way the BPF bookkeeping keeps it (runnable tasks' nice
 * weights plus the cpu.weight of each child with runnable tasks below) and
 * walks each task up to the root with cgs_step(), as cgw_effective() does;
 * the expected values are the shares cgroup v2 defines, worked by hand.
 */
#include "schedulers/cg_share.h"
#include "tests/unit/tap.h"

#include <stdbool.h>

#define MAXN 64
#define MAXT 2048

struct tree {
	int n, parent[MAXN];      /* node 0 is the root */
	unsigned long long weight[MAXN];
	int nt, node[MAXT];       /* runnable tasks: their cgroup ... */
	unsigned long long tw[MAXT]; /* ... and nice weight (100 = nice 0) */
};

static int add_cg(struct tree *t, int parent, unsigned long long w)
{
	t->parent[t->n] = parent;
	t->weight[t->n] = w;
	return t->n++;
}

static void add_tasks(struct tree *t, int node, int count, unsigned long long w)
{
	for (int i = 0; i < count; i++) {
		t->node[t->nt] = node;
		t->tw[t->nt++] = w;
	}
}

static bool busy(const struct tree *t, int node)
{
	for (int i = 0; i < t->nt; i++)
		for (int x = t->node[i]; x >= 0; x = x ? t->parent[x] : -1)
			if (x == node)
				return true;
	return false;
}

static unsigned long long level_sum(const struct tree *t, int node)
{
	unsigned long long s = 0;
	for (int i = 0; i < t->nt; i++)
		if (t->node[i] == node)
			s += t->tw[i];
	for (int c = 1; c < t->n; c++)
		if (t->parent[c] == node && busy(t, c))
			s += t->weight[c];
	return s;
}

static unsigned long long total(const struct tree *t)
{
	unsigned long long s = 0;
	for (int i = 0; i < t->nt; i++)
		s += t->tw[i];
	return s;
}

/* task i's effective weight (x CGS_W_ONE), walking up as cgw_effective() does */
static unsigned long long eff_fp(const struct tree *t, int i)
{
	unsigned long long share = CGS_ONE, inner = t->tw[i];
	for (int x = t->node[i];; x = t->parent[x]) {
		share = cgs_step(share, inner, level_sum(t, x));
		inner = t->weight[x];
		if (!x)
			break;
	}
	return cgs_effective(share, total(t));
}

static double eff(const struct tree *t, int i)
{
	return (double)eff_fp(t, i) / CGS_W_ONE;
}

/* CPU share of the tasks in node (and below), from effective weights */
static double cg_fraction(const struct tree *t, int node)
{
	double in = 0, all = 0;
	for (int i = 0; i < t->nt; i++) {
		double e = eff(t, i);
		all += e;
		for (int x = t->node[i]; x >= 0; x = x ? t->parent[x] : -1)
			if (x == node) {
				in += e;
				break;
			}
	}
	return all > 0 ? in / all : 0;
}

/* scxbench's layout: root > scxbench-PID > item cgroup */
static int item_cgroup(struct tree *t)
{
	t->n = 0;
	t->nt = 0;
	add_cg(t, -1, 100);
	return add_cg(t, add_cg(t, 0, 100), 100);
}

static void test_one_cgroup_is_nice_weight(void)
{
	struct tree t;
	int w = item_cgroup(&t);
	add_tasks(&t, w, 2, 100);
	add_tasks(&t, w, 1, 33);   /* nice 5 */
	add_tasks(&t, w, 1, 1);    /* nice 19 */
	add_tasks(&t, w, 1, 8668); /* nice -20 */
	for (int i = 0; i < t.nt; i++)
		is_near(eff(&t, i), (double)t.tw[i], 1e-6 * t.tw[i],
			"one busy cgroup: task %d's effective weight is its nice weight %llu", i, t.tw[i]);
}

static void test_tenants(void)
{
	struct tree t;
	int w = item_cgroup(&t);
	int t0 = add_cg(&t, w, 100), t1 = add_cg(&t, w, 300), idle = add_cg(&t, w, 10000);
	add_tasks(&t, t0, 2, 100);
	add_tasks(&t, t1, 2, 100);
	is_near(eff(&t, 0), 50, 1e-9, "tenants 100/300, 2 hogs each: a t0 hog weighs 50 of 400");
	is_near(eff(&t, 2), 150, 1e-9, "... a t1 hog 150");
	is_near(cg_fraction(&t, t0), 0.25, 1e-9, "t0 gets 25%% (an idle sibling of weight 10000 counts for nothing)");
	(void)idle;
	/* more threads do not buy a tenant more CPU */
	add_tasks(&t, t0, 6, 100);
	is_near(cg_fraction(&t, t0), 0.25, 1e-5, "t0 with 8 hogs against t1's 2 still gets 25%%");
	is_near(cg_fraction(&t, t1), 0.75, 1e-5, "... and t1 75%%");
}

/* the hierarchy of the flattened-cgroup idea: R > A(100) > {B(100), C(100)}, R > D(200) */
static void test_nested(void)
{
	struct tree t = { 0 };
	add_cg(&t, -1, 100);
	int a = add_cg(&t, 0, 100), b = add_cg(&t, a, 100), c = add_cg(&t, a, 100), d = add_cg(&t, 0, 200);
	add_tasks(&t, b, 1, 100);
	add_tasks(&t, c, 3, 100);
	add_tasks(&t, d, 2, 100);
	is_near(cg_fraction(&t, b), 1.0 / 6, 1e-5, "nested: B gets 1/2 of A's 1/3 = 1/6");
	is_near(cg_fraction(&t, c), 1.0 / 6, 1e-5, "nested: C 1/6, whatever its 3 tasks");
	is_near(cg_fraction(&t, d), 2.0 / 3, 1e-5, "nested: D 2/3");
	/* C's tasks split C's share by nice */
	t.tw[1] = 100, t.tw[2] = 100, t.tw[3] = 33;
	is_near(eff(&t, 1) / eff(&t, 3), 100.0 / 33, 1e-3, "nested: inside C, nice 0 : nice 5 = 100:33");
	/* D idle: A alone at the top, B and C halves */
	t.nt = 4;
	is_near(cg_fraction(&t, b), 0.5, 1e-5, "D idle: B gets half");
}

static void test_root_tasks(void)
{
	struct tree t = { 0 };
	add_cg(&t, -1, 100);
	int x = add_cg(&t, 0, 100);
	add_tasks(&t, 0, 1, 100);
	add_tasks(&t, x, 3, 100);
	is_near(cg_fraction(&t, x), 0.5, 1e-5, "a root task competes with a top-level cgroup as a peer (1:1)");
	is_near(eff(&t, 0), 200, 1e-9, "... so it weighs half of the total 400");
}

static void test_clamps(void)
{
	is_int(cgs_step(CGS_ONE, 100, 50), CGS_ONE, "a sum below the weight (a transient) counts as alone, not more");
	is_int(cgs_step(CGS_ONE, 100, 0), CGS_ONE, "a zero sum does not divide");
	is_int(cgs_step(CGS_ONE, 0, 400), CGS_ONE, "a zero weight is not a share of 0");
	is_int(cgs_step(CGS_ONE, 100, 400), CGS_ONE / 4, "100 of 400 is a quarter");
	is_int(cgs_effective(0, 100), 1, "the effective weight is never 0 (it divides the charge)");
	is_int(cgs_effective(CGS_ONE, 100), 100 * CGS_W_ONE, "the whole share is the whole total");
	is_int(cgs_effective(CGS_ONE / 8, 100), 100 * CGS_W_ONE / 8, "an eighth of 100 is 12.5, not 12");
	is_int(cgs_effective(CGS_ONE, 1ULL << 40), CGS_TOTAL_MAX << CGS_W_SHIFT,
	       "a total past CGS_TOTAL_MAX is capped (no 64-bit overflow)");
}

static void test_precision(void)
{
	/* 12 levels, each shared with a busy sibling of equal weight, 1000
	 * tasks in the deepest cgroup: the share is 2^-12 / 1000 ~ 2^-22 of the
	 * machine, below CGS_ONE's resolution per task but not per level */
	struct tree t = { 0 };
	add_cg(&t, -1, 100);
	int x = 0;
	for (int l = 0; l < 12; l++) {
		int s = add_cg(&t, x, 100);
		add_tasks(&t, s, 1, 100);
		x = add_cg(&t, x, 100);
	}
	add_tasks(&t, x, 1000, 100);
	double frac = cg_fraction(&t, x), want = 1.0 / 4096;
	ok(fabs(frac - want) / want < 0.02, "12 levels deep, 1000 tasks: the deepest cgroup's share within 2%% "
	   "(got %.6g, want %.6g)", frac, want);
	is_near(eff(&t, t.nt - 1) / eff(&t, 0), 1.0 / 1000 / 2048, 0.02 / 1000 / 2048,
		"... each of its tasks weighs 1/2048/1000 of the top sibling's task (within 2%%)");
	/* the largest values: cpu.weight 10000 against 1, nice -20 tasks */
	struct tree u;
	int w = item_cgroup(&u);
	int big = add_cg(&u, w, 10000), small = add_cg(&u, w, 1);
	add_tasks(&u, big, 100, 8668);
	add_tasks(&u, small, 1, 8668);
	is_near(cg_fraction(&u, small), 1.0 / 10001, 2e-6, "cpu.weight 1 against 10000 (nice -20 tasks): 1/10001");
	is_near(eff(&u, 0), 10000.0 / 10001 / 100 * 101 * 8668, 0.01,
		"... a big tenant's task weighs 1/100 of 10000/10001 of the total 101 x 8668");
}

int main(void)
{
	test_one_cgroup_is_nice_weight();
	test_tenants();
	test_nested();
	test_root_tasks();
	test_clamps();
	test_precision();
	return done_testing();
}
