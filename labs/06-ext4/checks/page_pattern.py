"""labs/06-ext4/checks/page_pattern.py IMAGE — after page_cache_pressure's boot: every 4 KiB
page i of the drive holds the 16-byte record (i, i * 0x9E3779B97F4A7C15 mod 2^64) repeated,
as the guest wrote it through its page cache. Prints "pattern intact" or the first page
that differs (and how many do)."""
import struct
import sys

MUL = 0x9E3779B97F4A7C15
bad, first = 0, None
with open(sys.argv[1], "rb") as f:
    i = 0
    while True:
        page = f.read(4096)
        if len(page) < 4096:
            break
        if page != struct.pack("<QQ", i, (i * MUL) & (2**64 - 1)) * 256:
            bad += 1
            first = i if first is None else first
        i += 1
print("pattern intact" if bad == 0 and i > 0 else f"{bad} of {i} pages differ, first {first}")
sys.exit(0 if bad == 0 and i > 0 else 1)
