/* SPDX-License-Identifier: GPL-2.0-only */
/* The HTML report's "BPF cost" section (run --bpf-stats).
 *
 * Why a file of its own: report_html.c assembles the page; this section
 * reads the per-repeat bpf_stats records (bpf_cost.h), which no other part
 * of the page needs, and it must say the same as the Markdown report's
 * section, with the same numbers, so the two are easy to compare.
 */
#ifndef SCXB_REPORT_HTML_BPF_H
#define SCXB_REPORT_HTML_BPF_H

#include <stdio.h>

#include "reports/results_reader.h"

/* One row per (scheduler, workload) that recorded bpf_stats: BPF µs per
 * second of workload and the costliest programs; nothing at all when no
 * row did. grouped: the document has several kernel/topology groups, and
 * each row names its own. */
void html_section_bpf_cost(FILE *f, const struct run_results *r, int grouped);

#endif
