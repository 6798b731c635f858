"""The composition root: settings from each room, secrets, wiring of the services, logging.

Only this room (and the CLI that calls it) reads ``config.yaml`` and the environment."""
