// SPDX-License-Identifier: GPL-2.0-only
/* The BPF-object back end, before load: the object's bytes (bundled,
 * --sched-obj file, or an image in memory), its metadata and tunables, the
 * user's --sched-opt values and the sched_ext_ops fields set through BTF.
 * Also what `scxbench list` shows without loading anything. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <openssl/evp.h>

#include "runner/embedded.h"
#include "runner/libbpf_log.h"
#include "runner/sched_btf.h"
#include "runner/sched_obj.h"

static int slurp(const char *path, unsigned char **buf, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*buf = malloc((size_t)st.st_size + 1);
	if (!*buf) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + got, (size_t)st.st_size - got);
		if (r <= 0) {
			snprintf(err, errlen, "%s: read failed: %s", path, r < 0 ? strerror(errno) : "short read");
			free(*buf);
			close(fd);
			return -1;
		}
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return 0;
}

static void sha256_hex(const unsigned char *buf, size_t len, char *out, size_t outlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL)) {
		snprintf(out, outlen, "unknown");
		return;
	}
	size_t used = (size_t)snprintf(out, outlen, "sha256:");
	for (unsigned i = 0; i < mdlen && used + 2 < outlen; i++)
		used += (size_t)snprintf(out + used, outlen - used, "%02x", md[i]);
}

struct bpf_object *sched_obj_open(const struct sched_spec *spec, char *hash, size_t hashlen,
				  char *err, size_t errlen)
{
	unsigned char *owned = NULL;
	const unsigned char *buf;
	size_t len;
	if (spec->kind == SCHED_BUNDLED) {
		const struct embedded_obj *e = embedded_find(sched_object_name(spec), EMBED_SCHEDULER);
		if (!e) {
			snprintf(err, errlen, "no bundled scheduler named '%s' (see: scxbench list)",
				 sched_object_name(spec));
			return NULL;
		}
		buf = e->start;
		len = (size_t)(e->end - e->start);
	} else if (spec->kind == SCHED_IMAGE && spec->image) {
		buf = spec->image;
		len = spec->image_len;
	} else if (spec->kind == SCHED_OBJ) {
		if (slurp(spec->path, &owned, &len, err, errlen) < 0)
			return NULL;
		buf = owned;
	} else {
		snprintf(err, errlen, "scheduler '%s' is not a BPF object", spec->name);
		return NULL;
	}
	if (hash)
		sha256_hex(buf, len, hash, hashlen);
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = spec->name);
	libbpf_log_reset();
	struct bpf_object *obj = bpf_object__open_mem(buf, len, &opts);
	free(owned); /* libbpf copies the ELF data it needs */
	if (!obj) {
		char tail[1024], eb[128];
		int e = errno;
		libbpf_log_tail(tail, sizeof(tail), 3);
		snprintf(err, errlen, "%s: not a loadable BPF object: %s%s%s",
			 spec->kind == SCHED_OBJ ? spec->path : spec->name, libbpf_log_errstr(e, eb, sizeof(eb)),
			 tail[0] ? ": " : "", tail);
		return NULL;
	}
	return obj;
}

struct bpf_map *sched_obj_ops_map(struct bpf_object *obj)
{
	struct bpf_map *m, *found = NULL;
	struct btf *btf = bpf_object__btf(obj);
	bpf_object__for_each_map(m, obj) {
		if (bpf_map__type(m) != BPF_MAP_TYPE_STRUCT_OPS)
			continue;
		const struct btf_type *t = btf ? btf__type_by_id(btf, bpf_map__btf_value_type_id(m)) : NULL;
		if (t && strcmp(btf__name_by_offset(btf, t->name_off), "sched_ext_ops") == 0)
			found = found ? found : m;
		else
			bpf_map__set_autocreate(m, false); /* not ours to attach */
	}
	return found;
}

static int ops_field(struct bpf_object *obj, struct bpf_map *ops, const char *member,
		     void **ptr, size_t *size)
{
	size_t off, sz, total = 0;
	char *data = bpf_map__initial_value(ops, &total);
	if (!data || btf_ops_member(obj, member, &off, &sz) < 0 || off + sz > total)
		return -1;
	*ptr = data + off;
	*size = sz;
	return 0;
}

int sched_obj_set_ops(struct bpf_object *obj, struct bpf_map *ops, const struct sched_spec *spec,
		      char *name, size_t namelen, char *err, size_t errlen)
{
	void *p;
	size_t sz;
	name[0] = '\0';
	if (ops_field(obj, ops, "name", &p, &sz) == 0)
		snprintf(name, namelen, "%.*s", (int)sz, (const char *)p);
	if (spec->ops_flags_or && ops_field(obj, ops, "flags", &p, &sz) == 0 && sz == 8)
		*(uint64_t *)p |= spec->ops_flags_or;
	if (spec->timeout_ms && ops_field(obj, ops, "timeout_ms", &p, &sz) == 0 && sz == 4)
		*(uint32_t *)p = spec->timeout_ms;
	if (!name[0]) {
		snprintf(err, errlen, "%s: sched_ext_ops has no name", spec->name);
		return -1;
	}
	return 0;
}

struct tun_arg {
	struct bpf_object *obj;
	json_t *out;
};

static int tunable_cb(const char *name, const struct btf_var_loc *loc, void *arg)
{
	struct tun_arg *a = arg;
	if (strncmp(name, "scxb_", 5) == 0 || strncmp(name, "__", 2) == 0)
		return 0;
	json_object_set_new(a->out, name, btf_var_json(a->obj, loc));
	return 0;
}

json_t *sched_obj_tunables(struct bpf_object *obj)
{
	struct tun_arg a = { obj, json_object() };
	btf_for_each_var(obj, ".rodata", tunable_cb, &a);
	return a.out;
}

/* A .rodata string variable into buf ("" when absent). */
static void read_str_var(struct bpf_object *obj, const char *name, char *buf, size_t len)
{
	struct btf_var_loc loc;
	buf[0] = '\0';
	if (btf_find_var(obj, ".rodata", name, &loc) == 0) {
		const char *p = btf_var_ptr(&loc);
		if (p)
			snprintf(buf, len, "%.*s", (int)loc.size, p);
	}
}

void sched_obj_read_meta(struct bpf_object *obj, char *desc, size_t desclen, char *purpose,
			 size_t purposelen, bool *weights)
{
	struct btf_var_loc loc;
	read_str_var(obj, "scxb_desc", desc, desclen);
	if (purpose)
		read_str_var(obj, "scxb_purpose", purpose, purposelen);
	*weights = true;
	if (btf_find_var(obj, ".rodata", "scxb_honours_weights", &loc) == 0 && loc.size == 4) {
		const uint32_t *w = btf_var_ptr(&loc);
		if (w)
			*weights = *w != 0;
	}
}

int sched_obj_apply_opts(struct bpf_object *obj, const struct sched_spec *spec,
		      const struct sched_hook *hook, char *err, size_t errlen)
{
	for (int i = 0; i < spec->nr_opts; i++) {
		const struct sched_opt *o = &spec->opts[i];
		struct btf_var_loc loc;
		char why[256];
		/* a declaration about the scheduler, not a tunable of it */
		if (sched_hook_owns_key(hook, o->key) || !strcmp(o->key, SCHED_OPT_IGNORES))
			continue;
		if (btf_find_var(obj, ".rodata", o->key, &loc) < 0 || strncmp(o->key, "scxb_", 5) == 0) {
			json_t *t = sched_obj_tunables(obj);
			char names[512] = "";
			const char *k;
			json_t *v;
			size_t used = 0;
			json_object_foreach(t, k, v) {
				int w = snprintf(names + used, sizeof(names) - used, "%s%s", used ? ", " : "", k);
				if (w > 0 && (size_t)w < sizeof(names) - used)
					used += (size_t)w;
			}
			json_decref(t);
			snprintf(err, errlen, "--sched-opt %s.%s: no such tunable (tunables of %s: %s)",
				 spec->name, o->key, spec->name, names[0] ? names : "none");
			return -1;
		}
		if (btf_var_set(obj, &loc, o->value, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "--sched-opt %s.%s=%s: %s", spec->name, o->key, o->value, why);
			return -1;
		}
	}
	return 0;
}

int sched_describe(const struct sched_spec *spec, char *desc, size_t desclen, char *purpose,
		   size_t purposelen, json_t **tunables, char *err, size_t errlen)
{
	struct bpf_object *obj = sched_obj_open(spec, NULL, 0, err, errlen);
	bool w;
	if (!obj)
		return -1;
	sched_obj_read_meta(obj, desc, desclen, purpose, purposelen, &w);
	if (tunables)
		*tunables = sched_obj_tunables(obj);
	bpf_object__close(obj);
	return 0;
}
