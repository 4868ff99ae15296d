/* SPDX-License-Identifier: GPL-2.0-only */
/* The cgroup probe's verdict on how two cgroups split the CPU.
 *
 * Why: the probe measures the split of cgroup b (cpu.weight 400) over
 * cgroup a (100) while hogs run in both. Under TCG on a busy host one
 * window of 1.5 s scattered b:a 2.4..9.5 for 4 (one boot, vtime, whose
 * 5 s tenants windows were within 15%). A likely cause: the host stops a
 * virtual CPU now and then for tens to hundreds of ms while the guest's
 * clock runs on, so the task on it is charged the gap, more than a
 * scheduler repays in a short window (vtime caps a charge at twice a
 * slice). A phase of the probe is therefore measured as several short
 * sub-windows and judged on the median of their ratios: a gap spoils the sub-window it falls in, and the
 * median ignores a minority of spoiled ones. It still demands what the
 * single window did (the same band around the weights' ratio), so a
 * scheduler that splits 1:1, or whose shares stay with the tasks after a
 * move, fails in most sub-windows and so on the median. The ratio of the
 * summed CPU time is kept beside it, for the report.
 */
#ifndef SCXB_CG_SPLIT_H
#define SCXB_CG_SPLIT_H

#include <stdbool.h>

#define CG_SPLIT_MAX 16

/* One phase: the CPU time (ms) cgroups a and b used in each sub-window. */
struct cg_split {
	int n;
	double ua[CG_SPLIT_MAX], ub[CG_SPLIT_MAX];
};

/* b:a of one sub-window. A sub-window in which a got no CPU at all counts
 * as a huge ratio (b over 1 us), not as infinity: it sorts above every
 * real ratio, stays finite for the median and for JSON, and fails. */
double cg_split_ratio(double ua, double ub);
/* The median of the sub-windows' ratios (the verdict's), 0 for none. */
double cg_split_median(const struct cg_split *s);
/* b:a of the CPU time summed over the sub-windows, 0 for none. */
double cg_split_total(const struct cg_split *s);
/* Within a factor tol of want: want/tol <= r <= want*tol. */
bool cg_split_within(double r, double want, double tol);

#endif
