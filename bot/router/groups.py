"""What a group chat may ask: the one gate every group message and button passes.

In a group only ``/bantuan`` (``/help``) and ``/aturan`` work, with the citations button of a
regulation answer; everything else is answered "silakan lewat chat pribadi" with a deep link
to the private chat (``https://t.me/<bot>?start=grup``), before any flow runs: no names, no
counts, no pictures reach a group.

A talent committee's group extends the gate through ``registered``: a :class:`GroupGate`
that may allow more commands in the chats it knows. :class:`CommitteeGroups` lets the
``/komite`` family through (and nothing else: no free text, no button); the committee flow
then decides each sub-command with ``committee_group_allows`` (registered group as it is now,
current member of the agency), so privacy mode may stay on. By default no group is registered
(:data:`NO_REGISTERED_GROUPS`).
"""

from __future__ import annotations

from bot.chat.replies import Inbound

GROUP_COMMANDS = frozenset({"bantuan", "help", "aturan"})
GROUP_PRESSES = frozenset({"citations"})  # the sources of a regulation answer


class GroupGate:
    """Registered groups: the hook a committee feature fills (allows nothing by default)."""

    def allows(self, chat_id: int, command: str | None) -> bool:
        """May group ``chat_id`` run ``command`` (``None``: free text or a button)?"""
        return False


NO_REGISTERED_GROUPS = GroupGate()

COMMITTEE_COMMAND = "komite"


class CommitteeGroups(GroupGate):
    """Group chats may run ``/komite …``: registering a group has to work in a group no
    committee has yet, so the registration check, the member check and every refusal are the
    committee flow's (``bot/flows/committee``), answered without any personal data."""

    def allows(self, chat_id: int, command: str | None) -> bool:
        return command == COMMITTEE_COMMAND


def group_gate(
    inbound: Inbound,
    *,
    command: str | None = None,
    press: str | None = None,
    registered: GroupGate = NO_REGISTERED_GROUPS,
) -> bool:
    """True when the request may go on: any private chat; in a group a help or regulation
    command (or the citations button), or what a registered group is allowed."""
    if inbound.private:
        return True
    if command is not None and command in GROUP_COMMANDS:
        return True
    if press is not None and press in GROUP_PRESSES:
        return True
    return inbound.chat_id is not None and registered.allows(inbound.chat_id, command)


def private_link(username: str) -> str:
    """The deep link that opens the private chat with the bot ('' when its name is unknown)."""
    return f"https://t.me/{username}?start=grup" if username else ""
