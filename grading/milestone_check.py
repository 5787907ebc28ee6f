#!/usr/bin/env python3
"""grading/milestone_check.py — `make check-milestones`: a student can climb each lab milestone by milestone.

A lab's milestones are listed in its lab.toml (`[lab] milestones`, in dependency order);
each test names the one that makes it pass (`milestone = K`) and each solution block in
the source names its own (`LAB_BEGIN(NN-name, K)`, tools/lab-skeleton.py). For every lab
with tests:

  static (no build, every lab): every milestone has tests and code; no marker names a
  milestone the lab does not list; the handout (labs/NN-name/README.md) has a line
  "Milestone K: <title>" for each, and names each test in its milestone's section; no
  milestone after the first is worth more than half of the lab's points;

  the curve (a build and a grading boot per milestone): the skeleton exported with
  milestones 1..K solved (`make lab-skeleton UPTO=K`) passes exactly the tests of
  milestones 1..K and fails the others, each with a reason of its own (not "the runner
  never started"); so the points never go down as K grows. K runs from 1 to the last
  milestone but one (with every milestone solved the skeleton is the reference, graded
  by the grade stage). To keep make test's budget, the full curve is checked for the
  lab being built (the last lab with tests) and milestone 1 for the others; --full
  checks every milestone of every lab.

Each lab's points curve is printed ("points after milestone 1, 2, ...");
"PASSED FAILED" goes to BUILD/results/check-milestones.count. Builds reuse one stable
folder per lab, BUILD/milestones/NN-name, so make and ccache redo only what a milestone
changed; each K's grading report and boot logs are kept in
BUILD/milestones/NN-name-uptoK-grade/.
"""
import argparse
import fcntl
import os
import pathlib
import re
import shutil
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

import labconf  # noqa: E402
from skeleton_check import BOOT_FAILURES, Check, grade, load_exporter, make, tail  # noqa: E402


def lab_points(lab):
    """{milestone: points} of @lab's tests that a skeleton has (hidden ones are left out)."""
    pts = {k: 0 for k in range(1, len(lab.milestones) + 1)}
    for t in lab.tests:
        if not t.hidden:
            pts[t.milestone] = pts.get(t.milestone, 0) + t.points
    return pts


def curve_of(pts):
    """Cumulative points after each milestone."""
    out, total = [], 0
    for k in sorted(pts):
        total += pts[k]
        out.append(total)
    return out


def check_static(lab, exporter, chk):
    """The checks that need no build; returns the lab's points per milestone."""
    n = len(lab.milestones)
    where = f"{lab.id}"
    if not chk.ok(n >= 1, f"{where}: lab.toml lists no milestones ([lab] milestones)"):
        print(f"  FAIL {where}: lab.toml lists no milestones")
        return {}
    pts = lab_points(lab)
    total = sum(pts.values())
    blocks = exporter.milestone_blocks(ROOT, lab.id)
    handout = (lab.path / "README.md").read_text() if (lab.path / "README.md").exists() else ""
    for k in range(1, n + 1):
        title = lab.milestones[k - 1]
        chk.ok(pts.get(k, 0) > 0, f"{where}: milestone {k} ({title}) has no tests with points")
        chk.ok(bool(blocks.get(k)), f"{where}: milestone {k} ({title}) has no code "
               f"(no LAB_BEGIN({lab.id}, {k}) block)")
        head = re.search(rf"Milestone {k}\b[^\n]*{re.escape(title)}", handout)
        chk.ok(head is not None, f"{where}: the handout has no line 'Milestone {k}: {title}'")
        if head:
            nxt = re.search(rf"Milestone {k + 1}\b", handout[head.end():])
            section = handout[head.end():head.end() + nxt.start() if nxt else len(handout)]
            for t in lab.tests:
                if t.milestone == k and not t.hidden:
                    chk.ok(f"`{t.name}`" in section, f"{where}: the handout's milestone {k} "
                           f"does not name its test `{t.name}`")
        if k > 1:
            chk.ok(2 * pts.get(k, 0) <= total, f"{where}: milestone {k} ({title}) is worth "
                   f"{pts.get(k, 0)} of {total} points, more than half")
    for k in sorted(blocks):
        if k > n:
            f, line, _ = blocks[k][0]
            chk.ok(False, f"{where}: {f}:{line}: a block names milestone {k}; the lab lists {n}")
    print(f"check-milestones: {lab.id}: {n} milestones, points per milestone "
          f"{[pts.get(k, 0) for k in range(1, n + 1)]}, curve {curve_of(pts)} of {total}")
    return pts


def check_milestone(lab, k, exporter, build, chk):
    """Grades the skeleton of @lab with milestones 1..@k solved; returns its points or None."""
    t0 = time.monotonic()
    tree = (build / "milestones" / lab.id).resolve()
    log = build / "milestones" / f"{lab.id}-upto{k}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    lock = open(build / "milestones" / f"{lab.id}.lock", "w")   # one run per folder at a time
    fcntl.flock(lock, fcntl.LOCK_EX)
    log.write_text("")
    try:
        return _check_milestone(lab, k, exporter, build, chk, tree, log, t0)
    finally:
        lock.close()


def _check_milestone(lab, k, exporter, build, chk, tree, log, t0):
    """check_milestone() once it holds the lab's folder."""
    exporter.export(ROOT, lab.id, tree, upto=k)
    env = dict(os.environ, BUILD="build")
    for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(var, None)
    what = f"{lab.id} up to milestone {k}"
    if not chk.ok(make(tree, log, "kernel", env=env) == 0, f"{what}: the kernel does not build"):
        print(f"  FAIL {what}: the kernel does not build; {log}:\n{tail(log)}")
        return None
    doc, _ = grade(tree, log, [lab.id], env)
    kept = build / "milestones" / f"{lab.id}-upto{k}-grade"     # the boots' logs of this K
    shutil.rmtree(kept, ignore_errors=True)
    if (tree / "build" / "grade").is_dir():
        shutil.copytree(tree / "build" / "grade", kept)
    if not chk.ok(doc is not None, f"{what}: grading gave no results"):
        print(f"  FAIL {what}: grading gave no results; {log}:\n{tail(log)}")
        return None
    results = {t["name"]: t for e in doc["labs"] if e["id"] == lab.id for t in e["tests"]}
    points = 0
    for t in lab.tests:
        if t.hidden:
            continue
        r = results.get(t.name)
        if not chk.ok(r is not None, f"{what}: {t.name} was not graded"):
            continue
        reason = r.get("reason", "")
        if t.milestone <= k:
            ok = chk.ok(r["status"] == "pass", f"{what}: {t.name} (milestone {t.milestone}) "
                        f"should pass: {reason}")
            points += t.points if ok else 0
            print(f"  {'ok  ' if ok else 'FAIL'} {what}: {t.name} passes"
                  f"{'' if ok else ': ' + reason}")
        elif r["status"] == "pass":
            chk.ok(False, f"{what}: {t.name} (milestone {t.milestone}) passes already: its "
                   f"milestone's code is not what makes it pass")
            print(f"  FAIL {what}: {t.name} (milestone {t.milestone}) passes already")
        elif not reason.strip() or any(b in reason for b in BOOT_FAILURES):
            chk.ok(False, f"{what}: {t.name} fails without a reason of its own: {reason!r}")
            print(f"  FAIL {what}: {t.name}: no reason of its own: {reason[:90]}")
        else:
            chk.ok(True, "")
            print(f"  ok   {what}: {t.name} (milestone {t.milestone}) fails: {reason[:80]}")
    print(f"check-milestones: {what}: {points} points ({time.monotonic() - t0:.0f} s)",
          flush=True)
    return points


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--lab", help="this lab only (its full curve)")
    ap.add_argument("--upto", type=int, help="this milestone only (with --lab)")
    ap.add_argument("--full", action="store_true", help="the full curve of every lab")
    ap.add_argument("--static", action="store_true", help="only the checks without builds")
    args = ap.parse_args()
    build = pathlib.Path(args.build)
    build = build if build.is_absolute() else ROOT / build
    count = build / "results" / "check-milestones.count"
    count.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    chk = Check()
    exporter = load_exporter()
    labs = [lab for lab in labconf.load_all(ROOT) if any(not t.hidden for t in lab.tests)]
    if args.lab:
        labs = [lab for lab in labs if lab.id == args.lab]
        if not labs:
            raise SystemExit(f"check-milestones: {args.lab} is not a lab with tests")
    current = labs[-1].id if labs else None
    curves = {}
    for lab in labs:
        pts = check_static(lab, exporter, chk)
        if not pts or args.static:
            continue
        n = len(lab.milestones)
        ks = range(1, n) if (args.full or args.lab or lab.id == current) else range(1, min(n, 2))
        if args.upto is not None:      # 0: the plain skeleton (as check-skeletons exports it)
            ks = [args.upto]
        got = []
        for k in ks:
            p = check_milestone(lab, k, exporter, build, chk)
            got.append("?" if p is None else p)
        nums = [g for g in got if g != "?"]
        chk.ok(all(a <= b for a, b in zip(nums, nums[1:])),
               f"{lab.id}: the points go down from one milestone to the next: {got}")
        curves[lab.id] = (got, curve_of(pts))
    for lab_id, (got, planned) in curves.items():
        print(f"check-milestones: {lab_id}: points after milestone 1..{len(planned)}: "
              f"{planned} (graded: {got + ['(reference)'] if got else 'not run'})")
    return finish(chk, count, f"{len(labs)} labs", t0)


def finish(chk, count, what, t0):
    """Writes the count file for tools/test.sh, lists the problems; the exit status."""
    count.write_text(f"{chk.passed} {chk.failed}\n")
    print("".join(f"check-milestones: FAILED: {p}\n" for p in chk.problems), end="")
    print(f"check-milestones: {what}, {chk.passed} checks passed, {chk.failed} failed "
          f"({time.monotonic() - t0:.0f} s)")
    return 1 if chk.failed else 0


if __name__ == "__main__":
    sys.exit(main())
