"""Atomic writes: a file or a folder is filled under a temporary name beside its target, then
renamed into place, so a reader sees the old one or the new one, never a half-written one,
even if the process dies in the middle of a rebuild.

- :func:`write_atomic`: one file (fsync, ``os.replace``, fsync of the folder);
- :func:`write_dir_atomic`: a folder of files that belong together (vectors + metadata);
- :class:`retrieval.index.generations.Generations` builds numbered generations on
  :func:`write_atomic`, switched by one atomic rename of their metadata file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _temp_beside(path: Path) -> Iterator[Path]:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` to fill a temporary file, then move it over ``path`` durably."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _temp_beside(path) as tmp:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    fsync_dir(path.parent)


def write_text_atomic(path: Path, text: str) -> None:
    def _write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(path, _write)


def write_dir_atomic(directory: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` to fill a temporary folder beside ``directory``, then swap it in.

    The previous folder is moved aside first and deleted after the swap (a folder cannot be
    renamed over a non-empty one); nothing temporary is left behind, whatever fails.
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        fill(tmp)
        old = None
        if directory.exists():
            old = directory.with_name(directory.name + f".old-{os.getpid()}")
            os.replace(directory, old)
        os.replace(tmp, directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
