/* SPDX-License-Identifier: GPL-2.0-only */
/* Output files that land atomically: the one way scxbench writes
 * results.json and every report file.
 *
 * Why: a results or report file must never be seen half-written (CI steps
 * pick up files as soon as they exist, and an interrupted run must leave
 * the previous file whole), so the text goes to PATH.tmp.PID in the same
 * directory, is fsynced and renamed over PATH. The PID in the name lets a
 * later run tell a dead writer's leftover from a live one's
 * (runner/stale.c).
 */
#ifndef SCXB_ATOMIC_FILE_H
#define SCXB_ATOMIC_FILE_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

/* path NULL or "-" means stdout; an existing non-regular file (device,
 * FIFO) is written in place, never replaced; a symlink is followed. */
struct aout {
	FILE *f;
	int is_stdout;    /* written in place (stdout or a non-regular file) */
	char path[PATH_MAX];
	char tmp[PATH_MAX + 32];
};
/* Returns 0 or -1 with err ("PATH: reason"). */
int aout_open(struct aout *o, const char *path, char *err, size_t errlen);
/* ok != 0: flush, fsync, rename into place; ok == 0: discard. Returns 0 or
 * -1 with err. */
int aout_close(struct aout *o, int ok, char *err, size_t errlen);

/* The whole of data to path, through aout_open/aout_close. */
int write_file_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen);

#endif
