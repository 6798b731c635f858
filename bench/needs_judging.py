"""Pool the held-out needs for blind relevance judging, and record the judges' answers.

    python -m bench.needs_judging pool --out DIR [--encoder bundled --encoder hashing ...]
    python -m bench.needs_judging record --pool DIR --judged answers-1.yaml ...

``pool`` writes the judges' packets (``DIR/packet-<n>.md``: need, agency and shuffled records
without names, ids or ranks) and ``DIR/handles.json`` (kept from the judges); give each judge
a packet and the rules, and nothing else. ``record`` writes the judgments file
(``retrieval.eval.needs_judgments.JUDGMENTS``) from their answers. The pool is built with
the search settings of ``config.yaml``. See retrieval/eval/needs_pooling.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config.settings import load_settings
from retrieval.eval.needs_judgments import JUDGMENTS
from retrieval.eval.needs_pooling import record, write_pool


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.needs_judging")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pool", help="write the judges' packets")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--encoder", action="append", default=None)
    p.add_argument("--depth", type=int, default=5)
    p.add_argument("--pegawai", type=int, default=5000)
    p.add_argument("--seed", type=int, default=7)
    r = sub.add_parser("record", help="write the judgments file from the judges' answers")
    r.add_argument("--pool", type=Path, required=True)
    r.add_argument("--judged", type=Path, action="append", required=True)
    args = parser.parse_args(argv)
    if args.cmd == "pool":
        settings = load_settings()
        n = write_pool(
            args.encoder or ["bundled", "hashing"],
            args.out,
            encoder_settings=settings.encoder,
            search_settings=settings.search,
            workdir=Path(settings.app.data_dir) / "eval",
            depth=args.depth,
            pegawai=args.pegawai,
            seed=args.seed,
        )
        print(f"{n} orang-kebutuhan untuk dinilai di {args.out}")
    else:
        record(args.pool, args.judged)
        print(f"ditulis: {JUDGMENTS}")


if __name__ == "__main__":
    main()
