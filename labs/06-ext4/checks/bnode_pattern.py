"""labs/06-ext4/checks/bnode_pattern.py IMAGE — after block_node_fsync's boot: the image holds,
from byte 4099 on, the 1 MiB + 5 bytes the guest wrote to /dev/vdX and fsynced (byte k:
((13k + k // 256) mod 256) xor 0x3C), and zeros before them. Prints "pattern intact"."""
import sys

OFFSET, LEN = 4099, (1 << 20) + 5
data = open(sys.argv[1], "rb").read()
want = bytes((((k * 13 + (k >> 8)) & 0xFF) ^ 0x3C) for k in range(LEN))
ok = data[OFFSET:OFFSET + LEN] == want and data[:OFFSET] == bytes(OFFSET)
print("pattern intact" if ok else "pattern differs")
sys.exit(0 if ok else 1)
