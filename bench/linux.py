#!/usr/bin/env python3
"""bench/linux.py — Debian's Linux kernel for the benchmarks, and a GRUB ISO that boots it.

fetch(dest): the kernel image of Debian's `linux-image-amd64` (a metapackage: the
versioned linux-image-*-amd64 it depends on is what is downloaded, with
`apt-get download`, and unpacked with `dpkg-deb`; only boot/vmlinuz-* is kept). It
lands in DEST/vmlinuz with its package name and version in DEST/version; a second
call reuses it. make_iso(): GRUB loads it with `linux` and `initrd`, the way
tools/qemu.py's make_iso loads ours with `multiboot2` and `module2`, so both kernels
go through the same firmware, boot loader and QEMU machine.
"""
import pathlib
import shutil
import subprocess
import sys
import tempfile


def _run(cmd, cwd=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def _versioned_package():
    """linux-image-6.1.0-NN-amd64: what the metapackage depends on."""
    for attempt in range(2):
        r = _run(["apt-cache", "depends", "linux-image-amd64"])
        for line in r.stdout.splitlines():
            word = line.strip()
            if word.startswith("Depends: linux-image-") and word.endswith("-amd64"):
                return word.split()[1]
        if attempt == 0:  # no package lists yet on a fresh machine
            _run(["apt-get", "update"])
    raise SystemExit("bench: apt-cache finds no linux-image-amd64 (is a Debian mirror reachable?)")


def fetch(dest):
    """Returns (path of vmlinuz, "package version") for Debian's kernel, fetching it once."""
    dest = pathlib.Path(dest)
    vmlinuz, version = dest / "vmlinuz", dest / "version"
    if vmlinuz.exists() and version.exists():
        return vmlinuz, version.read_text().strip()
    dest.mkdir(parents=True, exist_ok=True)
    package = _versioned_package()
    print(f"bench: fetching {package} (Debian's linux-image-amd64) into {dest}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-linux-", dir=dest) as tmp:
        r = _run(["apt-get", "download", package], cwd=tmp)
        debs = list(pathlib.Path(tmp).glob("*.deb"))
        if not debs:
            sys.stderr.write(r.stdout + r.stderr)
            raise SystemExit(f"bench: apt-get download {package} failed")
        deb = debs[0]
        ver = _run(["dpkg-deb", "-f", str(deb), "Version"]).stdout.strip()
        # dpkg-deb -x of only ./boot (the modules are not needed: everything the
        # benchmark touches is built in).
        tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
        x = subprocess.run(["tar", "-x", "-C", tmp, "--wildcards", "./boot/vmlinuz-*"], stdin=tar.stdout)
        tar.wait()
        images = list((pathlib.Path(tmp) / "boot").glob("vmlinuz-*"))
        if x.returncode != 0 or not images:
            raise SystemExit(f"bench: no boot/vmlinuz-* in {deb.name}")
        shutil.copy(images[0], vmlinuz)
    version.write_text(f"{package} {ver}\n")
    return vmlinuz, f"{package} {ver}"


def make_iso(kernel, cmdline, initrd, out):
    """A GRUB2 rescue ISO that boots the Linux @kernel with @initrd and @cmdline."""
    out = pathlib.Path(out)
    with tempfile.TemporaryDirectory(prefix="bench-iso-") as tmp:
        boot = pathlib.Path(tmp) / "boot"
        (boot / "grub").mkdir(parents=True)
        shutil.copy(kernel, boot / "vmlinuz")
        shutil.copy(initrd, boot / "initrd")
        (boot / "grub" / "grub.cfg").write_text("\n".join([
            "set timeout=0", "set default=0", "",
            'menuentry "Linux" {',
            f"  linux /boot/vmlinuz {cmdline}",
            "  initrd /boot/initrd",
            "  boot", "}"]) + "\n")
        out.parent.mkdir(parents=True, exist_ok=True)
        r = _run(["grub-mkrescue", "-o", str(out), tmp])
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            raise SystemExit("bench: grub-mkrescue failed")
    return out


if __name__ == "__main__":
    path, ver = fetch(sys.argv[1] if len(sys.argv) > 1 else "build/bench/linux")
    print(path, ver)
