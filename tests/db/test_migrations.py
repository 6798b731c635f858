from __future__ import annotations

from sqlalchemy import Engine, inspect

from db import migrate
from db.models import metadata


def test_migrations_reach_head_and_match_models(engine: Engine) -> None:
    assert migrate.is_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_upgrade_is_idempotent(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
