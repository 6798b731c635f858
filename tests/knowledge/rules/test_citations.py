"""Every citation a rule or a threshold uses resolves to a real provision record."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from knowledge.citations import Kind
from knowledge.corpus import Corpus, load_corpus
from knowledge.rules import (
    HukumanFact,
    MeritSettings,
    NineBoxResmiFact,
    SpellFact,
    SuksesiFact,
    bup,
    eligibility,
    gaps_to_target,
    jpm,
    ninebox,
    rotation,
    succession_due,
    succession_group,
    thresholds,
)
from tests.knowledge.rules.builders import AS_OF, employee, position, standar, with_levels

RULES_DIR = Path(__file__).resolve().parents[3] / "knowledge" / "rules"
SENTENCE = re.compile(r"\w+(?:\W+\w+){3,}[.!?)]")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _employees() -> Iterator:  # type: ignore[type-arg]
    base = employee()
    yield base
    yield employee(status_kepegawaian="PPPK")
    yield employee(asesmen=None, kinerja={}, pendidikan=(), riwayat_jabatan=())
    yield employee(
        hukuman=(HukumanFact("berat", "pemberhentian", date(2025, 1, 1), None),),
        kinerja={2024: "Kurang", 2025: "Baik"},
        suksesi=(SuksesiFact(2026),),
        ninebox_resmi=(NineBoxResmiFact(2026, 9, "BKN"),),
    )
    yield replace(
        base,
        riwayat_jabatan=(
            *base.riwayat_jabatan,
            SpellFact("jpt_pratama", date(2008, 1, 1), date(2010, 1, 1)),
        ),
    )
    yield replace(base, jabatan=position(jabatan_id=9, jenis="fungsional", jenjang="ahli_utama"))
    for kin in ("Sangat Baik", "Baik", "Butuh Perbaikan"):
        for skor in (90.0, 70.0, 10.0):
            yield with_levels(
                employee(kinerja={2024: kin, 2025: kin}), standar(2), skor_potensi=skor
            )


TARGETS = [
    position(jenis="jpt_utama"),
    position(jenis="jpt_madya"),
    position(jenis="jpt_pratama"),
    position(jenis="administrator"),
    position(jenis="pengawas"),
    position(jenis="pelaksana"),
    *(
        position(jenis="fungsional", jenjang=j)
        for j in ("ahli_pertama", "ahli_madya", "ahli_utama", "terampil")
    ),
]


def _rule_citations() -> set[str]:
    out: set[str] = set()
    settings = [
        MeritSettings(),
        MeritSettings(
            jpm_skema="jf_80_68",
            jpm_dibatasi=False,
            ninebox_potensi="skor",
            ninebox_tahun_kinerja=1,
        ),
    ]
    for emp in _employees():
        out.update(bup(emp, as_of=AS_OF).citations)
        out.update(rotation(emp, as_of=AS_OF).citations)
        for s in settings:
            out.update(ninebox(emp, as_of=AS_OF, settings=s).citations)
            out.update(succession_group(emp, as_of=AS_OF, settings=s).citations)
            for t in TARGETS:
                out.update(jpm(emp, t, as_of=AS_OF, settings=s).citations)
                r = eligibility(emp, t, as_of=AS_OF, settings=s)
                out.update(r.citations)
                for ln in r.lines:
                    out.update(ln.citations)
                for g in gaps_to_target(emp, t, as_of=AS_OF, settings=s):
                    out.update(g.citations)
    old = employee(tanggal_lahir=date(1968, 12, 1))
    for d in succession_due([position(pemangku_ids=(1,))], {1: old}, within_months=24, as_of=AS_OF):
        out.update(d.citations)
    return out


def _static_citations(corpus: Corpus) -> set[str]:
    """String constants in the rule modules that name a regulation of the corpus."""
    regs = {r.id for r in corpus.regulations()}
    found: set[str] = set()
    for path in RULES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        # Pieces of f-strings (e.g. "ninebox-praktik:angka-" + box) are checked at run time.
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in parts
                and node.value.split(":")[0] in regs
            ):
                found.add(node.value)
    return found


def _check(corpus: Corpus, pid: str) -> None:
    assert corpus.has(pid), f"sitasi {pid} tidak ada di korpus"
    prov = corpus.provision(pid)
    assert SENTENCE.search(prov.summary), f"{pid}: ringkasan bukan kalimat: {prov.summary!r}"
    assert prov.verification is not None and prov.kind is not None
    cit = corpus.citation(pid)
    assert cit.id == pid and cit.title


def test_threshold_citations_resolve(corpus: Corpus) -> None:
    for t in thresholds():
        for pid in t.citations:
            _check(corpus, pid)
        if t.kind is Kind.law:
            kinds = {corpus.provision(pid).kind for pid in t.citations}
            assert Kind.law in kinds, f"{t.id} bertanda law tetapi tidak mengutip peraturan"


def test_every_citation_a_rule_returns_resolves(corpus: Corpus) -> None:
    cited = _rule_citations()
    assert {
        "pp-11-2017:pasal-107:ayat-2",
        "pp-11-2017:pasal-105",
        "ninebox-praktik:angka-1",
        "ninebox-praktik:angka-9",
        "bkn-siasn-jf",
        "pp-11-2017:pasal-239",
    } <= cited
    for pid in sorted(cited | _static_citations(corpus)):
        _check(corpus, pid)
