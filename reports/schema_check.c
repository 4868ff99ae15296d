// SPDX-License-Identifier: GPL-2.0-only
/* Minimal JSON Schema validator (the subset results-v1 uses).
 *
 * Why: see schema_check.h. Errors carry a JSON pointer to the offending
 * instance node so a failing test says exactly which field is wrong.
 */
#include "reports/schema_check.h"
#include "reports/report_util.h"

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

struct vctx {
	const json_t *root;
	char *err;
	size_t errlen;
	int depth;
};

static int fail(struct vctx *c, const char *path, const char *fmt, const char *arg)
{
	char msg[256];
	rep_snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
	rep_snprintf(c->err, c->errlen, "%s: %s", *path ? path : "/", msg);
	return -1;
}

static int type_is(const json_t *v, const char *t)
{
	if (!strcmp(t, "object"))
		return json_is_object(v);
	if (!strcmp(t, "array"))
		return json_is_array(v);
	if (!strcmp(t, "string"))
		return json_is_string(v);
	if (!strcmp(t, "integer"))
		return json_is_integer(v) ||
		       (json_is_real(v) && json_real_value(v) == floor(json_real_value(v)));
	if (!strcmp(t, "number"))
		return json_is_number(v);
	if (!strcmp(t, "boolean"))
		return json_is_boolean(v);
	if (!strcmp(t, "null"))
		return json_is_null(v);
	return 0;
}

static const json_t *resolve_ref(const json_t *root, const char *ref)
{
	if (strncmp(ref, "#", 1))
		return NULL;
	const json_t *cur = root;
	const char *p = ref + 1;
	while (*p == '/') {
		p++;
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char key[256];
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = 0;
		cur = json_object_get(cur, key);
		if (!cur)
			return NULL;
		p += n;
	}
	return cur;
}

static int validate(struct vctx *c, const json_t *s, const json_t *v, const char *path);

static int child(struct vctx *c, const json_t *s, const json_t *v, const char *path,
		 const char *key, size_t idx, int is_idx)
{
	char p[1024];
	if (is_idx)
		rep_snprintf(p, sizeof(p), "%s/%zu", path, idx);
	else
		rep_snprintf(p, sizeof(p), "%s/%s", path, key);
	return validate(c, s, v, p);
}

static int validate(struct vctx *c, const json_t *s, const json_t *v, const char *path)
{
	if (json_is_true(s))
		return 0;
	if (json_is_false(s))
		return fail(c, path, "not allowed here%s", NULL);
	if (!json_is_object(s))
		return fail(c, path, "schema node is not an object%s", NULL);
	if (++c->depth > 64)
		return fail(c, path, "schema nesting too deep%s", NULL);

	const char *k;
	const json_t *kw;
	int rc = 0;
	json_object_foreach((json_t *)s, k, kw) {
		if (!strcmp(k, "$schema") || !strcmp(k, "$id") || !strcmp(k, "title") ||
		    !strcmp(k, "description") || !strcmp(k, "$defs") || !strcmp(k, "$comment") ||
		    !strcmp(k, "then") || !strcmp(k, "properties") ||
		    !strcmp(k, "additionalProperties"))
			continue; /* then/properties/additionalProperties handled below */
		if (!strcmp(k, "type")) {
			int okk = 0;
			if (json_is_string(kw)) {
				okk = type_is(v, json_string_value(kw));
			} else {
				size_t i;
				const json_t *t;
				json_array_foreach(kw, i, t)
					okk |= type_is(v, json_string_value(t));
			}
			if (!okk) {
				char want[128] = "";
				if (json_is_string(kw))
					rep_snprintf(want, sizeof(want), "%s", json_string_value(kw));
				else
					rep_snprintf(want, sizeof(want), "one of the listed types");
				rc = fail(c, path, "wrong type, want %s", want);
			}
		} else if (!strcmp(k, "enum")) {
			size_t i;
			const json_t *e;
			int found = 0;
			json_array_foreach(kw, i, e)
				found |= json_equal((json_t *)e, (json_t *)v);
			if (!found)
				rc = fail(c, path, "value not in enum%s", NULL);
		} else if (!strcmp(k, "const")) {
			if (!json_equal((json_t *)kw, (json_t *)v))
				rc = fail(c, path, "value differs from const%s", NULL);
		} else if (!strcmp(k, "required")) {
			if (json_is_object(v)) {
				size_t i;
				const json_t *e;
				json_array_foreach(kw, i, e)
					if (!json_object_get(v, json_string_value(e))) {
						rc = fail(c, path, "missing required field \"%s\"",
							  json_string_value(e));
						break;
					}
			}
		} else if (!strcmp(k, "items")) {
			if (json_is_array(v)) {
				size_t i;
				const json_t *e;
				json_array_foreach(v, i, e)
					if ((rc = child(c, kw, e, path, NULL, i, 1)))
						break;
			}
		} else if (!strcmp(k, "minimum") || !strcmp(k, "exclusiveMinimum")) {
			if (json_is_number(v)) {
				double x = json_number_value(v), m = json_number_value(kw);
				if (k[0] == 'm' ? x < m : x <= m)
					rc = fail(c, path, "value below %s", k);
			}
		} else if (!strcmp(k, "minLength")) {
			if (json_is_string(v) &&
			    (json_int_t)json_string_length(v) < json_integer_value(kw))
				rc = fail(c, path, "string too short%s", NULL);
		} else if (!strcmp(k, "pattern")) {
			if (json_is_string(v)) {
				regex_t re;
				if (regcomp(&re, json_string_value(kw), REG_EXTENDED | REG_NOSUB))
					rc = fail(c, path, "bad pattern in schema: %s", json_string_value(kw));
				else {
					if (regexec(&re, json_string_value(v), 0, NULL, 0))
						rc = fail(c, path, "does not match pattern %s",
							  json_string_value(kw));
					regfree(&re);
				}
			}
		} else if (!strcmp(k, "$ref")) {
			const json_t *t = resolve_ref(c->root, json_string_value(kw));
			if (!t)
				rc = fail(c, path, "unresolvable $ref %s", json_string_value(kw));
			else
				rc = validate(c, t, v, path);
		} else if (!strcmp(k, "allOf")) {
			size_t i;
			const json_t *e;
			json_array_foreach(kw, i, e)
				if ((rc = validate(c, e, v, path)))
					break;
		} else if (!strcmp(k, "if")) {
			char save[512];
			rep_snprintf(save, sizeof(save), "%s", c->err);
			int d = c->depth;
			int cond = validate(c, kw, v, path) == 0;
			c->depth = d;
			rep_snprintf(c->err, c->errlen, "%s", save);
			const json_t *then = json_object_get(s, "then");
			if (cond && then)
				rc = validate(c, then, v, path);
		} else {
			rc = fail(c, path, "schema keyword \"%s\" is not supported by this validator", k);
		}
		if (rc)
			goto out;
	}

	if (json_is_object(v)) {
		const json_t *props = json_object_get(s, "properties");
		const json_t *addl = json_object_get(s, "additionalProperties");
		const char *key;
		const json_t *val;
		json_object_foreach((json_t *)v, key, val) {
			const json_t *ps = props ? json_object_get(props, key) : NULL;
			if (ps)
				rc = child(c, ps, val, path, key, 0, 0);
			else if (addl)
				rc = child(c, addl, val, path, key, 0, 0);
			if (rc)
				goto out;
		}
	}
out:
	c->depth--;
	return rc;
}

int schema_validate(const json_t *root, const json_t *schema, const json_t *inst,
		    char *err, size_t errlen)
{
	struct vctx c = { root, err, errlen, 0 };
	if (errlen)
		err[0] = 0;
	return validate(&c, schema, inst, "");
}
