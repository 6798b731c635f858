"""Profile documents: render, chunk to the encoder's window, and pool into one vector.

Chunks are cut by the encoder's own token counts (:meth:`Encoder.token_counts`), so no chunk is
longer than the model's window and nothing is silently truncated: Indonesian profile lines take
2 to 3.5 word pieces per word in the bundled MiniLM tokenizer (dates, codes and affixes split),
so a fixed words-per-token estimate let two chunks in three run past 256 tokens.

Pooling choice: **mean of the chunk vectors, re-normalised**, one vector per employee. It keeps
FAISS ids equal to employee primary keys (so the eligibility id selector and removals work on
plain ids), and a profile rarely needs more than two chunks, so the mean loses little. Chunks
are weighted by their word count, so a short tail chunk does not outweigh the main one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from db.reference import JENIS_JABATAN_LABEL, JenisJabatan
from retrieval.encoders.base import Encoder, word_counts
from retrieval.people.merit_values import KINERJA_RANK
from retrieval.people.profile_data import ProfileRecord

# Tokens of a model window kept free for the special tokens and prefixes an encoder adds
# ([CLS]/[SEP] for MiniLM; "passage: " and specials for e5).
RESERVED_TOKENS = 8
_WORD = re.compile(r"\S+")

TokenCounter = Callable[[Sequence[str]], list[int]]


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


def chunk_budget(max_tokens: int) -> int:
    """Tokens of text a chunk may hold in a window of ``max_tokens``."""
    return max(16, max_tokens - RESERVED_TOKENS)


def chunk_texts(
    texts: Sequence[str], budget: int, count: TokenCounter = word_counts
) -> list[list[str]]:
    """Each text split on line boundaries into chunks of at most ``budget`` tokens as
    ``count`` measures them. A line longer than the budget is cut between words, and its pieces
    start chunks of their own. The lines of all texts are counted in one call (a tokenizer is
    much faster on a batch)."""
    lines = [[line for line in text.splitlines() if line.strip()] for text in texts]
    flat = [line for text_lines in lines for line in text_lines]
    sizes = count(flat) if flat else []  # a tokenizer may refuse an empty batch
    if len(sizes) != len(flat):
        raise ValueError(f"token counter returned {len(sizes)} counts for {len(flat)} lines")
    counts = iter(sizes)
    out: list[list[str]] = []
    for text_lines in lines:
        parts: list[tuple[str, int, bool]] = []
        for line in text_lines:
            size = next(counts)
            if size <= budget:
                parts.append((line, size, False))
            else:
                words = _WORD.findall(line)
                sized = zip(words, count(words), [False] * len(words), strict=True)
                pieces = _pack(sized, budget, " ")
                parts += [(piece, used, True) for piece, used in pieces]
        out.append([chunk for chunk, _ in _pack(parts, budget, "\n")] or [""])
    return out


def _pack(parts: Iterable[tuple[str, int, bool]], budget: int, sep: str) -> list[tuple[str, int]]:
    """``(text, tokens, starts_new)`` parts joined by ``sep`` into greedy groups of at most
    ``budget`` tokens (a part larger than that is a group alone, and the encoder truncates it);
    a part with ``starts_new`` begins a group. Returns ``(group, tokens)``."""
    groups: list[tuple[str, int]] = []
    current: list[str] = []
    used = 0
    for text, size, starts_new in parts:
        if current and (starts_new or used + size > budget):
            groups.append((sep.join(current), used))
            current, used = [], 0
        current.append(text)
        used += size
    if current:
        groups.append((sep.join(current), used))
    return groups


def chunk_text(text: str, budget: int, count: TokenCounter = word_counts) -> list[str]:
    """:func:`chunk_texts` for one text."""
    return chunk_texts([text], budget, count)[0]


def encode_documents(
    encoder: Encoder, texts: Sequence[str], *, show_progress: bool = False
) -> np.ndarray:
    """One L2-normalised vector per text: word-weighted mean of its chunk vectors."""
    budget = chunk_budget(encoder.max_tokens)
    pieces: list[str] = []
    owner: list[int] = []
    weight: list[float] = []
    for i, chunks in enumerate(chunk_texts(texts, budget, encoder.token_counts)):
        for chunk in chunks:
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
