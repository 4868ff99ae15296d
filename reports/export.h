/* SPDX-License-Identifier: GPL-2.0-only */
/* Exports of one run for existing benchmark dashboards.
 *
 * Why: teams already track benchmarks with github-action-benchmark and
 * Bencher; emitting their formats lets scxbench results flow into those
 * dashboards (history graphs, alerts) without glue code.
 *
 *  - github-action-benchmark "customSmallerIsBetter" / "customBiggerIsBetter":
 *    a JSON array of {name, unit, value, range, extra}; one file per
 *    direction (the tool takes one direction per file). name is
 *    "scheduler/workload/metric", value the median over repeats, range
 *    "± stddev", extra the repeat count, CV and bootstrap CI.
 *  - Bencher Metric Format (BMF): {"scheduler/workload": {"metric":
 *    {"value": median, "lower_value": ci_lo, "upper_value": ci_hi}}}.
 *
 * Only rows with status ok and metrics with a direction are exported.
 */
#ifndef SCXB_EXPORT_H
#define SCXB_EXPORT_H

#include <jansson.h>

#include "reports/results_reader.h"

/* dir RR_DIR_LOWER -> customSmallerIsBetter, RR_DIR_HIGHER -> customBiggerIsBetter.
 * New reference. */
json_t *export_gab(const struct run_results *r, enum rr_dir dir);
/* New reference. */
json_t *export_bmf(const struct run_results *r);

#endif
