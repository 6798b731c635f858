"""Conflict-of-interest notes as pure functions over seats and family links."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.rules.conflicts import Seat, document_conflicts, list_conflicts


@dataclass(frozen=True)
class Link:
    pegawai_id: int
    relative_id: int
    hubungan: str


ASKER = Seat(1, units=(10, 1), positions=(100, 50))


def test_unit_reporting_line_and_self_are_flagged_from_the_askers_seat() -> None:
    seats = {
        2: Seat(2, units=(10, 1), positions=(300,)),  # same unit
        3: Seat(3, units=(11, 10, 1), positions=(301,)),  # a unit below the asker's
        4: Seat(4, units=(20, 2), positions=(200, 100, 50)),  # reports to the asker
        5: Seat(5, units=(20, 2), positions=(50,)),  # the asker's superior
        6: Seat(6, units=(30, 3), positions=()),  # unrelated, no position
        1: ASKER,
    }
    flags = list_conflicts([2, 3, 4, 5, 6, 1], seats=seats, asker=ASKER, kin=[])
    assert flags == {
        2: ["satu unit kerja dengan Anda"],
        3: ["satu unit kerja dengan Anda"],
        4: ["dalam garis bawahan Anda"],
        5: ["atasan Anda dalam garis jabatan"],
        6: [],
        1: ["ini Anda sendiri"],
    }


def test_family_of_the_asker_or_of_another_candidate_is_flagged_once_per_pair() -> None:
    kin = [Link(2, 1, "pasangan"), Link(3, 4, "orang_tua"), Link(4, 3, "anak")]
    flags = list_conflicts([2, 3, 4], seats={}, asker=ASKER, kin=kin)
    assert flags == {
        2: ["keluarga Anda (pasangan)"],
        3: ["keluarga kandidat #3 (orang tua)"],
        4: ["keluarga kandidat #2 (orang tua)"],
    }
    # Without a bound asker only the links between candidates count.
    assert list_conflicts([2, 3], seats={}, asker=None, kin=kin) == {
        2: [],
        3: [],
    }


def test_the_document_notes_links_between_candidates_and_with_holders() -> None:
    kin = [Link(1, 2, "anak"), Link(9, 1, "pasangan"), Link(9, 8, "saudara")]
    assert document_conflicts([1, 2], [9], kin) == {
        1: [
            "hubungan anak dengan calon lain di daftar ini",
            "hubungan pasangan dengan pemangku jabatan ini saat ini",
        ],
        2: ["hubungan anak dengan calon lain di daftar ini"],
    }
