"""grading/slurm_backend.py — grade-submissions --backend slurm: submissions as Slurm job arrays.

Each submission is one array task that runs grading/batch_task.py: exactly what the local
backend runs (batch_task.grade()), on a node. The work folder (--work) and the
submissions folder must be on a file system every node mounts at the same path. The
work folder holds the inputs, built once by grade-submissions on the submitting host,
and everything the tasks write:

    _instructor/            the instructor's graded files (batch.snapshot_controlled)
    _ccache/cache/          the compiler cache primed from the instructor's build (tasks
                            read it, never write it)
    _slurm/code/            this grader's code, which the tasks run
    _slurm/plan.json        settings, labs, submissions, fingerprint (batch_task.write_plan)
    _slurm/task.sh          the batch script of every array
    _slurm/rounds/N.json    the submission names of array N (task i grades entry i)
    _slurm/logs/J_i.out     the output of task i of array job J
    NAME/result.json        the outcome of a graded submission, written last by its task

A task that ends without a result file failed for the cluster's reasons (node failure,
preemption, time limit, cancelled, the node could not sandbox): it is submitted again,
at most --retries times, in a new array; after that its CSV row says "not graded: why"
(no points, not even 0). A rerun with the same --work grades only the submissions
without a result for the same plan fingerprint. States come from `sacct` when the
cluster keeps accounting, else from `scontrol show job` (finished jobs stay there for
MinJobAge seconds).
"""
import json
import math
import pathlib
import shlex
import shutil
import subprocess
import time
import tomllib

import batch_task

HERE = pathlib.Path(__file__).resolve().parent
ACTIVE = {"PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "REQUEUE_FED",
          "REQUEUE_HOLD", "RESIZING", "SUSPENDED", "STAGE_OUT", "SIGNALING", "RESV_DEL_HOLD"}
SETUP_SECONDS = 300           # unpacking, the clean copy, copying reports: per task
MAX_ARRAY = 1000              # Slurm's default MaxArraySize is 1001 (indices 0..1000)


def add_options(ap):
    """The --backend slurm options of grade-submissions."""
    g = ap.add_argument_group("Slurm backend (--backend slurm; --work must be shared)")
    g.add_argument("--partition", help="the partition of the array jobs (default: the cluster's)")
    g.add_argument("--time", type=int, dest="time_limit",
                   help="minutes per task (default: from the labs' own timeouts and limits, "
                   "see task_seconds())")
    g.add_argument("--cpus-per-task", type=int, default=2,
                   help="CPUs per task (default 2: QEMU's vCPU threads and make)")
    g.add_argument("--mem", default="4G", help="memory per task, as sbatch --mem (default 4G)")
    g.add_argument("--concurrency", type=int, default=0,
                   help="tasks running at once (the array's %%N; default: no limit)")
    g.add_argument("--retries", type=int, default=2,
                   help="submissions again of a task the cluster lost (default 2)")
    g.add_argument("--poll", type=float, default=10, help="seconds between state queries")
    g.add_argument("--sbatch-arg", action="append", default=[],
                   help="one more sbatch argument (repeat): --sbatch-arg=--account=cs101")
    g.add_argument("--print-sbatch", action="store_true",
                   help="build the shared inputs, write the array of the submissions still "
                   "to grade, print its sbatch command and stop (to submit it by hand; run "
                   "again without this option to gather the results)")


def task_seconds(instructor, labs, args):
    """A task's time limit: what its own limits allow. The build gets --timeout; each lab
    the smaller of --timeout and the sum over its tests' runs of the test's hard limit
    plus its progress timeout (the test's keys, else the lab's [defaults], else the
    grader's defaults), times the timeout scale; plus SETUP_SECONDS."""
    from labconf import DEFAULT_LIMIT, DEFAULT_TIMEOUT
    root = pathlib.Path(instructor)
    total = SETUP_SECONDS + args.timeout
    for lab in labs:
        data = tomllib.loads((root / "labs" / lab / "lab.toml").read_text())
        defaults = data.get("defaults", {})
        tests = data.get("test", [])
        hidden = root / "grading" / "hidden" / lab / "tests.toml"
        if hidden.exists():
            tests += tomllib.loads(hidden.read_text()).get("test", [])
        worst = sum(len(t.get("runs", [{}])) * (t.get("limit", defaults.get("limit", DEFAULT_LIMIT))
                                                + t.get("timeout", defaults.get("timeout",
                                                                                DEFAULT_TIMEOUT)))
                    for t in tests)
        total += min(args.timeout, worst * args.timeout_scale)
    return int(total)


# --- Slurm's commands -------------------------------------------------------------------

def _run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)


def _task_ids(text):
    """'3' / '2-5%2' / '1,4-5' -> [ints]."""
    ids = []
    for part in text.split("%")[0].strip("[]").split(","):
        if "-" in part:
            a, b = part.split("-", 1)
            ids += range(int(a), int(b) + 1)
        elif part.strip().isdigit():
            ids.append(int(part))
    return ids


def parse_scontrol(text):
    """`scontrol show job -o` lines -> {(array job id, task id): (state, reason, exit code)}."""
    states = {}
    for line in text.splitlines():
        kv = dict(w.split("=", 1) for w in line.split() if "=" in w)
        if "ArrayJobId" not in kv or "ArrayTaskId" not in kv:
            continue
        for i in _task_ids(kv["ArrayTaskId"]):
            states[(kv["ArrayJobId"], i)] = (kv.get("JobState", "UNKNOWN"),
                                             kv.get("Reason", ""), kv.get("ExitCode", ""))
    return states


def parse_sacct(text):
    """`sacct -X -n -P -o JobID,State,Reason,ExitCode` lines -> the same as parse_scontrol."""
    states = {}
    for line in text.splitlines():
        parts = line.split("|")
        if len(parts) < 4 or "_" not in parts[0]:
            continue
        job, tasks = parts[0].split("_", 1)
        for i in _task_ids(tasks):
            states[(job, i)] = (parts[1].split()[0] if parts[1] else "UNKNOWN", parts[2], parts[3])
    return states


def query(keys):
    """The states of the tasks @keys ((array job id, task id) pairs): from the accounting
    database, and for those it does not know (no accounting here, or not recorded yet)
    from the controller. A task neither knows is missing from the answer."""
    ids = sorted({k[0] for k in keys})
    states = {}
    r = _run(["sacct", "-X", "-n", "-P", "-j", ",".join(ids), "-o", "JobID,State,Reason,ExitCode"])
    if r.returncode == 0:
        states = parse_sacct(r.stdout)
    for j in sorted({k[0] for k in keys if k not in states}):
        r = _run(["scontrol", "show", "job", "-o", j])
        if r.returncode == 0:
            states = {**parse_scontrol(r.stdout), **states}
    return states


# --- the backend ------------------------------------------------------------------------

class SlurmBackend:
    """Grades Jobs (grading/batch.py) as Slurm array tasks: run() submits, polls, submits
    again what the cluster lost, and hands each graded Job to finished()."""

    def __init__(self, args, work, instructor, labs, fp, finished, log=print):
        self.args, self.work, self.fp, self.finished, self.log = args, work, fp, finished, log
        self.instructor, self.labs = instructor, labs
        self.dir = work / "_slurm"
        self.minutes = args.time_limit or math.ceil(task_seconds(instructor, labs, args) / 60)
        self.jobs = {}                 # name -> Job
        self.attempts = {}             # name -> arrays it was submitted in
        self.history = {}              # name -> [why of each failed attempt]
        self.outstanding = {}          # (array job id, task id) -> name
        self.not_graded = []           # (entry, why)
        self.rounds = 0
        self.done = 0
        self.failed = 0

    def prepare(self, subs):
        """The shared folder's code, plan and batch script."""
        for sub in ("logs", "rounds"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        self.rounds = max([int(f.stem) for f in (self.dir / "rounds").glob("*.json")
                           if f.stem.isdigit()], default=0)
        code = self.dir / "code"
        if code.exists():
            shutil.rmtree(code)
        code.mkdir()
        for f in HERE.glob("*.py"):
            shutil.copy2(f, code / f.name)
        batch_task.write_plan(self.dir / "plan.json", self.args, self.instructor, self.labs,
                              self.work, subs, self.fp)
        script = self.dir / "task.sh"
        script.write_text("#!/bin/sh\n# grade-submissions --backend slurm: one array task "
                          "grades one submission (grading/batch_task.py)\n"
                          f"exec python3 {shlex.quote(str(code / 'batch_task.py'))} "
                          '"$1" "$2" "$SLURM_ARRAY_TASK_ID"\n')
        script.chmod(0o755)

    def sbatch_argv(self, spec, round_file, dependency=None):
        a = self.args
        cmd = ["sbatch", "--parsable", "--job-name=grade-submissions", f"--array={spec}",
               f"--time={self.minutes}", f"--cpus-per-task={a.cpus_per_task}", f"--mem={a.mem}",
               f"--output={self.dir / 'logs' / '%A_%a.out'}", "--no-requeue",
               f"--chdir={self.work}"]
        if a.partition:
            cmd.append(f"--partition={a.partition}")
        if dependency:
            cmd.append(f"--dependency=afterany:{dependency}")
        return cmd + a.sbatch_arg + [str(self.dir / "task.sh"), str(self.dir / "plan.json"),
                                     str(round_file)]

    def _round(self, chunk):
        """Writes the next round's list of names; returns (its --array spec, its file)."""
        self.rounds += 1
        round_file = self.dir / "rounds" / f"{self.rounds}.json"
        round_file.write_text(json.dumps(chunk) + "\n")
        spec = f"0-{len(chunk) - 1}" + (f"%{self.args.concurrency}" if self.args.concurrency
                                         else "")
        return spec, round_file

    def submit(self, names):
        """One array (MAX_ARRAY tasks at most each, chained) for @names."""
        previous = None
        for start in range(0, len(names), MAX_ARRAY):
            chunk = names[start:start + MAX_ARRAY]
            spec, round_file = self._round(chunk)
            r = _run(self.sbatch_argv(spec, round_file, previous))
            if r.returncode != 0:
                raise SystemExit(f"grade-submissions: sbatch failed: {r.stderr.strip()}")
            job_id = r.stdout.strip().split(";")[0]
            previous = job_id
            for i, name in enumerate(chunk):
                self.outstanding[(job_id, i)] = name
                self.attempts[name] = self.attempts.get(name, 0) + 1
            self.log(f"slurm: array job {job_id}: {len(chunk)} tasks ({spec}), "
                     f"{self.minutes} min each", flush=True)

    def _why(self, key, state):
        st, reason, code = state
        why = st + (f" ({reason})" if reason and reason != "None" else "")
        if st == "COMPLETED" or st == "FAILED":
            why += f", exit code {code}" if code else ""
        log = self.dir / "logs" / f"{key[0]}_{key[1]}.out"
        try:
            lines = [l.strip() for l in log.read_text(errors="replace").splitlines() if l.strip()]
        except OSError:
            lines = []
        # Slurm's own words (slurmstepd's "*** JOB ... CANCELLED ... ***") or the task's last.
        said = [l for l in lines if "***" in l or "error" in l.lower()][-1:] or lines[-1:]
        return why + (f": {said[0][:160]}" if said and st != "PENDING" else "")

    def _settle(self, states, grace):
        """Takes the tasks that ended out of the outstanding ones. Returns the names to
        submit again."""
        again = []
        for key, name in list(self.outstanding.items()):
            state = states.get(key, ("GONE", "Slurm no longer knows the task", ""))
            if state[0] in ACTIVE:
                continue
            job = batch_task.load(self.jobs[name], self.fp)
            if job is None and state[0] in ("COMPLETED", "GONE") and grace.get(key, 0) < 3:
                grace[key] = grace.get(key, 0) + 1          # a shared file system may lag,
                continue                                    # or the database
            del self.outstanding[key]
            if job is not None:
                self.finished(job)
                self.done += 1
                continue
            self.failed += 1
            why = self._why(key, state)
            self.history.setdefault(name, []).append(why)
            if self.attempts[name] <= self.args.retries:
                self.log(f"slurm: {self.jobs[name].sub.entry}: task {key[0]}_{key[1]} ended "
                         f"without a result ({why}); submitting it again", flush=True)
                again.append(name)
            else:
                n = self.attempts[name]
                tries = f"{n} attempt{'s' if n > 1 else ''}"
                self.not_graded.append((self.jobs[name].sub.entry, f"{why} ({tries})"))
                self.log(f"slurm: {self.jobs[name].sub.entry}: not graded after {tries} "
                         f"({why})", flush=True)
        return again

    def progress(self, states, t0):
        counts = {"running": 0, "pending": 0}
        reasons = set()
        for key in self.outstanding:
            st, reason, _ = states.get(key, ("PENDING", "", ""))
            if st == "PENDING":
                counts["pending"] += 1
                if reason and reason not in ("None", "Priority", "Resources", "JobArrayTaskLimit",
                                             "Dependency", "BeginTime"):
                    reasons.add(reason)
            else:
                counts["running"] += 1
        return (f"slurm: {time.monotonic() - t0:5.0f} s: {self.done} done, "
                f"{counts['running']} running, "
                f"{counts['pending']} pending, {self.failed} failed"
                + (f" ({len(self.not_graded)} not graded)" if self.not_graded else "")
                + (f"; pending because: {', '.join(sorted(reasons))}" if reasons else ""))

    def run(self, jobs):
        """Grades @jobs on the cluster; calls finished(job) for each graded one (also for
        those a previous run graded). Returns [(entry, why)] of those not graded."""
        self.jobs = {j.sub.name: j for j in jobs}
        todo = []
        for job in jobs:
            if batch_task.load(job, self.fp) is not None:
                self.finished(job)
                self.done += 1
            else:
                todo.append(job.sub.name)
        already = len(jobs) - len(todo)
        self.log(f"slurm: {len(todo)} to grade"
                 + (f", {already} graded by an earlier run of this work folder" if already else "")
                 + f"; {self.minutes} min per task ("
                 + ("--time" if self.args.time_limit else "from the labs' limits") + ")",
                 flush=True)
        if not todo:
            return []
        self.prepare([j.sub for j in jobs])
        if self.args.print_sbatch:
            for start in range(0, len(todo), MAX_ARRAY):
                argv = self.sbatch_argv(*self._round(todo[start:start + MAX_ARRAY]))
                argv.remove("--parsable")
                self.log(" ".join(shlex.quote(a) for a in argv), flush=True)
            raise SystemExit(0)
        t0 = time.monotonic()
        grace, last_line, last_time = {}, "", 0.0
        try:
            self.submit(todo)
            while self.outstanding:
                time.sleep(self.args.poll)
                states = query(set(self.outstanding))
                again = self._settle(states, grace)
                if again:
                    self.submit(again)
                line = self.progress(states, t0)
                if line.split(": ", 2)[2] != last_line or time.monotonic() - last_time > 60:
                    self.log(line, flush=True)
                    last_line, last_time = line.split(": ", 2)[2], time.monotonic()
        except BaseException:
            ids = sorted({k[0] for k in self.outstanding})
            if ids:
                _run(["scancel", *ids])
                self.log(f"slurm: cancelled array jobs {', '.join(ids)}", flush=True)
            raise
        return self.not_graded

    def write_reports(self, reports):
        """NAME.txt and NAME.json for each submission the cluster did not grade."""
        reports.mkdir(parents=True, exist_ok=True)
        for name, job in self.jobs.items():
            why = dict(self.not_graded).get(job.sub.entry)
            if why is not None:
                write_not_graded_report(reports, name, job.sub.entry, why,
                                        self.history.get(name, []), self.dir / "logs")


def write_not_graded_report(reports, name, entry, why, history, logs):
    lines = [f"submission: {entry}", f"not graded: {why}", "", "attempts:"]
    lines += [f"  {i + 1}. {h}" for i, h in enumerate(history)]
    lines += ["", f"the tasks' output: {logs}"]
    (reports / f"{name}.txt").write_text("\n".join(lines) + "\n")
    (reports / f"{name}.json").write_text(json.dumps(
        {"submission": entry, "graded": False, "why": why, "attempts": history},
        indent=2) + "\n")
