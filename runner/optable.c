// SPDX-License-Identifier: GPL-2.0-only
/* See optable.h. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runner/optable.h"

/* the help text starts in this column */
#define HELP_COL 28
/* long options are numbered from here, clear of any short option */
#define LONG_BASE 1000

int opt_parse_double(const char *s, double *out)
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

int opt_in_range(const struct opt_row *row, double v)
{
	if (v < row->lo || (row->lo_open && v == row->lo) || v > row->hi)
		return 0;
	return !row->whole || v == floor(v);
}

int opt_bad_value(const struct opt_row *row, const char *arg, char *err, size_t errlen)
{
	snprintf(err, errlen, "--%s '%s': expected %s", row->name, arg, row->expect);
	return -1;
}

static int takes_value(const struct opt_row *row)
{
	return row->arg && !row->optional_word;
}

static int set_number(const struct opt_row *row, const char *arg, void *values, char *err,
		      size_t errlen)
{
	double v;
	if (opt_parse_double(arg, &v) || !opt_in_range(row, v))
		return opt_bad_value(row, arg, err, errlen);
	void *at = (char *)values + row->field;
	if (row->num == OPT_INT)
		*(int *)at = (int)v;
	else if (row->num == OPT_U64)
		*(uint64_t *)at = (uint64_t)v;
	else
		*(double *)at = v;
	return 0;
}

static int apply_row(const struct opt_row *row, const char *arg, void *values, void *ctx, char *err,
		     size_t errlen)
{
	switch (row->kind) {
	case OPT_SET_TRUE:
		*(bool *)((char *)values + row->field) = true;
		return 0;
	case OPT_NUMBER:
		return set_number(row, arg, values, err, errlen);
	case OPT_CALL:
		return row->apply(ctx, row, arg, err, errlen);
	}
	return -1;
}

int opt_parse(const struct opt_row *rows, size_t n, int argc, char **argv, void *values, void *ctx,
	      char *err, size_t errlen)
{
	struct option *longopts = calloc(n + 1, sizeof(*longopts));
	char shortopts[2 * n + 2];
	size_t ns = 0;
	if (!longopts) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	shortopts[ns++] = ':'; /* a missing value is ':', told apart from an unknown flag */
	for (size_t i = 0; i < n; i++) {
		longopts[i] = (struct option){ rows[i].name, takes_value(&rows[i]) ? required_argument : no_argument,
					       NULL, (int)(LONG_BASE + i) };
		if (rows[i].short_name) {
			shortopts[ns++] = rows[i].short_name;
			if (takes_value(&rows[i]))
				shortopts[ns++] = ':';
		}
	}
	shortopts[ns] = '\0';
	/* 0, not 1: glibc then also forgets a half-parsed option cluster
	 * ("-vX") of an earlier call, which it would otherwise resume from a
	 * stale pointer (the unit tests and the fuzzer call this repeatedly) */
	optind = 0;
	opterr = 0;
	int c, rc = 0;
	while (!rc && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct opt_row *row = NULL;
		if (c >= LONG_BASE)
			row = &rows[c - LONG_BASE];
		for (size_t i = 0; !row && c != ':' && c != '?' && i < n; i++)
			if (rows[i].short_name == c)
				row = &rows[i];
		if (row) {
			const char *val = takes_value(row) ? optarg : NULL;
			if (row->optional_word && optind < argc && argv[optind][0] && argv[optind][0] != '-')
				val = argv[optind++];
			rc = apply_row(row, val, values, ctx, err, errlen);
		} else if (c == ':') {
			snprintf(err, errlen, "%s: missing value", argv[optind - 1]);
			rc = -1;
		} else if (optopt >= LONG_BASE && (size_t)(optopt - LONG_BASE) < n) {
			/* glibc names the switch a "--switch=value" was given to */
			snprintf(err, errlen, "--%s takes no value (got '%s')", rows[optopt - LONG_BASE].name,
				 argv[optind - 1]);
			rc = -1;
		} else {
			snprintf(err, errlen, "unknown option '%s' (see: scxbench %s --help)", argv[optind - 1],
				 argv[0]);
			rc = -1;
		}
	}
	free(longopts);
	if (!rc && optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s' (see: scxbench %s --help)", argv[optind], argv[0]);
		rc = -1;
	}
	return rc;
}

void opt_usage(FILE *out, const struct opt_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct opt_row *r = &rows[i];
		char head[128], sh[8] = "";
		if (r->section)
			fprintf(out, "%s\n", r->section);
		if (r->short_name)
			snprintf(sh, sizeof(sh), "-%c, ", r->short_name);
		int w = snprintf(head, sizeof(head), "  %s--%s%s%s", sh, r->name, r->arg ? " " : "",
				 r->arg ? r->arg : "");
		fputs(head, out);
		/* a long flag gets its help on the next line */
		if (w + 2 > HELP_COL)
			fprintf(out, "\n%*s", HELP_COL, "");
		else
			fprintf(out, "%*s", HELP_COL - w, "");
		for (const char *h = r->help; *h; h++) {
			fputc(*h, out);
			if (*h == '\n')
				fprintf(out, "%*s", HELP_COL, "");
		}
		fputc('\n', out);
	}
}
