// SPDX-License-Identifier: GPL-2.0-only
/* One results document from the VM runs of a `run --vm` matrix.
 *
 * Why rows are tagged rather than renamed: a scheduler is the same
 * scheduler on every kernel and topology; keeping its name and adding
 * "kernel" and "topology" fields lets reports group by any of the three
 * and keeps the document valid for readers that ignore the new fields
 * (additionalProperties is open in schema v1). The runs themselves, with
 * each one's own provenance (cores, threads, nodes as the guest saw them),
 * are listed in provenance.runs.
 *
 * Each run is read through the reports' reader, so a run that was cut
 * short (only results.jsonl, no footer) still contributes what it
 * completed. A run that left nothing at all becomes a failed "vm" probe of
 * its kernel and topology: a VM that did not boot is a conformance
 * failure the reports show, not a silent gap. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/merge.h"
#include "reports/results_reader.h"
#include "runner/provenance.h"
#include "runner/vm_internal.h"

void vm_tag_rows(json_t *doc, const char *kernel, const char *topology)
{
	static const char *const arrays[] = { "schedulers", "results", "probes" };
	for (size_t a = 0; a < sizeof(arrays) / sizeof(arrays[0]); a++) {
		json_t *arr = json_object_get(doc, arrays[a]);
		size_t i;
		json_t *row;
		json_array_foreach(arr, i, row) {
			json_object_set_new(row, "kernel", json_string(kernel));
			json_object_set_new(row, "topology", json_string(topology));
		}
	}
}

/* Appends s to a JSON array of strings unless it is there already. */
static void add_unique(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		if (!strcmp(json_string_value(v), s))
			return;
	json_array_append_new(arr, json_string(s));
}

static const char *run_status(const struct vm_run *r, const struct run_results *rr)
{
	if (r->term_signal)
		return "interrupted";
	if (r->exit_status == 124)
		return "timeout";
	if (!rr)
		return "no-results";
	if (!rr->complete)
		return "incomplete";
	return r->exit_status == 0 ? "ok" : r->exit_status == 1 ? "not-ok" : "error";
}

/* Why a run counts as a failed "vm" probe, or NULL if it does not. */
static const char *vm_failure(const struct vm_plan *p, const struct vm_run *r,
			      const struct run_results *rr, char *buf, size_t len)
{
	if (r->term_signal) {
		snprintf(buf, len, "interrupted by signal %d", r->term_signal);
	} else if (r->exit_status == 124) {
		snprintf(buf, len, "VM killed at its %d s time limit (ci/vm --timeout; SCXBENCH_VM_TIMEOUT sets it)",
			 p->timeout_s);
	} else if (!rr) {
		snprintf(buf, len, "no results: ci/vm exit status %d (the VM did not start, or scxbench stopped before its first result; see stderr)",
			 r->exit_status);
	} else if (!rr->complete) {
		snprintf(buf, len, "run incomplete (no footer in results.jsonl): ci/vm exit status %d",
			 r->exit_status);
	} else {
		return NULL;
	}
	return buf;
}

json_t *vm_merge(const struct vm_plan *p, const struct run_opts *o, char *err, size_t errlen)
{
	json_t *scheds = json_array(), *results = json_array(), *probes = json_array();
	json_t *runs = json_array(), *kernels = json_array(), *topos = json_array();
	json_t *accels = json_array();
	json_t *prov = NULL, *tool = NULL, *topo_one = NULL;
	char started[64] = "", finished[64] = "";
	int cpus = 1, loaded = 0;

	for (int i = 0; i < p->n; i++) {
		const struct vm_run *r = &p->runs[i];
		char e[1024], why[512];
		struct run_results *rr = rr_load(r->dir, e, sizeof(e));
		const char *kernel = r->klabel;
		json_t *run = json_pack("{s:s, s:s, s:s, s:i, s:f}", "kernel_arg",
					r->kernel ? r->kernel : "(default)", "topology", r->tlabel, "dir",
					p->n > 1 ? r->name : ".", "exit_status", r->exit_status, "elapsed_s",
					r->elapsed_s);
		if (rr) {
			const json_t *rp = rr->provenance;
			if (*rr->kernel)
				kernel = rr->kernel;
			vm_tag_rows(rr->doc, kernel, r->tlabel);
			json_array_extend(scheds, json_object_get(rr->doc, "schedulers"));
			json_array_extend(results, json_object_get(rr->doc, "results"));
			json_array_extend(probes, json_object_get(rr->doc, "probes"));
			if (!prov) {
				prov = json_deep_copy(rp);
				tool = json_deep_copy(json_object_get(rr->doc, "tool"));
				topo_one = json_object_get(prov, "topology");
			}
			if (rr->cpus > cpus)
				cpus = rr->cpus;
			if (*rr->started && (!started[0] || strcmp(rr->started, started) < 0))
				snprintf(started, sizeof(started), "%s", rr->started);
			if (*rr->finished && strcmp(rr->finished, finished) > 0)
				snprintf(finished, sizeof(finished), "%s", rr->finished);
			add_unique(accels, rr->vm_accel ? rr->vm_accel : "none");
			json_object_set(run, "provenance", (json_t *)rp);
			loaded++;
		} else {
			json_object_set_new(run, "error", json_string(e));
		}
		json_object_set_new(run, "kernel", json_string(kernel));
		/* ci/vm keeps the guest kernel's warnings and panics there */
		char con[PATH_MAX + 16];
		snprintf(con, sizeof(con), "%s/console.log", r->dir);
		if (access(con, R_OK) == 0)
			json_object_set_new(run, "console_log",
					    json_string(p->n > 1 ? con + strlen(p->out_abs) + 1 : "console.log"));
		json_object_set_new(run, "status", json_string(run_status(r, rr)));
		add_unique(kernels, kernel);
		add_unique(topos, r->tlabel);
		if (vm_failure(p, r, rr, why, sizeof(why)))
			json_array_append_new(probes, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "scheduler",
								"kernel", "probe", "vm", "status", "fail",
								"reason", why, "kernel", kernel, "topology",
								r->tlabel));
		json_array_append_new(runs, run);
		rr_free(rr);
	}

	char now[64];
	iso_time_now(now, sizeof(now));
	if (!prov) {
		/* no run left results: still a valid document saying so */
		prov = json_object();
		tool = provenance_tool();
		json_object_set_new(prov, "topology", json_object());
	}
	char *ks = merge_join(kernels), *ts = merge_join(topos), *as = merge_join(accels);
	json_object_set_new(prov, "kernel", json_string(ks));
	json_object_set_new(prov, "cpus", json_integer(cpus));
	json_object_set_new(prov, "started", json_string(started[0] ? started : now));
	json_object_set_new(prov, "finished", json_string(finished[0] ? finished : now));
	if (loaded != 1 || p->n != 1) {
		/* several topologies: the per-run ones are in runs[].provenance */
		json_t *t = json_pack("{s:s}", "preset", ts);
		const json_t *model = topo_one ? json_object_get(topo_one, "model") : NULL;
		if (model)
			json_object_set(t, "model", (json_t *)model);
		json_object_set_new(prov, "topology", t);
	}
	json_object_set_new(prov, "vm", json_pack("{s:b, s:s}", "used", 1, "accel", loaded ? as : "none"));
	char host[256] = "";
	gethostname(host, sizeof(host) - 1);
	json_object_set_new(prov, "host", json_string(host));
	json_t *argv = json_array();
	json_array_append_new(argv, json_string("scxbench"));
	for (int i = 0; i < o->argc; i++)
		json_array_append_new(argv, json_string(o->argv[i]));
	json_object_set_new(prov, "argv", argv);
	json_object_set_new(prov, "matrix", json_pack("{s:o, s:o}", "kernels", kernels, "topologies", topos));
	/* each boot's cell of a shard is in runs[].provenance; the whole is the shard */
	json_t *params = json_object_get(prov, "params");
	if (o->shard.count && json_is_object(params))
		json_object_set_new(params, "shard", json_pack("{s:i, s:i}", "index", o->shard.index, "count",
							      o->shard.count));
	json_object_set_new(prov, "runs", runs);
	free(ks);
	free(ts);
	free(as);
	json_decref(accels);

	json_t *doc = json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}", "schema_version", 1, "tool", tool,
				"provenance", prov, "schedulers", scheds, "results", results, "probes",
				probes);
	if (!doc)
		snprintf(err, errlen, "cannot build the merged results document");
	return doc;
}
