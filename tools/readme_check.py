#!/usr/bin/env python3
"""tools/readme_check.py — `make check-readme`: the commands the READMEs show do what they say.

  1. every `make TARGET ...` in README.md and the lab handouts (labs/*/README.md) names a
     target the Makefile has;
  2. the commands that run unattended are run, each checked for what the README promises:
     `make run CMDLINE="init=/bin/init -- /contract/musl/fork_tree"` runs that one program
     (not the whole suite) and powers off; `make lab-skeleton LAB=02-paging OUT=DIR`
     exports a skeleton; `make lab-skeleton ... UPTO=1` too;
  3. `make gdb`: each breakpoint of tools/gdbinit resolves in the kernel's ELF, and the
     panic breakpoint lands in the function's own file (not an inlined helper's header);
     GDB_PORT picks the port, and a free one is found when 1234 is taken.

"PASSED FAILED" goes to BUILD/results/check-readme.count.
"""
import argparse
import importlib.util
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARGS = r"((?:[A-Z_]+=(?:\"[^\"]*\"|\S+) )*)([a-z][\w-]*)"
MAKE_IN_CODE = re.compile(r"`make " + ARGS)                      # `make target` in prose
MAKE_IN_BLOCK = re.compile(r"^\s*(?:\$ )?make " + ARGS)          # a line of a code block


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def ok(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print(f"  ok   {what}")
        else:
            self.failed += 1
            print(f"  FAIL {what}{': ' + detail if detail else ''}")
        return cond


def make_targets():
    out = subprocess.run(["make", "-qp"], cwd=ROOT, capture_output=True, text=True).stdout
    return {m[1] for m in re.finditer(r"^([a-zA-Z0-9][^$#/\t=:]*):(?:[^=]|$)", out, re.M)}


def readme_commands(paths):
    """(file, line, target) of every `make target` the files show."""
    found = []
    for p in paths:
        fenced = False
        for n, line in enumerate(p.read_text().splitlines(), 1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            block = fenced or line.startswith("    ")
            for m in (MAKE_IN_BLOCK.finditer(line) if block else MAKE_IN_CODE.finditer(line)):
                found.append((p.relative_to(ROOT), n, m[2]))
    return found


def run(cmd, env=None, timeout=600):
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env,
                       stdin=subprocess.DEVNULL, timeout=timeout)
    return r.returncode, r.stdout + r.stderr


def check_run_one_program(chk):
    cmd = ["make", "--no-print-directory", "run",
           "CMDLINE=init=/bin/init -- /contract/musl/fork_tree"]
    try:
        rc, out = run(cmd)
    except subprocess.TimeoutExpired:
        return chk.ok(False, "make run CMDLINE=\"init=/bin/init -- ...fork_tree\"", "timed out")
    chk.ok(rc == 0 and "# init: /contract/musl/fork_tree exited with status 0" in out
           and ("the kernel ended the run" in out or "qemu: the machine is off" in out),
           "make run CMDLINE=\"init=/bin/init -- /contract/musl/fork_tree\" runs it and powers off",
           "\n" + "\n".join(out.splitlines()[-15:]))
    chk.ok(not re.search(r"^1\.\.\d+$", out, re.M) and "/bin/runner" not in out,
           "... and only that program (no runner, no TAP plan)")


def check_skeleton_export(chk):
    with tempfile.TemporaryDirectory(prefix="readme-skel-") as tmp:
        for extra in ([], ["UPTO=1"]):
            out_dir = pathlib.Path(tmp) / ("upto" if extra else "plain")
            rc, out = run(["make", "--no-print-directory", "lab-skeleton", "LAB=02-paging",
                           f"OUT={out_dir}", *extra])
            chk.ok(rc == 0 and (out_dir / ".lab-skeleton").is_file(),
                   f"make lab-skeleton LAB=02-paging OUT=DIR {' '.join(extra)}".rstrip(), out[-500:])


def load_qemu():
    spec = importlib.util.spec_from_file_location("qemu", ROOT / "tools" / "qemu.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def check_gdb(chk, build):
    elf = build / "larch.elf"
    if not chk.ok(elf.is_file(), f"{elf} exists (make kernel)"):
        return
    stops = [l.split()[1] for l in (ROOT / "tools" / "gdbinit").read_text().splitlines()
             if l.split()[:1] in (["break"], ["hbreak"])]
    for where in stops:
        rc, out = run(["gdb", "-batch", "-nx", "-ex", f"break {where}", str(elf)])
        m = re.search(r"Breakpoint 1 at 0x[0-9a-f]+: file (\S+), line \d+", out)
        chk.ok(m is not None, f"gdbinit: break {where} resolves", out.strip())
        if m and "panic" in where:
            chk.ok(m[1].endswith((".cc", ".S")), f"gdbinit: break {where} lands in its own "
                   f"function, not an inlined helper", f"it lands in {m[1]}")
    qemu = load_qemu()
    if qemu.port_free(1234):
        chk.ok(qemu.gdb_port({}) == 1234, "GDB_PORT unset and 1234 free: 1234")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with socket.socket() as s1234:
            try:
                s1234.bind(("127.0.0.1", 1234))
                s1234.listen()
            except OSError:
                pass                                  # someone else holds 1234 already
            picked = qemu.gdb_port({})
            chk.ok(picked != 1234 and qemu.port_free(picked),
                   "GDB_PORT unset and 1234 taken: a free port is picked", str(picked))
        try:
            qemu.gdb_port({"GDB_PORT": str(port)})
            chk.ok(False, "GDB_PORT=<a taken port> is refused with a message")
        except SystemExit as e:
            chk.ok("taken" in str(e), "GDB_PORT=<a taken port> is refused with a message", str(e))
    free = qemu.gdb_port({})
    chk.ok(qemu.gdb_port({"GDB_PORT": str(free)}) == free, "GDB_PORT=N selects N")
    cmd = qemu.qemu_command(iso="x.iso", gdb=free)
    chk.ok(f"tcp:127.0.0.1:{free}" in cmd and "-S" in cmd, "the stub listens on that port")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--no-boot", action="store_true", help="skip the commands that boot QEMU")
    args = ap.parse_args()
    build = pathlib.Path(args.build)
    build = build if build.is_absolute() else ROOT / build
    chk = Checks()
    targets = make_targets()
    docs = [ROOT / "README.md"] + sorted(ROOT.glob("labs/*/README.md"))
    cmds = readme_commands(docs)
    for f, n, target in cmds:
        if target not in targets:
            chk.ok(False, f"{f}:{n}: make {target}", "no such make target")
    chk.ok(bool(cmds), f"{len(cmds)} make commands in {len(docs)} READMEs name real targets")
    check_skeleton_export(chk)
    check_gdb(chk, build)
    if not args.no_boot:
        check_run_one_program(chk)
    count = build / "results" / "check-readme.count"
    count.parent.mkdir(parents=True, exist_ok=True)
    count.write_text(f"{chk.passed} {chk.failed}\n")
    print(f"check-readme: {chk.passed} passed, {chk.failed} failed")
    return 1 if chk.failed else 0


if __name__ == "__main__":
    sys.exit(main())
