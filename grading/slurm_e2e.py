#!/usr/bin/env python3
"""grading/slurm_e2e.py — `make slurm-e2e`: grade-submissions on a real Slurm cluster, end to end.

  1. `make batch-e2e`'s program (grading/batch_e2e.py) builds its three submissions
     (full, skeleton, tampered) and grades them with the local backend: its CSV is the
     reference;
  2. a single-node cluster starts under a temporary folder (grading/slurm_cluster.py:
     munged, slurmctld and slurmd as root, a generated slurm.conf and munge key);
  3. grade-submissions --backend slurm grades the same submissions with the same
     instructor tree through real sbatch job arrays (two tasks at once, as the local run
     had two jobs); while the "full" submission's task is building, it is killed
     (`scancel --signal=KILL --full`): the backend must submit it again;
  4. checks: both runs exit 0; the Slurm CSV is byte for byte the local one; the killed
     task was submitted again and then graded; a rerun with the same work folder
     submits nothing and writes the same CSV;
  5. a task the cluster loses every time: a small fake instructor tree (batch_test.py's,
     whose build sleeps) and one submission, graded with --retries 1 and --time 1; the
     first attempt ends when the node is taken down (`scontrol update State=DOWN`:
     NODE_FAIL) and back up, the second at its time limit (TIMEOUT). Its CSV row must
     say "not graded: TIMEOUT ... (2 attempts)", with no points;
  6. numbers: wall time of both runs, and per task the time Slurm spent around the
     grading (queue wait, start-up, result).
Writes "PASSED FAILED" to BUILD/results/slurm-e2e.count. Needs root and Debian's
slurm-wlm and munge (`tools/setup.sh --group slurm`, which the make target runs).
"""
import argparse
import csv
import datetime
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

from slurm_cluster import Cluster  # noqa: E402
from skeleton_check import Check  # noqa: E402

LAB = "01-boot"
VICTIM = "full"          # the submission whose task is killed mid-run
WROTE = re.compile(r"grade-submissions: wrote .* \((\d+) s\)")
PRIMED = re.compile(r"grade-submissions: compiler cache .* \((\d+) s\)")


def seconds(output):
    """(the whole grading, of which the compiler cache's priming) from grade-submissions'
    output, or (None, None)."""
    wrote, primed = WROTE.search(output), PRIMED.search(output)
    return (int(wrote.group(1)) if wrote else None, int(primed.group(1)) if primed else 0)


def run_logged(cmd, env=None):
    """Runs @cmd with its output passed through; returns (exit status, output, seconds)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            stdin=subprocess.DEVNULL, env=env)
    out = []
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        out.append(line)
    return proc.wait(), "".join(out), time.monotonic() - t0


class Killer(threading.Thread):
    """Kills the VICTIM's first task once it has been building for a few seconds."""

    def __init__(self, work, env, after=15):
        super().__init__(daemon=True)
        self.work, self.env, self.after = work, env, after
        self.killed = None
        self.stop = threading.Event()

    def _victim_task(self):
        first = self.work / "_slurm" / "rounds" / "1.json"
        logs = self.work / "_slurm" / "logs"
        try:
            index = json.loads(first.read_text()).index(VICTIM)
        except (OSError, ValueError):
            return None
        for log in logs.glob(f"*_{index}.out"):
            return log.stem                     # JOBID_INDEX
        return None

    def run(self):
        building_since = None
        while not self.stop.wait(1):
            task = self._victim_task()
            grade_log = self.work / VICTIM / "grade.log"
            if task is None or not grade_log.exists() or "$ make" not in grade_log.read_text(
                    errors="replace"):
                continue
            building_since = building_since or time.monotonic()
            if time.monotonic() - building_since >= self.after:
                r = subprocess.run(["scancel", "--signal=KILL", "--full", task], env=self.env,
                                   capture_output=True, text=True)
                print(f"slurm-e2e: killed task {task} ({VICTIM}) while it was building "
                      f"(scancel exit {r.returncode}{': ' + r.stderr.strip() if r.stderr else ''})",
                      flush=True)
                self.killed = task
                return


def same_csv(a, b):
    """Whether the CSVs @a and @b are the same bytes; prints the rows that differ."""
    if not (a.exists() and b.exists()):
        return False
    if a.read_bytes() == b.read_bytes():
        return True
    rows_a, rows_b = a.read_text().splitlines(), b.read_text().splitlines()
    for row in sorted(set(rows_a) ^ set(rows_b)):
        where = a if row in rows_a else b
        print(f"slurm-e2e: only in {where.parent.name}/{where.name}: {row}")
    return False


def lose_every_attempt(cluster, here, check):
    """Step 5: one submission whose task the cluster loses twice: a node failure, then
    the time limit (--time 1; its build sleeps 5 minutes)."""
    import batch_test                      # its fake instructor tree and submissions
    d = here / "lost"
    inst = d / "instructor"
    batch_test.instructor_tree(inst)
    (inst / "Makefile").write_text(batch_test.FAKE_MAKEFILE.replace(
        "kernel iso:\n", "kernel iso:\n\t@sleep 300\n"))
    batch_test.student_tree(d / "subs" / "lost", "alpha")
    work, out = d / "work", d / "grades.csv"
    env = cluster.env()

    def attempts():
        return len(list((work / "_slurm" / "logs").glob("*.out")))

    def building():
        log = work / "lost" / "grade.log"
        return log.exists() and "$ make" in log.read_text(errors="replace")

    def fail_the_node():
        deadline = time.monotonic() + 120
        while not (attempts() == 1 and building()) and time.monotonic() < deadline:
            time.sleep(0.5)
        subprocess.run(["scontrol", "update", f"NodeName={cluster.host}", "State=DOWN",
                        "Reason=slurm-e2e"], env=env, check=False)
        print(f"slurm-e2e: node {cluster.host} taken down during the first attempt", flush=True)
        while subprocess.run(["squeue", "-h", "-t", "R,CG"], env=env, capture_output=True,
                             text=True).stdout.strip() and time.monotonic() < deadline:
            time.sleep(0.5)
        while not cluster.node_idle() and time.monotonic() < deadline:
            # Back up: RESUME, unless the node already returned by itself (ReturnToService).
            subprocess.run(["scontrol", "update", f"NodeName={cluster.host}", "State=RESUME"],
                           env=env, check=False, capture_output=True)
            time.sleep(0.5)

    downer = threading.Thread(target=fail_the_node, daemon=True)
    downer.start()
    rc, text, _ = run_logged([sys.executable, str(HERE / "grade-submissions"), str(d / "subs"),
                              "--tree", str(inst), "--lab", "01-boot", "--out", str(out),
                              "--work", str(work), "--backend", "slurm", "--no-ccache",
                              "--cpus-per-task", "1", "--mem", "1G", "--retries", "1",
                              "--time", "1", "--poll", "1"], env)
    downer.join(timeout=5)
    rows = list(csv.reader(out.open())) if out.exists() else []
    row = rows[1] if len(rows) == 2 else []
    check(rc == 1, f"a submission not graded must make grade-submissions exit 1, not {rc}")
    check(len(row) == 5 and row[0] == "lost" and row[1] == "" and row[2] == ""
          and row[3] == "60" and row[4].startswith("not graded: TIMEOUT")
          and row[4].endswith("(2 attempts)"),
          f"the lost task's CSV row: {row} (expected no points and 'not graded: TIMEOUT "
          "... (2 attempts)')")
    report = d / "grades-reports" / "lost.txt"
    text = report.read_text() if report.exists() else ""
    check(re.search(r"1\. NODE_FAIL.*\n\s+2\. TIMEOUT", text) is not None,
          f"{report} does not list both failed attempts (a node failure, then the time limit)")


def task_times(env, work):
    """(queue wait, Slurm's elapsed minus the grading's own time) of every task, seconds."""
    job_ids = set()
    for log in (work / "_slurm" / "logs").glob("*.out"):
        job_ids.add(log.stem.split("_")[0])
    rows = []
    for j in sorted(job_ids, key=int):
        r = subprocess.run(["scontrol", "show", "job", "-o", j], env=env, capture_output=True,
                           text=True)
        rounds = {}
        for line in r.stdout.splitlines():
            kv = dict(w.split("=", 1) for w in line.split() if "=" in w)
            try:
                start, end, submit = (datetime.datetime.fromisoformat(kv[k])
                                      for k in ("StartTime", "EndTime", "SubmitTime"))
            except (KeyError, ValueError):
                continue
            rounds[int(kv.get("ArrayTaskId", "0"))] = (kv.get("JobState"), submit, start, end)
        for i, (state, submit, start, end) in sorted(rounds.items()):
            graded = None
            log = work / "_slurm" / "logs" / f"{j}_{i}.out"
            m = re.search(r"batch_task: (\S+): .* in (\d+) s", log.read_text(errors="replace")
                          if log.exists() else "")
            if m:
                graded = int(m.group(2))
            rows.append((f"{j}_{i}", state, (start - submit).total_seconds(),
                         (end - start).total_seconds(), graded, m.group(1) if m else "-"))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--no-kill", action="store_true", help="do not kill a task (clean timing)")
    args = ap.parse_args()
    root = HERE.parent
    build = pathlib.Path(args.build)
    build = (build if build.is_absolute() else root / build).resolve()
    count = build / "results" / "slurm-e2e.count"
    count.parent.mkdir(parents=True, exist_ok=True)
    count.write_text("0 1\n")
    tally = Check()
    check = tally.ok

    t0 = time.monotonic()
    print("slurm-e2e: the local reference: grading/batch_e2e.py", flush=True)
    rc, out, _ = run_logged([sys.executable, str(HERE / "batch_e2e.py"), "--build", str(build)])
    check(rc == 0, f"batch-e2e (the local backend) failed with {rc}")
    local_s = seconds(out)
    e2e = build / "batch-e2e"
    local_csv = e2e / "grades.csv"
    here = build / "slurm-e2e"
    work = here / "work"
    cache = build / "slurm-e2e-ccache"      # kept between runs, like batch-e2e's work folder
    if (work / "_ccache").exists() and not cache.exists():
        (work / "_ccache").rename(cache)
    if here.exists():
        shutil.rmtree(here)
    work.mkdir(parents=True)
    if cache.exists():
        cache.rename(work / "_ccache")
    slurm_csv = here / "grades.csv"
    cluster_dir = pathlib.Path(tempfile.mkdtemp(prefix="larch-slurm-"))
    cluster = Cluster(cluster_dir)
    rows = []
    slurm_s = (None, None)
    try:
        try:
            cluster.start()
        except RuntimeError as e:
            check(False, f"the test cluster did not start: {e}")
            raise
        env = cluster.env()
        print(f"slurm-e2e: single-node cluster up in {cluster_dir} "
              f"(SLURM_CONF={cluster.conf})", flush=True)
        cmd = [sys.executable, str(HERE / "grade-submissions"), str(e2e / "subs"),
               "--tree", str(e2e / "instructor"), "--lab", LAB, "--out", str(slurm_csv),
               "--work", str(work), "--backend", "slurm", "--cpus-per-task", "1",
               "--mem", "2G", "--concurrency", "2", "--poll", "2", "--retries", "2"]
        killer = Killer(work, env)
        if not args.no_kill:
            killer.start()
        rc, out, _ = run_logged(cmd, env)
        killer.stop.set()
        slurm_s = seconds(out)
        check(rc == 0, f"grade-submissions --backend slurm exited with {rc}")
        check(same_csv(slurm_csv, local_csv),
              f"the Slurm CSV ({slurm_csv}) differs from the local one ({local_csv})")
        if not args.no_kill:
            if check(killer.killed is not None, f"the {VICTIM} task was never killed"):
                check(re.search(rf"slurm: {VICTIM}: task {killer.killed} ended without a result "
                                r"\(CANCELLED.*submitting it again", out) is not None,
                      f"the killed task {killer.killed} was not submitted again")
        rows = task_times(env, work)
        print("slurm-e2e: a rerun with the same work folder grades nothing", flush=True)
        rerun_csv = here / "rerun.csv"
        rc, out, _ = run_logged(cmd[:cmd.index("--out") + 1] + [str(rerun_csv)]
                                + cmd[cmd.index("--out") + 2:], env)
        check(rc == 0 and "slurm: 0 to grade, 3 graded by an earlier run" in out
              and "array job" not in out, "the rerun graded again")
        check(same_csv(rerun_csv, slurm_csv), "the rerun's CSV differs from the first one")
        lose_every_attempt(cluster, here, check)
    except RuntimeError:
        pass
    finally:
        cluster.stop()
        if tally.failed:
            shutil.copytree(cluster_dir / "log", here / "cluster-logs", dirs_exist_ok=True)
        shutil.rmtree(cluster_dir, ignore_errors=True)
    if rows:
        print("slurm-e2e: tasks   state      queue s  elapsed s  grading s  overhead s  submission")
        for task, state, queue, elapsed, graded, name in rows:
            over = f"{elapsed - graded:10.0f}" if graded is not None else "         -"
            print(f"  {task:<14} {state:<10} {queue:7.0f}  {elapsed:9.0f}  "
                  f"{graded if graded is not None else '-':>9}  {over}  {name}")
    print(f"slurm-e2e: wall time of grade-submissions: local {local_s[0]} s (compiler cache "
          f"{local_s[1]} s of it), Slurm {slurm_s[0]} s (compiler cache {slurm_s[1]} s of it)"
          + ("" if args.no_kill else "; Slurm's with one task killed and graded again"))
    count.write_text(f"{tally.passed} {tally.failed}\n")
    for p in tally.problems:
        print(f"slurm-e2e: FAILED: {p}")
    print(f"slurm-e2e: {tally.passed} checks passed, {tally.failed} failed "
          f"({time.monotonic() - t0:.0f} s); CSV {slurm_csv}")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
