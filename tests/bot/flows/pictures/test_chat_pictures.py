"""/talentpool and /profil send pictures; who sees masked identifiers is decided by role."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat.access import mask_nip
from bot.flows import pictures
from bot.media.cache import PictureCaches
from bot.ports.services import Opportunities, Opportunity
from bot.router.assistant import Assistant
from db.clock import today_wib
from db.models import Pegawai
from tests.bot.flows.pictures.helpers import add_estimated_star, add_gapped, highlighted
from tests.bot.support import Chat, World, bind_all, build_world, make_services
from tests.factories import add_asesmen, standar_default

# Grid position (kinerja, potensi) of each box in the configured table.
POS = {b: (kin, pot) for b, (kin, pot, _) in pictures._layout().items()}


@pytest.fixture
def world(engine: Engine) -> World:
    w = build_world(engine)
    with Session(engine) as s:
        star = add_estimated_star(s, "BTH", "Hana Estimasi")
        gap = add_gapped(s, "BTH", "Irfan Kesenjangan")
        s.commit()
        w.ids["hana"], w.nips["hana"] = star.id or 0, star.nip
        w.ids["irfan"] = gap.id or 0
    return w


@pytest.fixture
def assistant(world: World) -> Assistant:
    a = Assistant(world.engine, make_services(world.engine))
    bind_all(a, world, *world.codes)
    return a


def _png(content: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(content))
    assert img.format == "PNG"
    return img


def test_ppk_talentpool_photo_counts_official_and_estimated_with_masked_nips(
    assistant: Assistant, world: World
) -> None:
    reply = Chat(assistant, "ppk_bth").say("/talentpool")
    att = reply.attachment
    assert att is not None and att.kind == "photo" and reply.protect_content
    assert _png(att.content).size == (900, 900)
    assert highlighted(att.content) == []  # the pool picture highlights no one
    # BTH: 7 official placements (boxes 9,8,7,6,9,8,7), Hana estimated in box 9.
    assert "7 penempatan resmi" in att.caption and "1 estimasi Talenta" in att.caption
    assert "NIP disamarkan" in att.caption
    with Session(world.engine) as s:
        g = pictures.pool_grid(
            s, frozenset({world.ids["BTH"]}), None, people=True, caches=PictureCaches()
        )
    cells = {c.box: c for c in g.cells}
    assert (cells[9].official, cells[9].estimated) == (2, 1)
    assert (cells[6].official, cells[6].estimated) == (1, 0)
    assert mask_nip(world.nips["budi"]) in cells[9].people
    assert mask_nip(world.nips["hana"]) + "*" in cells[9].people
    assert cells[6].people == ()  # only boxes 7–9 list people
    every = [p for c in g.cells for p in c.people]
    assert not any(world.nips[k] in p for k in world.nips for p in every)  # never a full NIP
    assert "Rina" not in reply.html  # other agency stays out


def test_komite_gets_identifiers_inspector_counts_only_asn_nothing(
    assistant: Assistant,
) -> None:
    komite = Chat(assistant, "komite_bth").say("/talentpool")
    assert komite.attachment is not None and "NIP disamarkan" in komite.attachment.caption
    inspector = Chat(assistant, "inspector").say("/talentpool")
    assert inspector.attachment is not None
    assert "NIP disamarkan" not in inspector.attachment.caption
    asn = Chat(assistant, "asn_sari").say("/talentpool")
    assert asn.kind == "refused" and asn.attachment is None


def test_talentpool_unit_filter(assistant: Assistant) -> None:
    reply = Chat(assistant, "ppk_bth").say("/talentpool SETDA")
    assert reply.attachment is not None
    # SETDA of BTH: Eka (9), Fajar (8), Gita (7) — all official.
    assert "3 penempatan resmi" in reply.attachment.caption


def test_asn_profile_highlights_only_own_official_box(
    assistant: Assistant,
) -> None:
    reply = Chat(assistant, "asn_sari").say("/profil")  # Sari: official box 8
    att = reply.attachment
    assert att is not None and att.kind == "photo" and reply.protect_content
    assert _png(att.content).size == (900, 900)  # Sari has no assessment: no chart
    assert highlighted(att.content) == [POS[8]]
    assert "penetapan resmi" in att.caption and "Belum ada hasil asesmen" in att.caption


def test_estimated_box_is_labelled_as_estimate(world: World) -> None:
    with Session(world.engine) as s:
        png, caption = pictures.own_picture(s, world.ids["hana"], caches=PictureCaches())
    assert highlighted(png) == [POS[9]]
    assert "estimasi Talenta" in caption


def test_competency_chart_shows_gaps_in_red(world: World) -> None:
    with Session(world.engine) as s:
        points = pictures.competency_points(s, world.ids["irfan"])
        png, _ = pictures.own_picture(s, world.ids["irfan"], caches=PictureCaches())
    gaps = [p for p in points if p.gap]
    assert [p.gap for p in gaps] == [2, 1]
    assert all(p.level is not None for p in points)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.width == 900 and img.height > 900  # grid, competency chart below it
    chart = img.crop((0, 900, img.width, img.height))
    reds = int(np.all(np.asarray(chart) == (0xCC, 0x00, 0x00), axis=-1).sum())
    assert reds > 100  # the gap segments are drawn in the gap colour
    assert highlighted(png) == []  # no nine-box data for Irfan: nothing highlighted


def test_profile_without_assessment_has_grid_only(world: World) -> None:
    with Session(world.engine) as s:
        png, caption = pictures.own_picture(s, world.ids["budi"], caches=PictureCaches())
    assert _png(png).size == (900, 900)
    assert highlighted(png) == [POS[9]] and "Grafik" not in caption


class TargetAdvisor:
    """Suggests Budi's position (standard level 3 everywhere) to anyone."""

    def __init__(self, jabatan_id: int) -> None:
        self.jabatan_id = jabatan_id

    def opportunities(self, pegawai_id: int, *, limit: int) -> Opportunities:
        item = Opportunity(
            "Kepala Bidang Anggaran", "BKD", ("Diklat PIM III",), (), self.jabatan_id
        )
        return Opportunities(pegawai_id, (item,), today_wib())


def test_peluang_sends_chart_against_target_position(world: World) -> None:
    with Session(world.engine) as s:
        budi = s.get(Pegawai, world.ids["budi"])
        sari = s.get(Pegawai, world.ids["sari"])
        assert budi is not None and budi.jabatan_id is not None and sari is not None
        levels = standar_default(3)
        levels[next(iter(levels))] = 1
        add_asesmen(s, sari, levels)
        s.commit()
        target = budi.jabatan_id
    services = make_services(world.engine)
    services.opportunities = TargetAdvisor(target)
    a = Assistant(world.engine, services)
    bind_all(a, world, "asn_sari")
    reply = Chat(a, "asn_sari").say("/peluang")
    att = reply.attachment
    assert att is not None and att.kind == "photo" and reply.protect_content
    assert _png(att.content).width == 800
    assert "1 kompetensi di bawah standar" in att.caption
    # The default advisor gives no position id: no chart, the text answer is unchanged.
    plain = Assistant(world.engine, make_services(world.engine))
    assert Chat(plain, "asn_sari").say("/peluang").attachment is None
