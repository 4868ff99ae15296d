// SPDX-License-Identifier: GPL-2.0-only
/* Parser for workload arguments ("key=value,key=value"); see wl_args.h.
 *
 * Why strict: a misspelt knob must fail the run with the accepted keys
 * listed, never silently measure the default experiment instead.
 */
#include "workloads/wl_args.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wl_args_parse(const char *arg, const char *const *allowed, struct wl_args *a,
		  char *err, size_t errlen)
{
	memset(a, 0, sizeof(*a));
	if (!arg || !*arg)
		return 0;
	const char *p = arg;
	while (*p) {
		size_t len = strcspn(p, ",");
		if (len == 0) {
			p++;
			continue;
		}
		const char *eq = memchr(p, '=', len);
		if (!eq) {
			snprintf(err, errlen, "argument '%.*s' is not key=value", (int)len, p);
			return -1;
		}
		size_t klen = (size_t)(eq - p), vlen = len - klen - 1;
		if (a->n >= WL_ARGS_MAX || klen == 0 || klen >= sizeof(a->kv[0].key) ||
		    vlen >= sizeof(a->kv[0].val)) {
			snprintf(err, errlen, "argument '%.*s' is too long or too many arguments",
				 (int)len, p);
			return -1;
		}
		memcpy(a->kv[a->n].key, p, klen);
		memcpy(a->kv[a->n].val, eq + 1, vlen);
		int ok = 0;
		for (const char *const *k = allowed; k && *k; k++)
			ok |= !strcmp(*k, a->kv[a->n].key);
		if (!ok) {
			char list[256] = "";
			for (const char *const *k = allowed; k && *k; k++)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 k == allowed ? "" : ", ", *k);
			snprintf(err, errlen, "unknown argument '%s' (accepted: %s)",
				 a->kv[a->n].key, *list ? list : "none");
			return -1;
		}
		a->n++;
		p += len;
	}
	return 0;
}

const char *wl_args_get(const struct wl_args *a, const char *key)
{
	for (int i = a->n - 1; i >= 0; i--)
		if (!strcmp(a->kv[i].key, key))
			return a->kv[i].val;
	return NULL;
}

int wl_args_long(const struct wl_args *a, const char *key, long def, long min, long max,
		 long *out, char *err, size_t errlen)
{
	const char *v = wl_args_get(a, key);
	if (!v) {
		*out = def;
		return 0;
	}
	char *end;
	errno = 0;
	long x = strtol(v, &end, 0);
	if (errno || !*v || *end || x < min || x > max) {
		snprintf(err, errlen, "argument %s=%s: want an integer in [%ld, %ld]", key, v, min, max);
		return -1;
	}
	*out = x;
	return 0;
}

int wl_args_double(const struct wl_args *a, const char *key, double def, double min,
		   double max, double *out, char *err, size_t errlen)
{
	const char *v = wl_args_get(a, key);
	if (!v) {
		*out = def;
		return 0;
	}
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (errno || !*v || *end || !isfinite(x) || x < min || x > max) {
		snprintf(err, errlen, "argument %s=%s: want a number in [%g, %g]", key, v, min, max);
		return -1;
	}
	*out = x;
	return 0;
}

int wl_args_long_list(const char *s, long min, long max, long *out, int maxn,
		      char *err, size_t errlen)
{
	int n = 0;
	const char *p = s;
	while (1) {
		char *end;
		errno = 0;
		long x = strtol(p, &end, 0);
		if (errno || end == p || (*end && *end != '/') || x < min || x > max) {
			snprintf(err, errlen, "list '%s': want '/'-separated integers in [%ld, %ld]",
				 s, min, max);
			return -1;
		}
		if (n >= maxn) {
			snprintf(err, errlen, "list '%s': more than %d entries", s, maxn);
			return -1;
		}
		out[n++] = x;
		if (!*end)
			return n;
		p = end + 1;
	}
}
