/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared body of the results.json and results.jsonl targets: load the
 * input through rr_load (the entry point of `scxbench report`, `compare`
 * and `recommend`), then walk the model with every consumer a user can
 * reach with a file of their own: the accessors, then (inputs up to
 * 16 KiB) Markdown/TAP/HTML reports, the exports, compare (the run
 * against itself) and recommend for every profile. A crash anywhere behind rr_load is a crash of those
 * commands on a hostile or damaged results file. */
#ifndef SCXB_FUZZ_RESULTS_COMMON_H
#define SCXB_FUZZ_RESULTS_COMMON_H

#include "reports/compare.h"
#include "reports/export.h"
#include "reports/recommend.h"
#include "reports/report_html.h"
#include "reports/report_md.h"
#include "reports/report_tap.h"
#include "reports/results_reader.h"
#include "tests/fuzz/fuzz_common.h"

static int fuzz_results(const uint8_t *data, size_t len, const char *suffix)
{
	if (len > FUZZ_MAX_INPUT)
		return -1;
	const char *path = fuzz_write_file(data, len, suffix);
	char err[1024];
	err[0] = '\0';
	struct run_results *r = rr_load(path, err, sizeof(err));
	if (!r) {
		if (!err[0] || strchr(err, '\n'))
			abort(); /* errors are one non-empty line */
		return 0;
	}
	FILE *out = fuzz_devnull();
	const char *wls[64];
	size_t nw = rr_workloads(r, wls, 64);
	const char *base = rr_baseline(r);
	for (size_t i = 0; i < r->nscheds; i++) {
		const struct rr_probe *first;
		rr_failed_probes(r, r->scheds[i].name, &first);
		if (rr_sched_find(r, r->scheds[i].name) == NULL)
			abort();
		for (size_t w = 0; w < nw && w < 64; w++)
			rr_find(r, r->scheds[i].name, wls[w]);
	}
	for (size_t i = 0; i < r->nresults; i++)
		for (size_t m = 0; m < r->results[i].nmetrics; m++) {
			struct cmp_row row;
			memset(&row, 0, sizeof(row));
			if (base)
				cmp_vs_baseline(r, &r->results[i], &r->results[i].metrics[m], &row);
		}
	/* The statistical consumers (bootstrap CIs, Mann-Whitney) cost ~100 ms
	 * on a full-size run: only small inputs go through them, so the big
	 * seeds keep the reader itself fuzzed at a useful rate. */
	if (len > 16 * 1024) {
		rr_free(r);
		return 0;
	}
	report_md(out, r);
	report_tap(out, r);
	report_html(out, r);
	json_decref(export_gab(r, RR_DIR_LOWER));
	json_decref(export_gab(r, RR_DIR_HIGHER));
	json_decref(export_bmf(r));

	struct comparison c;
	memset(&c, 0, sizeof(c));
	if (compare_runs(r, r, 5.0, &c) == 0) {
		compare_print_text(out, &c);
		compare_print_md(out, &c);
		compare_print_tap(out, &c);
		comparison_free(&c);
	}
	for (size_t i = 0; i < rec_profile_count(); i++) {
		struct recommendation rec;
		memset(&rec, 0, sizeof(rec));
		if (recommend(r, rec_profile_at(i), &rec) == 0) {
			recommend_print_text(out, r, &rec);
			recommend_print_md(out, r, &rec);
		}
		recommendation_free(&rec);
	}
	fflush(out);
	rr_free(r);
	return 0;
}

#endif
