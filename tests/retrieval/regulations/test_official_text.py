"""Ingested official texts are indexed beside the summaries and quoted in answers.

The text is a regulation-shaped file written for this test (not the real wording)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from knowledge.corpus import Corpus
from knowledge.ingest import parse_official, store
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.hashing import HashingEncoder
from retrieval.regulations.answerer import Paths, RegulationAnswerer
from retrieval.regulations.settings import RegulationSearchSettings

OFFICIAL = """PERATURAN PEMERINTAH
NOMOR 11 TAHUN 2017
TENTANG
MANAJEMEN PEGAWAI NEGERI SIPIL
BAB I
KETENTUAN UMUM
Pasal 1
Dalam contoh ini yang dimaksud pegawai adalah orang yang bekerja pada instansi contoh.
BAB II
PEMBERHENTIAN
Pasal 239
(1) Pegawai contoh diberhentikan dengan hormat setelah mencapai batas usia pensiun.
(2) Batas usia pensiun contoh untuk juru kunci arsip purbakala ialah 58 tahun.
"""


def test_official_wording_is_searchable_and_quoted(tmp_path: Path, minicorpus: Corpus) -> None:
    source = tmp_path / "pp-11-2017.txt"
    source.write_text(OFFICIAL, encoding="utf-8")
    doc = parse_official(source, "pp-11-2017", now=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    store(doc, tmp_path)
    # The small corpus has its own thresholds; the learned models are for the real corpus.
    settings = RegulationSearchSettings(
        cache=False,
        relevance_min=1.5,
        dense_min=0.5,
        cite_bm25_min=1.0,
        cite_dense_min=0.5,
        learned=False,
    )
    assistant = RegulationAnswerer.build(
        minicorpus, HashingEncoder(256), settings, thresholds(), Paths.under(tmp_path)
    )
    assert "pp-11-2017" in assistant.official

    # Words found only in the official text ("juru kunci arsip purbakala") reach the
    # summarised provision of the same article.
    answer = assistant.ask("juru kunci arsip purbakala")
    assert answer.citations[0].id == "pp-11-2017:pasal-239"

    # The cited provision carries the agency's official wording of that article.
    cited = assistant.ask("pp 11 2017 psl 239").provisions[0]
    assert (
        cited.official_quote is not None and "diberhentikan dengan hormat" in cited.official_quote
    )
    assert "Teks resmi (salinan instansi)" in assistant.ask("pp 11 2017 psl 239").text
