// SPDX-License-Identifier: GPL-2.0-only
/* scxb_loader — a minimal scheduler *program*, to test --sched-cmd.
 *
 * Why: `scxbench run --sched-cmd 'CMD'` must work with any scheduler
 * program (e.g. an scx binary): started in its own process group, detected
 * once sysfs says "enabled", stopped with SIGINT, its output and early exit
 * reported. The tests need such a program built from our own sources and
 * runnable offline, so this one loads any .bpf.o holding a sched_ext_ops
 * map with libbpf (nothing else from scxbench), like the scx loaders do:
 *
 *   scxb_loader [--partial] [--exit-after S] OBJ.bpf.o
 *
 *   --partial       OR SCX_OPS_SWITCH_PARTIAL into the ops flags (how the
 *                   partial probe asks a program for partial mode:
 *                   --sched-opt scxb_loader.partial_args=--partial)
 *   --exit-after S  unregister and exit with status 3 after S seconds by
 *                   itself (an early exit, as a crashing scheduler would)
 *
 * SIGINT/SIGTERM detach and exit 0. If the kernel ejects the scheduler the
 * program says so and exits 2, as scx programs do.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define SWITCH_PARTIAL (1ULL << 3)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int state_is(const char *want)
{
	char buf[64] = "";
	FILE *f = fopen("/sys/kernel/sched_ext/state", "re");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return strcmp(buf, want) == 0;
}

/* offset/size of member of struct sched_ext_ops in the object's BTF */
static int ops_member(struct bpf_object *obj, const char *name, size_t *off, size_t *size)
{
	struct btf *btf = bpf_object__btf(obj);
	if (!btf)
		return -1;
	__s32 id = btf__find_by_name_kind(btf, "sched_ext_ops", BTF_KIND_STRUCT);
	if (id < 0)
		return -1;
	const struct btf_type *t = btf__type_by_id(btf, (__u32)id);
	const struct btf_member *m = btf_members(t);
	for (unsigned i = 0; i < btf_vlen(t); i++, m++) {
		if (strcmp(btf__name_by_offset(btf, m->name_off), name) != 0)
			continue;
		*off = btf_member_bit_offset(t, i) / 8;
		__s64 sz = btf__resolve_size(btf, m->type);
		*size = sz > 0 ? (size_t)sz : 0;
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "partial", no_argument, NULL, 'p' },
		{ "exit-after", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	int partial = 0, c;
	double exit_after = 0;
	while ((c = getopt_long(argc, argv, "pe:", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			partial = 1;
			break;
		case 'e':
			exit_after = atof(optarg);
			break;
		default:
			fprintf(stderr, "usage: scxb_loader [--partial] [--exit-after S] OBJ.bpf.o\n");
			return 64;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: scxb_loader [--partial] [--exit-after S] OBJ.bpf.o\n");
		return 64;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	struct bpf_object *obj = bpf_object__open_file(argv[optind], NULL);
	if (!obj) {
		fprintf(stderr, "scxb_loader: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	struct bpf_map *m, *ops = NULL;
	bpf_object__for_each_map(m, obj) {
		if (bpf_map__type(m) == BPF_MAP_TYPE_STRUCT_OPS && !ops)
			ops = m;
		else if (bpf_map__type(m) == BPF_MAP_TYPE_STRUCT_OPS)
			bpf_map__set_autocreate(m, false);
	}
	if (!ops) {
		fprintf(stderr, "scxb_loader: %s has no struct_ops map\n", argv[optind]);
		return 1;
	}
	size_t off, size, total = 0;
	char *data = bpf_map__initial_value(ops, &total);
	const char *name = "?";
	if (data && ops_member(obj, "name", &off, &size) == 0 && off + size <= total)
		name = data + off;
	if (partial) {
		if (data && ops_member(obj, "flags", &off, &size) == 0 && size == 8 && off + 8 <= total) {
			unsigned long long f;
			memcpy(&f, data + off, 8);
			f |= SWITCH_PARTIAL;
			memcpy(data + off, &f, 8);
			printf("scxb_loader: partial mode (SCX_OPS_SWITCH_PARTIAL)\n");
		} else {
			printf("scxb_loader: warning: %s's sched_ext_ops has no flags field; cannot set SWITCH_PARTIAL\n",
			       name);
		}
	}
	if (bpf_object__load(obj) < 0) {
		fprintf(stderr, "scxb_loader: load failed: %s\n", strerror(errno));
		return 1;
	}
	struct bpf_link *link = bpf_map__attach_struct_ops(ops);
	if (!link) {
		fprintf(stderr, "scxb_loader: attach failed: %s\n", strerror(errno));
		return 1;
	}
	printf("scxb_loader: attached ops=%s\n", name);
	double t0 = now();
	int rc = 0;
	for (;;) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		if (stop) {
			printf("scxb_loader: signal %d: detaching\n", (int)stop);
			break;
		}
		if (exit_after > 0 && now() - t0 >= exit_after) {
			printf("scxb_loader: leaving by itself after %.1f s (--exit-after)\n", exit_after);
			rc = 3;
			break;
		}
		if (now() - t0 > 1 && !state_is("enabled") && !state_is("enabling")) {
			printf("scxb_loader: the kernel ejected the scheduler\n");
			rc = 2;
			break;
		}
	}
	bpf_link__destroy(link);
	bpf_object__close(obj);
	printf("scxb_loader: detached\n");
	return rc;
}
