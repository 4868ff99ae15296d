// SPDX-License-Identifier: GPL-2.0-only
/* TAP regenerated from stored results (see report_tap.h for why).
 *
 * In a merged `run --vm` matrix with several (kernel, topology) groups the
 * same scheduler/workload occurs once per group: test point names then end
 * in " @ KERNEL/TOPOLOGY" and the diagnostics carry kernel and topology,
 * so every point is unique and a failure says where it happened. */
#include "reports/report_tap.h"

#include <stdlib.h>
#include <string.h>

#include "reports/report_util.h"

static void diag_flat(FILE *f, const json_t *o)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		if (json_is_string(v))
			rep_yaml_kv(f, k, json_string_value(v));
		else if (json_is_integer(v))
			fprintf(f, "  %s: %lld\n", k, (long long)json_integer_value(v));
		else if (json_is_real(v))
			rep_yaml_kv_num(f, k, json_real_value(v));
		else if (json_is_boolean(v))
			fprintf(f, "  %s: %s\n", k, json_is_true(v) ? "true" : "false");
		else if (json_is_null(v))
			fprintf(f, "  %s: ~\n", k);
		else {
			/* nested values are not flat scalars: print them compact, quoted */
			char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			rep_yaml_kv(f, k, s ? s : "?");
			free(s);
		}
	}
}

static void group_kv(FILE *f, int grouped, const char *kernel, const char *topology)
{
	if (!grouped)
		return;
	rep_yaml_kv(f, "kernel", kernel);
	rep_yaml_kv(f, "topology", topology);
}

size_t report_tap(FILE *f, const struct run_results *r)
{
	int grouped = rr_grouped(r);
	char at[300];
	size_t n = 0, bad = 0, total = r->nresults + r->nprobes;
	for (size_t i = 0; i < r->nscheds; i++)
		total += !strcmp(r->scheds[i].status, "fail");
	fprintf(f, "TAP version 13\n1..%zu\n", total);
	fprintf(f, "# scxbench results %s: kernel %s, %d CPUs, started %s\n", r->path, r->kernel, r->cpus,
		r->started);
	if (r->warning[0])
		fprintf(f, "# warning: %s\n", r->warning);
	for (size_t i = 0; i < r->nscheds; i++) {
		const struct rr_sched *s = &r->scheds[i];
		if (strcmp(s->status, "fail"))
			continue;
		bad++;
		fprintf(f, "not ok %zu - scheduler %s attaches%s\n  ---\n", ++n, s->name,
			rep_at_group(at, sizeof(at), grouped, s->kernel, s->topology));
		group_kv(f, grouped, s->kernel, s->topology);
		rep_yaml_kv(f, "kind", s->kind);
		rep_yaml_kv(f, "error", s->error);
		fprintf(f, "  ...\n");
	}
	for (size_t i = 0; i < r->nresults; i++) {
		const struct rr_result *res = &r->results[i];
		int ok = !strcmp(res->status, "ok"), skip = !strcmp(res->status, "skip");
		if (!ok && !skip)
			bad++;
		fprintf(f, "%sok %zu - %s/%s%s", ok || skip ? "" : "not ", ++n, res->scheduler, res->workload,
			rep_at_group(at, sizeof(at), grouped, res->kernel, res->topology));
		if (skip)
			fprintf(f, " # SKIP %s", *res->reason ? res->reason : "skipped");
		fprintf(f, "\n  ---\n");
		group_kv(f, grouped, res->kernel, res->topology);
		rep_yaml_kv(f, "status", res->status);
		if (*res->reason)
			rep_yaml_kv(f, "reason", res->reason);
		fprintf(f, "  repeats: %zu\n", json_array_size(res->repeats));
		for (size_t k = 0; k < res->nmetrics; k++) {
			const struct rr_metric *m = &res->metrics[k];
			rep_yaml_kv_num(f, m->name, m->s.median);
			if (m->s.noisy) {
				char key[300];
				rep_snprintf(key, sizeof(key), "%s_cv", m->name);
				rep_yaml_kv_num(f, key, m->s.cv);
			}
		}
		fprintf(f, "  ...\n");
	}
	for (size_t i = 0; i < r->nprobes; i++) {
		const struct rr_probe *p = &r->probes[i];
		int fail = !strcmp(p->status, "fail"), skip = !strcmp(p->status, "skip");
		bad += fail;
		fprintf(f, "%sok %zu - probe %s/%s%s", fail ? "not " : "", ++n, p->scheduler, p->probe,
			rep_at_group(at, sizeof(at), grouped, p->kernel, p->topology));
		if (skip)
			fprintf(f, " # SKIP %s", *p->reason ? p->reason : "skipped");
		fprintf(f, "\n  ---\n");
		group_kv(f, grouped, p->kernel, p->topology);
		rep_yaml_kv(f, "status", p->status);
		if (*p->reason)
			rep_yaml_kv(f, "reason", p->reason);
		if (p->diag)
			diag_flat(f, p->diag);
		fprintf(f, "  ...\n");
	}
	return bad;
}
