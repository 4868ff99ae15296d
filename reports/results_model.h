/* SPDX-License-Identifier: GPL-2.0-only */
/* The results model: how repeat records become result rows.
 *
 * Why one home: the writer (reports/results.c) builds results.json from the
 * records of a live run, and the reader (reports/results_reader.c) rebuilds
 * the same document from results.jsonl, or from a results.json row that
 * carries repeats but no metrics. Both must group, rank statuses and
 * summarise by the same rules, or a report made from the JSON Lines of a
 * run would differ from one made from its JSON. compare and recommend ask
 * the same question of a row's status ("did it measure anything?"), so
 * they ask it here too.
 *
 * A result row is one (scheduler, workload):
 *   {scheduler, workload, status, reason, params, metrics, repeats}
 * status is the worst of its repeats' (fail > timeout > skip > ok) with that
 * repeat's reason; metrics hold, per metric name, the values of the ok
 * repeats in repeat order, the round each ran in, and their summaries.
 */
#ifndef SCXB_RESULTS_MODEL_H
#define SCXB_RESULTS_MODEL_H

#include <stddef.h>
#include <jansson.h>

/* fail 3 > timeout 2 > skip 1 > ok (and anything else, or NULL) 0 */
int results_status_rank(const char *status);
/* fail or timeout: the row broke (a skip is a choice, not a failure) */
int results_status_bad(const char *status);

/* The round a repeat record ran in ("round", else its "repeat" index: in a
 * sequential run repeat r of every row is still paired as round r). */
int results_round_of(const json_t *rep);
/* Summaries of a metric over repeats (values array of numbers). New ref. */
json_t *results_summarize_values(const json_t *values);

/* Result rows in order of first appearance, found by (scheduler, workload). */
struct results_rows {
	json_t *rows;  /* array of result rows */
	json_t *index; /* "SCHED\x1fWORKLOAD" -> row */
};
void results_rows_init(struct results_rows *t);
void results_rows_free(struct results_rows *t);
/* The row of (sched, workload), made empty (status ok) when new. Borrowed;
 * NULL when out of memory. */
json_t *results_rows_get(struct results_rows *t, const char *sched, const char *workload);
/* Fold one repeat record into its row; steals rep. The record's type,
 * scheduler, workload and params fields are dropped (the row holds them). */
void results_row_add_repeat(json_t *row, json_t *rep);
/* (Re)build the row's metrics from its ok repeats, with summaries. where
 * names the row in errors; 0, or -1 with a one-line err (a malformed
 * metric), the row then keeping its old metrics. */
int results_row_summarize(json_t *row, const char *where, char *err, size_t errlen);

#endif
