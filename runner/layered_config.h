/* SPDX-License-Identifier: GPL-2.0-only */
/* The `layered` scheduler's JSON config: parse, validate, load into BPF maps.
 *
 * Format (see schedulers/layered.json):
 *
 *   { "layers": [
 *       { "name": "interactive",
 *         "match": { "comm_prefix": "Xorg", "nice": [-20, 0] },
 *         "weight": 300, "slice_us": 3000, "preempt": true },
 *       { "name": "batch", "match": { "cgroup_prefix": "/batch" },
 *         "weight": 50, "cpus": "1-3" },
 *       { "name": "rest" } ] }
 *
 * A task joins the first layer whose "match" rules all hold: comm_prefix
 * (string prefix of the task's command name), cgroup_prefix (string prefix
 * of its cgroup v2 path, e.g. "/batch" matches "/batch" and "/batch2/x"),
 * nice ([min, max] inclusive, or one number), uid (effective uid). The one
 * layer without "match" (at most one, anywhere in the list) takes every task
 * no other layer matches; without it an implicit layer "default" (weight
 * 100) is added. Per layer: weight 1..10000 (default 100), slice_us
 * 100..1000000 (default 20000), cpus (a list like "0-3,6" or [0, 1]: the
 * layer's tasks run only there), preempt (default false). "comment" keys
 * are allowed anywhere and ignored.
 *
 * Every error is one line, "FILE:LINE:COLUMN: message", pointing at the
 * offending key or value.
 */
#ifndef SCXB_LAYERED_CONFIG_H
#define SCXB_LAYERED_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "schedulers/layered_common.h"

struct bpf_object;

struct layered_layer {
	char name[LAYERED_NAME_LEN];
	bool is_default;
	bool implicit;      /* added because the config has no default layer */
	/* as written, for reports */
	char comm_prefix[LAYERED_COMM_LEN];
	char cgroup_prefix[LAYERED_CG_DEPTH * LAYERED_CG_NAME_LEN];
	char cpus_text[256];
	struct layered_layer_cfg bpf; /* what goes into the map */
};

struct layered_config {
	char path[4096];
	int nr_layers;
	int default_layer;
	bool any_cgroup;
	struct layered_layer layers[LAYERED_MAX_LAYERS];
};

/* Parse and validate PATH for a machine with nr_cpus CPUs (0..nr_cpus-1).
 * Returns 0, or -1 with "PATH:LINE:COL: message" (one line) in err. */
int layered_config_load(const char *path, int nr_cpus, struct layered_config *out,
			char *err, size_t errlen);

/* Same, from a string; name is used in messages in place of a path. */
int layered_config_parse(const char *text, const char *name, int nr_cpus,
			 struct layered_config *out, char *err, size_t errlen);

/* Fill the maps layer_cfg and layer_meta of a loaded (not yet attached)
 * layered object. Returns 0, or -1 with a one-line message in err. */
int layered_config_apply(struct bpf_object *obj, const struct layered_config *cfg,
			 char *err, size_t errlen);

/* The config as applied, for the results' provenance: {"path", "layers":
 * [{"index", "name", "match", "weight", "slice_us", "cpus", "preempt"}]}.
 * Layer index i's CPU time is reported as the counter stat_layer<i>_ns.
 * New reference. */
json_t *layered_config_json(const struct layered_config *cfg);

#endif
