/* SPDX-License-Identifier: GPL-2.0-only */
/* `scxbench run --shard I/N`: which part of the plan this job runs.
 *
 * Why: a plan of kernels x topologies x scheduler rows can take hours in
 * one job, while a CI matrix runs N jobs side by side. The split is a pure
 * function of the plan, so N jobs given the same command and --shard 1/N
 * ... N/N cover it exactly once, with no coordination between them.
 *
 * The plan is cut into units, in this order: for each (kernel, topology)
 * cell, for each row unit. A row unit is one scheduler row, except that
 * every row named by the user (NAME=..., the way two builds are set up to
 * be compared in one boot: `compare RUN --base-row A --cand-row B`) belongs
 * to a single unit, so both sides of an A/B comparison always land in the
 * same shard and the same boot. Shard i gets a contiguous slice of the
 * units, so it boots as few VMs as possible and splits a cell only when
 * there are more shards than cells. The EEVDF baseline is not a unit: it
 * runs in every boot that has a row, so each row's comparison with the
 * baseline stays inside its boot.
 */
#ifndef SCXB_SHARD_H
#define SCXB_SHARD_H

#include <stdbool.h>
#include <stddef.h>

#include "runner/sched.h"

struct shard {
	int index, count; /* I/N, 1-based; count 0 = not sharded */
	int cell, cells;  /* C/K, 1-based: the (kernel, topology) cell of this boot */
};

/* "I/N" with 1 <= I <= N <= SHARD_MAX. 0, or -1 with a one-line error
 * naming flag. */
#define SHARD_MAX 1000
int shard_parse(const char *s, const char *flag, int *index, int *count, char *err, size_t errlen);

/* Row units of rows[0..n): unit_of[r] = the unit of row r. Returns the
 * number of units, at least 1 (a plan with no rows but the baseline is
 * one unit: the baseline itself). */
int shard_row_units(const struct sched_spec *rows, int n, int *unit_of);

/* Units [*lo, *hi) of shard index/count among total units. */
void shard_slice(int total, int index, int count, int *lo, int *hi);

/* Does the shard have row unit u of cell (0-based) among cells x units? */
bool shard_has(const struct shard *s, int cells, int units, int cell, int u);

/* Does the shard run anything in cell (0-based)? */
bool shard_has_cell(const struct shard *s, int cells, int units, int cell);

/* Keeps, in place, the rows of s->cell that the shard runs (order kept).
 * Returns the new count. */
int shard_filter_rows(const struct shard *s, struct sched_spec *rows, int n);

#endif
