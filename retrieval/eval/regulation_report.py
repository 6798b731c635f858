"""``python -m retrieval.eval.regulation_report``: print hit@1/hit@3 per retriever and language.

Runs with the bundled sentence-transformers model (offline) unless ``--encoder hashing``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.progress import Progress

from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.factory import build_encoder
from retrieval.eval.regulation_quality import SYSTEMS, evaluate, load_eval_set, markdown_table
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.settings import RegulationSearchSettings
from retrieval.settings import EncoderSettings

DEFAULT_EVAL = (
    Path(__file__).resolve().parents[2]
    / "tests"
    / "retrieval"
    / "regulations"
    / "eval_questions.yaml"
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--encoder", choices=("bundled", "hashing"), default="bundled")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list questions missed at k=3 and unanswerable ones answered",
    )
    args = parser.parse_args(argv)
    eval_set = load_eval_set(args.questions)
    assistant = RegulationAnswerer.build(
        load_corpus(),
        build_encoder(EncoderSettings(backend=args.encoder)),
        RegulationSearchSettings(cache=False),
        thresholds(),
    )
    total = len(SYSTEMS) * (len(eval_set.answerable) + len(eval_set.unanswerable))
    with Progress(transient=True) as bar:
        task = bar.add_task("Evaluasi", total=total)
        report = evaluate(assistant, eval_set, progress=lambda n: bar.advance(task, n))
    print(markdown_table(report))
    if args.misses:
        for system, question, cited in report.misses:
            print(f"- [{system}] {question} → {', '.join(cited) or '(tidak ditemukan)'}")
        for system, question in report.answered_unanswerable:
            print(f"- [{system}] tak terjawab, tetapi dijawab: {question}")


if __name__ == "__main__":
    main()
