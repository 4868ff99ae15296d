// SPDX-License-Identifier: GPL-2.0-only
/* See clock.h. */
#include <errno.h>

#include "runner/clock.h"

void sleep_s(double s)
{
	if (s <= 0)
		return;
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
