"""book/tools/book_index.py — the book's front page, listing the chapters found on disk.

Chapters are book/NN-name.md (00-introduction, then one per lab: 01-boot, 02-paging,
...). Each starts with a level-1 heading labelled from its file name:

    # Lab 01: booting {#ch01_boot}

so that a lab's handout can link to build/book/html/ch01_boot.html. Other Markdown files
in book/ (api.md) are appendices, listed after the chapters; README.md is for authors
and not part of the book.

A student skeleton leaves out the chapters of its lab and later ones. For a lab that has
a folder under labs/ but no chapter, a short stand-in page with the same label says so,
which keeps the handout's link and the front page's list whole.
"""
import pathlib
import re

CHAPTER_RE = re.compile(r"^(\d\d)-([a-z0-9][a-z0-9-]*)\.md$")
LAB_RE = re.compile(r"^(\d\d)-([a-z0-9][a-z0-9-]*)$")
HEADING_RE = re.compile(r"^#\s+(.+?)\s*\{#([A-Za-z0-9_]+)\}\s*$")


class BookError(Exception):
    pass


def chapter_label(stem):
    """The page label of chapter file NN-name: chNN_name ('-' becomes '_')."""
    m = LAB_RE.match(stem)
    if not m:
        raise BookError(f"'{stem}' is not a chapter name of the form NN-name")
    return f"ch{m.group(1)}_{m.group(2).replace('-', '_')}"


def page_heading(path):
    """(title, label) of the first line of a Markdown page."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        m = HEADING_RE.match(line)
        if not m:
            raise BookError(f"{path}: the first line must be '# Title {{#label}}', not {line!r}")
        return m.group(1), m.group(2)
    raise BookError(f"{path}: empty page")


def chapters(root):
    """[(stem, label, path)] of the chapters in @root/book, in order."""
    found = []
    for path in sorted((root / "book").glob("*.md")):
        m = CHAPTER_RE.match(path.name)
        if not m:
            continue
        _, label = page_heading(path)
        want = chapter_label(path.stem)
        if label != want:
            raise BookError(f"{path}: the page label must be {{#{want}}} (from the file name), not {{#{label}}}")
        found.append((path.stem, label, path))
    return found


def appendices(root):
    """[(label, path)] of the other Markdown pages in @root/book."""
    out = []
    for path in sorted((root / "book").glob("*.md")):
        if not CHAPTER_RE.match(path.name) and path.name != "README.md":  # README: for authors
            out.append((page_heading(path)[1], path))
    return out


def labs(root):
    """Lab ids (NN-name) that have a folder under labs/."""
    d = root / "labs"
    return sorted(p.name for p in d.iterdir() if p.is_dir() and LAB_RE.match(p.name)) if d.is_dir() else []


def stand_in(lab):
    num, name = lab.split("-", 1)
    return (f"# Lab {num}: {name} {{#{chapter_label(lab)}}}\n\n"
            f"This chapter walks through the solution of lab {lab}, so it is not part of this "
            f"starting tree. Work from the handout, `labs/{lab}/README.md`; the chapter comes "
            f"with the next lab's tree.\n")


def write_index(root, gen):
    """Writes gen/index.md (from book/index.md.in) and stand-ins for missing chapters."""
    root = pathlib.Path(root)
    gen = pathlib.Path(gen)
    template = root / "book" / "index.md.in"
    text = template.read_text(encoding="utf-8")
    if "@CHAPTERS@" not in text:
        raise BookError(f"{template}: no @CHAPTERS@ line to replace with the list of chapters")

    have = {stem: label for stem, label, _ in chapters(root)}
    for lab in labs(root):
        if lab not in have:
            (gen / f"{lab}.md").write_text(stand_in(lab), encoding="utf-8")
            have[lab] = chapter_label(lab)
    # \ref, not \subpage: Doxygen's navigation tree then lists every chapter with its
    # sections (subpages of a Markdown main page are left out of it).
    lines = [f"- \\ref {have[stem]}" for stem in sorted(have)]
    lines += [f"- \\ref {label}" for label, _ in appendices(root)]
    lines.append("- \\ref syscalls")
    (gen / "index.md").write_text(text.replace("@CHAPTERS@", "\n".join(lines)), encoding="utf-8")
    return sorted(have)
