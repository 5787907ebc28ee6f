#!/usr/bin/env python3
"""tools/check-image.py — checks a linked kernel image is bootable by both loaders.

- the multiboot2 header (magic, checksum) lies 8-aligned within the first 32 KiB;
- a PT_NOTE segment holds the Xen PVH entry note, so `qemu -kernel` can boot it;
- the .ksyms symbol table is present.
"""
import struct
import sys

MB2_MAGIC = 0xE85250D6


def main(path):
    data = open(path, "rb").read()
    errors = []
    for off in range(0, min(len(data), 32768) - 16, 8):
        magic, arch, length, checksum = struct.unpack_from("<IIII", data, off)
        if magic == MB2_MAGIC:
            if (magic + arch + length + checksum) & 0xFFFFFFFF:
                errors.append("multiboot2 header checksum is wrong")
            break
    else:
        errors.append("no multiboot2 header in the first 32 KiB")

    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    has_pvh = False
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + i * phentsize)
        if p_type != 4:  # PT_NOTE
            continue
        pos, end = p_offset, p_offset + p_filesz
        while pos + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", data, pos)
            name = data[pos + 12:pos + 12 + namesz].rstrip(b"\0")
            if name == b"Xen" and ntype == 18:
                has_pvh = True
            pos += 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3)
    if not has_pvh:
        errors.append("no Xen PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY) in a PT_NOTE segment")
    if b"KSYM" not in data:
        errors.append("no embedded symbol table (.ksyms)")
    for e in errors:
        print(f"{path}: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
