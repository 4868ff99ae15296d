/* SPDX-License-Identifier: GPL-2.0-only */
/* A task's share of the machine under cgroup cpu.weight, as arithmetic.
 *
 * Why a header of its own: vtime.bpf.c walks a task's cgroup and its
 * ancestors and multiplies the shares level by level; the arithmetic (fixed
 * point, clamping, the scale of the result) is where a mistake would skew
 * every tenant's CPU time, so it is kept free of BPF and the host unit test
 * (tests/unit/test_cg_share.c) checks it on the hierarchies it must handle.
 *
 * The model (cgroup v2's, as the kernel's fair class applies it): at each
 * level the runnable things in a cgroup (its runnable tasks by nice weight,
 * its children that have runnable tasks below them by cpu.weight) split
 * that cgroup's share in proportion to their weights. A task's share of the
 * machine is the product of its portions from its own cgroup up to the
 * root. Starting from CGS_ONE at the task, each level does
 *     share = cgs_step(share, weight of the thing below, sum at this level)
 * and cgs_effective() turns the final share into a weight on the scale of
 * task weights (100 = nice 0), in fixed point (x CGS_W_ONE): share x the
 * sum of all runnable tasks' weights. When every task is in one cgroup
 * this is each task's own weight exactly, so a scheduler charging by it
 * behaves as it did without cgroups.
 *
 * Why fixed point at both ends: a tenant's hogs get weights like 12.5 (a
 * tenant of 1/8 with 8 hogs, total 800), and charging by a whole 12 would
 * give it 4% more than its share; a task 12 levels deep among 1000 others
 * has a share of 2^-22, which a 20-bit share would round to nothing.
 */
#ifndef SCXB_CG_SHARE_H
#define SCXB_CG_SHARE_H

/* One whole share: 30 bits. A share keeps 8 bits at 2^-22, and
 * share x weight (<= 2^30 x 10000 < 2^44) stays far from overflow. */
#define CGS_ONE (1ULL << 30)
/* An effective weight of 1 (a nice 19 task alone): the unit is 1/1024. */
#define CGS_W_SHIFT 10
#define CGS_W_ONE (1ULL << CGS_W_SHIFT)
/* The total runnable weight is capped here (2^33, a million nice -20
 * tasks) so that share x total fits in 64 bits. */
#define CGS_TOTAL_MAX (1ULL << 33)

/* share x inner / sum, rounded: the portion of this level that the thing
 * below (weight inner) gets. A sum below inner is a transient of lock-free
 * counting (a weight change racing an activation): the thing below then
 * counts as alone at this level (portion 1) rather than above 1. */
static inline unsigned long long cgs_step(unsigned long long share, unsigned long long inner,
					  unsigned long long sum)
{
	if (!inner || sum <= inner)
		return share;
	return (share * inner + sum / 2) / sum;
}

/* The share as a weight on the task scale, x CGS_W_ONE: share x total /
 * CGS_ONE, rounded, where total is the sum of every runnable task's weight (at
 * least the task's own). Never 0: a weight divides the time charged. */
static inline unsigned long long cgs_effective(unsigned long long share, unsigned long long total)
{
	unsigned long long w;

	if (share > CGS_ONE)
		share = CGS_ONE;
	if (total > CGS_TOTAL_MAX)
		total = CGS_TOTAL_MAX;
	w = (share * total + (1ULL << (29 - CGS_W_SHIFT))) >> (30 - CGS_W_SHIFT);
	return w ? w : 1;
}

#endif
