// SPDX-License-Identifier: GPL-2.0-only
/* SVG chart writers (see svg_chart.h for the why). Geometry is fixed and
 * simple on purpose: the report has to look right in any browser without
 * scripts, and the browser test counts the <svg> elements. */
#include "reports/svg_chart.h"

#include <math.h>
#include <string.h>

#include "reports/report_util.h"

#define W 560
#define H 330
#define ML 70  /* left margin: y labels */
#define MR 120 /* right margin: legend */
#define MT 34
#define MB 46

static const char *const palette[] = { "#6b6b6b", "#1f77b4", "#d62728", "#2ca02c", "#9467bd",
				       "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22" };

const char *svg_color(size_t i)
{
	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

static void open_svg(FILE *f, int w, int h, const char *title)
{
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		   "role=\"img\" aria-label=\"", w, h, w, h);
	rep_html_esc(f, title);
	fprintf(f, "\" class=\"chart\">\n<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", w, h);
	fprintf(f, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\" fill=\"#222\">", ML);
	rep_html_esc(f, title);
	fprintf(f, "</text>\n");
}

/* Round a step up to 1, 2 or 5 x 10^k so axis labels read well. */
static double nice_step(double raw)
{
	if (!(raw > 0))
		return 1;
	double e = pow(10, floor(log10(raw))), m = raw / e;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * e;
}

static double nines(double pct)
{
	double q = pct / 100.0;
	if (q >= 1)
		q = 0.9999;
	return -log10(1.0 - q);
}

static void legend(FILE *f, int x, int y, const char *name, const char *color)
{
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\"/>", x, y - 9, color);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#222\">", x + 20, y);
	rep_html_esc(f, name);
	fprintf(f, "</text>\n");
}

void svg_percentile_plot(FILE *f, const char *title, const char *unit,
			 const struct svg_series *s, size_t ns)
{
	double ymin = INFINITY, ymax = -INFINITY, xmin = INFINITY, xmax = -INFINITY;
	for (size_t i = 0; i < ns; i++)
		for (size_t k = 0; k < s[i].n; k++) {
			double vals[3] = { s[i].y[k], s[i].lo ? s[i].lo[k] : NAN, s[i].hi ? s[i].hi[k] : NAN };
			for (int j = 0; j < 3; j++)
				if (vals[j] > 0 && isfinite(vals[j])) {
					ymin = fmin(ymin, vals[j]);
					ymax = fmax(ymax, vals[j]);
				}
			xmin = fmin(xmin, nines(s[i].q[k]));
			xmax = fmax(xmax, nines(s[i].q[k]));
		}
	open_svg(f, W, H, title);
	if (!isfinite(ymin) || !isfinite(xmin)) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">no data</text>\n</svg>\n", ML, H / 2);
		return;
	}
	double ly0 = floor(log10(ymin)), ly1 = ceil(log10(ymax));
	if (ly1 - ly0 < 1)
		ly1 = ly0 + 1;
	if (xmax - xmin < 1e-9)
		xmax = xmin + 1;
	double pw = W - ML - MR, ph = H - MT - MB;
#define PX(x) (ML + ((x) - xmin) / (xmax - xmin) * pw)
#define PY(y) (MT + ph - (log10(y) - ly0) / (ly1 - ly0) * ph)
	/* frame, y grid at 1-2-5 steps of each decade */
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"#fafafa\" stroke=\"#999\"/>\n", ML,
		MT, pw, ph);
	for (double d = ly0; d <= ly1; d += 1) {
		static const double steps[] = { 1, 2, 5 };
		for (int k = 0; k < 3; k++) {
			double v = steps[k] * pow(10, d);
			if (log10(v) > ly1 + 1e-9)
				break;
			double y = PY(v);
			char lab[32];
			fprintf(f, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", ML, ML + pw,
				y, y, k == 0 ? "#ccc" : "#eee");
			fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#444\">%s</text>\n",
				ML - 6, y + 4, rep_fmt_num(lab, sizeof(lab), v));
		}
	}
	/* x ticks at the percentiles present */
	static const double qs[] = { 50, 75, 90, 95, 99, 99.9, 99.99 };
	for (size_t k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
		double x = nines(qs[k]);
		if (x < xmin - 1e-9 || x > xmax + 1e-9)
			continue;
		fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.0f\" stroke=\"#e4e4e4\"/>", PX(x), PX(x), MT,
			MT + ph);
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">p%g</text>\n",
			PX(x), MT + ph + 16, qs[k]);
	}
	fprintf(f, "<text x=\"%.0f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">percentile "
		   "(log scale of 1/(1-q))</text>\n", ML + pw / 2, H - 8);
	fprintf(f, "<text x=\"14\" y=\"%.0f\" font-size=\"11\" fill=\"#444\" transform=\"rotate(-90 14 %.0f)\" "
		   "text-anchor=\"middle\">", MT + ph / 2, MT + ph / 2);
	rep_html_esc(f, unit);
	fprintf(f, " (log)</text>\n");
	for (size_t i = 0; i < ns; i++) {
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", s[i].color);
		for (size_t k = 0; k < s[i].n; k++)
			if (s[i].y[k] > 0)
				fprintf(f, "%.1f,%.1f ", PX(nines(s[i].q[k])), PY(s[i].y[k]));
		fprintf(f, "\"/>\n");
		for (size_t k = 0; k < s[i].n; k++) {
			if (!(s[i].y[k] > 0))
				continue;
			double x = PX(nines(s[i].q[k]));
			if (s[i].lo && s[i].hi && s[i].lo[k] > 0 && s[i].hi[k] > 0)
				fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
					   "stroke-width=\"1\"/>", x, x, PY(s[i].lo[k]), PY(s[i].hi[k]), s[i].color);
			char v[32];
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>", x, PY(s[i].y[k]),
				s[i].color);
			rep_html_esc(f, s[i].name);
			fprintf(f, " p%g: %s ", s[i].q[k], rep_fmt_num(v, sizeof(v), s[i].y[k]));
			rep_html_esc(f, unit);
			fprintf(f, "</title></circle>\n");
		}
		legend(f, W - MR + 14, MT + 14 + (int)i * 18, s[i].name, s[i].color);
	}
#undef PX
#undef PY
	fprintf(f, "</svg>\n");
}

void svg_bars(FILE *f, const char *title, const char *unit, const char *note,
	      const struct svg_bar *b, size_t n)
{
	int w = W, h = 290, mb = 56;
	double vmax = 0;
	for (size_t i = 0; i < n; i++) {
		if (isfinite(b[i].value))
			vmax = fmax(vmax, b[i].value);
		if (isfinite(b[i].hi))
			vmax = fmax(vmax, b[i].hi);
	}
	open_svg(f, w, h, title);
	if (!(vmax > 0))
		vmax = 1;
	double step = nice_step(vmax * 1.1 / 4);
	int nticks = (int)ceil(vmax * 1.1 / step);
	vmax = step * nticks;
	double pw = w - ML - MR, ph = h - MT - mb;
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"#fafafa\" stroke=\"#999\"/>\n", ML,
		MT, pw, ph);
	for (int k = 0; k <= nticks; k++) {
		double v = step * k, y = MT + ph - v / vmax * ph;
		char lab[32];
		fprintf(f, "<line x1=\"%d\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>", ML, ML + pw, y, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#444\">%s</text>\n",
			ML - 6, y + 4, rep_fmt_num(lab, sizeof(lab), v));
	}
	fprintf(f, "<text x=\"14\" y=\"%.0f\" font-size=\"11\" fill=\"#444\" transform=\"rotate(-90 14 %.0f)\" "
		   "text-anchor=\"middle\">", MT + ph / 2, MT + ph / 2);
	rep_html_esc(f, unit);
	fprintf(f, "</text>\n");
	double slot = n ? pw / (double)n : pw, bw = slot * 0.6;
	if (bw > 70)
		bw = 70;
	for (size_t i = 0; i < n; i++) {
		double cx = ML + slot * ((double)i + 0.5);
		char v[32];
		if (isfinite(b[i].value)) {
			double y = MT + ph - b[i].value / vmax * ph;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", cx - bw / 2,
				y, bw, MT + ph - y, b[i].color);
			rep_html_esc(f, b[i].label);
			fprintf(f, ": %s", rep_fmt_num(v, sizeof(v), b[i].value));
			if (isfinite(b[i].lo))
				fprintf(f, " (95%% CI %.4g..%.4g)", b[i].lo, b[i].hi);
			fprintf(f, "</title></rect>\n");
			if (isfinite(b[i].lo) && isfinite(b[i].hi)) {
				double y0 = MT + ph - b[i].lo / vmax * ph, y1 = MT + ph - b[i].hi / vmax * ph;
				fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#111\" stroke-width=\"1.5\"/>"
					   "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#111\"/>"
					   "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#111\"/>\n",
					cx, cx, y0, y1, cx - 8, cx + 8, y0, y0, cx - 8, cx + 8, y1, y1);
			}
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222\">%s</text>\n",
				cx, (isfinite(b[i].hi) ? MT + ph - b[i].hi / vmax * ph : y) - 5,
				v);
		}
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222\">", cx,
			MT + ph + 16);
		rep_html_esc(f, b[i].label);
		fprintf(f, "</text>\n");
	}
	if (note && *note) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">", ML, h - 12);
		rep_html_esc(f, note);
		fprintf(f, "</text>\n");
	}
	fprintf(f, "</svg>\n");
}

void svg_share_bars(FILE *f, const char *title, const char *const *task_labels,
		    const struct svg_share_group *g, size_t ng)
{
	int w = W, h = 300, mb = 50;
	size_t nt = 0;
	double vmax = 0;
	for (size_t i = 0; i < ng; i++) {
		if (g[i].n > nt)
			nt = g[i].n;
		for (size_t k = 0; k < g[i].n; k++) {
			vmax = fmax(vmax, g[i].share[k]);
			vmax = fmax(vmax, g[i].expected[k]);
		}
	}
	open_svg(f, w, h, title);
	if (!(vmax > 0))
		vmax = 1;
	vmax = fmin(1.0, vmax * 1.15);
	double pw = w - ML - MR, ph = h - MT - mb;
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"#fafafa\" stroke=\"#999\"/>\n", ML,
		MT, pw, ph);
	for (int k = 0; k <= 4; k++) {
		double v = vmax * k / 4.0, y = MT + ph - v / vmax * ph;
		fprintf(f, "<line x1=\"%d\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>", ML, ML + pw, y, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#444\">%.0f%%</text>\n",
			ML - 6, y + 4, v * 100);
	}
	double slot = ng ? pw / (double)ng : pw;
	double bw = nt ? slot * 0.8 / (double)nt : 10;
	for (size_t i = 0; i < ng; i++) {
		double x0 = ML + slot * (double)i + slot * 0.1;
		for (size_t k = 0; k < g[i].n; k++) {
			double x = x0 + bw * (double)k, y = MT + ph - g[i].share[k] / vmax * ph;
			double ye = MT + ph - g[i].expected[k] / vmax * ph;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", x + 1, y,
				bw - 2, MT + ph - y, svg_color(k + 1));
			rep_html_esc(f, g[i].name);
			fprintf(f, " ");
			rep_html_esc(f, task_labels[k] ? task_labels[k] : "task");
			fprintf(f, ": %.1f%% (weight share %.1f%%)</title></rect>", g[i].share[k] * 100,
				g[i].expected[k] * 100);
			fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-width=\"2\" "
				   "stroke-dasharray=\"3 2\"/>\n", x, x + bw, ye, ye);
		}
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222\">",
			x0 + slot * 0.4, MT + ph + 16);
		rep_html_esc(f, g[i].name);
		fprintf(f, "</text>\n");
	}
	for (size_t k = 0; k < nt; k++)
		legend(f, W - MR + 14, MT + 14 + (int)k * 18, task_labels[k] ? task_labels[k] : "task",
		       svg_color(k + 1));
	fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\" "
		   "stroke-dasharray=\"3 2\"/><text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#222\">weight share</text>\n",
		W - MR + 14, W - MR + 28, MT + 14 + (int)nt * 18 - 4, MT + 14 + (int)nt * 18 - 4, W - MR + 34,
		MT + 14 + (int)nt * 18);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">bars: measured CPU share (mean over "
		   "repeats); dashed: share its weight entitles it to</text>\n", ML, h - 12);
	fprintf(f, "</svg>\n");
}
