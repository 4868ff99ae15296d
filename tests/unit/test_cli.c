// SPDX-License-Identifier: GPL-2.0-only
/* `scxbench run` argument parsing: defaults, expansion, and one clear
 * error per kind of bad input. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runner/cli.h"
#include "runner/repro.h"
#include "cli_parse_util.h"
#include "tap.h"


int main(void)
{
	struct run_opts o;
	char err[1024];

	ok(P("--sched", "simple") == 0, "--sched simple parses");
	is_int(o.nr_rows, 1, "one row");
	is_str(o.rows[0].name, "simple", "row named simple");
	is_near(o.duration_s, 2, 0, "default duration 2 s");
	is_int(o.repeat, 3, "default 3 repeats");
	is_str(o.out_dir, "results", "default --out results");
	ok(o.nr_workloads >= 1, "default workloads: all (%d)", o.nr_workloads);
	int has_cmd = 0;
	for (int i = 0; i < o.nr_workloads; i++)
		has_cmd |= !strcmp(o.workloads[i], "cmd");
	ok(!has_cmd, "'all' workloads leave out cmd (it needs the user's command)");
	cli_free(&o);

	ok(P("--all", "--workload", "wakeup", "--probe", "none") == 0, "--all parses");
	ok(o.nr_rows >= 1 && !strcmp(o.rows[0].name, "simple"), "--all starts with simple");
	is_int(o.nr_workloads, 1, "--workload wakeup: one workload");
	is_int(o.nr_probes, 0, "--probe none: no probes");
	cli_free(&o);

	ok(P("--sched", "simple", "--workload", "cmd:make -j8, all", "--duration", "0.5", "--repeat", "2") == 0,
	   "cmd workload with a comma in its command");
	is_str(o.workloads[0], "cmd:make -j8, all", "cmd argument kept whole");
	is_near(o.duration_s, 0.5, 1e-12, "--duration 0.5");
	is_int(o.repeat, 2, "--repeat 2");
	cli_free(&o);

	ok(P("--sched", "simple", "--sched-opt", "simple.slice_ns=5000000", "--workload", "none") == 0,
	   "--sched-opt after --sched");
	is_int(o.rows[0].nr_opts, 1, "option attached to its row");
	is_str(o.rows[0].opts[0].key, "slice_ns", "option key");
	is_str(o.rows[0].opts[0].value, "5000000", "option value");
	cli_free(&o);

	/* named rows: one build twice (A/A), two builds of one scheduler (A/B) */
	ok(P("--sched", "a=vtime,b=vtime", "--sched-opt", "b.slice_ns=1000000", "--workload", "none") == 0,
	   "--sched a=vtime,b=vtime: one bundled scheduler as two named rows");
	is_int(o.nr_rows, 2, "two rows");
	is_str(o.rows[0].name, "a", "first row named a");
	is_str(o.rows[1].object, "vtime", "second row loads vtime");
	is_str(sched_object_name(&o.rows[1]), "vtime", "sched_object_name: the bundled object");
	is_int(o.rows[1].nr_opts, 1, "--sched-opt reaches the row by its name");
	is_int(o.rows[0].nr_opts, 0, "and not the other row of the same object");
	cli_free(&o);
	ok(P("--sched-obj", "base=/proc/self/exe", "--sched-obj", "cand=/proc/self/exe", "--workload", "none") == 0,
	   "--sched-obj NAME=FILE twice with one file");
	is_str(o.rows[0].name, "base", "row base");
	is_str(o.rows[1].path, "/proc/self/exe", "the path without its name");
	{
		json_t *d = json_object();
		repro_diag(d, &o, &o.rows[1], "pipe", NULL);
		const char *r = json_string_value(json_object_get(d, "repro"));
		ok(r && strstr(r, "--sched-obj cand=/proc/self/exe") && strstr(r, "--workload pipe"),
		   "a named row's repro line keeps its name: %s", r ? r : "(none)");
		json_decref(d);
	}
	cli_free(&o);
	ok(P("--sched-cmd", "fifo=/bin/true -f --x=1", "--sched-cmd", "/bin/true --x=1", "--workload", "none") == 0,
	   "--sched-cmd NAME=CMD, and a command whose options hold '='");
	is_str(o.rows[0].name, "fifo", "named command row");
	is_str(o.rows[0].path, "/bin/true -f --x=1", "command without its name");
	is_str(o.rows[1].name, "true", "unnamed command row: the program's name");
	is_str(o.rows[1].path, "/bin/true --x=1", "an option's '=' is not a row name");
	cli_free(&o);
	ok(P("--sched", "eevdf=vtime") != 0 && strstr(err, "'eevdf' is taken"), "a row cannot be named eevdf: %s", err);
	ok(P("--sched", "a=vtime,a=simple") != 0 && strstr(err, "given twice"), "two rows of one name: %s", err);
	ok(P("--sched", "vtime", "--order", "sideways") != 0 && strstr(err, "--order"), "--order checked: %s", err);
	ok(P("--sched", "vtime", "--seed", "-1") != 0 && strstr(err, "--seed"), "--seed checked: %s", err);
	ok(P("--sched", "vtime", "--order", "sequential", "--seed", "7") == 0 && o.order == RUN_ORDER_SEQUENTIAL &&
	   o.seed == 7, "--order sequential --seed 7");
	cli_free(&o);
	ok(P("--sched", "vtime") == 0 && o.order == RUN_ORDER_INTERLEAVED && o.seed == 1,
	   "default: interleaved rounds, seed 1");
	cli_free(&o);

	ok(P("--sched", "vtime", "--budget", "10m") == 0 && fabs(o.budget_s - 600) < 1e-9 && o.repeat == 50,
	   "--budget 10m: 600 s, rounds capped at 50");
	cli_free(&o);
	ok(P("--sched", "vtime", "--budget", "1h", "--repeat", "12") == 0 && fabs(o.budget_s - 3600) < 1e-9 &&
		   o.repeat == 12,
	   "--budget 1h --repeat 12: --repeat caps the rounds");
	cli_free(&o);
	ok(P("--sched", "vtime", "--budget", "90") == 0 && fabs(o.budget_s - 90) < 1e-9, "--budget 90: seconds");
	cli_free(&o);
	ok(P("--sched", "vtime", "--budget", "10x") != 0 && strstr(err, "--budget '10x'"), "--budget 10x: %s", err);
	ok(P("--sched", "vtime", "--budget", "30s") != 0, "--budget under a minute refused");
	ok(P("--sched", "vtime", "--budget", "10m", "--order", "sequential") != 0 && strstr(err, "interleaved"),
	   "--budget with --order sequential refused: %s", err);

	/* the design: every round a permutation; over n rounds every row in
	 * every position once (drift shared alike); same seed, same orders */
	{
		enum { N = 7 };
		int seen[N][N] = { { 0 } }, ord[N], again[N], perm_ok = 1, differs = 0;
		for (int r = 0; r < N; r++) {
			int hit[N] = { 0 };
			run_design_round_order(N, 42, r, ord);
			run_design_round_order(N, 42, r, again);
			for (int k = 0; k < N; k++) {
				perm_ok &= ord[k] >= 0 && ord[k] < N && !hit[ord[k]]++ && ord[k] == again[k];
				seen[ord[k]][k]++;
			}
		}
		int latin = 1;
		for (int i = 0; i < N; i++)
			for (int k = 0; k < N; k++)
				latin &= seen[i][k] == 1;
		run_design_round_order(N, 42, 0, ord);
		run_design_round_order(N, 43, 0, again);
		for (int k = 0; k < N; k++)
			differs |= ord[k] != again[k];
		ok(perm_ok, "each round's order is a permutation, reproducible from the seed");
		ok(latin, "over n rounds each row runs once in each position");
		ok(differs, "another seed, another order");
	}

	ok(P("--sched", "simple", "--workload", "wakeup,stress-ng:cpu,pipe") == 0, "adapter argument with commas");
	is_int(o.nr_workloads, 2, "two workloads: wakeup and stress-ng:cpu,pipe");
	is_str(o.workloads[1], "stress-ng:cpu,pipe", "the argument keeps its commas");
	cli_free(&o);

	ok(P("--sched-opt", "simple.slice_ns=1", "--sched", "simple") == 0,
	   "--sched-opt may come before --sched");
	cli_free(&o);

	struct {
		const char *const *args;
		const char *want;
	} bad[] = {
		{ (const char *const[]){ "run", "--sched", "nosuch", NULL }, "--sched: unknown scheduler 'nosuch'" },
		{ (const char *const[]){ "run", "--workload", "nosuch", NULL }, "--workload: unknown workload 'nosuch'" },
		{ (const char *const[]){ "run", "--probe", "nosuch", NULL }, "--probe: unknown probe 'nosuch'" },
		{ (const char *const[]){ "run", "--duration", "abc", NULL }, "--duration 'abc'" },
		{ (const char *const[]){ "run", "--duration", "-1", NULL }, "--duration '-1'" },
		{ (const char *const[]){ "run", "--repeat", "0", NULL }, "--repeat '0'" },
		{ (const char *const[]){ "run", "--repeat", "1.5", NULL }, "--repeat '1.5'" },
		{ (const char *const[]){ "run", "--bogus", NULL }, "unknown option '--bogus'" },
		/* a switch given a value is named, not called unknown */
		{ (const char *const[]){ "run", "--no-tracer=1", NULL }, "--no-tracer takes no value (got '--no-tracer=1')" },
		{ (const char *const[]){ "run", "--duration", NULL }, "--duration: missing value" },
		{ (const char *const[]){ "run", "extra", NULL }, "unexpected argument 'extra'" },
		{ (const char *const[]){ "run", "--sched-opt", "slice", NULL }, "expected NAME.KEY=VALUE" },
		{ (const char *const[]){ "run", "--sched-opt", "fifo.x=1", NULL }, "scheduler 'fifo' is not selected" },
		{ (const char *const[]){ "run", "--sched", "simple,simple", NULL }, "given twice" },
		{ (const char *const[]){ "run", "--sched-obj", "/nonexistent.bpf.o", NULL }, "--sched-obj /nonexistent.bpf.o" },
		/* a value shown with brackets in the help ("[NAME=]FILE") is still
		 * required: missing, and given with '=' (found by fuzz_cli) */
		{ (const char *const[]){ "run", "--sched-obj", NULL }, "--sched-obj: missing value" },
		{ (const char *const[]){ "run", "--sched-obj=/nonexistent.bpf.o", NULL }, "--sched-obj /nonexistent.bpf.o" },
		{ (const char *const[]){ "run", "--sched-cmd", NULL }, "--sched-cmd: missing value" },
		{ (const char *const[]){ "run", "--sched-cmd", " ", NULL }, "--sched-cmd: empty command" },
		{ (const char *const[]){ "run", "--no-baseline", NULL }, "nothing to run" },
		{ (const char *const[]){ "run", "--vm-mem", "lots", NULL }, "--vm-mem 'lots'" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		int rc = cli_parse_words(&o, err, sizeof(err), bad[i].args);
		ok(rc < 0 && strstr(err, bad[i].want) && !strchr(err, '\n'), "bad input %zu -> one line '%s' (got '%s')",
		   i, bad[i].want, err);
		cli_free(&o);
	}
	ok(P("--help") < 0 && !strcmp(err, "help"), "--help is reported to the caller");
	return done_testing();
}
