// SPDX-License-Identifier: GPL-2.0-only
/* One TAP stream out of several VM runs (see vm_internal.h).
 *
 * Why renumber rather than print the streams one after the other: a TAP
 * consumer (prove, CI) reads one document with one plan; concatenated
 * streams would be a parse error at the second "TAP version" line. The
 * per-run plans are not known before each VM has run, so the merged plan
 * comes at the end, which TAP 13 allows. A run whose stream stops before
 * its plan is complete (the VM died) gets a not ok of its own, so a crash
 * can never look like a shorter, passing run. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "runner/vm_internal.h"

void vm_tap_begin(struct vm_tap *t, FILE *out, bool prefix)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	t->prefix = prefix;
	fprintf(out, "TAP version 13\n");
	fflush(out);
	t->started = true;
}

static void emit_point(struct vm_tap *t, struct vm_run *r, bool ok, const char *rest)
{
	t->next++;
	if (!ok)
		t->failed++;
	fprintf(t->out, "%sok %d -", ok ? "" : "not ", t->next);
	if (t->prefix)
		fprintf(t->out, " [%s %s]", r->klabel, r->tlabel);
	/* rest: the description (and directive) after "N - " or "N " */
	fprintf(t->out, "%s%s\n", *rest ? " " : "", rest);
}

void vm_tap_line(struct vm_tap *t, struct vm_run *r, const char *line)
{
	const char *p = line;
	bool ok;
	if (!strncmp(p, "TAP version", 11))
		return; /* ours was printed once */
	if (!strncmp(p, "ok", 2) && (p[2] == ' ' || p[2] == '\0')) {
		ok = true;
		p += 2;
	} else if (!strncmp(p, "not ok", 6) && (p[6] == ' ' || p[6] == '\0')) {
		ok = false;
		p += 6;
	} else if (!strncmp(p, "1..", 3) && isdigit((unsigned char)p[3])) {
		r->planned = atoi(p + 3);
		/* a single run's plan is the stream's plan: keep it up front,
		 * where people reading the stream live expect it */
		if (!t->prefix && !t->plan_written && t->next == 0) {
			fprintf(t->out, "%s\n", p);
			t->plan_written = r->planned;
		} else {
			fprintf(t->out, "# %s %s: plan %s\n", r->klabel, r->tlabel, p);
		}
		fflush(t->out);
		return;
	} else if (!strncmp(p, "Bail out!", 9)) {
		/* one run giving up must not end the others' stream */
		r->tests++;
		r->failed++;
		emit_point(t, r, false, p);
		fflush(t->out);
		return;
	} else {
		/* comments, YAML diagnostics, anything else: as is */
		fprintf(t->out, "%s\n", line);
		fflush(t->out);
		return;
	}
	/* skip the run's own number and the " - " separator */
	while (*p == ' ')
		p++;
	while (isdigit((unsigned char)*p))
		p++;
	while (*p == ' ')
		p++;
	if (*p == '-' && (p[1] == ' ' || p[1] == '\0'))
		p += p[1] ? 2 : 1;
	r->tests++;
	if (!ok)
		r->failed++;
	emit_point(t, r, ok, p);
	fflush(t->out);
}

void vm_tap_point(struct vm_tap *t, struct vm_run *r, bool ok, const char *desc)
{
	emit_point(t, r, ok, desc);
	fflush(t->out);
}

void vm_tap_end(struct vm_tap *t)
{
	/* a leading plan that no longer matches (the VM died, or we added a
	 * point of our own) is left as is: prove then reports the mismatch,
	 * which is the truth */
	if (!t->plan_written)
		fprintf(t->out, "1..%d\n", t->next);
	fflush(t->out);
}
