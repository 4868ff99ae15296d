/* Reading /sys/kernel/sched_ext: the kernel's own word on whether a BPF
 * scheduler is loaded, and which. Everything the runner claims about
 * attach/detach is checked here rather than trusted from return codes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner/clock.h"
#include "runner/sched.h"
#include "runner/sysfile.h"

#define SCX_SYSFS "/sys/kernel/sched_ext"

bool scx_supported(void)
{
	return access(SCX_SYSFS "/state", R_OK) == 0;
}

int scx_state(char *buf, size_t len)
{
	return sysfile_read_line(SCX_SYSFS "/state", buf, len);
}

int scx_ops_name(char *buf, size_t len)
{
	if (sysfile_read_line(SCX_SYSFS "/root/ops", buf, len) == 0)
		return 0;
	buf[0] = '\0';
	return -1;
}

int scx_wait_state(const char *want, int timeout_ms)
{
	char st[64];
	for (int waited = 0;; waited += 10) {
		if (scx_state(st, sizeof(st)) == 0 && strcmp(st, want) == 0)
			return 0;
		if (waited >= timeout_ms)
			return -1;
		sleep_s(0.01);
	}
}

bool scx_enabled_as(const char *ops)
{
	char state[64], loaded[128];
	if (scx_state(state, sizeof(state)) < 0 || strcmp(state, "enabled") != 0)
		return false;
	scx_ops_name(loaded, sizeof(loaded));
	return !ops[0] || strcmp(loaded, ops) == 0;
}

long long scx_read_ll(const char *file)
{
	char path[256], buf[64];
	snprintf(path, sizeof(path), SCX_SYSFS "/%s", file);
	if (sysfile_read_line(path, buf, sizeof(buf)) < 0)
		return -1;
	return strtoll(buf, NULL, 10);
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

const char *sched_kind_name(enum sched_kind k)
{
	switch (k) {
	case SCHED_EEVDF: return "eevdf";
	case SCHED_BUNDLED: return "bundled";
	case SCHED_OBJ: return "obj";
	case SCHED_CMD: return "cmd";
	case SCHED_IMAGE: return "image";
	}
	return "unknown";
}

const char *sched_object_name(const struct sched_spec *spec)
{
	return spec->object[0] ? spec->object : spec->name;
}
