#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Summarise make calibrate-recommend (tests/bench/calibrate_recommend.sh).

usage: calibrate_recommend.py SCXBENCH DIR [DIR ...]

For every DIR/run*/results.json and each profile's contender X (with its
twin X2 = the same scheduler under another name), asks `SCXBENCH recommend
--profile P --format json`:
  A/A     on the run as measured (when it has both X and X2): a pick of X or
          X2 is a false pick, since the two rows are the same build;
  single  on the run with every twin row left out (what `run --sched
          vtime,deadline` would have given): a pick of X is the answer a
          user gets, EEVDF or another scheduler is a miss.
Prints per profile the counts with a 95% Wilson interval, and writes
DIR/raw.tsv (one line per run, profile and design). Running it again with
another build's binary judges the same measurements by that build's rule.
"""
import glob
import json
import math
import os
import subprocess
import sys

# profile -> (contender, twin); the twins are the calibrate_recommend.sh rows
CONTENDERS = {"multitenant": ("vtime", "vtime2"), "desktop": ("deadline", "deadline2")}
TWINS = {t for _, t in CONTENDERS.values()}


def wilson(k, n, z=1.96):
    """95% Wilson score interval of k successes in n trials, as (lo, hi)."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


def answer(binary, path, profile):
    """(recommended or None, answer kind, P(best) of the most likely) from recommend's JSON."""
    out = subprocess.run([binary, "recommend", path, "--profile", profile, "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"calibrate_recommend: recommend {path}: {out.stderr.strip()}")
    rec = json.loads(out.stdout)["recommendations"][0]
    top = max(rec["candidates"], key=lambda c: c.get("p_best") or 0)
    return rec["recommended"], rec["answer"], top["name"], top.get("p_best") or 0


def without_twins(doc):
    """The run as if the twin rows had not been measured."""
    keep = lambda x: x.get("scheduler", x.get("name")) not in TWINS
    out = dict(doc)
    out["schedulers"] = [s for s in doc["schedulers"] if s["name"] not in TWINS]
    out["results"] = [r for r in doc["results"] if keep(r)]
    out["probes"] = [p for p in doc.get("probes", []) if keep(p)]
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[2])
    binary, dirs = sys.argv[1], sys.argv[2:]
    tally = {}  # (profile, design) -> {outcome: count}
    for d in dirs:
        runs = sorted(glob.glob(os.path.join(d, "run*/results.json")),
                      key=lambda p: int(os.path.basename(os.path.dirname(p))[3:] or 0))
        if not runs:
            sys.exit(f"calibrate_recommend: {d}: no run*/results.json")
        with open(os.path.join(d, "raw.tsv"), "w") as raw:
            raw.write("run\tprofile\tdesign\toutcome\trecommended\tanswer\tmost_likely\tp_best\n")
            for path in runs:
                with open(path) as f:
                    doc = json.load(f)
                names = {s["name"] for s in doc["schedulers"]}
                single = os.path.join(os.path.dirname(path), "single.json")
                with open(single, "w") as f:
                    json.dump(without_twins(doc), f)
                for profile, (x, x2) in CONTENDERS.items():
                    if x not in names:
                        continue
                    designs = [("single", single)]
                    if x2 in names:
                        designs.insert(0, ("A/A", path))
                    for design, p in designs:
                        rec, kind, top, pb = answer(binary, p, profile)
                        if design == "A/A":
                            outcome = "false pick" if rec in (x, x2) else "eevdf" if rec else "no pick"
                        else:
                            outcome = "picked" if rec == x else "eevdf" if rec == "eevdf" else \
                                      "other" if rec else "no pick"
                        t = tally.setdefault((profile, design), {})
                        t[outcome] = t.get(outcome, 0) + 1
                        raw.write(f"{path}\t{profile}\t{design}\t{outcome}\t{rec or '-'}\t{kind}\t{top}\t{pb:.3f}\n")
    print(f"recommend's rule as built into {binary}")
    for (profile, design), t in sorted(tally.items()):
        n = sum(t.values())
        key = "false pick" if design == "A/A" else "picked"
        k = t.get(key, 0)
        lo, hi = wilson(k, n)
        rest = ", ".join(f"{o} {c}" for o, c in sorted(t.items()) if o != key)
        print(f"  {profile:<12} {design:<7} {key} {k} of {n} (95% {lo:.2f}..{hi:.2f}){'; ' + rest if rest else ''}")


if __name__ == "__main__":
    main()
