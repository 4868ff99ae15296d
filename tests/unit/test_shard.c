// SPDX-License-Identifier: GPL-2.0-only
/* --shard I/N: every unit of the plan (cell x row unit) in exactly one
 * shard for several N, named rows (A/B) never split, the CLI's checks and
 * its cut of the rows, and the guest's --shard-cell. */
#include <stdlib.h>
#include <string.h>

#include "conformance/probe.h"
#include "runner/cli.h"
#include "runner/shard.h"
#include "runner/vm_internal.h"
#include "cli_parse_util.h"
#include "tap.h"


/* Every (cell, unit) in exactly one of the N shards; slices differ in size
 * by at most one; each shard has at least one unit. */
static void coverage(int cells, int units, int n)
{
	int seen[cells * units];
	memset(seen, 0, sizeof(seen));
	int min = 1 << 30, max = 0, empty = 0;
	for (int i = 1; i <= n; i++) {
		struct shard s = { .index = i, .count = n };
		int mine = 0;
		for (int c = 0; c < cells; c++)
			for (int u = 0; u < units; u++)
				if (shard_has(&s, cells, units, c, u)) {
					seen[c * units + u]++;
					mine++;
				}
		min = mine < min ? mine : min;
		max = mine > max ? mine : max;
		empty += mine == 0;
	}
	int once = 1;
	for (int k = 0; k < cells * units; k++)
		once &= seen[k] == 1;
	ok(once, "%d cells x %d units, %d shards: every unit in exactly one shard", cells, units, n);
	ok(max - min <= 1 && !empty, "%d cells x %d units, %d shards: %d..%d units each, none empty", cells,
	   units, n, min, max);
}

static void names(const struct run_opts *o, char *out, size_t len)
{
	out[0] = '\0';
	for (int i = 0; i < o->nr_rows; i++)
		snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? "," : "", o->rows[i].name);
}

int main(void)
{
	struct run_opts o;
	char err[1024], got[512];
	int i, n;

	/* parsing */
	ok(shard_parse("2/3", "--shard", &i, &n, err, sizeof(err)) == 0 && i == 2 && n == 3, "2/3 parses");
	const char *bad[] = { "0/2", "3/2", "x", "1/0", "1/", "/2", "1/2/3", "-1/2", "1 /2", "", "1/1001" };
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		err[0] = '\0';
		ok(shard_parse(bad[k], "--shard", &i, &n, err, sizeof(err)) < 0 && strstr(err, "--shard") &&
			   !strchr(err, '\n'),
		   "'%s' refused with one line naming --shard (%s)", bad[k], err);
	}

	/* exact coverage for several N, over cells and row units */
	for (n = 1; n <= 6; n++)
		coverage(1, 6, n);
	for (n = 1; n <= 12; n++)
		coverage(4, 3, n);
	coverage(3, 7, 5);
	coverage(6, 1, 4);

	/* contiguous: with as many shards as cells each shard is one whole cell */
	{
		int whole = 1;
		for (int s = 1; s <= 4; s++) {
			struct shard sh = { .index = s, .count = 4 };
			for (int c = 0; c < 4; c++)
				whole &= shard_has_cell(&sh, 4, 3, c) == (c == s - 1);
		}
		ok(whole, "4 cells, 4 shards: shard i boots only cell i");
	}

	/* named rows are one unit: A/B sides never apart */
	{
		struct sched_spec rows[4] = { { .name = "simple" }, { .name = "base", .named = true },
					      { .name = "fifo" }, { .name = "cand", .named = true } };
		int unit_of[4];
		is_int(shard_row_units(rows, 4, unit_of), 3, "simple, base, fifo, cand: 3 units");
		ok(unit_of[1] == unit_of[3] && unit_of[0] != unit_of[1] && unit_of[2] != unit_of[1],
		   "base and cand share a unit, the others have their own");
		is_int(shard_row_units(rows, 0, unit_of), 1, "no rows: one unit (the baseline)");
	}

	/* the CLI: rows cut to the shard's, everything covered once */
	ok(P("--sched", "simple,fifo,vtime", "--workload", "pipe", "--shard", "1/2") == 0, "--shard 1/2 parses");
	names(&o, got, sizeof(got));
	is_str(got, "simple", "shard 1/2 of simple,fifo,vtime runs simple");
	is_int(o.shard.index * 10 + o.shard.count, 12, "shard 1/2 recorded");
	cli_free(&o);
	ok(P("--sched", "simple,fifo,vtime", "--workload", "pipe", "--shard", "2/2") == 0, "--shard 2/2 parses");
	names(&o, got, sizeof(got));
	is_str(got, "fifo,vtime", "shard 2/2 runs fifo and vtime");
	cli_free(&o);
	ok(P("--sched", "simple", "--sched", "base=vtime,cand=vtime", "--workload", "pipe", "--shard", "2/2") == 0,
	   "A/B rows with --shard parse");
	names(&o, got, sizeof(got));
	is_str(got, "base,cand", "shard 2/2 has both A/B sides");
	cli_free(&o);
	/* kernel-scope probes: once per cell, in the shard holding its first unit */
	{
		int kernel_probes[2] = { 0, 0 }, row_probes[2] = { 0, 0 };
		for (int s = 1; s <= 2; s++) {
			char sh[8];
			snprintf(sh, sizeof(sh), "%d/2", s);
			ok(P("--sched", "simple,fifo", "--shard", sh) == 0, "--shard %s with all probes parses", sh);
			for (int k = 0; k < o.nr_probes; k++) {
				if (probe_find(o.probes[k])->flags & PROBE_KERNEL)
					kernel_probes[s - 1]++;
				else
					row_probes[s - 1]++;
			}
			cli_free(&o);
		}
		ok(kernel_probes[0] > 0 && kernel_probes[1] == 0, "kernel probes in shard 1/2 only (%d, %d)",
		   kernel_probes[0], kernel_probes[1]);
		ok(row_probes[0] > 0 && row_probes[0] == row_probes[1], "row probes in both (%d, %d)", row_probes[0],
		   row_probes[1]);
	}
	ok(P("--sched", "simple,fifo", "--sched-opt", "fifo.slice_ns=5000000", "--workload", "pipe", "--shard",
	     "1/2") == 0, "--sched-opt of a row another shard runs is accepted");
	cli_free(&o);

	err[0] = '\0';
	ok(P("--sched", "simple,fifo", "--shard", "3/2") < 0 && strstr(err, "--shard"), "3/2 refused: %s", err);
	ok(P("--sched", "simple,fifo", "--shard", "3/3") < 0 && strstr(err, "--shard 3/3") &&
		   strstr(err, "at most 2 shards"),
	   "more shards than parts refused: %s", err);
	ok(P("--sched", "simple", "--shard-cell", "1/2") < 0 && strstr(err, "--shard-cell"),
	   "--shard-cell without --shard refused: %s", err);
	ok(P("--vm", "--sched", "simple", "--shard", "1/2", "--shard-cell", "1/2") < 0 && strstr(err, "--shard-cell"),
	   "--shard-cell with --vm refused: %s", err);

	/* --vm: cells are kernels x topologies; the host keeps every row */
	ok(P("--vm", "--sched", "simple,fifo", "--topology", "1cpu,smt4", "--shard", "4/4") == 0,
	   "--vm with 2 cells x 2 rows: 4 shards fit");
	is_int(o.nr_rows, 2, "the --vm host keeps the rows (each guest cuts its cell's)");
	cli_free(&o);
	ok(P("--vm", "--sched", "simple,fifo", "--topology", "1cpu,smt4", "--shard", "5/5") < 0 && strstr(err, "at most 4"),
	   "--vm: 5 shards of 4 parts refused: %s", err);

	/* guests: 2 cells x 2 rows = 4 units; shard 2/3 = unit [1, 2) = fifo
	 * of cell 1; shard 3/3 = units [2, 4) = all of cell 2 */
	ok(P("--sched", "simple,fifo", "--shard", "2/3", "--shard-cell", "1/2") == 0, "guest args parse");
	names(&o, got, sizeof(got));
	is_str(got, "fifo", "shard 2/3, cell 1/2: fifo");
	cli_free(&o);
	ok(P("--sched", "simple,fifo", "--shard", "3/3", "--shard-cell", "2/2") == 0, "guest args parse");
	names(&o, got, sizeof(got));
	is_str(got, "simple,fifo", "shard 3/3, cell 2/2: simple and fifo");
	cli_free(&o);
	{
		struct shard s2 = { .index = 2, .count = 3 };
		ok(shard_has_cell(&s2, 2, 2, 0) && !shard_has_cell(&s2, 2, 2, 1), "shard 2/3 boots cell 1 only");
	}

	ok(P("--vm", "--sched", "simple", "--shard", "1/1") == 0, "run --vm --shard 1/1 parses");
	char **g = vm_guest_argv(&o, "/x/scxbench", "/abs/out", "3/4");
	char joined[1024] = "";
	for (int k = 0; g[k]; k++)
		snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s", k ? " " : "", g[k]);
	is_str(joined, "/x/scxbench run --sched simple --shard 1/1 --out /abs/out --shard-cell 3/4",
	       "the guest gets --shard and its --shard-cell");
	free(g);
	cli_free(&o);
	return done_testing();
}
