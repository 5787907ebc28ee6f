"""The lab.toml keys of later labs, against real programs: drives and netdev in a real
QEMU (QMP query-block, `info usernet`, a TCP connection through hostfwd), fixtures
reached over TCP, e2fsck as a host check on a built image, sessions against a real
shell in a pseudo-terminal, and the whole path through the grader with the fake QEMU."""
import json
import os
import pathlib
import pty
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
from types import SimpleNamespace

import attach
import boot_host
import expect
import fixtures
import labconf
from checks import Vars
from test_boots import FakeRun, ok_test

ROOT = pathlib.Path(__file__).resolve().parents[2]
HAVE_QEMU = shutil.which("qemu-system-x86_64") is not None
HAVE_MKFS = shutil.which("mkfs.ext4") is not None and shutil.which("e2fsck") is not None
HAVE_BUSYBOX = shutil.which("busybox") is not None


def test_of(**keys):
    base = dict(name="t", drives=[], netdev=None, fixtures=[], checks=[], session=None)
    base.update(keys)
    return SimpleNamespace(**base)


class Qmp:
    """A QMP client on a unix socket QEMU listens on."""

    def __init__(self, path, deadline):
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.file = self.sock.makefile("rb")
        json.loads(self.file.readline())                   # greeting
        self.call("qmp_capabilities")

    def call(self, name, **args):
        self.sock.sendall(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        while True:
            msg = json.loads(self.file.readline())
            if "return" in msg or "error" in msg:
                return msg

    def close(self):
        self.file.close()
        self.sock.close()


@unittest.skipUnless(HAVE_QEMU and HAVE_MKFS, "needs qemu-system-x86_64 and e2fsprogs")
class RealQemuAttachments(unittest.TestCase):
    def test_drives_and_network_reach_qemu(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            (tmp / "tree").mkdir()
            (tmp / "tree" / "hello.txt").write_text("hello\n")
            t = test_of(drives=[{"name": "disk", "size": "8M", "fs": "ext4", "tree": "tree"},
                                {"name": "ro", "size": "1M", "readonly": True}],
                        netdev={"hostfwd": [{"name": "web", "proto": "tcp", "guest": 80},
                                            {"name": "echo", "proto": "udp", "guest": 7}],
                                "guestfwd": [{"guest": "10.0.2.100:80", "fixture": "http"}]})
            a = attach.Attachments([t], tmp, tmp)
            values = a.build({"http": attach.free_port()})
            self.assertEqual(set(values), {"drive_disk", "drive_ro", "port_web", "port_echo"})
            qmp_path = str(tmp / "qmp.sock")
            argv = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-display", "none",
                    "-nodefaults", "-S", "-qmp", f"unix:{qmp_path},server=on,wait=off"]
            proc = subprocess.Popen(argv + a.qemu_args(), stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            try:
                qmp = Qmp(qmp_path, time.monotonic() + 20)
                blocks = {b["device"]: b for b in qmp.call("query-block")["return"]}
                self.assertEqual(blocks["drive-disk"]["inserted"]["file"], values["drive_disk"])
                self.assertFalse(blocks["drive-disk"]["inserted"]["ro"])
                self.assertTrue(blocks["drive-ro"]["inserted"]["ro"])
                usernet = qmp.call("human-monitor-command",
                                   **{"command-line": "info usernet"})["return"]
                self.assertRegex(usernet, rf"TCP\[HOST_FORWARD\].*127\.0\.0\.1\s+{values['port_web']}\b")
                self.assertRegex(usernet, rf"UDP\[HOST_FORWARD\].*127\.0\.0\.1\s+{values['port_echo']}\b")
                # The host side of a forward with nothing behind it in the guest still
                # accepts the connection: the port is QEMU's.
                with socket.create_connection(("127.0.0.1", values["port_web"]), timeout=5):
                    pass
                qmp.call("quit")
                qmp.close()
                proc.wait(timeout=20)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            # The image holds the tree, and e2fsck (the host check of lab 06) finds it clean.
            listing = subprocess.run(["debugfs", "-R", "ls -l /", values["drive_disk"]],
                                     capture_output=True, text=True).stdout
            self.assertIn("hello.txt", listing)

    def test_restrict_is_on(self):
        args = attach.netdev_args([("tcp", 1234, 80)], [("10.0.2.100:80", 4321)])
        self.assertTrue(args[1].startswith("user,id=net0,restrict=on,"
                                           "hostfwd=tcp:127.0.0.1:1234-:80,"
                                           "guestfwd=tcp:10.0.2.100:80-cmd:"), args[1])
        self.assertTrue(args[1].endswith("tcp_relay.py 127.0.0.1 4321"), args[1])

    def test_relay_reaches_a_fixture(self):
        t = test_of(fixtures=[{"name": "echo", "kind": "tcp-echo"}])
        with fixtures.Fixtures([t], ROOT, Vars()) as f:
            done = subprocess.run([sys.executable, str(attach.RELAY), "127.0.0.1",
                                   str(f.ports["echo"])], input=b"through the relay\n",
                                  capture_output=True, timeout=20)
        self.assertEqual(done.stdout, b"through the relay\n")


class Fixtures(unittest.TestCase):
    def test_http_echo_and_command_fixtures_are_reachable(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            (root / "www").mkdir()
            (root / "www" / "index.txt").write_text("from the fixture\n")
            t = test_of(fixtures=[
                {"name": "http", "kind": "http", "root": "www"},
                {"name": "echo", "kind": "tcp-echo"},
                {"name": "cmd", "kind": "command",
                 "run": ["python3", "-m", "http.server", "--bind", "127.0.0.1", "${fixture_cmd}",
                         "--directory", "www"]}])
            with fixtures.Fixtures([t], root, Vars()) as f:
                ports = f.ports
                for name in ("http", "cmd"):
                    url = f"http://127.0.0.1:{ports[name]}/index.txt"
                    with urllib.request.urlopen(url, timeout=10) as r:
                        self.assertEqual(r.read(), b"from the fixture\n")
                with socket.create_connection(("127.0.0.1", ports["echo"]), timeout=5) as s:
                    s.sendall(b"ping\n")
                    self.assertEqual(s.recv(100), b"ping\n")
            with self.assertRaises(OSError):         # stopped with the boot
                socket.create_connection(("127.0.0.1", ports["echo"]), timeout=2)

    def test_a_command_that_never_listens(self):
        t = test_of(fixtures=[{"name": "bad", "kind": "command", "run": ["false"]}])
        with self.assertRaisesRegex(OSError, "did not listen"):
            with fixtures.Fixtures([t], ROOT, Vars()):
                pass


@unittest.skipUnless(HAVE_MKFS, "needs e2fsprogs")
class HostChecks(unittest.TestCase):
    def test_e2fsck_clean_and_corrupt(self):
        with tempfile.TemporaryDirectory() as tmp:
            t = test_of(drives=[{"name": "disk", "size": "8M", "fs": "ext4"}],
                        checks=[{"run": ["e2fsck", "-fn", "${drive_disk}"], "status": 0}])
            image = attach.build_drive(t.drives[0], tmp, tmp)
            variables = Vars({"drive_disk": str(image)})
            self.assertIsNone(fixtures.run_checks(t, variables, tmp))
            with open(image, "r+b") as f:            # the superblock's magic
                f.seek(1024 + 0x38)
                f.write(b"\0\0")
            reason, expected, output = fixtures.run_checks(t, variables, tmp)
            self.assertIn("e2fsck -fn", reason)
            self.assertIn("exited with", reason)
            self.assertEqual(expected, "exit status 0")
            self.assertTrue(output)

    def test_output_pattern_and_missing_program(self):
        t = test_of(checks=[{"run": ["echo", "all good"], "output": "^all good$"}])
        self.assertIsNone(fixtures.run_checks(t, Vars(), ROOT))
        t = test_of(checks=[{"run": ["echo", "bad"], "output": "^all good$"}])
        self.assertIn("did not print", fixtures.run_checks(t, Vars(), ROOT)[0])
        t = test_of(checks=[{"run": ["no-such-program-here"]}])
        self.assertIn("not installed", fixtures.run_checks(t, Vars(), ROOT)[0])


def play(script, guest_argv, env):
    """Runs @script against a real shell in a pty, as the guest; the console lines."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(guest_argv[0], guest_argv, env)
    lines, buf = [], ""
    script_reply = script.feed("# running t (00-fake)")
    os.write(fd, script_reply)
    deadline = time.monotonic() + 20
    try:
        while not script.done and not script.problem and time.monotonic() < deadline:
            r, _, _ = select.select([fd], [], [], 1)
            if not r:
                continue
            buf += os.read(fd, 65536).decode("utf-8", "replace").replace("\r\n", "\n")
            *done, buf = buf.split("\n")
            for line in done:
                lines.append(line)
                reply = script.feed(line.rstrip("\r"))
                if reply:
                    os.write(fd, reply)
    finally:
        os.close(fd)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    return lines


@unittest.skipUnless(HAVE_BUSYBOX, "needs busybox")
class Sessions(unittest.TestCase):
    SPEC = {"steps": [{"send": "echo word-${token}", "expect": "^word-${token}$"},
                      {"send": "printf 'a\\nb\\n'; echo $GUESTY", "like_host": True}]}

    def script(self):
        return expect.Script(test_of(session=self.SPEC), Vars({"token": "k3j9x0"}))

    def test_host_transcript(self):
        s = self.script()
        self.assertEqual(s.host, {1: ["a", "b", ""]})     # no GUESTY on the host

    def test_a_guest_that_answers_like_the_host(self):
        s = self.script()
        play(s, ["busybox", "sh"], expect.HOST_ENV)
        self.assertIsNone(s.verdict())

    def test_a_guest_that_differs(self):
        s = self.script()
        play(s, ["busybox", "sh"], dict(expect.HOST_ENV, GUESTY="different"))
        reason, expected, got = s.verdict()
        self.assertIn("session step 2", reason)
        self.assertIn("differs from the host's", reason)
        self.assertEqual(got, ["a", "b", "different"])

    def test_a_guest_that_never_answers(self):
        s = self.script()
        s.feed("# running t (00-fake)")
        s.feed("something else")
        self.assertIn("never got its answer", s.verdict()[0])
        self.assertIn("never started",
                      expect.Script(test_of(session=self.SPEC), Vars({"token": "x"})).verdict()[0])


class Validation(unittest.TestCase):
    BASE = '[lab]\nid = "00-fake"\ntitle = "t"\nstatus = "ready"\n[vars]\ntoken = "token"\n' \
           '[[test]]\nname = "t"\npoints = 1\n'

    def errors(self, extra):
        import tomllib
        return labconf.validate_data(tomllib.loads(self.BASE + extra), "lab.toml", "00-fake")

    def test_good_keys(self):
        self.assertEqual(self.errors(
            'drives = [{ name = "disk", size = "32M", fs = "ext4", tree = "t" }]\n'
            'fixtures = [{ name = "http", kind = "http", root = "www" }]\n'
            'netdev = { hostfwd = [{ name = "web", proto = "tcp", guest = 80 }], '
            'guestfwd = [{ guest = "10.0.2.100:80", fixture = "http" }] }\n'
            'checks = [{ run = ["e2fsck", "-fn", "${drive_disk}"] }, { run = ["cat", "${log}"] }]\n'
            'session = { steps = [{ send = "wget -qO- 10.0.2.100/ ${port_web} ${fixture_http}", '
            'like_host = true }] }\n'), [])

    def test_bad_keys(self):
        for extra, fragment in [
                ('drives = [{ name = "disk", size = "lots" }]', "size must be"),
                ('drives = [{ name = "d", size = "1M" }, { name = "d", size = "1M" }]', "unique"),
                ('drives = [{ name = "d", size = "1M", fs = "vfat" }]', "fs must be"),
                ('netdev = { hostfwd = [{ name = "w", proto = "sctp", guest = 80 }] }', "tcp or udp"),
                ('netdev = { guestfwd = [{ guest = "10.0.2.100:80", fixture = "nope" }] }',
                 "not one of the test's fixtures"),
                ('netdev = { guestfwd = [{ guest = "10.0.2.100:53", fixture = "f", proto = "udp" }] }\n'
                 'fixtures = [{ name = "f", kind = "tcp-echo" }]', "TCP only"),
                ('fixtures = [{ name = "f", kind = "ftp" }]', "kind must be"),
                ('checks = [{ run = ["e2fsck", "${drive_nope}"] }]', "drive_nope"),
                ('session = { steps = [{ send = "ls" }] }', "either expect"),
                ('session = { steps = [] }', "non-empty"),
                ('expect = "panic"\npatterns = ["x"]\ndrives = [{ name = "d", size = "1M" }]',
                 'belong to expect = "ok"'),
                ('tier = "long"\nsession = { steps = [{ send = "${nope}", expect = "x" }] }',
                 "nope")]:
            errs = self.errors(extra + "\n")
            self.assertTrue(any(fragment in e for e in errs), f"{extra}: no '{fragment}' in {errs}")


@unittest.skipUnless(HAVE_MKFS, "needs e2fsprogs")
class ThroughTheGrader(unittest.TestCase):
    """BootHost wired into grade.py: its own boot, QEMU arguments, checks judged."""

    def test_checks_fixtures_and_drives_in_a_grading_run(self):
        extra = ('drives = [{ name = "disk", size = "4M", fs = "ext4" }]\n'
                 'fixtures = [{ name = "echo", kind = "tcp-echo" }]\n'
                 'netdev = { hostfwd = [{ name = "web", proto = "tcp", guest = 80 }], '
                 'guestfwd = [{ guest = "10.0.2.100:7", fixture = "echo" }] }\n'
                 'checks = [{ run = ["e2fsck", "-fn", "${drive_disk}"] }]')
        bad = 'checks = [{ run = ["sh", "-c", "echo nope; exit 3"] }]'
        run = FakeRun(ok_test("plain") + ok_test("io", extra) + ok_test("bad_check", bad),
                      {"plain": {}, "io": {}, "bad_check": {}})
        self.assertTrue(run.result("plain").passed)
        self.assertTrue(run.result("io").passed, run.reason("io"))
        self.assertIn("exited with 3", run.reason("bad_check"))
        self.assertEqual(len(run.cmdlines), 3)      # a host side means a boot of its own
        io_boot = next(b for b in run.grader.boots if b["tests"] == ["io"])
        self.assertEqual(io_boot["end"], "exit")

    def test_checks_read_the_boot_captures(self):
        """${log} and ${console} are this boot's COM2 and COM1 captures (lab 04's
        strace_threads reads the kernel log)."""
        checks = ('checks = [{ run = ["test", "-f", "${log}"] }, '
                  '{ run = ["test", "-f", "${console}"] }, '
                  '{ run = ["echo", "${log} ${console}"], output = "log[.]txt .*console[.]txt" }]')
        run = FakeRun(ok_test("captures", checks), {"captures": {}})
        self.assertTrue(run.result("captures").passed, run.reason("captures"))

    def test_a_fixture_that_fails_fails_its_test_without_booting(self):
        bad = 'fixtures = [{ name = "f", kind = "command", run = ["false"] }]'
        run = FakeRun(ok_test("f", bad), {"f": {}})
        self.assertIn("could not be set up", run.reason("f"))
        self.assertEqual(run.cmdlines, [])


class BootHostArgs(unittest.TestCase):
    def test_no_host_side_no_arguments(self):
        host = boot_host.BootHost([test_of()], ROOT, Vars())
        self.assertIs(host.start(), host.vars)
        self.assertEqual(host.qemu_args(), [])
        host.stop()


if __name__ == "__main__":
    unittest.main()
