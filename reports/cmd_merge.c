// SPDX-License-Identifier: GPL-2.0-only
/* `scxbench merge OUT PART...`: the CLI of reports/merge.c.
 *
 * Why the reports are written here too: the merge job of a CI matrix
 * wants what a single run leaves behind (results.json, results.md,
 * report.html, TAP) so its later steps (report, compare, the job summary,
 * the gate) are the same as after one run. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reports/commands.h"
#include "reports/merge.h"
#include "reports/report_html.h"
#include "reports/report_md.h"
#include "reports/report_tap.h"
#include "reports/report_util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: scxbench merge OUT PART...\n"
		"\n"
		"One results document from runs made in different jobs or on different\n"
		"machines: the shards of `run --shard I/N`, runs of other kernels or\n"
		"topologies. A PART is a results.json, a results.jsonl, a run directory, or\n"
		"a directory of run directories (e.g. downloaded CI artifacts). Writes\n"
		"OUT/results.json, OUT/results.md, OUT/report.html and OUT/results.tap;\n"
		"report, compare and recommend read OUT as they read one run.\n"
		"\n"
		"Every row keeps the kernel and topology of the boot it ran in, and rows\n"
		"are compared only within one kernel/topology group. Where shards split a\n"
		"(kernel, topology), each shard was a boot with its own EEVDF baseline: its\n"
		"rows form a group of their own, e.g. 'smt4 (shard 2/3)'. provenance.merged\n"
		"keeps each part's provenance and says whether they differ in machine or\n"
		"kernel. Refused: a row, workload or probe that two parts hold for the same\n"
		"kernel and topology (but the EEVDF baseline of different shards), and\n"
		"files of another schema version.\n"
		"\n"
		"options:\n"
		"  -h, --help   this help\n"
		"\n"
		"exit status: 0 merged, every test point ok; 1 merged, a test point is not ok;\n"
		"2 bad usage, unreadable or refused parts\n");
}

static int write_one(const char *dir, const char *name, const struct run_results *r, char what, size_t *bad,
		     char *err, size_t errlen)
{
	char path[4200];
	struct aout o;
	rep_snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (aout_open(&o, path, err, errlen))
		return -1;
	if (what == 'j') {
		if (json_dumpf(r->doc, o.f, JSON_INDENT(1) | JSON_REAL_PRECISION(17)) == 0)
			fputc('\n', o.f);
	} else if (what == 'm') {
		report_md(o.f, r);
	} else if (what == 'h') {
		report_html(o.f, r);
	} else {
		*bad = report_tap(o.f, r);
	}
	return aout_close(&o, 1, err, errlen);
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		fprintf(stderr, "scxbench merge: unknown option '%s' (see --help)\n", argv[optind - 1]);
		return 2;
	}
	if (argc - optind < 2) {
		fprintf(stderr, "scxbench merge: need OUT and at least one PART (see --help)\n");
		return 2;
	}
	const char *out = argv[optind];
	char err[1400], **paths = NULL;
	int n = merge_expand(argv + optind + 1, (size_t)(argc - optind - 1), &paths, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "scxbench merge: %s\n", err);
		return 2;
	}
	int rc = 2;
	json_t *doc = merge_parts(paths, (size_t)n, err, sizeof(err));
	struct run_results *r = doc ? rr_from_doc(doc, "results.json", err, sizeof(err)) : NULL;
	if (!r) {
		fprintf(stderr, "scxbench merge: %s\n", err);
		goto out;
	}
	if (mkdir(out, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "scxbench merge: %s: %s\n", out, strerror(errno));
		goto out;
	}
	size_t bad = 0;
	if (write_one(out, "results.json", r, 'j', &bad, err, sizeof(err)) ||
	    write_one(out, "results.md", r, 'm', &bad, err, sizeof(err)) ||
	    write_one(out, "report.html", r, 'h', &bad, err, sizeof(err)) ||
	    write_one(out, "results.tap", r, 't', &bad, err, sizeof(err))) {
		fprintf(stderr, "scxbench merge: %s\n", err);
		goto out;
	}
	fprintf(stderr, "scxbench merge: %d part%s into %s/results.json (results.md, report.html, results.tap): "
		"%zu not ok; %s\n", n, n == 1 ? "" : "s", out, bad,
		json_string_value(json_object_get(json_object_get(json_object_get(r->doc, "provenance"), "merged"),
						  "note")));
	rc = bad ? 1 : 0;
out:
	if (r)
		rr_free(r);
	json_decref(doc);
	for (int i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}
