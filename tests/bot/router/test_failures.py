"""Errors a chat user may meet (a search index not ready, a position outside the asker's
agencies) become one plain Indonesian reply, not the global "unexpected error" apology."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.chat import callbacks
from bot.ports.adapters import SearchAdapter
from bot.router.assistant import Assistant
from db.models import Jabatan, Pegawai
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.service import SearchService
from retrieval.settings import SearchSettings
from tests.bot.support import TG, Chat, World, bind_all, build_world, make_services


def _assistant(world: World, tmp_path: Path) -> tuple[Assistant, SearchService]:
    service = SearchService(
        world.engine,
        HashingEncoder(256),
        SearchSettings(index_dir=tmp_path / "index", on_stale="refuse"),
    )
    service.store.build(world.engine)
    services = make_services(world.engine)
    services.search = SearchAdapter(world.engine, service)
    assistant = Assistant(world.engine, services)
    bind_all(assistant, world, "hr_bth")
    return assistant, service


def test_a_search_index_not_ready_is_a_plain_reply(
    sqlite_engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    world = build_world(sqlite_engine)
    assistant, service = _assistant(world, tmp_path)
    with Session(sqlite_engine) as s:  # the shard no longer matches the database
        budi = s.get(Pegawai, world.ids["budi"])
        assert budi is not None
        budi.versi += 1
        s.add(budi)
        s.commit()
    service.start()
    with caplog.at_level(logging.WARNING, "talenta.assistant"):
        reply = Chat(assistant, "hr_bth").say("/kandidat kepala bidang anggaran")
    assert reply.kind == "failed"
    assert "sedang disiapkan ulang" in reply.html
    assert "talenta index" not in reply.html  # the operator's fix is not the user's business
    [record] = [r for r in caplog.records if r.getMessage() == "request failed"]
    assert getattr(record, "error", None) == "IndexNotReady"


def test_a_position_outside_the_askers_agencies_is_a_plain_reply(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    world = build_world(sqlite_engine)
    assistant, service = _assistant(world, tmp_path)
    service.start()
    with Session(sqlite_engine) as s:
        krc_position = s.exec(
            select(Jabatan.id).where(Jabatan.instansi_id == world.ids["KRC"])
        ).first()
        # A stored "page" button whose position is another agency's (stale or planted).
        token = callbacks.store(
            s, f"tg:{TG['hr_bth']}", "page", {"q": "kepala bidang", "n": 1, "j": krc_position}
        )
        s.commit()
    reply = Chat(assistant, "hr_bth").press(token)
    assert reply.kind == "failed"
    assert "tidak ada di instansi yang boleh Anda lihat" in reply.html
    assert "Rina" not in reply.html
