// SPDX-License-Identifier: GPL-2.0-only
/* stress-ng: run named stress-ng stressors and report bogo-ops/s per stressor.
 *
 * Why: stress-ng is the field's broad catalogue of kernel pressure (CPU,
 * pipes, context switches, futexes, memory...), so users can aim a scheduler
 * comparison at a kind of load scxbench has no generator for. The argument is
 * the stressor list, each optionally with an instance count
 * ("stress-ng:cpu,pipe" or "stress-ng:cpu=4,switch"; default one instance per
 * CPU). It runs `stress-ng --NAME N ... --timeout T --metrics-brief --yaml F`
 * in a private temporary directory and reads F. Bogo-ops are only meaningful
 * relative to another run of the same stressor on the same machine and
 * stress-ng version: they compare schedulers, they are not a unit of work.
 * stress-ng's --timeout is whole seconds, so durations below 1 s run 1 s.
 * Time bound: 1.5 x the run + 5 s (tool start-up is slow in a TCG VM).
 */
#include "workloads/stressng_yaml.h"
#include "workloads/wl_exec.h"
#include "workloads/wl_time.h"
#include "workloads/workload.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define MAX_STRESSORS 16

static int stressng_run(const struct wl_params *p, struct wl_result *r)
{
	char tool[4096], err[512], dir[4096] = "";
	char names[MAX_STRESSORS][48], counts[MAX_STRESSORS][16];
	int n = 0;
	const char *arg = p->arg && *p->arg ? p->arg : "cpu";
	int ncpu = p->nr_cpus > 0 ? p->nr_cpus : 1;

	/* parse "name[=N],..." */
	for (const char *s = arg; *s;) {
		size_t len = strcspn(s, ",");
		if (len) {
			if (n == MAX_STRESSORS) {
				wl_fail(r, "at most %d stressors", MAX_STRESSORS);
				return 0;
			}
			const char *eq = memchr(s, '=', len);
			size_t nl = eq ? (size_t)(eq - s) : len;
			long cnt = ncpu;
			if (eq) {
				char num[16] = "";
				size_t cl = len - nl - 1;
				char *end;
				if (cl == 0 || cl >= sizeof(num))
					goto bad;
				memcpy(num, eq + 1, cl);
				cnt = strtol(num, &end, 10);
				if (*end || cnt < 1 || cnt > 4096)
					goto bad;
			}
			if (nl == 0 || nl >= sizeof(names[0]))
				goto bad;
			for (size_t i = 0; i < nl; i++)
				if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
					goto bad;
			memcpy(names[n], s, nl);
			names[n][nl] = 0;
			snprintf(counts[n], sizeof(counts[n]), "%ld", cnt);
			n++;
		}
		s += len;
		if (*s == ',')
			s++;
		continue;
bad:
		wl_fail(r, "bad stressor spec '%.*s': want NAME or NAME=INSTANCES", (int)len, s);
		return 0;
	}
	long secs = (long)floor(p->duration_s);
	if (secs < 1)
		secs = 1;
	json_t *jst = json_object();
	for (int i = 0; i < n; i++)
		json_object_set_new(jst, names[i], json_integer(atol(counts[i])));
	wl_param(r, "stressors", jst);
	wl_param(r, "timeout_s", json_integer(secs));
	wl_param(r, "duration_s", json_real(p->duration_s));
	if (wl_which("stress-ng", tool, sizeof(tool))) {
		wl_skip(r, "stress-ng is not installed (apt-get install stress-ng)");
		return 0;
	}
	if (wl_mktempdir("scxb-stress-ng", dir, sizeof(dir))) {
		wl_fail(r, "cannot create a temporary directory: %s", strerror(errno));
		return 0;
	}
	char yaml[4200], log[4200], tmo[32], *argv[2 * MAX_STRESSORS + 12];
	char opt[MAX_STRESSORS][64];
	snprintf(yaml, sizeof(yaml), "%s/report.yaml", dir);
	snprintf(log, sizeof(log), "%s/output.log", dir);
	snprintf(tmo, sizeof(tmo), "%lds", secs);
	int a = 0;
	argv[a++] = "stress-ng";
	for (int i = 0; i < n; i++) {
		snprintf(opt[i], sizeof(opt[i]), "--%s", names[i]);
		argv[a++] = opt[i];
		argv[a++] = counts[i];
	}
	argv[a++] = "--timeout";
	argv[a++] = tmo;
	argv[a++] = "--metrics-brief";
	argv[a++] = "--yaml";
	argv[a++] = yaml;
	argv[a++] = "--temp-path";
	argv[a++] = dir;
	argv[a] = NULL;
	json_t *cmd = json_array();
	for (int i = 0; argv[i]; i++)
		json_array_append_new(cmd, json_string(argv[i] == yaml ? "FILE" : argv[i] == dir ? "DIR" : argv[i]));
	wl_param(r, "command", cmd);

	uint64_t t0 = mono_ns();
	pid_t pid = wl_spawn(argv, dir, log, err, sizeof(err));
	if (pid < 0) {
		wl_fail(r, "%s", err);
		goto out;
	}
	/* stress-ng stops itself after --timeout; loading it and setting up
	 * its stressors takes seconds in a TCG VM, so the bound is 1.5 x the
	 * run plus a fixed 5 s allowance */
	double bound = fmax(p->duration_s, (double)secs) * 1.5 + 5;
	struct wl_wait w;
	if (wl_wait_bounded(pid, t0 + (uint64_t)(bound * 1e9), 300000000ull, 0, NULL, NULL, &w)) {
		wl_fail(r, "waiting for stress-ng: %s", strerror(errno));
		goto out;
	}
	char st[64], last[256];
	wl_status_str(w.status, st, sizeof(st));
	wl_file_last_line(log, last, sizeof(last));
	if (w.timed_out) {
		wl_fail(r, "stress-ng did not stop within %.1f s (killed): %s", bound, last);
		goto out;
	}
	if (!WIFEXITED(w.status) || WEXITSTATUS(w.status) != 0) {
		wl_fail(r, "stress-ng failed (%s): %s", st, last);
		goto out;
	}
	char *text = wl_read_text(yaml, 1 << 22, err, sizeof(err));
	json_t *list = text ? sng_yaml_stressors(text, err, sizeof(err)) : NULL;
	free(text);
	if (!list) {
		wl_fail(r, "%s", err);
		goto out;
	}
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		char name[96];
		snprintf(name, sizeof(name), "%s_bogo_ops_per_s",
			 json_string_value(json_object_get(e, "stressor")));
		wl_metric(r, name, "bogo-ops/s", METRIC_HIGHER_BETTER,
			  json_number_value(json_object_get(e, "bogo_ops_per_s_real")));
	}
	wl_detail(r, "stressors", list);
	wl_detail(r, "note", json_string("bogo-ops are relative only: compare the same stressor "
					 "on the same machine and stress-ng version"));
out:
	if (dir[0])
		wl_rm_rf(dir);
	return 0;
}

static const struct workload wl_stressng = {
	.name = "stress-ng",
	.desc = "stress-ng stressors (stress-ng:cpu,pipe): bogo-ops/s per stressor (relative only)",
	.headline = "*_bogo_ops_per_s",
	.metrics = "STRESSOR_bogo_ops_per_s",
	.order = 100,
	.needs_tool = "stress-ng",
	.takes_arg = true,
	.args = "STRESSOR[=N],... (default cpu; N instances, default one per CPU)",
	.run = stressng_run,
};
WORKLOAD_REGISTER(wl_stressng);
