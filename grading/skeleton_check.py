#!/usr/bin/env python3
"""grading/skeleton_check.py — `make check-skeletons`: every lab's skeleton proves something.

For each lab that has tests (labs/*/lab.toml), its skeleton is exported
(tools/lab-skeleton.py) to BUILD/skeletons/NN-name — a stable path, so make and ccache
reuse the last run — and in it:

  1. the kernel builds (`make kernel`); with --book, `make book` too (the book stage of
     make test builds the skeletons' books already);
  2. the skeleton boots to its test runner (no boot ends with the runner never started);
  3. `make grade LAB=<the lab before it with tests>` passes every test (only that one:
     the lab before was checked the same way in its own skeleton, so the checks stay
     linear, each lab graded at most twice: as a skeleton's own lab and as the next
     skeleton's earlier lab);
  4. `make grade LAB=<the lab>` fails every one of the lab's tests, each with a reason
     of its own: a test the skeleton passes tests nothing and is reported by name;
  5. and fails them fast: no boot of the lab ends by waiting out a timeout or a limit
     (a stub or fallback must fail, panic or report, not hang).

Every test counts as one check, as do the build and the boot; "PASSED FAILED" goes to
BUILD/results/check-skeletons.count. Exit status non-zero when any check failed.
"""
import argparse
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

from batch import labs_with_tests  # noqa: E402

BOOT_FAILURES = ("runner never started", "boot ended before it ran")


def load_exporter():
    spec = importlib.util.spec_from_file_location("lab_skeleton", ROOT / "tools" / "lab-skeleton.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Check:
    def __init__(self):
        self.passed, self.failed, self.problems = 0, 0, []

    def ok(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            self.problems.append(what)
        return cond


def make(tree, log, *targets, env=None):
    """Runs make in @tree with its output appended to @log; returns the exit status."""
    with open(log, "ab") as out:
        out.write(f"\n$ make {' '.join(targets)}\n".encode())
        out.flush()
        return subprocess.run(["make", "--no-print-directory", "-j2", "BUILD=build", *targets],
                              cwd=tree, stdout=out, stderr=subprocess.STDOUT, env=env,
                              stdin=subprocess.DEVNULL).returncode


def tail(log, n=25):
    lines = pathlib.Path(log).read_text(errors="replace").splitlines()
    return "\n".join("      | " + l for l in lines[-n:])


def grade(tree, log, labs, env):
    """Grades @labs in @tree; returns (results.json document or None, exit status)."""
    res = tree / "build" / "grade" / "results.json"
    if res.exists():
        res.unlink()
    rc = make(tree, log, "grade", f"LAB={','.join(labs)}", env=env)
    try:
        return json.loads(res.read_text()), rc
    except (OSError, ValueError):
        return None, rc


def previous(labs, lab):
    """[the last lab with tests before @lab], or [] for the first."""
    return [l for l in labs if l[:2] < lab[:2]][-1:]


def has_target(tree, target):
    return subprocess.run(["make", "-n", "-s", "BUILD=build", target], cwd=tree,
                          capture_output=True).returncode == 0


def check_lab(lab, earlier, exporter, build, chk, with_book):
    t0 = time.monotonic()
    tree = (build / "skeletons" / lab).resolve()
    log = build / "skeletons" / f"{lab}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    stats, written, _ = exporter.export(ROOT, lab, tree)
    print(f"check-skeletons: {lab}: exported to {tree} ({written} files written)", flush=True)
    env = dict(os.environ, BUILD="build")
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    env.pop("MAKELEVEL", None)

    if not chk.ok(make(tree, log, "kernel", env=env) == 0, f"{lab}: the skeleton does not build"):
        print(f"  FAIL {lab}: the skeleton does not build; {log}:\n{tail(log)}")
        return
    if with_book and has_target(tree, "book"):
        ok = chk.ok(make(tree, log, "book", env=env) == 0, f"{lab}: the skeleton's book does not build")
        print(f"  {'ok  ' if ok else 'FAIL'} {lab}: the book builds")

    docs = []
    if earlier:
        doc, _ = grade(tree, log, earlier, env)
        docs.append(doc)
        if not chk.ok(doc is not None, f"{lab}: grading the earlier labs gave no results"):
            print(f"  FAIL {lab}: grading {', '.join(earlier)} gave no results; {log}:\n{tail(log)}")
        else:
            for entry in doc["labs"]:
                for t in entry["tests"]:
                    if not chk.ok(t["status"] == "pass",
                                  f"{lab}: earlier lab's test {entry['id']}/{t['name']} fails in "
                                  f"the skeleton: {t['reason']}"):
                        print(f"  FAIL {lab}: {entry['id']}/{t['name']} should pass: {t['reason']}")
    doc, _ = grade(tree, log, [lab], env)
    docs.append(doc)
    if not chk.ok(doc is not None, f"{lab}: grading the lab gave no results"):
        print(f"  FAIL {lab}: grading it gave no results; {log}:\n{tail(log)}")
        return
    tests = [t for entry in doc["labs"] if entry["id"] == lab for t in entry["tests"]]
    chk.ok(bool(tests), f"{lab}: grading ran none of its tests")
    no_runner = [b for d in docs if d for b in d.get("boots", []) if b.get("end") == "no-runner"]
    for t in tests:
        reason = t.get("reason", "")
        if t["status"] == "pass":
            chk.ok(False, f"{lab}: test {t['name']} passes on the skeleton (it tests nothing)")
            print(f"  FAIL {lab}: {t['name']} passes on the skeleton")
        elif any(b in reason for b in BOOT_FAILURES):
            chk.ok(False, f"{lab}: test {t['name']} failed only because the skeleton did not "
                   f"boot to its runner: {reason}")
            print(f"  FAIL {lab}: {t['name']}: no runner: {reason}")
        elif not reason.strip():
            chk.ok(False, f"{lab}: test {t['name']} failed without a reason")
        else:
            chk.ok(True, "")
            print(f"  ok   {lab}: {t['name']} fails: {reason[:90]}")
    chk.ok(not no_runner, f"{lab}: the skeleton does not boot to its test runner "
           f"(boots {', '.join(b['id'] for b in no_runner)})")
    slow = [b for b in doc.get("boots", []) if b.get("end") in ("timeout", "limit")]
    for b in slow:
        print(f"  FAIL {lab}: boot {b['id']} waited out its timeout: {b['detail']} "
              f"(tests {', '.join(b['tests'])})")
    chk.ok(not slow, f"{lab}: the skeleton's tests do not fail fast: "
           f"{', '.join(b['id'] + ' (' + b['detail'] + ')' for b in slow)}")
    print(f"check-skeletons: {lab}: {len(tests)} tests checked ({time.monotonic() - t0:.0f} s)",
          flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--lab", help="check this lab only")
    ap.add_argument("--book", action="store_true",
                    help="also run `make book` in each skeleton (the book stage of make test "
                    "already builds the skeletons' books)")
    args = ap.parse_args()
    build = pathlib.Path(args.build)
    if not build.is_absolute():
        build = ROOT / build
    count = build / "results" / "check-skeletons.count"
    count.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    exporter = load_exporter()
    chk = Check()
    try:
        exporter.build_skeleton(ROOT, None)          # every marker of every lab parses
        chk.ok(True, "")
    except SystemExit as e:
        chk.ok(False, str(e))
        print(f"  FAIL {e}")
    labs = labs_with_tests(ROOT)
    if args.lab:
        if args.lab not in labs:
            raise SystemExit(f"check-skeletons: {args.lab} has no tests (labs with tests: "
                             f"{', '.join(labs) or 'none'})")
        todo = [args.lab]
    else:
        todo = labs
    if not chk.failed:
        for lab in todo:
            earlier = previous(labs, lab)
            check_lab(lab, earlier, exporter, build, chk, args.book)
    count.write_text(f"{chk.passed} {chk.failed}\n")
    for p in chk.problems:
        print(f"check-skeletons: FAILED: {p}")
    graded = {}
    for lab in todo:
        for l in previous(labs, lab) + [lab]:
            graded[l] = graded.get(l, 0) + 1
    print(f"check-skeletons: {len(todo)} labs, {chk.passed} checks passed, {chk.failed} failed "
          f"({time.monotonic() - t0:.0f} s); labs graded: "
          + ", ".join(f"{l} x{n}" for l, n in sorted(graded.items())))
    return 1 if chk.failed else 0


if __name__ == "__main__":
    sys.exit(main())
