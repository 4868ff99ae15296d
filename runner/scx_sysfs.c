// SPDX-License-Identifier: GPL-2.0-only
/* See scx_sysfs.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner/clock.h"
#include "runner/scx_sysfs.h"
#include "runner/sysfile.h"

#define SCX_SYSFS "/sys/kernel/sched_ext"

bool scx_supported(void)
{
	return access(SCX_SYSFS "/state", R_OK) == 0;
}

int scx_state(char *buf, size_t len)
{
	return sysfile_read_line(SCX_SYSFS "/state", buf, len);
}

int scx_ops_name(char *buf, size_t len)
{
	if (sysfile_read_line(SCX_SYSFS "/root/ops", buf, len) == 0)
		return 0;
	buf[0] = '\0';
	return -1;
}

int scx_wait_state(const char *want, int timeout_ms)
{
	char st[64];
	for (int waited = 0;; waited += 10) {
		if (scx_state(st, sizeof(st)) == 0 && strcmp(st, want) == 0)
			return 0;
		if (waited >= timeout_ms)
			return -1;
		sleep_s(0.01);
	}
}

bool scx_enabled_as(const char *ops)
{
	char state[64], loaded[128];
	if (scx_state(state, sizeof(state)) < 0 || strcmp(state, "enabled") != 0)
		return false;
	scx_ops_name(loaded, sizeof(loaded));
	return !ops[0] || strcmp(loaded, ops) == 0;
}

json_t *scx_events_json(void)
{
	FILE *f = fopen(SCX_SYSFS "/root/events", "re");
	char name[128];
	long long v;
	if (!f)
		return NULL;
	json_t *o = json_object();
	/* lines look like "SCX_EV_SELECT_CPU_FALLBACK 12" */
	while (fscanf(f, "%127s %lld", name, &v) == 2)
		json_object_set_new(o, name, json_integer(v));
	fclose(f);
	return o;
}

long long scx_read_ll(const char *file)
{
	char path[256], buf[64];
	snprintf(path, sizeof(path), SCX_SYSFS "/%s", file);
	if (sysfile_read_line(path, buf, sizeof(buf)) < 0)
		return -1;
	return strtoll(buf, NULL, 10);
}
