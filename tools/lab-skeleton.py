#!/usr/bin/env python3
"""tools/lab-skeleton.py — exports a student's starting tree for one lab.

Solutions in the source are marked per lab:

    // LAB_BEGIN(02-paging): one-line hint for the student
    ...solution code...
    // LAB_FALLBACK
    // ...code the skeleton gets instead, each line prefixed with "// "...
    // LAB_END

A block may name the milestone of its lab it belongs to: `// LAB_BEGIN(03-processes, 2): hint`
(milestones are listed in the lab's lab.toml and handout). A block without one belongs to
milestone 1, except a syscall-table row (`LAB_ROW`, below), which belongs to the milestone
of the block that defines its handler (1 when no block names one): a row turns Full
exactly when its handler is there.

The skeleton for lab N keeps the code of labs before N (marker lines removed) and
replaces the code of lab N and later by a `// TODO(lab NN): hint` comment followed by
the fallback (uncommented) or, without a LAB_FALLBACK section, by
`panic("TODO(lab NN-name): hint");` indented like the block. Assembly (.S) blocks need
a fallback: there is no panic() there.

A row of an X-macro table (kernel/syscall/table.hh) that a lab turns from Planned into
an implemented call carries a one-line tag above it instead of a block:

    // LAB_ROW(03-processes)
    SYSCALL(39,  getpid,  sys_getpid,  Full,    "")

In the skeleton of that lab and earlier ones the row's last two fields (status, note)
become `Planned, "lab NN"`; `// LAB_ROW(NN-name): note` gives another note. The row
must end in `Status, "note")`. In later skeletons the row stays and the tag goes.

Left out of skeleton N: book chapters of later labs (book/**/NN-*), instructor-only
tests of lab N and later (grading/hidden/NN-*), .git, build directories. Chapter N itself
is the student edition (tools/student_chapter.py): its quotes of code the skeleton
replaced become "You write this" boxes, and the export fails if any line of that code
appears in it. The skeleton root gets a file `.lab-skeleton` naming its lab.

    lab-skeleton.py export --lab 01-boot --out skel-01 [--root .] [--upto K]
                                            # --upto K: milestones 1..K of the lab solved
    lab-skeleton.py check [--root .]       # parse every marker, export nothing
    lab-skeleton.py labs  [--root .]       # the canonical lab ids and their markers
    lab-skeleton.py milestones --lab 03-processes   # the lab's blocks, milestone by milestone

Malformed or nested markers, unknown lab ids and a FALLBACK/END without BEGIN are
errors with file:line; nothing is written when there is any. Standard library only.
"""
import argparse
import os
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import student_chapter  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Files whose markers are processed: C, C++ and preprocessed assembly (all take //).
SOURCE_SUFFIXES = {".c", ".cc", ".cpp", ".h", ".hh", ".hpp", ".inc", ".S"}
ASSEMBLY_SUFFIXES = {".S"}

LAB_ID = re.compile(r"^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$")
BEGIN = re.compile(r"^(?P<indent>[ \t]*)// LAB_BEGIN\((?P<lab>[^(),]*)(?:,[ \t]*(?P<milestone>[^()]*))?\):"
                   r"[ \t]*(?P<hint>\S.*?)[ \t]*$")
FALLBACK = re.compile(r"^[ \t]*// LAB_FALLBACK[ \t]*$")
END = re.compile(r"^[ \t]*// LAB_END[ \t]*$")
# Near misses: a marker word at the start of a comment, or after code on the same line.
# (Prose that names the markers, or a commented-out example "//   // LAB_END", is fine.)
NEAR_MARKER = re.compile(r"^[ \t]*(?://+|/\*+|#)[ \t]*LAB_(?:BEGIN|FALLBACK|END)\b"
                         r"|^[ \t]*[^/ \t*#].*?//+[ \t]*LAB_(?:BEGIN|FALLBACK|END)\b")
# A syscall-table row and a handler's definition (for a row's milestone).
TABLE_ROW = re.compile(r"^[ \t]*SYSCALL\([ \t]*\d+[ \t]*,[ \t]*\w+[ \t]*,[ \t]*(?P<handler>\w+)[ \t]*,")
HANDLER_DEF = re.compile(r"^(?:[\w:<>,]+[ \t]+)+(?P<name>sys_\w+)\(")
MAX_MILESTONE = 6
ROW_TAG = re.compile(r"^[ \t]*// LAB_ROW\((?P<lab>[^()]*)\)(?::[ \t]*(?P<note>\S.*?))?[ \t]*$")
ROW = re.compile(r'^(?P<head>.*,[ \t]*)(?P<status>[A-Za-z_]\w*)(?P<sep>[ \t]*,[ \t]*)'
                 r'"(?P<note>[^"\\]*)"(?P<tail>[ \t]*\).*)$')
COMMENTED = re.compile(r"^(?P<indent>[ \t]*)//(?P<rest>.*)$")

SKELETON_STAMP = ".lab-skeleton"


class MarkerError(Exception):
    """One problem with the markers of a file, located at file:line."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def has_markers(text):
    """True when @text holds a marker or something meant to be one."""
    return any(BEGIN.match(l) or FALLBACK.match(l) or END.match(l) or NEAR_MARKER.search(l)
               for l in text.split("\n"))


def lab_number(lab_id):
    return int(lab_id[:2])


def discover_labs(root):
    """The canonical lab ids: the NN-name folders of labs/, sorted by number."""
    labs_dir = pathlib.Path(root) / "labs"
    if not labs_dir.is_dir():
        return []
    ids = sorted(p.name for p in labs_dir.iterdir() if p.is_dir() and LAB_ID.match(p.name))
    numbers = [lab_number(i) for i in ids]
    dup = {n for n in numbers if numbers.count(n) > 1}
    if dup:
        raise SystemExit(f"labs/: several folders share the number(s) {sorted(dup)}")
    return ids


def c_string(text):
    """@text as the body of a C string literal that panic()'s formatter prints verbatim."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return text.replace("{", "{{").replace("}", "}}")


def _check_lab(lab, labs, path, line):
    if lab in labs:
        return
    near = [l for l in labs if l[:2] == lab[:2] or l[3:] == lab]
    hint = f" (did you mean {near[0]}?)" if near else ""
    if not LAB_ID.match(lab):
        raise MarkerError(path, line, f"lab id '{lab}' is not canonical: use the NN-name "
                          f"of a folder in labs/{hint}")
    raise MarkerError(path, line, f"unknown lab '{lab}': no folder labs/{lab}{hint}")


def parse_blocks(text, path, labs):
    """Splits @text into plain lines and marker blocks.

    Returns a list of items: ("text", line) or ("block", dict) where the dict holds
    lab, hint, indent, begin (line number), solution (lines), fallback (lines or None).
    Raises MarkerError on the first problem.
    """
    items = []
    block = None      # the open block
    section = None    # "solution" or "fallback"
    for n, line in enumerate(text.split("\n"), 1):
        m_begin, m_fb, m_end = BEGIN.match(line), FALLBACK.match(line), END.match(line)
        if m_begin:
            if block:
                raise MarkerError(path, n, f"nested LAB_BEGIN: the block opened at line "
                                  f"{block['begin']} is not closed (markers may not nest)")
            _check_lab(m_begin["lab"], labs, path, n)
            milestone = m_begin["milestone"]
            if milestone is not None:
                if not re.fullmatch(r"[1-9]\d*", milestone.strip()) \
                        or int(milestone) > MAX_MILESTONE:
                    raise MarkerError(path, n, f"milestone '{milestone}' is not a number from 1 "
                                      f"to {MAX_MILESTONE}: write LAB_BEGIN(NN-name, K)")
                milestone = int(milestone)
            block = {"lab": m_begin["lab"], "hint": m_begin["hint"], "indent": m_begin["indent"],
                     "begin": n, "solution": [], "fallback": None, "milestone": milestone}
            section = "solution"
        elif m_fb:
            if not block:
                raise MarkerError(path, n, "LAB_FALLBACK without LAB_BEGIN")
            if section == "fallback":
                raise MarkerError(path, n, f"second LAB_FALLBACK in the block opened at line "
                                  f"{block['begin']}")
            block["fallback"] = []
            section = "fallback"
        elif m_end:
            if not block:
                raise MarkerError(path, n, "LAB_END without LAB_BEGIN")
            items.append(("block", block))
            block = section = None
        elif NEAR_MARKER.search(line):
            raise MarkerError(path, n, "malformed marker: markers are lines of their own, "
                              "exactly '// LAB_BEGIN(NN-name): hint', '// LAB_FALLBACK' or "
                              "'// LAB_END'")
        elif block is None:
            items.append(("text", line))
        elif section == "solution":
            block["solution"].append(line)
        else:
            if line.strip() and not COMMENTED.match(line):
                raise MarkerError(path, n, "a fallback line must be commented out with '// ' "
                                  "(the skeleton uncomments it)")
            block["fallback"].append((n, line))
    if block:
        raise MarkerError(path, block["begin"], "LAB_BEGIN without LAB_END before the end of "
                          "the file")
    return items


def uncomment(path, n, line):
    """A fallback line as the skeleton has it: the leading '// ' (or '//') removed."""
    if not line.strip():
        return ""
    m = COMMENTED.match(line)
    rest = m["rest"]
    if rest.startswith(" "):
        rest = rest[1:]
    elif rest:
        raise MarkerError(path, n, "a fallback line must be commented out with '// ' "
                          "(a space after the slashes)")
    return (m["indent"] + rest).rstrip() if rest else ""


def handlers_of(block):
    """The syscall handlers (sys_*) a block defines."""
    return [m["name"] for m in map(HANDLER_DEF.match, block["solution"]) if m]


def block_milestone(block, handler_milestones=None):
    """The milestone of @block: its own, its handler's for a table row, else 1."""
    if block["milestone"] is not None:
        return block["milestone"]
    code = [l for l in block["solution"] if l.strip()]
    if len(code) == 1 and handler_milestones:
        m = TABLE_ROW.match(code[0])
        if m and m["handler"] in handler_milestones:
            return handler_milestones[m["handler"]]
    return 1


def strip_text(text, path, labs, lab, upto=0, handler_milestones=None, replaced=None):
    """The skeleton version of one source file for lab @lab (None: keep every solution).

    @upto: the blocks of @lab's milestones 1..@upto keep their solution too;
    @handler_milestones: {sys_name: milestone} of @lab's handlers (for table rows);
    @replaced: a list that gets (path, block) for each block the skeleton replaces.
    Returns (new_text, counts) with counts {lab_id: number of blocks}.
    """
    suffix = pathlib.PurePath(path).suffix
    items = parse_blocks(text, path, labs)
    cut = lab_number(lab) if lab else 100
    out, counts = [], {}
    row_lab = None  # the lab of a LAB_ROW tag on the line before
    for n, (kind, item) in enumerate(items):
        if kind == "text" and row_lab is not None:
            # A row of @lab whose handler's milestone is solved (--upto) stays as it is.
            h = TABLE_ROW.match(item)
            solved = (upto and row_lab[0] == lab and h is not None
                      and (handler_milestones or {}).get(h["handler"], 1) <= upto)
            out.append(item if solved else _skeleton_row(item, row_lab, cut, path))
            row_lab = None
            continue
        if kind == "text" and ROW_TAG.match(item):
            m = ROW_TAG.match(item)
            _check_lab(m["lab"], labs, path, _line_of(text, item))
            nxt = items[n + 1] if n + 1 < len(items) else None
            if not nxt or nxt[0] != "text" or not ROW.match(nxt[1]) or ROW_TAG.match(nxt[1]):
                raise MarkerError(path, _line_of(text, item), "LAB_ROW must stand above a row "
                                  'that ends in: Status, "note")')
            counts[m["lab"]] = counts.get(m["lab"], 0) + 1
            row_lab = (m["lab"], m["note"])
            continue
        if kind == "text":
            out.append(item)
            continue
        b = item
        counts[b["lab"]] = counts.get(b["lab"], 0) + 1
        if suffix in ASSEMBLY_SUFFIXES and b["fallback"] is None:
            raise MarkerError(path, b["begin"], "a block in an assembly file needs a "
                              "LAB_FALLBACK (there is no panic() in assembly)")
        if lab_number(b["lab"]) < cut or (
                b["lab"] == lab and block_milestone(b, handler_milestones) <= upto):
            out.extend(b["solution"])
            continue
        if replaced is not None:
            replaced.append((path, b))
        out.append(f"{b['indent']}// TODO(lab {b['lab'][:2]}): {b['hint']}")
        if b["fallback"] is None:
            out.append(f'{b["indent"]}panic("{c_string("TODO(lab " + b["lab"] + "): " + b["hint"])}");')
        else:
            out.extend(uncomment(path, n, line) for n, line in b["fallback"])
    return "\n".join(out), counts


def _line_of(text, line):
    """The number of the first line of @text equal to @line (for messages)."""
    lines = text.split("\n")
    return lines.index(line) + 1 if line in lines else 0


def _skeleton_row(row, tag, cut, path):
    """@row as the skeleton shows it: Planned for a lab at or after @cut, else as it is."""
    lab, note = tag
    if lab_number(lab) < cut:
        return row
    m = ROW.match(row)
    width = len(m["status"]) + len(m["sep"])
    status = ("Planned," + " " * max(1, width - len("Planned,")))
    planned_note = note if note is not None else f"lab {lab[:2]}"
    if '"' in planned_note or "\\" in planned_note:
        raise MarkerError(path, 0, f"LAB_ROW note may not hold quotes or backslashes: {planned_note}")
    return f'{m["head"]}{status}"{planned_note}"{m["tail"]}'


# --- the tree ---------------------------------------------------------------------------

def _skipped_dir(rel):
    """Directories never exported: VCS data, build output, earlier exports, caches."""
    name = rel.name
    if name in (".git", "__pycache__", ".pytest_cache"):
        return True
    if len(rel.parts) == 1 and (name == "build" or name.startswith(("build-", "build_", "skel-"))):
        return True
    return False


def _skipped_file(rel):
    name = rel.name
    return (name.endswith((".pyc", ".swp", "~")) or name == SKELETON_STAMP
            or (len(rel.parts) == 1 and name.startswith(".#")))


def _lab_component(rel, area, known_numbers):
    """The lab number of the first NN-* component of @rel under @area, or None."""
    parts = rel.parts
    if len(parts) < 2 or parts[0] != area[0] or tuple(parts[:len(area)]) != area:
        return None
    for p in parts[len(area):]:
        m = re.match(r"^(\d\d)-", p)
        if m and int(m[1]) in known_numbers:
            return int(m[1])
    return None


def left_out(rel, lab, labs):
    """Why @rel is not in the skeleton of @lab (a short reason), or None."""
    numbers = {lab_number(l) for l in labs}
    cut = lab_number(lab)
    n = _lab_component(rel, ("book",), numbers)
    if n is not None and n > cut:
        return "book chapter of a later lab"
    n = _lab_component(rel, ("grading", "hidden"), numbers)
    if n is not None and n >= cut:
        return "hidden test of this lab or a later one"
    return None


def tree_files(root, exclude=()):
    """Every exported-candidate file of @root as relative paths (sorted)."""
    root = pathlib.Path(root)
    exclude = {pathlib.Path(e).resolve() for e in exclude}
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        d = pathlib.Path(dirpath)
        keep = []
        for name in sorted(dirnames):
            full = d / name
            rel = full.relative_to(root)
            if _skipped_dir(rel) or full.resolve() in exclude:
                continue
            if full.is_symlink():
                found.append(rel)       # a symlink to a directory is copied as a link
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = (d / name).relative_to(root)
            if not _skipped_file(rel):
                found.append(rel)
    return sorted(found)


def handler_milestones(root, lab, labs, exclude=()):
    """{sys_name: milestone} for the syscall handlers defined in @lab's blocks that name
    a milestone (a table row without one takes its handler's)."""
    found = {}
    for rel in tree_files(root, exclude):
        full = pathlib.Path(root) / rel
        if rel.suffix not in SOURCE_SUFFIXES or full.is_symlink():
            continue
        try:
            text = full.read_text("utf-8")
            items = parse_blocks(text, str(rel), labs)
        except (UnicodeDecodeError, MarkerError):
            continue                    # reported by the export itself
        for kind, b in items:
            if kind == "block" and b["lab"] == lab and b["milestone"] is not None:
                for name in handlers_of(b):
                    found[name] = b["milestone"]
    return found


def milestone_blocks(root, lab, labs=None):
    """{milestone: [(file, line, hint), ...]} of @lab's blocks (rows with their handler's)."""
    root = pathlib.Path(root)
    labs = discover_labs(root) if labs is None else labs
    hm = handler_milestones(root, lab, labs)
    out = {}
    for rel in tree_files(root):
        full = root / rel
        if rel.suffix not in SOURCE_SUFFIXES or full.is_symlink():
            continue
        for kind, b in parse_blocks(full.read_text("utf-8"), str(rel), labs):
            if kind == "block" and b["lab"] == lab:
                out.setdefault(block_milestone(b, hm), []).append((str(rel), b["begin"], b["hint"]))
    return out


def build_skeleton(root, lab, labs=None, exclude=(), upto=0):
    """The skeleton of @lab in memory: ({rel: (bytes or ('link', target), mode)}, stats).

    @lab None checks every marker and keeps every solution; @exclude: folders of @root
    to leave out (an export inside the tree); @upto: milestones 1..@upto of @lab come
    solved. Raises SystemExit with all marker errors listed.
    """
    root = pathlib.Path(root)
    labs = discover_labs(root) if labs is None else labs
    if lab is not None and lab not in labs:
        raise SystemExit(f"lab '{lab}' is not a canonical lab id; known: {', '.join(labs) or 'none'}")
    files, errors = {}, []
    stats = {"files": 0, "blocks": {}, "left_out": {}}
    hm = handler_milestones(root, lab, labs, exclude) if lab is not None and upto else None
    replaced = []
    for rel in tree_files(root, exclude):
        full = root / rel
        if lab is not None:
            why = left_out(rel, lab, labs)
            if why:
                stats["left_out"][str(rel)] = why
                continue
        if full.is_symlink():
            files[str(rel)] = (("link", os.readlink(full)), 0)
            continue
        data = full.read_bytes()
        mode = full.stat().st_mode & 0o777
        if rel.suffix in SOURCE_SUFFIXES:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                errors.append(f"{rel}:1: not UTF-8 text")
                continue
            try:
                new, counts = strip_text(text, str(rel), labs, lab, upto, hm, replaced)
            except MarkerError as e:
                errors.append(str(e))
                continue
            for k, v in counts.items():
                stats["blocks"].setdefault(k, []).append((str(rel), v))
            data = new.encode("utf-8")
        files[str(rel)] = (data, mode)
    if errors:
        raise SystemExit("lab-skeleton: marker errors:\n  " + "\n  ".join(errors))
    if lab is not None:
        errors += student_chapter.rewrite_chapters(files, lab, upto, replaced,
                                                   lambda b: block_milestone(b, hm))
        if errors:
            raise SystemExit("lab-skeleton: student edition:\n  " + "\n  ".join(errors))
        files[SKELETON_STAMP] = (f"{lab}\n".encode(), 0o644)
    stats["files"] = len(files)
    return files, stats


def write_tree(files, out):
    """Makes @out hold exactly @files, rewriting only what changed (so make and ccache
    reuse an earlier export); keeps @out/.git and @out's build directories."""
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, (data, mode) in files.items():
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, tuple):
            if dest.is_symlink() and os.readlink(dest) == data[1]:
                continue
            if dest.is_symlink() or dest.exists():
                dest.unlink()
            os.symlink(data[1], dest)
            written += 1
            continue
        if dest.is_symlink():
            dest.unlink()
        if not (dest.is_file() and dest.read_bytes() == data):
            dest.write_bytes(data)
            written += 1
        if dest.stat().st_mode & 0o777 != mode:
            os.chmod(dest, mode)
    removed = 0
    for rel in tree_files(out):
        if str(rel) not in files and rel.name != SKELETON_STAMP:
            (out / rel).unlink()
            removed += 1
    if (out / SKELETON_STAMP).exists() and SKELETON_STAMP not in files:
        (out / SKELETON_STAMP).unlink()
    for dirpath, dirnames, _ in os.walk(out, topdown=False):   # empty folders left behind
        d = pathlib.Path(dirpath)
        if d == out:
            continue
        parts = d.relative_to(out).parts
        if any(_skipped_dir(pathlib.PurePath(*parts[:i + 1])) for i in range(len(parts))):
            continue
        if not any(d.iterdir()):
            d.rmdir()
    return written, removed


def export(root, lab, out, labs=None, upto=0):
    """Writes the skeleton of @lab to @out. Refuses an @out that holds something other
    than an earlier export (or is, or contains, the source tree)."""
    root, out = pathlib.Path(root).resolve(), pathlib.Path(out).resolve()
    if out == root or root.is_relative_to(out):
        raise SystemExit(f"lab-skeleton: OUT={out} would overwrite the source tree")
    if out.exists():
        if not out.is_dir():
            raise SystemExit(f"lab-skeleton: OUT={out} is not a directory")
        others = [p for p in out.iterdir() if p.name != ".git"]
        if others and not (out / SKELETON_STAMP).exists():
            raise SystemExit(f"lab-skeleton: OUT={out} exists and is not an earlier skeleton "
                             f"(no {SKELETON_STAMP}); choose an empty or new folder")
    files, stats = build_skeleton(root, lab, labs, exclude=[out], upto=upto)
    written, removed = write_tree(files, out)
    return stats, written, removed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    p_exp = sub.add_parser("export", help="write the skeleton of one lab")
    p_exp.add_argument("--lab", required=True, help="canonical lab id, e.g. 01-boot")
    p_exp.add_argument("--out", required=True)
    p_exp.add_argument("--upto", type=int, default=0, metavar="K",
                       help="the lab's milestones 1..K come solved (default 0: none)")
    p_ms = sub.add_parser("milestones", help="list one lab's blocks by milestone")
    p_ms.add_argument("--lab", required=True)
    for p in (p_exp, p_ms, sub.add_parser("check", help="parse every marker"),
              sub.add_parser("labs", help="list lab ids and their marker blocks")):
        p.add_argument("--root", default=str(ROOT))
    args = ap.parse_args(argv)

    if args.what == "export":
        if not 0 <= args.upto <= MAX_MILESTONE:
            raise SystemExit(f"lab-skeleton: --upto {args.upto}: milestones are 1..{MAX_MILESTONE}")
        stats, written, removed = export(args.root, args.lab, args.out, upto=args.upto)
        cut = lab_number(args.lab)
        todo = sum(v for l, fs in stats["blocks"].items() if lab_number(l) >= cut for _, v in fs)
        kept = sum(v for l, fs in stats["blocks"].items() if lab_number(l) < cut for _, v in fs)
        solved = f" with milestones 1..{args.upto} solved" if args.upto else ""
        print(f"lab-skeleton: {args.out}: skeleton of {args.lab}{solved}: {stats['files']} files "
              f"({written} written, {removed} removed), {kept} solution blocks kept, "
              f"{todo} replaced by TODO, {len(stats['left_out'])} files left out")
        return 0
    if args.what == "milestones":
        for k, blocks in sorted(milestone_blocks(args.root, args.lab).items()):
            print(f"milestone {k}: {len(blocks)} blocks")
            for f, line, hint in blocks:
                print(f"  {f}:{line}: {hint}")
        return 0
    _, stats = build_skeleton(args.root, None)
    if args.what == "check":
        n = sum(v for fs in stats["blocks"].values() for _, v in fs)
        print(f"lab-skeleton: markers ok: {n} blocks in {stats['files']} files")
        return 0
    for lab in discover_labs(args.root):
        fs = stats["blocks"].get(lab, [])
        where = ", ".join(f"{f} ({v})" for f, v in fs)
        print(f"{lab}: {sum(v for _, v in fs)} blocks{': ' + where if where else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
