"""Rendering speed of pictures and documents (issue: pictures and documents).

Median of repeated renders after one warm-up; target: a picture under a second.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date

from rich.console import Console
from rich.table import Table

from bot.flows.pictures import Placement, grid, ninebox_png
from bot.media.cache import PictureCaches
from bot.media.competency import CompetencyPoint, render_competency_chart
from bot.media.ninebox import render_ninebox
from bot.media.shortlist_pdf import (
    CandidateEntry,
    RequirementLine,
    ShortlistDocument,
    render_shortlist_pdf,
)
from db.reference import KOMPETENSI_STANDAR


def _ninebox() -> bytes:
    # The grid layout comes from the configured nine-box table, as in the bot.
    placed = [
        Placement(i, f"19800101200501{i % 2 + 1}{i:03d}", i % 9 + 1, official=i % 5 != 0)
        for i in range(400)
    ]
    cells = grid(placed, people=True, highlight=5).cells
    return render_ninebox(cells, title="Peta talenta", caption="bench")


CACHES = PictureCaches()


def _ninebox_cached() -> bytes:
    # What the bot does on a repeated /talentpool or /profil: the same content, from the cache.
    cells = grid([], people=False, highlight=5).cells
    return ninebox_png(cells, title="Posisi Anda di nine-box", caption="bench", caches=CACHES)


def _chart() -> bytes:
    pts = [CompetencyPoint(n, 3, (i % 5) + 1) for i, n in enumerate(KOMPETENSI_STANDAR)]
    return render_competency_chart(pts, title="Kompetensi")


def _pdf() -> bytes:
    line = RequirementLine("Usia", "52 tahun", True, ("PP 11/2017 Pasal 107 huruf c",))
    cands = [
        CandidateEntry(
            i + 1,
            f"Calon {i}",
            "198001012005011001",
            "Kasubbid",
            "BPKAD",
            0.8,
            {"JPM": "85%"},
            "Memenuhi syarat",
            [line] * 6,
            ["flag"],
        )
        for i in range(10)
    ]
    doc = ShortlistDocument(
        "Pemprov Jambi",
        "SL-1",
        date(2026, 11, 29),
        "Kabid Anggaran",
        "BPKAD",
        [line] * 6,
        cands,
        "SL-1",
        {"data": "x"},
    )
    return render_shortlist_pdf(doc)


def _median_ms(fn: Callable[[], bytes], runs: int = 15) -> tuple[float, float]:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    table = Table(title="Gambar dan dokumen (ms, 15 kali setelah pemanasan)")
    for col in ("Render", "median", "p95", "target"):
        table.add_column(col)
    for name, fn in (
        ("Nine-box PNG 900×900", _ninebox),
        ("Nine-box yang sama lagi (cache isi)", _ninebox_cached),
        ("Grafik kompetensi PNG", _chart),
        ("PDF daftar calon (10 calon)", _pdf),
    ):
        med, p95 = _median_ms(fn)
        table.add_row(name, f"{med:.2f}", f"{p95:.2f}", "< 1000")
    Console().print(table)


if __name__ == "__main__":
    main()
