"""Composition helpers: turn settings into engines and services. Called by the CLI only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from bot.settings import Secrets, Settings
from db.engine import make_engine

if TYPE_CHECKING:
    from bot.assistant import Assistant
    from bot.services import Services


def build_engine(settings: Settings, secrets: Secrets) -> Engine:
    password = secrets.db_password.get_secret_value() if secrets.db_password else None
    return make_engine(settings.database, password=password)


def build_services(settings: Settings, engine: Engine) -> Services:
    """The real services behind the core's Protocols (loads the encoder and the indexes)."""
    from bot.records import DbRecords
    from bot.service_adapters import OpportunityAdapter, RegulationAdapter, SearchAdapter
    from bot.services import Services
    from knowledge.corpus import load_corpus
    from knowledge.rules.thresholds import thresholds
    from retrieval.encoder import build_encoder
    from retrieval.regulations.assistant import Paths, RegulationAssistant
    from retrieval.search.service import SearchService

    # The bot runs `bot.workers` threads; each encoding gets `bot.torch_threads` so that
    # together they do not oversubscribe the 2 cores.
    encoder = build_encoder(
        settings.encoder.model_copy(update={"torch_threads": settings.bot.torch_threads})
    )
    regulations = RegulationAssistant.build(
        load_corpus(),
        encoder,
        settings.regulations,
        thresholds(),
        Paths.under(settings.app.data_dir),
    )
    search = SearchService(engine, encoder, settings.search)
    search.start()
    records = DbRecords(engine)
    return Services(
        profiles=records,
        talentpool=records,
        regulations=RegulationAdapter(regulations),
        search=SearchAdapter(engine, search),
        opportunities=OpportunityAdapter(engine, search),
    )


def build_assistant(
    settings: Settings, engine: Engine, services: Services | None = None, **kwargs: Any
) -> Assistant:
    from bot.assistant import Assistant, CoreSettings

    core = CoreSettings(
        messages_per_minute=settings.bot.messages_per_minute,
        failed_starts_per_hour=settings.bot.failed_starts_per_hour,
        max_message_chars=settings.bot.max_message_chars,
    )
    return Assistant(engine, services or build_services(settings, engine), settings=core, **kwargs)
