"""Private files are 0600 whatever the umask and whether or not they existed before."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from db.private_files import open_private


def test_new_and_existing_files_end_up_owner_only(tmp_path: Path) -> None:
    old_umask = os.umask(0o000)  # the laxest umask: the mode must not depend on it
    try:
        fresh = tmp_path / "sub" / "baru.csv"
        with open_private(fresh) as fh:
            fh.write("kode\n")
        existing = tmp_path / "lama.csv"
        existing.write_text("isi lama yang panjang\n", encoding="utf-8")
        existing.chmod(0o666)
        with open_private(existing) as fh:
            fh.write("baru\n")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    assert existing.read_text(encoding="utf-8") == "baru\n"  # truncated, not appended
