#!/usr/bin/env python3
"""bench/bench.py — the benchmark driver: boots our kernel and Linux, prints the table.

    bench.py smoke --build DIR        one short run on our kernel only (make bench-smoke);
                                      writes "PASSED FAILED" (one check per figure) to
                                      DIR/results/bench-smoke.count
    bench.py full --build DIR [--boots 3] [--modes tcg icount]   (make bench)

Both kernels boot the same initramfs (DIR/bench/initramfs.cpio: user/bench/'s
programs) from GRUB ISOs in the QEMU of tools/qemu.py (one machine definition: q35,
-cpu max, MEM, SMP); Linux is Debian's linux-image-amd64 (bench/linux.py). PID 1 is
/bench/init, which runs /bench/bench and powers off. Every figure is the median of the
boots (each boot prints the median of its own rounds). Mode `tcg` runs QEMU as is;
`icount` adds -icount shift=0,align=off, where guest time counts guest instructions
(1 ns each) and the host's noise disappears (with one CPU: see ICOUNT_SMP).

Numbers never fail the run: only a broken boot or a missing figure does (exit 1); the
figures of a lab that is not built yet (LAB_FIGURES) may be missing until its lab.toml
says status = "ready".
Results: the table on stdout and in DIR/bench/table.txt, DIR/bench/results.json
(medians, every boot's value, versions), consoles in DIR/bench/runs/.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "bench"))
import qemu  # noqa: E402  tools/qemu.py: the one QEMU definition
import linux  # noqa: E402  bench/linux.py

OURS_CMDLINE = "init=/bench/init benchmode={mode}"
# The kernel's own messages stay off the console unless they are errors; panic=-1
# turns a panic into a reset, which -no-reboot turns into the end of QEMU.
LINUX_CMDLINE = "console=ttyS0 rdinit=/bench/init benchmode={mode} loglevel=3 panic=-1"
ICOUNT = ["-icount", "shift=0,align=off"]
# Under -icount QEMU runs every vCPU in one thread, round-robin; Debian's Linux then
# never gets past "x86: Booting SMP configuration" with 2 CPUs (both spin with
# interrupts off waiting for each other). So the icount mode boots both kernels with
# one CPU; the tcg mode uses SMP (2) as everything else does.
ICOUNT_SMP = 1
# The figures of a lab whose kernel side may not be there yet. While labs/LAB/lab.toml
# says status = "not-built", our kernel reports them "unsupported" (user/bench/thread.c
# tries one round in a child first) and a missing one fails nothing; once the status is
# "ready" they are required like every other figure.
LAB_FIGURES = {"04-clone": ("thread_create_join_ns", "futex_pingpong_ns", "signal_roundtrip_ns",
                            "futex_switch_ns")}


def optional_figures():
    import tomllib
    out = set()
    for lab, names in LAB_FIGURES.items():
        toml = ROOT / "labs" / lab / "lab.toml"
        if tomllib.loads(toml.read_text()).get("lab", {}).get("status") == "not-built":
            out |= set(names)
    return out


OPTIONAL = optional_figures()
IDLE_S = 90         # no console output for this long: the boot is stuck
LIMIT_S = {"smoke": 60, "full": 900}


class Boot:
    """What one boot printed: the plan, the figures, errors, and how it ended."""

    def __init__(self, text, ended):
        self.plan, self.figures, self.info, self.errors = [], {}, {}, []
        self.ended = ended
        self.done = False
        for raw in text.replace("\r", "").splitlines():
            line = raw.strip()
            if line.startswith("bench-plan"):
                self.plan = line.split()[1:]
            elif line.startswith("bench-info "):
                key, _, value = line[len("bench-info "):].partition("=")
                self.info[key] = value
            elif line.startswith("bench-error "):
                self.errors.append(line[len("bench-error "):])
            elif line == "bench-done":
                self.done = True
            elif line.startswith("bench "):
                key, _, value = line[len("bench "):].partition("=")
                try:
                    self.figures[key] = float(value)
                except ValueError:
                    self.errors.append(f"{key}: unreadable value '{value}'")

    def missing(self):
        """Required figures that did not come (OPTIONAL ones may be missing)."""
        return [f for f in self.plan if f not in self.figures and f not in OPTIONAL]

    def broken(self):
        """Why this boot is no good, or None."""
        if not self.plan:
            return f"no benchmark output ({self.ended})"
        if self.missing():
            return f"missing {', '.join(self.missing())} ({self.ended})"
        if not self.done:
            return f"the benchmark did not finish ({self.ended})"
        return None


def run_boot(iso, tag, out_dir, icount, limit):
    """Boots @iso once; returns a Boot. The console is kept in out_dir/TAG.console."""
    console, klog = out_dir / f"{tag}.console", out_dir / f"{tag}.klog"
    for f in (console, klog):
        f.unlink(missing_ok=True)
    cmd = qemu.qemu_command(iso=iso, console=f"file:{console}", log=f"file:{klog}",
                            smp=ICOUNT_SMP if icount else None, extra=ICOUNT if icount else ())
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    last_size, last_change, ended = -1, t0, None
    while ended is None:
        time.sleep(0.25)
        size = console.stat().st_size if console.exists() else 0
        if size != last_size:
            last_size, last_change = size, time.monotonic()
        if proc.poll() is not None:
            ended = f"QEMU exited with status {proc.returncode}"
        elif "bench-init: " in (console.read_text(errors="replace") if size else ""):
            try:  # init powers off (Linux) or exits (ours): QEMU ends by itself
                proc.wait(timeout=10)
                ended = f"QEMU exited with status {proc.returncode}"
            except subprocess.TimeoutExpired:
                ended = "init finished but QEMU did not stop"
        elif time.monotonic() - last_change > IDLE_S:
            ended = f"no console output for {IDLE_S} s"
        elif time.monotonic() - t0 > limit:
            ended = f"still running after {limit} s"
    if proc.poll() is None:
        proc.kill()
    stderr = proc.communicate()[1].decode(errors="replace").strip()
    if stderr:
        (out_dir / f"{tag}.qemu-stderr").write_text(stderr + "\n")
    boot = Boot(console.read_text(errors="replace") if console.exists() else "", ended)
    boot.seconds = time.monotonic() - t0
    why = boot.broken()
    print(f"  {tag}: {len(boot.figures)} figures in {boot.seconds:.1f} s"
          + (f" -- BROKEN: {why}; console {console}" if why else ""), flush=True)
    for e in boot.errors:
        print(f"    bench-error {e}")
    if why:  # the end of both serial lines explains most broken boots (a panic, a bad init)
        for f in (console, klog):
            text = f.read_text(errors="replace").replace("\r", "") if f.exists() else ""
            for line in text.splitlines()[-6:]:
                print(f"    {f.suffix[1:]:7}| {line}")
    return boot


def build_isos(args, mode, out_dir, with_linux):
    b = pathlib.Path(args.build)
    kernel, cpio = b / "larch.elf", b / "bench" / "initramfs.cpio"
    for f in (kernel, cpio):
        if not f.exists():
            raise SystemExit(f"bench: {f} is missing (make BUILD={b} kernel bench-programs)")
    isos = {"ours": qemu.make_iso(kernel, OURS_CMDLINE.format(mode=mode), out_dir / f"ours-{mode}.iso",
                                  [(cpio, "initramfs")])}
    version = None
    if with_linux:
        vmlinuz, version = linux.fetch(b / "bench" / "linux")
        isos["linux"] = linux.make_iso(vmlinuz, LINUX_CMDLINE.format(mode=mode), cpio,
                                       out_dir / f"linux-{mode}.iso")
    return isos, version


def fmt(v):
    if v is None:
        return "-"
    return f"{v:.0f}" if abs(v) >= 100 else f"{v:.1f}"


def smoke(args):
    b = pathlib.Path(args.build)
    out_dir = b / "bench" / "runs"
    out_dir.mkdir(parents=True, exist_ok=True)
    isos, _ = build_isos(args, "smoke", out_dir, with_linux=False)
    print("bench-smoke: one short run on our kernel", flush=True)
    boot = run_boot(isos["ours"], "smoke-ours", out_dir, False, LIMIT_S["smoke"])
    for name in boot.plan:
        v = boot.figures.get(name)
        mark = "ok  " if v is not None else "optional" if name in OPTIONAL else "MISSING"
        print(f"  {mark} {name:22} {fmt(v)}")
    unsupported = [f for f in boot.plan if f in OPTIONAL and f not in boot.figures]
    if unsupported:
        print(f"  optional until their lab is ready ({', '.join(sorted(LAB_FIGURES))}): "
              f"{', '.join(unsupported)} not measured on this kernel")
    if boot.info:
        print("  info: " + " ".join(f"{k}={v}" for k, v in boot.info.items()))
    passed = len([f for f in boot.plan if f in boot.figures])
    failed = len(boot.missing()) + (1 if boot.broken() and not boot.missing() else 0)
    (b / "results").mkdir(parents=True, exist_ok=True)
    (b / "results" / "bench-smoke.count").write_text(f"{passed} {failed}\n")
    print(f"bench-smoke: {passed} figures, {failed} missing or broken")
    return 1 if failed else 0


def full(args):
    b = pathlib.Path(args.build)
    out_dir = b / "bench" / "runs"
    out_dir.mkdir(parents=True, exist_ok=True)
    accel = qemu.accelerator()
    modes = [m for m in args.modes if m == "tcg" or accel == "tcg"]  # icount needs TCG
    isos, version = build_isos(args, "full", out_dir, with_linux=True)
    qv = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True, text=True).stdout
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    results = {"linux": version, "ours": "larch " + (head.stdout.strip() or "?"),
               "qemu": qv.splitlines()[0] if qv else "?",
               "machine": {"accel": accel, "mem": os.environ.get("MEM", "256M"),
                           "smp": os.environ.get("SMP", "2"), "cpu": "max"},
               "cmdline": {"ours": OURS_CMDLINE.format(mode="full"),
                           "linux": LINUX_CMDLINE.format(mode="full")},
               "boots": args.boots, "modes": {}}
    bad, tables = [], []
    for mode in modes:
        smp = ICOUNT_SMP if mode == "icount" else os.environ.get("SMP", "2")
        print(f"bench: mode {mode}{' (' + ' '.join(ICOUNT) + ')' if mode == 'icount' else ' (as is)'}, SMP={smp}, "
              f"{args.boots} boots per kernel, Linux is {version}", flush=True)
        boots = {"ours": [], "linux": []}
        for i in range(args.boots):  # alternate the kernels: host noise hits both alike
            for k in ("ours", "linux"):
                boot = run_boot(isos[k], f"{mode}-{k}-{i + 1}", out_dir, mode == "icount", LIMIT_S["full"])
                boots[k].append(boot)
                if boot.broken():
                    bad.append(f"{mode} {k} boot {i + 1}: {boot.broken()}")
        names = []
        for k in ("ours", "linux"):
            for boot in boots[k]:
                names += [n for n in boot.plan if n not in names]
        table = {}
        for n in names:
            runs = {k: [bt.figures[n] for bt in boots[k] if n in bt.figures] for k in boots}
            med = {k: statistics.median(v) if v else None for k, v in runs.items()}
            ratio = med["ours"] / med["linux"] if med["ours"] is not None and med["linux"] else None
            table[n] = {"ours": med["ours"], "linux": med["linux"], "ratio": ratio,
                        "ours_runs": runs["ours"], "linux_runs": runs["linux"]}
        results["modes"][mode] = {"icount": ICOUNT if mode == "icount" else None, "smp": int(smp), "figures": table,
                                  "info": {k: [bt.info for bt in boots[k]] for k in boots}}
        lines = [f"{'figure (' + mode + ')':26} {'ours':>12} {'linux':>12} {'ours/linux':>11}"]
        for n, row in table.items():
            r = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
            lines.append(f"{n:26} {fmt(row['ours']):>12} {fmt(row['linux']):>12} {r:>11}")
        tables.append("\n".join(lines))
        print("\n" + tables[-1] + "\n", flush=True)
    (b / "bench").mkdir(parents=True, exist_ok=True)
    (b / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (b / "bench" / "table.txt").write_text(f"{results['ours']} vs Linux {version}, {results['qemu']}\n\n"
                                           + "\n\n".join(tables) + "\n")
    print(f"bench: results in {b / 'bench' / 'results.json'} and table.txt; consoles in {out_dir}")
    print("bench: figures are ns per operation unless named otherwise; the host is shared, "
          "so the TCG numbers are noisy (icount ones much less)")
    if bad:
        print("bench: broken runs (an error, unlike any number):")
        for line in bad:
            print("  " + line)
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("smoke", "full"))
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--boots", type=int, default=3)
    ap.add_argument("--modes", nargs="+", default=["tcg", "icount"], choices=("tcg", "icount"))
    args = ap.parse_args()
    os.environ["BUILD"] = str(args.build)
    return smoke(args) if args.what == "smoke" else full(args)


if __name__ == "__main__":
    sys.exit(main())
