#!/usr/bin/env python3
"""grading/tcp_relay.py — one guest connection to a host fixture (QEMU guestfwd cmd:).

    tcp_relay.py HOST PORT

QEMU's guestfwd with a `tcp:` device makes one connection at start-up and uses it for
every guest connection; with `cmd:` it runs a program per guest connection, that
connection on its stdin and stdout. This is that program: it connects to HOST:PORT
and copies both ways until both sides are closed.
"""
import os
import socket
import sys
import threading


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    sock = socket.create_connection((host, port))

    def guest_to_host():
        while True:
            data = os.read(0, 65536)
            if not data:
                break
            sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)

    t = threading.Thread(target=guest_to_host, daemon=True)
    t.start()
    while True:
        data = sock.recv(65536)
        if not data:
            break
        os.write(1, data)
    t.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
