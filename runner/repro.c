// SPDX-License-Identifier: GPL-2.0-only
/* See repro.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner/repro.h"
#include "runner/vm_internal.h"

struct buf {
	char s[8192];
	size_t n;
};

static void put(struct buf *b, const char *s)
{
	size_t l = strlen(s);
	if (b->n + l + 1 < sizeof(b->s)) {
		memcpy(b->s + b->n, s, l + 1);
		b->n += l;
	}
}

/* One shell word: as is when safe, else single-quoted. */
static void word(struct buf *b, const char *w)
{
	bool plain = *w != '\0';
	for (const char *c = w; *c && plain; c++)
		plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-=./:,@%", *c);
	put(b, " ");
	if (plain) {
		put(b, w);
		return;
	}
	put(b, "'");
	for (const char *c = w; *c; c++) {
		char one[2] = { *c, 0 };
		put(b, *c == '\'' ? "'\\''" : one);
	}
	put(b, "'");
}

static void flag(struct buf *b, const char *f, const char *v)
{
	word(b, f);
	word(b, v);
}

static void join(char *out, size_t len, char *const *items, int n)
{
	size_t used = 0;
	for (int i = 0; i < n; i++) {
		int w = snprintf(out + used, len - used, "%s%s", used ? "," : "", items[i]);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
}

void repro_diag(json_t *diag, const struct run_opts *o, const struct sched_spec *row,
		const char *workload, const char *probe)
{
	struct buf b = { .n = 0 };
	char self[PATH_MAX], num[64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	put(&b, n > 0 ? self : "scxbench");
	put(&b, " run");
	/* inside ci/vm: the same kernel and topology, booted again */
	const char *kernel = getenv("SCXBENCH_VM_KERNEL"), *topo = getenv("SCXBENCH_TOPOLOGY");
	if (getenv("SCXBENCH_IN_VM") && kernel && *kernel) {
		put(&b, " --vm");
		flag(&b, "--kernel", kernel);
		if (topo && *topo && vm_topology_known(topo)) {
			flag(&b, "--topology", topo);
		} else if (topo && atoi(topo) > 0) {
			snprintf(num, sizeof(num), "%d", atoi(topo)); /* "3cpu" */
			flag(&b, "--vm-cpus", num);
		}
	}
	if (row) {
		put(&b, " --no-baseline");
		/* the row keeps its name (NAME=), so --sched-opt and the
		 * results name it as in the run that failed */
		char named[4200];
		const char *what = row->kind == SCHED_OBJ || row->kind == SCHED_CMD ? row->path : sched_object_name(row);
		if (row->named)
			snprintf(named, sizeof(named), "%s=%s", row->name, what);
		else
			snprintf(named, sizeof(named), "%s", what);
		flag(&b, row->kind == SCHED_OBJ ? "--sched-obj" : row->kind == SCHED_CMD ? "--sched-cmd" : "--sched",
		     named);
		for (int i = 0; i < row->nr_opts; i++) {
			char opt[512];
			snprintf(opt, sizeof(opt), "%s.%s=%s", row->name, row->opts[i].key, row->opts[i].value);
			flag(&b, "--sched-opt", opt);
		}
	}
	/* neither: the row's lifecycle (attach/detach), which depends on all
	 * that ran while it was attached */
	char wl_all[2048] = "", pr_all[2048] = "";
	if (!workload && !probe) {
		join(wl_all, sizeof(wl_all), o->workloads, o->nr_workloads);
		join(pr_all, sizeof(pr_all), o->probes, o->nr_probes);
		workload = wl_all[0] ? wl_all : NULL;
		probe = pr_all[0] ? pr_all : NULL;
	}
	flag(&b, "--workload", workload ? workload : "none");
	flag(&b, "--probe", probe ? probe : "none");
	snprintf(num, sizeof(num), "%g", o->duration_s);
	flag(&b, "--duration", num);
	snprintf(num, sizeof(num), "%d", workload ? o->repeat : 1);
	flag(&b, "--repeat", num);
	char out[4200];
	snprintf(out, sizeof(out), "%s-repro", o->out_dir);
	flag(&b, "--out", out);
	json_object_set_new(diag, "repro", json_string(b.s));
}
