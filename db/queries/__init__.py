"""Query functions that take the session: the SQL the other rooms need, one module per subject.

Each function takes the session it runs in and its filters by keyword and returns rows or plain
values. Most only read; the writers are the ones whose statement is the point (the atomic
rate-limit count in :mod:`db.queries.rate_limits`, the update claim in
:mod:`db.queries.telegram_updates`, the purges of expired chat state). The conversation room
(``bot/``) reaches the database only through these functions.
"""
