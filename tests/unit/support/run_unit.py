#!/usr/bin/env python3
"""tests/unit/support/run_unit.py — runs the host unit tests and fuzzers, counts the checks.

  run_unit.py criterion --build-dir D --count F [--stale-check] BIN...
      Runs each Criterion binary; a check is one test case (Criterion's "Synthesis"
      line). A binary that is missing, out of date (--stale-check asks make), or dies
      without a synthesis counts as one failed check. Failing output is shown.
  run_unit.py fuzz --build-dir D --time S [--budget B] --count F BIN...
      Runs each libFuzzer target for S seconds (less if the targets would take more
      than B seconds in all, two at a time; at least 5), two at a time, on the corpus
      D/fuzz/corpus-<name> (which the target seeds itself, see LARCH_FUZZ_SEEDS).
      One check per target; a crash leaves its input next to the corpus, and later
      runs try that input first until it passes.
  run_unit.py sum --count F IN...
      Adds "PASSED FAILED" files (missing ones count as nothing) into F.

Every mode writes "PASSED FAILED" to its --count file and exits non-zero on a failure.
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import time

SYNTHESIS = re.compile(r"Synthesis: Tested: (\d+) \| Passing: (\d+) \| Failing: (\d+) \| Crashing: (\d+)")
TAIL_LINES = 60


def write_count(path, passed, failed):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write(f"{passed} {failed}\n")


def show_tail(text, indent="    "):
    lines = text.rstrip("\n").splitlines()
    if len(lines) > TAIL_LINES:
        print(f"{indent}... ({len(lines) - TAIL_LINES} lines before)")
        lines = lines[-TAIL_LINES:]
    for line in lines:
        print(indent + line)


def label(binary, build_dir):
    return os.path.relpath(binary, build_dir)


def is_stale(binary):
    env = dict(os.environ, MAKEFLAGS="", MAKELEVEL="")
    r = subprocess.run(["make", "-q", "--no-print-directory", binary], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode != 0


def run_binary(binary, build_dir, stale_check, durations):
    """Runs one Criterion binary; returns (passed, failed, report lines)."""
    name = label(binary, build_dir)
    if not os.path.exists(binary) or (stale_check and is_stale(binary)):
        return 0, 1, [f"  FAIL  {name}: did not build"]
    t0 = time.monotonic()
    r = subprocess.run([binary, "--jobs=2", "--short-filename"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors="replace")
    dt = time.monotonic() - t0
    durations[name] = dt
    m = None
    for m in SYNTHESIS.finditer(r.stdout):
        pass
    if m is None:
        return 0, 1, [f"  FAIL  {name}: exited with status {r.returncode} before reporting", r.stdout]
    tested, passing = int(m.group(1)), int(m.group(2))
    bad = tested - passing
    if r.returncode != 0 and bad == 0:
        bad = 1  # e.g. a leak reported at exit
    if bad:
        return passing, bad, [f"  FAIL  {name}: {passing} passed, {bad} failed ({dt:.1f}s)", r.stdout]
    return passing, 0, [f"  ok    {name}: {passing} passed ({dt:.1f}s)"]


def run_criterion(args):
    passed = failed = 0
    # Two binaries at a time, the slowest of the last run first (most are over in a
    # moment, a few run one long test); reports come in the order given.
    times_file = os.path.join(args.build_dir, "durations.json")
    try:
        with open(times_file) as f:
            last = json.load(f)
    except (OSError, ValueError):
        last = {}
    durations = dict(last)
    order = sorted(args.binaries, key=lambda b: -last.get(label(b, args.build_dir), 0.0))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        by_binary = {b: pool.submit(run_binary, b, args.build_dir, args.stale_check, durations)
                     for b in order}
        futures = [by_binary[b] for b in args.binaries]
        for fut in futures:
            p, f, report = fut.result()
            passed += p
            failed += f
            print(report[0])
            if len(report) > 1:
                show_tail(report[1])
    slow = sorted(((durations[n], n) for n in durations
                   if n in {label(b, args.build_dir) for b in args.binaries} and durations[n] > 10), reverse=True)
    if slow:
        print("  slow (over 10 s; the whole stage should take about 2 minutes): " +
              ", ".join(f"{n} {t:.0f}s" for t, n in slow))
    print(f"unit tests: {passed} passed, {failed} failed")
    write_count(args.count, passed, failed)
    try:
        with open(times_file, "w") as f:
            json.dump(durations, f, indent=0, sort_keys=True)
    except OSError:
        pass
    return 1 if failed else 0


def fuzz_one(binary, build_dir, seconds):
    name = os.path.basename(binary)
    fuzz_dir = os.path.join(build_dir, "fuzz")
    corpus = os.path.join(fuzz_dir, "corpus-" + name)
    os.makedirs(corpus, exist_ok=True)
    if not os.path.exists(binary) or is_stale(binary):
        return name, False, "did not build"
    env = dict(os.environ, LARCH_FUZZ_SEEDS=corpus)
    # Inputs that crashed an earlier run are tried first: still failing is a failure at
    # once; passing means the bug was fixed, and the input is dropped.
    for artifact in sorted(glob.glob(os.path.join(fuzz_dir, name + "-*"))):
        if os.path.isdir(artifact):
            continue
        r = subprocess.run([binary, artifact], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, errors="replace", env=env)
        if r.returncode != 0:
            return name, False, f"an earlier crash still crashes: {artifact}\n" + r.stdout
        os.remove(artifact)
    cmd = [binary, f"-max_total_time={seconds}", "-print_final_stats=1", "-timeout=10",
           "-rss_limit_mb=1024", "-max_len=8192",
           f"-artifact_prefix={os.path.join(fuzz_dir, name)}-", corpus]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       errors="replace", env=env)
    out = r.stdout
    if r.returncode != 0:
        return name, False, out
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", out)
    cov = re.findall(r"cov: (\d+)", out)
    return name, True, f"{runs.group(1) if runs else '?'} runs, coverage {cov[-1] if cov else '?'}"


def run_fuzz(args):
    passed = failed = 0
    # Each target gets --time seconds, less when there are so many that two at a time
    # would take longer than --budget seconds; never less than 5.
    n = max(1, len(args.binaries))
    seconds = max(5, min(args.time, 2 * args.budget // n))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(fuzz_one, b, args.build_dir, seconds) for b in args.binaries]
        for fut in futures:
            name, ok, detail = fut.result()
            if ok:
                passed += 1
                print(f"  ok    fuzz/{name}: {detail} in {seconds}s")
            else:
                failed += 1
                print(f"  FAIL  fuzz/{name}:")
                show_tail(detail)
    print(f"fuzzers: {passed} passed, {failed} failed")
    write_count(args.count, passed, failed)
    return 1 if failed else 0


def run_sum(args):
    passed = failed = 0
    for path in args.inputs:
        try:
            with open(path) as f:
                p, fl = f.read().split()
            passed += int(p)
            failed += int(fl)
        except (OSError, ValueError):
            pass
    write_count(args.count, passed, failed)
    print(f"unit-tests: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("criterion")
    c.add_argument("--build-dir", required=True)
    c.add_argument("--count", required=True)
    c.add_argument("--stale-check", action="store_true")
    c.add_argument("binaries", nargs="*")
    f = sub.add_parser("fuzz")
    f.add_argument("--build-dir", required=True)
    f.add_argument("--count", required=True)
    f.add_argument("--time", type=int, default=15)
    f.add_argument("--budget", type=int, default=40)
    f.add_argument("binaries", nargs="*")
    s = sub.add_parser("sum")
    s.add_argument("--count", required=True)
    s.add_argument("inputs", nargs="*")
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    return {"criterion": run_criterion, "fuzz": run_fuzz, "sum": run_sum}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
