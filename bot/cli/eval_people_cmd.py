"""`talenta eval posts`, `talenta eval needs` and `talenta eval lookalikes`: post resolution,
needs in everyday words, and people of another field in the top three."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from bot.cli.common import fail, out, runtime


def register(eval_app: typer.Typer) -> None:
    eval_app.command("posts")(posts)
    eval_app.command("needs")(needs)
    eval_app.command("lookalikes")(lookalikes)


def lookalikes(
    pegawai: int = typer.Option(5000, "--pegawai", help="Jumlah pegawai data sintetis"),
    seed: int = typer.Option(7, "--seed"),
    encoder: str = typer.Option("bundled", "--encoder", help="bundled | hashing | …"),
    agencies: int = typer.Option(3, "--instansi", help="Jumlah instansi yang dicoba"),
    per_agency: int = typer.Option(10, "--jabatan", help="Jabatan per instansi"),
) -> None:
    """Porsi tiga besar yang diisi orang dari bidang lain, tanpa dan dengan gerbang bidang."""
    from retrieval.eval.lookalikes import evaluate_lookalikes
    from retrieval.eval.search_quality import make_encoder

    rt = runtime()
    r = evaluate_lookalikes(
        make_encoder(encoder, rt.settings.encoder),
        rt.settings.search,
        workdir=Path(rt.settings.app.data_dir) / "eval",
        pegawai=pegawai,
        seed=seed,
        agencies=agencies,
        per_agency=per_agency,
    )
    out.print(
        f"{r.posts} jabatan struktural, {r.pegawai} pegawai sintetis (seed {seed}), "
        f"encoder {encoder}:"
    )
    for label, g in (("tanpa gerbang bidang", r.before), ("dengan gerbang bidang", r.after)):
        out.print(
            f"  {label}: bidang lain {g.other_field}/{g.slots} slot tiga besar "
            f"({g.other_share:.3f}), mendahului orang sebidang/serumpun {g.displacing}"
        )


def needs(
    dev: bool = typer.Option(False, "--dev", help="Set dev buatan sendiri alih-alih held-out"),
    pegawai: int = typer.Option(5000, "--pegawai", help="Jumlah pegawai data sintetis"),
    seed: int = typer.Option(7, "--seed"),
    encoder: str = typer.Option("bundled", "--encoder", help="bundled | hashing | …"),
    verbose: bool = typer.Option(
        False, "--verbose", help="Per kebutuhan: hit, bacaan kosakata, tiga teratas (hanya --dev)"
    ),
) -> None:
    """Hit@3 kebutuhan berbahasa sehari-hari, sebelum dan sesudah kosakata pekerjaan."""
    if verbose and not dev:
        raise fail("--verbose hanya untuk --dev: kebutuhan held-out tidak dibaca per butir")
    from retrieval.eval.needs_judgments import StaleJudgments
    from retrieval.eval.needs_quality import evaluate_needs
    from retrieval.eval.search_quality import make_encoder

    rt = runtime()
    try:
        report = evaluate_needs(
            make_encoder(encoder, rt.settings.encoder),
            rt.settings.search,
            workdir=Path(rt.settings.app.data_dir) / "eval",
            pegawai=pegawai,
            seed=seed,
            dev=dev,
        )
    except StaleJudgments as exc:
        raise fail(str(exc)) from None
    out.print(
        f"{report.needs} kebutuhan, {report.planted} pegawai tertanam di antara {report.pegawai} "
        f"pegawai sintetis (seed {seed}), encoder {encoder}:\n"
        f"  hit@3 sebelum kosakata {report.before:.3f}\n"
        f"  hit@3 sesudah kosakata {report.after:.3f}"
    )
    if (judged := report.judged_line()) is not None:
        out.print(f"  {judged}")
    if verbose:
        for d in report.details:
            mark = f"{'+' if d.hit_before else '-'}{'+' if d.hit_after else '-'}"
            out.print(
                f"{mark} {d.need} [harap {', '.join(d.expect)}] "
                f"dibaca {', '.join(d.reading) or '-'}",
                markup=False,
            )
            for t in d.top3:
                out.print(f"     {t}", markup=False)


def posts(
    dev: bool = typer.Option(
        False, "--dev", help="Set dev (tests/retrieval/people/posts-dev*.yaml) alih-alih held-out"
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
