/* SPDX-License-Identifier: GPL-2.0-only */
/* The BPF-object back end's two halves: sched_obj_open.c (the object
 * before load: bytes, metadata, tunables, ops fields) and sched_obj.c
 * (load, attach, detach, and the running scheduler's variables). */
#ifndef SCXB_SCHED_OBJ_H
#define SCXB_SCHED_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <bpf/libbpf.h>
#include <jansson.h>

#include "runner/sched.h"
#include "runner/sched_hook.h"

/* Open the object a spec names (not loaded); hash gets "sha256:<hex>" of
 * its bytes when not NULL. NULL with err (libbpf's words included). */
struct bpf_object *sched_obj_open(const struct sched_spec *spec, char *hash, size_t hashlen,
				  char *err, size_t errlen);
/* The sched_ext_ops struct_ops map (other struct_ops maps are not
 * created); NULL if there is none. */
struct bpf_map *sched_obj_ops_map(struct bpf_object *obj);
/* Before load: the ops name into name, the spec's flags and watchdog
 * timeout into the ops. -1 with err when the ops have no name. */
int sched_obj_set_ops(struct bpf_object *obj, struct bpf_map *ops, const struct sched_spec *spec,
		      char *name, size_t namelen, char *err, size_t errlen);
/* Tunables (.rodata globals but scxb_* metadata), {"name": value}. */
json_t *sched_obj_tunables(struct bpf_object *obj);
/* scxb_desc, scxb_purpose ("" when absent; purpose may be NULL) and
 * scxb_honours_weights (true when absent). */
void sched_obj_read_meta(struct bpf_object *obj, char *desc, size_t desclen, char *purpose,
			 size_t purposelen, bool *weights);
/* Set the spec's --sched-opt values but those the hook or the user's
 * declarations own; -1 with err naming the option. */
int sched_obj_apply_opts(struct bpf_object *obj, const struct sched_spec *spec,
			 const struct sched_hook *hook, char *err, size_t errlen);

#endif
