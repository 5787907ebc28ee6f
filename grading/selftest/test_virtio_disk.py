"""Lab 06's disk KTESTs (labs/06-ext4/ktests/disk.cc) through the real grader, in real
QEMU, on the kernel of $GRADE_SELFTEST_BUILD: PCI, virtio-blk and ext4 reading a disk.

Lab 06 is not built, and a not-built lab.toml may hold no tests, so they run here, in a
temporary lab whose expected values the host computes at test time: a random file goes
into a tree that `mkfs.ext4 -d` puts on the drive (through the grader's `drives`), its
size and CRC-32C become the values the guest must report; after the boot, `e2fsck -fn`
checks the image and a host check compares the bytes the guest wrote on a scratch
drive with the pattern. virtio_ext4_write writes a file through ext4: e2fsck -fn and
debugfs check the image after the boot. Another test (virtio_nonsense.cc) plays a device that reports
nonsense in memory: log lines and errors, never a panic. A last boot, outside the
grader, reads the file from the first partition of an MBR disk. Skipped when the kernel is not built (`make kernel`)."""
import os
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

import attach
import labconf
import plan as planner
from grade import Grader
from qemu_exit import qemu

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("GRADE_SELFTEST_BUILD", ROOT / "build"))
KERNEL = BUILD / "larch.elf"
READY = (shutil.which("qemu-system-x86_64") and shutil.which("mkfs.ext4")
         and shutil.which("e2fsck") and shutil.which("debugfs") and KERNEL.exists())

# The rw KTEST's pattern: byte i of the 1 MiB it writes at offset 1 MiB.
VERIFY = """import sys
data = open(sys.argv[1], "rb").read()[1 << 20:2 << 20]
want = bytes(((i * 7 + (i >> 9) * 13) ^ 0x5A) & 0xFF for i in range(1 << 20))
bad = next((i for i in range(len(want)) if data[i:i + 1] != want[i:i + 1]), None)
print("pattern intact" if bad is None else f"pattern differs at byte {bad}")
sys.exit(0 if bad is None else 1)
"""
# The ext4 write KTEST's file, as debugfs reads it from the image after the boot.
VERIFY_EXT4 = """import shutil, subprocess, sys
debugfs = shutil.which("debugfs") or "/sbin/debugfs"
out = subprocess.run([debugfs, "-R", "cat /written/out.bin", sys.argv[1]],
                     capture_output=True).stdout
n = 300 * 1024 + 77
want = bytes(((i * 31 + (i >> 12)) ^ 0xA5) & 0xFF for i in range(n))
print("file intact" if out == want else f"file differs: {len(out)} bytes read, {n} written")
sys.exit(0 if out == want else 1)
"""

LAB = """
[lab]
id = "00-disk"
title = "virtio disks"
status = "ready"
requires = []
runner = "kernel"
[defaults]
mem = "256M"
smp = 2
boot = "pvh"
timeout = 30
limit = 120

[[test]]
name = "virtio_ext4_read"
points = 1
description = "a file of an mkfs.ext4 -d image, read through PCI, virtio-blk and ext4"
drives = [{{ name = "disk", size = "32M", fs = "ext4", tree = "tree", readonly = true }}]
values.read_only = {{ eq = 1 }}
values.size = {{ eq = {size} }}
values.crc32c = {{ eq = {crc} }}
values.msix = {{ min = 2 }}
checks = [{{ run = ["e2fsck", "-fn", "${{drive_disk}}"] }}]

[[test]]
name = "virtio_blk_rw"
points = 1
description = "writes, flush, reads back, discard and errors on a zeroed drive"
drives = [{{ name = "scratch", size = "16M" }}]
values.max_in_flight = {{ min = 2 }}
checks = [{{ run = ["{python}", "verify.py", "${{drive_scratch}}"], output = "pattern intact" }}]

[[test]]
name = "virtio_ext4_write"
points = 1
description = "mkdir, create and write through ext4 on the disk; e2fsck and debugfs agree"
drives = [{{ name = "wdisk", size = "32M", fs = "ext4", tree = "tree" }}]
values.written = {{ eq = 307277 }}
checks = [{{ run = ["e2fsck", "-fn", "${{drive_wdisk}}"] }},
          {{ run = ["{python}", "verify_ext4.py", "${{drive_wdisk}}"], output = "file intact" }}]

[[test]]
name = "virtio_nonsense"
points = 1
description = "a device in memory that reports nonsense: log lines and errors, no panic"
"""


def crc32c(data):
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
        table.append(c)
    crc = 0xFFFFFFFF
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


@unittest.skipUnless(READY, "needs qemu-system-x86_64, e2fsprogs and a built kernel")
class VirtioDisk(unittest.TestCase):
    def test_disk_ktests(self):
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="grade-selftest-disk-"))
        try:
            data = os.urandom(700 * 1024 + 123)
            (tmp / "tree" / "virtio").mkdir(parents=True)
            (tmp / "tree" / "virtio" / "data.bin").write_bytes(data)
            (tmp / "verify.py").write_text(VERIFY)
            (tmp / "verify_ext4.py").write_text(VERIFY_EXT4)
            (tmp / "labs" / "00-disk").mkdir(parents=True)
            (tmp / "labs" / "00-disk" / "lab.toml").write_text(
                LAB.format(size=len(data), crc=crc32c(data), python=sys.executable))
            labs = labconf.load_all(tmp)
            scale = float(os.environ.get("GRADE_TIMEOUT_SCALE", "1"))
            g = Grader(labs, BUILD, tmp / "grade", scale, 11, "tcg", quiet=True)
            batches = list(planner.plan(labs, planner.Chooser(g.rng)))
            for i, b in enumerate(batches):
                g.run_batch(b, i, len(batches))
            for name in ("virtio_ext4_read", "virtio_blk_rw", "virtio_ext4_write", "virtio_nonsense"):
                r = g.results[("00-disk", name)]
                self.assertTrue(r.passed, f"{name}: {'' if r.passed else r.failure.outcome.reason}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_partitioned_disk(self):
        """An MBR with two partitions, ext4 in the first (mkfs.ext4 -E offset): the guest
        names them vda1 and vda2 and reads the file through vda1. The grader's drives are
        whole-disk images, so this boot is made here, with the grader's QEMU command."""
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="grade-selftest-part-"))
        try:
            data = os.urandom(300 * 1024 + 5)
            (tmp / "tree" / "virtio").mkdir(parents=True)
            (tmp / "tree" / "virtio" / "data.bin").write_bytes(data)
            img = tmp / "part.img"
            with open(img, "wb") as f:
                f.truncate(24 << 20)
                mbr = bytearray(512)
                for slot, (start, count) in enumerate([(2048, 32768), (34816, 8192)]):
                    mbr[446 + 16 * slot:462 + 16 * slot] = struct.pack(
                        "<4xB3xII", 0x83, start, count)
                mbr[510:512] = b"\x55\xaa"
                f.write(mbr)
            done = subprocess.run([shutil.which("mkfs.ext4"), "-q", "-F", "-E", "offset=1048576",
                                   "-d", str(tmp / "tree"), str(img), "16M"],
                                  capture_output=True, text=True)
            self.assertEqual(done.returncode, 0, done.stderr)
            console = tmp / "console.txt"
            argv = qemu.qemu_command(kernel=KERNEL, cmdline="test=virtio_ext4_read", mem="256M",
                                     smp=2, accel="tcg", console=f"file:{console}",
                                     extra=attach.drive_args("disk", img))
            subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
            out = console.read_text(errors="replace")
            self.assertIn("ok 1 - virtio_ext4_read", out, out[-2000:])
            self.assertIn("# ext4 on vda1", out)
            self.assertRegex(out, r"partitions:\s+253\s+2\s+4096 vda2")
            values = dict(re.findall(r"# value (\w+)=(\S+)", out))
            self.assertEqual(int(values["size"]), len(data))
            self.assertEqual(int(values["crc32c"]), crc32c(data))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
