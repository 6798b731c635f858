"""For an ASN: open positions (vacant, or opening when the incumbent retires) they are eligible
for or closest to, with what they still lack.

A suggestion must make sense for the person: the post's field fits their work or education
(``knowledge.rules.field_fit``: sebidang or serumpun; an unrelated field is not suggested), its
level is the same or one up (``knowledge.rules.level_fit``: no demotion, no jump), and they are
not past its age limit (a gap no one can close). Each
thing still missing names where it comes from ("dasar: PP 11/2017 Pasal …"). Position texts
and profiles are not encoded on a request: an open position's vector is stored with the
agency's index generation (stored_posts.py) and the ASN's profile vector is the one in the
shard (when built from their current record); only what is missing there is encoded, once
(``VectorCache.document_vectors``).
"""

from __future__ import annotations

import logging

import numpy as np
from sqlmodel import Session, col, select

from db.models import Jabatan, Pegawai, RiwayatPendidikan, UnitKerja
from knowledge.corpus import shipped_corpus
from knowledge.rules import load_employee_facts, load_positions, ninebox
from knowledge.rules.dates import add_years
from knowledge.rules.field_fit import FieldTier
from knowledge.rules.level_fit import level_fit
from retrieval.people.context import SearchContext
from retrieval.people.errors import IndexNotReady, OutOfScope
from retrieval.people.hard_criteria import failing, hard_criteria
from retrieval.people.merit import assess_one
from retrieval.people.position_vectors import position_queries
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import render_profile
from retrieval.people.results import OpenPosition
from retrieval.people.shard import Shard
from retrieval.people.vacancies import open_posts

log = logging.getLogger(__name__)


def positions_for(
    ctx: SearchContext, pegawai_id: int, *, scope: frozenset[int], limit: int
) -> list[OpenPosition]:
    today = ctx.today()
    with Session(ctx.engine) as session:
        peg = session.get(Pegawai, pegawai_id)
        if peg is None or peg.instansi_id not in scope or peg.status != "aktif":
            raise OutOfScope("Profil itu tidak dapat Anda lihat.")
        open_jabs = open_posts(
            session,
            peg.instansi_id,
            today=today,
            until=add_years(today, 1),
            exclude=peg.jabatan_id,
        )
        if not open_jabs:
            return []
        jenjang = list(
            session.execute(
                select(RiwayatPendidikan.jenjang).where(
                    col(RiwayatPendidikan.pegawai_id) == pegawai_id
                )
            ).scalars()
        )
        units = dict(
            session.execute(
                select(UnitKerja.id, UnitKerja.nama).where(
                    col(UnitKerja.id).in_({j.unit_id for j, _ in open_jabs})
                )
            ).all()
        )
        emp = load_employee_facts(session, [pegawai_id]).get(pegawai_id)
        if emp is None:
            return []
        # One batch of position facts, and the nine-box once: it does not depend on the post.
        facts_by = load_positions(session, [j.id or 0 for j, _ in open_jabs])
        box = ninebox(emp, as_of=today, settings=ctx.merit)
        options: list[OpenPosition] = []
        by_id: dict[int, Jabatan] = {}
        held = session.get(Jabatan, peg.jabatan_id) if peg.jabatan_id else None
        seen: set[tuple[str, str]] = set()
        for j, why in open_jabs:
            if held is not None and j.nama.casefold() == held.nama.casefold():
                continue  # the same job elsewhere is no step in a career
            shown = (j.nama.casefold(), units.get(j.unit_id, "").casefold())
            if shown in seen:
                continue  # two vacancies that would read the same: one suggestion
            facts = facts_by.get(j.id or 0)
            if facts is None or not level_fit(emp.jabatan, facts).ok:
                continue  # a demotion, or a jump of more than one level
            m = assess_one(emp, facts, today, ctx.merit, flags=False, box=box)
            if m.field_tier is not None and m.field_tier < FieldTier.serumpun:
                continue  # neither their field of work nor their education
            crit = hard_criteria(j, tanggal=today, settings=ctx.merit)
            hard = failing(crit, peg, jenjang)
            if any(f.kriteria == "usia" for f in hard):
                continue  # past the post's age limit: nothing the person could still complete
            lacks = [f"{f.text}{_basis(f.citations)}" for f in hard]
            said = {f.kriteria for f in hard}  # a merit line on the same criterion repeats it
            lacks += [
                f"{line.syarat} (sekarang: {line.nilai}){_basis(line.citations)}"
                for line in m.failing
                if line.kriteria.split("_")[0] not in said
            ]
            lacks += [
                f"{g.kompetensi}: level {g.level} dari standar {g.standar}"
                if g.level is not None
                else f"{g.kompetensi}: belum dinilai (standar {g.standar})"
                for g in m.gaps
            ]
            options.append(
                OpenPosition(
                    j.id or 0,
                    j.instansi_id,
                    j.nama,
                    units.get(j.unit_id, ""),
                    why,
                    not (hard or m.failing),
                    lacks,
                    m.jpm,
                    0.0,
                )
            )
            by_id[j.id or 0] = j
            seen.add(shown)
        if not options:
            return []
        # Relevance only orders options that tie on (eligible, how much is missing): encode
        # just the groups that reach the first ``limit`` places.
        options.sort(key=_merit_key)
        needed = {_merit_key(o) for o in options[:limit]}
        close = [o for o in options if _merit_key(o) in needed]
        texts = position_queries(session, [by_id[o.jabatan_id] for o in close])
        shard = _shard(ctx, peg.instansi_id)
        profile = shard.profile_vector(pegawai_id, peg.versi) if shard else None
        if profile is None:
            records = load_profiles(session, [pegawai_id])
            text = render_profile(records[0]) if records else ""
            profile = ctx.vectors.document_vectors([text])[0]
    posts = _post_vectors(ctx, shard, [texts[o.jabatan_id] for o in close])
    sims = dict(
        zip((o.jabatan_id for o in close), np.asarray(posts @ profile).tolist(), strict=True)
    )
    scored = [
        OpenPosition(**{**o.__dict__, "relevance": round(float(sims[o.jabatan_id]), 4)})
        for o in close
    ]
    scored.sort(key=lambda o: (*_merit_key(o), -o.relevance, -(o.jpm or 0)))
    return scored[:limit]


def _shard(ctx: SearchContext, instansi_id: int) -> Shard | None:
    """The agency's loaded shard, for its stored vectors; without one (not built, stale,
    old format) the vectors are encoded instead: they only order the suggestions."""
    try:
        return ctx.shards.for_scope({instansi_id}).get(instansi_id)
    except IndexNotReady as exc:
        log.warning("opportunities without stored vectors", extra={"reason": str(exc)})
        return None


def _post_vectors(ctx: SearchContext, shard: Shard | None, texts: list[str]) -> np.ndarray:
    """Document vectors of the position texts: stored with the shard generation, the rest
    encoded (once: the service's document LRU)."""
    out = np.zeros((len(texts), ctx.vectors.encoder.dim), dtype=np.float32)
    stored = shard.posts if shard is not None else None
    missing: list[int] = []
    for i, text in enumerate(texts):
        hit = stored.get(text) if stored is not None else None
        if hit is None:
            missing.append(i)
        else:
            out[i] = hit
    if missing:
        out[missing] = ctx.vectors.document_vectors([texts[i] for i in missing])
    return out


def _merit_key(o: OpenPosition) -> tuple[bool, int]:
    return (not o.eligible, len(o.kurang))


def _basis(citations: tuple[str, ...]) -> str:
    """ " (dasar: PP 11/2017 Pasal 107 huruf c)": where a missing requirement comes from."""
    lines: list[str] = []
    for pid in citations:
        try:
            provision = shipped_corpus().provision(pid)
        except KeyError:
            continue
        name = shipped_corpus().regulation(provision.regulation).short_name
        lines.append(f"{name} {provision.ref.label()}".strip())
    lines = list(dict.fromkeys(lines))
    return f" (dasar: {'; '.join(lines)})" if lines else ""
