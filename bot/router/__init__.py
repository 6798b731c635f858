"""The transport-free core: ``Assistant.handle`` (Inbound -> replies), the command table and
intent routing."""
