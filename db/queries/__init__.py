"""Keyword-only query functions that take the session: the SQL the other rooms need."""
