#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Helpers for tests/bench/run.sh: pull the numbers out of each benchmark
step's output as RAW lines (key<TAB>value), and print the final table.

Why a helper: the runs are driven from bash (they are commands a user could
type), but reading results.json, perf's text and cyclictest's JSON, and the
statistics, are clearer in Python. Each step makes ONE call (Python takes
seconds to start in a busy TCG guest), and every command prints "nan"
values rather than failing, so one broken step shows as "n/a" in the table
instead of hiding the others or misaligning the A/B pairs.

  bench.py extract RESULTS.json WORKLOAD KEY=KIND:NAME...
        KIND: metric (median of the repeats' metric NAME), cv (its stddev /
        mean), param (the result's param NAME), hist-mean (mean of the
        repeats' detail[NAME] histogram, ns -> us), duty (the run-queue
        latency tracer's duty in percent; NAME unused)
  bench.py tracer-cost RESULTS.json WORKLOAD   the tracer's ns/event, events/s, CPU share
  bench.py perf-ops FILE KEY                   ops/sec from `perf bench sched pipe`
  bench.py cyclic FILE.json PREFIX             PREFIX_p50, _p99, _avg (us) of cyclictest thread 0
  bench.py rounds RESULTS.json ROW WORKLOAD KEY=METRIC...
        one KEY line per round (repeat r ran in round r), "nan" for a failed
        repeat, so two rows' values pair by position
  bench.py probe RESULTS.json ROW PROBE KEY=DIAG...   a probe's diagnostic value
  bench.py report RAW.tsv                      the table
"""
import json
import math
import re
import statistics
import sys

NAN = float("nan")


def out(key, value):
    print("%s\t%s" % (key, "nan" if value is None or (isinstance(value, float) and math.isnan(value))
                      else value))


def load(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError) as e:
        print("bench.py: %s: %s" % (path, e), file=sys.stderr)
        return None


def result(doc, workload):
    for r in (doc or {}).get("results", []):
        if r["workload"].split(":")[0] == workload:
            return r
    return None


def ok_repeats(doc, workload):
    r = result(doc, workload)
    return [rp for rp in (r or {}).get("repeats", []) if rp.get("status") == "ok"]


def metric_values(doc, workload, name):
    return [float(m["value"]) for rp in ok_repeats(doc, workload)
            for m in rp.get("metrics", []) if m.get("name") == name]


def cmd_extract(path, workload, *specs):
    doc = load(path)
    for spec in specs:
        key, _, what = spec.partition("=")
        kind, _, name = what.partition(":")
        v = NAN
        try:
            if kind == "metric":
                vals = metric_values(doc, workload, name)
                v = statistics.median(vals) if vals else NAN
            elif kind == "cv":
                vals = metric_values(doc, workload, name)
                if len(vals) >= 2 and statistics.mean(vals):
                    v = statistics.stdev(vals) / statistics.mean(vals)
            elif kind == "param":
                v = (result(doc, workload) or {}).get("params", {}).get(name, NAN)
            elif kind == "duty":  # the tracer's duty in percent, as the runs recorded it
                vals = [100.0 * float(rp["system"]["runq_latency"]["tracer_duty"])
                        for rp in ok_repeats(doc, workload)
                        if "tracer_duty" in rp.get("system", {}).get("runq_latency", {})]
                v = vals[0] if vals else NAN
            elif kind == "hist-mean":
                vals = [float(h["sum"]) / float(h["count"]) / 1e3 for rp in ok_repeats(doc, workload)
                        for h in [rp.get("detail", {}).get(name)] if h and h.get("count")]
                v = statistics.median(vals) if vals else NAN
        except (KeyError, TypeError, ValueError) as e:
            print("bench.py extract %s: %s" % (spec, e), file=sys.stderr)
        out(key, v)


def cmd_rounds(path, row, workload, *specs):
    """Rows of one interleaved run pair by round: the r-th repeat of every
    row ran in round r, close in time, so ratios of same-round values cancel
    the host's drift (the twins and deadline benchmarks)."""
    doc = load(path)
    res = next((r for r in (doc or {}).get("results", [])
                if r.get("scheduler") == row and r["workload"].split(":")[0] == workload), None)
    reps = (res or {}).get("repeats", [])
    n = max([int(rp.get("repeat", 0)) + 1 for rp in reps] + [0])
    by_round = {int(rp.get("repeat", 0)): rp for rp in reps if rp.get("status") == "ok"}
    if not reps:
        print("bench.py rounds: no %s/%s in %s" % (row, workload, path), file=sys.stderr)
    for spec in specs:
        key, _, name = spec.partition("=")
        for r in range(max(n, 1)):
            vals = [float(m["value"]) for m in by_round.get(r, {}).get("metrics", []) if m.get("name") == name]
            out(key, vals[0] if vals else NAN)


def cmd_probe(path, row, probe, *specs):
    doc = load(path)
    pr = next((p for p in (doc or {}).get("probes", [])
               if p.get("scheduler") == row and p.get("probe") == probe), None)
    for spec in specs:
        key, _, name = spec.partition("=")
        v = (pr or {}).get("diag", {}).get(name)
        out(key, float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else NAN)


def cmd_tracer_cost(path, workload):
    """The kernel counts each BPF program's run time while
    kernel.bpf_stats_enabled=1; the runner stores the window's totals."""
    for rp in ok_repeats(load(path), workload):
        q, win = rp["system"].get("runq_latency", {}), rp["system"].get("window_s", 0)
        if "tracer_ns_per_event" in q and win > 0:
            out("tracer_ns_per_event", q["tracer_ns_per_event"])
            out("tracer_events_per_s", q["tracer_events"] / win)
            out("tracer_cpu_frac", q["tracer_cpu_s"] / win)


def cmd_perf_ops(path, key):
    try:
        m = re.search(r"([0-9.]+)\s+ops/sec", open(path, errors="replace").read())
    except OSError:
        m = None
    out(key, float(m.group(1)) if m else NAN)


def cmd_cyclic(path, prefix):
    """Percentiles from cyclictest's 1 us histogram; samples past its end
    (overflows) rank above every bucket and are reported as its max."""
    doc = load(path)
    try:
        t = doc["thread"]["0"]
    except (TypeError, KeyError):
        for s in ("p50", "p99", "avg"):
            out("%s_%s" % (prefix, s), NAN)
        return
    hist = sorted((int(k), int(v)) for k, v in t.get("histogram", {}).items())
    n = int(t.get("cycles", sum(c for _, c in hist)))
    for stat, pct in (("p50", 50.0), ("p99", 99.0)):
        v = NAN
        if n:
            rank, seen, v = max(1, math.ceil(pct / 100.0 * n)), 0, float(t["max"])
            for us, c in hist:
                seen += c
                if seen >= rank:
                    v = float(us)
                    break
        out("%s_%s" % (prefix, stat), v)
    out(prefix + "_avg", float(t.get("avg", NAN)))


# ---- the report ------------------------------------------------------------------------
def med(raw, key):
    v = [x for x in raw.get(key, []) if not math.isnan(x)]
    return statistics.median(v) if v else NAN


def pair_ratios(raw, a_key, b_key):
    return [x / y for x, y in zip(raw.get(a_key, []), raw.get(b_key, []))
            if not math.isnan(x) and not math.isnan(y) and y > 0]


def paired(raw, a_key, b_key):
    """A and B were measured in alternation (A B, B A, ...): the i-th A and
    the i-th B ran back to back, so each pair's ratio cancels slow drift of
    the host; the result is the median of the pairs' ratios."""
    p = pair_ratios(raw, a_key, b_key)
    return statistics.median(p) if p else NAN


def median_ci(values, want=0.95):
    """A distribution-free confidence interval for the median: the k-th
    smallest and k-th largest value, k the largest for which the interval
    still covers the median with probability >= want (the sign test's
    binomial(n, 1/2)); with few values (5 give at most 94%) the widest, the
    whole range. Returns (low, high, coverage in percent), or None for
    under 3 values.
    Why: pairs scatter by +-10% or more under TCG on a busy host, and the
    reader must see whether a ratio 2% past its target is resolved."""
    v = sorted(values)
    n = len(v)
    if n < 3:
        return None
    below = 0.0  # P(X < k) for X ~ binomial(n, 1/2)
    k, cover = 1, 1 - 2 * 0.5 ** n
    for j in range(1, n // 2 + 1):
        below += math.comb(n, j - 1) * 0.5 ** n
        c = 1 - 2 * below
        if c < want:
            break
        k, cover = j, c
    return v[k - 1], v[n - k], 100 * cover


def ci_str(p):
    ci = median_ci(p)
    return "%.3f..%.3f (%.0f%%)" % ci if ci else ""


def fmt(x, spec="{:.3f}"):
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else spec.format(x)


def cmd_report(path):
    raw = {}
    for line in open(path):
        k, sep, v = line.rstrip("\n").partition("\t")
        if sep:
            try:
                raw.setdefault(k, []).append(float(v))
            except ValueError:
                raw.setdefault(k, []).append(NAN)

    rows = []  # benchmark, A, B, ratio, target, met (None = not measured), pairs

    def ratio_row(name, a_key, b_key, unit, lo, hi, target):
        r = paired(raw, a_key, b_key)
        p = pair_ratios(raw, a_key, b_key)
        ci = median_ci(p)
        # the interval reaches both inside and outside the target range
        unresolved = ci is not None and (ci[0] < lo <= ci[1] or ci[0] <= hi < ci[1])
        rows.append((name, fmt(med(raw, a_key), "{:.4g}") + " " + unit,
                     fmt(med(raw, b_key), "{:.4g}") + " " + unit, fmt(r), target,
                     None if math.isnan(r) else lo <= r <= hi, len(p),
                     "%.3f..%.3f (%.0f%%)" % ci if ci else "", unresolved))

    ratio_row("fidelity: pipe round trips/s, ours / perf bench sched pipe",
              "pipe_ours", "pipe_perf", "/s", 0.85, 1.15, "0.85..1.15")
    ratio_row("fidelity: timer latency p50, interactive (no work) / cyclictest --policy other, at once on CPU 0",
              "timer_ours_p50", "timer_cyc_p50", "us", 0.85, 1.15, "0.85..1.15")
    ratio_row("overhead: pipe (pinned, worst case) round trips/s, tracer on / off",
              "ovh_on", "ovh_off", "/s", 0.97, math.inf, ">= 0.97 (cost < 3%)")
    ratio_row("overhead: wakeup wakeups/s, tracer on / off",
              "ovhw_on", "ovhw_off", "/s", 0.97, math.inf, ">= 0.97 (cost < 3%)")
    for wl, metric in (("pipe", "roundtrips_per_s"), ("cpu", "completion_s")):
        cv = med(raw, "noise_%s_cv" % wl)
        rows.append(("noise: CV of 5 repeats of %s%s (%s), EEVDF" % (wl, " (pinned)" if wl == "pipe" else "", metric), "", "",
                     fmt(cv, "{:.2%}"), "< 5%", None if math.isnan(cv) else cv < 0.05, 0, "", False))

    # twins (run.sh 4): the bundled vtime and simple beside the simplest
    # schedulers of their kind (tests/vm/bpf/plain*.bpf.c), rows of one run
    # paired by round. "No worse" allows 5%, the gate's usual threshold
    # under TCG; "better" must be below 1 (the CI says whether resolved).
    for ours, ref in (("vtime", "plainvtime"), ("simple", "plainfifo")):
        ratio_row("twins: pipe (pinned) round trips/s, %s / %s" % (ours, ref), "twin_pipe_" + ours, "twin_pipe_" + ref,
                  "/s", 0.95, math.inf, ">= 0.95 (no worse)")
        ratio_row("twins: wakeup p99, %s / %s" % (ours, ref), "twin_wakeup_" + ours, "twin_wakeup_" + ref,
                  "us", 0.0, 1.05, "<= 1.05 (no worse)")
        ratio_row("twins: messaging messages/s, %s / %s" % (ours, ref), "twin_msg_" + ours, "twin_msg_" + ref,
                  "/s", 0.95, math.inf, ">= 0.95 (no worse)")
    ratio_row("twins: fairness worst_rel_error, vtime / plainvtime", "twin_fair_vtime", "twin_fair_plainvtime",
              "", 0.0, 1.0, "< 1 (better)")
    # weights: one probe per row, no rounds: whose nice 0 : nice 6 split is
    # closer to the weights' ratio (distance in log terms, so 2x too much and
    # 2x too little are equally far)
    exp_w, wv, wp = med(raw, "twin_weights_expected"), med(raw, "twin_weights_vtime"), med(raw, "twin_weights_plainvtime")
    closer = None
    if not any(math.isnan(x) or x <= 0 for x in (exp_w, wv, wp)):
        closer = abs(math.log(wv / exp_w)) < abs(math.log(wp / exp_w))
    rows.append(("twins: weights probe, nice 0 : nice 6 split on one CPU, vtime vs plainvtime (expected %s)"
                 % fmt(exp_w, "{:.2f}"), fmt(wv, "{:.2f}"), fmt(wp, "{:.2f}"), "", "vtime closer",
                 closer, 0, "", False))
    # deadline (run.sh 5, schedulers/deadline.bpf.c) on the metrics its
    # policy exists for, beside EEVDF and the global FIFO `simple`, rows of
    # one run paired by round
    for wl in ("wakeup", "interactive"):
        for other in ("eevdf", "simple"):
            ratio_row("deadline: %s p99, deadline / %s" % (wl, other), "dl_%s_deadline" % wl,
                      "dl_%s_%s" % (wl, other), "us", 0.0, 1.0, "<= 1.00")
    ratio_row("deadline: pipe (unpinned) round trips/s, deadline / simple", "dl_pipe_deadline", "dl_pipe_simple",
              "/s", 0.85, math.inf, ">= 0.85")

    # policy (run.sh 6): vtime's cgroup weights. The rows of one run take
    # turns round by round, so A and B saw the same host; the target is on
    # A alone (within 15% of each tenant's configured share), B is the
    # reference.
    def share_row(name, a_key, target, info=False):
        a = [x for x in raw.get(a_key, []) if not math.isnan(x)]
        m, ci = med(raw, a_key), median_ci(a)
        rows.append((name, fmt(m), fmt(med(raw, "tenants_eevdf")), "-", "(none)" if info else "A <= %g" % target,
                     "info" if info else (None if math.isnan(m) else m <= target), len(a),
                     "%.3f..%.3f (%.0f%%)" % ci if ci else "",
                     not info and ci is not None and ci[0] <= target < ci[1]))
    share_row("policy: tenants (cpu.weight 100/300) worst share error, vtime (A) vs EEVDF (B)",
              "tenants_vtime", 0.15)
    n_targets = len(rows)
    # informational, no target: every event traced (--tracer-duty 100)
    full = paired(raw, "ovh_full", "ovh_off")
    rows.append(("info: pipe (pinned) round trips/s, tracer always attached / off",
                 fmt(med(raw, "ovh_full"), "{:.4g}") + " /s", fmt(med(raw, "ovh_off"), "{:.4g}") + " /s",
                 fmt(full), "(none)", "info", len(pair_ratios(raw, "ovh_full", "ovh_off")),
                 ci_str(pair_ratios(raw, "ovh_full", "ovh_off")), False))
    # informational: each timer tool alone, as a user would run it (see run.sh 1b)
    alone = paired(raw, "timer_alone_ours_p50", "timer_alone_cyc_p50")
    rows.append(("info: timer latency p50, each alone: interactive / cyclictest (as a cmd: workload)",
                 fmt(med(raw, "timer_alone_ours_p50"), "{:.4g}") + " us",
                 fmt(med(raw, "timer_alone_cyc_p50"), "{:.4g}") + " us", fmt(alone), "(none)", "info",
                 len(pair_ratios(raw, "timer_alone_ours_p50", "timer_alone_cyc_p50")),
                 ci_str(pair_ratios(raw, "timer_alone_ours_p50", "timer_alone_cyc_p50")), False))
    # the control: the same run's vtime with its cgroup weights off
    share_row("info: the same, vtime with cgroup_weights=0 (A) vs EEVDF (B)", "tenants_vtime_nocg", 0, True)
    head = ("benchmark", "A (median)", "B (median)", "ratio", "CI of the ratio", "target")
    cols = (0, 1, 2, 3, 7, 4)
    w = [max([len(head[i])] + [len(r[c]) for r in rows]) for i, c in enumerate(cols)]
    line = "  ".join(h.ljust(w[i]) for i, h in enumerate(head)) + "  result"
    print(line)
    print("-" * len(line))
    missed = unmeasured = noisy = 0
    for r in rows:
        missed += r[5] is False
        noisy += r[5] is False and r[8]
        unmeasured += r[5] is None
        res = ("n/a (not measured)" if r[5] is None else "measured" if r[5] == "info"
               else ("met" if r[5] else "NOT MET"))
        if r[5] is not None and r[5] != "info" and r[8]:
            res += " (CI crosses the bound)"
        print("  ".join(str(r[c]).ljust(w[i]) for i, c in enumerate(cols)) + "  " + res)
    print()
    print("  tracer on = as runs use it by default: attached %s%% of the time, in 0.25-0.5 s windows;"
          % fmt(med(raw, "tracer_duty_pct"), "{:g}"))
    print("  pipe fidelity and overhead run pinned to one CPU (taskset -c 0), both sides alike;")
    print("  CI: distribution-free confidence interval of the median of the pairs (coverage in brackets);")
    print("  for the tenants rows, of the median of A's repeats (rounds)")
    print("  ratios are medians of back-to-back pairs (A B, B A, ...): pipe %d, timer %d (at once), overhead %d + %d pairs"
          % tuple(r[6] for r in rows[:4]))
    print("  twins: rows vtime, plainvtime, simple, plainfifo of one run, interleaved in %d rounds;"
          " ratios are medians of the same-round ratios" % len(raw.get("twin_pipe_vtime", [])))
    print("  deadline: rows EEVDF, simple, deadline of one run, interleaved in %d rounds; ratios likewise"
          % len(raw.get("dl_pipe_deadline", [])))
    for name, a_key, b_key in (("pipe fidelity", "pipe_ours", "pipe_perf"),
                               ("timer fidelity", "timer_ours_p50", "timer_cyc_p50"),
                               ("timer, each alone", "timer_alone_ours_p50", "timer_alone_cyc_p50"),
                               ("pipe overhead", "ovh_on", "ovh_off"),
                               ("wakeup overhead", "ovhw_on", "ovhw_off")):
        p = sorted(pair_ratios(raw, a_key, b_key))
        if p:
            print("  pairs, %s: %s" % (name, " ".join("%.3f" % x for x in p)))
    for name, a_key, b_key in (("timer latency avg at once, interactive / cyclictest", "timer_ours_mean", "timer_cyc_avg"),
                               ("timer latency p99 at once, interactive / cyclictest", "timer_ours_p99", "timer_cyc_p99"),
                               ("timer latency p50, interactive alone / beside cyclictest",
                                "timer_alone_ours_p50", "timer_ours_p50")):
        print("  also: %s = %s (medians %s vs %s us)" % (name, fmt(paired(raw, a_key, b_key)),
                                                        fmt(med(raw, a_key), "{:.4g}"),
                                                        fmt(med(raw, b_key), "{:.4g}")))
    print("  also: tracer's own cost (kernel BPF run statistics, one pinned pipe run, always attached): %s ns per"
          " event, %s events/s = %s of one CPU" % (fmt(med(raw, "tracer_ns_per_event"), "{:.0f}"),
                                                  fmt(med(raw, "tracer_events_per_s"), "{:.0f}"),
                                                  fmt(med(raw, "tracer_cpu_frac"), "{:.2%}")))
    print("        (program run time only: the tracepoint dispatch around it comes on top; pipe")
    print("        is a serial ping-pong, so the pinned-pipe slowdown is at least that share)")
    print()
    if missed:
        print("%d of %d targets NOT MET%s (benchmarks report, they do not fail the build)"
              % (missed, n_targets, ", %d of them within this run's noise (CI crosses the bound)" % noisy
                 if noisy else ""))
    else:
        print("all measured targets met")
    if unmeasured:
        print("%d benchmark(s) could not be measured: see the log above" % unmeasured)
    return 0


def main(argv):
    cmds = {"extract": cmd_extract, "rounds": cmd_rounds, "probe": cmd_probe, "tracer-cost": cmd_tracer_cost,
            "perf-ops": cmd_perf_ops, "cyclic": cmd_cyclic, "report": cmd_report}
    if len(argv) < 2 or argv[1] not in cmds:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        return cmds[argv[1]](*argv[2:]) or 0
    except TypeError as e:  # wrong argument count
        print("bench.py %s: %s" % (argv[1], e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
