// SPDX-License-Identifier: GPL-2.0-only
/* See shard.h. */
#include "runner/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_int(const char *s, size_t len, int *out)
{
	if (len == 0 || len > 6 || strspn(s, "0123456789") < len)
		return -1;
	*out = atoi(s);
	return 0;
}

int shard_parse(const char *s, const char *flag, int *index, int *count, char *err, size_t errlen)
{
	const char *slash = strchr(s, '/');
	int i, n;
	if (!slash || parse_int(s, (size_t)(slash - s), &i) || parse_int(slash + 1, strlen(slash + 1), &n) ||
	    n < 1 || n > SHARD_MAX || i < 1 || i > n) {
		snprintf(err, errlen, "%s '%s': expected I/N with 1 <= I <= N <= %d (e.g. 1/4)", flag, s, SHARD_MAX);
		return -1;
	}
	*index = i;
	*count = n;
	return 0;
}

int shard_row_units(const struct sched_spec *rows, int n, int *unit_of)
{
	int units = 0, named_unit = -1;
	for (int r = 0; r < n; r++) {
		if (rows[r].named) {
			if (named_unit < 0)
				named_unit = units++;
			unit_of[r] = named_unit;
		} else {
			unit_of[r] = units++;
		}
	}
	return units > 0 ? units : 1;
}

void shard_slice(int total, int index, int count, int *lo, int *hi)
{
	/* floor(k * total / count): slices differ in size by at most one */
	*lo = (int)((long long)(index - 1) * total / count);
	*hi = (int)((long long)index * total / count);
}

bool shard_has(const struct shard *s, int cells, int units, int cell, int u)
{
	if (s->count == 0)
		return true;
	int lo, hi, g = cell * units + u;
	shard_slice(cells * units, s->index, s->count, &lo, &hi);
	return g >= lo && g < hi;
}

bool shard_has_cell(const struct shard *s, int cells, int units, int cell)
{
	for (int u = 0; u < units; u++)
		if (shard_has(s, cells, units, cell, u))
			return true;
	return false;
}

int shard_filter_rows(const struct shard *s, struct sched_spec *rows, int n)
{
	if (s->count == 0 || n == 0)
		return n;
	int unit_of[n];
	int units = shard_row_units(rows, n, unit_of);
	int cells = s->cells > 0 ? s->cells : 1, cell = s->cell > 0 ? s->cell - 1 : 0, kept = 0;
	for (int r = 0; r < n; r++)
		if (shard_has(s, cells, units, cell, unit_of[r])) {
			if (kept != r)
				rows[kept] = rows[r];
			kept++;
		}
	return kept;
}
