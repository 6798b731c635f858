"""Candidate search: profile documents, FAISS + BM25 shards per instansi, merit-aware ranking.

Public entry points: :class:`retrieval.people.service.SearchService` (searching) and
:class:`retrieval.people.store.IndexStore` (building, checking, updating the shards).
"""
