// SPDX-License-Identifier: GPL-2.0-only
/* Probe registry (linker section "scxb_probes", sorted by order) and the
 * small helpers every probe uses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/claims.h"
#include "conformance/probe.h"

extern const struct probe *const __start_scxb_probes[] __attribute__((weak));
extern const struct probe *const __stop_scxb_probes[] __attribute__((weak));

static const struct probe **sorted;
static size_t nsorted;

static int by_order(const void *a, const void *b)
{
	const struct probe *pa = *(const struct probe *const *)a, *pb = *(const struct probe *const *)b;
	if (pa->order != pb->order)
		return pa->order < pb->order ? -1 : 1;
	return strcmp(pa->name, pb->name);
}

static void init(void)
{
	if (sorted || !__start_scxb_probes)
		return;
	nsorted = (size_t)(__stop_scxb_probes - __start_scxb_probes);
	sorted = malloc(sizeof(*sorted) * (nsorted ? nsorted : 1));
	for (size_t i = 0; i < nsorted; i++)
		sorted[i] = __start_scxb_probes[i];
	qsort(sorted, nsorted, sizeof(*sorted), by_order);
}

size_t probe_count(void)
{
	init();
	return nsorted;
}

const struct probe *probe_at(size_t i)
{
	init();
	return i < nsorted ? sorted[i] : NULL;
}

const struct probe *probe_find(const char *name)
{
	init();
	for (size_t i = 0; i < nsorted; i++)
		if (!strcmp(sorted[i]->name, name))
			return sorted[i];
	return NULL;
}

int probe_check_sched_opt(const char *sched, const char *key, const char *value, char *err, size_t errlen)
{
	return claim_check_opt(sched, key, value, err, errlen);
}

const char *probe_status_name(enum probe_status s)
{
	switch (s) {
	case PROBE_PASS: return "pass";
	case PROBE_FAIL: return "fail";
	case PROBE_SKIP: return "skip";
	}
	return "fail";
}

enum probe_status probe_fail(struct probe_ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
	return PROBE_FAIL;
}

enum probe_status probe_skip(struct probe_ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
	return PROBE_SKIP;
}
