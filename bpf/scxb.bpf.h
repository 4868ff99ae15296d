/* SPDX-License-Identifier: GPL-2.0-only */
/* Common header for every BPF scheduler in scxbench.
 *
 * One source must build and load on kernels from 6.12 to 7.3, whose
 * sched_ext kfuncs were renamed along the way (scx_bpf_dispatch ->
 * scx_bpf_dsq_insert in 6.13, scx_bpf_consume -> scx_bpf_dsq_move_to_local,
 * scx_bpf_now in 6.14). Every kfunc is declared __weak and the wrappers below
 * pick whichever exists with bpf_ksym_exists(), which the verifier resolves
 * at load time, so the dead branch costs nothing.
 */
#ifndef SCXB_BPF_H
#define SCXB_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "scxb_exit_info.h"
#include "scxb_limits.h"

#ifndef __ksym
#define __ksym __attribute__((section(".ksyms")))
#endif

#define BPF_STRUCT_OPS(name, args...) \
	SEC("struct_ops/" #name) BPF_PROG(name, ##args)
#define BPF_STRUCT_OPS_SLEEPABLE(name, args...) \
	SEC("struct_ops.s/" #name) BPF_PROG(name, ##args)

#define SCXB_LICENSE char _license[] SEC("license") = "GPL"

/* ---- kfuncs, all weak: present or not depending on the kernel ---------- */
void scx_bpf_dsq_insert(struct task_struct *p, u64 dsq_id, u64 slice, u64 enq_flags) __ksym __weak;
void scx_bpf_dispatch(struct task_struct *p, u64 dsq_id, u64 slice, u64 enq_flags) __ksym __weak;
void scx_bpf_dsq_insert_vtime(struct task_struct *p, u64 dsq_id, u64 slice, u64 vtime, u64 enq_flags) __ksym __weak;
void scx_bpf_dispatch_vtime(struct task_struct *p, u64 dsq_id, u64 slice, u64 vtime, u64 enq_flags) __ksym __weak;
bool scx_bpf_dsq_move_to_local(u64 dsq_id) __ksym __weak;
bool scx_bpf_consume(u64 dsq_id) __ksym __weak;
s32 scx_bpf_select_cpu_dfl(struct task_struct *p, s32 prev_cpu, u64 wake_flags, bool *is_idle) __ksym __weak;
s32 scx_bpf_create_dsq(u64 dsq_id, s32 node) __ksym __weak;
void scx_bpf_destroy_dsq(u64 dsq_id) __ksym __weak;
void scx_bpf_kick_cpu(s32 cpu, u64 flags) __ksym __weak;
s32 scx_bpf_dsq_nr_queued(u64 dsq_id) __ksym __weak;
void scx_bpf_exit_bstr(s64 exit_code, char *fmt, unsigned long long *data, u32 data__sz) __ksym __weak;
void scx_bpf_error_bstr(char *fmt, unsigned long long *data, u32 data__sz) __ksym __weak;
u64 scx_bpf_now(void) __ksym __weak;
s32 scx_bpf_task_cpu(const struct task_struct *p) __ksym __weak;
bool scx_bpf_task_running(const struct task_struct *p) __ksym __weak;
bool scx_bpf_test_and_clear_cpu_idle(s32 cpu) __ksym __weak;
s32 scx_bpf_pick_idle_cpu(const struct cpumask *cpus_allowed, u64 flags) __ksym __weak;
s32 scx_bpf_pick_any_cpu(const struct cpumask *cpus_allowed, u64 flags) __ksym __weak;
const struct cpumask *scx_bpf_get_idle_cpumask(void) __ksym __weak;
void scx_bpf_put_idle_cpumask(const struct cpumask *cpumask) __ksym __weak;
u32 scx_bpf_nr_cpu_ids(void) __ksym __weak;
u32 scx_bpf_dispatch_nr_slots(void) __ksym __weak;
struct cgroup *scx_bpf_task_cgroup(struct task_struct *p) __ksym __weak;
void bpf_cgroup_release(struct cgroup *cgrp) __ksym __weak;
struct task_struct *bpf_task_from_pid(s32 pid) __ksym __weak;
void bpf_task_release(struct task_struct *p) __ksym __weak;
struct bpf_cpumask *bpf_cpumask_create(void) __ksym __weak;
void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym __weak;
void bpf_cpumask_set_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym __weak;
bool bpf_cpumask_test_cpu(u32 cpu, const struct cpumask *cpumask) __ksym __weak;
u32 bpf_cpumask_first(const struct cpumask *cpumask) __ksym __weak;
u32 bpf_cpumask_weight(const struct cpumask *cpumask) __ksym __weak;
bool bpf_cpumask_intersects(const struct cpumask *src1, const struct cpumask *src2) __ksym __weak;
u32 bpf_cpumask_any_and_distribute(const struct cpumask *src1, const struct cpumask *src2) __ksym __weak;
struct bpf_cpumask *bpf_cpumask_kptr_xchg_dummy(void) __ksym __weak;
/* Added for the bundled schedulers (fifo/vtime/central/deadline/layered):
 * DSQ iteration (6.12+), moving a chosen task out of a DSQ (6.12 name
 * scx_bpf_dispatch_from_dsq, 6.13+ scx_bpf_dsq_move), cgroup ancestry and
 * cpumask set operations. Prototypes checked against the 7.3 kernel's BTF. */
int bpf_iter_scx_dsq_new(struct bpf_iter_scx_dsq *it, u64 dsq_id, u64 flags) __ksym __weak;
struct task_struct *bpf_iter_scx_dsq_next(struct bpf_iter_scx_dsq *it) __ksym __weak;
void bpf_iter_scx_dsq_destroy(struct bpf_iter_scx_dsq *it) __ksym __weak;
bool scx_bpf_dsq_move(struct bpf_iter_scx_dsq *it__iter, struct task_struct *p, u64 dsq_id, u64 enq_flags) __ksym __weak;
bool scx_bpf_dispatch_from_dsq(struct bpf_iter_scx_dsq *it__iter, struct task_struct *p, u64 dsq_id, u64 enq_flags) __ksym __weak;
struct cgroup *bpf_cgroup_ancestor(struct cgroup *cgrp, int level) __ksym __weak;
void bpf_cpumask_clear(struct bpf_cpumask *cpumask) __ksym __weak;
bool bpf_cpumask_and(struct bpf_cpumask *dst, const struct cpumask *src1, const struct cpumask *src2) __ksym __weak;
void bpf_cpumask_copy(struct bpf_cpumask *dst, const struct cpumask *src) __ksym __weak;
bool bpf_cpumask_empty(const struct cpumask *cpumask) __ksym __weak;

/* ---- compat wrappers ----------------------------------------------------- */
static __always_inline void scxb_insert(struct task_struct *p, u64 dsq, u64 slice, u64 flags)
{
	if (bpf_ksym_exists(scx_bpf_dsq_insert))
		scx_bpf_dsq_insert(p, dsq, slice, flags);
	else
		scx_bpf_dispatch(p, dsq, slice, flags);
}

static __always_inline void scxb_insert_vtime(struct task_struct *p, u64 dsq, u64 slice,
					      u64 vtime, u64 flags)
{
	if (bpf_ksym_exists(scx_bpf_dsq_insert_vtime))
		scx_bpf_dsq_insert_vtime(p, dsq, slice, vtime, flags);
	else
		scx_bpf_dispatch_vtime(p, dsq, slice, vtime, flags);
}

static __always_inline bool scxb_move_to_local(u64 dsq)
{
	if (bpf_ksym_exists(scx_bpf_dsq_move_to_local))
		return scx_bpf_dsq_move_to_local(dsq);
	return scx_bpf_consume(dsq);
}

/* Move task @p, found while iterating a DSQ with @it, to @dsq (e.g. a
 * remote CPU's SCX_DSQ_LOCAL_ON | cpu). Dispatch context only. */
static __always_inline bool scxb_dsq_move(struct bpf_iter_scx_dsq *it, struct task_struct *p,
					  u64 dsq, u64 flags)
{
	if (bpf_ksym_exists(scx_bpf_dsq_move))
		return scx_bpf_dsq_move(it, p, dsq, flags);
	return scx_bpf_dispatch_from_dsq(it, p, dsq, flags);
}

/* True if @p may not leave its CPU right now. The BPF program itself runs
 * with migration disabled, so for the current task a count of 1 is ours,
 * not the task's. Kernels without the field (!SMP) never migrate anyway. */
static __always_inline bool scxb_migration_disabled(const struct task_struct *p)
{
	if (!bpf_core_field_exists(p->migration_disabled))
		return false;
	if (p->migration_disabled == 1)
		return (void *)bpf_get_current_task_btf() != (void *)p;
	return p->migration_disabled > 1;
}

static __always_inline u64 scxb_now(void)
{
	if (bpf_ksym_exists(scx_bpf_now))
		return scx_bpf_now();
	return bpf_ktime_get_ns();
}

/* Error codes ops.init and ops.init_task return (negated). vmlinux.h has
 * only types, not the kernel's errno macros. */
#define ENOENT 2
#define ESRCH 3
#define E2BIG 7
#define ENOMEM 12
#define EINVAL 22
#define ENOSPC 28

/* a is earlier than b on a u64 nanosecond clock, correct across wrap-around
 * (a plain a < b is not once the clock or a vtime wraps). */
static __always_inline bool scxb_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/* The slice a slice_ns tunable asks for: 0 means the kernel default. */
static __always_inline u64 scxb_slice(u64 slice_ns)
{
	return slice_ns ? slice_ns : SCX_SLICE_DFL;
}

/* ---- formatted exit/error (kfuncs take a format + u64 array) ------------ */
#define scxb_bstr_call(func, prefix_args, fmt, args...)                        \
	({                                                                   \
		static char ___fmt[] = fmt;                                  \
		unsigned long long ___param[___bpf_narg(args)];              \
		_Pragma("GCC diagnostic push")                               \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")       \
		___bpf_fill(___param, args);                                 \
		_Pragma("GCC diagnostic pop")                                \
		func(prefix_args ___fmt, ___param, sizeof(___param));        \
	})
/* Fails the scheduler: kernel ejects it with SCX_EXIT_ERROR_BPF. */
#define scxb_error(fmt, args...) scxb_bstr_call(scx_bpf_error_bstr, , fmt, ##args)
/* Unregisters cleanly: SCX_EXIT_UNREG_BPF with the given code. */
#define scxb_exit(code, fmt, args...) scxb_bstr_call(scx_bpf_exit_bstr, (s64)(code) SCXB_COMMA, fmt, ##args)
#define SCXB_COMMA ,

/* ---- exit info for user space (see scxb_exit_info.h) -------------------- */
struct scxb_exit_info scxb_exit SEC(".data") = {};

#define SCXB_RECORD_EXIT(ei)                                                  \
	do {                                                                  \
		scxb_exit.kind = BPF_CORE_READ(ei, kind);                     \
		scxb_exit.exit_code = BPF_CORE_READ(ei, exit_code);           \
		bpf_probe_read_kernel_str(scxb_exit.reason,                   \
					  sizeof(scxb_exit.reason),           \
					  BPF_CORE_READ(ei, reason));         \
		bpf_probe_read_kernel_str(scxb_exit.msg,                      \
					  sizeof(scxb_exit.msg),              \
					  BPF_CORE_READ(ei, msg));            \
		scxb_exit.recorded = 1;                                       \
	} while (0)

/* ---- metadata and counters the runner reads by name ----------------------
 * scxb_desc: one-line policy for `scxbench list`.
 * scxb_purpose (optional, SCXB_PURPOSE): what the policy is for (the
 *   profile it should win, or what it exists to show) and its known cost,
 *   one line, printed under the policy by `scxbench list`.
 * scxb_honours_weights: 0 if the policy deliberately ignores nice/weight
 *   (FIFO-like); the weights probe then reports its split, and the
 *   starvation probe its nice 19 task's wait, without failing it
 *   (conformance/claims.c).
 * Counters are u64 globals named stat_*: the runner reports each by name.
 */
#define SCXB_META(desc, honours_weights)                                      \
	const volatile char scxb_desc[] = desc;                               \
	const volatile u32 scxb_honours_weights = honours_weights

#define SCXB_PURPOSE(purpose) const volatile char scxb_purpose[] = purpose

#define SCXB_STAT(name) u64 stat_##name SEC(".bss")
#define SCXB_INC(name) __sync_fetch_and_add(&stat_##name, 1)
#define SCXB_ADD(name, v) __sync_fetch_and_add(&stat_##name, (v))

/* Weight of a task (100 = nice 0), read across kernel versions:
 * p->scx.weight exists since sched_ext's first release. */
static __always_inline u32 scxb_weight(const struct task_struct *p)
{
	u32 w = BPF_CORE_READ(p, scx.weight);
	return w ? w : 100;
}

#endif
