"""Log shape: plain lines at a terminal, JSON under systemd or into a pipe; no tracebacks on
a terminal; library progress bars switched off."""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config.logs import configure_logging, resolve_format


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_auto_is_text_at_a_terminal_and_json_under_systemd_or_a_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    assert resolve_format("auto", stream=_Tty()) == "text"
    assert resolve_format("auto", stream=io.StringIO()) == "json"
    monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
    assert resolve_format("auto", stream=_Tty()) == "json"
    assert resolve_format("text", stream=io.StringIO()) == "text"  # an explicit choice wins


def test_terminal_lines_carry_no_traceback_which_goes_to_the_error_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stream = _Tty()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    errors = tmp_path / "log" / "galat.log"
    assert configure_logging("INFO", "auto", traceback_file=errors) == "text"
    log = logging.getLogger("talenta.test")
    log.info("impor selesai", extra={"rows": 3})
    assert not errors.exists()  # created only when a traceback arrives
    try:
        raise ValueError("rusak")
    except ValueError:
        log.error("gagal", exc_info=True, extra={"error_id": "ab12cd34"})
    shown = stream.getvalue()
    assert "impor selesai" in shown and "{" not in shown
    assert "Traceback" not in shown and "ab12cd34" not in shown  # the CLI line shows the id
    kept = json.loads(errors.read_text(encoding="utf-8").splitlines()[-1])
    assert kept["error_id"] == "ab12cd34" and "ValueError: rusak" in kept["exc"]


def test_library_bars_and_chatter_are_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_DISABLE_PROGRESS_BARS", raising=False)
    monkeypatch.delenv("TRANSFORMERS_VERBOSITY", raising=False)
    configure_logging("INFO", "json")
    assert os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] == "1"
    assert os.environ["TRANSFORMERS_VERBOSITY"] == "error"
    assert logging.getLogger("sentence_transformers").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("transformers").getEffectiveLevel() >= logging.WARNING
