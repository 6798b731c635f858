"""What the flows need from the rooms below, as Protocols and DTOs, and the adapters that
implement them over ``retrieval/`` and ``db/``."""
