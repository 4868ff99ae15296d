/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-scheduler hooks of the BPF-object back end: a scheduler needing more
 * than tunables (layered's config file) consumes its own option keys and
 * fills maps after load. Hooks register themselves in a linker section. */
#ifndef SCXB_SCHED_HOOK_H
#define SCXB_SCHED_HOOK_H

#include <stddef.h>
#include <bpf/libbpf.h>
#include <jansson.h>

#include "runner/sched.h"

struct sched_hook {
	const char *sched;     /* scheduler (row) name */
	const char *opt_keys;  /* space-separated option keys the hook handles */
	int (*after_open)(struct bpf_object *obj, const struct sched_spec *spec,
			  void **state, char *err, size_t errlen);
	int (*after_load)(struct bpf_object *obj, const struct sched_spec *spec,
			  void *state, char *err, size_t errlen);
	void (*free_state)(void *state);
	json_t *(*info)(void *state); /* extra provenance (e.g. the config) */
};

#define SCHED_HOOK_REGISTER(h)                                                \
	static const struct sched_hook *const scxb_hook_ptr_##h               \
		__attribute__((used, section("scxb_sched_hooks"))) = &(h)

const struct sched_hook *sched_hook_find(const char *sched);
/* Does the hook handle option key (so it is no tunable)? */
bool sched_hook_owns_key(const struct sched_hook *hook, const char *key);

#endif
