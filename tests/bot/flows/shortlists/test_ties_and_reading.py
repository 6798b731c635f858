"""A candidate list shows ties as ties, what a score means, and how a need was read."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.chat.render import Renderer
from bot.flows.shortlists.lifecycle import mark_ties


def _row(rank: int, score: float) -> dict[str, Any]:
    return {
        "rank": rank,
        "nama": None,
        "nip": None,
        "jabatan": "Analis Anggaran",
        "golongan": "III/c",
        "unit": "BPKAD",
        "score": score,
        "reasons": [],
    }


def test_equal_shown_scores_share_a_rank():
    rows = [_row(1, 0.8123), _row(2, 0.8149), _row(3, 0.8101), _row(4, 0.70)]
    mark_ties(rows)
    assert "tie" not in rows[0]
    assert rows[1]["tie"] == 1 and rows[2]["tie"] == 1
    assert "tie" not in rows[3]


def test_the_list_says_what_a_score_means_and_the_reading():
    rows = [_row(1, 0.8123), _row(2, 0.8149)]
    mark_ties(rows)
    html = Renderer().render(
        "candidates",
        query="butuh yang jago tender",
        position=None,
        reading=["Pengadaan Barang/Jasa Pemerintah"],
        items=rows,
        page=1,
        pages=1,
        total=2,
        as_of=date(2026, 11, 29),
    )
    assert "Dibaca sebagai: Pengadaan Barang/Jasa Pemerintah" in html
    assert "(setara dengan nomor 1)" in html
    assert "1 hanya bila semuanya maksimal" in html
    assert "sebidang didahulukan" not in html  # a need has no field order
    with_post = Renderer().render(
        "candidates",
        query="kabid anggaran",
        position="Kepala Bidang Anggaran",
        items=rows,
        page=1,
        pages=1,
        total=2,
        as_of=date(2026, 11, 29),
    )
    assert "Yang sebidang didahulukan" in with_post and "Dibaca sebagai" not in with_post


def test_a_blind_list_says_how_it_is_ordered():
    # It said "Urutan tetap sesuai skor" while a post's list puts the right field first.
    blind_rows = [{"rank": 1, "nama": None, "blind": {"golongan": "III"}}]
    common = {"items": blind_rows, "page": 1, "pages": 1, "total": 1, "blind": True}
    need = Renderer().render(
        "candidates", query="butuh yang jago tender", position=None, blind_k=5,
        as_of=date(2026, 11, 29), **common,
    )  # fmt: skip
    assert "Urutan tidak berubah saat identitas dibuka: menurut skor." in need
    post = Renderer().render(
        "candidates", query="kabid anggaran", position="Kepala Bidang Anggaran", blind_k=5,
        as_of=date(2026, 11, 29), **common,
    )  # fmt: skip
    assert "yang sebidang didahulukan, lalu yang serumpun" in post
    assert "dibuka: menurut skor" not in post
