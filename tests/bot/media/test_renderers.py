from __future__ import annotations

import io
from datetime import date

from PIL import Image
from pypdf import PdfReader

from bot.media.competency import CompetencyPoint, render_competency_chart
from bot.media.ninebox import HIGHLIGHT, NineBoxCell, cell_centres_px, render_ninebox
from bot.media.shortlist_pdf import (
    CandidateEntry,
    RequirementLine,
    ShortlistDocument,
    render_shortlist_pdf,
)

# Grid positions as in FACTS.md §11.5 (the renderer takes them as data).
_POS = {
    9: (2, 2),
    8: (1, 2),
    7: (2, 1),
    6: (0, 2),
    5: (1, 1),
    4: (2, 0),
    3: (0, 1),
    2: (1, 0),
    1: (0, 0),
}


def _cells(highlight: set[int]) -> list[NineBoxCell]:
    return [
        NineBoxCell(
            box=b,
            kinerja=k,
            potensi=p,
            label=f"Kotak {b}",
            official=b,
            estimated=b % 2,
            highlighted=b in highlight,
            people=("J***A 1982",) if b >= 7 else (),
        )
        for b, (k, p) in _POS.items()
    ]


def _hex(rgb: tuple[int, ...]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


def _highlighted_cells(png: bytes) -> int:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for xy in cell_centres_px().values() if _hex(img.getpixel(xy)) == HIGHLIGHT)


def test_ninebox_is_a_900px_png_with_exactly_the_highlighted_cells() -> None:
    png = render_ninebox(_cells({5}), title="Peta talenta — BKD", caption="data 2026-11-29")
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size == (900, 900)
    assert _highlighted_cells(png) == 1
    assert _highlighted_cells(render_ninebox(_cells(set()), title="x")) == 0
    assert _highlighted_cells(render_ninebox(_cells({7, 8, 9}), title="x")) == 3


def test_ninebox_refuses_an_incomplete_grid() -> None:
    import pytest

    with pytest.raises(ValueError, match="sembilan"):
        render_ninebox(_cells(set())[:8], title="x")


def test_competency_chart_renders_all_competencies() -> None:
    points = [
        CompetencyPoint("Integritas", 3, 4),
        CompetencyPoint("Kerjasama", 3, 2),
        CompetencyPoint("Pengembangan Diri dan Orang Lain", 4, None),
    ]
    png = render_competency_chart(points, title="Kompetensi vs Kepala Bidang Anggaran")
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size[0] == 800 and img.size[1] > 200
    import numpy as np

    arr = np.asarray(img.convert("RGB"))
    reds = int(np.all(arr == (0xCC, 0x00, 0x00), axis=-1).sum())
    assert reds > 500  # two gap bars are drawn in red
    assert points[1].gap == 1 and points[2].gap == 4 and points[0].gap == 0


def _document(n: int) -> ShortlistDocument:
    reqs = [
        RequirementLine(
            "Usia saat pelantikan",
            "paling tinggi 56 tahun",
            True,
            ("PP 11/2017 Pasal 107 huruf c",),
        )
    ]
    cands = [
        CandidateEntry(
            rank=i + 1,
            nama=f"Calon Nomor {i + 1} <b>&",
            nip=f"19800101200501100{i % 10}",
            jabatan_sekarang="Kepala Subbidang Anggaran",
            unit="BPKAD",
            total=0.9 - i * 0.01,
            components={"Relevansi": "0,70", "JPM": "88%"},
            verdict="Memenuhi syarat",
            criteria=[
                RequirementLine(
                    "Pendidikan", "S1 Akuntansi", True, ("PP 11/2017 Pasal 107 huruf c",)
                )
            ],
            flags=["Mendekati BUP dalam 18 bulan"],
            conflicts=["satu unit dengan penanya"] if i == 0 else [],
        )
        for i in range(n)
    ]
    return ShortlistDocument(
        instansi="Pemerintah Provinsi Jambi",
        nomor="SL-2026-000042",
        tanggal=date(2026, 11, 29),
        jabatan="Kepala Bidang Anggaran",
        unit="BPKAD",
        requirements=reqs,
        candidates=cands,
        audit_ref="SL-2026-000042 / audit #118",
        versions={"data": "2026-11-29", "model": "m", "indeks": "v3", "konfigurasi": "ab12"},
    )


def test_shortlist_pdf_contains_scores_citations_and_audit_reference() -> None:
    doc = _document(12)
    reader = PdfReader(io.BytesIO(render_shortlist_pdf(doc)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    for cand in doc.candidates:
        assert f"{cand.total:.3f}" in text
        assert cand.nama in text
    assert "PP 11/2017 Pasal 107 huruf c" in text
    assert "SL-2026-000042 / audit #118" in text
    assert "Tanda tangan anggota komite" in text


def test_short_shortlist_fits_one_page() -> None:
    reader = PdfReader(io.BytesIO(render_shortlist_pdf(_document(2))))
    assert len(reader.pages) == 1
