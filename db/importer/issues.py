"""Errors and warnings of an import, as the operator reads them: file, row, column, value."""

from __future__ import annotations

from dataclasses import dataclass, field

# Keep the first issues only: a wholly wrong 100,000-row file must not eat the memory.
MAX_KEPT = 1000


@dataclass(frozen=True)
class Issue:
    file: str
    message: str
    row: int | None = None  # spreadsheet row: the header is row 1
    column: str | None = None
    value: str | None = None

    def describe(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", baris {self.row}"
        if self.column:
            where += f", kolom {self.column}"
        shown = f" (nilai: {self.value!r})" if self.value not in (None, "") else ""
        return f"{where}: {self.message}{shown}"


@dataclass
class IssueLog:
    """Collects errors and warnings, counting all but keeping only the first MAX_KEPT."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0

    def error(
        self,
        file: str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_KEPT:
            self.errors.append(Issue(file, message, row, column, value))

    def warning(
        self,
        file: str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_KEPT:
            self.warnings.append(Issue(file, message, row, column, value))
