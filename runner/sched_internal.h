/* Private state of an attached scheduler, shared by the BPF-object and the
 * external-program implementations of runner/sched.h. */
#ifndef SCXB_SCHED_INTERNAL_H
#define SCXB_SCHED_INTERNAL_H

#include <sys/types.h>
#include <bpf/libbpf.h>
#include "runner/sched.h"

struct sched_handle {
	struct sched_spec spec;
	char ops_name[128];
	char hash[80];          /* "sha256:<hex>" of the object or program */
	/* BPF objects */
	struct bpf_object *obj;
	struct bpf_link *link;
	struct bpf_map *ops_map;
	json_t *verifier;       /* {"prog": verified insns} */
	json_t *tunables;       /* {"key": value} as applied */
	char desc[256];
	bool honours_weights;
	void *hook_state;
	const struct sched_hook *hook;
	/* external programs (--sched-cmd) */
	pid_t pid;
	int out_fd;             /* file holding the program's stdout+stderr */
	char out_path[256];
	bool exited_early;
	int wait_status;
	struct sched_handle *next; /* list of attached handles, for emergency detach */
	/* the kernel log from just before this load (runner/kmsg.h) */
	long long kmsg_seq0;
	json_t *notices;        /* ["kernel record", ...] about its ops while loading */
};

/* Per-scheduler hooks: a scheduler needing more than tunables (layered's
 * config file) consumes its own option keys and fills maps after load. */
struct sched_hook {
	const char *sched;     /* scheduler (row) name */
	const char *opt_keys;  /* space-separated option keys the hook handles */
	int (*after_open)(struct bpf_object *obj, const struct sched_spec *spec,
			  void **state, char *err, size_t errlen);
	int (*after_load)(struct bpf_object *obj, const struct sched_spec *spec,
			  void *state, char *err, size_t errlen);
	void (*free_state)(void *state);
	json_t *(*info)(void *state); /* extra provenance (e.g. the config) */
};

#define SCHED_HOOK_REGISTER(h)                                                \
	static const struct sched_hook *const scxb_hook_ptr_##h               \
		__attribute__((used, section("scxb_sched_hooks"))) = &(h)

const struct sched_hook *sched_hook_find(const char *sched);

void sched_list_add(struct sched_handle *h);
void sched_list_remove(struct sched_handle *h);
/* poll sysfs until state == want or timeout; 0 on success */
int scx_wait_state(const char *want, int timeout_ms);

/* runner/sched_exit.c: exit info and notices from the kernel log */
/* Fill ex from the kernel's record of this scheduler's exit; false when
 * there is none (still running). Waits up to wait_ms for a record that
 * lags behind sysfs's "disabled". */
bool sched_kernel_exit(struct sched_handle *h, struct sched_exit *ex, int wait_ms);
/* Record the kernel's notices about the ops logged since kmsg_seq0. */
void sched_notices_collect(struct sched_handle *h);

/* external program implementation (runner/sched_cmd.c) */
int sched_cmd_attach(const struct sched_spec *spec, struct sched_handle *h,
		     char *err, size_t errlen);
int sched_cmd_detach(struct sched_handle *h, struct sched_exit *exit,
		     char *err, size_t errlen);
void sched_cmd_peek_exit(struct sched_handle *h, struct sched_exit *exit);
json_t *sched_cmd_info(struct sched_handle *h);

#endif
