/* A/B comparison of two runs (and of two rows within one run).
 *
 * Why: "did my change make it worse?" must be answered without crying wolf.
 * A metric differs only when the difference is both statistically
 * significant and larger than the run-to-run noise:
 *
 *   significant  = Mann-Whitney U two-sided p < alpha (0.05) on the
 *                  per-repeat values; when the sample sizes are so small
 *                  that no outcome can reach alpha (3 vs 3 repeats: the
 *                  smallest p is 0.10) complete separation of the two
 *                  samples is accepted instead and the row is marked
 *                  "separation" so readers know the evidence is weaker;
 *   beyond noise = |relative change of medians| > CMP_NOISE_K x the larger
 *                  CV of the two samples and > CMP_MIN_EFFECT, and the
 *                  bootstrap 95% CI of the relative change excludes 0.
 *                  (The median of 5 repeats moves by ~0.8 CV between two
 *                  noise-only runs; with K = 2 a simulation of noise-only
 *                  5-vs-5 pairs gives ~1% false verdicts per metric against
 *                  ~2.7% with K = 1, while a 20% change at CV <= 6% is still
 *                  caught.)
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
};

struct cmp_row {
	const char *scheduler, *workload, *metric, *unit; /* metric NULL: status row */
	const char *kernel, *topology; /* the row's group, "" when untagged */
	enum rr_dir dir;
	double base_median, cand_median;
	double change;          /* cand/base - 1 (NaN when undefined) */
	double ci_lo, ci_hi;    /* bootstrap 95% CI of change */
	double p;               /* Mann-Whitney two-sided p */
	int exact;              /* p from the exact distribution */
	double cv_base, cv_cand;
	size_t nb, nc;
	int significant, beyond_noise, separation; /* see above */
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
};

/* Compare one metric's samples (used by compare and recommend). Fills the
 * statistical fields and verdict of row; does not touch names. */
void cmp_metric(const struct rr_metric *base, const struct rr_metric *cand, double alpha,
		struct cmp_row *row);

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
void comparison_free(struct comparison *c);

const char *cmp_verdict_name(enum cmp_verdict v);

void compare_print_text(FILE *f, const struct comparison *c);
void compare_print_md(FILE *f, const struct comparison *c);
void compare_print_tap(FILE *f, const struct comparison *c);

#endif
