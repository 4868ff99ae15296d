/* SPDX-License-Identifier: GPL-2.0-only */
/* The workload interface.
 *
 * A workload is a generator that puts one kind of pressure on the scheduler
 * and measures how it fares. The runner forks a child per (workload, repeat),
 * moves it into a cgroup of its own, calls run() there with a time bound, and
 * reads the result back through a pipe; so a workload may spawn threads and
 * processes freely, crash or hang without taking the run with it. Everything
 * it spawns is killed with its cgroup when it returns or times out.
 */
#ifndef SCXB_WORKLOAD_H
#define SCXB_WORKLOAD_H

#include <stdbool.h>
#include <jansson.h>

enum metric_dir {
	METRIC_LOWER_BETTER = -1,
	METRIC_NEUTRAL = 0,
	METRIC_HIGHER_BETTER = 1,
};

enum wl_status { WL_OK = 0, WL_FAIL, WL_SKIP };

struct wl_params {
	double duration_s;   /* measured phase; a workload must return well within 2x */
	int nr_cpus;         /* online CPUs */
	const char *arg;     /* text after "name:" on the command line, or NULL */
	const char *cgroup;  /* absolute cgroup v2 dir the workload runs in, or NULL */
};

/* Result builder: a workload calls these; the runner serialises it. */
struct wl_result {
	enum wl_status status;
	char reason[512];
	json_t *metrics; /* array of {name, unit, dir, value} */
	json_t *params;  /* object: every parameter the workload used */
	json_t *detail;  /* object: extra data (histograms, per-task shares) */
};

void wl_result_init(struct wl_result *r);
void wl_result_free(struct wl_result *r);
void wl_metric(struct wl_result *r, const char *name, const char *unit,
	       enum metric_dir dir, double value);
void wl_param(struct wl_result *r, const char *key, json_t *value);  /* steals value */
void wl_detail(struct wl_result *r, const char *key, json_t *value); /* steals value */
void wl_skip(struct wl_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wl_fail(struct wl_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
json_t *wl_result_to_json(const struct wl_result *r);
int wl_result_from_json(const json_t *j, struct wl_result *r, char *err, size_t errlen);
const char *metric_dir_name(enum metric_dir d); /* "lower", "higher", "none" */

struct workload {
	const char *name;
	const char *desc;       /* one line, for `scxbench list` */
	const char *metrics;    /* space-separated metric names, for `scxbench list` */
	/* The metric(s) the workload exists to measure (space-separated
	 * fnmatch patterns): compare's regression gate tests these, one per
	 * workload, so the family of gated tests stays small; every other
	 * metric is shown, not gated. A ratio-scale metric that is never 0. */
	const char *headline;
	int order;              /* position in listings and in --workload all */
	const char *needs_tool; /* external program it runs, or NULL */
	bool takes_arg;         /* accepts "name:ARG" */
	/* What ARG may hold, for `scxbench list`: "key=default,..." for
	 * key=value arguments (every key named here must be one the workload
	 * parses: a unit test checks), free text otherwise. */
	const char *args;
	/* Runs in the child. Returns 0 (result filled, possibly skip/fail). */
	int (*run)(const struct wl_params *p, struct wl_result *r);
};

/* Registration without a central list: each workload file adds a pointer to
 * the scxb_workloads section; the registry sorts by order. */
#define WORKLOAD_REGISTER(w)                                                  \
	static const struct workload *const scxb_wl_ptr_##w                   \
		__attribute__((used, section("scxb_workloads"))) = &(w)

size_t workload_count(void);
const struct workload *workload_at(size_t i);
const struct workload *workload_find(const char *name); /* name before ':' */
/* metric is one of w's headline metrics; chosen (the result's
 * params.headline, or NULL) replaces w->headline for a run whose argument
 * changes what the workload measures best (pipe:cpu=N). */
bool workload_is_headline(const struct workload *w, const char *metric, const char *chosen);

#endif
