"""Synthetic Provinsi Jambi data in the import layout (``talenta data generate``)."""

from __future__ import annotations

from db.generate.run import GenerateReport, generate_to

__all__ = ["GenerateReport", "generate_to"]
