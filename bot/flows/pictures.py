"""Renderer inputs from the database and the rules: nine-box cells and competency points.

The renderers in ``bot/media/`` are pure; this module decides *what* they draw. Which box sits
at which kinerja × potensial, and its label, come from the nine-box table in
``knowledge/rules/thresholds.yaml``; official placements (``NineBoxResmi``) outrank Talenta's
estimate, which is computed only for people without an official box and shown distinctly.

People in the talent-pool boxes (7–9, :func:`knowledge.rules.in_talent_pool`) are shown (to
HR, PPK and the committee only) as masked NIPs (``1980••••••••••1001``,
:func:`bot.chat.access.mask_nip`): the same masking as every list in the bot, no names on a
picture that can be kept longer than a message.
"""

from __future__ import annotations

import io
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from PIL import Image

from bot.chat.access import mask_nip
from bot.chat.replies import Attachment, Reply
from bot.chat.turn import Turn
from bot.media.cache import PictureCaches, content_key
from bot.media.competency import CompetencyPoint, render_competency_chart
from bot.media.ninebox import NineBoxCell, render_ninebox
from bot.ports.services import MeritFactsReader, Opportunity
from db.clock import today_wib
from db.engine import Session
from db.queries.ninebox import latest_official_boxes
from db.queries.org import instansi_names
from db.queries.people import active_pegawai_ids, content_hashes, nips_of
from knowledge.rules import in_talent_pool, load_employee_facts, load_position_facts, ninebox
from knowledge.rules.ninebox import KINERJA_ORDER, POTENSI_ORDER, box_table

log = logging.getLogger("talenta.pictures")

ESTIMATE_MARK = "*"  # suffix of an estimated placement in the people list


@dataclass(frozen=True)
class Placement:
    pegawai_id: int
    nip: str
    kotak: int
    official: bool


@dataclass(frozen=True)
class Grid:
    cells: tuple[NineBoxCell, ...]
    official: int  # people with an official box
    estimated: int  # people placed by Talenta's estimate
    unplaced: int  # people the rules cannot place (missing data)


def _layout() -> dict[int, tuple[int, int, str]]:
    """box → (kinerja index, potensi index, label) from the configured table."""
    return {
        int(row["kotak"]): (
            KINERJA_ORDER.index(str(kin)),
            POTENSI_ORDER.index(str(pot)),
            str(row["label"]),
        )
        for (kin, pot), row in box_table().items()
    }


def placements(
    session: Session,
    pegawai_ids: list[int],
    *,
    caches: PictureCaches,
    facts: MeritFactsReader | None = None,
) -> tuple[list[Placement], int]:
    """Official box (latest year) when present, else the rules' estimate. Returns (placed,
    number of people who cannot be placed). The estimate's facts come from ``facts`` (the
    search index's stored copy) when given, else from the records."""
    if not pegawai_ids:
        return [], 0
    official = latest_official_boxes(session=session, pegawai_ids=pegawai_ids)
    nips = nips_of(session=session, pegawai_ids=pegawai_ids)
    out = [Placement(p, nips[p], k, True) for p, k in official.items()]
    rest = [p for p in pegawai_ids if p not in official]
    hashes = content_hashes(session=session, pegawai_ids=rest)
    day = today_wib().isoformat()
    boxes: dict[int, int] = {}
    missing: list[int] = []
    for pid in rest:
        h = hashes.get(pid) or ""
        found = caches.estimates.get((pid, h, day)) if h else None
        if found is None:
            missing.append(pid)
        else:
            boxes[pid] = found
    loaded = (
        (facts.merit_facts(missing) if facts is not None else load_employee_facts(session, missing))
        if missing
        else {}
    )
    for pid, emp in loaded.items():
        boxes[pid] = ninebox(emp).kotak or 0
        if hashes.get(pid):  # rows without an import hash (made by hand) are never cached
            caches.estimates.put((pid, hashes[pid], day), boxes[pid])
    unplaced = 0
    for pid in rest:
        box = boxes.get(pid)
        if box is None:
            continue  # no facts (not an employee any more)
        if box == 0:
            unplaced += 1
        else:
            out.append(Placement(pid, nips[pid], box, False))
    return out, unplaced


def ninebox_png(
    cells: tuple[NineBoxCell, ...], *, title: str, caption: str = "", caches: PictureCaches
) -> bytes:
    key = content_key("ninebox", cells, title, caption)
    return caches.pngs.get_or_make(key, lambda: render_ninebox(cells, title=title, caption=caption))


def chart_png(points: tuple[CompetencyPoint, ...], *, title: str, caches: PictureCaches) -> bytes:
    key = content_key("competency", points, title)
    return caches.pngs.get_or_make(key, lambda: render_competency_chart(points, title=title))


def grid(
    placed: list[Placement], *, unplaced: int = 0, people: bool, highlight: int | None = None
) -> Grid:
    official: Counter[int] = Counter(p.kotak for p in placed if p.official)
    estimated: Counter[int] = Counter(p.kotak for p in placed if not p.official)
    listed: dict[int, list[str]] = defaultdict(list)
    if people:
        for p in sorted(placed, key=lambda p: (not p.official, p.nip)):
            if in_talent_pool(p.kotak):
                listed[p.kotak].append(mask_nip(p.nip) + ("" if p.official else ESTIMATE_MARK))
    cells = tuple(
        NineBoxCell(
            box=box,
            kinerja=kin,
            potensi=pot,
            label=label,
            official=official[box],
            estimated=estimated[box],
            highlighted=box == highlight,
            people=tuple(listed[box]),
        )
        for box, (kin, pot, label) in sorted(_layout().items())
    )
    return Grid(cells, sum(official.values()), sum(estimated.values()), unplaced)


def pool_grid(
    session: Session,
    scope: frozenset[int],
    unit: str | None,
    *,
    people: bool,
    caches: PictureCaches,
    facts: MeritFactsReader | None = None,
) -> Grid:
    ids = active_pegawai_ids(session=session, scope=scope, unit=unit)
    placed, unplaced = placements(session, ids, caches=caches, facts=facts)
    return grid(placed, unplaced=unplaced, people=people)


def own_grid(
    session: Session, pegawai_id: int, *, caches: PictureCaches
) -> tuple[Grid, Placement | None]:
    """The grid with only the person's own box highlighted; no counts, no one else."""
    placed, _ = placements(session, [pegawai_id], caches=caches)
    mine = placed[0] if placed else None
    return grid([], people=False, highlight=mine.kotak if mine else None), mine


def competency_points(
    session: Session, pegawai_id: int, jabatan_id: int | None = None
) -> list[CompetencyPoint]:
    """Assessed levels against a position's standard (the current position by default)."""
    facts = load_employee_facts(session, [pegawai_id]).get(pegawai_id)
    if facts is None:
        return []
    position = facts.jabatan if jabatan_id is None else load_position_facts(session, jabatan_id)
    if position is None:
        return []
    levels = facts.asesmen.levels if facts.asesmen is not None else {}
    return [
        CompetencyPoint(name=name, standard=int(std), level=levels.get(name))
        for name, std in position.standar.items()
    ]


def picture_caption(g: Grid) -> str:
    """The short line under the picture (fits 900 px)."""
    text = f"{g.official} resmi · {g.estimated} estimasi Talenta"
    if g.unplaced:
        text += f" · {g.unplaced} belum dapat ditempatkan"
    if any(c.people for c in g.cells):
        text += f" · NIP disamarkan, {ESTIMATE_MARK} = estimasi"
    return text


def ninebox_caption(g: Grid, *, where: str) -> str:
    text = f"Nine-box {where}: {g.official} penempatan resmi"
    if g.estimated:
        text += f", {g.estimated} estimasi Talenta (tanpa kotak resmi)"
    if g.unplaced:
        text += f", {g.unplaced} belum dapat ditempatkan"
    text += "."
    if any(c.people for c in g.cells):
        text += f" NIP disamarkan; {ESTIMATE_MARK} = estimasi."
    return text


# -- attachments for the conversation handlers ------------------------------------------------


def _where(session: Session, scope: frozenset[int], unit: str | None) -> str:
    names = instansi_names(session=session, ids=scope)
    where = ", ".join(sorted(names)) or "instansi"
    return f"{unit} — {where}" if unit else where


def with_pool_ninebox(
    turn: Turn,
    caches: PictureCaches,
    reply: Reply,
    scope: frozenset[int],
    unit: str | None,
    *,
    people: bool,
    facts: MeritFactsReader | None = None,
) -> Reply:
    """/talentpool: the grid of the unit or agency as a photo (masked NIPs only if ``people``)."""
    g = pool_grid(turn.session, scope, unit, people=people, caches=caches, facts=facts)
    where = _where(turn.session, scope, unit)
    caption = ninebox_caption(g, where=where)
    # The turn's writes (buttons, counters) are committed before any drawing, so a render never
    # holds the database write lock that every other request needs.
    turn.session.commit()
    png = ninebox_png(
        g.cells, title=f"Peta talenta — {where}"[:70], caption=picture_caption(g), caches=caches
    )
    log.info(
        "ninebox rendered",
        extra={"actor": turn.identity.actor, "official": g.official, "estimated": g.estimated},
    )
    return replace(
        reply, attachment=Attachment("ninebox.png", png, kind="photo", caption=caption[:1024])
    )


def own_picture(session: Session, pegawai_id: int, *, caches: PictureCaches) -> tuple[bytes, str]:
    """The own grid (own box highlighted) with the competency chart below it, one PNG."""
    g, mine = own_grid(session, pegawai_id, caches=caches)
    if mine is None:
        box_text = "Kotak Anda belum dapat ditentukan (data kinerja/asesmen belum lengkap)."
    elif mine.official:
        box_text = f"Kotak Anda: {mine.kotak} (penetapan resmi)."
    else:
        box_text = f"Kotak Anda: {mine.kotak} — estimasi Talenta, bukan penetapan resmi."
    grid_caption = box_text
    points = tuple(competency_points(session, pegawai_id))
    chart = bool(points) and any(p.level is not None for p in points)
    if points and not chart:
        box_text += " Belum ada hasil asesmen kompetensi untuk digambar."
    elif chart:
        box_text += " Grafik: level kompetensi Anda terhadap standar jabatan saat ini."
    session.commit()  # see with_pool_ninebox: no drawing inside a write transaction

    def draw() -> bytes:
        title = "Posisi Anda di nine-box"
        parts = [ninebox_png(g.cells, title=title, caption=grid_caption, caches=caches)]
        if chart:
            vs = "Kompetensi Anda vs standar jabatan saat ini"
            parts.append(chart_png(points, title=vs, caches=caches))
        return stack_png(parts)

    key = content_key("own", g.cells, grid_caption, points, chart)
    return caches.pngs.get_or_make(key, draw), box_text


def with_own_ninebox(turn: Turn, caches: PictureCaches, reply: Reply, pegawai_id: int) -> Reply:
    png, caption = own_picture(turn.session, pegawai_id, caches=caches)
    return replace(reply, attachment=Attachment("profil.png", png, kind="photo", caption=caption))


def _title(text: str) -> str:
    return text if len(text) <= 70 else text[:69] + "…"


def with_target_chart(
    turn: Turn, caches: PictureCaches, reply: Reply, pegawai_id: int, target: Opportunity
) -> Reply:
    """/peluang: the competency chart against the first suggested position's standard."""
    points = tuple(competency_points(turn.session, pegawai_id, target.jabatan_id))
    if not points or all(p.level is None for p in points):
        return reply
    turn.session.commit()
    png = chart_png(points, title=_title(f"Kompetensi Anda vs {target.jabatan}"), caches=caches)
    gaps = sum(1 for p in points if p.gap)
    caption = f"{target.jabatan} — {target.unit}: {gaps} kompetensi di bawah standar (merah)."
    return replace(
        reply, attachment=Attachment("kompetensi.png", png, kind="photo", caption=caption)
    )


def with_detail_chart(
    turn: Turn, caches: PictureCaches, reply: Reply, pegawai_id: int, jabatan_id: int | None
) -> Reply:
    """Candidate detail: the candidate's levels against the standard of the searched position.

    ``jabatan_id`` comes from a stored button payload and is re-read here like a typed request:
    a position that does not exist (or has no standard) gives no chart, never an error. The
    caller has already authorised the read of ``pegawai_id``. Without a searched position (a
    detail reached by name) the candidate's current position is the standard.
    """
    position = load_position_facts(turn.session, jabatan_id) if jabatan_id is not None else None
    points = tuple(
        competency_points(turn.session, pegawai_id, position.jabatan_id if position else None)
    )
    if position is None:
        facts = load_employee_facts(turn.session, [pegawai_id]).get(pegawai_id)
        name = facts.jabatan.nama if facts and facts.jabatan else ""
        against = "jabatan saat ini"
    else:
        name, against = position.nama, position.nama
    if not points or all(p.level is None for p in points):
        return reply
    turn.session.commit()
    png = chart_png(points, title=_title(f"Kompetensi calon vs {against}"), caches=caches)
    gaps = sum(1 for p in points if p.gap)
    caption = (
        f"Kompetensi calon terhadap standar {name or against}: "
        f"{gaps} dari {len(points)} di bawah standar (merah)."
    )
    return replace(
        reply, attachment=Attachment("kompetensi.png", png, kind="photo", caption=caption[:1024])
    )


def stack_png(parts: list[bytes]) -> bytes:
    """Pictures one below the other on white, the first at the top-left (its pixels unmoved)."""
    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in parts]
    if len(images) == 1:
        return parts[0]
    width = max(i.width for i in images)
    out = Image.new("RGB", (width, sum(i.height for i in images)), "white")
    y = 0
    for img in images:
        out.paste(img, (0, y))
        y += img.height
    buf = io.BytesIO()
    out.save(buf, format="PNG")
    return buf.getvalue()
