// SPDX-License-Identifier: GPL-2.0-only
/* The `layered` scheduler's hook: its layers come from a JSON config
 * (--sched-opt layered.config=FILE; default: schedulers/layered.json,
 * built into the binary), validated before anything is loaded and written
 * into the scheduler's maps after load, before attach. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/layered_config.h"
#include "runner/provenance.h"
#include "runner/sched_hook.h"

/* schedulers/layered.json, NUL-terminated (see the Makefile) */
extern const char scxb_layered_default_json[];

static const char *opt_value(const struct sched_spec *spec, const char *key)
{
	for (int i = 0; i < spec->nr_opts; i++)
		if (!strcmp(spec->opts[i].key, key))
			return spec->opts[i].value;
	return NULL;
}

static int layered_after_open(struct bpf_object *obj, const struct sched_spec *spec, void **state,
			      char *err, size_t errlen)
{
	(void)obj;
	struct layered_config *cfg = calloc(1, sizeof(*cfg));
	const char *path = opt_value(spec, "config");
	int rc;
	if (!cfg) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (path)
		rc = layered_config_load(path, online_cpus(), cfg, err, errlen);
	else
		rc = layered_config_parse(scxb_layered_default_json, "schedulers/layered.json (built in)",
					  online_cpus(), cfg, err, errlen);
	if (rc < 0) {
		free(cfg);
		return -1;
	}
	*state = cfg;
	return 0;
}

static int layered_after_load(struct bpf_object *obj, const struct sched_spec *spec, void *state,
			      char *err, size_t errlen)
{
	(void)spec;
	return layered_config_apply(obj, state, err, errlen);
}

static json_t *layered_info(void *state)
{
	return layered_config_json(state);
}

static const struct sched_hook layered_hook = {
	.sched = "layered",
	.opt_keys = "config",
	.after_open = layered_after_open,
	.after_load = layered_after_load,
	.free_state = free,
	.info = layered_info,
};
SCHED_HOOK_REGISTER(layered_hook);
