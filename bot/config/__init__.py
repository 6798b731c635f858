"""The one composition root. Only this room (and the CLI that calls it) reads ``config.yaml``
and the environment, and only it builds the application:

- ``settings.py``  the installation's settings, composed of each room's own model
- ``secrets.py``   secrets, from the environment only
- ``logs.py``      structured logging
- ``runtime.py``   the start of every command: settings, secrets, logging, engine
- ``wiring.py``    engine, audit log, services (with the application's caches), assistant
- ``doors.py``     the Telegram application, the console assistant, the ask door
- ``audit_hooks.py``  the audit entries the composition writes (imports, grants, config changes)
"""
