#!/usr/bin/env python3
"""tools/qemu.py — the one QEMU definition: machine, CPU, memory, devices, exit device.

`make run`, `make gdb`, the grader (grading/) and the benchmarks all build their QEMU
command line here, so they boot the same machine. As a command:

    qemu.py iso --kernel build/larch.elf --cmdline "log=console" --out build/larch.iso
    qemu.py run --iso build/larch.iso        # serial console on this terminal
    qemu.py gdb --iso build/larch.iso --kernel build/larch.elf
    qemu.py accel                            # prints the accelerator `auto` picks

Knobs from the environment: MEM (256M), SMP (2), QEMU_ACCEL (tcg | kvm | auto),
CMDLINE, BUILD (build), GDB_PORT (make gdb: 1234, or a free port when 1234 is taken).
"""
import argparse
import hashlib
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXIT_CODES_H = ROOT / "kernel" / "lib" / "exit_codes.h"


def exit_codes():
    """The #defines of kernel/lib/exit_codes.h, shared with the kernel."""
    codes = {}
    for line in EXIT_CODES_H.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "#define" and parts[2].startswith("0x"):
            codes[parts[1]] = int(parts[2], 16)
    return codes


def qemu_status(code_name):
    """The status QEMU exits with when the kernel writes EXIT_CODE_<name>."""
    return (exit_codes()["EXIT_CODE_" + code_name] << 1) | 1


def build_dir():
    return pathlib.Path(os.environ.get("BUILD", ROOT / "build"))


def smp_count(value=None):
    smp = int(value if value is not None else os.environ.get("SMP", "2"))
    if not 1 <= smp <= 16:
        raise SystemExit(f"SMP={smp}: the kernel supports 1 to 16 CPUs")
    return smp


ISO_CACHE_KEEP = 32   # ISOs kept in BUILD/iso-cache/, the most recently used


def _iso_key(kernel, cmdline, modules):
    """The content hash of an ISO: the kernel's bytes, the command line, each module's
    name and bytes, and this file (which writes grub.cfg)."""
    h = hashlib.sha256()
    for part in [pathlib.Path(kernel).read_bytes(), cmdline.encode(),
                 pathlib.Path(__file__).read_bytes()]:
        h.update(len(part).to_bytes(8, "little") + part)
    for path, name in modules:
        for part in (name.encode(), pathlib.Path(path).read_bytes()):
            h.update(len(part).to_bytes(8, "little") + part)
    return h.hexdigest()


def make_iso(kernel, cmdline, out, modules=()):
    """A GRUB2 rescue ISO that boots @kernel by multiboot2 with @cmdline.

    @modules: (path, name) pairs loaded as multiboot2 modules (the initramfs).
    Each ISO is built once per content hash (_iso_key) and kept in BUILD/iso-cache/;
    the same inputs again copy it from there.
    """
    out = pathlib.Path(out)
    cache = build_dir() / "iso-cache"
    cached = cache / f"{_iso_key(kernel, cmdline, modules)}.iso"
    out.parent.mkdir(parents=True, exist_ok=True)
    if cached.exists():
        os.utime(cached)
        shutil.copyfile(cached, out)
        return out
    with tempfile.TemporaryDirectory(prefix="larch-iso-") as tmp:
        boot = pathlib.Path(tmp) / "boot"
        (boot / "grub").mkdir(parents=True)
        shutil.copy(kernel, boot / "larch.elf")
        # GRUB draws on the (invisible) VGA console, not on COM1: the serial console
        # carries only what the kernel and user programs print.
        lines = ["set timeout=0", "set default=0", "",
                 'menuentry "Larch" {',
                 f"  multiboot2 /boot/larch.elf {cmdline}"]
        for i, (path, name) in enumerate(modules):
            shutil.copy(path, boot / f"module{i}")
            lines.append(f"  module2 /boot/module{i} {name}")
        lines += ["  boot", "}"]
        (boot / "grub" / "grub.cfg").write_text("\n".join(lines) + "\n")
        r = subprocess.run(["grub-mkrescue", "-o", str(out), tmp],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            raise SystemExit("grub-mkrescue failed")
    cache.mkdir(parents=True, exist_ok=True)
    tmp_cached = cached.with_suffix(f".{os.getpid()}.tmp")
    shutil.copyfile(out, tmp_cached)
    os.replace(tmp_cached, cached)
    _trim_cache(cache)
    return out


def _trim_cache(cache):
    """Keeps the ISO_CACHE_KEEP most recently used ISOs (others may trim at the same time)."""
    dated = []
    for p in cache.glob("*.iso"):
        try:
            dated.append((p.stat().st_mtime, p))
        except FileNotFoundError:
            pass
    for _, old in sorted(dated)[:-ISO_CACHE_KEEP]:
        old.unlink(missing_ok=True)


def probe_kvm(kernel=None):
    """True when KVM really runs a guest here: a probe boot must reach the kernel
    within ~5 s. The answer is cached in BUILD/kvm-probe."""
    cache = build_dir() / "kvm-probe"
    if cache.exists():
        return cache.read_text().strip() == "yes"
    ok = False
    kernel = kernel or build_dir() / "larch.elf"
    if os.access("/dev/kvm", os.R_OK | os.W_OK) and pathlib.Path(kernel).exists():
        cmd = ["qemu-system-x86_64", "-machine", "q35", "-accel", "kvm", "-cpu", "host",
               "-m", "128M", "-display", "none", "-serial", "null", "-no-reboot",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-kernel", str(kernel), "-append", "probe"]
        try:
            r = subprocess.run(cmd, capture_output=True, timeout=5)
            ok = r.returncode == qemu_status("PROBE")
        except subprocess.TimeoutExpired:
            ok = False
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("yes\n" if ok else "no\n")
    return ok


def accelerator(choice=None):
    choice = choice or os.environ.get("QEMU_ACCEL", "tcg")
    if choice == "auto":
        return "kvm" if probe_kvm() else "tcg"
    if choice not in ("tcg", "kvm"):
        raise SystemExit(f"QEMU_ACCEL={choice}: use tcg, kvm or auto")
    return choice


DEFAULT_GDB_PORT = 1234


def port_free(port):
    """True when nothing listens on 127.0.0.1:@port (so QEMU's gdb stub can)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def gdb_port(env=None):
    """The port of `make gdb`'s stub: GDB_PORT when set (it must be free), else 1234
    when it is free, else one the system picks (two students on one server)."""
    env = os.environ if env is None else env
    asked = env.get("GDB_PORT", "").strip()
    if asked:
        if not asked.isdigit() or not 0 < int(asked) < 65536:
            raise SystemExit(f"GDB_PORT={asked}: not a TCP port number")
        if not port_free(int(asked)):
            raise SystemExit(f"GDB_PORT={asked}: the port is taken; choose another or leave "
                             "GDB_PORT unset to get a free one")
        return int(asked)
    if port_free(DEFAULT_GDB_PORT):
        return DEFAULT_GDB_PORT
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def qemu_command(*, iso=None, kernel=None, cmdline="", mem=None, smp=None, accel=None,
                 console="stdio", log=None, qmp=None, gdb=False, extra=(),
                 sockets=None, paused=False):
    """The QEMU argv. Boots @iso (GRUB, multiboot2) or @kernel directly (PVH).

    console: the chardev spec of COM1 (user output), e.g. "stdio", "file:out.txt";
    log: that of COM2 (the kernel log), None for "null"; qmp: a unix socket path
    where QEMU listens for a QMP client.
    sockets: {"console": path, "log": path, "qmp": path} — unix sockets that a caller
    (the grader) listens on; QEMU connects to each as a client at start-up, so nothing
    the guest prints and no QMP event can be missed. Overrides console/log/qmp.
    paused: start with the CPUs stopped (-S) until a QMP "cont".
    """
    if sockets:
        extra = list(extra)
        for name in ("console", "log", "qmp"):
            if name in sockets:
                extra += ["-chardev", f"socket,id=larch-{name},path={sockets[name]}"]
        console = "chardev:larch-console" if "console" in sockets else console
        log = "chardev:larch-log" if "log" in sockets else log
        if "qmp" in sockets:
            extra += ["-mon", "chardev=larch-qmp,mode=control"]
        qmp = None
    mem = mem or os.environ.get("MEM", "256M")
    accel = accelerator(accel)
    # [qemu_command]
    cmd = ["qemu-system-x86_64",
           "-machine", "q35",
           "-accel", accel,
           "-cpu", "host" if accel == "kvm" else "max",
           "-m", str(mem),
           "-smp", str(smp_count(smp)),
           "-no-reboot",
           "-display", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-serial", console,
           "-serial", log or "null",
           "-monitor", "none"]
    # [qemu_command]
    if iso:
        cmd += ["-cdrom", str(iso), "-boot", "d"]
    elif kernel:
        cmd += ["-kernel", str(kernel), "-append", cmdline]
    else:
        raise ValueError("qemu_command needs iso or kernel")
    if qmp:
        cmd += ["-qmp", f"unix:{qmp},server=on,wait=off"]
    if gdb:
        cmd += ["-gdb", f"tcp:127.0.0.1:{gdb if gdb is not True else DEFAULT_GDB_PORT}", "-S"]
    elif paused:
        cmd += ["-S"]
    return cmd + list(extra)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    p_iso = sub.add_parser("iso")
    p_iso.add_argument("--kernel", required=True)
    p_iso.add_argument("--cmdline", default="")
    p_iso.add_argument("--out", required=True)
    p_iso.add_argument("--module", action="append", default=[], help="PATH[=NAME]")
    for name in ("run", "gdb"):
        p = sub.add_parser(name)
        p.add_argument("--iso", required=True)
        p.add_argument("--kernel")
    sub.add_parser("accel")
    args = ap.parse_args()

    if args.what == "iso":
        mods = [(m.split("=", 1)[0], m.split("=", 1)[1] if "=" in m else pathlib.Path(m).name)
                for m in args.module]
        make_iso(args.kernel, args.cmdline, args.out, mods)
        return 0
    if args.what == "accel":
        print(accelerator())
        return 0

    log = build_dir() / "run" / "kernel.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    # Under gdb the terminal belongs to gdb: the console goes to a file instead.
    console = "mon:stdio" if args.what == "run" else f"file:{log.parent / 'console.log'}"
    port = gdb_port() if args.what == "gdb" else None
    cmd = qemu_command(iso=args.iso, console=console, log=f"file:{log}", gdb=port or False)
    if args.what == "run":
        print(f"qemu: {accelerator()} with {os.environ.get('SMP', '2')} CPUs and "
              f"{os.environ.get('MEM', '256M')}; kernel log also in {log}. "
              "Quit: Ctrl-A then X.", flush=True)
        r = subprocess.run(cmd)
        codes = {qemu_status(n): n for n in ("PASS", "FAIL", "PANIC")}
        if r.returncode in codes:
            print(f"\nqemu: the kernel ended the run ({codes[r.returncode]})")
        elif r.returncode == 0:   # ACPI power-off (init's reboot(2)) or Ctrl-A X
            print("\nqemu: the machine is off")
        return 0
    # gdb: QEMU waits for the debugger; gdb loads symbols and connects via tools/gdbinit.
    print(f"qemu: gdb stub on localhost:{port} (GDB_PORT=N picks another)", flush=True)
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    try:
        subprocess.run(["gdb", "-q", "-ex", f"target remote localhost:{port}",
                        "-x", str(ROOT / "tools" / "gdbinit"), args.kernel])
    finally:
        qemu.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
