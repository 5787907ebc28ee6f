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
whose output differs between the runs. A third run with another nonce (CONTRACT_NONCE,
runner --nonce) rejects a graded program (one a lab.toml `programs` key lists) whose
output does not change with it (nor with two more nonces, asked only then: a value from
a small range can match one nonce by chance): the grader picks the nonce at grade time, so such
output cannot be recorded in advance.

The programs of each lab folder are linked into one multi-call binary per libc,
B/contract/root/contract/LIBC/NN-name, hard-linked as .../LIBC/<name>
(tests/contract/multicall/multicall.c says how a name picks the program).

Files: B/contract/root/contract/{musl,glibc}/<name> (hard links), .../data/ (inputs for
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
import random
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
MULTICALL = SRC_DIR / "multicall" / "multicall.c"
DIVERGENCES = SRC_DIR / "divergences.txt"
LIBCS = {
    "musl": ["musl-gcc", "-static"],
    "glibc": ["gcc", "-static"],
}
CFLAGS = ["-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter",
          "-fno-strict-aliasing", f"-I{INCLUDE}"]
CCACHE = [shutil.which("ccache")] if shutil.which("ccache") else []
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


STRESS_RUN = re.compile(r"^(?P<stem>[a-z][a-z0-9_]*)_(?P<seconds>[0-9]+)s$")
STRESS_HEADER = re.compile(r"\A/\* Stress: \S")


@functools.lru_cache(maxsize=None)
def stress_runs():
    """{name: (path, seconds)}: the graded runs of stress programs. A lab.toml `programs`
    entry NAME_Ns names NN-name/stress/NAME.c run for N seconds: it goes into its lab's
    multi-call binary, compiled with -DSTRESS_DEFAULT_SECONDS=N (the runner gives every
    program the same argv and environment, so the length is built in). `make contract`
    never runs it (it is no program of sources()); the grader runs it on the host and in
    the guest like any graded program."""
    found = {}
    for name in graded_programs():
        m = STRESS_RUN.match(name)
        if m:
            for path in sorted(SRC_DIR.glob(f"[0-9][0-9]-*/stress/{m.group('stem')}.c")):
                found[name] = (path, int(m.group("seconds")))
    return found


def binary_sources():
    """{name: path} of everything the multi-call binaries hold: the programs and the
    graded stress runs."""
    return {**sources(), **{n: p for n, (p, _) in stress_runs().items()}}


def run_timeout(names):
    """Seconds the runner may take over @names: RUN_TIMEOUT, plus the length of every
    stress run among them."""
    runs = stress_runs()
    return RUN_TIMEOUT + sum(runs[n][1] for n in names if n in runs)


@functools.lru_cache(maxsize=None)
def lab_built(folder):
    """Whether labs/<folder>/lab.toml says the lab is built (its status is not "not-built").
    The programs of a lab that is not built yet are built and checked on the host only:
    they stay out of the initramfs and the guest run until the kernel side lands."""
    import tomllib
    toml = ROOT / "labs" / folder / "lab.toml"
    if not toml.exists() or folder in os.environ.get("PREVIEW_LABS", "").split(","):
        return True   # PREVIEW_LABS: grading/grading.mk grades a not-built lab on demand
    return tomllib.loads(toml.read_text()).get("lab", {}).get("status") != "not-built"


def guest_programs():
    """The programs the guest runs: those of the labs that are built."""
    return sorted(n for n, p in sources().items() if lab_built(p.parent.name))


def lab_root(b, lab):
    """The tree a lab's programs are built into: root/ (it goes into the initramfs) for a
    built lab, host-only/ for a lab that is not built yet (same layout, its own data files)."""
    return b / "contract" / ("root" if lab_built(lab) else "host-only")


def root_dir(b, name):
    """The tree program @name is built into (lab_root of its lab)."""
    return lab_root(b, lab_of(name))


def bin_dir(b, libc, lab):
    """Where lab @lab's multi-call binary for @libc and its hard links are."""
    return lab_root(b, lab) / "contract" / libc


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


def lab_of(name):
    """The lab folder (NN-name) of program (or stress run) @name."""
    path = binary_sources()[name]
    return (path.parent.parent if path.parent.name == "stress" else path.parent).name


def labs():
    """{lab folder: [names in its multi-call binary]}, sorted."""
    out = {}
    for name in sorted(binary_sources()):
        out.setdefault(lab_of(name), []).append(name)
    return out


def _stale(out, deps):
    return not out.exists() or out.stat().st_mtime < max(p.stat().st_mtime for p in deps)


def _compile_error(cmd, r):
    lines = (r.stdout + r.stderr).splitlines()
    more = f"\n... ({len(lines) - 25} more lines)" if len(lines) > 25 else ""
    return f"{' '.join(cmd)}\n" + "\n".join(lines[:25]) + more


def compile_one(b, name, libc):
    """Compiles one program of one libc to an object for its lab's multi-call binary:
    `main` renamed to contract_main_<name>, every other global made local (so helpers of
    the same name in two programs do not clash). Returns (ok, message)."""
    src = binary_sources()[name]
    text = src.read_text(errors="replace")
    stress = stress_runs().get(name)
    if not (STRESS_HEADER if stress else HEADER).match(text):
        return False, (f"{src.relative_to(ROOT)}: must start with a "
                       f"`/* {'Stress' if stress else 'Contract'}: ... */` comment")
    out = b / "contract" / "obj" / libc / f"{name}.o"
    deps = [src] + sorted(INCLUDE.glob("*.h")) + [pathlib.Path(__file__)]
    if not _stale(out, deps):
        return True, ""
    out.parent.mkdir(parents=True, exist_ok=True)
    compiler = LIBCS[libc]
    if not shutil.which(compiler[0]):
        return False, f"{compiler[0]} not found (tools/setup.sh installs it)"
    tmp = str(out) + ".tmp"
    # Paths relative to the tree (and ccache when there is one, as for the kernel): the
    # same source compiles from the cache in any copy of the tree (batch mode primes it).
    cflags = [f"-I{INCLUDE.relative_to(ROOT)}" if f == f"-I{INCLUDE}" else f for f in CFLAGS]
    cflags += [f"-DSTRESS_DEFAULT_SECONDS={stress[1]}"] if stress else []
    cmd = CCACHE + compiler + cflags + [f"-Dmain=contract_main_{name}", "-c", "-o", tmp,
                                        str(src.relative_to(ROOT))]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        return False, _compile_error(cmd, r)
    cmd = ["objcopy", f"--keep-global-symbol=contract_main_{name}", tmp]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return False, _compile_error(cmd, r)
    os.replace(tmp, out)
    return True, ""


def link_lab(b, lab, libc, names):
    """Links @names (compiled) into B/contract/root/contract/LIBC/LAB and hard-links it
    under each name. Returns (ok, message)."""
    gen = b / "contract" / "gen" / libc / lab
    gen.mkdir(parents=True, exist_ok=True)
    table = gen / "multicall_table.h"
    text = "/* Generated by tests/contract/harness.py: the programs of this binary. */\n" + \
        "".join(f"X({n})\n" for n in names)
    if not table.exists() or table.read_text() != text:
        table.write_text(text)
    objs = [b / "contract" / "obj" / libc / f"{n}.o" for n in names]
    out = bin_dir(b, libc, lab) / lab
    out.parent.mkdir(parents=True, exist_ok=True)
    if _stale(out, objs + [MULTICALL, table, pathlib.Path(__file__)]):
        tmp = str(out) + ".tmp"
        cmd = LIBCS[libc] + CFLAGS + ["-s", f"-I{gen}", "-o", tmp, str(MULTICALL)] + [str(o) for o in objs]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            return False, _compile_error(cmd, r)
        os.replace(tmp, out)
    for n in names:
        link = bin_dir(b, libc, lab) / n
        if link.exists() and os.path.samefile(link, out):
            continue
        link.unlink(missing_ok=True)
        os.link(out, link)
    return True, ""


def build(b):
    """Builds every lab's multi-call binary with both libcs. Returns {(libc, name): ok}."""
    for root in ("root", "host-only"):
        make_data(b / "contract" / root)
    every = sorted(binary_sources())
    jobs = [(name, libc) for name in every for libc in LIBCS]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
        futures = {pool.submit(compile_one, b, n, l): (l, n) for n, l in jobs}
        for f in concurrent.futures.as_completed(futures):
            libc, name = futures[f]
            ok, msg = f.result()
            results[(libc, name)] = ok
            if not ok:
                print(f"  FAIL  build {libc}/{name}\n" + "\n".join("        " + l for l in msg.splitlines()))
    for libc in LIBCS:
        wanted = set(labs())
        for lab, names in labs().items():
            good = [n for n in names if results[(libc, n)]]
            ok, msg = link_lab(b, lab, libc, good) if good else (True, "")
            if not ok:
                print(f"  FAIL  link {libc}/{lab}\n" + "\n".join("        " + l for l in msg.splitlines()))
                for n in good:
                    results[(libc, n)] = False
        # Removed programs and labs, failed builds, and labs whose status moved them.
        for root in ("root", "host-only"):
            d = b / "contract" / root / "contract" / libc
            here = {lab for lab in wanted if lab_root(b, lab).name == root}
            for old in (d.iterdir() if d.is_dir() else []):
                mine = old.name in here or (old.name in every
                                            and root_dir(b, old.name).name == root)
                if not mine or (old.name in every and not results[(libc, old.name)]):
                    old.unlink()
    good = sum(results.values())
    print(f"contract: built {good} of {len(results)} ({len(every)} programs and stress runs x "
          f"{len(LIBCS)} libcs, one binary per lab and libc)")
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


NONCE_RETRIES = 2


def changes_with_nonce(b, runner, libc, name, output):
    """Whether @name prints something other than @output under another random nonce,
    asked again (up to NONCE_RETRIES times) after one other nonce gave the same output:
    a program that prints a value from a small range (contract_range(2, 255)) matches one
    nonce in 254 by chance, and must not fail the check for that."""
    for _ in range(NONCE_RETRIES):
        nonce = random.SystemRandom().randrange(1, 1 << 63)
        _, out = run_in_pty([str(runner), "--root", str(root_dir(b, name)), "--libc", libc,
                             "--nonce", str(nonce), name], RUN_TIMEOUT)
        got = parse_runner_output(out).get(f"{libc}/{name}")
        if got and got[0] != output:
            return True
    return False


def host(b, built):
    """Runs every built program twice per libc on the host (and a third time with another
    nonce). Returns {(libc, name): ok}."""
    runner = runner_path(b)
    if not runner.exists():
        print(f"contract: {runner} is missing (make BUILD={b} user)")
        return {k: False for k in built}
    if os.getuid() != 0:
        print("contract: warning: not root; the guest runs as root, so uid-dependent "
              "results may differ")
    results = {}
    graded = graded_programs()
    for libc in LIBCS:
        names = [n for n in programs() if built.get((libc, n))]
        if not names:
            continue
        runs = []
        # Runs 1 and 2 with the default nonce (what the guest run of `make contract` uses),
        # run 3 with another: a graded program must print something else then.
        other_nonce = random.SystemRandom().randrange(1, 1 << 63)
        for attempt in (1, 2, 3):
            t0 = time.monotonic()
            nonce = ["--nonce", str(other_nonce)] if attempt == 3 else []
            runs.append({})
            logs = []
            for root in sorted({root_dir(b, n) for n in names}):
                group = [n for n in names if root_dir(b, n) == root]
                _, out = run_in_pty([str(runner), "--root", str(root), "--libc", libc] + nonce + group,
                                    RUN_TIMEOUT)
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
            elif name in graded and runs[2].get(key) and runs[2][key][0] == a[0] \
                    and not changes_with_nonce(b, runner, libc, name, a[0]):
                problem = (f"graded ({graded[name]}), but its output is the same with "
                           f"CONTRACT_NONCE={other_nonce} and {NONCE_RETRIES} other nonces: "
                           "it must print something the nonce changes (contract.h: "
                           "contract_random, contract_token)")
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


def graded_programs():
    """{program: the lab.toml test that grades it}, from every lab's `programs` keys."""
    import tomllib
    out = {}
    for path in sorted(ROOT.glob("labs/[0-9][0-9]-*/lab.toml")):
        for t in tomllib.loads(path.read_text()).get("test", []):
            for p in t.get("programs", []):
                out[p] = f"{path.parent.name}/{t['name']}"
    return out


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


def resume_plan(order, runs, ended=False):
    """What to boot next after a guest run: (the program that was running when the run
    stopped early, or None when it @ended normally; the libc and names to boot again
    with, [] when nothing is left). @order: the (libc, name) pairs in the runner's
    order; @runs: the results so far, by "libc/name"."""
    left = [k for k in order if f"{k[0]}/{k[1]}" not in runs]
    hung = None
    if left and not ended:
        hung, left = left[0], left[1:]
    if not left:
        return hung, None, []
    libc = left[0][0]
    return hung, libc, [name for lc, name in left if lc == libc]


def _boot_guest(b, cmdline, timeout, n):
    """One boot: (console text, why it stopped, the console's path)."""
    sys.path.insert(0, str(ROOT / "tools"))
    import qemu  # tools/qemu.py: the one QEMU definition
    suffix = "" if n == 1 else f"-{n}"
    iso = b / "contract" / f"contract{suffix}.iso"
    qemu.make_iso(b / "larch.elf", cmdline, iso, [(b / "initramfs.cpio", "initramfs")])
    console = b / "contract" / f"guest-console{suffix}.log"
    klog = b / "contract" / f"guest-kernel{suffix}.log"
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
    print(f"contract: guest run {n}: {len(parse_runner_output(text))} programs in "
          f"{time.monotonic() - t0:.1f} s, stopped: {why} (console in {console}, kernel log in {klog})")
    return text, why, console


def guest(b, host_ok, timeout):
    """Boots our kernel with the initramfs (init runs the runner) and compares each
    program's output with the expected one. Returns {(libc, name): ok or None}, None
    for a known divergence. A run that stops early (a program hangs, the kernel
    crashes) costs the program that was running, and the grader boots again with the
    programs after it: each boot runs one libc's remaining programs."""
    kernel = b / "larch.elf"
    initramfs = b / "initramfs.cpio"
    for f in (kernel, initramfs):
        if not f.exists():
            print(f"contract: {f} is missing (make BUILD={b} kernel initramfs)")
            return {k: False for k in host_ok}
    base = os.environ.get("CONTRACT_CMDLINE", "init=/bin/init")
    order = [(libc, name) for libc in LIBCS for name in guest_programs()]
    runs, cmdline, t0 = {}, base, time.monotonic()
    for n in range(1, len(order) + 1):
        text, why, console = _boot_guest(b, cmdline, max(1, timeout - (time.monotonic() - t0)), n)
        got = parse_runner_output(text)
        runs.update(got)
        if n == 1 and not got:
            print("contract: the guest printed no runner output; its console ended with:")
            for line in text.replace("\r\n", "\n").splitlines()[-8:]:
                print("        | " + line)
        if (n == 1 and not got) or time.monotonic() - t0 > timeout:
            break                  # the runner never ran anything, or no time is left
        hung, libc, names = resume_plan(order, runs, why == "init reported the end")
        if hung is not None:
            runs[f"{hung[0]}/{hung[1]}"] = ("", 0, False, f"the guest stopped while it ran: {why}")
            print(f"contract: {hung[0]}/{hung[1]} stopped the run ({why})")
        if not names:
            break
        print(f"contract: booting again for {len(names)} {libc} programs")
        cmdline = f"{base} -- --libc {libc} {' '.join(names)}"
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
        import stress  # tests/contract/stress.py
        passed, failed = stress.stress(b, args.seconds)
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
