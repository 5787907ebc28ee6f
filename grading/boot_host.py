"""grading/boot_host.py — the host side of one boot: fixtures, drives, network, checks.

    host = BootHost(tests, root, variables)
    variables = host.start()        # fixtures listening, drive images built, ports picked
    ... boot with host.qemu_args() added to QEMU's command line ...
    host.apply_checks(outcomes)     # host checks of the tests the guest passed
    host.stop()

start() never raises: when a fixture or an image cannot be made, host.error says why
and the grader fails the boot's tests with that reason instead of booting.
"""
import atexit
import shutil
import tempfile

import attach
import fixtures


class BootHost:
    def __init__(self, tests, root, variables, scale=1.0):
        self.tests, self.root, self.vars, self.scale = tests, root, variables, scale
        self.error = None
        self.folder = None
        self.fixtures = fixtures.Fixtures(tests, root, variables)
        self.attachments = None

    @property
    def needed(self):
        return any(t.drives or t.netdev is not None or t.fixtures or t.checks for t in self.tests)

    def start(self):
        """The variables with ${fixture_*}, ${drive_*} and ${port_*} added."""
        if not self.needed:
            return self.vars
        atexit.register(self.stop)
        self.folder = tempfile.mkdtemp(prefix="larch-grade-host-")
        try:
            values = self.fixtures.start()
            ports = {name[len("fixture_"):]: port for name, port in values.items()}
            self.attachments = attach.Attachments(self.tests, self.folder, self.root)
            values.update(self.attachments.build(ports))
        except OSError as e:
            self.error = f"the host side of the boot could not be set up: {e}"
            return self.vars
        self.vars = self.vars.with_values(**values)
        return self.vars

    def qemu_args(self):
        return self.attachments.qemu_args() if self.attachments else []

    def apply_checks(self, outcomes):
        """Fails, in @outcomes ({name: session.Outcome}), each passed test whose host
        checks do not hold."""
        for t in self.tests:
            o = outcomes.get(t.name)
            if not t.checks or o is None or o.status != "pass" or self.error:
                continue
            problem = fixtures.run_checks(t, self.vars, self.root, self.scale)
            if problem:
                o.status, o.reason, o.expected = "fail", problem[0], problem[1]
                o.context = [("host check output", problem[2])]

    def stop(self):
        self.fixtures.stop()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        atexit.unregister(self.stop)
