"""Features, one module each: ``people/`` (candidate search, one employee, comparison, own
profile and opportunities, talent pool), cases, access history and the pictures attached to
replies; ``shortlists/`` for the recorded candidate lists."""
