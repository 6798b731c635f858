"""In-test service implementations and a small world of agencies, employees and users.

The services here are boundaries for the core's tests: they read the real database (scope is
honoured by the query) but rank trivially. The real ones are wired in ``bot/config/wiring.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.chat import binding
from bot.chat.access import Identity, Role
from bot.chat.replies import Inbound, Reply
from bot.config.settings import Settings, load_settings
from bot.ports.records import DbRecords, full_name
from bot.ports.services import (
    Candidate,
    CandidatePage,
    CitedProvision,
    Listed,
    Opportunities,
    Opportunity,
    RegulationAnswer,
    Services,
)
from bot.router.assistant import Assistant
from db.clock import today_wib
from db.models import Jabatan, Pegawai, UnitKerja
from retrieval.people.results import Candidate as Ranked
from tests.factories import (
    add_kinerja,
    add_ninebox_resmi,
    add_riwayat_jabatan,
    make_instansi,
    make_jabatan,
    make_pegawai,
    make_unit,
)


class ScopedSearch:
    """Every active employee of the scope whose jabatan or unit shares a word with the query."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.calls: list[frozenset[int]] = []

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
        self.calls.append(scope)
        with Session(self.engine) as s:
            rows = s.exec(
                select(Pegawai, Jabatan, UnitKerja)
                .join(Jabatan, Jabatan.id == Pegawai.jabatan_id)
                .join(UnitKerja, UnitKerja.id == Pegawai.unit_id)
                .where(col(Pegawai.instansi_id).in_(scope), Pegawai.status == "aktif")
                .order_by(col(Pegawai.id))
            ).all()
        words = {w for w in query.lower().split() if len(w) > 3}
        hits = [
            r for r in rows if words & set(f"{r[1].nama} {r[1].bidang}".lower().split())
        ] or rows
        items = tuple(
            Candidate(
                Listed(p.id or 0, p.instansi_id, full_name(p), p.nip, j.nama, p.golongan, u.nama),
                Ranked(p.id or 0, p.instansi_id, 1.0 - i / 100, components={}, evidence=[]),
                reasons=("bidang sesuai",),
            )
            for i, (p, j, u) in enumerate(hits)
        )
        return CandidatePage(query, items[offset : offset + limit], len(items), today_wib())


class LeakySearch(ScopedSearch):
    """A broken search that ignores the scope: the core must still show no one outside it."""

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
        with Session(self.engine) as s:
            every = frozenset(i for i in s.exec(select(Pegawai.instansi_id)).all())
        return super().search(query, scope=every, limit=limit, offset=offset, jabatan_id=jabatan_id)


class CannedRegulations:
    def answer(self, question: str) -> RegulationAnswer:
        return RegulationAnswer(
            intent="syarat_jabatan",
            text="Syarat jabatan administrator antara lain berpendidikan S1 & <sehat>.",
            citations=(
                CitedProvision(
                    "pp-11-2017:pasal-107:huruf-c",
                    "PP 11/2017 Pasal 107 huruf c",
                    "Syarat pengangkatan jabatan administrator.",
                    "verified",
                ),
            ),
            as_of=date(2025, 6, 1),
        )


class GapAdvisor:
    def opportunities(self, pegawai_id: int, *, limit: int) -> Opportunities:
        return Opportunities(
            pegawai_id,
            (Opportunity("Kepala Bidang Anggaran", "BPKAD", ("Diklat PIM III",)),),
            today_wib(),
        )


@dataclass
class World:
    engine: Engine
    ids: dict[str, int] = field(default_factory=dict)
    nips: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)


def build_world(engine: Engine) -> World:
    w = World(engine)
    with Session(engine) as s:
        prov = make_instansi(s, "PROV", "Pemerintah Provinsi Jambi", "provinsi")
        bth = make_instansi(s, "BTH", "Kabupaten Batanghari", "kabupaten")
        krc = make_instansi(s, "KRC", "Kabupaten Kerinci", "kabupaten")
        for inst in (prov, bth, krc):
            w.ids[inst.kode] = inst.id or 0
        people = {
            "budi": (bth, "Budi <b>& Santoso", "Kepala Bidang Anggaran", "keuangan"),
            "sari": (bth, "Sari Wulandari", "Analis Anggaran", "keuangan"),
            "tono": (bth, "Tono Hartono", "Kepala Seksi Perbendaharaan", "keuangan"),
            "dewi": (bth, "Dewi Lestari", "Kepala Bidang Aset", "keuangan"),
            "eka": (bth, "Eka Putra", "Auditor Ahli Muda", "pengawasan"),
            "fajar": (bth, "Fajar Nugroho", "Perencana Ahli Muda", "perencanaan"),
            "gita": (bth, "Gita Permata", "Pranata Komputer", "informatika"),
            "rina": (krc, "Rina Kerinci", "Kepala Bidang Anggaran", "keuangan"),
            "andi": (prov, "Andi Provinsi", "Kepala Bidang Mutasi", "kepegawaian"),
        }
        for i, (key, (inst, nama, jab, bidang)) in enumerate(people.items()):
            unit = make_unit(
                s,
                inst,
                nama="Badan Keuangan Daerah" if bidang == "keuangan" else "Sekretariat Daerah",
                singkatan="BKD" if bidang == "keuangan" else "SETDA",
            )
            j = make_jabatan(s, inst, unit=unit, nama=jab, bidang=bidang)
            p = make_pegawai(s, inst, jabatan=j, nama=nama, tanggal_lahir=date(1980, 1, 1 + i))
            add_kinerja(s, p, {2024: "Baik", 2025: "Sangat Baik"})
            add_ninebox_resmi(s, p, 9 - (i % 4))
            w.ids[key] = p.id or 0
            w.nips[key] = p.nip
        s.commit()
        users = {
            "ppk_bth": dict(
                role=Role.ppk,
                nama="Bupati Batanghari",
                instansi_kodes=["BTH"],
                masa_jabatan_akhir=today_wib() + timedelta(days=365),
            ),
            "ppk_krc": dict(
                role=Role.ppk,
                nama="Bupati Kerinci",
                instansi_kodes=["KRC"],
                masa_jabatan_akhir=today_wib() + timedelta(days=365),
            ),
            "hr_prov": dict(
                role=Role.hr, nama="Staf BKD", instansi_kodes=["PROV"], nip=w.nips["andi"]
            ),
            "hr_bth": dict(role=Role.hr, nama="Staf BKPSDM BTH", instansi_kodes=["BTH"]),
            "admin_prov": dict(role=Role.admin, nama="Operator BKD", instansi_kodes=["PROV"]),
            "asn_sari": dict(role=Role.asn, nama="Sari", instansi_kodes=[], nip=w.nips["sari"]),
            "inspector": dict(
                role=Role.inspector, nama="Kanreg VII BKN", instansi_kodes=["BTH", "KRC"]
            ),
            "komite_bth": dict(role=Role.komite, nama="Baperjakat BTH", instansi_kodes=["BTH"]),
        }
        for key, kwargs in users.items():
            user = binding.create_user(s, **kwargs)  # type: ignore[arg-type]
            w.users[key] = user.id or 0
            w.codes[key] = binding.invite(s, user).code
        s.commit()
    return w


def add_pengawas_years(engine: Engine, world: World, *who: str) -> None:
    """Give ``who`` years as pengawas, what an administrator post asks (PP 11/2017)."""
    with Session(engine) as s:
        for key in who:
            peg = s.get(Pegawai, world.ids[key])
            assert peg is not None
            add_riwayat_jabatan(
                s,
                peg,
                nama="Kepala Subbidang Aset",
                jenis="pengawas",
                mulai=date(2015, 1, 1),
                selesai=date(2022, 1, 1),
                bidang="keuangan",
            )
        s.commit()


def real_settings(tmp_path: Path) -> Settings:
    """Settings for the real services on the hashing encoder, everything under ``tmp_path``."""
    return load_settings(
        app={"data_dir": tmp_path},
        encoder={"backend": "hashing"},
        search={"index_dir": tmp_path / "index"},
    )


def make_services(engine: Engine, *, search: ScopedSearch | None = None) -> Services:
    records = DbRecords(engine)
    return Services(
        profiles=records,
        talentpool=records,
        regulations=CannedRegulations(),
        search=search or ScopedSearch(engine),
        opportunities=GapAdvisor(),
    )


TG = {
    "ppk_bth": 1001,
    "ppk_krc": 1002,
    "hr_prov": 1003,
    "hr_bth": 1004,
    "admin_prov": 1005,
    "asn_sari": 1006,
    "inspector": 1007,
    "komite_bth": 1008,
    "stranger": 1999,
}


class Chat:
    """Drive the core as one Telegram user would (private chat unless told otherwise)."""

    def __init__(self, assistant: Assistant, who: str, *, private: bool = True) -> None:
        self.assistant = assistant
        self.tg = TG[who]
        self.private = private
        self.last: list[Reply] = []

    def say(self, text: str) -> Reply:
        self.last = self.assistant.handle(
            Inbound(actor=f"tg:{self.tg}", private=self.private, text=text, telegram_id=self.tg)
        )
        return self.last[-1]

    def press(self, token: str) -> Reply:
        self.last = self.assistant.handle(
            Inbound(
                actor=f"tg:{self.tg}",
                private=self.private,
                callback_token=token,
                telegram_id=self.tg,
            )
        )
        return self.last[-1]


def bind_all(assistant: Assistant, world: World, *who: str) -> None:
    for key in who:
        reply = Chat(assistant, key).say(f"/start {world.codes[key]}")
        assert reply.kind == "bound", reply.html


def identity(role: Role) -> Identity:
    return Identity(role=role)
