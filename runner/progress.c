// SPDX-License-Identifier: GPL-2.0-only
/* See progress.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runner/clock.h"
#include "runner/progress.h"

void progress_fmt_time(double s, char *buf, unsigned len)
{
	if (s < 0)
		s = 0;
	long t = (long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
	else
		snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
}

double progress_eta(const struct progress *p, double now)
{
	double per = p->done ? (now - p->t0) / p->done : p->per_step_guess;
	return per * (p->total - p->done);
}

void progress_init(struct progress *p, int total_steps, double duration_s)
{
	memset(p, 0, sizeof(*p));
	p->total = total_steps;
	p->t0 = mono_s();
	p->per_step_guess = duration_s + 1;
	p->tty = isatty(STDERR_FILENO);
}

void progress_row(struct progress *p, const char *row)
{
	snprintf(p->row, sizeof(p->row), "%s", row);
}

void progress_item(struct progress *p, const char *row, const char *item, int rep, int nrep)
{
	char el[32], eta[32];
	double now = mono_s();
	progress_fmt_time(now - p->t0, el, sizeof(el));
	progress_fmt_time(progress_eta(p, now), eta, sizeof(eta));
	if (p->tty)
		fprintf(stderr, "\r\033[K[%d/%d] %s: %s %d/%d  elapsed %s  eta %s", p->done + 1, p->total, row,
			item, rep, nrep, el, eta);
	else
		fprintf(stderr, "scxbench: [%d/%d] %s: %s %d/%d (elapsed %s, eta %s)\n", p->done + 1, p->total,
			row, item, rep, nrep, el, eta);
	fflush(stderr);
}

void progress_step(struct progress *p)
{
	if (p->done < p->total)
		p->done++;
}

void progress_done(struct progress *p)
{
	char el[32];
	progress_fmt_time(mono_s() - p->t0, el, sizeof(el));
	if (p->tty)
		fprintf(stderr, "\r\033[K");
	fprintf(stderr, "scxbench: done: %d steps in %s\n", p->done, el);
}

void log_progress_result(struct progress *p, const char *fmt, ...)
{
	va_list ap;
	if (p->tty)
		fprintf(stderr, "\r\033[K");
	fprintf(stderr, "scxbench:   ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
