#!/usr/bin/env python3
"""Helpers for tests/bench/run.sh: read the numbers each benchmark step
produced, and print the final table.

Why a helper: the runs are driven from bash (they are commands a user could
type), but extracting values from results.json, perf's text and
cyclictest's JSON, and the statistics (medians, CV), are clearer in Python.

  bench.py metric RESULTS.json WORKLOAD METRIC     median of the repeats' values
  bench.py runq RESULTS.json WORKLOAD KEY          median of system.runq_latency[KEY]
  bench.py hist-mean RESULTS.json WORKLOAD KEY     median of the mean of detail[KEY] (ns -> us)
  bench.py cv RESULTS.json WORKLOAD METRIC         CV of the repeats (stddev / mean)
  bench.py tracer-cost RESULTS.json WORKLOAD      RAW lines: the tracer's ns/event, events/s, CPU share
  bench.py perf-ops FILE                           ops/sec from `perf bench sched pipe`
  bench.py cyclic FILE.json STAT                   p50|p99|avg (us) of cyclictest thread 0
  bench.py report RAW.tsv                          the table (RAW: key<TAB>value lines)

Every command prints "nan" rather than failing when a value is missing, so
one broken step shows as "n/a" in the table instead of hiding the others.
"""
import json
import math
import re
import statistics
import sys


def nan():
    print("nan")
    return 0


def repeats(path, workload):
    d = json.load(open(path))
    for r in d["results"]:
        if r["workload"].split(":")[0] == workload:
            return [rp for rp in r["repeats"] if rp.get("status") == "ok"]
    return []


def metric_values(path, workload, name):
    vals = []
    for rp in repeats(path, workload):
        for m in rp.get("metrics", []):
            if m.get("name") == name:
                vals.append(float(m["value"]))
    return vals


def cmd_metric(path, workload, name):
    v = metric_values(path, workload, name)
    print(statistics.median(v) if v else "nan")


def cmd_runq(path, workload, key):
    v = [rp["system"]["runq_latency"][key] for rp in repeats(path, workload)
         if key in rp.get("system", {}).get("runq_latency", {})]
    print(statistics.median(v) if v else "nan")


def cmd_hist_mean(path, workload, key):
    """Mean (us) of a histogram the workload stored in its detail (ns)."""
    v = []
    for rp in repeats(path, workload):
        h = rp.get("detail", {}).get(key)
        if h and h.get("count"):
            v.append(float(h["sum"]) / float(h["count"]) / 1e3)
    print(statistics.median(v) if v else "nan")


def cmd_tracer_cost(path, workload):
    """The tracer's own cost from kernel BPF run statistics, as RAW lines."""
    for rp in repeats(path, workload):
        q, win = rp["system"].get("runq_latency", {}), rp["system"].get("window_s", 0)
        if "tracer_ns_per_event" in q and win > 0:
            print("tracer_ns_per_event\t%s" % q["tracer_ns_per_event"])
            print("tracer_events_per_s\t%s" % (q["tracer_events"] / win))
            print("tracer_cpu_frac\t%s" % (q["tracer_cpu_s"] / win))
    return 0


def cmd_cv(path, workload, name):
    v = metric_values(path, workload, name)
    if len(v) < 2 or statistics.mean(v) == 0:
        return nan()
    print(statistics.stdev(v) / statistics.mean(v))


def cmd_perf_ops(path):
    m = re.search(r"([0-9.]+)\s+ops/sec", open(path, errors="replace").read())
    print(float(m.group(1)) if m else "nan")


def cmd_cyclic(path, stat):
    """Percentiles from cyclictest's 1 us histogram; samples past its end
    (overflows) count as larger than every bucket."""
    t = json.load(open(path))["thread"]["0"]
    if stat == "avg":
        print(float(t["avg"]))
        return 0
    hist = sorted((int(k), int(v)) for k, v in t.get("histogram", {}).items())
    n = int(t.get("cycles", sum(c for _, c in hist)))
    if n == 0:
        return nan()
    pct = {"p50": 50.0, "p99": 99.0}[stat]
    rank = max(1, math.ceil(pct / 100.0 * n))
    seen = 0
    for us, c in hist:
        seen += c
        if seen >= rank:
            print(float(us))
            return 0
    print(float(t["max"]))  # the rank is among the overflows
    return 0


def med(raw, key):
    v = [x for x in raw.get(key, []) if not math.isnan(x)]
    return statistics.median(v) if v else float("nan")


def pair_ratios(raw, a_key, b_key):
    return [x / y for x, y in zip(raw.get(a_key, []), raw.get(b_key, []))
            if not math.isnan(x) and not math.isnan(y) and y > 0]


def paired(raw, a_key, b_key):
    """A and B were measured in alternation: the i-th A and the i-th B ran
    back to back, so each pair's ratio cancels slow drift of the host; the
    result is the median of the pairs' ratios."""
    p = pair_ratios(raw, a_key, b_key)
    return statistics.median(p) if p else float("nan")


def npairs(raw, a_key, b_key):
    return len(pair_ratios(raw, a_key, b_key))


def fmt(x, spec="{:.3f}"):
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else spec.format(x)


def cmd_report(path):
    raw = {}
    for line in open(path):
        if "\t" not in line:
            continue
        k, v = line.rstrip("\n").split("\t", 1)
        try:
            raw.setdefault(k, []).append(float(v))
        except ValueError:
            raw.setdefault(k, []).append(float("nan"))

    rows = []  # (benchmark, ours, reference, ratio, target text, met)

    def ratio_row(name, a_key, b_key, unit, lo, hi, target):
        r, n = paired(raw, a_key, b_key), npairs(raw, a_key, b_key)
        met = None if math.isnan(r) else lo <= r <= hi
        rows.append((name, fmt(med(raw, a_key), "{:.4g}") + " " + unit,
                     fmt(med(raw, b_key), "{:.4g}") + " " + unit, fmt(r), target, met, n))

    ratio_row("fidelity: pipe round trips/s, ours / perf bench sched pipe",
              "pipe_ours", "pipe_perf", "/s", 0.85, 1.15, "0.85..1.15")
    ratio_row("fidelity: timer latency p50, interactive / cyclictest --policy other",
              "timer_ours_p50", "timer_cyc_p50", "us", 0.85, 1.15, "0.85..1.15")
    ratio_row("overhead: pipe round trips/s, tracer on / off",
              "ovh_on", "ovh_off", "/s", 0.97, float("inf"), ">= 0.97 (cost < 3%)")
    for wl in ("pipe", "cpu"):
        cv = med(raw, "noise_%s_cv" % wl)
        rows.append(("noise: CV of 5 repeats of %s (%s) under EEVDF" %
                     (wl, "roundtrips_per_s" if wl == "pipe" else "completion_s"),
                     "", "", fmt(cv, "{:.2%}"), "< 5%", None if math.isnan(cv) else cv < 0.05, 5))

    w = [max(len(r[i]) for r in rows) for i in range(5)]
    head = ("benchmark", "A (median)", "B (median)", "ratio", "target")
    w = [max(w[i], len(head[i])) for i in range(5)]
    line = "  ".join(h.ljust(w[i]) for i, h in enumerate(head)) + "  result"
    print(line)
    print("-" * len(line))
    missed = unmeasured = 0
    for r in rows:
        if r[5] is None:
            unmeasured += 1
        res = "n/a (not measured)" if r[5] is None else ("met" if r[5] else "NOT MET")
        if r[5] is False:
            missed += 1
        print("  ".join(str(r[i]).ljust(w[i]) for i in range(5)) + "  " + res)
    print()
    for name, a_key, b_key in (("timer latency avg, interactive / cyclictest", "timer_ours_mean", "timer_cyc_avg"),
                               ("timer latency p99, interactive / cyclictest", "timer_ours_p99", "timer_cyc_p99")):
        print("  also: %s = %s (medians %s vs %s us)" % (name, fmt(paired(raw, a_key, b_key)),
                                                        fmt(med(raw, a_key), "{:.4g}"), fmt(med(raw, b_key), "{:.4g}")))
    ns, ev = med(raw, "tracer_ns_per_event"), med(raw, "tracer_events_per_s")
    cpu = med(raw, "tracer_cpu_frac")
    print("  also: tracer's own cost (kernel BPF run statistics): %s ns per event, %s events/s = %s of one CPU;"
          % (fmt(ns, "{:.0f}"), fmt(ev, "{:.0f}"), fmt(cpu, "{:.2%}")))
    print("        pipe is a serial ping-pong, so this is also its expected slowdown (the"
          " throughput ratio above is that plus the run-to-run noise)")
    print("  ratios: median of the ratios of back-to-back pairs (A B, B A, ...) in this one boot;"
          " pairs: pipe %d, timer %d, overhead %d" % tuple(r[6] for r in rows[:3]))
    print()
    if missed:
        print("%d of %d target(s) NOT MET (benchmarks report, they do not fail the build)" % (missed, len(rows)))
    else:
        print("all measured targets met")
    if unmeasured:
        print("%d benchmark(s) could not be measured: see the log above" % unmeasured)
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    try:
        if cmd == "metric":
            return cmd_metric(*args) or 0
        if cmd == "runq":
            return cmd_runq(*args) or 0
        if cmd == "hist-mean":
            return cmd_hist_mean(*args) or 0
        if cmd == "tracer-cost":
            return cmd_tracer_cost(*args)
        if cmd == "cv":
            return cmd_cv(*args) or 0
        if cmd == "perf-ops":
            return cmd_perf_ops(*args) or 0
        if cmd == "cyclic":
            return cmd_cyclic(*args) or 0
        if cmd == "report":
            return cmd_report(*args)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as e:
        print("bench.py %s: %s" % (cmd, e), file=sys.stderr)
        return nan()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
