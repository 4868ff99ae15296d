// SPDX-License-Identifier: GPL-2.0-only
/* layered — tasks grouped into layers by rules from a JSON config.
 *
 * Policy: the config (schedulers/layered.json; keys in
 * runner/layered_config.h) lists layers. A task belongs to the first layer
 * whose rules all hold (command-name prefix, cgroup path prefix, nice
 * range, effective uid); tasks matching none go to the default layer. The
 * layer is re-evaluated whenever the task is queued and on every tick, so
 * exec, setpriority, setuid and cgroup moves take effect at once.
 *
 * Each layer has its own FIFO queue, a weight, a slice, optionally a CPU
 * set and a preempt flag:
 *  - weight: CPU time consumed by a layer advances its virtual time by
 *    time x 100/weight. A CPU looking for work takes the layer with the
 *    lowest virtual time among those that have queued tasks and may run on
 *    it, so under contention layers share CPUs in proportion to weight.
 *    Within a layer tasks run in FIFO order (task nice is not used).
 *    As the kernel asks for the next task before re-queueing the one whose
 *    slice ended, dispatch compares that task's layer with the best queued
 *    layer and lets it continue while its layer is still the lowest (unless
 *    its own layer has others waiting, which then take their turn).
 *  - cpus: the layer's tasks run only on these CPUs (idle-CPU selection,
 *    dispatch and the tick all honour it). A task whose own affinity
 *    excludes every CPU of its layer cannot obey both; it runs where its
 *    affinity allows and is counted in stat_escapes.
 *  - preempt: a waking task of this layer that finds no idle CPU preempts a
 *    CPU running a task of a non-preempting layer.
 * A layer that was idle gets at most max_lag_ns of credit when it returns,
 * and any layer whose tasks have waited longer than starve_ns is served
 * next whatever its virtual time, so extreme weights cannot stall a task.
 *
 * Counters: stat_layer<N>_ns is the CPU time used by layer N (the index in
 * the config, listed in the results' scheduler config), plus queueing,
 * preemption and escape counts.
 *
 * Tunables: max_lag_ns (default 20 ms), starve_ns (default 2 s).
 * The layer config is not a tunable: the runner reads layered.config=FILE,
 * validates it and writes the maps layer_cfg/layer_meta after load, before
 * attach; ops.init refuses to start without it.
 *
 * Trade-off: explicit, predictable control per workload class (shares, CPU
 * partitioning, latency priority) at the price of configuration, and of
 * fairness inside a layer (FIFO) and across layers only as good as the
 * weights the config gives.
 *
 * In the recommendation: for multitenant when the tenants can be named
 * (by command, cgroup, nice or uid): a config gives each its share, its
 * CPUs or its latency priority. Its scores hold only for the config it ran
 * with (listed in the results): the bundled schedulers/layered.json is an
 * example, and a user picks layered to write their own, not to use it as is.
 */
#include "scxb.bpf.h"
#include "layered_common.h"

SCXB_LICENSE;
/* Task nice values are not used (layers have weights, their tasks are FIFO):
 * the task-weights probe does not apply. */
SCXB_META("layers from a JSON config: match rules, per-layer weight, slice, CPU set, preemption", 0);
SCXB_PURPOSE("for: multitenant when tenants can be named (command, cgroup, nice, uid): per-layer share, CPUs, preemption; cost: needs your own config, FIFO inside a layer");

#define NR_L LAYERED_MAX_LAYERS
#define ESCAPE_DSQ 0
#define LAYER_DSQ(l) ((u64)(l) + 1)

const volatile u64 max_lag_ns = 20000000ULL;
const volatile u64 starve_ns = 2000000000ULL;

SCXB_STAT(enqueued);     /* tasks queued on a layer */
SCXB_STAT(direct_idle);  /* wakeups sent straight to an idle CPU of their layer */
SCXB_STAT(dispatched);   /* tasks moved from a layer queue to a CPU */
SCXB_STAT(kept_prev);    /* expiring task kept its CPU (its layer still lowest) */
SCXB_STAT(starved);      /* dispatches forced by starve_ns */
SCXB_STAT(preempts);     /* CPUs preempted by a preempting layer's wakeup */
SCXB_STAT(escapes);      /* tasks whose affinity excludes their layer's CPUs */
SCXB_STAT(relayered);    /* tasks that changed layer */
SCXB_STAT(evicted);      /* running tasks moved off a CPU outside their layer's set */
SCXB_STAT(pinned_local); /* migration-disabled tasks kept on their CPU */
#define LAYER_STATS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) \
		       X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#define DEF_LAYER_STAT(n) SCXB_STAT(layer##n##_ns);
LAYER_STATS(DEF_LAYER_STAT)

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NR_L);
	__type(key, u32);
	__type(value, struct layered_layer_cfg);
} layer_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct layered_meta);
} layer_meta SEC(".maps");

struct cg_names {
	u64 name[LAYERED_CG_DEPTH][LAYERED_CG_WORDS];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct cg_names);
} cg_scratch SEC(".maps");

struct task_ctx {
	s32 layer;      /* -1 until first classified */
	u32 cg_match;   /* bit l: the cgroup rule of layer l holds */
	u64 comm[2];    /* fingerprint of what the rules look at */
	u64 cgid;
	s32 nice;
	u32 uid;
	u64 started_at; /* running since (or charged up to), 0 if not running */
	s32 running_layer; /* layer counted in layer_nr_running, -1 if none */
	u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

/* Copied from the maps in ops.init (the config cannot change later). */
u32 nr_layers, default_layer, any_cgroup, max_cg_depth, nr_cpus = 1;
u32 layer_weight[NR_L], layer_preempt[NR_L], layer_confined[NR_L];
u64 layer_slice[NR_L];
u64 layer_cpus[NR_L][LAYERED_CPU_WORDS];

u64 layer_vtime[NR_L];
u64 layer_served_at[NR_L]; /* last time a task of the layer got a CPU */
s32 layer_nr_running[NR_L];
u64 vtime_now;
u32 cpu_layer[SCXB_MAX_CPUS];   /* layer + 1 of the task running there, 0 = none */

static __always_inline u32 L(s32 l)
{
	return (u32)l & (NR_L - 1);
}

static void add_usage(u32 l, u64 ns)
{
#define CASE_LAYER(n) case n: SCXB_ADD(layer##n##_ns, ns); break;
	switch (l) {
		LAYER_STATS(CASE_LAYER)
	}
#undef CASE_LAYER
}

static __always_inline bool in_set(u32 l, s32 cpu)
{
	if (!layer_confined[L(l)])
		return true;
	if (cpu < 0 || cpu >= LAYERED_MAX_CPUS)
		return false;
	return (layer_cpus[L(l)][((u32)cpu / 64) & (LAYERED_CPU_WORDS - 1)] >> ((u32)cpu % 64)) & 1;
}

/* Some CPU of layer l's set is in p's affinity. */
static __always_inline bool set_reachable(u32 l, const struct task_struct *p)
{
	u32 c;

	if (!layer_confined[L(l)])
		return true;
	bpf_for(c, 0, nr_cpus) {
		if (in_set(l, c) && bpf_cpumask_test_cpu(c, p->cpus_ptr))
			return true;
	}
	return false;
}

/* Which layers' cgroup rules hold for cgroup cg (bit per layer). */
static u32 cgroup_matches(struct cgroup *cg)
{
	struct cg_names *sc;
	u32 key = 0, mask = 0, level, depth, i, l;

	sc = bpf_map_lookup_elem(&cg_scratch, &key);
	if (!sc)
		return 0;
	level = BPF_CORE_READ(cg, level);
	depth = level < max_cg_depth ? level : max_cg_depth;
	bpf_for(i, 0, depth) {
		struct cgroup *anc = bpf_cgroup_ancestor(cg, i + 1);
		u32 w;

		bpf_for(w, 0, LAYERED_CG_WORDS)
			sc->name[i & (LAYERED_CG_DEPTH - 1)][w & (LAYERED_CG_WORDS - 1)] = 0;
		if (!anc)
			break;
		bpf_probe_read_kernel_str(sc->name[i & (LAYERED_CG_DEPTH - 1)], LAYERED_CG_NAME_LEN,
					  BPF_CORE_READ(anc, kn, name));
		bpf_cgroup_release(anc);
	}

	bpf_for(l, 0, nr_layers) {
		struct layered_layer_cfg *cfg = bpf_map_lookup_elem(&layer_cfg, &l);
		bool ok = true;
		u32 d;

		if (!cfg || !(cfg->match_flags & LAYERED_MATCH_CGROUP) || cfg->cg_depth > level)
			continue;
		d = cfg->cg_depth < LAYERED_CG_DEPTH ? cfg->cg_depth : LAYERED_CG_DEPTH;
		bpf_for(i, 0, d) {
			u32 w, ii = i & (LAYERED_CG_DEPTH - 1);

			bpf_for(w, 0, LAYERED_CG_WORDS) {
				u32 ww = w & (LAYERED_CG_WORDS - 1);

				if ((sc->name[ii][ww] & cfg->cg_mask[ii][ww]) != cfg->cg_want[ii][ww])
					ok = false;
			}
		}
		if (ok)
			mask |= 1u << L(l);
	}
	return mask;
}

static s32 match_layer(const struct task_ctx *tctx)
{
	u32 l;

	bpf_for(l, 0, nr_layers) {
		struct layered_layer_cfg *cfg = bpf_map_lookup_elem(&layer_cfg, &l);
		u32 f;

		if (!cfg || l == default_layer)
			continue;
		f = cfg->match_flags;
		if (!f)
			continue;
		if ((f & LAYERED_MATCH_COMM) &&
		    ((tctx->comm[0] & cfg->comm_mask[0]) != cfg->comm_want[0] ||
		     (tctx->comm[1] & cfg->comm_mask[1]) != cfg->comm_want[1]))
			continue;
		if ((f & LAYERED_MATCH_NICE) && (tctx->nice < cfg->nice_min || tctx->nice > cfg->nice_max))
			continue;
		if ((f & LAYERED_MATCH_UID) && tctx->uid != cfg->uid)
			continue;
		if ((f & LAYERED_MATCH_CGROUP) && !(tctx->cg_match & (1u << L(l))))
			continue;
		return l;
	}
	return default_layer;
}

/* Re-evaluate p's layer if anything the rules look at changed. Returns the
 * layer. */
static s32 refresh(struct task_struct *p, struct task_ctx *tctx)
{
	u64 comm[2] = {};
	s32 nice = p->static_prio - 120;
	u32 uid = BPF_CORE_READ(p, cred, euid.val);
	u64 cgid = 0;
	bool cg_changed = false;
	s32 layer;

	bpf_probe_read_kernel(comm, sizeof(comm), p->comm);
	if (any_cgroup) {
		/* The task's cgroup v2 cgroup (what its path in /sys/fs/cgroup
		 * names), not its scheduling group, which is only the same
		 * where the cpu controller is enabled. RCU-protected: struct_ops
		 * programs run inside an RCU read-side section. */
		struct css_set *cset = p->cgroups;
		struct cgroup *cg = cset ? cset->dfl_cgrp : NULL;

		if (cg) {
			cgid = BPF_CORE_READ(cg, kn, id);
			if (tctx->layer < 0 || cgid != tctx->cgid) {
				tctx->cg_match = cgroup_matches(cg);
				cg_changed = true;
			}
		}
	}
	if (tctx->layer >= 0 && !cg_changed && comm[0] == tctx->comm[0] && comm[1] == tctx->comm[1] &&
	    nice == tctx->nice && uid == tctx->uid)
		return tctx->layer;

	tctx->comm[0] = comm[0];
	tctx->comm[1] = comm[1];
	tctx->nice = nice;
	tctx->uid = uid;
	tctx->cgid = cgid;
	layer = match_layer(tctx);
	if (tctx->layer >= 0 && layer != tctx->layer)
		SCXB_INC(relayered);
	tctx->layer = layer;
	return layer;
}

/* Charge the time p ran since it was last charged to its layer. */
static __always_inline void charge(struct task_ctx *tctx, u64 now)
{
	u32 l = L(tctx->layer);

	if (tctx->layer >= 0 && tctx->started_at && scxb_before(tctx->started_at, now)) {
		u64 used = now - tctx->started_at;

		layer_vtime[l] += used * 100 / (layer_weight[l] ? layer_weight[l] : 100);
		add_usage(l, used);
	}
	tctx->started_at = now;
}

s32 BPF_STRUCT_OPS(layered_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	bool is_idle = false;
	s32 cpu, fallback = -1;
	u32 l, c;

	if (!tctx || tctx->layer < 0)
		return prev_cpu;
	l = L(tctx->layer);
	if (!layer_confined[l]) {
		cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
		if (is_idle) {
			SCXB_INC(direct_idle);
			scxb_insert(p, SCX_DSQ_LOCAL, layer_slice[l], 0);
		}
		return cpu;
	}
	/* Confined: an idle CPU of the set, the previous one first. */
	if (in_set(l, prev_cpu) && bpf_cpumask_test_cpu(prev_cpu, p->cpus_ptr)) {
		if (scx_bpf_test_and_clear_cpu_idle(prev_cpu)) {
			SCXB_INC(direct_idle);
			scxb_insert(p, SCX_DSQ_LOCAL, layer_slice[l], 0);
			return prev_cpu;
		}
		fallback = prev_cpu;
	}
	bpf_for(c, 0, nr_cpus) {
		if (!in_set(l, c) || !bpf_cpumask_test_cpu(c, p->cpus_ptr))
			continue;
		if (scx_bpf_test_and_clear_cpu_idle(c)) {
			SCXB_INC(direct_idle);
			scxb_insert(p, SCX_DSQ_LOCAL, layer_slice[l], 0);
			return c;
		}
		if (fallback < 0)
			fallback = c;
	}
	return fallback >= 0 ? fallback : prev_cpu;
}

/* Wake an idle CPU that may run layer l's task p; true if one was found. */
static __always_inline bool kick_idle(u32 l, struct task_struct *p)
{
	u32 c;
	s32 cpu;

	if (!layer_confined[l]) {
		cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
		if (cpu < 0)
			return false;
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		return true;
	}
	bpf_for(c, 0, nr_cpus) {
		if (in_set(l, c) && bpf_cpumask_test_cpu(c, p->cpus_ptr) &&
		    scx_bpf_test_and_clear_cpu_idle(c)) {
			scx_bpf_kick_cpu(c, SCX_KICK_IDLE);
			return true;
		}
	}
	return false;
}

/* A CPU of layer l's set, in p's affinity, running a non-preempting layer. */
static __always_inline s32 preempt_victim(u32 l, struct task_struct *p)
{
	u32 i, start = (u32)scx_bpf_task_cpu(p);

	bpf_for(i, 0, nr_cpus) {
		u32 c = (start + i) % nr_cpus, cl = cpu_layer[c & (SCXB_MAX_CPUS - 1)];

		if (!cl || layer_preempt[L(cl - 1)])
			continue;
		if (in_set(l, c) && bpf_cpumask_test_cpu(c, p->cpus_ptr))
			return c;
	}
	return -1;
}

void BPF_STRUCT_OPS(layered_enqueue, struct task_struct *p, u64 enq_flags)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	bool reachable;
	u64 floor;
	s32 victim, cpu;
	u32 l;

	if (!tctx) {
		scxb_insert(p, ESCAPE_DSQ, SCX_SLICE_DFL, enq_flags);
		return;
	}
	l = L(refresh(p, tctx));

	/* Older kernels also queue migration-disabled tasks here: they can
	 * only run where they are. */
	if (scxb_migration_disabled(p)) {
		SCXB_INC(pinned_local);
		scxb_insert(p, SCX_DSQ_LOCAL, layer_slice[l], enq_flags);
		return;
	}
	reachable = set_reachable(l, p);
	/* The last runnable task of a CPU (SCX_OPS_ENQ_LAST) keeps running
	 * there if its layer may use the CPU; otherwise it must leave, which
	 * is why the flag is set: without it the kernel would keep it running
	 * where its layer no longer allows it. */
	if ((enq_flags & SCX_ENQ_LAST) && (!reachable || in_set(l, scx_bpf_task_cpu(p)))) {
		scxb_insert(p, SCX_DSQ_LOCAL, layer_slice[l], enq_flags);
		return;
	}
	if (!reachable) {
		SCXB_INC(escapes);
		scxb_insert(p, ESCAPE_DSQ, layer_slice[l], enq_flags);
		cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
		if (cpu >= 0)
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		return;
	}

	/* A layer coming back from idle (nothing queued, nothing running)
	 * gets at most max_lag_ns of credit; a busy layer keeps its place. */
	if (!layer_nr_running[l] && scx_bpf_dsq_nr_queued(LAYER_DSQ(l)) <= 0) {
		floor = vtime_now - max_lag_ns;
		if (!scxb_before(vtime_now, max_lag_ns) && scxb_before(layer_vtime[l], floor))
			layer_vtime[l] = floor;
		layer_served_at[l] = scxb_now(); /* waiting starts now */
	}

	if (layer_preempt[l] && (enq_flags & SCX_ENQ_WAKEUP) && !kick_idle(l, p)) {
		victim = preempt_victim(l, p);
		if (victim >= 0) {
			SCXB_INC(preempts);
			cpu_layer[victim & (SCXB_MAX_CPUS - 1)] = l + 1; /* one preemption per CPU */
			scxb_insert(p, SCX_DSQ_LOCAL_ON | (u64)victim, layer_slice[l],
				    enq_flags | SCX_ENQ_PREEMPT);
			return;
		}
	}
	SCXB_INC(enqueued);
	scxb_insert(p, LAYER_DSQ(l), layer_slice[l], enq_flags);
	if (!(layer_preempt[l] && (enq_flags & SCX_ENQ_WAKEUP)))
		kick_idle(l, p);
}

void BPF_STRUCT_OPS(layered_dispatch, s32 cpu, struct task_struct *prev)
{
	u64 now = scxb_now();
	u32 cand = 0, tried = 0, l, k;
	s32 best = -1, starving = -1;

	if (scxb_move_to_local(ESCAPE_DSQ)) {
		SCXB_INC(dispatched);
		return;
	}

	/* Layers with queued tasks that may run here. */
	bpf_for(l, 0, nr_layers) {
		if (!in_set(l, cpu) || scx_bpf_dsq_nr_queued(LAYER_DSQ(l)) <= 0)
			continue;
		cand |= 1u << L(l);
		if (best < 0 || scxb_before(layer_vtime[L(l)], layer_vtime[L(best)]))
			best = l;
		if (starving < 0 && scxb_before(layer_served_at[L(l)] + starve_ns, now))
			starving = l;
	}

	if (prev && (prev->scx.flags & SCX_TASK_QUEUED)) {
		struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, prev, 0, 0);

		if (tctx && tctx->layer >= 0) {
			u32 pl = L(tctx->layer);

			charge(tctx, now);
			/* Keep prev if its layer is allowed here, has nobody
			 * else waiting, and is still the lowest. */
			if (in_set(pl, cpu) && !(cand & (1u << pl)) && starving < 0 &&
			    (best < 0 || !scxb_before(layer_vtime[L(best)], layer_vtime[pl]))) {
				prev->scx.slice = layer_slice[pl];
				layer_served_at[pl] = now;
				SCXB_INC(kept_prev);
				return;
			}
		}
	}

	if (starving >= 0) {
		tried |= 1u << L(starving);
		if (scxb_move_to_local(LAYER_DSQ(starving))) {
			layer_served_at[L(starving)] = now;
			SCXB_INC(starved);
			SCXB_INC(dispatched);
			return;
		}
	}
	/* Lowest virtual time first; a layer whose queued tasks cannot run
	 * here (affinity) is skipped for the next. */
	bpf_for(k, 0, nr_layers) {
		best = -1;
		bpf_for(l, 0, nr_layers) {
			if (!(cand & ~tried & (1u << L(l))))
				continue;
			if (best < 0 || scxb_before(layer_vtime[L(l)], layer_vtime[L(best)]))
				best = l;
		}
		if (best < 0)
			break;
		tried |= 1u << L(best);
		if (scxb_move_to_local(LAYER_DSQ(best))) {
			if (scxb_before(vtime_now, layer_vtime[L(best)]))
				vtime_now = layer_vtime[L(best)];
			layer_served_at[L(best)] = now;
			SCXB_INC(dispatched);
			return;
		}
	}
}

void BPF_STRUCT_OPS(layered_running, struct task_struct *p)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	s32 cpu = scx_bpf_task_cpu(p);

	if (!tctx)
		return;
	tctx->started_at = scxb_now();
	if (tctx->layer >= 0) {
		tctx->running_layer = tctx->layer;
		__sync_fetch_and_add(&layer_nr_running[L(tctx->layer)], 1);
		layer_served_at[L(tctx->layer)] = tctx->started_at;
		cpu_layer[cpu & (SCXB_MAX_CPUS - 1)] = L(tctx->layer) + 1;
	}
}

void BPF_STRUCT_OPS(layered_stopping, struct task_struct *p, bool runnable)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	s32 cpu = scx_bpf_task_cpu(p);

	cpu_layer[cpu & (SCXB_MAX_CPUS - 1)] = 0;
	if (!tctx)
		return;
	charge(tctx, scxb_now());
	tctx->started_at = 0;
	if (tctx->running_layer >= 0) {
		__sync_fetch_and_sub(&layer_nr_running[L(tctx->running_layer)], 1);
		tctx->running_layer = -1;
	}
}

void BPF_STRUCT_OPS(layered_tick, struct task_struct *p)
{
	struct task_ctx *tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	s32 cpu = scx_bpf_task_cpu(p), old;
	u32 l;

	if (!tctx)
		return;
	old = tctx->layer;
	charge(tctx, scxb_now()); /* to the layer it ran in */
	l = L(refresh(p, tctx));
	if (tctx->layer != old)
		cpu_layer[cpu & (SCXB_MAX_CPUS - 1)] = l + 1;
	/* Running outside its layer's CPU set (it just changed layer, or its
	 * affinity changed): end the slice so it is queued where it belongs. */
	if (!in_set(l, cpu) && set_reachable(l, p) && !scxb_migration_disabled(p)) {
		SCXB_INC(evicted);
		p->scx.slice = 0;
	}
}

s32 BPF_STRUCT_OPS(layered_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	struct task_ctx *tctx;

	tctx = bpf_task_storage_get(&task_ctxs, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!tctx)
		return -ENOMEM;
	tctx->layer = -1;
	tctx->running_layer = -1;
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(layered_init)
{
	struct layered_meta *meta;
	u32 key = 0, n = scx_bpf_nr_cpu_ids(), l;
	s32 ret;

	nr_cpus = n > SCXB_MAX_CPUS ? SCXB_MAX_CPUS : (n ? n : 1);
	if (starve_ns < 1000000) {
		scxb_error("starve_ns=%llu below 1000000 (1 ms)", starve_ns);
		return -EINVAL;
	}
	meta = bpf_map_lookup_elem(&layer_meta, &key);
	if (!meta || !meta->nr_layers) {
		scxb_error("no layer configuration loaded (the runner writes it from layered.config=FILE before attaching)");
		return -EINVAL;
	}
	if (meta->nr_layers > NR_L || meta->default_layer >= meta->nr_layers) {
		scxb_error("bad layer_meta (%u layers, default %u)", meta->nr_layers,
			   meta->default_layer);
		return -EINVAL;
	}
	nr_layers = meta->nr_layers;
	default_layer = meta->default_layer;
	any_cgroup = meta->any_cgroup;

	bpf_for(l, 0, nr_layers) {
		struct layered_layer_cfg *cfg = bpf_map_lookup_elem(&layer_cfg, &l);
		u32 w, li = L(l);

		if (!cfg)
			return -EINVAL;
		layer_weight[li] = cfg->weight ? cfg->weight : 100;
		layer_slice[li] = cfg->slice_ns ? cfg->slice_ns : SCX_SLICE_DFL;
		layer_preempt[li] = cfg->preempt;
		layer_confined[li] = cfg->has_cpus;
		bpf_for(w, 0, LAYERED_CPU_WORDS)
			layer_cpus[li][w & (LAYERED_CPU_WORDS - 1)] = cfg->cpus[w & (LAYERED_CPU_WORDS - 1)];
		if ((cfg->match_flags & LAYERED_MATCH_CGROUP) && cfg->cg_depth > max_cg_depth)
			max_cg_depth = cfg->cg_depth < LAYERED_CG_DEPTH ? cfg->cg_depth : LAYERED_CG_DEPTH;
		ret = scx_bpf_create_dsq(LAYER_DSQ(l), -1);
		if (ret) {
			scxb_error("cannot create the queue of layer %u: %d", l, ret);
			return ret;
		}
	}
	return scx_bpf_create_dsq(ESCAPE_DSQ, -1);
}

void BPF_STRUCT_OPS(layered_exit, struct scx_exit_info *ei)
{
	SCXB_RECORD_EXIT(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops layered_ops = {
	/* Queue even a CPU's last task: see layered_enqueue. */
	.flags = SCX_OPS_ENQ_LAST,
	.select_cpu = (void *)layered_select_cpu,
	.enqueue = (void *)layered_enqueue,
	.dispatch = (void *)layered_dispatch,
	.running = (void *)layered_running,
	.stopping = (void *)layered_stopping,
	.tick = (void *)layered_tick,
	.init_task = (void *)layered_init_task,
	.init = (void *)layered_init,
	.exit = (void *)layered_exit,
	/* starve_ns bounds how long a layer waits; the FIFO inside a layer
	 * multiplies it by the layer's queue length. 20 s leaves room for
	 * that and for TCG's slowdown. */
	.timeout_ms = 20000,
	.name = "layered",
};
