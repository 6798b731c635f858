"""Fonts that ship inside an installed package (matplotlib's DejaVu): no downloads."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def dejavu(style: str = "") -> Path:
    """Path of DejaVuSans{style}.ttf, style in {"", "-Bold", "-Oblique", "-BoldOblique"}."""
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / f"DejaVuSans{style}.ttf"
    if not path.exists():
        raise FileNotFoundError(f"Fon {path.name} tidak ada di paket matplotlib ({path.parent}).")
    return path
