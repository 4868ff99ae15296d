// SPDX-License-Identifier: GPL-2.0-only
/* See sysmetrics.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/clock.h"
#include "runner/scx_sysfs.h"
#include "runner/sysmetrics.h"

void sys_snapshot_take(struct sys_snapshot *s)
{
	char line[1024];
	memset(s, 0, sizeof(*s));
	s->t = mono_s();
	FILE *f = fopen("/proc/stat", "re");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			unsigned long long v[10] = { 0 };
			if (!strncmp(line, "cpu ", 4)) {
				sscanf(line + 4, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
				       &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
				/* idle + iowait are not busy; guest time is already in user */
				for (int i = 0; i < 8; i++)
					s->total += v[i];
				s->busy = s->total - v[3] - v[4];
			} else if (!strncmp(line, "ctxt ", 5)) {
				s->ctxt = strtoull(line + 5, NULL, 10);
			} else if (!strncmp(line, "processes ", 10)) {
				s->processes = strtoull(line + 10, NULL, 10);
			}
		}
		fclose(f);
	}
	s->scx_events = scx_events_json();
}

void sys_snapshot_free(struct sys_snapshot *s)
{
	json_decref(s->scx_events);
	s->scx_events = NULL;
}

json_t *sys_snapshot_delta(const struct sys_snapshot *a, const struct sys_snapshot *b)
{
	double dt = b->t - a->t;
	unsigned long long dtotal = b->total - a->total;
	json_t *o = json_pack("{s:f, s:f, s:I, s:f, s:I}", "window_s", dt, "cpu_util",
			      dtotal ? (double)(b->busy - a->busy) / (double)dtotal : 0.0, "context_switches",
			      (json_int_t)(b->ctxt - a->ctxt), "context_switches_per_s",
			      dt > 0 ? (double)(b->ctxt - a->ctxt) / dt : 0.0, "forks",
			      (json_int_t)(b->processes - a->processes));
	if (a->scx_events && b->scx_events) {
		json_t *ev = json_object();
		const char *k;
		json_t *v;
		json_object_foreach(b->scx_events, k, v) {
			json_int_t before = json_integer_value(json_object_get(a->scx_events, k));
			json_object_set_new(ev, k, json_integer(json_integer_value(v) - before));
		}
		json_object_set_new(o, "scx_events", ev);
	}
	return o;
}
