/* SPDX-License-Identifier: GPL-2.0-only */
/* A command's options as a table: one row per flag, holding what the
 * parser needs (its name, whether it takes a value, where the value goes
 * and the range it must lie in) and what --help prints for it.
 *
 * Why: with the flags in a switch and their help in a separate string, a
 * new flag had to be written in three places and the help could forget
 * one; from a table the help lists every flag, and adding a flag is adding
 * a row. Errors keep one shape: "--FLAG 'VALUE': expected EXPECT".
 */
#ifndef SCXB_OPTABLE_H
#define SCXB_OPTABLE_H

#include <stddef.h>
#include <stdio.h>

enum opt_kind {
	OPT_SET_TRUE, /* the bool at field becomes true */
	OPT_NUMBER,   /* the number at field, checked against [lo, hi] */
	OPT_CALL,     /* row->apply does the work */
};

enum opt_num { OPT_DOUBLE, OPT_INT, OPT_U64 };

struct opt_row;
/* ctx is the caller's parse state, as given to opt_parse; arg is NULL for
 * a flag without a value. Returns 0, or -1 with a one-line err. */
typedef int (*opt_apply_fn)(void *ctx, const struct opt_row *row, const char *arg, char *err,
			    size_t errlen);

struct opt_row {
	const char *section; /* help heading printed before this row, or NULL */
	const char *name;    /* long name, without "--" */
	char short_name;     /* 'v' for -v, or 0 */
	const char *arg;     /* the value as the help shows it ("S", "NAME[,...]"), NULL for none */
	/* the value is optional and a separate word ("--resume [DIR]"), which
	 * getopt cannot express: the next word is taken unless it is an
	 * option, else apply gets NULL */
	int optional_word;
	const char *help;    /* each '\n' starts a new, indented help line */
	enum opt_kind kind;
	size_t field;        /* OPT_SET_TRUE, OPT_NUMBER: offsetof in the values */
	enum opt_num num;    /* OPT_NUMBER: the field's type */
	double lo, hi;       /* the range, inclusive unless lo_open */
	int lo_open;         /* lo itself is refused */
	int whole;           /* whole numbers only */
	const char *expect;  /* what a bad value is told it should be */
	opt_apply_fn apply;  /* OPT_CALL */
};

/* Parse argv[1..argc-1] (argv[0] is the command's name) against rows:
 * numbers and switches are stored into values, OPT_CALL rows get ctx.
 * Returns 0, or -1 with a one-line err naming the flag. */
int opt_parse(const struct opt_row *rows, size_t n, int argc, char **argv, void *values, void *ctx,
	      char *err, size_t errlen);
/* The "--FLAG 'VALUE': expected EXPECT" error; returns -1. */
int opt_bad_value(const struct opt_row *row, const char *arg, char *err, size_t errlen);
/* v lies in row's range (and is whole when the row says so). */
int opt_in_range(const struct opt_row *row, double v);
/* A number with nothing after it; "nan" and "inf" are refused. */
int opt_parse_double(const char *s, double *out);
/* Every row's help line(s), with the section headings, in table order. */
void opt_usage(FILE *out, const struct opt_row *rows, size_t n);

#endif
