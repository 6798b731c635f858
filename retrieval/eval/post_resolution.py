"""Accuracy of post resolution on a list of phrasings (``talenta eval posts``).

Each phrasing names an agency (kode), the text a PPK types and the intended position (its kode
in that agency). A phrasing is right when the text resolves to that position; one marked
``ambiguous`` is also right when the position is among the choices offered. The lists for
tuning are ``tests/retrieval/people/posts-dev.yaml`` and ``posts-dev-2.yaml``; the held-out list
(``retrieval/eval/data/posts-heldout.yaml``) is read only here, to report, never to tune.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Instansi, Jabatan
from retrieval.people.positions import resolve_position

HELDOUT = Path(__file__).resolve().parent / "data" / "posts-heldout.yaml"
_DEV_DIR = Path(__file__).resolve().parents[2] / "tests" / "retrieval" / "people"
# The hand-written dev list and the second one written blind from a catalogue only.
DEV = tuple(_DEV_DIR / f"posts-dev{n}.yaml" for n in ("", "-2", "-3"))


@dataclass(frozen=True)
class PostOutcome:
    text: str
    kind: str
    right: bool
    matched: bool  # resolved to one post (not a choice list)
    offered: bool  # the intended post was the match or among the choices


@dataclass(frozen=True)
class PostReport:
    outcomes: list[PostOutcome]
    p95_ms: float

    @property
    def accuracy(self) -> float:
        return sum(o.right for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def by_kind(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for o in self.outcomes:
            out[o.kind][0] += o.right
            out[o.kind][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}


def evaluate_posts(
    engine: Engine, *, dev: bool = False, min_score: float = 70.0, margin: float = 6.0
) -> PostReport:
    """On the held-out list, or the dev lists with ``dev``; ``engine`` holds the sample data."""
    paths = DEV if dev else (HELDOUT,)
    items = [it for path in paths for it in yaml.safe_load(path.read_text(encoding="utf-8"))]
    outcomes: list[PostOutcome] = []
    times: list[float] = []
    with Session(engine) as s:
        agencies = {i.kode: i.id or 0 for i in s.exec(select(Instansi)).all()}
        for it in items:
            inst = agencies[it["instansi"]]
            want = s.exec(
                select(Jabatan.id).where(
                    col(Jabatan.instansi_id) == inst, col(Jabatan.kode) == it["expect"]
                )
            ).one()
            start = time.perf_counter()
            r = resolve_position(s, it["text"], scope={inst}, min_score=min_score, margin=margin)
            times.append((time.perf_counter() - start) * 1000)
            matched = r.match is not None and r.match.jabatan_id == want
            offered = matched or want in {c.jabatan_id for c in r.choices}
            right = matched or (bool(it.get("ambiguous")) and offered)
            outcomes.append(PostOutcome(it["text"], it.get("kind", "-"), right, matched, offered))
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0
    return PostReport(outcomes, p95)
