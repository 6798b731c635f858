"""The merit facts behind an ASN's own profile, as data for the JSON door.

The core has already authorised the profile (the reply is a ``profile``, not a refusal); this
reads the same employee's facts and applies the merit rules at the door's reference date:
nine-box (official placement and Talenta's estimate, kept apart), JPM against the current
position, its competency gaps and the succession-group status. Values carry citation ids;
:mod:`bot.doors.ask_json` turns them into citation objects (``knowledge.citations.Citation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from db.audit import access_history
from db.engine import Engine, Session
from knowledge.rules import MeritSettings, jpm, load_employee_facts, ninebox, succession_group
from knowledge.rules.jpm import scheme


@dataclass(frozen=True)
class Cited:
    """A JSON fragment plus the provision ids it rests on (expanded by the caller)."""

    value: dict[str, Any]
    citations: tuple[str, ...]


def merit_facts(
    engine: Engine, pegawai_id: int, *, as_of: date, merit: MeritSettings
) -> dict[str, Cited] | None:
    """``ninebox``, ``jpm`` (with gaps) and ``succession`` for one employee; ``None`` when the
    employee's facts cannot be loaded."""
    with Session(engine) as session:
        facts = load_employee_facts(session, [pegawai_id]).get(pegawai_id)
    if facts is None:
        return None
    out: dict[str, Cited] = {}
    nb = ninebox(facts, as_of=as_of, settings=merit)
    official = (
        {"box": nb.resmi.kotak, "year": nb.resmi.tahun, "source": nb.resmi.sumber}
        if nb.resmi
        else None
    )
    out["ninebox"] = Cited(
        {
            "official": official,
            "estimated": {"box": nb.kotak, "label": nb.label, "missing": list(nb.kurang)},
            "explanation": nb.penjelasan,
        },
        nb.citations,
    )
    position = facts.jabatan
    if position is None:
        out["jpm"] = Cited({"position": None, "value": None, "label": None, "gaps": []}, ())
    else:
        j = jpm(facts, position, as_of=as_of, settings=merit)
        out["jpm"] = Cited(
            {
                "position": {"id": position.jabatan_id, "title": position.nama},
                "value": j.persen,
                "label": j.kategori,
                "scheme": scheme(merit.skema_for(position.instansi_kode)).name,
                "gaps": [
                    {"competency": g.kompetensi, "standard": g.standar, "level": g.level}
                    for g in j.gaps
                ],
                "explanation": j.penjelasan,
            },
            j.citations,
        )
    su = succession_group(facts, as_of=as_of, settings=merit)
    out["succession"] = Cited(
        {
            "status": su.status.value,
            "official_years": list(su.resmi_tahun),
            "criteria": [
                {
                    "criterion": line.kriteria,
                    "requirement": line.syarat,
                    "value": line.nilai,
                    "pass": {"pass": True, "fail": False}.get(line.status.value),
                    "citations": list(line.citations),
                }
                for line in su.lines
            ],
            "explanation": su.penjelasan,
        },
        su.citations,
    )
    return out


def access_events(engine: Engine, pegawai_id: int, limit: int) -> list[dict[str, Any]]:
    """The newest access events (role and agency of the viewer, never the viewer)."""
    with Session(engine) as session:
        events = access_history(session, pegawai_id, limit=limit)
    return [
        {
            "time": e.ts_wib.isoformat(timespec="seconds"),
            "kind": e.kind.value,
            "role": e.role,
            "instansi": e.instansi,
            "rank": e.rank,
        }
        for e in events
    ]
