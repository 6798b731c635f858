"""What ranking, the warm-up and ``/peluang`` need from the search service, and nothing more.

The service owns one :class:`SearchContext` and hands it to them, so none of them reaches back
into the service (and none imports it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from knowledge.rules import MeritSettings
from retrieval.people.loaded_shards import LoadedShards
from retrieval.people.merit_cache import MeritCache
from retrieval.people.vector_cache import VectorCache
from retrieval.settings import SearchSettings


@dataclass
class SearchContext:
    engine: Engine  # sessions are opened on it per unit of work
    settings: SearchSettings
    merit: MeritSettings
    today: Callable[[], date]
    shards: LoadedShards
    vectors: VectorCache
    merit_cache: MeritCache

    @property
    def encoder_name(self) -> str:
        return self.vectors.encoder.name
