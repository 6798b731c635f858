"""The nine-box grid as a PNG: potential on X, performance on Y (FACTS.md §2).

The renderer is data-driven: which box sits where, its label and its counts come from the
caller (the nine-box table is configuration in ``knowledge/``), so a changed table changes
the picture without touching this file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

POTENSI_LABELS = ("Rendah", "Menengah", "Tinggi")
KINERJA_LABELS = ("Di bawah\nekspektasi", "Sesuai\nekspektasi", "Di atas\nekspektasi")

# Colours: promotion-ready boxes green, middle amber, lowest red-ish; highlight is dark blue.
_BOX_COLOURS = {0: "#f4cccc", 1: "#fff2cc", 2: "#fff2cc", 3: "#d9ead3", 4: "#b6d7a8"}
HIGHLIGHT = "#1f4e79"
_SIZE_PX = (900, 900)
_DPI = 100


@dataclass(frozen=True)
class NineBoxCell:
    box: int  # 1..9
    kinerja: int  # 0 = below, 1 = as expected, 2 = above expectation
    potensi: int  # 0 = low, 1 = middle, 2 = high
    label: str
    official: int = 0  # people placed here by BKN's assessment
    estimated: int = 0  # people placed here by Talenta's estimate only
    highlighted: bool = False
    people: Sequence[str] = field(default_factory=tuple)  # masked identifiers, boxes 7–9 only


def _cell_colour(cell: NineBoxCell) -> str:
    if cell.highlighted:
        return HIGHLIGHT
    return _BOX_COLOURS[cell.kinerja + cell.potensi]


def render_ninebox(cells: Sequence[NineBoxCell], *, title: str, caption: str = "") -> bytes:
    """Render the 3×3 grid to PNG bytes (900×900 px)."""
    if sorted(c.box for c in cells) != list(range(1, 10)):
        raise ValueError("nine-box membutuhkan tepat sembilan kotak 1–9")
    fig = Figure(figsize=(_SIZE_PX[0] / _DPI, _SIZE_PX[1] / _DPI), dpi=_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.16, 0.12, 0.80, 0.76))
    ax.set_xlim(0, 3)
    ax.set_ylim(0, 3)
    for cell in cells:
        x, y = cell.potensi, cell.kinerja
        ax.add_patch(Rectangle((x, y), 1, 1, facecolor=_cell_colour(cell), edgecolor="#444444"))
        ink = "white" if cell.highlighted else "#222222"
        ax.text(x + 0.06, y + 0.88, str(cell.box), fontsize=20, weight="bold", color=ink, va="top")
        ax.text(
            x + 0.5,
            y + 0.62,
            cell.label,
            fontsize=9.5,
            color=ink,
            ha="center",
            va="center",
            wrap=True,
        )
        counts = f"{cell.official} resmi"
        if cell.estimated:
            counts += f" · {cell.estimated} estimasi"
        ax.text(x + 0.5, y + 0.40, counts, fontsize=11, color=ink, ha="center", va="center")
        if cell.people:
            shown = list(cell.people[:4]) + (
                [f"+{len(cell.people) - 4} lagi"] if len(cell.people) > 4 else []
            )
            ax.text(
                x + 0.5,
                y + 0.08,
                "\n".join(shown),
                fontsize=7.5,
                color=ink,
                ha="center",
                va="bottom",
                family="DejaVu Sans Mono",
            )
    ax.set_xticks([0.5, 1.5, 2.5], POTENSI_LABELS, fontsize=11)
    ax.set_yticks([0.5, 1.5, 2.5], KINERJA_LABELS, fontsize=10)
    ax.set_xlabel("Potensial", fontsize=13, weight="bold")
    ax.set_ylabel("Kinerja", fontsize=13, weight="bold")
    ax.tick_params(length=0)
    fig.suptitle(title, fontsize=14, weight="bold", y=0.96)
    if caption:
        fig.text(0.5, 0.02, caption, ha="center", fontsize=9, color="#555555")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI)
    return buf.getvalue()


def cell_centres_px() -> dict[tuple[int, int], tuple[int, int]]:
    """Pixel position (x, y from top-left) inside each cell's lower-left corner area.

    Used by tests to sample a cell's fill colour away from its text.
    """
    left, bottom, width, height = 0.16, 0.12, 0.80, 0.76
    w, h = _SIZE_PX
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for pot in range(3):
        for kin in range(3):
            fx = left + width * (pot + 0.93) / 3
            fy = bottom + height * (kin + 0.25) / 3
            out[(kin, pot)] = (round(fx * w), round((1 - fy) * h))
    return out
