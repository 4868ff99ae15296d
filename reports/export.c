// SPDX-License-Identifier: GPL-2.0-only
/* Dashboard exports (see export.h for the formats and why).
 *
 * Benchmark names must be unique: in a merged `run --vm` matrix the same
 * scheduler/workload occurs once per (kernel, topology), so names then end
 * in " @ KERNEL/TOPOLOGY" (otherwise Bencher's object keeps only the last
 * group and github-action-benchmark sees duplicates). */
#include "reports/export.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/report_util.h"

json_t *export_gab(const struct run_results *r, enum rr_dir dir)
{
	json_t *arr = json_array();
	int grouped = rr_grouped(r);
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *res = &r->results[i];
		if (strcmp(res->status, "ok"))
			continue;
		for (size_t k = 0; k < res->nmetrics; k++) {
			const struct rr_metric *m = &res->metrics[k];
			if (m->dir != dir || !m->n || !isfinite(m->s.median))
				continue;
			char name[512], range[64], extra[256], g[300];
			rep_snprintf(name, sizeof(name), "%s/%s/%s%s", res->scheduler, res->workload, m->name,
				     rep_at_group(g, sizeof(g), grouped, res->kernel, res->topology));
			rep_snprintf(range, sizeof(range), "± %.4g", m->s.stddev);
			rep_snprintf(extra, sizeof(extra), "n=%zu cv=%.1f%% ci95=[%.4g, %.4g]%s", m->n,
				     m->s.cv * 100, m->s.ci_lo, m->s.ci_hi, m->s.noisy ? " noisy" : "");
			json_array_append_new(arr, json_pack("{s:s, s:s, s:f, s:s, s:s}", "name", name, "unit",
							     m->unit, "value", m->s.median, "range", range,
							     "extra", extra));
		}
	}
	return arr;
}

json_t *export_bmf(const struct run_results *r)
{
	json_t *o = json_object();
	int grouped = rr_grouped(r);
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *res = &r->results[i];
		if (strcmp(res->status, "ok"))
			continue;
		char name[512], g[300];
		rep_snprintf(name, sizeof(name), "%s/%s%s", res->scheduler, res->workload,
			     rep_at_group(g, sizeof(g), grouped, res->kernel, res->topology));
		json_t *bench = NULL;
		for (size_t k = 0; k < res->nmetrics; k++) {
			const struct rr_metric *m = &res->metrics[k];
			if (m->dir == RR_DIR_NONE || !m->n || !isfinite(m->s.median))
				continue;
			if (!bench) {
				bench = json_object();
				json_object_set_new(o, name, bench);
			}
			/* measure slugs: lower-case, '_' -> '-' as Bencher names them */
			char slug[256];
			size_t j = 0;
			for (const char *p = m->name; *p && j + 1 < sizeof(slug); p++)
				slug[j++] = *p == '_' ? '-' : (*p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p);
			slug[j] = 0;
			json_t *mv = json_pack("{s:f}", "value", m->s.median);
			if (isfinite(m->s.ci_lo) && isfinite(m->s.ci_hi)) {
				json_object_set_new(mv, "lower_value", json_real(m->s.ci_lo));
				json_object_set_new(mv, "upper_value", json_real(m->s.ci_hi));
			}
			json_object_set_new(bench, slug, mv);
		}
	}
	return o;
}
