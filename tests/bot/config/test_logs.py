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
    for added in root.handlers:
        if added not in handlers:
            added.close()  # the log files a test opened
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)


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


def test_console_chat_logging_leaves_the_terminal_and_keeps_everything_in_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import warnings

    from bot.config.logs import logs_to_file_only

    stream = _Tty()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    configure_logging("INFO", "auto", traceback_file=tmp_path / "log" / "galat.log")
    target = tmp_path / "log" / "konsol.log"
    try:
        assert logs_to_file_only(target) == target
        log = logging.getLogger("talenta.test")
        log.info("pencarian selesai", extra={"hits": 5})
        log.warning("kunci pengembangan dipakai")
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn("pustaka berisik", UserWarning, stacklevel=1)
        try:
            raise ValueError("rusak")
        except ValueError:
            log.error("gagal", exc_info=True, extra={"error_id": "ab12cd34"})
    finally:
        logging.captureWarnings(False)
    assert stream.getvalue() == ""  # the terminal holds only what the chat prints itself
    kept = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert [r["event"] for r in kept[:2]] == ["pencarian selesai", "kunci pengembangan dipakai"]
    assert any("pustaka berisik" in r["event"] for r in kept)
    assert kept[-1]["error_id"] == "ab12cd34" and "ValueError: rusak" in kept[-1]["exc"]


def test_console_chat_logging_keeps_a_configured_log_file(tmp_path: Path) -> None:
    from bot.config.logs import logs_to_file_only

    configured = tmp_path / "talenta.log"
    configure_logging("INFO", "json", log_file=configured)
    assert logs_to_file_only(tmp_path / "konsol.log") == configured
    logging.getLogger("talenta.test").info("satu")
    assert not (tmp_path / "konsol.log").exists()
    assert json.loads(configured.read_text(encoding="utf-8"))["event"] == "satu"


_LOADER_BAR = (
    "import sys\n"
    "if sys.argv[1] == 'diam':\n"
    "    from bot.config.logs import configure_logging\n"
    "    configure_logging('INFO', 'json')\n"
    "from transformers.utils import logging as hf_logging\n"
    "for _ in hf_logging.tqdm(range(50), desc='Loading weights', mininterval=0):\n"
    "    pass\n"
)


def test_the_model_loaders_progress_bar_is_switched_off_before_transformers_loads() -> None:
    """The "Loading weights" bar of the sentence-transformers model comes from the tqdm factory
    of transformers' logging; configuring logging first (every command does) switches it off."""
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("HF_HUB_DISABLE_PROGRESS_BARS", "TRANSFORMERS_VERBOSITY")
    }
    runs = {
        mode: subprocess.run(
            [sys.executable, "-c", _LOADER_BAR, mode],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        for mode in ("berisik", "diam")
    }
    assert runs["berisik"].returncode == 0 and runs["diam"].returncode == 0
    assert "Loading weights" in runs["berisik"].stderr  # the bar this is about
    assert runs["diam"].stderr == "" and runs["diam"].stdout == ""


def test_the_bar_is_switched_off_when_transformers_was_already_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from transformers.utils import logging as hf_logging

    monkeypatch.setattr(hf_logging, "_tqdm_active", True)  # as a fresh import would have it
    assert hf_logging.is_progress_bar_enabled()
    configure_logging("INFO", "json")
    assert not hf_logging.is_progress_bar_enabled()
