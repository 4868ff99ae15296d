/* SPDX-License-Identifier: GPL-2.0-only */
/* Cgroup cpu.weight bookkeeping for a BPF scheduler: a task's effective
 * weight under hierarchical cgroup weights, flattened.
 *
 * Why: with CONFIG_EXT_GROUP_SCHED the kernel leaves cpu.weight to the BPF
 * scheduler (ops.cgroup_init/cgroup_set_weight); a scheduler that charges
 * tasks by nice weight alone lets the tenant with more threads win. This
 * keeps, per cgroup (BPF cgroup storage):
 *   weight     its cpu.weight (100 until the kernel says otherwise);
 *   sum        the weights competing inside it: its runnable tasks' nice
 *              weights (tasks_w) plus the cpu.weight of each busy child;
 *   nr_active  its runnable tasks plus its busy children: busy while > 0.
 * A task is counted in the cgroup it was in when it became runnable
 * (cgw_account, which the scheduler calls where it takes a waking task:
 * vtime's ops.enqueue and select_cpu) until it sleeps or exits
 * (cgw_unaccount, from ops.stopping); the cgroup's id is remembered so the
 * same cgroup is uncounted even if the task moved meanwhile. Only a cgroup
 * turning busy or idle changes its parent, so the walk up the tree stops at
 * the first ancestor that was busy already. Everything is updated with atomic adds, no lock: a
 * transition is seen by whoever moves nr_active from 0 to 1 or from 1 to
 * 0, so concurrent updates on several CPUs stay balanced whatever their
 * order. cgw_effective() multiplies the portions from the task's cgroup up
 * to the root (schedulers/cg_share.h) into a weight on the task scale.
 *
 * Used by vtime.bpf.c. The arithmetic is host-tested
 * (tests/unit/test_cg_share.c); this part runs only in the kernel and is
 * checked by the cgroup probe and the tenants workload.
 */
#ifndef SCXB_CG_WEIGHTS_BPF_H
#define SCXB_CG_WEIGHTS_BPF_H

#include "scxb.bpf.h"
#include "cg_share.h"

/* Levels walked below the root; deeper cgroups are charged by their
 * deepest CGW_MAX_DEPTH levels (systemd and container trees stay well
 * within it). */
#define CGW_MAX_DEPTH 16

struct cgroup *bpf_cgroup_from_id(u64 cgid) __ksym __weak;

SCXB_STAT(cg_busy);        /* cgroups that turned busy (first runnable task below) */
SCXB_STAT(cg_lookup_miss); /* a counted task's cgroup was gone when uncounted */

struct cgw_cgroup {
	s64 weight;    /* cpu.weight; 0 = not told yet, taken as 100 */
	s64 sum;       /* weights competing inside: runnable tasks + busy children */
	s64 tasks_w;   /* the runnable tasks' part of sum */
	s64 nr_active; /* runnable tasks + busy children */
	u32 dead;      /* ops.cgroup_exit ran: no longer counted in its parent */
};

/* What a task has counted, where. Lives in the scheduler's task storage. */
struct cgw_task {
	u64 cgid;   /* cgroup the task is counted in; 0 = not counted */
	u32 acct_w; /* the weight it added there */
	/* The cgroup it was last counted in, held (a reference kept in task
	 * storage, dropped when the task is freed or counted elsewhere), and
	 * its id: a task that sleeps and wakes in the same cgroup is counted
	 * in and out through it, without taking and dropping a reference to
	 * its cgroup each time. */
	u64 home_id;
	struct cgroup __kptr *home;
};

struct {
	__uint(type, BPF_MAP_TYPE_CGRP_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct cgw_cgroup);
} cgw_cgroups SEC(".maps");

/* Sum of the weights of all counted (runnable) tasks: the scale of the
 * effective weight. */
static s64 cgw_total;

/* Cgroups with counted tasks of their own (tasks_w > 0). While it is 1,
 * every runnable task is in that one cgroup, which then has no busy child,
 * and each task's effective weight is its nice weight: cgw_effective()
 * answers without looking its cgroup up. */
static s64 cgw_task_cgroups;

/* Add w to c's tasks_w; a change from none to some, or back, changes
 * cgw_task_cgroups (seen once each, by whoever's atomic add made it). */
static __always_inline void cgw_add_tasks_w(struct cgw_cgroup *c, s64 w)
{
	s64 old = __sync_fetch_and_add(&c->tasks_w, w);

	if (old <= 0 && old + w > 0)
		__sync_fetch_and_add(&cgw_task_cgroups, 1);
	else if (old > 0 && old + w <= 0)
		__sync_fetch_and_add(&cgw_task_cgroups, -1);
}

static __always_inline s64 cgw_weight_of(const struct cgw_cgroup *c)
{
	return c->weight > 0 ? c->weight : 100;
}

/* One level's update: add *w to c's sum (and to its tasks_w if w is a
 * task's), dn (+1/-1) to its nr_active. Returns whether that turned it
 * busy (dn > 0) or idle (dn < 0); *w becomes what its parent must add. */
static __always_inline bool cgw_step(struct cgw_cgroup *c, s64 *w, s64 dn, bool task)
{
	s64 old;
	bool up;

	__sync_fetch_and_add(&c->sum, *w);
	if (task)
		cgw_add_tasks_w(c, *w);
	old = __sync_fetch_and_add(&c->nr_active, dn);
	up = !c->dead && old == (dn > 0 ? 0 : 1);
	*w = dn * cgw_weight_of(c);
	if (up && dn > 0)
		SCXB_INC(cg_busy);
	return up;
}

/* Add w to the sum of cg's ancestor at @level (and to its tasks_w if w is
 * a task's) and dn (+1/-1) to its nr_active; if that turned it busy
 * (dn > 0) or idle (dn < 0), repeat one level up with its own weight, and
 * so on to the root. */
static __always_inline void cgw_propagate(struct cgroup *cg, s32 level, s64 w, s64 dn, bool task)
{
	u32 i;

	bpf_for(i, 0, CGW_MAX_DEPTH + 1) {
		struct cgroup *anc;
		struct cgw_cgroup *c;
		bool up = false;

		if (level < 0)
			break;
		anc = bpf_cgroup_ancestor(cg, level);
		if (!anc)
			break;
		c = bpf_cgrp_storage_get(&cgw_cgroups, anc, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (c)
			up = cgw_step(c, &w, dn, task && !i);
		bpf_cgroup_release(anc);
		if (!up)
			break;
		level--;
	}
}

/* A task's weight w counted in (dn 1) or out of (dn -1) its own cgroup cg:
 * that level needs no ancestor lookup, and most wakeups and sleeps stop
 * there (the cgroup was busy already, or stays busy). */
static __always_inline void cgw_propagate_task(struct cgroup *cg, s64 w, s64 dn)
{
	struct cgw_cgroup *c = bpf_cgrp_storage_get(&cgw_cgroups, cg, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (c && cgw_step(c, &w, dn, true))
		cgw_propagate(cg, cg->level - 1, w, dn, false);
}

/* The id of @p's cgroup as scx_bpf_task_cgroup() would give it, by plain
 * loads (no reference taken); 0 when that takes more than loads (no task
 * group, or an autogroup's, which scx_bpf_task_cgroup maps to the root).
 * @p: as for scx_bpf_task_cgroup, so that its task group is stable. */
static __always_inline u64 cgw_task_cgid(const struct task_struct *p)
{
	struct task_group *tg = p->sched_task_group;
	struct cgroup *cg;

	if (!tg)
		return 0;
	cg = tg->css.cgroup;
	return cg ? cg->kn->id : 0;
}

/* The cgroup task t is counted in, referenced (release it), or NULL if it
 * is gone. @p is t's task when the current op was called for it (ops
 * select_cpu, enqueue, running, stopping: scx_bpf_task_cgroup's rule), else
 * NULL: then, or when @p has moved since, the cgroup is looked up by id,
 * which costs more (a kernfs lookup and two more reference counts). */
static __always_inline struct cgroup *cgw_counted_cgroup(struct task_struct *p, const struct cgw_task *t)
{
	struct cgroup *cg;

	if (p) {
		cg = scx_bpf_task_cgroup(p);
		if (cg) {
			if (cg->kn->id == t->cgid)
				return cg;
			bpf_cgroup_release(cg);
		}
	}
	return bpf_cgroup_from_id(t->cgid);
}

static __always_inline void cgw_add(struct cgroup *cg, struct cgw_task *t, u32 w)
{
	t->cgid = cg->kn->id;
	t->acct_w = w;
	__sync_fetch_and_add(&cgw_total, (s64)w);
	cgw_propagate_task(cg, w, 1);
}

/* Count @p (weight w) in its cgroup. @p must be the task the current op
 * was called for (scx_bpf_task_cgroup's rule), e.g. in ops.enqueue. */
static __always_inline void cgw_account(struct task_struct *p, struct cgw_task *t, u32 w)
{
	struct cgroup *cg, *old;
	u64 id;

	if (t->cgid)
		return;
	id = cgw_task_cgid(p);
	if (id && id == t->home_id) {
		cg = t->home;
		if (cg) {
			cgw_add(cg, t, w);
			return;
		}
	}
	cg = scx_bpf_task_cgroup(p);
	if (!cg)
		return;
	cgw_add(cg, t, w);
	/* hold it for the next time (the reference moves into t->home) */
	t->home_id = cg->kn->id;
	old = bpf_kptr_xchg(&t->home, cg);
	if (old)
		bpf_cgroup_release(old);
}

/* Uncount a task from the cgroup it was counted in (@p: see
 * cgw_counted_cgroup). */
static __always_inline void cgw_unaccount(struct task_struct *p, struct cgw_task *t)
{
	struct cgroup *cg;

	if (!t->cgid)
		return;
	__sync_fetch_and_add(&cgw_total, -(s64)t->acct_w);
	if (t->cgid == t->home_id) {
		cg = t->home;
		if (cg) {
			cgw_propagate_task(cg, -(s64)t->acct_w, -1);
			t->cgid = 0;
			t->acct_w = 0;
			return;
		}
	}
	cg = cgw_counted_cgroup(p, t);
	if (cg) {
		cgw_propagate_task(cg, -(s64)t->acct_w, -1);
		bpf_cgroup_release(cg);
	} else {
		SCXB_INC(cg_lookup_miss);
	}
	t->cgid = 0;
	t->acct_w = 0;
}

/* A counted task moved to cgroup @to (ops.cgroup_move): count it there. */
static __always_inline void cgw_move(struct cgw_task *t, struct cgroup *to)
{
	u32 w = t->acct_w;

	if (!t->cgid)
		return;
	cgw_unaccount(NULL, t);
	cgw_add(to, t, w);
}

/* A counted task's nice weight changed (ops.set_weight). */
static __always_inline void cgw_reweight(struct cgw_task *t, u32 w)
{
	struct cgroup *cg;
	struct cgw_cgroup *c;
	s64 d = (s64)w - (s64)t->acct_w;

	if (!t->cgid || !d)
		return;
	__sync_fetch_and_add(&cgw_total, d);
	t->acct_w = w;
	cg = bpf_cgroup_from_id(t->cgid);
	if (!cg)
		return;
	c = bpf_cgrp_storage_get(&cgw_cgroups, cg, 0, 0);
	if (c) {
		__sync_fetch_and_add(&c->sum, d);
		cgw_add_tasks_w(c, d);
	}
	bpf_cgroup_release(cg);
}

/* The effective weight (x CGS_W_ONE) of a counted task whose nice weight
 * is w: its share of the machine (its portion at every level up to the
 * root) x the total runnable weight. An uncounted task, or one whose
 * cgroup is gone, weighs w; so does one whose cgroup holds every runnable
 * task and no busy child (the common case of one busy cgroup): without
 * even a lookup of its cgroup while no other cgroup has tasks counted
 * (cgw_task_cgroups), else after reading its cgroup's sums, without the
 * walk. @p: see cgw_counted_cgroup. */
static __always_inline u64 cgw_effective(struct task_struct *p, const struct cgw_task *t, u32 w)
{
	u64 share = CGS_ONE, inner = w;
	struct cgw_cgroup *own;
	struct cgroup *cg;
	s64 total;
	s32 level;
	u32 i;

	if (!t->cgid || cgw_task_cgroups == 1)
		return (u64)w << CGS_W_SHIFT;
	cg = cgw_counted_cgroup(p, t);
	if (!cg)
		return (u64)w << CGS_W_SHIFT;
	own = bpf_cgrp_storage_get(&cgw_cgroups, cg, 0, 0);
	if (!own || (own->tasks_w == own->sum && own->sum >= cgw_total)) {
		bpf_cgroup_release(cg);
		return (u64)w << CGS_W_SHIFT;
	}
	level = cg->level;
	bpf_for(i, 0, CGW_MAX_DEPTH + 1) {
		struct cgroup *anc;
		struct cgw_cgroup *c;

		if (level < 0)
			break;
		anc = bpf_cgroup_ancestor(cg, level);
		if (!anc)
			break;
		c = bpf_cgrp_storage_get(&cgw_cgroups, anc, 0, 0);
		if (c) {
			share = cgs_step(share, inner, c->sum > 0 ? (u64)c->sum : 0);
			inner = cgw_weight_of(c);
		}
		bpf_cgroup_release(anc);
		if (!c)
			break;
		level--;
	}
	bpf_cgroup_release(cg);
	total = cgw_total;
	if (total < (s64)w)
		total = w;
	return cgs_effective(share, (u64)total);
}

/* ops.cgroup_init and ops.cgroup_set_weight: remember cpu.weight; a busy
 * cgroup's new weight changes its parent's sum at once. */
static __always_inline s32 cgw_cgroup_set_weight(struct cgroup *cg, u32 weight)
{
	struct cgw_cgroup *c = bpf_cgrp_storage_get(&cgw_cgroups, cg, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	s32 level = cg->level;
	struct cgroup *parent;
	struct cgw_cgroup *pc;
	s64 old;

	if (!c)
		return -ENOMEM;
	old = cgw_weight_of(c);
	c->weight = weight;
	if (c->nr_active <= 0 || c->dead || level <= 0 || old == (s64)weight)
		return 0;
	parent = bpf_cgroup_ancestor(cg, level - 1);
	if (!parent)
		return 0;
	pc = bpf_cgrp_storage_get(&cgw_cgroups, parent, 0, 0);
	if (pc)
		__sync_fetch_and_add(&pc->sum, (s64)weight - old);
	bpf_cgroup_release(parent);
	return 0;
}

/* ops.cgroup_exit: a cgroup going away while still counted busy (a task
 * that exited without being uncounted first) stops counting in its
 * parent; tasks uncounted from it later no longer reach the parent. */
static __always_inline void cgw_cgroup_exit(struct cgroup *cg)
{
	struct cgw_cgroup *c = bpf_cgrp_storage_get(&cgw_cgroups, cg, 0, 0);
	s32 level = cg->level;
	s64 was;

	if (!c || c->dead)
		return;
	c->dead = 1;
	was = __sync_lock_test_and_set(&c->nr_active, 0);
	if (was > 0 && level > 0)
		cgw_propagate(cg, level - 1, -cgw_weight_of(c), -1, false);
}

#endif
