"""Composition helpers: turn settings into engines and services. Called by the CLI only."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.settings import Secrets, Settings
from db.engine import make_engine


def build_engine(settings: Settings, secrets: Secrets) -> Engine:
    password = secrets.db_password.get_secret_value() if secrets.db_password else None
    return make_engine(settings.database, password=password)
