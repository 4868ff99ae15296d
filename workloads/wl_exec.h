/* SPDX-License-Identifier: GPL-2.0-only */
/* Running external programs for the adapters (stress-ng, cyclictest, cmd).
 *
 * Why: an adapter must find its tool (or skip with the reason), run it in a
 * process group of its own with its output captured, never wait past its
 * time bound (SIGTERM, then SIGKILL, to the whole group), and get the
 * children's resource usage. Waiting uses a pidfd, so the exit is seen at
 * once (wall times stay exact) while a callback can sample the running job.
 */
#ifndef SCXB_WL_EXEC_H
#define SCXB_WL_EXEC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* Look prog up in PATH; 0 and the full path, or -1. */
int wl_which(const char *prog, char *path, size_t len);

/* fork + exec argv (argv[0] looked up in PATH) in a new process group,
 * stdin from /dev/null, stdout and stderr appended to out_path (NULL:
 * /dev/null), in directory cwd (NULL: unchanged). Returns the pid or -1
 * with err filled. */
pid_t wl_spawn(char *const argv[], const char *cwd, const char *out_path, char *err,
	       size_t errlen);

struct wl_wait {
	int status;          /* waitpid status */
	struct rusage ru;    /* the child and its reaped descendants */
	int timed_out;       /* killed at the deadline */
	uint64_t end_ns;     /* when the exit was seen */
};

/* Wait for pid until deadline_ns; on expiry SIGTERM its process group,
 * SIGKILL after grace_ns. tick(arg) runs about every tick_ns while waiting
 * (tick may be NULL). Returns 0 when reaped (w filled), -1 on error. */
int wl_wait_bounded(pid_t pid, uint64_t deadline_ns, uint64_t grace_ns, uint64_t tick_ns,
		    void (*tick)(void *), void *arg, struct wl_wait *w);

/* Describe a wait status ("exit 3", "signal 9"). */
void wl_status_str(int status, char *buf, size_t len);

/* Read a whole file (at most max bytes) into a NUL-terminated malloc'd
 * buffer; NULL with err filled. */
char *wl_read_text(const char *path, size_t max, char *err, size_t errlen);

/* The last two non-empty lines of a file, joined by " | " (for error
 * messages); "" if none. */
void wl_file_last_line(const char *path, char *buf, size_t len);

/* mkdtemp under $TMPDIR or /tmp; remove it again with wl_rm_rf. */
int wl_mktempdir(const char *prefix, char *buf, size_t len);
void wl_rm_rf(const char *dir);

#endif
