"""`make bench` entry for the bot load check (see bench/bot_load.py)."""

from __future__ import annotations

from bench.bot_load import main

__all__ = ["main"]
