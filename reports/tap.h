/* SPDX-License-Identifier: GPL-2.0-only */
/* TAP version 13 stream writer.
 *
 * Test::Harness 3.44 (the prove on Debian bookworm) parses only a subset of
 * YAML in diagnostics, so diagnostics are flat `key: scalar` lines indented
 * two spaces between `  ---` and `  ...`; strings that YAML could misread
 * are single-quoted. */
#ifndef SCXB_TAP_H
#define SCXB_TAP_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

struct tap {
	FILE *out;
	int planned;
	int next;    /* number of the next test point */
	int failed;
};

void tap_init(struct tap *t, FILE *out);
void tap_plan(struct tap *t, int n);
void tap_comment(struct tap *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* skip_reason/todo may be NULL; diag (flat object of scalars) may be NULL */
void tap_point(struct tap *t, bool ok, const char *desc, const char *skip_reason,
	       const json_t *diag);
/* Like tap_point with an explicit directive after '#': "SKIP" (then
 * reason follows) or a plain word such as "timeout" that TAP consumers show
 * as part of the description. */
void tap_point_directive(struct tap *t, bool ok, const char *desc, const char *directive,
			 const char *reason, const json_t *diag);
/* YAML-safe rendering of a scalar string (quoted when needed). */
void tap_yaml_scalar(FILE *out, const char *s);
/* One-line description: newlines and '#' (TAP directive) are replaced. */
void tap_clean_desc(char *s);

#endif
