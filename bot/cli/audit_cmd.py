"""`talenta audit …`: verify the chain, export it for an inspector, anchor its head, purge."""

from __future__ import annotations

import getpass
import hashlib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import Session, select

from bot.cli.common import console, fail, out, runtime
from bot.config.runtime import Runtime
from bot.config.wiring import audit_anchor_path, audit_key
from bot.errors import ConfigError
from db.audit import (
    Actor,
    AuditKind,
    AuditLog,
    fairness_report,
    find_document,
    purge_due,
    read_anchors,
    verify_chain,
    write_anchor,
)
from db.audit.anchor import AnchorFileError
from db.audit.canonical import sha256_hex
from db.audit.export import export_rows, write_csv, write_json
from db.audit.verify import VerifyReport
from db.clock import WIB, now_wib, waktu_wib
from db.models import Instansi

app = typer.Typer(
    help="Catatan audit: verifikasi, ekspor untuk pemeriksa, jangkar, retensi.",
    no_args_is_help=True,
)

AnchorOpt = Annotated[
    Path | None, typer.Option("--anchor", help="Berkas jangkar (bawaan: audit.anchor_file).")
]


def cli_actor() -> Actor:
    return Actor.cli(getpass.getuser())


def _key(rt: Runtime) -> bytes:
    try:
        return audit_key(rt.settings, rt.secrets)
    except ConfigError as exc:
        raise fail(str(exc), code=2) from None


def cli_audit_log(rt: Runtime, key: bytes | None = None) -> AuditLog:
    """The chain writer for an operator command (a bad key is a usage error, exit 2)."""
    return AuditLog(rt.engine, key or _key(rt), lock_timeout_s=rt.settings.audit.lock_timeout_s)


def _verify(rt: Runtime, anchor: Path | None, key: bytes) -> VerifyReport:
    path = anchor or audit_anchor_path(rt.settings)
    try:
        anchors = read_anchors(path)
    except AnchorFileError as exc:
        raise fail(str(exc)) from None
    return verify_chain(rt.engine, key, anchors, rt.settings.audit)


@app.command("verify")
def verify(anchor: AnchorOpt = None) -> None:
    """Memeriksa rantai audit, baris yang dijaminnya, dan jangkarnya; keluar 1 bila ada temuan."""
    rt = runtime()
    report = _verify(rt, anchor, _key(rt))
    if report.problems:
        for problem in report.problems:
            out.print(f"TEMUAN {problem.line()}", highlight=False, soft_wrap=True)
        raise fail(
            f"Catatan audit RUSAK: {len(report.problems)} temuan pada {report.entries} entri "
            "(satu baris per temuan di atas; lihat docs/accountability.md)."
        )
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(report.kinds.items())) or "-"
    out.print(
        f"Rantai audit utuh: {report.entries} entri ({kinds}); "
        f"{report.purged_payloads} payload dimusnahkan sesuai retensi; baris daftar kandidat, "
        f"pilihan, pembukaan identitas dan pegawai terkait cocok dengan entrinya; "
        f"kepala seq {report.head_seq} hash {report.head_hash[:16]}…",
        highlight=False,
    )
    if report.latest_anchor is None:
        console.print(
            "[yellow]Belum ada jangkar: jalankan `talenta audit anchor` secara terjadwal, "
            "tanpa jangkar penghapusan entri di ujung rantai tidak terdeteksi.[/yellow]"
        )
    else:
        when = report.latest_anchor.anchored_at.astimezone(WIB)
        out.print(
            f"Cocok dengan {report.anchors_checked} jangkar; terakhir seq "
            f"{report.latest_anchor.seq} ({waktu_wib(when)} WIB).",
            highlight=False,
        )


_ACTOR_TYPE = {"cli": "operator baris perintah", "telegram": "akun Telegram", "console": "konsol"}


@app.command("verify-file")
def verify_file(
    file: Annotated[Path, typer.Argument(help="Berkas PDF/XLSX yang diperiksa.")],
) -> None:
    """Mencocokkan berkas dokumen dengan entri auditnya (hash SHA-256 berkas).

    Keluar 0 bila cocok dengan entri yang utuh di rantai, 1 bila tidak ada entri (berkas diubah
    atau tidak dikenal) atau entrinya rusak, 2 bila berkas tidak dapat dibaca.
    """
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise fail(f"Berkas {file} tidak dapat dibaca: {exc.strerror or exc}.", code=2) from None
    digest = hashlib.sha256(data).hexdigest()
    rt = runtime()
    match = find_document(rt.engine, _key(rt), digest)
    if match is None:
        raise fail(
            f"TIDAK COCOK: tidak ada catatan audit untuk berkas {file} (sha256 {digest[:16]}…). "
            "Berkas ini diubah setelah dibuat, atau tidak dibuat oleh Talenta ini."
        )
    if not match.intact:
        raise fail(
            f"RUSAK: berkas {file} tercatat di seq {match.seq}, tetapi entri itu tidak lagi "
            "cocok dengan rantai audit; jalankan `talenta audit verify`."
        )
    p = match.payload
    what = str(p.get("document", "dokumen"))
    if p.get("sidang_ref"):
        which = f"berita acara sidang {p['sidang_ref']} (daftar {p.get('shortlist_ref', '-')})"
    elif p.get("shortlist_ref"):
        which = f"daftar {p['shortlist_ref']}"
    else:
        which = f"talent pool {', '.join(p.get('instansi') or []) or '-'}"
    state = " tanpa identitas" if p.get("blind") else ""
    who = f"{_ACTOR_TYPE.get(match.actor_type, match.actor_type)} {match.actor_id}"
    if match.actor_role:
        who += f" (peran {match.actor_role}"
        who += f", instansi {match.actor_instansi})" if match.actor_instansi else ")"
    out.print(
        f"COCOK: {what.split('_')[-1].upper()} {which}{state}, dibuat oleh {who} pada "
        f"{waktu_wib(match.ts.astimezone(WIB))} WIB; segel catatan audit seq {match.seq}.",
        highlight=False,
    )


def _parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: tanggal harus YYYY-MM-DD (diberikan: {value!r})", code=2) from None


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@app.command("export")
def export(
    date_from: Annotated[str, typer.Option("--from", help="Tanggal awal (WIB), YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Tanggal akhir (WIB), YYYY-MM-DD.")],
    out_file: Annotated[Path, typer.Option("--keluaran", help="Berkas hasil.")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="Format berkas.")
    ] = ExportFormat.json,
    anchor: AnchorOpt = None,
) -> None:
    """Mengekspor entri audit dalam rentang tanggal untuk pemeriksa (CSV/JSON)."""
    start, end = _parse_date(date_from, "--from"), _parse_date(date_to, "--to")
    if end < start:
        raise fail("--to tidak boleh sebelum --from", code=2)
    rt = runtime()
    key = _key(rt)
    report = _verify(rt, anchor, key)
    rows = export_rows(rt.engine, start=start, end=end)
    if fmt == "csv":
        n = write_csv(rows, out_file)
    else:
        header = {
            "dibuat": now_wib().isoformat(timespec="seconds"),
            "dari": start.isoformat(),
            "sampai": end.isoformat(),
            "rantai_utuh": report.ok,
            "temuan": [
                {"seq": p.seq, "tabel": p.table, "id": p.row_id, "alasan": p.reason}
                for p in report.problems
            ],
            "kepala_seq": report.head_seq,
            "kepala_hash": report.head_hash,
        }
        n = write_json(rows, out_file, header)
    digest = sha256_hex(out_file.read_bytes())
    cli_audit_log(rt, key).record(
        AuditKind.EXPORT,
        cli_actor(),
        {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "format": fmt.value,
            "entries": n,
            "file_sha256": digest,
        },
    )
    out.print(f"{n} entri ditulis ke {out_file} (sha256 {digest[:16]}…).", highlight=False)
    if not report.ok:
        raise fail(
            f"Perhatian: catatan audit rusak ({len(report.problems)} temuan, pertama: "
            f"{report.problems[0].line()}); jalankan `talenta audit verify`."
        )


@app.command("anchor")
def anchor_cmd(anchor: AnchorOpt = None) -> None:
    """Menambahkan kepala rantai (seq + hash + waktu) ke berkas jangkar di luar basis data."""
    rt = runtime()
    path = anchor or audit_anchor_path(rt.settings)
    a = write_anchor(rt.engine, path)
    out.print(
        f"Jangkar ditulis ke {path}: seq {a.seq}, hash {a.entry_hash[:16]}…, "
        f"{waktu_wib(a.anchored_at)} WIB.",
        highlight=False,
    )


@app.command("purge")
def purge(
    dry_run: Annotated[
        bool, typer.Option("--coba", help="Hanya hitung, tidak memusnahkan.")
    ] = False,
) -> None:
    """Memusnahkan payload, riwayat akses dan isi daftar kandidat yang lewat masa retensinya."""
    rt = runtime()
    audit = cli_audit_log(rt)
    report = purge_due(audit, rt.settings.audit, actor=cli_actor(), dry_run=dry_run)
    verb = "Akan dimusnahkan" if dry_run else "Dimusnahkan"
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(report.payloads.items())) or "tidak ada"
    out.print(
        f"{verb}: payload ({kinds}); riwayat akses dari {report.subjects} entri; "
        f"isi {report.shortlists} daftar kandidat; uraian {report.cases} pengajuan selesai.",
        highlight=False,
    )
    if report.entry is not None:
        out.print(f"Dicatat di rantai audit sebagai seq {report.entry.seq}.", highlight=False)


@app.command("fairness")
def fairness(
    tahun: Annotated[int, typer.Option(help="Tahun, mis. 2026.")],
    triwulan: Annotated[int, typer.Option(min=1, max=4, help="Triwulan 1–4 (WIB).")],
    instansi: Annotated[str | None, typer.Option(help="Kode instansi; bawaan: semua.")] = None,
) -> None:
    """Laporan keadilan: kandidat yang ditampilkan dibanding kelompok yang memenuhi syarat."""
    rt = runtime()
    with Session(rt.engine) as s:
        stmt = select(Instansi).order_by(Instansi.kode)
        if instansi:
            stmt = stmt.where(Instansi.kode == instansi.upper())
        agencies = list(s.exec(stmt).all())
        if not agencies:
            raise fail(f"Instansi {instansi} tidak dikenal.", code=2)
        reports = [
            (
                a.kode,
                fairness_report(
                    s,
                    instansi_id=a.id or 0,
                    year=tahun,
                    quarter=triwulan,
                    settings=rt.settings.audit.fairness,
                ),
            )
            for a in agencies
        ]
    table = Table(title=f"Keadilan daftar kandidat, triwulan {triwulan}/{tahun}")
    table.add_column("Instansi", no_wrap=True)
    table.add_column("Daftar", justify="right")
    table.add_column("Kelompok")
    table.add_column("Daftar/pool %", justify="right")
    table.add_column("Rasio", justify="right")
    table.add_column("Penilaian", no_wrap=True)
    for kode, r in reports:
        if r.status != "dinilai":
            table.add_row(kode, f"{r.shortlists} ({r.shortlisted})", "-", "-", "-", r.status)
            continue
        for g in r.groups:
            table.add_row(
                kode,
                f"{r.shortlists} ({r.shortlisted})",
                f"{g.dimension}: {g.group}",
                f"{100 * g.shortlisted_share:.0f}/{100 * g.pool_share:.0f}",
                "-" if g.ratio is None else f"{g.ratio:.2f}",
                g.status,
            )
    out.print(table)
    out.print(
        "Rasio = porsi di daftar ÷ porsi di kelompok yang memenuhi syarat; di bawah "
        f"{rt.settings.audit.fairness.review_ratio} ditandai untuk ditinjau. Aturannya: "
        "docs/accountability.md.",
        highlight=False,
    )
