"""The errors of the law room. Messages are Indonesian and name the file and the problem.

::

    KnowledgeError
    ├── CorpusError      a corpus file is missing, malformed or inconsistent (also a ValueError)
    └── IngestError      an official text cannot be read or split (also a ValueError)
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """Base of every expected error raised by ``knowledge/``."""


class CorpusError(KnowledgeError, ValueError):
    """A corpus file is missing, malformed or inconsistent; the message names file and field."""


class IngestError(KnowledgeError, ValueError):
    """The file cannot be read or split; the message names the file and the problem."""
