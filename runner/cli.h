/* SPDX-License-Identifier: GPL-2.0-only */
/* Command-line parsing for `scxbench run` (other subcommands parse their
 * own options). Every error names the flag and is one line. */
#ifndef SCXB_CLI_H
#define SCXB_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include "runner/run_design.h"
#include "runner/sched.h"
#include "runner/shard.h"

#define CLI_MAX_ROWS 64
#define CLI_MAX_ITEMS 64
/* --kernel: how many kernels one --vm run boots (runner/vm_plan.c) */
#define CLI_MAX_KERNELS 8

/* exit codes, documented in --help and the README */
enum {
	EXIT_OK = 0,
	EXIT_TEST_FAILED = 1,  /* a probe or workload failed (not ok) */
	EXIT_USAGE = 2,        /* bad flags or input files */
	EXIT_ENV = 3,          /* not root, no sched_ext, scheduler already loaded, no cgroup v2, output dir */
	EXIT_VM = 4,           /* the VM could not start (--vm) */
	/* 128 + N: interrupted by signal N (results so far are kept) */
};

struct run_opts {
	struct sched_spec rows[CLI_MAX_ROWS]; /* BPF/cmd rows, in order; EEVDF is added by the runner */
	int nr_rows;
	char *workloads[CLI_MAX_ITEMS]; /* names, possibly "name:arg" */
	int nr_workloads;
	char *probes[CLI_MAX_ITEMS];
	int nr_probes;
	double duration_s;
	int repeat;
	enum run_order order; /* --order: rounds interleave the rows (default) or not */
	uint64_t seed;        /* --seed: the rows' order within rounds */
	double budget_s;      /* --budget: rounds go on while they fit, 0 = none */
	bool repeat_given;    /* --repeat was given (with --budget: the cap) */
	char out_dir[4096];
	bool verbose;
	bool no_baseline;
	bool resume;
	bool force_replace;
	bool no_tracer;    /* --no-tracer: no run-queue latency tracer (runq_latency) */
	double tracer_duty; /* --tracer-duty PCT: share of the time the tracer is attached */
	bool bpf_stats;    /* --bpf-stats: the scheduler's BPF run time per program and repeat */
	bool progress_tty; /* progress line on a terminal (auto) */
	double timeout_factor; /* item time bound = duration * factor + slack */
	double item_timeout_s; /* --item-timeout: cap on every item's bound, 0 = none */
	/* --vm */
	bool vm;
	char *kernels[CLI_MAX_KERNELS];
	int nr_kernels;
	int vm_cpus;
	char vm_mem[32];
	char topology[64]; /* --topology presets, comma-separated */
	/* --shard I/N (count 0: none); --shard-cell C/K: the boot's cell, set
	 * by --vm for the guest. Without --vm the rows are already cut to the
	 * shard's when parsing returns. */
	struct shard shard;
	char **argv;  /* original, for provenance and --vm re-exec */
	int argc;
};

void cli_run_usage(FILE *out);
/* Parses `run` arguments (argv[0] == "run"). 0 on success, -1 with a
 * one-line message in err. Resolves "all"/"none" for workloads and probes. */
int cli_parse_run(int argc, char **argv, struct run_opts *o, char *err, size_t errlen);
void cli_free(struct run_opts *o);
/* Position of a bundled scheduler in the canonical order (simple, fifo,
 * vtime, central, deadline, layered); unknown names sort last. */
int cli_bundled_rank(const char *name);

#endif
