// SPDX-License-Identifier: GPL-2.0-only
/* Reader for results.json / results.jsonl (see results_reader.h for why).
 *
 * Layout of the work: load_file() reads the bytes; jsonl_to_doc() folds the
 * JSON Lines stream into a results.json-shaped document; parse_doc() checks
 * every field the reports use (wrong types are one-line errors naming the
 * file and the JSON path) and builds the typed model, recomputing every
 * summary from the raw values.
 */
#include "reports/results_reader.h"
#include "reports/results.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RR_MAX_FILE (1024L * 1024 * 1024)

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	/* one line, whatever the file held: jansson's "near '...'" context and
	 * names taken from the input may carry newlines or control bytes
	 * (found by tests/fuzz/fuzz_results_json) */
	for (size_t i = 0; i < errlen && err[i]; i++)
		if ((unsigned char)err[i] < 0x20 || err[i] == 0x7f)
			err[i] = ' ';
}

const char *rr_dir_name(enum rr_dir d)
{
	return d == RR_DIR_LOWER ? "lower" : d == RR_DIR_HIGHER ? "higher" : "none";
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s && s[1] ? s + 1 : p;
}

static char *load_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		seterr(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap + 1);
	while (buf) {
		if (n == cap) {
			if ((long)cap >= RR_MAX_FILE) {
				seterr(err, errlen, "%s: file larger than 1 GiB", path);
				free(buf);
				buf = NULL;
				break;
			}
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0) {
			if (ferror(f)) {
				seterr(err, errlen, "%s: read error: %s", path, strerror(errno));
				free(buf);
				buf = NULL;
			}
			break;
		}
	}
	fclose(f);
	if (!buf) {
		if (!err[0])
			seterr(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	buf[n] = 0;
	*len = n;
	return buf;
}

/* ---- JSON Lines -> document ------------------------------------------- */

/* A row's metrics rebuilt from its ok repeats (reports/results_model.c),
 * errors one line: used for jsonl input and for results.json rows that
 * carry repeats but no metrics object. */
static int summarize_row(json_t *row, const char *where, char *err, size_t errlen)
{
	char e[1024];
	if (!results_row_summarize(row, where, e, sizeof(e)))
		return 0;
	seterr(err, errlen, "%s", e);
	return -1;
}

static json_t *jsonl_to_doc(const char *name, char *buf, size_t len, int *truncated,
			    int *complete, size_t *nlines, char *err, size_t errlen)
{
	json_t *doc = NULL, *prov = NULL, *scheds = json_array(), *probes = json_array();
	/* "result" records (older writers) state a row's status outright: kept
	 * aside, row and record at one index, and applied over the status the
	 * repeats give once every line is in */
	json_t *stated_rows = json_array(), *stated = json_array();
	struct results_rows rows;
	results_rows_init(&rows);
	size_t lineno = 0, kept = 0;
	char *p = buf, *end = buf + len;
	*truncated = *complete = 0;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *le = nl ? nl : end;
		lineno++;
		size_t ll = (size_t)(le - p);
		int last = !nl || nl + 1 >= end;
		/* blank lines are allowed (e.g. a trailing one) */
		int blank = 1;
		for (size_t k = 0; k < ll; k++)
			if (p[k] != ' ' && p[k] != '\t' && p[k] != '\r')
				blank = 0;
		if (blank) {
			p = le + 1;
			continue;
		}
		json_error_t je;
		json_t *o = json_loadb(p, ll, 0, &je);
		if (!o || !json_is_object(o)) {
			json_decref(o);
			if (last && lineno > 1) {
				*truncated = 1;
				break;
			}
			seterr(err, errlen, "%s: line %zu: %s", name, lineno,
			       o ? "expected a JSON object" : je.text);
			goto fail;
		}
		const char *tp = json_string_value(json_object_get(o, "type"));
		char type[32];
		snprintf(type, sizeof(type), "%s", tp ? tp : "");
		if (!tp) {
			seterr(err, errlen, "%s: line %zu: missing string field \"type\"", name, lineno);
			json_decref(o);
			goto fail;
		}
		if (!prov && strcmp(type, "header")) {
			seterr(err, errlen, "%s: line %zu: first record is \"%s\", expected \"header\"",
			       name, lineno, type);
			json_decref(o);
			goto fail;
		}
		json_object_del(o, "type");
		if (!strcmp(type, "header")) {
			if (prov) {
				seterr(err, errlen, "%s: line %zu: second header record", name, lineno);
				json_decref(o);
				goto fail;
			}
			doc = json_object();
			json_t *sv = json_object_get(o, "schema_version");
			json_object_set(doc, "schema_version", sv ? sv : json_null());
			json_t *tool = json_object_get(o, "tool");
			if (tool)
				json_object_set(doc, "tool", tool);
			json_object_del(o, "schema_version");
			json_object_del(o, "tool");
			/* the runner nests provenance; older/other writers flatten it */
			json_t *nested = json_object_get(o, "provenance");
			if (json_is_object(nested)) {
				prov = json_incref(nested);
				json_decref(o);
			} else {
				prov = o;
			}
			json_object_set(doc, "provenance", prov);
		} else if (!strcmp(type, "scheduler")) {
			json_array_append_new(scheds, o);
		} else if (!strcmp(type, "probe")) {
			json_array_append_new(probes, o);
		} else if (!strcmp(type, "repeat") || !strcmp(type, "result")) {
			const char *s = json_string_value(json_object_get(o, "scheduler"));
			const char *w = json_string_value(json_object_get(o, "workload"));
			if (!s || !w) {
				seterr(err, errlen, "%s: line %zu: %s record without scheduler/workload strings",
				       name, lineno, type);
				json_decref(o);
				goto fail;
			}
			json_t *row = results_rows_get(&rows, s, w);
			if (!row) {
				seterr(err, errlen, "%s: out of memory", name);
				json_decref(o);
				goto fail;
			}
			if (!strcmp(type, "result")) {
				json_array_append(stated_rows, row);
				json_array_append_new(stated, o);
			} else {
				results_row_add_repeat(row, o);
			}
		} else if (!strcmp(type, "footer")) {
			json_t *fin = json_object_get(o, "finished");
			if (fin)
				json_object_set(prov, "finished", fin);
			*complete = 1;
			json_decref(o);
		} else {
			json_decref(o); /* unknown record types from newer writers: ignore */
		}
		kept++;
		p = le + 1;
	}
	if (!doc) {
		seterr(err, errlen, "%s: no header record (empty or not a results.jsonl)", name);
		goto fail;
	}
	size_t i;
	json_t *r;
	json_array_foreach(stated, i, r) {
		json_t *row = json_array_get(stated_rows, i);
		json_t *params = json_object_get(r, "params");
		if (json_is_object(params) && !json_object_size(json_object_get(row, "params")))
			json_object_set(row, "params", params);
		if (json_object_get(r, "status"))
			json_object_set(row, "status", json_object_get(r, "status"));
		if (json_object_get(r, "reason"))
			json_object_set(row, "reason", json_object_get(r, "reason"));
	}
	json_array_foreach(rows.rows, i, r) {
		char where[600];
		snprintf(where, sizeof(where), "%s: results[%zu]", name, i);
		if (summarize_row(r, where, err, errlen))
			goto fail;
	}
	json_object_set(doc, "schedulers", scheds);
	json_object_set(doc, "results", rows.rows);
	json_object_set(doc, "probes", probes);
	*nlines = kept;
	goto out;
fail:
	json_decref(doc);
	doc = NULL;
out:
	json_decref(prov);
	json_decref(scheds);
	json_decref(probes);
	json_decref(stated_rows);
	json_decref(stated);
	results_rows_free(&rows);
	return doc;
}

/* ---- document -> model ------------------------------------------------- */

static const char *kind_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* Typed field access with error reporting. want: 's' string, 'o' object,
 * 'a' array, 'n' number, 'i' integer. opt: absent is fine (returns NULL). */
static const json_t *field(const json_t *obj, const char *key, char want, int opt,
			   const char *file, const char *where, char *err, size_t errlen, int *bad)
{
	const json_t *v = json_object_get(obj, key);
	if (!v || (opt && json_is_null(v))) {
		if (!opt) {
			seterr(err, errlen, "%s: %s: missing field \"%s\"", file, where, key);
			*bad = 1;
		}
		return NULL;
	}
	int okk = want == 's' ? json_is_string(v) : want == 'o' ? json_is_object(v) :
		  want == 'a' ? json_is_array(v) : want == 'n' ? json_is_number(v) :
		  want == 'i' ? json_is_integer(v) : 0;
	if (!okk) {
		const char *w = want == 's' ? "a string" : want == 'o' ? "an object" :
				want == 'a' ? "an array" : want == 'n' ? "a number" : "an integer";
		seterr(err, errlen, "%s: %s.%s: expected %s, got %s", file, where, key, w, kind_of(v));
		*bad = 1;
		return NULL;
	}
	return v;
}

static const char *str_or(const json_t *v, const char *dflt)
{
	const char *s = json_string_value(v);
	return s ? s : dflt;
}

static int enum_ok(const char *v, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (!strcmp(v, *allowed))
			return 1;
	return 0;
}

static const char *const RESULT_STATUS[] = { "ok", "fail", "skip", "timeout", NULL };
static const char *const PROBE_STATUS[] = { "pass", "fail", "skip", NULL };
static const char *const SCHED_STATUS[] = { "ok", "fail", NULL };
static const char *const DIRS[] = { "lower", "higher", "none", NULL };

static int parse_metrics(struct rr_result *res, const json_t *mobj, const char *file,
			 const char *where, char *err, size_t errlen)
{
	size_t n = json_object_size(mobj);
	res->metrics = calloc(n ? n : 1, sizeof(*res->metrics));
	if (!res->metrics) {
		seterr(err, errlen, "%s: out of memory", file);
		return -1;
	}
	const char *name;
	const json_t *m;
	int bad = 0;
	json_object_foreach((json_t *)mobj, name, m) {
		char w[700];
		snprintf(w, sizeof(w), "%s.metrics.%s", where, name);
		if (!json_is_object(m)) {
			seterr(err, errlen, "%s: %s: expected an object, got %s", file, w, kind_of(m));
			return -1;
		}
		const json_t *unit = field(m, "unit", 's', 1, file, w, err, errlen, &bad);
		const json_t *dir = field(m, "dir", 's', 1, file, w, err, errlen, &bad);
		const json_t *vals = field(m, "values", 'a', 0, file, w, err, errlen, &bad);
		if (bad)
			return -1;
		const char *d = str_or(dir, "none");
		if (!enum_ok(d, DIRS)) {
			seterr(err, errlen, "%s: %s.dir: \"%s\" is not lower|higher|none", file, w, d);
			return -1;
		}
		struct rr_metric *rm = &res->metrics[res->nmetrics++];
		rm->name = name;
		rm->unit = str_or(unit, "");
		rm->dir = !strcmp(d, "lower") ? RR_DIR_LOWER : !strcmp(d, "higher") ? RR_DIR_HIGHER : RR_DIR_NONE;
		rm->n = json_array_size(vals);
		rm->headline = json_is_true(json_object_get(m, "headline"));
		rm->values = malloc((rm->n ? rm->n : 1) * sizeof(double));
		rm->rounds = malloc((rm->n ? rm->n : 1) * sizeof(int));
		if (!rm->values || !rm->rounds) {
			seterr(err, errlen, "%s: out of memory", file);
			return -1;
		}
		for (size_t k = 0; k < rm->n; k++) {
			const json_t *x = json_array_get(vals, k);
			if (!json_is_number(x)) {
				seterr(err, errlen, "%s: %s.values[%zu]: expected a number, got %s",
				       file, w, k, kind_of(x));
				return -1;
			}
			rm->values[k] = json_number_value(x);
			/* a document without rounds (older runs): repeat order */
			const json_t *rd = json_array_get(json_object_get(m, "rounds"), k);
			rm->rounds[k] = json_is_integer(rd) ? (int)json_integer_value(rd) : (int)k;
		}
		stats_summarize(rm->values, rm->n, &rm->s);
	}
	return 0;
}

static int parse_doc(struct run_results *r, const char *file, char *err, size_t errlen)
{
	const json_t *doc = r->doc;
	int bad = 0;
	if (!json_is_object(doc)) {
		seterr(err, errlen, "%s: expected a JSON object at the top level, got %s", file, kind_of(doc));
		return -1;
	}
	const json_t *sv = json_object_get(doc, "schema_version");
	if (!sv) {
		seterr(err, errlen, "%s: missing \"schema_version\" (not an scxbench results file?)", file);
		return -1;
	}
	if (!json_is_integer(sv)) {
		seterr(err, errlen, "%s: schema_version: expected an integer, got %s", file, kind_of(sv));
		return -1;
	}
	json_int_t ver = json_integer_value(sv);
	if (ver > RR_SCHEMA_VERSION) {
		seterr(err, errlen,
		       "%s: schema_version %lld is newer than this scxbench understands (%d); upgrade scxbench to read it",
		       file, (long long)ver, RR_SCHEMA_VERSION);
		return -1;
	}
	if (ver < 1) {
		seterr(err, errlen, "%s: schema_version %lld is not valid", file, (long long)ver);
		return -1;
	}
	const json_t *prov = field(doc, "provenance", 'o', 0, file, "(top)", err, errlen, &bad);
	if (bad)
		return -1;
	r->provenance = prov;
	const json_t *kernel = field(prov, "kernel", 's', 0, file, "provenance", err, errlen, &bad);
	const json_t *cpus = field(prov, "cpus", 'i', 1, file, "provenance", err, errlen, &bad);
	const json_t *host = field(prov, "hostname", 's', 1, file, "provenance", err, errlen, &bad);
	const json_t *st = field(prov, "started", 's', 1, file, "provenance", err, errlen, &bad);
	const json_t *fin = field(prov, "finished", 's', 1, file, "provenance", err, errlen, &bad);
	const json_t *vm = field(prov, "vm", 'o', 1, file, "provenance", err, errlen, &bad);
	const json_t *rp = field(prov, "params", 'o', 1, file, "provenance", err, errlen, &bad);
	if (bad)
		return -1;
	r->kernel = str_or(kernel, "");
	r->cpus = cpus ? (int)json_integer_value(cpus) : 0;
	r->hostname = str_or(host, "");
	r->started = str_or(st, "");
	r->finished = str_or(fin, "");
	r->run_params = rp;
	if (vm && json_is_true(json_object_get(vm, "used")))
		r->vm_accel = str_or(json_object_get(vm, "accel"), "unknown");

	const json_t *scheds = field(doc, "schedulers", 'a', 0, file, "(top)", err, errlen, &bad);
	const json_t *results = field(doc, "results", 'a', 0, file, "(top)", err, errlen, &bad);
	const json_t *probes = field(doc, "probes", 'a', 1, file, "(top)", err, errlen, &bad);
	if (bad)
		return -1;

	r->scheds = calloc(json_array_size(scheds) + 1, sizeof(*r->scheds));
	r->results = calloc(json_array_size(results) + 1, sizeof(*r->results));
	r->probes = calloc(json_array_size(probes) + 1, sizeof(*r->probes));
	if (!r->scheds || !r->results || !r->probes) {
		seterr(err, errlen, "%s: out of memory", file);
		return -1;
	}

	size_t i;
	const json_t *o;
	json_array_foreach(scheds, i, o) {
		char w[64];
		snprintf(w, sizeof(w), "schedulers[%zu]", i);
		if (!json_is_object(o)) {
			seterr(err, errlen, "%s: %s: expected an object, got %s", file, w, kind_of(o));
			return -1;
		}
		struct rr_sched *s = &r->scheds[r->nscheds];
		s->name = json_string_value(field(o, "name", 's', 0, file, w, err, errlen, &bad));
		s->kind = str_or(field(o, "kind", 's', 1, file, w, err, errlen, &bad), "bundled");
		s->status = str_or(field(o, "status", 's', 1, file, w, err, errlen, &bad), "ok");
		s->error = str_or(field(o, "error", 's', 1, file, w, err, errlen, &bad), "");
		s->info = field(o, "info", 'o', 1, file, w, err, errlen, &bad);
		s->exit = field(o, "exit", 'o', 1, file, w, err, errlen, &bad);
		s->kernel = str_or(field(o, "kernel", 's', 1, file, w, err, errlen, &bad), "");
		s->topology = str_or(field(o, "topology", 's', 1, file, w, err, errlen, &bad), "");
		if (bad)
			return -1;
		if (!enum_ok(s->status, SCHED_STATUS)) {
			seterr(err, errlen, "%s: %s.status: \"%s\" is not ok|fail", file, w, s->status);
			return -1;
		}
		r->nscheds++;
	}

	json_array_foreach(results, i, o) {
		char w[64];
		snprintf(w, sizeof(w), "results[%zu]", i);
		if (!json_is_object(o)) {
			seterr(err, errlen, "%s: %s: expected an object, got %s", file, w, kind_of(o));
			return -1;
		}
		struct rr_result *res = &r->results[r->nresults++];
		res->scheduler = json_string_value(field(o, "scheduler", 's', 0, file, w, err, errlen, &bad));
		res->workload = json_string_value(field(o, "workload", 's', 0, file, w, err, errlen, &bad));
		res->status = json_string_value(field(o, "status", 's', 0, file, w, err, errlen, &bad));
		res->reason = str_or(field(o, "reason", 's', 1, file, w, err, errlen, &bad), "");
		res->params = field(o, "params", 'o', 1, file, w, err, errlen, &bad);
		const json_t *mobj = field(o, "metrics", 'o', 1, file, w, err, errlen, &bad);
		res->repeats = field(o, "repeats", 'a', 1, file, w, err, errlen, &bad);
		res->kernel = str_or(field(o, "kernel", 's', 1, file, w, err, errlen, &bad), "");
		res->topology = str_or(field(o, "topology", 's', 1, file, w, err, errlen, &bad), "");
		if (bad)
			return -1;
		if (!enum_ok(res->status, RESULT_STATUS)) {
			seterr(err, errlen, "%s: %s.status: \"%s\" is not ok|fail|skip|timeout",
			       file, w, res->status);
			return -1;
		}
		size_t j;
		const json_t *rep;
		json_array_foreach(res->repeats, j, rep) {
			char rw[96];
			snprintf(rw, sizeof(rw), "%s.repeats[%zu]", w, j);
			if (!json_is_object(rep)) {
				seterr(err, errlen, "%s: %s: expected an object, got %s", file, rw, kind_of(rep));
				return -1;
			}
			field(rep, "status", 's', 0, file, rw, err, errlen, &bad);
			field(rep, "metrics", 'a', 1, file, rw, err, errlen, &bad);
			field(rep, "detail", 'o', 1, file, rw, err, errlen, &bad);
			if (bad)
				return -1;
		}
		if ((!mobj || !json_object_size(mobj)) && json_array_size(res->repeats)) {
			/* repeats but no aggregated metrics: aggregate here */
			char where[600];
			snprintf(where, sizeof(where), "%s: %s", file, w);
			if (summarize_row((json_t *)o, where, err, errlen))
				return -1;
			mobj = json_object_get(o, "metrics");
		}
		if (mobj && parse_metrics(res, mobj, file, w, err, errlen))
			return -1;
	}

	json_array_foreach(probes, i, o) {
		char w[64];
		snprintf(w, sizeof(w), "probes[%zu]", i);
		if (!json_is_object(o)) {
			seterr(err, errlen, "%s: %s: expected an object, got %s", file, w, kind_of(o));
			return -1;
		}
		struct rr_probe *p = &r->probes[r->nprobes++];
		p->scheduler = json_string_value(field(o, "scheduler", 's', 0, file, w, err, errlen, &bad));
		p->probe = json_string_value(field(o, "probe", 's', 0, file, w, err, errlen, &bad));
		p->status = json_string_value(field(o, "status", 's', 0, file, w, err, errlen, &bad));
		p->reason = str_or(field(o, "reason", 's', 1, file, w, err, errlen, &bad), "");
		p->diag = field(o, "diag", 'o', 1, file, w, err, errlen, &bad);
		p->kernel = str_or(field(o, "kernel", 's', 1, file, w, err, errlen, &bad), "");
		p->topology = str_or(field(o, "topology", 's', 1, file, w, err, errlen, &bad), "");
		if (bad)
			return -1;
		if (!enum_ok(p->status, PROBE_STATUS)) {
			seterr(err, errlen, "%s: %s.status: \"%s\" is not pass|fail|skip", file, w, p->status);
			return -1;
		}
	}
	return 0;
}

struct run_results *rr_from_doc(json_t *doc, const char *name, char *err, size_t errlen)
{
	struct run_results *r = calloc(1, sizeof(*r));
	if (!r) {
		seterr(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	snprintf(r->path, sizeof(r->path), "%s", name);
	r->doc = json_incref(doc);
	r->complete = 1;
	if (parse_doc(r, name, err, errlen)) {
		rr_free(r);
		return NULL;
	}
	return r;
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

struct run_results *rr_load(const char *path, char *err, size_t errlen)
{
	char p[1024];
	struct stat sb;
	err[0] = 0;
	if (!stat(path, &sb) && S_ISDIR(sb.st_mode)) {
		snprintf(p, sizeof(p), "%s/results.json", path);
		if (access(p, R_OK)) {
			snprintf(p, sizeof(p), "%s/results.jsonl", path);
			if (access(p, R_OK)) {
				seterr(err, errlen, "%s: no results.json or results.jsonl in this directory", path);
				return NULL;
			}
		}
	} else {
		snprintf(p, sizeof(p), "%s", path);
	}
	const char *name = p;
	size_t len = 0;
	char *buf = load_file(p, &len, err, errlen);
	if (!buf)
		return NULL;
	size_t k = 0;
	while (k < len && (buf[k] == ' ' || buf[k] == '\n' || buf[k] == '\t' || buf[k] == '\r'))
		k++;
	if (k == len) {
		seterr(err, errlen, "%s: empty file", name);
		free(buf);
		return NULL;
	}
	if (memchr(buf, 0, len)) {
		seterr(err, errlen, "%s: binary data (NUL byte), not JSON", name);
		free(buf);
		return NULL;
	}

	/* JSON Lines when named so, or when the first value is a header record */
	int jsonl = ends_with(name, ".jsonl");
	if (!jsonl) {
		json_error_t je;
		json_t *first = json_loadb(buf, len, JSON_DISABLE_EOF_CHECK, &je);
		const char *t = json_string_value(json_object_get(first, "type"));
		jsonl = t && !strcmp(t, "header");
		json_decref(first);
	}

	json_t *doc;
	int truncated = 0, complete = 1;
	size_t nlines = 0;
	if (jsonl) {
		doc = jsonl_to_doc(name, buf, len, &truncated, &complete, &nlines, err, errlen);
	} else {
		json_error_t je;
		doc = json_loadb(buf, len, 0, &je);
		if (!doc) {
			int eof = strstr(je.text, "end of file") || strstr(je.text, "premature") ||
				  strstr(je.text, "unexpected newline") || (size_t)je.position >= len;
			seterr(err, errlen, "%s: invalid JSON at line %d column %d: %s%s", name,
			       je.line, je.column, je.text, eof ? " (truncated file?)" : "");
		}
	}
	free(buf);
	if (!doc)
		return NULL;
	struct run_results *r = rr_from_doc(doc, name, err, errlen);
	json_decref(doc);
	if (!r)
		return NULL;
	r->from_jsonl = jsonl;
	r->truncated = truncated;
	r->complete = complete;
	if (truncated)
		snprintf(r->warning, sizeof(r->warning),
			 "%s: last line is incomplete (interrupted run); kept %zu complete records",
			 base_name(name), nlines);
	else if (!complete)
		snprintf(r->warning, sizeof(r->warning),
			 "%s: no footer record (interrupted run); kept %zu complete records",
			 base_name(name), nlines);
	return r;
}

void rr_free(struct run_results *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nresults && !r->view; i++) {
		for (size_t j = 0; j < r->results[i].nmetrics; j++) {
			free(r->results[i].metrics[j].values);
			free(r->results[i].metrics[j].rounds);
		}
		free(r->results[i].metrics);
	}
	free(r->results);
	free(r->scheds);
	free(r->probes);
	json_decref(r->doc);
	free(r);
}

const char *rr_sched_list(const struct run_results *r, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->nscheds && used + 1 < len; i++) {
		int dup = 0;
		for (size_t j = 0; j < i; j++)
			dup |= !strcmp(r->scheds[j].name, r->scheds[i].name);
		if (dup)
			continue;
		int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", r->scheds[i].name);
		if (w < 0)
			break;
		used += (size_t)w < len - used ? (size_t)w : len - used - 1;
	}
	return buf;
}

const struct rr_sched *rr_sched_find(const struct run_results *r, const char *name)
{
	for (size_t i = 0; i < r->nscheds; i++)
		if (!strcmp(r->scheds[i].name, name))
			return &r->scheds[i];
	return NULL;
}

const struct rr_result *rr_find(const struct run_results *r, const char *sched,
				     const char *workload)
{
	for (size_t i = 0; i < r->nresults; i++)
		if (!strcmp(r->results[i].scheduler, sched) && !strcmp(r->results[i].workload, workload))
			return &r->results[i];
	return NULL;
}

const struct rr_metric *rr_metric_find(const struct rr_result *res, const char *name)
{
	if (!res)
		return NULL;
	for (size_t i = 0; i < res->nmetrics; i++)
		if (!strcmp(res->metrics[i].name, name))
			return &res->metrics[i];
	return NULL;
}

const char *rr_baseline(const struct run_results *r)
{
	for (size_t i = 0; i < r->nscheds; i++)
		if (!strcmp(r->scheds[i].kind, "eevdf"))
			return r->scheds[i].name;
	for (size_t i = 0; i < r->nscheds; i++)
		if (!strcmp(r->scheds[i].name, "eevdf"))
			return r->scheds[i].name;
	return NULL;
}

size_t rr_failed_probes(const struct run_results *r, const char *sched,
			     const struct rr_probe **first)
{
	size_t n = 0;
	if (first)
		*first = NULL;
	for (size_t i = 0; i < r->nprobes; i++)
		if (!strcmp(r->probes[i].scheduler, sched) && !strcmp(r->probes[i].status, "fail")) {
			if (!n && first)
				*first = &r->probes[i];
			n++;
		}
	return n;
}

int rr_has_workload(const struct run_results *r, const char *wl)
{
	for (size_t i = 0; i < r->nresults; i++)
		if (!strcmp(r->results[i].workload, wl))
			return 1;
	return 0;
}

size_t rr_workloads(const struct run_results *r, const char **out, size_t max)
{
	size_t n = 0;
	/* plan order from provenance.params.workloads first, then any others */
	const json_t *wl = r->run_params ? json_object_get(r->run_params, "workloads") : NULL;
	size_t i;
	const json_t *w;
	json_array_foreach(wl, i, w) {
		const char *s = json_string_value(w);
		if (!s || !rr_has_workload(r, s))
			continue;
		int dup = 0;
		for (size_t k = 0; k < n; k++)
			dup |= !strcmp(out[k], s);
		if (!dup && n < max)
			out[n++] = s;
	}
	for (i = 0; i < r->nresults; i++) {
		const char *s = r->results[i].workload;
		int dup = 0;
		for (size_t k = 0; k < n; k++)
			dup |= !strcmp(out[k], s);
		if (!dup && n < max)
			out[n++] = s;
	}
	return n;
}

/* ---- (kernel, topology) groups ------------------------------------------ */

int rr_in_group(const struct rr_group *g, const char *kernel, const char *topology)
{
	return !strcmp(g->kernel, kernel) && !strcmp(g->topology, topology);
}

static size_t add_group(struct rr_group *out, size_t n, size_t max, const char *k, const char *t)
{
	for (size_t i = 0; i < n; i++)
		if (rr_in_group(&out[i], k, t))
			return n;
	if (n < max)
		out[n++] = (struct rr_group){ k, t };
	return n;
}

size_t rr_groups(const struct run_results *r, struct rr_group *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nscheds; i++)
		n = add_group(out, n, max, r->scheds[i].kernel, r->scheds[i].topology);
	for (size_t i = 0; i < r->nresults; i++)
		n = add_group(out, n, max, r->results[i].kernel, r->results[i].topology);
	for (size_t i = 0; i < r->nprobes; i++)
		n = add_group(out, n, max, r->probes[i].kernel, r->probes[i].topology);
	return n;
}

int rr_grouped(const struct run_results *r)
{
	struct rr_group g[2];
	return rr_groups(r, g, 2) > 1;
}

const char *rr_group_label(char *buf, size_t len, const char *kernel, const char *topology)
{
	snprintf(buf, len, "%s/%s", *kernel ? kernel : "-", *topology ? topology : "-");
	return buf;
}

const struct rr_result *rr_find_group(const struct run_results *r, const char *sched,
				      const char *workload, const char *kernel,
				      const char *topology)
{
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *x = &r->results[i];
		if (!strcmp(x->scheduler, sched) && !strcmp(x->workload, workload) &&
		    !strcmp(x->kernel, kernel) && !strcmp(x->topology, topology))
			return x;
	}
	return NULL;
}

struct run_results *rr_view(const struct run_results *r, const struct rr_group *g)
{
	struct run_results *v = malloc(sizeof(*v));
	if (!v)
		return NULL;
	*v = *r;
	v->view = 1;
	v->doc = json_incref(r->doc);
	v->scheds = calloc(r->nscheds + 1, sizeof(*v->scheds));
	v->results = calloc(r->nresults + 1, sizeof(*v->results));
	v->probes = calloc(r->nprobes + 1, sizeof(*v->probes));
	if (!v->scheds || !v->results || !v->probes) {
		rr_free(v);
		return NULL;
	}
	v->nscheds = v->nresults = v->nprobes = 0;
	for (size_t i = 0; i < r->nscheds; i++)
		if (rr_in_group(g, r->scheds[i].kernel, r->scheds[i].topology))
			v->scheds[v->nscheds++] = r->scheds[i];
	for (size_t i = 0; i < r->nresults; i++)
		if (rr_in_group(g, r->results[i].kernel, r->results[i].topology))
			v->results[v->nresults++] = r->results[i];
	for (size_t i = 0; i < r->nprobes; i++)
		if (rr_in_group(g, r->probes[i].kernel, r->probes[i].topology))
			v->probes[v->nprobes++] = r->probes[i];
	if (*g->kernel)
		v->kernel = g->kernel;
	rr_group_label(v->group, sizeof(v->group), g->kernel, g->topology);
	return v;
}

size_t rr_views(const struct run_results *r, struct run_results **views, size_t max)
{
	struct rr_group g[RR_MAX_GROUPS];
	size_t ng = rr_groups(r, g, max < RR_MAX_GROUPS ? max : RR_MAX_GROUPS);
	if (ng < 2)
		return 0;
	for (size_t i = 0; i < ng; i++)
		views[i] = rr_view(r, &g[i]);
	return ng;
}

void rr_views_free(struct run_results **views, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rr_free(views[i]);
		views[i] = NULL;
	}
}
