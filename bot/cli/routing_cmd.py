"""`talenta eval routing`: the intent router on the held-out set (or dev), and its thresholds."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from bot.cli.common import out
from db.clock import now_wib

if TYPE_CHECKING:
    from bot.router.evaluation import Evaluation


# Column heads of the confusion matrix, in the order of ``Intent`` (it fits 80 columns).
ABBREVIATIONS = ("sp", "sn", "pe", "pr", "op", "tp", "co", "re", "rc", "ah", "he", "lo", "oo")


def register(eval_app: typer.Typer) -> None:
    eval_app.command("routing")(routing)


def routing(
    dev: bool = typer.Option(
        False, "--dev", help="Nilai pada set dev (router dilatih dari set latih saja)"
    ),
    fit_thresholds: bool = typer.Option(
        False,
        "--fit-thresholds",
        help="Sesuaikan ambang pertanyaan balik pada set dev dan simpan ke data router",
    ),
    heldout_set: int | None = typer.Option(
        None,
        "--set",
        help="Nomor set held-out (bawaan: yang terbaru, yang paling jarang diukur)",
    ),
    misses: bool = typer.Option(
        False, "--misses", help="Tampilkan pesan dev yang salah (hanya bersama --dev)"
    ),
) -> None:
    """Melatih ulang router intent dan melaporkan akurasinya (bawaan: set held-out)."""
    # Imported here: scikit-learn and the data load only when this command runs.
    from bot.router import calibration, evaluation

    if fit_thresholds:
        fitted = calibration.calibrate()
        calibration.save(fitted.thresholds)
        th = fitted.thresholds
        out.print(
            f"Ambang disimpan: confident={th.confident}, margin={th.margin}, fit={th.fit} "
            f"(dev: akurasi {fitted.report.accuracy:.3f}, "
            f"pertanyaan balik {fitted.report.ask_rate:.1%})"
        )
        if not dev:
            return
    if heldout_set is not None and heldout_set not in evaluation.HELDOUT_SETS:
        known = ", ".join(map(str, sorted(evaluation.HELDOUT_SETS)))
        out.print(f"Set held-out {heldout_set} tidak ada (yang ada: {known}).")
        raise typer.Exit(2)
    number = evaluation.LATEST_SET if heldout_set is None else heldout_set
    result = evaluation.evaluate_dev() if dev else evaluation.evaluate_heldout(number)
    _print(result, now_wib())
    if misses and dev:
        for example, routed in result.report.misses:
            readings = "/".join(i.value for i in routed.readings)
            gold, role = example.intent.value, example.role.value
            out.print(f"  {gold} → {readings} [{role}] {example.text}", markup=False)


def _print(result: Evaluation, when: datetime) -> None:
    from bot.router.evaluation import GOAL_ACCURACY, GOAL_ASK_RATE, GOAL_INTENT_ACCURACY
    from bot.router.intents import Intent

    r = result.report
    th = result.thresholds
    out.print(
        f"Router intent, set {result.name}: {r.total} pesan, dilatih dari {result.trained_on} "
        f"pesan, {when:%Y-%m-%d %H:%M} WIB"
    )
    out.print(f"Ambang: confident={th.confident}, margin={th.margin}, fit={th.fit}")
    out.print(
        f"Akurasi {r.accuracy:.3f} (target ≥ {GOAL_ACCURACY}); pertanyaan balik {r.ask_rate:.1%} "
        f"(target ≤ {GOAL_ASK_RATE:.0%}), benar di antara tombolnya {r.asked_right}/{r.asked}"
    )
    per_intent = Table(title="Per intent")
    for col in ("Intent", "Pesan", "Benar", "Akurasi", f"≥ {GOAL_INTENT_ACCURACY}"):
        per_intent.add_column(col)
    for intent in Intent:
        n = r.by_intent[intent]
        acc = r.intent_accuracy(intent)
        mark = "ya" if acc >= GOAL_INTENT_ACCURACY else "TIDAK"
        per_intent.add_row(intent.value, str(n), str(r.right_by_intent[intent]), f"{acc:.3f}", mark)
    out.print(per_intent)
    per_role = Table(title="Per peran")
    for col in ("Peran", "Pesan", "Akurasi"):
        per_role.add_column(col)
    for role in sorted(r.by_role, key=lambda x: x.value):
        per_role.add_row(role.value, str(r.by_role[role]), f"{r.role_accuracy(role):.3f}")
    out.print(per_role)
    short = dict(zip(Intent, ABBREVIATIONS, strict=True))
    out.print("Singkatan: " + ", ".join(f"{a} = {i.value}" for i, a in short.items()))
    confusion = Table(title="Matriks kebingungan (baris: label, kolom: hasil router)")
    confusion.add_column("")
    for i in Intent:
        confusion.add_column(short[i], justify="right")
    for gold in Intent:
        cells = [str(r.confusion[(gold, got)] or ".") for got in Intent]
        confusion.add_row(short[gold], *cells)
    out.print(confusion)
    out.print("Semua target tercapai." if result.goals_met() else "Belum semua target tercapai.")
