"""Question files of regulation answers: ``{q, expect, register}`` rows.

``expect`` lists provisions as ``"<regulation id>#<provision key>"`` (``seluruh`` = the whole
regulation); an empty list means the question must be declined. This module knows the fit
file only; the held-out file is named by :mod:`retrieval.eval.regulation_heldout` alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
FIT_FILE = DATA_DIR / "regulations-fit.yaml"
REGISTERS = ("formal", "casual", "english", "situation")


@dataclass(frozen=True)
class Question:
    q: str
    expect: tuple[str, ...]  # provision ids; () = to be declined
    register: str

    @property
    def answerable(self) -> bool:
        return bool(self.expect)


def provision_id(expected: str) -> str:
    """``"pp-11-2017#pasal-239"`` → ``"pp-11-2017:pasal-239"``; ``"x#seluruh"`` → ``"x"``."""
    regulation, _, key = expected.partition("#")
    return regulation if key in ("", "seluruh") else f"{regulation}:{key}"


def load_questions(path: Path) -> list[Question]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out: list[Question] = []
    for n, row in enumerate(rows, start=1):
        register = str(row.get("register", ""))
        if register not in REGISTERS or not str(row.get("q", "")).strip():
            raise ValueError(f"{path.name}: baris pertanyaan ke-{n}: q/register tidak sah")
        expect = tuple(provision_id(str(e)) for e in row.get("expect") or [])
        out.append(Question(q=str(row["q"]), expect=expect, register=register))
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
