"""The real services (hashing encoder, real FAISS shards, real corpus) over the small world of
``tests/bot/support.py``, recording lists in a real audit chain; and the JSON door over them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import Engine

from bot.doors.ask import AskDoor, ReferenceClock
from bot.ports.adapters import OpportunityAdapter, RegulationAdapter, SearchAdapter
from bot.ports.records import DbRecords
from bot.ports.services import Accountability, Services
from db.audit import AuditLog, AuditSettings
from knowledge.corpus import Corpus, load_corpus
from knowledge.rules import MeritSettings
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.service import SearchService
from retrieval.regulations.answerer import Paths, RegulationAnswerer
from retrieval.regulations.settings import RegulationSearchSettings
from retrieval.settings import SearchSettings

KEY = b"a" * 32
OS_USER = "operator-test"


@cache
def corpus() -> Corpus:
    return load_corpus()


def regulation_assistant(data_dir: Path) -> RegulationAnswerer:
    """The real regulation assistant over the real corpus (hashing encoder): build it once."""
    return RegulationAnswerer.build(
        corpus(),
        HashingEncoder(256),
        RegulationSearchSettings(),
        thresholds(),
        Paths.under(data_dir),
    )


def real_services(
    engine: Engine, data_dir: Path, clock: ReferenceClock, regulations: RegulationAnswerer
) -> Services:
    encoder = HashingEncoder(256)
    search = SearchService(
        engine,
        encoder,
        SearchSettings(index_dir=data_dir / "index"),
        today=clock,
        merit=MeritSettings(),
    )
    search.start()
    records = DbRecords(engine)
    return Services(
        profiles=records,
        talentpool=records,
        regulations=RegulationAdapter(regulations),
        search=SearchAdapter(engine, search),
        opportunities=OpportunityAdapter(engine, search),
        accountability=Accountability(
            audit=AuditLog(engine, KEY),
            settings=AuditSettings(),
            config_hash="cfg-test",
            model=encoder.name,
        ),
    )


def make_door(
    engine: Engine, data_dir: Path, regulations: RegulationAnswerer
) -> tuple[AskDoor, Services]:
    clock = ReferenceClock()
    services = real_services(engine, data_dir, clock, regulations)
    door = AskDoor(
        engine,
        services,
        audit=AuditLog(engine, KEY),
        corpus=corpus(),
        merit=MeritSettings(),
        os_user=OS_USER,
        clock=clock,
    )
    return door, services
