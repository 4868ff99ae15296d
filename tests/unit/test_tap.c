// SPDX-License-Identifier: GPL-2.0-only
/* TAP writer: the stream must be what Test::Harness 3.44 parses. */
#include <stdlib.h>
#include <string.h>

#include "reports/tap.h"
#include "tap.h"

static char *capture(void (*fn)(struct tap *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct tap t;
	tap_init(&t, f);
	fn(&t);
	fclose(f);
	return buf;
}

static void basic(struct tap *t)
{
	tap_plan(t, 3);
	tap_point(t, true, "first", NULL, NULL);
	tap_point(t, false, "second # not a directive\nnewline", NULL, NULL);
	tap_point(t, true, "third", "no cyclictest", NULL);
}

static void with_diag(struct tap *t)
{
	json_t *d = json_pack("{s:s, s:i, s:f, s:b, s:s, s:s, s:s}", "reason", "exit: ERROR_BPF #1",
			      "count", 3, "ratio", 0.5, "flag", 1, "empty", "", "word", "yes", "plain",
			      "simple");
	tap_plan(t, 1);
	tap_point(t, false, "diag", NULL, d);
	json_decref(d);
}

static void timeout_point(struct tap *t)
{
	tap_plan(t, 1);
	tap_point_directive(t, false, "simple probe reload", "timeout", NULL, NULL);
}

int main(void)
{
	char *s = capture(basic);
	ok(strncmp(s, "TAP version 13\n1..3\n", 20) == 0, "version 13 header then plan");
	ok(strstr(s, "ok 1 - first\n") != NULL, "ok point numbered 1");
	ok(strstr(s, "not ok 2 - second   not a directive newline\n") != NULL,
	   "'#' and newlines in a description cannot start a directive or a new line");
	ok(strstr(s, "ok 3 - third # SKIP no cyclictest\n") != NULL, "skip directive with reason");
	free(s);

	s = capture(with_diag);
	ok(strstr(s, "  ---\n") && strstr(s, "  ...\n"), "YAML block delimited by --- and ...");
	ok(strstr(s, "  reason: 'exit: ERROR_BPF #1'\n") != NULL, "string with ': ' and '#' is quoted");
	ok(strstr(s, "  count: 3\n") != NULL, "integer scalar");
	ok(strstr(s, "  ratio: 0.5\n") != NULL, "real scalar");
	ok(strstr(s, "  flag: true\n") != NULL, "boolean scalar");
	ok(strstr(s, "  empty: ''\n") != NULL, "empty string quoted");
	ok(strstr(s, "  word: 'yes'\n") != NULL, "YAML keyword quoted so it stays a string");
	ok(strstr(s, "  plain: simple\n") != NULL, "plain string unquoted");
	free(s);

	s = capture(timeout_point);
	ok(strstr(s, "not ok 1 - simple probe reload # timeout\n") != NULL, "timeout shown after '#'");
	free(s);

	char buf[64];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	tap_yaml_scalar(f, "'x' it's");
	fclose(f);
	is_str(buf, "'''x'' it''s'", "leading quote forces quoting; quotes doubled inside");
	return done_testing();
}
