"""Templates escape untrusted text; long replies split at 4096 without breaking markup."""

from __future__ import annotations

import re
from pathlib import Path

from bot.chat.render import Renderer
from bot.doors.telegram_split import TELEGRAM_LIMIT, split_html
from bot.router.commands import COMMANDS

HOSTILE = '<b>&amp; "Budi" <script>'


def _balanced(part: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)(\w+)[^>]*>", part):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_hostile_names_are_escaped() -> None:
    html = Renderer().render(
        "candidates",
        query=HOSTILE,
        page=1,
        pages=1,
        total=1,
        as_of=None,
        items=[
            {
                "rank": 1,
                "nama": HOSTILE,
                "nip": "1980••••1001",
                "jabatan": "<i>",
                "golongan": None,
                "unit": "&",
                "score": 0.5,
                "reasons": ["<b>"],
            }
        ],
    )
    assert "<script>" not in html and "&lt;b&gt;&amp;amp;" in html
    assert _balanced(html)


def test_split_keeps_tags_and_entities_whole() -> None:
    names = "\n".join(f"<b>{i}. Nama &lt;b&gt;&amp; ke-{i}</b> " + "kata " * 30 for i in range(400))
    long_bold = "<b>" + ("panjang&amp;" * 900) + "</b>"
    for html in (names, long_bold, "<i>" + "x" * 9000 + "</i>"):
        parts = split_html(html)
        assert len(parts) > 1
        for part in parts:
            assert len(part) <= TELEGRAM_LIMIT
            assert _balanced(part), part[:80]
            assert not re.search(r"&[#\w]*$", part) and "<" not in part[-1:]
        text = re.sub(r"<[^>]+>", "", "".join(parts))
        assert text.count("&amp;") == re.sub(r"<[^>]+>", "", html).count("&amp;")


def test_every_command_is_in_help_and_readme() -> None:
    help_text = Renderer().render(
        "help", role_label="x", example="y", commands=[(c.name, c.description) for c in COMMANDS]
    )
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    for c in COMMANDS:
        assert f"/{c.name}" in help_text
        assert f"/{c.name}" in readme, c.name
