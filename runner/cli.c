/* See cli.h. Parsing is pure (no root, no kernel access) so it is unit
 * tested on the host. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conformance/probe.h"
#include "runner/cli.h"
#include "runner/embedded.h"
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

void cli_run_usage(FILE *out)
{
	fprintf(out,
		"usage: scxbench run [--all | --sched NAME[,NAME...]] [options]\n"
		"\n"
		"Runs the EEVDF baseline row and each scheduler row: workloads x repeats in rounds\n"
		"(each row attached, measured and detached once per round), then each row's probes.\n"
		"TAP on stdout (live), results.json + results.jsonl in --out.\n"
		"\n"
		"schedulers (rows):\n"
		"  --all                     every bundled scheduler (see: scxbench list)\n"
		"  --sched NAME[,NAME...]    bundled schedulers by name ('eevdf' = baseline only)\n"
		"  --sched-obj [NAME=]FILE.bpf.o\n"
		"                            any BPF object with a sched_ext_ops struct_ops map (repeatable)\n"
		"  --sched-cmd '[NAME=]CMD ARGS'\n"
		"                            a scheduler program, stopped with SIGINT (repeatable)\n"
		"                            NAME= names the row (also --sched NAME=BUNDLED): two builds of one\n"
		"                            scheduler as rows base and cand of one run, compared in one boot\n"
		"                            with: scxbench compare OUT --base-row base --cand-row cand\n"
		"  --sched-opt NAME.KEY=VAL  set a scheduler tunable (repeatable); NAME.ignores=weights,cgroup-weights,lowprio-wait\n"
		"                            declares properties its policy does not have (measured, not failed)\n"
		"  --no-baseline             skip the EEVDF row\n"
		"  --force-replace           (reserved) never displaces a loaded scheduler today\n"
		"what to run:\n"
		"  --workload NAME[,...]     workloads, 'all' (default) or 'none'; NAME:ARG passes ARG\n"
		"                            (e.g. --workload 'cmd:make -j8')\n"
		"  --probe NAME[,...]        conformance probes, 'all' (default) or 'none'\n"
		"  --duration S              seconds per workload repeat (default 2: run --all fits 15 min)\n"
		"  --repeat N                repeats per workload (default 3)\n"
		"  --order interleaved|sequential\n"
		"                            interleaved (default): repeat r of every row and workload runs\n"
		"                            in round r, rows in an order rotated per round, so drift hits\n"
		"                            every row alike and rows pair by round; sequential: row by row\n"
		"  --seed N                  seed of the rows' order within rounds (default 1; recorded)\n"
		"  --budget T                time for the whole run (600, 10m, 1h): rounds go on while the\n"
		"                            next one and the probes still fit (at least 3; --repeat N caps\n"
		"                            them, default cap 50); the run then states the smallest change\n"
		"                            it can detect from the noise it measured\n"
		"  --item-timeout S          kill any workload repeat or probe still running after S s\n"
		"                            and record it as 'not ok ... # timeout'; the run goes on\n"
		"                            (default: duration x timeout-factor + 30 s; probes: their own bound)\n"
		"  --timeout-factor F        workload repeat bound = duration x F + 30 s (default 3)\n"
		"  --no-tracer               do not trace system-wide run-queue latency (runq_latency)\n"
		"  --tracer-duty PCT         attach that tracer PCT%% of the time, in 0.25-0.5 s windows,\n"
		"                            at least one per repeat (default 5: its cost scales with\n"
		"                            PCT; 100 = always)\n"
		"output:\n"
		"  --out DIR                 results directory (default results)\n"
		"  --resume [DIR]            continue an interrupted run in DIR (default: --out) from its\n"
		"                            results.jsonl: completed repeats and probes are not redone\n"
		"  -v, --verbose             libbpf and progress detail on stderr\n"
		"VM (for hosts without sched_ext):\n"
		"  --vm                      re-run this command inside a sched_ext kernel (virtme-ng)\n"
		"  --kernel VER|PATH|vX.Y    kernel for --vm, repeatable (default: the one ci/setup installed)\n"
		"  --vm-cpus N               CPUs of the VM (default 2)\n"
		"  --vm-mem SIZE             memory of the VM (default 2G)\n"
		"  --topology NAME[,...]     VM CPU topology presets: 1cpu, 2cpu, smt4 (2 cores x 2 threads),\n"
		"                            numa4 (2 nodes x 2 CPUs); several kernels and/or topologies run\n"
		"                            one VM each into OUT/<kernel>-<topology>/, merged into OUT/results.json\n"
		"\n"
		"exit status: 0 all ok, 1 a test failed, 2 bad usage or input, 3 environment\n"
		"(not root, no sched_ext, another scheduler loaded, no cgroup v2, output dir),\n"
		"4 the VM could not start, 128+N interrupted by signal N (results kept).\n");
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

static int add_row(struct run_opts *o, enum sched_kind kind, const char *name, const char *path,
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
				    add_row(o, SCHED_BUNDLED, bundled_order[i], NULL, err, errlen))
					rc = -1;
			continue;
		}
		char row[64];
		const char *obj = split_row_name(n, row, sizeof(row));
		if (!embedded_find(obj, EMBED_SCHEDULER)) {
			snprintf(err, errlen, "--sched: unknown scheduler '%s' (see: scxbench list)", obj);
			rc = -1;
		} else if (!(rc = add_row(o, SCHED_BUNDLED, row[0] ? row : obj, NULL, err, errlen))) {
			snprintf(o->rows[o->nr_rows - 1].object, sizeof(o->rows[0].object), "%s", obj);
			o->rows[o->nr_rows - 1].named = row[0] != '\0';
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

static int parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	/* strtod takes "nan" and "inf": no option means either, and a NaN
	 * slips through every range check, e.g. (int)NaN for --vm-cpus is
	 * undefined (found by tests/fuzz/fuzz_cli) */
	if (errno || end == s || *end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
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

enum {
	OPT_ALL = 1000, OPT_SCHED, OPT_SCHED_OBJ, OPT_SCHED_CMD, OPT_SCHED_OPT, OPT_WORKLOAD,
	OPT_PROBE, OPT_DURATION, OPT_REPEAT, OPT_OUT, OPT_NO_BASELINE, OPT_RESUME, OPT_FORCE,
	OPT_VM, OPT_KERNEL, OPT_VM_CPUS, OPT_VM_MEM, OPT_TOPOLOGY, OPT_HELP, OPT_TIMEOUT_FACTOR,
	OPT_NO_TRACER, OPT_TRACER_DUTY, OPT_ITEM_TIMEOUT, OPT_ORDER, OPT_SEED, OPT_BUDGET,
};

int cli_parse_run(int argc, char **argv, struct run_opts *o, char *err, size_t errlen)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, OPT_ALL },
		{ "sched", required_argument, NULL, OPT_SCHED },
		{ "sched-obj", required_argument, NULL, OPT_SCHED_OBJ },
		{ "sched-cmd", required_argument, NULL, OPT_SCHED_CMD },
		{ "sched-opt", required_argument, NULL, OPT_SCHED_OPT },
		{ "workload", required_argument, NULL, OPT_WORKLOAD },
		{ "probe", required_argument, NULL, OPT_PROBE },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "repeat", required_argument, NULL, OPT_REPEAT },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "no-baseline", no_argument, NULL, OPT_NO_BASELINE },
		{ "resume", no_argument, NULL, OPT_RESUME },
		{ "force-replace", no_argument, NULL, OPT_FORCE },
		{ "vm", no_argument, NULL, OPT_VM },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "vm-cpus", required_argument, NULL, OPT_VM_CPUS },
		{ "vm-mem", required_argument, NULL, OPT_VM_MEM },
		{ "topology", required_argument, NULL, OPT_TOPOLOGY },
		{ "timeout-factor", required_argument, NULL, OPT_TIMEOUT_FACTOR },
		{ "item-timeout", required_argument, NULL, OPT_ITEM_TIMEOUT },
		{ "no-tracer", no_argument, NULL, OPT_NO_TRACER },
		{ "order", required_argument, NULL, OPT_ORDER },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "budget", required_argument, NULL, OPT_BUDGET },
		{ "tracer-duty", required_argument, NULL, OPT_TRACER_DUTY },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	/* --sched-opt refers to rows: apply after all rows are known */
	const char *sched_opts[CLI_MAX_ITEMS];
	int nr_sched_opts = 0;
	char name[64];

	memset(o, 0, sizeof(*o));
	o->duration_s = 2;
	o->repeat = 3;
	o->order = RUN_ORDER_INTERLEAVED;
	o->seed = 1;
	o->timeout_factor = 3;
	o->tracer_duty = 5;
	o->vm_cpus = 2;
	snprintf(o->vm_mem, sizeof(o->vm_mem), "2G");
	snprintf(o->out_dir, sizeof(o->out_dir), "results");
	o->argc = argc;
	o->argv = argv;
	/* 0, not 1: glibc then also forgets a half-parsed option cluster
	 * ("-vX") of an earlier call, which it would otherwise resume from a
	 * stale pointer (the unit tests and the fuzzer call this repeatedly) */
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":v", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ALL:
			if (add_bundled(o, "all", err, errlen))
				return -1;
			break;
		case OPT_SCHED:
			if (add_bundled(o, optarg, err, errlen))
				return -1;
			break;
		case OPT_SCHED_OBJ: {
			/* a file literally named "x=y.bpf.o" stays a file */
			const char *file = access(optarg, F_OK) == 0 ? optarg : split_row_name(optarg, name, sizeof(name));
			if (file == optarg)
				name[0] = '\0';
			if (access(file, R_OK) < 0) {
				snprintf(err, errlen, "--sched-obj %s: %s", file, strerror(errno));
				return -1;
			}
			bool named = name[0] != '\0';
			if (!named)
				obj_row_name(file, name, sizeof(name));
			if (add_row(o, SCHED_OBJ, name, file, err, errlen))
				return -1;
			o->rows[o->nr_rows - 1].named = named;
			break;
		}
		case OPT_SCHED_CMD: {
			const char *cmd = split_row_name(optarg, name, sizeof(name));
			if (!cmd[0] || strspn(cmd, " \t") == strlen(cmd)) {
				snprintf(err, errlen, "--sched-cmd: empty command");
				return -1;
			}
			bool named = name[0] != '\0';
			if (!named)
				cmd_row_name(cmd, name, sizeof(name));
			if (add_row(o, SCHED_CMD, name, cmd, err, errlen))
				return -1;
			o->rows[o->nr_rows - 1].named = named;
			break;
		}
		case OPT_SCHED_OPT:
			if (nr_sched_opts >= CLI_MAX_ITEMS) {
				snprintf(err, errlen, "--sched-opt: too many");
				return -1;
			}
			sched_opts[nr_sched_opts++] = optarg;
			break;
		case OPT_WORKLOAD:
			if (add_items(o->workloads, &o->nr_workloads, optarg, "--workload", err, errlen))
				return -1;
			break;
		case OPT_PROBE:
			if (add_items(o->probes, &o->nr_probes, optarg, "--probe", err, errlen))
				return -1;
			break;
		case OPT_DURATION:
			if (parse_double(optarg, &o->duration_s) || o->duration_s <= 0 || o->duration_s > 3600) {
				snprintf(err, errlen, "--duration '%s': expected seconds in (0, 3600]", optarg);
				return -1;
			}
			break;
		case OPT_REPEAT: {
			double r;
			o->repeat_given = true;
			if (parse_double(optarg, &r) || r < 1 || r > 1000 || r != (int)r) {
				snprintf(err, errlen, "--repeat '%s': expected a whole number 1..1000", optarg);
				return -1;
			}
			o->repeat = (int)r;
			break;
		}
		case OPT_TIMEOUT_FACTOR:
			if (parse_double(optarg, &o->timeout_factor) || o->timeout_factor < 1) {
				snprintf(err, errlen, "--timeout-factor '%s': expected a number >= 1", optarg);
				return -1;
			}
			break;
		case OPT_ITEM_TIMEOUT:
			if (parse_double(optarg, &o->item_timeout_s) || !(o->item_timeout_s > 0) ||
			    o->item_timeout_s > 86400) {
				snprintf(err, errlen, "--item-timeout '%s': expected seconds in (0, 86400]", optarg);
				return -1;
			}
			break;
		case OPT_OUT:
			if (!optarg[0] || strlen(optarg) >= sizeof(o->out_dir) - 64) {
				snprintf(err, errlen, "--out: invalid directory name");
				return -1;
			}
			snprintf(o->out_dir, sizeof(o->out_dir), "%s", optarg);
			break;
		case OPT_NO_BASELINE:
			o->no_baseline = true;
			break;
		case OPT_RESUME:
			o->resume = true;
			/* `--resume DIR`: an optional separate argument, which
			 * getopt cannot express (optional_argument wants
			 * --resume=DIR); take the next word unless it is an option,
			 * the way getopt itself takes a required argument */
			if (optind < argc && argv[optind][0] && argv[optind][0] != '-') {
				const char *d = argv[optind++];
				if (strlen(d) >= sizeof(o->out_dir) - 64) {
					snprintf(err, errlen, "--resume: invalid directory name");
					return -1;
				}
				snprintf(o->out_dir, sizeof(o->out_dir), "%s", d);
			}
			break;
		case OPT_FORCE:
			o->force_replace = true;
			break;
		case OPT_NO_TRACER:
			o->no_tracer = true;
			break;
		case OPT_ORDER:
			if (!strcmp(optarg, "interleaved"))
				o->order = RUN_ORDER_INTERLEAVED;
			else if (!strcmp(optarg, "sequential"))
				o->order = RUN_ORDER_SEQUENTIAL;
			else {
				snprintf(err, errlen, "--order '%s': expected interleaved or sequential", optarg);
				return -1;
			}
			break;
		case OPT_BUDGET: {
			/* 600, 600s, 10m, 1h */
			char num[32];
			size_t len = strlen(optarg);
			double mult = 1, v;
			if (len && len < sizeof(num) && strchr("smh", optarg[len - 1])) {
				mult = optarg[len - 1] == 'h' ? 3600 : optarg[len - 1] == 'm' ? 60 : 1;
				len--;
			}
			snprintf(num, sizeof(num), "%.*s", (int)(len < sizeof(num) ? len : 0), optarg);
			if (len >= sizeof(num) || parse_double(num, &v) || v * mult < 60 || v * mult > 7 * 86400) {
				snprintf(err, errlen, "--budget '%s': expected a time of 1 minute to 7 days, e.g. 600, 10m, 1h",
					 optarg);
				return -1;
			}
			o->budget_s = v * mult;
			break;
		}
		case OPT_SEED: {
			double v;
			if (parse_double(optarg, &v) || v < 0 || v > 9007199254740991.0 || v != floor(v)) {
				snprintf(err, errlen, "--seed '%s': expected a whole number 0..2^53-1", optarg);
				return -1;
			}
			o->seed = (uint64_t)v;
			break;
		}
		case OPT_TRACER_DUTY:
			if (parse_double(optarg, &o->tracer_duty) || !(o->tracer_duty >= 1) || o->tracer_duty > 100) {
				snprintf(err, errlen, "--tracer-duty '%s': expected a percentage 1..100", optarg);
				return -1;
			}
			break;
		case OPT_VM:
			o->vm = true;
			break;
		case OPT_KERNEL:
			if (o->nr_kernels >= 8) {
				snprintf(err, errlen, "--kernel: at most 8 kernels");
				return -1;
			}
			o->kernels[o->nr_kernels++] = optarg;
			break;
		case OPT_VM_CPUS: {
			double n;
			if (parse_double(optarg, &n) || n < 1 || n > 64 || n != (int)n) {
				snprintf(err, errlen, "--vm-cpus '%s': expected 1..64", optarg);
				return -1;
			}
			o->vm_cpus = (int)n;
			break;
		}
		case OPT_VM_MEM:
			if (strlen(optarg) >= sizeof(o->vm_mem) || strspn(optarg, "0123456789") == 0 ||
			    strspn(optarg, "0123456789") < strlen(optarg) - 1 ||
			    !strchr("0123456789MGmg", optarg[strlen(optarg) - 1])) {
				snprintf(err, errlen, "--vm-mem '%s': expected a size like 2G or 1536M", optarg);
				return -1;
			}
			snprintf(o->vm_mem, sizeof(o->vm_mem), "%s", optarg);
			break;
		case OPT_TOPOLOGY: {
			/* repeatable and comma-separated: --vm boots once per
			 * preset; the names are checked by runner/vm_plan.c */
			size_t have = strlen(o->topology);
			if (have + 1 + strlen(optarg) >= sizeof(o->topology)) {
				snprintf(err, errlen, "--topology: too many presets");
				return -1;
			}
			snprintf(o->topology + have, sizeof(o->topology) - have, "%s%s", have ? "," : "", optarg);
			break;
		}
		case 'v':
			o->verbose = true;
			break;
		case OPT_HELP:
			snprintf(err, errlen, "help");
			return -1;
		case ':':
			snprintf(err, errlen, "%s: missing value", argv[optind - 1]);
			return -1;
		default:
			snprintf(err, errlen, "unknown option '%s' (see: scxbench run --help)", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s' (see: scxbench run --help)", argv[optind]);
		return -1;
	}
	for (int i = 0; i < nr_sched_opts; i++)
		if (add_sched_opt(o, sched_opts[i], err, errlen))
			return -1;
	if (o->nr_rows == 0 && o->no_baseline) {
		snprintf(err, errlen, "nothing to run: --no-baseline without --sched/--all/--sched-obj/--sched-cmd");
		return -1;
	}
	if (o->budget_s > 0 && o->order != RUN_ORDER_INTERLEAVED) {
		snprintf(err, errlen, "--budget plans rounds: it needs --order interleaved");
		return -1;
	}
	if (o->budget_s > 0 && !o->repeat_given)
		o->repeat = 50;
	if (expand_workloads(o, err, errlen) || expand_probes(o, err, errlen))
		return -1;
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
