"""grading/fixtures.py — host programs around a boot: fixtures before it, checks after it.

lab.toml keys of a test (schema: grading/README.md, "Fixtures and host checks"):

    fixtures = [{ name = "http", kind = "http", root = "tests/net/www" },
                { name = "echo", kind = "tcp-echo" },
                { name = "srv", kind = "command", run = ["python3", "x.py", "${fixture_srv}"] }]
    checks = [{ run = ["e2fsck", "-fn", "${drive_disk}"], status = 0, output = "clean" }]

A fixture listens on 127.0.0.1, on a free port the grader picks (the variable
${fixture_NAME}); the boot starts only once it accepts connections (no fixed sleep),
and it stops when the boot ends. Kinds: `http` serves a folder of the tree (GET and
HEAD), `tcp-echo` sends back what it reads, `command` runs a program that must listen
on ${fixture_NAME} within 10 s. The guest reaches a fixture through netdev.guestfwd
(grading/attach.py).

A check runs on the host after the boot, only for a test the guest passed: `run` (an
argv; ${...} allowed: ${drive_NAME} is a drive's image) must exit with `status`
(default 0) and, with `output`, print something that matches that regex. A failed
check fails the test with the check's output as context.
"""
import functools
import http.server
import os
import pathlib
import re
import socket
import socketserver
import subprocess
import threading
import time

from attach import check_named, free_port
from checks import validate_template

KINDS = ("http", "tcp-echo", "command")
READY_TIMEOUT = 10
CHECK_TIMEOUT = 120


# --- validation --------------------------------------------------------------------

def validate(where, test, names):
    """Errors in a test's fixtures and checks; @names: the variables it may use."""
    errors, fixtures = check_named(where, "fixtures", test.get("fixtures", []),
                                   ("name", "kind", "root", "run"))
    for w, f in fixtures:
        kind = f.get("kind")
        if kind not in KINDS:
            errors.append(f"{w}: kind must be one of {', '.join(KINDS)}")
        if kind == "http" and not isinstance(f.get("root"), str):
            errors.append(f"{w}: an http fixture needs root (a folder of the tree)")
        if kind == "command":
            errors += _check_argv(w, f.get("run"), names)
    checks = test.get("checks", [])
    if not isinstance(checks, list) or not all(isinstance(c, dict) for c in checks):
        return errors + [f"{where}: checks must be a list of tables"]
    for i, c in enumerate(checks):
        w = f"{where}: checks[{i}]"
        errors += [f"{w}: unknown key '{k}'" for k in c if k not in ("run", "status", "output")]
        errors += _check_argv(w, c.get("run"), names)
        if "status" in c and not (isinstance(c["status"], int) and 0 <= c["status"] <= 255):
            errors.append(f"{w}: status must be an exit status 0..255")
        if "output" in c:
            try:
                re.compile(str(c["output"]))
            except re.error as e:
                errors.append(f"{w}: output: bad regex: {e}")
    return errors


def _check_argv(where, argv, names):
    if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
        return [f"{where}: run must be a non-empty list of strings (an argv)"]
    return [e for a in argv for e in validate_template(f"{where}: run", a, names)]


def variable_names(test):
    """The variables a test's fixtures add: fixture_NAME."""
    return {f"fixture_{f['name']}" for f in test.get("fixtures", []) if isinstance(f, dict)
            and isinstance(f.get("name"), str)}


# --- fixtures ----------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            self.request.sendall(data)


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def wait_listening(port, deadline, proc=None):
    """True once something accepts TCP connections on 127.0.0.1:@port."""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)       # polling a port that is not open yet; not a fixed wait
    return False


class Fixtures:
    """The fixtures of one boot: start() before it, stop() after (a context manager)."""

    def __init__(self, tests, root, variables):
        self.specs = [f for t in tests for f in t.fixtures]
        self.root, self.vars = pathlib.Path(root), variables
        self.ports, self.servers, self.procs = {}, [], []

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        """Starts every fixture; returns {fixture_NAME: port}. OSError when one does
        not come up."""
        for f in self.specs:
            self.ports[f["name"]] = free_port()
        values = {f"fixture_{n}": p for n, p in self.ports.items()}
        variables = self.vars.with_values(**values)
        for f in self.specs:
            port = self.ports[f["name"]]
            if f["kind"] == "command":
                argv = [variables.render(a) for a in f["run"]]
                proc = subprocess.Popen(argv, cwd=self.root, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
                self.procs.append(proc)
                if not wait_listening(port, time.monotonic() + READY_TIMEOUT, proc):
                    raise OSError(f"fixture '{f['name']}' ({' '.join(argv)}) did not listen "
                                  f"on port {port} within {READY_TIMEOUT} s")
                continue
            if f["kind"] == "http":
                handler = functools.partial(_Quiet, directory=str(self.root / f["root"]))
            else:
                handler = _Echo
            server = _Server(("127.0.0.1", port), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
        return values

    def stop(self):
        for server in self.servers:
            server.shutdown()
            server.server_close()
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, 15)
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, 9)
                    proc.wait()
            if proc.stderr:
                proc.stderr.close()
        self.servers, self.procs = [], []


# --- checks after the boot -----------------------------------------------------------

def run_checks(test, variables, root, scale=1.0):
    """None when every check of @test holds, else (reason, expected, output lines)."""
    for c in test.checks:
        argv = [variables.render(a) for a in c["run"]]
        shown = " ".join(argv)
        try:
            done = subprocess.run(argv, cwd=root, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, errors="replace", timeout=CHECK_TIMEOUT * scale)
        except FileNotFoundError:
            return (f"host check: {argv[0]} is not installed", shown, [])
        except subprocess.TimeoutExpired:
            return (f"host check: {shown} ran longer than {CHECK_TIMEOUT * scale:g} s", shown, [])
        output = (done.stdout + done.stderr).splitlines()
        want = c.get("status", 0)
        if done.returncode != want:
            return (f"host check: {shown} exited with {done.returncode}",
                    f"exit status {want}", output[-15:])
        if "output" in c and not re.search(c["output"], done.stdout + done.stderr, re.MULTILINE):
            return (f"host check: {shown} did not print what it should",
                    f"/{c['output']}/", output[-15:])
    return None
