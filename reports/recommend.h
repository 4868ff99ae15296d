/* SPDX-License-Identifier: GPL-2.0-only */
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
 * the run are skipped and lower the coverage (below), so the same profiles
 * work whatever workloads a run had, as long as it had most of them.
 *
 * The answer carries its uncertainty. The candidates are EEVDF (score 1 by
 * definition) and every eligible scheduler. REC_BOOT_REPLICATES bootstrap
 * replicates (fixed seed REC_BOOT_SEED: the same file always gives the same
 * answer) resample the repeats and recompute every candidate's score from
 * the resampled medians; in each replicate the best candidate is the one
 * with the highest score (a tie goes to EEVDF). P(best) is the share of
 * replicates a candidate is best, its 95% CI the 2.5th-97.5th percentiles
 * of its replicate scores. Repeat r of every row is taken as round r. When
 * every row used has the same repeat indices, a replicate draws ROUNDS and
 * uses the same drawn rounds for every row and workload (paired bootstrap:
 * when the runner interleaves the rows round by round, a drift that slows
 * a whole round slows every candidate alike and cancels in the ratios);
 * otherwise (a repeat missing somewhere) each row's repeats are drawn on
 * their own, which is less certain but does not pair unrelated repeats.
 *
 * Why a probability and not a per-row test: the question is "which one is
 * best", and a pick that is best in only 60% of the resampled runs flips
 * between re-runs of the same build. The answer is
 *   REC_PICK   a scheduler with P(best) >= REC_MIN_PBEST (0.9) whose score
 *              is above the runner-up's (EEVDF's 1 included) by the
 *              profile's margin: REC_MIN_GAIN (2%), or where identical
 *              schedulers' scores were measured to differ by more, that
 *              (desktop 30%, multitenant 20%, below);
 *   REC_EEVDF  EEVDF has P(best) >= REC_MIN_PBEST (or no eligible
 *              alternative exists: the default is then the safe answer);
 *   REC_NO_CLEAR_WINNER  otherwise, naming the contenders (P(best) >=
 *              REC_CONTENDER_P) with their P(best) and score CI.
 * Two runs can then disagree only as "X" vs "no clear winner", and two
 * different winners would need P(best) >= 0.9 for each in its own run,
 * which is less rare than it sounds: P(best) is not an error rate. For two
 * equal candidates it is spread over [0, 1] whatever the number of rounds:
 * with 3 rounds, one twin wins all three in a quarter of runs, and every
 * resample then makes it best (P(best) 1.00). So the margin is what keeps
 * a pick from being noise, and it must be as large as the noise of the
 * profile's score. That was measured with A/A runs (`make
 * calibrate-recommend`: vtime and deadline beside identical twins, run
 * --all's design of 3 rounds of 2 s, 2-vCPU TCG; a pick of either twin is
 * false): twins' scores differed by up to 54% on desktop (P(best) 1.00
 * at 27%) and 18% on multitenant (P(best) 1.00) in 8 runs on a quiet host,
 * and a 2% margin picked a twin in 1 of 8 runs for each profile (and in 3
 * of 14 multitenant runs on a host shared with another VM). With margins
 * of 30% (desktop) and 20% (multitenant) no twin was picked (0 of 8, and
 * 0 of 14 shared-host), while the contender alone against EEVDF (the same
 * runs with the twin rows left out) was still picked in 7 of 8 on each
 * profile (21 of 29 multitenant runs on the shared host). These margins
 * were chosen from those runs, so their false-pick rate is known only as
 * "0 of 8 / 0 of 22" (95% upper bounds 32% and 15%); re-measure with
 * `make calibrate-recommend`. The other profiles' A/A noise is not
 * measured, and they keep 2%. Every pick still comes with a caution
 * naming its runner-up: act on a pick that a re-run repeats.
 * (`scxbench compare` of two twin rows, whose false-alarm rate is
 * calibrated, called all 4 of four 9-round twin pairs the same; it also
 * lacks the power to confirm vtime's real multitenant lead over EEVDF,
 * whose failures come in some rounds only.)
 * The per-row Mann-Whitney comparison of each evidence row (compare.h) is
 * shown as evidence only; it does not decide.
 *
 * Which statistic of a row's repeats: the median, robust to one odd round,
 * except for the share metrics of multitenant (tenants' and fairness'
 * worst_rel_error and jain_index), which compare the MEAN of the repeats.
 * Those are guarantees: a tenant lives through every window, so a split
 * that is 40% off in one window in three is a broken promise, and the
 * median would call it kept. Measured (2 vCPUs, TCG, cpu.weight 100/300):
 * EEVDF's worst share error was 0.15-0.47 in 4 of 9 rounds of one run and
 * under 0.03 in the rest, median 0.028, mean 0.142; vtime's never above
 * 0.093, median 0.043, mean 0.049. The mean is bounded here (share errors
 * and Jain's index are bounded), so one odd round moves it by at most its
 * share of the rounds. The bootstrap resamples the same statistic.
 *
 * The share errors have a floor, REC_SHARE_RESOLUTION (0.05): a mean error
 * below it counts as 0.05, so a tenant within 5% of its share is as good
 * as exact and two such errors compare as equal (ratio 1). Without it the
 * score divided errors that are both measurement noise: in an A/A run
 * (vtime beside an identical twin) one twin's errors were 0.002-0.009 and
 * the other's 0.005-0.041, a ratio of 7.7 with weight 2 of 7.5 that made
 * the first twin the pick. A 2 s round gives a 25% tenant about 50 of
 * vtime's 20 ms slices, so one slice more or less is 2% of its share;
 * vtime's own errors scatter over 0.002-0.06 from round to round. Over the
 * 14 A/A and 29 single-contender multitenant runs of README's "How often
 * recommend is wrong", the floor named vtime in 23 of the 29 (19 without)
 * and picked a twin in as many A/A runs as before (3 of 14).
 *
 * Coverage is the share of the profile's total weight that the run
 * measured: a rule counts when a workload it names ran ok for EEVDF and
 * emitted a metric it names (a candidate's coverage counts its own rows).
 * Below REC_MIN_COVERAGE (one half) the answer is REC_LOW_COVERAGE: no
 * recommendation from a minority of the profile, and the answer lists the
 * `--workload` names the run lacks. In a run that covers the profile, a
 * candidate that itself measured less than half of it (its rows missing) is
 * excluded likewise. Schedulers that failed to attach, failed any of their
 * probes, or failed/timed out a workload the profile uses are excluded, and
 * the answer says why. With fewer than REC_MIN_REPEATS repeats in a row the
 * scores use, the answer is REC_FEW_REPEATS: no recommendation either way.
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
 *               tenants worst_rel_error 2, jain_index 2 (means), utilization 0.5;
 *               fairness worst_rel_error 1, jain_index 1 (means); wakeup p99_us 1
 *   realtime    periodic deadline misses, max latency (total 10.5):
 *               periodic miss_ratio 3, lateness_p99_us 2, lateness_max_us 1;
 *               cyclictest max_us 2, p99_us 1;
 *               interactive missed_ratio 1, max_us 0.5
 */
#ifndef SCXB_RECOMMEND_H
#define SCXB_RECOMMEND_H

#include <stdio.h>

#include "reports/compare.h"
#include "reports/recommend_boot.h" /* the bootstrap, the ratio, and the answer's data (recommendation.h) */
#include "reports/results_reader.h"

#define REC_MIN_GAIN 1.02      /* a pick scores >= 2% above the runner-up (EEVDF = 1 included) */
/* ... except in the profiles whose A/A noise was measured (above): there
 * the margin is what identical twins' scores were seen to differ by. */
#define REC_MIN_GAIN_DESKTOP 1.30
#define REC_MIN_GAIN_MULTITENANT 1.20
#define REC_MIN_PBEST 0.9      /* ... and is best in >= 90% of the bootstrap replicates */
#define REC_CONTENDER_P 0.05   /* "no clear winner" names candidates best in >= 5% */
#define REC_MIN_COVERAGE 0.5   /* share of the profile's weight a run must measure */
/* Below 3 repeats a row's resampled medians take at most 3 values (1
 * repeat: one, so any difference would be "certain"): P(best) would not
 * estimate anything, and nothing is recommended. */
#define REC_MIN_REPEATS 3
/* The floor of the share errors (tenants' and fairness' worst_rel_error):
 * a tenant within 5% of its share is as good as exact (above). */
#define REC_SHARE_RESOLUTION 0.05

struct rec_rule {
	const char *workload, *metric; /* fnmatch globs */
	double weight;
	enum rec_stat stat;            /* of the repeats: median unless a guarantee (above) */
	double resolution;             /* floor of a lower-is-better value (above); 0: none */
};

struct rec_profile {
	const char *name, *desc;
	const struct rec_rule *rules;
	size_t nrules;
	double min_gain; /* a pick scores >= this x the runner-up (above) */
};

size_t rec_profile_count(void);
const struct rec_profile *rec_profile_at(size_t i);
const struct rec_profile *rec_profile_find(const char *name);
/* "(mean)" for a rule that compares means, "" for the median. */
const char *rec_stat_tag(enum rec_stat stat);
/* The rule's tag as the rules line and --help print it: "(mean, floor
 * 0.05)", "(mean)", or "". */
void rec_rule_tag(char *buf, size_t len, const struct rec_rule *rule);
/* Does the rule's workload glob match this result's workload ("NAME" or
 * "NAME:ARGS", matched as given and by NAME alone)? */
int rec_rule_matches_workload(const struct rec_rule *rule, const char *workload);

/* r is one run or one (kernel, topology) group: a merged document with
 * several groups is answered per group, through rr_view() (a scheduler is
 * scored against the EEVDF row of its own kernel and topology, never
 * across VM boots). Returns 0, or -1 when out of memory. */
int recommend(const struct run_results *r, const struct rec_profile *p, struct recommendation *out);
int recommend_with(const struct run_results *r, const struct rec_profile *p, enum rec_resample how,
		   struct recommendation *out);
void recommendation_free(struct recommendation *rec);

/* The candidate named name (not EEVDF), or NULL. */
const struct rec_candidate *rec_candidate_find(const struct recommendation *rec, const char *name);
/* The runner-up of @pick (NULL: EEVDF is the pick): the best-scoring other
 * eligible candidate; for a scheduler's pick only one that scores above
 * EEVDF's 1, else NULL, meaning EEVDF. The pick rule's margin, the near-pick
 * answer and the caution all name this one. */
const struct rec_candidate *rec_runner_up(const struct recommendation *rec, const struct rec_candidate *pick);
/* One line: the answer with the rule's numbers, e.g. "recommended: vtime
 * (score 1.12 [1.05, 1.19], P(best) 0.97)". */
void rec_answer_line(char *buf, size_t len, const struct recommendation *rec);

/* For a pick (a scheduler, or EEVDF over its best alternative): one line
 * saying that P(best) is not an error rate, naming the runner-up; returns
 * 1. Otherwise buf is "" and returns 0. */
int rec_caution_line(char *buf, size_t len, const struct recommendation *rec);

/* The answer as a JSON object (for CI): the answer and its text, coverage
 * and the workloads to add, the rule's thresholds, the resampling, and per
 * candidate (EEVDF first) score, 95% CI, P(best), coverage, exclusion.
 * Numbers that do not exist are null. NULL when out of memory. */
json_t *recommend_json(const struct recommendation *rec);

void recommend_print_text(FILE *f, const struct run_results *r, const struct recommendation *rec);
void recommend_print_md(FILE *f, const struct run_results *r, const struct recommendation *rec);

#endif
