"""Features, one module each: candidates, people, profile, talent pool, cases, access history,
pictures; ``shortlists/`` for the recorded candidate lists."""
