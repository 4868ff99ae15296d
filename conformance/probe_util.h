/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the conformance probes.
 *
 * Why: every probe needs the same few instruments — worker processes
 * (conformance/workers.h, included here), new kernel log lines, the set of
 * live BPF objects, and the loaded scheduler's ops as the kernel holds
 * them — and each probe written on its own would get one of them subtly
 * wrong.
 */
#ifndef SCXB_PROBE_UTIL_H
#define SCXB_PROBE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conformance/probe.h"
#include "conformance/workers.h"
#include "runner/clock.h"

/* ---- schedulers ---------------------------------------------------------------- */
/* A spec for one of the probes' own schedulers (conformance/bpf/NAME.bpf.c,
 * built into the binary), to change further and pass to sched_attach. */
void pu_helper_spec(struct sched_spec *spec, const char *name);
/* Is h still the enabled scheduler? If not, fill why with its exit (kind,
 * reason, message when recorded) and return false. */
bool pu_sched_alive(struct sched_handle *h, char *why, size_t len);
/* The loaded scheduler's ops, as the kernel holds them: 1 if op (a member
 * of struct sched_ext_ops, e.g. "cgroup_set_weight") is implemented, 0 if
 * not, -1 if it cannot be told. Works for any loader (BPF object or
 * program): reads the struct_ops map named like root/ops. */
int pu_loaded_ops_has(const char *op);
/* The loaded scheduler's watchdog timeout in ms (0 = kernel default), -1. */
long pu_loaded_ops_timeout_ms(void);
/* 1 if the running kernel's BTF has struct S member M, 0 if not, -1. */
int pu_kernel_has_member(const char *s, const char *m);

/* ---- kernel log ---------------------------------------------------------------- */
/* Start watching /dev/kmsg for new records (-1 when unreadable). */
int pu_kmsg_open(void);
/* What the kernel logged since pu_kmsg_open. */
struct pu_kmsg_report {
	int problems;          /* records at warning level or worse (a sched_ext
				* error exit is logged at error level), or naming
				* WARNING/BUG:/Oops/stall */
	char first[512];       /* the first of them */
	int known;             /* records left out of problems as known kernel-side
				* issues no BPF scheduler can cause (see probe_util.c) */
	char known_first[512];
	char match[512];       /* the first record containing the needle */
	int notices;           /* the kernel's notices about a scheduler's ops
				* (deprecated ops: runner/kmsg.h), reported as
				* their own finding, left out of problems */
	char notice_first[512];
};
/* Read the new records into r (needle may be NULL). Closes fd. Returns
 * r->problems, or -1 when fd < 0. */
int pu_kmsg_read(int fd, const char *needle, struct pu_kmsg_report *r);
/* kernel_log_problems/_first, kernel_log_known/_first and
 * kernel_notices/kernel_notice into diag */
void pu_kmsg_diag(json_t *diag, const struct pu_kmsg_report *r);

/* ---- BPF objects in the kernel ---------------------------------------------- */
/* ids of every loaded BPF program (progs=true) or map; count, or -1 */
int pu_bpf_ids(bool progs, uint32_t *ids, int max);
/* describe (type:name) ids in now[] that are not in before[]; count */
int pu_bpf_new(bool progs, const uint32_t *before, int nb, const uint32_t *now, int nn,
	       char *desc, size_t len);

/* ---- misc ---------------------------------------------------------------------- */
/* Comma list of CPUs in mask, e.g. "0,1". */
const char *pu_mask_str(uint64_t mask, char *buf, size_t len);

#endif
