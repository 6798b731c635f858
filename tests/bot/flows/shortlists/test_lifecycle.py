"""Issue 7 in the assistant: recorded lists, blind-first, reveal, reopen, choice with reason."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.router.assistant import Assistant
from db.audit import (
    AuditKind,
    AuditSettings,
    reopen_shortlist,
    verify_chain,
)
from db.clock import today_wib
from db.models import Pegawai
from tests.bot.audited import (
    KEY,
    QUERY,
    button_token,
    exported,
    give_reason,
    labels,
    make_assistant,
    ref_of,
)
from tests.bot.support import Chat, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def assistant(world: World) -> Assistant:
    return make_assistant(world)


def test_blind_first_hides_names_until_reveal_and_the_reveal_is_logged(
    assistant: Assistant, world: World
) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    assert first.kind == "candidates" and first.personal_data
    for key in ("budi", "sari", "tono", "dewi", "eka"):
        assert world.nips[key][:4] not in first.html
        assert world.nips[key][-4:] not in first.html
    assert "Budi" not in first.html and "Sari Wulandari" not in first.html
    assert "Kandidat #1" in first.html
    # No score, evidence line, post title or unit before the reveal: only pooled merit facts.
    assert "Skor" not in first.html and "bidang sesuai" not in first.html
    assert not any(label.startswith("Detail") for label in labels(first))
    assert not any(label.startswith("Bandingkan") for label in labels(first))
    ref = ref_of(first)
    # Typed compare cannot get round the blind view either.
    blind = ppk.say("/bandingkan")
    assert blind.kind == "last_list" and "Tampilkan identitas" in blind.html
    assert not [e for e in exported(world.engine) if e["kind"] == AuditKind.REVEAL.value]

    shown = ppk.press(button_token(first, "Tampilkan identitas"))
    assert not shown.edit and "Budi &lt;b&gt;&amp; Santoso" in shown.html
    assert "Skor" in shown.html and "bidang sesuai" in shown.html
    assert world.nips["budi"][:4] + "•" in shown.html  # a PPK still gets masked NIPs
    assert ref_of(shown) == ref and "Detail 1" in labels(shown)

    reveals = [e for e in exported(world.engine) if e["kind"] == AuditKind.REVEAL.value]
    assert len(reveals) == 1
    payload = reveals[0]["payload"]
    assert isinstance(payload, dict) and payload["shortlist_ref"] == ref
    assert payload["whole_list"] is True
    assert sorted(payload["pegawai_ids"]) == sorted(
        world.ids[k] for k in ("budi", "sari", "tono", "dewi", "eka")
    )
    assert verify_chain(world.engine, KEY).problem is None


def test_list_is_recorded_exactly_as_shown_and_reopens_identically(
    assistant: Assistant, world: World
) -> None:
    first = Chat(assistant, "ppk_bth").say(QUERY)
    ref = ref_of(first)
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref)
    assert view.blind and view.config_hash == "cfg-1" and view.model == "hashing-test"
    assert view.index_version == f"{world.ids['BTH']}:1"
    assert view.data_snapshot == today_wib().isoformat()
    assert [c.pegawai_id for c in view.candidates] == [
        world.ids[k] for k in ("budi", "sari", "tono", "dewi", "eka")
    ]
    assert [c.rank for c in view.candidates] == [1, 2, 3, 4, 5]
    assert [item["score"] for item in view.rendered["items"]] == [1.0, 0.99, 0.98, 0.97, 0.96]
    search = [e for e in exported(world.engine) if e["kind"] == AuditKind.SEARCH.value]
    subjects = search[-1]["subjects"]
    assert isinstance(subjects, list)
    assert [s["pegawai_id"] for s in subjects] == [c.pegawai_id for c in view.candidates]

    # The talent committee of the same agency reopens it: the very same text.
    again = Chat(assistant, "komite_bth").say(f"/daftar {ref.lower()}")
    assert again.kind == "candidates" and again.html == first.html
    # The same PPK, later, too.
    assert Chat(assistant, "ppk_bth").say(f"/daftar {ref}").html == first.html


@pytest.mark.parametrize("who", ["ppk_krc", "asn_sari", "hr_prov", "inspector"])
def test_nobody_outside_the_agency_reopens_a_list(
    assistant: Assistant, world: World, who: str
) -> None:
    first = Chat(assistant, "ppk_bth").say(QUERY)
    ref = ref_of(first)
    reply = Chat(assistant, who).say(f"/daftar {ref}")
    if who in ("ppk_krc", "hr_prov"):  # may reopen lists, not this agency's: like no list
        assert reply.kind == "shortlist_error" and "tidak ditemukan" in reply.html
    else:  # the role may not reopen lists at all
        assert reply.kind == "refused"
    assert "Budi" not in reply.html and "Kandidat #1" not in reply.html


def test_a_stolen_reveal_button_does_not_work(assistant: Assistant, world: World) -> None:
    first = Chat(assistant, "ppk_bth").say(QUERY)
    reply = Chat(assistant, "ppk_krc").press(button_token(first, "Tampilkan identitas"))
    assert reply.kind == "expired_button" and "Budi" not in reply.html


def test_hr_lists_are_recorded_without_blinding(assistant: Assistant, world: World) -> None:
    reply = Chat(assistant, "hr_bth").say(QUERY)
    assert world.nips["budi"] in reply.html and ref_of(reply).startswith("SL-")
    assert "Tampilkan identitas" not in labels(reply)
    assert not any(label.startswith("Pilih") for label in labels(reply))  # HR does not choose


def test_blind_first_can_be_switched_off_per_agency(world: World) -> None:
    a = make_assistant(world, AuditSettings(blind_first_instansi={"BTH": False}))
    reply = Chat(a, "ppk_bth").say(QUERY)
    assert "Budi &lt;b&gt;&amp; Santoso" in reply.html
    assert "Tampilkan identitas" not in labels(reply)
    with Session(world.engine) as s:
        assert not reopen_shortlist(s, ref_of(reply)).blind


def test_choosing_fifth_needs_a_reason_which_is_stored(assistant: Assistant, world: World) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    ref = ref_of(first)

    ask = ppk.press(button_token(first, "Pilih 5"))
    assert ask.kind == "choice_reason" and "di luar tiga teratas" in ask.html
    too_short = ppk.say("dia bagus")
    assert too_short.kind == "choice_refused" and "minimal 20 karakter" in too_short.html
    assert "ketik batal" in too_short.html  # the way out when the text was a new request
    # A question is answered, not recorded as the reason; the choice still awaits one.
    question = ppk.say("apa syarat jabatan administrator?")
    assert question.kind == "regulation"
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id is None
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id is None

    reason = "Pengalaman lima tahun mengelola anggaran pendapatan daerah."
    done = give_reason(ppk, reason)
    assert done.kind == "choice_recorded" and ref in done.html and "alasan" in done.html
    with Session(world.engine) as s:
        view = reopen_shortlist(s, ref)
    assert view.chosen_pegawai_id == world.ids["eka"] and view.choice_reason == reason
    overrides = [e for e in exported(world.engine) if e["kind"] == AuditKind.OVERRIDE.value]
    assert len(overrides) == 1
    payload = overrides[0]["payload"]
    assert isinstance(payload, dict)
    assert payload["reason"] == reason and payload["rank"] == 5
    assert payload["shortlist_ref"] == ref
    # The next message is an ordinary one again.
    assert ppk.say("apa syarat jabatan administrator?").kind == "regulation"


def test_choosing_inside_top_three_asks_once_then_records(
    assistant: Assistant, world: World
) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    ref = ref_of(first)
    # One tap on "Pilih 2" records nothing: the pick is named and confirmation asked for.
    ask = ppk.press(button_token(first, "Pilih 2"))
    assert ask.kind == "choice_confirm" and ref in ask.html and "peringkat 2" in ask.html
    assert labels(ask) == ["Ya, catat pilihan", "Batal"]
    with Session(world.engine) as s:
        second = reopen_shortlist(s, ref).candidates[1].pegawai_id
        assert reopen_shortlist(s, ref).chosen_pegawai_id is None
        shown_name = s.get(Pegawai, second).nama  # type: ignore[union-attr]
    # The list is blind: the pick is named by rank, never by name.
    assert html.escape(shown_name, quote=False) not in ask.html and not ask.personal_data
    cancelled = ppk.press(button_token(ask, "Batal"))
    assert cancelled.kind == "choice_cancelled"
    kinds = [e["kind"] for e in exported(world.engine)]
    assert AuditKind.SHORTLIST_CHOICE.value not in kinds
    done = ppk.press(button_token(ppk.press(button_token(first, "Pilih 2")), "Ya, catat pilihan"))
    assert done.kind == "choice_recorded"
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref).chosen_pegawai_id == second
    # A second tap on the same "Ya" (a double tap) records nothing more.
    assert ppk.press(button_token(ask, "Ya, catat pilihan")).kind == "shortlist_error"
    kinds = [e["kind"] for e in exported(world.engine)]
    assert AuditKind.SHORTLIST_CHOICE.value in kinds and AuditKind.OVERRIDE.value not in kinds
    # A second choice on the same list is refused.
    again = ppk.press(button_token(first, "Pilih 1"))
    assert again.kind == "shortlist_error" and "sudah dicatat" in again.html


def test_a_command_cancels_a_pending_reason(assistant: Assistant, world: World) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    assert ppk.press(button_token(first, "Pilih 4")).kind == "choice_reason"
    ppk.say("/bantuan")
    reply = ppk.say("Pengalaman lima tahun mengelola anggaran pendapatan daerah.")
    assert reply.kind != "choice_recorded"
    with Session(world.engine) as s:
        assert reopen_shortlist(s, ref_of(first)).chosen_pegawai_id is None


def test_the_confirmation_names_the_pick_once_the_list_is_revealed(
    assistant: Assistant, world: World
) -> None:
    ppk = Chat(assistant, "ppk_bth")
    first = ppk.say(QUERY)
    ref = ref_of(first)
    revealed = ppk.press(button_token(first, "Tampilkan identitas"))
    ask = ppk.press(button_token(revealed, "Pilih 1"))
    with Session(world.engine) as s:
        top = reopen_shortlist(s, ref).candidates[0].pegawai_id
        name = s.get(Pegawai, top).nama  # type: ignore[union-attr]
    assert ask.kind == "choice_confirm" and ask.personal_data
    assert html.escape(name, quote=False) in ask.html and "peringkat 1" in ask.html
