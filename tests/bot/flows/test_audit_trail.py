"""Issue 7 end to end: what the bot and the CLI write appears in `talenta audit export`."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from bot.cli import app
from bot.config.audit_hooks import record_config_changes
from bot.config.settings import load_settings
from bot.ports.services import Accountability
from bot.router.assistant import Assistant
from db.audit import AuditKind, AuditLog, AuditSettings
from db.clock import today_wib
from tests.bot.audited import give_reason
from tests.bot.support import Chat, bind_all, build_world, make_services
from tests.db.importer.fixtures import make_dataset

KEY = "kunci-audit-uji-" + "x" * 32


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI points the root logger at CliRunner's stream; put it back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def env(sqlite_engine: Engine, tmp_path: Path) -> dict[str, str]:
    return {
        "TALENTA_DATABASE__URL": sqlite_engine.url.render_as_string(hide_password=False),
        "TALENTA_APP__DATA_DIR": str(tmp_path / "var"),
        "TALENTA_APP__LOG_FORMAT": "text",
        # A written import updates the search index: the small encoder, in this test's folder.
        "TALENTA_ENCODER__BACKEND": "hashing",
        "TALENTA_SEARCH__INDEX_DIR": str(tmp_path / "index"),
        "TALENTA_AUDIT_HMAC_KEY": KEY,
        "COLUMNS": "200",
    }


def _export(env: dict[str, str], tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "audit.json"
    day = today_wib().isoformat()
    result = CliRunner().invoke(
        app, ["audit", "export", "--from", day, "--to", day, "--out", str(out)], env=env
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["header"]["rantai_utuh"] is True
    return list(doc["entries"])


def test_reveal_override_import_weights_grants_refusals_and_reads_appear_in_the_export(
    sqlite_engine: Engine, env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An import through the CLI, by the OS user.
    data = make_dataset(7, agencies=("BGO", "KJB")).write_csv(tmp_path / "in")
    imported = CliRunner().invoke(app, ["data", "import", str(data)], env=env)
    assert imported.exit_code == 0, imported.output

    # A PPK search, a reveal and a choice of #5 with its reason, through the assistant.
    world = build_world(sqlite_engine)
    audit = AuditLog(sqlite_engine, KEY.encode())
    services = make_services(sqlite_engine)
    services.accountability = Accountability(audit, AuditSettings(), config_hash="cfg")
    assistant = Assistant(sqlite_engine, services)
    bind_all(assistant, world, "ppk_bth")
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say("/kandidat pejabat pengganti")
    tokens = {b.label: b.token for row in first.buttons for b in row}
    assert ppk.press(tokens["Tampilkan identitas"]).kind == "candidates"
    assert ppk.press(tokens["Pilih 5"]).kind == "choice_reason"
    reason = "Satu-satunya yang berpengalaman mengelola anggaran bencana."
    assert give_reason(ppk, reason).kind == "choice_recorded"
    # A refused look-up of another agency's employee, and a talent-pool list.
    assert ppk.say("/profil Rina Kerinci").kind == "refused"
    assert ppk.say("/talentpool").kind == "talentpool"

    # A start-up with the default weights, then one with a changed weight.
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert len(record_config_changes(audit, load_settings())) == 3  # first record of each
    assert record_config_changes(audit, load_settings()) == []  # nothing changed
    monkeypatch.setenv("TALENTA_SEARCH__WEIGHTS__JPM", "0.9")
    [changed] = record_config_changes(audit, load_settings())

    # A role grant and its revocation.
    invited = CliRunner().invoke(
        app,
        ["users", "invite", "--role", "hr", "--nama", "Staf Baru", "--instansi", "BTH"],
        env=env,
    )
    assert invited.exit_code == 0, invited.output
    uid = int(invited.output.split("Pengguna ")[1].split(" ")[0])
    assert CliRunner().invoke(app, ["users", "revoke", str(uid)], env=env).exit_code == 0

    entries = _export(env, tmp_path)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        by_kind.setdefault(e["kind"], []).append(e)

    [imp] = by_kind[AuditKind.IMPORT.value]
    assert imp["actor_type"] == "cli" and imp["actor_id"]
    assert imp["payload"]["counts"]["pegawai_created"] == 7
    assert set(imp["payload"]["files"]) and all(
        len(h) == 64 for h in imp["payload"]["files"].values()
    )

    [reveal] = by_kind[AuditKind.REVEAL.value]
    assert reveal["actor_role"] == "ppk" and reveal["actor_instansi"] == "BTH"
    [override] = by_kind[AuditKind.OVERRIDE.value]
    assert override["payload"]["reason"] == reason and override["payload"]["rank"] == 5
    assert override["payload"]["shortlist_ref"] == reveal["payload"]["shortlist_ref"]

    weights = by_kind[AuditKind.WEIGHTS_CHANGE.value]
    assert len(weights) == 2 and weights[-1]["seq"] == changed.seq
    last = weights[-1]["payload"]
    assert last["what"] == "ranking_weights"
    assert last["before"]["value"]["weights"]["jpm"] == 0.3
    assert last["after"]["value"]["weights"]["jpm"] == 0.9
    assert last["before"]["hash"] != last["after"]["hash"]
    assert {e["payload"]["what"] for e in by_kind[AuditKind.CONFIG_CHANGE.value]} == {
        "jpm_scheme",
        "ninebox",
    }

    grants = by_kind[AuditKind.ROLE_GRANT.value]
    assert [g["payload"]["what"] for g in grants] == [
        f"bot_user:{uid}:invite",
        f"bot_user:{uid}:revoke",
    ]
    assert grants[0]["payload"]["after"]["role"] == "hr"
    assert "Staf Baru" not in json.dumps(grants)  # ids and roles, never names

    [refusal] = by_kind[AuditKind.REFUSAL.value]
    assert refusal["actor_role"] == "ppk" and refusal["actor_instansi"] == "BTH"
    assert refusal["payload"]["action"] == "detail"
    assert refusal["payload"]["reason"] == "other_agency"
    assert refusal["payload"]["target"]["pegawai_ids"] == [world.ids["rina"]]
    assert refusal["subjects"] == []
    [pool] = [e for e in by_kind[AuditKind.SEARCH.value] if e["payload"]["request"].get("list")]
    assert pool["payload"]["request"]["list"] == "talentpool" and pool["actor_role"] == "ppk"
    assert world.ids["sari"] in {sub["pegawai_id"] for sub in pool["subjects"]}
    assert "Sari" not in json.dumps(pool)  # ids, never names
