"""grading/qemu_exit.py — what QEMU's exit status says about how a boot ended.

The numbers live in one place, kernel/lib/exit_codes.h, which the kernel includes and
tools/qemu.py parses; this module only names the statuses for the grader:

    status_name(33) -> "PASS"   (the kernel wrote EXIT_CODE_PASS to isa-debug-exit)
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tools"))
import qemu  # noqa: E402  (tools/qemu.py: the one QEMU definition)


def statuses():
    """{QEMU exit status: code name} for every EXIT_CODE_* in exit_codes.h."""
    return {(value << 1) | 1: name[len("EXIT_CODE_"):]
            for name, value in qemu.exit_codes().items() if name.startswith("EXIT_CODE_")}


def status_name(status):
    """"PASS", "FAIL", "PANIC", ... or None when @status is not a debug-exit status."""
    return statuses().get(status)
