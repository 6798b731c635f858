"""The errors of the conversation room, and which errors of the rooms below a user may meet.

::

    BotError
    ├── ConfigError        config.yaml or a secret is wrong (the message names the key)
    ├── UsageError         the ask door cannot ask a question as given (exit code 2)
    ├── ConsoleError       the console persona cannot be built (unknown agency or NIP)
    └── BindingError       a user or an invitation cannot be created as asked

Each message is Indonesian and meant for the person who caused it: the operator at the command
line (config, usage, console, binding). Errors raised below ``bot/`` that a chat user may meet
in the middle of a request are listed in :mod:`bot.router.failures` and become one plain
``failed`` reply; anything else reaches the door's global error handler as unexpected.
"""

from __future__ import annotations


class BotError(Exception):
    """Base of every expected error raised by ``bot/``."""


class ConfigError(BotError):
    """Start-up configuration problem; the message names the offending key."""


class UsageError(BotError):
    """A question the ask door cannot ask as given (plain Indonesian message; exit code 2)."""


class ConsoleError(BotError):
    """The persona asked for cannot be built (unknown agency or NIP)."""


class BindingError(BotError):
    """A user or invitation cannot be created as asked (message is for the operator)."""
