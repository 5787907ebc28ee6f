#!/usr/bin/env python3
"""user/mkinitramfs.py — writes a cpio "newc" archive: the initramfs GRUB loads as a module.

    mkinitramfs.py --out build/initramfs.cpio \\
        --file build/user/init:/bin/init --tree build/contract/root/contract:/contract

--file SRC:DEST[:MODE]   one file (MODE in octal; default: the source's permission bits)
--tree SRC:DEST          a directory, recursively (files, directories, symbolic links)
--list                   print the members written, one per line
--max-size SIZE          fail when the archive is larger (K, M or G suffix): the guest's
                         memory holds the archive and everything unpacked from it

Files that are hard links of one another on the host (the multi-call contract
binaries) stay hard links: one inode number, nlink the size of the group, and the data
stored once, with the last member of the group, as newc does.

The output is reproducible: members in sorted order, every parent directory listed
before its children, owner 0:0, mtime 0, inode numbers counted from 1, so the same
inputs give the same bytes. The archive ends with the TRAILER!!! member and is padded
with NULs to a multiple of 512 bytes, as cpio(1) does. The kernel's reader is
kernel/fs/cpio.cc; tests/unit/cpio_reader_test.cc reads archives made here.
"""
import argparse
import os
import stat
import sys

S_IFDIR = 0o040000
S_IFREG = 0o100000
S_IFLNK = 0o120000


def header(ino, mode, nlink, size, name_size):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, name_size, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad4(n):
    return (4 - n % 4) % 4


class Archive:
    def __init__(self):
        self.members = {}  # name -> (mode, data)
        self.links = {}    # name -> (st_dev, st_ino) of a regular file with several links

    def add_dirs(self, path):
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d and d not in self.members:
                self.members[d] = (S_IFDIR | 0o755, b"")

    def add(self, name, mode, data):
        name = name.strip("/")
        if not name or ".." in name.split("/"):
            raise SystemExit(f"mkinitramfs: bad member name {name!r}")
        self.add_dirs(name)
        self.members[name] = (mode, data)

    def add_file(self, src, dest, mode=None):
        st = os.lstat(src)
        if stat.S_ISLNK(st.st_mode):
            self.add(dest, S_IFLNK | 0o777, os.readlink(src).encode())
        elif stat.S_ISDIR(st.st_mode):
            self.add(dest, S_IFDIR | (mode if mode is not None else stat.S_IMODE(st.st_mode)), b"")
        else:
            with open(src, "rb") as f:
                data = f.read()
            self.add(dest, S_IFREG | (mode if mode is not None else stat.S_IMODE(st.st_mode)), data)
            if st.st_nlink > 1:
                self.links[dest.strip("/")] = (st.st_dev, st.st_ino)

    def add_tree(self, src, dest):
        if not os.path.isdir(src):
            raise SystemExit(f"mkinitramfs: {src} is not a directory")
        self.add(dest, S_IFDIR | 0o755, b"")
        for root, dirs, files in os.walk(src):
            dirs.sort()
            rel = os.path.relpath(root, src)
            for name in sorted(dirs + files):
                sub = name if rel == "." else f"{rel}/{name}"
                self.add_file(os.path.join(root, name), f"{dest.rstrip('/')}/{sub}")

    def bytes(self):
        names = sorted(self.members)
        groups = {}                  # (dev, ino) on the host -> the members, sorted
        for name in names:
            if name in self.links:
                groups.setdefault(self.links[name], []).append(name)
        out = bytearray()
        for ino, name in enumerate(names, start=1):
            mode, data = self.members[name]
            group = groups.get(self.links.get(name), [name])
            if len(group) > 1:
                ino = names.index(group[0]) + 1
                nlink = len(group)
                if name != group[-1]:
                    data = b""
            else:
                nlink = 2 if mode & 0o170000 == S_IFDIR else 1
            encoded = name.encode() + b"\0"
            out += header(ino, mode, nlink, len(data), len(encoded)) + encoded
            out += b"\0" * pad4(len(out))
            out += data + b"\0" * pad4(len(data))
        trailer = b"TRAILER!!!\0"
        out += header(0, 0, 1, 0, len(trailer)) + trailer
        out += b"\0" * pad4(len(out))
        out += b"\0" * ((512 - len(out) % 512) % 512)
        return bytes(out)


def parse_size(text):
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper()
    unit = text[-1] if text and text[-1] in "KMG" else ""
    try:
        return int(text[:len(text) - len(unit)]) * units[unit]
    except ValueError:
        raise SystemExit(f"mkinitramfs: bad size {text!r}") from None


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--file", action="append", default=[], metavar="SRC:DEST[:MODE]")
    ap.add_argument("--tree", action="append", default=[], metavar="SRC:DEST")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--max-size", default=None, metavar="SIZE")
    args = ap.parse_args(argv)

    archive = Archive()
    for spec in args.tree:
        src, _, dest = spec.partition(":")
        archive.add_tree(src, dest)
    for spec in args.file:
        parts = spec.split(":")
        if len(parts) not in (2, 3):
            raise SystemExit(f"mkinitramfs: --file wants SRC:DEST[:MODE], not {spec!r}")
        archive.add_file(parts[0], parts[1], int(parts[2], 8) if len(parts) == 3 else None)
    data = archive.bytes()
    if args.max_size and len(data) > parse_size(args.max_size):
        raise SystemExit(f"mkinitramfs: {args.out} would be {len(data) / (1 << 20):.1f} MiB, over "
                         f"the limit of {args.max_size} (--max-size): what made it grow?")
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, args.out)
    if args.list:
        for name in sorted(archive.members):
            mode, content = archive.members[name]
            print(f"{mode:06o} {len(content):9} /{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
