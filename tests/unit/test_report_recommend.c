/* Tests of `scxbench recommend` on fixtures whose answers are known by
 * construction (tests/fixtures/reports/make_fixtures.py documents them).
 *
 * Why: the recommendation is the product's headline answer; it must name
 * the right scheduler per profile, say "no significant difference" when
 * that is the truth, never recommend a scheduler that failed a probe (and
 * say why), and cope with runs that lack a profile's workloads.
 */
#include <math.h>

#include "reports/commands.h"
#include "reports/recommend.h"
#include "tests/unit/report_test_util.h"
#include "tests/unit/tap.h"

static struct run_results *load(const char *p)
{
	char err[1024];
	struct run_results *r = rr_load(p, err, sizeof(err));
	if (!r)
		printf("# %s\n", err);
	return r;
}

static void expect(const struct run_results *r, const char *profile, enum rec_answer ans, const char *best,
		   const char *what)
{
	struct recommendation rec;
	const struct rec_profile *p = rec_profile_find(profile);
	int rc = p ? recommend(r, p, &rec) : -1;
	ok(rc == 0 && rec.answer == ans && (!best || (rec.best && !strcmp(rec.best, best))),
	   "%s: %s %s (answer %d, best %s, score %.3f)", what, profile, best ? best : "", rc ? -1 : (int)rec.answer,
	   rc == 0 && rec.best ? rec.best : "-", rc == 0 ? rec.best_score : NAN);
	if (rc == 0)
		recommendation_free(&rec);
}

static void test_run_a(void)
{
	struct run_results *a = load(FIX("run-a.json"));
	if (!a)
		return;
	expect(a, "desktop", REC_PICK, "vtime", "run A");
	expect(a, "server", REC_PICK, "vtime", "run A");
	expect(a, "batch", REC_PICK, "simple", "run A");
	expect(a, "multitenant", REC_EEVDF, NULL, "run A");
	expect(a, "realtime", REC_NO_DIFFERENCE, NULL, "run A");

	struct recommendation rec;
	recommend(a, rec_profile_find("desktop"), &rec);
	const struct rec_candidate *v = NULL, *c = NULL;
	for (size_t i = 0; i < rec.ncands; i++) {
		if (!strcmp(rec.cands[i].name, "vtime"))
			v = &rec.cands[i];
		if (!strcmp(rec.cands[i].name, "central"))
			c = &rec.cands[i];
	}
	ok(v && v->score > 1.3 && v->nev >= 6 && v->improved >= 5 && v->coverage == 1.0,
	   "desktop evidence: vtime score %.3f from %zu rows, %zu significant", v ? v->score : NAN, v ? v->nev : 0,
	   v ? v->improved : 0);
	ok(c && !c->eligible && strstr(c->why_not, "failed to run"), "central (failed to attach) excluded: %.100s",
	   c ? c->why_not : "");
	recommendation_free(&rec);

	/* the same answers from the interrupted-run stream and the re-measured run */
	struct run_results *n = load(FIX("run-a-noise.json"));
	if (n) {
		expect(n, "desktop", REC_PICK, "vtime", "noise run");
		expect(n, "batch", REC_PICK, "simple", "noise run");
		expect(n, "realtime", REC_NO_DIFFERENCE, NULL, "noise run");
		rr_free(n);
	}
	rr_free(a);
}

static void test_failed_probe(void)
{
	struct run_results *f = load(FIX("run-failed-probe.json"));
	if (!f)
		return;
	for (size_t i = 0; i < rec_profile_count(); i++) {
		struct recommendation rec;
		recommend(f, rec_profile_at(i), &rec);
		const struct rec_candidate *v = NULL;
		for (size_t k = 0; k < rec.ncands; k++)
			if (!strcmp(rec.cands[k].name, "vtime"))
				v = &rec.cands[k];
		ok(!(rec.answer == REC_PICK && !strcmp(rec.best, "vtime")) && v && !v->eligible &&
			   strstr(v->why_not, "starvation"),
		   "%s: vtime (failed starvation) never recommended; says why: %.120s", rec_profile_at(i)->name,
		   v ? v->why_not : "");
		recommendation_free(&rec);
	}
	/* desktop would be vtime; without it EEVDF beats simple */
	expect(f, "desktop", REC_EEVDF, NULL, "failed-probe run");
	expect(f, "batch", REC_PICK, "simple", "failed-probe run");
	char *out = NULL;
	char *argv[] = { "recommend", FIX("run-failed-probe.json"), "--profile", "desktop", NULL };
	is_int(rt_run(cmd_recommend, argv, &out, NULL), 0, "recommend --profile desktop exits 0");
	ok(out && strstr(out, "not recommended: vtime") && strstr(out, "conformance probe"),
	   "CLI output says why vtime is not recommended");
	free(out);
	rr_free(f);
}

static void test_missing_metrics(void)
{
	char err[256];
	struct run_results *a = load(FIX("run-a.json"));
	if (!a)
		return;
	/* only the wakeup workload: batch has nothing, desktop still answers */
	json_t *doc = json_deep_copy(a->doc);
	json_t *res = json_object_get(doc, "results"), *keep = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(res, i, o)
		if (!strcmp(json_string_value(json_object_get(o, "workload")), "wakeup"))
			json_array_append(keep, o);
	json_object_set_new(doc, "results", keep);
	struct run_results *w = rr_from_doc(doc, "wakeup-only.json", err, sizeof(err));
	json_decref(doc);
	ok(w != NULL, "wakeup-only run builds");
	if (w) {
		expect(w, "batch", REC_NO_EVIDENCE, NULL, "wakeup-only run");
		expect(w, "desktop", REC_PICK, "vtime", "wakeup-only run");
		struct recommendation rec;
		recommend(w, rec_profile_find("desktop"), &rec);
		int cov = 0;
		for (size_t k = 0; k < rec.ncands; k++)
			if (!strcmp(rec.cands[k].name, "vtime"))
				cov = rec.cands[k].coverage == 1.0 && rec.cands[k].nev == 3;
		ok(cov, "coverage counts only the workloads the run had");
		recommendation_free(&rec);
		rr_free(w);
	}
	/* no EEVDF row */
	doc = json_deep_copy(a->doc);
	json_array_remove(json_object_get(doc, "schedulers"), 0);
	struct run_results *nb = rr_from_doc(doc, "nobase.json", err, sizeof(err));
	json_decref(doc);
	if (nb) {
		expect(nb, "desktop", REC_NO_BASELINE, NULL, "no baseline");
		rr_free(nb);
	}
	/* a kernel-scope probe failure is reported as a warning */
	doc = json_deep_copy(a->doc);
	json_object_set_new(json_array_get(json_object_get(doc, "probes"), 0), "status", json_string("fail"));
	struct run_results *kf = rr_from_doc(doc, "kfail.json", err, sizeof(err));
	json_decref(doc);
	if (kf) {
		struct recommendation rec;
		recommend(kf, rec_profile_find("desktop"), &rec);
		ok(rec.answer == REC_PICK && strstr(rec.kernel_warning, "fallback"),
		   "kernel probe failure warned: %.100s", rec.kernel_warning);
		recommendation_free(&rec);
		rr_free(kf);
	}
	/* a workload the profile uses timed out for vtime: excluded */
	doc = json_deep_copy(a->doc);
	json_array_foreach(json_object_get(doc, "results"), i, o)
		if (!strcmp(json_string_value(json_object_get(o, "scheduler")), "vtime") &&
		    !strcmp(json_string_value(json_object_get(o, "workload")), "interactive")) {
			json_object_set_new(o, "status", json_string("timeout"));
			json_object_set_new(o, "reason", json_string("killed at 10 s"));
		}
	struct run_results *to = rr_from_doc(doc, "timeout.json", err, sizeof(err));
	json_decref(doc);
	if (to) {
		struct recommendation rec;
		recommend(to, rec_profile_find("desktop"), &rec);
		ok(!(rec.best && !strcmp(rec.best, "vtime") && rec.answer == REC_PICK),
		   "scheduler that timed out a profile workload is not recommended");
		recommendation_free(&rec);
		expect(to, "batch", REC_PICK, "simple", "timeout elsewhere does not matter for batch");
		rr_free(to);
	}
	rr_free(a);
}

static void test_cli(void)
{
	char *out = NULL, *err = NULL;
	char *argv[] = { "recommend", FIX("run-a.json"), NULL };
	is_int(rt_run(cmd_recommend, argv, &out, NULL), 0, "recommend (all profiles) exits 0");
	ok(out && rt_count(out, "profile ") == 5 && strstr(out, "recommended: vtime") &&
		   strstr(out, "no significant difference") && strstr(out, "evidence (vtime vs eevdf)"),
	   "all five profiles answered with evidence");
	free(out);
	char *argv2[] = { "recommend", FIX("run-a.jsonl"), "-p", "batch", "--format", "md", NULL };
	is_int(rt_run(cmd_recommend, argv2, &out, NULL), 0, "recommend from jsonl, md");
	ok(out && strstr(out, "### Profile `batch`") && strstr(out, "recommended: simple"), "md answer");
	free(out);
	char *bad[] = { "recommend", FIX("run-a.json"), "--profile", "gaming", NULL };
	is_int(rt_run(cmd_recommend, bad, NULL, &err), 2, "unknown profile: exit 2");
	ok(err && rt_count(err, "\n") == 1 && strstr(err, "gaming"), "one line naming it");
	free(err);
	char *help[] = { "recommend", "-h", NULL };
	is_int(rt_run(cmd_recommend, help, &out, NULL), 0, "--help exits 0");
	ok(out && strstr(out, "multitenant") && strstr(out, "interactive/p99*:3"), "--help lists profile weights");
	free(out);
}

int main(void)
{
	test_run_a();
	test_failed_probe();
	test_missing_metrics();
	test_cli();
	return done_testing();
}
