"""Doors: the transports over the one conversation core (Telegram, the console, ``talenta ask``)."""
