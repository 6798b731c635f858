"""Scope first, then limit: a PPK finds their own employee however many namesakes other
agencies have, and a NIP typed with spaces or dots is understood."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.router.assistant import Assistant
from db.models import Instansi
from db.nip import nips_in
from db.queries.people import find_employees
from tests.bot.support import Chat, World, bind_all, build_world, make_services
from tests.factories import make_pegawai

NAME = "Wati Kembaran"


@pytest.fixture
def world(engine: Engine) -> World:
    w = build_world(engine)
    with Session(engine) as s:
        krc, bth = s.get(Instansi, w.ids["KRC"]), s.get(Instansi, w.ids["BTH"])
        assert krc is not None and bth is not None
        for i in range(12):  # namesakes in another agency, stored first
            make_pegawai(s, krc, nama=NAME, tanggal_lahir=date(1970, 1, 1 + i))
        mine = make_pegawai(s, bth, nama=NAME, tanggal_lahir=date(1985, 5, 6))
        s.commit()
        w.ids["wati"], w.nips["wati"] = mine.id or 0, mine.nip
    return w


@pytest.fixture
def assistant(world: World) -> Assistant:
    a = Assistant(world.engine, make_services(world.engine))
    bind_all(a, world, "hr_bth", "ppk_bth")
    return a


def test_own_employee_found_despite_namesakes_elsewhere(assistant: Assistant) -> None:
    for who in ("hr_bth", "ppk_bth"):
        r = Chat(assistant, who).say(f"/profil {NAME}")
        assert r.kind == "candidate_detail", r.html
        assert NAME in r.html


def test_the_query_scopes_before_it_limits(world: World) -> None:
    with Session(world.engine) as s:
        hits = find_employees(session=s, scope={world.ids["BTH"]}, words=["wati", "kembaran"])
        assert hits == [(world.ids["wati"], world.ids["BTH"])]
        every = find_employees(session=s, scope={world.ids["KRC"]}, words=["kembaran"], limit=50)
        assert len(every) == 12


@pytest.mark.parametrize(
    "written",
    ["{a} {b} {c} {d}", "{a}.{b}.{c}.{d}", "{a}{b}{c}{d}", "NIP: {a} {b} {c} {d}."],
)
def test_a_spaced_or_dotted_nip_is_understood(
    assistant: Assistant, world: World, written: str
) -> None:
    n = world.nips["wati"]
    typed = written.format(a=n[:8], b=n[8:14], c=n[14], d=n[15:])
    r = Chat(assistant, "hr_bth").say(f"/profil {typed}")
    assert r.kind == "candidate_detail", r.html
    assert n in r.html  # HR sees the whole NIP


def test_nip_extraction() -> None:
    assert nips_in("19850506 200901 1 001") == ["198505062009011001"]
    assert nips_in("19850506.200901.1.001 dan 198001012005011002") == [
        "198505062009011001",
        "198001012005011002",
    ]
    assert nips_in("telepon 0812 3456 7890") == []
    assert nips_in("1985050620090110012") == []  # 19 digits: not a NIP
