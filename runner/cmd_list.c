// SPDX-License-Identifier: GPL-2.0-only
/* `scxbench list`: one model of what is bundled, printed as text or JSON. */
#include "runner/cmd_list.h"

#include <stdlib.h>
#include <string.h>

#include "conformance/probe.h"
#include "runner/cli.h"
#include "runner/embedded.h"
#include "runner/log.h"
#include "runner/sched.h"
#include "workloads/workload.h"

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(o, key, json_string(v));
}

static json_t *scheduler_entry(const struct embedded_obj *e)
{
	struct sched_spec s = { .kind = SCHED_BUNDLED };
	char desc[600], purpose[600] = "", err[512];
	json_t *tun = NULL;
	json_t *j = json_pack("{s:s, s:s}", "name", e->name, "kind", "bundled");
	snprintf(s.name, sizeof(s.name), "%s", e->name);
	if (sched_describe(&s, desc, sizeof(desc), purpose, sizeof(purpose), &tun, err, sizeof(err)) < 0) {
		json_object_set_new(j, "error", json_string(err));
		return j;
	}
	json_object_set_new(j, "description", json_string(desc));
	set_str(j, "purpose", purpose);
	json_object_set_new(j, "tunables", tun ? tun : json_object());
	return j;
}

/* Space-separated names into a JSON array of strings. */
static json_t *word_array(const char *words)
{
	json_t *a = json_array();
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", words ? words : "");
	for (char *save = NULL, *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		json_array_append_new(a, json_string(w));
	return a;
}

json_t *list_model(void)
{
	json_t *scheds = json_array();
	json_array_append_new(scheds, json_pack("{s:s, s:s, s:s, s:{}}", "name", "eevdf", "kind", "baseline",
						"description",
						"the kernel's fair scheduler, nothing loaded (baseline)",
						"tunables"));
	/* canonical order first, then any others in build order */
	for (int rank = 0; rank <= cli_bundled_rank(""); rank++)
		for (unsigned long i = 0; i < scxb_embedded_count; i++)
			if (scxb_embedded[i].kind == EMBED_SCHEDULER &&
			    cli_bundled_rank(scxb_embedded[i].name) == rank)
				json_array_append_new(scheds, scheduler_entry(&scxb_embedded[i]));

	json_t *wls = json_array();
	for (size_t i = 0; i < workload_count(); i++) {
		const struct workload *w = workload_at(i);
		json_t *j = json_pack("{s:s, s:s, s:o}", "name", w->name, "description", w->desc, "metrics",
				      word_array(w->metrics));
		set_str(j, "args", w->args);
		set_str(j, "headline", w->headline);
		set_str(j, "needs", w->needs_tool);
		json_array_append_new(wls, j);
	}

	json_t *probes = json_array();
	for (size_t i = 0; i < probe_count(); i++) {
		const struct probe *p = probe_at(i);
		json_array_append_new(probes, json_pack("{s:s, s:s, s:s}", "name", p->name, "description", p->desc,
							"scope", (p->flags & PROBE_KERNEL) ? "kernel" : "row"));
	}
	return json_pack("{s:o, s:o, s:o}", "schedulers", scheds, "workloads", wls, "probes", probes);
}

static const char *str_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

void list_print_text(FILE *out, const json_t *model)
{
	size_t i;
	const json_t *e;

	fprintf(out, "schedulers (bundled; eevdf is the kernel default, always the baseline row):\n");
	json_array_foreach(json_object_get(model, "schedulers"), i, e) {
		const json_t *tun = json_object_get(e, "tunables");
		if (json_object_get(e, "error"))
			fprintf(out, "  %-10s (unreadable: %s)", str_of(e, "name"), str_of(e, "error"));
		else
			fprintf(out, "  %-10s %s", str_of(e, "name"), str_of(e, "description"));
		if (json_object_size(tun)) {
			const char *k;
			json_t *v;
			fprintf(out, " [tunables:");
			json_object_foreach((json_t *)tun, k, v) {
				char *txt = json_dumps(v, JSON_ENCODE_ANY);
				fprintf(out, " %s=%s", k, txt ? txt : "?");
				free(txt);
			}
			fprintf(out, "]");
		}
		fprintf(out, "\n");
		if (*str_of(e, "purpose"))
			fprintf(out, "  %-10s %s\n", "", str_of(e, "purpose"));
	}
	fprintf(out, "\nworkloads (--workload NAME:ARG passes ARG; args show the defaults):\n");
	json_array_foreach(json_object_get(model, "workloads"), i, e) {
		const json_t *metrics = json_object_get(e, "metrics");
		fprintf(out, "  %-12s %s", str_of(e, "name"), str_of(e, "description"));
		if (json_array_size(metrics)) {
			size_t k;
			const json_t *m;
			fprintf(out, " (metrics:");
			json_array_foreach(metrics, k, m)
				fprintf(out, " %s", json_string_value(m));
			fprintf(out, ")");
		}
		if (*str_of(e, "needs"))
			fprintf(out, " [needs %s]", str_of(e, "needs"));
		fprintf(out, "\n");
		if (*str_of(e, "args"))
			fprintf(out, "  %-12s args: %s\n", "", str_of(e, "args"));
		if (*str_of(e, "headline"))
			fprintf(out, "  %-12s headline (gated by compare): %s\n", "", str_of(e, "headline"));
	}
	fprintf(out, "\nprobes:\n");
	json_array_foreach(json_object_get(model, "probes"), i, e)
		fprintf(out, "  %-12s %s%s\n", str_of(e, "name"), str_of(e, "description"),
			strcmp(str_of(e, "scope"), "kernel") ? "" : " [kernel: runs once]");
}

static void list_usage(FILE *out)
{
	fprintf(out, "usage: scxbench list [--json]\n"
		     "\n"
		     "Lists the bundled schedulers (policy, tunables and defaults, what each is\n"
		     "for and its known cost), the workloads (metrics, arguments, the headline\n"
		     "metric compare gates on) and the conformance probes.\n"
		     "\n"
		     "  --json   the same as one JSON document (schedulers, workloads, probes):\n"
		     "           what scripts should read, not the text layout\n");
}

int cmd_list(int argc, char **argv)
{
	bool json = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			list_usage(stdout);
			return 0;
		} else {
			log_error("list: unknown argument '%s' (scxbench list [--json])", argv[i]);
			return EXIT_USAGE;
		}
	}
	json_t *model = list_model();
	if (!model) {
		log_error("list: out of memory");
		return EXIT_FAILURE;
	}
	if (json) {
		json_dumpf(model, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else {
		list_print_text(stdout, model);
	}
	json_decref(model);
	return fflush(stdout) == 0 ? 0 : EXIT_FAILURE;
}
