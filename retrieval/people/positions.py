"""Free text → a position record of the agencies in scope.

A message is read into a rank and content words (:mod:`retrieval.people.post_query`). Every
position of a compatible rank is scored on two things:

- *explained*: the share of the message's words found in the position's description — its
  title, its unit, the units above it, their common names (BPKAD, DLH…) and the agency;
- *covered*: the share of the title's own words (after the rank) that the message mentions.

- *own unit*: the share of the words after a unit marker ("di", "bidang") that name the
  position's own unit rather than one above it.

``score = 100 · (0.5 · explained + 0.4 · covered + 0.1 · own unit)``. A rank in the message
is a gate: "kasubbag keuangan BPKAD" never becomes the head of the Badan. When two positions
score within ``margin`` the text is ambiguous and the choices are returned (labelled so they
can be told apart: :func:`choice_labels`); when nothing reaches ``min_score`` the nearest ones
are offered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from db.models import Instansi, Jabatan, Pegawai, UnitKerja
from knowledge.post_vocabulary import post_vocabulary
from retrieval.people.post_query import (
    UNIT_MARKERS,
    PostQuery,
    compatible,
    read_post_query,
    same_word,
    title_rank,
    words_of,
)

W_EXPLAINED, W_COVERED, W_OWN_UNIT = 0.5, 0.4, 0.1
ABOVE_ALIAS_SHARE = 0.5  # a title word covered only by a unit above's abbreviation
RANK_OTHER_HEAD = 15.0  # points off a head of another kind of unit than the one named


@dataclass(frozen=True)
class PositionChoice:
    jabatan_id: int
    instansi_id: int
    nama: str
    unit: str
    instansi: str
    score: float
    induk: str = ""  # the regional unit (OPD) above the position's unit, when it has one
    vacant: bool | None = None  # None: not known
    # The unit right above the position's unit when that is not the OPD ("UPTD Puskesmas X"
    # above its Subbagian Tata Usaha, inside the Dinas Kesehatan).
    parent: str = ""

    @property
    def label(self) -> str:
        return choice_labels([self])[0]


@dataclass(frozen=True)
class Resolution:
    """``match`` when the text names one position; otherwise ``choices`` (maybe empty).

    ``asked_rank`` is the rank the text named (e.g. "kepala-bidang"), so a caller can tell
    "no such post here" from "not a post at all". ``band`` holds every close choice;
    ``choices`` only its first ``limit`` (:mod:`retrieval.people.post_units` asks the unit
    first when the band holds more).
    """

    match: PositionChoice | None
    choices: list[PositionChoice] = field(default_factory=list)
    asked_rank: str | None = None
    band: list[PositionChoice] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.match is None and bool(self.choices)


@dataclass
class _Post:
    jabatan_id: int
    instansi_id: int
    nama: str
    unit: str
    induk: str
    parent: str
    instansi: str
    vacant: bool
    title: frozenset[str]  # the title's words after its rank
    title_by_unit: frozenset[str]  # the same, or the unit's name for a bare "Inspektur"
    context: frozenset[str]  # words of the names of the unit, the units above, the agency
    own: frozenset[str]  # words of the name and aliases of the position's own unit
    aliases: dict[str, frozenset[str]]  # alias word (matched exactly) -> that unit's name words
    rank_id: str | None


def choice_labels(choices: list[PositionChoice]) -> list[str]:
    """Button labels that tell the choices apart: post — unit, then the unit above and the
    agency where needed, and whether the post is vacant."""
    many_agencies = len({c.instansi_id for c in choices}) > 1
    base = [f"{c.nama} — {c.unit}" if c.unit and c.unit != c.nama else c.nama for c in choices]
    dup = Counter(base)
    out = []
    for c, b in zip(choices, base, strict=True):
        parts = [b]
        if c.parent and dup[b] > 1:
            parts.append(c.parent)
        if c.induk and (dup[b] > 1 or c.unit.lower().startswith(("sekretariat", "bagian tata"))):
            parts.append(c.induk)
        if many_agencies and c.instansi:
            parts.append(c.instansi.replace("Pemerintah ", ""))
        if c.vacant is not None:
            parts.append("lowong" if c.vacant else "terisi")
        out.append(" · ".join(parts))
    return out


def _catalogue(session: Session, scope: Collection[int]) -> list[_Post]:
    vocab = post_vocabulary()
    units = {
        u.id: u
        for u in session.execute(
            sa_select(UnitKerja).where(col(UnitKerja.instansi_id).in_(list(scope)))
        ).scalars()
    }
    agencies = {
        i.id: i
        for i in session.execute(
            sa_select(Instansi).where(col(Instansi.id).in_(list(scope)))
        ).scalars()
    }
    held = Counter(
        session.execute(
            sa_select(col(Pegawai.jabatan_id)).where(
                col(Pegawai.status) == "aktif", col(Pegawai.instansi_id).in_(list(scope))
            )
        ).scalars()
    )
    rows = session.execute(
        sa_select(
            col(Jabatan.id),
            col(Jabatan.instansi_id),
            col(Jabatan.nama),
            col(Jabatan.unit_id),
            col(Jabatan.formasi),
        ).where(col(Jabatan.instansi_id).in_(list(scope)))
    ).all()
    unit_words: dict[int, tuple[frozenset[str], dict[str, frozenset[str]]]] = {}
    common: dict[int, list[str]] = {}

    def common_names(uid: int) -> list[str]:
        """The vocabulary's common names of a unit (its recorded singkatan not included)."""
        if uid not in common:
            u = units[uid]
            inst = agencies.get(u.instansi_id)
            common[uid] = vocab.unit_aliases(u.nama, None, inst.kode if inst else None)
        return common[uid]

    def words_for_unit(uid: int) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
        """The words of a unit's name, and its aliases: an abbreviation (one word not in the
        name) stands for the whole name; a longer alias only adds its words. A common name the
        unit above also answers to is that unit's ("Bapenda" is the Badan Pendapatan Daerah,
        not its Bidang Retribusi dan Pendapatan Lain-lain); the unit's recorded singkatan is
        always its own."""
        if uid not in unit_words:
            u = units[uid]
            inst = agencies.get(u.instansi_id)
            kode = inst.kode if inst else None
            name = frozenset(words_of(u.nama, vocab))
            above: set[str] = set()
            up, hops = u.induk_id, 0
            while up is not None and up in units and hops < 6:
                above.update(common_names(up))
                up, hops = units[up].induk_id, hops + 1
            aliases: dict[str, frozenset[str]] = {}
            for alias in vocab.unit_aliases(u.nama, u.singkatan, kode):
                if alias in above and alias != u.singkatan:
                    continue
                aw = words_of(alias, vocab)
                for w in aw:
                    if w not in name:
                        aliases[w] = name if len(aw) == 1 else frozenset(aw)
            unit_words[uid] = (name, aliases)
        return unit_words[uid]

    posts = []
    for jid, inst_id, nama, unit_id, formasi in rows:
        unit = units.get(unit_id)
        if unit is None:
            continue
        name, own = words_for_unit(unit_id)
        context: set[str] = set(name)
        aliases = dict(own)
        chain: list[UnitKerja] = []
        up = unit.induk_id
        while up is not None and up in units and len(chain) < 4:
            chain.append(units[up])
            name, more = words_for_unit(up)
            context |= name
            aliases = {**more, **aliases}
            up = units[up].induk_id
        inst = agencies[inst_id]
        context |= set(words_of(inst.nama, vocab))
        aliases.setdefault(inst.kode.lower(), frozenset())
        rank, rest = title_rank(nama)
        # "Inspektur" heads the Inspektorat Daerah: asked for as "kepala inspektorat", its
        # title is the unit's name.
        named_by_unit = rest
        if not rest and rank is not None and rank.head_of_opd:
            named_by_unit = list(words_for_unit(unit_id)[0])
        posts.append(
            _Post(
                jid,
                inst_id,
                nama,
                unit.nama,
                chain[-1].nama if chain else "",
                chain[0].nama if len(chain) > 1 else "",
                inst.nama,
                held.get(jid, 0) < formasi,
                frozenset(rest),
                frozenset(named_by_unit),
                frozenset(context),
                frozenset(words_for_unit(unit_id)[0] | set(own)),
                aliases,
                rank.id if rank else None,
            )
        )
    return posts


class _Evidence(NamedTuple):
    """What a message says of one post, beside its score."""

    explained: float  # share of the message's words the post explains
    own: float  # share of the unit the message names that is the post's own unit
    partly: int  # words of its title the message names, 0 when it names all of them


def _score(query: PostQuery, post: _Post, abbreviations: frozenset[str]) -> tuple[float, _Evidence]:
    """(score 0–100, what the message says of the post). A word of ``abbreviations`` (every
    unit alias of the scope and the vocabulary) matches only itself: "bapenda" is no
    misspelling of "bappeda"."""
    same_rank = query.rank is not None and query.rank.id == post.rank_id
    title = post.title if same_rank else post.title_by_unit
    described = title | post.context
    words = query.words

    def same(w: str, d: str) -> bool:
        return w == d if w in abbreviations else same_word(w, d)

    # Abbreviations match exactly ("bpsdm" is not a misspelling of "bkpsdm") and stand for
    # the words of the unit's name, so "kaban BKPSDM" covers the whole title. A unit above's
    # abbreviation covers the words of the title its name shares at half weight: "kabid tata
    # ruang PUPR" still names the Kabid Penataan Ruang, but "dinas TPHP" alone does not name
    # the Kabid Tanaman Pangan as strongly as "peternakan" names the Kabid Peternakan.
    named = [post.aliases[w] for w in words if w in post.aliases and w in post.own]
    any_alias: set[str] = set().union(*(post.aliases[w] for w in words if w in post.aliases))
    mentioned = set(words).union(query.kind, *named)
    unit_words = set(query.unit)
    explained = (
        sum(
            1
            for w in words
            if w in post.aliases
            or any(same(w, d) for d in (post.context if w in unit_words else described))
        )
        / len(words)
        if words
        else 1.0
    )
    named_in_full = [
        t for t in title if t in mentioned or any(same(w, t) for w in (*words, *query.kind))
    ]

    def part(t: str) -> float:
        """How much of a title word the message names without writing it: half, when a unit
        above's abbreviation covers it; the share of its name written out, when the word is
        an abbreviation ("kepala badan perencanaan pembangunan daerah" for the Kepala
        Bappeda)."""
        above = ABOVE_ALIAS_SHARE if t in any_alias else 0.0
        spelt = post.aliases.get(t, frozenset())
        if not spelt:
            return above
        written = sum(1 for n in spelt if any(same(w, n) for w in (*words, *query.kind)))
        return max(above, written / len(spelt))

    covered = (
        (len(named_in_full) + sum(part(t) for t in title if t not in named_in_full)) / len(title)
        if title
        else 1.0
    )
    if not words and query.kind:
        # A bare "kepala dinas": every head of a dinas alike, however long its name.
        covered = float(all(any(same(k, d) for d in described) for k in query.kind))
    # A unit named in the message is the position's own unit rather than one above it
    # ("kasi perencanaan teknis jalan bidang penataan ruang" inside the Dinas PUPR).
    # The kind of unit ("bidang", "seksi") says nothing about which one: only the words that
    # name it count, or every Bidang would get half the share of the one named.
    naming = [w for w in unit_words if w not in UNIT_MARKERS] or list(unit_words)
    own = (
        sum(1 for w in naming if any(same(w, o) for o in post.own)) / len(naming) if naming else 1.0
    )
    score = W_EXPLAINED * explained + W_COVERED * covered + W_OWN_UNIT * own
    partly = len(named_in_full) if title and len(named_in_full) < len(title) else 0
    return 100.0 * score, _Evidence(explained, own, partly)


def _known_words_only(
    query: PostQuery, catalogue: list[_Post], aliases: frozenset[str]
) -> PostQuery:
    """Drop the words that describe no post of the scope and are no unit's alias ("yang akan
    pensiun bulan depan"): they cannot tell posts apart, only lower every score alike. An
    alias stays even when the agency has no such unit ("kadis LH"), so nothing is offered. The
    words naming a unit stay as typed (``PostQuery.unit``)."""
    known: set[str] = set()
    for p in catalogue:
        known |= p.title_by_unit | p.context | p.aliases.keys()

    def keep(w: str) -> bool:
        return w in known or w in aliases or any(same_word(w, k) for k in known)

    words = tuple(w for w in query.words if keep(w))
    return replace(query, words=words)


def resolve_position(
    session: Session,
    text: str,
    *,
    scope: Collection[int],
    min_score: float = 70.0,
    margin: float = 6.0,
    limit: int = 6,
) -> Resolution:
    """Match ``text`` against the positions of the agencies in ``scope`` only."""
    query = read_post_query(text)
    asked = query.rank.id if query.rank else None
    if not query.words and not query.kind and query.rank is None:
        return Resolution(None, asked_rank=asked)
    vocab = post_vocabulary()
    ranks = {r.id: r for r in vocab.ranks}
    catalogue = _catalogue(session, scope)
    aliases = vocab.all_aliases()
    query = _known_words_only(query, catalogue, aliases)
    abbreviations = aliases.union(*(p.aliases.keys() for p in catalogue))
    scored = []
    evidence: dict[int, _Evidence] = {}
    for p in catalogue:
        if not compatible(query.rank, ranks.get(p.rank_id or "")):
            continue
        if not query.words and query.rank and not query.rank.generic and p.rank_id != query.rank.id:
            continue  # a bare "camat" is no other head; with no kecamatan, nothing is offered
        score, ev = _score(query, p, abbreviations)
        if query.rank is not None and p.rank_id != query.rank.id and not query.rank.generic:
            score -= RANK_OTHER_HEAD  # "inspektur" may mean a kepala badan, less likely
        # A post none of whose description the message mentions is no option ("kadis LH"
        # where the agency has no Dinas Lingkungan Hidup): nothing is offered instead.
        if ev.explained > 0 or not query.words:
            scored.append((score, p))
            evidence[p.jabatan_id] = ev
    scored.sort(key=lambda sp: (-sp[0], sp[1].nama, sp[1].unit, sp[1].jabatan_id))
    floor = min_score - 25 if query.rank is not None else min_score - 15
    choices = [
        PositionChoice(
            p.jabatan_id,
            p.instansi_id,
            p.nama,
            p.unit,
            p.instansi,
            round(s, 1),
            p.induk,
            p.vacant,
            p.parent,
        )
        for s, p in scored
        if s >= floor
    ]
    if not choices:
        return Resolution(None, asked_rank=asked)
    best = choices[0]
    # Two titles the message names the same part of ("kabid pendapatan" for the Bidang Retribusi
    # dan Pendapatan Lain-lain and the Bidang Pengendalian dan Evaluasi Pendapatan) are as
    # likely, whatever their lengths make of the covered share.
    even = evidence[best.jabatan_id] if evidence[best.jabatan_id].partly else None
    close = [
        c
        for c in choices
        if best.score - c.score < margin or (even and evidence[c.jabatan_id] == even)
    ]
    if best.score >= min_score and len(close) == 1:
        return Resolution(best, [best], asked, [best])
    width = margin * 2 if best.score >= min_score else margin * 3
    band = [c for c in choices if best.score - c.score < width]
    return Resolution(None, band[:limit], asked, band)
