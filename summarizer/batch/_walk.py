"""Which files a batch covers: folders walked recursively, files as given, globs expanded.

Hidden files and folders (a name starting with ".") are skipped, and so is every folder already
visited, which is what makes a symlink loop harmless. A folder holding a batch manifest is this
tool's own output and is skipped too: an earlier run's briefs are not documents to pay for again.
A symlink that leads out of the folder being walked is not followed unless asked
(`follow_symlinks`): a link to ~/.ssh or /etc must not send their contents to a model.

Include/exclude globs match a file's path relative to the batch root, or its name alone when the
glob has no "/" in it. Each file keeps that relative path: it is the file's key in the manifest and
where its brief goes under the output folder.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from summarizer.batch._manifest import MANIFEST_NAME
from summarizer.errors import ConfigError

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class InputFile:
    path: Path
    relative: str  # POSIX-style, relative to the common root of all inputs


@dataclass(frozen=True)
class WalkFilter:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    skip_dirs: tuple[Path, ...] = ()  # e.g. the output folder, when it sits inside an input folder
    follow_symlinks: bool = False  # also links that lead out of the folder being walked

    def wants(self, relative: str) -> bool:
        if self.include and not any(_matches(relative, g) for g in self.include):
            return False
        return not any(_matches(relative, g) for g in self.exclude)


def find_inputs(sources: Sequence[str | Path], walk_filter: WalkFilter | None = None) -> list[InputFile]:
    """Every file the sources name, each once (by identity, so two links to one file count once)."""
    chosen = walk_filter or WalkFilter()
    roots = [_root(source, chosen.follow_symlinks) for source in sources]
    base = _common_base([root for root, _ in roots])
    seen: set[tuple[int, int]] = set()
    found: list[InputFile] = []
    for _, files in roots:
        for path in files:
            relative = Path(os.path.relpath(path, base)).as_posix()
            identity = _identity(path)
            if identity is None or identity in seen or not chosen.wants(relative):
                continue
            if any(_is_within(path, skipped) for skipped in chosen.skip_dirs):
                continue
            seen.add(identity)
            found.append(InputFile(path=path, relative=relative))
    return sorted(found, key=lambda f: f.relative)


def _root(source: str | Path, follow_symlinks: bool) -> tuple[Path, list[Path]]:
    """The folder a source's relative paths start from, and the files under it."""
    path = Path(os.path.abspath(source))
    if path.is_dir():
        return path, list(walk_folder(path, follow_symlinks=follow_symlinks))
    if path.is_file():
        return path.parent, [path]
    if isinstance(source, str) and _GLOB_CHARS & set(source):
        matches = [Path(os.path.abspath(m)) for m in glob.glob(source, recursive=True)]
        files = [m for m in matches if m.is_file() and not _hidden(m)]
        return Path(os.path.abspath(_glob_prefix(source))), files
    raise ConfigError(f"{source}: no such file, folder or matching glob")


def walk_folder(folder: Path, *, follow_symlinks: bool = False) -> Iterator[Path]:
    """Files under `folder`, entering each real folder once; links out of it only if `follow_symlinks`."""
    visited: set[tuple[int, int]] = set()
    inside = _Inside(folder, follow_symlinks)
    for current, dirs, files in os.walk(folder, followlinks=True):
        here = Path(current)
        identity = _identity(here)
        if identity is None or identity in visited or (here / MANIFEST_NAME).is_file():
            dirs[:] = []
            continue
        visited.add(identity)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and inside(here / d))
        for name in sorted(files):
            path = here / name
            if not name.startswith(".") and path.is_file() and inside(path):
                yield path


class _Inside:
    """Whether a path found in the walk may be used: anything but a link leading out of the root."""

    def __init__(self, root: Path, follow_symlinks: bool) -> None:
        self.root = root.resolve()
        self.follow_symlinks = follow_symlinks

    def __call__(self, path: Path) -> bool:
        if self.follow_symlinks or not path.is_symlink():
            return True
        try:
            return path.resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):  # a loop of links
            return False


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()  # follows links: a loop or a dangling link yields None
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _common_base(bases: list[Path]) -> Path:
    return Path(os.path.commonpath([str(b) for b in bases])) if bases else Path.cwd()


def _glob_prefix(pattern: str) -> str:
    """The folder part of a glob before its first wildcard: `docs/**/*.txt` -> `docs`."""
    parts = PurePosixPath(pattern.replace(os.sep, "/")).parts
    fixed = [p for p in _takewhile_plain(parts)]
    return str(Path(*fixed)) if fixed else "."


def _takewhile_plain(parts: tuple[str, ...]) -> Iterator[str]:
    for part in parts[:-1]:
        if _GLOB_CHARS & set(part):
            return
        yield part


def _matches(relative: str, pattern: str) -> bool:
    if "/" not in pattern:
        return fnmatchcase(PurePosixPath(relative).name, pattern)
    # "**/" may match no folder at all: `**/*.md` also matches `top.md`.
    return fnmatchcase(relative, pattern) or (
        pattern.startswith("**/") and fnmatchcase(relative, pattern[3:])
    )


def _hidden(path: Path) -> bool:
    return path.name.startswith(".")


def _is_within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False
