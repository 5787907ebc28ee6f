"""grading/batch_sandbox.py — running a submission's build and boots in a box.

Each command of a submission runs:
  - under bubblewrap when `bwrap` works: no network (all namespaces unshared), the
    system folders read-only, the submission's work folder as the only writable place
    (it is also /tmp), a fresh /dev and /proc, no environment but what we set;
  - else under `unshare -n` (no network; files are not hidden, HOME and TMPDIR point into
    the work folder);
  - with resource limits on every process: CPU seconds, address space, file size, no
    core dumps; and a wall-clock limit on the whole command (its process group is killed).

    box = Sandbox.choose("auto", workdir, limits)
    rc, timed_out = box.run(["make", "grade"], cwd=tree, log=path, env={...})
"""
import os
import pathlib
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

# Read-only system folders visible in the box (those that exist on this host).
SYSTEM_DIRS = ("/usr", "/etc", "/opt", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


@dataclass
class Limits:
    cpu_seconds: int = 900              # per process (RLIMIT_CPU)
    address_space: int = 8 << 30        # per process (RLIMIT_AS): QEMU maps guest RAM + TCG buffer
    file_size: int = 1 << 30            # largest file a process may write (RLIMIT_FSIZE)
    wall_seconds: int = 1200            # the whole command


def parse_size(text):
    """'8G', '512M', '1048576' -> bytes."""
    text = str(text).strip().upper()
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def _python_prefix():
    """The installation of the Python that runs us (the grader inside the box uses it)."""
    return pathlib.Path(os.path.realpath(sys.executable)).parent.parent


def bwrap_works():
    if not shutil.which("bwrap"):
        return False
    try:
        r = subprocess.run(["bwrap", "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent",
                            "true"], capture_output=True, timeout=10)
        return r.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def unshare_works():
    if not shutil.which("unshare"):
        return False
    args = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-r", "-n"]
    try:
        return subprocess.run(args + ["true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Sandbox:
    def __init__(self, mode, workdir, limits):
        self.mode, self.workdir, self.limits = mode, pathlib.Path(workdir).resolve(), limits

    @classmethod
    def choose(cls, mode, workdir, limits):
        """mode: auto | bwrap | unshare | none. Raises SystemExit when the one asked
        for does not work here."""
        if mode == "auto":
            mode = "bwrap" if bwrap_works() else "unshare" if unshare_works() else None
            if mode is None:
                raise SystemExit("grade-submissions: neither bwrap nor unshare works here; "
                                 "install bubblewrap, or pass --sandbox none to grade unboxed")
        elif mode == "bwrap" and not bwrap_works():
            raise SystemExit("grade-submissions: bwrap does not work here")
        elif mode == "unshare" and not unshare_works():
            raise SystemExit("grade-submissions: unshare -n does not work here")
        elif mode not in ("bwrap", "unshare", "none"):
            raise SystemExit(f"grade-submissions: unknown sandbox '{mode}'")
        return cls(mode, workdir, limits)

    def environment(self, extra):
        py = _python_prefix()
        home = self.workdir / "home"
        tmp = self.workdir / "tmp"
        home.mkdir(parents=True, exist_ok=True)
        tmp.mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": f"{py}/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": str(home),
            "TMPDIR": str(tmp),
            "LANG": "C.UTF-8",
            "GIT_CONFIG_NOSYSTEM": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        if "CCACHE_DIR" not in extra:
            env["CCACHE_DISABLE"] = "1"            # no cache unless one is handed in
        env.update(extra)
        return env

    def argv(self, cmd, cwd, env, ro_binds=()):
        """The full command line: the box around @cmd; @ro_binds: more folders it may read."""
        if self.mode == "none":
            return list(cmd)
        if self.mode == "unshare":
            return (["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-r", "-n"]) \
                + ["--", "env", "-i"] + [f"{k}={v}" for k, v in env.items()] + list(cmd)
        box = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
               "--hostname", "grading"]
        for d in SYSTEM_DIRS:
            p = pathlib.Path(d)
            if p.is_symlink():
                box += ["--symlink", os.readlink(p), d]
            elif p.is_dir():
                box += ["--ro-bind", d, d]
        py = _python_prefix()
        if not any(str(py).startswith(d + "/") for d in SYSTEM_DIRS):
            box += ["--ro-bind", str(py), str(py)]
        box += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--bind", str(self.workdir), str(self.workdir),
                *[a for p in ro_binds for a in ("--ro-bind", str(p), str(p))],
                "--chdir", str(cwd), "--clearenv"]
        for k, v in env.items():
            box += ["--setenv", k, v]
        return box + ["--"] + list(cmd)

    def _limit(self):
        lim = self.limits
        resource.setrlimit(resource.RLIMIT_CPU, (lim.cpu_seconds, lim.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_AS, (lim.address_space, lim.address_space))
        resource.setrlimit(resource.RLIMIT_FSIZE, (lim.file_size, lim.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    def run(self, cmd, cwd, log, env=None, wall_seconds=None, ro_binds=()):
        """Runs @cmd in the box with its output appended to @log.
        Returns (exit status, timed out?)."""
        env = self.environment(env or {})
        argv = self.argv(cmd, cwd, env, ro_binds)
        wall = wall_seconds or self.limits.wall_seconds
        with open(log, "ab") as out:
            out.write(f"$ {' '.join(cmd)}\n".encode())
            out.flush()
            proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True,
                                    preexec_fn=self._limit,
                                    env=env if self.mode == "none" else None)
            deadline = time.monotonic() + wall
            timed_out = False
            while proc.poll() is None:
                if time.monotonic() > deadline:
                    timed_out = True
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    proc.wait()
                    break
                time.sleep(0.2)
            if not timed_out and self.mode != "bwrap":
                try:                       # stray children (bwrap's pid namespace ends them)
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if timed_out:
                out.write(f"\n[grade-submissions: killed after {wall} s]\n".encode())
        return proc.returncode, timed_out
