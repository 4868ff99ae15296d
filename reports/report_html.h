/* SPDX-License-Identifier: GPL-2.0-only */
/* HTML report of one run: one self-contained file.
 *
 * Why: the answer to "which scheduler is best for me" is easier to trust
 * when you can see it. The page has no scripts, no fonts, no external
 * references (it opens offline and in CI artifact viewers): inline CSS and
 * inline SVG charts (svg_chart.h). Sections: recommendation per profile,
 * per workload charts (percentile plot for latency percentiles, bars with
 * CI whiskers for the other directional metrics, CPU shares vs weights when
 * the workload recorded per-task shares) and a table with the change vs
 * EEVDF, the BPF cost of each row when the run recorded it
 * (report_html_bpf.h), the coloured conformance matrix, the schedulers and
 * the provenance.
 *
 * Per-task shares are read from any repeat's detail.tasks or
 * detail.tenants: arrays of objects with "share" and "expected_share" (or
 * "weight", from which the expected share is derived), labelled by "name",
 * "cgroup" or "nice".
 */
#ifndef SCXB_REPORT_HTML_H
#define SCXB_REPORT_HTML_H

#include <stdio.h>

#include "reports/results_reader.h"

#define HTML_MAX_BARS 4 /* bar charts per workload */

/* Returns the number of <svg> elements written. */
size_t report_html(FILE *f, const struct run_results *r);

/* Percentile encoded in a metric name ("p50_us" -> 50, "p999_us" -> 99.9,
 * "lateness_p99_us" -> 99); group receives the name with the percentile
 * token replaced by '%' ("%_us"). Returns 0, or -1 when the name carries
 * no percentile. Exposed for tests. */
int html_metric_percentile(const char *name, double *pct, char *group, size_t glen);

#endif
