/* SPDX-License-Identifier: GPL-2.0-only */
/* Markdown summary of one run.
 *
 * Why: Markdown is what CI shows ($GITHUB_STEP_SUMMARY, PR comments) and
 * what people paste into issues. Per workload it has a table of schedulers x
 * key metrics with the median, the change vs EEVDF with a significance mark
 * (the compare rule) and a CV warning; then the conformance matrix, the
 * recommendation per profile in one line each, and the provenance.
 */
#ifndef SCXB_REPORT_MD_H
#define SCXB_REPORT_MD_H

#include <stdio.h>

#include "reports/results_reader.h"

#define REPORT_MAX_COLS 6 /* key metrics per workload table */

void report_md(FILE *f, const struct run_results *r);

#endif
