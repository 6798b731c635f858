"""Typed settings of the importer (``importer:`` in config.yaml).

Kept apart from ``db.importer`` so composing the settings does not import the tables.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ImportSettings(BaseModel):
    """Limits an import must stay within to commit without ``--yakin``."""

    model_config = ConfigDict(extra="forbid")

    # An import that would end more than this share of an agency's active employees stops
    # and shows what it would do. A monthly export rarely ends more than a few percent
    # (retirements, transfers); a broken or partial export ends far more.
    max_ended_percent: float = Field(default=10.0, ge=0, le=100)
