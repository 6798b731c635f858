"""The attack suite: sentinel people planted in an agency no attacker belongs to, and every
role trying every vector at least five times to make them surface.

Each try is checked in its reply (text, buttons, caption, a PDF's text read back with pypdf),
in every log line of the run (caplog, all loggers) and in the data handed to the picture
renderers (a spy at the renderer boundary). ``tests/security/conftest.py`` prints the tries
per vector and role; ``test_canaries.py`` proves each checker catches a leak on purpose.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.chat import binding, callbacks
from bot.chat.access import Role
from bot.chat.presses import (
    ChoiceCancelPress,
    ChoosePress,
    ComparePress,
    DetailPress,
    DocumentPress,
    RevealPress,
    SpreadsheetPress,
)
from bot.chat.replies import Inbound, Reply
from bot.chat.settings import ConversationSettings
from bot.flows import pictures
from bot.ports.services import Accountability
from bot.router.assistant import Assistant
from db.audit import AuditLog, AuditSettings
from db.clock import today_wib
from tests.bot.audited import button_token, ref_of
from tests.bot.support import TG, World, build_world, make_services
from tests.factories import (
    add_kinerja,
    add_ninebox_resmi,
    make_instansi,
    make_jabatan,
    make_pegawai,
    make_unit,
)
from tests.security.conftest import TRIES
from tests.security.leaks import (
    RendererSpy,
    Sentinels,
    in_logs,
    in_reply,
    pdf_text,
    xlsx_text,
)

KEY = b"s" * 32
WORD = "Sentinelx"
FIRST = ["Arum", "Bayu", "Candra", "Dimas", "Endah", "Farid"]
OWNER_TG = 7777
ROLES = {  # role under attack -> (telegram user, private chat)
    "ppk_A": ("ppk_bth", True),
    "ppk_B": ("ppk_krc", True),
    "hr": ("hr_bth", True),
    "admin": ("admin_prov", True),
    "asn": ("asn_sari", True),
    "komite": ("komite_bth", True),
    "unbound": ("stranger", True),
    "group": ("ppk_bth", False),
}


@dataclass
class Arena:
    world: World
    sentinels: Sentinels
    ids: list[int]
    nips: list[str]
    refs: list[str]
    owner_tokens: list[str]  # buttons of the sentinels' own PPK, to replay
    owner_pdf: list[str]  # its "Dokumen PDF" buttons (blind list, revealed list)
    owner_xlsx: list[str]  # its "Dokumen XLSX" buttons (blind list, revealed list)
    attacker: Assistant
    spy: RendererSpy


def _services(engine: Engine) -> Assistant:
    services = make_services(engine)
    services.accountability = Accountability(
        audit=AuditLog(engine, KEY), settings=AuditSettings(), config_hash="cfg"
    )
    # Far above any burst here: a rate-limited try would prove nothing.
    return Assistant(engine, services, settings=ConversationSettings(messages_per_minute=100_000))


def _say(a: Assistant, tg: int, text: str, *, private: bool = True) -> Reply:
    return a.handle(Inbound(f"tg:{tg}", private=private, text=text, telegram_id=tg))[-1]


def _press(a: Assistant, tg: int, token: str, *, private: bool = True) -> Reply:
    inbound = Inbound(f"tg:{tg}", private=private, callback_token=token, telegram_id=tg)
    return a.handle(inbound)[-1]


@pytest.fixture(scope="module")
def arena(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch
) -> Iterator[Arena]:
    from db import migrate
    from db.engine import make_engine
    from db.settings import DatabaseSettings

    path = tmp_path_factory.mktemp("attacks") / "talenta.db"
    engine = make_engine(DatabaseSettings(url=f"sqlite:///{path}"))
    migrate.upgrade(engine)
    world = build_world(engine)
    ids, nips = [], []
    with Session(engine) as s:
        zzz = make_instansi(s, "ZZZ", "Kabupaten Sentinel", "kabupaten")
        unit = make_unit(s, zzz, nama="Dinas Kesehatan Sentinel", singkatan="DKS")
        for i, first in enumerate(FIRST):
            jab = make_jabatan(s, zzz, unit=unit, nama="Kepala Bidang Anggaran", bidang="keuangan")
            p = make_pegawai(
                s, zzz, jabatan=jab, nama=f"{first} {WORD}", tanggal_lahir=date(1975, 3, 1 + i)
            )
            add_kinerja(s, p, {2024: "Baik", 2025: "Sangat Baik"})
            add_ninebox_resmi(s, p, 9 - (i % 3))
            ids.append(p.id or 0)
            nips.append(p.nip)
        owner = binding.create_user(
            s,
            role=Role.ppk,
            nama="Bupati Sentinel",
            instansi_kodes=["ZZZ"],
            masa_jabatan_akhir=today_wib() + timedelta(days=365),
        )
        code = binding.invite(s, owner).code
        s.commit()
    sentinels = Sentinels([WORD, *(f"{f} {WORD}" for f in FIRST)], nips)
    # The sentinels' own PPK makes two lists, reveals one and keeps its buttons.
    legit = _services(engine)
    _say(legit, OWNER_TG, f"/start {code}")
    first = _say(legit, OWNER_TG, "/kandidat pejabat pengganti")
    second = _say(legit, OWNER_TG, "/kandidat kepala bidang anggaran")
    shown = _press(legit, OWNER_TG, button_token(first, "Tampilkan identitas"))
    assert WORD in shown.html  # the owner does see them: the sentinels are real
    tokens = [b.token for r in (first, shown) for row in r.buttons for b in row]
    pdf = [button_token(r, "Dokumen PDF") for r in (first, shown)]
    xlsx = [button_token(r, "Dokumen XLSX") for r in (first, shown)]
    # The attackers' assistant: its own picture caches, the renderers spied on.
    spy = RendererSpy()
    monkeypatch_module.setattr(pictures, "render_ninebox", spy.wrap(pictures.render_ninebox))
    monkeypatch_module.setattr(
        pictures, "render_competency_chart", spy.wrap(pictures.render_competency_chart)
    )
    attacker = _services(engine)
    for key in ("ppk_bth", "ppk_krc", "hr_bth", "admin_prov", "asn_sari", "komite_bth"):
        _say(attacker, TG[key], f"/start {world.codes[key]}")
    refs = [ref_of(first), ref_of(second)]
    yield Arena(world, sentinels, ids, nips, refs, tokens, pdf, xlsx, attacker, spy)
    engine.dispose()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _spaced(n: str, sep: str) -> str:
    return sep.join((n[:8], n[8:14], n[14], n[15:]))


Try = Callable[[Arena, int, bool], Reply]


def _forged(press_of: Callable[[Arena], object]) -> Try:
    """A payload the attacker's own token carries (as if the stored payload were forged)."""

    def run(a: Arena, tg: int, private: bool) -> Reply:
        press = press_of(a)
        with Session(a.world.engine) as s:
            [token] = callbacks.store_many(s, f"tg:{tg}", [(press.kind, press.pack())])  # type: ignore[attr-defined]
            s.commit()
        return _press(a.attacker, tg, token, private=private)

    return run


def _text(make: Callable[[Arena], str]) -> Try:
    return lambda a, tg, private: _say(a.attacker, tg, make(a), private=private)


def _replay(i: int) -> Try:
    return lambda a, tg, private: _press(a.attacker, tg, a.owner_tokens[i], private=private)


VECTORS: dict[str, list[Try]] = {
    "nama": [_text(lambda a, f=f: f"/profil {f} {WORD}") for f in FIRST[:3]]
    + [_text(lambda a: f"profil {WORD}"), _text(lambda a: f"lihat pegawai {WORD} Endah")],
    "nip": [_text(lambda a, i=i: f"/profil {a.nips[i]}") for i in range(5)],
    "nip_berspasi": [
        _text(lambda a, i=i, sep=sep: f"/profil {_spaced(a.nips[i], sep)}")
        for i, sep in enumerate([" ", ".", "-", " ", "."])
    ],
    "teks_bebas": [
        _text(lambda a: f"riwayat akses data {FIRST[0]} {WORD}"),
        _text(lambda a: "talent pool dinas kesehatan sentinel"),
        _text(lambda a: "siapa yang cocok jadi kepala bidang anggaran?"),
        _text(lambda a: "bandingkan kandidat 1 dan 2"),
        _text(lambda a: f"tolong tampilkan profil {FIRST[1]} {WORD}"),
    ],
    "callback_palsu": [
        _forged(lambda a: DetailPress(a.ids[0])),
        _forged(lambda a: ComparePress((a.ids[0], a.ids[1]))),
        _forged(lambda a: RevealPress(a.refs[0])),
        _forged(lambda a: ChoosePress(a.refs[0], a.ids[2])),
        _forged(lambda a: ChoosePress(a.refs[0], a.ids[2], confirmed=True)),
        _forged(lambda a: ChoiceCancelPress(a.refs[0])),
        _forged(lambda a: DetailPress(a.ids[3], None)),
    ],
    "callback_ulang": [_replay(i) for i in range(5)]
    + [lambda a, tg, p: _press(a.attacker, tg, secrets.token_urlsafe(16), private=p)],
    "grup": [
        lambda a, tg, p, t=t: _say(a.attacker, tg, t(a), private=False)  # type: ignore[misc]
        for t in (
            lambda a: f"/profil {FIRST[0]} {WORD}",
            lambda a: f"/profil {a.nips[1]}",
            lambda a: "/talentpool",
            lambda a: "/talentpool Dinas Kesehatan Sentinel",
            lambda a: f"/daftar {a.refs[0]}",
        )
    ],
    "rujukan_lain": [
        _text(lambda a: f"/daftar {a.refs[0]}"),
        _text(lambda a: f"/daftar {a.refs[1]}"),
        _text(lambda a: f"/daftar {a.refs[0]} pilih 1"),
        _text(lambda a: f"/daftar {a.refs[1]} pilih {a.nips[0]}"),
        _text(lambda a: f"/daftar {a.refs[0].lower()}"),
    ],
    "pdf": [
        _forged(lambda a: DocumentPress(a.refs[0])),
        _forged(lambda a: DocumentPress(a.refs[1])),
        lambda a, tg, p: _press(a.attacker, tg, a.owner_pdf[0], private=p),
        lambda a, tg, p: _press(a.attacker, tg, a.owner_pdf[1], private=p),
        _text(lambda a: f"dokumen pdf {a.refs[0]}"),
        _own_pdf := (lambda a, tg, p: _own_document(a, tg, p)),
    ],
    "xlsx": [
        _forged(lambda a: SpreadsheetPress(a.refs[0])),
        _forged(lambda a: SpreadsheetPress(a.refs[1])),
        lambda a, tg, p: _press(a.attacker, tg, a.owner_xlsx[0], private=p),
        lambda a, tg, p: _press(a.attacker, tg, a.owner_xlsx[1], private=p),
        _text(lambda a: f"/daftar {a.refs[0]} xlsx"),
        _text(lambda a: f"/daftar {a.refs[1].lower()} xlsx"),
        _text(lambda a: "/daftar talentpool"),
        _text(lambda a: "/daftar talentpool Dinas Kesehatan Sentinel"),
        lambda a, tg, p: _own_document(a, tg, p, "Dokumen XLSX"),
    ],
    "gambar": [
        _text(lambda a: "/talentpool"),
        _text(lambda a: "/talentpool Dinas Kesehatan Sentinel"),
        _text(lambda a: "/talentpool DKS"),
        _forged(lambda a: DetailPress(a.ids[4], None)),
        _text(lambda a: "/profil"),
    ],
}


def _own_document(a: Arena, tg: int, private: bool, label: str = "Dokumen PDF") -> Reply:
    """The attacker's own list and its document (a real PDF or XLSX, read back): no sentinel
    in it."""
    listed = _say(a.attacker, tg, "/kandidat kepala bidang anggaran", private=private)
    for row in listed.buttons:
        for b in row:
            if b.label == label:
                return _press(a.attacker, tg, b.token, private=private)
    return listed


@pytest.mark.parametrize("vector", sorted(VECTORS))
@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_sentinel_surfaces(
    arena: Arena, role: str, vector: str, caplog: pytest.LogCaptureFixture
) -> None:
    who, private = ROLES[role]
    tg = TG[who]
    tries = VECTORS[vector]
    assert len(tries) >= 5
    before = len(arena.spy.calls)
    with caplog.at_level(logging.DEBUG):
        for attempt in tries:
            reply = attempt(arena, tg, private)
            assert reply.kind not in ("error", "rate_limited"), reply.kind
            leaked = in_reply(arena.sentinels, reply)
            assert not leaked, (role, vector, leaked, reply.kind)
            TRIES[(vector, role)] += 1
    assert not in_logs(arena.sentinels, caplog.records), (role, vector)
    spied = RendererSpy(arena.spy.calls[before:])
    assert not spied.leaks(arena.sentinels), (role, vector)


def test_the_suite_exercised_pdfs_xlsx_and_pictures(arena: Arena) -> None:
    """The checkers had real material: pictures were rendered for attackers (spied), an
    attacker's own document is a PDF whose text pypdf reads back and an XLSX whose cells
    openpyxl reads back, and the talent pool XLSX of the attacker's agency names people."""
    assert arena.spy.calls
    reply = _own_document(arena, TG["ppk_bth"], True)
    assert reply.attachment is not None and reply.attachment.filename.endswith(".pdf")
    assert "SL-" in pdf_text(reply.attachment.content)
    sheet = _own_document(arena, TG["ppk_bth"], True, "Dokumen XLSX")
    assert sheet.attachment is not None and sheet.attachment.filename.endswith(".xlsx")
    assert "SL-" in xlsx_text(sheet.attachment.content)
    pool = _say(arena.attacker, TG["hr_bth"], "/daftar talentpool")
    assert pool.attachment is not None and pool.attachment.filename.endswith(".xlsx")
    assert "Sari Wulandari" in xlsx_text(pool.attachment.content)
    # The owner's document buttons are real: pressed by the owner, the revealed list's
    # documents name the sentinels (so the replayed presses above had something to leak).
    for token in (arena.owner_pdf[1], arena.owner_xlsx[1]):
        doc = _press(arena.attacker, OWNER_TG, token)
        assert doc.attachment is not None
        assert in_reply(arena.sentinels, doc)
