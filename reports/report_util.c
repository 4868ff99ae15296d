// SPDX-License-Identifier: GPL-2.0-only
/* Shared formatting and escaping helpers (see report_util.h). */
#include "reports/report_util.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void rep_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

const char *rep_fmt_num(char *buf, size_t len, double v)
{
	double a = fabs(v);
	if (isnan(v))
		snprintf(buf, len, "n/a");
	else if (isinf(v))
		snprintf(buf, len, "%sinf", v < 0 ? "-" : "");
	else if (v == 0)
		snprintf(buf, len, "0");
	else if (a >= 1e9 || a < 1e-4)
		snprintf(buf, len, "%.3e", v);
	else if (a >= 1000)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.4g", v);
	return buf;
}

const char *rep_fmt_pct(char *buf, size_t len, double rel)
{
	if (isnan(rel))
		snprintf(buf, len, "n/a");
	else if (isinf(rel))
		snprintf(buf, len, "%sinf%%", rel < 0 ? "-" : "+");
	else
		snprintf(buf, len, "%+.1f%%", rel * 100.0);
	return buf;
}

const char *rep_fmt_p(char *buf, size_t len, double p)
{
	if (isnan(p))
		snprintf(buf, len, "n/a");
	else if (p < 0.001)
		snprintf(buf, len, "<0.001");
	else
		snprintf(buf, len, "%.3f", p);
	return buf;
}

static int rep_yaml_plain_ok(const char *s)
{
	if (!*s)
		return 0;
	if (strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]))
		return 0;
	size_t n = strlen(s);
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			return 0;
		if (c == ':' && p[1] == ' ')
			return 0;
		if (c == '#' && p > s && p[-1] == ' ')
			return 0;
	}
	/* words YAML would turn into other types */
	static const char *const special[] = { "true", "false", "yes", "no", "null", "~",
					       "on", "off", "True", "False", "Null", NULL };
	for (int i = 0; special[i]; i++)
		if (!strcmp(s, special[i]))
			return 0;
	return 1;
}

void rep_yaml_scalar(FILE *f, const char *s)
{
	if (rep_yaml_plain_ok(s)) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

void rep_yaml_kv(FILE *f, const char *key, const char *value)
{
	fprintf(f, "  %s: ", key);
	rep_yaml_scalar(f, value ? value : "");
	fputc('\n', f);
}

void rep_yaml_kv_num(FILE *f, const char *key, double v)
{
	if (isnan(v) || isinf(v))
		fprintf(f, "  %s: %s\n", key, isnan(v) ? "~" : v < 0 ? "-.inf" : ".inf");
	else
		fprintf(f, "  %s: %.6g\n", key, v);
}

void rep_md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else if (*s == '<')
			fputs("&lt;", f);
		else
			fputc(*s, f);
	}
}

void rep_html_esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

const char *rep_at_group(char *buf, size_t len, int grouped, const char *kernel, const char *topology)
{
	char g[300];
	buf[0] = 0;
	if (grouped)
		rep_snprintf(buf, len, " @ %s", rr_group_label(g, sizeof(g), kernel, topology));
	return buf;
}

void rep_matrix_build(const struct run_results *r, struct rep_matrix *m)
{
	m->np = m->nr = 0;
	for (size_t i = 0; i < r->nprobes; i++) {
		const struct rr_probe *p = &r->probes[i];
		int dup = 0;
		for (size_t k = 0; k < m->np; k++)
			dup |= !strcmp(m->probes[k], p->probe);
		if (!dup && m->np < REP_MATRIX_MAX)
			m->probes[m->np++] = p->probe;
		dup = 0;
		for (size_t k = 0; k < m->nr; k++)
			dup |= !strcmp(m->rows[k].scheduler, p->scheduler) && !strcmp(m->rows[k].kernel, p->kernel) &&
			       !strcmp(m->rows[k].topology, p->topology);
		if (!dup && m->nr < REP_MATRIX_MAX)
			m->rows[m->nr++] = (struct rep_matrix_row){ p->scheduler, p->kernel, p->topology };
	}
}

const struct rr_probe *rep_matrix_cell(const struct run_results *r, const struct rep_matrix_row *row,
				       const char *probe)
{
	const struct rr_probe *found = NULL;
	for (size_t i = 0; i < r->nprobes; i++) {
		const struct rr_probe *p = &r->probes[i];
		if (!strcmp(p->scheduler, row->scheduler) && !strcmp(p->probe, probe) &&
		    !strcmp(p->kernel, row->kernel) && !strcmp(p->topology, row->topology))
			found = p;
	}
	return found;
}
