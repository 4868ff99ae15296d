/* SPDX-License-Identifier: GPL-2.0-only */
/* Workload arguments: the text after "name:" as comma-separated key=value.
 *
 * Why: every generator takes a few numeric knobs ("wakeup:workers=8,work_us=5")
 * and must reject typos loudly instead of silently running a different
 * experiment; one tiny parser keeps that behaviour the same everywhere.
 * Lists inside a value use '/' ("fairness:nices=0/5/10").
 */
#ifndef SCXB_WL_ARGS_H
#define SCXB_WL_ARGS_H

#include <stddef.h>

#define WL_ARGS_MAX 16

struct wl_args {
	int n;
	struct {
		char key[32];
		char val[224];
		int used;
	} kv[WL_ARGS_MAX];
};

/* Parse arg (NULL or "" = no args). allowed is a NULL-terminated list of
 * accepted keys. Returns 0, or -1 with err filled (unknown key, bad syntax). */
int wl_args_parse(const char *arg, const char *const *allowed, struct wl_args *a,
		  char *err, size_t errlen);
/* The raw value of key, or NULL when absent. */
const char *wl_args_get(const struct wl_args *a, const char *key);
/* Integer/double value of key (def when absent), range-checked.
 * Returns 0, or -1 with err filled. */
int wl_args_long(const struct wl_args *a, const char *key, long def, long min, long max,
		 long *out, char *err, size_t errlen);
int wl_args_double(const struct wl_args *a, const char *key, double def, double min,
		   double max, double *out, char *err, size_t errlen);
/* Split a '/'-separated list of integers into out[max]; returns the count,
 * or -1 with err filled. */
int wl_args_long_list(const char *s, long min, long max, long *out, int maxn,
		      char *err, size_t errlen);

#endif
