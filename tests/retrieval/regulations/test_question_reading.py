"""Reading a question beyond its words: the core of a story, and the nine-box box a question
describes without naming it; and both reaching the ranker through the real searcher."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.regulations.box_reading import BOX_PROVISION, box_in
from retrieval.regulations.core_question import core_question
from retrieval.regulations.learned import RANK_FEATURES
from retrieval.regulations.normalise import normalise
from retrieval.regulations.search import ProvisionSearcher


@pytest.mark.parametrize(
    ("story", "core"),
    [
        (
            "Saya sudah enam tahun di jabatan yang sama dan atasan minta saya pindah. "
            "Apakah saya wajib dimutasi?",
            "Apakah saya wajib dimutasi?",
        ),
        (
            "Ulang tahun saya yang ke-56 jatuh seminggu sebelum pelantikan, apakah saya masih "
            "memenuhi batas usia?",
            "apakah saya masih memenuhi batas usia?",
        ),
        # The last sentence asks nothing: the one that asks is the core.
        (
            "Apakah PPPK boleh jadi kepala bidang di dinas kami? Saya tanya karena ada yang "
            "mengusulkan begitu.",
            "Apakah PPPK boleh jadi kepala bidang di dinas kami?",
        ),
        # A last clause with no topic of its own ("apakah itu benar?") keeps its sentence.
        (
            "Saya staf BKD. Kata teman saya PNS bisa pensiun umur 60 di jabatan fungsional "
            "madya, apakah itu benar?",
            "Kata teman saya PNS bisa pensiun umur 60 di jabatan fungsional madya, apakah itu "
            "benar?",
        ),
        # A decimal comma or a time breaks no clause; a full stop before a number or after an
        # abbreviation ends no sentence.
        (
            "Saya PNS di Bungo sejak 2010. Apakah nilai SKP 3,5 cukup untuk naik pangkat?",
            "Apakah nilai SKP 3,5 cukup untuk naik pangkat?",
        ),
        (
            "Jam kerja kami 07:30 sampai 16:00 setiap hari, apakah itu sesuai aturan disiplin?",
            "apakah itu sesuai aturan disiplin?",
        ),
    ],
)
def test_the_core_of_a_story_is_the_question_it_asks(story: str, core: str) -> None:
    found = core_question(story)
    # The whole message is "its own core" only when nothing was cut away.
    assert (found or story) == core


@pytest.mark.parametrize(
    "question",
    [
        "kapan PNS pensiun?",
        "syarat jadi kabid apa aja?",
        "Apa itu talent pool, min?",
        "Apa isi PP No. 11 Tahun 2017 tentang manajemen PNS?",
        "",
        "?!.,",
    ],
)
def test_a_short_question_is_its_own_core(question: str) -> None:
    assert core_question(question) is None


@pytest.mark.parametrize(
    ("question", "box"),
    [
        ("SKP saya Sangat Baik dua tahun, tapi potensi cuma menengah. Apa tindak lanjutnya?", 7),
        ("Hasil asesmennya tinggi, tapi SKP-nya Butuh Perbaikan. Harus saya apakan?", 6),
        ("Kinerja saya Baik dan potensial saya rendah menurut asesmen, program apa untuk saya?", 2),
        ("kinerja di atas ekspektasi dan potensial tinggi, otomatis dipromosikan?", 9),
        ("My performance is below expectations and my potential is low. What now?", 1),
        ("I have high potential and my performance was above expectations. What next?", 9),
    ],
)
def test_the_box_a_question_describes_is_read_with_the_policy_table(
    question: str, box: int
) -> None:
    assert box_in(question) == box


@pytest.mark.parametrize(
    "question",
    [
        "SKP 2023 Butuh Perbaikan tapi 2024 Sangat Baik. Yang dipakai mana?",  # no potential
        "SKP Sangat Baik; potensi tinggi kata asesor A, potensi rendah kata B?",  # two levels
        "Kinerja pegawai itu tahun lalu baik, potensinya tinggi?",  # "baik" far from "kinerja"
        # Level words that name something else: JPT, "kurang dari".
        "SKP saya baik, asesmen jabatan pimpinan tinggi pratama kapan dibuka?",
        "Kalau SKP kurang dari dua tahun, apakah asesmen potensi tinggi masih bisa dipakai?",
        "berapa lama harus menjabat sebelum dimutasi?",
    ],
)
def test_no_box_is_guessed_from_a_missing_or_contradictory_axis(question: str) -> None:
    assert box_in(question) is None


def test_the_searcher_offers_the_described_box_to_the_ranker(
    searcher: ProvisionSearcher,
) -> None:
    question = "Staf saya SKP-nya Sangat Baik, tetapi hasil asesmen potensinya rendah. Lalu?"
    query = normalise(question)
    bm25, cosine = searcher.raw_scores(query)
    rows, features, _, _, _ = searcher.candidates(query, bm25, cosine)
    ids = [searcher.provision_ids[i] for i in rows]
    box = features[:, RANK_FEATURES.index("box")]
    assert np.flatnonzero(box).tolist() == [ids.index(BOX_PROVISION.format(4))]


def test_the_core_is_scored_apart_only_when_the_question_has_one(
    searcher: ProvisionSearcher,
) -> None:
    column = {name: n for n, name in enumerate(RANK_FEATURES)}
    story = (
        "Saya sudah enam tahun di jabatan yang sama, atasan saya orangnya keras dan kantor "
        "jauh dari rumah. Apakah saya wajib dimutasi?"
    )
    for question, apart in ((story, True), ("kapan PNS wajib dimutasi?", False)):
        query = normalise(question)
        bm25, cosine = searcher.raw_scores(query)
        _, features, _, _, core = searcher.candidates(query, bm25, cosine)
        whole, of_core = features[:, column["cosine"]], features[:, column["core_cosine"]]
        assert (not np.allclose(whole, of_core)) is apart
        assert np.array_equal(core.bm25, bm25) is not apart
