"""Files that hold secrets or personal data: written readable by their owner only (0600)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

PRIVATE_MODE = 0o600


def open_private(path: Path, *, newline: str | None = None) -> TextIO:
    """Open ``path`` for writing as UTF-8 text with mode 0600, truncating it.

    The mode given to ``open`` only applies when the file is created, so an existing file
    (say a 0644 one from an earlier run) is set to 0600 before anything is written to it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    try:
        os.fchmod(fd, PRIVATE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "w", encoding="utf-8", newline=newline)


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` with mode 0600 (an existing file is set to 0600 first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    try:
        os.fchmod(fd, PRIVATE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
    finally:
        if fd >= 0:
            os.close(fd)
