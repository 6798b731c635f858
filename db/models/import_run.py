"""One row per committed import: which agencies it covered and which tables it brought.

The importer compares the next import of an agency with its last one: a table that was there
last time and is missing now stops the import until the operator confirms (``--yakin``).
No personal data: agency codes, table names and file hashes only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel


class ImportRun(SQLModel, table=True):
    __tablename__ = "import_run"

    id: int | None = Field(default=None, primary_key=True)
    finished_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    instansi: list[str] = Field(sa_column=Column(JSON, nullable=False))  # covered agency codes
    tables: list[str] = Field(sa_column=Column(JSON, nullable=False))  # layout tables present
    files: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # file name -> sha256
    confirmed: bool = False  # committed with --yakin over the cautions it showed
