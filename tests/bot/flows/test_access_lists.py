"""Issue 7: talent-pool lists, name-lookup results and comparisons are recorded reads, and an
ASN's "riwayat akses" lists exactly the lists that showed them (role + agency, never a name)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.flows.pictures import placements
from bot.media.cache import PictureCaches
from bot.router.assistant import Assistant
from db.audit import ACCESS_KINDS, AuditKind, access_history, verify_chain
from db.audit.export import export_rows
from db.clock import today_wib
from db.models import Instansi, Pegawai
from db.queries.people import active_pegawai_ids
from knowledge.rules import in_talent_pool
from tests.bot.audited import KEY, QUERY, button_token, make_assistant
from tests.bot.support import Chat, World, build_world
from tests.factories import make_pegawai


@pytest.fixture
def world(engine: Engine) -> World:
    w = build_world(engine)
    with Session(engine) as s:  # a namesake in BTH, and one in KRC the BTH side may not see
        for kode, nama, key in (("BTH", "Sari Indah", "sari2"), ("KRC", "Sari Kerinci", "sari3")):
            inst = s.get(Instansi, w.ids[kode])
            assert inst is not None
            peg = make_pegawai(s, inst, nama=nama, tanggal_lahir=date(1990, 3, 3))
            w.ids[key], w.nips[key] = peg.id or 0, peg.nip
        s.commit()
    return w


@pytest.fixture
def assistant(world: World) -> Assistant:
    return make_assistant(world)


def shown_in(engine: Engine, pegawai_id: int) -> list[int]:
    """Seqs of the chain entries whose subjects (people shown) include ``pegawai_id``."""
    today = today_wib()
    return [
        r.seq
        for r in export_rows(engine, start=today - timedelta(days=1), end=today)
        if r.kind in {k.value for k in ACCESS_KINDS}
        and any(sub["pegawai_id"] == pegawai_id for sub in r.subjects)
    ]


def test_access_history_lists_exactly_the_lists_that_returned_them(
    assistant: Assistant, world: World
) -> None:
    sari, sari2, sari3 = world.ids["sari"], world.ids["sari2"], world.ids["sari3"]
    hr = Chat(assistant, "hr_bth")
    pool = hr.say("/talentpool")
    assert pool.kind == "talentpool" and "Sari Wulandari" in pool.html
    lookup = hr.say("/profil Sari")  # two in BTH; the KRC one is refused, not listed
    assert lookup.kind == "candidates" and "Sari Indah" in lookup.html
    assert "Sari Kerinci" not in lookup.html
    Chat(assistant, "ppk_bth").say(QUERY)  # Sari is #2
    Chat(assistant, "ppk_krc").say(QUERY)  # another agency: never Sari
    hr.say("/kandidat kepala bidang aset")  # a list she is not on

    with Session(world.engine) as s:
        events = access_history(s, sari)
        assert [e.source for e in events] == ["shortlist", "name_lookup", "talentpool"]
        assert [e.seq for e in events] == sorted(shown_in(world.engine, sari), reverse=True)
        assert [(e.role, e.instansi) for e in events] == [
            ("ppk", "BTH"),
            ("hr", "BTH"),
            ("hr", "BTH"),
        ]
        assert [e.rank for e in events][:2] == [2, 1]
        # The namesake was in the lookup only; the KRC namesake in nothing at all.
        assert [e.source for e in access_history(s, sari2)] == ["name_lookup"]
        assert access_history(s, sari3) == []

    profile = Chat(assistant, "asn_sari").say("/profil")
    assert profile.html.count("muncul dalam daftar kandidat (peringkat 2), oleh PPK BTH") == 1
    assert profile.html.count("muncul dalam hasil pencarian nama/NIP (urutan 1), oleh HR BTH") == 1
    assert profile.html.count("muncul dalam daftar talent pool") == 1
    assert "Staf BKPSDM" not in profile.html and "Bupati" not in profile.html
    assert verify_chain(world.engine, KEY).problem is None


def test_talentpool_records_the_names_then_the_masked_nips_on_the_picture(
    assistant: Assistant, world: World
) -> None:
    bth = frozenset({world.ids["BTH"]})
    reply = Chat(assistant, "ppk_bth").say("/talentpool")
    assert reply.kind == "talentpool" and reply.attachment is not None
    today = today_wib()
    [entry] = [
        r
        for r in export_rows(world.engine, start=today - timedelta(days=1), end=today)
        if r.kind == AuditKind.SEARCH.value
    ]
    assert entry.payload is not None and entry.payload["request"]["list"] == "talentpool"
    assert entry.actor_role == "ppk" and entry.actor_instansi == "BTH"
    shown = [sub["pegawai_id"] for sub in sorted(entry.subjects, key=lambda x: x["rank"])]
    with Session(world.engine) as s:
        placed, _ = placements(s, active_pegawai_ids(session=s, scope=bth), caches=PictureCaches())
        names = {p.id: p.nama for p in (s.get(Pegawai, pid) for pid in shown) if p is not None}
    pictured = {p.pegawai_id for p in placed if in_talent_pool(p.kotak)}
    assert set(shown) == pictured  # everyone in boxes 7–9, named in the text and on the picture
    for pid in shown:
        assert names[pid].split(" ")[0] in reply.html
    assert [sub["rank"] for sub in sorted(entry.subjects, key=lambda x: x["rank"])] == list(
        range(1, len(shown) + 1)
    )


def test_counts_only_for_the_inspector_are_not_a_read_of_anyone(
    assistant: Assistant, world: World
) -> None:
    reply = Chat(assistant, "inspector").say("/talentpool")
    assert reply.kind == "talentpool" and "Sari" not in reply.html
    today = today_wib()
    kinds = [r.kind for r in export_rows(world.engine, start=today - timedelta(days=1), end=today)]
    assert AuditKind.SEARCH.value not in kinds and AuditKind.REFUSAL.value not in kinds


def test_a_comparison_is_a_read_of_each_person_compared(assistant: Assistant, world: World) -> None:
    hr = Chat(assistant, "hr_bth")
    hr.say(QUERY)  # HR lists are not blind: "Bandingkan" is offered
    assert hr.say("/bandingkan 1 2").kind == "compare"
    with Session(world.engine) as s:
        for key in ("budi", "sari"):
            assert access_history(s, world.ids[key])[0].source == "compare"
    assert "dibandingkan dengan pegawai lain" in Chat(assistant, "asn_sari").say("/profil").html


def test_a_document_naming_someone_is_in_their_access_history(
    assistant: Assistant, world: World
) -> None:
    """A blind document names no one; once the PPK reveals the list, its PDF names Sari
    (rank 2), and Sari's access history shows that document with the PPK's role and agency."""
    ppk = Chat(assistant, "ppk_bth")
    listed = ppk.say(QUERY)
    blind = ppk.press(button_token(listed, "Dokumen PDF"))
    assert blind.kind == "document_ready" and blind.attachment is not None
    with Session(world.engine) as s:
        assert AuditKind.DOCUMENT not in {e.kind for e in access_history(s, world.ids["sari"])}
    revealed = ppk.press(button_token(listed, "Tampilkan identitas"))
    doc = ppk.press(button_token(revealed, "Dokumen PDF"))
    assert doc.kind == "document_ready" and doc.attachment is not None
    with Session(world.engine) as s:
        latest = access_history(s, world.ids["sari"])[0]
    assert (latest.kind, latest.source) == (AuditKind.DOCUMENT, "shortlist_pdf")
    assert (latest.role, latest.instansi) == ("ppk", "BTH")
    assert latest.seq in shown_in(world.engine, world.ids["sari"])
    profile = Chat(assistant, "asn_sari").say("/profil")
    assert "tercantum dalam dokumen PDF daftar kandidat, oleh PPK BTH" in profile.html
    assert "Bupati" not in profile.html
    # Someone not on the list has no such entry.
    with Session(world.engine) as s:
        assert AuditKind.DOCUMENT not in {e.kind for e in access_history(s, world.ids["rina"])}


def test_a_unit_that_names_nobody_says_so_and_draws_nothing(
    assistant: Assistant, world: World
) -> None:
    for who in ("ppk_bth", "inspector"):
        reply = Chat(assistant, who).say("/talentpool berapa jumlah perempuan di sini")
        assert reply.kind == "talentpool" and reply.attachment is None
        assert (
            "tidak ditemukan di instansi Anda" in reply.html and "Sebaran kotak" not in reply.html
        )
    today = today_wib()
    kinds = [r.kind for r in export_rows(world.engine, start=today - timedelta(days=1), end=today)]
    assert AuditKind.SEARCH.value not in kinds  # nobody was shown
