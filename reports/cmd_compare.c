// SPDX-License-Identifier: GPL-2.0-only
/* `scxbench compare BASE CAND`: the A/B report and the CI regression gate.
 *
 * Why a separate file: option parsing, exit codes and output routing are
 * CLI concerns; the statistics live in compare.c so recommend and tests use
 * them without the CLI.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/commands.h"
#include "reports/compare.h"
#include "reports/report_util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: scxbench compare RUN --base-row A --cand-row B [options]   (the gate)\n"
		"       scxbench compare BASE CAND [options]                       (two runs)\n"
		"\n"
		"Two rows of one run (results.json, results.jsonl or a run directory; rows\n"
		"named with run --sched-obj NAME=FILE, --sched NAME=BUNDLED, ...): per\n"
		"(workload, metric) the rounds pair A's and B's repeats; Wilcoxon signed-rank\n"
		"test on the log-ratios, Hodges-Lehmann change with its 95%% CI. Two runs:\n"
		"Mann-Whitney U on the repeats; shown, but metric changes are never gated\n"
		"across runs (repeats inside a run cannot see the variance between runs).\n"
		"p-values are Holm-adjusted within the headline metrics (gated) and within\n"
		"the others (shown only). A change is claimed only when the adjusted p < 0.05;\n"
		"too few repeats to reach that is 'undecided', never gated.\n"
		"Probes that passed in BASE and fail in CAND are regressions. Runs with a\n"
		"different kernel, CPU count, machine or parameters are compared but flagged.\n"
		"Rows of a merged `run --vm` matrix pair only within the same kernel and\n"
		"topology; rows with no counterpart are listed as only-in-base/only-in-cand.\n"
		"\n"
		"options:\n"
		"  --format text|md|tap       output format (default text)\n"
		"  --base-row A, --cand-row B compare two rows of RUN (both or neither)\n"
		"  --fail-on-regression PCT   exit 1 when a headline metric regressed\n"
		"                             significantly by PCT percent or more (5 is a\n"
		"                             good default under TCG: README, statistics);\n"
		"                             any failed workload or newly failing probe\n"
		"                             counts too\n"
		"  -o, --output FILE          write to FILE (atomically) instead of stdout\n"
		"  -h, --help                 this help\n"
		"\n"
		"exit status: 0 no gated regression, 1 gated regression, 2 bad usage or input\n");
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "fail-on-regression", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "base-row", required_argument, NULL, 'B' },
		{ "cand-row", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *out = NULL, *base_row = NULL, *cand_row = NULL;
	double fail_pct = -1;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'F': {
			char *end;
			errno = 0;
			fail_pct = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(fail_pct >= 0) || isinf(fail_pct)) {
				fprintf(stderr, "scxbench compare: --fail-on-regression wants a percentage >= 0, got '%s'\n",
					optarg);
				return 2;
			}
			break;
		}
		case 'o':
			out = optarg;
			break;
		case 'B':
			base_row = optarg;
			break;
		case 'C':
			cand_row = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "scxbench compare: unknown or incomplete option '%s' (see --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "md") && strcmp(format, "tap")) {
		fprintf(stderr, "scxbench compare: --format must be text, md or tap, got '%s'\n", format);
		return 2;
	}
	if (!base_row != !cand_row) {
		fprintf(stderr, "scxbench compare: --base-row and --cand-row go together\n");
		return 2;
	}
	int rows = base_row != NULL;
	if (argc - optind != (rows ? 1 : 2)) {
		fprintf(stderr, "scxbench compare: %s (see --help)\n",
			rows ? "with --base-row/--cand-row give one run" : "need BASE and CAND result files");
		return 2;
	}
	char err[1024];
	struct run_results *base = rr_load(argv[optind], err, sizeof(err));
	if (!base) {
		fprintf(stderr, "scxbench compare: %s\n", err);
		return 2;
	}
	struct run_results *cand = rows ? NULL : rr_load(argv[optind + 1], err, sizeof(err));
	if (!rows && !cand) {
		fprintf(stderr, "scxbench compare: %s\n", err);
		rr_free(base);
		return 2;
	}
	if (base->warning[0])
		fprintf(stderr, "scxbench compare: warning: %s\n", base->warning);
	if (cand && cand->warning[0])
		fprintf(stderr, "scxbench compare: warning: %s\n", cand->warning);

	struct comparison cmp;
	int rc = 2;
	int crc = rows ? compare_rows(base, base_row, cand_row, fail_pct, &cmp)
		       : compare_runs(base, cand, fail_pct, &cmp);
	if (crc == -2) {
		fprintf(stderr, "scxbench compare: %s: no scheduler row '%s' (rows: %s)\n", argv[optind],
			rr_sched_find(base, base_row) ? cand_row : base_row, rr_sched_list(base, err, sizeof(err)));
		comparison_free(&cmp);
		goto out;
	}
	if (crc) {
		fprintf(stderr, "scxbench compare: out of memory\n");
		goto out;
	}
	struct aout o;
	if (aout_open(&o, out, err, sizeof(err))) {
		fprintf(stderr, "scxbench compare: %s\n", err);
		goto out_cmp;
	}
	if (!strcmp(format, "md"))
		compare_print_md(o.f, &cmp);
	else if (!strcmp(format, "tap"))
		compare_print_tap(o.f, &cmp);
	else
		compare_print_text(o.f, &cmp);
	if (aout_close(&o, 1, err, sizeof(err))) {
		fprintf(stderr, "scxbench compare: %s\n", err);
		goto out_cmp;
	}
	rc = fail_pct >= 0 && cmp.gated ? 1 : 0;
	if (rc)
		fprintf(stderr, "scxbench compare: %zu regression(s) beyond the gate of %.4g%%\n", cmp.gated,
			fail_pct);
out_cmp:
	comparison_free(&cmp);
out:
	rr_free(base);
	rr_free(cand);
	return rc;
}
