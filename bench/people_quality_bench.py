"""Quality of candidate search in the words a PPK types.

- post resolution accuracy on the list of post phrasings kept for reporting (195 phrasings
  over BTH, PROV, KJB, MRG of the sample data ``var/talenta.db``: seed 7, 5,000 employees);
  an ambiguous phrasing is right when the intended post is among the buttons; goal >= 0.95;
- hit@3 of the needs in everyday words against planted people, before and after the
  vocabulary of government work (``talenta eval needs``; goal >= 0.80 after);
- top-three slots of structural posts held by people of an unrelated field, with the field
  gate off and on, and how many of them outrank someone of the right field (goal 0;
  ``talenta eval lookalikes``).

Run: ``python -m bench.people_quality_bench [--skip-needs]``. The needs part generates and
encodes a dataset (minutes with the bundled model).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from bench.measure import load_average
from bot.config.settings import load_settings
from db.engine import make_engine
from retrieval.eval.lookalikes import evaluate_lookalikes
from retrieval.eval.needs_quality import evaluate_needs
from retrieval.eval.post_resolution import evaluate_posts
from retrieval.eval.search_quality import make_encoder


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-needs", action="store_true", help="only post resolution")
    args = ap.parse_args(argv)
    settings = load_settings()
    console = Console()
    engine = make_engine(settings.database)
    st = settings.search
    posts = evaluate_posts(engine, min_score=st.position_min_score, margin=st.position_margin)
    engine.dispose()
    kinds = ", ".join(f"{k} {r}/{n}" for k, (r, n) in posts.by_kind().items())
    console.print(
        f"Pengenalan jabatan: akurasi {posts.accuracy:.3f} dari {len(posts.outcomes)} frasa "
        f"(target ≥ 0,95); p95 {posts.p95_ms:.0f} ms; {kinds}; beban {load_average()}"
    )
    if args.skip_needs:
        return
    encoder = make_encoder(settings.encoder.backend, settings.encoder)
    workdir = Path(settings.app.data_dir) / "eval"
    needs = evaluate_needs(encoder, st, workdir=workdir)
    console.print(
        f"Kebutuhan sehari-hari: hit@3 {needs.before:.3f} sebelum, {needs.after:.3f} sesudah "
        f"kosakata (target ≥ 0,80); {needs.needs} kebutuhan, {needs.planted} pegawai tertanam "
        f"di antara {needs.pegawai} pegawai sintetis"
    )
    if (judged := needs.judged_line()) is not None:
        console.print(f"Kebutuhan sehari-hari, {judged}")
    look = evaluate_lookalikes(encoder, st, workdir=workdir)
    for label, g in (("tanpa", look.before), ("dengan", look.after)):
        console.print(
            f"Bidang lain di tiga besar ({look.posts} jabatan struktural, {label} gerbang "
            f"bidang): {g.other_field}/{g.slots} ({g.other_share:.3f}); mendahului orang "
            f"sebidang/serumpun {g.displacing} (target 0)"
        )


if __name__ == "__main__":
    main()
