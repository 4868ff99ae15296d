/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between the `run --vm` files: vm.c (the plan and its loop),
 * vm_plan.c (finding ci/vm, checking the VM arguments, naming each run), vm_exec.c (one
 * ci/vm child, its TAP stream renumbered into ours), vm_merge.c (one
 * results document from several runs). */
#ifndef SCXB_VM_INTERNAL_H
#define SCXB_VM_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

#include "runner/cli.h"

#define VM_MAX_KERNELS CLI_MAX_KERNELS /* --kernel's own limit */
#define VM_MAX_TOPOLOGIES 4
#define VM_MAX_RUNS (VM_MAX_KERNELS * VM_MAX_TOPOLOGIES)

/* One VM boot: one (kernel, topology). */
struct vm_run {
	const char *kernel;  /* as given to ci/vm --kernel, NULL for its default */
	char klabel[128];    /* kernel name for directories and TAP: release, file or vX.Y */
	char topology[16];   /* preset given to ci/vm, "" for none */
	char tlabel[16];     /* topology for directories, TAP and rows: preset or "Ncpu" */
	char dir[PATH_MAX];  /* absolute results directory of this run */
	char name[300];      /* "<klabel>-<tlabel>": the directory's name under --out */
	char shard_cell[32]; /* --shard: "C/K", this boot's cell of the plan; "" unsharded */
	/* outcome */
	int exit_status;     /* ci/vm's: the guest scxbench's, 124 time limit, or its own */
	int term_signal;     /* we were interrupted by this signal during the run, else 0 */
	int tests;           /* test points seen in its TAP stream */
	int failed;          /* of which not ok */
	int planned;         /* its plan, -1 if none seen */
	double elapsed_s;
};

#define VM_MAX_SHARES 16

/* A host directory shared with the guest at the same path. */
struct vm_share {
	char dir[PATH_MAX];
	bool rw;
};

struct vm_plan {
	struct vm_run runs[VM_MAX_RUNS];
	int n;
	char out_abs[PATH_MAX]; /* --out, absolute, created */
	char script[PATH_MAX];  /* ci/vm */
	char self[PATH_MAX];    /* this scxbench binary */
	char vm_cpus[16];       /* --vm-cpus, for runs without a topology preset */
	char vm_mem[32];        /* --vm-mem */
	int timeout_s;          /* per VM boot */
	struct vm_share shares[VM_MAX_SHARES]; /* --out (read-write) first, then inputs */
	int nr_shares;
};

/* The ci/vm script next to this binary's source tree, or $SCXBENCH_CI_VM. */
int vm_find_script(char *buf, size_t len);

/* Topology presets ci/vm knows. */
bool vm_topology_known(const char *name);

/* Checks the VM arguments (topology names, kernels, virtme-ng, root) and
 * builds one run per (kernel, topology) with its directory under --out.
 * Returns 0, or an exit code after printing one line. */
int vm_plan_build(const struct run_opts *o, struct vm_plan *p);

/* True if the guest does not see the host's files at this absolute path
 * (virtme-ng mounts its own tmpfs or overlay there). */
bool vm_path_private(const char *abs);
/* Fills p->shares: --out read-write, and the directory of every input path
 * (objects, programs, files named in command lines and options, this
 * binary) the guest would not see. Returns 0, or an exit code after one
 * line naming the path. */
int vm_paths_plan(const struct run_opts *o, struct vm_plan *p);
/* One stderr line per share (once the whole plan is known to be good). */
void vm_paths_say(const struct vm_plan *p);

/* The guest command line: our arguments minus the VM-only ones, with --out
 * pointing at dir, and --shard-cell shard_cell unless that is NULL or "".
 * NULL-terminated, malloc'd array of borrowed strings. */
char **vm_guest_argv(const struct run_opts *o, const char *self, const char *dir, const char *shard_cell);

/* TAP renumbering: several runs' streams become one. Each run's own
 * version line and plan are dropped, its test points renumbered after the
 * previous runs' and prefixed "[kernel topology]"; comments and YAML blocks
 * pass through. The merged plan is printed last (TAP allows it). */
struct vm_tap {
	FILE *out;
	int next;          /* number of the last test point written */
	int failed;
	bool prefix;       /* more than one run: tag every description */
	bool started;      /* "TAP version 13" written */
	int plan_written;  /* single run: its plan, passed through up front */
};
void vm_tap_begin(struct vm_tap *t, FILE *out, bool prefix);
/* One line (without its newline) of run r's stream. */
void vm_tap_line(struct vm_tap *t, struct vm_run *r, const char *line);
/* A test point of our own about run r (VM failures). */
void vm_tap_point(struct vm_tap *t, struct vm_run *r, bool ok, const char *desc);
void vm_tap_end(struct vm_tap *t);

/* Runs ci/vm for r, feeding its stdout through t. Forwards SIGINT/SIGTERM
 * to ci/vm (which stops the VM) and records it in r->term_signal. */
int vm_exec_run(const struct vm_plan *p, struct vm_run *r, char *const argv[], struct vm_tap *t);

/* Reads run directories and returns one results document: every
 * schedulers/results/probes entry gets "kernel" and "topology" fields,
 * provenance lists the runs (provenance.runs) and the matrix
 * (provenance.matrix). Runs that left no results become a failed "vm"
 * probe of that kernel and topology. New reference, or NULL with err. */
json_t *vm_merge(const struct vm_plan *p, const struct run_opts *o, char *err, size_t errlen);

/* Adds "kernel"/"topology" to every row of one run's document in place. */
void vm_tag_rows(json_t *doc, const char *kernel, const char *topology);

#endif
