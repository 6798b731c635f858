"""Matched evidence: the lines of a profile text that share the most terms with the need."""

from __future__ import annotations

from retrieval.people.profile_bm25 import tokenize


def evidence(profile_text: str, query: str, *, limit: int = 2, width: int = 160) -> list[str]:
    wanted = set(tokenize(query))
    scored = []
    for n, line in enumerate(profile_text.splitlines()):
        overlap = len(wanted & set(tokenize(line)))
        if overlap:
            scored.append((-overlap, n, line))
    scored.sort()
    out = []
    for _, _, line in scored[:limit]:
        out.append(line if len(line) <= width else line[: width - 1].rstrip() + "…")
    return out
