// SPDX-License-Identifier: GPL-2.0-only
/* The `layered` scheduler's JSON config: parse, validate, load into maps.
 * See runner/layered_config.h for the format.
 *
 * jansson parses and reports syntax errors (with line and column) and
 * duplicate keys; it keeps no positions for values, so a small scanner walks
 * the same text once and records where each key and value starts, by path
 * ("layers[1].match.uid"). Semantic errors then point at the exact key or
 * value they are about.
 */
#include "runner/layered_config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

/* ---- positions ------------------------------------------------------------ */

/* Paths are bounded by the config's nesting, far below the buffers; a
 * truncated path only loses the position in a message. */
#define PATHF(buf, ...)                                                       \
	do {                                                                  \
		if (snprintf(buf, sizeof(buf), __VA_ARGS__) < 0)              \
			buf[0] = '\0';                                        \
	} while (0)

struct pos_entry {
	char path[192];
	int kline, kcol; /* the key (object members), 0 if none */
	int vline, vcol; /* the value */
};

struct pos_map {
	struct pos_entry *e;
	int n, cap;
};

struct scan {
	const char *s;
	size_t i, len;
	int line, col;
	struct pos_map *map;
	int depth;
};

static struct pos_entry *pos_get(struct pos_map *m, const char *path, bool create)
{
	for (int i = 0; i < m->n; i++)
		if (strcmp(m->e[i].path, path) == 0)
			return &m->e[i];
	if (!create)
		return NULL;
	if (m->n == m->cap) {
		int cap = m->cap ? m->cap * 2 : 64;
		struct pos_entry *e = realloc(m->e, (size_t)cap * sizeof(*e));
		if (!e)
			return NULL;
		m->e = e;
		m->cap = cap;
	}
	struct pos_entry *e = &m->e[m->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->path, sizeof(e->path), "%s", path);
	return e;
}

static int sc_peek(struct scan *sc)
{
	return sc->i < sc->len ? (unsigned char)sc->s[sc->i] : -1;
}

static void sc_next(struct scan *sc)
{
	if (sc->i >= sc->len)
		return;
	unsigned char c = (unsigned char)sc->s[sc->i++];
	if (c == '\n') {
		sc->line++;
		sc->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		/* columns count characters: UTF-8 continuation bytes add none */
		sc->col++;
	}
}

static void sc_ws(struct scan *sc)
{
	int c;
	while ((c = sc_peek(sc)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		sc_next(sc);
}

/* Consume a string token; copy its raw contents (escapes kept) to buf. */
static void sc_string(struct scan *sc, char *buf, size_t buflen)
{
	size_t n = 0;
	int c;
	sc_next(sc); /* opening quote */
	while ((c = sc_peek(sc)) >= 0 && c != '"') {
		if (n + 1 < buflen)
			buf[n++] = (char)c;
		if (c == '\\') {
			sc_next(sc);
			c = sc_peek(sc);
			if (c >= 0 && n + 1 < buflen)
				buf[n++] = (char)c;
		}
		sc_next(sc);
	}
	if (buflen)
		buf[n] = '\0';
	sc_next(sc); /* closing quote */
}

static void sc_value(struct scan *sc, const char *path);

static void sc_object(struct scan *sc, const char *path)
{
	char key[128], sub[192];
	sc_next(sc); /* { */
	for (;;) {
		sc_ws(sc);
		int c = sc_peek(sc);
		if (c == '}' || c < 0) {
			sc_next(sc);
			return;
		}
		if (c == ',') {
			sc_next(sc);
			continue;
		}
		if (c != '"')
			return; /* jansson accepted the text, so this cannot happen */
		int kl = sc->line, kc = sc->col;
		sc_string(sc, key, sizeof(key));
		PATHF(sub, "%s%s%s", path, path[0] ? "." : "", key);
		struct pos_entry *e = pos_get(sc->map, sub, true);
		if (e) {
			e->kline = kl;
			e->kcol = kc;
		}
		sc_ws(sc);
		if (sc_peek(sc) == ':')
			sc_next(sc);
		sc_value(sc, sub);
	}
}

static void sc_array(struct scan *sc, const char *path)
{
	char sub[192];
	int idx = 0;
	sc_next(sc); /* [ */
	for (;;) {
		sc_ws(sc);
		int c = sc_peek(sc);
		if (c == ']' || c < 0) {
			sc_next(sc);
			return;
		}
		if (c == ',') {
			sc_next(sc);
			continue;
		}
		PATHF(sub, "%s[%d]", path, idx++);
		sc_value(sc, sub);
	}
}

static void sc_value(struct scan *sc, const char *path)
{
	char tmp[8];
	sc_ws(sc);
	struct pos_entry *e = pos_get(sc->map, path, true);
	if (e) {
		e->vline = sc->line;
		e->vcol = sc->col;
	}
	if (++sc->depth > 64) { /* far deeper than any valid config */
		sc->i = sc->len;
		return;
	}
	switch (sc_peek(sc)) {
	case '{': sc_object(sc, path); break;
	case '[': sc_array(sc, path); break;
	case '"': sc_string(sc, tmp, 0); break;
	default: {
		int c;
		while ((c = sc_peek(sc)) >= 0 && !strchr(",]} \t\r\n", c))
			sc_next(sc);
	}
	}
	sc->depth--;
}

/* ---- validation context --------------------------------------------------- */

struct ctx {
	const char *name;  /* file name for messages */
	struct pos_map pos;
	char *err;
	size_t errlen;
	int nr_cpus;
};

static int failv(struct ctx *c, const char *path, bool at_key, const char *fmt, va_list ap)
{
	char msg[768];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	char p[192];
	snprintf(p, sizeof(p), "%s", path ? path : "");
	struct pos_entry *e = pos_get(&c->pos, p, false);
	/* A key the scanner spelled differently (escapes): use the closest
	 * enclosing value instead. */
	while (!e && p[0]) {
		char *cut = strrchr(p, '.'), *br = strrchr(p, '[');
		if (br > cut)
			cut = br;
		if (cut)
			*cut = '\0';
		else
			p[0] = '\0';
		e = pos_get(&c->pos, p, false);
		at_key = false;
	}
	int line = 0, col = 0;
	if (e) {
		line = at_key && e->kline ? e->kline : e->vline;
		col = at_key && e->kline ? e->kcol : e->vcol;
	}
	if (line)
		snprintf(c->err, c->errlen, "%s:%d:%d: %s", c->name, line, col, msg);
	else
		snprintf(c->err, c->errlen, "%s: %s", c->name, msg);
	return -1;
}

/* Error at the value stored under path. */
__attribute__((format(printf, 3, 4)))
static int fail_val(struct ctx *c, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = failv(c, path, false, fmt, ap);
	va_end(ap);
	return r;
}

/* Error at the key of the member stored under path. */
__attribute__((format(printf, 3, 4)))
static int fail_key(struct ctx *c, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = failv(c, path, true, fmt, ap);
	va_end(ap);
	return r;
}


static void join(char *out, size_t len, const char *path, const char *key)
{
	if (snprintf(out, len, "%s%s%s", path, path[0] ? "." : "", key) < 0)
		out[0] = '\0';
}

/* Reject keys outside `allowed` (space-separated). */
static int check_keys(struct ctx *c, json_t *obj, const char *path, const char *what,
		      const char *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		size_t kl = strlen(key);
		for (const char *s = allowed; *s;) {
			const char *e = strchr(s, ' ');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			if (n == kl && strncmp(s, key, n) == 0)
				ok = true;
			s += n;
			while (*s == ' ')
				s++;
		}
		if (!ok) {
			char sub[192], list[256];
			size_t u = 0;
			join(sub, sizeof(sub), path, key);
			list[0] = '\0';
			for (const char *s = allowed; *s && u < sizeof(list) - 1;) {
				const char *e = strchr(s, ' ');
				size_t n = e ? (size_t)(e - s) : strlen(s);
				int w = snprintf(list + u, sizeof(list) - u, "%s%.*s", u ? ", " : "", (int)n, s);
				if (w > 0)
					u += (size_t)w;
				s += n;
				while (*s == ' ')
					s++;
			}
			return fail_key(c, sub, "%s: unknown key \"%s\" (expected one of: %s)", what, key, list);
		}
	}
	return 0;
}

static int get_int(struct ctx *c, json_t *v, const char *path, const char *what,
		   long long lo, long long hi, long long *out)
{
	if (!json_is_integer(v))
		return fail_val(c, path, "%s must be an integer", what);
	long long x = json_integer_value(v);
	if (x < lo || x > hi)
		return fail_val(c, path, "%s %lld out of range (%lld..%lld)", what, x, lo, hi);
	*out = x;
	return 0;
}

static void set_cpu(unsigned long long *bits, int cpu)
{
	bits[cpu / 64] |= 1ULL << (cpu % 64);
}

static int check_cpu(struct ctx *c, const char *path, const char *what, long long cpu)
{
	if (cpu < 0)
		return fail_val(c, path, "%s: CPU %lld is negative", what, cpu);
	if (cpu >= c->nr_cpus)
		return fail_val(c, path, "%s: CPU %lld out of range (this machine has CPUs 0-%d)",
				what, cpu, c->nr_cpus - 1);
	if (cpu >= LAYERED_MAX_CPUS)
		return fail_val(c, path, "%s: CPU %lld above the supported maximum %d", what, cpu,
				LAYERED_MAX_CPUS - 1);
	return 0;
}

/* "0-3,6" style list. */
static int parse_cpulist(struct ctx *c, const char *text, const char *path, const char *what,
			 unsigned long long *bits)
{
	const char *s = text;
	bool any = false;
	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		char *end;
		errno = 0;
		if (!isdigit((unsigned char)*s))
			goto bad;
		long long a = strtoll(s, &end, 10), b;
		if (errno)
			goto bad;
		s = end;
		while (*s == ' ')
			s++;
		if (*s == '-') {
			s++;
			while (*s == ' ')
				s++;
			if (!isdigit((unsigned char)*s))
				goto bad;
			b = strtoll(s, &end, 10);
			if (errno)
				goto bad;
			s = end;
		} else {
			b = a;
		}
		if (b < a)
			return fail_val(c, path, "%s: range %lld-%lld is backwards", what, a, b);
		if (check_cpu(c, path, what, b) < 0)
			return -1;
		for (long long i = a; i <= b; i++)
			set_cpu(bits, (int)i);
		any = true;
		while (*s == ' ')
			s++;
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s)
			goto bad;
		break;
	}
	if (!any)
		return fail_val(c, path, "%s: empty CPU set", what);
	return 0;
bad:
	return fail_val(c, path, "%s: cannot parse CPU list \"%s\" (expected e.g. \"0-3,6\" or [0, 1])",
			what, text);
}

static void pack_words(unsigned long long *want, unsigned long long *mask, size_t nbytes,
		       const char *s, size_t n, bool exact)
{
	unsigned char w[LAYERED_CG_NAME_LEN] = { 0 }, m[LAYERED_CG_NAME_LEN] = { 0 };
	memcpy(w, s, n);
	memset(m, 0xff, exact ? nbytes : n);
	/* byte k lands where the BPF side's 8-byte loads of the name put it */
	memcpy(want, w, nbytes);
	memcpy(mask, m, nbytes);
}

static int parse_cgroup_prefix(struct ctx *c, struct layered_layer *L, const char *text,
			       const char *path)
{
	const char *what = "match.cgroup_prefix";
	if (text[0] != '/')
		return fail_val(c, path, "%s \"%s\" must start with '/' (a path under the cgroup v2 root)",
				what, text);
	snprintf(L->cgroup_prefix, sizeof(L->cgroup_prefix), "%s", text);
	L->bpf.match_flags |= LAYERED_MATCH_CGROUP;
	if (strcmp(text, "/") == 0) { /* every cgroup */
		L->bpf.cg_depth = 0;
		return 0;
	}
	const char *s = text + 1;
	unsigned depth = 0;
	for (;;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0 && e)
			return fail_val(c, path, "%s \"%s\" has an empty path component", what, text);
		if (depth >= LAYERED_CG_DEPTH)
			return fail_val(c, path, "%s \"%s\" is deeper than %d components", what, text,
					LAYERED_CG_DEPTH);
		if (n > LAYERED_CG_NAME_LEN - 2)
			return fail_val(c, path, "%s: component \"%.*s\" longer than %d characters", what,
					(int)n, s, LAYERED_CG_NAME_LEN - 2);
		pack_words(L->bpf.cg_want[depth], L->bpf.cg_mask[depth], LAYERED_CG_NAME_LEN, s, n, e != NULL);
		depth++;
		if (!e)
			break;
		s = e + 1;
	}
	L->bpf.cg_depth = depth;
	return 0;
}

static int parse_match(struct ctx *c, struct layered_layer *L, json_t *m, const char *path)
{
	char sub[192];
	json_t *v;
	if (!json_is_object(m))
		return fail_val(c, path, "layer \"%s\": \"match\" must be an object", L->name);
	if (check_keys(c, m, path, "match", "comm_prefix cgroup_prefix nice uid comment") < 0)
		return -1;

	if ((v = json_object_get(m, "comm_prefix"))) {
		join(sub, sizeof(sub), path, "comm_prefix");
		if (!json_is_string(v))
			return fail_val(c, sub, "match.comm_prefix must be a string");
		const char *s = json_string_value(v);
		size_t n = strlen(s);
		if (n == 0 || n > LAYERED_COMM_LEN - 1)
			return fail_val(c, sub, "match.comm_prefix must be 1..%d characters (a task's comm is at most %d)",
					LAYERED_COMM_LEN - 1, LAYERED_COMM_LEN - 1);
		snprintf(L->comm_prefix, sizeof(L->comm_prefix), "%s", s);
		pack_words(L->bpf.comm_want, L->bpf.comm_mask, LAYERED_COMM_LEN, s, n, false);
		L->bpf.match_flags |= LAYERED_MATCH_COMM;
	}
	if ((v = json_object_get(m, "cgroup_prefix"))) {
		join(sub, sizeof(sub), path, "cgroup_prefix");
		if (!json_is_string(v))
			return fail_val(c, sub, "match.cgroup_prefix must be a string");
		if (parse_cgroup_prefix(c, L, json_string_value(v), sub) < 0)
			return -1;
	}
	if ((v = json_object_get(m, "nice"))) {
		long long lo, hi;
		join(sub, sizeof(sub), path, "nice");
		if (json_is_integer(v)) {
			if (get_int(c, v, sub, "match.nice", -20, 19, &lo) < 0)
				return -1;
			hi = lo;
		} else if (json_is_array(v) && json_array_size(v) == 2) {
			char e0[200], e1[200];
			PATHF(e0, "%s[0]", sub);
			PATHF(e1, "%s[1]", sub);
			if (get_int(c, json_array_get(v, 0), e0, "match.nice minimum", -20, 19, &lo) < 0 ||
			    get_int(c, json_array_get(v, 1), e1, "match.nice maximum", -20, 19, &hi) < 0)
				return -1;
			if (lo > hi)
				return fail_val(c, sub, "match.nice range [%lld, %lld] is backwards", lo, hi);
		} else {
			return fail_val(c, sub, "match.nice must be a number or a [min, max] pair");
		}
		L->bpf.nice_min = (int)lo;
		L->bpf.nice_max = (int)hi;
		L->bpf.match_flags |= LAYERED_MATCH_NICE;
	}
	if ((v = json_object_get(m, "uid"))) {
		long long uid;
		join(sub, sizeof(sub), path, "uid");
		if (get_int(c, v, sub, "match.uid", 0, 4294967294LL, &uid) < 0)
			return -1;
		L->bpf.uid = (unsigned int)uid;
		L->bpf.match_flags |= LAYERED_MATCH_UID;
	}
	if (!L->bpf.match_flags)
		return fail_val(c, path, "layer \"%s\": \"match\" has no rules (omit \"match\" to make it the default layer)",
				L->name);
	return 0;
}

static bool name_ok(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return false;
	return true;
}

static int parse_layer(struct ctx *c, struct layered_config *cfg, int i, json_t *l)
{
	char path[64], sub[192];
	struct layered_layer *L = &cfg->layers[i];
	json_t *v;

	PATHF(path, "layers[%d]", i);
	memset(L, 0, sizeof(*L));
	L->bpf.weight = 100;
	L->bpf.slice_ns = 20000000ULL;

	if (!json_is_object(l))
		return fail_val(c, path, "layer %d must be an object", i + 1);
	v = json_object_get(l, "name");
	join(sub, sizeof(sub), path, "name");
	if (!v)
		return fail_val(c, path, "layer %d has no \"name\"", i + 1);
	if (!json_is_string(v))
		return fail_val(c, sub, "layer %d: \"name\" must be a string", i + 1);
	const char *name = json_string_value(v);
	if (!name[0] || strlen(name) >= LAYERED_NAME_LEN || !name_ok(name))
		return fail_val(c, sub, "layer name \"%s\" must be 1..%d characters of A-Z a-z 0-9 _ . -",
				name, LAYERED_NAME_LEN - 1);
	for (int j = 0; j < i; j++) {
		if (strcmp(cfg->layers[j].name, name) == 0) {
			char first[64];
			PATHF(first, "layers[%d].name", j);
			struct pos_entry *e = pos_get(&c->pos, first, false);
			return fail_val(c, sub, "duplicate layer name \"%s\" (first used at line %d)", name,
					e ? e->vline : 0);
		}
	}
	snprintf(L->name, sizeof(L->name), "%s", name);
	snprintf(L->bpf.name, sizeof(L->bpf.name), "%s", name);

	char what[64];
	snprintf(what, sizeof(what), "layer \"%s\"", name);
	if (check_keys(c, l, path, what, "name match weight slice_us cpus preempt comment") < 0)
		return -1;

	long long x;
	if ((v = json_object_get(l, "weight"))) {
		join(sub, sizeof(sub), path, "weight");
		if (get_int(c, v, sub, "weight", 1, 10000, &x) < 0)
			return -1;
		L->bpf.weight = (unsigned int)x;
	}
	if ((v = json_object_get(l, "slice_us"))) {
		join(sub, sizeof(sub), path, "slice_us");
		if (get_int(c, v, sub, "slice_us", 100, 1000000, &x) < 0)
			return -1;
		L->bpf.slice_ns = (unsigned long long)x * 1000ULL;
	}
	if ((v = json_object_get(l, "preempt"))) {
		join(sub, sizeof(sub), path, "preempt");
		if (!json_is_boolean(v))
			return fail_val(c, sub, "preempt must be true or false");
		L->bpf.preempt = json_is_true(v) ? 1 : 0;
	}
	if ((v = json_object_get(l, "cpus"))) {
		join(sub, sizeof(sub), path, "cpus");
		if (json_is_string(v)) {
			if (parse_cpulist(c, json_string_value(v), sub, "cpus", L->bpf.cpus) < 0)
				return -1;
			snprintf(L->cpus_text, sizeof(L->cpus_text), "%s", json_string_value(v));
		} else if (json_is_array(v)) {
			size_t k;
			json_t *e;
			size_t u = 0;
			if (json_array_size(v) == 0)
				return fail_val(c, sub, "cpus: empty CPU set");
			json_array_foreach(v, k, e) {
				char ep[200];
				PATHF(ep, "%s[%zu]", sub, k);
				if (!json_is_integer(e))
					return fail_val(c, ep, "cpus: each CPU must be an integer");
				if (check_cpu(c, ep, "cpus", json_integer_value(e)) < 0)
					return -1;
				set_cpu(L->bpf.cpus, (int)json_integer_value(e));
				int w = snprintf(L->cpus_text + u, sizeof(L->cpus_text) - u, "%s%lld",
						 u ? "," : "", (long long)json_integer_value(e));
				if (w > 0 && (size_t)w < sizeof(L->cpus_text) - u)
					u += (size_t)w;
			}
		} else {
			return fail_val(c, sub, "cpus must be a CPU list string like \"0-3,6\" or an array of CPU numbers");
		}
		L->bpf.has_cpus = 1;
	}
	if ((v = json_object_get(l, "match"))) {
		join(sub, sizeof(sub), path, "match");
		if (parse_match(c, L, v, sub) < 0)
			return -1;
		if (L->bpf.match_flags & LAYERED_MATCH_CGROUP)
			cfg->any_cgroup = true;
	} else {
		if (cfg->default_layer >= 0)
			return fail_val(c, path, "layers \"%s\" and \"%s\" both lack \"match\": only one default layer is allowed",
					cfg->layers[cfg->default_layer].name, name);
		L->is_default = true;
		cfg->default_layer = i;
	}
	return 0;
}

/* Errors are one line whatever the input held: jansson's "near '...'"
 * context and names taken from the config may carry newlines or control
 * bytes (found by tests/fuzz/fuzz_layered). */
static void one_line(char *s, size_t len)
{
	for (size_t i = 0; i < len && s[i]; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
}

int layered_config_parse(const char *text, const char *name, int nr_cpus,
			 struct layered_config *out, char *err, size_t errlen)
{
	struct ctx c = { .name = name, .err = err, .errlen = errlen, .nr_cpus = nr_cpus };
	json_error_t jerr;
	json_t *root = NULL, *layers;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	snprintf(out->path, sizeof(out->path), "%s", name);
	out->default_layer = -1;
	if (nr_cpus <= 0) {
		snprintf(err, errlen, "%s: invalid CPU count %d", name, nr_cpus);
		return -1;
	}

	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		/* at end of input jansson reports column 0: call it column 1 */
		snprintf(err, errlen, "%s:%d:%d: syntax error: %s", name, jerr.line > 0 ? jerr.line : 1,
			 jerr.column > 0 ? jerr.column : 1, jerr.text);
		one_line(err, errlen);
		return -1;
	}
	struct scan sc = { .s = text, .len = strlen(text), .line = 1, .col = 1, .map = &c.pos };
	sc_value(&sc, "");

	if (!json_is_object(root)) {
		fail_val(&c, "", "the top level must be an object with a \"layers\" list");
		goto out;
	}
	if (check_keys(&c, root, "", "top level", "layers comment") < 0)
		goto out;
	layers = json_object_get(root, "layers");
	if (!layers) {
		fail_val(&c, "", "missing \"layers\" (the list of layers)");
		goto out;
	}
	if (!json_is_array(layers)) {
		fail_val(&c, "layers", "\"layers\" must be a list of layer objects");
		goto out;
	}
	size_t n = json_array_size(layers);
	if (n == 0) {
		fail_val(&c, "layers", "empty layer list: at least one layer is needed");
		goto out;
	}
	if (n > LAYERED_MAX_LAYERS) {
		fail_val(&c, "layers", "%zu layers: at most %d are supported", n, LAYERED_MAX_LAYERS);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (parse_layer(&c, out, (int)i, json_array_get(layers, i)) < 0)
			goto out;
	out->nr_layers = (int)n;
	if (out->default_layer < 0) {
		if (n == LAYERED_MAX_LAYERS) {
			fail_val(&c, "layers", "%zu layers plus the implicit default layer exceed the maximum of %d (add one layer without \"match\")",
				 n, LAYERED_MAX_LAYERS);
			goto out;
		}
		struct layered_layer *L = &out->layers[n];
		memset(L, 0, sizeof(*L));
		snprintf(L->name, sizeof(L->name), "(default)");
		snprintf(L->bpf.name, sizeof(L->bpf.name), "(default)");
		L->is_default = L->implicit = true;
		L->bpf.weight = 100;
		L->bpf.slice_ns = 20000000ULL;
		out->default_layer = (int)n;
		out->nr_layers = (int)n + 1;
	}
	ret = 0;
out:
	if (ret < 0)
		one_line(err, errlen);
	json_decref(root);
	free(c.pos.e);
	return ret;
}

int layered_config_load(const char *path, int nr_cpus, struct layered_config *out,
			char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fclose(f);
			snprintf(err, errlen, "%s: out of memory", path);
			return -1;
		}
		size_t r = fread(buf + len, 1, cap - len - 1, f);
		len += r;
		if (r == 0)
			break;
		if (len + 1 == cap) {
			if (cap >= (1u << 24)) {
				fclose(f);
				free(buf);
				snprintf(err, errlen, "%s: larger than 16 MiB: not a layered config", path);
				return -1;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				free(buf);
			buf = nb;
			cap *= 2;
		}
	}
	bool rerr = ferror(f);
	fclose(f);
	if (rerr) {
		free(buf);
		snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		free(buf);
		snprintf(err, errlen, "%s:1:1: syntax error: file contains a NUL byte", path);
		return -1;
	}
	int r = layered_config_parse(buf, path, nr_cpus, out, err, errlen);
	free(buf);
	return r;
}

int layered_config_apply(struct bpf_object *obj, const struct layered_config *cfg,
			 char *err, size_t errlen)
{
	struct bpf_map *lm = bpf_object__find_map_by_name(obj, "layer_cfg");
	struct bpf_map *mm = bpf_object__find_map_by_name(obj, "layer_meta");
	if (!lm || !mm) {
		snprintf(err, errlen, "layered: the object has no layer_cfg/layer_meta maps (not the layered scheduler?)");
		return -1;
	}
	if (bpf_map__value_size(lm) != sizeof(struct layered_layer_cfg) ||
	    bpf_map__value_size(mm) != sizeof(struct layered_meta) ||
	    bpf_map__max_entries(lm) < LAYERED_MAX_LAYERS) {
		snprintf(err, errlen, "layered: map layout mismatch (layer_cfg value %u bytes, runner expects %zu): rebuild both from one source",
			 bpf_map__value_size(lm), sizeof(struct layered_layer_cfg));
		return -1;
	}
	for (int i = 0; i < cfg->nr_layers; i++) {
		unsigned int key = (unsigned int)i;
		if (bpf_map__update_elem(lm, &key, sizeof(key), &cfg->layers[i].bpf,
					 sizeof(cfg->layers[i].bpf), 0) < 0) {
			snprintf(err, errlen, "layered: cannot write layer %d (%s): %s", i,
				 cfg->layers[i].name, strerror(errno));
			return -1;
		}
	}
	struct layered_meta meta = {
		.nr_layers = (unsigned int)cfg->nr_layers,
		.default_layer = (unsigned int)cfg->default_layer,
		.any_cgroup = cfg->any_cgroup ? 1 : 0,
	};
	unsigned int key = 0;
	if (bpf_map__update_elem(mm, &key, sizeof(key), &meta, sizeof(meta), 0) < 0) {
		snprintf(err, errlen, "layered: cannot write layer_meta: %s", strerror(errno));
		return -1;
	}
	return 0;
}

json_t *layered_config_json(const struct layered_config *cfg)
{
	json_t *j = json_object(), *arr = json_array();
	json_object_set_new(j, "path", json_string(cfg->path));
	for (int i = 0; i < cfg->nr_layers; i++) {
		const struct layered_layer *L = &cfg->layers[i];
		json_t *l = json_object(), *m = json_object();
		json_object_set_new(l, "index", json_integer(i));
		json_object_set_new(l, "name", json_string(L->name));
		json_object_set_new(l, "counter", json_sprintf("stat_layer%d_ns", i));
		if (L->bpf.match_flags & LAYERED_MATCH_COMM)
			json_object_set_new(m, "comm_prefix", json_string(L->comm_prefix));
		if (L->bpf.match_flags & LAYERED_MATCH_CGROUP)
			json_object_set_new(m, "cgroup_prefix", json_string(L->cgroup_prefix));
		if (L->bpf.match_flags & LAYERED_MATCH_NICE)
			json_object_set_new(m, "nice", json_pack("[ii]", L->bpf.nice_min, L->bpf.nice_max));
		if (L->bpf.match_flags & LAYERED_MATCH_UID)
			json_object_set_new(m, "uid", json_integer(L->bpf.uid));
		if (L->is_default) {
			json_decref(m);
			json_object_set_new(l, "default", json_true());
		} else {
			json_object_set_new(l, "match", m);
		}
		json_object_set_new(l, "weight", json_integer(L->bpf.weight));
		json_object_set_new(l, "slice_us", json_integer((json_int_t)(L->bpf.slice_ns / 1000)));
		if (L->bpf.has_cpus)
			json_object_set_new(l, "cpus", json_string(L->cpus_text));
		json_object_set_new(l, "preempt", json_boolean(L->bpf.preempt));
		json_array_append_new(arr, l);
	}
	json_object_set_new(j, "layers", arr);
	return j;
}
