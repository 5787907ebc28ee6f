"""labs/06-ext4/checks/ext4_tree.py IMAGE — after ext4_tree_rw's boot: every file the guest
wrote through Larch's ext4, as debugfs reads it from the image, against the formulas of
labs/06-ext4/ktests/ext4_tree.cc. Prints "tree intact" or the first difference."""
import os
import shutil
import subprocess
import sys
import tempfile

DIRS, FILES, BIG = 8, 12, 16 << 20
debugfs = shutil.which("debugfs") or "/sbin/debugfs"
image = sys.argv[1]


def size(i, j):
    return ((i * FILES + j) * 7919) % 70001


def content(i, j):
    return bytes(((k * 7 + i * 31 + j * 17 + (k >> 10)) & 0xFF) for k in range(size(i, j)))


with tempfile.TemporaryDirectory() as out:
    subprocess.run([debugfs, "-R", f"rdump /tree {out}", image], capture_output=True, check=True)
    for i in range(DIRS):
        for j in range(FILES):
            path = os.path.join(out, "tree", f"d{i}", f"f{j}")
            if not os.path.exists(path) or open(path, "rb").read() != content(i, j):
                print(f"d{i}/f{j} differs")
                sys.exit(1)
        link = os.path.join(out, "tree", f"d{i}", "sub", "link")
        if not os.path.islink(link) or os.readlink(link) != "../f0":
            print(f"d{i}/sub/link is not a link to ../f0")
            sys.exit(1)
big = subprocess.run([debugfs, "-R", "cat /big.bin", image], capture_output=True).stdout
want = bytearray(BIG)
for k in range(0, BIG, 4096):  # byte k = ((k >> 12) * 5 + 3k) mod 256
    base = (k >> 12) * 5
    want[k:k + 4096] = bytes(((base + 3 * (k + m)) & 0xFF) for m in range(4096))
if big != want:
    print(f"big.bin differs ({len(big)} bytes read)")
    sys.exit(1)
print("tree intact")
