"""The real services, wired by the composition root, behind the same core (hashing encoder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.config.wiring import build_assistant
from bot.flows import pictures
from bot.media.cache import PictureCaches
from bot.ports.adapters import SearchAdapter
from tests.bot.flows.pictures.helpers import add_estimated_star
from tests.bot.support import Chat, add_pengawas_years, bind_all, build_world, real_settings


@pytest.mark.slow
def test_real_search_regulations_and_opportunities(sqlite_engine: Engine, tmp_path: Path) -> None:
    world = build_world(sqlite_engine)
    settings = real_settings(tmp_path)
    assistant = build_assistant(settings, sqlite_engine)
    bind_all(assistant, world, "ppk_bth", "hr_prov", "asn_sari")

    # A question about a post is a post search with its eligibility rules, never a free-text
    # list: here nobody in scope meets them, and the reply says so for that post.
    found = Chat(assistant, "ppk_bth").say("siapa yang cocok jadi kepala bidang aset?")
    assert found.kind == "no_candidates" and "Kepala Bidang Aset" in found.html
    assert "tidak memenuhi" in found.html
    # A position everyone in scope fails: said so, with the count, rather than an empty list.
    strict = Chat(assistant, "ppk_bth").say("/kandidat Kepala Bidang Anggaran")
    assert strict.kind == "no_candidates" and "tidak memenuhi" in strict.html

    answer = Chat(assistant, "hr_prov").say("apa syarat jabatan administrator?")
    assert answer.kind == "regulation"
    assert "Basis pengetahuan" in answer.html  # the real regulation assistant answered

    own = Chat(assistant, "asn_sari").say("/peluang")
    assert own.kind == "opportunities" and own.personal_data


@pytest.mark.slow
def test_search_adapter_carries_score_parts_eligibility_and_pool(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    """The core's candidate page carries what the JSON door and the shortlist record need."""
    world = build_world(sqlite_engine)
    add_pengawas_years(sqlite_engine, world, "sari", "tono")
    settings = real_settings(tmp_path)
    assistant = build_assistant(settings, sqlite_engine)
    search = assistant.services.search
    assert search is not None
    bth = frozenset({world.ids["BTH"]})

    bind_all(assistant, world, "ppk_bth")
    found = Chat(assistant, "ppk_bth").say("siapa yang cocok jadi kepala bidang aset?")
    assert found.kind == "candidates" and found.protect_content
    assert "Rina Kerinci" not in found.html and "Andi Provinsi" not in found.html
    assert world.nips["budi"] not in found.html  # masked for a PPK

    page = search.search("Kepala Bidang Aset", scope=bth, limit=5, offset=0)
    assert page.position_id is not None and page.position == "Kepala Bidang Aset"
    assert page.jpm_scheme in {"90/78", "80/68"}
    assert page.hard_criteria and all(c.citations for c in page.hard_criteria)
    # The pool is the eligible people of the asker's scope, never anyone outside it.
    assert page.items and page.pool_ids >= {c.pegawai_id for c in page.items}
    assert world.ids["rina"] not in page.pool_ids and world.ids["andi"] not in page.pool_ids
    for c in page.items:
        parts = dict(c.ranking.components)
        assert set(parts) == {"relevance", "jpm", "ninebox", "kinerja", "bidang"}
        assert all(0.0 <= v <= 1.0 for v in parts.values())
        assert c.ranking.eligibility and all(line.ok is not False for line in c.ranking.eligibility)

    # Asked for, the ineligible come back with the criteria they fail.
    wide = search.search(
        "Kepala Bidang Aset", scope=bth, limit=5, offset=0, include_ineligible=True
    )
    assert all(n.failing and all(f.ok is False for f in n.failing) for n in wide.ineligible)
    assert {n.pegawai_id for n in wide.ineligible}.isdisjoint(page.pool_ids)


@pytest.mark.slow
def test_talentpool_picture_estimates_from_the_facts_stored_with_the_index(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    """An agency's first nine-box picture reads the estimates' facts from the index's stored
    copy (no database read per person), and draws what the records give."""
    world = build_world(sqlite_engine)
    with Session(sqlite_engine) as s:
        add_estimated_star(s, "BTH", "Hana Estimasi")
        s.commit()
    assistant = build_assistant(real_settings(tmp_path), sqlite_engine)
    bind_all(assistant, world, "ppk_bth")
    adapter = assistant.services.merit_facts
    assert isinstance(adapter, SearchAdapter)
    merit = adapter._service.merit_cache
    before = merit.stored_reads

    reply = Chat(assistant, "ppk_bth").say("/talentpool")
    assert reply.attachment is not None
    assert "1 estimasi Talenta" in reply.attachment.caption
    assert merit.stored_reads > before and merit.loads == merit.stored_reads
    bth = frozenset({world.ids["BTH"]})
    with Session(sqlite_engine) as s:
        from_records = pictures.pool_grid(s, bth, None, people=True, caches=PictureCaches())
        from_index = pictures.pool_grid(
            s, bth, None, people=True, caches=PictureCaches(), facts=adapter
        )
    assert from_index == from_records
