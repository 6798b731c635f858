"""Split Telegram HTML at the 4,096-character limit without breaking tags or entities.

Prefer paragraph breaks, then line breaks, then spaces; a tag open at a cut is closed at the
end of one part and reopened at the start of the next. The raw HTML length is counted, which
is never less than what Telegram counts after parsing, so every part is accepted.
"""

from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z0-9-]+)[^>]*>")


def _tokens(html: str) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(html):
        if tok.startswith(("<", "&")):
            out.append(tok)
        else:
            # Text is split into words so a cut can fall on a space.
            out.extend(re.findall(r"\S+\s*|\s+", tok))
    return out


def split_html(html: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    if len(html) <= limit:
        return [html]
    parts: list[str] = []
    for para in _paragraphs(html, limit):
        if parts and len(parts[-1]) + 2 + len(para) <= limit:
            parts[-1] = parts[-1] + "\n\n" + para
        else:
            parts.append(para)
    return parts


def _paragraphs(html: str, limit: int) -> list[str]:
    out: list[str] = []
    for para in html.split("\n\n"):
        out.extend([para] if len(para) <= limit else _split_tokens(para, limit))
    return out


def _split_tokens(html: str, limit: int) -> list[str]:
    parts: list[str] = []
    stack: list[tuple[str, str]] = []  # (name, opening tag)
    current = ""

    def closing() -> str:
        return "".join(f"</{name}>" for name, _ in reversed(stack))

    for tok in _tokens(html):
        pieces = [tok]
        budget = limit - len(closing()) - len("".join(t for _, t in stack))
        if len(tok) > budget and not tok.startswith(("<", "&")):
            pieces = [tok[i : i + budget // 2] for i in range(0, len(tok), budget // 2)]
        for piece in pieces:
            if len(current) + len(piece) + len(closing()) > limit and current.strip():
                parts.append(current + closing())
                current = "".join(t for _, t in stack)
            current += piece
            m = _TAG.fullmatch(piece)
            if m:
                name = m.group(2).lower()
                if m.group(1):
                    if stack and stack[-1][0] == name:
                        stack.pop()
                else:
                    stack.append((name, piece))
    if current.strip():
        parts.append(current + closing())
    return parts
