"""Logging. Records carry ids and counts, never names or NIPs.

Two shapes: one JSON object per line for machines (systemd's journal, a log file) and short
plain lines for a person at a terminal. ``auto`` picks JSON under systemd (``JOURNAL_STREAM``)
or when stderr is not a terminal, and plain text otherwise. Tracebacks go to the JSON lines and
the log file, never onto a terminal: the command prints one line with an error id instead.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any, Literal

_RESERVED = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}

LogFormat = Literal["auto", "json", "text"]

# Third-party loggers that only add noise between replies (and httpx logs request URLs, which
# contain the bot token).
NOISY = (
    "httpx",
    "httpcore",
    "urllib3",
    "sentence_transformers",
    "transformers",
    "huggingface_hub",
    "faiss",
    "filelock",
    "torch",
    "onnxruntime",
    "matplotlib",
    "PIL",
    "fontTools",
    "fpdf",
    "alembic",
    "asyncio",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str, ensure_ascii=False)


class TerminalFormatter(logging.Formatter):
    """``LEVEL logger: message [error_id=…]`` without the traceback (that goes to the log)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(self._prepare(record))
        error_id = getattr(record, "error_id", None)
        return f"{line} [galat {error_id}]" if error_id else line

    def _prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        record.message = record.getMessage()
        record.asctime = self.formatTime(record, self.datefmt)
        return record


def resolve_format(fmt: str, *, stream: Any = None) -> Literal["json", "text"]:
    """``auto`` → ``json`` under systemd or without a terminal, ``text`` at a terminal."""
    if fmt in ("json", "text"):
        return fmt  # type: ignore[return-value]
    stream = stream if stream is not None else sys.stderr
    if os.environ.get("JOURNAL_STREAM"):
        return "json"
    isatty = getattr(stream, "isatty", None)
    return "text" if isatty is not None and isatty() else "json"


def silence_libraries() -> None:
    """No download/"Loading weights" bars from the Hugging Face libraries, no library chatter.

    The environment variables are read when those libraries are first imported, which happens
    lazily (when the encoder is built), after this runs.
    """
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if "transformers" in sys.modules:  # already imported: switch its bars off directly
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
        except Exception:  # pragma: no cover - an old transformers without these helpers
            pass


class TracebackFileHandler(logging.Handler):
    """Appends records that carry a traceback to ``path`` as JSON lines; the file (and its
    folder) is created only when the first such record arrives."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.ERROR)
        self.path = path
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        if not record.exc_info:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(self.format(record) + "\n")
        except Exception:  # a full disk must not hide the error being reported
            self.handleError(record)


def configure_logging(
    level: str = "INFO",
    fmt: str = "auto",
    *,
    log_file: Path | None = None,
    max_mb: int = 20,
    backups: int = 5,
    traceback_file: Path | None = None,
) -> Literal["json", "text"]:
    """Point the root logger at stderr (and ``log_file``); returns the format chosen.

    ``traceback_file``: where errors with a traceback are kept when neither a log file nor
    the journal (JSON on stderr) would keep them.
    """
    shape = resolve_format(fmt)
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(JsonFormatter() if shape == "json" else TerminalFormatter())
    if shape == "text":
        # A person at a terminal already read the one-line message with the error id.
        console.addFilter(lambda record: not getattr(record, "error_id", None))
    handlers: list[logging.Handler] = [console]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        rotating = RotatingFileHandler(
            log_file, maxBytes=max_mb * 1024 * 1024, backupCount=backups, encoding="utf-8"
        )
        rotating.setFormatter(JsonFormatter())
        handlers.append(rotating)
    elif shape == "text" and traceback_file is not None:
        handlers.append(TracebackFileHandler(traceback_file))
    root = logging.getLogger()
    for old in root.handlers:
        old.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    silence_libraries()
    return shape


def logs_to_file_only(log_file: Path, *, max_mb: int = 20, backups: int = 5) -> Path:
    """Nothing on the terminal, everything in ``log_file`` (JSON lines, rotated by size).

    For the console chat, where any line between two replies would read as part of the
    conversation: the terminal handler goes, Python warnings are routed into the log, and a
    log file already configured (``app.log_file``) is kept instead of opening ``log_file``.
    Returns the file the records now go to.
    """
    root = logging.getLogger()
    kept: list[logging.Handler] = []
    target: Path | None = None
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler):
            kept.append(handler)
            target = Path(handler.baseFilename)
        else:  # the terminal stream and the traceback file (the log file keeps tracebacks)
            handler.close()
    if target is None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        rotating = RotatingFileHandler(
            log_file, maxBytes=max_mb * 1024 * 1024, backupCount=backups, encoding="utf-8"
        )
        rotating.setFormatter(JsonFormatter())
        kept.append(rotating)
        target = log_file
    root.handlers[:] = kept
    logging.captureWarnings(True)
    return target
