// SPDX-License-Identifier: GPL-2.0-only
/* The scheduler front end (see sched.h): what attaching, checking and
 * detaching mean for every scheduler, whichever back end
 * (sched_backend.h) loads it; and the list the emergency detach walks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/kmsg.h"
#include "runner/sched_backend.h"
#include "runner/scx_sysfs.h"

/* ---- attached handles, for the emergency path ---------------------------- */
static struct sched_handle *attached;

static void list_add(struct sched_handle *h)
{
	h->next = attached;
	attached = h;
}

static void list_remove(struct sched_handle *h)
{
	for (struct sched_handle **pp = &attached; *pp; pp = &(*pp)->next)
		if (*pp == h) {
			*pp = h->next;
			return;
		}
}

void sched_emergency_detach(void)
{
	for (struct sched_handle *h = attached; h; h = h->next)
		h->be->emergency(h);
}

/* ---- the life of a scheduler -------------------------------------------- */
static const struct sched_backend *backend_of(enum sched_kind k)
{
	switch (k) {
	case SCHED_EEVDF: return &sched_eevdf_backend;
	case SCHED_CMD: return &sched_cmd_backend;
	case SCHED_BUNDLED:
	case SCHED_OBJ:
	case SCHED_IMAGE: return &sched_obj_backend;
	}
	return &sched_obj_backend;
}

int sched_attach(const struct sched_spec *spec, struct sched_handle **out, char *err, size_t errlen)
{
	char state[64];
	*out = NULL;
	if (!scx_supported()) {
		snprintf(err, errlen, "this kernel has no sched_ext (/sys/kernel/sched_ext missing)");
		return -1;
	}
	if (scx_state(state, sizeof(state)) == 0 && strcmp(state, "disabled") != 0) {
		char ops[128];
		scx_ops_name(ops, sizeof(ops));
		snprintf(err, errlen, "another sched_ext scheduler is loaded (state %s, ops '%s'): refusing to replace it",
			 state, ops);
		return -1;
	}
	const struct sched_backend *be = backend_of(spec->kind);
	struct sched_handle *h = calloc(1, sizeof(*h));
	if (h && be->impl_size && !(h->impl = calloc(1, be->impl_size))) {
		free(h);
		h = NULL;
	}
	if (!h) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	h->spec = *spec;
	h->be = be;
	h->honours_weights = true;
	if (h->be->loads) {
		/* the kernel log from here on tells how this load goes and ends */
		h->kmsg_seq0 = kmsg_last_seq();
		/* listed before it is enabled: a fatal signal while we wait for
		 * "enabled" must still stop it */
		list_add(h);
	}
	if (h->be->attach(h, err, errlen) < 0) {
		list_remove(h);
		free(h->impl);
		free(h);
		return -1;
	}
	if (h->be->loads)
		sched_notices_collect(h);
	*out = h;
	return sched_check(h, err, errlen);
}

int sched_check(struct sched_handle *h, char *err, size_t errlen)
{
	char state[64] = "", ops[128];
	if (!h->be->loads) {
		if (scx_state(state, sizeof(state)) == 0 && strcmp(state, "disabled") != 0) {
			snprintf(err, errlen, "a sched_ext scheduler is loaded during the EEVDF row");
			return -1;
		}
		return 0;
	}
	if (scx_state(state, sizeof(state)) < 0 || strcmp(state, "enabled") != 0) {
		snprintf(err, errlen, "%s: sched_ext state is '%s', not 'enabled'", h->spec.name, state);
		return -1;
	}
	scx_ops_name(ops, sizeof(ops));
	if (h->ops_name[0] && strcmp(ops, h->ops_name) != 0) {
		snprintf(err, errlen, "%s: root/ops is '%s', expected '%s'", h->spec.name, ops, h->ops_name);
		return -1;
	}
	return 0;
}

bool sched_running(struct sched_handle *h)
{
	char err[256];
	return sched_check(h, err, sizeof(err)) == 0;
}

void sched_peek_exit(struct sched_handle *h, struct sched_exit *ex)
{
	h->be->peek_exit(h, ex);
}

int sched_detach(struct sched_handle *h, struct sched_exit *ex, char *err, size_t errlen)
{
	struct sched_exit dummy;
	if (!ex)
		ex = &dummy;
	memset(ex, 0, sizeof(*ex));
	if (!h)
		return 0;
	list_remove(h);
	int ret = h->be->detach(h, ex, err, errlen);
	json_decref(h->notices);
	free(h->impl);
	free(h);
	return ret;
}

int sched_disable(struct sched_handle *h, char *err, size_t errlen)
{
	if (!h->be->disable) {
		snprintf(err, errlen, "%s: only a BPF object can be disabled and kept loaded", h->spec.name);
		return -1;
	}
	return h->be->disable(h, err, errlen);
}

int sched_reattach(struct sched_handle *h, struct sched_exit *ex, char *err, size_t errlen)
{
	memset(ex, 0, sizeof(*ex));
	if (!h->be->reattach) {
		snprintf(err, errlen, "%s: only a BPF object can be re-attached", h->spec.name);
		return -1;
	}
	return h->be->reattach(h, ex, err, errlen);
}

void sched_forget_exit(struct sched_handle *h)
{
	if (h->be->forget_exit)
		h->be->forget_exit(h);
}

int sched_program_pid(struct sched_handle *h)
{
	return h->be->program_pid ? h->be->program_pid(h) : 0;
}

/* ---- what it is and what it counted --------------------------------------- */
json_t *sched_info_json(struct sched_handle *h)
{
	json_t *j = json_object();
	json_object_set_new(j, "ops", json_string(h->ops_name));
	if (json_array_size(h->notices))
		json_object_set(j, "kernel_notices", h->notices);
	h->be->info(h, j);
	return j;
}

json_t *sched_counters_json(struct sched_handle *h)
{
	return h->be->counters ? h->be->counters(h) : json_object();
}

int sched_bpf_stats(struct sched_handle *h, struct bpf_stats_snap *s)
{
	return h->be->bpf_stats ? h->be->bpf_stats(h, s) : -1;
}

bool sched_honours_weights(struct sched_handle *h)
{
	return h->honours_weights;
}

const char *sched_ops_name(struct sched_handle *h)
{
	return h->ops_name;
}

int sched_set_var(struct sched_handle *h, const char *name, unsigned long long v)
{
	return h->be->set_var ? h->be->set_var(h, name, v) : -1;
}
