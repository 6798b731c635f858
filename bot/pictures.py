"""Renderer inputs from the database and the rules: nine-box cells and competency points.

The renderers in ``bot/media/`` are pure; this module decides *what* they draw. Which box sits
at which kinerja × potensial, and its label, come from the nine-box table in
``knowledge/rules/thresholds.yaml``; official placements (``NineBoxResmi``) outrank Talenta's
estimate, which is computed only for people without an official box and shown distinctly.

People in boxes 7–9 are shown (to HR, PPK and the committee only) as masked NIPs
(``1980••••••••••1001``, :func:`bot.access.mask_nip`): the same masking as every list in the
bot, no names on a picture that can be kept longer than a message.
"""

from __future__ import annotations

import io
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from PIL import Image
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.access import mask_nip
from bot.media.competency import CompetencyPoint, render_competency_chart
from bot.media.ninebox import NineBoxCell, render_ninebox
from bot.replies import Attachment, Reply
from bot.services import Opportunity
from bot.turn import Turn
from db.models import Instansi, NineBoxResmi, Pegawai, UnitKerja
from knowledge.rules import load_employee_facts, load_position_facts, ninebox
from knowledge.rules.ninebox import KINERJA_ORDER, POTENSI_ORDER, box_table

log = logging.getLogger("talenta.pictures")

POOL_BOXES = frozenset({7, 8, 9})
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


def placements(session: Session, pegawai_ids: list[int]) -> tuple[list[Placement], int]:
    """Official box (latest year) when present, else the rules' estimate. Returns (placed,
    number of people who cannot be placed)."""
    if not pegawai_ids:
        return [], 0
    latest = (
        select(NineBoxResmi.pegawai_id, func.max(NineBoxResmi.tahun).label("tahun"))
        .where(col(NineBoxResmi.pegawai_id).in_(pegawai_ids))
        .group_by(col(NineBoxResmi.pegawai_id))
        .subquery()
    )
    rows = session.exec(
        select(NineBoxResmi.pegawai_id, NineBoxResmi.kotak).join(
            latest,
            (latest.c.pegawai_id == col(NineBoxResmi.pegawai_id))
            & (latest.c.tahun == col(NineBoxResmi.tahun)),
        )
    ).all()
    official = {int(p): int(k) for p, k in rows}
    nips = dict(
        session.exec(select(Pegawai.id, Pegawai.nip).where(col(Pegawai.id).in_(pegawai_ids))).all()
    )
    out = [Placement(p, nips[p], k, True) for p, k in official.items()]
    rest = [p for p in pegawai_ids if p not in official]
    unplaced = 0
    for pid, facts in load_employee_facts(session, rest).items():
        box = ninebox(facts).kotak
        if box is None:
            unplaced += 1
        else:
            out.append(Placement(pid, facts.nip, box, False))
    return out, unplaced


def grid(
    placed: list[Placement], *, unplaced: int = 0, people: bool, highlight: int | None = None
) -> Grid:
    official: Counter[int] = Counter(p.kotak for p in placed if p.official)
    estimated: Counter[int] = Counter(p.kotak for p in placed if not p.official)
    listed: dict[int, list[str]] = defaultdict(list)
    if people:
        for p in sorted(placed, key=lambda p: (not p.official, p.nip)):
            if p.kotak in POOL_BOXES:
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


def scope_pegawai(session: Session, scope: frozenset[int], unit: str | None) -> list[int]:
    q = select(Pegawai.id).where(col(Pegawai.instansi_id).in_(scope), Pegawai.status == "aktif")
    if unit:
        units = select(UnitKerja.id).where(
            col(UnitKerja.instansi_id).in_(scope),
            func.lower(UnitKerja.nama).contains(unit.lower())
            | (func.lower(UnitKerja.singkatan) == unit.lower()),
        )
        q = q.where(col(Pegawai.unit_id).in_(units))
    return [int(i) for i in session.exec(q).all() if i is not None]


def pool_grid(session: Session, scope: frozenset[int], unit: str | None, *, people: bool) -> Grid:
    placed, unplaced = placements(session, scope_pegawai(session, scope, unit))
    return grid(placed, unplaced=unplaced, people=people)


def own_grid(session: Session, pegawai_id: int) -> tuple[Grid, Placement | None]:
    """The grid with only the person's own box highlighted; no counts, no one else."""
    placed, _ = placements(session, [pegawai_id])
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
    names = session.exec(select(Instansi.nama).where(col(Instansi.id).in_(scope))).all()
    where = ", ".join(sorted(names)) or "instansi"
    return f"{unit} — {where}" if unit else where


def with_pool_ninebox(
    turn: Turn, reply: Reply, scope: frozenset[int], unit: str | None, *, people: bool
) -> Reply:
    """/talentpool: the grid of the unit or agency as a photo (masked NIPs only if ``people``)."""
    g = pool_grid(turn.session, scope, unit, people=people)
    where = _where(turn.session, scope, unit)
    caption = ninebox_caption(g, where=where)
    png = render_ninebox(g.cells, title=f"Peta talenta — {where}"[:70], caption=picture_caption(g))
    log.info(
        "ninebox rendered",
        extra={"actor": turn.identity.actor, "official": g.official, "estimated": g.estimated},
    )
    return replace(
        reply, attachment=Attachment("ninebox.png", png, kind="photo", caption=caption[:1024])
    )


def own_picture(session: Session, pegawai_id: int) -> tuple[bytes, str]:
    """The own grid (own box highlighted) with the competency chart below it, one PNG."""
    g, mine = own_grid(session, pegawai_id)
    if mine is None:
        box_text = "Kotak Anda belum dapat ditentukan (data kinerja/asesmen belum lengkap)."
    elif mine.official:
        box_text = f"Kotak Anda: {mine.kotak} (penetapan resmi)."
    else:
        box_text = f"Kotak Anda: {mine.kotak} — estimasi Talenta, bukan penetapan resmi."
    parts = [render_ninebox(g.cells, title="Posisi Anda di nine-box", caption=box_text)]
    points = competency_points(session, pegawai_id)
    if points and all(p.level is None for p in points):
        box_text += " Belum ada hasil asesmen kompetensi untuk digambar."
    elif points:
        parts.append(
            render_competency_chart(points, title="Kompetensi Anda vs standar jabatan saat ini")
        )
        box_text += " Grafik: level kompetensi Anda terhadap standar jabatan saat ini."
    return stack_png(parts), box_text


def with_own_ninebox(turn: Turn, reply: Reply, pegawai_id: int) -> Reply:
    png, caption = own_picture(turn.session, pegawai_id)
    return replace(reply, attachment=Attachment("profil.png", png, kind="photo", caption=caption))


def with_target_chart(turn: Turn, reply: Reply, pegawai_id: int, target: Opportunity) -> Reply:
    """/peluang: the competency chart against the first suggested position's standard."""
    points = competency_points(turn.session, pegawai_id, target.jabatan_id)
    if not points or all(p.level is None for p in points):
        return reply
    title = f"Kompetensi Anda vs {target.jabatan}"
    png = render_competency_chart(points, title=title if len(title) <= 70 else title[:69] + "…")
    gaps = sum(1 for p in points if p.gap)
    caption = f"{target.jabatan} — {target.unit}: {gaps} kompetensi di bawah standar (merah)."
    return replace(
        reply, attachment=Attachment("kompetensi.png", png, kind="photo", caption=caption)
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
