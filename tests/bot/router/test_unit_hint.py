"""The unit a talent-pool request names, with the words of asking taken away."""

from __future__ import annotations

import pytest

from bot.flows.people import unit_hint


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("talent pool dinas kesehatan", "dinas kesehatan"),
        ("siapa pegawai terbaik di dinas kesehatan", "dinas kesehatan"),
        ("tolong daftar talenta paling bagus di BPKAD dong", "BPKAD"),
        ("best talents in the bappeda", "bappeda"),
        ("siapa saja yang di kotak 9?", ""),
        ("talent pool", ""),
        # Tried by a new user: chat words were taken for a unit ("Unit aja yg tidak ditemukan").
        ("talent pool dinas pendidikan gimana", "dinas pendidikan"),
        ("siapa aja yg di kotak 9?", ""),
        ("talent pool bappeda, sebutin namanya dong", "bappeda"),
    ],
)
def test_the_unit_named_in_a_talent_pool_request(text: str, unit: str) -> None:
    assert unit_hint(text) == unit
