"""`talenta cases …`: the HR queue of data-error flags and nine-box contests."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import Session, col, select

from bot.cli.audit_cmd import cli_actor, cli_audit_log
from bot.cli.common import fail, out, runtime
from db.audit import CaseError, CaseStatus, list_cases, resolve_case
from db.audit.canonical import as_utc
from db.audit.cases import CASE_KIND_LABEL, CaseKind
from db.clock import waktu_wib
from db.models import Instansi, Pegawai

app = typer.Typer(help="Antrean pengajuan ASN: kesalahan data, keberatan nine-box.")

STATUS_CHOICES = {"open": CaseStatus.OPEN, "resolved": CaseStatus.RESOLVED, "semua": None}


@app.command("list")
def list_command(
    status: Annotated[str, typer.Option(help="open, resolved atau semua.")] = "open",
    instansi: Annotated[str | None, typer.Option(help="Kode instansi, mis. PROV.")] = None,
) -> None:
    """Menampilkan pengajuan (bawaan: yang masih terbuka), yang terlama lebih dulu."""
    if status not in STATUS_CHOICES:
        raise fail("--status harus open, resolved atau semua", code=2)
    rt = runtime()
    with Session(rt.engine) as s:
        ids = None
        if instansi:
            inst = s.exec(select(Instansi).where(Instansi.kode == instansi.upper())).first()
            if inst is None or inst.id is None:
                raise fail(f"Instansi {instansi} tidak dikenal.", code=2)
            ids = [inst.id]
        cases = list_cases(s, status=STATUS_CHOICES[status], instansi_ids=ids)
        nip = {
            p.id: p.nip
            for p in s.exec(
                select(Pegawai).where(col(Pegawai.id).in_([c.pegawai_id for c in cases]))
            ).all()
        }
    if not cases:
        out.print("Tidak ada pengajuan.")
        return
    table = Table(title=f"Pengajuan ({status})")
    for heading in ("No.", "Diajukan (WIB)", "NIP"):
        table.add_column(heading, no_wrap=True)
    for heading in ("Jenis", "Status", "Uraian"):
        table.add_column(heading)
    for c in cases:
        raw = c.text if c.text is not None else "(dimusnahkan sesuai retensi)"
        text = raw if len(raw) <= 80 else raw[:77] + "…"
        table.add_row(
            f"#{c.id}",
            waktu_wib(as_utc(c.created_at)),
            nip.get(c.pegawai_id, f"id {c.pegawai_id}"),
            CASE_KIND_LABEL[CaseKind(c.kind)],
            "selesai" if c.status == CaseStatus.RESOLVED else "terbuka",
            text,
        )
    out.print(table)


@app.command("resolve")
def resolve_command(
    case_id: Annotated[int, typer.Argument(help="Nomor pengajuan.")],
    catatan: Annotated[str, typer.Option("--catatan", help="Penyelesaian, dibaca oleh ASN.")],
) -> None:
    """Menyelesaikan pengajuan; ASN diberi tahu oleh asisten, penyelesaian dicatat di audit."""
    rt = runtime()
    audit = cli_audit_log(rt)
    try:
        case = resolve_case(audit, actor=cli_actor(), case_id=case_id, resolution=catatan)
    except CaseError as exc:
        raise fail(str(exc)) from None
    out.print(f"Pengajuan #{case.id} diselesaikan; ASN akan diberi tahu.")
