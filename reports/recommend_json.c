// SPDX-License-Identifier: GPL-2.0-only
/* JSON form of a recommendation (see recommend_json() in recommend.h).
 *
 * Why a file of its own: CI jobs read the answer and its numbers as data;
 * the text and Markdown (recommend_print.c) are for people.
 */
#include <math.h>

#include "reports/recommend.h"

static json_t *num(double x)
{
	return isnan(x) || isinf(x) ? json_null() : json_real(x);
}

static const char *answer_name(enum rec_answer a)
{
	switch (a) {
	case REC_PICK: return "pick";
	case REC_EEVDF: return "eevdf";
	case REC_NO_CLEAR_WINNER: return "no_clear_winner";
	case REC_LOW_COVERAGE: return "low_coverage";
	case REC_FEW_REPEATS: return "few_repeats";
	case REC_NO_BASELINE: return "no_baseline";
	}
	return "unknown";
}

/* P(best) exists only where the bootstrap decided (enough coverage) */
static int decided(const struct recommendation *rec)
{
	return rec->answer != REC_LOW_COVERAGE && rec->answer != REC_FEW_REPEATS && rec->answer != REC_NO_BASELINE;
}

static json_t *candidate(const struct recommendation *rec, const struct rec_candidate *c)
{
	json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:f, s:b, s:I, s:I}", "name", c->name, "score",
			      num(c->score), "ci_lo", num(c->ci_lo), "ci_hi", num(c->ci_hi), "p_best",
			      c->eligible && decided(rec) ? num(c->p_best) : json_null(), "coverage", c->coverage,
			      "eligible", c->eligible, "rows_better", (json_int_t)c->improved, "rows_worse",
			      (json_int_t)c->regressed);
	if (o && !c->eligible)
		json_object_set_new(o, "excluded", json_string(c->why_not));
	return o;
}

json_t *recommend_json(const struct recommendation *rec)
{
	char line[800];
	rec_answer_line(line, sizeof(line), rec);
	char caution[800];
	int lead = rec_caution_line(caution, sizeof(caution), rec);
	json_t *missing = json_array(), *cands = json_array();
	for (size_t i = 0; missing && i < rec->nmissing; i++)
		json_array_append_new(missing, json_string(rec->missing[i]));
	if (cands && rec->baseline)
		json_array_append_new(cands, json_pack("{s:s, s:f, s:o, s:o, s:o, s:f, s:b}", "name", rec->baseline,
						       "score", 1.0, "ci_lo", json_null(), "ci_hi", json_null(),
						       "p_best", decided(rec) ? num(rec->baseline_p_best) : json_null(),
						       "coverage", rec->coverage, "eligible", 1));
	for (size_t i = 0; cands && i < rec->ncands; i++)
		json_array_append_new(cands, candidate(rec, &rec->cands[i]));
	return json_pack("{s:s, s:s, s:s?, s:s, s:s?, s:s, s:s?, s:f, s:o, s:{s:f, s:f, s:f, s:i, s:I}, s:b, s:s?, s:o}",
			 "profile", rec->profile->name, "group", rec->group, "baseline", rec->baseline, "answer",
			 answer_name(rec->answer), "recommended",
			 rec->answer == REC_PICK ? rec->best : rec->answer == REC_EEVDF ? rec->baseline : NULL,
			 "text", line, "caution", lead ? caution : NULL, "coverage", rec->coverage, "missing_workloads", missing, "rule", "min_p_best",
			 REC_MIN_PBEST, "min_gain", rec->profile->min_gain, "min_coverage", REC_MIN_COVERAGE, "replicates",
			 rec->replicates, "seed", (json_int_t)REC_BOOT_SEED, "paired", rec->paired, "kernel_warning",
			 rec->kernel_warning[0] ? rec->kernel_warning : NULL, "candidates", cands);
}
