// SPDX-License-Identifier: GPL-2.0-only
/* scxbench — benchmark and conformance suite for sched_ext schedulers.
 * Entry point: subcommand dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/probe.h"
#include "reports/commands.h"
#include "runner/cli.h"
#include "runner/embedded.h"
#include "runner/log.h"
#include "runner/run.h"
#include "runner/sched.h"
#include "runner/vm.h"
#include "workloads/workload.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: scxbench COMMAND [options]\n"
		"\n"
		"commands:\n"
		"  run        run schedulers x workloads x repeats and conformance probes (TAP + JSON)\n"
		"  list       list bundled schedulers, workloads and probes\n"
		"  report     regenerate a report from results (md, html, tap, json, dashboards)\n"
		"  compare    compare two results files (significance, regression gate)\n"
		"  merge      one results document from runs of several jobs or machines (shards)\n"
		"  recommend  which scheduler is best for a use profile\n"
		"  version    print the version\n"
		"  help       this text; 'scxbench COMMAND --help' for a command's options\n"
		"\n"
		"examples:\n"
		"  scxbench run --all                       every bundled scheduler, all workloads and probes\n"
		"  scxbench run --vm --all                  the same inside a sched_ext VM (virtme-ng)\n"
		"  scxbench run --sched vtime --workload wakeup,pipe --duration 10 --repeat 5\n"
		"  scxbench run --sched-obj my.bpf.o --probe all --workload none\n"
		"  scxbench report results/results.json --format html -o report.html\n"
		"  scxbench compare base/results.json new/results.json --fail-on-regression 10\n"
		"  scxbench recommend results/results.json --profile desktop\n"
		"  scxbench run --vm --all --shard 2/4 --out s2   (one of 4 CI jobs; then: scxbench merge out s1 s2 s3 s4)\n");
}

static int cmd_list(void)
{
	printf("schedulers (bundled; eevdf is the kernel default, always the baseline row):\n");
	printf("  %-10s %s\n", "eevdf", "the kernel's fair scheduler, nothing loaded (baseline)");
	/* canonical order first, then any others in build order */
	const struct embedded_obj *order[256];
	size_t n = 0;
	for (int rank = 0; rank <= cli_bundled_rank(""); rank++)
		for (unsigned long i = 0; i < scxb_embedded_count && n < 256; i++)
			if (scxb_embedded[i].kind == EMBED_SCHEDULER && cli_bundled_rank(scxb_embedded[i].name) == rank)
				order[n++] = &scxb_embedded[i];
	for (size_t i = 0; i < n; i++) {
		const struct embedded_obj *e = order[i];
		struct sched_spec s = { .kind = SCHED_BUNDLED };
		char desc[600], purpose[600] = "", err[512];
		json_t *tun = NULL;
		snprintf(s.name, sizeof(s.name), "%s", e->name);
		if (sched_describe(&s, desc, sizeof(desc), purpose, sizeof(purpose), &tun, err, sizeof(err)) < 0)
			snprintf(desc, sizeof(desc), "(unreadable: %s)", err);
		printf("  %-10s %s", e->name, desc);
		if (tun && json_object_size(tun)) {
			const char *k;
			json_t *v;
			printf(" [tunables:");
			json_object_foreach(tun, k, v) {
				char *txt = json_dumps(v, JSON_ENCODE_ANY);
				printf(" %s=%s", k, txt ? txt : "?");
				free(txt);
			}
			printf("]");
		}
		printf("\n");
		if (*purpose)
			printf("  %-10s %s\n", "", purpose);
		json_decref(tun);
	}
	printf("\nworkloads (--workload NAME:ARG passes ARG; args show the defaults):\n");
	for (size_t i = 0; i < workload_count(); i++) {
		const struct workload *w = workload_at(i);
		printf("  %-12s %s", w->name, w->desc);
		if (w->metrics && *w->metrics)
			printf(" (metrics: %s)", w->metrics);
		if (w->needs_tool)
			printf(" [needs %s]", w->needs_tool);
		printf("\n");
		if (w->args && *w->args)
			printf("  %-12s args: %s\n", "", w->args);
		if (w->headline)
			printf("  %-12s headline (gated by compare): %s\n", "", w->headline);
	}
	printf("\nprobes:\n");
	for (size_t i = 0; i < probe_count(); i++) {
		const struct probe *p = probe_at(i);
		printf("  %-12s %s%s\n", p->name, p->desc,
		       (p->flags & PROBE_KERNEL) ? " [kernel: runs once]" : "");
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("scxbench %s (%s)\n", SCXB_VERSION, SCXB_GIT_HASH);
		return 0;
	}
	if (!strcmp(cmd, "list"))
		return cmd_list();
	if (!strcmp(cmd, "report"))
		return cmd_report(argc - 1, argv + 1);
	if (!strcmp(cmd, "compare"))
		return cmd_compare(argc - 1, argv + 1);
	if (!strcmp(cmd, "recommend"))
		return cmd_recommend(argc - 1, argv + 1);
	if (!strcmp(cmd, "merge"))
		return cmd_merge(argc - 1, argv + 1);
	if (!strcmp(cmd, "run")) {
		struct run_opts o;
		char err[1024];
		if (cli_parse_run(argc - 1, argv + 1, &o, err, sizeof(err)) < 0) {
			if (!strcmp(err, "help")) {
				cli_run_usage(stdout);
				return 0;
			}
			log_error("%s", err);
			return EXIT_USAGE;
		}
		int rc = o.vm ? vm_rerun(&o) : run_main(&o);
		cli_free(&o);
		return rc;
	}
	log_error("unknown command '%s' (see: scxbench help)", cmd);
	return EXIT_USAGE;
}
