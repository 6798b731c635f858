"""`talenta audit …` and `talenta cases …` end to end on a real SQLite database."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select, update
from sqlmodel import Session
from typer.testing import CliRunner

from bot.cli import app
from bot.config.secrets import load_secrets
from bot.config.settings import load_settings
from bot.config.wiring import audit_key
from bot.errors import ConfigError
from db import migrate
from db.audit import (
    AuditKind,
    AuditLog,
    CandidateIn,
    CaseKind,
    list_cases,
    open_case,
    record_reveal,
    record_shortlist,
)
from db.clock import today_wib
from db.engine import make_engine
from db.models import AuditEntry, ShortlistCandidate, ShortlistReveal
from db.settings import DatabaseSettings
from tests.db.audit.conftest import ASN, KEY, PPK, People, record_list

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
    # The CLI points logging at the runner's (now closed) stderr: put the test's handlers back.
    root.handlers[:] = handlers
    root.setLevel(level)
    engine.dispose()


def test_verify_anchor_export_and_tamper(cli_engine: Engine, tmp_path: Path) -> None:
    audit = AuditLog(cli_engine, KEY)
    for i in range(3):
        audit.record(AuditKind.SEARCH, PPK, {"i": i}, [i + 1])
    result = runner.invoke(app, ["audit", "anchor"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "var" / "audit" / "anchor.jsonl").exists()

    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "utuh" in result.output and "3 entri" in result.output

    out = tmp_path / "inspektur.json"
    result = runner.invoke(
        app, ["audit", "export", "--from", "2000-01-01", "--to", "2100-12-31", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["header"]["rantai_utuh"] is True
    assert [e["seq"] for e in doc["entries"]] == [1, 2, 3]

    result = runner.invoke(
        app, ["audit", "export", "--from", "2026-13-01", "--to", "2026-12-31", "--out", str(out)]
    )
    assert result.exit_code == 2

    with cli_engine.begin() as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor_role="hr"))
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "seq 2" in result.output


def test_purge_reports_counts(cli_engine: Engine) -> None:
    AuditLog(cli_engine, KEY).record(AuditKind.SEARCH, PPK, {"q": 1})
    result = runner.invoke(app, ["audit", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Akan dimusnahkan" in result.output and "tidak ada" in result.output


def test_cases_list_and_resolve(cli_engine: Engine) -> None:
    people = People(cli_engine)
    audit = AuditLog(cli_engine, KEY)
    case = open_case(
        audit,
        actor=ASN,
        pegawai_id=people.ids[0],
        instansi_id=people.instansi_id,
        kind=CaseKind.DATA_ERROR,
        text="Pendidikan terakhir saya S2, tercatat S1.",
    )
    result = runner.invoke(app, ["cases", "list"])
    assert result.exit_code == 0, result.output
    assert f"#{case.id}" in result.output and people.pegawai[0].nip in result.output
    result = runner.invoke(app, ["cases", "resolve", str(case.id), "--catatan", "Sudah dikoreksi."])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["cases", "resolve", str(case.id), "--catatan", "Lagi."])
    assert result.exit_code == 1 and "sudah diselesaikan" in result.output
    with Session(cli_engine) as s:
        assert list_cases(s) == []
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0 and "case_resolution 1" in result.output


def test_dev_key_file_is_private_and_stable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TALENTA_APP__DATA_DIR", str(tmp_path))
    settings = load_settings()
    first = audit_key(settings, load_secrets({}))
    key_file = tmp_path / "audit" / "hmac.key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert audit_key(settings, load_secrets({})) == first and len(first) >= 32
    with pytest.raises(ConfigError, match="TALENTA_AUDIT_HMAC_KEY"):
        audit_key(settings, load_secrets({"TALENTA_AUDIT_HMAC_KEY": "pendek"}))
    env_key = "k" * 40
    assert (
        audit_key(settings, load_secrets({"TALENTA_AUDIT_HMAC_KEY": env_key})) == env_key.encode()
    )


def test_fairness_report_command(cli_engine: Engine) -> None:
    people = People(cli_engine)
    audit = AuditLog(cli_engine, KEY)
    record_shortlist(
        audit,
        actor=PPK,
        rendered={"n": 2},
        candidates=[CandidateIn(people.ids[0], 1), CandidateIn(people.ids[1], 2)],
        request={"q": "x"},
        config_hash="c" * 64,
        model="m",
        index_version="v",
        data_snapshot="s",
        blind=True,
        instansi_id=people.instansi_id,
        pool_pegawai_ids=people.ids,
    )
    today = today_wib()
    args = [
        "audit",
        "fairness",
        "--tahun",
        str(today.year),
        "--triwulan",
        str((today.month - 1) // 3 + 1),
    ]
    result = runner.invoke(app, [*args, "--instansi", "prov"])
    assert result.exit_code == 0, result.output
    assert "PROV" in result.output and "terlalu sedikit" in result.output
    result = runner.invoke(app, [*args, "--instansi", "XYZ"])
    assert result.exit_code == 2


def test_verify_prints_one_line_per_finding(cli_engine: Engine) -> None:
    people = People(cli_engine)
    audit = AuditLog(cli_engine, KEY)
    view = record_list(audit, people, people.ids[:3])
    reveal = record_reveal(audit, actor=PPK, ref=view.ref)
    second = ShortlistCandidate.rank == 2
    with Session(cli_engine) as s:
        deleted = s.scalars(select(ShortlistCandidate.id).where(second)).one()
    with cli_engine.begin() as conn:
        conn.execute(delete(ShortlistReveal))
        conn.execute(delete(ShortlistCandidate).where(second))
    result = runner.invoke(app, ["audit", "verify"], env={"COLUMNS": "60"})
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("TEMUAN ")]
    assert len(lines) == 2, result.output
    assert lines[0].startswith(f"TEMUAN seq {view.entry_seq}, shortlist_candidate id {deleted}: ")
    assert "dihapus" in lines[0]
    assert lines[1].startswith(f"TEMUAN seq {reveal.seq}, shortlist_reveal id 1: ")
    assert "2 temuan" in " ".join(result.output.split())
