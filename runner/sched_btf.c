// SPDX-License-Identifier: GPL-2.0-only
/* See sched_btf.h. libbpf exposes internal maps' contents through
 * bpf_map__initial_value(); the object's own BTF says where each variable
 * lives in them, which is all a skeleton would have told us. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runner/sched_btf.h"

static struct bpf_map *section_map(struct bpf_object *obj, const char *sec)
{
	struct bpf_map *m;
	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);
		size_t ln = strlen(n), ls = strlen(sec);
		if (!bpf_map__is_internal(m))
			continue;
		/* internal maps are named "<obj prefix><sec>" */
		if (ln >= ls && strcmp(n + ln - ls, sec) == 0)
			return m;
	}
	return NULL;
}

int btf_for_each_var(struct bpf_object *obj, const char *sec,
		     int (*fn)(const char *name, const struct btf_var_loc *loc, void *arg),
		     void *arg)
{
	struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *map = section_map(obj, sec);
	if (!btf || !map)
		return 0;
	__s32 id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return 0;
	const struct btf_type *ds = btf__type_by_id(btf, id);
	const struct btf_var_secinfo *vs = btf_var_secinfos(ds);
	for (unsigned i = 0; i < btf_vlen(ds); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);
		if (!var || !btf_is_var(var))
			continue;
		struct btf_var_loc loc = {
			.map = map, .offset = vs->offset, .size = vs->size,
			.type_id = (__u32)btf__resolve_type(btf, var->type),
		};
		int r = fn(btf__name_by_offset(btf, var->name_off), &loc, arg);
		if (r)
			return r;
	}
	return 0;
}

struct find_arg {
	const char *name;
	struct btf_var_loc *out;
};

static int find_cb(const char *name, const struct btf_var_loc *loc, void *arg)
{
	struct find_arg *a = arg;
	if (strcmp(name, a->name) != 0)
		return 0;
	*a->out = *loc;
	return 1;
}

int btf_find_var(struct bpf_object *obj, const char *sec, const char *name,
		 struct btf_var_loc *loc)
{
	struct find_arg a = { name, loc };
	return btf_for_each_var(obj, sec, find_cb, &a) == 1 ? 0 : -1;
}

#define LIVE_MAX 64
static struct {
	struct bpf_map *map;
	void *addr;
	size_t len;
} live[LIVE_MAX];

int btf_map_live(struct bpf_map *map)
{
	if (!(bpf_map__map_flags(map) & BPF_F_MMAPABLE) || bpf_map__fd(map) < 0)
		return -1;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = ((size_t)bpf_map__value_size(map) + page - 1) / page * page;
	/* .rodata is frozen after load: map it read-only */
	const char *n = bpf_map__name(map);
	bool ro = strlen(n) >= 7 && strcmp(n + strlen(n) - 7, ".rodata") == 0;
	void *addr = mmap(NULL, len, ro ? PROT_READ : PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(map), 0);
	if (addr == MAP_FAILED)
		return -1;
	for (int i = 0; i < LIVE_MAX; i++)
		if (!live[i].map) {
			live[i].map = map;
			live[i].addr = addr;
			live[i].len = len;
			return 0;
		}
	munmap(addr, len);
	return -1;
}

void btf_map_unlive(struct bpf_map *map)
{
	for (int i = 0; i < LIVE_MAX; i++)
		if (live[i].map == map) {
			munmap(live[i].addr, live[i].len);
			live[i].map = NULL;
		}
}

void *btf_var_ptr(const struct btf_var_loc *loc)
{
	for (int i = 0; i < LIVE_MAX; i++)
		if (live[i].map == loc->map)
			return loc->offset + loc->size <= live[i].len ? (char *)live[i].addr + loc->offset : NULL;
	size_t sz = 0;
	char *base = bpf_map__initial_value(loc->map, &sz);
	if (!base || loc->offset + loc->size > sz)
		return NULL;
	return base + loc->offset;
}

static bool is_char_array(const struct btf *btf, const struct btf_type *t)
{
	if (!btf_is_array(t))
		return false;
	const struct btf_type *e = btf__type_by_id(btf, btf__resolve_type(btf, btf_array(t)->type));
	return e && btf_is_int(e) && e->size == 1;
}

int btf_var_set(struct bpf_object *obj, const struct btf_var_loc *loc,
		const char *text, char *err, size_t errlen)
{
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *t = btf__type_by_id(btf, loc->type_id);
	void *p = btf_var_ptr(loc);
	if (!t || !p) {
		snprintf(err, errlen, "variable is not writable");
		return -1;
	}
	if (is_char_array(btf, t)) {
		if (strlen(text) >= loc->size) {
			snprintf(err, errlen, "value longer than %zu characters", loc->size - 1);
			return -1;
		}
		memset(p, 0, loc->size);
		memcpy(p, text, strlen(text));
		return 0;
	}
	if (!btf_is_int(t) && !btf_is_enum(t)) {
		snprintf(err, errlen, "unsupported variable type");
		return -1;
	}
	bool is_signed = btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_SIGNED);
	bool is_bool = btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_BOOL);
	unsigned long long u = 0;
	if (is_bool || !strcmp(text, "true") || !strcmp(text, "false")) {
		if (!strcmp(text, "true") || !strcmp(text, "1"))
			u = 1;
		else if (!strcmp(text, "false") || !strcmp(text, "0"))
			u = 0;
		else {
			snprintf(err, errlen, "'%s' is not a boolean (true/false)", text);
			return -1;
		}
	} else {
		char *end;
		errno = 0;
		if (is_signed) {
			long long v = strtoll(text, &end, 0);
			u = (unsigned long long)v;
			if (loc->size < 8) {
				long long lim = 1LL << (loc->size * 8 - 1);
				if (v < -lim || v >= lim)
					errno = ERANGE;
			}
		} else {
			if (text[0] == '-')
				errno = ERANGE;
			else
				u = strtoull(text, &end, 0);
			if (loc->size < 8 && u >> (loc->size * 8))
				errno = ERANGE;
		}
		if (text[0] == '\0' || (errno != ERANGE && *end != '\0')) {
			snprintf(err, errlen, "'%s' is not an integer", text);
			return -1;
		}
		if (errno == ERANGE) {
			snprintf(err, errlen, "'%s' is out of range for a %zu-byte %s integer",
				 text, loc->size, is_signed ? "signed" : "unsigned");
			return -1;
		}
	}
	switch (loc->size) {
	case 1: *(uint8_t *)p = (uint8_t)u; break;
	case 2: *(uint16_t *)p = (uint16_t)u; break;
	case 4: *(uint32_t *)p = (uint32_t)u; break;
	case 8: *(uint64_t *)p = (uint64_t)u; break;
	default:
		snprintf(err, errlen, "unsupported integer size %zu", loc->size);
		return -1;
	}
	return 0;
}

json_t *btf_var_json(struct bpf_object *obj, const struct btf_var_loc *loc)
{
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *t = btf__type_by_id(btf, loc->type_id);
	const void *p = btf_var_ptr(loc);
	if (!t || !p)
		return json_null();
	if (is_char_array(btf, t))
		return json_stringn_nocheck(p, strnlen(p, loc->size));
	if (btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_BOOL))
		return json_boolean(*(const uint8_t *)p);
	bool is_signed = btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_SIGNED);
	long long v = 0;
	switch (loc->size) {
	case 1: v = is_signed ? (long long)*(const int8_t *)p : (long long)*(const uint8_t *)p; break;
	case 2: v = is_signed ? (long long)*(const int16_t *)p : (long long)*(const uint16_t *)p; break;
	case 4: v = is_signed ? (long long)*(const int32_t *)p : (long long)*(const uint32_t *)p; break;
	case 8: v = *(const int64_t *)p; break;
	default: return json_null();
	}
	return json_integer(v);
}

int btf_ops_member(struct bpf_object *obj, const char *member, size_t *off, size_t *size)
{
	struct btf *btf = bpf_object__btf(obj);
	if (!btf)
		return -1;
	__s32 id = btf__find_by_name_kind(btf, "sched_ext_ops", BTF_KIND_STRUCT);
	if (id < 0)
		return -1;
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m = btf_members(t);
	for (unsigned i = 0; i < btf_vlen(t); i++, m++) {
		if (strcmp(btf__name_by_offset(btf, m->name_off), member) != 0)
			continue;
		*off = btf_member_bit_offset(t, i) / 8;
		__s64 sz = btf__resolve_size(btf, m->type);
		*size = sz > 0 ? (size_t)sz : 0;
		return 0;
	}
	return -1;
}
