#!/usr/bin/env python3
"""tests/contract/harness.py — contract tests: our kernel's behaviour against Linux's.

Each tests/contract/NN-name/<name>.c (one folder per lab) is a small C program that starts with a
`/* Contract: ... */` comment and prints what some system calls did. It is built twice,
static with musl (musl-gcc) and static with glibc (gcc), and run on this Linux host under
the conditions the guest will give it; what it prints here is its expected output,
produced live every time and never written by hand. The guest runs the same binaries
from the initramfs and its output must be the same, byte for byte.

    harness.py build  [--build B]            compile both variants, make the data files
    harness.py host   [--build B]            run on the host twice; keep expected outputs
    harness.py guest  [--build B]            boot our kernel and compare (lab 03 and on)
    harness.py all    [--build B] [--guest]  build + host (+ guest); write the count
    harness.py list   [--guest]              the programs (--guest: of the labs that are built)
    harness.py stress [--seconds N]          build the NN-name/stress/*.c programs, run each
                                             twice on the host for N s: exit 0, same output

The conditions (the same in both places, because user/runner.c sets them up in both):
a pseudo-terminal as stdin/stdout/stderr (24 rows, 80 columns) on the host, the console
in the guest; an empty environment apart from the runner's fixed one; argv[0] the
program's name; working directory /; the rlimits the runner sets; default signal
dispositions and an empty signal mask. A program's output must not depend on pids,
addresses, times or the host: the harness runs everything twice and rejects a program
whose output differs between the runs.

Files: B/contract/root/contract/{musl,glibc}/<name> (binaries), .../data/ (inputs for
the execve tests); programs of a lab whose lab.toml says status = "not-built" go to
B/contract/host-only/ instead (same layout): built and checked on the host, kept out of
the initramfs and the guest run until the lab's kernel lands; B/contract/expected/{musl,glibc}/<name>.out, B/contract/*.log (raw
runner output), B/results/contract.count ("PASSED FAILED": one build check and one
host-run check per program and libc, one check that user/init run as PID 1 of a PID
namespace drives the runner, and guest comparisons once the kernel can run them).
Known divergences: tests/contract/divergences.txt, one "<libc>/<name> reason" or
"<name> reason" a line; it only shrinks.
"""
import argparse
import concurrent.futures
import functools
import os
import pathlib
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
SRC_DIR = ROOT / "tests" / "contract"
INCLUDE = SRC_DIR / "include"
DIVERGENCES = SRC_DIR / "divergences.txt"
LIBCS = {
    "musl": ["musl-gcc", "-static"],
    "glibc": ["gcc", "-static"],
}
CFLAGS = ["-O2", "-s", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter",
          "-fno-strict-aliasing", f"-I{INCLUDE}"]
HEADER = re.compile(r"\A/\* Contract: \S")
WINSIZE = (24, 80)
RUN_TIMEOUT = 120  # seconds for one runner pass over every program of one libc
GUEST_IDLE = 60    # seconds without console output before a guest run is given up
JOBS = 2


def build_dir(args):
    return pathlib.Path(args.build or os.environ.get("BUILD", "build")).resolve()


def sources():
    """{name: path} of every program: tests/contract/NN-name/<name>.c, one folder per lab.

    A name (the file's stem) is unique across labs; a repeated one is an error."""
    found = {}
    for path in sorted(SRC_DIR.glob("[0-9][0-9]-*/*.c")):
        if path.stem in found:
            raise SystemExit(f"contract: {path.relative_to(ROOT)} and "
                             f"{found[path.stem].relative_to(ROOT)} share the name {path.stem}")
        found[path.stem] = path
    return found


def programs():
    return sorted(sources())


@functools.lru_cache(maxsize=None)
def lab_built(folder):
    """Whether labs/<folder>/lab.toml says the lab is built (its status is not "not-built").
    The programs of a lab that is not built yet are built and checked on the host only:
    they stay out of the initramfs and the guest run until the kernel side lands."""
    import tomllib
    toml = ROOT / "labs" / folder / "lab.toml"
    if not toml.exists():
        return True
    return tomllib.loads(toml.read_text()).get("lab", {}).get("status") != "not-built"


def guest_programs():
    """The programs the guest runs: those of the labs that are built."""
    return sorted(n for n, p in sources().items() if lab_built(p.parent.name))


def root_dir(b, name):
    """The tree a program is built into: root/ (it goes into the initramfs) for a built
    lab, host-only/ for a lab that is not built yet (same layout, its own data files)."""
    return b / "contract" / ("root" if lab_built(sources()[name].parent.name) else "host-only")


def bin_dir(b, libc, name):
    return root_dir(b, name) / "contract" / libc


# --- build ---------------------------------------------------------------------------


def make_data(root):
    """Inputs of the execve tests, made here so that no binary file is checked in."""
    d = root / "contract" / "data"
    d.mkdir(parents=True, exist_ok=True)

    def put(name, data, mode):
        p = d / name
        if not p.exists() or p.read_bytes() != data:
            p.write_bytes(data)
        p.chmod(mode)

    put("garbage", b"this is not an executable file\n", 0o755)
    put("empty", b"", 0o755)
    put("noexec", b"\x7fELF not executable by mode\n", 0o644)
    # An ELF header that promises four program headers the file does not have.
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    header = ident + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x401000, 64, 0, 0, 64, 56, 4, 0, 0, 0)
    put("truncated.elf", header, 0o755)
    # A complete-looking ELF header for AArch64 (e_machine 183), one PT_LOAD.
    phdr = struct.pack("<IIQQQQQQ", 1, 5, 0, 0x400000, 0x400000, 120, 120, 0x1000)
    put("aarch64.elf", ident + struct.pack("<HHIQQQIHHHHHH", 2, 183, 1, 0x400078, 64, 0, 0, 64, 56, 1, 0, 0, 0)
        + phdr, 0o755)
    # Malformed x86_64 headers for robust_elf.c, each otherwise sane with one PT_LOAD.
    def elf(e_type=2, phoff=64, phentsize=56, phnum=1):
        return ident + struct.pack("<HHIQQQIHHHHHH", e_type, 62, 1, 0x400078, phoff, 0, 0, 64, phentsize,
                                   phnum, 0, 0, 0)
    put("phnum0.elf", elf(phnum=0) + phdr, 0o755)
    put("phnum_huge.elf", elf(phnum=2000) + phdr, 0o755)
    put("phentsize.elf", elf(phentsize=32) + phdr, 0o755)
    put("phoff_eof.elf", elf(phoff=0x10000) + phdr, 0o755)
    put("phoff_wrap.elf", elf(phoff=0xffffffffffffffc0) + phdr, 0o755)
    put("etrel.elf", elf(e_type=1) + phdr, 0o755)
    put("etcore.elf", elf(e_type=4) + phdr, 0o755)
    put("ident_only.elf", ident, 0o755)
    (d / "dir").mkdir(exist_ok=True)
    (d / "dir").chmod(0o755)


def build_one(b, name, libc):
    """Compiles one variant unless it is up to date; returns (ok, message)."""
    src = sources()[name]
    text = src.read_text(errors="replace")
    if not HEADER.match(text):
        return False, f"{src.relative_to(ROOT)}: must start with a `/* Contract: ... */` comment"
    out = bin_dir(b, libc, name) / name
    deps = [src] + sorted(INCLUDE.glob("*.h")) + [pathlib.Path(__file__)]
    if out.exists() and out.stat().st_mtime >= max(p.stat().st_mtime for p in deps):
        return True, ""
    out.parent.mkdir(parents=True, exist_ok=True)
    compiler = LIBCS[libc]
    if not shutil.which(compiler[0]):
        return False, f"{compiler[0]} not found (tools/setup.sh installs it)"
    cmd = compiler + CFLAGS + ["-o", str(out) + ".tmp", str(src)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        lines = (r.stdout + r.stderr).splitlines()
        more = f"\n... ({len(lines) - 25} more lines)" if len(lines) > 25 else ""
        return False, f"{' '.join(cmd)}\n" + "\n".join(lines[:25]) + more
    os.replace(str(out) + ".tmp", out)
    return True, ""


def build(b):
    """Builds every program with both libcs. Returns {(libc, name): ok}."""
    for root in ("root", "host-only"):
        make_data(b / "contract" / root)
    jobs = [(name, libc) for name in programs() for libc in LIBCS]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
        futures = {pool.submit(build_one, b, n, l): (l, n) for n, l in jobs}
        for f in concurrent.futures.as_completed(futures):
            libc, name = futures[f]
            ok, msg = f.result()
            results[(libc, name)] = ok
            if not ok:
                print(f"  FAIL  build {libc}/{name}\n" + "\n".join("        " + l for l in msg.splitlines()))
    good = sum(results.values())
    print(f"contract: built {good} of {len(results)} ({len(programs())} programs x {len(LIBCS)} libcs)")
    return results


# --- running under a pseudo-terminal ----------------------------------------------------


def run_in_pty(argv, timeout):
    """Runs argv with a new pseudo-terminal as stdin/stdout/stderr, an empty
    environment and / as working directory; returns (exit status, output)."""
    import fcntl
    import termios
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", WINSIZE[0], WINSIZE[1], 0, 0))

    def child_setup():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        os.umask(0o022)

    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd="/", env={},
                            preexec_fn=child_setup, close_fds=True)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            break
        r, _, _ = select.select([master], [], [], min(left, 1.0))
        if not r:
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every slave descriptor is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    status = proc.wait()
    out = b"".join(chunks).decode("utf-8", errors="replace")
    if timed_out:
        out += f"\n# harness: timed out after {timeout} s\n"
    return status, out


FRAME = re.compile(r"^# >>> (?P<id>\S+)\n(?P<out>.*?)\n# <<< (?P=id) status=(?P<status>0x[0-9a-f]+)\n"
                   r"(?P<tap>ok|not ok) \d+ - (?P=id)(?: # (?P<reason>[^\n]*))?$", re.S | re.M)


def parse_runner_output(text):
    """{"musl/name": (output, status, passed, reason)} from the runner's TAP stream.
    Terminal line ends (\\r\\n) become \\n first."""
    text = text.replace("\r\n", "\n")
    results = {}
    for m in FRAME.finditer(text):
        results[m.group("id")] = (m.group("out"), int(m.group("status"), 16), m.group("tap") == "ok",
                                  m.group("reason") or "")
    return results


def runner_path(b):
    return b / "user" / "runner"


# --- host runs -----------------------------------------------------------------------------


def host(b, built):
    """Runs every built program twice per libc on the host. Returns {(libc, name): ok}."""
    runner = runner_path(b)
    if not runner.exists():
        print(f"contract: {runner} is missing (make BUILD={b} user)")
        return {k: False for k in built}
    if os.getuid() != 0:
        print("contract: warning: not root; the guest runs as root, so uid-dependent "
              "results may differ")
    results = {}
    for libc in LIBCS:
        names = [n for n in programs() if built.get((libc, n))]
        if not names:
            continue
        runs = []
        for attempt in (1, 2):
            t0 = time.monotonic()
            runs.append({})
            logs = []
            for root in sorted({root_dir(b, n) for n in names}):
                group = [n for n in names if root_dir(b, n) == root]
                _, out = run_in_pty([str(runner), "--root", str(root), "--libc", libc] + group, RUN_TIMEOUT)
                logs.append(out)
                runs[-1].update(parse_runner_output(out))
            (b / "contract" / f"host-{libc}-run{attempt}.log").write_text("".join(logs))
            print(f"contract: host run {attempt} of {libc}: {len(runs[-1])} programs in "
                  f"{time.monotonic() - t0:.1f} s")
        exp_dir = b / "contract" / "expected" / libc
        exp_dir.mkdir(parents=True, exist_ok=True)
        for stale in exp_dir.glob("*.out"):  # programs that were removed or renamed
            if stale.stem not in programs():
                stale.unlink()
        for name in names:
            key = f"{libc}/{name}"
            a, c = runs[0].get(key), runs[1].get(key)
            problem = None
            if a is None or c is None:
                problem = "no result from the runner (see the host-*.log files)"
            elif not a[2]:
                problem = f"failed on Linux: {a[3]}"
            elif a[:2] != c[:2]:
                problem = "output differs between two runs on the host (not deterministic)"
            expected = exp_dir / f"{name}.out"
            if problem:
                print(f"  FAIL  host {key}: {problem}")
                if a is not None and a[0]:
                    print("\n".join("        | " + l for l in a[0].splitlines()[-15:]))
                if a and c and a[0] != c[0]:
                    show_diff(a[0], c[0], "run 1", "run 2")
                expected.unlink(missing_ok=True)
                results[(libc, name)] = False
            else:
                expected.write_text(a[0])
                results[(libc, name)] = True
    for (libc, name), ok in built.items():
        if not ok:
            results[(libc, name)] = False
    # A libc's output may differ from the other's (libc code differs); note where.
    same = sum(1 for n in programs()
               if results.get(("musl", n)) and results.get(("glibc", n))
               and (b / "contract/expected/musl" / f"{n}.out").read_text()
               == (b / "contract/expected/glibc" / f"{n}.out").read_text())
    print(f"contract: {same} of {len(programs())} programs print the same with musl and glibc")
    return results


def init_smoke(b):
    """user/init as PID 1 of a fresh PID namespace runs the runner on two programs and
    reports its exit. One check; None (not counted) where namespaces are not allowed."""
    init = b / "user" / "init"
    if not init.exists() or not shutil.which("unshare"):
        return None
    probe = subprocess.run(["unshare", "-p", "-f", "true"], capture_output=True)
    if probe.returncode != 0:
        print("contract: init smoke test skipped (no PID namespaces here)")
        return None
    names = ["getpid_family", "exit_codes"]
    _, out = run_in_pty(["unshare", "-p", "-f", "--kill-child", str(init), str(runner_path(b)), "--root",
                              str(b / "contract" / "root"), "--libc", "musl"] + names, 60)
    runs = parse_runner_output(out)
    # (unshare exits with the namespace init's fate: reboot() in a PID namespace ends it by
    # a signal, so its status says nothing here; the output does.)
    ok = (all(runs.get(f"musl/{n}", (None, 0, False))[2] for n in names)
          and "# init: " in out and "exited with status 0" in out)
    print(f"contract: init as PID 1 runs the runner: {'ok' if ok else 'FAILED'}")
    if not ok:
        print("\n".join("        | " + l for l in out.replace("\r\n", "\n").splitlines()[-15:]))
    return ok


def show_diff(a, c, label_a, label_c):
    import difflib
    for line in list(difflib.unified_diff(a.splitlines(), c.splitlines(), label_a, label_c, lineterm=""))[:30]:
        print("        " + line)


# --- guest runs -------------------------------------------------------------------------------


def divergences():
    """{"musl/name" or "name": reason} from divergences.txt."""
    known = {}
    if DIVERGENCES.exists():
        for line in DIVERGENCES.read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, reason = line.partition(" ")
            if not reason.strip():
                raise SystemExit(f"{DIVERGENCES}: '{key}' needs a reason")
            known[key] = reason.strip()
    return known


def guest(b, host_ok, timeout):
    """Boots our kernel with the initramfs (init runs the runner) and compares each
    program's output with the expected one. Returns {(libc, name): ok or None}, None
    for a known divergence."""
    sys.path.insert(0, str(ROOT / "tools"))
    import qemu  # tools/qemu.py: the one QEMU definition
    kernel = b / "larch.elf"
    initramfs = b / "initramfs.cpio"
    for f in (kernel, initramfs):
        if not f.exists():
            print(f"contract: {f} is missing (make BUILD={b} kernel initramfs)")
            return {k: False for k in host_ok}
    iso = b / "contract" / "contract.iso"
    cmdline = os.environ.get("CONTRACT_CMDLINE", "init=/bin/init")
    qemu.make_iso(kernel, cmdline, iso, [(initramfs, "initramfs")])
    console = b / "contract" / "guest-console.log"
    klog = b / "contract" / "guest-kernel.log"
    cmd = qemu.qemu_command(iso=iso, console=f"file:{console}", log=f"file:{klog}")
    console.unlink(missing_ok=True)
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Progress timeout: the guest must print something every `idle` seconds; it is
    # done when init reports that the runner exited (or QEMU ends).
    idle = GUEST_IDLE * float(os.environ.get("TIMEOUT_SCALE", "1"))
    last_size, last_change, why = -1, time.monotonic(), "QEMU exited"
    while proc.poll() is None:
        time.sleep(0.5)
        text = console.read_text(errors="replace") if console.exists() else ""
        if len(text) != last_size:
            last_size, last_change = len(text), time.monotonic()
        if "# init: " in text and ("exited with status" in text or "killed by signal" in text):
            why = "init reported the end"
            break
        if time.monotonic() - last_change > idle:
            why = f"no output for {idle:.0f} s"
            break
        if time.monotonic() - t0 > timeout:
            why = f"still running after {timeout} s"
            break
    if proc.poll() is None:
        time.sleep(0.5)
        proc.kill()
    proc.wait()
    text = console.read_text(errors="replace") if console.exists() else ""
    runs = parse_runner_output(text)
    print(f"contract: guest run: {len(runs)} programs in {time.monotonic() - t0:.1f} s, stopped: {why} "
          f"(console in {console}, kernel log in {klog})")
    if not runs:
        print("contract: the guest printed no runner output; its console ended with:")
        for line in text.replace("\r\n", "\n").splitlines()[-8:]:
            print("        | " + line)
    known = divergences()
    results = {}
    for (libc, name), ok in sorted(host_ok.items()):
        if not ok or not lab_built(sources()[name].parent.name):
            continue
        key = f"{libc}/{name}"
        expected = (b / "contract" / "expected" / libc / f"{name}.out").read_text()
        got = runs.get(key)
        problem = None
        if got is None:
            problem = "no result (the guest stopped before it, see the console log)"
            if not runs:  # already explained above, once
                results[(libc, name)] = False
                continue
        elif not got[2]:
            problem = f"failed in the guest: {got[3]}"
        elif got[0] != expected:
            problem = "output differs from Linux's"
        reason = known.get(key) or known.get(name)
        if problem and reason:
            print(f"  KNOWN {key}: {problem} (divergence: {reason})")
            results[(libc, name)] = None
        elif problem:
            print(f"  FAIL  guest {key}: {problem}")
            if got is not None and got[0] != expected:
                show_diff(expected, got[0], "linux", "larch")
            results[(libc, name)] = False
        else:
            if reason:
                print(f"  note  {key} passes: remove its line from divergences.txt")
            results[(libc, name)] = True
    return results


# --- stress programs ---------------------------------------------------------------------------


def stress(b, seconds):
    """Builds every tests/contract/NN-name/stress/<name>.c (a file that starts with a
    `/* Stress: ... */` comment; the normal runs skip these folders) with both libcs and runs
    each twice on the host for @p seconds: it must exit 0 and print the same both times (it
    prints balance facts, never raw counts). Returns (passed, failed)."""
    passed = failed = 0
    env = {"HOME": "/", "PATH": "/bin:/usr/bin", "LANG": "C", "CONTRACT": "1", "STRESS_SECONDS": str(seconds)}
    for src in sorted(SRC_DIR.glob("[0-9][0-9]-*/stress/*.c")):
        if not src.read_text(errors="replace").startswith("/* Stress: "):
            print(f"  FAIL  {src.relative_to(ROOT)}: must start with a `/* Stress: ... */` comment")
            failed += 1
            continue
        for libc, compiler in LIBCS.items():
            out = b / "contract" / "stress" / libc / src.stem
            out.parent.mkdir(parents=True, exist_ok=True)
            r = subprocess.run(compiler + CFLAGS + ["-o", str(out), str(src)], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"  FAIL  build {libc}/{src.stem}\n{r.stdout}{r.stderr}")
                failed += 1
                continue
            runs = []
            for _ in (1, 2):
                try:
                    p = subprocess.run([str(out)], capture_output=True, text=True, env=env, cwd="/",
                                       timeout=seconds * 3 + 60)
                    runs.append((p.returncode, p.stdout))
                except subprocess.TimeoutExpired:
                    runs.append((None, "timed out (a lost wake-up or a deadlock)\n"))
            ok = runs[0][0] == 0 and runs[0] == runs[1]
            print(f"  {'ok  ' if ok else 'FAIL'}  stress {libc}/{src.stem} ({seconds} s, twice)")
            if not ok:
                print("\n".join("        | " + l for l in (runs[0][1] + runs[1][1]).splitlines()))
            passed += ok
            failed += not ok
    return passed, failed


# --- main -------------------------------------------------------------------------------------


def write_count(b, passed, failed):
    d = b / "results"
    d.mkdir(parents=True, exist_ok=True)
    (d / "contract.count").write_text(f"{passed} {failed}\n")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["build", "host", "guest", "all", "list", "stress"])
    ap.add_argument("--build", help="the build directory (default $BUILD or build)")
    ap.add_argument("--guest", action="store_true",
                    help="with `all`: also run in the guest; with `list`: only the programs the guest runs")
    ap.add_argument("--guest-timeout", type=int, default=600)
    ap.add_argument("--seconds", type=int, default=5, help="with `stress`: how long each run lasts")
    args = ap.parse_args(argv)
    b = build_dir(args)

    if args.what == "list":
        print("\n".join(guest_programs() if args.guest else programs()))
        return 0
    if args.what == "stress":
        passed, failed = stress(b, args.seconds)
        print(f"contract: stress: {passed} passed, {failed} failed")
        return 0 if failed == 0 else 1
    built = build(b)
    if args.what == "build":
        return 0 if all(built.values()) else 1
    host_ok = host(b, built)
    checks = list(built.values()) + list(host_ok.values())
    smoke = init_smoke(b)
    if smoke is not None:
        checks.append(smoke)
    if args.what == "guest" or (args.what == "all" and args.guest):
        g = guest(b, host_ok, args.guest_timeout)
        checks += [v for v in g.values() if v is not None]
        known = sum(1 for v in g.values() if v is None)
        print(f"contract: guest {sum(1 for v in g.values() if v)} passed, "
              f"{sum(1 for v in g.values() if v is False)} failed, {known} known divergences")
    else:
        print(f"contract: guest runs: not yet runnable (lab 03 not built) — "
              f"{sum(host_ok.values())} comparisons not counted")
    passed = sum(1 for c in checks if c)
    failed = len(checks) - passed
    print(f"contract: {len(programs())} programs; {passed} checks passed, {failed} failed "
          f"(build and host determinism{', guest' if args.guest or args.what == 'guest' else ''})")
    if args.what == "all":
        write_count(b, passed, failed)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
