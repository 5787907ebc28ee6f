"""grading/batch_sources.py — what a submission is, and how its files get into a work folder.

An entry of the submissions folder is one of:

    alice/                 a folder (a working tree; its .git and build folders are ignored)
    bob.git/  or  bob/     a git repository (bare, or with a .git) when a ref is named: the
                           files of that branch or tag, through `git archive`
    carol.git@lab-03       a repository named with its ref after '@' (overrides --ref)
    dave.tar.gz            a tarball (.tar, .tar.gz, .tgz, .tar.xz, .txz, .tar.bz2) or a
                           .zip; a single top-level folder inside it is the tree

Nothing of a submission is trusted: archives are unpacked with tarfile's "data" filter
(no absolute paths, no links out of the tree, no devices), sizes are capped, symbolic
links that leave the tree are dropped, and `git archive` runs inside the sandbox.
"""
import os
import pathlib
import re
import shutil
import tarfile
import zipfile
from dataclasses import dataclass

TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2")
MAX_TREE_BYTES = 512 << 20        # a submission's unpacked size
MAX_FILES = 50000
SKIP_DIRS = {".git", "__pycache__"}


class SubmissionError(Exception):
    """The submission cannot be unpacked; the message goes to its CSV row."""


@dataclass
class Submission:
    name: str          # report name: safe for file names, unique
    kind: str          # folder | git | tarball | zip
    path: pathlib.Path
    ref: str = None    # git only

    @property
    def entry(self):
        """The CSV row's name: the entry as it is in the submissions folder."""
        return self.path.name

    def describe(self):
        return f"{self.kind} {self.path}" + (f" at {self.ref}" if self.ref else "")


def _is_bare_repo(p):
    return (p / "HEAD").is_file() and (p / "objects").is_dir() and (p / "refs").is_dir()


def _safe_name(text):
    text = re.sub(r"[^A-Za-z0-9._+@-]+", "_", text).strip("._") or "submission"
    return text[:80]


def classify(entry, ref=None):
    """The Submission an entry of the folder stands for, or None when it is none
    (a stray file). @ref: the default git ref (--ref)."""
    entry = pathlib.Path(entry)
    name = entry.name
    entry_ref = None
    if "@" in name and entry.is_dir():
        entry_ref = name.rsplit("@", 1)[1]
        if not entry_ref:
            raise SubmissionError(f"{entry}: empty ref after '@'")
    lower = name.lower()
    if entry.is_file():
        for suffix in TAR_SUFFIXES:
            if lower.endswith(suffix):
                return Submission(_safe_name(entry.name), "tarball", entry)
        if lower.endswith(".zip"):
            return Submission(_safe_name(entry.name), "zip", entry)
        return None
    if not entry.is_dir():
        return None
    want = entry_ref or ref
    if _is_bare_repo(entry):
        return Submission(_safe_name(entry.name), "git", entry, want or "HEAD")
    if want:
        if not (entry / ".git").exists():
            raise SubmissionError(f"{entry}: a ref ({want}) is named but this is no git repository")
        return Submission(_safe_name(entry.name), "git", entry, want)
    return Submission(_safe_name(entry.name), "folder", entry)


def discover(folder, ref=None):
    """Every submission in @folder, sorted by name; names made unique.
    Returns (submissions, problems) where problems are (entry name, message)."""
    subs, problems = [], []
    for entry in sorted(pathlib.Path(folder).iterdir()):
        if entry.name.startswith("."):
            continue
        try:
            sub = classify(entry, ref)
        except SubmissionError as e:
            problems.append((entry.name, str(e)))
            continue
        if sub:
            subs.append(sub)
    seen = {}
    for sub in subs:
        n = seen.get(sub.name, 0)
        seen[sub.name] = n + 1
        if n:
            sub.name = f"{sub.name}-{n + 1}"
    return subs, problems


# --- unpacking ------------------------------------------------------------------------

def _single_top(dest):
    """When @dest holds one folder and nothing else, that folder's content moves up."""
    items = [p for p in dest.iterdir()]
    if len(items) == 1 and items[0].is_dir() and not items[0].is_symlink():
        inner = items[0]
        tmp = dest.parent / (dest.name + ".inner")
        inner.rename(tmp)
        dest.rmdir()
        tmp.rename(dest)


def extract_tar(archive, dest):
    dest = pathlib.Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(archive) as tar:
            members = tar.getmembers()
            if len(members) > MAX_FILES:
                raise SubmissionError(f"{archive.name}: more than {MAX_FILES} entries")
            if sum(m.size for m in members if m.isfile()) > MAX_TREE_BYTES:
                raise SubmissionError(f"{archive.name}: unpacks to more than "
                                      f"{MAX_TREE_BYTES >> 20} MiB")
            tar.extractall(dest, filter="data")
    except (tarfile.TarError, OSError) as e:
        raise SubmissionError(f"{archive.name}: cannot unpack: {e}") from None
    _single_top(dest)


def extract_zip(archive, dest):
    dest = pathlib.Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(archive) as z:
            infos = z.infolist()
            if len(infos) > MAX_FILES or sum(i.file_size for i in infos) > MAX_TREE_BYTES:
                raise SubmissionError(f"{archive.name}: too large")
            root = dest.resolve()
            for info in infos:
                target = (dest / info.filename).resolve()
                if not target.is_relative_to(root):
                    raise SubmissionError(f"{archive.name}: entry '{info.filename}' leaves the tree")
                z.extract(info, dest)
                mode = (info.external_attr >> 16) & 0o777
                if mode and not info.is_dir():
                    os.chmod(target, mode & 0o755 | 0o600)
    except (zipfile.BadZipFile, OSError) as e:
        raise SubmissionError(f"{archive.name}: cannot unpack: {e}") from None
    _single_top(dest)


def copy_folder(src, dest, exclude=()):
    """Copies a working tree: no .git, no build output (nor the folders @exclude),
    symbolic links kept as links (sanitize() drops those that leave the tree)."""
    src, dest = pathlib.Path(src), pathlib.Path(dest)
    exclude = {pathlib.Path(e).resolve() for e in exclude} | {dest.resolve()}
    total = count = 0
    for dirpath, dirnames, filenames in os.walk(src):
        d = pathlib.Path(dirpath)
        rel = d.relative_to(src)
        keep = []
        for n in dirnames:
            if n in SKIP_DIRS or (rel == pathlib.Path(".") and (n == "build" or n.startswith("build-"))):
                continue
            if (d / n).resolve() in exclude:
                continue
            if (d / n).is_symlink():
                filenames.append(n)
            else:
                keep.append(n)
        dirnames[:] = keep
        (dest / rel).mkdir(parents=True, exist_ok=True)
        for n in filenames:
            s, t = d / n, dest / rel / n
            if s.is_symlink():
                os.symlink(os.readlink(s), t)
            elif s.is_file():
                total += s.stat().st_size
                count += 1
                if total > MAX_TREE_BYTES or count > MAX_FILES:
                    raise SubmissionError(f"{src.name}: more than {MAX_TREE_BYTES >> 20} MiB "
                                          f"or {MAX_FILES} files")
                shutil.copy2(s, t)


def sanitize(tree):
    """Drops symbolic links that point out of @tree (or nowhere) and anything that is
    neither a file, a folder nor a link. Returns the relative paths dropped."""
    tree = pathlib.Path(tree).resolve()
    dropped = []
    for dirpath, dirnames, filenames in os.walk(tree):
        d = pathlib.Path(dirpath)
        for n in dirnames + filenames:
            p = d / n
            if p.is_symlink():
                target = p.resolve()
                if not target.is_relative_to(tree) or not target.exists():
                    p.unlink()
                    dropped.append(str(p.relative_to(tree)))
            elif not (p.is_file() or p.is_dir()):
                p.unlink()
                dropped.append(str(p.relative_to(tree)))
    return dropped
