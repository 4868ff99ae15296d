/* fallback: when a BPF scheduler fails, the kernel must fall back.
 *
 * With CPU hogs running, load conformance/bpf/fallback_err, arm it, and
 * let it call scx_bpf_error(). Pass when: the exit kind is ERROR_BPF with
 * the scheduler's own message, sysfs returns to "disabled", the hogs are
 * no longer on sched_ext, keep making progress and finish their work.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conformance/hogs.h"
#include "conformance/probe.h"
#include "runner/sched_internal.h"

#define FALLBACK_ERROR_AFTER "200"
#define FALLBACK_DISABLE_TIMEOUT_MS 30000

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum probe_status fallback_run(struct probe_ctx *c)
{
	struct sched_spec spec = { .kind = SCHED_CONFORMANCE, .nr_opts = 1 };
	struct sched_handle *h = NULL;
	struct hogs hogs;
	char err[2048];
	enum probe_status ret = PROBE_PASS;
	int nhogs = c->nr_cpus * 2;
	double work = c->duration_s > 3 ? c->duration_s : 3;

	snprintf(spec.name, sizeof(spec.name), "fallback_err");
	snprintf(spec.opts[0].key, sizeof(spec.opts[0].key), "error_after");
	snprintf(spec.opts[0].value, sizeof(spec.opts[0].value), FALLBACK_ERROR_AFTER);

	if (hogs_start_ex(&hogs, nhogs, work, NULL, true) < 0) {
		hogs_stop(&hogs);
		return probe_fail(c, "could not start hog processes");
	}
	if (sched_attach(&spec, &h, err, sizeof(err)) < 0) {
		hogs_stop(&hogs);
		return probe_fail(c, "could not load fallback_err: %s", err);
	}
	json_object_set_new(c->diag, "hogs", json_integer(nhogs));
	int on_ext_before = task_on_ext(hogs.pids[0]);
	if (on_ext_before >= 0)
		json_object_set_new(c->diag, "hog_on_ext_before", json_boolean(on_ext_before));

	double t0 = mono();
	sched_set_var(h, "armed", 1);
	int waited = scx_wait_state("disabled", FALLBACK_DISABLE_TIMEOUT_MS);
	double eject_s = mono() - t0;
	json_object_set_new(c->diag, "eject_s", json_real(eject_s));

	struct sched_exit ex;
	sched_peek_exit(h, &ex);
	uint64_t prog_at_eject = hogs_progress(&hogs);
	/* detach releases our link; the scheduler is already gone */
	sched_detach(h, NULL, err, sizeof(err));

	if (waited < 0) {
		hogs_stop(&hogs);
		return probe_fail(c, "scheduler still loaded %d s after arming the error",
				  FALLBACK_DISABLE_TIMEOUT_MS / 1000);
	}
	json_object_set_new(c->diag, "exit_kind", json_string(ex.valid ? sched_exit_kind_name(ex.kind) : "none"));
	json_object_set_new(c->diag, "exit_msg", json_string(ex.valid ? ex.msg : ""));
	if (!ex.valid)
		ret = probe_fail(c, "no exit info recorded by the scheduler");
	else if (ex.kind != SCXB_EXIT_ERROR_BPF)
		ret = probe_fail(c, "exit kind %s, expected ERROR_BPF", sched_exit_kind_name(ex.kind));
	else if (!strstr(ex.msg, "fallback_err: injected error after " FALLBACK_ERROR_AFTER " enqueues"))
		ret = probe_fail(c, "exit message '%s' is not the scheduler's own", ex.msg);

	int on_ext_after = task_on_ext(hogs.pids[0]);
	if (on_ext_after >= 0) {
		json_object_set_new(c->diag, "hog_on_ext_after", json_boolean(on_ext_after));
		if (on_ext_after && ret == PROBE_PASS)
			ret = probe_fail(c, "a hog is still on sched_ext after the fallback");
	}
	/* the hogs must keep running under the fair class and finish */
	bool finished = hogs_wait(&hogs, work * nhogs / (c->nr_cpus > 0 ? c->nr_cpus : 1) * 4 + 30);
	json_object_set_new(c->diag, "progress_after_eject",
			    json_integer((json_int_t)(hogs_progress(&hogs) - prog_at_eject)));
	json_object_set_new(c->diag, "hogs_finished", json_integer(hogs.exited - hogs.failed));
	if (!finished && ret == PROBE_PASS)
		ret = probe_fail(c, "only %d of %d hogs finished their work after the fallback",
				 hogs.exited - hogs.failed, nhogs);
	hogs_stop(&hogs);
	return ret;
}

static const struct probe fallback_probe = {
	.name = "fallback",
	.desc = "a scheduler error (scx_bpf_error) ejects it: ERROR_BPF + its message, tasks back on fair, work finishes",
	.order = 40,
	.flags = PROBE_KERNEL,
	.run = fallback_run,
};
PROBE_REGISTER(fallback_probe);
