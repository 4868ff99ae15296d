// SPDX-License-Identifier: GPL-2.0-only
/* Shared instruments of the conformance probes (see probe_util.h for why
 * each exists): helper schedulers, kernel log, BPF ids, loaded ops. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "conformance/probe_util.h"
#include "runner/clock.h"
#include "runner/embedded.h"
#include "runner/kmsg.h"
#include "runner/sysfile.h"

const char *pu_mask_str(uint64_t mask, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int c = 0; c < 64; c++)
		if (mask >> c & 1) {
			int w = snprintf(buf + used, len - used, "%s%d", used ? "," : "", c);
			if (w < 0 || (size_t)w >= len - used)
				break;
			used += (size_t)w;
		}
	return buf;
}

/* ---- the scheduler ----------------------------------------------------------- */
void pu_helper_spec(struct sched_spec *spec, const char *name)
{
	memset(spec, 0, sizeof(*spec));
	spec->kind = SCHED_IMAGE;
	snprintf(spec->name, sizeof(spec->name), "%s", name);
	const struct embedded_obj *e = embedded_find(name, EMBED_CONFORMANCE);
	if (e) {
		spec->image = e->start;
		spec->image_len = (size_t)(e->end - e->start);
	}
}

bool pu_sched_alive(struct sched_handle *h, char *why, size_t len)
{
	char state[64] = "?", ops[128] = "";
	if (!h) {
		snprintf(why, len, "no scheduler attached for the probe");
		return false;
	}
	if (sched_running(h))
		return true;
	/* ops.exit runs during the disable: its record is complete once the
	 * state reads "disabled" */
	scx_wait_state("disabled", 5000);
	struct sched_exit ex;
	sched_peek_exit(h, &ex);
	scx_state(state, sizeof(state));
	scx_ops_name(ops, sizeof(ops));
	if (ex.valid)
		snprintf(why, len, "the scheduler was ejected (state %s): %s (%s): %s", state,
			 sched_exit_kind_name(ex.kind), ex.reason, ex.msg);
	else
		snprintf(why, len, "the scheduler is no longer running (state %s, ops '%s')", state, ops);
	return false;
}

static struct btf *kbtf(void)
{
	static struct btf *b;
	static bool tried;
	if (!tried) {
		tried = true;
		b = btf__load_vmlinux_btf();
		if (libbpf_get_error(b))
			b = NULL;
	}
	return b;
}

/* byte offset and size of member m of struct type id in btf; 0 or -1 */
static int member_at(const struct btf *btf, __s32 id, const char *m, __u32 *off, __u32 *size)
{
	const struct btf_type *t = btf__type_by_id(btf, (__u32)id);
	if (!t || !btf_is_struct(t))
		return -1;
	const struct btf_member *mem = btf_members(t);
	for (unsigned i = 0; i < btf_vlen(t); i++, mem++) {
		if (strcmp(btf__name_by_offset(btf, mem->name_off), m) != 0)
			continue;
		*off = btf_member_bit_offset(t, i) / 8;
		__s64 sz = btf__resolve_size(btf, mem->type);
		*size = sz > 0 ? (__u32)sz : 0;
		return 0;
	}
	return -1;
}

int pu_kernel_has_member(const char *s, const char *m)
{
	struct btf *b = kbtf();
	__u32 off, size;
	if (!b)
		return -1;
	__s32 id = btf__find_by_name_kind(b, s, BTF_KIND_STRUCT);
	if (id < 0)
		return 0;
	return member_at(b, id, m, &off, &size) == 0;
}

/* Copy the kernel's value of the struct_ops map of the loaded scheduler
 * into buf; returns the offset of struct sched_ext_ops in it, or -1. */
static long loaded_ops_value(unsigned char *buf, size_t len)
{
	struct btf *b = kbtf();
	char want[128];
	if (!b || scx_ops_name(want, sizeof(want)) < 0 || !want[0])
		return -1;
	__s32 vt = btf__find_by_name_kind(b, "bpf_struct_ops_sched_ext_ops", BTF_KIND_STRUCT);
	__s32 ot = btf__find_by_name_kind(b, "sched_ext_ops", BTF_KIND_STRUCT);
	__u32 data_off, data_sz, name_off, name_sz;
	if (vt < 0 || ot < 0 || member_at(b, vt, "data", &data_off, &data_sz) < 0 ||
	    member_at(b, ot, "name", &name_off, &name_sz) < 0)
		return -1;
	__u32 id = 0, best = 0;
	while (bpf_map_get_next_id(id, &id) == 0) {
		struct bpf_map_info info;
		__u32 il = sizeof(info);
		int fd = bpf_map_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (bpf_map_get_info_by_fd(fd, &info, &il) == 0 && info.type == BPF_MAP_TYPE_STRUCT_OPS &&
		    info.btf_vmlinux_value_type_id == (__u32)vt && info.value_size <= len) {
			__u32 key = 0;
			memset(buf, 0, len);
			if (bpf_map_lookup_elem(fd, &key, buf) == 0 &&
			    strncmp((char *)buf + data_off + name_off, want, name_sz) == 0)
				best = id; /* the newest one wins */
		}
		close(fd);
	}
	if (!best)
		return -1;
	int fd = bpf_map_get_fd_by_id(best);
	__u32 key = 0;
	if (fd < 0)
		return -1;
	memset(buf, 0, len);
	int r = bpf_map_lookup_elem(fd, &key, buf);
	close(fd);
	return r == 0 ? (long)data_off : -1;
}

int pu_loaded_ops_has(const char *op)
{
	static unsigned char buf[8192];
	struct btf *b = kbtf();
	__u32 off, size;
	long base = loaded_ops_value(buf, sizeof(buf));
	if (base < 0 || !b)
		return -1;
	__s32 ot = btf__find_by_name_kind(b, "sched_ext_ops", BTF_KIND_STRUCT);
	if (member_at(b, ot, op, &off, &size) < 0 || size != 8)
		return -1;
	uint64_t v;
	memcpy(&v, buf + base + off, 8);
	return v != 0;
}

long pu_loaded_ops_timeout_ms(void)
{
	static unsigned char buf[8192];
	struct btf *b = kbtf();
	__u32 off, size;
	long base = loaded_ops_value(buf, sizeof(buf));
	if (base < 0 || !b)
		return -1;
	__s32 ot = btf__find_by_name_kind(b, "sched_ext_ops", BTF_KIND_STRUCT);
	if (member_at(b, ot, "timeout_ms", &off, &size) < 0 || size != 4)
		return -1;
	uint32_t v;
	memcpy(&v, buf + base + off, 4);
	return (long)v;
}

/* ---- kernel log -------------------------------------------------------------- */
int pu_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Known kernel-side issues: logged at warning level or worse, but caused
 * by the kernel's own bookkeeping, not by anything a BPF scheduler can do,
 * so a scheduler is not failed for them; they are still reported.
 *  - "psi: inconsistent task state": PSI task flags are kept by the core
 *    scheduler's enqueue/dequeue around a class switch; seen on 7.3.4
 *    in the reload probe (50 enable/disable cycles under load) with the
 *    simplest global-FIFO scheduler, in about one run in three. */
static const char *const kmsg_known[] = { "psi: inconsistent task state", NULL };
/* Warnings about the (virtual) machine's clocks, not the scheduler: under
 * TCG on a busy host the clocksource watchdog sees skew and an hrtimer
 * interrupt can take milliseconds. Not reported at all. */
static const char *const kmsg_noise[] = { "clocksource", "Marking TSC unstable", "hrtimer: interrupt took",
					  NULL };

static bool kmsg_has_any(const char *msg, const char *const *pats)
{
	for (int i = 0; pats[i]; i++)
		if (strstr(msg, pats[i]))
			return true;
	return false;
}

int pu_kmsg_read(int fd, const char *needle, struct pu_kmsg_report *r)
{
	static const char *const pats[] = { "WARNING", "BUG:", "Oops", "stall", "refcount_t", NULL };
	char rec[8192];
	memset(r, 0, sizeof(*r));
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue; /* overwritten records: go on with the next */
		if (n <= 0)
			break;
		rec[n] = '\0';
		int pri = atoi(rec);
		char *msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		if (needle && !r->match[0] && strstr(msg, needle))
			snprintf(r->match, sizeof(r->match), "%.*s", (int)sizeof(r->match) - 1, msg);
		if (kmsg_is_ops_notice(pri & 7, msg)) {
			if (!r->notices++)
				snprintf(r->notice_first, sizeof(r->notice_first), "%.*s",
					 (int)sizeof(r->notice_first) - 1, msg);
			continue;
		}
		if (!((pri & 7) <= 4 || kmsg_has_any(msg, pats)) || kmsg_has_any(msg, kmsg_noise))
			continue;
		if (kmsg_has_any(msg, kmsg_known)) {
			if (!r->known++)
				snprintf(r->known_first, sizeof(r->known_first), "%.*s",
					 (int)sizeof(r->known_first) - 1, msg);
		} else if (!r->problems++) {
			snprintf(r->first, sizeof(r->first), "%.*s", (int)sizeof(r->first) - 1, msg);
		}
	}
	close(fd);
	return r->problems;
}

void pu_kmsg_diag(json_t *diag, const struct pu_kmsg_report *r)
{
	json_object_set_new(diag, "kernel_log_problems", json_integer(r->problems));
	if (r->problems)
		json_object_set_new(diag, "kernel_log_first", json_string(r->first));
	if (r->known) {
		json_object_set_new(diag, "kernel_log_known_issues", json_integer(r->known));
		json_object_set_new(diag, "kernel_log_known_first", json_string(r->known_first));
	}
	if (r->notices) {
		json_object_set_new(diag, "kernel_notices", json_integer(r->notices));
		json_object_set_new(diag, "kernel_notice", json_string(r->notice_first));
	}
}

/* ---- BPF objects ------------------------------------------------------------- */
int pu_bpf_ids(bool progs, uint32_t *ids, int max)
{
	__u32 id = 0;
	int n = 0;
	for (;;) {
		int r = progs ? bpf_prog_get_next_id(id, &id) : bpf_map_get_next_id(id, &id);
		if (r)
			break;
		if (n < max)
			ids[n] = id;
		n++;
	}
	return n > max ? max : n;
}

int pu_bpf_new(bool progs, const uint32_t *before, int nb, const uint32_t *now, int nn,
	       char *desc, size_t len)
{
	int count = 0;
	size_t used = 0;
	desc[0] = '\0';
	for (int i = 0; i < nn; i++) {
		bool seen = false;
		for (int k = 0; k < nb && !seen; k++)
			seen = before[k] == now[i];
		if (seen)
			continue;
		count++;
		char name[64] = "?";
		unsigned type = 0;
		int fd = progs ? bpf_prog_get_fd_by_id(now[i]) : bpf_map_get_fd_by_id(now[i]);
		if (fd >= 0) {
			if (progs) {
				struct bpf_prog_info info;
				__u32 il = sizeof(info);
				memset(&info, 0, sizeof(info));
				if (bpf_prog_get_info_by_fd(fd, &info, &il) == 0) {
					snprintf(name, sizeof(name), "%s", info.name);
					type = info.type;
				}
			} else {
				struct bpf_map_info info;
				__u32 il = sizeof(info);
				memset(&info, 0, sizeof(info));
				if (bpf_map_get_info_by_fd(fd, &info, &il) == 0) {
					snprintf(name, sizeof(name), "%s", info.name);
					type = info.type;
				}
			}
			close(fd);
		}
		int w = snprintf(desc + used, len - used, "%s%u:%s(type %u)", used ? " " : "", now[i], name, type);
		if (w > 0 && (size_t)w < len - used)
			used += (size_t)w;
	}
	return count;
}
