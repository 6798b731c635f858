"""Profile documents: render, chunk to the encoder's limit, and pool into one vector.

Pooling choice: **mean of the chunk vectors, re-normalised**, one vector per employee. It keeps
FAISS ids equal to employee primary keys (so the eligibility id selector and removals work on
plain ids), and a profile rarely needs more than two chunks, so the mean loses little. Chunks
are weighted by their word count, so a short tail chunk does not outweigh the main one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from db.reference import JENIS_JABATAN_LABEL, JenisJabatan
from retrieval.encoders.base import Encoder
from retrieval.people.merit_values import KINERJA_RANK
from retrieval.people.profile_data import ProfileRecord

# The bundled MiniLM tokenizer splits Indonesian words into ~2 word pieces on average.
TOKENS_PER_WORD = 2.0
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class ProfileDoc:
    pegawai_id: int
    instansi_id: int
    versi: int
    text: str


def _jenis(value: str | None) -> str:
    if value is None:
        return "jabatan"
    try:
        return JENIS_JABATAN_LABEL[JenisJabatan(value)]
    except ValueError:
        return value


def _tren(kinerja: list[tuple[int, str]]) -> str:
    if len(kinerja) < 2:
        return "baru satu tahun dinilai"
    before, last = (KINERJA_RANK.get(k[1], 0) for k in kinerja[-2:])
    if last > before:
        return "tren membaik"
    if last < before:
        return "tren menurun"
    return "tren stabil"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # plain text for the encoder; never rendered as HTML
        keep_trailing_newline=False,
    )
    env.globals.update(jenis=_jenis, tren=_tren)
    return env


def render_profile(record: ProfileRecord) -> str:
    text = _environment().get_template("profil.txt.j2").render(p=record)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def profile_docs(records: Sequence[ProfileRecord]) -> list[ProfileDoc]:
    return [ProfileDoc(r.pegawai_id, r.instansi_id, r.versi, render_profile(r)) for r in records]


def word_budget(max_tokens: int) -> int:
    # Leave room for the [CLS]/[SEP] tokens and a safety margin for long words.
    return max(16, int((max_tokens - 8) / TOKENS_PER_WORD))


def chunk_text(text: str, max_words: int) -> list[str]:
    """Split on line boundaries into chunks of at most ``max_words`` words.

    A single line longer than the budget is cut on word boundaries.
    """
    chunks: list[str] = []
    current: list[str] = []
    count = 0
    for line in text.splitlines():
        words = _WORD.findall(line)
        while len(words) > max_words:
            if current:
                chunks.append("\n".join(current))
                current, count = [], 0
            chunks.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if not words:
            continue
        if count + len(words) > max_words and current:
            chunks.append("\n".join(current))
            current, count = [], 0
        current.append(" ".join(words))
        count += len(words)
    if current:
        chunks.append("\n".join(current))
    return chunks or [""]


def encode_documents(
    encoder: Encoder, texts: Sequence[str], *, show_progress: bool = False
) -> np.ndarray:
    """One L2-normalised vector per text: word-weighted mean of its chunk vectors."""
    budget = word_budget(encoder.max_tokens)
    pieces: list[str] = []
    owner: list[int] = []
    weight: list[float] = []
    for i, text in enumerate(texts):
        for chunk in chunk_text(text, budget):
            pieces.append(chunk)
            owner.append(i)
            weight.append(max(1, len(_WORD.findall(chunk))))
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    if not pieces:
        return out
    vectors = encoder.encode(pieces, show_progress=show_progress)
    np.add.at(out, np.asarray(owner), vectors * np.asarray(weight, dtype=np.float32)[:, None])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(out / norms, dtype=np.float32)
