// SPDX-License-Identifier: GPL-2.0-only
/* results.jsonl / results.json writer: every record lands as it is added,
 * the final document groups repeats and summarises, resume reads back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/results.h"
#include "tap.h"

static int count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int n = 0, c;
	if (!f)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static json_t *repeat_rec(int rep, double p50)
{
	return json_pack("{s:i, s:s, s:s, s:{s:i}, s:[{s:s, s:s, s:s, s:f}]}", "repeat", rep, "status", "ok",
			 "reason", "", "params", "workers", 4, "metrics", "name", "p50_us", "unit", "us", "dir",
			 "lower", "value", p50);
}

int main(void)
{
	char dir[] = "/tmp/scxb-results-XXXXXX", err[512], path[600];
	ok(mkdtemp(dir) != NULL, "temp dir");
	char out[700];
	snprintf(out, sizeof(out), "%s/out/nested", dir);
	json_t *tool = json_pack("{s:s}", "name", "scxbench");
	json_t *prov = json_pack("{s:s, s:i}", "kernel", "7.3.4", "cpus", 2);
	struct results *r = results_open(out, tool, prov, 0, err, sizeof(err));
	ok(r != NULL, "open creates nested --out dir (%s)", r ? "" : err);
	snprintf(path, sizeof(path), "%s/results.jsonl", out);
	is_int(count_lines(path), 1, "header line written at open");

	results_add_repeat(r, "simple", "wakeup", repeat_rec(0, 10));
	is_int(count_lines(path), 2, "repeat appended immediately (nothing lost if killed now)");
	results_add_repeat(r, "simple", "wakeup", repeat_rec(1, 12));
	results_add_repeat(r, "simple", "wakeup", repeat_rec(2, 14));
	results_add_repeat(r, "eevdf", "wakeup", repeat_rec(0, 20));
	results_add_probe(r, json_pack("{s:s, s:s, s:s}", "scheduler", "kernel", "probe", "fallback", "status", "pass"));
	results_add_scheduler(r, json_pack("{s:s, s:s}", "name", "simple", "kind", "bundled"));
	ok(results_has_repeat(r, "simple", "wakeup", 2), "has_repeat finds a recorded repeat");
	ok(!results_has_repeat(r, "simple", "wakeup", 3), "has_repeat does not invent one");

	json_t *doc = results_document(r);
	is_int(json_integer_value(json_object_get(doc, "schema_version")), 1, "schema_version 1");
	json_t *res = json_object_get(doc, "results");
	is_int(json_array_size(res), 2, "repeats grouped into (scheduler, workload) results");
	json_t *m = json_object_get(json_object_get(json_array_get(res, 0), "metrics"), "p50_us");
	is_int(json_array_size(json_object_get(m, "values")), 3, "raw per-repeat values kept");
	is_near(json_real_value(json_object_get(m, "median")), 12, 1e-9, "median summarised");
	is_near(json_real_value(json_object_get(m, "mean")), 12, 1e-9, "mean summarised");
	is_str(json_string_value(json_object_get(m, "dir")), "lower", "direction carried");
	ok(json_object_get(json_array_get(json_object_get(doc, "probes"), 0), "type") == NULL,
	   "jsonl 'type' tag stripped from the document");
	json_decref(doc);

	ok(results_finish(r, "2026-11-21T00:00:00Z", err, sizeof(err)) == 0, "finish writes results.json");
	results_writer_free(r);
	snprintf(path, sizeof(path), "%s/results.json", out);
	json_error_t je;
	json_t *back = json_load_file(path, 0, &je);
	ok(back != NULL, "results.json parses");
	is_str(json_string_value(json_object_get(json_object_get(back, "provenance"), "finished")),
	       "2026-11-21T00:00:00Z", "finish time in provenance");
	json_decref(back);

	/* resume: completed items are known again, the file is appended to */
	r = results_open(out, tool, prov, 1, err, sizeof(err));
	ok(r && results_has_repeat(r, "simple", "wakeup", 1), "resume reads completed repeats back");
	ok(r && results_has_probe(r, "kernel", "fallback"), "resume reads completed probes back");
	results_writer_free(r);

	/* a torn last line (killed mid-write) is dropped, the rest kept */
	snprintf(path, sizeof(path), "%s/results.jsonl", out);
	FILE *f = fopen(path, "a");
	fputs("{\"type\":\"repeat\",\"scheduler\":\"x", f);
	fclose(f);
	r = results_open(out, tool, prov, 1, err, sizeof(err));
	ok(r && results_has_repeat(r, "eevdf", "wakeup", 0), "torn last line ignored on resume");
	results_writer_free(r);

	/* unwritable --out: clear error naming the directory */
	r = results_open("/proc/scxbench-cannot-exist", tool, prov, 0, err, sizeof(err));
	ok(r == NULL && strstr(err, "/proc/scxbench-cannot-exist") != NULL, "unwritable --out names the dir: %s", err);

	ok(write_file_atomic("/proc/nope/x", "a", 1, err, sizeof(err)) < 0, "atomic write failure reported");
	json_decref(tool);
	json_decref(prov);
	char cmd[800];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return done_testing();
}
