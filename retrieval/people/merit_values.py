"""Ordinal values of performance predicates (Permenpan RB 6/2022), shared by text and score."""

from __future__ import annotations

from db.reference import PredikatKinerja

# Higher is better. Used for the trend in the profile text and the performance score.
KINERJA_RANK: dict[str, int] = {
    PredikatKinerja.sangat_kurang.value: 0,
    PredikatKinerja.kurang.value: 1,
    PredikatKinerja.butuh_perbaikan.value: 2,
    PredikatKinerja.baik.value: 3,
    PredikatKinerja.sangat_baik.value: 4,
}


def kinerja_score(predikat: list[tuple[int, str]], *, years: int = 2) -> float | None:
    """Mean of the last ``years`` predicates on a 0–1 scale; None when never assessed."""
    recent = sorted(predikat)[-years:]
    if not recent:
        return None
    return sum(KINERJA_RANK.get(p, 0) for _, p in recent) / (4.0 * len(recent))
