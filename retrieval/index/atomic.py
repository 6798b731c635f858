"""Atomic file replacement: write a temporary file, fsync it, ``os.replace`` it into place.

A reader therefore sees either the old file or the new one, never a half-written one, even
if the process dies in the middle of a rebuild.
"""

from __future__ import annotations

import contextlib
import os
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
