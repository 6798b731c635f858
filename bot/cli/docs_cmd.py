"""`talenta dokumentasi contoh`: the README's example conversations, regenerated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import fail, out

app = typer.Typer(help="Dokumentasi yang dibuat dari kode dan data contoh.", no_args_is_help=True)


@app.command("contoh")
def contoh(
    readme: Annotated[Path, typer.Option("--readme", help="README yang diperbarui.")] = Path(
        "README.md"
    ),
    periksa: Annotated[
        bool, typer.Option("--periksa", help="Hanya periksa; keluar 1 bila README usang.")
    ] = False,
) -> None:
    """Tulis ulang contoh percakapan README (di antara penanda <!-- contoh:NAMA -->) dari data
    contoh (seed tetap, encoder hashing, tanggal 29 Nov 2026)."""
    from bot.cli.readme_examples import apply, generate

    before = readme.read_text(encoding="utf-8")
    try:
        after = apply(before, generate())
    except ValueError as exc:
        raise fail(f"{readme}: {exc}.") from None
    if periksa:
        if after != before:
            raise fail(f"{readme} usang; jalankan `talenta dokumentasi contoh`.")
        out.print(f"{readme} sesuai dengan kode dan data contoh.", highlight=False)
        return
    if after != before:
        readme.write_text(after, encoding="utf-8")
        out.print(f"{readme} diperbarui.", highlight=False)
    else:
        out.print(f"{readme} sudah sesuai.", highlight=False)
