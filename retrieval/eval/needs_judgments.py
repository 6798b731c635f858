"""Blind relevance judgments for the held-out needs: who in the agency is a right answer.

The held-out needs name a planted person each, but the generated competition sometimes holds
the same work in its records (a synthetic Kepala Dinas Kesehatan with a stunting training), so
"the planted person in the top three" undercounts right answers by an unknown amount. The
judges' verdicts (made as :mod:`retrieval.eval.needs_pooling` describes) live in
``data/needs-heldout-judgments.yaml``; this module reads them for ``talenta eval needs``, which
then also reports hit@3 against "planted or judged relevant", and how many top-three slots hold
someone never judged (the pool's blind spot).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Jabatan, Pegawai

JUDGMENTS = Path(__file__).resolve().parent / "data" / "needs-heldout-judgments.yaml"


@dataclass(frozen=True)
class Judgment:
    """One need: everyone the judge saw, and who they marked relevant (planted keys or g<id>)."""

    judged: frozenset[str]
    relevant: frozenset[str]


class StaleJudgments(ValueError):
    """The judgments name generated people whose records are no longer what was judged."""


def position_of(engine: Engine, pegawai_id: int) -> str:
    with Session(engine) as s:
        peg = s.get(Pegawai, pegawai_id)
        jab = s.get(Jabatan, peg.jabatan_id) if peg and peg.jabatan_id else None
    return jab.nama if jab else ""


def load_judgments(
    engine: Engine, *, pegawai: int, seed: int, path: Path = JUDGMENTS
) -> list[Judgment] | None:
    """The judgments, one per held-out need in order, when they were made on this data (same
    size and seed); None when there are none for it. Raises :class:`StaleJudgments` when a
    judged generated person now holds another position (the generator changed)."""
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if (data["pegawai"], data["seed"]) != (pegawai, seed):
        return None
    changed = [
        key
        for key, position in data["people"].items()
        if position_of(engine, int(key[1:])) != position
    ]
    if changed:
        raise StaleJudgments(
            f"Penilaian relevansi sudah usang: {len(changed)} pegawai sintetis yang dinilai kini "
            f"berjabatan lain (mis. {changed[0]}). Buat kolam dan penilaian baru "
            "(python -m bench.needs_judging)."
        )
    return [Judgment(frozenset(n["judged"]), frozenset(n["relevant"])) for n in data["needs"]]
