// SPDX-License-Identifier: GPL-2.0-only
/* scxbench — benchmark and conformance suite for sched_ext schedulers.
 * Entry point: subcommand dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/probe.h"
#include "reports/commands.h"
#include "runner/cli.h"
#include "runner/cmd_list.h"
#include "runner/embedded.h"
#include "runner/log.h"
#include "runner/provenance.h"
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
		printf("scxbench %s (%s)\n", SCXB_VERSION, provenance_git_hash());
		return 0;
	}
	if (!strcmp(cmd, "list"))
		return cmd_list(argc - 1, argv + 1);
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
