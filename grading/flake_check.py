#!/usr/bin/env python3
"""grading/flake_check.py — `make flake-check`: grade the same labs RUNS times under load.

    flake_check.py                       the current lab and its predecessor, 5 runs
    flake_check.py --lab all --runs 5    every lab that has tests
    flake_check.py --lab 01-boot --no-load

A test that passes once and fails once on the same tree is a bug (in the kernel, the
test or the grader), never bad luck: this command finds them. Each run is a whole
`grade.py` (its own GRADE_SEED, so machines and tokens vary) while `stress-ng --cpu 2`
keeps the host's cores busy, as on a loaded CI machine or a student's laptop.

"The current lab" and its predecessor are grading/current_lab.py's. The table lists
every test with how often it passed; below it, every test that did not pass every time,
with each failing run's reason, seed and the test's own lines from the boot's console.
Everything of run N is kept under
$(BUILD)/flake/run-N/ (results.json and boots/), the summary in $(BUILD)/flake/flake.json.
Exit status 0 only when every test passed in every run.
"""
import argparse
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import labconf  # noqa: E402
from current_lab import current, graded_labs  # noqa: E402

LOAD = ["stress-ng", "--cpu", "2", "--quiet"]
CONTEXT_LINES = 25


def choose_labs(labs, arg):
    """Lab ids to grade: "all", a comma-separated list, or (empty) current + predecessor."""
    ready = graded_labs(labs)
    if arg == "all":
        return ready
    if arg:
        ids = [x.strip() for x in arg.split(",") if x.strip()]
        bad = [i for i in ids if i not in ready]
        if bad:
            raise SystemExit(f"flake-check: no graded lab {', '.join(bad)} (labs: {', '.join(ready)})")
        return ids
    return current(labs, with_previous=True)


def start_load(command):
    """The CPU load, in its own process group; None when it cannot start."""
    if not command:
        return None
    if not shutil.which(command[0]):
        raise SystemExit(f"flake-check: {command[0]} is missing (tools/setup.sh installs it)")
    return subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def stop_load(proc):
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_lines(console_text, name):
    """The console lines of one test: from `# running NAME` to its ok/not ok line."""
    lines = console_text.splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith(f"# running {name} ")), None)
    if start is None:
        return lines[-CONTEXT_LINES:]
    out = []
    for line in lines[start:]:
        out.append(line)
        if (line.startswith("ok ") or line.startswith("not ok ")) and line.endswith(f" - {name}") \
                or f" - {name} #" in line:
            break
    return out[:CONTEXT_LINES] + ([f"... ({len(out) - CONTEXT_LINES} more lines)"]
                                  if len(out) > CONTEXT_LINES else [])


def grade_once(build, labs, run_dir, log):
    """One grade.py run; its results.json and boots/ copied to @run_dir. The parsed
    results, or None when the grader wrote none."""
    cmd = [sys.executable, str(HERE / "grade.py"), "--build", str(build), "--lab", ",".join(labs)]
    env = dict(os.environ)
    env.pop("GRADE_SEED", None)       # every run draws its own machines and tokens
    with open(log, "w") as out:
        rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env).returncode
    src = build / "grade"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    if not (src / "results.json").exists():
        return None, rc
    shutil.copy2(src / "results.json", run_dir / "results.json")
    shutil.copytree(src / "boots", run_dir / "boots")
    return json.loads((run_dir / "results.json").read_text()), rc


def collect(runs):
    """{(lab, test): [(run number, seed, test record)]} over every run's results."""
    by_test = {}
    for n, doc in runs:
        for lab in doc["labs"]:
            for t in lab["tests"]:
                by_test.setdefault((lab["id"], t["name"]), []).append((n, doc["seed"], t))
    return by_test


def failure_text(run_dir, record):
    """Reason and console lines of every failed run of one test in one grading run."""
    out = []
    for r in record["runs"]:
        if r["status"] == "pass":
            continue
        out.append(f"    boot {r['boot']} (mem {r['mem']}, smp {r['smp']}): {r['reason']}")
        console = run_dir / "boots" / f"{r['boot']}.console.txt"
        if console.exists():
            text = console.read_text(errors="replace")
            out += [f"      | {line}" for line in test_lines(text, record["name"])]
    if not out:
        out.append(f"    {record.get('reason') or 'not run'}")
    return out


def report(by_test, runs_wanted, flake_dir):
    lines = []
    width = max([len(f"{lab}/{name}") for lab, name in by_test] + [20])
    lines.append(f"  {'test':<{width}}  passed")
    bad = []
    for (lab, name), recs in by_test.items():
        passed = sum(1 for _, _, t in recs if t["status"] == "pass")
        mark = "" if passed == runs_wanted else ("  FLAKY" if passed else "  FAILS")
        lines.append(f"  {lab + '/' + name:<{width}}  {passed}/{runs_wanted}{mark}")
        if passed != runs_wanted:
            bad.append((lab, name, recs))
    for lab, name, recs in bad:
        lines.append("")
        lines.append(f"{lab}/{name}:")
        for n, seed, t in recs:
            if t["status"] != "pass":
                lines.append(f"  run {n} (GRADE_SEED={seed}):")
                lines += failure_text(flake_dir / f"run-{n}", t)
    return lines, bad


def main(argv=None):
    ap = argparse.ArgumentParser(description="Grade labs several times under CPU load.")
    ap.add_argument("--lab", default=os.environ.get("LAB", ""),
                    help='lab ids, comma-separated, or "all" (default: current and predecessor)')
    ap.add_argument("--runs", type=int, default=int(os.environ.get("RUNS") or 5))
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--no-load", action="store_true", help="no stress-ng beside the runs")
    args = ap.parse_args(argv)
    if args.runs < 1:
        raise SystemExit("flake-check: RUNS must be at least 1")

    build = pathlib.Path(args.build)
    if not build.is_absolute():
        build = ROOT / build
    labs = choose_labs(labconf.load_all(ROOT), args.lab)
    flake_dir = build / "flake"
    flake_dir.mkdir(parents=True, exist_ok=True)
    load = None if args.no_load else LOAD
    print(f"flake-check: {', '.join(labs)}, {args.runs} runs, "
          f"load: {' '.join(load) if load else 'none'}", flush=True)

    runs, broken = [], []
    proc = start_load(load)
    t0 = time.monotonic()
    try:
        for n in range(1, args.runs + 1):
            started = time.monotonic()
            doc, rc = grade_once(build, labs, flake_dir / f"run-{n}", flake_dir / f"run-{n}.log")
            took = time.monotonic() - started
            if doc is None:
                broken.append(n)
                print(f"  run {n}: the grader wrote no results (exit {rc}); "
                      f"see {flake_dir / f'run-{n}.log'}", flush=True)
                continue
            runs.append((n, doc))
            print(f"  run {n}: {doc['score']}/{doc['max_score']} in {took:.0f} s "
                  f"(GRADE_SEED={doc['seed']})", flush=True)
    finally:
        stop_load(proc)

    by_test = collect(runs)
    lines, bad = report(by_test, args.runs, flake_dir)
    flaky = [f"{lab}/{name}" for lab, name, recs in bad
             if any(t["status"] == "pass" for _, _, t in recs)]
    print()
    print("\n".join(lines))
    print()
    summary = (f"flake-check: {len(by_test)} tests, {args.runs} runs in "
               f"{time.monotonic() - t0:.0f} s: {len(flaky)} flaky, "
               f"{len(bad) - len(flaky)} failing every time"
               + (f", {len(broken)} runs without results" if broken else ""))
    print(summary)
    (flake_dir / "flake.json").write_text(json.dumps({
        "labs": labs, "runs": args.runs, "load": load,
        "seeds": {n: doc["seed"] for n, doc in runs}, "broken_runs": broken,
        "tests": {f"{lab}/{name}": sum(1 for _, _, t in recs if t["status"] == "pass")
                  for (lab, name), recs in by_test.items()},
        "flaky": flaky}, indent=2) + "\n")
    (flake_dir / "report.txt").write_text("\n".join(lines + ["", summary]) + "\n")
    return 0 if not bad and not broken else 1


if __name__ == "__main__":
    sys.exit(main())
