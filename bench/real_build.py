"""A whole index build with the real encoder (`search_bench --real-build N`): measured, slow.

The main search benchmark uses synthetic document vectors so that 100,000 profiles can be
indexed in minutes; this part measures what a BKD operator actually waits for on
``talenta index build``: render + stem + BM25 + encode every profile + FAISS + the structural
positions' query vectors, end to end, on the same synthetic Jambi data.
"""

from __future__ import annotations

import shutil
import time

from rich.console import Console

from bench.measure import Row, load_average, peak_rss_mb
from db.engine import refresh_statistics
from retrieval.encoders.factory import build_encoder
from retrieval.eval.search_quality import prepare_data
from retrieval.people.store import IndexStore
from retrieval.settings import EncoderSettings, SearchSettings

console = Console()


def bench_real_build(n: int, encoder_settings: EncoderSettings) -> list[Row]:
    from bench.search_bench import WORK

    engine = prepare_data(WORK, pegawai=n, seed=3)
    refresh_statistics(engine)
    encoder = build_encoder(encoder_settings)
    directory = WORK / f"index-real-{encoder_settings.backend}-{n}"
    shutil.rmtree(directory, ignore_errors=True)
    store = IndexStore(directory, encoder, SearchSettings(index_dir=directory))
    load_before = load_average()
    t = time.perf_counter()
    built = store.build(engine, show_progress=True)
    seconds = time.perf_counter() - t
    profiles = sum(built.values())
    console.print(f"real build {n}: {seconds:.0f} s for {profiles} profiles")
    return [
        Row(
            f"index build, real encoder ({encoder.name}), measured",
            f"{seconds / 60:.1f} min ({profiles / seconds:.1f} profil/s)",
            f"{profiles:,} profiles + structural positions; load {load_before} → "
            f"{load_average()}; 100,000 at this rate ~{100_000 / (profiles / seconds) / 60:.0f} "
            "min (extrapolated)",
        ),
        Row("  memory (max RSS) after the real build", f"{peak_rss_mb():.0f} MB", ""),
    ]
