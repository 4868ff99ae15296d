// SPDX-License-Identifier: GPL-2.0-only
/* See claims.h. */
#include <stdio.h>
#include <string.h>

#include "conformance/claims.h"
#include "conformance/probe_util.h"

static const char *const prop_names[] = {
	[CLAIM_WEIGHTS] = "weights",
	[CLAIM_CGROUP_WEIGHTS] = "cgroup-weights",
	[CLAIM_LOWPRIO_WAIT] = "lowprio-wait",
};
#define NR_PROPS (sizeof(prop_names) / sizeof(prop_names[0]))

const char *claim_prop_name(enum claim_prop p)
{
	return prop_names[p];
}

static const char *ignores_value(const struct sched_spec *spec)
{
	for (int i = 0; spec && i < spec->nr_opts; i++)
		if (!strcmp(spec->opts[i].key, CLAIM_OPT))
			return spec->opts[i].value;
	return NULL;
}

static bool list_has(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *s = list; s && *s;) {
		size_t l = strcspn(s, ",");
		if (l == n && !strncmp(s, name, n))
			return true;
		s += l + (s[l] == ',');
	}
	return false;
}

bool claim_held(const struct sched_spec *spec, struct sched_handle *h, enum claim_prop p, char *why,
		size_t len)
{
	const char *ign = ignores_value(spec);
	const char *name = spec ? spec->name : "?";
	if (list_has(ign, prop_names[p]) || (p == CLAIM_LOWPRIO_WAIT && list_has(ign, "weights"))) {
		snprintf(why, len, "declared by --sched-opt %s.%s=%s", name, CLAIM_OPT, ign);
		return false;
	}
	switch (p) {
	case CLAIM_WEIGHTS:
	case CLAIM_LOWPRIO_WAIT:
		if (h && !sched_honours_weights(h)) {
			snprintf(why, len, "its metadata says it ignores weights (scxb_honours_weights = 0)");
			return false;
		}
		snprintf(why, len, "%s", spec && spec->kind == SCHED_BUNDLED
						 ? "its metadata says it honours weights"
						 : "undeclared: held to nice weights like the schedulers people run");
		return true;
	case CLAIM_CGROUP_WEIGHTS: {
		int sw = pu_loaded_ops_has("cgroup_set_weight");
		snprintf(why, len, "%s", sw == 1 ? "it implements ops.cgroup_set_weight"
				   : sw == 0 ? "it does not implement ops.cgroup_set_weight"
				   : "cannot tell whether it implements ops.cgroup_set_weight");
		return sw == 1;
	}
	}
	return true;
}

const char *claim_declare_hint(const struct sched_spec *spec, enum claim_prop p, char *buf, size_t len)
{
	const char *ign = ignores_value(spec);
	snprintf(buf, len, "--sched-opt %s.%s=%s%s%s", spec ? spec->name : "NAME", CLAIM_OPT, ign ? ign : "",
		 ign ? "," : "", prop_names[p]);
	return buf;
}

int claim_check_opt(const char *sched, const char *key, const char *value, char *err, size_t errlen)
{
	if (strcmp(key, CLAIM_OPT) != 0)
		return 0;
	for (const char *s = value; *s || s == value;) {
		size_t l = strcspn(s, ",");
		bool known = false;
		for (size_t i = 0; i < NR_PROPS && !known; i++)
			known = l == strlen(prop_names[i]) && !strncmp(s, prop_names[i], l);
		if (!known) {
			snprintf(err, errlen, "--sched-opt %s.%s=%s: unknown property '%.*s' (weights, cgroup-weights, lowprio-wait)",
				 sched, key, value, (int)l, s);
			return -1;
		}
		s += l;
		if (*s == ',')
			s++;
		if (!*s)
			break;
	}
	return 0;
}
