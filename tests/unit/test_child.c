// SPDX-License-Identifier: GPL-2.0-only
/* runner/child.c: an item runs in a child process; the parent's wait loop
 * calls the tick hook when asked (the tracer's sampling windows depend on
 * it), keeps the watch hook and the time bound, and returns the item's JSON. */
#include "runner/child.h"
#include "runner/clock.h"
#include "tests/unit/tap.h"

#include <jansson.h>
#include <time.h>
#include <unistd.h>

static json_t *nap_fn(void *arg)
{
	usleep((useconds_t)(*(double *)arg * 1e6));
	return json_pack("{s:s}", "item", "done");
}

struct ticks {
	int calls;
	double first, step, late_max; /* first call time; asked interval; worst lateness */
	double due;
};

static double count_tick(void *arg)
{
	struct ticks *t = arg;
	double now = mono_s();
	if (t->calls++ == 0)
		t->first = now;
	else if (now - t->due > t->late_max)
		t->late_max = now - t->due;
	t->due = t->step > 0 ? now + t->step : 0;
	return t->due;
}

static void test_tick(void)
{
	double nap = 0.5;
	struct child_result res;
	struct ticks t = { .step = 0.03 };
	child_set_tick(count_tick, &t);
	double t0 = mono_s();
	child_run(nap_fn, &nap, NULL, 10, &res);
	child_set_tick(NULL, NULL);
	ok(res.status == CHILD_OK && res.out && json_object_get(res.out, "item"), "item ran and returned its JSON");
	json_decref(res.out);
	ok(t.calls > 0 && t.first - t0 < 0.1, "tick called at the start (%.3f s after the call)", t.first - t0);
	/* ~0.5 s / 30 ms: ~16 calls; the poll loop's 100 ms alone would give 5 */
	ok(t.calls >= 10 && t.calls <= 25, "tick called when it asked, not every 100 ms (%d calls in %.2f s)", t.calls,
	   res.elapsed_s);
	ok(t.late_max < 0.05, "tick never late by more than 50 ms (worst %.1f ms)", t.late_max * 1e3);

	struct ticks once = { .step = 0 };
	child_set_tick(count_tick, &once);
	nap = 0.3;
	child_run(nap_fn, &nap, NULL, 10, &res);
	child_set_tick(NULL, NULL);
	json_decref(res.out);
	ok(once.calls == 1, "a tick that asks for nothing is called once (%d)", once.calls);
}

static void test_bound(void)
{
	double nap = 5;
	struct child_result res;
	double t0 = mono_s();
	child_run(nap_fn, &nap, NULL, 0.3, &res);
	double took = mono_s() - t0;
	ok(res.status == CHILD_TIMEOUT && !res.out, "a hung item is stopped at its bound (status %d)", res.status);
	ok(took < 2, "and within the bound's poll interval (%.2f s)", took);
}

int main(void)
{
	test_tick();
	test_bound();
	return done_testing();
}
