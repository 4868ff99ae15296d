/* SPDX-License-Identifier: GPL-2.0-only */
/* TAP version 13 regenerated from stored results.
 *
 * Why: `scxbench report RESULTS --format tap` lets CI re-judge a stored run
 * (e.g. an artifact from another job) exactly as the live run printed it:
 * one test point per (scheduler, workload) row (not ok for fail/timeout,
 * SKIP for skip) and one per probe (not ok for fail, SKIP for skip), each
 * with YAML diagnostics of plain `key: scalar` lines that prove parses.
 * Schedulers that failed to attach get a test point of their own.
 */
#ifndef SCXB_REPORT_TAP_H
#define SCXB_REPORT_TAP_H

#include <stdio.h>

#include "reports/results_reader.h"

/* Returns the number of not-ok test points. */
size_t report_tap(FILE *f, const struct run_results *r);

#endif
