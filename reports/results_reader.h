/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading stored results back: results.json or results.jsonl -> one model.
 *
 * Why: every report (compare, recommend, Markdown, HTML, exports, report
 * --format json) works from stored results, never from a live run, so they
 * can be regenerated at will and from runs made elsewhere (CI artifacts).
 * An interrupted run leaves only results.jsonl, possibly with a half-written
 * last line: the reader keeps every complete line and warns. Both inputs are
 * first normalised into a results.json-shaped document (`doc`), then parsed
 * into the typed model below; summaries are always recomputed from the raw
 * per-repeat values with reports/stats.c, so a model read from the JSON and
 * from the JSON Lines of the same run are identical.
 *
 * Errors are one line naming the file ("results.json: line 3: ..."), meant
 * for the CLI to print as-is and exit 2.
 */
#ifndef SCXB_RESULTS_READER_H
#define SCXB_RESULTS_READER_H

#include <jansson.h>
#include <stddef.h>

#include "reports/stats.h"

#define RR_SCHEMA_VERSION 1

enum rr_dir { RR_DIR_NONE = 0, RR_DIR_LOWER = -1, RR_DIR_HIGHER = 1 };

struct rr_metric {           /* one metric of one (scheduler, workload) */
	const char *name, *unit; /* borrowed from doc */
	enum rr_dir dir;
	double *values;          /* per ok repeat, in repeat order */
	int *rounds;             /* the round each value ran in (pairs rows of one run) */
	size_t n;
	int headline;            /* the workload's headline metric: gated by compare */
	struct summary s;
};

/* Rows of a merged `run --vm` matrix (runner/vm_merge.c) also carry the
 * kernel and topology they ran on: kernel and topology below, "" when the
 * row has no such field (a plain run). */
struct rr_result {           /* one (scheduler, workload) */
	const char *scheduler, *workload, *status, *reason; /* reason "" if none */
	const char *kernel, *topology;
	const json_t *params;    /* object (maybe empty) */
	const json_t *repeats;   /* array of repeat objects as stored */
	struct rr_metric *metrics;
	size_t nmetrics;
};

struct rr_sched {
	const char *name, *kind, *status, *error; /* error "" if none */
	const char *kernel, *topology;
	const json_t *info, *exit;                /* NULL when absent */
};

struct rr_probe {
	const char *scheduler, *probe, *status, *reason;
	const char *kernel, *topology;
	const json_t *diag;      /* flat object, maybe empty */
};

struct run_results {
	char path[1024];
	json_t *doc;             /* normalised results.json document (owned) */
	int from_jsonl;
	int truncated;           /* jsonl: an incomplete last line was dropped */
	int complete;            /* run finished (json, or jsonl with footer) */
	const char *kernel, *hostname, *started, *finished; /* "" if absent */
	int cpus;
	const char *vm_accel;    /* NULL when not in a VM */
	const json_t *provenance, *run_params; /* run_params may be NULL */
	struct rr_sched *scheds;
	size_t nscheds;
	struct rr_result *results;
	size_t nresults;
	struct rr_probe *probes;
	size_t nprobes;
	char warning[512];       /* non-fatal note (truncation), "" if none */
	int view;                /* made by rr_view(): rows borrowed from the parent */
	char group[300];         /* rr_view(): the group's label "KERNEL/TOPOLOGY" */
};

/* Load path (results.json, results.jsonl, or a directory holding either;
 * the format is sniffed from the content). Returns a model or NULL with a
 * one-line error in err. */
struct run_results *rr_load(const char *path, char *err, size_t errlen);
/* Parse an in-memory results.json-shaped document (takes a reference). */
struct run_results *rr_from_doc(json_t *doc, const char *name, char *err, size_t errlen);
void rr_free(struct run_results *r);

const struct rr_sched *rr_sched_find(const struct run_results *r, const char *name);
/* "eevdf, a, b": the run's scheduler rows, for error messages. Returns buf. */
const char *rr_sched_list(const struct run_results *r, char *buf, size_t len);
const struct rr_result *rr_find(const struct run_results *r, const char *sched,
				     const char *workload);
const struct rr_metric *rr_metric_find(const struct rr_result *res, const char *name);
/* The EEVDF baseline row name ("eevdf" kind), or NULL. */
const char *rr_baseline(const struct run_results *r);
/* Probes with status "fail" for this scheduler: count, and the first. */
size_t rr_failed_probes(const struct run_results *r, const char *sched,
			     const struct rr_probe **first);
/* Does any result row have this workload? */
int rr_has_workload(const struct run_results *r, const char *wl);
/* Ordered unique workload names (plan order). Returns count; names borrowed. */
size_t rr_workloads(const struct run_results *r, const char **out, size_t max);

const char *rr_dir_name(enum rr_dir d);

/* (kernel, topology) groups. A merged document holds one run per kernel
 * and topology; its rows are comparable only within one group (one VM
 * boot: the baseline of a row is the EEVDF row of the same group), so the
 * reports split by group when there is more than one. Untagged rows form
 * the group ("", ""); a plain run is one group. */
struct rr_group {
	const char *kernel, *topology; /* borrowed; "" when untagged */
};
#define RR_MAX_GROUPS 64
/* Distinct groups over schedulers, results and probes, in order of first
 * appearance (run order for a merged document). Returns the count. */
size_t rr_groups(const struct run_results *r, struct rr_group *out, size_t max);
int rr_in_group(const struct rr_group *g, const char *kernel, const char *topology);
/* More than one group: the reports must show which row is which. */
int rr_grouped(const struct run_results *r);
/* "KERNEL/TOPOLOGY" ("-" for an untagged part). Returns buf. */
const char *rr_group_label(char *buf, size_t len, const char *kernel, const char *topology);
/* rr_find() within one group. */
const struct rr_result *rr_find_group(const struct run_results *r, const char *sched,
				      const char *workload, const char *kernel,
				      const char *topology);
/* A model holding only the rows of group g, sharing r's document and
 * metric values (free it with rr_free() before r). Every single-run
 * function (rr_find, rr_baseline, recommend, ...) is then right for that
 * group. Its kernel is the group's; group holds the label. NULL on OOM. */
struct run_results *rr_view(const struct run_results *r, const struct rr_group *g);
/* One rr_view per group into views[] when r has several groups, returning
 * how many (0 for a single group: use r itself); a view is NULL when out
 * of memory. Free them with rr_views_free(). */
size_t rr_views(const struct run_results *r, struct run_results **views, size_t max);
void rr_views_free(struct run_results **views, size_t n);

#endif
