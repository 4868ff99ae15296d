/* SPDX-License-Identifier: GPL-2.0-only */
/* Diagnostics on stderr: progress and warnings never mix with the TAP
 * stream on stdout. */
#ifndef SCXB_LOG_H
#define SCXB_LOG_H

#include <stdbool.h>

void log_set_verbose(bool v);
bool log_verbose(void);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* one-line error: "scxbench: error: ..." */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
