"""Every article Talenta cites (corpus, merit rules, code, templates, docs) is one the team's
fact sheet shows; its copy of the fact sheet is knowledge/fact_sheet.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.citations import ProvisionRef
from knowledge.corpus import load_corpus
from knowledge.corpus_schema import RecordKind
from knowledge.fact_sheet import fact_sheet
from tests.knowledge.pasal_mentions import mentions

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "knowledge" / "regulations"
SCANNED = ("bot", "retrieval", "knowledge", "db", "bench")
SUFFIXES = (".py", ".yaml", ".html", ".j2", ".md", ".txt")
# Numbers the fact sheet names only as believed / inferred / commonly cited: a text may name
# them only in a sentence that says so.
# A link that points at law: a regulation portal, a JDIH, a ministry or BKN page.
LAW_HOST = re.compile(
    r"jdih|peraturan|bpk\.go\.id|setneg|menpan|bkn\.go\.id|kemendagri|lan\.go\.id|setkab",
    re.IGNORECASE,
)
URL = re.compile(r"https?://[^\s'\"<>)`]+")
# A link assembled in code: a URL literal with a placeholder or joined to something.
BUILT = re.compile(
    r"""(?:f["']https?://[^"']*\{|["']https?://[^"']*["']\s*(?:\+|%|\.format)|urljoin\()"""
)
HEDGE = re.compile(
    r"lazim|diyakini|diduga|disimpulkan|belum terverifikasi|inferred|believed|commonly cited"
    r"|unverified",
    re.IGNORECASE,
)


def _texts() -> list[Path]:
    files = [
        p
        for d in SCANNED
        for p in sorted((ROOT / d).rglob("*"))
        if p.suffix in SUFFIXES
        and "heldout" not in p.name  # never opened (evaluation hygiene)
        and "__pycache__" not in p.parts
        and p.name != "fact_sheet.yaml"  # the list itself
    ]
    docs = sorted((ROOT / "docs").rglob("*.md"))
    return [*files, ROOT / "README.md", ROOT / "config.yaml", *docs]


def _problems(path: Path) -> list[str]:
    sheet = fact_sheet()
    own = path.stem if path.parent == CORPUS else None
    problems = []
    for m in mentions(path.read_text(encoding="utf-8"), own, sheet.articles):
        if any(all(sheet.supports(r) for r in m.refs(reg)) for reg in m.regulations):
            continue
        hedged = HEDGE.search(m.sentence) is not None
        if hedged and any(
            all(sheet.supports(r) or sheet.mentions_unverified(r) for r in m.refs(reg))
            for reg in m.regulations
        ):
            continue
        rel = path.relative_to(ROOT)
        problems.append(f"{rel}:{m.line}: {m.text!r} ({' / '.join(m.regulations)})")
    return problems


def test_the_copy_says_when_it_was_taken_from_the_fact_sheet() -> None:
    sheet = fact_sheet()
    assert sheet.compiled.isoformat() == "2026-11-29"
    assert sheet.taken >= sheet.compiled
    text = (ROOT / "knowledge" / "fact_sheet.yaml").read_text(encoding="utf-8")
    assert f"on {sheet.taken.isoformat()}" in text.split("\n\n")[0]


def test_supports_the_same_or_a_coarser_address_only() -> None:
    sheet = fact_sheet()
    assert sheet.supports(ProvisionRef.parse("pp-11-2017:pasal-107:huruf-c"))
    assert sheet.supports(ProvisionRef.parse("pp-11-2017:pasal-105"))  # ayat (1)-(2) shown
    assert sheet.supports(ProvisionRef.parse("pp-11-2017"))  # no article claimed
    assert not sheet.supports(ProvisionRef.parse("pp-11-2017:pasal-107:huruf-d"))
    assert not sheet.supports(ProvisionRef.parse("pp-11-2017:pasal-111:ayat-3"))
    assert not sheet.supports(ProvisionRef.parse("uu-27-2022:pasal-16"))
    assert not sheet.supports(ProvisionRef.parse("uu-20-2023:pasal-4"))
    assert sheet.mentions_unverified(ProvisionRef.parse("uu-20-2023:pasal-4"))


def test_every_corpus_article_is_in_the_fact_sheet() -> None:
    corpus = load_corpus()
    sheet = fact_sheet()
    unsupported = [
        p.id
        for reg in corpus.regulations(RecordKind.regulation)
        for p in reg.provisions
        if not sheet.supports(p.ref)
    ]
    assert unsupported == []
    # Sources (guidance, practice, policy) number their items themselves: never a Pasal.
    for reg in corpus.regulations(RecordKind.source):
        assert all(p.ref.pasal is None for p in reg.provisions), reg.id


@pytest.mark.parametrize("path", _texts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_article_a_text_cites_is_in_the_fact_sheet(path: Path) -> None:
    assert _problems(path) == []


def test_the_check_catches_an_article_the_fact_sheet_lacks(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text('"""Erasure (UU 27/2022 Pasal 8 and 16); Pasal 107 huruf d PP 11/2017."""\n')
    fine = tmp_path / "y.md"
    fine.write_text("Nilai dasar lazim dikutip sebagai Pasal 4 UU 20/2023 (belum terverifikasi).\n")
    sheet = fact_sheet()
    found = list(mentions(bad.read_text(), None, sheet.articles))
    assert [(m.text, m.regulations) for m in found] == [
        ("Pasal 8 and 16", ("uu-27-2022",)),
        ("Pasal 107 huruf d", ("pp-11-2017",)),
    ]
    eight, sixteen = found[0].refs("uu-27-2022")
    assert (eight.id, sixteen.id) == ("uu-27-2022:pasal-8", "uu-27-2022:pasal-16")
    assert sheet.supports(eight) and not sheet.supports(sixteen)
    (m,) = mentions(fine.read_text(), None, sheet.articles)
    assert HEDGE.search(m.sentence) and sheet.mentions_unverified(m.refs("uu-20-2023")[0])


@pytest.mark.parametrize("path", _texts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_law_link_is_one_the_fact_sheet_records(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    urls = {u.rstrip(".,;:") for u in URL.findall(text)}
    law = {u for u in urls if LAW_HOST.search(u)}
    assert law <= fact_sheet().official_urls, law - fact_sheet().official_urls
    if path.suffix in (".py", ".html", ".j2"):
        built = [
            m.group(0) for m in BUILT.finditer(text) if LAW_HOST.search(text[m.start() :][:200])
        ]
        assert built == [], "a law link must be copied from the fact sheet, not built"


def test_the_link_checks_catch_a_guessed_or_built_link() -> None:
    guessed = "Teks resmi: https://peraturan.go.id/id/pp-no-11-tahun-2017 ."
    assert {u.rstrip(".") for u in URL.findall(guessed)} - fact_sheet().official_urls
    code = 'url = f"https://jdih.menpan.go.id/{number}-{year}"'
    assert BUILT.search(code) and LAW_HOST.search(code)
    assert not BUILT.search('url = "https://jdih.kemenkoinfra.go.id/permenpanrb-192025"')
