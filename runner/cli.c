// SPDX-License-Identifier: GPL-2.0-only
/* See cli.h. Parsing is pure (no root, no kernel access) so it is unit
 * tested on the host. */
#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conformance/probe.h"
#include "runner/cli.h"
#include "runner/embedded.h"
#include "runner/optable.h"
#include "workloads/workload.h"

/* bundled schedulers in the order rows are run and listed */
static const char *const bundled_order[] = { "simple", "fifo", "vtime", "central", "deadline", "layered" };

int cli_bundled_rank(const char *name)
{
	for (size_t i = 0; i < sizeof(bundled_order) / sizeof(bundled_order[0]); i++)
		if (!strcmp(bundled_order[i], name))
			return (int)i;
	return (int)(sizeof(bundled_order) / sizeof(bundled_order[0]));
}

/* "NAME=REST": a row name the user chose. NAME is a plain word (letters,
 * digits, '_', '-', '.') so a command's own "--opt=value" or a path with
 * '=' in a directory is never mistaken for one. Returns REST, or arg itself
 * when there is no name (name then ""). */
static const char *split_row_name(const char *arg, char *name, size_t len)
{
	size_t n = strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");
	name[0] = '\0';
	if (n == 0 || arg[n] != '=' || n >= len || arg[0] == '-' || arg[0] == '.')
		return arg;
	snprintf(name, len, "%.*s", (int)n, arg);
	return arg + n + 1;
}

/* named: the user chose the name (NAME=) */
static int add_row(struct run_opts *o, enum sched_kind kind, const char *name, bool named, const char *path,
		   char *err, size_t errlen)
{
	if (o->nr_rows >= CLI_MAX_ROWS) {
		snprintf(err, errlen, "too many schedulers (max %d)", CLI_MAX_ROWS);
		return -1;
	}
	for (int i = 0; i < o->nr_rows; i++)
		if (!strcmp(o->rows[i].name, name)) {
			snprintf(err, errlen, "scheduler '%s' given twice: name the rows to run it twice "
				 "(e.g. --sched-obj a=FILE --sched-obj b=FILE, --sched a=%s,b=%s)", name, name, name);
			return -1;
		}
	if (!strcmp(name, "eevdf") || !strcmp(name, "kernel")) {
		snprintf(err, errlen, "scheduler row name '%s' is taken (the %s row): choose another with NAME=",
			 name, !strcmp(name, "eevdf") ? "baseline" : "kernel probes'");
		return -1;
	}
	struct sched_spec *s = &o->rows[o->nr_rows++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->named = named;
	snprintf(s->name, sizeof(s->name), "%s", name);
	if (path)
		snprintf(s->path, sizeof(s->path), "%s", path);
	return 0;
}

static int add_bundled(struct run_opts *o, const char *list, char *err, size_t errlen)
{
	char *copy = strdup(list), *save = NULL;
	int rc = 0;
	for (char *n = strtok_r(copy, ",", &save); n && !rc; n = strtok_r(NULL, ",", &save)) {
		if (!strcmp(n, "eevdf"))
			continue;
		if (!strcmp(n, "all")) {
			for (size_t i = 0; i < sizeof(bundled_order) / sizeof(bundled_order[0]); i++)
				if (embedded_find(bundled_order[i], EMBED_SCHEDULER) &&
				    add_row(o, SCHED_BUNDLED, bundled_order[i], false, NULL, err, errlen))
					rc = -1;
			continue;
		}
		char row[64];
		const char *obj = split_row_name(n, row, sizeof(row));
		if (!embedded_find(obj, EMBED_SCHEDULER)) {
			snprintf(err, errlen, "--sched: unknown scheduler '%s' (see: scxbench list)", obj);
			rc = -1;
		} else if (!(rc = add_row(o, SCHED_BUNDLED, row[0] ? row : obj, row[0] != '\0', NULL, err, errlen))) {
			snprintf(o->rows[o->nr_rows - 1].object, sizeof(o->rows[0].object), "%s", obj);
		}
	}
	free(copy);
	return rc;
}

/* basename without ".bpf.o"/".o" */
static void obj_row_name(const char *path, char *out, size_t len)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	snprintf(out, len, "%s", b);
	char *dot = strstr(out, ".bpf.o");
	if (!dot)
		dot = strstr(out, ".o");
	if (dot && dot != out)
		*dot = '\0';
}

static void cmd_row_name(const char *cmd, char *out, size_t len)
{
	size_t n = strcspn(cmd, " \t");
	char prog[256];
	snprintf(prog, sizeof(prog), "%.*s", (int)(n < sizeof(prog) - 1 ? n : sizeof(prog) - 1), cmd);
	const char *b = strrchr(prog, '/');
	b = b ? b + 1 : prog;
	size_t bl = strlen(b);
	if (bl >= len)
		bl = len - 1;
	memcpy(out, b, bl);
	out[bl] = '\0';
}

/* A row of a BPF object or a program: named by the user (NAME=, name
 * already set), else after its file or its program. */
static int add_path_row(struct run_opts *o, enum sched_kind kind, char *name, size_t len, const char *path,
			char *err, size_t errlen)
{
	bool named = name[0] != '\0';
	if (!named)
		(kind == SCHED_OBJ ? obj_row_name : cmd_row_name)(path, name, len);
	return add_row(o, kind, name, named, path, err, errlen);
}

static int add_items(char **arr, int *nr, const char *list, const char *flag, char *err, size_t errlen)
{
	/* Commas separate items, but an item's argument (after ':') may hold
	 * commas itself ("stress-ng:cpu,pipe", "cmd:make a,b"): the first
	 * item with a ':' takes the rest of the text. */
	const char *s = list;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (memchr(s, ':', len))
			len = strlen(s);
		if (*nr >= CLI_MAX_ITEMS)
			goto many;
		if (len)
			arr[(*nr)++] = strndup(s, len);
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
many:
	snprintf(err, errlen, "%s: too many items (max %d)", flag, CLI_MAX_ITEMS);
	return -1;
}

static int expand_workloads(struct run_opts *o, char *err, size_t errlen)
{
	char *in[CLI_MAX_ITEMS];
	int n = o->nr_workloads;
	memcpy(in, o->workloads, sizeof(in[0]) * (size_t)n);
	o->nr_workloads = 0;
	if (n == 0)
		in[n++] = strdup("all");
	int rc = 0;
	for (int i = 0; i < n; i++) {
		if (rc) {
			free(in[i]);
			continue;
		}
		if (!strcmp(in[i], "none")) {
			free(in[i]);
			continue;
		}
		if (!strcmp(in[i], "all")) {
			for (size_t k = 0; k < workload_count(); k++) {
				const struct workload *w = workload_at(k);
				if (!strcmp(w->name, "cmd"))
					continue; /* needs the user's command */
				if (o->nr_workloads < CLI_MAX_ITEMS)
					o->workloads[o->nr_workloads++] = strdup(w->name);
			}
			free(in[i]);
			continue;
		}
		const struct workload *w = workload_find(in[i]);
		if (!w) {
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(in[i], ":"), in[i]);
			snprintf(err, errlen, "--workload: unknown workload '%s' (see: scxbench list)", name);
			rc = -1;
			free(in[i]);
			continue;
		}
		if (strchr(in[i], ':') && !w->takes_arg) {
			snprintf(err, errlen, "--workload: '%s' takes no argument", w->name);
			rc = -1;
			free(in[i]);
			continue;
		}
		/* 'all' may have expanded to many: the array is fixed-size
		 * (found by tests/fuzz/fuzz_cli: index 64 out of bounds) */
		if (o->nr_workloads >= CLI_MAX_ITEMS) {
			snprintf(err, errlen, "--workload: too many workloads (max %d)", CLI_MAX_ITEMS);
			rc = -1;
			free(in[i]);
			continue;
		}
		o->workloads[o->nr_workloads++] = in[i];
	}
	return rc;
}

static int expand_probes(struct run_opts *o, char *err, size_t errlen)
{
	char *in[CLI_MAX_ITEMS];
	int n = o->nr_probes, rc = 0;
	memcpy(in, o->probes, sizeof(in[0]) * (size_t)n);
	o->nr_probes = 0;
	if (n == 0)
		in[n++] = strdup("all");
	for (int i = 0; i < n; i++) {
		if (!rc && !strcmp(in[i], "all")) {
			for (size_t k = 0; k < probe_count() && o->nr_probes < CLI_MAX_ITEMS; k++)
				o->probes[o->nr_probes++] = strdup(probe_at(k)->name);
		} else if (!rc && strcmp(in[i], "none") != 0) {
			if (!probe_find(in[i])) {
				snprintf(err, errlen, "--probe: unknown probe '%s' (see: scxbench list)", in[i]);
				rc = -1;
			} else if (o->nr_probes >= CLI_MAX_ITEMS) {
				/* after 'all' (found by tests/fuzz/fuzz_cli) */
				snprintf(err, errlen, "--probe: too many probes (max %d)", CLI_MAX_ITEMS);
				rc = -1;
			} else {
				o->probes[o->nr_probes++] = in[i];
				continue;
			}
		}
		free(in[i]);
	}
	return rc;
}

static int add_sched_opt(struct run_opts *o, const char *arg, char *err, size_t errlen)
{
	const char *dot = strchr(arg, '.'), *eq = strchr(arg, '=');
	if (!dot || !eq || eq < dot || dot == arg || eq == dot + 1) {
		snprintf(err, errlen, "--sched-opt '%s': expected NAME.KEY=VALUE", arg);
		return -1;
	}
	char name[64];
	snprintf(name, sizeof(name), "%.*s", (int)(dot - arg), arg);
	for (int i = 0; i < o->nr_rows; i++) {
		struct sched_spec *s = &o->rows[i];
		if (strcmp(s->name, name) != 0)
			continue;
		if (s->nr_opts >= SCHED_MAX_OPTS) {
			snprintf(err, errlen, "--sched-opt: too many options for '%s'", name);
			return -1;
		}
		struct sched_opt *op = &s->opts[s->nr_opts++];
		snprintf(op->key, sizeof(op->key), "%.*s", (int)(eq - dot - 1), dot + 1);
		snprintf(op->value, sizeof(op->value), "%s", eq + 1);
		return probe_check_sched_opt(name, op->key, op->value, err, errlen);
	}
	snprintf(err, errlen, "--sched-opt '%s': scheduler '%s' is not selected (give --sched %s first)",
		 arg, name, name);
	return -1;
}

/* The state the flags' handlers work on. */
struct run_parse {
	struct run_opts *o;
	/* --sched-opt names rows: applied once every row is known */
	const char *sched_opts[CLI_MAX_ITEMS];
	int nr_sched_opts;
};

static struct run_opts *opts_of(void *ctx)
{
	return ((struct run_parse *)ctx)->o;
}

static int flag_all(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	(void)row, (void)arg;
	return add_bundled(opts_of(ctx), "all", err, errlen);
}

static int flag_sched(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	(void)row;
	return add_bundled(opts_of(ctx), arg, err, errlen);
}

static int flag_sched_obj(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	char name[64] = "";
	(void)row;
	/* a file literally named "x=y.bpf.o" stays a file */
	const char *file = access(arg, F_OK) == 0 ? arg : split_row_name(arg, name, sizeof(name));
	if (access(file, R_OK) < 0) {
		snprintf(err, errlen, "--sched-obj %s: %s", file, strerror(errno));
		return -1;
	}
	return add_path_row(opts_of(ctx), SCHED_OBJ, name, sizeof(name), file, err, errlen);
}

static int flag_sched_cmd(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	char name[64];
	(void)row;
	const char *cmd = split_row_name(arg, name, sizeof(name));
	if (!cmd[0] || strspn(cmd, " \t") == strlen(cmd)) {
		snprintf(err, errlen, "--sched-cmd: empty command");
		return -1;
	}
	return add_path_row(opts_of(ctx), SCHED_CMD, name, sizeof(name), cmd, err, errlen);
}

static int flag_sched_opt(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_parse *p = ctx;
	(void)row;
	if (p->nr_sched_opts >= CLI_MAX_ITEMS) {
		snprintf(err, errlen, "--sched-opt: too many");
		return -1;
	}
	p->sched_opts[p->nr_sched_opts++] = arg;
	return 0;
}

static int flag_workload(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_opts *o = opts_of(ctx);
	(void)row;
	return add_items(o->workloads, &o->nr_workloads, arg, "--workload", err, errlen);
}

static int flag_probe(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_opts *o = opts_of(ctx);
	(void)row;
	return add_items(o->probes, &o->nr_probes, arg, "--probe", err, errlen);
}

static int flag_order(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_opts *o = opts_of(ctx);
	if (!strcmp(arg, "interleaved"))
		o->order = RUN_ORDER_INTERLEAVED;
	else if (!strcmp(arg, "sequential"))
		o->order = RUN_ORDER_SEQUENTIAL;
	else
		return opt_bad_value(row, arg, err, errlen);
	return 0;
}

/* 600, 600s, 10m, 1h */
static int flag_budget(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	char num[32];
	size_t len = strlen(arg);
	double mult = 1, v;
	if (len && len < sizeof(num) && strchr("smh", arg[len - 1])) {
		mult = arg[len - 1] == 'h' ? 3600 : arg[len - 1] == 'm' ? 60 : 1;
		len--;
	}
	snprintf(num, sizeof(num), "%.*s", (int)(len < sizeof(num) ? len : 0), arg);
	if (len >= sizeof(num) || opt_parse_double(num, &v) || !opt_in_range(row, v * mult))
		return opt_bad_value(row, arg, err, errlen);
	opts_of(ctx)->budget_s = v * mult;
	return 0;
}

static int set_dir(char *dir, size_t len, const char *flag, const char *arg, char *err, size_t errlen)
{
	if (!arg[0] || strlen(arg) >= len - 64) {
		snprintf(err, errlen, "--%s: invalid directory name", flag);
		return -1;
	}
	snprintf(dir, len, "%s", arg);
	return 0;
}

static int flag_out(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_opts *o = opts_of(ctx);
	return set_dir(o->out_dir, sizeof(o->out_dir), row->name, arg, err, errlen);
}

/* `--resume [DIR]`: DIR, when given, is the run to continue */
static int flag_resume(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_opts *o = opts_of(ctx);
	o->resume = true;
	return arg ? set_dir(o->out_dir, sizeof(o->out_dir), row->name, arg, err, errlen) : 0;
}

static int flag_kernel(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_opts *o = opts_of(ctx);
	(void)row;
	if (o->nr_kernels >= CLI_MAX_KERNELS) {
		snprintf(err, errlen, "--kernel: at most %d kernels", CLI_MAX_KERNELS);
		return -1;
	}
	o->kernels[o->nr_kernels++] = (char *)arg;
	return 0;
}

static int flag_vm_mem(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_opts *o = opts_of(ctx);
	size_t len = strlen(arg), digits = strspn(arg, "0123456789");
	if (len >= sizeof(o->vm_mem) || digits == 0 || digits < len - 1 ||
	    !strchr("0123456789MGmg", arg[len - 1]))
		return opt_bad_value(row, arg, err, errlen);
	snprintf(o->vm_mem, sizeof(o->vm_mem), "%s", arg);
	return 0;
}

/* repeatable and comma-separated: --vm boots once per preset; the names
 * are checked by runner/vm_plan.c */
static int flag_topology(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_opts *o = opts_of(ctx);
	size_t have = strlen(o->topology);
	(void)row;
	if (have + 1 + strlen(arg) >= sizeof(o->topology)) {
		snprintf(err, errlen, "--topology: too many presets");
		return -1;
	}
	snprintf(o->topology + have, sizeof(o->topology) - have, "%s%s", have ? "," : "", arg);
	return 0;
}

static int flag_help(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	(void)ctx, (void)row, (void)arg;
	snprintf(err, errlen, "help");
	return -1;
}

/* Comma-separated items of a list ("a,b" -> 2). */
static int count_items(const char *list)
{
	int n = 0;
	for (const char *s = list; *s;) {
		size_t len = strcspn(s, ",");
		n += len > 0;
		s += len + (s[len] == ',');
	}
	return n;
}

/* --shard: every shard must get a part of the plan; without --vm the rows
 * are cut to this shard's here, with --vm per boot (runner/vm_plan.c). */
static int apply_shard(struct run_opts *o, char *err, size_t errlen)
{
	struct shard *s = &o->shard;
	if (s->cells && !s->count) {
		snprintf(err, errlen, "--shard-cell: only with --shard (--vm sets it for each boot)");
		return -1;
	}
	if (!s->count)
		return 0;
	if (s->cells && o->vm) {
		snprintf(err, errlen, "--shard-cell: set by --vm itself, not with it");
		return -1;
	}
	int unit_of[CLI_MAX_ROWS];
	int units = shard_row_units(o->rows, o->nr_rows, unit_of);
	int kernels = o->nr_kernels > 0 ? o->nr_kernels : 1, topos = count_items(o->topology);
	int cells = o->vm ? kernels * (topos > 0 ? topos : 1) : s->cells > 0 ? s->cells : 1;
	if (s->count > cells * units) {
		snprintf(err, errlen, "--shard %d/%d: the plan has only %d part%s (%d kernel x topology cell%s x %d "
			 "scheduler row unit%s): use at most %d shard%s", s->index, s->count, cells * units,
			 cells * units == 1 ? "" : "s", cells, cells == 1 ? "" : "s", units, units == 1 ? "" : "s",
			 cells * units, cells * units == 1 ? "" : "s");
		return -1;
	}
	if (o->vm)
		return 0;
	/* kernel-scope probes once per cell: in the shard with its first unit */
	if (!shard_has(s, cells, units, s->cells ? s->cell - 1 : 0, 0)) {
		int kept = 0;
		for (int i = 0; i < o->nr_probes; i++) {
			if (probe_find(o->probes[i])->flags & PROBE_KERNEL)
				free(o->probes[i]);
			else
				o->probes[kept++] = o->probes[i];
		}
		o->nr_probes = kept;
	}
	o->nr_rows = shard_filter_rows(s, o->rows, o->nr_rows);
	return 0;
}

/* --shard I/N and --shard-cell C/K: checked against the plan after parsing (apply_shard) */
static int flag_shard(void *ctx, const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	struct run_opts *o = opts_of(ctx);
	if (row->name[5] == '-') /* shard-cell */
		return shard_parse(arg, "--shard-cell", &o->shard.cell, &o->shard.cells, err, errlen);
	return shard_parse(arg, "--shard", &o->shard.index, &o->shard.count, err, errlen);
}

#define AT(field) offsetof(struct run_opts, field)

/* Every flag of `run`, in the order --help lists them. A new flag is a row:
 * a number with its range, a switch, or a handler above. */
static const struct opt_row run_flags[] = {
	{ .section = "schedulers (rows):", .name = "all", .kind = OPT_CALL, .apply = flag_all,
	  .help = "every bundled scheduler (see: scxbench list)" },
	{ .name = "sched", .arg = "NAME[,NAME...]", .kind = OPT_CALL, .apply = flag_sched,
	  .help = "bundled schedulers by name ('eevdf' = baseline only)" },
	{ .name = "sched-obj", .arg = "[NAME=]FILE.bpf.o", .kind = OPT_CALL, .apply = flag_sched_obj,
	  .help = "any BPF object with a sched_ext_ops struct_ops map (repeatable)" },
	{ .name = "sched-cmd", .arg = "'[NAME=]CMD ARGS'", .kind = OPT_CALL, .apply = flag_sched_cmd,
	  .help = "a scheduler program, stopped with SIGINT (repeatable)\n"
		  "NAME= names the row (also --sched NAME=BUNDLED): two builds of one\n"
		  "scheduler as rows base and cand of one run, compared in one boot\n"
		  "with: scxbench compare OUT --base-row base --cand-row cand" },
	{ .name = "sched-opt", .arg = "NAME.KEY=VAL", .kind = OPT_CALL, .apply = flag_sched_opt,
	  .help = "set a scheduler tunable (repeatable); NAME.ignores=weights,cgroup-weights,lowprio-wait\n"
		  "declares properties its policy does not have (measured, not failed)" },
	{ .name = "no-baseline", .kind = OPT_SET_TRUE, .field = AT(no_baseline), .help = "skip the EEVDF row" },
	{ .name = "force-replace", .kind = OPT_SET_TRUE, .field = AT(force_replace),
	  .help = "(reserved) never displaces a loaded scheduler today" },

	{ .section = "what to run:", .name = "workload", .arg = "NAME[,...]", .kind = OPT_CALL,
	  .apply = flag_workload,
	  .help = "workloads, 'all' (default) or 'none'; NAME:ARG passes ARG\n"
		  "(e.g. --workload 'cmd:make -j8')" },
	{ .name = "probe", .arg = "NAME[,...]", .kind = OPT_CALL, .apply = flag_probe,
	  .help = "conformance probes, 'all' (default) or 'none'" },
	{ .name = "duration", .arg = "S", .kind = OPT_NUMBER, .field = AT(duration_s), .num = OPT_DOUBLE,
	  .lo = 0, .lo_open = 1, .hi = 3600, .expect = "seconds in (0, 3600]",
	  .help = "seconds per workload repeat (default 2: run --all fits 15 min)" },
	{ .name = "repeat", .arg = "N", .kind = OPT_NUMBER, .field = AT(repeat), .num = OPT_INT,
	  .lo = 1, .hi = 1000, .whole = 1, .expect = "a whole number 1..1000",
	  .help = "repeats per workload (default 3)" },
	{ .name = "order", .arg = "interleaved|sequential", .kind = OPT_CALL, .apply = flag_order,
	  .expect = "interleaved or sequential",
	  .help = "interleaved (default): repeat r of every row and workload runs\n"
		  "in round r, rows in an order rotated per round, so drift hits\n"
		  "every row alike and rows pair by round; sequential: row by row" },
	{ .name = "seed", .arg = "N", .kind = OPT_NUMBER, .field = AT(seed), .num = OPT_U64,
	  .lo = 0, .hi = 9007199254740991.0, .whole = 1, .expect = "a whole number 0..2^53-1",
	  .help = "seed of the rows' order within rounds (default 1; recorded)" },
	{ .name = "budget", .arg = "T", .kind = OPT_CALL, .apply = flag_budget, .lo = 60, .hi = 7 * 86400,
	  .expect = "a time of 1 minute to 7 days, e.g. 600, 10m, 1h",
	  .help = "time for the whole run (600, 10m, 1h): rounds go on while the\n"
		  "next one and the probes still fit (at least 3; --repeat N caps\n"
		  "them, default cap 50); the run then states the smallest change\n"
		  "it can detect from the noise it measured" },
	{ .name = "item-timeout", .arg = "S", .kind = OPT_NUMBER, .field = AT(item_timeout_s), .num = OPT_DOUBLE,
	  .lo = 0, .lo_open = 1, .hi = 86400, .expect = "seconds in (0, 86400]",
	  .help = "kill any workload repeat or probe still running after S s\n"
		  "and record it as 'not ok ... # timeout'; the run goes on\n"
		  "(default: duration x timeout-factor + 30 s; probes: their own bound)" },
	{ .name = "timeout-factor", .arg = "F", .kind = OPT_NUMBER, .field = AT(timeout_factor),
	  .num = OPT_DOUBLE, .lo = 1, .hi = HUGE_VAL, .expect = "a number >= 1",
	  .help = "workload repeat bound = duration x F + 30 s (default 3)" },
	{ .name = "no-tracer", .kind = OPT_SET_TRUE, .field = AT(no_tracer),
	  .help = "do not trace system-wide run-queue latency (runq_latency)" },
	{ .name = "tracer-duty", .arg = "PCT", .kind = OPT_NUMBER, .field = AT(tracer_duty), .num = OPT_DOUBLE,
	  .lo = 1, .hi = 100, .expect = "a percentage 1..100",
	  .help = "attach that tracer PCT% of the time, in 0.25-0.5 s windows,\n"
		  "at least one per repeat (default 5: its cost scales with\n"
		  "PCT; 100 = always)" },
	{ .name = "bpf-stats", .kind = OPT_SET_TRUE, .field = AT(bpf_stats),
	  .help = "record what each of the scheduler's BPF programs cost per repeat\n"
		  "(bpf_stats: runs and ns per program, all programs' ns per second;\n"
		  "a TAP comment per repeat). The kernel's run-time statistics are\n"
		  "on while the run lasts: two clock reads per BPF program run, so\n"
		  "latency is perturbed a little: use it to attribute cost, not in\n"
		  "the rows you compare. Object rows (bundled, --sched-obj) and\n"
		  "--sched-cmd rows (the sched_ext_ops programs loaded after the\n"
		  "program started, names cut to 15 characters); none for EEVDF" },

	{ .section = "output:", .name = "out", .arg = "DIR", .kind = OPT_CALL, .apply = flag_out,
	  .help = "results directory (default results)" },
	{ .name = "resume", .arg = "[DIR]", .optional_word = 1, .kind = OPT_CALL, .apply = flag_resume,
	  .help = "continue an interrupted run in DIR (default: --out) from its\n"
		  "results.jsonl: completed repeats and probes are not redone" },
	{ .name = "verbose", .short_name = 'v', .kind = OPT_SET_TRUE, .field = AT(verbose),
	  .help = "libbpf and progress detail on stderr" },
	{ .name = "help", .kind = OPT_CALL, .apply = flag_help, .help = "this help" },

	{ .section = "VM (for hosts without sched_ext):", .name = "vm", .kind = OPT_SET_TRUE, .field = AT(vm),
	  .help = "re-run this command inside a sched_ext kernel (virtme-ng)" },
	{ .name = "kernel", .arg = "VER|PATH|vX.Y", .kind = OPT_CALL, .apply = flag_kernel,
	  .help = "kernel for --vm, repeatable (default: the one ci/setup installed)" },
	{ .name = "vm-cpus", .arg = "N", .kind = OPT_NUMBER, .field = AT(vm_cpus), .num = OPT_INT,
	  .lo = 1, .hi = 64, .whole = 1, .expect = "1..64", .help = "CPUs of the VM (default 2)" },
	{ .name = "vm-mem", .arg = "SIZE", .kind = OPT_CALL, .apply = flag_vm_mem,
	  .expect = "a size like 2G or 1536M", .help = "memory of the VM (default 2G)" },
	{ .name = "topology", .arg = "NAME[,...]", .kind = OPT_CALL, .apply = flag_topology,
	  .help = "VM CPU topology presets: 1cpu, 2cpu, smt4 (2 cores x 2 threads),\n"
		  "numa4 (2 nodes x 2 CPUs); several kernels and/or topologies run\n"
		  "one VM each into OUT/<kernel>-<topology>/, merged into OUT/results.json" },

	{ .section = "sharding (CI matrices: N jobs, then scxbench merge):", .name = "shard", .arg = "I/N",
	  .kind = OPT_CALL, .apply = flag_shard,
	  .help = "run part I of N of the plan (kernel x topology cells x scheduler\n"
		  "rows, cut the same way by every job); EEVDF runs in every boot,\n"
		  "rows named NAME= stay together, so comparisons stay in one boot" },
	{ .name = "shard-cell", .arg = "C/K", .kind = OPT_CALL, .apply = flag_shard,
	  .help = "(set by --vm for each boot) this boot is cell C of K" },
};

#define NR_RUN_FLAGS (sizeof(run_flags) / sizeof(run_flags[0]))

void cli_run_usage(FILE *out)
{
	fputs("usage: scxbench run [--all | --sched NAME[,NAME...]] [options]\n"
	      "\n"
	      "Runs the EEVDF baseline row and each scheduler row: workloads x repeats in rounds\n"
	      "(each row attached, measured and detached once per round), then each row's probes.\n"
	      "TAP on stdout (live), results.json + results.jsonl in --out.\n"
	      "\n",
	      out);
	opt_usage(out, run_flags, NR_RUN_FLAGS);
	fputs("\n"
	      "exit status: 0 all ok, 1 a test failed, 2 bad usage or input, 3 environment\n"
	      "(not root, no sched_ext, another scheduler loaded, no cgroup v2, output dir),\n"
	      "4 the VM could not start, 128+N interrupted by signal N (results kept).\n",
	      out);
}

int cli_parse_run(int argc, char **argv, struct run_opts *o, char *err, size_t errlen)
{
	struct run_parse p = { .o = o };

	memset(o, 0, sizeof(*o));
	o->duration_s = 2;
	o->repeat = 0; /* not given: 3, or the --budget cap (below) */
	o->order = RUN_ORDER_INTERLEAVED;
	o->seed = 1;
	o->timeout_factor = 3;
	o->tracer_duty = 5;
	o->vm_cpus = 2;
	snprintf(o->vm_mem, sizeof(o->vm_mem), "2G");
	snprintf(o->out_dir, sizeof(o->out_dir), "results");
	o->argc = argc;
	o->argv = argv;
	if (opt_parse(run_flags, NR_RUN_FLAGS, argc, argv, o, &p, err, errlen))
		return -1;
	for (int i = 0; i < p.nr_sched_opts; i++)
		if (add_sched_opt(o, p.sched_opts[i], err, errlen))
			return -1;
	if (o->nr_rows == 0 && o->no_baseline) {
		snprintf(err, errlen, "nothing to run: --no-baseline without --sched/--all/--sched-obj/--sched-cmd");
		return -1;
	}
	if (o->budget_s > 0 && o->order != RUN_ORDER_INTERLEAVED) {
		snprintf(err, errlen, "--budget plans rounds: it needs --order interleaved");
		return -1;
	}
	o->repeat_given = o->repeat != 0;
	if (!o->repeat_given)
		o->repeat = o->budget_s > 0 ? 50 : 3;
	if (expand_workloads(o, err, errlen) || expand_probes(o, err, errlen) || apply_shard(o, err, errlen)) {
		cli_free(o); /* an error after the lists were expanded leaves nothing to the caller */
		return -1;
	}
	return 0;
}

void cli_free(struct run_opts *o)
{
	for (int i = 0; i < o->nr_workloads; i++)
		free(o->workloads[i]);
	for (int i = 0; i < o->nr_probes; i++)
		free(o->probes[i]);
	o->nr_workloads = o->nr_probes = 0;
}
