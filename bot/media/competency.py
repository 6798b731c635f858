"""Competency chart: assessed levels against a position's standard, gaps highlighted."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

GAP_COLOUR = "#cc0000"
LEVEL_COLOUR = "#1f4e79"
STANDARD_COLOUR = "#999999"
_DPI = 100


@dataclass(frozen=True)
class CompetencyPoint:
    name: str
    standard: int
    level: int | None  # None = not assessed

    @property
    def gap(self) -> int:
        return max(0, self.standard - (self.level or 0))


def _short(name: str) -> str:
    return name if len(name) <= 18 else name[:17] + "…"


def render_competency_chart(points: Sequence[CompetencyPoint], *, title: str) -> bytes:
    """Horizontal bars (phone-readable): level bars, standard marks, gaps in red. PNG bytes."""
    if not points:
        raise ValueError("tidak ada kompetensi untuk digambar")
    n = len(points)
    fig = Figure(figsize=(8, 1.2 + 0.55 * n), dpi=_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(n)[::-1]
    levels = [p.level or 0 for p in points]
    ax.barh(y, levels, color=LEVEL_COLOUR, height=0.55, label="Level Anda")
    for yi, p in zip(y, points, strict=True):
        if p.gap:
            ax.barh(yi, p.gap, left=p.level or 0, color=GAP_COLOUR, height=0.55)
        ax.plot([p.standard, p.standard], [yi - 0.38, yi + 0.38], color=STANDARD_COLOUR, lw=3)
        note = "belum dinilai" if p.level is None else (f"kurang {p.gap}" if p.gap else "memenuhi")
        ax.text(
            5.15,
            yi,
            note,
            va="center",
            fontsize=9,
            color=GAP_COLOUR if p.gap or p.level is None else "#2e7d32",
        )
    ax.set_yticks(y, [_short(p.name) for p in points], fontsize=9)
    ax.set_xlim(0, 6.4)
    ax.set_xticks(range(0, 6))
    ax.set_xlabel("Level (1–5) · garis abu-abu = standar jabatan · merah = kesenjangan")
    ax.set_title(title, fontsize=12, weight="bold")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI)
    return buf.getvalue()
