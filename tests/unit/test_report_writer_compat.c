// SPDX-License-Identifier: GPL-2.0-only
/* Contract test between the runner's results writer (reports/results.c) and
 * the report side (reader, schema).
 *
 * Why: the two sides are written separately; this test writes a small run
 * through the real writer exactly as the runner does (header, schedulers,
 * repeats including a failed one, probes, footer), then checks that
 * results.json validates against reports/schema/results-v1.schema.json,
 * every results.jsonl line validates as $defs/jsonl_line, and the reader
 * rebuilds the same model from either file (the same result rows, field
 * for field), also from a results.jsonl cut mid-line as a killed run
 * leaves it.
 */
#include <math.h>

#include "reports/results.h"
#include "reports/results_reader.h"
#include "reports/schema_check.h"
#include "tests/unit/report_test_util.h"
#include "tests/unit/tap.h"

static json_t *repeat(int i, const char *status, double p50, double rate)
{
	json_t *m = json_pack("[{s:s,s:s,s:s,s:f},{s:s,s:s,s:s,s:f}]", "name", "p50_us", "unit", "us", "dir", "lower",
			      "value", p50, "name", "wakeups_per_s", "unit", "1/s", "dir", "higher", "value", rate);
	json_t *r = json_pack("{s:i, s:s, s:o, s:o, s:{s:f}, s:{}, s:f}", "repeat", i, "status", status, "metrics",
			      m, "params", json_pack("{s:i}", "workers", 4), "system", "cpu_util", 0.93,
			      "sched_counters", "elapsed_s", 5.01);
	if (strcmp(status, "ok")) {
		json_object_set_new(r, "reason", json_string("workload killed at its time bound"));
		json_object_set_new(r, "metrics", json_array());
	}
	return r;
}

int main(void)
{
	char err[1024] = "";
	json_error_t je;
	json_t *schema = json_load_file("reports/schema/results-v1.schema.json", 0, &je);
	ok(schema != NULL, "schema loads");
	const char *dir = rt_tmp("run");
	json_t *tool = json_pack("{s:s,s:s,s:s}", "name", "scxbench", "version", "0.1.0", "git", "abc123");
	json_t *prov = json_pack("{s:s,s:s,s:i,s:{s:i,s:i,s:i,s:i,s:s},s:{s:b,s:s},s:s,s:[s,s],s:{s:i,s:i,s:[s],s:[s]}}",
				 "kernel", "7.3.4+deb13-amd64", "hostname", "vm", "cpus", 2, "topology", "cpus", 2,
				 "cores", 2, "threads_per_core", 1, "nodes", 1, "model", "QEMU", "vm", "used", 1, "accel",
				 "tcg", "started", "2025-11-21T10:00:00Z", "argv", "scxbench", "run", "params",
				 "duration_s", 5, "repeat", 3, "workloads", "wakeup", "probes", "fallback");
	struct results *w = results_open(dir, tool, prov, 0, err, sizeof(err));
	ok(w != NULL, "writer opens %.200s (%.200s)", dir, err);
	if (!w || !schema)
		return done_testing();
	results_add_scheduler(w, json_pack("{s:s,s:s,s:s,s:{s:s}}", "name", "eevdf", "kind", "eevdf", "status", "ok",
					   "info", "desc", "default"));
	results_add_scheduler(w, json_pack("{s:s,s:s,s:s,s:{s:s,s:b},s:{s:i,s:s,s:i,s:s,s:s}}", "name", "simple",
					   "kind", "bundled", "status", "ok", "info", "ops", "simple", "honours_weights",
					   0, "exit", "kind", 64, "kind_name", "UNREG", "code", 0, "reason", "unregistered",
					   "msg", ""));
	double p50[2][3] = { { 48, 50, 47 }, { 44, 45, 43 } };
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < 3; i++)
			results_add_repeat(w, s ? "simple" : "eevdf", "wakeup",
					   repeat(i, s && i == 2 ? "timeout" : "ok", p50[s][i], 18000 + 100 * i));
	results_add_probe(w, json_pack("{s:s,s:s,s:s,s:{s:s,s:b}}", "scheduler", "kernel", "probe", "fallback",
				       "status", "pass", "diag", "exit_kind", "ERROR_BPF", "finished", 1));
	ok(!results_finish(w, "2025-11-21T10:05:00Z", err, sizeof(err)), "writer finishes (%.200s)", err);
	results_writer_free(w);
	json_decref(tool);
	json_decref(prov);

	char pj[600], pl[600];
	snprintf(pj, sizeof(pj), "%s/results.json", dir);
	snprintf(pl, sizeof(pl), "%s/results.jsonl", dir);
	json_t *doc = json_load_file(pj, 0, &je);
	ok(doc && !schema_validate(schema, schema, doc, err, sizeof(err)),
	   "the runner's results.json validates against the schema (%.300s)", doc ? err : je.text);
	json_decref(doc);
	const json_t *ls = json_object_get(json_object_get(schema, "$defs"), "jsonl_line");
	size_t len;
	char *data = rt_slurp(pl, &len);
	int nbad = 0, n = 0;
	char first_err[1024] = "";
	for (char *save = NULL, *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save), n++) {
		json_t *o = json_loads(l, 0, NULL);
		if (!o || schema_validate(schema, ls, o, err, sizeof(err))) {
			if (!nbad++)
				snprintf(first_err, sizeof(first_err), "%s", err);
		}
		json_decref(o);
	}
	ok(n == 11 && !nbad, "the runner's %d jsonl lines validate (%d bad: %.300s)", n, nbad, first_err);
	free(data);

	struct run_results *a = rr_load(pj, err, sizeof(err));
	ok(a != NULL, "reader loads the runner's results.json (%.300s)", err);
	struct run_results *b = rr_load(pl, err, sizeof(err));
	ok(b != NULL && b->complete && !b->warning[0], "reader loads the runner's results.jsonl (%.300s)", err);
	if (a && b) {
		const struct rr_result *ra = rr_find(a, "simple", "wakeup"), *rb = rr_find(b, "simple", "wakeup");
		ok(ra && rb && !strcmp(ra->status, "timeout") && !strcmp(rb->status, "timeout") &&
			   !strcmp(ra->reason, rb->reason),
		   "worst repeat status and its reason, same from both files (%.40s / %.40s)", ra ? ra->status : "-",
		   rb ? rb->status : "-");
		const struct rr_metric *ma = rr_metric_find(ra, "p50_us"), *mb = rr_metric_find(rb, "p50_us");
		ok(ma && mb && ma->n == 2 && mb->n == 2 && ma->s.median == mb->s.median && ma->s.ci_lo == mb->s.ci_lo,
		   "metric values (ok repeats) and summaries agree (n %zu / %zu)", ma ? ma->n : 0, mb ? mb->n : 0);
		ok(!strcmp(a->kernel, b->kernel) && !strcmp(a->finished, b->finished) && a->cpus == 2 &&
			   a->vm_accel && !strcmp(a->vm_accel, "tcg"),
		   "provenance agrees");
		ok(a->nscheds == 2 && b->nscheds == 2 && a->nprobes == 1 && b->nprobes == 1, "rows and probes agree");
		/* one results model (reports/results_model.c): the reader rebuilds
		 * from the JSON Lines exactly the rows the writer wrote */
		ok(json_equal(json_object_get(a->doc, "results"), json_object_get(b->doc, "results")),
		   "the result rows rebuilt from results.jsonl are the rows of results.json");
	}
	rr_free(a);
	rr_free(b);

	/* a killed run: jsonl cut in the middle of the 7th line */
	data = rt_slurp(pl, &len);
	char *p = data;
	for (int k = 0; k < 6; k++)
		p = strchr(p, '\n') + 1;
	const char *cut = rt_tmp("killed.jsonl");
	rt_write(cut, data, (size_t)(p - data) + 20);
	free(data);
	struct run_results *c = rr_load(cut, err, sizeof(err));
	ok(c && c->truncated && !c->complete && rr_find(c, "eevdf", "wakeup") &&
		   json_array_size(rr_find(c, "eevdf", "wakeup")->repeats) == 3,
	   "killed run: complete lines kept, half line dropped with a warning (%.200s)", c ? c->warning : err);
	rr_free(c);
	json_decref(schema);
	return done_testing();
}
