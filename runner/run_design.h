/* SPDX-License-Identifier: GPL-2.0-only */
/* The design of a run: in which order rows meet the machine.
 *
 * Why: under TCG (and on any shared machine) the speed of the machine
 * drifts over minutes. Run all of EEVDF, then all of simple, ... and a
 * drift lands on some rows and not others, and repeats inside one row
 * never see it. So by default repeat r of every (row, workload) runs in
 * round r, and within a round the rows run in an order that rotates from
 * round to round (a Latin-square rotation of a seeded permutation): every
 * row visits every position equally often over nrows rounds, drift hits
 * every row alike, and rows are paired by round for the comparisons
 * (reports/compare.c). The seed and the orders are recorded in the
 * provenance so the run can be replayed.
 */
#ifndef SCXB_RUN_DESIGN_H
#define SCXB_RUN_DESIGN_H

#include <stdint.h>
#include <jansson.h>

enum run_order { RUN_ORDER_INTERLEAVED, RUN_ORDER_SEQUENTIAL };

/* order[0..n) = the row indices (0..n-1) in the order they run in round r:
 * a permutation drawn once from seed, rotated by r. */
void run_design_round_order(int n, uint64_t seed, int round, int *order);

/* {"order": "interleaved", "seed": S, "rounds": R, "round_orders": [[names
 * in order]...]} for the provenance (names[i] = row i). New reference. */
json_t *run_design_json(enum run_order ord, uint64_t seed, int rounds, int n, const char *const *names);

const char *run_order_name(enum run_order o);

#endif
