// SPDX-License-Identifier: GPL-2.0-only
/* `scxbench recommend RESULTS [--profile P|all]`: the per-profile answer.
 *
 * Why a separate file: CLI parsing and output routing only; the scoring is
 * in recommend.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "reports/commands.h"
#include "reports/recommend.h"
#include "reports/report_util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: scxbench recommend RESULTS [options]\n"
		"\n"
		"Name the best scheduler of a run for a use profile, with its score (weighted\n"
		"geometric mean of ratios to EEVDF, > 1 = better), its 95%% CI, its P(best)\n"
		"and the evidence rows. A scheduler is recommended only when it is the best\n"
		"in >= %.0f%% of %d bootstrap replicates (the repeats' rounds resampled together\n"
		"for every row, so a drift common to all rows cancels) and scores above the\n"
		"runner-up by the profile's margin (%.0f%%, or its own, listed below);\n"
		"EEVDF when it is the best in >= %.0f%%; otherwise \"no\n"
		"clear winner\", naming the contenders. A run that measured less than %.0f%% of\n"
		"a profile's weight gets no recommendation, but the --workload names to add;\n"
		"nor does a run whose rows have fewer than %d repeats (nothing to resample).\n"
		"Schedulers that failed any conformance probe are never recommended.\n"
		"RESULTS is results.json, results.jsonl or a run directory. A merged\n"
		"`run --vm` matrix is answered per kernel/topology, against the EEVDF row\n"
		"of the same kernel and topology.\n"
		"\n"
		"options:\n"
		"  -p, --profile P      one of:",
		REC_MIN_PBEST * 100, REC_BOOT_REPLICATES, (REC_MIN_GAIN - 1) * 100, REC_MIN_PBEST * 100,
		REC_MIN_COVERAGE * 100, REC_MIN_REPEATS);
	for (size_t i = 0; i < rec_profile_count(); i++)
		fprintf(f, " %s", rec_profile_at(i)->name);
	fprintf(f,
		", or all (default all)\n"
		"  --format text|md|json  output format (default text); json: one document with\n"
		"                       every answer, its numbers and the rule, for CI\n"
		"  -o, --output FILE    write to FILE (atomically) instead of stdout\n"
		"  -h, --help           this help\n"
		"\nprofiles (workload/metric:weight; names as in `scxbench list`, a workload\n"
		"rule also matches it with arguments, e.g. cmd matches cmd:'make -j8'; a rule\n"
		"matching several metrics shares its weight; weights are relative; a rule\n"
		"compares the median of a row's repeats, or their mean where marked (mean)):\n");
	for (size_t i = 0; i < rec_profile_count(); i++) {
		const struct rec_profile *p = rec_profile_at(i);
		double total = 0;
		for (size_t k = 0; k < p->nrules; k++)
			total += p->rules[k].weight;
		if (p->min_gain != REC_MIN_GAIN)
			fprintf(f, "  %-12s %s (total weight %g; margin %.0f%%)\n", p->name, p->desc, total,
				(p->min_gain - 1) * 100);
		else
			fprintf(f, "  %-12s %s (total weight %g)\n", p->name, p->desc, total);
		int col = 0;
		for (size_t k = 0; k < p->nrules; k++) {
			char item[160], tag[48];
			rec_rule_tag(tag, sizeof(tag), &p->rules[k]);
			int n = snprintf(item, sizeof(item), "%s/%s:%g%s%s", p->rules[k].workload, p->rules[k].metric,
					 p->rules[k].weight, tag, k + 1 < p->nrules ? "," : "");
			if (col && col + 1 + n > 64) {
				fputc('\n', f);
				col = 0;
			}
			fprintf(f, "%s%s", col ? " " : "               ", item);
			col += n + 1;
		}
		fputc('\n', f);
	}
	fprintf(f, "\n(mean): a share is a promise kept in every window: one round in three far\n"
		   "off is a broken promise, which the median of the rounds would not see.\n"
		   "floor F: a share error below F counts as F: a tenant within 5%% of its\n"
		   "share is as good as exact (identical schedulers' 2 s rounds scatter that\n"
		   "much), so two errors inside it compare as equal.\n");
	fprintf(f, "\nexit status: 0 answered, 2 bad usage or input\n");
}

int cmd_recommend(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *profile = "all", *format = "text", *out = NULL;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': profile = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "scxbench recommend: unknown or incomplete option '%s' (see --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "md") && strcmp(format, "json")) {
		fprintf(stderr, "scxbench recommend: --format must be text, md or json, got '%s'\n", format);
		return 2;
	}
	const struct rec_profile *one = NULL;
	if (strcmp(profile, "all") && !(one = rec_profile_find(profile))) {
		fprintf(stderr, "scxbench recommend: unknown profile '%s' (desktop, server, batch, multitenant, realtime, all)\n",
			profile);
		return 2;
	}
	if (argc - optind != 1) {
		fprintf(stderr, "scxbench recommend: need exactly one RESULTS file (see --help)\n");
		return 2;
	}
	char err[1024];
	struct run_results *r = rr_load(argv[optind], err, sizeof(err));
	if (!r) {
		fprintf(stderr, "scxbench recommend: %s\n", err);
		return 2;
	}
	if (r->warning[0])
		fprintf(stderr, "scxbench recommend: warning: %s\n", r->warning);
	struct aout o;
	if (aout_open(&o, out, err, sizeof(err))) {
		fprintf(stderr, "scxbench recommend: %s\n", err);
		rr_free(r);
		return 2;
	}
	int md = !strcmp(format, "md"), rc = 0;
	json_t *all = !strcmp(format, "json") ? json_array() : NULL;
	if (md)
		fprintf(o.f, "## scxbench recommend\n\nRun: kernel `%s`, %d CPUs, started %s%s\n\n", r->kernel,
			r->cpus, r->started, r->complete ? "" : " (interrupted run)");
	else if (!all) /* json: one document at the end */
		fprintf(o.f, "run: %s — kernel %s, %d CPUs, started %s%s\n\n", r->path, r->kernel, r->cpus,
			r->started, r->complete ? "" : " (interrupted run)");
	/* a merged matrix is answered per (kernel, topology) group, each
	 * answer naming its group; a plain run is its own single group */
	struct run_results *views[RR_MAX_GROUPS];
	size_t nv = rr_views(r, views, RR_MAX_GROUPS);
	for (size_t k = 0; k < nv; k++)
		if (!views[k])
			rc = 2;
	for (size_t i = 0; i < rec_profile_count() && !rc; i++) {
		const struct rec_profile *p = rec_profile_at(i);
		if (one && p != one)
			continue;
		for (size_t k = 0; k < (nv ? nv : 1); k++) {
			const struct run_results *v = nv ? views[k] : r;
			struct recommendation rec;
			if (recommend(v, p, &rec)) {
				rc = 2;
				break;
			}
			if (all) {
				json_t *j = recommend_json(&rec);
				if (!j || json_array_append_new(all, j))
					rc = 2;
			} else if (md) {
				recommend_print_md(o.f, v, &rec);
			} else {
				recommend_print_text(o.f, v, &rec);
				fputc('\n', o.f);
			}
			recommendation_free(&rec);
		}
	}
	if (all && !rc) {
		json_t *doc = json_pack("{s:s, s:s, s:O}", "run", r->path, "kernel", r->kernel, "recommendations", all);
		if (!doc || json_dumpf(doc, o.f, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) || fputc('\n', o.f) == EOF)
			rc = 2;
		json_decref(doc);
	}
	json_decref(all);
	if (rc)
		fprintf(stderr, "scxbench recommend: out of memory\n");
	rr_views_free(views, nv);
	if (aout_close(&o, rc == 0, err, sizeof(err))) {
		fprintf(stderr, "scxbench recommend: %s\n", err);
		rc = 2;
	}
	rr_free(r);
	return rc;
}
