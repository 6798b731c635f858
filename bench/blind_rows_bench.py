"""Blind rows that single someone out, before and after the blind-row rule.

For every agency of the sample data (``var/talenta.db``: seed 7, 5,000 employees) and a spread
of its positions (administrator, pengawas, fungsional), the search's first page of candidates
(5 rows) is taken as a blind list. A row is counted

- *before*: by what blind rows showed until now (post title + unit + golongan);
- *after*: by what ``knowledge/rules/blind.py`` lets them show (golongan / kind of post /
  official nine-box, coarsened list by list);

as *unique* when no other member of the position's eligible pool shares its combination, and
as *under k* when fewer than ``blind.k_min`` (5) do. Goal after: 0 and 0.

Run: ``python -m bench.blind_rows_bench [--per-kind N]`` (loads the configured encoder and the
index of ``var/``; a few seconds per agency).
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass

from rich.console import Console
from sqlmodel import Session, col, select

from bot.config.settings import load_settings
from bot.ports.pool_facts import blind_view, to_blind_facts
from db.engine import make_engine
from db.models import Instansi, Jabatan
from db.queries.people import placed
from db.queries.pool import pool_facts
from knowledge.rules.blind import LADDER, k_min, shown
from retrieval.encoders.factory import build_encoder
from retrieval.people.service import SearchService

KINDS = ("administrator", "pengawas", "fungsional")
PAGE = 5


@dataclass
class Tally:
    rows: int = 0
    unique_before: int = 0
    under_k_before: int = 0
    unique_after: int = 0
    under_k_after: int = 0
    lists: int = 0
    code_only: int = 0  # lists whose pool is smaller than k: nothing but the code shown

    def line(self, label: str) -> str:
        n = max(1, self.rows)
        return (
            f"{label}: {self.rows} baris dari {self.lists} daftar; unik sebelum "
            f"{self.unique_before} ({self.unique_before / n:.1%}), < k sebelum "
            f"{self.under_k_before} ({self.under_k_before / n:.1%}); unik sesudah "
            f"{self.unique_after} ({self.unique_after / n:.1%}), < k sesudah "
            f"{self.under_k_after} ({self.under_k_after / n:.1%}); daftar hanya kode "
            f"{self.code_only}"
        )


def _positions(s: Session, instansi_id: int, per_kind: int) -> list[int]:
    out: list[int] = []
    for kind in KINDS:
        ids = [
            int(i)
            for i in s.execute(
                select(Jabatan.id)
                .where(col(Jabatan.instansi_id) == instansi_id, col(Jabatan.jenis) == kind)
                .order_by(col(Jabatan.id))
            ).scalars()
        ]
        if ids:
            step = max(1, len(ids) // per_kind)
            out += ids[::step][:per_kind]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=3, help="positions per kind and agency")
    args = ap.parse_args(argv)
    settings = load_settings()
    engine = make_engine(settings.database)
    encoder = build_encoder(settings.encoder)
    svc = SearchService(
        engine,
        encoder,
        settings.search.model_copy(update={"warm_up": False}),
        merit=settings.merit,
    )
    svc.start()
    k = k_min()
    total = Tally()
    console = Console(width=200)
    levels: Counter[int] = Counter()
    with Session(engine) as s:
        agencies = [(int(i.id or 0), i.kode) for i in s.exec(select(Instansi)).all()]
        for instansi_id, kode in sorted(agencies):
            scope = frozenset({instansi_id})
            facts = pool_facts(session=s, scope=scope)
            tally = Tally()
            for jid in _positions(s, instansi_id, args.per_kind):
                result = svc.for_position(jid, scope=scope, limit=PAGE)
                ids = [c.pegawai_id for c in result.candidates[:PAGE]]
                if not ids:
                    continue
                pool = sorted(result.pool_ids)
                who = placed(session=s, pegawai_ids=[*pool, *ids])
                before = Counter(
                    (who[p].jabatan, who[p].unit, who[p].pegawai.golongan) for p in pool if p in who
                )
                view = blind_view(s, scope, ids, pool)
                level = LADDER[view.level]
                after = Counter(shown(to_blind_facts(facts.get(p)), level) for p in pool)
                tally.lists += 1
                levels[view.level] += 1
                tally.code_only += view.nothing_shown and len(pool) < k
                for pid, row in zip(ids, view.rows, strict=True):
                    w = who[pid]
                    b = before[(w.jabatan, w.unit, w.pegawai.golongan)]
                    tally.rows += 1
                    tally.unique_before += b <= 1
                    tally.under_k_before += b < k
                    if view.nothing_shown:
                        continue  # the empty combination: nothing about the person is shown
                    tally.unique_after += after[row] <= 1
                    tally.under_k_after += after[row] < k
            if tally.rows:
                console.print(tally.line(kode))
                for name in vars(total):
                    setattr(total, name, getattr(total, name) + getattr(tally, name))
    console.print(total.line("SEMUA"))
    console.print(
        "Tingkat yang dipilih (0 = paling rinci): "
        + ", ".join(f"{i}: {levels[i]} daftar" for i in range(len(LADDER)))
    )
    engine.dispose()


if __name__ == "__main__":
    main()
