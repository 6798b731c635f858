"""Candidate detail: the competency chart against the standard of the searched position."""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.chat import callbacks
from bot.chat.replies import Reply
from bot.ports.services import Accountability, CandidatePage
from bot.router.assistant import Assistant
from db.audit import AuditLog, AuditSettings
from db.models import Instansi, Jabatan, Pegawai
from tests.bot.audited import KEY, button_token
from tests.bot.support import Chat, ScopedSearch, World, bind_all, build_world, make_services
from tests.factories import add_asesmen, make_jabatan, standar_default

TARGET = "Kepala Badan Keuangan Daerah"


class PositionSearch(ScopedSearch):
    """The query names one position: the page says which (as the real search does)."""

    def __init__(self, engine: Engine, jabatan_id: int) -> None:
        super().__init__(engine)
        self.jabatan_id = jabatan_id

    def search(
        self,
        query: str,
        *,
        scope: frozenset[int],
        limit: int,
        offset: int,
        jabatan_id: int | None = None,
        include_ineligible: bool = False,
        by_post: bool | None = None,
        unit: str | None = None,
        unit_reply: str | None = None,
    ) -> CandidatePage:
        page = super().search(query, scope=scope, limit=limit, offset=offset)
        return replace(page, position=TARGET, position_id=self.jabatan_id)


@pytest.fixture
def world(engine: Engine) -> World:
    w = build_world(engine)
    with Session(engine) as s:
        bth = s.exec(select(Instansi).where(Instansi.kode == "BTH")).one()
        target = make_jabatan(s, bth, nama=TARGET, kode="BTH-KABAN", standar=standar_default(4))
        budi = s.get(Pegawai, w.ids["budi"])
        assert budi is not None
        levels = standar_default(3)
        first = next(iter(levels))
        levels[first] = 4  # meets the target's standard on one competency only
        add_asesmen(s, budi, levels)
        s.commit()
        w.ids["target"] = target.id or 0
    return w


def _assistant(world: World, search: ScopedSearch, *, audited: bool) -> Assistant:
    services = make_services(world.engine, search=search)
    if audited:
        services.accountability = Accountability(
            audit=AuditLog(world.engine, KEY),
            settings=AuditSettings(),
            config_hash="cfg-1",
            model="hashing-test",
            index_version=lambda scope: ",".join(f"{i}:1" for i in scope),
        )
    a = Assistant(world.engine, services)
    bind_all(a, world, "ppk_bth", "hr_bth", "ppk_krc")
    return a


def _reds(png: bytes) -> int:
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    return int(np.all(img == (0xCC, 0x00, 0x00), axis=-1).sum())


def _chart(reply: Reply) -> tuple[bytes, str]:
    att = reply.attachment
    assert reply.kind == "candidate_detail", reply.html
    assert att is not None and att.kind == "photo" and att.filename == "kompetensi.png"
    assert reply.protect_content  # personal data: the chart cannot be forwarded either
    assert att.content.startswith(b"\x89PNG")
    return att.content, att.caption


@pytest.mark.parametrize("audited", [False, True], ids=["plain", "recorded"])
def test_detail_chart_uses_the_searched_positions_standard(world: World, audited: bool) -> None:
    a = _assistant(world, PositionSearch(world.engine, world.ids["target"]), audited=audited)
    hr = Chat(a, "hr_bth")  # HR lists are never blind, recorded or not
    listed = hr.say("/kandidat kepala bidang anggaran")
    token = button_token(listed, "Detail 1")
    with Session(world.engine) as s:
        press = callbacks.load(s, "tg:1004", token)
    assert press is not None and press.data == {"p": world.ids["budi"], "j": world.ids["target"]}
    detail = hr.press(token)
    png, caption = _chart(detail)
    n = len(standar_default())
    # Standard 4 everywhere; Budi is at 4 on one competency, 3 on the others.
    assert f"{n - 1} dari {n} di bawah standar" in caption and TARGET in caption
    assert _reds(png) > 100  # the gaps are drawn in the gap colour


def test_without_a_searched_position_the_current_position_is_the_standard(world: World) -> None:
    a = _assistant(world, ScopedSearch(world.engine), audited=False)
    hr = Chat(a, "hr_bth")
    detail = hr.press(button_token(hr.say("/kandidat kepala bidang anggaran"), "Detail 1"))
    png, caption = _chart(detail)
    n = len(standar_default())
    # Budi's own position asks level 3: he meets every competency, no red at all.
    assert f"0 dari {n} di bawah standar" in caption and "Kepala Bidang Anggaran" in caption
    assert _reds(png) == 0


def test_a_forged_position_is_checked_and_a_forged_person_refused(world: World) -> None:
    a = _assistant(world, ScopedSearch(world.engine), audited=False)
    with Session(world.engine) as s:
        jabatan_ids = set(s.exec(select(Jabatan.id)).all())
        missing = max(i for i in jabatan_ids if i is not None) + 1000
        bogus = callbacks.store(s, "tg:1004", "detail", {"p": world.ids["budi"], "j": missing})
        wrong_type = callbacks.store(s, "tg:1004", "detail", {"p": world.ids["budi"], "j": "1;"})
        other = callbacks.store(s, "tg:1002", "detail", {"p": world.ids["budi"], "j": None})
        s.commit()
    hr = Chat(a, "hr_bth")
    for token in (bogus, wrong_type):
        _, caption = _chart(hr.press(token))  # no such position: the current one, no error
        assert "Kepala Bidang Anggaran" in caption
    # A Kerinci PPK holding a detail button for a Batanghari employee: refused, no picture.
    refused = Chat(a, "ppk_krc").press(other)
    assert refused.kind == "refused" and refused.attachment is None
    assert "Budi" not in refused.html
