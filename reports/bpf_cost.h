/* SPDX-License-Identifier: GPL-2.0-only */
/* The BPF cost a (scheduler, workload) row's repeats recorded with
 * `run --bpf-stats` (repeats[].bpf_stats, reports/schema/README.md),
 * summed over its repeats, for the reports: the programs' run time per
 * second and the costliest programs with their cost per call. */
#ifndef SCXB_BPF_COST_H
#define SCXB_BPF_COST_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#define BPF_COST_TOP 3

struct bpf_cost_prog {
	const char *name; /* borrowed from the repeats */
	uint64_t runs, ns;
};

struct bpf_cost {
	int repeats;        /* repeats with bpf_stats (0: nothing recorded) */
	uint64_t ns;        /* all programs, all those repeats */
	double elapsed_s;   /* those repeats' elapsed time */
	size_t ntop;
	struct bpf_cost_prog top[BPF_COST_TOP]; /* by ns, highest first; only programs that ran */
};

/* Sums the bpf_stats of the repeats (an array of repeat objects). */
void bpf_cost_sum(const json_t *repeats, struct bpf_cost *out);
/* "P 3.0 µs × 44871, ..." for the top programs into buf. */
void bpf_cost_top_text(const struct bpf_cost *c, char *buf, size_t len);

#endif
