/* SPDX-License-Identifier: GPL-2.0-only */
/* cli_parse_run() from a NULL-terminated list of words, for the unit tests
 * of `run` options: P("--sched", "simple") parses "run --sched simple"
 * into o (a struct run_opts), with err (a char array) for the error. */
#ifndef SCXB_TEST_CLI_PARSE_UTIL_H
#define SCXB_TEST_CLI_PARSE_UTIL_H

#include "runner/cli.h"

static inline int cli_parse_words(struct run_opts *o, char *err, size_t len, const char *const *args)
{
	char *argv[64];
	int argc = 0;
	for (; args[argc] && argc < 63; argc++)
		argv[argc] = (char *)args[argc];
	argv[argc] = NULL;
	return cli_parse_run(argc, argv, o, err, len);
}

#define P(...) cli_parse_words(&o, err, sizeof(err), (const char *const[]){ "run", __VA_ARGS__, NULL })

#endif
