"""`talenta komite berita-acara SK-… --keluaran DIR`: the minutes of a closed sidang for HR
and inspectors, as files (PDF and XLSX, mode 0600), each sealed and recorded in the audit log.

The CLI copy names no candidate (codes K1…Kn only): names belong to the members and the PPK
who revealed them in their own chat.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer

from bot.cli.audit_cmd import cli_actor, cli_audit_log
from bot.cli.common import fail, out, runtime
from db.audit.committee import CommitteeError
from db.private_files import write_private_bytes

app = typer.Typer(help="Komite talenta: berita acara sidang.", no_args_is_help=True)


class MinutesFormat(StrEnum):
    pdf = "pdf"
    xlsx = "xlsx"
    semua = "semua"


@app.command("berita-acara")
def berita_acara(
    ref: Annotated[str, typer.Argument(help="Rujukan sidang, mis. SK-2026-000001.")],
    out_dir: Annotated[
        Path, typer.Option("--keluaran", help="Folder tujuan berkas (mode 0600: hanya pemilik).")
    ],
    fmt: Annotated[
        MinutesFormat, typer.Option("--format", help="pdf, xlsx, atau semua.")
    ] = MinutesFormat.semua,
) -> None:
    """Berita acara sidang yang sudah ditutup (kode kandidat saja); tercatat di log audit."""
    from bot.flows.sidang_minutes import issue_minutes_file

    rt = runtime()
    audit = cli_audit_log(rt)
    choices: dict[MinutesFormat, tuple[Literal["pdf", "xlsx"], ...]] = {
        MinutesFormat.pdf: ("pdf",),
        MinutesFormat.xlsx: ("xlsx",),
        MinutesFormat.semua: ("pdf", "xlsx"),
    }
    formats = choices[fmt]
    if out_dir.exists() and not out_dir.is_dir():
        raise fail(f"{out_dir} bukan folder.", code=2)
    out_dir.mkdir(parents=True, exist_ok=True)
    for f in formats:
        try:
            made = issue_minutes_file(
                audit,
                ref,
                actor=cli_actor(),
                viewer_account=None,
                recipient_label="salinan tanpa nama kandidat (HR/pemeriksa)",
                fmt=f,
            )
        except CommitteeError as exc:
            raise fail(str(exc)) from None
        path = out_dir / made.filename
        write_private_bytes(path, made.content)
        out.print(
            f"Berita acara {made.sidang_ref} ({f.upper()}, kode kandidat saja) ditulis ke {path} "
            f"(mode 0600); segel: catatan audit seq {made.entry.seq}.",
            highlight=False,
        )
