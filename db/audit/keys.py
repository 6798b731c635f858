"""The development fallback for the HMAC key: a generated key file (0600) under data_dir.

In production the key comes from ``TALENTA_AUDIT_HMAC_KEY`` (read by the composition root). A
key stored next to the database protects against nothing a database administrator with file
access cannot undo, which is why using this fallback is loud.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

MIN_KEY_BYTES = 32


def load_or_create_dev_key(path: Path) -> tuple[bytes, bool]:
    """Return ``(key, created)``; creates the file with mode 0600 if it does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(0o600)
        key = path.read_text(encoding="ascii").strip().encode("ascii")
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"{path}: kunci audit terlalu pendek") from None
        return key, False
    key = secrets.token_hex(MIN_KEY_BYTES).encode("ascii")
    try:
        os.write(fd, key + b"\n")
    finally:
        os.close(fd)
    return key, True
