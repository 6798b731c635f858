"""Blind rows of a candidate list: the pool's facts read from the records
(``db/queries/pool.py``) and judged by ``knowledge/rules/blind.py``."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from db.engine import Session
from db.queries.pool import PoolFact, pool_facts
from db.reference import JENIS_JABATAN_LABEL, JenisJabatan
from knowledge.rules.blind import BlindFacts, BlindView, blind_rows


def to_blind_facts(f: PoolFact | None) -> BlindFacts:
    if f is None:
        return BlindFacts(None, None, None)
    jenis = None
    if f.jenis_jabatan is not None:
        try:
            jenis = JENIS_JABATAN_LABEL[JenisJabatan(f.jenis_jabatan)]
        except ValueError:
            jenis = f.jenis_jabatan
    return BlindFacts(f.golongan, jenis, f.kotak)


def blind_view(
    session: Session,
    scope: Collection[int],
    pegawai_ids: Sequence[int],
    pool_ids: Collection[int] = (),
) -> BlindView:
    """The blind rows of ``pegawai_ids`` against the eligible pool: ``pool_ids`` of a
    position search, or every active employee of ``scope`` (a need has no eligibility)."""
    facts = pool_facts(session=session, scope=scope)
    wanted = set(pool_ids)
    pool = [to_blind_facts(f) for pid, f in facts.items() if not wanted or pid in wanted]
    return blind_rows([to_blind_facts(facts.get(pid)) for pid in pegawai_ids], pool)
