"""`talenta dokumen daftar` and `talenta gambar contoh` end to end on a real SQLite database."""

from __future__ import annotations

import getpass
import io
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from db import migrate
from db.audit import AuditKind
from db.engine import make_engine
from db.models import AuditEntry
from db.settings import DatabaseSettings
from tests.bot.flows.pictures.test_shortlist_document import KEY, SCORES, record_example
from tests.bot.support import build_world

runner = CliRunner()


@pytest.fixture
def cli_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    db = tmp_path / "var" / "talenta.db"
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        f"app:\n  data_dir: {tmp_path / 'var'}\n  log_format: text\n"
        f"database:\n  url: sqlite:///{db}\n"
    )
    monkeypatch.setenv("TALENTA_CONFIG", str(cfg))
    monkeypatch.setenv("TALENTA_AUDIT_HMAC_KEY", KEY.decode())
    engine = make_engine(DatabaseSettings(url=f"sqlite:///{db}"))
    migrate.upgrade(engine)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield engine
    root.handlers[:] = handlers
    root.setLevel(level)
    engine.dispose()


def test_dokumen_daftar_writes_pdf_and_records_os_user(cli_engine: Engine, tmp_path: Path) -> None:
    ref = record_example(cli_engine, build_world(cli_engine))
    out = tmp_path / "dok" / "daftar.pdf"
    result = runner.invoke(app, ["dokumen", "daftar", ref.lower(), "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert ref in said and "3 calon" in said and "fontTools" not in said
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    for score in SCORES.values():
        assert f"{score:.3f}" in text
    with Session(cli_engine) as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.kind == AuditKind.DOCUMENT.value)).one()
    assert (entry.actor_type, entry.actor_id) == ("cli", getpass.getuser())


def test_dokumen_daftar_unknown_reference_fails_plainly(cli_engine: Engine, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["dokumen", "daftar", "SL-2026-000404", "--out", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 1
    assert "tidak ditemukan" in result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_gambar_contoh_from_fresh_sample_data(cli_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "images"
    result = runner.invoke(app, ["gambar", "contoh", "--out", str(out), "--pegawai", "300"])
    assert result.exit_code == 0, result.output
    nb = Image.open(io.BytesIO((out / "ninebox.png").read_bytes()))
    assert nb.format == "PNG" and nb.size == (900, 900)
    chart = Image.open(io.BytesIO((out / "kompetensi.png").read_bytes()))
    assert chart.format == "PNG" and chart.width == 800
    page = out / "dokumen-daftar-hal1.png"
    if shutil.which("pdftoppm") is None:
        assert "pdftoppm" in result.output and not page.exists()
    else:
        img = Image.open(io.BytesIO(page.read_bytes()))
        assert img.format == "PNG" and img.width < img.height  # an A4 portrait page
