// SPDX-License-Identifier: GPL-2.0-only
/* See log.h. */
#include <stdarg.h>
#include <stdio.h>
#include "runner/log.h"

static bool verbose;

void log_set_verbose(bool v) { verbose = v; }
bool log_verbose(void) { return verbose; }

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "scxbench: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error: ", fmt, ap);
	va_end(ap);
}
