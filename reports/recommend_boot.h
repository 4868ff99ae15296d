/* SPDX-License-Identifier: GPL-2.0-only */
/* The bootstrap behind a recommendation: each candidate's P(best) and the
 * 95% CI of its score (the rule and why: recommend.h).
 *
 * Why a module of its own: resampling (which repeats are rounds, whether
 * they can be paired, the replicates) is one job; recommend.c scores and
 * decides from what this fills in. It sits below recommend.c: it knows the
 * recommendation's data (recommendation.h), never the scoring itself.
 */
#ifndef SCXB_RECOMMEND_BOOT_H
#define SCXB_RECOMMEND_BOOT_H

#include "reports/recommendation.h"
#include "reports/stats.h"

/* 2000 replicates put the Monte Carlo error of a P(best) near the 0.9
 * threshold at sqrt(0.9 * 0.1 / 2000) = 0.007, and cost ~10 ms per profile
 * on a full run. */
#define REC_BOOT_REPLICATES 2000
#define REC_BOOT_SEED STATS_BOOTSTRAP_SEED

/* A ratio is clamped to [1/REC_RATIO_CLAMP, REC_RATIO_CLAMP], so one
 * metric cannot dominate a score. */
#define REC_RATIO_CLAMP 10.0
/* Oriented ratio of two medians or means (the point scores and every replicate
 * score are made of these), > 1 when cand is better than base, clamped
 * to [1/REC_RATIO_CLAMP, REC_RATIO_CLAMP]; NaN when it means nothing. */
double rec_oriented_ratio(enum rr_dir dir, double base, double cand);
/* The same for a rule with a floor (recommend.h): a lower-is-better value
 * below @resolution counts as @resolution, so two values inside it compare
 * as equal. */
double rec_resolved_ratio(enum rr_dir dir, double base, double cand, double resolution);

/* Fills p_best, ci_lo and ci_hi of every eligible candidate of rec (whose
 * evidence and point scores are set), and rec's baseline_p_best, paired and
 * replicates. Returns 0, or -1 when out of memory. */
int rec_bootstrap(struct recommendation *rec, enum rec_resample how);

#endif
