#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make soak's bookkeeping (tests/soak/run.sh runs the phases).

  soak.py snap FILE          what the kernel holds now: BPF programs, maps,
                             links, BTF objects (bpftool), slab (/proc/meminfo
                             Slab and SUnreclaim, kB) -> FILE (JSON)
  soak.py kmsg FILE          problem records in a raw kernel log (dmesg -r):
                             count and the first, as JSON on stdout
  soak.py table DIR          the table of every phase DIR/*.phase.json, and
                             the verdict: exit 1 on any growth beyond noise

Growth beyond noise (why these bounds: see README, "make soak"):
  - BPF programs, maps, links, BTF objects: back to exactly the before
    count (after the kernel's deferred frees have settled);
  - unreclaimable slab (after giving empty slabs back: /sys/kernel/slab/*/
    shrink): at most a tolerance more than before (SOAK_SLAB_TOL_KB sets
    it), by default the larger of 512 KiB (~0.5 KiB a cycle at 1000 cycles) and
    3x the largest drift of the control phases of the same boot (the same
    load with no BPF scheduler);
  - kernel log: no new record at warning level or worse, or naming
    WARNING, BUG:, Oops, stall, refcount_t (clock warnings of the emulated
    machine aside, as the reload probe does).
"""
import glob
import json
import os
import subprocess
import sys

KINDS = ("prog", "map", "link", "btf")
PROBLEM_WORDS = ("WARNING", "BUG:", "Oops", "stall", "refcount_t")
NOISE_WORDS = ("clocksource", "Marking TSC unstable", "hrtimer: interrupt took")
# Known kernel-side issues: shown, not failed (the same list as the probes'
# in conformance/probe_util.c, which says why)
KNOWN_WORDS = ("psi: inconsistent task state",)
SLAB_FLOOR_KB = 512


def bpf_count(kind):
    out = subprocess.run(["bpftool", kind, "list", "-j"], capture_output=True, text=True, check=True).stdout
    return len(json.loads(out or "[]"))


def meminfo():
    m = {}
    with open("/proc/meminfo") as f:
        for line in f:
            k, v = line.split(":", 1)
            m[k] = int(v.split()[0])
    return m


def shrink_slabs():
    """Give empty slabs back (SLUB keeps them on per-CPU partial lists):
    what stays is what is allocated, so a before/after difference is
    objects, not the allocator's caching."""
    for f in glob.glob("/sys/kernel/slab/*/shrink"):
        try:
            with open(f, "w") as fp:
                fp.write("1")
        except OSError:
            pass


def slab_caches():
    """bytes in use per slab cache (/proc/slabinfo: active objects x size)"""
    caches = {}
    try:
        with open("/proc/slabinfo") as f:
            for line in f:
                if line.startswith(("slabinfo", "#")):
                    continue
                v = line.split()
                caches[v[0]] = caches.get(v[0], 0) + int(v[1]) * int(v[3])
    except OSError:
        pass
    return caches


def snap(path):
    shrink_slabs()
    m = meminfo()
    d = {k: bpf_count(k) for k in KINDS}
    d["slab_kb"] = m["Slab"]
    d["sunreclaim_kb"] = m["SUnreclaim"]
    d["caches"] = slab_caches()
    with open(path, "w") as f:
        json.dump(d, f)


def top_growth(b, a, n=3):
    """the n slab caches that grew most, "name +KB" """
    cb, ca = b.get("caches", {}), a.get("caches", {})
    g = sorted(((ca[k] - cb.get(k, 0), k) for k in ca), reverse=True)[:n]
    return ", ".join("%s %+d kB" % (k, d // 1024) for d, k in g if d > 0)


def classify(path):
    """problem records of a raw kernel log: count, first; known ones apart"""
    r = {"problems": 0, "first": "", "known": 0, "known_first": ""}
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            pri = 6
            if line.startswith("<") and ">" in line:
                try:
                    pri = int(line[1:line.index(">")]) & 7
                except ValueError:
                    pass
            if not (pri <= 4 or any(w in line for w in PROBLEM_WORDS)):
                continue
            if any(w in line for w in NOISE_WORDS):
                continue
            known = any(w in line for w in KNOWN_WORDS)
            r["known" if known else "problems"] += 1
            first = "known_first" if known else "first"
            r[first] = r[first] or line
    return r


def kmsg(path):
    print(json.dumps(classify(path)))


def table(d):
    phases = []
    for f in sorted(glob.glob(os.path.join(d, "*.phase.json")), key=os.path.getmtime):
        p = json.load(open(f))
        log = f[:-len(".phase.json")] + ".kmsg"
        if os.path.exists(log):  # classified again: the lists may have grown
            p["kmsg"] = classify(log)
        phases.append(p)
    ctl = [p for p in phases if p["kind"].startswith("control")]
    drift = max([abs(p["after"]["sunreclaim_kb"] - p["before"]["sunreclaim_kb"]) for p in ctl] or [0])
    tol = int(os.environ.get("SOAK_SLAB_TOL_KB") or max(SLAB_FLOOR_KB, 3 * drift))
    hdr = ("phase", "scheduler", "cycles", "seconds", "progs", "maps", "links", "btf",
           "SUnreclaim kB", "kernel log", "verdict")
    rows, bad = [], 0
    for p in phases:
        b, a = p["before"], p["after"]
        why = []
        if not p["kind"].startswith("control"):
            why += [k for k in KINDS if a[k] != b[k]]
            if a["sunreclaim_kb"] - b["sunreclaim_kb"] > tol:
                why.append("slab +%d kB" % (a["sunreclaim_kb"] - b["sunreclaim_kb"]))
        if p["kmsg"]["problems"]:
            why.append("kernel log")
        if p.get("rc", 0) != 0:
            why.append("exit %d" % p["rc"])
        bad += bool(why)
        rows.append((p["kind"], p["sched"], str(p.get("cycles", "")), "%.0f" % p["seconds"],
                     *["%d→%d" % (b[k], a[k]) for k in KINDS],
                     "%d→%d (%+d)" % (b["sunreclaim_kb"], a["sunreclaim_kb"],
                                       a["sunreclaim_kb"] - b["sunreclaim_kb"]),
                     str(p["kmsg"]["problems"]) + (" (+%d known)" % p["kmsg"]["known"] if p["kmsg"].get("known") else ""),
                     "ok" if not why else "FAIL: " + ", ".join(why)))
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    print("slab tolerance: %d kB (max of %d kB and 3x the largest control phase drift, %d kB)" % (tol, SLAB_FLOOR_KB, drift))
    for p in phases:
        grew = top_growth(p["before"], p["after"])
        if grew:
            print("%s %s: slab caches grown most: %s" % (p["kind"], p["sched"], grew))
        if p["kmsg"]["problems"]:
            print("%s %s: first kernel log problem: %s" % (p["kind"], p["sched"], p["kmsg"]["first"]))
        if p["kmsg"].get("known"):
            print("%s %s: known kernel-side issue (not failed): %s" % (p["kind"], p["sched"], p["kmsg"]["known_first"]))
        if p.get("note"):
            print("%s %s: %s" % (p["kind"], p["sched"], p["note"]))
    print("soak: %s (%d of %d phases failed)" % ("FAIL" if bad else "ok", bad, len(phases)))
    return 1 if bad else 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("snap", "kmsg", "table"):
        sys.exit("usage: soak.py snap FILE | kmsg FILE | table DIR")
    cmd, arg = sys.argv[1:]
    if cmd == "snap":
        snap(arg)
    elif cmd == "kmsg":
        kmsg(arg)
    else:
        sys.exit(table(arg))


if __name__ == "__main__":
    main()
