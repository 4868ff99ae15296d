// SPDX-License-Identifier: GPL-2.0-only
/* Exit info and load-time notices from the kernel log, for every
 * scheduler however it was loaded (see runner/kmsg.h for why the log). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "runner/clock.h"
#include "runner/kmsg.h"
#include "runner/sched_backend.h"
#include "runner/scx_sysfs.h"

bool sched_kernel_exit(struct sched_handle *h, struct sched_exit *ex, int wait_ms)
{
	struct kmsg_exit k;
	for (int waited = 0;; waited += 50) {
		kmsg_find_exit(h->ops_name, h->kmsg_seq0, &k);
		if (k.found)
			break;
		/* the record follows sysfs's "disabled" within the disable work */
		if (waited >= wait_ms || scx_enabled_as(h->ops_name))
			return false;
		sleep_s(0.05);
	}
	ex->valid = true;
	ex->kind = k.kind;
	snprintf(ex->reason, sizeof(ex->reason), "%s", k.reason);
	snprintf(ex->msg, sizeof(ex->msg), "%s", k.msg);
	snprintf(ex->source, sizeof(ex->source), "kernel log");
	return true;
}

struct notice_arg {
	json_t *arr;
};

static int notice_cb(int level, long long seq, const char *msg, void *arg)
{
	struct notice_arg *a = arg;
	(void)seq;
	if (kmsg_is_ops_notice(level, msg) && json_array_size(a->arr) < 8)
		json_array_append_new(a->arr, json_string(msg));
	return 0;
}

void sched_notices_collect(struct sched_handle *h)
{
	struct notice_arg a = { json_array() };
	if (h->kmsg_seq0 >= 0)
		kmsg_scan(h->kmsg_seq0, notice_cb, &a);
	json_decref(h->notices);
	h->notices = a.arr;
}

const char *sched_exit_kind_name(int kind)
{
	switch (kind) {
	case SCXB_EXIT_NONE: return "NONE";
	case SCXB_EXIT_DONE: return "DONE";
	case SCXB_EXIT_UNREG: return "UNREG";
	case SCXB_EXIT_UNREG_BPF: return "UNREG_BPF";
	case SCXB_EXIT_UNREG_KERN: return "UNREG_KERN";
	case SCXB_EXIT_SYSRQ: return "SYSRQ";
	case SCXB_EXIT_ERROR: return "ERROR";
	case SCXB_EXIT_ERROR_BPF: return "ERROR_BPF";
	case SCXB_EXIT_ERROR_STALL: return "ERROR_STALL";
	default: return "UNKNOWN";
	}
}

json_t *sched_exit_json(const struct sched_exit *ex)
{
	if (!ex->valid)
		return json_null();
	json_t *j = json_pack("{s:i, s:s, s:I, s:s, s:s}", "kind", ex->kind, "kind_name",
			      sched_exit_kind_name(ex->kind), "code", (json_int_t)ex->code, "reason", ex->reason,
			      "msg", ex->msg);
	if (ex->source[0])
		json_object_set_new(j, "source", json_string(ex->source));
	if (ex->output[0])
		json_object_set_new(j, "output", json_string(ex->output));
	return j;
}

void sched_notices_diag(json_t *info, json_t *diag)
{
	json_t *n = json_object_get(info, "kernel_notices");
	if (!json_array_size(n))
		return;
	json_object_set_new(diag, "kernel_notices", json_integer((json_int_t)json_array_size(n)));
	json_object_set(diag, "kernel_notice", json_array_get(n, 0));
}

void sched_exit_diag(json_t *diag, const struct sched_exit *ex)
{
	if (!ex->valid)
		return;
	json_object_set_new(diag, "exit_kind", json_string(sched_exit_kind_name(ex->kind)));
	if (ex->reason[0])
		json_object_set_new(diag, "exit_reason", json_string(ex->reason));
	if (ex->msg[0] && strcmp(ex->msg, ex->output) != 0)
		json_object_set_new(diag, "exit_msg", json_string(ex->msg));
	if (ex->source[0])
		json_object_set_new(diag, "exit_source", json_string(ex->source));
}
