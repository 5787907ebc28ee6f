#!/usr/bin/env python3
"""grading/grade.py — `make grade`: boot the kernel in QEMU, run the labs' tests, score.

    grade.py                      every lab that has tests
    grade.py --lab 01-boot        one lab (a comma-separated list for several)
    grade.py --test cpu_count     one test (or a comma-separated list)
    grade.py --list               the labs and tests, without booting

Knobs from the environment: BUILD (build), GRADE_TIMEOUT_SCALE (1; multiplies every
timeout), GRADE_TIER (default; "long" grades only the tier = "long" tests), GRADE_SEED (the random choices: memory, CPUs, tokens, addresses; printed so a
run can be repeated), QEMU_ACCEL (tcg; "auto" uses KVM where tools/qemu.py's probe
boot proves it works).

Plan: grading/plan.py puts tests into boots; grading/machine.py runs one boot;
grading/session.py judges its output; grading/report.py prints and writes the
results. Exit status 0 only at full marks; 2 for a bad lab.toml or command line.
"""
import argparse
import os
import pathlib
import random
import shutil
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import labconf  # noqa: E402
import machine  # noqa: E402
import plan as planner  # noqa: E402
import report  # noqa: E402
import verdict  # noqa: E402
from boot_host import BootHost  # noqa: E402
from checks import Vars, choose_vars  # noqa: E402
from qemu_exit import qemu  # noqa: E402  (tools/qemu.py)
from session import Outcome, Session  # noqa: E402


def timeout_scale():
    text = os.environ.get("GRADE_TIMEOUT_SCALE", "1") or "1"
    try:
        scale = float(text)
    except ValueError:
        raise SystemExit(f"grade: GRADE_TIMEOUT_SCALE={text!r} is not a number") from None
    if scale <= 0:
        raise SystemExit(f"grade: GRADE_TIMEOUT_SCALE={text} must be positive")
    return scale


def tier():
    """GRADE_TIER: "default" (make grade) or "long" (make test-long: tier = "long" tests)."""
    text = os.environ.get("GRADE_TIER") or "default"
    if text not in labconf.TIERS:
        raise SystemExit(f"grade: GRADE_TIER={text!r} is not one of {', '.join(labconf.TIERS)}")
    return text


def selection_words(lab, names):
    """The command-line word that selects @names (runner: kernel or user)."""
    return f"test={','.join(names)}" if names else "lab=none"


class Grader:
    def __init__(self, labs, build, out_dir, scale, seed, accel, quiet=False):
        self.labs = {lab.id: lab for lab in labs}
        self.build, self.out_dir, self.scale, self.seed = build, out_dir, scale, seed
        self.accel = accel
        self.rng = random.Random(seed)
        self.results = {}          # (lab, test) -> TestResult
        self.boots = []            # for results.json
        self.counter = {}
        self.quiet = quiet
        self.kernel = build / "larch.elf"
        self.oracle = verdict.Oracle(build)
        self.wrap_argv = lambda argv: argv   # the self-tests put a fake QEMU here

    def say(self, text=""):
        if not self.quiet:
            print(text, flush=True)

    def boot_argv(self, batch, cmdline, iso, extra=()):
        m = batch.machine

        def build(sockets):
            common = dict(mem=m.mem, smp=m.smp, accel=self.accel, sockets=sockets, paused=True,
                          extra=list(extra))
            if m.boot == "pvh":
                return self.wrap_argv(qemu.qemu_command(kernel=self.kernel, cmdline=cmdline,
                                                        **common))
            return self.wrap_argv(qemu.qemu_command(iso=iso, **common))
        return build

    def boot_rng(self, batch, attempt):
        """The random source of one boot (its variables, frame key and nonce): drawn from
        the seed, the lab, the boot's machine and which attempt at the batch it is, never
        from what earlier boots drew, so that `make grade TEST=x GRADE_SEED=s` gives x the
        machine and values it had in the run with every test."""
        return random.Random(f"{self.seed}:{batch.lab}:{batch.machine.describe()}:{attempt}")

    def run_batch(self, batch, index, count):
        lab = self.labs[batch.lab]
        remaining = list(batch.runs)
        attempt = 0
        while remaining:
            n = self.counter[lab.id] = self.counter.get(lab.id, 0) + 1
            boot_id = f"{lab.id}-{n}"
            attempt += 1
            rng = self.boot_rng(batch, attempt)
            base = Vars({"mem_kib": batch.machine.mem_kib, "mem_mib": batch.machine.mem_kib // 1024,
                         "smp": batch.machine.smp, "now": int(time.time())})
            variables = choose_vars(lab.vars, rng, base)
            host = BootHost([r.test for r in remaining], lab.path.parent.parent, variables,
                            self.scale)
            variables = host.start()
            names = [r.test.name for r in remaining if r.test.expect != "console"]
            words = [selection_words(lab, names)]
            words += [variables.render(k if v is None else f"{k}={v}")
                      for k, v in sorted(batch.words.items())]
            programs = [p for r in remaining for p in r.test.programs]
            frames = expected = None
            oracle_error = ""
            if programs:
                # Host-side verdicts: a frame key and a nonce for this boot (init's extra
                # arguments), and the same programs run on this host with that nonce.
                key, nonce = verdict.pick_key(rng), verdict.pick_nonce(rng)
                words.append(verdict.cmdline_words(key, nonce, self.scale))
                frames = verdict.FrameReader(key)
                try:
                    expected = self.oracle.expected(nonce, programs)
                except verdict.OracleError as e:
                    oracle_error = str(e)
            cmdline = " ".join(words)
            self.say(f"  boot {boot_id} ({batch.machine.describe()}): "
                     f"{len(remaining)} test{'s' if len(remaining) != 1 else ''}")
            session = Session([r.test for r in remaining], variables, self.scale,
                              lab.defaults.get("timeout", labconf.DEFAULT_TIMEOUT),
                              frames=frames, expected=expected, oracle_error=oracle_error,
                              diff_dir=_relative(self.out_dir / "diffs" / boot_id))
            if host.error:
                end = machine.BootEnd("qemu-error", detail=host.error)
            else:
                end = self._boot(batch, cmdline, session, boot_id, host.qemu_args())
            outcomes = session.judge(end)
            # ${console} and ${log}: this boot's COM1 and COM2 captures, for host checks.
            boots = self.out_dir / "boots"
            host.vars = host.vars.with_values(console=str(boots / f"{boot_id}.console.txt"),
                                              log=str(boots / f"{boot_id}.log.txt"))
            host.apply_checks(outcomes)
            host.stop()
            self.say(f"    ended: {session.end_reason(end)} ({end.duration:.1f} s)")
            self.boots.append({"id": boot_id, "lab": lab.id, "mem": batch.machine.mem,
                               "smp": batch.machine.smp, "boot_method": batch.machine.boot,
                               "cmdline": cmdline, "tests": [r.test.name for r in remaining],
                               "end": end.kind, "exit_code": end.code, "status": end.status,
                               "detail": session.end_reason(end),
                               "duration_s": round(end.duration, 2),
                               "console": f"{boot_id}.console.txt", "log": f"{boot_id}.log.txt"})
            pending = [r for r in remaining if outcomes[r.test.name].status == "pending"]
            if len(pending) == len(remaining):
                # Nothing was decided (the boot died before any test): no endless reboots.
                for r in pending:
                    outcomes[r.test.name].status = "fail"
                    outcomes[r.test.name].reason = f"the boot ended before it ran: " \
                                                   f"{session.end_reason(end)}"
                    outcomes[r.test.name].context = [session._log_tail()]
                    outcomes[r.test.name].kernel_log = session.log_matters(None)
                    outcomes[r.test.name].shared = True
                pending = []
            failed = {}         # report.shared_key -> [(TestResult, RunRecord)]
            for r in remaining:
                o = outcomes[r.test.name]
                if o.status == "pending":
                    continue
                res = self.results.setdefault((lab.id, r.test.name), report.TestResult(r.test))
                rec = report.RunRecord(r.index, r.machine, boot_id, o)
                res.runs.append(rec)
                if o.status != "pass":
                    failed.setdefault(report.shared_key(rec), []).append((res, rec))
            for group in failed.values():
                # Tests that failed for one cause (the runner never started, the boot
                # ended) are one block that lists the tests it blocked.
                res, rec = group[0]
                self.say(report.failure_block(
                    res, rec, _relative(self.out_dir / "boots"),
                    rerun=report.rerun_command(lab.id, res.test.name, self.seed, self.scale),
                    blocked=[x.test.name for x, _ in group[1:]]))
            if pending:
                self.say(f"    {len(pending)} test{'s' if len(pending) != 1 else ''} not reached: "
                         "booting again to resume")
            remaining = pending

    def _boot(self, batch, cmdline, session, boot_id, extra=()):
        prefix = self.out_dir / "boots" / boot_id
        session.start = time.monotonic()     # the runner's limit counts from QEMU's start
        if batch.machine.boot == "pvh":
            return machine.boot(self.boot_argv(batch, cmdline, None, extra), session, prefix)
        with tempfile.TemporaryDirectory(prefix="larch-grade-iso-") as tmp:
            iso = pathlib.Path(tmp) / "larch.iso"
            modules = []
            for spec in batch.machine.modules:
                path, _, name = spec.partition("=")
                modules.append((self.build / path, name or pathlib.Path(path).name))
            try:
                qemu.make_iso(self.kernel, cmdline, iso, modules)
            except (SystemExit, OSError) as e:
                return machine.BootEnd("qemu-error", detail=f"could not build the ISO: {e}")
            session.start = time.monotonic()
            return machine.boot(self.boot_argv(batch, cmdline, iso, extra), session, prefix)


def _relative(path):
    try:
        return pathlib.Path(path).resolve().relative_to(pathlib.Path.cwd())
    except ValueError:
        return path


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Grade the labs: boot, run tests, score.")
    ap.add_argument("--lab", default="", help="lab id(s), comma-separated (NN-name)")
    ap.add_argument("--test", default="", help="test name(s), comma-separated")
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--root", default=str(ROOT), help="the tree whose labs/ to grade")
    ap.add_argument("--list", action="store_true", help="list labs and tests, boot nothing")
    ap.add_argument("--quiet", action="store_true", help="only tables and the score")
    ap.add_argument("--on-demand", action="store_true",
                    help="print the not-built labs that --lab/--test name, boot nothing")
    return ap.parse_args(argv)


def on_demand(labs, lab_arg, test_arg):
    """Ids of the not-built labs that @lab_arg or @test_arg names (loaded with every
    lab's tests). Naming one grades it on demand: its kernel side is being written, and
    `make grade LAB=04-clone` measures how far it got; plain `make grade` leaves it out."""
    named = {x.strip() for x in (lab_arg or "").split(",") if x.strip()}
    tests = {x.strip() for x in (test_arg or "").split(",") if x.strip()}
    return [lab.id for lab in labs if lab.status == "not-built"
            and (lab.id in named or any(t.name in tests for t in lab.tests))]


def select(labs, lab_arg, test_arg):
    """(labs to grade, test names or None); exits 2 on an unknown lab or test."""
    by_id = {lab.id: lab for lab in labs}
    chosen = labs
    if lab_arg:
        ids = [x.strip() for x in lab_arg.split(",") if x.strip()]
        bad = [i for i in ids if i not in by_id]
        if bad:
            print(f"grade: unknown lab {', '.join(bad)} (labs: {', '.join(by_id)})", file=sys.stderr)
            sys.exit(2)
        chosen = [by_id[i] for i in ids]
    tests = None
    if test_arg:
        tests = {x.strip() for x in test_arg.split(",") if x.strip()}
        known = {t.name: lab for lab in chosen for t in lab.tests}
        bad = sorted(tests - set(known))
        if bad:
            print(f"grade: unknown test {', '.join(bad)}", file=sys.stderr)
            sys.exit(2)
        chosen = [lab for lab in chosen if any(t.name in tests for t in lab.tests)]
    return chosen, tests


def main(argv=None):
    args = parse_args(argv)
    root = pathlib.Path(args.root)
    try:
        labs = labconf.load_all(root, preview="all")
    except labconf.ConfigError as e:
        print(f"grade: lab.toml errors:\n{e}", file=sys.stderr)
        return 2
    demand = on_demand(labs, args.lab, args.test)
    if args.on_demand:
        print(",".join(demand))
        return 0
    for lab in labs:
        if lab.status == "not-built" and lab.id not in demand:
            lab.held, lab.tests = lab.tests, []
        elif lab.status == "not-built" and not args.list:
            print(f"grade: {lab.id} is not built yet (status = \"not-built\" in its lab.toml): "
                  "graded on demand, its programs in the initramfs for this run")
    if not args.test and not args.list:   # a test named with --test runs whatever its tier
        for lab in labs:
            lab.tests = [t for t in lab.tests if t.tier == tier()]
    chosen, tests = select(labs, args.lab, args.test)
    if args.list:
        for lab in labs:
            pts = sum(t.points for t in lab.tests)
            print(f"{lab.id}  {lab.status:<9}  {len(lab.tests):>2} tests  {pts:>3} points  {lab.title}")
            if lab.held:
                print(f"    ({len(lab.held)} tests, {sum(t.points for t in lab.held)} points, "
                      f"graded only on demand: make grade LAB={lab.id})")
            for t in lab.tests:
                print(f"    {t.name:<22} {t.points:>3}  {t.expect}{'  hidden' if t.hidden else ''}"
                      f"{'  tier long' if t.tier == 'long' else ''}")
        return 0

    build = pathlib.Path(args.build)
    if not build.is_absolute():
        build = root / build
    os.environ["BUILD"] = str(build)          # tools/qemu.py caches its KVM probe there
    out_dir = build / "grade"
    (out_dir / "boots").mkdir(parents=True, exist_ok=True)
    for old in (out_dir / "boots").glob("*.txt"):
        old.unlink()
    shutil.rmtree(out_dir / "diffs", ignore_errors=True)
    with_tests = [lab for lab in chosen if lab.tests]
    for lab in chosen:
        if not lab.tests:
            print(f"{lab.id}: {lab.status} — no tests yet")
    if not (build / "larch.elf").exists() and with_tests:
        print(f"grade: {build / 'larch.elf'} is missing; run `make BUILD={args.build}` first",
              file=sys.stderr)
        return 2

    scale = timeout_scale()
    seed = int(os.environ.get("GRADE_SEED") or random.SystemRandom().randrange(1, 1 << 31))
    accel = qemu.accelerator(os.environ.get("QEMU_ACCEL", "tcg"))
    grader = Grader(with_tests, build, out_dir, scale, seed, accel, quiet=args.quiet)
    batches = planner.plan(with_tests, planner.Chooser(grader.rng), tests)
    grader.say(f"grade: {sum(len(b.runs) for b in batches)} test runs in {len(batches)} "
               f"boot plans; accel {accel}, timeout scale {scale:g}, GRADE_SEED={seed}")
    started = time.time()
    t0 = time.monotonic()
    for i, batch in enumerate(batches):
        grader.run_batch(batch, i, len(batches))
    duration = time.monotonic() - t0

    results_by_lab = {}
    for lab in with_tests:
        results_by_lab[lab.id] = []
        for t in lab.tests:
            if tests is not None and t.name not in tests:
                continue
            if (lab.id, t.name) not in grader.results:     # cannot happen; never drop a test
                grader.results[(lab.id, t.name)] = report.TestResult(t, [report.RunRecord(
                    0, planner.Machine("?", 0), "-", Outcome("fail", "not run"))])
            results_by_lab[lab.id].append(grader.results[(lab.id, t.name)])
    meta = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "duration_s": round(duration, 1), "accel": accel, "timeout_scale": scale,
            "seed": seed, "selection": {"labs": [lab.id for lab in with_tests],
                                        "tests": sorted(tests) if tests else None}}
    doc = report.results_json(meta, with_tests, results_by_lab, grader.boots)
    report.write_reports(out_dir, doc)

    print()
    for lab in with_tests:
        print("\n".join(report.table(lab, results_by_lab[lab.id])))
        print()
    passed = sum(1 for rs in results_by_lab.values() for r in rs if r.passed)
    failed = sum(1 for rs in results_by_lab.values() for r in rs if not r.passed)
    counts = build / "results"
    counts.mkdir(parents=True, exist_ok=True)
    (counts / "grade.count").write_text(f"{passed} {failed}\n")
    shown = _relative(out_dir)
    print(f"{passed} passed, {failed} failed in {duration:.1f} s; "
          f"results in {shown}/results.json and junit.xml, logs in {shown}/boots/")
    print(f"Score: {doc['score']}/{doc['max_score']}")
    return 0 if doc["score"] == doc["max_score"] else 1


if __name__ == "__main__":
    sys.exit(main())
