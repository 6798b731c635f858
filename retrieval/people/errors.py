"""The errors of candidate search, in one tree (messages in Bahasa Indonesia)::

    SearchError             shown to the user as it is: the caller catches this one class
    ├── IndexNotReady       a shard of the asker's agencies is not built, stale, refused or
    │                       unreadable; the message names the command that repairs it
    └── OutOfScope          the position or the person is not in the agencies the asker may see

    ShardError              an index file cannot be used (for operators: `talenta index ...`);
    └── ShardModelMismatch  the shard was built with another encoder
                            (the service turns a ShardError into IndexNotReady for the user)

Anything else raised by search is a bug: the bot's global error handler logs it and apologises.
"""

from __future__ import annotations


class SearchError(Exception):
    """Base of the errors a caller shows to the user."""


class IndexNotReady(SearchError):
    """The index of an agency in scope cannot serve this search right now."""


class OutOfScope(SearchError):
    """The asked position or person lies outside the asker's scope."""


class ShardError(Exception):
    """A shard's files cannot be used."""


class ShardModelMismatch(ShardError):
    """A shard was built with another model or dimension than the encoder in use."""
