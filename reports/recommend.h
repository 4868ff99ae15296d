/* "Which scheduler is best for me?" — per use profile, from one run.
 *
 * Why: users do not want 60 metric rows; they want one answer with its
 * evidence, and they must never be pointed at a scheduler that broke a
 * conformance probe. A profile is a weighted set of (workload, metric) globs
 * (fnmatch). For each scheduler row the score is the weighted geometric mean
 * of its ratios to the EEVDF row of the same run, oriented so that > 1 is
 * better (EEVDF/x for lower-is-better, x/EEVDF for higher-is-better), each
 * ratio clamped to [1/10, 10] so one metric cannot dominate. A rule that
 * matches several metrics shares its weight among them. Metrics absent from
 * the run are skipped (the answer states the profile's coverage), so the
 * same profiles work whatever workloads a run had.
 *
 * A scheduler is recommended only when its score is >= REC_MIN_GAIN (2%
 * better: smaller overall gains are not a practical difference) AND one of
 * its evidence rows is a significant improvement over EEVDF (the compare
 * rule: Mann-Whitney p < 0.05 and beyond the noise) AND its significant
 * improvements outweigh its significant regressions. Otherwise the answer is
 * "no significant difference" (stay with EEVDF), or EEVDF itself when every
 * eligible alternative scores <= 1/REC_MIN_GAIN with significant
 * regressions outweighing its significant improvements. Schedulers that
 * failed to attach, failed any of their probes, or failed/timed out a
 * workload the profile uses are excluded, and the answer says why.
 *
 * Profiles and weights ("workload metric weight"; the table in recommend.c
 * is the source of truth, `scxbench recommend --help` prints it). Names are
 * the workloads' own (`scxbench list`); a rule's workload also matches that
 * workload given arguments ("cmd" matches "cmd:make -j8"). Metrics that are
 * one measurement seen two ways (completion_s/efficiency, round_ms/
 * messages_per_s, roundtrips_per_s/usecs_per_op) are used once per profile.
 *   desktop     interactive latency, wakeup tails (total 10.5):
 *               interactive p99_us 2, p999_us 1, p50_us 1, missed_ratio 2;
 *               wakeup p99_us 2, p999_us 1, p50_us 1; pipe roundtrip_p99_us 0.5
 *   server      throughput + p99 (total 10):
 *               pipe roundtrips_per_s 2; messaging messages_per_s 2;
 *               wakeup wakeups_per_s 1; fork forks_per_s 1;
 *               stress-ng *_bogo_ops_per_s 1 (shared by the stressors);
 *               wakeup p99_us 2; pipe roundtrip_p99_us 1
 *   batch       time to finish (total 10):
 *               cpu completion_s 3; cmd wall_s 3; messaging round_ms 2;
 *               fork forks_per_s 1; stress-ng *_bogo_ops_per_s 1
 *   multitenant tenant isolation, fairness (total 7.5):
 *               tenants worst_rel_error 2, jain_index 2, utilization 0.5;
 *               fairness worst_rel_error 1, jain_index 1; wakeup p99_us 1
 *   realtime    periodic deadline misses, max latency (total 10.5):
 *               periodic miss_ratio 3, lateness_p99_us 2, lateness_max_us 1;
 *               cyclictest max_us 2, p99_us 1;
 *               interactive missed_ratio 1, max_us 0.5
 */
#ifndef SCXB_RECOMMEND_H
#define SCXB_RECOMMEND_H

#include <stdio.h>

#include "reports/compare.h"
#include "reports/results_reader.h"

#define REC_RATIO_CLAMP 10.0
#define REC_MIN_GAIN 1.02 /* a pick must score >= 2% better than EEVDF */

struct rec_rule {
	const char *workload, *metric; /* fnmatch globs */
	double weight;
};

struct rec_profile {
	const char *name, *desc;
	const struct rec_rule *rules;
	size_t nrules;
};

size_t rec_profile_count(void);
const struct rec_profile *rec_profile_at(size_t i);
const struct rec_profile *rec_profile_find(const char *name);
/* Does the rule's workload glob match this result's workload ("NAME" or
 * "NAME:ARGS", matched as given and by NAME alone)? */
int rec_rule_matches_workload(const struct rec_rule *rule, const char *workload);

#define REC_MAX_EVIDENCE 64

struct rec_evidence {
	const char *workload, *metric, *unit;
	double weight, ratio;   /* oriented ratio, > 1 better than EEVDF */
	struct cmp_row cmp;     /* base = EEVDF, cand = this scheduler */
};

struct rec_candidate {
	const char *name;
	int eligible;
	int no_evidence;        /* excluded only because nothing of the profile was measured */
	char why_not[300];      /* reason when not eligible */
	double score;           /* NaN when no evidence */
	double coverage;        /* matched weight / profile weight in [0,1] */
	size_t improved, regressed;
	double w_improved, w_regressed;
	struct rec_evidence ev[REC_MAX_EVIDENCE];
	size_t nev;
};

enum rec_answer {
	REC_PICK,          /* a scheduler is significantly better than EEVDF */
	REC_EEVDF,         /* EEVDF beats every eligible alternative significantly */
	REC_NO_DIFFERENCE, /* nothing significant either way */
	REC_NO_EVIDENCE,   /* the run has no metric this profile uses */
	REC_NO_BASELINE,   /* no EEVDF row to compare with */
};

struct recommendation {
	const struct rec_profile *profile;
	const char *baseline;
	enum rec_answer answer;
	const char *best;       /* REC_PICK: recommended; others: best-scoring alternative or NULL */
	double best_score;
	struct rec_candidate *cands;
	size_t ncands;
	char kernel_warning[300]; /* a kernel-scope probe failed */
	char group[300];        /* r->group: the kernel/topology answered for, "" for a plain run */
};

/* r is one run or one (kernel, topology) group: a merged document with
 * several groups is answered per group, through rr_view() (a scheduler is
 * scored against the EEVDF row of its own kernel and topology, never
 * across VM boots). */
int recommend(const struct run_results *r, const struct rec_profile *p, struct recommendation *out);
void recommendation_free(struct recommendation *rec);

void recommend_print_text(FILE *f, const struct run_results *r, const struct recommendation *rec);
void recommend_print_md(FILE *f, const struct run_results *r, const struct recommendation *rec);

#endif
