/* SPDX-License-Identifier: GPL-2.0-only */
/* Expected CPU shares and fairness scores.
 *
 * Why: "is the CPU split as the weights say?" needs the kernel's own
 * nice-to-weight table and a correct expected share when some tasks are
 * capped (a task cannot use more than one CPU, a tenant no more than its
 * tasks), which is water-filling, not a plain weight ratio. Shared by the
 * fairness and tenants workloads.
 */
#ifndef SCXB_WL_SHARE_H
#define SCXB_WL_SHARE_H

#include <stddef.h>

/* the kernel's sched_prio_to_weight[] for nice -20..19; 0 outside */
unsigned wl_nice_weight(int nice);

/* Split total among n claimants by weight w[i], none above cap[i]:
 * capped ones get their cap, the rest share the remainder by weight.
 * out[i] receives the expected amount. */
void wl_waterfill(const double *w, const double *cap, size_t n, double total, double *out);

/* Jain's fairness index of x[n]: (sum x)^2 / (n * sum x^2), 1 = equal. */
double wl_jain(const double *x, size_t n);

#endif
