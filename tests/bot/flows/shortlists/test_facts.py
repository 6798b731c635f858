"""Issue 7: a shortlist record carries the eligible pool, eligibility and the succession group,
and the choice rules use them (reason outside the group; legal ground for the ineligible)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.ports.services import Accountability, CandidatePage
from bot.router.assistant import Assistant
from db.audit import AuditKind, AuditLog, AuditSettings, reopen_shortlist, verify_chain
from db.clock import today_wib
from db.models import Instansi, Jabatan, Pegawai
from knowledge.rules import load_employee_facts, load_position_facts, succession_group
from knowledge.rules.suksesi import INSIDE
from tests.bot.audited import KEY, QUERY, button_token, exported, give_reason, ref_of
from tests.bot.support import Chat, ScopedSearch, World, bind_all, build_world, make_services
from tests.factories import add_suksesi, make_pegawai

FIVE = ("budi", "sari", "tono", "dewi", "eka")  # page 1 of QUERY, in this order


class PositionSearch(ScopedSearch):
    """The core's search boundary for a position search: same hits, plus the position and
    the eligible pool the real search reports (``CandidatePage.position_id`` / ``pool_ids``)."""

    def __init__(self, engine: Engine, position_id: int, pool: frozenset[int]) -> None:
        super().__init__(engine)
        self.position_id, self.pool = position_id, pool

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
        return replace(page, position_id=self.position_id, pool_ids=self.pool)


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def aset(world: World) -> Jabatan:
    """Dewi's position, Kepala Bidang Aset (administrator, S1) in BTH."""
    with Session(world.engine) as s:
        dewi = s.get(Pegawai, world.ids["dewi"])
        assert dewi is not None and dewi.jabatan_id is not None
        jab = s.get(Jabatan, dewi.jabatan_id)
        assert jab is not None
        return jab


def assistant_for(world: World, pool: frozenset[int]) -> Assistant:
    jab = aset(world)
    assert jab.id is not None
    services = make_services(world.engine, search=PositionSearch(world.engine, jab.id, pool))
    services.accountability = Accountability(AuditLog(world.engine, KEY), AuditSettings(), "c")
    a = Assistant(world.engine, services)
    bind_all(a, world, "ppk_bth", "hr_bth", "ppk_krc", "komite_bth")
    return a


def bth_ids(world: World) -> frozenset[int]:
    with Session(world.engine) as s:
        return frozenset(
            p.id for p in s.exec(select(Pegawai)).all() if p.instansi_id == world.ids["BTH"]
        )


def more_people(world: World, n: int) -> None:
    """``n`` more BTH employees, alternating sex, so the eligible pool is large."""
    with Session(world.engine) as s:
        bth = s.get(Instansi, world.ids["BTH"])
        assert bth is not None
        for i in range(n):
            make_pegawai(
                s,
                bth,
                nama=f"Pegawai Tambahan {i}",
                jenis_kelamin="P" if i % 2 else "L",
                tanggal_lahir=date(1975 + i % 20, 2, 1 + i % 27),
            )
        s.commit()


def test_the_record_keeps_the_position_the_pool_and_eligibility(world: World) -> None:
    more_people(world, 3)
    pool = bth_ids(world)
    reply = Chat(assistant_for(world, pool), "ppk_bth").say(QUERY)
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref_of(reply))
    assert view.jabatan_id == aset(world).id
    assert sum(view.pool["jenis_kelamin"].values()) == len(pool) == 10
    assert all(c.eligible for c in view.candidates)
    [search] = [e for e in exported(world.engine) if e["kind"] == AuditKind.SEARCH.value]
    payload = search["payload"]
    assert isinstance(payload, dict) and payload["pool"] == view.pool
    assert "Pegawai Tambahan" not in str(payload)  # the pool's composition, never its members


def test_fairness_note_appears_for_a_large_pool_and_stays_silent_for_a_small_one(
    world: World,
) -> None:
    a = assistant_for(world, bth_ids(world))
    search = a.services.search
    assert isinstance(search, PositionSearch)
    small = Chat(a, "ppk_bth").say(QUERY)  # a pool of 7
    assert "Catatan:" not in small.html
    more_people(world, 20)
    search.pool = pool = bth_ids(world)  # 27 >= min_shortlisted (20); 5 shown >= min_expected
    large = Chat(a, "ppk_bth").say(QUERY)
    women = 10  # every second one of the 20 added; the world's seven are all men
    share = round(100 * women / len(pool))
    assert (
        f"Catatan: 0 dari 5 kandidat di daftar ini perempuan; di kelompok yang memenuhi syarat "
        f"{share}% perempuan." in large.html
    )
    # A reopened list shows the same note, from the stored list alone.
    search.pool = frozenset()
    reopened = Chat(a, "komite_bth").say(f"/daftar {ref_of(large)}")
    assert f"{share}% perempuan" in reopened.html


def test_imported_succession_group_decides_and_outside_it_a_reason_is_asked(
    world: World,
) -> None:
    jab = aset(world)
    with Session(world.engine) as s:
        for key in ("sari", "tono"):  # the PPK's decree for this position, this year
            peg = s.get(Pegawai, world.ids[key])
            assert peg is not None
            add_suksesi(s, peg, tahun=today_wib().year, target=jab.kode)
        old = s.get(Pegawai, world.ids["budi"])  # an older decree does not count
        assert old is not None
        add_suksesi(s, old, tahun=today_wib().year - 1, target=jab.kode)
        s.commit()
    a = assistant_for(world, bth_ids(world))
    ppk = Chat(a, "ppk_bth")
    first = ppk.say(QUERY)
    ref = ref_of(first)
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref)
    assert [c.in_succession_group for c in view.candidates] == [False, True, True, False, False]

    # #1 is the top of the ranking but outside the group: a written reason is asked for.
    ask = ppk.press(button_token(first, "Pilih 1"))
    assert ask.kind == "choice_reason" and "di luar kelompok rencana suksesi" in ask.html
    assert "tiga teratas" not in ask.html and "Presiden" not in ask.html
    reason = "Kepala bidang sebelumnya; kelompok suksesi belum diperbarui."
    assert give_reason(ppk, reason).kind == "choice_recorded"
    [override] = [e for e in exported(world.engine) if e["kind"] == AuditKind.OVERRIDE.value]
    payload = override["payload"]
    assert isinstance(payload, dict) and payload["reason"] == reason and payload["rank"] == 1

    # #2 is in the group and in the top three: no reason, only the confirmation.
    again = ppk.say(QUERY)
    confirm = ppk.press(button_token(again, "Pilih 2"))
    assert ppk.press(button_token(confirm, "Ya, catat pilihan")).kind == "choice_recorded"


def test_without_an_imported_group_the_computed_estimate_is_stored(world: World) -> None:
    jab = aset(world)
    first = Chat(assistant_for(world, bth_ids(world)), "ppk_bth").say(QUERY)
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref_of(first))
        position = load_position_facts(s, jab.id or 0)
        facts = load_employee_facts(s, [world.ids[k] for k in FIVE])
        expected = [
            succession_group(facts[world.ids[k]], position, as_of=today_wib()).status in INSIDE
            for k in FIVE
        ]
    assert [c.in_succession_group for c in view.candidates] == expected
    # Without any training hours no one meets Pasal 199's 20 JP a year: all outside.
    assert expected == [False] * 5


def test_a_free_text_list_has_no_group(world: World) -> None:
    services = make_services(world.engine)
    services.accountability = Accountability(AuditLog(world.engine, KEY), AuditSettings(), "c")
    a = Assistant(world.engine, services)
    bind_all(a, world, "ppk_bth")
    ppk = Chat(a, "ppk_bth")
    first = ppk.say(QUERY)
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref_of(first))
    assert view.jabatan_id is None and view.pool == {"jenis_kelamin": {}, "usia": {}}
    assert all(c.in_succession_group is None for c in view.candidates)
    confirm = ppk.press(button_token(first, "Pilih 1"))
    assert ppk.press(button_token(confirm, "Ya, catat pilihan")).kind == "choice_recorded"


def add_junior(world: World, inst: str = "BTH") -> Pegawai:
    """Someone who fails the administrator requirements (golongan II/a, SMA)."""
    with Session(world.engine) as s:
        i = s.get(Instansi, world.ids[inst])
        assert i is not None
        peg = make_pegawai(
            s, i, nama="Yudi Muda", golongan="II/a", pendidikan="SMA", tmt_cpns=date(2022, 3, 1)
        )
        s.commit()
        s.refresh(peg)
        return peg


def test_choosing_an_ineligible_person_by_nip_needs_the_legal_ground(world: World) -> None:
    yudi = add_junior(world)
    a = assistant_for(world, bth_ids(world) - {yudi.id or 0})
    ppk = Chat(a, "ppk_bth")
    ref = ref_of(ppk.say(QUERY))

    ask = ppk.say(f"/daftar {ref} pilih {yudi.nip}")
    assert ask.kind == "choice_reason", ask.html
    assert "pegawai di luar daftar" in ask.html and "Pasal 107 ayat (2)" in ask.html
    assert "persetujuan Presiden" in ask.html

    # A reason alone is not enough: the approval reference is required.
    no_ground = ppk.say("Satu-satunya yang menguasai aset tanah daerah di kabupaten ini.")
    assert no_ground.kind == "choice_refused" and "Pasal 107 ayat (2)" in no_ground.html
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id is None

    done = give_reason(
        ppk, "B-12/M.Sesneg/2026 tgl 3-3-2026 | Satu-satunya yang menguasai aset tanah daerah."
    )
    assert done.kind == "choice_recorded" and "pegawai di luar daftar" in done.html
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref)
    assert view.chosen_pegawai_id == yudi.id
    assert view.choice_legal_ground == "pp-11-2017:pasal-107:ayat-2"
    [override] = [e for e in exported(world.engine) if e["kind"] == AuditKind.OVERRIDE.value]
    payload = override["payload"]
    assert isinstance(payload, dict)
    assert payload["eligible"] is False and payload["rank"] is None
    assert payload["approval_ref"] == "B-12/M.Sesneg/2026 tgl 3-3-2026"
    assert payload["reason"] == "Satu-satunya yang menguasai aset tanah daerah."
    assert verify_chain(world.engine, KEY).problem is None


def test_choosing_by_rank_and_someone_of_another_agency(world: World) -> None:
    a = assistant_for(world, bth_ids(world))
    ppk = Chat(a, "ppk_bth")
    ref = ref_of(ppk.say(QUERY))
    # Another agency's NIP: answered like "not found", and the refusal is recorded.
    other = ppk.say(f"/daftar {ref} pilih {world.nips['rina']}")
    assert other.kind == "refused" and "Rina" not in other.html
    assert other.html == ppk.say(f"/daftar {ref} pilih 197001012000011999").html
    refusals = [e for e in exported(world.engine) if e["kind"] == AuditKind.REFUSAL.value]
    assert len(refusals) == 1
    payload = refusals[0]["payload"]
    assert isinstance(payload, dict) and payload["action"] == "choose"
    assert payload["target"]["pegawai_ids"] == [world.ids["rina"]]
    # Someone on the list, by rank: the stored facts apply (#2 is in the top three, but
    # outside the estimated succession group).
    ask = ppk.say(f"/daftar {ref} pilih 2")
    assert ask.kind == "choice_reason" and "peringkat 2" in ask.html
    assert "di luar kelompok rencana suksesi" in ask.html and "tiga teratas" not in ask.html
    sertifikat = "Satu-satunya analis yang memegang sertifikat aset."
    assert give_reason(ppk, sertifikat).kind == "choice_recorded"
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id == world.ids["sari"]


def test_only_the_ppk_of_the_list_may_choose_by_nip(world: World) -> None:
    yudi = add_junior(world)
    a = assistant_for(world, bth_ids(world))
    ref = ref_of(Chat(a, "ppk_bth").say(QUERY))
    hr = Chat(a, "hr_bth").say(f"/daftar {ref} pilih {yudi.nip}")
    krc = Chat(a, "ppk_krc").say(f"/daftar {ref} pilih {yudi.nip}")
    assert hr.kind == "refused"  # the role may not choose
    assert krc.kind == "shortlist_error" and "tidak ditemukan" in krc.html  # like no list
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id is None
