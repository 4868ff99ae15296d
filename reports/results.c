// SPDX-License-Identifier: GPL-2.0-only
/* See results.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/results.h"

struct results {
	char dir[4096];
	int fd;             /* results.jsonl, O_APPEND */
	json_t *tool;
	json_t *provenance;
	json_t *schedulers; /* array */
	json_t *repeats;    /* array of {"scheduler","workload", ...repeat} in order */
	json_t *probes;     /* array */
	int write_failed;
};

static int mkdir_p(const char *dir, char *err, size_t errlen)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", dir);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "--out %s: cannot create %s: %s", dir, buf, strerror(errno));
			return -1;
		}
		*p = '/';
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "--out %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* One line per record, written with one write() and synced, so a crash
 * leaves at most a torn last line that the reader drops. */
static int append_line(struct results *r, json_t *rec)
{
	char *txt = json_dumps(rec, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (!txt)
		return -1;
	size_t len = strlen(txt);
	txt[len] = '\n';
	ssize_t w;
	do
		w = write(r->fd, txt, len + 1);
	while (w < 0 && errno == EINTR);
	free(txt);
	if (w >= 0 && w != (ssize_t)(len + 1))
		errno = ENOSPC; /* a short write sets no errno: the device is full */
	if (w != (ssize_t)(len + 1) || fdatasync(r->fd) < 0) {
		if (!r->write_failed)
			fprintf(stderr, "scxbench: error: %s/results.jsonl: write failed: %s (results are kept in memory)\n",
				r->dir, strerror(errno));
		r->write_failed = 1;
		return -1;
	}
	return 0;
}

/* Returns whether the file already starts a run (has a header). */
static int load_existing(struct results *r, const char *path)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int had_header = 0;
	if (!f)
		return 0;
	while (getline(&line, &cap, f) > 0) {
		json_error_t e;
		json_t *rec = json_loads(line, 0, &e);
		if (!rec)
			continue; /* torn last line of a killed run */
		const char *type = json_string_value(json_object_get(rec, "type"));
		if (type && !strcmp(type, "repeat"))
			json_array_append(r->repeats, rec);
		else if (type && !strcmp(type, "probe"))
			json_array_append(r->probes, rec);
		else if (type && !strcmp(type, "scheduler"))
			json_array_append(r->schedulers, rec);
		else if (type && !strcmp(type, "header"))
			had_header = 1;
		json_decref(rec);
	}
	free(line);
	fclose(f);
	return had_header;
}

struct results *results_open(const char *dir, json_t *tool, json_t *provenance, int resume,
			     char *err, size_t errlen)
{
	char path[4200];
	struct results *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->fd = -1;
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	if (mkdir_p(dir, err, errlen) < 0) {
		free(r);
		return NULL;
	}
	r->tool = json_incref(tool);
	r->provenance = json_incref(provenance);
	r->schedulers = json_array();
	r->repeats = json_array();
	r->probes = json_array();
	snprintf(path, sizeof(path), "%s/results.jsonl", dir);
	int had_header = resume ? load_existing(r, path) : 0;
	r->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (resume ? 0 : O_TRUNC), 0644);
	if (r->fd < 0) {
		snprintf(err, errlen, "--out %s: cannot write results.jsonl: %s", dir, strerror(errno));
		results_writer_free(r);
		return NULL;
	}
	/* A resumed file keeps its one header (readers reject a second one):
	 * the resumed run's provenance goes into a "resume" record, a type
	 * readers skip. */
	json_t *hdr = json_pack("{s:s, s:i, s:O, s:O}", "type", had_header ? "resume" : "header",
				"schema_version", RESULTS_SCHEMA_VERSION, "tool", tool, "provenance",
				provenance);
	r->write_failed = 1; /* a failing header is reported below, in one line */
	int rc = append_line(r, hdr);
	r->write_failed = 0;
	json_decref(hdr);
	if (rc < 0) {
		snprintf(err, errlen, "--out %s: cannot write results.jsonl: %s", dir, strerror(errno));
		results_writer_free(r);
		return NULL;
	}
	return r;
}

const char *results_dir(struct results *r)
{
	return r->dir;
}

int results_add_scheduler(struct results *r, json_t *entry)
{
	json_object_set_new(entry, "type", json_string("scheduler"));
	int rc = append_line(r, entry);
	/* a resumed run attaches a row again: its newest entry replaces the
	 * interrupted run's, so results.json has each row once */
	size_t i;
	json_t *old;
	json_array_foreach(r->schedulers, i, old)
		if (json_equal(json_object_get(old, "name"), json_object_get(entry, "name"))) {
			json_array_set_new(r->schedulers, i, entry);
			return rc;
		}
	json_array_append_new(r->schedulers, entry);
	return rc;
}

int results_add_repeat(struct results *r, const char *sched, const char *workload, json_t *rep)
{
	json_object_set_new(rep, "type", json_string("repeat"));
	json_object_set_new(rep, "scheduler", json_string(sched));
	json_object_set_new(rep, "workload", json_string(workload));
	int rc = append_line(r, rep);
	json_array_append_new(r->repeats, rep);
	return rc;
}

int results_add_probe(struct results *r, json_t *probe)
{
	json_object_set_new(probe, "type", json_string("probe"));
	int rc = append_line(r, probe);
	json_array_append_new(r->probes, probe);
	return rc;
}

static int str_eq(const json_t *o, const char *key, const char *want)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && !strcmp(s, want);
}

int results_has_repeat(struct results *r, const char *sched, const char *workload, int repeat)
{
	size_t i;
	json_t *rep;
	json_array_foreach(r->repeats, i, rep)
		if (str_eq(rep, "scheduler", sched) && str_eq(rep, "workload", workload) &&
		    json_integer_value(json_object_get(rep, "repeat")) == repeat)
			return 1;
	return 0;
}

int results_has_probe(struct results *r, const char *sched, const char *probe)
{
	size_t i;
	json_t *p;
	json_array_foreach(r->probes, i, p)
		if (str_eq(p, "scheduler", sched) && str_eq(p, "probe", probe))
			return 1;
	return 0;
}

/* Group repeats by (scheduler, workload), in first-seen order, and add the
 * per-metric summaries (reports/results_model.c). The records come from
 * this run, so a malformed metric cannot happen; should one, its row keeps
 * its repeats and no metrics rather than losing the document. */
static json_t *group_results(json_t *repeats)
{
	struct results_rows t;
	char err[256];
	size_t i;
	json_t *rep;
	results_rows_init(&t);
	json_array_foreach(repeats, i, rep) {
		const char *sched = json_string_value(json_object_get(rep, "scheduler"));
		const char *wl = json_string_value(json_object_get(rep, "workload"));
		json_t *row = results_rows_get(&t, sched ? sched : "", wl ? wl : "");
		if (row)
			results_row_add_repeat(row, json_deep_copy(rep));
	}
	json_array_foreach(t.rows, i, rep)
		results_row_summarize(rep, "results", err, sizeof(err));
	json_t *out = json_incref(t.rows);
	results_rows_free(&t);
	return out;
}

static json_t *strip_type(json_t *arr)
{
	json_t *out = json_array(), *x;
	size_t i;
	json_array_foreach(arr, i, x) {
		json_t *c = json_deep_copy(x);
		json_object_del(c, "type");
		json_array_append_new(out, c);
	}
	return out;
}

json_t *results_document(struct results *r)
{
	return json_pack("{s:i, s:O, s:O, s:o, s:o, s:o}", "schema_version", RESULTS_SCHEMA_VERSION,
			 "tool", r->tool, "provenance", r->provenance, "schedulers",
			 strip_type(r->schedulers), "results", group_results(r->repeats), "probes",
			 strip_type(r->probes));
}

int results_finish(struct results *r, const char *finished_iso, char *err, size_t errlen)
{
	char path[4200];
	if (finished_iso)
		json_object_set_new(r->provenance, "finished", json_string(finished_iso));
	json_t *doc = results_document(r);
	char *txt = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	json_decref(doc);
	if (!txt) {
		snprintf(err, errlen, "cannot serialise results");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/results.json", r->dir);
	size_t len = strlen(txt);
	int rc = write_file_atomic(path, txt, len, err, errlen);
	free(txt);
	json_t *ftr = json_pack("{s:s, s:s}", "type", "footer", "finished", finished_iso ? finished_iso : "");
	append_line(r, ftr);
	json_decref(ftr);
	return rc;
}

void results_writer_free(struct results *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	json_decref(r->tool);
	json_decref(r->provenance);
	json_decref(r->schedulers);
	json_decref(r->repeats);
	json_decref(r->probes);
	free(r);
}
