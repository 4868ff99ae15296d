/* SPDX-License-Identifier: GPL-2.0-only */
/* The human-readable reports a run leaves next to its results:
 * results.md (tables, conformance matrix, recommendation per profile) and
 * report.html (self-contained, inline SVG charts). */
#ifndef SCXB_RUN_REPORTS_H
#define SCXB_RUN_REPORTS_H

#include <jansson.h>

struct tap;
/* TAP comments: the smallest change a paired comparison of two rows of
 * this run could detect, per headline metric (reports/detectable.h). */
void run_tap_detectable(struct tap *t, json_t *doc);
/* doc: the complete results document. Returns 0, or -1 after logging. */
int run_write_reports(json_t *doc, const char *dir);

#endif
