"""`talenta dokumen …` and `talenta gambar …`: the shortlist PDF and the README pictures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.audit_cmd import cli_actor, cli_audit_log
from bot.cli.common import console, fail, out, runtime
from db.audit import ShortlistError

dokumen_app = typer.Typer(help="Dokumen untuk rapat komite talenta.", no_args_is_help=True)
gambar_app = typer.Typer(help="Gambar contoh untuk README.", no_args_is_help=True)


@dokumen_app.command("daftar")
def daftar(
    ref: Annotated[str, typer.Argument(help="Rujukan daftar kandidat, mis. SL-2026-000123.")],
    out_path: Annotated[Path, typer.Option("--keluaran", help="Berkas PDF yang ditulis.")],
) -> None:
    """Dokumen PDF daftar calon dari catatan daftar kandidat (tercatat di log audit)."""
    from bot.flows.shortlists import document as shortlist_doc

    rt = runtime()
    try:
        made = shortlist_doc.generate(cli_audit_log(rt), ref, cli_actor())
    except ShortlistError as exc:
        raise fail(str(exc)) from None
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(made.pdf)
    out.print(
        f"Dokumen {made.ref} ditulis ke {out_path} ({made.candidates} calon, "
        f"{len(made.pdf) // 1024} KB); tercatat di log audit seq {made.entry.seq}.",
        highlight=False,
    )


@gambar_app.command("contoh")
def contoh(
    out_dir: Annotated[Path, typer.Option("--keluaran", help="Folder tujuan gambar.")] = Path(
        "docs/images"
    ),
    pegawai: Annotated[int, typer.Option(help="Jumlah pegawai data contoh.")] = 600,
    seed: Annotated[int, typer.Option(help="Benih data contoh.")] = 7,
) -> None:
    """Nine-box, grafik kompetensi dan halaman 1 dokumen daftar dari data contoh baru."""
    from bot.cli.media_examples import make_examples

    files = make_examples(out_dir, pegawai=pegawai, seed=seed, actor=cli_actor())
    for path in files.written:
        out.print(f"ditulis: {path}", highlight=False)
    for reason in files.skipped:
        console.print(f"[yellow]dilewati: {reason}[/yellow]", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(dokumen_app, name="dokumen")
    app.add_typer(gambar_app, name="gambar")
