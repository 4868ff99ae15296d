/* SPDX-License-Identifier: GPL-2.0-only */
/* Layout shared by schedulers/layered.bpf.c and runner/layered_config.c.
 *
 * The runner parses the JSON config (runner/layered_config.c), fills one
 * struct layered_layer_cfg per layer into the BPF array map "layer_cfg" and
 * one struct layered_meta into "layer_meta", after the object is loaded and
 * before it is attached. Plain C types only, whose sizes and alignment agree
 * on x86_64 user space and the BPF target; every field is naturally aligned
 * and the structs have no implicit padding.
 */
#ifndef SCXB_LAYERED_COMMON_H
#define SCXB_LAYERED_COMMON_H

#include "scxb_limits.h"

#define LAYERED_MAX_LAYERS   16   /* including the default layer */
#define LAYERED_NAME_LEN     32
#define LAYERED_COMM_LEN     16   /* TASK_COMM_LEN */
#define LAYERED_MAX_CPUS     SCXB_MAX_CPUS /* CPU sets are bitmaps of this many bits */
#define LAYERED_CPU_WORDS    (LAYERED_MAX_CPUS / 64)
#define LAYERED_CG_DEPTH     8    /* cgroup path components matched */
#define LAYERED_CG_NAME_LEN  64   /* bytes compared per component (name < 63) */
#define LAYERED_CG_WORDS     (LAYERED_CG_NAME_LEN / 8)

/* layered_layer_cfg.match_flags: which rules a layer has (all must hold). */
#define LAYERED_MATCH_COMM    (1u << 0)
#define LAYERED_MATCH_CGROUP  (1u << 1)
#define LAYERED_MATCH_NICE    (1u << 2)
#define LAYERED_MATCH_UID     (1u << 3)

struct layered_layer_cfg {
	unsigned int match_flags;  /* 0 for the default layer */
	unsigned int weight;       /* share under contention, 1..10000 (100 = normal) */
	unsigned long long slice_ns;
	unsigned int preempt;      /* 1: a waking task preempts non-preempting layers */
	unsigned int has_cpus;     /* 1: confined to cpus[] */
	int nice_min, nice_max;    /* LAYERED_MATCH_NICE: inclusive range */
	unsigned int uid;          /* LAYERED_MATCH_UID: effective uid */
	unsigned int cg_depth;     /* LAYERED_MATCH_CGROUP: path components, 1..8 */
	/* comm prefix: (comm_word & comm_mask) == comm_want, word by word */
	unsigned long long comm_want[LAYERED_COMM_LEN / 8];
	unsigned long long comm_mask[LAYERED_COMM_LEN / 8];
	/* cgroup path prefix: component i of the task's cgroup path (level
	 * i + 1), read NUL-padded into 64 bytes, must satisfy
	 * (name_word & cg_mask) == cg_want for each of its 8 words. Whole
	 * components are compared including the NUL padding (exact match);
	 * the last one only over its length (string prefix). */
	unsigned long long cg_want[LAYERED_CG_DEPTH][LAYERED_CG_WORDS];
	unsigned long long cg_mask[LAYERED_CG_DEPTH][LAYERED_CG_WORDS];
	unsigned long long cpus[LAYERED_CPU_WORDS]; /* bit n = CPU n */
	char name[LAYERED_NAME_LEN];
};

struct layered_meta {
	unsigned int nr_layers;     /* 0 = not configured: ops.init fails */
	unsigned int default_layer; /* index of the layer unmatched tasks join */
	unsigned int any_cgroup;    /* some layer matches on cgroup paths */
	unsigned int pad;
};

#endif
