// SPDX-License-Identifier: GPL-2.0-only
/* See report_html_bpf.h. */
#include "reports/report_html_bpf.h"

#include <stdbool.h>

#include "reports/bpf_cost.h"
#include "reports/report_util.h"

void html_section_bpf_cost(FILE *f, const struct run_results *r, int grouped)
{
	bool head = false;
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *res = &r->results[i];
		struct bpf_cost c;
		char top[512], g[300];
		bpf_cost_sum(res->repeats, &c);
		if (!c.repeats)
			continue;
		if (!head) {
			head = true;
			fprintf(f, "<h2>BPF cost (--bpf-stats)</h2>\n<p class=\"muted\">The scheduler's BPF programs "
				   "over the repeats: their run time per second of workload, and the costliest with "
				   "their cost per call and calls. Measured with the kernel's run-time statistics on, "
				   "which slow every program a little.</p>\n<table><tr>%s<th>scheduler</th>"
				   "<th>workload</th><th>BPF µs/s</th><th>costliest programs</th></tr>\n",
				grouped ? "<th>kernel/topology</th>" : "");
		}
		bpf_cost_top_text(&c, top, sizeof(top));
		fputs("<tr>", f);
		if (grouped) {
			fputs("<td>", f);
			rep_html_esc(f, rr_group_label(g, sizeof(g), res->kernel, res->topology));
			fputs("</td>", f);
		}
		fputs("<td>", f);
		rep_html_esc(f, res->scheduler);
		fputs("</td><td>", f);
		rep_html_esc(f, res->workload);
		fprintf(f, "</td><td class=\"num\">%.3g</td><td>", c.elapsed_s > 0 ? (double)c.ns / c.elapsed_s / 1000 : 0.0);
		rep_html_esc(f, top);
		fputs("</td></tr>\n", f);
	}
	if (head)
		fputs("</table>\n", f);
}
