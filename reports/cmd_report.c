// SPDX-License-Identifier: GPL-2.0-only
/* `scxbench report RESULTS --format ...`: regenerate any report from stored
 * results without rerunning anything.
 *
 * Why a separate file: CLI parsing and output routing; each format lives in
 * its own module. Markdown is also appended to $GITHUB_STEP_SUMMARY when that
 * variable is set (GitHub Actions shows it on the run page).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/commands.h"
#include "reports/export.h"
#include "reports/report_html.h"
#include "reports/report_md.h"
#include "reports/report_tap.h"
#include "reports/report_util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: scxbench report RESULTS --format FORMAT [-o FILE]\n"
		"\n"
		"Regenerate a report from stored results (results.json, results.jsonl of an\n"
		"interrupted run, or a run directory).\n"
		"\n"
		"formats:\n"
		"  md           Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)\n"
		"  html         self-contained HTML page with inline SVG charts\n"
		"  tap          TAP version 13: one test point per result row and probe\n"
		"  json         complete results.json (e.g. rebuilt from an interrupted run's jsonl)\n"
		"  gab-smaller  github-action-benchmark customSmallerIsBetter JSON\n"
		"  gab-bigger   github-action-benchmark customBiggerIsBetter JSON\n"
		"  gab          both: needs -o FILE.json, writes FILE-smaller.json and FILE-bigger.json\n"
		"  bmf          Bencher Metric Format JSON\n"
		"\n"
		"options:\n"
		"  -f, --format FORMAT   (required)\n"
		"  -o, --output FILE     write to FILE (atomically) instead of stdout\n"
		"  -h, --help            this help\n"
		"\n"
		"exit status: 0 written (tap: also when test points fail), 2 bad usage or input\n");
}

static int write_json(const char *path, json_t *j, char *err, size_t errlen)
{
	struct aout o;
	if (aout_open(&o, path, err, errlen))
		return -1;
	int bad = json_dumpf(j, o.f, JSON_INDENT(1) | JSON_REAL_PRECISION(10)) != 0;
	fputc('\n', o.f);
	if (bad)
		rep_snprintf(err, errlen, "%s: cannot encode JSON", path ? path : "stdout");
	return aout_close(&o, !bad, err, errlen) || bad ? -1 : 0;
}

/* FILE.json -> FILE-smaller.json */
static void suffixed(char *out, size_t len, const char *path, const char *suffix)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		rep_snprintf(out, len, "%.*s-%s%s", (int)(dot - path), path, suffix, dot);
	else
		rep_snprintf(out, len, "%s-%s.json", path, suffix);
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *out = NULL;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "scxbench report: unknown or incomplete option '%s' (see --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	static const char *const formats[] = { "md", "html", "tap", "json", "gab", "gab-smaller",
					       "gab-bigger", "bmf", NULL };
	int known = 0;
	for (int i = 0; format && formats[i]; i++)
		known |= !strcmp(format, formats[i]);
	if (!known) {
		fprintf(stderr, "scxbench report: --format must be md, html, tap, json, gab, gab-smaller, "
				"gab-bigger or bmf%s%s%s\n", format ? " (got '" : "", format ? format : "",
			format ? "')" : "");
		return 2;
	}
	if (argc - optind != 1) {
		fprintf(stderr, "scxbench report: need exactly one RESULTS file (see --help)\n");
		return 2;
	}
	if (!strcmp(format, "gab") && (!out || !strcmp(out, "-"))) {
		fprintf(stderr, "scxbench report: --format gab writes two files and needs -o FILE.json "
				"(or use gab-smaller / gab-bigger)\n");
		return 2;
	}
	char err[1024];
	struct run_results *r = rr_load(argv[optind], err, sizeof(err));
	if (!r) {
		fprintf(stderr, "scxbench report: %s\n", err);
		return 2;
	}
	if (r->warning[0])
		fprintf(stderr, "scxbench report: warning: %s\n", r->warning);

	int rc = 0;
	if (!strcmp(format, "json")) {
		rc = write_json(out, r->doc, err, sizeof(err));
	} else if (!strncmp(format, "gab", 3) || !strcmp(format, "bmf")) {
		if (!strcmp(format, "gab")) {
			char p1[1100], p2[1100];
			suffixed(p1, sizeof(p1), out, "smaller");
			suffixed(p2, sizeof(p2), out, "bigger");
			json_t *a = export_gab(r, RR_DIR_LOWER), *b = export_gab(r, RR_DIR_HIGHER);
			rc = write_json(p1, a, err, sizeof(err));
			if (!rc)
				rc = write_json(p2, b, err, sizeof(err));
			json_decref(a);
			json_decref(b);
		} else {
			json_t *j = !strcmp(format, "bmf") ? export_bmf(r) :
				    export_gab(r, !strcmp(format, "gab-smaller") ? RR_DIR_LOWER : RR_DIR_HIGHER);
			rc = write_json(out, j, err, sizeof(err));
			json_decref(j);
		}
	} else {
		struct aout o;
		if (aout_open(&o, out, err, sizeof(err))) {
			rc = -1;
		} else {
			if (!strcmp(format, "md"))
				report_md(o.f, r);
			else if (!strcmp(format, "html"))
				report_html(o.f, r);
			else
				report_tap(o.f, r);
			rc = aout_close(&o, 1, err, sizeof(err));
		}
		const char *summary = getenv("GITHUB_STEP_SUMMARY");
		if (!rc && !strcmp(format, "md") && summary && *summary) {
			FILE *s = fopen(summary, "a");
			if (s) {
				report_md(s, r);
				fclose(s);
			} else {
				fprintf(stderr, "scxbench report: warning: cannot append to $GITHUB_STEP_SUMMARY (%s)\n",
					summary);
			}
		}
	}
	if (rc)
		fprintf(stderr, "scxbench report: %s\n", err);
	rr_free(r);
	return rc ? 2 : 0;
}
