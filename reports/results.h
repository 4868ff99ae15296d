/* SPDX-License-Identifier: GPL-2.0-only */
/* Results as the run goes: results.jsonl gets one line per completed item
 * the moment it completes (so an interrupted or crashed run keeps every
 * finished measurement), and results.json is written at the end, complete
 * and schema-versioned, through a temp file and rename. Format:
 * reports/schema/results-v1.schema.json. */
#ifndef SCXB_RESULTS_H
#define SCXB_RESULTS_H

#include <stddef.h>
#include <jansson.h>

/* results_round_of, results_summarize_values: the model the writer and
 * the reader share */
#include "reports/results_model.h"
/* write_file_atomic */
#include "reports/atomic_file.h"

#define RESULTS_SCHEMA_VERSION 1

struct results;

/* Create DIR if needed and open DIR/results.jsonl. With resume, the existing
 * lines are read back (see results_done) and appended to; otherwise an
 * existing file is replaced. provenance is borrowed. */
struct results *results_open(const char *dir, json_t *tool, json_t *provenance, int resume,
			     char *err, size_t errlen);
/* One scheduler row, written once its fate is known (after detach).
 * Steals entry. */
int results_add_scheduler(struct results *r, json_t *entry);
/* One repeat of one workload under one scheduler; steals repeat. */
int results_add_repeat(struct results *r, const char *sched, const char *workload,
		       json_t *repeat);
/* One probe outcome; steals probe. */
int results_add_probe(struct results *r, json_t *probe);
/* True if a resumed run already holds this repeat / probe. */
int results_has_repeat(struct results *r, const char *sched, const char *workload, int repeat);
int results_has_probe(struct results *r, const char *sched, const char *probe);
/* Build the complete document (also used by tests). New reference. */
json_t *results_document(struct results *r);
/* Write results.json atomically and close the jsonl. */
int results_finish(struct results *r, const char *finished_iso, char *err, size_t errlen);
void results_writer_free(struct results *r);
const char *results_dir(struct results *r);


#endif
