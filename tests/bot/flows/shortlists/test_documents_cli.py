"""`talenta dokumen daftar|talentpool` (files 0600, sealed) and `talenta audit verify-file`
(0 for the original, 1 for a one-byte change, 2 for an unreadable file) on a real database."""

from __future__ import annotations

import hashlib
import io
import stat
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from db.audit import AuditKind
from db.models import AuditEntry
from tests.bot.flows.pictures.test_media_cli import cli_engine  # noqa: F401 (fixture)
from tests.bot.flows.pictures.test_shortlist_document import record_example
from tests.bot.support import build_world

runner = CliRunner()


def _entries(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(
            s.exec(select(AuditEntry).where(AuditEntry.kind == AuditKind.DOCUMENT.value)).all()
        )


def _said(output: str) -> str:
    return " ".join(output.split())


def test_verify_file_original_changed_and_unreadable(
    cli_engine: Engine,  # noqa: F811
    tmp_path: Path,
) -> None:
    ref = record_example(cli_engine, build_world(cli_engine))
    pdf = tmp_path / "dok" / "daftar.pdf"
    made = runner.invoke(app, ["dokumen", "daftar", ref, "--keluaran", str(pdf)])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    [entry] = _entries(cli_engine)
    assert entry.payload is not None
    assert entry.payload["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert entry.payload["format"] == "pdf" and entry.payload["shortlist_ref"] == ref

    ok = runner.invoke(app, ["audit", "verify-file", str(pdf)])
    assert ok.exit_code == 0, ok.output
    said = _said(ok.output)
    assert said.startswith("COCOK") and ref in said and f"seq {entry.seq}" in said
    assert "operator baris perintah" in said and "WIB" in said

    changed = tmp_path / "ubah.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01  # one byte
    changed.write_bytes(bytes(data))
    bad = runner.invoke(app, ["audit", "verify-file", str(changed)])
    assert bad.exit_code == 1, bad.output
    assert "TIDAK COCOK" in _said(bad.output)

    gone = runner.invoke(app, ["audit", "verify-file", str(tmp_path / "tidak-ada.pdf")])
    assert gone.exit_code == 2 and "tidak dapat dibaca" in _said(gone.output)
    folder = runner.invoke(app, ["audit", "verify-file", str(tmp_path)])
    assert folder.exit_code == 2


def test_verify_file_refuses_a_forged_entry(cli_engine: Engine, tmp_path: Path) -> None:  # noqa: F811
    ref = record_example(cli_engine, build_world(cli_engine))
    out = tmp_path / "d.xlsx"
    made = runner.invoke(
        app, ["dokumen", "daftar", ref, "--format", "xlsx", "--keluaran", str(out)]
    )
    assert made.exit_code == 0, made.output
    # Someone puts the hash of another file into the entry's payload: the HMAC catches it.
    other = tmp_path / "lain.xlsx"
    other.write_bytes(out.read_bytes() + b"\0")
    [entry] = _entries(cli_engine)
    with Session(cli_engine) as s:
        row = s.get(AuditEntry, entry.id)
        assert row is not None and row.payload is not None
        row.payload = {**row.payload, "sha256": hashlib.sha256(other.read_bytes()).hexdigest()}
        s.add(row)
        s.commit()
    forged = runner.invoke(app, ["audit", "verify-file", str(other)])
    assert forged.exit_code == 1 and "RUSAK" in _said(forged.output), forged.output


def test_dokumen_xlsx_and_talentpool_written_0600(cli_engine: Engine, tmp_path: Path) -> None:  # noqa: F811
    world = build_world(cli_engine)
    ref = record_example(cli_engine, world)
    out = tmp_path / "daftar.xlsx"
    made = runner.invoke(
        app, ["dokumen", "daftar", ref, "--format", "xlsx", "--keluaran", str(out)]
    )
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    wb = load_workbook(io.BytesIO(out.read_bytes()), read_only=True)
    cells = {str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row}
    assert ref in cells and "Sari Wulandari" in cells  # a list shown with identities
    assert world.nips["sari"] not in cells

    pool = tmp_path / "pool.xlsx"
    pool.write_bytes(b"old")
    pool.chmod(0o644)  # an earlier, readable file is made private before it is overwritten
    done = runner.invoke(
        app, ["dokumen", "talentpool", "--instansi", "bth", "--keluaran", str(pool)]
    )
    assert done.exit_code == 0, done.output
    assert stat.S_IMODE(pool.stat().st_mode) == 0o600
    check = runner.invoke(app, ["audit", "verify-file", str(pool)])
    assert check.exit_code == 0 and "talent pool BTH" in _said(check.output), check.output
    unknown = runner.invoke(
        app, ["dokumen", "talentpool", "--instansi", "XYZ", "--keluaran", str(tmp_path / "x")]
    )
    assert unknown.exit_code == 2 and not (tmp_path / "x").exists()
