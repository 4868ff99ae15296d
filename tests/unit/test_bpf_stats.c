// SPDX-License-Identifier: GPL-2.0-only
/* `run --bpf-stats`: the pure parts of runner/bpf_stats.c (the delta of
 * two snapshots, its JSON shape and rate, the TAP line), the flag, the
 * provenance mark, and the schema and reader accepting the record. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/bpf_cost.h"
#include "reports/report_html.h"
#include "reports/report_md.h"
#include "reports/results_reader.h"
#include "reports/schema_check.h"
#include "runner/bpf_stats.h"
#include "runner/cli.h"
#include "runner/provenance.h"
#include "runner/vm_internal.h"
#include "cli_parse_util.h"
#include "tap.h"

#define SCHEMA "reports/schema/results-v1.schema.json"

static json_int_t prog_field(const json_t *rec, const char *prog, const char *f)
{
	json_t *v = json_object_get(json_object_get(json_object_get(rec, "programs"), prog), f);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/* the report line holding what, as a TAP comment (what a failure shows) */
static void diag_line(const char *text, const char *what)
{
	const char *l = text ? strstr(text, what) : NULL;
	while (l && l > text && l[-1] != '\n')
		l--;
	if (l)
		printf("# %.*s\n", (int)strcspn(l, "\n"), l);
}

/* Sums over repeats for the reports (reports/bpf_cost.c). */
static void test_cost(void)
{
	json_t *reps = json_loads("[{\"elapsed_s\": 1.0, \"bpf_stats\": {\"runs\": 30, \"ns\": 96000, \"programs\": {"
				  "\"a\": {\"runs\": 10, \"ns\": 30000}, \"b\": {\"runs\": 20, \"ns\": 66000}, "
				  "\"idle\": {\"runs\": 0, \"ns\": 0}}}},"
				  " {\"elapsed_s\": 3.0, \"bpf_stats\": {\"runs\": 15, \"ns\": 104000, \"programs\": {"
				  "\"a\": {\"runs\": 5, \"ns\": 60000}, \"c\": {\"runs\": 10, \"ns\": 44000}}}},"
				  " {\"elapsed_s\": 5.0}]", 0, NULL);
	struct bpf_cost c;
	bpf_cost_sum(reps, &c);
	is_int(c.repeats, 2, "two repeats recorded it, one did not");
	is_int((long long)c.ns, 200000, "ns summed over those repeats");
	is_near(c.elapsed_s, 4.0, 1e-12, "their elapsed time only");
	is_int(c.ntop, 3, "three programs ran (one never did)");
	ok(c.ntop == 3 && !strcmp(c.top[0].name, "a") && c.top[0].runs == 15 && c.top[0].ns == 90000,
	   "top: a, summed over repeats (%s %llu %llu)", c.ntop ? c.top[0].name : "-",
	   c.ntop ? (unsigned long long)c.top[0].runs : 0, c.ntop ? (unsigned long long)c.top[0].ns : 0);
	ok(c.ntop == 3 && !strcmp(c.top[1].name, "b") && !strcmp(c.top[2].name, "c"), "then b, then c");
	char t[256];
	bpf_cost_top_text(&c, t, sizeof(t));
	is_str(t, "a 6.00 µs × 15, b 3.30 µs × 20, c 4.40 µs × 10", "the report's text");
	json_decref(reps);
	reps = json_loads("[{\"elapsed_s\": 1.0}]", 0, NULL);
	bpf_cost_sum(reps, &c);
	ok(c.repeats == 0 && c.ntop == 0, "no bpf_stats: nothing");
	json_decref(reps);
}

static void test_delta(void)
{
	struct bpf_stats_snap *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	bpf_stats_snap_add(a, "x_enqueue", 100, 50000);
	bpf_stats_snap_add(a, "x_dispatch", 10, 30000);
	bpf_stats_snap_add(a, "x_reloaded", 500, 900000);
	bpf_stats_snap_add(b, "x_dispatch", 40, 120000);
	bpf_stats_snap_add(b, "x_enqueue", 130, 62000);
	bpf_stats_snap_add(b, "x_new", 5, 2500);      /* not there before */
	bpf_stats_snap_add(b, "x_reloaded", 7, 7000); /* loaded anew: counters restarted */
	bpf_stats_snap_add(b, "x_idle", 0, 0);

	json_t *d = bpf_stats_delta_json(a, b, 2.0);
	is_int(prog_field(d, "x_enqueue", "runs"), 30, "enqueue runs: after - before");
	is_int(prog_field(d, "x_enqueue", "ns"), 12000, "enqueue ns: after - before");
	is_int(prog_field(d, "x_dispatch", "runs"), 30, "found by name, not by position");
	is_int(prog_field(d, "x_dispatch", "ns"), 90000, "dispatch ns");
	is_int(prog_field(d, "x_new", "runs"), 5, "a program missing before counts from 0");
	is_int(prog_field(d, "x_reloaded", "runs"), 7, "a counter that went backwards counts from 0");
	is_int(prog_field(d, "x_reloaded", "ns"), 7000, "... and its time too");
	is_int(prog_field(d, "x_idle", "runs"), 0, "a program that never ran is listed with 0");
	is_int(json_object_size(json_object_get(d, "programs")), 5, "every program of the later snapshot, no more");
	is_int(json_integer_value(json_object_get(d, "runs")), 30 + 30 + 5 + 7, "total runs");
	is_int(json_integer_value(json_object_get(d, "ns")), 12000 + 90000 + 2500 + 7000, "total ns");
	is_near(json_number_value(json_object_get(d, "ns_per_s")), (12000 + 90000 + 2500 + 7000) / 2.0, 1e-9,
		"ns_per_s = total ns / elapsed s");

	char line[512];
	bpf_stats_line(d, 2, line, sizeof(line));
	is_str(line, "bpf: x_dispatch 3.0 us x 30, x_enqueue 400 ns x 30, ... (all: 56 us/s)",
	       "TAP line: top 2 by time, per-run cost in ns or us, runs, the rate");
	bpf_stats_line(d, 10, line, sizeof(line));
	ok(strstr(line, "x_reloaded 1.0 us x 7") && strstr(line, "x_new 500 ns x 5") && !strstr(line, "x_idle") &&
		   !strstr(line, "..."),
	   "with room for all: every program that ran, none that did not (%s)", line);
	char tiny[12];
	bpf_stats_line(d, 3, tiny, sizeof(tiny));
	is_int(strlen(tiny), sizeof(tiny) - 1, "a short buffer truncates, never overflows");
	json_decref(d);

	d = bpf_stats_delta_json(b, b, 0);
	ok(!json_object_get(d, "ns_per_s"), "no elapsed time: no ns_per_s");
	is_int(json_integer_value(json_object_get(d, "ns")), 0, "same snapshot twice: 0 ns");
	bpf_stats_line(d, 3, line, sizeof(line));
	is_str(line, "bpf: no program ran", "TAP line when nothing ran");
	json_decref(d);

	struct bpf_stats_snap *full = calloc(1, sizeof(*full));
	for (int i = 0; i < BPF_STATS_MAX_PROGS + 5; i++)
		bpf_stats_snap_add(full, "p", 1, 1);
	is_int(full->n, BPF_STATS_MAX_PROGS, "a full snapshot ignores more programs");
	free(full);
	free(a);
	free(b);
}

static void test_cli(void)
{
	struct run_opts o;
	char err[512] = "";
	ok(P("--sched", "simple") == 0 && !o.bpf_stats, "--bpf-stats is off by default");
	cli_free(&o);
	ok(P("--sched", "simple", "--bpf-stats") == 0 && o.bpf_stats, "--bpf-stats turns it on (%s)", err);
	cli_free(&o);
	const char *bad[] = { "--bpf-stats=x", "--bpf-stats=", "--bpf-stats=1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ok(P("--sched", "simple", bad[i]) < 0 && strstr(err, "--bpf-stats takes no value") && !strchr(err, '\n'),
		   "'%s' refused in one line naming the flag (%s)", bad[i], err);
		cli_free(&o);
	}
	ok(P("--sched", "simple", "--bpf-stats", "--workload", "wakeup") == 0, "parses");
	json_t *prov = provenance_collect(&o);
	ok(json_is_true(json_object_get(json_object_get(prov, "params"), "bpf_stats")),
	   "provenance params say bpf_stats was on");
	json_decref(prov);
	cli_free(&o);
	/* --vm: the guest's run is the one that holds the statistics on */
	ok(P("--vm", "--sched", "simple", "--bpf-stats") == 0, "--vm --bpf-stats parses (%s)", err);
	char **g = vm_guest_argv(&o, "/x/scxbench", "/out/k", NULL);
	bool fwd = false;
	for (int i = 0; g && g[i]; i++)
		fwd |= !strcmp(g[i], "--bpf-stats");
	ok(fwd, "--vm passes --bpf-stats on to the guest's run");
	free(g);
	cli_free(&o);
	ok(P("--sched", "simple", "--workload", "wakeup") == 0, "parses");
	prov = provenance_collect(&o);
	ok(!json_object_get(json_object_get(prov, "params"), "bpf_stats"), "without it provenance says nothing");
	json_decref(prov);
	cli_free(&o);
}

/* A repeat of the fixture gets a record: the schema and the reader take
 * it; a malformed one is refused by the schema. */
static void test_schema(void)
{
	char err[512] = "";
	json_t *schema = json_load_file(SCHEMA, 0, NULL);
	json_t *doc = json_load_file("tests/fixtures/reports/run-a.json", 0, NULL);
	ok(schema && doc, "schema and fixture load");
	if (!schema || !doc)
		return;
	json_t *rep = json_array_get(json_object_get(json_array_get(json_object_get(doc, "results"), 1), "repeats"), 0);
	struct bpf_stats_snap *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	bpf_stats_snap_add(a, "simple_enqueue", 1, 100);
	bpf_stats_snap_add(b, "simple_enqueue", 11, 2100);
	json_object_set_new(rep, "bpf_stats", bpf_stats_delta_json(a, b, 1.0));
	json_object_set_new(json_object_get(json_object_get(doc, "provenance"), "params"), "bpf_stats", json_true());
	ok(!schema_validate(schema, schema, doc, err, sizeof(err)), "a repeat with bpf_stats validates (%s)", err);

	json_t *copy = json_deep_copy(doc); /* rr_from_doc takes its own reference */
	struct run_results *r = rr_from_doc(copy, "with-bpf-stats", err, sizeof(err));
	json_decref(copy);
	ok(r != NULL, "the reader takes it (%s)", err);
	char *md = NULL;
	size_t mdlen = 0;
	FILE *f = open_memstream(&md, &mdlen);
	if (r)
		report_md(f, r);
	fclose(f);
	ok(md && strstr(md, "## BPF cost (--bpf-stats)"), "the Markdown report has a BPF cost section");
	const char *row = md ? strstr(md, "| simple_enqueue 0.20 µs × 10 |") : NULL;
	ok(row != NULL, "... with the row's costliest program, its µs per call and calls");
	diag_line(md, "| simple_enqueue");
	free(md);
	/* the HTML page says the same */
	char *html = NULL;
	f = open_memstream(&html, &mdlen);
	if (r)
		report_html(f, r);
	fclose(f);
	ok(html && strstr(html, "<h2>BPF cost (--bpf-stats)</h2>"), "the HTML report has a BPF cost section");
	ok(html && strstr(html, "<td>simple_enqueue 0.20 µs × 10</td>"), "... with the same costliest program");
	free(html);
	rr_free(r);
	r = rr_load("tests/fixtures/reports/run-a.json", err, sizeof(err));
	md = NULL;
	f = open_memstream(&md, &mdlen);
	if (r)
		report_md(f, r);
	fclose(f);
	ok(r && md && !strstr(md, "BPF cost"), "a run without it has no such section");
	free(md);
	html = NULL;
	f = open_memstream(&html, &mdlen);
	if (r)
		report_html(f, r);
	fclose(f);
	ok(r && html && !strstr(html, "BPF cost"), "... in HTML neither");
	free(html);
	rr_free(r);

	json_object_set_new(json_object_get(json_object_get(json_object_get(rep, "bpf_stats"), "programs"),
					    "simple_enqueue"),
			    "runs", json_string("ten"));
	ok(schema_validate(schema, schema, doc, err, sizeof(err)) < 0 && strstr(err, "bpf_stats"),
	   "a program's runs as a string is refused (%s)", err);
	json_object_del(json_object_get(rep, "bpf_stats"), "programs");
	ok(schema_validate(schema, schema, doc, err, sizeof(err)) < 0 && strstr(err, "programs"),
	   "a record without programs is refused (%s)", err);
	free(a);
	free(b);
	json_decref(doc);
	json_decref(schema);
}

int main(void)
{
	test_delta();
	test_cost();
	test_cli();
	test_schema();
	return done_testing();
}
