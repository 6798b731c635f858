"""Make a file unreadable inside a block, to prove that code never opens it (held-out sets).

Python's audit hooks cannot be removed, so one hook is installed per process and consults the
set of currently blocked paths."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_blocked: set[str] = set()
_installed: list[bool] = []


def _refuse(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not _blocked or not args or not isinstance(args[0], str | Path):
        return
    if os.path.realpath(args[0]) in _blocked:
        raise PermissionError(f"held-out file read: {args[0]}")


@contextmanager
def unreadable(path: Path) -> Iterator[None]:
    """Opening ``path`` raises :class:`PermissionError` until the block ends."""
    if not _installed:
        sys.addaudithook(_refuse)
        _installed.append(True)
    real = os.path.realpath(path)
    _blocked.add(real)
    try:
        yield
    finally:
        _blocked.discard(real)
