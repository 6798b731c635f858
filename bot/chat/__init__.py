"""The per-request kit: the turn, reply objects and templates, button payloads, rate limits,
the authorisation function and account binding."""
