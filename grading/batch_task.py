#!/usr/bin/env python3
"""grading/batch_task.py — grading one submission: the unit every backend of grade-submissions runs.

    python3 grading/batch_task.py PLAN.json ROUND.json INDEX     (one Slurm array task)

grade() runs one submission's Job (grading/batch.py: the clean copy with the instructor's
paths restored, the sandbox, the limits, the logs and per-lab results) and then writes
what it found to WORK/NAME/result.json, atomically and last. The local backend calls
grade() in threads; a Slurm array task calls it through this command, after reading the
plan the batch command wrote (settings, the instructor's snapshot, labs, submissions)
and the round's list of submission names (task INDEX grades entry INDEX). A result
counts only for the same plan fingerprint (instructor files, labs, settings), so a
rerun after the instructor changed a test grades everything again.

Exit status of the command: 0 when a result was written (whatever the score), 3 when
this node cannot grade (the sandbox does not work here): no result, so the batch
command counts a failed attempt and submits the task again.
"""
import argparse
import hashlib
import json
import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.dont_write_bytecode = True

from batch import Job                        # noqa: E402
from batch_sandbox import Limits, Sandbox    # noqa: E402
from batch_sources import Submission         # noqa: E402

RESULT = "result.json"
SCHEMA = "larch-batch-result/1"
# The command-line settings a Job reads (args.X); the plan carries them to the tasks.
SETTINGS = ("sandbox", "cpu_limit", "mem_limit", "timeout", "timeout_scale", "ccache_dir")


def grade(job, fingerprint=""):
    """Grades @job's submission and writes its result file. Returns the job."""
    job.run()
    save(job, fingerprint)
    return job


def save(job, fingerprint):
    data = {"schema": SCHEMA, "submission": job.sub.name, "fingerprint": fingerprint,
            "labs": job.labs, **job.state()}
    job.work.mkdir(parents=True, exist_ok=True)
    tmp = job.work / (RESULT + ".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n")
    os.replace(tmp, job.work / RESULT)


def load(job, fingerprint):
    """@job with the outcome its result file holds, or None when there is no result
    for this @fingerprint (never graded, an attempt that died, other settings)."""
    try:
        data = json.loads((job.work / RESULT).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA \
            or data.get("fingerprint") != fingerprint or data.get("labs") != job.labs:
        return None
    return job.restore(data)


def fingerprint(instructor, labs, args):
    """A hash of everything a score depends on besides the submission: the instructor's
    graded files, the labs graded and the settings (the cache folder only speeds up)."""
    h = hashlib.sha256()
    root = pathlib.Path(instructor)
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() + b"\0")
    h.update(json.dumps([labs, {k: getattr(args, k) for k in SETTINGS if k != "ccache_dir"}],
                        sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


# --- the plan: what a task needs to grade on another machine ----------------------------

def write_plan(path, args, instructor, labs, work, subs, fp):
    plan = {"settings": {k: getattr(args, k) for k in SETTINGS},
            "instructor": str(instructor), "labs": labs, "work": str(work), "fingerprint": fp,
            "submissions": {s.name: {"kind": s.kind, "path": str(s.path.resolve()), "ref": s.ref}
                            for s in subs}}
    path.write_text(json.dumps(plan, indent=1, default=str) + "\n")


def job_from_plan(plan, name):
    args = argparse.Namespace(**plan["settings"])
    s = plan["submissions"][name]
    sub = Submission(name, s["kind"], pathlib.Path(s["path"]), s["ref"])
    return Job(sub, args, pathlib.Path(plan["instructor"]), plan["labs"],
               pathlib.Path(plan["work"]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("plan", help="the plan grade-submissions wrote (WORK/_slurm/plan.json)")
    ap.add_argument("round", help="the JSON list of submission names of this job array")
    ap.add_argument("index", type=int, help="which entry of the list (SLURM_ARRAY_TASK_ID)")
    args = ap.parse_args(argv)
    plan = json.loads(pathlib.Path(args.plan).read_text())
    name = json.loads(pathlib.Path(args.round).read_text())[args.index]
    job = job_from_plan(plan, name)
    print(f"batch_task: grading {name} on {os.uname().nodename} in {job.work}", flush=True)
    try:                 # a node that cannot box the build must not grade it unboxed
        Sandbox.choose(job.args.sandbox, job.work.parent, Limits())
    except SystemExit as e:
        print(f"batch_task: this node cannot grade: {e}", flush=True)
        return 3
    grade(job, plan["fingerprint"])
    print(f"batch_task: {name}: {job.total()}/{job.maximum()} in {job.seconds:.0f} s"
          + (f" [{job.error_text()}]" if job.error_text() else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
