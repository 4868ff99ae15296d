/* SPDX-License-Identifier: GPL-2.0-only */
/* libbpf's messages: kept for error reports, shown with --verbose.
 *
 * Why: when a load fails, libbpf's errno says little ("Permission
 * denied"); the verifier's last lines say why. libbpf prints them through
 * one global callback, so one module owns it and keeps the newest text. */
#ifndef SCXB_LIBBPF_LOG_H
#define SCXB_LIBBPF_LOG_H

#include <stddef.h>

/* Start capturing afresh (installs the print callback). */
void libbpf_log_reset(void);
/* The last max_lines meaningful lines captured since the reset (the
 * verifier log's tail), joined with " | " so an error stays one line. */
void libbpf_log_tail(char *out, size_t len, int max_lines);
/* libbpf's own error codes (LIBBPF_ERRNO__*, 4000 and up) as well as
 * errno values, as text (strerror prints "Unknown error 4001"). */
const char *libbpf_log_errstr(int e, char *buf, size_t len);

#endif
