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
ignored and listed in its errors). Writes "PASSED FAILED" to
BUILD/results/batch-e2e.count.
"""
import argparse
import csv
import importlib.util
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--all-labs", action="store_true",
                    help="grade every lab with tests (default: lab 01 only)")
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
    print(f"batch-e2e: submissions ready in {subs} ({time.monotonic() - t0:.0f} s); "
          f"tampered: {', '.join(edited)}", flush=True)

    out = e2e / "grades.csv"
    cmd = [sys.executable, str(HERE / "grade-submissions"), str(subs), "--out", str(out),
           "--jobs", str(args.jobs), "--work", str(e2e / "work"), "--tree", str(snap)]
    if not args.all_labs:
        cmd += ["--lab", FIRST_LAB]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL)
    passed = failed = 0
    problems = []

    def check(cond, what):
        nonlocal passed, failed
        if cond:
            passed += 1
        else:
            failed += 1
            problems.append(what)

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
    count.write_text(f"{passed} {failed}\n")
    for p in problems:
        print(f"batch-e2e: FAILED: {p}")
    print(f"batch-e2e: {passed} checks passed, {failed} failed ({time.monotonic() - t0:.0f} s); "
          f"CSV {out}, reports {out.with_name('grades-reports')}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
