/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading and writing the kernel's one-value files (sysfs, cgroupfs,
 * procfs): "write this string", "give me the first line".
 *
 * Why: these files are not regular files. A write is one write(2) of the
 * whole value (the kernel parses it as one) and its errno is the kernel's
 * answer, so it must survive the close; a read wants the first line
 * without its newline.
 */
#ifndef SCXB_SYSFILE_H
#define SCXB_SYSFILE_H

#include <stddef.h>

/* Write s to path in one write; 0, or -1 with the write's errno. */
int sysfile_write(const char *path, const char *s);
/* The first line of path, newline removed; 0, or -1 with buf "". */
int sysfile_read_line(const char *path, char *buf, size_t len);

#endif
