// SPDX-License-Identifier: GPL-2.0-only
/* See libbpf_log.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "runner/libbpf_log.h"
#include "runner/log.h"

static char libbpf_tail[16384];
static size_t libbpf_tail_len;

static int libbpf_print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[4096];
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (level != LIBBPF_DEBUG) {
		/* keep the newest text: slide the buffer when full */
		if (libbpf_tail_len + (size_t)n >= sizeof(libbpf_tail)) {
			size_t drop = libbpf_tail_len + (size_t)n - sizeof(libbpf_tail) + 1;
			if (drop > libbpf_tail_len)
				drop = libbpf_tail_len;
			memmove(libbpf_tail, libbpf_tail + drop, libbpf_tail_len - drop);
			libbpf_tail_len -= drop;
		}
		memcpy(libbpf_tail + libbpf_tail_len, line, (size_t)n);
		libbpf_tail_len += (size_t)n;
		libbpf_tail[libbpf_tail_len] = '\0';
	}
	if (log_verbose() && level != LIBBPF_DEBUG)
		fputs(line, stderr);
	return 0;
}

void libbpf_log_reset(void)
{
	libbpf_tail_len = 0;
	libbpf_tail[0] = '\0';
	libbpf_set_print(libbpf_print_fn);
}

void libbpf_log_tail(char *out, size_t len, int max_lines)
{
	const char *lines[64];
	int n = 0;
	char *copy = strdup(libbpf_tail);
	out[0] = '\0';
	if (!copy)
		return;
	for (char *s = strtok(copy, "\n"); s; s = strtok(NULL, "\n")) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || strstr(s, "-- BEGIN PROG LOAD LOG --") || strstr(s, "-- END PROG LOAD LOG --"))
			continue;
		if (n == 64) {
			memmove(lines, lines + 1, sizeof(lines[0]) * 63);
			n--;
		}
		lines[n++] = s;
	}
	size_t used = 0;
	for (int i = n > max_lines ? n - max_lines : 0; i < n; i++) {
		int w = snprintf(out + used, len - used, "%s%s", used ? " | " : "", lines[i]);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
	free(copy);
}

const char *libbpf_log_errstr(int e, char *buf, size_t len)
{
	if (libbpf_strerror(e, buf, len) < 0)
		snprintf(buf, len, "%s", strerror(e));
	return buf;
}
