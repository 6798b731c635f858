"""The real services, wired by the composition root, behind the same core (hashing encoder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.settings import load_settings
from bot.wiring import build_assistant
from tests.bot.support import Chat, bind_all, build_world


@pytest.mark.slow
def test_real_search_regulations_and_opportunities(sqlite_engine: Engine, tmp_path: Path) -> None:
    world = build_world(sqlite_engine)
    settings = load_settings(
        app={"data_dir": tmp_path},
        encoder={"backend": "hashing"},
        search={"index_dir": tmp_path / "index"},
    )
    assistant = build_assistant(settings, sqlite_engine)
    bind_all(assistant, world, "ppk_bth", "hr_prov", "asn_sari")

    found = Chat(assistant, "ppk_bth").say("siapa yang cocok jadi kepala bidang aset?")
    assert found.kind == "candidates" and found.protect_content
    assert "Rina Kerinci" not in found.html and "Andi Provinsi" not in found.html
    assert world.nips["budi"] not in found.html  # masked for a PPK
    # A position everyone in scope fails: said so, with the count, rather than an empty list.
    strict = Chat(assistant, "ppk_bth").say("/kandidat Kepala Bidang Anggaran")
    assert strict.kind == "no_candidates" and "tidak memenuhi" in strict.html

    answer = Chat(assistant, "hr_prov").say("apa syarat jabatan administrator?")
    assert answer.kind == "regulation"
    assert "Basis pengetahuan" in answer.html  # the real regulation assistant answered

    own = Chat(assistant, "asn_sari").say("/peluang")
    assert own.kind == "opportunities" and own.personal_data
