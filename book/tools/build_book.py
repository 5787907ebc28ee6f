#!/usr/bin/env python3
"""book/tools/build_book.py — builds the book's HTML from a source tree.

    build_book.py [--root .] [--out build/book] [--strict]

Steps: generate the pages that depend on what is on disk (the index, which lists the
chapters found, and the syscall compatibility page) into OUT/../book-gen, then run
Doxygen with book/Doxyfile. With --strict every Doxygen warning fails the build (a
removed snippet marker, a renamed function a chapter refers to, a broken \\ref);
without it warnings are printed and the HTML is still written.

The chapters are whatever book/NN-name.md files exist: a student skeleton, which
leaves out the chapters of its lab and later ones, builds without them.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import book_index  # noqa: E402
import syscall_page  # noqa: E402


def build(root, out, strict=True, quiet=False):
    """Builds the book of tree @root into @out (out/html/index.html).

    Returns (ok, warnings): ok is False when generation or Doxygen failed, or when
    strict and Doxygen warned; warnings is the list of Doxygen's warning lines.
    """
    root = pathlib.Path(root).resolve()
    out = pathlib.Path(out).resolve()
    gen = out.parent / (out.name + "-gen")
    for d in (gen, out):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)

    try:
        book_index.write_index(root, gen)
        syscall_page.write_page(root / "kernel" / "syscall" / "table.hh", gen / "syscalls.md")
    except (book_index.BookError, syscall_page.TableError) as e:
        print(f"book: {e}", file=sys.stderr)
        return False, [str(e)]

    if not shutil.which("doxygen") or not shutil.which("dot"):
        msg = "doxygen and graphviz are needed (tools/setup.sh installs them)"
        print(f"book: {msg}", file=sys.stderr)
        return False, [msg]
    env = dict(os.environ,
               BOOK_ROOT=str(root), BOOK_GEN=str(gen), BOOK_OUT=str(out),
               BOOK_STRICT="FAIL_ON_WARNINGS" if strict else "NO")
    r = subprocess.run(["doxygen", str(root / "book" / "Doxyfile")], env=env, cwd=root,
                       capture_output=True, text=True)
    # BUILD/book/index.html leads to the book too (the HTML itself is in html/).
    (out / "index.html").write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Larch: the book</title>\n'
        '<meta http-equiv="refresh" content="0; url=html/index.html"></head>\n'
        '<body><p><a href="html/index.html">Larch: the book</a></p></body></html>\n')
    log = out / "warnings.log"
    warnings = [w for w in (log.read_text().splitlines() if log.exists() else []) if w.strip()]
    # Anything Doxygen printed on stderr that did not go to the log (config problems).
    warnings += [w for w in r.stderr.splitlines() if w.strip() and w not in warnings]
    if not quiet:
        for w in warnings:
            print(f"book: {w}", file=sys.stderr)
    ok = r.returncode == 0 and (not strict or not warnings)
    return ok, warnings


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=".")
    ap.add_argument("--out", default=os.path.join(os.environ.get("BUILD", "build"), "book"))
    ap.add_argument("--strict", action="store_true", help="Doxygen warnings are errors")
    args = ap.parse_args()
    ok, warnings = build(args.root, args.out, args.strict)
    index = pathlib.Path(args.out) / "html" / "index.html"
    if ok:
        print(f"book: {index}" + (f" ({len(warnings)} warnings)" if warnings else ""))
        return 0
    print(f"book: FAILED ({len(warnings)} warnings; Doxygen warnings are errors with --strict)",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
