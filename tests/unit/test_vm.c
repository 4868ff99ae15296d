// SPDX-License-Identifier: GPL-2.0-only
/* `run --vm` host-side pieces that need no VM: the guest's command line,
 * renumbering several runs' TAP streams into one, and merging run
 * directories into one results document with kernel and topology on every
 * row. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/results_reader.h"
#include "reports/schema_check.h"
#include "runner/cli.h"
#include "runner/vm_internal.h"
#include "tap.h"

static char *slurp(FILE *f)
{
	long n = ftell(f);
	char *s = calloc(1, (size_t)n + 1);
	rewind(f);
	if (fread(s, 1, (size_t)n, f) != (size_t)n)
		s[0] = '\0';
	return s;
}

static int copy_file(const char *from, const char *to)
{
	char cmd[2048];
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
	return system(cmd);
}

int main(void)
{
	/* --- guest argv: VM-only options dropped, --out replaced ---------- */
	struct run_opts o;
	char err[512];
	char *args[] = { "run", "--vm", "--sched", "simple", "--kernel", "7.3", "--topology", "smt4",
			 "--vm-mem=1G", "--out", "res", "--duration", "1", "--resume", NULL };
	ok(cli_parse_run(14, args, &o, err, sizeof(err)) == 0, "run --vm ... parses (%s)", err);
	char **g = vm_guest_argv(&o, "/x/scxbench", "/abs/res/k-smt4", NULL);
	char joined[1024] = "";
	for (int i = 0; g[i]; i++) {
		strcat(joined, i ? " " : "");
		strcat(joined, g[i]);
	}
	is_str(joined, "/x/scxbench run --sched simple --duration 1 --resume --out /abs/res/k-smt4",
	       "guest argv drops --vm/--kernel/--topology/--vm-mem/--out and points --out at the run dir");
	free(g);
	cli_free(&o);

	char *args2[] = { "run", "--vm", "--topology", "1cpu", "--topology", "smt4,numa4", NULL };
	ok(cli_parse_run(6, args2, &o, err, sizeof(err)) == 0, "repeated --topology parses");
	is_str(o.topology, "1cpu,smt4,numa4", "topologies accumulate, comma-separated");
	cli_free(&o);
	ok(vm_topology_known("smt4") && vm_topology_known("numa4") && vm_topology_known("1cpu") &&
		   vm_topology_known("2cpu") && !vm_topology_known("smt8"),
	   "presets: 1cpu 2cpu smt4 numa4, nothing else");

	/* --- TAP: two runs become one stream, plan last ------------------- */
	struct vm_run r1 = { .klabel = "7.3", .tlabel = "1cpu", .planned = -1 };
	struct vm_run r2 = { .klabel = "7.3", .tlabel = "smt4", .planned = -1 };
	FILE *f = tmpfile();
	struct vm_tap t;
	vm_tap_begin(&t, f, true);
	const char *s1[] = { "TAP version 13", "1..2", "# scheduler simple", "ok 1 - eevdf wakeup", "  ---",
			     "  p50_us: 3", "  ...", "not ok 2 - simple wakeup # timeout", NULL };
	for (int i = 0; s1[i]; i++)
		vm_tap_line(&t, &r1, s1[i]);
	const char *s2[] = { "TAP version 13", "1..3", "ok 1 - eevdf wakeup", "ok 2 - kernel probe x # SKIP needs 2 CPUs",
			     NULL };
	for (int i = 0; s2[i]; i++)
		vm_tap_line(&t, &r2, s2[i]);
	vm_tap_point(&t, &r2, false, "VM run incomplete: 2 of 3 test points");
	vm_tap_end(&t);
	char *out = slurp(f);
	fclose(f);
	is_str(out,
	       "TAP version 13\n"
	       "# 7.3 1cpu: plan 1..2\n"
	       "# scheduler simple\n"
	       "ok 1 - [7.3 1cpu] eevdf wakeup\n"
	       "  ---\n  p50_us: 3\n  ...\n"
	       "not ok 2 - [7.3 1cpu] simple wakeup # timeout\n"
	       "# 7.3 smt4: plan 1..3\n"
	       "ok 3 - [7.3 smt4] eevdf wakeup\n"
	       "ok 4 - [7.3 smt4] kernel probe x # SKIP needs 2 CPUs\n"
	       "not ok 5 - [7.3 smt4] VM run incomplete: 2 of 3 test points\n"
	       "1..5\n",
	       "streams renumbered, tagged, one version line, plan at the end");
	free(out);
	is_int(r1.tests, 2, "run 1: 2 test points counted");
	is_int(r1.failed, 1, "run 1: 1 not ok counted");
	is_int(r2.planned, 3, "run 2: its plan remembered");
	is_int(t.failed, 2, "stream: 2 not ok");

	/* a single run keeps its plan up front, untagged */
	struct vm_run r3 = { .klabel = "7.3", .tlabel = "2cpu", .planned = -1 };
	f = tmpfile();
	vm_tap_begin(&t, f, false);
	const char *s3[] = { "TAP version 13", "1..1", "ok 1 - eevdf wakeup", NULL };
	for (int i = 0; s3[i]; i++)
		vm_tap_line(&t, &r3, s3[i]);
	vm_tap_end(&t);
	out = slurp(f);
	fclose(f);
	is_str(out, "TAP version 13\n1..1\nok 1 - eevdf wakeup\n", "single run: stream unchanged");
	free(out);

	/* --- merge: two run directories, one that never started ------------ */
	char tmpl[] = "/var/tmp/scxb-test-vm-XXXXXX";
	char *dir = mkdtemp(tmpl);
	ok(dir != NULL, "temp dir");
	static struct vm_plan p;
	memset(&p, 0, sizeof(p));
	snprintf(p.out_abs, sizeof(p.out_abs), "%s", dir);
	p.timeout_s = 60;
	p.n = 3;
	const char *tl[] = { "1cpu", "smt4", "numa4" };
	for (int i = 0; i < 3; i++) {
		struct vm_run *r = &p.runs[i];
		snprintf(r->klabel, sizeof(r->klabel), "7.3.4+deb13-amd64");
		snprintf(r->tlabel, sizeof(r->tlabel), "%s", tl[i]);
		char name[300];
		snprintf(name, sizeof(name), "7.3.4+deb13-amd64-%s", tl[i]);
		memcpy(r->name, name, strlen(name) + 1);
		snprintf(r->dir, sizeof(r->dir), "%s/%s", dir, name);
		mkdir(r->dir, 0755);
		r->exit_status = 0;
	}
	char dst[4200];
	snprintf(dst, sizeof(dst), "%s/results.json", p.runs[0].dir);
	ok(copy_file("tests/fixtures/reports/run-a.json", dst) == 0, "run 1 results in place");
	snprintf(dst, sizeof(dst), "%s/results.jsonl", p.runs[1].dir);
	ok(copy_file("tests/fixtures/reports/run-a-truncated.jsonl", dst) == 0,
	   "run 2: only a cut-short results.jsonl");
	p.runs[1].exit_status = 124;
	p.runs[2].exit_status = 3; /* never produced anything */

	char *margs[] = { "run", "--vm", "--topology", "1cpu,smt4,numa4", NULL };
	cli_parse_run(4, margs, &o, err, sizeof(err));
	json_t *doc = vm_merge(&p, &o, err, sizeof(err));
	cli_free(&o);
	ok(doc != NULL, "merge builds a document (%s)", doc ? "" : err);
	err[0] = '\0';
	struct run_results *a = rr_load("tests/fixtures/reports/run-a.json", err, sizeof(err));
	size_t na = json_array_size(json_object_get(a->doc, "results"));
	json_t *res = json_object_get(doc, "results");
	ok(json_array_size(res) > na, "results of both runs that left any (%zu > %zu)", json_array_size(res), na);
	size_t i;
	json_t *row;
	int tagged = 1, smt = 0;
	static const char *const arrays[] = { "schedulers", "results", "probes" };
	for (int k = 0; k < 3; k++)
		json_array_foreach(json_object_get(doc, arrays[k]), i, row) {
			tagged &= json_is_string(json_object_get(row, "kernel")) &&
				  json_is_string(json_object_get(row, "topology"));
			smt += !strcmp(json_string_value(json_object_get(row, "topology")) ?: "", "smt4");
		}
	ok(tagged, "every scheduler, result and probe row has kernel and topology");
	ok(smt > 0, "rows of the cut-short smt4 run are kept");
	json_t *prov = json_object_get(doc, "provenance");
	json_t *runs = json_object_get(prov, "runs");
	is_int(json_array_size(runs), 3, "provenance.runs lists the 3 runs");
	is_str(json_string_value(json_object_get(json_array_get(runs, 0), "status")), "ok", "run 1 ok");
	is_str(json_string_value(json_object_get(json_array_get(runs, 1), "status")), "timeout", "run 2 timeout");
	is_str(json_string_value(json_object_get(json_array_get(runs, 2), "status")), "no-results",
	       "run 3 no-results");
	is_int(json_array_size(json_object_get(json_object_get(prov, "matrix"), "topologies")), 3,
	       "provenance.matrix names 3 topologies");
	int vm_fail = 0;
	json_array_foreach(json_object_get(doc, "probes"), i, row)
		vm_fail += !strcmp(json_string_value(json_object_get(row, "probe")), "vm") &&
			   !strcmp(json_string_value(json_object_get(row, "status")), "fail");
	is_int(vm_fail, 2, "the timed-out and the never-started run are failed 'vm' probes");
	json_t *schema = json_load_file("reports/schema/results-v1.schema.json", 0, NULL);
	ok(schema && schema_validate(schema, schema, doc, err, sizeof(err)) == 0,
	   "the merged document is valid against results-v1.schema.json (%s)", schema ? err : "no schema");
	json_decref(schema);
	struct run_results *m = rr_from_doc(doc, "merged", err, sizeof(err));
	ok(m != NULL, "the merged document reads back through the reports' reader (%s)", m ? "" : err);
	rr_free(m);
	rr_free(a);
	json_decref(doc);

	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ok(system(cmd) == 0, "cleanup");
	return done_testing();
}
