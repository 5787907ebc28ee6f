"""grading/attach.py — what a boot is attached to: disk drives and a user-mode network.

lab.toml keys of a test (schema: grading/README.md, "Drives and network"):

    drives = [{ name = "disk", size = "32M", fs = "ext4", tree = "tests/fs/tree" },
              { name = "scratch", size = "8M", readonly = false }]
    netdev = { hostfwd = [{ name = "web", proto = "tcp", guest = 80 },
                          { name = "echo", proto = "udp", guest = 7 }],
               guestfwd = [{ guest = "10.0.2.100:80", fixture = "http" }] }

Each drive is an image the grader builds for every boot (a zeroed file of `size`, with
`fs = "ext4"` made by mkfs.ext4, from `tree` when given, a folder of the tree), attached
as a virtio-blk disk whose serial is its name, read-only when `readonly = true`. Its
host path is the variable ${drive_NAME} (for host checks after the boot).

The network is QEMU's user mode with restrict=on (the guest reaches nothing but what
is forwarded). Each hostfwd gets a free host port on 127.0.0.1 picked at grade time,
the variable ${port_NAME}; guestfwd (TCP only: QEMU forwards no UDP that way) sends each
of the guest's connections to GUEST_IP:PORT to a host fixture (grading/fixtures.py)
through grading/tcp_relay.py. UDP
tests use hostfwd udp to a server in the guest.
"""
import pathlib
import re
import shutil
import socket
import subprocess
import sys


DRIVE_KEYS = ("name", "size", "fs", "tree", "readonly")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
FILESYSTEMS = ("ext4",)
PROTOS = ("tcp", "udp")
GUEST_ADDR = re.compile(r"^10\.0\.2\.(\d{1,3}):(\d{1,5})$")
RELAY = pathlib.Path(__file__).resolve().parent / "tcp_relay.py"
SIZE = re.compile(r"^(\d+)([KMG])$")
MAX_DRIVE = 4 << 30


def size_bytes(text):
    """A drive's size ("512K", "32M", "1G") in bytes."""
    m = SIZE.match(str(text or "").strip().upper())
    if not m:
        raise ValueError(f"size must be like 512K, 32M or 1G (not {text!r})")
    n = int(m.group(1)) << {"K": 10, "M": 20, "G": 30}[m.group(2)]
    if not 0 < n <= MAX_DRIVE:
        raise ValueError(f"size {text} is not between 1K and 4G")
    return n


# --- validation --------------------------------------------------------------------

def check_named(where, key, tables, allowed):
    """(errors, [(where, table)]) for a list of tables with unique names, known keys."""
    if not isinstance(tables, list) or not all(isinstance(d, dict) for d in tables):
        return [f"{where}: {key} must be a list of tables"], []
    errors, seen, out = [], set(), []
    for i, d in enumerate(tables):
        w = f"{where}: {key}[{i}]"
        errors += [f"{w}: unknown key '{k}'" for k in d if k not in allowed]
        name = d.get("name")
        if not isinstance(name, str) or not NAME.match(name) or name in seen:
            errors.append(f"{w}: name must be a unique [a-z][a-z0-9_]* (at most 20 characters)")
        seen.add(name)
        out.append((w, d))
    return errors, out


def validate(where, test, fixture_names):
    """Errors in a test's drives and netdev; @fixture_names: its fixtures' names."""
    errors, drives = check_named(where, "drives", test.get("drives", []), DRIVE_KEYS)
    for w, d in drives:
        try:
            size_bytes(d.get("size"))
        except ValueError as e:
            errors.append(f"{w}: {e}")
        if "fs" in d and d["fs"] not in FILESYSTEMS:
            errors.append(f"{w}: fs must be one of {', '.join(FILESYSTEMS)}")
        if "tree" in d and ("fs" not in d or not isinstance(d["tree"], str)):
            errors.append(f"{w}: tree (a folder of the tree) needs fs")
        if "readonly" in d and not isinstance(d["readonly"], bool):
            errors.append(f"{w}: readonly must be true or false")
    net = test.get("netdev")
    if net is None:
        return errors
    if not isinstance(net, dict):
        return errors + [f"{where}: netdev must be a table"]
    errors += [f"{where}: netdev: unknown key '{k}'" for k in net if k not in ("hostfwd", "guestfwd")]
    more, fwds = check_named(f"{where}: netdev", "hostfwd", net.get("hostfwd", []),
                             ("name", "proto", "guest"))
    errors += more
    for w, f in fwds:
        if f.get("proto", "tcp") not in PROTOS:
            errors.append(f"{w}: proto must be tcp or udp")
        if not _port(f.get("guest")):
            errors.append(f"{w}: guest must be a port 1..65535")
    for i, f in enumerate(net.get("guestfwd", [])):
        w = f"{where}: netdev.guestfwd[{i}]"
        if not isinstance(f, dict) or set(f) - {"guest", "fixture", "proto"}:
            errors.append(f"{w}: must be {{ guest = \"10.0.2.N:PORT\", fixture = \"name\" }}")
            continue
        if f.get("proto", "tcp") != "tcp":
            errors.append(f"{w}: guestfwd forwards TCP only (UDP: hostfwd udp to the guest)")
        m = GUEST_ADDR.match(str(f.get("guest", "")))
        if not m or not 2 <= int(m.group(1)) <= 254 or not _port(int(m.group(2))):
            errors.append(f"{w}: guest must be an address 10.0.2.N:PORT")
        if f.get("fixture") not in fixture_names:
            errors.append(f"{w}: fixture '{f.get('fixture')}' is not one of the test's fixtures")
    return errors


def _port(p):
    return isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= 65535


def needs(test_table):
    """True when a test (its lab.toml table) attaches anything: it gets its own boot."""
    return bool(test_table.get("drives") or test_table.get("netdev"))


# --- at grade time -----------------------------------------------------------------

def free_port(proto="tcp"):
    """A port on 127.0.0.1 nothing listens on now (the kernel picks it)."""
    kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_drive(spec, folder, root):
    """The image of one drive under @folder; its path."""
    path = pathlib.Path(folder) / f"drive-{spec['name']}.img"
    size = size_bytes(spec["size"])
    with open(path, "wb") as f:
        f.truncate(size)
    if spec.get("fs") == "ext4":
        mkfs = shutil.which("mkfs.ext4") or "/sbin/mkfs.ext4"
        argv = [mkfs, "-q", "-F", "-L", spec["name"], "-E", "root_owner=0:0"]
        if spec.get("tree"):
            argv += ["-d", str(pathlib.Path(root) / spec["tree"])]
        done = subprocess.run(argv + [str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            raise OSError(f"mkfs.ext4 for drive '{spec['name']}' failed: {done.stderr.strip()}")
    return path


def drive_args(name, path, readonly=False):
    """QEMU arguments that attach @path as a virtio-blk disk with serial @name."""
    ro = ",readonly=on" if readonly else ""
    return ["-drive", f"file={path},if=none,id=drive-{name},format=raw{ro}",
            "-device", f"virtio-blk-pci,drive=drive-{name},serial={name}"]


def netdev_args(hostfwd, guestfwd):
    """QEMU arguments of one user-mode network card, restrict=on.
    hostfwd: [(proto, host_port, guest_port)]; guestfwd: [(guest "ip:port", host_port)]."""
    spec = "user,id=net0,restrict=on"
    for proto, host_port, guest_port in hostfwd:
        spec += f",hostfwd={proto}:127.0.0.1:{host_port}-:{guest_port}"
    for guest, host_port in guestfwd:
        # cmd: runs the relay per guest connection (a tcp: device would be one
        # connection made at start-up, shared by all).
        spec += f",guestfwd=tcp:{guest}-cmd:{sys.executable} {RELAY} 127.0.0.1 {host_port}"
    return ["-netdev", spec, "-device", "virtio-net-pci,netdev=net0"]


class Attachments:
    """Drives and network of one boot: build() makes the images and picks the ports
    (adding ${drive_NAME} and ${port_NAME}), qemu_args() says how QEMU attaches them."""

    def __init__(self, tests, folder, root):
        self.tests, self.folder, self.root = tests, pathlib.Path(folder), root
        self.values = {}
        self.args = []

    def build(self, fixture_ports):
        """@fixture_ports: {fixture name: host port} of the fixtures already running."""
        hostfwd, guestfwd = [], []
        for t in self.tests:
            for d in t.drives:
                path = build_drive(d, self.folder, self.root)
                self.values[f"drive_{d['name']}"] = str(path)
                self.args += drive_args(d["name"], path, d.get("readonly", False))
            net = t.netdev or {}
            for f in net.get("hostfwd", []):
                port = free_port(f.get("proto", "tcp"))
                self.values[f"port_{f['name']}"] = port
                hostfwd.append((f.get("proto", "tcp"), port, f["guest"]))
            for f in net.get("guestfwd", []):
                guestfwd.append((f["guest"], fixture_ports[f["fixture"]]))
            if t.netdev is not None:
                self.args += netdev_args(hostfwd, guestfwd)
        return self.values

    def qemu_args(self):
        return list(self.args)
