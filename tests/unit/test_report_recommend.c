/* Tests of `scxbench recommend` on fixtures whose answers are known by
 * construction (tests/fixtures/reports/make_fixtures.py documents them).
 *
 * Why: the recommendation is the product's headline answer; it must name
 * the right scheduler per profile, say "no significant difference" when
 * that is the truth, never recommend a scheduler that failed a probe (and
 * say why), and cope with runs that lack a profile's workloads. Its rules
 * must name what the workloads really emit: every rule is checked against
 * the workload registry (names and declared metrics, as `scxbench list`
 * prints them) and must find its metric in the fixture run, which has every
 * workload.
 */
#include <fnmatch.h>
#include <math.h>

#include "reports/commands.h"
#include "reports/recommend.h"
#include "tests/unit/report_test_util.h"
#include "tests/unit/tap.h"
#include "workloads/workload.h"

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
	struct run_results *a = rt_load(FIX("run-a.json"));
	if (!a)
		return;
	expect(a, "desktop", REC_PICK, "vtime", "run A");
	expect(a, "server", REC_PICK, "vtime", "run A");
	expect(a, "batch", REC_PICK, "simple", "run A");
	expect(a, "multitenant", REC_EEVDF, NULL, "run A");
	expect(a, "realtime", REC_NO_CLEAR_WINNER, NULL, "run A");

	struct recommendation rec;
	recommend(a, rec_profile_find("desktop"), &rec);
	const struct rec_candidate *v = NULL, *c = NULL;
	for (size_t i = 0; i < rec.ncands; i++) {
		if (!strcmp(rec.cands[i].name, "vtime"))
			v = &rec.cands[i];
		if (!strcmp(rec.cands[i].name, "central"))
			c = &rec.cands[i];
	}
	ok(v && v->score > 1.3 && v->nev == rec.profile->nrules && v->improved >= 6 && !v->regressed &&
		   v->coverage == 1.0,
	   "desktop evidence: vtime score %.3f from %zu rows, %zu significant", v ? v->score : NAN, v ? v->nev : 0,
	   v ? v->improved : 0);
	ok(c && !c->eligible && strstr(c->why_not, "failed to run"), "central (failed to attach) excluded: %.100s",
	   c ? c->why_not : "");
	recommendation_free(&rec);

	/* the same answers from the interrupted-run stream and the re-measured run */
	struct run_results *n = rt_load(FIX("run-a-noise.json"));
	if (n) {
		expect(n, "desktop", REC_PICK, "vtime", "noise run");
		expect(n, "batch", REC_PICK, "simple", "noise run");
		expect(n, "realtime", REC_NO_CLEAR_WINNER, NULL, "noise run");
		rr_free(n);
	}
	rr_free(a);
}

static const struct rec_evidence *evidence(const struct rec_candidate *c, const char *wl, const char *m)
{
	for (size_t i = 0; c && i < c->nev; i++)
		if (!strcmp(c->ev[i].workload, wl) && !strcmp(c->ev[i].metric, m))
			return &c->ev[i];
	return NULL;
}

static const struct rec_candidate *cand(const struct recommendation *rec, const char *name)
{
	for (size_t i = 0; i < rec->ncands; i++)
		if (!strcmp(rec->cands[i].name, name))
			return &rec->cands[i];
	return NULL;
}

/* Does the space-separated declared metric list of a workload have a name
 * the glob matches? ("STRESSOR_bogo_ops_per_s" stands for any stressor.) */
static int declares(const struct workload *w, const char *glob)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", w->metrics ? w->metrics : "");
	for (char *save = NULL, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (!fnmatch(glob, t, 0))
			return 1;
	return 0;
}

static void test_rules_match_workloads(void)
{
	/* every rule names a registered workload and a metric it declares */
	size_t bad = 0, nrules = 0;
	for (size_t i = 0; i < rec_profile_count(); i++) {
		const struct rec_profile *p = rec_profile_at(i);
		for (size_t k = 0; k < p->nrules; k++, nrules++) {
			const struct rec_rule *rule = &p->rules[k];
			int wl_found = 0, m_found = 0;
			for (size_t j = 0; j < workload_count(); j++) {
				const struct workload *w = workload_at(j);
				if (!rec_rule_matches_workload(rule, w->name))
					continue;
				wl_found = 1;
				m_found |= declares(w, rule->metric);
			}
			if (!wl_found || !m_found) {
				printf("# %s: rule %s/%s: %s\n", p->name, rule->workload, rule->metric,
				       !wl_found ? "no such workload" : "the workload declares no such metric");
				bad++;
			}
			if (!(rule->weight > 0))
				bad++;
		}
	}
	ok(nrules >= 30 && bad == 0, "all %zu profile rules name a registered workload and a metric it declares (%zu bad)",
	   nrules, bad);

	/* and each finds its metric in the fixture run, which has every workload */
	struct run_results *a = rt_load(FIX("run-a.json"));
	if (!a)
		return;
	const char *wls[32];
	size_t nw = rr_workloads(a, wls, 32);
	ok(nw == workload_count(), "the fixture run has every registered workload (%zu of %zu)", nw, workload_count());
	bad = 0;
	for (size_t i = 0; i < rec_profile_count(); i++) {
		const struct rec_profile *p = rec_profile_at(i);
		struct recommendation rec;
		recommend(a, p, &rec);
		const struct rec_candidate *v = cand(&rec, "vtime");
		for (size_t k = 0; k < p->nrules; k++) {
			int hit = 0;
			for (size_t e = 0; v && e < v->nev; e++)
				hit |= rec_rule_matches_workload(&p->rules[k], v->ev[e].workload) &&
				       !fnmatch(p->rules[k].metric, v->ev[e].metric, 0);
			if (!hit) {
				printf("# %s: rule %s/%s matched nothing in run A\n", p->name, p->rules[k].workload,
				       p->rules[k].metric);
				bad++;
			}
		}
		ok(v && v->coverage == 1.0 && v->nev == p->nrules, "%s: every rule has evidence in run A (%zu rows)",
		   p->name, v ? v->nev : 0);
		recommendation_free(&rec);
	}
	is_int(bad, 0, "no rule without evidence in run A");
	rr_free(a);

	/* a workload given an argument is matched by its name */
	struct rec_rule cmd = { "cmd", "wall_s", 1 }, sng = { "stress-ng", "*", 1 }, pipe = { "pipe", "*", 1 };
	ok(rec_rule_matches_workload(&cmd, "cmd:make -j8") && rec_rule_matches_workload(&cmd, "cmd") &&
		   rec_rule_matches_workload(&sng, "stress-ng:cpu,pipe") && rec_rule_matches_workload(&pipe, "pipe"),
	   "NAME matches NAME and NAME:ARGS");
	ok(!rec_rule_matches_workload(&cmd, "cmdx") && !rec_rule_matches_workload(&pipe, "pipeline:x") &&
		   !rec_rule_matches_workload(&pipe, "wakeup:pipe") && !rec_rule_matches_workload(&cmd, "wakeup"),
	   "and nothing else");
}

static void test_profile_evidence(void)
{
	/* the known answers rest on the intended rows (make_fixtures.py) */
	struct run_results *a = rt_load(FIX("run-a.json"));
	if (!a)
		return;
	struct recommendation rec;
	recommend(a, rec_profile_find("batch"), &rec);
	const struct rec_candidate *s = cand(&rec, "simple");
	const struct rec_evidence *cpu = evidence(s, "cpu", "completion_s"), *cmd = evidence(s, "cmd:make -j2", "wall_s"),
				  *msg = evidence(s, "messaging", "round_ms"),
				  *sng = evidence(s, "stress-ng", "cpu_bogo_ops_per_s");
	ok(cpu && cpu->cmp.verdict == CMP_IMPROVED && cmd && cmd->cmp.verdict == CMP_IMPROVED && msg &&
		   msg->cmp.verdict == CMP_IMPROVED && sng && evidence(s, "fork", "forks_per_s"),
	   "batch: simple finishes cpu, the command (cmd:make -j2) and messaging rounds significantly sooner");
	recommendation_free(&rec);

	recommend(a, rec_profile_find("server"), &rec);
	const struct rec_candidate *v = cand(&rec, "vtime");
	const struct rec_evidence *wp = evidence(v, "wakeup", "p99_us"), *pp = evidence(v, "pipe", "roundtrip_p99_us"),
				  *rt = evidence(v, "pipe", "roundtrips_per_s");
	ok(wp && wp->cmp.verdict == CMP_IMPROVED && pp && pp->cmp.verdict == CMP_IMPROVED && rt &&
		   rt->cmp.verdict == CMP_SAME && !v->regressed,
	   "server: vtime's wakeup and pipe p99 lower at the same round-trip rate");
	ok(!evidence(v, "pipe", "usecs_per_op") && !evidence(v, "pipe", "switch_us") &&
		   !evidence(v, "messaging", "round_ms"),
	   "server: one measurement is not counted twice (usecs_per_op, switch_us, round_ms unused)");
	recommendation_free(&rec);

	recommend(a, rec_profile_find("multitenant"), &rec);
	for (size_t i = 0; i < 2; i++) {
		const char *name = i ? "vtime" : "simple";
		const struct rec_candidate *c = cand(&rec, name);
		const struct rec_evidence *te = evidence(c, "tenants", "worst_rel_error"),
					  *tj = evidence(c, "tenants", "jain_index");
		ok(c && c->score < 0.7 && te && te->cmp.verdict == CMP_REGRESSED && tj &&
			   tj->cmp.verdict == CMP_REGRESSED && c->w_regressed > c->w_improved,
		   "multitenant: %s misses the tenants' cgroup weights (score %.3f)", name, c ? c->score : NAN);
	}
	recommendation_free(&rec);

	recommend(a, rec_profile_find("realtime"), &rec);
	v = cand(&rec, "vtime");
	s = cand(&rec, "simple");
	const struct rec_evidence *pm = evidence(v, "periodic", "miss_ratio"), *cm = evidence(v, "cyclictest", "max_us"),
				  *sm = evidence(s, "interactive", "missed_ratio");
	ok(v && !v->improved && !v->regressed && pm && cm && s && sm && sm->cmp.verdict == CMP_REGRESSED,
	   "realtime: vtime no different on periodic/cyclictest; simple misses more interactive periods");
	recommendation_free(&rec);
	rr_free(a);
}

static void test_failed_probe(void)
{
	struct run_results *f = rt_load(FIX("run-failed-probe.json"));
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
	struct run_results *a = rt_load(FIX("run-a.json"));
	if (!a)
		return;
	/* only the wakeup workload: no profile has half its weight measured */
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
		expect(w, "batch", REC_LOW_COVERAGE, NULL, "wakeup-only run");
		expect(w, "desktop", REC_LOW_COVERAGE, NULL, "wakeup-only run");
		struct recommendation rec;
		recommend(w, rec_profile_find("desktop"), &rec);
		const struct rec_candidate *v = rec_candidate_find(&rec, "vtime");
		ok(v && fabs(v->coverage - 4 / 10.5) < 1e-12 && fabs(rec.coverage - 4 / 10.5) < 1e-12 && v->nev == 3,
		   "desktop coverage is wakeup's 4 of 10.5 (%.4f)", v ? v->coverage : NAN);
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
		   strstr(out, "no clear winner") && strstr(out, "evidence (vtime vs eevdf;"),
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
	ok(out && strstr(out, "multitenant") && strstr(out, "interactive/p99_us:2") &&
		   strstr(out, "tenants/worst_rel_error:2") && strstr(out, "cyclictest/max_us:2") &&
		   strstr(out, "cmd/wall_s:3") && strstr(out, "total weight 10.5"),
	   "--help lists profile weights");
	free(out);
}

int main(void)
{
	test_rules_match_workloads();
	test_profile_evidence();
	test_run_a();
	test_failed_probe();
	test_missing_metrics();
	test_cli();
	return done_testing();
}
