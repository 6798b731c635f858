"""The JSON door (issue 8) in-process: the same core as Telegram, masked as the role sees it,
every intent valid against docs/ask-output.schema.json, every call in the audit log."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.chat.reply_data import SearchData
from bot.doors.ask import AskDoor, UsageError, question
from bot.doors.console import to_text
from bot.flows.people.candidates import PENDING_UNIT
from bot.flows.shortlists.recorded import BLIND_CONFLICT_NOTE
from bot.ports.services import RegulationAnswer, Services
from bot.router.assistant import Assistant
from db.audit import reopen_shortlist, verify_chain
from db.models import Instansi, Keluarga, Pegawai, UnitKerja
from db.models.access import CallbackPayload
from db.models.audit import AuditEntry, AuditSubject
from knowledge.citations import Citation
from retrieval.regulations.answerer import RegulationAnswerer
from tests.bot.ask_support import KEY, OS_USER, make_door, regulation_assistant
from tests.bot.support import Chat, World, bind_all, build_world
from tests.factories import make_jabatan, make_unit

SCHEMA = json.loads(
    (Path(__file__).parents[3] / "docs" / "ask-output.schema.json").read_text("utf-8")
)
VALIDATOR = Draft202012Validator(SCHEMA)
SEARCH = "butuh orang yang paham keuangan"  # a need: every BTH employee ranked, none blind


def valid(obj: dict[str, Any]) -> dict[str, Any]:
    errors = sorted(VALIDATOR.iter_errors(obj), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return obj


@pytest.fixture(scope="module")
def regulations(tmp_path_factory: pytest.TempPathFactory) -> RegulationAnswerer:
    return regulation_assistant(tmp_path_factory.mktemp("regulations"))


Setup = tuple[World, AskDoor, Services]


@pytest.fixture
def both(engine: Engine, tmp_path: Path, regulations: RegulationAnswerer) -> Setup:
    """SQLite and PostgreSQL: for what touches the audit chain and the recorded lists."""
    world = build_world(engine)
    door, services = make_door(engine, tmp_path, regulations)
    return world, door, services


@pytest.fixture
def setup(sqlite_engine: Engine, tmp_path: Path, regulations: RegulationAnswerer) -> Setup:
    world = build_world(sqlite_engine)
    door, services = make_door(sqlite_engine, tmp_path, regulations)
    return world, door, services


def ask_entries(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(
            s.exec(
                select(AuditEntry).where(AuditEntry.kind == "ask_cli").order_by(col(AuditEntry.seq))
            )
        )


def citation_id(c: dict[str, Any]) -> str:
    return Citation.model_validate(c).id


def test_json_and_telegram_agree_on_candidates_order_and_citations(both: Setup) -> None:
    world, door, services = both
    assistant = Assistant(world.engine, services)
    bind_all(assistant, world, "hr_bth")
    tg = Chat(assistant, "hr_bth").say(SEARCH)
    assert tg.kind == "candidates" and isinstance(tg.data, SearchData)

    answer = door.ask(question(SEARCH, role="hr", instansi=["BTH"]))
    obj = valid(answer.obj)
    assert answer.exit_code == 0 and obj["intent"] == "cari_kandidat"
    shown = [s.candidate.pegawai_id for s in tg.data.shown]
    assert [c["pegawai_id"] for c in obj["candidates"]] == shown
    assert len(shown) >= 3
    # Names appear in the Telegram text in the same order as in the JSON.
    names = [c["nama"] for c in obj["candidates"]]
    text = to_text(tg.html)
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    # Both lists were recorded with the same people in the same order.
    with Session(world.engine) as s:
        tg_ids = [c.pegawai_id for c in reopen_shortlist(s, tg.data.ref or "").candidates]
        cli_ids = [c.pegawai_id for c in reopen_shortlist(s, obj["shortlist_ref"]).candidates]
    assert tg_ids == cli_ids == shown
    # The same citations, per candidate and in total.
    for c, s in zip(obj["candidates"], tg.data.shown, strict=True):
        assert [citation_id(x) for x in c["citations"]] == list(
            dict.fromkeys(s.candidate.ranking.citations)
        )
    assert obj["citations"]
    # What the person reads is the same text, but for the list's own reference.
    strip = re.compile(r"Rujukan: SL-\d{4}-\d{6}")
    assert strip.sub("", obj["text"]) == strip.sub("", text.strip())


def test_regulation_json_is_issue_4s_answer_and_the_chat_cites_the_same(
    setup: Setup, regulations: RegulationAnswerer
) -> None:
    world, door, services = setup
    assistant = Assistant(world.engine, services)
    q = "Pasal 107 PP 11/2017"
    tg = Chat(assistant, "stranger").say(q)
    assert isinstance(tg.data, RegulationAnswer)
    obj = valid(door.ask(question(q, role="guest")).obj)
    assert obj["intent"] == "regulasi"
    assert [citation_id(c) for c in obj["citations"]] == [c.id for c in tg.data.citations]
    assert [c["huruf"] for c in obj["citations"][:3]] == ["a", "b", "c"]
    issue_4 = regulations.ask(q).to_json()
    assert obj["citations"] == issue_4["citations"] and obj["intent"] == issue_4["intent"]
    assert obj["text"] == to_text(tg.html).strip()


def test_ppk_sees_blind_candidates_unless_operator_view_which_is_recorded(
    setup: Setup,
) -> None:
    world, door, _ = setup
    blind = valid(door.ask(question(SEARCH, role="ppk", instansi=["BTH"])).obj)
    assert blind["blind"] is True and blind["candidates"]
    assert "Sari Wulandari" not in json.dumps(blind)

    op = valid(door.ask(question(SEARCH, role="ppk", instansi=["BTH"], operator_view=True)).obj)
    assert op["blind"] is False
    assert [c["rank"] for c in op["candidates"]] == [c["rank"] for c in blind["candidates"]]
    with Session(world.engine) as s:  # the blind list's recorded order is the operator's
        view = reopen_shortlist(s, blind["shortlist_ref"])
    assert [c["pegawai_id"] for c in op["candidates"]] == [
        c.pegawai_id for c in sorted(view.candidates, key=lambda c: c.rank)
    ]
    assert {c["nip"] for c in op["candidates"]} <= set(world.nips.values())
    # The text stays what the PPK reads: still without identities.
    assert "Sari Wulandari" not in op["text"]
    first, second = ask_entries(world.engine)
    assert first.payload["operator_view"] is False and second.payload["operator_view"] is True


def test_hr_sees_full_nips_and_komite_cannot_search(
    setup: Setup,
) -> None:
    world, door, _ = setup
    hr = valid(door.ask(question(SEARCH, role="hr", instansi=["BTH"])).obj)
    assert {c["nip"] for c in hr["candidates"]} <= set(world.nips.values())
    komite = door.ask(question(SEARCH, role="komite", instansi=["BTH"]))
    assert komite.exit_code == 3
    assert valid(komite.obj) == {
        "intent": "cari_kandidat",
        "refused": True,
        "reason": "role",
        "text": komite.obj["text"],
        "citations": [],
        "tanggal": komite.obj["tanggal"],
    }


@pytest.mark.parametrize("by", ["name", "nip"])
def test_ppk_asking_for_another_agencys_employee_is_refused_and_audited(
    both: Setup, by: str
) -> None:
    world, door, _ = both
    who = "Rina Kerinci" if by == "name" else world.nips["rina"]
    answer = door.ask(question(f"profil {who}", role="ppk", instansi=["BTH"]))
    assert answer.exit_code == 3
    obj = valid(answer.obj)
    assert obj["refused"] is True and obj["intent"] == "profil_pegawai"
    assert obj["reason"] == "not_found"  # existence in another agency is not confirmed
    assert "Rina" not in json.dumps(obj)
    (entry,) = ask_entries(world.engine)
    assert (entry.actor_type, entry.actor_id, entry.actor_role, entry.actor_instansi) == (
        "cli",
        OS_USER,
        "ppk",
        "BTH",
    )
    assert entry.payload["question"] == f"profil {who}"
    assert entry.payload["refused"] is True and entry.payload["reason"] == "not_found"
    assert verify_chain(world.engine, KEY).ok


def test_returned_employees_are_the_audit_entrys_subjects(
    setup: Setup,
) -> None:
    world, door, _ = setup
    obj = door.ask(question(SEARCH, role="hr", instansi=["BTH"])).obj
    (entry,) = ask_entries(world.engine)
    with Session(world.engine) as s:
        subjects = s.exec(
            select(AuditSubject.pegawai_id).where(AuditSubject.entry_id == entry.id)
        ).all()
    assert sorted(subjects) == sorted(c["pegawai_id"] for c in obj["candidates"])
    assert entry.payload["intent"] == "cari_kandidat" and entry.payload["as"] == "hr"


def test_reference_date_reaches_the_ranking_and_the_recorded_list(
    setup: Setup,
) -> None:
    world, door, _ = setup
    early = door.ask(question(SEARCH, role="hr", instansi=["BTH"], tanggal="2025-06-01")).obj
    late = door.ask(question(SEARCH, role="hr", instansi=["BTH"], tanggal="2026-11-29")).obj
    assert early["tanggal"] == "2025-06-01" and late["tanggal"] == "2026-11-29"
    # In post since 4 January 2021: past the 5-year rotation mark only at the later date.
    assert not any("mutasi" in f for c in early["candidates"] for f in c["flags"])
    assert all(any("mutasi" in f for f in c["flags"]) for c in late["candidates"])
    with Session(world.engine) as s:
        assert reopen_shortlist(s, early["shortlist_ref"]).data_snapshot == "2025-06-01"


def test_every_intent_validates_against_the_schema(
    setup: Setup,
) -> None:
    world, door, _ = setup
    sari = world.nips["sari"]
    asked = {
        "regulasi": ("Pasal 107 PP 11/2017", dict(role="guest")),
        "tidak_ditemukan": (
            "/aturan berapa uang makan pns sehari?",
            dict(role="hr", instansi=["BTH"]),
        ),
        "cari_kandidat": (SEARCH, dict(role="hr", instansi=["BTH"])),
        "profil_pegawai": ("profil Sari Wulandari", dict(role="hr", instansi=["BTH"])),
        "profil_saya": ("/profil", dict(role="asn", nip=sari)),
        "peluang": ("/peluang", dict(role="asn", nip=sari)),
        "talentpool": ("talent pool", dict(role="hr", instansi=["BTH"])),
        "bantuan": ("/bantuan", dict(role="inspector", instansi=["BTH", "KRC"])),
        "tidak_jelas": ("qwerty zxcv", dict(role="admin", instansi=["PROV"])),
    }
    for intent, (text, flags) in asked.items():
        answer = door.ask(question(text, **flags))  # type: ignore[arg-type]
        obj = valid(answer.obj)
        assert obj["intent"] == intent, (text, obj["intent"], obj["text"][:200])
        assert answer.exit_code == 0

    # Follow-ups of the same persona: compare its last list, reopen a recorded list.
    hr = dict(role="hr", instansi=["BTH"])
    listed = door.ask(question(SEARCH, **hr)).obj  # type: ignore[arg-type]
    compared = valid(door.ask(question("/bandingkan", **hr)).obj)  # type: ignore[arg-type]
    assert compared["intent"] == "bandingkan"
    assert listed["candidates"][0]["nama"] in compared["text"]
    ref = listed["shortlist_ref"]
    reopened = valid(door.ask(question(f"/daftar {ref}", **hr)).obj)  # type: ignore[arg-type]
    assert reopened["intent"] == "daftar_kandidat" and ref in reopened["text"]

    own = door.ask(question("/profil", role="asn", nip=sari)).obj["profile"]
    assert own["nip"] == sari and own["ninebox"]["official"]["box"] == 8
    assert own["jpm"]["position"]["title"] == "Analis Anggaran"
    assert own["succession"]["status"] in (
        "official",
        "recommended",
        "needs_verification",
        "not_recommended",
    )
    assert isinstance(own["access_history"], list)

    person = door.ask(question("profil Sari Wulandari", role="ppk", instansi=["BTH"])).obj
    assert person["person"]["nip"] != sari and person["person"]["nip"].endswith(sari[-4:])

    counts = valid(door.ask(question("talent pool", role="inspector", instansi=["BTH"])).obj)
    assert counts["talentpool"]["show_names"] is False and counts["talentpool"]["entries"] == []
    assert sum(counts["talentpool"]["box_counts"].values()) == 7


def test_ambiguous_position_and_ineligible_on_request(
    setup: Setup,
) -> None:
    _, door, _ = setup
    amb = valid(door.ask(question("kandidat kepala bidang", role="hr", instansi=["BTH"])).obj)
    assert amb["position"]["id"] is None
    assert {c["title"].split(" — ")[0] for c in amb["position"]["choices"]} == {
        "Kepala Bidang Anggaran",
        "Kepala Bidang Aset",
    }
    # No button can be pressed here: the text names the options to ask again with.
    for choice in amb["position"]["choices"]:
        assert f". {choice['title']}" in amb["text"]
    q = "kandidat kepala bidang anggaran"
    plain = valid(door.ask(question(q, role="hr", instansi=["BTH"])).obj)
    assert plain["position"]["title"] == "Kepala Bidang Anggaran"
    assert plain["excluded"] > 0 and "ineligible" not in plain
    full = valid(door.ask(question(q, role="hr", instansi=["BTH"], include_ineligible=True)).obj)
    assert len(full["ineligible"]) == plain["excluded"]
    for person in full["ineligible"]:
        assert person["instansi"] == "BTH"
        assert person["failing"] and all(c["pass"] is False for c in person["failing"])
        assert all(c["citations"] for c in person["failing"])


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (dict(role=None), "--peran"),
        (dict(role="menteri"), "menteri"),
        (dict(role="ppk"), "--instansi"),
        (dict(role="asn"), "--nip"),
        (dict(role="guest", instansi=["BTH"]), "guest"),
        (dict(role="hr", instansi=["BTH"], tanggal="29-11-2026"), "TTTT-BB-HH"),
    ],
)
def test_usage_errors_are_plain_indonesian(flags: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        question("kandidat", **flags)


def test_unknown_agency_or_nip_is_a_usage_error(setup: Setup) -> None:
    world, door, _ = setup
    with pytest.raises(UsageError, match="XYZ") as unknown:
        door.ask(question("kandidat", role="ppk", instansi=["XYZ"]))
    assert "kode yang ada: BTH, KRC, PROV" in str(unknown.value)  # where to find the right one
    with pytest.raises(UsageError, match="NIP"):
        door.ask(question("/profil", role="asn", nip="1" * 18))
    assert ask_entries(world.engine) == []


BLIND_ROW_KEYS = {"rank", "code", "tie", "golongan", "jenis", "kotak"}


def test_blind_json_shows_a_blind_row_only_and_left_out_people_by_requirement(
    setup: Setup,
) -> None:
    """On a blind list each row carries exactly what the blind row shows (code, tie, the
    blind facts as recorded with the list); not-ranked and ineligible entries say which agency
    and which requirement, never who (no id, no name, no post or unit, no values)."""
    world, door, _ = setup
    obj = valid(door.ask(question(SEARCH, role="ppk", instansi=["BTH"])).obj)
    assert obj["blind"] is True and obj["candidates"]
    with Session(world.engine) as s:
        view = reopen_shortlist(s, obj["shortlist_ref"])
    recorded = {r["rank"]: r for r in view.rendered["items"]}
    for row in obj["candidates"]:
        assert set(row) == BLIND_ROW_KEYS
        assert row["code"] == f"Kandidat #{row['rank']}"
        blind = recorded[row["rank"]]["blind"]
        assert {k: row[k] for k in ("golongan", "jenis", "kotak")} == blind
        assert row["tie"] == recorded[row["rank"]].get("tie")
    # The position's requirements fail for everyone in BTH: who was left out, blind.
    q = "kandidat kepala bidang anggaran"
    none = valid(door.ask(question(q, role="ppk", instansi=["BTH"], include_ineligible=True)).obj)
    assert none["blind"] is True and not none["candidates"] and len(none["ineligible"]) == 6
    for left in [*obj["not_ranked"], *none["not_ranked"], *none["ineligible"]]:
        assert set(left) <= {"instansi", "missing", "failing"} and left["instansi"] == "BTH"
        assert all(isinstance(x, str) for x in left.get("failing", []))
    assert {x for left in none["ineligible"] for x in left["failing"]} == {"jabatan_sebelumnya"}
    with Session(world.engine) as s:
        people = s.exec(select(Pegawai)).all()
        units = {u.nama for u in s.exec(select(UnitKerja)).all()}
    for answer in (obj, none):
        dumped = json.dumps({k: v for k, v in answer.items() if k != "text"})
        assert "pegawai_id" not in dumped and "0 tahun" not in dumped
        for p in people:
            assert re.search(rf"\b{re.escape(p.nama.split(' ')[0])}\b", dumped) is None, p.nama
            assert p.nip not in dumped
        for unit in units:
            assert unit not in dumped, unit
    # Whoever the answers were about is in their audit entries' subjects all the same.
    first, second = ask_entries(world.engine)
    with Session(world.engine) as s:
        subjects = [
            set(s.exec(select(AuditSubject.pegawai_id).where(AuditSubject.entry_id == e.id)).all())
            for e in (first, second)
        ]
    assert subjects[0] == {c.pegawai_id for c in view.candidates}
    assert len(subjects[1]) == 6


def test_blind_json_gives_one_conflict_sentence_for_the_list(setup: Setup) -> None:
    """A conflict flag on a coded row would point at its person: the blind JSON carries one
    sentence for the whole list instead; the operator's view keeps the flags per row."""
    world, door, _ = setup
    with Session(world.engine) as s:
        s.add(
            Keluarga(
                pegawai_id=world.ids["dewi"], nip_keluarga=world.nips["eka"], hubungan="saudara"
            )
        )
        s.commit()
    blind = valid(door.ask(question(SEARCH, role="ppk", instansi=["BTH"])).obj)
    assert blind["conflict_note"] == BLIND_CONFLICT_NOTE
    assert "keluarga kandidat" not in json.dumps(blind)
    op = valid(door.ask(question(SEARCH, role="ppk", instansi=["BTH"], operator_view=True)).obj)
    assert "conflict_note" not in op


SEVEN_DINAS = (
    "Kesehatan",
    "Pendidikan",
    "Sosial",
    "Pertanian",
    "Perhubungan",
    "Pariwisata",
    "Perikanan",
)


def test_too_many_matching_posts_give_their_units(setup: Setup) -> None:
    world, door, _ = setup
    with Session(world.engine) as s:
        bth = s.get(Instansi, world.ids["BTH"])
        assert bth is not None
        for nama in SEVEN_DINAS:
            dinas = make_unit(s, bth, nama=f"Dinas {nama}", singkatan=None)
            sekretariat = make_unit(s, bth, nama="Sekretariat", singkatan=None, induk=dinas)
            make_jabatan(s, bth, unit=sekretariat, nama="Sekretaris", eselon="III.a")
        s.commit()
    obj = valid(door.ask(question("kandidat sekdis", role="hr", instansi=["BTH"])).obj)
    assert obj["position"]["id"] is None and len(obj["position"]["choices"]) == 6
    units = obj["position"]["units"]
    assert len(units) == 7 and all(u["count"] == 1 and u["id"] for u in units)
    assert "Dinas Perikanan" in {u["title"] for u in units}
    # The JSON door answers each question on its own: no typed reply is awaited, and the
    # text says to ask again with the unit's name, not to reply or to press a button.
    with Session(world.engine) as s:
        waiting = s.exec(select(CallbackPayload).where(CallbackPayload.action == PENDING_UNIT))
        assert waiting.all() == []
    assert "Tanyakan lagi dengan namanya" in obj["text"]
    assert "Dinas Perikanan" in obj["text"]  # the units, written out
    assert "balas" not in obj["text"] and "Pilih di bawah" not in obj["text"]
