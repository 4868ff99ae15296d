/* SPDX-License-Identifier: GPL-2.0-only */
/* /sys/kernel/sched_ext: the kernel's own word on whether a BPF scheduler
 * is loaded, and which. Everything scxbench claims about attach and detach
 * is checked here rather than trusted from return codes; no other file
 * reads that directory. Part of the scheduler API (runner/sched.h). */
#ifndef SCXB_SCX_SYSFS_H
#define SCXB_SCX_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

int scx_state(char *buf, size_t len);          /* "enabled", "disabled", ... */
int scx_ops_name(char *buf, size_t len);       /* root/ops, or "" */
long long scx_read_ll(const char *file);       /* /sys/kernel/sched_ext/FILE, -1 if absent */
bool scx_supported(void);                      /* /sys/kernel/sched_ext exists */
/* Poll state until it reads want or timeout_ms pass; 0 on success. */
int scx_wait_state(const char *want, int timeout_ms);
/* State is "enabled" and root/ops names ops ("" = any scheduler). */
bool scx_enabled_as(const char *ops);
/* root/events, {"SCX_EV_...": count}; NULL where the kernel has none.
 * New reference. */
json_t *scx_events_json(void);

#endif
