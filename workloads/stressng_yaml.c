// SPDX-License-Identifier: GPL-2.0-only
/* Reader for stress-ng's YAML report; see stressng_yaml.h for the subset.
 *
 * How: one pass over the lines with a stack of open blocks keyed by their
 * indentation column; a key with an empty value becomes the parent of the
 * next, deeper block. Everything outside the subset fails with its line.
 */
#include "workloads/stressng_yaml.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

struct level {
	int col;         /* column of this container's keys or dashes */
	json_t *c;       /* object or array (borrowed: owned by its parent) */
	char key[128];   /* object: last key whose value was empty (pending child) */
};

static json_t *scalar(const char *s, size_t n, int *bad)
{
	*bad = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (n >= 1 && (s[0] == '\'' || s[0] == '"')) {
		char q = s[0], *out = malloc(n + 1);
		size_t o = 0, i = 1;
		int closed = 0;
		if (!out)
			return NULL;
		for (; i < n; i++) {
			if (s[i] == q) {
				if (q == '\'' && i + 1 < n && s[i + 1] == '\'') {
					out[o++] = '\'';
					i++;
					continue;
				}
				closed = 1;
				i++;
				break;
			}
			if (q == '"' && s[i] == '\\' && i + 1 < n) {
				i++;
				out[o++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
				continue;
			}
			out[o++] = s[i];
		}
		out[o] = 0;
		if (!closed || i != n) {
			free(out);
			*bad = 1;
			return NULL;
		}
		json_t *j = json_string(out);
		free(out);
		return j;
	}
	if (n && (s[0] == '[' || s[0] == '{' || s[0] == '&' || s[0] == '*' || s[0] == '|' ||
		  s[0] == '>')) {
		*bad = 1; /* flow collections, anchors, block scalars: not in the subset */
		return NULL;
	}
	char buf[128];
	if (n && n < sizeof(buf)) {
		memcpy(buf, s, n);
		buf[n] = 0;
		char *end;
		errno = 0;
		long long ll = strtoll(buf, &end, 10);
		if (!*end && !errno)
			return json_integer(ll);
		double d = strtod(buf, &end);
		if (!*end && isfinite(d) && strspn(buf, "+-0123456789.eE") == n)
			return json_real(d);
	}
	return json_stringn(s, n);
}

#define FAIL(...)                                                                   \
	do {                                                                        \
		char _m[200];                                                       \
		snprintf(_m, sizeof(_m), __VA_ARGS__);                              \
		snprintf(err, errlen, "stress-ng YAML line %d: %s", lineno, _m);    \
		json_decref(root);                                                  \
		return NULL;                                                        \
	} while (0)

json_t *sng_yaml_to_json(const char *text, char *err, size_t errlen)
{
	json_t *root = json_object();
	struct level st[MAX_DEPTH];
	int depth = 0, lineno = 0, started = 0;
	if (!text) {
		snprintf(err, errlen, "stress-ng YAML: no text");
		json_decref(root);
		return NULL;
	}
	st[0].col = -1; /* set by the first line */
	st[0].c = root;
	st[0].key[0] = 0;
	for (const char *line = text; *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		const char *next = eol ? eol + 1 : line + len;
		lineno++;
		size_t col = 0;
		while (col < len && line[col] == ' ')
			col++;
		const char *t = line + col;
		size_t tl = len - col;
		while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\r'))
			tl--;
		if (col < len && line[col] == '\t')
			FAIL("tab indentation is not supported");
		if (tl == 0 || t[0] == '#') {
			line = next;
			continue;
		}
		if (col == 0 && tl >= 3 && (!strncmp(t, "---", 3) || !strncmp(t, "...", 3)) &&
		    (tl == 3 || t[3] == ' ')) {
			if (t[0] == '.' )
				break; /* end of document */
			if (started)
				break; /* a second document: stop at the first */
			started = 1;
			line = next;
			continue;
		}
		if (st[0].col < 0)
			st[0].col = (int)col;
		/* close deeper containers */
		while (depth > 0 && st[depth].col > (int)col)
			depth--;
		int is_item = tl >= 1 && t[0] == '-' && (tl == 1 || t[1] == ' ');
		struct level *top = &st[depth];
		if (top->col < (int)col || (top->col == (int)col && is_item &&
					     json_is_object(top->c) && top->key[0])) {
			/* first line of the pending key's value */
			if (!json_is_object(top->c) || !top->key[0])
				FAIL("unexpected indentation");
			if (depth + 1 >= MAX_DEPTH)
				FAIL("nesting too deep");
			json_t *child = is_item ? json_array() : json_object();
			/* jansson frees child when it refuses the key (not UTF-8):
			 * never keep a pointer to it then (found by
			 * tests/fuzz/fuzz_stressng: use after free) */
			if (json_object_set_new(top->c, top->key, child) < 0)
				FAIL("key is not valid UTF-8");
			top->key[0] = 0;
			depth++;
			st[depth].col = (int)col;
			st[depth].c = child;
			st[depth].key[0] = 0;
			top = &st[depth];
		} else if (top->col != (int)col) {
			FAIL("indentation does not match any open block");
		}
		if (is_item) {
			if (!json_is_array(top->c))
				FAIL("sequence item inside a mapping");
			size_t skip = 1;
			while (skip < tl && t[skip] == ' ')
				skip++;
			const char *r = t + skip;
			size_t rl = tl - skip;
			if (rl == 0)
				FAIL("empty sequence item is not supported");
			const char *colon = NULL;
			for (size_t i = 0; i < rl; i++)
				if (r[i] == ':' && (i + 1 == rl || r[i + 1] == ' ')) {
					colon = r + i;
					break;
				}
			if (!colon || r[0] == '\'' || r[0] == '"') {
				int bad;
				json_t *v = scalar(r, rl, &bad);
				if (bad || !v)
					FAIL("bad scalar in sequence");
				json_array_append_new(top->c, v);
				line = next;
				continue;
			}
			/* "- key: value" opens a mapping whose keys sit at this column */
			if (depth + 1 >= MAX_DEPTH)
				FAIL("nesting too deep");
			json_t *obj = json_object();
			json_array_append_new(top->c, obj);
			depth++;
			st[depth].col = (int)(col + skip);
			st[depth].c = obj;
			st[depth].key[0] = 0;
			top = &st[depth];
			t = r;
			tl = rl;
		}
		if (!json_is_object(top->c))
			FAIL("mapping entry inside a sequence");
		size_t k = 0;
		while (k < tl && !(t[k] == ':' && (k + 1 == tl || t[k + 1] == ' ')))
			k++;
		if (k == tl)
			FAIL("expected 'key: value'");
		if (k == 0 || k >= sizeof(top->key))
			FAIL("empty or overlong key");
		char key[128];
		memcpy(key, t, k);
		key[k] = 0;
		size_t v = k + 1;
		while (v < tl && t[v] == ' ')
			v++;
		if (v == tl) {
			if (json_object_set_new(top->c, key, json_null()) < 0)
				FAIL("key is not valid UTF-8");
			memcpy(top->key, key, k + 1);
		} else {
			int bad;
			json_t *val = scalar(t + v, tl - v, &bad);
			if (bad || !val)
				FAIL("bad scalar for key '%s'", key);
			if (json_object_set_new(top->c, key, val) < 0)
				FAIL("key is not valid UTF-8");
			top->key[0] = 0;
		}
		line = next;
	}
	if (json_object_size(root) == 0) {
		snprintf(err, errlen, "stress-ng YAML: empty document");
		json_decref(root);
		return NULL;
	}
	return root;
}

json_t *sng_yaml_stressors(const char *text, char *err, size_t errlen)
{
	json_t *doc = sng_yaml_to_json(text, err, errlen);
	if (!doc)
		return NULL;
	json_t *m = json_object_get(doc, "metrics");
	if (!json_is_array(m) || json_array_size(m) == 0) {
		snprintf(err, errlen, "stress-ng YAML: no 'metrics' list (did any stressor run?)");
		json_decref(doc);
		return NULL;
	}
	static const struct {
		const char *yaml, *json;
	} fields[] = {
		{ "bogo-ops", "bogo_ops" },
		{ "bogo-ops-per-second-real-time", "bogo_ops_per_s_real" },
		{ "bogo-ops-per-second-usr-sys-time", "bogo_ops_per_s_cpu" },
		{ "wall-clock-time", "wall_s" },
		{ "user-time", "user_s" },
		{ "system-time", "sys_s" },
	};
	json_t *out = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(m, i, e) {
		const char *name = json_string_value(json_object_get(e, "stressor"));
		if (!json_is_object(e) || !name) {
			snprintf(err, errlen, "stress-ng YAML: metrics entry %zu has no stressor name", i);
			goto bad;
		}
		json_t *s = json_pack("{s:s}", "stressor", name);
		json_array_append_new(out, s);
		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
			json_t *v = json_object_get(e, fields[f].yaml);
			if (!v)
				continue;
			if (!json_is_number(v)) {
				snprintf(err, errlen, "stress-ng YAML: %s: '%s' is not a number", name,
					 fields[f].yaml);
				goto bad;
			}
			json_object_set_new(s, fields[f].json, json_real(json_number_value(v)));
		}
		if (!json_object_get(s, "bogo_ops_per_s_real")) {
			snprintf(err, errlen, "stress-ng YAML: %s: no bogo-ops-per-second-real-time", name);
			goto bad;
		}
	}
	json_decref(doc);
	return out;
bad:
	json_decref(out);
	json_decref(doc);
	return NULL;
}
