"""The list's heading says where the post is, so two posts of one name are told apart."""

from __future__ import annotations

from datetime import date

from bot.chat.render import Renderer
from bot.ports.adapters import post_place
from retrieval.people.positions import PositionChoice


def post(nama: str, unit: str, induk: str = "", parent: str = "") -> PositionChoice:
    return PositionChoice(
        1, 1, nama, unit, "Pemerintah Kabupaten Batanghari", 1.0, induk, None, parent
    )


def test_the_place_adds_what_the_name_does_not_say() -> None:
    assert post_place(post("Sekretaris", "Sekretariat", "Dinas Sosial"), many_agencies=False) == (
        "Sekretariat · Dinas Sosial"
    )
    kabid = post("Kepala Bidang Anggaran", "Bidang Anggaran", "Badan Keuangan Daerah")
    assert post_place(kabid, many_agencies=False) == "Badan Keuangan Daerah"
    tu = post(
        "Kepala Subbagian Tata Usaha",
        "Subbagian Tata Usaha",
        "Dinas Kesehatan",
        "UPTD Puskesmas Muara",
    )
    assert post_place(tu, many_agencies=False) == "UPTD Puskesmas Muara · Dinas Kesehatan"
    assert (
        post_place(post("Kepala Dinas Kesehatan", "Dinas Kesehatan"), many_agencies=False) is None
    )
    assert post_place(post("Kepala Dinas Kesehatan", "Dinas Kesehatan"), many_agencies=True) == (
        "Kabupaten Batanghari"
    )


def test_the_heading_names_the_post_and_its_place() -> None:
    html = Renderer().render(
        "candidates",
        query="sekdis",
        position="Sekretaris",
        position_unit="Sekretariat · Dinas Sosial",
        items=[],
        page=1,
        pages=1,
        total=0,
        as_of=date(2026, 12, 8),
    )
    assert html.splitlines()[0] == "<b>Kandidat untuk:</b> Sekretaris — Sekretariat · Dinas Sosial"
    bare = Renderer().render(
        "candidates",
        query="butuh auditor",
        position=None,
        items=[],
        page=1,
        pages=1,
        total=0,
        as_of=date(2026, 12, 8),
    )
    assert bare.splitlines()[0] == "<b>Kandidat untuk:</b> butuh auditor"
