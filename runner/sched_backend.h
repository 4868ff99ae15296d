/* SPDX-License-Identifier: GPL-2.0-only */
/* The scheduler front end (runner/sched.c) and its back ends: none
 * (EEVDF, sched_eevdf.c), a BPF object (sched_obj.c) and a program
 * (--sched-cmd, sched_cmd.c). Runner-private: probes and the run use
 * runner/sched.h.
 *
 * Why a table: what differs between the three is how a scheduler is
 * started, stopped and asked how it ended; checking sysfs, the kernel's
 * notices, the emergency list and the exit record's formats are the same
 * for all and live once, in the front end and sched_exit.c. The front end
 * calls the back ends; a back end never calls the front end.
 */
#ifndef SCXB_SCHED_BACKEND_H
#define SCXB_SCHED_BACKEND_H

#include <jansson.h>

#include "runner/sched.h"

struct sched_backend;
struct bpf_stats_snap;

/* What every scheduler has, whatever loaded it. */
struct sched_handle {
	struct sched_spec spec;
	const struct sched_backend *be;
	void *impl;             /* the back end's own state */
	char ops_name[128];
	char hash[80];          /* "sha256:<hex>" of the object, "cmd" for a program */
	bool honours_weights;   /* from the object's metadata; true if unknown */
	/* the kernel log from just before this load (runner/kmsg.h) */
	long long kmsg_seq0;
	json_t *notices;        /* ["kernel record", ...] about its ops while loading */
	struct sched_handle *next; /* attached handles, for the emergency detach */
};

struct sched_backend {
	/* false for EEVDF: nothing is loaded, so no kernel log to watch, no
	 * emergency to handle, and "running" means no sched_ext scheduler */
	bool loads;
	size_t impl_size;       /* of its state, h->impl: zeroed by the front end, freed after detach */
	/* Load and enable; fills ops_name, hash, impl. On failure releases
	 * what it took and returns -1 with err. */
	int (*attach)(struct sched_handle *h, char *err, size_t errlen);
	/* Stop, wait for "disabled", fill exit, release what impl holds. */
	int (*detach)(struct sched_handle *h, struct sched_exit *exit, char *err, size_t errlen);
	void (*peek_exit)(struct sched_handle *h, struct sched_exit *exit);
	/* Back-end facts into the info object (sched_info_json). */
	void (*info)(struct sched_handle *h, json_t *info);
	/* Fatal signal: stop it with async-signal-safe calls only. */
	void (*emergency)(struct sched_handle *h);
	/* Optional (NULL: the scheduler cannot do it). */
	int (*disable)(struct sched_handle *h, char *err, size_t errlen);
	int (*reattach)(struct sched_handle *h, struct sched_exit *exit, char *err, size_t errlen);
	void (*forget_exit)(struct sched_handle *h);
	json_t *(*counters)(struct sched_handle *h);
	/* its BPF programs' run counters now (runner/bpf_stats.h) */
	int (*bpf_stats)(struct sched_handle *h, struct bpf_stats_snap *s);
	int (*set_var)(struct sched_handle *h, const char *name, unsigned long long v);
	int (*program_pid)(struct sched_handle *h);
};

extern const struct sched_backend sched_eevdf_backend, sched_obj_backend, sched_cmd_backend;

/* runner/sched_exit.c: exit info and notices from the kernel log */
/* Fill ex from the kernel's record of this scheduler's exit; false when
 * there is none (still running). Waits up to wait_ms for a record that
 * lags behind sysfs's "disabled". */
bool sched_kernel_exit(struct sched_handle *h, struct sched_exit *ex, int wait_ms);
/* Record the kernel's notices about the ops logged since kmsg_seq0. */
void sched_notices_collect(struct sched_handle *h);

#endif
