// SPDX-License-Identifier: GPL-2.0-only
/* See results_model.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/results_model.h"
#include "reports/stats.h"

int results_status_rank(const char *s)
{
	if (!s)
		return 0;
	return !strcmp(s, "fail") ? 3 : !strcmp(s, "timeout") ? 2 : !strcmp(s, "skip") ? 1 : 0;
}

int results_status_bad(const char *s)
{
	return results_status_rank(s) >= 2;
}

int results_round_of(const json_t *rep)
{
	json_t *r = json_object_get(rep, "round");
	return (int)json_integer_value(r ? r : json_object_get(rep, "repeat"));
}

json_t *results_summarize_values(const json_t *values)
{
	size_t n = json_array_size(values), i;
	double *v = calloc(n ? n : 1, sizeof(double));
	json_t *x;
	size_t k = 0;
	if (!v)
		return NULL;
	json_array_foreach(values, i, x)
		if (json_is_number(x))
			v[k++] = json_number_value(x);
	struct summary s;
	stats_summarize(v, k, &s);
	free(v);
	return json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:b}", "mean", s.mean, "stddev",
			 s.stddev, "cv", s.cv, "median", s.median, "min", s.min, "max", s.max, "ci_lo",
			 s.ci_lo, "ci_hi", s.ci_hi, "noisy", s.noisy);
}

void results_rows_init(struct results_rows *t)
{
	t->rows = json_array();
	t->index = json_object();
}

void results_rows_free(struct results_rows *t)
{
	json_decref(t->rows);
	json_decref(t->index);
	t->rows = t->index = NULL;
}

json_t *results_rows_get(struct results_rows *t, const char *sched, const char *wl)
{
	char *key;
	if (asprintf(&key, "%s\x1f%s", sched, wl) < 0)
		return NULL;
	json_t *row = json_object_get(t->index, key);
	if (!row) {
		row = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "scheduler", sched, "workload", wl,
				"status", "ok", "reason", "", "params", json_object(), "metrics", json_object(),
				"repeats", json_array());
		if (row) {
			json_array_append_new(t->rows, row);
			json_object_set(t->index, key, row);
		}
	}
	free(key);
	return row;
}

void results_row_add_repeat(json_t *row, json_t *rep)
{
	json_t *params = json_object_get(rep, "params");
	if (json_is_object(params) && !json_object_size(json_object_get(row, "params")))
		json_object_set(row, "params", params);
	const char *st = json_string_value(json_object_get(rep, "status"));
	if (results_status_rank(st) > results_status_rank(json_string_value(json_object_get(row, "status")))) {
		const char *why = json_string_value(json_object_get(rep, "reason"));
		json_object_set_new(row, "status", json_string(st));
		json_object_set_new(row, "reason", json_string(why ? why : ""));
	}
	json_object_del(rep, "type");
	json_object_del(rep, "scheduler");
	json_object_del(rep, "workload");
	json_object_del(rep, "params");
	json_array_append_new(json_object_get(row, "repeats"), rep);
}

/* Append one ok repeat's metrics to the slots in metrics. */
static int add_metrics(json_t *metrics, const json_t *rep, size_t i, const char *where, char *err,
		       size_t errlen)
{
	json_t *ms = json_object_get(rep, "metrics");
	if (!ms)
		return 0;
	if (!json_is_array(ms)) {
		snprintf(err, errlen, "%s.repeats[%zu].metrics: expected an array", where, i);
		return -1;
	}
	size_t j;
	json_t *m;
	json_array_foreach(ms, j, m) {
		const char *name = json_string_value(json_object_get(m, "name"));
		json_t *val = json_object_get(m, "value");
		if (!json_is_object(m) || !name || !json_is_number(val)) {
			snprintf(err, errlen, "%s.repeats[%zu].metrics[%zu]: expected {name: string, value: number, ...}",
				 where, i, j);
			return -1;
		}
		json_t *slot = json_object_get(metrics, name);
		if (!slot) {
			const char *unit = json_string_value(json_object_get(m, "unit"));
			const char *dir = json_string_value(json_object_get(m, "dir"));
			slot = json_pack("{s:s, s:s, s:[], s:[]}", "unit", unit ? unit : "", "dir",
					 dir ? dir : "none", "values", "rounds");
			json_object_set_new(metrics, name, slot);
		}
		json_array_append(json_object_get(slot, "values"), val);
		json_array_append_new(json_object_get(slot, "rounds"), json_integer(results_round_of(rep)));
		if (json_is_true(json_object_get(m, "headline")))
			json_object_set_new(slot, "headline", json_true());
	}
	return 0;
}

int results_row_summarize(json_t *row, const char *where, char *err, size_t errlen)
{
	json_t *metrics = json_object();
	size_t i;
	json_t *rep;
	/* summaries describe successful repeats only; a failed repeat's
	 * partial numbers stay in its raw record */
	json_array_foreach(json_object_get(row, "repeats"), i, rep) {
		const char *st = json_string_value(json_object_get(rep, "status"));
		if (!st || strcmp(st, "ok"))
			continue;
		if (add_metrics(metrics, rep, i, where, err, errlen)) {
			json_decref(metrics);
			return -1;
		}
	}
	const char *name;
	json_t *slot;
	json_object_foreach(metrics, name, slot) {
		json_t *sum = results_summarize_values(json_object_get(slot, "values"));
		json_object_update(slot, sum);
		json_decref(sum);
	}
	json_object_set_new(row, "metrics", metrics);
	return 0;
}
