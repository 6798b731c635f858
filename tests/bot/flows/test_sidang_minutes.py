"""The berita acara of a closed sidang: its facts, one sealed private copy per recipient that
names only the candidates that recipient has seen, and the CLI copy (codes only) that
`talenta audit verify-file` ties back to the sidang. Real SQLite, real PDF/XLSX read back."""

from __future__ import annotations

import hashlib
import io
import re
import stat
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, update
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from bot.flows.sidang_minutes import issue_minutes, issue_minutes_file
from bot.ports.committee import close_with_order, open_committee_sidang
from bot.ports.committee_minutes import SidangStillOpen, minutes_recipients, sidang_minutes
from db.audit import AuditKind, AuditLog, choose_candidate, record_reveal, verify_chain
from db.audit.committee import change_member, record_conflict, record_vote, register_committee
from db.audit.kinds import Actor
from db.models import AuditEntry, BotUser, Pegawai
from tests.bot.flows.pictures.test_media_cli import cli_engine  # noqa: F401 (fixture)
from tests.bot.flows.pictures.test_shortlist_document import KEY, record_example
from tests.bot.support import TG, World, build_world
from tests.security.leaks import pdf_text

GROUP = -4001
runner = CliRunner()


@dataclass
class Held:
    world: World
    audit: AuditLog
    sk: str
    ref: str
    names: dict[str, str]  # sari, tono, eka (K1, K2, K3) -> full name


def _bind(engine: Engine, world: World, *who: str) -> None:
    """Bound accounts with their private chat ids (as /start would leave them)."""
    with Session(engine) as s:
        for key in who:
            s.exec(
                update(BotUser).where(BotUser.id == world.users[key]).values(telegram_id=TG[key])  # type: ignore[call-overload, arg-type]
            )
        s.commit()


def _actor(world: World, key: str, role: str = "komite") -> Actor:
    return Actor.account(world.users[key], role, "BTH")


def held_sidang(engine: Engine, *, close: bool = True, choose: bool = True) -> Held:
    """Three members (Baperjakat, HR staff on the committee, the PPK) on a three-candidate
    list: reveals, a declared conflict whose note names the candidate, votes, a tie for
    first place, the closing, and the PPK choosing outside the first place with a reason."""
    world = build_world(engine)
    ref = record_example(engine, world)
    _bind(engine, world, "komite_bth", "hr_bth", "ppk_bth", "ppk_krc")
    audit = AuditLog(engine, KEY)
    komite, hr, ppk = (world.users[k] for k in ("komite_bth", "hr_bth", "ppk_bth"))
    cid = register_committee(
        audit,
        actor=Actor.account(world.users["admin_prov"], "admin", "PROV"),
        instansi_id=world.ids["BTH"],
        chat_id=GROUP,
        title="Komite Talenta BTH",
        members=[(komite, "komite"), (hr, "komite"), (ppk, "ppk")],
    )
    with Session(engine) as s:
        sk = open_committee_sidang(
            s,
            audit,
            actor=_actor(world, "ppk_bth", "ppk"),
            committee_id=cid,
            shortlist_ref=ref,
            quorum=2,
            closes_at=datetime.now(UTC) + timedelta(hours=48),
        )
        names = {}
        for key in ("sari", "tono", "eka"):
            p = s.get(Pegawai, world.ids[key])
            assert p is not None
            names[key] = p.nama
    # The Baperjakat account reveals K1 only; the HR staff member reveals nobody.
    record_reveal(audit, actor=_actor(world, "komite_bth"), ref=ref, pegawai_id=world.ids["sari"])
    record_conflict(
        audit,
        actor=_actor(world, "hr_bth"),
        sidang_ref=sk,
        account_id=hr,
        rank=2,
        note=f"tetangga {names['tono']}",
    )
    for account, key, rank, rec, reason in [
        (komite, "komite_bth", 1, "layak", "kinerja konsisten"),
        (komite, "komite_bth", 2, "layak", "pengalaman lapangan"),
        (komite, "komite_bth", 3, "tidak", "syarat belum terpenuhi"),
        (ppk, "ppk_bth", 1, "layak", "rekam jejak baik"),
        (ppk, "ppk_bth", 2, "layak", "kepemimpinan"),
        (hr, "hr_bth", 1, "pertimbangkan", '=HYPERLINK("x") perlu wawancara'),
    ]:
        record_vote(
            audit,
            actor=_actor(world, key),
            sidang_ref=sk,
            account_id=account,
            rank=rank,
            recommendation=rec,
            reason=reason,
        )
    if close:
        with Session(engine) as s:
            close_with_order(s, audit, actor=_actor(world, "ppk_bth", "ppk"), sidang_ref=sk)
    if choose:
        choose_candidate(
            audit,
            actor=_actor(world, "ppk_bth", "ppk"),
            ref=ref,
            pegawai_id=world.ids["sari"],
            reason="Memimpin tim anggaran dua tahun terakhir",
        )
    return Held(world, audit, sk, ref, names)


@pytest.fixture
def held(sqlite_engine: Engine) -> Held:
    return held_sidang(sqlite_engine)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_facts_follow_the_record(held: Held) -> None:
    with Session(held.world.engine) as s:
        m = sidang_minutes(s, held.sk, held.world.users["komite_bth"])
    assert sorted(x.nama for x in m.members) == [
        "Baperjakat BTH",
        "Bupati Batanghari",
        "Staf BKPSDM BTH",
    ]
    assert all(x.recommended and not x.removed for x in m.members)
    assert [(c.member, c.code, c.source) for c in m.conflicts] == [
        ("Staf BKPSDM BTH", "K2", "dinyatakan")
    ]
    assert m.conflicts[0].note == ""  # K2 is not named for this viewer: nor is the note
    # K1: 2 layak + 1 dipertimbangkan; K2: 2 layak of 2 valid (HR barred) -> K2 first.
    assert [c.counts for c in m.candidates] == [(2, 1, 0, 0), (2, 0, 0, 1), (0, 0, 1, 0)]
    assert m.quorum_met and m.places == (("K2",), ("K1",), ("K3",))
    assert m.named == frozenset({1}) and m.candidates[0].nama == held.names["sari"]
    assert m.candidates[1].nama is None
    assert m.choice is not None and m.choice.code == "K1" and not m.choice.follows_order
    assert m.choice.reason == "Memimpin tim anggaran dua tahun terakhir"


def test_recipients_are_members_and_the_ppk_in_private_chats(sqlite_engine: Engine) -> None:
    held = held_sidang(sqlite_engine, choose=False)
    w = held.world
    with Session(sqlite_engine) as s:
        got = [(r.account_id, r.telegram_id, r.role) for r in minutes_recipients(s, held.sk)]
    assert got == sorted(
        [
            (w.users["komite_bth"], TG["komite_bth"], "komite"),
            (w.users["hr_bth"], TG["hr_bth"], "komite"),
            (w.users["ppk_bth"], TG["ppk_bth"], "ppk"),
        ]
    )
    assert all(chat > 0 for _, chat, _ in got)  # a person's chat, never a group
    cid = 1
    change_member(
        held.audit,
        actor=_actor(w, "ppk_bth", "ppk"),
        committee_id=cid,
        account_id=w.users["hr_bth"],
        role="komite",
        action="remove",
    )
    change_member(  # a mistaken pick from another agency receives nothing
        held.audit,
        actor=_actor(w, "ppk_bth", "ppk"),
        committee_id=cid,
        account_id=w.users["ppk_krc"],
        role="ppk",
        action="add",
    )
    with Session(sqlite_engine) as s:
        left = {r.account_id for r in minutes_recipients(s, held.sk)}
    assert left == {w.users["komite_bth"], w.users["ppk_bth"]}


def test_each_copy_names_only_what_its_recipient_has_seen(held: Held) -> None:
    w = held.world
    deliveries = issue_minutes(held.audit, held.sk, actor=_actor(w, "ppk_bth", "ppk"))
    by_account = {d.account_id: d for d in deliveries}
    assert set(by_account) == {w.users[k] for k in ("komite_bth", "hr_bth", "ppk_bth")}
    expected = {
        "komite_bth": {"sari"},  # their own reveal of K1
        "hr_bth": set(),  # revealed nobody
        "ppk_bth": {"sari", "tono", "eka"},  # made the list shown with names
    }
    for key, seen in expected.items():
        d = by_account[w.users[key]]
        assert d.chat_id == TG[key]
        reply = d.reply
        assert reply.kind == "minutes_ready" and reply.protect_content and reply.personal_data
        assert reply.attachment is not None and reply.attachment.filename.endswith(".pdf")
        text = _flat(pdf_text(reply.attachment.content))
        for person, name in held.names.items():
            assert (name in text) is (person in seen), (key, person)
        for person in ("sari", "tono", "eka"):
            assert w.nips[person] not in text
        assert held.sk in text and f"segel catatan audit seq {d.issued.entry.seq}" in text
        assert "berbeda dari urutan pertama" in text and "Memimpin tim anggaran" in text
        assert "Staf BKPSDM BTH — K2 (dinyatakan anggota)" in text
        assert ("tetangga" in text) is ("tono" in seen)  # the note travels with the name
        assert f"seq {d.issued.entry.seq}" in reply.html
        for name in held.names.values():
            assert name not in reply.html and name not in reply.attachment.caption
    with Session(w.engine) as s:
        docs = s.exec(select(AuditEntry).where(AuditEntry.kind == AuditKind.DOCUMENT.value)).all()
    assert len(docs) == 3
    for entry in docs:
        assert entry.payload is not None and entry.payload["sidang_ref"] == held.sk
        d = by_account[int(entry.payload["recipient_account"])]
        assert entry.seq == d.issued.entry.seq
        assert entry.payload["sha256"] == hashlib.sha256(d.issued.content).hexdigest()
        assert entry.payload["document"] == "berita_acara_pdf"
    assert verify_chain(w.engine, KEY).ok


def test_the_xlsx_copy_keeps_text_as_text(held: Held) -> None:
    made = issue_minutes_file(
        held.audit,
        held.sk,
        actor=_actor(held.world, "ppk_bth", "ppk"),
        viewer_account=held.world.users["hr_bth"],
        recipient_label="Staf BKPSDM BTH",
        fmt="xlsx",
    )
    ws = load_workbook(io.BytesIO(made.content)).active
    assert ws is not None
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    text = " ".join(str(c.value) for c in cells)
    assert held.sk in text and f"catatan audit seq {made.entry.seq}" in text
    assert not any(name in text for name in held.names.values())
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    assert "1. K2" in text and "Pilihan akhir PPK: K1." in text


def test_a_tie_and_a_missing_quorum_are_said(sqlite_engine: Engine) -> None:
    held = held_sidang(sqlite_engine, close=False, choose=False)
    w = held.world
    with Session(sqlite_engine) as s, pytest.raises(SidangStillOpen):
        sidang_minutes(s, held.sk, None)
    record_vote(  # the HR member now finds K1 layak too: K1 and K2 tie on shares
        held.audit,
        actor=_actor(w, "hr_bth"),
        sidang_ref=held.sk,
        account_id=w.users["hr_bth"],
        rank=1,
        recommendation="layak",
        reason="setelah wawancara",
    )
    with Session(sqlite_engine) as s:
        close_with_order(s, held.audit, actor=_actor(w, "ppk_bth", "ppk"), sidang_ref=held.sk)
    made = issue_minutes_file(
        held.audit, held.sk, actor=Actor.cli("op"), viewer_account=None, recipient_label="HR"
    )
    text = _flat(pdf_text(made.content))
    assert "1. K1, K2 (seri)" in text and "2. K3" in text
    assert "Pilihan akhir PPK belum dicatat." in text
    assert not any(name in text for name in held.names.values())


def test_the_cli_writes_codes_only_copies_that_verify_file_ties_to_the_sidang(
    cli_engine: Engine,  # noqa: F811
    tmp_path: Path,
) -> None:
    held = held_sidang(cli_engine)
    out = tmp_path / "ba"
    made = runner.invoke(app, ["komite", "berita-acara", held.sk.lower(), "--keluaran", str(out)])
    assert made.exit_code == 0, made.output
    pdf, xlsx = out / f"berita-acara-{held.sk}.pdf", out / f"berita-acara-{held.sk}.xlsx"
    for f in (pdf, xlsx):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
        check = runner.invoke(app, ["audit", "verify-file", str(f)])
        assert check.exit_code == 0, check.output
        said = _flat(check.output)
        assert said.startswith("COCOK") and f"berita acara sidang {held.sk}" in said
        assert held.ref in said
    assert not any(name in _flat(pdf_text(pdf.read_bytes())) for name in held.names.values())
    changed = tmp_path / "ubah.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    assert runner.invoke(app, ["audit", "verify-file", str(changed)]).exit_code == 1
    unknown = runner.invoke(
        app, ["komite", "berita-acara", "SK-2026-999999", "--keluaran", str(out)]
    )
    assert unknown.exit_code == 1 and "tidak ditemukan" in unknown.output
