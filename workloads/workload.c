// SPDX-License-Identifier: GPL-2.0-only
/* Workload results and the workload registry.
 *
 * Why here: every workload fills the same result (status, reason, metrics
 * with unit and direction, the parameters it used, free-form detail), and the
 * runner moves it from the workload's child process to the report as JSON.
 * Keeping the builder, both directions of the JSON, and the registry in one
 * small file means a workload file only has to describe itself and measure.
 *
 * The registry has no central list: each workload file drops a pointer into
 * the "scxb_workloads" linker section (WORKLOAD_REGISTER), and the linker's
 * __start_/__stop_ symbols bound it. They are weak so a binary linked with no
 * workload at all still links (and sees zero workloads).
 */
#include "workloads/workload.h"

#include <fnmatch.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wl_result_init(struct wl_result *r)
{
	memset(r, 0, sizeof(*r));
	r->status = WL_OK;
	r->metrics = json_array();
	r->params = json_object();
	r->detail = json_object();
}

void wl_result_free(struct wl_result *r)
{
	json_decref(r->metrics);
	json_decref(r->params);
	json_decref(r->detail);
	r->metrics = r->params = r->detail = NULL;
}

const char *metric_dir_name(enum metric_dir d)
{
	switch (d) {
	case METRIC_LOWER_BETTER: return "lower";
	case METRIC_HIGHER_BETTER: return "higher";
	default: return "none";
	}
}

static int metric_dir_parse(const char *s, enum metric_dir *d)
{
	if (!strcmp(s, "lower"))
		*d = METRIC_LOWER_BETTER;
	else if (!strcmp(s, "higher"))
		*d = METRIC_HIGHER_BETTER;
	else if (!strcmp(s, "none"))
		*d = METRIC_NEUTRAL;
	else
		return -1;
	return 0;
}

static const char *status_name(enum wl_status s)
{
	switch (s) {
	case WL_OK: return "ok";
	case WL_SKIP: return "skip";
	default: return "fail";
	}
}

/* JSON cannot hold NaN or infinities: such a value is not reported as a
 * number (a reader would see 0); its name goes to detail.invalid_metrics. */
void wl_metric(struct wl_result *r, const char *name, const char *unit,
	       enum metric_dir dir, double value)
{
	if (!isfinite(value)) {
		json_t *bad = json_object_get(r->detail, "invalid_metrics");
		if (!bad) {
			bad = json_array();
			json_object_set_new(r->detail, "invalid_metrics", bad);
		}
		json_array_append_new(bad, json_string(name));
		return;
	}
	json_array_append_new(r->metrics,
			      json_pack("{s:s, s:s, s:s, s:f}", "name", name, "unit", unit,
					"dir", metric_dir_name(dir), "value", value));
}

void wl_param(struct wl_result *r, const char *key, json_t *value)
{
	json_object_set_new(r->params, key, value ? value : json_null());
}

void wl_detail(struct wl_result *r, const char *key, json_t *value)
{
	json_object_set_new(r->detail, key, value ? value : json_null());
}

static void set_reason(struct wl_result *r, enum wl_status st, const char *fmt, va_list ap)
{
	r->status = st;
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
}

void wl_skip(struct wl_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_reason(r, WL_SKIP, fmt, ap);
	va_end(ap);
}

void wl_fail(struct wl_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_reason(r, WL_FAIL, fmt, ap);
	va_end(ap);
}

json_t *wl_result_to_json(const struct wl_result *r)
{
	return json_pack("{s:s, s:s, s:O, s:O, s:O}",
			 "status", status_name(r->status),
			 "reason", r->reason,
			 "metrics", r->metrics ? r->metrics : json_array(),
			 "params", r->params ? r->params : json_object(),
			 "detail", r->detail ? r->detail : json_object());
}

#define ERR(...)                                                  \
	do {                                                      \
		if (err && errlen)                                \
			snprintf(err, errlen, __VA_ARGS__);       \
		wl_result_free(r);                                \
		wl_result_init(r);                                \
		return -1;                                        \
	} while (0)

int wl_result_from_json(const json_t *j, struct wl_result *r, char *err, size_t errlen)
{
	wl_result_init(r);
	if (!json_is_object(j))
		ERR("result: not a JSON object");
	const char *st = json_string_value(json_object_get(j, "status"));
	if (!st)
		ERR("result: missing \"status\"");
	if (!strcmp(st, "ok"))
		r->status = WL_OK;
	else if (!strcmp(st, "skip"))
		r->status = WL_SKIP;
	else if (!strcmp(st, "fail"))
		r->status = WL_FAIL;
	else
		ERR("result: unknown status \"%s\"", st);
	const json_t *reason = json_object_get(j, "reason");
	if (reason && !json_is_string(reason))
		ERR("result: \"reason\" is not a string");
	if (reason)
		snprintf(r->reason, sizeof(r->reason), "%s", json_string_value(reason));

	const json_t *m = json_object_get(j, "metrics");
	if (m && !json_is_array(m))
		ERR("result: \"metrics\" is not an array");
	size_t i;
	const json_t *e;
	json_array_foreach(m, i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));
		const char *unit = json_string_value(json_object_get(e, "unit"));
		const char *dir = json_string_value(json_object_get(e, "dir"));
		const json_t *v = json_object_get(e, "value");
		enum metric_dir d;
		if (!name || !unit || !dir || !json_is_number(v))
			ERR("result: metric %zu lacks name/unit/dir/value", i);
		if (metric_dir_parse(dir, &d))
			ERR("result: metric \"%s\" has unknown dir \"%s\"", name, dir);
		wl_metric(r, name, unit, d, json_number_value(v));
	}
	const json_t *p = json_object_get(j, "params");
	if (p && !json_is_object(p))
		ERR("result: \"params\" is not an object");
	if (p)
		json_object_update(r->params, (json_t *)p);
	const json_t *d = json_object_get(j, "detail");
	if (d && !json_is_object(d))
		ERR("result: \"detail\" is not an object");
	if (d)
		json_object_update(r->detail, (json_t *)d);
	return 0;
}

/* --- registry --- */

extern const struct workload *const __start_scxb_workloads[] __attribute__((weak));
extern const struct workload *const __stop_scxb_workloads[] __attribute__((weak));

static const struct workload **sorted;
static size_t nsorted;
static pthread_once_t sorted_once = PTHREAD_ONCE_INIT;

static int cmp_order(const void *a, const void *b)
{
	const struct workload *x = *(const struct workload *const *)a;
	const struct workload *y = *(const struct workload *const *)b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void build_sorted(void)
{
	if (!__start_scxb_workloads || !__stop_scxb_workloads)
		return;
	size_t n = (size_t)(__stop_scxb_workloads - __start_scxb_workloads);
	sorted = calloc(n ? n : 1, sizeof(*sorted));
	if (!sorted)
		return;
	for (size_t i = 0; i < n; i++)
		if (__start_scxb_workloads[i])
			sorted[nsorted++] = __start_scxb_workloads[i];
	qsort(sorted, nsorted, sizeof(*sorted), cmp_order);
}

size_t workload_count(void)
{
	pthread_once(&sorted_once, build_sorted);
	return nsorted;
}

const struct workload *workload_at(size_t i)
{
	pthread_once(&sorted_once, build_sorted);
	return i < nsorted ? sorted[i] : NULL;
}

const struct workload *workload_find(const char *name)
{
	if (!name)
		return NULL;
	size_t len = strcspn(name, ":");
	pthread_once(&sorted_once, build_sorted);
	for (size_t i = 0; i < nsorted; i++)
		if (strlen(sorted[i]->name) == len && !strncmp(sorted[i]->name, name, len))
			return sorted[i];
	return NULL;
}

bool workload_is_headline(const struct workload *w, const char *metric, const char *chosen)
{
	const char *pattern = chosen && *chosen ? chosen : w ? w->headline : NULL;
	if (!pattern || !metric)
		return false;
	char pats[256];
	snprintf(pats, sizeof(pats), "%s", pattern);
	char *save = NULL;
	for (char *p = strtok_r(pats, " ", &save); p; p = strtok_r(NULL, " ", &save))
		if (!fnmatch(p, metric, 0))
			return true;
	return false;
}
