// SPDX-License-Identifier: GPL-2.0-only
/* Naming a scheduler row (see sched.h): what kind it is, which object. */
#include "runner/sched.h"

const char *sched_kind_name(enum sched_kind k)
{
	switch (k) {
	case SCHED_EEVDF: return "eevdf";
	case SCHED_BUNDLED: return "bundled";
	case SCHED_OBJ: return "obj";
	case SCHED_CMD: return "cmd";
	case SCHED_IMAGE: return "image";
	}
	return "unknown";
}

const char *sched_object_name(const struct sched_spec *spec)
{
	return spec->object[0] ? spec->object : spec->name;
}
