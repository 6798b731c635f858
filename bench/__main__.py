"""Run every benchmark module (``bench/*_bench.py``) and print its table.

python -m bench                  # all benchmarks with their defaults
python -m bench import           # only bench/import_bench.py
python -m bench.import_bench --pegawai 10000
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("*_bench.py"))
    wanted = [n for n in names if not argv or any(n.startswith(a) for a in argv)]
    for name in wanted:
        module = importlib.import_module(f"bench.{name}")
        # Each benchmark parses its own options; run it with its defaults.
        sys.argv = [f"bench.{name}"]
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
