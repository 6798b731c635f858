"""`talenta ask --json` / `--jsonl` as a process would run it: settings from the environment,
the real wiring (hashing encoder), exit codes 0 / 2 / 3, the audit log written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from bot.cli import app
from db.models.audit import AuditEntry
from tests.bot.support import World, build_world

SCHEMA = Draft202012Validator(
    json.loads((Path(__file__).parents[3] / "docs" / "ask-output.schema.json").read_text("utf-8"))
)


@pytest.fixture
def world(sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    w = build_world(sqlite_engine)
    monkeypatch.setenv("TALENTA_DATABASE__URL", sqlite_engine.url.render_as_string(False))
    monkeypatch.setenv("TALENTA_ENCODER__BACKEND", "hashing")
    monkeypatch.setenv("TALENTA_APP__DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TALENTA_SEARCH__INDEX_DIR", str(tmp_path / "data" / "index"))
    monkeypatch.setenv("TALENTA_APP__LOG_LEVEL", "ERROR")
    return w


def ask_entries(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as s:
        q = select(AuditEntry).where(AuditEntry.kind == "ask_cli").order_by(col(AuditEntry.seq))
        return list(s.exec(q))


def test_missing_role_is_a_usage_error_with_exit_code_2(world: World) -> None:
    result = CliRunner().invoke(app, ["ask", "kandidat kepala bidang", "--json"])
    assert result.exit_code == 2
    assert "--peran" in result.output
    assert ask_entries(world.engine) == []


def test_ppk_asks_for_another_agencys_employee_by_name_and_nip(world: World) -> None:
    for who in ("Rina Kerinci", world.nips["rina"]):
        result = CliRunner().invoke(
            app, ["ask", f"profil {who}", "--json", "--as", "ppk", "--instansi", "BTH"]
        )
        assert result.exit_code == 3, result.output
        obj = json.loads(result.stdout)
        assert obj["refused"] is True and obj["reason"] == "not_found"
        assert SCHEMA.is_valid(obj)
    entries = ask_entries(world.engine)
    assert [e.payload["question"] for e in entries] == [
        "profil Rina Kerinci",
        f"profil {world.nips['rina']}",
    ]
    assert all(e.actor_type == "cli" and e.actor_role == "ppk" for e in entries)
    assert all(e.actor_instansi == "BTH" and e.payload["refused"] for e in entries)


def test_jsonl_answers_every_line_in_one_process(world: World, tmp_path: Path) -> None:
    lines = [
        {"pertanyaan": "Pasal 107 PP 11/2017", "as": "guest"},
        {"pertanyaan": "butuh orang yang paham keuangan", "tanggal": "2026-11-29"},
        {"pertanyaan": "/profil", "as": "asn", "nip": world.nips["sari"]},
        {"pertanyaan": "profil Rina Kerinci", "as": "ppk", "instansi": "BTH"},
        {"pertanyaan": "kandidat", "as": "raja"},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ask", "--jsonl", str(path), "--as", "hr", "--instansi", "BTH"]
    )
    # One unusable line: the others are answered, the exit code says something was wrong.
    assert result.exit_code == 2, result.output
    out = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5]
    assert [o.get("intent") for o in out] == [
        "regulasi",
        "cari_kandidat",
        "profil_saya",
        "profil_pegawai",
        None,
    ]
    assert out[1]["tanggal"] == "2026-11-29" and out[1]["candidates"]
    assert out[3]["refused"] is True
    assert "raja" in out[4]["error"] and str(path) in out[4]["error"]
    for obj in out:
        assert SCHEMA.is_valid(obj), list(SCHEMA.iter_errors(obj))[:1]
    assert [e.payload["as"] for e in ask_entries(world.engine)] == ["guest", "hr", "asn", "ppk"]


def test_plain_text_prints_what_the_person_reads(world: World) -> None:
    result = CliRunner().invoke(app, ["ask", "/profil", "--as", "asn", "--nip", world.nips["sari"]])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Profil talenta Anda\nSari Wulandari")
