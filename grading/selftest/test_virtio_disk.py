"""Lab 06's disk KTESTs (labs/06-ext4/ktests/disk.cc) through the real grader, in real
QEMU, on the kernel of $GRADE_SELFTEST_BUILD: PCI, virtio-blk and ext4 reading a disk.

Lab 06 is not built, and a not-built lab.toml may hold no tests, so they run here, in a
temporary lab whose expected values the host computes at test time: a random file goes
into a tree that `mkfs.ext4 -d` puts on the drive (through the grader's `drives`), its
size and CRC-32C become the values the guest must report; after the boot, `e2fsck -fn`
checks the image and a host check compares the bytes the guest wrote on a scratch
drive with the pattern. A third test (virtio_nonsense.cc) plays a device that reports
nonsense in memory: log lines and errors, never a panic. Skipped when the kernel is not built (`make kernel`)."""
import os
import pathlib
import shutil
import sys
import tempfile
import unittest

import labconf
import plan as planner
from grade import Grader

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("GRADE_SELFTEST_BUILD", ROOT / "build"))
KERNEL = BUILD / "larch.elf"
READY = (shutil.which("qemu-system-x86_64") and shutil.which("mkfs.ext4")
         and shutil.which("e2fsck") and KERNEL.exists())

# The rw KTEST's pattern: byte i of the 1 MiB it writes at offset 1 MiB.
VERIFY = """import sys
data = open(sys.argv[1], "rb").read()[1 << 20:2 << 20]
want = bytes(((i * 7 + (i >> 9) * 13) ^ 0x5A) & 0xFF for i in range(1 << 20))
bad = next((i for i in range(len(want)) if data[i:i + 1] != want[i:i + 1]), None)
print("pattern intact" if bad is None else f"pattern differs at byte {bad}")
sys.exit(0 if bad is None else 1)
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
drives = [{{ name = "disk", size = "32M", fs = "ext4", tree = "tree" }}]
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
            (tmp / "labs" / "00-disk").mkdir(parents=True)
            (tmp / "labs" / "00-disk" / "lab.toml").write_text(
                LAB.format(size=len(data), crc=crc32c(data), python=sys.executable))
            labs = labconf.load_all(tmp)
            scale = float(os.environ.get("GRADE_TIMEOUT_SCALE", "1"))
            g = Grader(labs, BUILD, tmp / "grade", scale, 11, "tcg", quiet=True)
            batches = list(planner.plan(labs, planner.Chooser(g.rng)))
            for i, b in enumerate(batches):
                g.run_batch(b, i, len(batches))
            for name in ("virtio_ext4_read", "virtio_blk_rw", "virtio_nonsense"):
                r = g.results[("00-disk", name)]
                self.assertTrue(r.passed, f"{name}: {'' if r.passed else r.failure.outcome.reason}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
