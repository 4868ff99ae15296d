/* SPDX-License-Identifier: GPL-2.0-only */
/* The data of a recommendation: each candidate, the evidence its score
 * rests on, and the answer (the rule and why: recommend.h).
 *
 * Why a header of its own: recommend.c fills it in from a run's rows and
 * decides, recommend_boot.c resamples it; both work on this data, and
 * neither has to reach into the other to see it.
 */
#ifndef SCXB_RECOMMENDATION_H
#define SCXB_RECOMMENDATION_H

#include <stddef.h>

#include "reports/compare.h"
#include "reports/results_reader.h"

struct rec_profile; /* recommend.h */

#define REC_MAX_EVIDENCE 64

/* Which statistic of a row's repeats a rule compares (recommend.h says
 * which rules use which, and why). */
enum rec_stat { REC_STAT_MEDIAN, REC_STAT_MEAN };
#define REC_MAX_MISSING 16

struct rec_evidence {
	const char *workload, *metric, *unit;
	double weight, ratio;   /* oriented ratio of base_v and cand_v, > 1 better than EEVDF */
	enum rec_stat stat;     /* the statistic of the repeats compared (the rule's) */
	double resolution;      /* the rule's floor (recommend.h): values below it count as it */
	double base_v, cand_v;  /* EEVDF's and the candidate's value of that statistic */
	const struct rr_result *rowb, *rowc; /* EEVDF's and the candidate's rows, */
	const struct rr_metric *mb, *mc;     /* and metrics, borrowed from the run */
	struct cmp_row cmp;     /* base = EEVDF, cand = this scheduler (shown, does not decide) */
};

struct rec_candidate {
	const char *name;
	int eligible;
	int no_evidence;        /* excluded only because nothing of the profile was measured */
	char why_not[300];      /* reason when not eligible */
	double score;           /* point score (all repeats); NaN when no evidence */
	double ci_lo, ci_hi;    /* 95% bootstrap CI of the score; NaN when not eligible */
	double p_best;          /* share of replicates it is best; 0 when not eligible */
	double coverage;        /* weight of the rules it has evidence for / profile weight */
	size_t improved, regressed; /* evidence rows by the compare rule (display only) */
	double w_improved, w_regressed;
	struct rec_evidence ev[REC_MAX_EVIDENCE];
	size_t nev;
};

enum rec_answer {
	REC_PICK,            /* a scheduler is best with P >= REC_MIN_PBEST and >= 2% ahead */
	REC_EEVDF,           /* EEVDF is best with P >= REC_MIN_PBEST, or the only eligible one */
	REC_NO_CLEAR_WINNER, /* neither: the contenders are listed */
	REC_LOW_COVERAGE,    /* the run measured < REC_MIN_COVERAGE of the profile */
	REC_FEW_REPEATS,     /* a row used has < REC_MIN_REPEATS repeats: nothing to resample */
	REC_NO_BASELINE,     /* no EEVDF row to compare with */
};

/* How replicates resample: AUTO pairs rounds when every row used has the
 * same repeat indices (the normal case), else falls back to each row on its
 * own; INDEPENDENT always resamples each row on its own (for comparison). */
enum rec_resample { REC_RESAMPLE_AUTO, REC_RESAMPLE_INDEPENDENT };

struct recommendation {
	const struct rec_profile *profile;
	const char *baseline;
	enum rec_answer answer;
	const char *best;       /* REC_PICK: recommended; others: best-scoring eligible alternative or NULL */
	double best_score;
	double baseline_p_best; /* EEVDF's P(best) */
	double coverage;        /* profile weight measured for EEVDF / profile weight */
	const char *missing[REC_MAX_MISSING]; /* rule workloads absent from the run (profile table strings) */
	size_t nmissing;
	int paired;             /* 1: replicates drew rounds shared by every row */
	int replicates;         /* 0 when no bootstrap was made */
	size_t min_repeats;     /* fewest repeats of a row the scores use (0: none used) */
	struct rec_candidate *cands;
	size_t ncands;
	char kernel_warning[300]; /* a kernel-scope probe failed */
	char group[300];        /* r->group: the kernel/topology answered for, "" for a plain run */
};

#endif
