/* SPDX-License-Identifier: GPL-2.0-only */
/* Minimal TAP producer for host unit tests (run by prove --exec '').
 * Each check prints one test point; done_testing() prints the plan and
 * returns the exit status prove expects. */
#ifndef SCXB_TEST_TAP_H
#define SCXB_TEST_TAP_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *desc, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, desc);
	if (!cond) {
		tap_failed++;
		printf("# failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...)                                                         \
	({                                                                    \
		char _d[512];                                                 \
		snprintf(_d, sizeof(_d), __VA_ARGS__);                        \
		tap_ok(!!(cond), _d, __FILE__, __LINE__);                     \
	})
#define is_int(got, want, ...)                                                \
	({                                                                    \
		long long _g = (got), _w = (want);                            \
		int _r = ok(_g == _w, __VA_ARGS__);                           \
		if (!_r)                                                      \
			printf("#   got %lld, want %lld\n", _g, _w);          \
		_r;                                                           \
	})
#define is_str(got, want, ...)                                                \
	({                                                                    \
		const char *_g = (got), *_w = (want);                         \
		int _r = ok(_g && _w && strcmp(_g, _w) == 0, __VA_ARGS__);    \
		if (!_r)                                                      \
			printf("#   got '%s', want '%s'\n", _g ? _g : "(null)", \
			       _w ? _w : "(null)");                           \
		_r;                                                           \
	})
#define is_near(got, want, tol, ...)                                          \
	({                                                                    \
		double _g = (got), _w = (want);                               \
		int _r = ok(fabs(_g - _w) <= (tol), __VA_ARGS__);             \
		if (!_r)                                                      \
			printf("#   got %.9g, want %.9g (tol %g)\n", _g, _w,  \
			       (double)(tol));                                \
		_r;                                                           \
	})

static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
