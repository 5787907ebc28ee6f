#!/usr/bin/env python3
"""grading/batch_e2e.py — `make batch-e2e`: grade-submissions on real kernels, end to end.

Builds a folder of three submissions under BUILD/batch-e2e/subs:
    full      this tree as it is (every lab solved)
    skeleton  the lab 01 skeleton (tools/lab-skeleton.py)
    tampered  that skeleton with its tests edited to pass trivially: every lab 01
              KTEST returns at once, the value checks are cut from lab.toml, and a
              make fragment redefines `grade` to print full marks
then runs grading/grade-submissions on it (sandboxed, two at a time) and checks the CSV:
full scores every point, skeleton zero, tampered exactly as the skeleton (its edits are
ignored and listed in its errors).

Then the tamper cases of the user-mode tests (lab 03, host-side verdicts), graded on
lab 03 only (grading/README.md, threat model), under BUILD/batch-e2e/subs03:
    broken            this tree with sched_yield failing (ENOSYS): proc_fpu_sched fails
    fake_ok           this tree whose kernel prints `ok N - name` for every test it hands
                      to the user-mode runner, and powers off without running one
    runner_skip       broken, with user/runner.c printing ok without running a program
    program_replaced  broken, with sched_yield_basic.c replaced by a program that prints
                      the expected text
Each tampered submission must score 0 for the tests it meant to fake, each with the
grader's reason (no framed output; the output differs from Linux's), and its edits to
instructor paths must be listed as ignored. Writes "PASSED FAILED" to
BUILD/results/batch-e2e.count.
"""
import argparse
import csv
import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

from batch import labs_with_tests  # noqa: E402
from batch_sources import copy_folder  # noqa: E402
from skeleton_check import Check  # noqa: E402

FIRST_LAB = "01-boot"
KTEST_OPEN = re.compile(r"^(KTEST\([^)]*\)\s*\{)", re.M)


def load_exporter():
    spec = importlib.util.spec_from_file_location("lab_skeleton", ROOT / "tools" / "lab-skeleton.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def tamper(tree):
    """Edits @tree's lab 01 tests so that a grader that trusted them would pass them."""
    edited = []
    for cc in sorted((tree / "labs" / FIRST_LAB / "ktests").glob("*.cc")):
        text, n = KTEST_OPEN.subn(r"\1 return;", cc.read_text())
        if n:
            cc.write_text(text)
            edited.append(str(cc.relative_to(tree)))
    toml = tree / "labs" / FIRST_LAB / "lab.toml"
    toml.write_text("".join(l for l in toml.read_text().splitlines(True)
                            if not l.lstrip().startswith("values.")))
    edited.append(str(toml.relative_to(tree)))
    frag = tree / "zz-override" / "override.mk"
    frag.parent.mkdir(exist_ok=True)
    frag.write_text("grade:\n\t@echo 'Score: 100/100'\n")
    edited.append(str(frag.relative_to(tree)))
    return edited


# --- the tamper cases of host-side verdicts (lab 03) -------------------------------------

USER_LAB = "03-processes"
BROKEN_TEST = "proc_fpu_sched"        # the test whose programs call sched_yield
BROKEN_PROGRAM = "sched_yield_basic"


def edit(path, old, new):
    """Replaces @old (which must be there) by @new in @path."""
    text = path.read_text()
    if old not in text:
        raise SystemExit(f"batch-e2e: {path}: the text to tamper with is gone: {old!r}")
    path.write_text(text.replace(old, new, 1))


def break_sched_yield(tree):
    edit(tree / "kernel/syscall/process.cc",
         "Result<u64> sys_sched_yield() {\n    proc::yield();\n    return 0;",
         "Result<u64> sys_sched_yield() {\n    return Error(ENOSYS);")


def fake_ok_kernel(tree):
    """The kernel claims every test it hands to the user-mode runner, and runs none."""
    edit(tree / "kernel/proc/init.cc", "    char number[24];\n",
         "    char number[24];\n"
         "    if (h.active) {  // tampered: ok lines for tests that never run\n"
         "        usize n = h.next_number;\n"
         "        cmdline::split_list(StrView(h.names), [&](StrView name) {\n"
         "            console::print(\"# running {} (03-processes)\\nok {} - {}\\n\", name, n, name);\n"
         "            ++n;\n"
         "        });\n"
         "        console::print(\"1..{}\\n# {} passed, 0 failed\\n\", n - 1, n - 1);\n"
         "        power::exit_qemu(EXIT_CODE_PASS);\n"
         "    }\n")


def runner_skips(tree):
    edit(tree / "user/runner.c",
         'for (char* program = strtok(list, " "); program; program = strtok(NULL, " ")) {',
         'for (char* program = NULL; program; program = NULL) { /* tampered: run nothing */')


def program_replaced(tree, snap):
    """sched_yield_basic.c printing what the instructor's build printed on this host
    (with the default nonce), or a plausible text when that was not built."""
    expected = snap / "build" / "contract" / "expected" / "musl" / f"{BROKEN_PROGRAM}.out"
    text = expected.read_text() if expected.exists() else \
        "1000 sched_yield alone: 0 failed\ntoken: 0123456789abcdef\n"
    literal = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    (tree / "tests/contract" / USER_LAB / f"{BROKEN_PROGRAM}.c").write_text(
        "/* Contract: tampered: prints the expected text and does nothing. */\n"
        "#include <stdio.h>\n"
        f'int main(void) {{\n    fputs("{literal}", stdout);\n    return 0;\n}}\n')


def user_tampers(snap, subs):
    """The lab 03 submissions; returns {name: the tests it must lose}."""
    if subs.exists():
        shutil.rmtree(subs)
    subs.mkdir(parents=True)
    shutil.copytree(snap, subs / "broken", symlinks=True)
    break_sched_yield(subs / "broken")
    for name in ("runner_skip", "program_replaced"):
        shutil.copytree(subs / "broken", subs / name, symlinks=True)
    runner_skips(subs / "runner_skip")
    program_replaced(subs / "program_replaced", snap)
    shutil.copytree(snap, subs / "fake_ok", symlinks=True)
    fake_ok_kernel(subs / "fake_ok")
    import labconf
    user_tests = {t.name for lab in labconf.load_all(snap) if lab.id == USER_LAB
                  for t in lab.tests if t.programs}
    return {"broken": {BROKEN_TEST}, "fake_ok": user_tests, "runner_skip": {BROKEN_TEST},
            "program_replaced": {BROKEN_TEST}}


def check_user_tampers(reports, rows, lose, check):
    """Each submission lost exactly the tests it meant to fake, with the grader's reason."""
    reasons = {"broken": "differs from Linux", "fake_ok": "no framed output",
               "runner_skip": "differs from Linux", "program_replaced": "differs from Linux"}
    ignored = {"runner_skip": "user/runner.c",
               "program_replaced": f"tests/contract/{USER_LAB}/{BROKEN_PROGRAM}.c"}
    for name, tests in sorted(lose.items()):
        res = reports / name / USER_LAB / "results.json"
        try:
            doc = json.loads(res.read_text())
        except (OSError, ValueError):
            check(False, f"{name}: no {res}")
            continue
        for t in (t for lab in doc["labs"] for t in lab["tests"]):
            if t["name"] in tests:
                check(t["points"] == 0 and reasons[name] in t["reason"],
                      f"{name}: {t['name']} scored {t['points']} ({t['reason']!r}); expected 0, "
                      f"'{reasons[name]}'")
            else:
                check(t["status"] == "pass", f"{name}: {t['name']} fails: {t['reason']}")
        print(f"batch-e2e: {name:<17} {USER_LAB} {rows.get(name, {}).get(USER_LAB, '?'):>4}/"
              f"{rows.get(name, {}).get('max', '?')}  lost {len(tests)} test(s): "
              f"{', '.join(sorted(tests)) if len(tests) < 4 else 'every user-mode test'}")
        if name in ignored:
            errors = rows.get(name, {}).get("errors", "")
            check(ignored[name] in errors, f"{name}: its errors do not list {ignored[name]}: "
                  f"{errors!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--all-labs", action="store_true",
                    help="grade every lab with tests (default: lab 01 only)")
    ap.add_argument("--no-user-tampers", action="store_true",
                    help="leave out the lab 03 tamper cases (host-side verdicts)")
    args = ap.parse_args()
    build = pathlib.Path(args.build)
    build = (build if build.is_absolute() else ROOT / build).resolve()
    count = build / "results" / "batch-e2e.count"
    count.parent.mkdir(parents=True, exist_ok=True)
    if FIRST_LAB not in labs_with_tests(ROOT):
        count.write_text("0 1\n")
        print(f"batch-e2e: {FIRST_LAB} has no tests yet")
        return 1
    t0 = time.monotonic()
    e2e = build / "batch-e2e"
    subs = e2e / "subs"
    if subs.exists():
        shutil.rmtree(subs)
    subs.mkdir(parents=True)
    # One snapshot of this tree is the instructor's tree, the full submission and the
    # source of the skeleton (the tree may change while the test runs).
    snap = e2e / "instructor"
    if snap.exists():
        shutil.rmtree(snap)
    copy_folder(ROOT, snap, exclude=[e2e])
    for p in list(snap.iterdir()):                       # other people's exports
        if p.name.startswith("skel-") and p.is_dir():
            shutil.rmtree(p)
    shutil.copytree(snap, subs / "full", symlinks=True)
    exporter = load_exporter()
    exporter.export(snap, FIRST_LAB, subs / "skeleton")
    shutil.copytree(subs / "skeleton", subs / "tampered", symlinks=True)
    edited = tamper(subs / "tampered")
    lose = user_tampers(snap, e2e / "subs03") if not args.no_user_tampers else {}
    print(f"batch-e2e: submissions ready in {subs} ({time.monotonic() - t0:.0f} s); "
          f"tampered: {', '.join(edited)}", flush=True)

    out = e2e / "grades.csv"
    cmd = [sys.executable, str(HERE / "grade-submissions"), str(subs), "--out", str(out),
           "--jobs", str(args.jobs), "--work", str(e2e / "work"), "--tree", str(snap)]
    if not args.all_labs:
        cmd += ["--lab", FIRST_LAB]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL)
    tally = Check()
    check = tally.ok

    check(r.returncode == 0, f"grade-submissions exited with {r.returncode}")
    rows = {}
    if out.exists():
        with open(out, newline="") as f:
            rows = {row["submission"]: row for row in csv.DictReader(f)}
    check(set(rows) == {"full", "skeleton", "tampered"}, f"CSV rows: {sorted(rows)}")
    if set(rows) == {"full", "skeleton", "tampered"}:
        full, skel, tam = rows["full"], rows["skeleton"], rows["tampered"]
        check(int(full["max"]) > 0 and full["total"] == full["max"],
              f"full tree: {full['total']}/{full['max']} (expected full marks)")
        check(full["errors"] == "", f"full tree errors: {full['errors']}")
        check(int(skel[FIRST_LAB]) == 0, f"skeleton: {skel[FIRST_LAB]} points on {FIRST_LAB} (expected 0)")
        check(skel["errors"] == "", f"skeleton errors: {skel['errors']}")
        check(tam[FIRST_LAB] == skel[FIRST_LAB] and tam["total"] == skel["total"],
              f"tampered: {tam['total']} points, the skeleton {skel['total']} (expected the same)")
        check("ignored changes to graded files" in tam["errors"] and "lab.toml" in tam["errors"],
              f"tampered errors do not list its edits: {tam['errors']!r}")
        for name, row in sorted(rows.items()):
            print(f"batch-e2e: {name:<9} {FIRST_LAB} {row[FIRST_LAB]:>4}  total {row['total']}/"
                  f"{row['max']}  {row['errors']}")
    if lose:
        out03 = e2e / "grades03.csv"
        cmd03 = [sys.executable, str(HERE / "grade-submissions"), str(e2e / "subs03"), "--out",
                 str(out03), "--jobs", str(args.jobs), "--work", str(e2e / "work03"), "--tree",
                 str(snap), "--lab", USER_LAB]
        r = subprocess.run(cmd03, stdin=subprocess.DEVNULL)
        rows03 = {}
        if out03.exists():
            with open(out03, newline="") as f:
                rows03 = {row["submission"]: row for row in csv.DictReader(f)}
        check(set(rows03) == set(lose), f"lab 03 CSV rows: {sorted(rows03)}")
        check_user_tampers(out03.with_name("grades03-reports"), rows03, lose, check)
    count.write_text(f"{tally.passed} {tally.failed}\n")
    for p in tally.problems:
        print(f"batch-e2e: FAILED: {p}")
    print(f"batch-e2e: {tally.passed} checks passed, {tally.failed} failed "
          f"({time.monotonic() - t0:.0f} s); "
          f"CSV {out}, reports {out.with_name('grades-reports')}")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
