// SPDX-License-Identifier: GPL-2.0-only
/* The BPF-object back end: load, attach, detach, and the running
 * scheduler's variables.
 *
 * bpftool 7.5 skeletons do not compile against libbpf 1.4's headers, and a
 * skeleton could not load a user's arbitrary .bpf.o anyway, so every
 * object scheduler — bundled, an image in memory or --sched-obj — goes
 * through the same path: open (sched_obj_open.c), set tunables and ops
 * fields through BTF, load, attach the sched_ext_ops map as a link, and
 * wait for sysfs to say "enabled".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "runner/bpf_stats.h"
#include "runner/libbpf_log.h"
#include "runner/sched_backend.h"
#include "runner/sched_btf.h"
#include "runner/sched_obj.h"
#include "runner/scx_sysfs.h"
#include "scxb_exit_info.h"

#define ATTACH_TIMEOUT_MS 10000
#define DETACH_TIMEOUT_MS 10000
/* a re-attach that failed: how long its disable may take */
#define REATTACH_UNDO_MS 5000
/* how long the kernel's exit record may lag behind sysfs (TCG is slow) */
#define KMSG_EXIT_WAIT_MS 3000

struct sched_obj {
	struct bpf_object *obj;
	struct bpf_link *link;
	struct bpf_map *ops_map;
	json_t *verifier;       /* {"prog": verified insns} */
	json_t *tunables;       /* {"key": value} as applied */
	char desc[256];
	void *hook_state;
	const struct sched_hook *hook;
};

static struct sched_obj *obj_of(struct sched_handle *h)
{
	return h->impl;
}

static void verifier_stats(struct sched_obj *o)
{
	struct bpf_program *p;
	o->verifier = json_object();
	bpf_object__for_each_program(p, o->obj) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(p);
		memset(&info, 0, sizeof(info));
		if (fd < 0 || bpf_prog_get_info_by_fd(fd, &info, &len) < 0)
			continue;
		json_object_set_new(o->verifier, bpf_program__name(p), json_integer(info.verified_insns));
	}
}

/* The scheduler's own exit record (bpf/scxb_exit_info.h), NULL if it has
 * none. */
static struct scxb_exit_info *exit_record(struct sched_obj *o)
{
	struct btf_var_loc loc;
	if (!o || !o->obj)
		return NULL;
	if (btf_find_var(o->obj, ".data", "scxb_exit", &loc) < 0 &&
	    btf_find_var(o->obj, ".bss", "scxb_exit", &loc) < 0)
		return NULL;
	struct scxb_exit_info *ei = btf_var_ptr(&loc);
	return ei && loc.size >= sizeof(*ei) ? ei : NULL;
}

static void read_exit(struct sched_obj *o, struct sched_exit *ex)
{
	memset(ex, 0, sizeof(*ex));
	const struct scxb_exit_info *ei = exit_record(o);
	if (!ei || !ei->recorded)
		return;
	ex->valid = true;
	snprintf(ex->source, sizeof(ex->source), "scheduler");
	ex->kind = ei->kind;
	ex->code = ei->exit_code;
	snprintf(ex->reason, sizeof(ex->reason), "%.*s", (int)sizeof(ei->reason), ei->reason);
	snprintf(ex->msg, sizeof(ex->msg), "%.*s", (int)sizeof(ei->msg), ei->msg);
}

/* Give back everything o holds (not o itself: the front end owns it). */
static void release(struct sched_obj *o)
{
	if (o->hook && o->hook->free_state && o->hook_state)
		o->hook->free_state(o->hook_state);
	if (o->link)
		bpf_link__destroy(o->link);
	if (o->obj) {
		struct bpf_map *m;
		bpf_object__for_each_map(m, o->obj)
			btf_map_unlive(m);
		bpf_object__close(o->obj);
	}
	json_decref(o->verifier);
	json_decref(o->tunables);
	memset(o, 0, sizeof(*o));
}

/* Open, configure and load the object h's spec names (not attached). */
static int load(struct sched_handle *h, struct sched_obj *o, char *err, size_t errlen)
{
	const struct sched_spec *spec = &h->spec;
	o->obj = sched_obj_open(spec, h->hash, sizeof(h->hash), err, errlen);
	if (!o->obj)
		return -1;
	sched_obj_read_meta(o->obj, o->desc, sizeof(o->desc), NULL, 0, &h->honours_weights);
	o->ops_map = sched_obj_ops_map(o->obj);
	if (!o->ops_map) {
		snprintf(err, errlen, "%s: no sched_ext_ops struct_ops map in the object",
			 spec->kind == SCHED_OBJ ? spec->path : spec->name);
		return -1;
	}
	o->hook = sched_hook_find(sched_object_name(spec));
	if (o->hook && o->hook->after_open &&
	    o->hook->after_open(o->obj, spec, &o->hook_state, err, errlen) < 0)
		return -1;
	if (sched_obj_apply_opts(o->obj, spec, o->hook, err, errlen) < 0)
		return -1;
	o->tunables = sched_obj_tunables(o->obj);
	if (sched_obj_set_ops(o->obj, o->ops_map, spec, h->ops_name, sizeof(h->ops_name), err, errlen) < 0)
		return -1;

	libbpf_log_reset();
	if (bpf_object__load(o->obj) < 0) {
		char tail[1536], eb[128];
		int e = errno;
		libbpf_log_tail(tail, sizeof(tail), 6);
		snprintf(err, errlen, "%s: load failed (%s): %s", spec->name, libbpf_log_errstr(e, eb, sizeof(eb)),
			 tail[0] ? tail : "no log");
		return -1;
	}
	verifier_stats(o);
	struct bpf_map *m;
	bpf_object__for_each_map(m, o->obj)
		if (bpf_map__is_internal(m))
			btf_map_live(m);
	if (o->hook && o->hook->after_load &&
	    o->hook->after_load(o->obj, spec, o->hook_state, err, errlen) < 0)
		return -1;
	return 0;
}

/* Attach the loaded ops as a link and wait for "enabled". */
static int enable(struct sched_handle *h, struct sched_obj *o, char *err, size_t errlen)
{
	struct sched_exit ex;
	char eb[128], state[64] = "";
	o->link = bpf_map__attach_struct_ops(o->ops_map);
	if (!o->link) {
		int e = errno;
		read_exit(o, &ex);
		if (ex.valid)
			snprintf(err, errlen, "%s: attach failed (%s): %s: %s", h->spec.name,
				 libbpf_log_errstr(e, eb, sizeof(eb)), ex.reason, ex.msg);
		else
			snprintf(err, errlen, "%s: attach failed: %s", h->spec.name, libbpf_log_errstr(e, eb, sizeof(eb)));
		return -1;
	}
	if (scx_wait_state("enabled", ATTACH_TIMEOUT_MS) < 0) {
		read_exit(o, &ex);
		scx_state(state, sizeof(state));
		snprintf(err, errlen, "%s: state is '%s' after attach, not 'enabled'%s%s", h->spec.name,
			 state, ex.valid ? ": " : "", ex.valid ? ex.msg : "");
		return -1;
	}
	return 0;
}

static int obj_attach(struct sched_handle *h, char *err, size_t errlen)
{
	struct sched_obj *o = obj_of(h);
	if (load(h, o, err, errlen) < 0 || enable(h, o, err, errlen) < 0) {
		release(o);
		return -1;
	}
	return 0;
}

static void obj_peek_exit(struct sched_handle *h, struct sched_exit *ex)
{
	read_exit(obj_of(h), ex);
	if (!ex->valid)
		sched_kernel_exit(h, ex, KMSG_EXIT_WAIT_MS);
}

static int obj_disable(struct sched_handle *h, char *err, size_t errlen)
{
	struct sched_obj *o = obj_of(h);
	if (o->link) {
		bpf_link__destroy(o->link);
		o->link = NULL;
	}
	if (scx_wait_state("disabled", DETACH_TIMEOUT_MS) < 0) {
		char state[64] = "?";
		scx_state(state, sizeof(state));
		snprintf(err, errlen, "%s: state is '%s' %d s after detach, not 'disabled'",
			 h->spec.name, state, DETACH_TIMEOUT_MS / 1000);
		return -1;
	}
	return 0;
}

static int obj_detach(struct sched_handle *h, struct sched_exit *ex, char *err, size_t errlen)
{
	int ret = obj_disable(h, err, errlen);
	obj_peek_exit(h, ex);
	release(obj_of(h));
	return ret;
}

static int obj_reattach(struct sched_handle *h, struct sched_exit *ex, char *err, size_t errlen)
{
	struct sched_obj *o = obj_of(h);
	o->link = bpf_map__attach_struct_ops(o->ops_map);
	if (o->link && scx_wait_state("enabled", ATTACH_TIMEOUT_MS) == 0)
		return 0;
	int e = errno;
	snprintf(err, errlen, "%s", o->link ? "did not reach 'enabled'" : strerror(e));
	scx_wait_state("disabled", REATTACH_UNDO_MS);
	obj_peek_exit(h, ex);
	if (o->link)
		bpf_link__destroy(o->link);
	o->link = NULL;
	return -1;
}

static void obj_forget_exit(struct sched_handle *h)
{
	struct scxb_exit_info *ei = exit_record(obj_of(h));
	if (ei)
		ei->recorded = 0;
}

static void obj_info(struct sched_handle *h, json_t *j)
{
	struct sched_obj *o = obj_of(h);
	json_object_set_new(j, "hash", json_string(h->hash));
	json_object_set_new(j, "desc", json_string(o->desc));
	json_object_set_new(j, "honours_weights", json_boolean(h->honours_weights));
	json_object_set(j, "tunables", o->tunables ? o->tunables : json_object());
	json_object_set(j, "verifier", o->verifier ? o->verifier : json_object());
	if (o->hook && o->hook->info && o->hook_state)
		json_object_set_new(j, "config", o->hook->info(o->hook_state));
}

/* Closing the link fd is what detaches a struct_ops link: safe in a
 * signal handler. */
static void obj_emergency(struct sched_handle *h)
{
	struct sched_obj *o = h->impl;
	if (o && o->link)
		close(bpf_link__fd(o->link));
}

struct ctr_arg {
	json_t *out;
};

static int counter_cb(const char *name, const struct btf_var_loc *loc, void *arg)
{
	struct ctr_arg *a = arg;
	if (strncmp(name, "stat_", 5) != 0 || loc->size != 8)
		return 0;
	const uint64_t *v = btf_var_ptr(loc);
	if (v)
		json_object_set_new(a->out, name + 5, json_integer((json_int_t)*v));
	return 0;
}

static json_t *obj_counters(struct sched_handle *h)
{
	struct sched_obj *o = obj_of(h);
	struct ctr_arg a = { json_object() };
	btf_for_each_var(o->obj, ".bss", counter_cb, &a);
	btf_for_each_var(o->obj, ".data", counter_cb, &a);
	return a.out;
}

static int obj_bpf_stats(struct sched_handle *h, struct bpf_stats_snap *s)
{
	bpf_stats_snap_obj(obj_of(h)->obj, s);
	return 0;
}

static int obj_set_var(struct sched_handle *h, const char *name, unsigned long long v)
{
	struct sched_obj *o = obj_of(h);
	struct btf_var_loc loc;
	if (btf_find_var(o->obj, ".bss", name, &loc) < 0 && btf_find_var(o->obj, ".data", name, &loc) < 0)
		return -1;
	void *p = btf_var_ptr(&loc);
	if (!p)
		return -1;
	switch (loc.size) {
	case 1: *(volatile uint8_t *)p = (uint8_t)v; return 0;
	case 2: *(volatile uint16_t *)p = (uint16_t)v; return 0;
	case 4: *(volatile uint32_t *)p = (uint32_t)v; return 0;
	case 8: *(volatile uint64_t *)p = (uint64_t)v; return 0;
	}
	return -1;
}

const struct sched_backend sched_obj_backend = {
	.loads = true,
	.impl_size = sizeof(struct sched_obj),
	.attach = obj_attach,
	.detach = obj_detach,
	.peek_exit = obj_peek_exit,
	.info = obj_info,
	.emergency = obj_emergency,
	.disable = obj_disable,
	.reattach = obj_reattach,
	.forget_exit = obj_forget_exit,
	.counters = obj_counters,
	.bpf_stats = obj_bpf_stats,
	.set_var = obj_set_var,
};
