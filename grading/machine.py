"""grading/machine.py — one boot of QEMU under the grader's eyes.

QEMU connects, as a client, to three unix sockets the grader listens on: COM1 (the
console: TAP and user output), COM2 (the kernel log) and QMP. It starts paused (-S);
the grader negotiates QMP and then says "cont", so no byte of output and no event can
be missed. Then one loop reads all three until the machine ends:

    exit      QEMU exited by itself: isa-debug-exit (status names from exit_codes.h:
              PASS, FAIL, PANIC) or another status (a QEMU error)
    reset     a triple fault or a reset request: QMP SHUTDOWN reason "guest-reset"
              (-no-reboot turns the reset into a shutdown) or a RESET event
    poweroff  a clean ACPI power-off: SHUTDOWN reason "guest-shutdown"
    timeout   no output on either serial port for the progress timeout
    limit     the caller's hard limit or deadline passed (e.g. runner never started)

Nothing waits out a timeout once the machine has ended: QEMU's exit closes the sockets.
The caller (grading/session.py) sees every line as it arrives through a listener:
    on_console(text, now) -> bytes to send on COM1, or None
    on_log(text, now)
    deadline(now, last_output) -> (time, kind, detail) or None: when to give up, and why
"""
import json
import os
import pathlib
import select
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from qemu_exit import status_name

START_TIMEOUT = 10.0   # seconds for QEMU to connect its sockets


@dataclass
class BootEnd:
    kind: str                       # exit | reset | poweroff | timeout | limit | qemu-error
    status: int = None              # QEMU's exit status when it exited
    code: str = None                # PASS / FAIL / PANIC / ... when a debug-exit status
    detail: str = ""                # a human-readable reason
    events: list = field(default_factory=list)   # QMP events (dicts)
    duration: float = 0.0
    qemu_stderr: str = ""


class _Stream:
    """Bytes from one socket, cut into lines; every byte is also saved to @path."""

    def __init__(self, sock, path, on_line):
        self.sock, self.buf, self.on_line = sock, b"", on_line
        self.file = open(path, "wb")
        self.open = True

    def read(self, now):
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, BlockingIOError):
            data = b""
        if not data:
            self.close(now)
            return False
        self.file.write(data)
        self.buf += data
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            self.on_line(line.decode("utf-8", "replace").rstrip("\r"), now)
        return True

    def close(self, now):
        if not self.open:
            return
        self.open = False
        if self.buf:
            self.on_line(self.buf.decode("utf-8", "replace").rstrip("\r"), now)
            self.buf = b""
        self.file.close()
        self.sock.close()


class _Qmp:
    def __init__(self, sock):
        self.sock, self.buf, self.events, self.open = sock, b"", [], True

    def messages(self, block_until=None):
        """Reads what is there; returns complete JSON messages."""
        out = []
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, BlockingIOError):
            data = b""
        if not data:
            self.open = False
            return out
        self.buf += data
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        for msg in out:
            if "event" in msg:
                self.events.append(msg)
        return out

    def command(self, name, deadline):
        self.sock.sendall(json.dumps({"execute": name}).encode() + b"\n")
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.sock], [], [], max(0.0, deadline - time.monotonic()))
            if not r:
                break
            for msg in self.messages():
                if "return" in msg or "error" in msg:
                    return msg
            if not self.open:
                break
        return None

    def greeting(self, deadline):
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.sock], [], [], max(0.0, deadline - time.monotonic()))
            if not r:
                return False
            if any("QMP" in m for m in self.messages()):
                return True
            if not self.open:
                return False
        return False


def _end_from_events(events):
    for e in events:
        name, data = e.get("event"), e.get("data", {})
        if name == "SHUTDOWN" and data.get("reason") == "guest-reset":
            return "reset", "the machine reset (triple fault or reset request): no panic report"
        if name == "RESET" and data.get("guest", True):
            return "reset", "the machine reset (triple fault or reset request): no panic report"
        if name == "GUEST_PANICKED":
            return "reset", "the guest reported a panic to the hypervisor"
        if name == "SHUTDOWN" and data.get("reason") == "guest-shutdown":
            return "poweroff", "the machine powered off (ACPI; init does at the end of a run)"
    return None


def boot(build_argv, listener, out_prefix):
    """Boots once. @build_argv(sockets) returns QEMU's argv given the socket paths;
    output goes to @out_prefix.console.txt / .log.txt / .qemu.txt. Returns a BootEnd."""
    out_prefix = pathlib.Path(out_prefix)
    out_prefix.parent.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    if hasattr(listener, "on_start"):
        listener.on_start(start)        # deadlines count from QEMU's start
    with tempfile.TemporaryDirectory(prefix="larch-grade-") as tmp:
        paths = {n: os.path.join(tmp, n) for n in ("console", "log", "qmp")}
        servers = {}
        for name, path in paths.items():
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(path)
            s.listen(1)
            servers[name] = s
        argv = build_argv(paths)
        errfile = open(str(out_prefix) + ".qemu.txt", "w+")
        errfile.write("$ " + " ".join(argv) + "\n")
        errfile.flush()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=errfile,
                                stderr=subprocess.STDOUT)
        try:
            return _run(proc, servers, listener, out_prefix, start, errfile)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for s in servers.values():
                s.close()
            errfile.close()


def _stderr(errfile):
    errfile.flush()
    errfile.seek(0)
    lines = errfile.read().splitlines()[1:]
    return "\n".join(lines[-20:])


def _run(proc, servers, listener, out_prefix, start, errfile):
    conns = {}
    deadline = time.monotonic() + START_TIMEOUT
    pending = dict(servers)
    while pending and time.monotonic() < deadline:
        r, _, _ = select.select(list(pending.values()), [], [], 0.2)
        for s in r:
            name = next(n for n, v in pending.items() if v is s)
            conns[name], _ = s.accept()
            del pending[name]
        if proc.poll() is not None and pending:
            break
    if pending:
        proc.kill()
        proc.wait()
        return BootEnd("qemu-error", status=proc.returncode, duration=time.monotonic() - start,
                       detail="QEMU did not start: " + (_stderr(errfile) or "no output"),
                       qemu_stderr=_stderr(errfile))

    qmp = _Qmp(conns["qmp"])
    t = time.monotonic() + START_TIMEOUT
    if not qmp.greeting(t) or not qmp.command("qmp_capabilities", t) or not qmp.command("cont", t):
        return BootEnd("qemu-error", status=proc.poll(), duration=time.monotonic() - start,
                       detail="QMP did not answer: " + (_stderr(errfile) or "no output"),
                       qemu_stderr=_stderr(errfile))

    console = _Stream(conns["console"], str(out_prefix) + ".console.txt", None)
    log = _Stream(conns["log"], str(out_prefix) + ".log.txt", listener.on_log)

    def on_console(text, now):
        reply = listener.on_console(text, now)
        if reply and console.open:
            try:
                console.sock.sendall(reply)
            except OSError:
                pass
    console.on_line = on_console

    last_output = time.monotonic()
    end = None
    while console.open or log.open:
        now = time.monotonic()
        want = listener.deadline(now, last_output)
        socks = [s.sock for s in (console, log) if s.open] + ([qmp.sock] if qmp.open else [])
        wait = 1.0 if want is None else max(0.0, min(1.0, want[0] - now))
        r, _, _ = select.select(socks, [], [], wait)
        now = time.monotonic()
        for stream in (console, log):
            if stream.open and stream.sock in r:
                if stream.read(now):
                    last_output = now
        if qmp.open and qmp.sock in r:
            qmp.messages()
        if not r:
            want = listener.deadline(now, last_output)
            if want is not None and now >= want[0]:
                end = BootEnd(want[1], detail=want[2])
                break
        if proc.poll() is not None and not r:
            break           # exited; the sockets may still hold data: drained next turn
    # Drain whatever is left (QEMU exited or we gave up).
    if end is not None:
        proc.kill()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    now = time.monotonic()
    for stream in (console, log):
        while stream.open:
            r, _, _ = select.select([stream.sock], [], [], 0.5)
            if not r or not stream.read(now):
                stream.close(now)
    while qmp.open:
        r, _, _ = select.select([qmp.sock], [], [], 0.2)
        if not r:
            break
        qmp.messages()
    conns["qmp"].close()

    duration = time.monotonic() - start
    stderr = _stderr(errfile)
    if end is not None:
        end.events, end.duration, end.qemu_stderr = qmp.events, duration, stderr
        return end
    status = proc.returncode
    code = status_name(status)
    if code:
        return BootEnd("exit", status=status, code=code, events=qmp.events, duration=duration,
                       detail=f"the kernel ended the run with EXIT_CODE_{code}",
                       qemu_stderr=stderr)
    from_events = _end_from_events(qmp.events)
    if from_events and status == 0:
        return BootEnd(from_events[0], status=status, detail=from_events[1], events=qmp.events,
                       duration=duration, qemu_stderr=stderr)
    return BootEnd("qemu-error", status=status, events=qmp.events, duration=duration,
                   detail=f"QEMU exited with status {status}" + (f": {stderr}" if stderr else ""),
                   qemu_stderr=stderr)
