"""`talenta dokumen …` and `talenta gambar …`: shortlist and talent pool documents (PDF,
XLSX) and the README pictures."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session, select

from bot.cli.audit_cmd import cli_actor, cli_audit_log
from bot.cli.common import console, fail, out, runtime
from db.audit import ShortlistError
from db.models import Instansi
from db.private_files import write_private_bytes

dokumen_app = typer.Typer(help="Dokumen untuk rapat komite talenta.", no_args_is_help=True)
gambar_app = typer.Typer(help="Gambar contoh untuk README.", no_args_is_help=True)


class Format(StrEnum):
    pdf = "pdf"
    xlsx = "xlsx"


OutOpt = Annotated[
    Path,
    typer.Option("--keluaran", "--out", help="Berkas yang ditulis (mode 0600: hanya pemilik)."),
]


@dokumen_app.command("daftar")
def daftar(
    ref: Annotated[str, typer.Argument(help="Rujukan daftar kandidat, mis. SL-2026-000123.")],
    out_path: OutOpt,
    fmt: Annotated[Format, typer.Option("--format", help="pdf atau xlsx.")] = Format.pdf,
) -> None:
    """Dokumen daftar calon (PDF/XLSX) mengikuti keadaan daftar; tercatat di log audit."""
    from bot.flows.shortlists import document as shortlist_doc

    rt = runtime()
    try:
        made = shortlist_doc.generate(cli_audit_log(rt), ref, cli_actor(), fmt.value)
    except ShortlistError as exc:
        raise fail(str(exc)) from None
    write_private_bytes(out_path, made.content)
    state = "tanpa identitas (kode Kandidat #n)" if made.blind else "dengan nama, NIP tersamar"
    out.print(
        f"Dokumen {made.ref} ({fmt.value.upper()}, {state}) ditulis ke {out_path} "
        f"({made.candidates} calon, {len(made.content) // 1024} KB, mode 0600); "
        f"segel: catatan audit seq {made.entry.seq}.",
        highlight=False,
    )


@dokumen_app.command("talentpool")
def talentpool(
    instansi: Annotated[str, typer.Option("--instansi", help="Kode instansi, mis. BTH.")],
    out_path: OutOpt,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Unit kerja (termasuk unit di bawahnya).")
    ] = None,
) -> None:
    """Talent pool (kotak 7–9) satu instansi sebagai XLSX, NIP tersamar; tercatat di log audit."""
    from bot.flows.people.pool_document import generate_pool
    from bot.ports.records import DbRecords

    rt = runtime()
    with Session(rt.engine) as s:
        inst = s.exec(select(Instansi).where(Instansi.kode == instansi.strip().upper())).first()
    if inst is None or inst.id is None:
        raise fail(f"Instansi {instansi} tidak dikenal.", code=2)
    made = generate_pool(
        cli_audit_log(rt),
        DbRecords(rt.engine),
        scope=frozenset({inst.id}),
        unit=unit,
        actor=cli_actor(),
    )
    write_private_bytes(out_path, made.content)
    out.print(
        f"Talent pool {inst.kode} ditulis ke {out_path} ({made.people} pegawai, mode 0600); "
        f"segel: catatan audit seq {made.entry.seq}.",
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
