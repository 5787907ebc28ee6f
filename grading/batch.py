"""grading/batch.py — instructor batch mode: grade a folder of submissions (grade-submissions).

For each submission, in a work folder of its own:
  1. its files are unpacked (batch_sources.py): a folder, a git ref, a tarball;
  2. the clean copy: every path the instructor controls (INSTRUCTOR_PATHS: the labs'
     tests and lab.toml files, the grader with its hidden tests, tools/qemu.py, the test
     runners, the graded programs (user/, tests/contract/), alpine-rootfs/, the Makefile
     and its fragments) is deleted from the submission and copied
     from the instructor's tree, so a submission cannot change how it is graded; files
     it had changed there are listed in its report as ignored;
  3. in the sandbox (batch_sandbox.py): `make kernel`, then `make grade LAB=<lab>` for
     each lab graded; the points come from build/grade/results.json;
  4. a report (REPORTS/NAME.txt, NAME.json, and NAME/ with the logs and each lab's
     results.json, junit.xml and boot logs) and one CSV row:
         submission, <one column of points per lab>, total, max, errors
Submissions run in parallel (--jobs, default: the number of cores). Their builds read
a compiler cache that only the instructor's own build wrote (prime_ccache).
"""
import fnmatch
import json
import os
import pathlib
import shutil
import time
import tomllib

from batch_sandbox import Limits, Sandbox, parse_size
from batch_sources import SubmissionError, copy_folder, extract_tar, extract_zip, sanitize

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Paths (globs relative to the tree root; a folder stands for everything under it) that
# the instructor's tree supplies in every graded copy.
INSTRUCTOR_PATHS = (
    "Makefile",            # the build and the `grade` target
    "*/*.mk",              # every fragment the Makefile includes can redefine a target
    "tests/*/*.mk",
    "labs",                # lab.toml (tests, points, checks), ktests, guest tests, handouts
    "grading",             # the grader, its hidden tests, batch mode itself
    "tools",               # tools/qemu.py (the machine), build helpers
    "kernel/test",         # the in-kernel test runner and KTEST()
    "kernel/lib/exit_codes.h",   # how a run ends, read by kernel and grader
    "kernel/syscall/reboot.cc",  # how init ends a run (power-off)
    "user",                # init, the user-mode runner (frames, nonce), its table, mkinitramfs
    "tests/contract",      # the graded programs and the harness that runs them on Linux
    "alpine-rootfs",       # the root images later labs' programs run from
)


# --- the clean copy -------------------------------------------------------------------

def _files_under(root, rel):
    p = root / rel
    if p.is_symlink() or p.is_file():
        return [rel]
    if p.is_dir():
        return sorted(str(q.relative_to(root)) for q in p.rglob("*")
                      if q.is_file() or q.is_symlink())
    return []


def controlled(root):
    """The paths of @root that INSTRUCTOR_PATHS name (top-level matches, not expanded)."""
    root = pathlib.Path(root)
    found = set()
    for pattern in INSTRUCTOR_PATHS:
        depth = pattern.count("/") + 1
        if not any(ch in pattern for ch in "*?["):
            if (root / pattern).exists() or (root / pattern).is_symlink():
                found.add(pattern)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            rel = pathlib.Path(dirpath).relative_to(root)
            if len(rel.parts) >= depth:
                dirnames[:] = []
                continue
            for n in dirnames + filenames:
                r = str(rel / n) if rel.parts else n
                if r.count("/") + 1 == depth and fnmatch.fnmatchcase(r, pattern) \
                        and not r.startswith(".git/") and not r.split("/")[0].startswith("build"):
                    found.add(r)
    return sorted(found)


def _same(a, b):
    if a.is_symlink() or b.is_symlink():
        return a.is_symlink() and b.is_symlink() and os.readlink(a) == os.readlink(b)
    return a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()


def _remove(p):
    if p.is_symlink() or p.is_file():
        p.unlink()
    elif p.is_dir():
        shutil.rmtree(p)


def _copy(src, dst):
    """Copies the file, link or folder @src to @dst; links stay links, bytecode stays out."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir() and not src.is_symlink():
        shutil.copytree(src, dst, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    else:
        shutil.copy2(src, dst, follow_symlinks=False)


def replace_controlled(tree, instructor):
    """Makes the instructor's files win in @tree. Returns the files the submission had
    changed or added there (they are ignored), sorted."""
    tree, instructor = pathlib.Path(tree), pathlib.Path(instructor)
    edited = set()
    for pattern in INSTRUCTOR_PATHS:      # a linked folder on the way would lead us out
        parts = pattern.split("/")[:-1]
        for i in range(len(parts)):
            p = tree.joinpath(*parts[:i + 1])
            if "*" not in parts[i] and p.is_symlink():
                edited.add(str(p.relative_to(tree)))
                p.unlink()
    theirs = controlled(tree)
    ours = controlled(instructor)
    for rel in theirs:
        for f in _files_under(tree, rel):
            if "__pycache__" in f or f.endswith(".md"):     # notes in a handout change nothing
                continue
            if not _same(tree / f, instructor / f):
                edited.add(f)
        _remove(tree / rel)
    for rel in ours:
        if rel.startswith("build"):
            continue
        _copy(instructor / rel, tree / rel)
    return sorted(edited)


def snapshot_controlled(instructor, dest):
    """Copies the instructor's graded files to @dest once, so that every submission of a
    batch is graded with the same files even if the tree changes meanwhile."""
    instructor, dest = pathlib.Path(instructor), pathlib.Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for rel in controlled(instructor):
        _copy(instructor / rel, dest / rel)
    return dest


# --- labs and results -----------------------------------------------------------------

def labs_with_tests(root):
    """Lab ids whose lab.toml (or hidden tests.toml) has tests, in order. A lab whose
    status is "not-built" has none yet (its tests are graded only on demand)."""
    root = pathlib.Path(root)
    ids = []
    for toml in sorted((root / "labs").glob("*/lab.toml")):
        lab = toml.parent.name
        try:
            data = tomllib.loads(toml.read_text())
            if data.get("lab", {}).get("status") == "not-built":
                continue
            tests = data.get("test", [])
            hidden = root / "grading" / "hidden" / lab / "tests.toml"
            if hidden.exists():
                tests += tomllib.loads(hidden.read_text()).get("test", [])
        except (tomllib.TOMLDecodeError, OSError):
            continue
        if tests:
            ids.append(lab)
    return ids


def read_results(path, lab):
    """(points, max points, [test dicts]) of @lab in the grader's results.json (schema
    larch-grade-results/1, grading/README.md); tests have name, points, max, passed,
    reason, hidden. None when the file is missing, unreadable or has no such lab."""
    try:
        data = json.loads(pathlib.Path(path).read_text())
    except (OSError, ValueError):
        return None
    for entry in data.get("labs", []) if isinstance(data, dict) else []:
        if entry.get("id") != lab:
            continue
        tests = [{"name": t.get("name"), "points": t.get("points", 0),
                  "max": t.get("max_points", 0), "passed": t.get("status") == "pass",
                  "reason": t.get("reason", ""), "hidden": t.get("hidden", False)}
                 for t in entry.get("tests", [])]
        return entry.get("score", 0), entry.get("max_score", 0), tests
    return None


def lab_maximum(root, lab):
    """The points a lab is worth, from its lab.toml (and hidden tests)."""
    root = pathlib.Path(root)
    total = 0
    for toml in (root / "labs" / lab / "lab.toml", root / "grading" / "hidden" / lab / "tests.toml"):
        if toml.exists():
            total += sum(t.get("points", 0) for t in tomllib.loads(toml.read_text()).get("test", []))
    return total


# --- a compiler cache from the instructor's tree ---------------------------------------

def ccache_env(cache, tmp, read_only):
    """ccache settings shared by the priming build and the submissions' builds: the
    folder a build runs in is left out of the hash, so every copy of a file hits."""
    env = {"CCACHE_DIR": str(cache), "CCACHE_NOHASHDIR": "1", "CCACHE_TEMPDIR": str(tmp)}
    if read_only:
        env.update({"CCACHE_READONLY": "1", "CCACHE_NOSTATS": "1"})
    return env


def prime_ccache(instructor, work, mode, log):
    """Builds the instructor's kernel once into a fresh cache (work/_ccache/cache) that
    the submissions then read but never write: every source file a submission left as
    it was compiles from the cache. Returns the cache folder, or None when that failed."""
    if mode != "bwrap" or not shutil.which("ccache"):
        return None                 # without a read-only bind a shared cache could be poisoned
    prime = work / "_ccache"
    (prime / "tmp").mkdir(parents=True, exist_ok=True)
    cache = prime / "cache"
    copy_folder(instructor, prime / "tree")
    box = Sandbox(mode, prime, Limits())
    (prime / "tree" / "build").mkdir(exist_ok=True)
    (prime / "tree" / "build" / ".setup-done").touch()
    rc, _ = box.run(["make", f"-j{os.cpu_count() or 1}", "BUILD=build", "kernel"],
                    cwd=prime / "tree", log=log,
                    env={"BUILD": "build", **ccache_env(cache, prime / "tmp", read_only=False)})
    if rc == 0:   # the contract programs too (make grade builds the initramfs); optional
        box.run(["make", "BUILD=build", "initramfs"], cwd=prime / "tree", log=log,
                env={"BUILD": "build", **ccache_env(cache, prime / "tmp", read_only=False)})
    shutil.rmtree(prime / "tree", ignore_errors=True)
    return cache if rc == 0 and cache.is_dir() else None


# --- one submission -----------------------------------------------------------------

def first_error(log):
    """': <the first compiler or make error line>' of a build log, or ''."""
    try:
        for line in pathlib.Path(log).read_text(errors="replace").splitlines():
            if " error: " in line or line.startswith("make: ***"):
                return ": " + line.strip()[:200]
    except OSError:
        pass
    return ""


class Job:
    def __init__(self, sub, args, instructor, labs, work):
        self.sub, self.args, self.instructor, self.labs = sub, args, instructor, labs
        self.work = work / sub.name
        self.tree = self.work / "tree"
        self.log = self.work / "grade.log"
        self.points = {}
        self.maxima = {lab: lab_maximum(instructor, lab) for lab in labs}
        self.tests = {}
        self.errors = []
        self.notes = []
        self.edited = []
        self.seconds = 0.0

    def unpack(self, box):
        sub = self.sub
        if sub.kind == "folder":
            copy_folder(sub.path, self.tree)
        elif sub.kind == "tarball":
            extract_tar(sub.path, self.tree)
        elif sub.kind == "zip":
            extract_zip(sub.path, self.tree)
        else:
            self._git_archive(box)
        for p in list(self.tree.iterdir()):      # build output it brought along is not built here
            if p.name == "build" or p.name.startswith("build-"):
                self.notes.append(f"its {p.name}/ folder was removed before building")
                _remove(p)
        dropped = sanitize(self.tree)
        if dropped:
            self.notes.append(f"symbolic links out of the tree dropped: {', '.join(dropped[:5])}")
        if not (self.tree / "kernel").is_dir():
            raise SubmissionError("no kernel/ folder in the submission")

    def _git_archive(self, box):
        repo = self.sub.path.resolve()
        git_dir = repo if (repo / "HEAD").is_file() and (repo / "objects").is_dir() else repo / ".git"
        tar = self.work / "tmp" / "submission.tar"
        rc, _ = box.run(["git", "-c", "safe.directory=*", "-c", "core.fsmonitor=false",
                         f"--git-dir={git_dir}", "archive", "--format=tar", "-o", str(tar),
                         self.sub.ref],
                        cwd=self.work, log=self.log, wall_seconds=120, ro_binds=[repo])
        if rc != 0 or not tar.exists():
            raise SubmissionError(f"git archive of '{self.sub.ref}' failed (see the report)")
        extract_tar(tar, self.tree)
        tar.unlink()

    def run(self):
        t0 = time.monotonic()
        try:
            self._run()
        except SubmissionError as e:
            self.errors.append(str(e))
        except (OSError, ValueError) as e:        # a tree shaped to trip us: this one only
            self.errors.append(f"could not prepare the submission: {e}")
        self.seconds = time.monotonic() - t0
        return self

    def _run(self):
        if self.work.exists():
            shutil.rmtree(self.work)
        (self.work / "tmp").mkdir(parents=True)
        limits = Limits(cpu_seconds=self.args.cpu_limit, address_space=parse_size(self.args.mem_limit),
                        wall_seconds=self.args.timeout)
        box = Sandbox(self.args.sandbox, self.work, limits)
        self.unpack(box)
        self.edited = replace_controlled(self.tree, self.instructor)
        # The instructor's machine is set up (tools/setup.sh would want apt in the box).
        (self.tree / "build").mkdir(exist_ok=True)
        (self.tree / "build" / ".setup-done").touch()
        env = {"BUILD": "build", "QEMU_ACCEL": "tcg",
               "GRADE_TIMEOUT_SCALE": str(self.args.timeout_scale)}
        binds = []
        if self.args.ccache_dir:                 # the instructor's build, read-only
            env.update(ccache_env(self.args.ccache_dir, self.work / "tmp", read_only=True))
            binds = [self.args.ccache_dir]
        rc, timed_out = box.run(["make", "-j1", "BUILD=build", "kernel", "iso"], cwd=self.tree,
                                log=self.log, env=env, ro_binds=binds)
        if rc != 0:
            self.errors.append("build timed out" if timed_out else f"build failed{first_error(self.log)}")
            return
        for lab in self.labs:
            res = self.tree / "build" / "grade" / "results.json"
            if res.exists():
                res.unlink()
            rc, timed_out = box.run(["make", "-j1", "BUILD=build", "grade", f"LAB={lab}"],
                                    cwd=self.tree, log=self.log, env=env)
            got = read_results(res, lab)
            if got is None:
                self.errors.append(f"{lab}: grading {'timed out' if timed_out else 'gave no results'}")
                continue
            self.points[lab], mx, self.tests[lab] = got
            if mx:
                self.maxima[lab] = mx
            keep = self.work / "grade" / lab          # results.json, junit.xml, boot logs
            shutil.copytree(res.parent, keep, dirs_exist_ok=True)

    # --- the outcome as data (a grading task writes it, the batch command reads it) ---
    STATE_KEYS = ("points", "maxima", "tests", "errors", "notes", "edited", "seconds")

    def state(self):
        """What grading found, as JSON-able data (restore() takes it back)."""
        return {k: getattr(self, k) for k in self.STATE_KEYS}

    def restore(self, state):
        for k in self.STATE_KEYS:
            if k in state:
                setattr(self, k, state[k])
        return self

    # --- output ---
    def total(self):
        return sum(self.points.get(lab, 0) for lab in self.labs)

    def maximum(self):
        return sum(self.maxima.values())

    def error_text(self):
        items = list(self.errors)
        if self.edited:
            shown = ", ".join(self.edited[:4]) + (f" and {len(self.edited) - 4} more"
                                                  if len(self.edited) > 4 else "")
            items.append(f"ignored changes to graded files: {shown}")
        return "; ".join(items)

    def report(self, reports):
        reports.mkdir(parents=True, exist_ok=True)
        folder = reports / self.sub.name          # the evidence: logs and results per lab
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        if (self.work / "grade").is_dir():
            shutil.copytree(self.work / "grade", folder, dirs_exist_ok=True)
        if self.log.exists():
            shutil.copy(self.log, folder / "build-and-grade.log")
        lines = [f"submission: {self.sub.entry}", f"source: {self.sub.describe()}",
                 f"sandbox: {self.args.sandbox}", f"time: {self.seconds:.0f} s", ""]
        for lab in self.labs:
            lines.append(f"{lab}: {self.points.get(lab, 0)}/{self.maxima.get(lab, 0)}")
            for t in self.tests.get(lab, []):
                mark = "PASS" if t["passed"] else "FAIL"
                why = f"  ({t['reason']})" if t["reason"] and not t["passed"] else ""
                lines.append(f"    {mark} {t['name']:<24} {t['points']}/{t['max']}{why}")
        lines.append(f"total: {self.total()}/{self.maximum()}")
        if self.errors:
            lines += ["", "errors:"] + [f"  {e}" for e in self.errors]
        if self.edited:
            lines += ["", "files the instructor controls that this submission changed "
                      "(ignored: the instructor's versions were used):"]
            lines += [f"  {f}" for f in self.edited]
        if self.notes:
            lines += ["", "notes:"] + [f"  {n}" for n in self.notes]
        if self.log.exists():
            log = self.log.read_text(errors="replace").splitlines()
            lines += ["", f"last lines of the build and grading log (all of it, the results "
                      f"and the boot logs: {folder}/):"]
            lines += ["  " + l for l in log[-60:]]
        (reports / f"{self.sub.name}.txt").write_text("\n".join(lines) + "\n")
        summary = {"submission": self.sub.entry, "source": self.sub.describe(),
                   "labs": {lab: {"points": self.points.get(lab), "max": self.maxima.get(lab, 0),
                                  "tests": self.tests.get(lab, [])} for lab in self.labs},
                   "total": self.total(), "max": self.maximum(), "errors": self.errors,
                   "ignored_edits": self.edited, "seconds": round(self.seconds, 1)}
        (reports / f"{self.sub.name}.json").write_text(json.dumps(summary, indent=2) + "\n")
