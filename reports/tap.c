// SPDX-License-Identifier: GPL-2.0-only
/* See tap.h. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reports/tap.h"

void tap_init(struct tap *t, FILE *out)
{
	t->out = out;
	t->planned = 0;
	t->next = 1;
	t->failed = 0;
	fprintf(out, "TAP version 13\n");
	fflush(out);
}

void tap_plan(struct tap *t, int n)
{
	t->planned = n;
	fprintf(t->out, "1..%d\n", n);
	fflush(t->out);
}

void tap_comment(struct tap *t, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		fprintf(t->out, "# %s\n", line);
	fflush(t->out);
}

void tap_clean_desc(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r' || *s == '#')
			*s = ' ';
}

static bool yaml_needs_quotes(const char *s)
{
	if (!*s)
		return true;
	if (isspace((unsigned char)s[0]) || isspace((unsigned char)s[strlen(s) - 1]))
		return true;
	if (strchr("-?:,[]{}#&*!|>'\"%@`~", s[0]))
		return true;
	for (const char *c = s; *c; c++) {
		if (*c == '#' || (unsigned char)*c < 0x20)
			return true;
		if (*c == ':' && (c[1] == ' ' || c[1] == '\0'))
			return true;
	}
	static const char *const words[] = { "true", "false", "yes", "no", "null", "on", "off", "~" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	return false;
}

void tap_yaml_scalar(FILE *out, const char *s)
{
	if (!yaml_needs_quotes(s)) {
		fputs(s, out);
		return;
	}
	fputc('\'', out);
	for (const char *c = s; *c; c++) {
		if (*c == '\'')
			fputs("''", out);
		else if (*c == '\n' || *c == '\r' || *c == '\t')
			fputc(' ', out); /* keep the diagnostic one line */
		else if ((unsigned char)*c >= 0x20)
			fputc(*c, out);
	}
	fputc('\'', out);
}

static void diag_value(FILE *out, const json_t *v)
{
	char num[64];
	switch (json_typeof(v)) {
	case JSON_STRING:
		tap_yaml_scalar(out, json_string_value(v));
		break;
	case JSON_INTEGER:
		fprintf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(num, sizeof(num), "%.6g", json_real_value(v));
		fputs(num, out);
		break;
	case JSON_TRUE:
		fputs("true", out);
		break;
	case JSON_FALSE:
		fputs("false", out);
		break;
	case JSON_NULL:
		fputs("~", out);
		break;
	default: {
		/* nested values are flattened to their compact JSON text */
		char *txt = json_dumps(v, JSON_COMPACT);
		tap_yaml_scalar(out, txt ? txt : "");
		free(txt);
	}
	}
}

void tap_point(struct tap *t, bool ok, const char *desc, const char *skip_reason,
	       const json_t *diag)
{
	tap_point_directive(t, ok, desc, skip_reason ? "SKIP" : NULL, skip_reason, diag);
}

void tap_point_directive(struct tap *t, bool ok, const char *desc, const char *directive,
			 const char *reason, const json_t *diag)
{
	char d[512];
	snprintf(d, sizeof(d), "%s", desc);
	tap_clean_desc(d);
	fprintf(t->out, "%sok %d - %s", ok ? "" : "not ", t->next++, d);
	if (directive) {
		char r[512] = "";
		if (reason)
			snprintf(r, sizeof(r), " %s", reason);
		tap_clean_desc(r);
		fprintf(t->out, " # %s%s", directive, r);
	}
	fputc('\n', t->out);
	if (!ok)
		t->failed++;
	if (diag && json_object_size(diag) > 0) {
		const char *k;
		const json_t *v;
		fprintf(t->out, "  ---\n");
		json_object_foreach((json_t *)diag, k, v) {
			fprintf(t->out, "  %s: ", k);
			diag_value(t->out, v);
			fputc('\n', t->out);
		}
		fprintf(t->out, "  ...\n");
	}
	fflush(t->out);
}
