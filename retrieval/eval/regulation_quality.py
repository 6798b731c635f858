"""Evaluation of regulation answers: hit@1 / hit@3 per retriever and per language, and the
no-answer rate on questions the knowledge base cannot answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from retrieval.regulations.answer import Intent
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.normalise import normalise
from retrieval.regulations.search import Mode

LANGS = ("id_formal", "id_casual", "en")
SYSTEMS = ("bm25", "dense", "fused", "answer")
SYSTEM_LABEL = {
    "bm25": "BM25 saja",
    "dense": "Dense saja",
    "fused": "Fused (RRF)",
    "answer": "Jawaban lengkap",
}


@dataclass(frozen=True)
class EvalQuestion:
    q: str
    lang: str
    expect: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvalSet:
    answerable: tuple[EvalQuestion, ...]
    unanswerable: tuple[EvalQuestion, ...]


def load_eval_set(path: Path) -> EvalSet:
    raw = yaml.safe_load(path.read_text("utf-8"))

    def read(items: list[dict[str, object]], need_expect: bool) -> tuple[EvalQuestion, ...]:
        out = []
        for i, item in enumerate(items, start=1):
            lang = str(item["lang"])
            raw_expect = item.get("expect") or []
            expect = tuple(str(e) for e in raw_expect) if isinstance(raw_expect, list) else ()
            if lang not in LANGS or (need_expect and not expect):
                raise ValueError(f"{path}: pertanyaan ke-{i} ({item.get('q')!r}) tidak lengkap")
            out.append(EvalQuestion(q=str(item["q"]), lang=lang, expect=expect))
        return tuple(out)

    return EvalSet(
        answerable=read(raw["answerable"], True), unanswerable=read(raw["unanswerable"], False)
    )


def cited_ids(assistant: RegulationAnswerer, question: str, system: str) -> list[str]:
    """Provision ids in rank order. For a retriever alone: its ranking, without the no-answer
    threshold (measured separately); for "answer": what the full answer cites."""
    if system == "answer":
        return [c.id for c in assistant.ask(question).citations]
    result = assistant.search(normalise(question), mode=Mode(system), threshold=False)
    return [h.provision_id for h in result.hits]


def answered(assistant: RegulationAnswerer, question: str, system: str) -> bool:
    """Whether the system answers at all (its own raw-score threshold)."""
    if system == "answer":
        return assistant.ask(question).intent is not Intent.tidak_ditemukan
    return bool(assistant.search(normalise(question), mode=Mode(system)).hits)


@dataclass(frozen=True)
class Row:
    system: str
    lang: str  # a language or "semua"
    n: int
    hit1: float
    hit3: float


@dataclass(frozen=True)
class Report:
    rows: tuple[Row, ...]
    no_answer: dict[str, float]  # share of unanswerable questions refused, per system
    n_unanswerable: int
    misses: tuple[tuple[str, str, tuple[str, ...]], ...]  # (system, question, cited) at k=3
    answered_unanswerable: tuple[tuple[str, str], ...] = ()  # (system, question)

    def row(self, system: str, lang: str = "semua") -> Row:
        return next(r for r in self.rows if r.system == system and r.lang == lang)


def evaluate(
    assistant: RegulationAnswerer,
    eval_set: EvalSet,
    systems: Sequence[str] = SYSTEMS,
    progress: Callable[[int], None] | None = None,
) -> Report:
    rows: list[Row] = []
    misses: list[tuple[str, str, tuple[str, ...]]] = []
    wrongly: list[tuple[str, str]] = []
    no_answer: dict[str, float] = {}
    for system in systems:
        results: list[tuple[str, bool, bool]] = []
        for item in eval_set.answerable:
            ids = cited_ids(assistant, item.q, system)
            expect = set(item.expect)
            h1 = bool(ids[:1]) and ids[0] in expect
            h3 = bool(expect.intersection(ids[:3]))
            if not h3:
                misses.append((system, item.q, tuple(ids[:3])))
            results.append((item.lang, h1, h3))
            if progress:
                progress(1)
        for lang in (*LANGS, "semua"):
            chosen = [r for r in results if lang == "semua" or r[0] == lang]
            n = len(chosen)
            rows.append(
                Row(
                    system=system,
                    lang=lang,
                    n=n,
                    hit1=sum(r[1] for r in chosen) / n if n else 0.0,
                    hit3=sum(r[2] for r in chosen) / n if n else 0.0,
                )
            )
        refused = [not answered(assistant, u.q, system) for u in eval_set.unanswerable]
        wrongly.extend(
            (system, u.q) for u, ok in zip(eval_set.unanswerable, refused, strict=True) if not ok
        )
        no_answer[system] = sum(refused) / len(refused) if refused else 0.0
        if progress:
            progress(len(eval_set.unanswerable))
    return Report(
        rows=tuple(rows),
        no_answer=no_answer,
        n_unanswerable=len(eval_set.unanswerable),
        misses=tuple(misses),
        answered_unanswerable=tuple(wrongly),
    )


def markdown_table(report: Report) -> str:
    systems = list(dict.fromkeys(r.system for r in report.rows))
    lines = [
        "| Retriever | Bahasa | n | hit@1 | hit@3 | tidak ditemukan (tak terjawab) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for system in systems:
        for lang in (*LANGS, "semua"):
            r = report.row(system, lang)
            refusal = (
                f"{report.no_answer[system]:.2f} (n={report.n_unanswerable})"
                if lang == "semua"
                else ""
            )
            lines.append(
                f"| {SYSTEM_LABEL[system]} | {lang} | {r.n} | {r.hit1:.2f} | {r.hit3:.2f} "
                f"| {refusal} |"
            )
    return "\n".join(lines)
