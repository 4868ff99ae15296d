/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the report unit tests (test_report*.c, test_compare.c):
 * fixture paths, temp files, capturing stderr of a CLI command, and running
 * prove over TAP we emit.
 *
 * Why: the report tests exercise the CLI entry points in-process (exit code
 * and the one-line error) and must prove that every TAP stream we produce
 * parses; doing that the same way in each test file keeps them short.
 * Tests run from the repository root (the Makefile runs prove there).
 * Temp files live in one /tmp/scxb-reptest.* dir, removed at exit
 * (SCXB_KEEP_TMP=1 keeps it for debugging).
 */
#ifndef SCXB_REPORT_TEST_UTIL_H
#define SCXB_REPORT_TEST_UTIL_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/results_reader.h"

#define FIX(name) "tests/fixtures/reports/" name

/* Loads a results file; on failure prints the reader's error as a TAP
 * comment and returns NULL. */
static inline struct run_results *rt_load(const char *p)
{
	char err[1024];
	struct run_results *r = rr_load(p, err, sizeof(err));
	if (!r)
		printf("# %s\n", err);
	return r;
}

static char rt_tmpdir[256];

static void rt_cleanup(void)
{
	char cmd[300];
	if (rt_tmpdir[0] && !getenv("SCXB_KEEP_TMP")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rt_tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", rt_tmpdir);
	}
}

static inline const char *rt_tmp(const char *name)
{
	static char buf[8][512];
	static int k;
	if (!rt_tmpdir[0]) {
		snprintf(rt_tmpdir, sizeof(rt_tmpdir), "/tmp/scxb-reptest.XXXXXX");
		if (!mkdtemp(rt_tmpdir)) {
			perror("mkdtemp");
			exit(2);
		}
		atexit(rt_cleanup);
	}
	char *b = buf[k++ % 8];
	snprintf(b, 512, "%s/%s", rt_tmpdir, name);
	return b;
}

static inline void rt_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fwrite(data, 1, len, f);
	fclose(f);
}

static inline char *rt_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	if (fread(b, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	b[n] = 0;
	fclose(f);
	if (len)
		*len = (size_t)n;
	return b;
}

/* Run cmd(argc, argv) with stdout and stderr captured to files; returns the
 * exit code, *out and *err (malloc'd) hold what was printed. */
static inline int rt_run(int (*cmd)(int, char **), char **argv, char **out, char **err)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	const char *po = rt_tmp("stdout.txt"), *pe = rt_tmp("stderr.txt");
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	int fo = open(po, O_WRONLY | O_CREAT | O_TRUNC, 0644), fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fo, 1);
	dup2(fe, 2);
	close(fo);
	close(fe);
	int rc = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	if (out)
		*out = rt_slurp(po, NULL);
	if (err)
		*err = rt_slurp(pe, NULL);
	return rc;
}

static inline size_t rt_count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* prove over a TAP file: returns 1 when prove reports no parse problem.
 * want_pass: also require "Result: PASS". */
static inline int rt_prove_parses(const char *tapfile, int want_pass, char *why, size_t whylen)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "prove --exec cat '%s' 2>&1", tapfile);
	FILE *p = popen(cmd, "r");
	if (!p) {
		snprintf(why, whylen, "cannot run prove");
		return 0;
	}
	char out[65536];
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	pclose(p);
	int ok = !strstr(out, "Parse errors") && !strstr(out, "No plan found") && strstr(out, "Files=1");
	if (want_pass && !strstr(out, "Result: PASS"))
		ok = 0;
	snprintf(why, whylen, "%s", out);
	for (char *c = why; *c; c++)
		if (*c == '\n')
			*c = '|';
	return ok;
}

#endif
