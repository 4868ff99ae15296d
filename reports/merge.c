// SPDX-License-Identifier: GPL-2.0-only
/* See merge.h. */
#include "reports/merge.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reports/report_util.h"
#include "reports/results_reader.h"

static int has_results(const char *dir)
{
	char p[4200];
	struct stat sb;
	rep_snprintf(p, sizeof(p), "%s/results.json", dir);
	if (stat(p, &sb) == 0)
		return 1;
	rep_snprintf(p, sizeof(p), "%s/results.jsonl", dir);
	return stat(p, &sb) == 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push_path(char ***paths, size_t *n, size_t *cap, const char *p)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		char **np = realloc(*paths, nc * sizeof(*np));
		if (!np)
			return -1;
		*paths = np;
		*cap = nc;
	}
	(*paths)[(*n)++] = strdup(p);
	return 0;
}

/* The subdirectories of dir that hold results, in name order. */
static int expand_dir(const char *dir, char ***paths, size_t *n, size_t *cap, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		rep_snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	size_t first = *n;
	struct dirent *e;
	while ((e = readdir(d))) {
		char sub[4200];
		struct stat sb;
		if (e->d_name[0] == '.')
			continue;
		rep_snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		if (stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode) && has_results(sub) && push_path(paths, n, cap, sub)) {
			closedir(d);
			rep_snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	closedir(d);
	if (*n == first) {
		rep_snprintf(err, errlen, "%s: no results.json or results.jsonl in it or in its subdirectories", dir);
		return -1;
	}
	qsort(*paths + first, *n - first, sizeof(**paths), by_name);
	return 0;
}

int merge_expand(char *const *args, size_t nargs, char ***paths, char *err, size_t errlen)
{
	size_t n = 0, cap = 0;
	*paths = NULL;
	for (size_t i = 0; i < nargs; i++) {
		struct stat sb;
		int rc = 0;
		if (stat(args[i], &sb) < 0) {
			rep_snprintf(err, errlen, "%s: %s", args[i], strerror(errno));
			rc = -1;
		} else if (S_ISDIR(sb.st_mode) && !has_results(args[i])) {
			rc = expand_dir(args[i], paths, &n, &cap, err, errlen);
		} else if (push_path(paths, &n, &cap, args[i])) {
			rep_snprintf(err, errlen, "out of memory");
			rc = -1;
		}
		if (rc) {
			for (size_t k = 0; k < n; k++)
				free((*paths)[k]);
			free(*paths);
			*paths = NULL;
			return -1;
		}
	}
	return (int)n;
}

/* ---- the parts ------------------------------------------------------------- */

struct part {
	const char *path;
	struct run_results *rr;
	int shard, shards;  /* provenance.params.shard, 0 when not a shard */
	char label[64];     /* "shard 2/3" or "part 4": a boot in a split group */
	char machine[600];  /* the host it ran on, with its CPU model */
};

static const char *str_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static const char *tag(const json_t *row, const char *key)
{
	return str_of(row, key);
}

static void part_describe(struct part *p, size_t i)
{
	const json_t *prov = p->rr->provenance;
	const json_t *sh = json_object_get(json_object_get(prov, "params"), "shard");
	p->shard = (int)json_integer_value(json_object_get(sh, "index"));
	p->shards = (int)json_integer_value(json_object_get(sh, "count"));
	if (p->shards > 0)
		rep_snprintf(p->label, sizeof(p->label), "shard %d/%d", p->shard, p->shards);
	else
		rep_snprintf(p->label, sizeof(p->label), "part %zu", i + 1);
	/* a run --vm part names its guest in hostname and the machine in host */
	const char *host = *str_of(prov, "host") ? str_of(prov, "host") : str_of(prov, "hostname");
	const char *model = str_of(json_object_get(prov, "topology"), "model");
	rep_snprintf(p->machine, sizeof(p->machine), "%s%s%s%s", *host ? host : "unknown host", *model ? " (" : "",
		     model, *model ? ")" : "");
}

/* Are a and b different shards of one plan? Then each had its own boot of
 * a cell they share, and each its own baseline there. */
static int sibling_shards(const struct part *a, const struct part *b)
{
	return a->shards > 0 && a->shards == b->shards && a->shard != b->shard;
}

static const char *const arrays[] = { "schedulers", "results", "probes" };

/* What a row of arrays[a] is, within its group. */
static void identity(size_t a, const json_t *row, char *buf, size_t len, const char **sched)
{
	const char *s = a == 0 ? str_of(row, "name") : str_of(row, "scheduler");
	*sched = s;
	if (a == 0)
		rep_snprintf(buf, len, "scheduler row '%s'", s);
	else if (a == 1)
		rep_snprintf(buf, len, "scheduler row '%s' workload '%s'", s, str_of(row, "workload"));
	else
		rep_snprintf(buf, len, "probe '%s' of '%s'", str_of(row, "probe"), s);
}

static void group_key(const json_t *row, char *buf, size_t len)
{
	rep_snprintf(buf, len, "%s\x1f%s", tag(row, "kernel"), tag(row, "topology"));
}

/* Refuses a row two parts both hold in one group; returns -1 with err.
 * seen: "group\x1fidentity" -> index of the part that had it first.
 * groups: "group" -> array of the parts that have rows in it. */
static int check_rows(struct part *parts, size_t i, json_t *seen, json_t *groups, char *err, size_t errlen)
{
	for (size_t a = 0; a < 3; a++) {
		size_t k;
		json_t *row;
		json_array_foreach(json_object_get(parts[i].rr->doc, arrays[a]), k, row) {
			char g[600], id[700], key[1400];
			const char *sched;
			group_key(row, g, sizeof(g));
			identity(a, row, id, sizeof(id), &sched);
			json_t *ps = json_object_get(groups, g);
			if (!ps) {
				ps = json_array();
				json_object_set_new(groups, g, ps);
			}
			size_t last = json_array_size(ps);
			if (!last || json_integer_value(json_array_get(ps, last - 1)) != (json_int_t)i)
				json_array_append_new(ps, json_integer((json_int_t)i));
			rep_snprintf(key, sizeof(key), "%s\x1f%zu\x1f%s", g, a, id);
			json_t *had = json_object_get(seen, key);
			if (!had) {
				json_object_set_new(seen, key, json_integer((json_int_t)i));
				continue;
			}
			size_t j = (size_t)json_integer_value(had);
			if (j == i) {
				rep_snprintf(err, errlen, "%s: %s occurs twice in one part", parts[i].path, id);
				return -1;
			}
			if (!strcmp(sched, "eevdf") && sibling_shards(&parts[i], &parts[j]))
				continue;
			char where[720] = "", label[700];
			if (*tag(row, "kernel") || *tag(row, "topology"))
				rep_snprintf(where, sizeof(where), " on %s",
					     rr_group_label(label, sizeof(label), tag(row, "kernel"), tag(row, "topology")));
			rep_snprintf(err, errlen,
				     "%s: %s%s is also in %s: a part given twice, or two runs of the same rows "
				     "(merge the shards of one plan, or runs of different rows, kernels or topologies)",
				     parts[i].path, id, where, parts[j].path);
			return -1;
		}
	}
	return 0;
}

/* Parts sharing a group must be sibling shards or hold different rows
 * (check_rows); either way each was its own boot, so each part's rows of
 * that group get a group of their own: "TOPOLOGY (shard I/N)". */
static void relabel_split_groups(struct part *parts, json_t *groups)
{
	const char *g;
	json_t *ps;
	json_object_foreach(groups, g, ps) {
		if (json_array_size(ps) < 2)
			continue;
		size_t x;
		json_t *pi;
		json_array_foreach(ps, x, pi) {
			struct part *p = &parts[json_integer_value(pi)];
			const char *preset = str_of(json_object_get(p->rr->provenance, "topology"), "preset");
			for (size_t a = 0; a < 3; a++) {
				size_t k;
				json_t *row;
				json_array_foreach(json_object_get(p->rr->doc, arrays[a]), k, row) {
					char key[600], topo[400];
					group_key(row, key, sizeof(key));
					if (strcmp(key, g))
						continue;
					const char *t = tag(row, "topology");
					rep_snprintf(topo, sizeof(topo), "%s (%s)", *t ? t : *preset ? preset : "host", p->label);
					if (!*tag(row, "kernel"))
						json_object_set_new(row, "kernel", json_string(p->rr->kernel));
					json_object_set_new(row, "topology", json_string(topo));
				}
			}
		}
	}
}

/* Adds each ", "-separated item of s to arr unless it is there. */
static void add_items(json_t *arr, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, ",");
		char item[512];
		rep_snprintf(item, sizeof(item), "%.*s", (int)n, s);
		int have = !item[0];
		size_t i;
		json_t *v;
		json_array_foreach(arr, i, v)
			have |= !strcmp(json_string_value(v), item);
		if (!have)
			json_array_append_new(arr, json_string(item));
		s += n;
		while (*s == ',' || *s == ' ')
			s++;
	}
}

char *merge_join(const json_t *arr)
{
	size_t len = 1, i;
	json_t *v;
	json_array_foreach(arr, i, v)
		len += strlen(json_string_value(v)) + 2;
	char *s = calloc(1, len);
	json_array_foreach(arr, i, v) {
		if (i)
			strcat(s, ", ");
		strcat(s, json_string_value(v));
	}
	return s;
}

static json_t *merged_provenance(struct part *parts, size_t n)
{
	json_t *prov = json_deep_copy(parts[0].rr->provenance);
	json_t *list = json_array(), *machines = json_array(), *kernels = json_array(), *presets = json_array();
	char started[64] = "", finished[64] = "";
	int cpus = 1;
	for (size_t i = 0; i < n; i++) {
		const struct run_results *rr = parts[i].rr;
		json_t *one = json_pack("{s:s, s:s, s:s, s:b, s:O}", "path", parts[i].path, "machine", parts[i].machine,
					"kernel", rr->kernel, "complete", rr->complete, "provenance", rr->provenance);
		if (parts[i].shards > 0)
			json_object_set_new(one, "shard", json_pack("{s:i, s:i}", "index", parts[i].shard, "count",
								    parts[i].shards));
		json_array_append_new(list, one);
		add_items(machines, parts[i].machine);
		add_items(kernels, rr->kernel);
		add_items(presets, str_of(json_object_get(rr->provenance, "topology"), "preset"));
		cpus = rr->cpus > cpus ? rr->cpus : cpus;
		if (*rr->started && (!started[0] || strcmp(rr->started, started) < 0))
			rep_snprintf(started, sizeof(started), "%s", rr->started);
		if (*rr->finished && strcmp(rr->finished, finished) > 0)
			rep_snprintf(finished, sizeof(finished), "%s", rr->finished);
	}
	char *ks = merge_join(kernels), *ts = merge_join(presets);
	json_object_set_new(prov, "kernel", json_string(ks));
	json_object_set_new(prov, "cpus", json_integer(cpus));
	if (started[0])
		json_object_set_new(prov, "started", json_string(started));
	if (finished[0])
		json_object_set_new(prov, "finished", json_string(finished));
	json_t *topo = json_object_get(prov, "topology");
	if (json_array_size(presets) > 1 && json_is_object(topo))
		json_object_set_new(topo, "preset", json_string(ts));
	/* the merged whole is no shard */
	json_object_del(json_object_get(prov, "params"), "shard");
	json_t *differ = json_array();
	if (json_array_size(machines) > 1)
		json_array_append_new(differ, json_string("machine"));
	if (json_array_size(kernels) > 1)
		json_array_append_new(differ, json_string("kernel"));
	char note[1024];
	if (json_array_size(differ)) {
		char *ms = merge_join(machines);
		rep_snprintf(note, sizeof(note),
			     "the parts ran on %zu machine%s (%s) and %zu kernel%s (%s): rows are compared only "
			     "within one kernel/topology group, never across parts",
			     json_array_size(machines), json_array_size(machines) == 1 ? "" : "s", ms,
			     json_array_size(kernels), json_array_size(kernels) == 1 ? "" : "s", ks);
		free(ms);
	} else {
		rep_snprintf(note, sizeof(note), "all parts ran on one machine and one kernel");
	}
	json_object_set_new(prov, "merged", json_pack("{s:o, s:o, s:o, s:o, s:s}", "parts", list, "machines",
						      machines, "kernels", kernels, "differ", differ, "note", note));
	free(ks);
	free(ts);
	json_decref(presets);
	return prov;
}

json_t *merge_parts(char *const *paths, size_t n, char *err, size_t errlen)
{
	if (n == 0) {
		rep_snprintf(err, errlen, "nothing to merge");
		return NULL;
	}
	struct part *parts = calloc(n, sizeof(*parts));
	json_t *seen = json_object(), *groups = json_object(), *doc = NULL;
	int bad = 0;
	for (size_t i = 0; i < n && !bad; i++) {
		parts[i].path = paths[i];
		parts[i].rr = rr_load(paths[i], err, errlen);
		if (!parts[i].rr) {
			bad = 1;
			break;
		}
		json_t *d = parts[i].rr->doc;
		const char *tool = str_of(json_object_get(d, "tool"), "name");
		if (json_integer_value(json_object_get(d, "schema_version")) != RR_SCHEMA_VERSION ||
		    strcmp(tool, "scxbench") != 0) {
			rep_snprintf(err, errlen, "%s: schema_version %lld of tool '%s', not scxbench's %d: cannot merge",
				     paths[i], (long long)json_integer_value(json_object_get(d, "schema_version")), tool,
				     RR_SCHEMA_VERSION);
			bad = 1;
			break;
		}
		part_describe(&parts[i], i);
		if (check_rows(parts, i, seen, groups, err, errlen)) {
			bad = 1;
			break;
		}
	}
	if (!bad) {
		relabel_split_groups(parts, groups);
		json_t *rows[3] = { json_array(), json_array(), json_array() };
		for (size_t i = 0; i < n; i++)
			for (size_t a = 0; a < 3; a++)
				json_array_extend(rows[a], json_object_get(parts[i].rr->doc, arrays[a]));
		doc = json_pack("{s:i, s:O, s:o, s:o, s:o, s:o}", "schema_version", RR_SCHEMA_VERSION, "tool",
				json_object_get(parts[0].rr->doc, "tool"), "provenance", merged_provenance(parts, n),
				"schedulers", rows[0], "results", rows[1], "probes", rows[2]);
		if (!doc)
			rep_snprintf(err, errlen, "cannot build the merged document");
	}
	for (size_t i = 0; i < n; i++)
		if (parts[i].rr)
			rr_free(parts[i].rr);
	free(parts);
	json_decref(seen);
	json_decref(groups);
	return doc;
}
