"""Jinja2 templates for replies: one per reply kind, Telegram HTML, autoescaped.

Names, unit titles and regulation summaries are untrusted text; autoescape keeps a name such as
``<b>&`` from becoming markup. StrictUndefined turns a missing variable into an error instead of
an empty string in front of a user.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from db.clock import tanggal_singkat


def tanggal(d: date | None) -> str:
    return "-" if d is None else tanggal_singkat(d)


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bot", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["tanggal"] = tanggal
    env.filters["angka"] = lambda x: f"{x:.2f}".replace(".", ",")
    return env


class Renderer:
    def __init__(self, env: Environment | None = None) -> None:
        self._env = env or make_environment()

    def render(self, kind: str, **context: Any) -> str:
        text = self._env.get_template(f"{kind}.html").render(**context)
        # Collapse the blank lines templates leave behind; keep paragraph breaks.
        lines = [ln.rstrip() for ln in text.strip().splitlines()]
        out: list[str] = []
        for ln in lines:
            if ln or (out and out[-1]):
                out.append(ln)
        return "\n".join(out)
