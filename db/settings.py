"""Typed settings for the storage room (built by the composition root, never read here)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.engine import make_url


class DatabaseSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # SQLite by default; PostgreSQL by changing this one URL, e.g.
    # postgresql+psycopg://talenta@localhost/talenta (password from TALENTA_DB_PASSWORD).
    url: str = "sqlite:///var/talenta.db"
    echo: bool = False
    pool_size: int = Field(default=5, ge=1, le=64)
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)

    @field_validator("url")
    @classmethod
    def _known_backend(cls, v: str) -> str:
        if not (v.startswith("sqlite") or v.startswith("postgresql")):
            raise ValueError("hanya sqlite:/// atau postgresql+psycopg:// yang didukung")
        return v

    def anchored(self, base: Path) -> DatabaseSettings:
        """These settings with a relative SQLite file (``sqlite:///var/talenta.db``) placed
        under ``base``; in-memory SQLite and other databases unchanged."""
        if not self.url.startswith("sqlite"):
            return self
        parsed = make_url(self.url)
        name = parsed.database
        if not name or name == ":memory:" or name.startswith("file:"):
            return self
        path = Path(name).expanduser()
        if path.is_absolute() and str(path) == name:
            return self
        if not path.is_absolute():
            path = base / path
        url = parsed.set(database=str(path)).render_as_string(hide_password=False)
        return self.model_copy(update={"url": url})
