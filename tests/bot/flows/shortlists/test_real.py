"""Issue 7 with the real services (hashing encoder): the recorded list carries the position,
the eligible pool the search reported and the eligibility the merit rules found."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import Session

from bot.config.secrets import Secrets
from bot.config.wiring import build_assistant
from db.audit import AuditKind, reopen_shortlist, verify_chain
from db.audit.export import export_rows
from db.clock import today_wib
from tests.bot.audited import ref_of
from tests.bot.support import Chat, add_pengawas_years, bind_all, build_world, real_settings

KEY = "kunci-audit-uji-" + "r" * 32


@pytest.mark.slow
def test_a_real_position_search_is_recorded_with_its_pool(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    world = build_world(sqlite_engine)
    add_pengawas_years(sqlite_engine, world, "sari", "tono")
    settings = real_settings(tmp_path)
    secrets = Secrets(audit_hmac_key=SecretStr(KEY))
    assistant = build_assistant(settings, sqlite_engine, secrets=secrets)
    bind_all(assistant, world, "hr_bth")
    search = assistant.services.search
    assert search is not None
    page = search.search(
        "Kepala Bidang Aset", scope=frozenset({world.ids["BTH"]}), limit=5, offset=0
    )
    assert page.position_id is not None and page.pool_ids

    reply = Chat(assistant, "hr_bth").say("/kandidat Kepala Bidang Aset")
    assert reply.kind == "candidates", reply.html
    # The header names the position the words were matched to, so a wrong match shows.
    assert reply.html.startswith("<b>Kandidat untuk:</b> Kepala Bidang Aset"), reply.html[:80]
    with Session(sqlite_engine) as s:
        view = reopen_shortlist(s, ref_of(reply))
    assert view.jabatan_id == page.position_id
    assert view.rendered["position"] == "Kepala Bidang Aset"  # a reopened list shows it too
    assert sum(view.pool["jenis_kelamin"].values()) == len(page.pool_ids)
    assert [c.pegawai_id for c in view.candidates] == [c.pegawai_id for c in page.items]
    assert all(c.eligible for c in view.candidates)
    assert all(c.in_succession_group is not None for c in view.candidates)

    # Another agency's employee by name: refused, answered as "not found", recorded.
    assert Chat(assistant, "hr_bth").say("/profil Rina Kerinci").kind == "refused"
    today = today_wib()
    kinds = [r.kind for r in export_rows(sqlite_engine, start=today, end=today)]
    assert AuditKind.REFUSAL.value in kinds and AuditKind.SEARCH.value in kinds
    assert verify_chain(sqlite_engine, KEY.encode()).problem is None
