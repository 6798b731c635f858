"""Progress reporting for long imports: a small protocol, a silent default and a rich bar."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class ProgressSink(Protocol):
    def phase(self, label: str, total: int | None) -> None: ...

    def advance(self, n: int) -> None: ...

    def close(self) -> None: ...


class NullProgress:
    def phase(self, label: str, total: int | None) -> None:
        return None

    def advance(self, n: int) -> None:
        return None

    def close(self) -> None:
        return None


class RichProgress:
    """One bar per phase on stderr (reading is measured in bytes, writing in rows)."""

    def __init__(self) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=False,
            # stderr, like every other bar: stdout carries the report (`… > laporan.txt`).
            console=Console(stderr=True),
        )
        self._task: TaskID | None = None
        self._progress.start()

    def phase(self, label: str, total: int | None) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=self._progress.tasks[-1].total or 0)
        self._task = self._progress.add_task(label, total=total)

    def advance(self, n: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)

    def close(self) -> None:
        self._progress.stop()

    def __enter__(self) -> RichProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
