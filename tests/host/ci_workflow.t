#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The GitHub Actions files cannot run here, so they are linted: every file
# parses as YAML, the composite action is well-formed (composite, every run
# step has a shell, every ${{ inputs.X }} is declared and every declared
# input is used), the workflows pass the action only inputs it declares
# and reference only step ids that exist, the user's workflow and this
# repository's run the same steps with the same inputs, and every command,
# flag and path they use exists: scxbench subcommands and options (from
# their --help), ci/vm options, scripts in ci/. The README documents the
# exact Ubuntu packages the action installs and every input.
#
# A/B mode (issue 15): the action's run step is executed with a stand-in
# scxbench and sudo, to see that base-sched and cand-sched become rows named
# base and cand (--sched-obj base=FILE, --sched-cmd 'cand=CMD', --sched
# NAME=BUNDLED) that the real `scxbench run` parser accepts; the A/B compare
# step (--base-row base --cand-row cand --fail-on-regression) exists and is
# the compare-status output and part of the verdict; the pull-request job
# checks out the base ref, builds in both trees, and has enough rounds for
# the paired test to call a change; no job gates on a cached baseline.
#
# Sharding (issue 18): the action passes its shard input as run --shard
# (checked against the real parser); each workflow's suite is a matrix of
# kernel x topology x shard jobs fed by a plan job (its script run here:
# shards=N gives [1..N]), each uploading results under a name unique to
# its matrix cell and the scxbench binary; the merge job waits for them
# even when one failed, downloads both by patterns that match those names,
# runs `scxbench merge`, writes the job summary and fails on a `not ok` or
# a failed merge (its script run here against a stand-in scxbench). The
# checker's own exit status counts: a crash in it is a failure, not a
# shorter list of checks.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/tap.sh
BIN=${SCXBENCH:-build/scxbench}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
tap_begin

if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "Bail out! python3-yaml is missing (ci/setup installs it)"; exit 1
fi
"$BIN" help > "$T/help" 2>&1
"$BIN" run --help > "$T/run-help" 2>&1
"$BIN" report --help > "$T/report-help" 2>&1
"$BIN" compare --help > "$T/compare-help" 2>&1
"$BIN" list > "$T/list" 2>&1
ci/vm --help > "$T/vm-help" 2>&1

"$BIN" merge --help > "$T/merge-help" 2>&1
python3 - "$T" "$BIN" > "$T/checks" 2> "$T/checker.err" <<'PY'
import re, sys, os, yaml, subprocess, fnmatch, json
T, BIN = sys.argv[1], os.path.abspath(sys.argv[2])
def check(ok, desc, detail=""):
    print(("PASS" if ok else "FAIL") + "|" + desc + "|" + str(detail).replace("\n", " "))
def load(path):
    try:
        with open(path) as f:
            d = yaml.safe_load(f)
        check(isinstance(d, dict), f"{path} parses as a YAML mapping")
        return d
    except Exception as e:
        check(False, f"{path} parses as YAML", e)
        return {}
help_ = {k: open(f"{T}/{k}-help").read() for k in ("run", "report", "compare", "vm", "merge")}
top_help = open(f"{T}/help").read()

# --- the composite action ---------------------------------------------------
act = load("action.yml")
inputs = act.get("inputs") or {}
runs = act.get("runs") or {}
steps = runs.get("steps") or []
check(runs.get("using") == "composite", "action.yml is a composite action")
check(bool(act.get("name")) and bool(act.get("description")), "action.yml has a name and a description")
check(all("description" in v for v in inputs.values()), "every action input is described",
      [k for k, v in inputs.items() if "description" not in v])
check(all("shell" in s for s in steps if "run" in s), "every run step of the composite action names its shell",
      [s.get("name") for s in steps if "run" in s and "shell" not in s])
text = open("action.yml").read()
used = set(re.findall(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)", text))
check(used <= set(inputs), "action.yml uses only declared inputs", sorted(used - set(inputs)))
check(set(inputs) <= used, "every declared input is used", sorted(set(inputs) - used))
for want in ("schedulers", "workloads", "probes", "kernels", "baseline", "regression-threshold",
             "base-sched", "cand-sched", "build"):
    check(want in inputs, f"action input '{want}' exists")
check(str((inputs.get("regression-threshold") or {}).get("default")) == "5",
      "regression-threshold defaults to 5 (percent, the recommended gate under TCG)",
      (inputs.get("regression-threshold") or {}).get("default"))
check("status regressions" in str((inputs.get("baseline") or {}).get("description", "")),
      "the baseline input says that across runs only status regressions are gated")
ids = {s["id"] for s in steps if "id" in s}
refs = set(re.findall(r"steps\.([A-Za-z0-9_-]+)\.", text))
check(refs <= ids, "action.yml references only its own step ids", sorted(refs - ids))
for name, o in (act.get("outputs") or {}).items():
    m = re.search(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", o.get("value", ""))
    check(bool(m) and m.group(1) in ids, f"output {name} comes from a step of the action")
scripts = "\n".join(s.get("run", "") for s in steps)
# scxbench subcommands and their options
for sub in sorted(set(re.findall(r'"\$SCXBENCH"\s+(\w+)', scripts)) | {"run"}):
    check(re.search(rf"^\s+{sub}\s", top_help, re.M) is not None, f"scxbench {sub} is a real subcommand")
run_args = " ".join(re.findall(r"args\+?=\((.*?)\)", scripts, re.S))
for flag in sorted(set(re.findall(r"(--[a-z][a-z-]*)", run_args))):
    check(re.search(rf"(^|\s){re.escape(flag)}[\s,=\[]", help_["run"], re.M) is not None,
          f"scxbench run {flag} exists (run --help)")
for sub in ("report", "compare"):
    # the command with its backslash-continued lines
    for line in re.findall(rf'"\$SCXBENCH"\s+{sub}\b((?:[^\n]*\\\n)*[^\n]*)', scripts):
        for flag in sorted(set(re.findall(r"\s(--?[a-z][a-z-]*)", line.replace("\\\n", " ")))):
            check(re.search(rf"(^|\s){re.escape(flag)}[\s,]", help_[sub], re.M) is not None,
                  f"scxbench {sub} {flag} exists ({sub} --help)")
for line in re.findall(r"ci/vm\s(.*?)(?:--\s|$)", scripts, re.S):
    for flag in sorted(set(re.findall(r"(--[a-z][a-z-]*)", line))):
        check(re.search(rf"^\s+{re.escape(flag)}\s", help_["vm"], re.M) is not None, f"ci/vm {flag} exists (ci/vm --help)")
for path in sorted(set(re.findall(r"\b(ci/[a-z0-9_-]+)\b", scripts))):
    check(os.access(path, os.X_OK), f"{path} exists and is executable")
check("GITHUB_STEP_SUMMARY" in text and "--format md" in text, "the action writes the Markdown report to the job summary")
check("--fail-on-regression" in text, "the action gates on regressions with scxbench compare --fail-on-regression")

# --- A/B mode: the gate -------------------------------------------------------
def env_of(step, values, action_path):
    env = {}
    for k, v in (step.get("env") or {}).items():
        v = re.sub(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}", lambda m: values.get(m.group(1), ""), str(v))
        env[k] = v.replace("${{ github.action_path }}", action_path)
    return env
ab = [s for s in steps if re.search(r'"\$SCXBENCH" compare\b[^\n]*--base-row base\b[^\n]*--cand-row cand\b', s.get("run", ""))]
check(len(ab) == 1, "the action has one A/B compare step (compare RESULTS --base-row base --cand-row cand)", len(ab))
ab = ab[0] if ab else {}
abrun, abif = ab.get("run", ""), str(ab.get("if", ""))
check(bool(re.search(r'compare "\$OUT/results\.json" --base-row base --cand-row cand', abrun)),
      "the A/B step compares two rows of this run's results.json")
check(bool(re.search(r'--fail-on-regression "\$THRESHOLD"', abrun)) and
      "inputs.regression-threshold" in str((ab.get("env") or {}).get("THRESHOLD", "")),
      "the A/B step gates with --fail-on-regression regression-threshold")
check("inputs.base-sched" in abif and "inputs.cand-sched" in abif and "always()" in abif,
      "the A/B step runs when base-sched and cand-sched are set, even after a failed run", abif)
check("GITHUB_STEP_SUMMARY" in abrun and "--format md" in abrun, "the A/B table goes to the job summary")
abid = ab.get("id", "")
check(bool(abid) and f"steps.{abid}.outputs.exit-status" in str(((act.get("outputs") or {}).get("compare-status") or {}).get("value", "")),
      "the compare-status output covers the A/B gate")
verdict = [s for s in steps if s.get("name") == "Verdict"]
check(bool(verdict) and bool(abid) and any(f"steps.{abid}.outputs.exit-status" in str(v)
                                           for v in (verdict[0].get("env") or {}).values()),
      "the verdict fails the job on the A/B gate")
runstep = ([s for s in steps if s.get("id") == "run"] or [{}])[0]
# run the run step's script with a stand-in scxbench (records its argv) and sudo
sandbox = f"{T}/sandbox"
os.makedirs(f"{sandbox}/bin", exist_ok=True)
with open(f"{sandbox}/bin/sudo", "w") as f:
    f.write('#!/bin/sh\n[ "$1" = -E ] && shift\nexec "$@"\n')
with open(f"{sandbox}/fake-scxbench", "w") as f:
    f.write('#!/bin/sh\nprintf \'%s\\n\' "$@" > "$ARGV_OUT"\n')
os.chmod(f"{sandbox}/bin/sudo", 0o755); os.chmod(f"{sandbox}/fake-scxbench", 0o755)
os.makedirs(f"{sandbox}/ws/old", exist_ok=True)
open(f"{sandbox}/ws/old/x.bpf.o", "w").close()
def run_action(values):
    vals = {k: str(v.get("default", "")) for k, v in inputs.items()}
    vals.update(values)
    env = dict(os.environ, PATH=f"{sandbox}/bin:" + os.environ["PATH"],
               GITHUB_OUTPUT=f"{sandbox}/output", ARGV_OUT=f"{sandbox}/argv")
    env.update(env_of(runstep, vals, sandbox))
    env["SCXBENCH"] = f"{sandbox}/fake-scxbench"
    for f in ("argv", "output"):
        if os.path.exists(f"{sandbox}/{f}"):
            os.remove(f"{sandbox}/{f}")
    p = subprocess.run(["bash", "-c", runstep.get("run", "exit 99")], cwd=f"{sandbox}/ws", env=env,
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    argv = open(f"{sandbox}/argv").read().splitlines() if os.path.exists(f"{sandbox}/argv") else None
    return p.returncode, argv, p.stdout + p.stderr
def pairs(argv):
    return [(argv[i], argv[i + 1]) for i in range(len(argv) - 1)]
rc, argv, out = run_action({"schedulers": "none", "base-sched": "old/x.bpf.o",
                            "cand-sched": "cmd: scx_foo --slice=5 -v"})
check(rc == 0 and argv is not None, "the run step runs with base-sched and cand-sched set", out[-300:])
argv = argv or []
check(("--sched-obj", "base=old/x.bpf.o") in pairs(argv), "base-sched FILE.bpf.o becomes --sched-obj base=FILE", argv)
check(("--sched-cmd", "cand=scx_foo --slice=5 -v") in pairs(argv), "cand-sched 'cmd: CMD' becomes --sched-cmd 'cand=CMD'", argv)
check(bool(argv) and not {"--sched", "--all"} & set(argv), "schedulers: none adds no other rows", argv)
# the real parser: exit 2 is bad usage; 3 (no sched_ext, not root) means it parsed
if os.path.exists("/sys/kernel/sched_ext"):
    check(True, "scxbench run parses the A/B arguments # SKIP this kernel has sched_ext: it would run them")
else:
    p = subprocess.run([BIN] + [a for a in argv if a != "--vm"], cwd=f"{sandbox}/ws",
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    check(bool(argv) and p.returncode == 3, "scxbench run parses the A/B arguments (exit 3 for the environment, not 2 for usage)",
          f"exit {p.returncode}: {p.stderr.strip()[:300]}")
rc, argv, out = run_action({"base-sched": "vtime", "cand-sched": "vtime"})
argv = argv or []
check(rc == 0 and ("--sched", "base=vtime") in pairs(argv) and ("--sched", "cand=vtime") in pairs(argv)
      and "--all" in argv, "bundled base-sched/cand-sched become --sched base=NAME, cand=NAME beside the schedulers", argv)
# empty workloads/duration/repeat: A/B mode gets the calibrated gate design,
# a plain run the suite's defaults; a value given wins in both
rc, argv, out = run_action({"base-sched": "vtime", "cand-sched": "vtime"})
argv = argv or []
check(("--workload", "pipe:cpu=0") in pairs(argv) and ("--duration", "1") in pairs(argv)
      and ("--repeat", "20") in pairs(argv), "A/B mode defaults to the calibrated design: pipe:cpu=0, 20 rounds of 1 s", argv)
rc, argv, out = run_action({})
argv = argv or []
check(("--workload", "wakeup,pipe,cpu,fairness") in pairs(argv) and ("--duration", "5") in pairs(argv)
      and ("--repeat", "3") in pairs(argv), "without A/B: wakeup,pipe,cpu,fairness, 3 repeats of 5 s", argv)
rc, argv, out = run_action({"base-sched": "vtime", "cand-sched": "vtime", "workloads": "cpu", "repeat": "12",
                            "duration": "2"})
argv = argv or []
check(("--workload", "cpu") in pairs(argv) and ("--duration", "2") in pairs(argv) and ("--repeat", "12") in pairs(argv),
      "A/B mode keeps workloads, duration and repeat when given", argv)
rc, argv, out = run_action({"cand-sched": "old/x.bpf.o"})
check(rc != 0 and argv is None, "cand-sched without base-sched stops before scxbench runs", out[-200:])
rc, argv, out = run_action({"base-sched": "old/missing.bpf.o", "cand-sched": "old/x.bpf.o"})
check(rc != 0 and argv is None, "a base-sched object that was not built stops before scxbench runs", out[-200:])
rc, argv, out = run_action({"schedulers": "simple, vtime\ncmd: foo a,b"})
argv = argv or []
check(rc == 0 and ("--sched", "simple") in pairs(argv) and ("--sched-cmd", "foo a,b") in pairs(argv)
      and not any(a.startswith(("base=", "cand=")) for a in argv),
      "without base-sched and cand-sched the rows are the schedulers as before", argv)
rc, argv, out = run_action({"shard": " 2/3 "})
argv = argv or []
check(rc == 0 and ("--shard", "2/3") in pairs(argv), "the shard input becomes run --shard I/N", argv)
if not os.path.exists("/sys/kernel/sched_ext"):
    p = subprocess.run([BIN] + [a for a in argv if a != "--vm"], cwd=f"{sandbox}/ws",
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    check(bool(argv) and p.returncode == 3, "scxbench run parses the sharded arguments (exit 3, not 2)",
          f"exit {p.returncode}: {p.stderr.strip()[:300]}")
rc, argv, out = run_action({})
check(rc == 0 and "--shard" not in (argv or []), "without shard the whole plan runs (no --shard)", argv)
for flag, form in (("--sched-obj", "[NAME=]FILE"), ("--sched-cmd", "'[NAME=]CMD"), ("--sched", "NAME=BUNDLED")):
    check(f"{flag} {form}" in help_["run"],
          f"run --help documents {flag} with a row name ({form})")
check(any("actions/upload-artifact" in str(s.get("uses", "")) for s in steps), "the action uploads the results as an artifact")
m = re.search(r"apt-get install[^\n]*\n((?:.*\\\n)*.*)", scripts)
pkgs = sorted(set(re.findall(r"(?<![-\w])([a-z0-9][a-z0-9.+-]+)", m.group(1))) - {"y", "qq"}) if m else []
check(len(pkgs) > 10, "the action's apt-get install list found", pkgs)
readme = open("README.md").read()
sec = readme[readme.find("## CI"):] if "## CI" in readme else ""
check(bool(sec), "README has a CI section")
check(all(re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", sec) for p in pkgs),
      "README's CI section names every Ubuntu package the action installs",
      [p for p in pkgs if not re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", sec)])
check("virtme-ng" in sec and "pip" in sec, "README says how virtme-ng is installed")
gha = sec[sec.find("### GitHub Actions"):] if "### GitHub Actions" in sec else ""
gha = gha[:gha.find("\n## ", 1)] if "\n## " in gha else gha
check(all(f"`{k}`" in gha for k in inputs), "README's GitHub Actions section names every action input",
      [k for k in inputs if f"`{k}`" not in gha])
check(bool(re.search(r"^\| `regression-threshold` \| `5` \|", gha, re.M)), "README gives regression-threshold's default, 5")
check("--base-row base --cand-row cand" in gha, "README shows the A/B gate's compare command")

# --- the workflows ------------------------------------------------------------
def action_steps(job):
    return [s for s in job.get("steps") or [] if str(s.get("uses", "")).startswith("./")]
def matrix_values(job, v):
    """A with-value, with ${{ matrix.X }} read as each of the matrix's X values."""
    m = re.fullmatch(r"\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}", v.strip())
    if not m:
        return [v]
    vals = ((job.get("strategy") or {}).get("matrix") or {}).get(m.group(1))
    return [str(x) for x in vals] if isinstance(vals, list) else []
n_headline = len(re.findall(r"headline \(gated by compare\)", open(f"{T}/list").read()))
flows = {}
for path in ("ci/github/scxbench.yml", ".github/workflows/scxbench.yml"):
    wf = load(path)
    flows[path] = wf
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    check(on is not None and "push" in on and "pull_request" in on, f"{path} runs on push and pull_request")
    jobs = wf.get("jobs") or {}
    check(all(len(action_steps(j)) <= 1 for j in jobs.values()), f"{path}: a job uses the action at most once")
    used_jobs = {n: j for n, j in jobs.items() if action_steps(j)}
    check(bool(used_jobs), f"{path} uses the scxbench action")
    check(not any("actions/cache" in str(s.get("uses", "")) for j in jobs.values() for s in j.get("steps") or []),
          f"{path}: no job keeps a cached baseline (across runners it cannot gate metrics)")
    for jn, job in used_jobs.items():
        step = action_steps(job)[0]
        where = f"{path} job {jn}"
        check(job.get("runs-on") == "ubuntu-latest", f"{where} runs on ubuntu-latest")
        w = step.get("with") or {}
        check(set(w) <= set(inputs), f"{where} passes only inputs the action declares", sorted(set(w) - set(inputs)))
        jtext = yaml.safe_dump(job)
        sids = {s["id"] for s in job.get("steps", []) if "id" in s}
        srefs = set(re.findall(r"steps\.([A-Za-z0-9_-]+)\.", jtext))
        check(srefs <= sids, f"{where} references only its own step ids", sorted(srefs - sids))
        local = step.get("uses", "")[2:].rstrip("/")
        if local:
            co = [s for s in job["steps"] if "checkout" in str(s.get("uses", "")) and (s.get("with") or {}).get("path") == local]
            check(bool(co), f"{where}: the action's directory ./{local} is checked out")
            check(os.path.isfile("action.yml"), f"{where}: action.yml is at the root of scxbench")
        else:
            check(os.path.isfile("action.yml"), f"{where}: uses ./ and action.yml is at this repository's root")
        topos = " ".join(matrix_values(job, str(w.get("topologies", "")))).split()
        check(all(x in ("1cpu", "2cpu", "smt4", "numa4") for x in topos), f"{where}: topologies {' '.join(topos)} are presets")
        cond = str(job.get("if", ""))
        if "base-sched" in w or "cand-sched" in w:
            # the A/B job: the pull request's gate
            check(bool(w.get("base-sched")) and bool(w.get("cand-sched")), f"{where} sets both base-sched and cand-sched")
            check(bool(re.search(r"github\.event_name\s*==\s*'pull_request'", cond)), f"{where} runs on pull requests", cond)
            base = [s for s in job["steps"] if "checkout" in str(s.get("uses", ""))
                    and re.fullmatch(r"\$\{\{\s*github\.event\.pull_request\.base\.sha\s*\}\}", str((s.get("with") or {}).get("ref", "")))]
            check(len(base) == 1 and bool((base[0].get("with") or {}).get("path")),
                  f"{where} checks out the base ref (pull_request.base.sha) into a directory of its own")
            bdir = str((base[0].get("with") or {}).get("path", "")).rstrip("/") if base else "(no base checkout)"
            bs, cs = str(w.get("base-sched", "")), str(w.get("cand-sched", ""))
            check(bool(re.search(rf"(^|[\s:]){re.escape(bdir)}/", bs)), f"{where}: base-sched comes from the base tree ({bdir}/)", bs)
            check(not re.search(rf"(^|[\s:]){re.escape(bdir)}/", cs), f"{where}: cand-sched comes from the PR's tree", cs)
            build = str(w.get("build", "")) + "\n" + "\n".join(str(s.get("run", "")) for s in job["steps"])
            check(bool(re.search(rf"(-C\s+{re.escape(bdir)}\b|cd\s+{re.escape(bdir)}\b)", build)) or
                  any(str(s.get("working-directory", "")).rstrip("/") == bdir for s in job["steps"]),
                  f"{where} builds the scheduler in the base tree too")
            check(not w.get("baseline"), f"{where} passes no cross-run baseline")
            # the paired test must be able to call a change: Holm over H
            # headline metrics, smallest signed-rank p with n rounds 2/2^n
            wls = [x for x in str(w.get("workloads", (inputs.get("workloads") or {}).get("default", ""))).split(",") if x.strip()]
            nw = n_headline if "all" in wls else len(wls)
            nk = max(1, len(str(w.get("kernels", (inputs.get("kernels") or {}).get("default", ""))).split()))
            h = nw * max(1, len(topos)) * nk
            try:
                n = int(str(w.get("repeat", (inputs.get("repeat") or {}).get("default", "0"))))
            except ValueError:
                n = 0
            check(h > 0 and 2.0 / 2 ** n * h < 0.05,
                  f"{where}: {n} rounds can reach p < 0.05 after Holm over {h} headline metrics", f"2/2^{n} x {h} = {2.0 / 2 ** n * h:.3g}")
            try:
                thr = float(str(w.get("regression-threshold", (inputs.get("regression-threshold") or {}).get("default"))))
            except ValueError:
                thr = -1
            check(0 < thr <= 10, f"{where}: regression threshold {thr:g}% is a gate")
        else:
            check("pull_request" not in cond or "!=" in cond, f"{where} (no A/B) does not run on pull requests", cond)
    check(any("base-sched" in (action_steps(j)[0].get("with") or {}) for j in used_jobs.values()),
          f"{path} has an A/B job for pull requests")
    check(any("base-sched" not in (action_steps(j)[0].get("with") or {}) for j in used_jobs.values()),
          f"{path} still runs the suite without A/B (pushes)")
# --- sharding: plan -> suite matrix -> merge ------------------------------------
def script_env(step, extra):
    env = dict(os.environ, PATH=f"{sandbox}/bin:" + os.environ["PATH"])
    for k, v in (step.get("env") or {}).items():
        env[k] = str(v)
    env.update(extra)
    return env
with open(f"{sandbox}/bin/apt-get", "w") as f:
    f.write('#!/bin/sh\nexit 0\n')
os.chmod(f"{sandbox}/bin/apt-get", 0o755)
for path, wf in flows.items():
    jobs = wf.get("jobs") or {}
    plan, suite, merge = jobs.get("plan") or {}, jobs.get("suite") or {}, jobs.get("merge") or {}
    check(bool(plan) and bool(suite) and bool(merge), f"{path} has the jobs plan, suite (the shards) and merge")
    # plan: shards=N -> [1..N], count N; a bad value stops
    pstep = ([s for s in plan.get("steps") or [] if s.get("id") == "plan"] or [{}])[0]
    outs = plan.get("outputs") or {}
    check(all(f"steps.plan.outputs.{k}" in str(outs.get(k, "")) for k in ("shards", "count")),
          f"{path}: the plan job outputs shards and count from its step")
    for n in (1, 3):
        o = f"{sandbox}/plan-out"
        if os.path.exists(o):
            os.remove(o)
        p = subprocess.run(["bash", "-c", pstep.get("run", "exit 99")], env=script_env(pstep, {"SHARDS": str(n), "GITHUB_OUTPUT": o}),
                           capture_output=True, text=True)
        got = dict(l.split("=", 1) for l in open(o).read().split()) if os.path.exists(o) else {}
        check(p.returncode == 0 and json.loads(got.get("shards", "null")) == list(range(1, n + 1)) and got.get("count") == str(n),
              f"{path}: plan with shards={n} gives shards 1..{n}", got)
    p = subprocess.run(["bash", "-c", pstep.get("run", "exit 99")], env=script_env(pstep, {"SHARDS": "0", "GITHUB_OUTPUT": "/dev/null"}),
                       capture_output=True, text=True)
    check(p.returncode != 0, f"{path}: plan refuses shards=0")
    check("inputs.shards" in str((pstep.get("env") or {}).get("SHARDS", "")) and
          "shards" in ((((wf.get("on", wf.get(True)) or {}).get("workflow_dispatch")) or {}).get("inputs") or {}),
          f"{path}: the number of shards is the workflow's shards input")
    # suite: the matrix of shards
    mx = (suite.get("strategy") or {}).get("matrix") or {}
    needs = suite.get("needs") if isinstance(suite.get("needs"), list) else [suite.get("needs")]
    check("plan" in needs and re.fullmatch(r"\$\{\{\s*fromJSON\(needs\.plan\.outputs\.shards\)\s*\}\}", str(mx.get("shard", ""))) is not None,
          f"{path}: the suite's shard axis comes from the plan", mx.get("shard"))
    check(isinstance(mx.get("kernel"), list) and isinstance(mx.get("topology"), list) and mx["kernel"] and mx["topology"],
          f"{path}: the suite's matrix has kernel and topology axes")
    check((suite.get("strategy") or {}).get("fail-fast") is False, f"{path}: one failed shard does not cancel the others")
    st = (action_steps(suite) or [{}])[0]
    w = st.get("with") or {}
    check(re.fullmatch(r"\$\{\{\s*matrix\.shard\s*\}\}/\$\{\{\s*needs\.plan\.outputs\.count\s*\}\}", str(w.get("shard", ""))) is not None,
          f"{path}: each suite job runs shard MATRIX.SHARD/COUNT", w.get("shard"))
    check(str(w.get("kernels", "")).strip() == "${{ matrix.kernel }}" and str(w.get("topologies", "")).strip() == "${{ matrix.topology }}",
          f"{path}: each suite job boots its matrix kernel and topology")
    check(str(w.get("fail-on-conformance", "")) == "false", f"{path}: the shards do not gate alone (the merge job does)")
    art = str(w.get("artifact-name", ""))
    check(all(re.search(rf"\$\{{\{{\s*matrix\.{k}\s*\}}\}}", art) for k in ("kernel", "topology", "shard")),
          f"{path}: each suite job's artifact name is unique to its matrix cell", art)
    up = [s for s in suite.get("steps") or [] if "upload-artifact" in str(s.get("uses", ""))]
    binname = str(((up or [{}])[0].get("with") or {}).get("name", ""))
    check(len(up) == 1 and str((up[0].get("with") or {}).get("path", "")).endswith("build/scxbench") and
          all(re.search(rf"matrix\.{k}\b", binname) for k in ("kernel", "topology", "shard")),
          f"{path}: each suite job uploads the scxbench it built, under a unique name", binname)
    # merge: waits for every shard, downloads, merges, reports, gates
    mneeds = merge.get("needs") if isinstance(merge.get("needs"), list) else [merge.get("needs")]
    check("suite" in mneeds and re.search(r"!cancelled\(\)|always\(\)", str(merge.get("if", ""))) is not None,
          f"{path}: the merge job runs after the suite, also when a shard failed", merge.get("if"))
    check("pull_request" in str(merge.get("if", "")) and "!=" in str(merge.get("if", "")), f"{path}: the merge job is not a PR job")
    def sample(name):  # an artifact name as one matrix cell makes it
        return re.sub(r"\$\{\{\s*matrix\.(\w+)\s*\}\}", lambda m: str((mx.get(m.group(1)) or ["1"])[0] if isinstance(mx.get(m.group(1)), list) else "1"), name)
    downs = [s for s in merge.get("steps") or [] if "download-artifact" in str(s.get("uses", ""))]
    res_dl = [s for s in downs if fnmatch.fnmatch(sample(art), str((s.get("with") or {}).get("pattern", "")))
              and not fnmatch.fnmatch(sample(binname), str((s.get("with") or {}).get("pattern", "")))]
    bin_dl = [s for s in downs if fnmatch.fnmatch(sample(binname), str((s.get("with") or {}).get("pattern", "")))]
    check(len(res_dl) == 1, f"{path}: the merge job downloads the shards' results (pattern matching {sample(art)}, not the binaries)")
    check(len(bin_dl) == 1 and (bin_dl[0].get("with") or {}).get("merge-multiple") is True,
          f"{path}: the merge job downloads scxbench into one directory")
    parts = str(((res_dl or [{}])[0].get("with") or {}).get("path", ""))
    bindir = str(((bin_dl or [{}])[0].get("with") or {}).get("path", ""))
    mstep = [s for s in merge.get("steps") or [] if re.search(r"scxbench merge\b", str(s.get("run", "")))]
    check(len(mstep) == 1, f"{path}: one merge job step runs scxbench merge")
    mrun = (mstep or [{}])[0].get("run", "")
    m = re.search(r"(\S*scxbench) merge (\S+) (\S+)", mrun)
    check(bool(m) and m.group(1) == f"{bindir}/scxbench" and m.group(3) == parts,
          f"{path}: scxbench merge OUT {parts}, with the downloaded scxbench", m.group(0) if m else mrun[:200])
    for sub in sorted(set(re.findall(r"\S*scxbench (\w+)", mrun))):
        check(re.search(rf"^\s+{sub}\s", top_help, re.M) is not None, f"{path}: merge job: scxbench {sub} is a real subcommand")
    for line in re.findall(r"\S*scxbench (?:merge|report)\b([^\n]*)", mrun):
        for flag in sorted(set(re.findall(r"\s(--?[a-z][a-z-]*)", line))):
            check(re.search(rf"(^|\s){re.escape(flag)}[\s,]", help_["report"] + help_["merge"], re.M) is not None,
                  f"{path}: merge job: scxbench {flag} exists")
    check("--format md" in mrun and "report" in mrun, f"{path}: the merge job writes the Markdown report (job summary)")
    # run the merge step against a stand-in scxbench: merge's exit status is the verdict
    ws = f"{sandbox}/merge-ws"
    def run_merge(code):
        subprocess.run(["rm", "-rf", ws])
        os.makedirs(f"{ws}/{bindir}")
        with open(f"{ws}/{bindir}/scxbench", "w") as f:
            f.write(f"""#!/bin/sh
echo "$@" >> "{ws}/calls"
if [ "$1" = merge ]; then mkdir -p "$2"; echo '{{}}' > "$2/results.json"
  printf 'TAP version 13\\n1..1\\n%sok 1 - x\\n' "{'not ' if code == 1 else ''}" > "$2/results.tap"; exit {code}; fi
exit 0
""")
        p = subprocess.run(["bash", "-c", mrun], cwd=ws, env=script_env(mstep[0] if mstep else {}, {"GITHUB_STEP_SUMMARY": f"{ws}/summary"}),
                           capture_output=True, text=True)
        calls = open(f"{ws}/calls").read() if os.path.exists(f"{ws}/calls") else ""
        return p.returncode, calls, p.stdout + p.stderr
    rc0, calls, out = run_merge(0)
    check(rc0 == 0 and f"merge merged {parts}" in calls.replace(" " + parts + "/", " " + parts) and "report" in calls,
          f"{path}: the merge step passes when every shard is ok (and reports)", (rc0, calls, out[-300:]))
    rc1, _, out = run_merge(1)
    check(rc1 != 0 and "not ok" in out, f"{path}: the merge step fails on a not ok, saying so", (rc1, out[-300:]))
    rc2, _, out = run_merge(2)
    check(rc2 != 0, f"{path}: the merge step fails when the merge is refused", rc2)
    check(any("upload-artifact" in str(s.get("uses", "")) and s.get("if") == "always()" for s in merge.get("steps") or []),
          f"{path}: the merge job uploads the merged results")
    check(not ((jobs.get("ab") or {}).get("strategy")), f"{path}: the A/B job stays one job")
u, r = flows["ci/github/scxbench.yml"], flows[".github/workflows/scxbench.yml"]
ju, jr = u.get("jobs") or {}, r.get("jobs") or {}
check(list(ju) == list(jr), "the user's workflow and this repository's have the same jobs", (list(ju), list(jr)))
names = lambda job: [s.get("name") for s in job.get("steps", []) if s.get("name") != "Check out scxbench"]
built = {"schedulers", "build", "base-sched", "cand-sched"}  # what each repository builds and runs
for jn in sorted(set(ju) & set(jr)):
    check(names(ju[jn]) == names(jr[jn]), f"job {jn}: both workflows run the same steps", (names(ju[jn]), names(jr[jn])))
    check(str(ju[jn].get("if")) == str(jr[jn].get("if")), f"job {jn}: both workflows run it on the same events")
    su, sr = action_steps(ju[jn]), action_steps(jr[jn])
    wu, wr = (su[0].get("with") or {}) if su else {}, (sr[0].get("with") or {}) if sr else {}
    diff = sorted(k for k in set(wu) | set(wr) if k not in built and wu.get(k) != wr.get(k))
    check(not diff, f"job {jn}: both workflows pass the action the same inputs (but what is built and run)", diff)
check((ju.get("merge") or {}) == (jr.get("merge") or {}), "job merge is the same in both workflows")
check(((ju.get("suite") or {}).get("strategy")) == ((jr.get("suite") or {}).get("strategy")),
      "job suite has the same matrix in both workflows")
PY
py_rc=$?
while IFS='|' read -r verdict desc detail; do
  if [ "$verdict" = PASS ]; then ok "$desc" true
  else ok "$desc" false; [ -n "$detail" ] && diag "$detail"; fi
done < "$T/checks"
ok "the YAML checks ran (python produced results)" test -s "$T/checks"
is "the YAML checker finished (its exit status)" "$py_rc" 0
[ "$py_rc" = 0 ] || diag "$(tail -n 5 "$T/checker.err")"
tap_end
