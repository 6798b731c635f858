"""Personal records read straight from the employee database (the truth, no estimates).

The own-profile view and the official talent pool (BKN's nine-box placement) need no ranking
model: they show what the agency's records say. Each method opens its own short session and
reads through :mod:`db.queries`; this module only words the facts in Indonesian.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.ports.services import PoolEntry, Profile, TalentPool
from db.clock import today_wib, wib_date
from db.engine import Engine, Session
from db.models import Pegawai
from db.nip import nips_in
from db.queries.ninebox import official_placements
from db.queries.people import find_employees, locate_pegawai, profile_record
from knowledge.corpus import shipped_corpus
from knowledge.rules import in_talent_pool
from knowledge.rules.bup import BupStatus, bup
from knowledge.rules.facts import EmployeeFacts
from knowledge.rules.loader import load_employee_facts
from retrieval.regulations.compose import cite


def full_name(p: Pegawai) -> str:
    parts = [p.gelar_depan, p.nama]
    name = " ".join(x for x in parts if x)
    return f"{name}, {p.gelar_belakang}" if p.gelar_belakang else name


def _as_of(p: Pegawai) -> date:
    return wib_date(p.updated_at) if p.updated_at else today_wib()


class DbRecords:
    """Implements ``ProfileReader`` and ``TalentPoolReader`` over the employee tables."""

    def __init__(self, engine: Engine, *, today: Callable[[], date] = today_wib) -> None:
        self._engine = engine
        self._today = today  # the reference date of "how long in the post"

    def locate(self, pegawai_id: int) -> int | None:
        with Session(self._engine) as s:
            return locate_pegawai(session=s, pegawai_id=pegawai_id)

    def find(self, text: str, *, scope: frozenset[int] | None) -> list[tuple[int, int]]:
        nips = nips_in(text)
        words = [] if nips else re.findall(r"[^\W\d_]{3,}", text)
        with Session(self._engine) as s:
            return find_employees(session=s, scope=scope, nips=nips, words=words)

    def profile(self, pegawai_id: int) -> Profile | None:
        with Session(self._engine) as s:
            r = profile_record(session=s, pegawai_id=pegawai_id)
        if r is None:
            return None
        p = r.pegawai
        assert p.id is not None
        facts: list[tuple[str, str]] = []
        if r.pendidikan:
            pend = r.pendidikan
            facts.append(("Pendidikan", f"{pend.jenjang} {pend.jurusan or ''}".strip()))
        if r.kinerja:
            facts.append(("Kinerja", ", ".join(f"{k.tahun}: {k.predikat}" for k in r.kinerja)))
        if r.ninebox:
            nb = r.ninebox
            facts.append(("Kotak talenta (resmi)", f"{nb.kotak} ({nb.tahun}, {nb.sumber})"))
        facts.append(("Diklat tercatat", str(r.diklat)))
        if p.tmt_jabatan:
            years = (self._today() - p.tmt_jabatan).days // 365
            facts.append(("Lama di jabatan", f"{years} tahun"))
        return Profile(
            pegawai_id=p.id,
            instansi_id=p.instansi_id,
            nama=full_name(p),
            nip=p.nip,
            jabatan=r.jabatan or "(tanpa jabatan)",
            golongan=p.golongan,
            unit=r.unit,
            instansi=r.instansi,
            facts=tuple(facts),
            as_of=_as_of(p),
        )

    def retirement(self, pegawai_id: int) -> str | None:
        with Session(self._engine) as s:
            employee = load_employee_facts(s, [pegawai_id]).get(pegawai_id)
        return _retirement(employee, self._today()) if employee is not None else None

    def pool(self, *, scope: frozenset[int], unit: str | None, limit: int) -> TalentPool:
        with Session(self._engine) as s:
            rows = official_placements(session=s, scope=scope, unit=unit)
        counts: dict[int, int] = {}
        entries = []
        newest: date | None = None
        for row in rows:
            peg, nb = row.pegawai, row.placement
            counts[nb.kotak] = counts.get(nb.kotak, 0) + 1
            d = _as_of(peg)
            newest = d if newest is None or d > newest else newest
            if in_talent_pool(nb.kotak) and peg.id is not None:
                entries.append(
                    PoolEntry(
                        pegawai_id=peg.id,
                        instansi_id=peg.instansi_id,
                        nama=full_name(peg),
                        nip=peg.nip,
                        jabatan=row.jabatan or "",
                        kotak=nb.kotak,
                        tahun=nb.tahun,
                    )
                )
        entries.sort(key=lambda e: (-e.kotak, e.nama))
        return TalentPool(
            scope=scope,
            unit=unit,
            entries=tuple(entries[:limit]),
            box_counts=counts,
            as_of=newest or today_wib(),
        )


# Teachers' and lecturers' retirement age is set by their own law, which the knowledge base
# does not hold: no line rather than PP 11/2017's figure for other JF.
_OWN_RETIREMENT_LAW = ("guru", "dosen")


def _retirement(employee: EmployeeFacts, today: date) -> str | None:
    """The BUP line of an own profile, with the provision it rests on ("BUP 58 tahun; mencapai
    BUP pada 8 Januari 2027. PP 11/2017 Pasal 239 (terverifikasi sekunder)"); none when the
    position kind is not on record or its retirement age is set elsewhere (teachers)."""
    held = employee.jabatan.nama.casefold() if employee.jabatan is not None else ""
    if held.startswith(_OWN_RETIREMENT_LAW):
        return None
    result = bup(employee, as_of=today)
    if result.status is BupStatus.unknown:
        return None
    if result.status is BupStatus.not_applicable:
        return result.penjelasan
    corpus = shipped_corpus()
    cited = [cite(corpus, pid) for pid in result.citations]
    basis = "; ".join(c.line + (f" {c.marker}" if c.marker else "") for c in cited)
    return f"{result.penjelasan} {basis}".strip()
