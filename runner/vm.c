// SPDX-License-Identifier: GPL-2.0-only
/* See vm.h. The VM mechanics (kernel image, KVM probe, topology presets,
 * time limit) live in ci/vm so that the local path and CI (the GitHub
 * action) run the very same commands; this file plans the matrix, runs
 * one ci/vm per (kernel, topology), and merges what they wrote.
 *
 * One run writes --out itself; with several kernels or topologies each run
 * writes --out/<kernel>-<topology>/ and --out/results.json is the merge
 * (vm_merge.c), with results.md and report.html rendered from it. Runs are
 * sequential: one VM at a time keeps timings of a run free of the others'
 * load, and a failed or hung VM only costs its own row of the matrix. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/results.h"
#include "runner/log.h"
#include "runner/run_reports.h"
#include "runner/vm.h"
#include "runner/vm_internal.h"

/* A stale results.json from an earlier run in the same directory must not
 * be merged as if this run had written it. */
static void clear_stale(const char *dir, bool resume)
{
	char path[PATH_MAX + 32];
	if (resume)
		return;
	if (snprintf(path, sizeof(path), "%s/results.json", dir) < (int)sizeof(path))
		unlink(path);
	if (snprintf(path, sizeof(path), "%s/results.jsonl", dir) < (int)sizeof(path))
		unlink(path);
}

static int write_doc(json_t *doc, const char *dir)
{
	char path[PATH_MAX + 32], err[512];
	char *txt = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	if (!txt) {
		log_error("--vm: cannot serialise the merged results");
		return -1;
	}
	if (snprintf(path, sizeof(path), "%s/results.json", dir) >= (int)sizeof(path)) {
		free(txt);
		log_error("--out: path too long");
		return -1;
	}
	int rc = write_file_atomic(path, txt, strlen(txt), err, sizeof(err));
	free(txt);
	if (rc < 0)
		log_error("%s", err);
	return rc;
}

/* Exit status of the whole matrix: the worst of its runs'. A run that left
 * no results, or was killed at its time limit, counts as "the VM could not
 * start" (4); the guest's own codes (1 not ok, 3 environment) are kept. */
static int run_exit(const struct vm_run *r)
{
	if (r->exit_status == 124 || r->exit_status == 255 || r->exit_status >= 128)
		return EXIT_VM;
	if (r->planned >= 0 && r->tests < r->planned)
		return EXIT_VM;
	return r->exit_status;
}

int vm_rerun(const struct run_opts *o)
{
	static struct vm_plan plan;
	struct vm_plan *p = &plan;
	int rc = vm_plan_build(o, p);
	if (rc)
		return rc;

	bool multi = p->n > 1;
	struct vm_tap tap;
	vm_tap_begin(&tap, stdout, multi);
	if (multi) {
		fprintf(stdout, "# scxbench --vm: %d runs (kernel x topology), one VM boot each, results in %s/<kernel>-<topology>/\n",
			p->n, p->out_abs);
		fflush(stdout);
		clear_stale(p->out_abs, false);
	}
	int worst = 0, interrupted = 0;
	for (int i = 0; i < p->n && !interrupted; i++) {
		struct vm_run *r = &p->runs[i];
		log_info("--vm run %d/%d: kernel %s, topology %s -> %s", i + 1, p->n, r->klabel, r->tlabel, r->dir);
		if (multi) {
			fprintf(stdout, "# run %d/%d: kernel %s, topology %s\n", i + 1, p->n, r->klabel, r->tlabel);
			fflush(stdout);
		}
		if (multi && mkdir(r->dir, 0755) < 0 && errno != EEXIST) {
			log_error("%s: %s", r->dir, strerror(errno));
			return EXIT_ENV;
		}
		clear_stale(r->dir, o->resume);
		char **guest = vm_guest_argv(o, p->self, r->dir, r->shard_cell);
		if (!guest || vm_exec_run(p, r, guest, &tap) < 0) {
			free(guest);
			return EXIT_VM;
		}
		free(guest);
		/* the run's own verdicts are in its stream; say what the stream
		 * cannot: a VM that stopped before finishing its plan */
		char desc[512];
		if (r->term_signal) {
			interrupted = r->term_signal;
			snprintf(desc, sizeof(desc), "interrupted by signal %d (the VM was stopped)", r->term_signal);
			vm_tap_point(&tap, r, false, desc);
		} else if (r->exit_status == 124) {
			snprintf(desc, sizeof(desc), "VM killed at its %d s time limit", p->timeout_s);
			vm_tap_point(&tap, r, false, desc);
		} else if (r->planned < 0 && r->tests == 0) {
			snprintf(desc, sizeof(desc), "VM run produced no TAP (ci/vm exit status %d; see stderr%s)",
				 r->exit_status, r->exit_status == 255 ? " and console.log" : "");
			vm_tap_point(&tap, r, false, desc);
		} else if (r->planned >= 0 && r->tests < r->planned) {
			snprintf(desc, sizeof(desc), "VM run incomplete: %d of %d test points (ci/vm exit status %d%s)",
				 r->tests, r->planned, r->exit_status,
				 r->exit_status == 255 ? "; the VM died: see console.log" : "");
			vm_tap_point(&tap, r, false, desc);
		}
		int e = run_exit(r);
		if (e > worst)
			worst = e;
		log_info("--vm run %d/%d finished in %.0f s: exit status %d, %d test points, %d not ok",
			 i + 1, p->n, r->elapsed_s, r->exit_status, r->tests, r->failed);
	}
	if (interrupted) {
		/* runs not started are simply absent from the merge */
		int done = 0;
		while (done < p->n && (p->runs[done].elapsed_s > 0 || p->runs[done].term_signal))
			done++;
		p->n = done;
	}
	vm_tap_end(&tap);

	char err[512];
	json_t *doc = vm_merge(p, o, err, sizeof(err));
	if (!doc) {
		log_error("--vm: %s", err);
		return worst ? worst : EXIT_VM;
	}
	if (write_doc(doc, p->out_abs) == 0)
		run_write_reports(doc, p->out_abs);
	json_decref(doc);
	fprintf(stderr, "scxbench: --vm: %d run%s merged into %s/results.json (results.md, report.html)\n",
		p->n, p->n == 1 ? "" : "s", p->out_abs);
	if (interrupted)
		return 128 + interrupted;
	return worst;
}
