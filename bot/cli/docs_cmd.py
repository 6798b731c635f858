"""`talenta dokumentasi contoh`: the documentation's example conversations, regenerated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import fail, out

app = typer.Typer(help="Dokumentasi yang dibuat dari kode dan data contoh.", no_args_is_help=True)


@app.command("contoh")
def contoh(
    root: Annotated[
        Path, typer.Option("--folder", help="Folder repositori (berisi README.md dan docs/).")
    ] = Path("."),
    periksa: Annotated[
        bool, typer.Option("--periksa", help="Hanya periksa; keluar 1 bila ada yang usang.")
    ] = False,
) -> None:
    """Tulis ulang contoh percakapan README.md dan docs/ask-door.md (di antara penanda
    <!-- contoh:NAMA -->) dari data contoh (seed tetap, encoder hashing, tanggal 29 Nov 2026)."""
    from bot.cli.readme_examples import TARGETS, apply, generate

    made = {t.name: t for t in generate()}
    stale: list[str] = []
    for rel, names in TARGETS.items():
        path = root / rel
        before = path.read_text(encoding="utf-8")
        try:
            after = apply(before, [made[n] for n in names])
        except ValueError as exc:
            raise fail(f"{path}: {exc}.") from None
        if after == before:
            out.print(f"{path} sudah sesuai.", highlight=False)
        elif periksa:
            stale.append(str(path))
        else:
            path.write_text(after, encoding="utf-8")
            out.print(f"{path} diperbarui.", highlight=False)
    if stale:
        raise fail(f"Usang: {', '.join(stale)}; jalankan `talenta dokumentasi contoh`.")
