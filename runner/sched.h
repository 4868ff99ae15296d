/* SPDX-License-Identifier: GPL-2.0-only */
/* Schedulers under test: attach, verify, read counters, detach — the one
 * interface the run and the conformance probes use.
 *
 * A row of the run is one sched_spec. Three back ends sit behind it
 * (runner/sched_backend.h): none (EEVDF, the kernel's default: nothing
 * attached); a BPF object (bundled, --sched-obj, or an image in memory)
 * loaded with libbpf's generic API (bpf_object__open_mem, not a skeleton)
 * and attached through its sched_ext_ops struct_ops map as a bpf_link, so
 * the kernel detaches it if scxbench dies; a program (--sched-cmd) that
 * loads its own scheduler while we watch sysfs.
 */
#ifndef SCXB_SCHED_H
#define SCXB_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* sysfs state, the kernel's word on what is loaded, is part of this API */
#include "runner/scx_sysfs.h"

/* SCHED_IMAGE: a BPF object already in memory (image, image_len), e.g. a
 * helper scheduler built into the binary by its user. */
enum sched_kind { SCHED_EEVDF, SCHED_BUNDLED, SCHED_OBJ, SCHED_CMD, SCHED_IMAGE };

#define SCHED_MAX_OPTS 32

struct sched_opt {
	char key[64];
	char value[256];
};

struct sched_spec {
	enum sched_kind kind;
	char name[64];    /* row name: "eevdf", bundled name, object basename, program name,
			   * or the user's NAME= (two rows of one build: an A/B or A/A run) */
	char object[64];  /* SCHED_BUNDLED: the embedded object ("" = name) */
	bool named;       /* the user named the row (NAME=) */
	char path[4096];  /* SCHED_OBJ: the .bpf.o; SCHED_CMD: the command line */
	const unsigned char *image; /* SCHED_IMAGE: the object's bytes (borrowed) */
	size_t image_len;
	struct sched_opt opts[SCHED_MAX_OPTS]; /* tunables, from --sched-opt NAME.KEY=VALUE */
	int nr_opts;
	uint64_t ops_flags_or;  /* SCX_OPS_* flags OR-ed into the ops before load */
	unsigned timeout_ms;    /* watchdog override; 0 = keep the scheduler's own */
};

/* How the scheduler ended: struct scx_exit_info as recorded by the
 * scheduler (bundled ones, bpf/scxb_exit_info.h), else as the kernel
 * logged it (any scheduler, however loaded: runner/kmsg.h), else inferred
 * from a scheduler program's exit. */
struct sched_exit {
	bool valid;        /* known from one of those sources */
	int kind;          /* SCX_EXIT_* (-1: the kernel's reason text is new to us) */
	long long code;    /* exit_code (programs: their exit status) */
	char reason[128];
	char msg[1024];    /* the scheduler's message; a program's output when it has none */
	char source[16];   /* "scheduler", "kernel log" or "program" */
	char output[1024]; /* --sched-cmd: tail of the program's output */
};

/* SCX exit kinds, stable across kernels (see design.md). */
enum {
	SCXB_EXIT_NONE = 0, SCXB_EXIT_DONE = 1,
	SCXB_EXIT_UNREG = 64, SCXB_EXIT_UNREG_BPF = 65, SCXB_EXIT_UNREG_KERN = 66,
	SCXB_EXIT_SYSRQ = 67,
	SCXB_EXIT_ERROR = 1024, SCXB_EXIT_ERROR_BPF = 1025, SCXB_EXIT_ERROR_STALL = 1026,
};
#define SCXB_OPS_SWITCH_PARTIAL (1ULL << 3)
/* --sched-opt NAME.ignores=PROP,...: the user's word on which properties
 * the scheduler does not honour (what scxb_honours_weights says in a
 * bundled object's metadata); a declaration, not a tunable to set. */
#define SCHED_OPT_IGNORES "ignores"
#define SCHED_EXT_POLICY 7

const char *sched_exit_kind_name(int kind);
/* exit as results.json records it: kind, kind_name, code, reason, msg,
 * source, output (programs). json null when not valid. New reference. */
json_t *sched_exit_json(const struct sched_exit *ex);
/* exit_kind, exit_reason, exit_msg, exit_source into TAP diagnostics. */
void sched_exit_diag(json_t *diag, const struct sched_exit *ex);
/* Copies the kernel's notices about the scheduler's ops (info's
 * "kernel_notices", from sched_info_json) into TAP diagnostics. */
void sched_notices_diag(json_t *info, json_t *diag);
const char *sched_kind_name(enum sched_kind k);
/* The bundled object a row loads: its own name unless renamed (NAME=). */
const char *sched_object_name(const struct sched_spec *spec);

struct sched_handle;

/* Load and attach; on failure returns -1 with a one-line message in err
 * (libbpf/verifier text included: the tail of the verifier log). */
int sched_attach(const struct sched_spec *spec, struct sched_handle **out,
		 char *err, size_t errlen);
/* 0 if /sys/kernel/sched_ext/state is "enabled" and root/ops names this
 * scheduler; -1 with err otherwise (e.g. it exited). */
int sched_check(struct sched_handle *h, char *err, size_t errlen);
/* Still attached and enabled (cheap; used while workloads run). */
bool sched_running(struct sched_handle *h);
/* Detach, wait for state "disabled", fill exit; frees h. Returns -1 with err
 * when the state did not return to disabled in time. */
int sched_detach(struct sched_handle *h, struct sched_exit *exit, char *err, size_t errlen);
/* Exit info as recorded so far (the scheduler may have exited by itself). */
void sched_peek_exit(struct sched_handle *h, struct sched_exit *exit);

/* Unregister a BPF object's scheduler but keep the object loaded, so that
 * sched_reattach can enable it again without verifying it anew; waits for
 * state "disabled". -1 with err when it did not get there in time, or the
 * scheduler is not a BPF object. */
int sched_disable(struct sched_handle *h, char *err, size_t errlen);
/* Enable a scheduler sched_disable left loaded; waits for state "enabled".
 * On failure: -1, err says why (the attach's error, or "did not reach
 * 'enabled'"), exit holds what the scheduler recorded, and h is disabled
 * again. */
int sched_reattach(struct sched_handle *h, struct sched_exit *exit, char *err, size_t errlen);
/* Forget the exit the scheduler recorded, so the next one is its own. */
void sched_forget_exit(struct sched_handle *h);
/* The --sched-cmd program's process id, 0 for other schedulers. */
int sched_program_pid(struct sched_handle *h);

/* Scheduler facts for the results: ops name, object hash, tunables,
 * verifier cost per program ({"prog": insns}), metadata. New reference. */
json_t *sched_info_json(struct sched_handle *h);
/* stat_* counters now, {"name": value}. New reference. */
json_t *sched_counters_json(struct sched_handle *h);
struct bpf_stats_snap;
/* Its BPF programs' cumulative run counts and times now (runner/bpf_stats.h):
 * an object's struct_ops programs; a --sched-cmd program's sched_ext_ops
 * programs loaded since its attach began. -1 for EEVDF (nothing loaded). */
int sched_bpf_stats(struct sched_handle *h, struct bpf_stats_snap *s);
/* From the object's metadata (scxb_honours_weights), true if unknown. */
bool sched_honours_weights(struct sched_handle *h);
const char *sched_ops_name(struct sched_handle *h);
/* Write a global variable of a loaded scheduler (.bss/.data, integer of
 * 1-8 bytes): how user space talks to a running scheduler. */
int sched_set_var(struct sched_handle *h, const char *name, unsigned long long v);

/* Describe a bundled/obj scheduler without loading it (no root needed):
 * its scxb_desc and scxb_purpose metadata ("" when absent) and its
 * tunables with defaults. */
int sched_describe(const struct sched_spec *spec, char *desc, size_t desclen, char *purpose,
		   size_t purposelen, json_t **tunables, char *err, size_t errlen);

/* Emergency path (fatal signal): detach everything attached. Only calls
 * async-signal-safe functions (close). */
void sched_emergency_detach(void);

#endif
