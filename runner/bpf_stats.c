// SPDX-License-Identifier: GPL-2.0-only
/* See bpf_stats.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "runner/bpf_stats.h"

int bpf_stats_enable(char *err, size_t errlen)
{
	int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (fd < 0) {
		/* libbpf returns -errno and sets errno */
		int e = errno ? errno : -fd;
		snprintf(err, errlen, "--bpf-stats: the kernel refused to turn on BPF run-time statistics "
			 "(BPF_ENABLE_STATS): %s", strerror(e));
		return -1;
	}
	return fd;
}

static int prog_info(int fd, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);
	memset(info, 0, sizeof(*info));
	return bpf_prog_get_info_by_fd(fd, info, &len);
}

int bpf_stats_prog_read(int prog_fd, uint64_t *runs, uint64_t *ns)
{
	struct bpf_prog_info info;
	if (prog_fd < 0 || prog_info(prog_fd, &info) < 0)
		return -1;
	*runs = info.run_cnt;
	*ns = info.run_time_ns;
	return 0;
}

void bpf_stats_snap_obj(struct bpf_object *obj, struct bpf_stats_snap *s)
{
	struct bpf_program *p;
	uint64_t runs, ns;
	s->n = 0;
	bpf_object__for_each_program(p, obj) {
		if (bpf_program__type(p) != BPF_PROG_TYPE_STRUCT_OPS)
			continue;
		if (bpf_stats_prog_read(bpf_program__fd(p), &runs, &ns) == 0)
			bpf_stats_snap_add(s, bpf_program__name(p), runs, ns);
	}
}

uint64_t bpf_stats_boottime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* vmlinux's type id of struct sched_ext_ops, what a scheduler's struct_ops
 * programs attach to (0: not found). Looked up once: parsing vmlinux's BTF
 * is slow under TCG. */
static __u32 sched_ext_ops_type_id(void)
{
	static __u32 id;
	static int looked;
	if (!looked) {
		looked = 1;
		struct btf *btf = btf__load_vmlinux_btf();
		if (btf) {
			int t = btf__find_by_name_kind(btf, "sched_ext_ops", BTF_KIND_STRUCT);
			id = t > 0 ? (__u32)t : 0;
			btf__free(btf);
		}
	}
	return id;
}

int bpf_stats_snap_loaded_since(uint64_t since_ns, struct bpf_stats_snap *s)
{
	__u32 id = 0, ops = sched_ext_ops_type_id();
	s->n = 0;
	if (!ops)
		return -1;
	while (bpf_prog_get_next_id(id, &id) == 0) {
		int fd = bpf_prog_get_fd_by_id(id);
		struct bpf_prog_info info;
		if (fd < 0)
			continue; /* unloaded meanwhile */
		if (prog_info(fd, &info) == 0 && info.type == BPF_PROG_TYPE_STRUCT_OPS &&
		    info.attach_btf_id == ops && info.load_time >= since_ns) {
			char name[sizeof(info.name) + 1];
			snprintf(name, sizeof(name), "%.*s", (int)sizeof(info.name), info.name);
			bpf_stats_snap_add(s, name, info.run_cnt, info.run_time_ns);
		}
		close(fd);
	}
	return 0;
}

/* ---- pure parts ----------------------------------------------------------- */
void bpf_stats_snap_add(struct bpf_stats_snap *s, const char *name, uint64_t runs, uint64_t ns)
{
	if (s->n >= BPF_STATS_MAX_PROGS)
		return;
	struct bpf_prog_stat *p = &s->prog[s->n++];
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->runs = runs;
	p->ns = ns;
}

static const struct bpf_prog_stat *find(const struct bpf_stats_snap *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->prog[i].name, name))
			return &s->prog[i];
	return NULL;
}

json_t *bpf_stats_delta_json(const struct bpf_stats_snap *before, const struct bpf_stats_snap *after,
			     double elapsed_s)
{
	json_t *progs = json_object();
	uint64_t runs = 0, ns = 0;
	for (int i = 0; i < after->n; i++) {
		const struct bpf_prog_stat *a = &after->prog[i], *b = find(before, a->name);
		/* the same name loaded anew starts again from 0 */
		bool fresh = !b || a->runs < b->runs || a->ns < b->ns;
		uint64_t dr = fresh ? a->runs : a->runs - b->runs, dn = fresh ? a->ns : a->ns - b->ns;
		json_object_set_new(progs, a->name, json_pack("{s:I, s:I}", "runs", (json_int_t)dr, "ns", (json_int_t)dn));
		runs += dr;
		ns += dn;
	}
	json_t *rec = json_pack("{s:o, s:I, s:I}", "programs", progs, "runs", (json_int_t)runs, "ns", (json_int_t)ns);
	if (elapsed_s > 0)
		json_object_set_new(rec, "ns_per_s", json_real((double)ns / elapsed_s));
	return rec;
}

static int by_ns_desc(const void *a, const void *b)
{
	const struct bpf_prog_stat *x = a, *y = b;
	return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : strcmp(x->name, y->name);
}

void bpf_stats_line(const json_t *rec, int top, char *buf, size_t len)
{
	struct bpf_stats_snap *s = calloc(1, sizeof(*s));
	const char *name;
	json_t *p;
	size_t used;
	if (!s) {
		snprintf(buf, len, "bpf: out of memory");
		return;
	}
	json_object_foreach(json_object_get(rec, "programs"), name, p)
		if (json_integer_value(json_object_get(p, "runs")) > 0)
			bpf_stats_snap_add(s, name, (uint64_t)json_integer_value(json_object_get(p, "runs")),
					   (uint64_t)json_integer_value(json_object_get(p, "ns")));
	qsort(s->prog, (size_t)s->n, sizeof(s->prog[0]), by_ns_desc);
	used = (size_t)snprintf(buf, len, "bpf:%s", s->n ? "" : " no program ran");
	for (int i = 0; i < s->n && i < top && used < len; i++) {
		double per = (double)s->prog[i].ns / (double)s->prog[i].runs;
		bool us = per >= 1000;
		used += (size_t)snprintf(buf + used, len - used, "%s %s %.*f %s x %llu", i ? "," : "",
					 s->prog[i].name, us ? 1 : 0, us ? per / 1000 : per, us ? "us" : "ns",
					 (unsigned long long)s->prog[i].runs);
	}
	json_t *rate = json_object_get(rec, "ns_per_s");
	if (s->n > top && used < len)
		used += (size_t)snprintf(buf + used, len - used, ", ...");
	if (s->n && rate && used < len)
		snprintf(buf + used, len - used, " (all: %.0f us/s)", json_number_value(rate) / 1000);
	free(s);
}
