"""Candidate search: profile documents, FAISS + BM25 shards per instansi, merit-aware ranking.

Public entry points: :class:`retrieval.search.service.SearchService` (searching) and
:class:`retrieval.search.store.IndexStore` (building, checking, updating the shards).
"""
