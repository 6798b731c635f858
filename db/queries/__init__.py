"""Keyword-only reads of the employee records and of the assistant's own tables.

One module per subject. Every function takes the session it reads in (``session=``) and the
filters by keyword, returns rows or plain values, and writes nothing — except the two purges
of expired chat state in :mod:`db.queries.chat_state`, which belong with the reads they bound.
The conversation room (``bot/``) reads the database only through these functions.
"""
