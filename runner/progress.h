/* SPDX-License-Identifier: GPL-2.0-only */
/* Progress of a run on stderr: on a terminal one status line redrawn in
 * place (row, item, repeat, elapsed, ETA); otherwise (CI logs) one plain
 * line per started item, so logs stay readable. */
#ifndef SCXB_PROGRESS_H
#define SCXB_PROGRESS_H

#include <stdbool.h>

struct progress {
	int total, done;
	double t0;
	double per_step_guess; /* seconds, before any step finished */
	bool tty;
	char row[64];
};

void progress_init(struct progress *p, int total_steps, double duration_s);
void progress_row(struct progress *p, const char *row);
void progress_item(struct progress *p, const char *row, const char *item, int rep, int nrep);
void progress_step(struct progress *p);
void progress_done(struct progress *p);
/* a result line (clears the status line first on a terminal) */
void log_progress_result(struct progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "1:05" style; exposed for tests */
void progress_fmt_time(double s, char *buf, unsigned len);
double progress_eta(const struct progress *p, double now);

#endif
