"""Conditions in a request for a post that the list does not apply are named under it: the
ones the merit system forbids, and the merit ones Talenta does not filter by."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import Session

from bot.config.secrets import Secrets
from bot.config.wiring import build_assistant
from bot.flows.people.conditions import outside_scope, unapplied
from db.audit import reopen_shortlist
from tests.bot.audited import ref_of
from tests.bot.support import Chat, add_pengawas_years, bind_all, build_world, real_settings


@pytest.mark.parametrize(
    ("text", "refused", "not_filtered"),
    [
        ("kabid anggaran yang S2 dan perempuan ya", ["perempuan"], ["S2"]),
        ("kabid pria", ["pria"], []),
        ("kabag umum beragama islam", ["beragama islam"], []),
        ("kabid yang Kristen", ["yang Kristen"], []),
        # Tried by a new user: the faith after "dan" was dropped silently.
        ("kabid pendapatan bpkad, yg laki2 dan muslim, min S2", ["laki2", "muslim"], ["S2"]),
        # A faith word naming a field, a subject or an institution is no preference.
        ("guru pendidikan agama islam", [], []),
        ("kasubbag kesra lulusan S1 hukum islam", [], ["lulusan S1"]),
        ("yang paham ekonomi islam", [], []),
        ("lulusan universitas islam negeri", [], []),
        ("guru agama hindu dan buddha", [], []),
        (
            "Sekdis kesehatan, putra daerah, golongan IV/a, umur di bawah 50, yang masih muda",
            ["putra daerah", "umur di bawah 50", "yang masih muda"],
            ["golongan IV/a"],
        ),
        ("kasi yang belum menikah, pengalaman 5 tahun", ["belum menikah"], ["pengalaman 5 tahun"]),
        # Unit and post names are not conditions.
        ("kadis pemberdayaan perempuan dan perlindungan anak", [], []),
        ("auditor ahli muda", [], []),
        ("kepala bidang anggaran BPKAD", [], []),
    ],
)
def test_conditions_are_found_as_written(
    text: str, refused: list[str], not_filtered: list[str]
) -> None:
    found = unapplied(text)
    assert list(found.refused) == refused and list(found.not_filtered) == not_filtered


def _hr_of_batanghari(engine: Engine, tmp_path: Path) -> Chat:
    """HR staff of BTH in the test world, where two people qualify for Kepala Bidang Aset."""
    world = build_world(engine)
    add_pengawas_years(engine, world, "sari", "tono")
    secrets = Secrets(audit_hmac_key=SecretStr("kunci-audit-uji-" + "c" * 32))
    assistant = build_assistant(real_settings(tmp_path), engine, secrets=secrets)
    bind_all(assistant, world, "hr_bth")
    return Chat(assistant, "hr_bth")


@pytest.mark.slow
def test_a_post_list_names_what_it_did_not_apply_and_keeps_it_on_record(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    hr = _hr_of_batanghari(sqlite_engine, tmp_path)
    reply = hr.say("/kandidat Kepala Bidang Aset yang S2 dan perempuan")
    assert reply.kind == "candidates", reply.html
    assert "Tidak dipakai: perempuan" in reply.html and "UU 20/2023" in reply.html
    assert "Belum dipakai untuk menyaring: S2" in reply.html
    with Session(sqlite_engine) as s:
        kept = reopen_shortlist(s, ref_of(reply)).rendered["conditions"]
    assert kept == {"refused": ["perempuan"], "not_filtered": ["S2"], "outside": []}
    plain = hr.say("/kandidat Kepala Bidang Aset")
    assert "Tidak dipakai" not in plain.html and "Belum dipakai" not in plain.html
    # A described need is searched with all its words: nothing is said to be left out.
    need = hr.say("butuh orang yang paham pengelolaan aset daerah, lulusan S2")
    assert need.kind in ("candidates", "no_candidates"), need.html
    assert "Belum dipakai" not in need.html


OTHERS = ["Pemerintah Kabupaten Bungo", "Pemerintah Kota Jambi", "Kabupaten Muaro Jambi"]


@pytest.mark.parametrize(
    ("text", "outside"),
    [
        ("kadis pendidikan kabupaten bungo siapa calonnya?", ["Pemerintah Kabupaten Bungo"]),
        ("kasi di kab. muaro jambi", ["Kabupaten Muaro Jambi"]),
        ("kabid aset pemkot jambi", ["Pemerintah Kota Jambi"]),
        ("calon kadis PU dari semua kabupaten se-jambi", ["semua kabupaten", "se-jambi"]),
        # A region's name without its kind names no agency ("irigasi bungo").
        ("kabid irigasi bungo", []),
    ],
)
def test_other_agencies_named_are_found(text: str, outside: list[str]) -> None:
    assert list(outside_scope(text, others=OTHERS)) == outside


def test_the_post_and_the_province_own_scope_are_not_other_agencies() -> None:
    # The resolved post's unit may carry a region's name; the province's scope is all of it.
    post = "Kepala UPTD Samsat Kota Jambi"
    assert outside_scope("kepala uptd samsat kota jambi", others=OTHERS, post=post) == ()
    assert outside_scope("kepala uptd samsat kota jambi", others=OTHERS) == (
        "Pemerintah Kota Jambi",
    )
    wide = "guru ahli madya dari seluruh OPD se-provinsi"
    assert outside_scope(wide, others=OTHERS, province=True) == ()
    assert outside_scope("kabid anggaran se-jambi", others=OTHERS, province=True) == ()
    assert outside_scope("kabid anggaran se-jambi", others=OTHERS) == ("se-jambi",)


@pytest.mark.slow
def test_a_list_says_another_agency_named_was_not_searched(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    # Tried by a new user: Tebo's PPK asked for Bungo's post and got Tebo's list, no word why.
    hr = _hr_of_batanghari(sqlite_engine, tmp_path)
    reply = hr.say("/kandidat Kepala Bidang Aset kabupaten kerinci")
    assert reply.kind == "candidates", reply.html
    assert "Hanya instansi Anda yang dicari: Kabupaten Batanghari." in reply.html
    assert "tidak dicari: Kabupaten Kerinci" in reply.html
    with Session(sqlite_engine) as s:
        kept = reopen_shortlist(s, ref_of(reply)).rendered["conditions"]
    assert kept["outside"] == ["Kabupaten Kerinci"] and kept["own"] == ["Kabupaten Batanghari"]
    own = hr.say("/kandidat Kepala Bidang Aset kabupaten batanghari")
    assert "Hanya instansi Anda" not in own.html
