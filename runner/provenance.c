// SPDX-License-Identifier: GPL-2.0-only
/* See provenance.h. Topology comes from sysfs rather than /proc/cpuinfo so
 * that SMT siblings and NUMA nodes of a VM preset are seen as the guest
 * kernel sees them. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "runner/provenance.h"

#ifndef SCXB_VERSION
#define SCXB_VERSION "0.0.0"
#endif
#ifndef SCXB_GIT_HASH
#define SCXB_GIT_HASH "unknown"
#endif

void iso_time_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

json_t *provenance_tool(void)
{
	return json_pack("{s:s, s:s, s:s}", "name", "scxbench", "version", SCXB_VERSION, "git", SCXB_GIT_HASH);
}

static int read_int(const char *path)
{
	FILE *f = fopen(path, "re");
	int v = -1;
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

json_t *provenance_topology(void)
{
	int cpus = online_cpus(), cores = 0, max_threads = 1;
	int seen[1024][2];
	int nseen = 0;
	for (int c = 0; c < cpus && c < 1024; c++) {
		char p[256];
		snprintf(p, sizeof(p), "/sys/devices/system/cpu/cpu%d/topology/core_id", c);
		int core = read_int(p);
		snprintf(p, sizeof(p), "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", c);
		int pkg = read_int(p);
		int found = 0;
		for (int i = 0; i < nseen; i++)
			if (seen[i][0] == core && seen[i][1] == pkg)
				found = 1;
		if (!found && nseen < 1024) {
			seen[nseen][0] = core;
			seen[nseen][1] = pkg;
			nseen++;
		}
		char sib[256];
		snprintf(p, sizeof(p), "/sys/devices/system/cpu/cpu%d/topology/thread_siblings_list", c);
		FILE *f = fopen(p, "re");
		if (f && fgets(sib, sizeof(sib), f)) {
			int t = 1;
			for (char *s = sib; *s; s++)
				if (*s == ',')
					t++;
			char *dash = strchr(sib, '-');
			if (dash)
				t = atoi(dash + 1) - atoi(sib) + 1;
			if (t > max_threads)
				max_threads = t;
		}
		if (f)
			fclose(f);
	}
	cores = nseen;
	int nodes = 0;
	DIR *d = opendir("/sys/devices/system/node");
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, "node", 4) && e->d_name[4] >= '0' && e->d_name[4] <= '9')
				nodes++;
		closedir(d);
	}
	char model[256] = "unknown", line[512];
	FILE *f = fopen("/proc/cpuinfo", "re");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "model name", 10)) {
				char *c = strchr(line, ':');
				if (c) {
					snprintf(model, sizeof(model), "%s", c + 2);
					model[strcspn(model, "\n")] = '\0';
				}
				break;
			}
		fclose(f);
	}
	const char *preset = getenv("SCXBENCH_TOPOLOGY");
	return json_pack("{s:i, s:i, s:i, s:i, s:s, s:s}", "cpus", cpus, "cores", cores,
			 "threads_per_core", max_threads, "nodes", nodes ? nodes : 1, "model", model,
			 "preset", preset && *preset ? preset : "host");
}

json_t *provenance_collect(const struct run_opts *o)
{
	struct utsname u;
	char started[64], host[256] = "";
	uname(&u);
	gethostname(host, sizeof(host) - 1);
	iso_time_now(started, sizeof(started));
	json_t *argv = json_array(), *wl = json_array(), *pr = json_array();
	for (int i = 0; i < o->argc; i++)
		json_array_append_new(argv, json_string(o->argv[i]));
	for (int i = 0; i < o->nr_workloads; i++)
		json_array_append_new(wl, json_string(o->workloads[i]));
	for (int i = 0; i < o->nr_probes; i++)
		json_array_append_new(pr, json_string(o->probes[i]));
	json_t *p = json_pack("{s:s, s:s, s:s, s:i, s:o, s:s, s:o, s:{s:f, s:i, s:f, s:f, s:o, s:o}}",
			      "kernel", u.release, "kernel_version", u.version, "hostname", host, "cpus",
			      online_cpus(), "topology", provenance_topology(), "started", started, "argv",
			      argv, "params", "duration_s", o->duration_s, "repeat", o->repeat,
			      "timeout_factor", o->timeout_factor, "tracer_duty_pct", o->no_tracer ? 0.0 : o->tracer_duty,
			      "workloads", wl, "probes", pr);
	/* run-time statistics perturb latency a little: say they were on */
	if (o->bpf_stats)
		json_object_set_new(json_object_get(p, "params"), "bpf_stats", json_true());
	/* a shard's results are a part of a plan: merge checks parts by it */
	if (o->shard.count) {
		json_t *sh = json_pack("{s:i, s:i}", "index", o->shard.index, "count", o->shard.count);
		if (o->shard.cells)
			json_object_update_new(sh, json_pack("{s:i, s:i}", "cell", o->shard.cell, "cells", o->shard.cells));
		json_object_set_new(json_object_get(p, "params"), "shard", sh);
	}
	const char *accel = getenv("SCXBENCH_VM_ACCEL");
	if (accel && *accel)
		json_object_set_new(p, "vm", json_pack("{s:b, s:s}", "used", 1, "accel", accel));
	else
		json_object_set_new(p, "vm", json_pack("{s:b}", "used", 0));
	return p;
}
