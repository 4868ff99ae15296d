// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: `scxbench run` argument parsing (cli_parse_run).
 *
 * The input is the argument list, one argument per line ('\n' separated;
 * a trailing newline is ignored), as if typed after `scxbench run`. The
 * parser is called repeatedly in one process, which also checks that it
 * resets getopt's state between calls (the unit tests rely on that). */
#include "runner/cli.h"
#include "tests/fuzz/fuzz_common.h"

#define MAX_ARGS 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len > 64 * 1024)
		return -1; /* argv is bounded by ARG_MAX in real life; keep execs fast */
	char *buf = fuzz_cstr(data, len);
	char *argv[MAX_ARGS + 2];
	int argc = 0;
	argv[argc++] = "run";
	char *p = buf, *end = buf + len;
	while (p < end && argc < MAX_ARGS) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end; /* the copy's terminator */
		*nl = '\0';
		argv[argc++] = p;
		p = nl + 1;
	}
	argv[argc] = NULL;

	/* ~1 MiB (64 rows of 4 KiB paths): static, so each execution does
	 * not pay for a fresh mapping */
	static struct run_opts opts;
	struct run_opts *o = &opts;
	char err[1024];
	err[0] = '\0';
	int rc = cli_parse_run(argc, argv, o, err, sizeof(err));
	if (rc < 0 && !err[0])
		abort(); /* every failure must say why, in one line */
	if (rc < 0 && strchr(err, '\n'))
		abort();
	if (rc == 0) {
		/* what the runner relies on after a successful parse */
		if (o->nr_workloads < 0 || o->nr_workloads > CLI_MAX_ITEMS || o->nr_probes < 0 ||
		    o->nr_probes > CLI_MAX_ITEMS || o->nr_rows < 0 || o->nr_rows > CLI_MAX_ROWS)
			abort();
		if (!(o->duration_s > 0) || o->repeat < 1 || !o->out_dir[0])
			abort();
	}
	cli_free(o);
	free(buf);
	return 0;
}
