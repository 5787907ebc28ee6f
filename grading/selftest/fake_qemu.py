#!/usr/bin/env python3
"""grading/selftest/fake_qemu.py — a stand-in for qemu-system-x86_64 in the grader's tests.

It takes the same argv the grader builds (tools/qemu.py, sockets + -S + PVH -append),
connects to the grader's sockets, speaks enough QMP (greeting, qmp_capabilities, cont),
then plays a small in-kernel test runner: for each name in test=a,b,c it does what the
scenario says (JSON in $FAKE_SCENARIO, test name -> behaviour):

    {"ok": true, "values": {"k": "v"}}         ok N - name, after "# value k=v" lines
    {"ok": false, "reason": "r"}               not ok N - name # r
    {"panic": "message"}                       kernel panic: exit status of EXIT_CODE_PANIC
    "log": ["lines"] beside any of these       kernel-log lines once the test is running
    {"reset": true}                            QMP SHUTDOWN guest-reset, exit 0
    {"poweroff": true}                         QMP SHUTDOWN guest-shutdown, exit 0
    {"hang": true}                             print nothing more, wait to be killed
    {"input": true}                            "# waiting for input", read a line, value input=
    {"spew": true}                             print a line every 0.1 s forever
    {"progress": [[n, m], ...], "every": s}    "# progress n/m" lines, s seconds apart
    (absent)                                   "# unknown test 'name'"
Special keys: "_boot": "no-runner" (banner only, then silence), "_banner": [lines],
"_boot_log": [seconds, n] (n kernel-log lines, seconds apart, before the runner starts).
Each boot appends its command line to $FAKE_BOOTS (one per line) when that is set.
"""
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import qemu  # noqa: E402


def arg_after(flag):
    return sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else None


def main():
    paths = {}
    for i, a in enumerate(sys.argv):
        if a == "-chardev":
            spec = dict(kv.split("=", 1) for kv in sys.argv[i + 1].split(",")[1:])
            paths[spec["id"].replace("larch-", "")] = spec["path"]
    cmdline = arg_after("-append") or ""
    if os.environ.get("FAKE_BOOTS"):
        with open(os.environ["FAKE_BOOTS"], "a") as f:
            f.write(cmdline + "\n")
    scenario = json.loads(os.environ.get("FAKE_SCENARIO", "{}"))
    socks = {}
    for name, path in paths.items():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        socks[name] = s
    qmp = socks["qmp"]
    qmp.sendall(b'{"QMP": {"version": {}, "capabilities": []}}\n')
    qf = qmp.makefile("rb")
    for _ in range(2):                      # qmp_capabilities, then cont
        json.loads(qf.readline())
        qmp.sendall(b'{"return": {}}\n')
    qmp.sendall(b'{"event": "RESUME", "data": {}}\n')

    con, log = socks["console"], socks["log"]
    cf = con.makefile("rb")

    def say(text):
        con.sendall(text.encode() + b"\r\n")

    def klog(text):
        log.sendall(text.encode() + b"\n")

    def event_exit(reason):
        qmp.sendall(json.dumps({"event": "SHUTDOWN", "data": {"guest": True, "reason": reason}})
                    .encode() + b"\n")
        time.sleep(0.05)
        sys.exit(0)

    for line in scenario.get("_banner", ["", "Larch kernel (x86_64) booted by fake",
                                         "memory: 261627 KiB usable (255 MiB)"]):
        say(line)
    klog("boot: fake kernel up")
    pause, count = scenario.get("_boot_log", [0, 0])
    for i in range(count):                  # a slow boot that keeps printing
        time.sleep(pause)
        klog(f"boot: step {i}")
    if scenario.get("_boot") == "no-runner":
        time.sleep(3600)
    words = dict(w.split("=", 1) for w in cmdline.split() if "=" in w)
    names = [n for n in words.get("test", "").split(",") if n]
    known = [n for n in names if n in scenario]
    say("TAP version 14")
    say(f"1..{len(known)}")
    failed = 0
    for n, name in enumerate(known, 1):
        b = scenario[name]
        say(f"# running {name} (00-fake)")
        for k, v in b.get("values", {}).items():
            say(f"# value {k}={v}")
        for text in b.get("log", []):
            klog(text)
        if "panic" in b:
            klog(f"kernel panic on cpu 0: {b['panic']}")
            say(f"kernel panic: {b['panic']}")
            sys.exit(qemu.qemu_status("PANIC"))
        if b.get("reset"):
            event_exit("guest-reset")
        if b.get("poweroff"):
            event_exit("guest-shutdown")
        if b.get("hang"):
            time.sleep(3600)
        for step, total in b.get("progress", []):
            time.sleep(b.get("every", 0.1))
            say(f"# progress {step}/{total}: working")
        if b.get("spew"):
            while True:
                say("# still busy")
                time.sleep(0.1)
        if b.get("input"):
            say("# waiting for input")
            got = b""
            while not got.endswith((b"\r", b"\n")):      # a terminal sends \r
                got += cf.read(1)
            got = got.decode().strip()
            say(f"# value input={got}")
        if b.get("ok", True):
            say(f"ok {n} - {name}")
        else:
            failed += 1
            say(f"not ok {n} - {name} # {b.get('reason', 'failed')}")
    for name in names:
        if name not in scenario:
            failed += 1
            say(f"# unknown test '{name}'")
    say(f"# {len(known) - failed} passed, {failed} failed")
    sys.exit(qemu.qemu_status("FAIL" if failed else "PASS"))


if __name__ == "__main__":
    main()
