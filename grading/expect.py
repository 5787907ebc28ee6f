"""grading/expect.py — expect/send sessions: the grader types lines, the guest answers.

lab.toml key of a test (schema: grading/README.md, "Sessions"):

    session = { start = '^/ # ', shell = ["busybox", "sh"], steps = [
        { send = "echo ${token}", expect = '^${token}$' },
        { send = "ls /data", like_host = true },
    ] }

The session starts at the console line that matches `start` (default: the test's own
`# running NAME` line). Each step types `send` (a template: ${token} and the lab's
variables) and a carriage return on COM1, then waits:

- `expect`: for a console line that matches the regex (variables match literally);
- `like_host = true`: for the command's output to end, and compares it with the output
  of the same command on the host. To know where an output ends without a fixed sleep
  or a prompt pattern, the grader types a second line, `echo MARKER` (a fresh random
  word per step), on both sides; the output is the lines between the command and the
  marker, less the lines that echo what was typed. The host side runs every step's
  command in `shell` (default busybox sh) in a pseudo-terminal, before the boot, with
  the environment the contract tests use (tests/contract/README.md).

A step is done when what it waits for arrived; the next step is typed at once. There is
no timeout of its own: the test's progress timeout (`timeout`) ends a session that
hangs. A test with a session passes only when the guest runs every step and then
prints ok.
"""
import os
import pty
import re
import secrets
import select
import time

from checks import validate_template

STEP_KEYS = ("send", "expect", "like_host")
HOST_TIMEOUT = 10
HOST_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/", "TERM": "vt100", "LANG": "C",
            "PS1": "$ "}


def validate(where, test, names):
    s = test.get("session")
    if s is None:
        return []
    if not isinstance(s, dict):
        return [f"{where}: session must be a table"]
    errors = [f"{where}: session: unknown key '{k}'" for k in s if k not in ("start", "shell", "steps")]
    for key in ("start",):
        if key in s:
            try:
                re.compile(s[key])
            except (re.error, TypeError) as e:
                errors.append(f"{where}: session.{key}: bad regex: {e}")
    if "shell" in s and not (isinstance(s["shell"], list) and s["shell"]
                             and all(isinstance(a, str) for a in s["shell"])):
        errors.append(f"{where}: session.shell must be an argv (a list of strings)")
    steps = s.get("steps")
    if not isinstance(steps, list) or not steps:
        return errors + [f"{where}: session.steps must be a non-empty list"]
    for i, step in enumerate(steps):
        w = f"{where}: session.steps[{i}]"
        if not isinstance(step, dict):
            errors.append(f"{w}: must be a table")
            continue
        errors += [f"{w}: unknown key '{k}'" for k in step if k not in STEP_KEYS]
        if not isinstance(step.get("send"), str):
            errors.append(f"{w}: send (the line to type) is required")
        else:
            errors += validate_template(f"{w}: send", step["send"], names)
        if ("expect" in step) == bool(step.get("like_host")):
            errors.append(f"{w}: a step waits for either expect (a regex) or like_host = true")
        if "expect" in step:
            errors += validate_template(f"{w}: expect", str(step["expect"]), names)
            try:
                re.compile(re.sub(r"\$\{[^}]*\}", "x", str(step["expect"])))
            except re.error as e:
                errors.append(f"{w}: expect: bad regex: {e}")
    return errors


def output_between(lines, typed, marker):
    """The lines a command printed: @lines after it was typed, up to the @marker line,
    without those that echo what was typed (@typed: the lines typed)."""
    out = []
    for line in lines:
        if line.strip() == marker:
            break
        if any(t and line.rstrip().endswith(t) for t in typed):
            continue
        out.append(line.rstrip())
    return out


def host_outputs(shell, commands, scale=1.0):
    """{index: [lines]}: each (index, command, marker) run in @shell in a pty on the host."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(shell[0], shell, HOST_ENV)
        finally:
            os._exit(127)
    results, buf = {}, ""
    try:
        # What the shell prints before its first prompt (a banner) is not a command's.
        commands = [(None, "true", f"larch-{secrets.token_hex(6)}")] + list(commands)
        for index, command, marker in commands:
            os.write(fd, f"{command}\recho {marker}\r".encode())
            lines, deadline = [], time.monotonic() + HOST_TIMEOUT * scale
            while True:
                r, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
                if not r:
                    raise OSError(f"session: the host's {shell[0]} printed nothing for "
                                  f"{HOST_TIMEOUT * scale:g} s after '{command}'")
                try:
                    chunk = os.read(fd, 65536).decode("utf-8", "replace")
                except OSError:
                    raise OSError(f"session: the host's {shell[0]} ended at '{command}'") from None
                deadline = time.monotonic() + HOST_TIMEOUT * scale
                buf += chunk.replace("\r\n", "\n").replace("\r", "\n")
                *done, buf = buf.split("\n")
                lines += done
                if any(line.strip() == marker for line in done):
                    break
            if index is not None:
                results[index] = output_between(lines, [command, f"echo {marker}"], marker)
    finally:
        os.close(fd)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    return results


class Script:
    """One test's session, fed the console line by line (feed() returns what to type)."""

    def __init__(self, test, variables, scale=1.0):
        spec = test.session
        self.name, self.vars = test.name, variables
        self.start = spec.get("start") or rf"^# running {re.escape(test.name)}\b"
        self.steps = []
        for i, step in enumerate(spec["steps"]):
            self.steps.append({"send": variables.render(step["send"]),
                               "expect": variables.render(step["expect"], escape=True)
                               if "expect" in step else None,
                               "marker": f"larch-{secrets.token_hex(6)}"
                               if step.get("like_host") else None})
        wanted = [(i, s["send"], s["marker"]) for i, s in enumerate(self.steps) if s["marker"]]
        self.host = host_outputs(spec.get("shell") or ["busybox", "sh"], wanted, scale) \
            if wanted else {}
        self.index = -1            # -1: not started; len(steps): done
        self.collected = []
        self.problem = None        # the first step that went wrong, in words

    @property
    def done(self):
        return self.index >= len(self.steps)

    def _type(self):
        if self.index >= len(self.steps):
            return None
        step = self.steps[self.index]
        self.collected = []
        text = step["send"] + "\r"
        if step["marker"]:
            text += f"echo {step['marker']}\r"
        return text.encode()

    def feed(self, line):
        """A console line; returns the bytes to type next, or None."""
        if self.problem or self.done:
            return None
        if self.index < 0:
            if re.search(self.start, line):
                self.index = 0
                return self._type()
            return None
        step = self.steps[self.index]
        if step["expect"] is not None:
            if not re.search(step["expect"], line):
                return None
        else:
            self.collected.append(line)
            if line.strip() != step["marker"]:
                return None
            got = output_between(self.collected, [step["send"], f"echo {step['marker']}"],
                                 step["marker"])
            want = self.host[self.index]
            if got != want:
                self.problem = (f"session step {self.index + 1} ('{step['send']}'): the output "
                                f"differs from the host's", want, got)
                return None
        self.index += 1
        return self._type()

    def verdict(self):
        """None when every step ran as it should, else (reason, expected, got lines)."""
        if self.problem:
            return self.problem
        if self.index < 0:
            return (f"the session never started (no console line matched /{self.start}/)",
                    f"/{self.start}/", [])
        if not self.done:
            step = self.steps[self.index]
            want = f"/{step['expect']}/" if step["expect"] else "the command's output and the marker"
            return (f"session step {self.index + 1} ('{step['send']}') never got its answer",
                    want, self.collected[-15:])
        return None
