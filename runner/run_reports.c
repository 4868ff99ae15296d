// SPDX-License-Identifier: GPL-2.0-only
/* See run_reports.h. The reports are rendered from the same in-memory
 * document as results.json, through the same reader `scxbench report`
 * uses, so a regenerated report is identical to the one the run wrote. */
#include <stdio.h>
#include <stdlib.h>

#include "reports/report_html.h"
#include "reports/detectable.h"
#include "reports/report_md.h"
#include "reports/results.h"
#include "reports/results_reader.h"
#include "reports/tap.h"
#include "runner/log.h"
#include "runner/run_reports.h"

static int write_report(const char *dir, const char *name, const struct run_results *rr,
			int html)
{
	char *buf = NULL, path[4200], err[512];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return -1;
	if (html)
		report_html(f, rr);
	else
		report_md(f, rr);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int rc = write_file_atomic(path, buf, len, err, sizeof(err));
	if (rc < 0)
		log_error("%s", err);
	free(buf);
	return rc;
}

void run_tap_detectable(struct tap *t, json_t *doc)
{
	char err[512];
	struct run_results *rr = rr_from_doc(doc, "results.json", err, sizeof(err));
	if (!rr)
		return;
	struct detectable d[64];
	size_t n = detectable_changes(rr, d, 64);
	for (size_t i = 0; i < n; i++)
		tap_comment(t, "detectable: %s %s: %.1f%% (80%% power, %zu rounds, noise %.3f)", d[i].workload,
			    d[i].metric, d[i].mde * 100, d[i].rounds, d[i].sd);
	rr_free(rr);
}

int run_write_reports(json_t *doc, const char *dir)
{
	char err[512];
	/* the reader keeps its own reference to doc */
	struct run_results *rr = rr_from_doc(doc, "results.json", err, sizeof(err));
	if (!rr) {
		log_error("cannot render reports: %s", err);
		return -1;
	}
	int rc = write_report(dir, "results.md", rr, 0);
	rc |= write_report(dir, "report.html", rr, 1);
	rr_free(rr);
	return rc;
}
