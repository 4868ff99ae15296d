#!/usr/bin/env bash
# The GitHub Actions files cannot run here, so they are linted: every file
# parses as YAML, the composite action is well-formed (composite, every run
# step has a shell, every ${{ inputs.X }} is declared and every declared
# input is used), the workflows pass the action only inputs it declares
# and reference only step ids that exist, the user's workflow and this
# repository's run the same steps with the same inputs, and every command,
# flag and path they use exists: scxbench subcommands and options (from
# their --help), ci/vm options, scripts in ci/. The README documents the
# exact Ubuntu packages the action installs.
set -u
cd "$(dirname "$0")/../.."
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
ci/vm --help > "$T/vm-help" 2>&1

python3 - "$T" > "$T/checks" <<'PY'
import re, sys, os, yaml
T = sys.argv[1]
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
help_ = {k: open(f"{T}/{k}-help").read() for k in ("run", "report", "compare", "vm")}
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
for want in ("schedulers", "workloads", "probes", "kernels", "baseline", "regression-threshold"):
    check(want in inputs, f"action input '{want}' exists")
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

# --- the workflows ------------------------------------------------------------
def action_step(wf):
    for job in (wf.get("jobs") or {}).values():
        for s in job.get("steps") or []:
            if str(s.get("uses", "")).startswith("./"):
                return job, s
    return {}, {}
flows = {}
for path in ("ci/github/scxbench.yml", ".github/workflows/scxbench.yml"):
    wf = load(path)
    flows[path] = wf
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    check(on is not None and "push" in on and "pull_request" in on, f"{path} runs on push and pull_request")
    job, step = action_step(wf)
    check(bool(step), f"{path} uses the scxbench action")
    check(job.get("runs-on") == "ubuntu-latest", f"{path} runs on ubuntu-latest")
    w = step.get("with") or {}
    check(set(w) <= set(inputs), f"{path} passes only inputs the action declares", sorted(set(w) - set(inputs)))
    wtext = open(path).read()
    sids = {s["id"] for s in job.get("steps", []) if "id" in s}
    srefs = set(re.findall(r"steps\.([A-Za-z0-9_-]+)\.", wtext))
    check(srefs <= sids, f"{path} references only its own step ids", sorted(srefs - sids))
    local = step.get("uses", "")[2:].rstrip("/")
    if local:
        co = [s for s in job["steps"] if "checkout" in str(s.get("uses", "")) and (s.get("with") or {}).get("path") == local]
        check(bool(co), f"{path}: the action's directory ./{local} is checked out")
        check(os.path.isfile("action.yml"), f"{path}: action.yml is at the root of scxbench")
    else:
        check(os.path.isfile("action.yml"), f"{path}: uses ./ and action.yml is at this repository's root")
    for t in re.findall(r"topologies:\s*(.*)", wtext):
        check(all(x in ("1cpu", "2cpu", "smt4", "numa4") for x in t.split()), f"{path}: topologies {t.strip()} are presets")
u, r = flows["ci/github/scxbench.yml"], flows[".github/workflows/scxbench.yml"]
names = lambda wf: [s.get("name") for j in (wf.get("jobs") or {}).values() for s in j.get("steps", []) if s.get("name") != "Check out scxbench"]
check(names(u) == names(r), "the user's workflow and this repository's run the same steps", (names(u), names(r)))
wu, wr = action_step(u)[1].get("with", {}), action_step(r)[1].get("with", {})
diff = sorted(k for k in set(wu) | set(wr) if k != "schedulers" and wu.get(k) != wr.get(k))
check(not diff, "both workflows pass the action the same inputs (but the schedulers)", diff)
PY
while IFS='|' read -r verdict desc detail; do
  if [ "$verdict" = PASS ]; then ok "$desc" true
  else ok "$desc" false; [ -n "$detail" ] && diag "$detail"; fi
done < "$T/checks"
ok "the YAML checks ran (python produced results)" test -s "$T/checks"
tap_end
