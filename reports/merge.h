/* SPDX-License-Identifier: GPL-2.0-only */
/* `scxbench merge`: one results document from parts run in different jobs
 * or on different machines (the shards of a CI matrix, runs of different
 * kernels).
 *
 * Why rows are concatenated, not recomputed: a part's measurements belong
 * to the boot that made them. A merged document keeps every row as its
 * part wrote it, tagged with the kernel and topology of its boot the way
 * `run --vm` tags a matrix (runner/vm_merge.c), so the reports, compare
 * and recommend treat it as one run with several (kernel, topology)
 * groups, and never compare rows of two groups. When one (kernel,
 * topology) was split over several shards, each shard was its own boot
 * with its own EEVDF baseline: each part's rows of it then form a group of
 * their own ("smt4 (shard 2/3)"), so no comparison crosses a boot.
 *
 * Refused (one-line error naming the part): unreadable or incompatible
 * files (schema_version, not scxbench), and a row, result or probe that two
 * parts both hold for the same kernel and topology (a part given twice, or
 * two runs of the same row), except the EEVDF baseline of different
 * shards of one plan.
 */
#ifndef SCXB_MERGE_H
#define SCXB_MERGE_H

#include <jansson.h>
#include <stddef.h>

/* The parts named by args: a results.json/.jsonl, a run directory, or a
 * directory whose subdirectories are runs (a CI job's downloaded
 * artifacts, in name order). *paths is malloc'd (free each and it).
 * Returns the count, or -1 with a one-line error. */
int merge_expand(char *const *args, size_t n, char ***paths, char *err, size_t errlen);

/* The merged document of the parts (in order). provenance.merged lists
 * each part with its own provenance and says which differ in machine or
 * kernel. New reference, or NULL with a one-line error. */
json_t *merge_parts(char *const *paths, size_t n, char *err, size_t errlen);

/* "a, b, c" from a JSON array of strings; malloc'd. */
char *merge_join(const json_t *arr);

#endif
