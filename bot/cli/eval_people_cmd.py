"""`talenta eval posts` and `talenta eval needs`: post resolution and needs in everyday words."""

from __future__ import annotations

import typer
from rich.table import Table

from bot.cli.common import fail, out, runtime


def register(eval_app: typer.Typer) -> None:
    eval_app.command("posts")(posts)


def posts(
    dev: bool = typer.Option(
        False, "--dev", help="Set dev (tests/retrieval/people/posts-dev.yaml) alih-alih held-out"
    ),
    misses: bool = typer.Option(False, "--misses", help="Tampilkan frasa yang salah (hanya --dev)"),
) -> None:
    """Akurasi pengenalan jabatan dari frasa PPK, pada data contoh (var/talenta.db)."""
    from retrieval.eval.post_resolution import evaluate_posts

    rt = runtime()
    st = rt.settings.search
    try:
        report = evaluate_posts(
            rt.engine, dev=dev, min_score=st.position_min_score, margin=st.position_margin
        )
    except FileNotFoundError as exc:
        raise fail(f"Berkas frasa tidak ditemukan: {exc.filename}") from None
    table = Table(title=f"Pengenalan jabatan ({'dev' if dev else 'held-out'})")
    for c in ("Jenis frasa", "Benar", "Jumlah"):
        table.add_column(c)
    for kind, (right, n) in report.by_kind().items():
        table.add_row(kind, str(right), str(n))
    out.print(table)
    out.print(
        f"Akurasi {report.accuracy:.3f} dari {len(report.outcomes)} frasa; "
        f"p95 {report.p95_ms:.0f} ms per frasa."
    )
    if misses and dev:
        for o in report.outcomes:
            if not o.right:
                out.print(f"  salah: {o.text}", markup=False)
