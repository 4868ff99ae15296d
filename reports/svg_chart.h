/* SPDX-License-Identifier: GPL-2.0-only */
/* Inline SVG charts for the HTML report.
 *
 * Why: the HTML report must be one self-contained file that renders
 * offline (no JavaScript libraries, no network), so charts are written as
 * plain SVG elements with fixed geometry. Three kinds cover the report:
 *   - percentile plot: latency percentiles p50..p99.9 on a "nines" x axis
 *     (-log10(1-q)) and a log y axis, one line per scheduler, with the
 *     bootstrap CI of each point as a whisker;
 *   - bars with CI whiskers: one bar per scheduler (throughput, times);
 *   - share bars: measured CPU share per task vs its weight's share.
 * Every mark carries a <title> so hovering shows the number.
 */
#ifndef SCXB_SVG_CHART_H
#define SCXB_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

struct svg_series {
	const char *name;
	const char *color;
	const double *q;       /* percentiles, e.g. 50, 90, 99, 99.9 (percentile plot) */
	const double *y, *lo, *hi;
	size_t n;
};

/* Colour for the i-th scheduler row (EEVDF, row 0, is grey). */
const char *svg_color(size_t i);

void svg_percentile_plot(FILE *f, const char *title, const char *unit,
			 const struct svg_series *s, size_t ns);

struct svg_bar {
	const char *label, *color;
	double value, lo, hi;  /* lo/hi NaN: no whisker */
};
void svg_bars(FILE *f, const char *title, const char *unit, const char *note,
	      const struct svg_bar *b, size_t n);

struct svg_share_group {
	const char *name;       /* scheduler */
	const double *share;    /* measured share per task */
	const double *expected; /* weight share per task */
	size_t n;
};
void svg_share_bars(FILE *f, const char *title, const char *const *task_labels,
		    const struct svg_share_group *g, size_t ng);

#endif
