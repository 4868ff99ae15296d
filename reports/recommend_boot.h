/* The bootstrap behind a recommendation: each candidate's P(best) and the
 * 95% CI of its score (the rule and why: recommend.h).
 *
 * Why a module of its own: resampling (which repeats are rounds, whether
 * they can be paired, the replicates) is one job; recommend.c scores and
 * decides from what this fills in.
 */
#ifndef SCXB_RECOMMEND_BOOT_H
#define SCXB_RECOMMEND_BOOT_H

#include "reports/recommend.h"

/* Fills p_best, ci_lo and ci_hi of every eligible candidate of rec (whose
 * evidence and point scores are set), and rec's baseline_p_best, paired and
 * replicates. Returns 0, or -1 when out of memory. */
int rec_bootstrap(struct recommendation *rec, enum rec_resample how);

#endif
