#!/usr/bin/env python3
"""labs/04-clone/strace_check.py — the host check of lab 04's strace_log test.

    strace_check.py LOG [--threads]     LOG: the boot's kernel log (COM2), ${log} in lab.toml

The test boots with strace=1: init (tid 1) and every task it creates, followed through
fork, vfork, clone and clone3, have every system call logged as strace prints it
(kernel/syscall/strace.hh). The runner starts getpid_family with both libcs; this checks
that the log holds, for each, the lines strace would print: the execve with its argv,
a fork whose child is traced too, a blocking wait4 as "<unfinished ...>" and
"<... wait4 resumed>", errors with their names and texts, and exit_group's "= ?".
With --threads (the runner also starts clone_thread_tgid): a clone with CLONE_THREAD
decoded, whose new thread's own calls are traced, and a thread's exit. Exit status 0
when all are there, else 1 and what is missing.
"""
import re
import sys

LINE = re.compile(r"\[pid (?P<tid>\d+)\] (?P<call>.*)$")

CHECKS = [
    ("the execve of each libc's program, argv decoded",
     r'execve\("/contract/(musl|glibc)/getpid_family", \["getpid_family", "alpha", "two words", ""\], '
     r'0x[0-9a-f]+\) = 0', 2),
    ("a blocking wait4 printed on entry", r"wait4\(-?\d+, (NULL|0x[0-9a-f]+), \S+, NULL <unfinished \.\.\.>$", 1),
    ("and its return", r"<\.\.\. wait4 resumed>\) = \d+$", 1),
    ("an error with its name and text", r"(wait4\(.*|<\.\.\. wait4 resumed>)\) = -1 ECHILD \(No child processes\)$", 1),
    ("kill of a missing pid", r"kill\(\d+, 0\) = -1 ESRCH \(No such process\)$", 2),
    ("exit_group, which does not return", r"exit_group\(\d+\) = \?$", 2),
    ("a write with its buffer quoted", r'write\(1, ".*"(\.\.\.)?, \d+\) = \d+$', 1),
]


THREAD_CHECKS = [
    ("a thread's exit (SYS_exit), which does not return", r"exit\(\d+\) = \?$", 1),
]


def main(argv):
    threads = "--threads" in argv
    argv = [a for a in argv if a != "--threads"]
    if len(argv) != 1:
        print(__doc__.splitlines()[2].strip())
        return 2
    calls = []
    for raw in open(argv[0], errors="replace"):
        m = LINE.search(raw.rstrip("\r\n"))
        if m:
            calls.append((int(m.group("tid")), m.group("call")))
    problems = []
    for what, pattern, least in CHECKS + (THREAD_CHECKS if threads else []):
        n = sum(1 for _, c in calls if re.fullmatch(pattern, c))
        if n < least:
            problems.append(f"{what}: {n} lines match /{pattern}/, want at least {least}")
    # Followed children: a traced fork's result is a tid whose own calls are traced.
    forked = {int(m.group(1)) for _, c in calls for m in [re.fullmatch(r"(?:fork|vfork)\(\) = (\d+)", c)] if m}
    forked |= {int(m.group(1)) for _, c in calls
               for m in [re.fullmatch(r"clone\(.*\) = (\d+)", c)] if m}
    seen = {tid for tid, _ in calls}
    if not forked or not forked & seen:
        problems.append(f"no child of a traced fork or clone has traced calls (children {sorted(forked)[:8]})")
    made = {int(m.group(1)) for _, c in calls
            for m in [re.fullmatch(r"clone\((?:[A-Z_]+\|)*CLONE_THREAD\b.*\) = (\d+)", c)] if m}
    if threads and not made & seen:
        problems.append("no clone(CLONE_VM|...|CLONE_THREAD|...) whose new thread's calls are "
                        f"traced (threads made: {sorted(made)[:8]})")
    if 1 not in seen:
        problems.append("init (tid 1) is not traced")
    print(f"strace_check: {len(calls)} traced calls of {len(seen)} tasks")
    for p in problems:
        print(f"strace_check: missing: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
