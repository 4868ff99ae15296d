/* SPDX-License-Identifier: GPL-2.0-only */
/* Small helpers shared by the report writers: number formatting and
 * escaping for YAML/Markdown/HTML. Report files land atomically through
 * reports/atomic_file.h (included here for the writers).
 *
 * Why: every report prints the same numbers and must print them the same
 * way.
 */
#ifndef SCXB_REPORT_UTIL_H
#define SCXB_REPORT_UTIL_H

#include <stdio.h>
#include <stddef.h>

#include "reports/atomic_file.h" /* aout_open, aout_close: the report files */
#include "reports/results_reader.h"

/* Human number: 4 significant digits, no exponent for ordinary magnitudes.
 * Returns buf. NaN -> "n/a". */
const char *rep_fmt_num(char *buf, size_t len, double v);
/* Relative change as a signed percentage "+12.3%", "-0.4%", "n/a". */
const char *rep_fmt_pct(char *buf, size_t len, double rel);
/* p-value: "0.008", "<0.001", "n/a". */
const char *rep_fmt_p(char *buf, size_t len, double p);

/* snprintf that may truncate on purpose (long names in fixed buffers). */
void rep_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* YAML scalar as TAP diagnostics want it: plain when safe, else
 * double-quoted with escapes. Writes to f. */
void rep_yaml_scalar(FILE *f, const char *s);
/* "  key: value\n" with the value made YAML-safe. */
void rep_yaml_kv(FILE *f, const char *key, const char *value);
void rep_yaml_kv_num(FILE *f, const char *key, double v);
/* Markdown table cell: escapes | and newlines. */
void rep_md_cell(FILE *f, const char *s);
/* HTML text / attribute escaping. */
void rep_html_esc(FILE *f, const char *s);

/* " @ KERNEL/TOPOLOGY" when grouped (the document has several groups),
 * else "": the suffix that keeps row names unique in a merged matrix.
 * Returns buf. */
const char *rep_at_group(char *buf, size_t len, int grouped, const char *kernel, const char *topology);

/* The conformance matrix the Markdown and HTML reports draw: probe names
 * as columns, one row per (scheduler, kernel, topology), both in order of
 * first appearance. Shared so both reports show the same rows: in a merged
 * document a scheduler has one row per group, since a probe can pass on
 * one kernel and fail on another. */
#define REP_MATRIX_MAX 256
struct rep_matrix_row {
	const char *scheduler, *kernel, *topology;
};
struct rep_matrix {
	const char *probes[REP_MATRIX_MAX];
	size_t np;
	struct rep_matrix_row rows[REP_MATRIX_MAX];
	size_t nr;
};
void rep_matrix_build(const struct run_results *r, struct rep_matrix *m);
/* The probe of that row and column (the last one when repeated), or NULL. */
const struct rr_probe *rep_matrix_cell(const struct run_results *r, const struct rep_matrix_row *row,
				       const char *probe);

#endif
