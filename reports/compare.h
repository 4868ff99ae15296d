/* SPDX-License-Identifier: GPL-2.0-only */
/* A/B comparison: two rows of one run (paired, the gate's mode), or two runs.
 *
 * Why: "did my change make it worse?" must be answered without crying wolf,
 * and a gate that goes red on identical code gets switched off.
 *
 * Two rows of one run (compare_rows: `scxbench compare RUN --base-row A
 * --cand-row B`). The rows ran interleaved in rounds (runner/run_design.h),
 * so round r of A and round r of B saw the same machine state. Per metric,
 * the per-round differences d_r = log(B_r / A_r) (plain differences scaled
 * by A's median for metrics that can be 0) are tested with the Wilcoxon
 * signed-rank test, two-sided; the change is exp(Hodges-Lehmann estimate)
 * - 1 with its distribution-free 95% CI (reports/stats.h).
 *
 * Two runs (compare_runs: `scxbench compare BASE CAND`). Medians, Mann-
 * Whitney U and a bootstrap CI per metric, plus the old guard that the
 * change exceed CMP_NOISE_K x the larger CV. Repeats inside one run cannot
 * see the variance between runs (boots, machines), so across runs metric
 * changes are shown but never gated; only status regressions (a workload
 * that failed, a probe that newly fails) gate there. For a gate, run both
 * builds as rows of one run.
 *
 * In both modes:
 *   - families: the workloads' headline metrics (`scxbench list`) are one
 *     family and the only metrics the gate tests; all other metrics form a
 *     second family, shown, never gated. Each family's p-values are
 *     adjusted with Holm's method (family-wise error rate 0.05 whatever the
 *     dependence between metrics). Documents without headline marks
 *     (older runs) put every metric in the gated family.
 *   - a change is claimed (improved/regressed/changed) only when its
 *     adjusted p < 0.05, its 95% CI excludes 0 and it is at least 1%;
 *   - when the repeats are too few for any outcome to reach p < 0.05 after
 *     the adjustment (e.g. 5 rounds paired: smallest p 0.0625), the verdict
 *     is "undecided" (too few repeats to decide), never "same", and never
 *     gated;
 *   - the gate (--fail-on-regression PCT) fires on a regressed headline
 *     metric whose estimated change is at least PCT percent worse.
 *
 * Verdicts are oriented by the metric's direction (lower/higher is better);
 * direction "none" yields same/changed, never a regression. A workload that
 * passed in BASE and failed/timed out in CAND, and a probe that passed in
 * BASE and fails in CAND, are regressions too. Runs that differ in kernel,
 * CPUs, machine, VM acceleration or parameters are compared but flagged.
 *
 * Rows of a merged `run --vm` matrix carry a kernel and a topology: rows
 * pair by (scheduler, kernel, topology, workload, metric), never across
 * kernels or topologies. A row without those fields (a plain run) pairs
 * with a tagged one only when the tagged document has a single value of
 * that field, so a plain run still compares with a one-kernel VM run (the
 * kernel difference is flagged) while against a matrix of several kernels
 * its rows are reported unmatched rather than paired with a guess.
 */
#ifndef SCXB_COMPARE_H
#define SCXB_COMPARE_H

#include <stdio.h>

#include "reports/results_reader.h"

#define CMP_ALPHA 0.05
#define CMP_MIN_EFFECT 0.01 /* changes below 1% are never claimed */
#define CMP_NOISE_K 2.0     /* change must exceed K x CV */

enum cmp_verdict {
	CMP_SAME,
	CMP_IMPROVED,
	CMP_REGRESSED,
	CMP_CHANGED,   /* significant change of a direction-less metric */
	CMP_ONLY_BASE, /* present in base only */
	CMP_ONLY_CAND, /* present in cand only */
	CMP_SKIPPED,   /* skipped (or failed) on both sides: nothing to compare */
	CMP_UNDECIDED, /* too few repeats for any outcome to be significant */
};

struct cmp_row {
	const char *scheduler, *workload, *metric, *unit; /* metric NULL: status row */
	const char *kernel, *topology; /* the row's group, "" when untagged */
	enum rr_dir dir;
	double base_median, cand_median;
	double change;          /* cand/base - 1 (NaN when undefined) */
	double ci_lo, ci_hi;    /* bootstrap 95% CI of change */
	double p;               /* two-sided p: Wilcoxon signed-rank (paired) or Mann-Whitney */
	double p_adj;           /* p after Holm's adjustment within the row's family */
	double min_p;           /* the smallest p these sample sizes can give */
	int exact;              /* p from the exact distribution */
	int paired;             /* rows of one run, paired by round */
	int headline;           /* in the gated family */
	double cv_base, cv_cand;
	size_t nb, nc;
	int significant, beyond_noise; /* see above */
	enum cmp_verdict verdict;
	double worse;           /* how much worse, as a positive fraction (0 if not worse) */
	int gated;              /* counted by --fail-on-regression */
	char note[256];         /* status changes, noisy flags, ... */
};

struct cmp_probe_row {
	const char *scheduler, *probe, *base_status, *cand_status; /* status NULL: absent */
	const char *kernel, *topology;
	const char *reason;     /* cand's reason */
	enum cmp_verdict verdict;
	int gated;
};

struct comparison {
	const struct run_results *base, *cand;
	struct cmp_row *rows;
	size_t nrows;
	struct cmp_probe_row *probes;
	size_t nprobes;
	char mismatch[16][256]; /* "kernel: A vs B" */
	size_t nmismatch;
	size_t improved, regressed, same, changed, gated;
	double fail_pct;        /* gate threshold in percent, < 0 = no gate */
	int grouped;            /* either run has several (kernel, topology) groups:
				 * row names carry the group */
	size_t nkernels[2], ntopologies[2]; /* distinct tags in base [0], cand [1] */
	const char *base_row, *cand_row; /* compare_rows: the two rows; NULL for two runs */
	int metric_gate;        /* metric regressions may gate (rows of one run only) */
	size_t family[2];       /* tests in the gated [0] and the shown-only [1] family */
	size_t undecided;
};

/* Compare one metric's samples (used by compare and recommend). Fills the
 * statistical fields and verdict of row; does not touch names. */
void cmp_metric(const struct rr_metric *base, const struct rr_metric *cand, double alpha,
		struct cmp_row *row);

/* The same for two rows of one run: values paired by round. */
void cmp_metric_paired(const struct rr_metric *base, const struct rr_metric *cand, double alpha,
		       struct cmp_row *row);
/* The verdict of a row from its (adjusted) p in a family of that size. */
void cmp_decide(struct cmp_row *row, double p, size_t family, double alpha);

/* Metric m of row res against the same workload/metric of the run's EEVDF
 * row of the same kernel and topology (the reports' "change vs EEVDF").
 * Returns 0 with row filled, -1 when there is no baseline value (or res is
 * the baseline). */
int cmp_vs_baseline(const struct run_results *r, const struct rr_result *res,
		    const struct rr_metric *m, struct cmp_row *row);

/* fail_pct < 0: no gate (gated rows still marked for every significant
 * regression so the TAP output shows them as not ok). Returns 0 or -1 OOM. */
int compare_runs(const struct run_results *base, const struct run_results *cand, double fail_pct,
		 struct comparison *out);
/* Rows base_row and cand_row of one run r (paired by round; the gate's
 * mode). Returns 0, -1 OOM, -2 when a row name is not in the run. */
int compare_rows(const struct run_results *r, const char *base_row, const char *cand_row, double fail_pct,
		 struct comparison *out);
void comparison_free(struct comparison *c);

const char *cmp_verdict_name(enum cmp_verdict v);

void compare_print_text(FILE *f, const struct comparison *c);
void compare_print_md(FILE *f, const struct comparison *c);
void compare_print_tap(FILE *f, const struct comparison *c);

#endif
