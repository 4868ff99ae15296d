/* SPDX-License-Identifier: GPL-2.0-only */
/* BTF look-ups on a BPF object: global variables by name (tunables, exit
 * info, counters, metadata) and sched_ext_ops members (name, flags,
 * timeout_ms), so any scheduler object works without a skeleton. */
#ifndef SCXB_SCHED_BTF_H
#define SCXB_SCHED_BTF_H

#include <stdbool.h>
#include <stddef.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <jansson.h>

struct btf_var_loc {
	struct bpf_map *map;  /* the internal map holding the section */
	size_t offset;
	size_t size;
	__u32 type_id;        /* resolved (no const/volatile/typedef) */
};

/* Find global variable `name` in section sec (".rodata", ".data", ".bss");
 * 0 on success. */
int btf_find_var(struct bpf_object *obj, const char *sec, const char *name,
		 struct btf_var_loc *loc);
/* After load, libbpf 1.4 keeps only a private copy of .data/.bss (newer
 * versions and skeletons remap it onto the map): the loader maps each
 * mmapable internal map itself and registers the live mapping here, so
 * btf_var_ptr() then reads and writes the scheduler's real memory. */
int btf_map_live(struct bpf_map *map);
void btf_map_unlive(struct bpf_map *map);
/* Pointer to the variable's bytes (the map's initial value before load,
 * the live mmap after load). */
void *btf_var_ptr(const struct btf_var_loc *loc);
/* Set a scalar/char-array variable from text; -1 with err on bad value. */
int btf_var_set(struct bpf_object *obj, const struct btf_var_loc *loc,
		const char *text, char *err, size_t errlen);
/* Current value as JSON (integer, bool or string). */
json_t *btf_var_json(struct bpf_object *obj, const struct btf_var_loc *loc);
/* Call fn for each variable of sec; stops when fn returns non-zero. */
int btf_for_each_var(struct bpf_object *obj, const char *sec,
		     int (*fn)(const char *name, const struct btf_var_loc *loc, void *arg),
		     void *arg);
/* Offset and size of a member of struct sched_ext_ops in the object's BTF. */
int btf_ops_member(struct bpf_object *obj, const char *member, size_t *off, size_t *size);

#endif
