"""The command table: one entry per command, the only place a command is declared.

From each :class:`Command` the rest is derived, so adding a command is a flow, a template and
one entry here (docs/adding-a-command.md):

- the Telegram menus (``bot/doors/telegram.py``: per role, and the group-chat menu),
- ``/bantuan`` (:func:`bot.flows.help.show_help` through ``Turn.menu``),
- the command gate (:func:`bot.chat.access.authorize_command` with the entry's roles),
- the ask door's intent names (``bot/doors/ask_json.py``) and the intent enum of the JSON
  schema (``bot/doors/ask_output.py`` → ``docs/ask-output.schema.json``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.chat.access import ALLOWED, Action, Role
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.flows import account, people, regulation
from bot.flows.committee import komite
from bot.flows.help import show_help
from bot.flows.shortlists.daftar import daftar
from bot.ports.services import Services
from bot.router.intents import Intent

# One reply, or several (a committee command answers the group and each member privately).
Handler = Callable[[Turn, Services, str], Reply | list[Reply]]


class Menu(StrEnum):
    """Where Telegram lists a command (for the roles of its entry)."""

    private = "private"  # the private chat's menu
    group = "group"  # also the menu of group chats (nothing personal there)


@dataclass(frozen=True)
class Command:
    """One command. ``with_args`` is the same command given arguments when that is a
    different request (``/profil`` is one's own profile, ``/profil <nama>`` someone else's)."""

    name: str
    description: str  # the help line, in the menu and in /bantuan
    roles: frozenset[Role]  # who sees it and may run it
    handler: Handler  # (turn, services, arguments) -> reply
    intent: str  # its name in the ask door's JSON (``intent``)
    replies: tuple[str, ...] = ()  # the reply kinds (templates) that answer it
    action: Action | None = None  # the personal data it reads: a refusal is recorded under it
    routed: tuple[Intent, ...] = ()  # the free-text readings that reach the same feature
    menu: Menu = Menu.private
    aliases: tuple[str, ...] = ()
    with_args: Command | None = None


def _roles_of(action: Action) -> frozenset[Role]:
    return frozenset(r for r, actions in ALLOWED.items() if action in actions)


ALL = frozenset(Role)
STAFF = frozenset({Role.admin, Role.hr, Role.ppk})


@dataclass(frozen=True)
class CommandTable:
    """The commands in menu order, found by name or alias."""

    commands: tuple[Command, ...]

    def __post_init__(self) -> None:
        names = [n for c in self.commands for n in (c.name, *c.aliases)]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"commands declared twice: {duplicates}")

    def __iter__(self) -> Iterator[Command]:
        return iter(self.commands)

    def with_command(self, command: Command) -> CommandTable:
        """This table and one more command (an extension, or a test)."""
        return replace(self, commands=(*self.commands, command))

    def find(self, name: str, args: str = "") -> Command | None:
        """The entry that answers ``/name args`` (its ``with_args`` variant when given some)."""
        for c in self.commands:
            if name == c.name or name in c.aliases:
                return c.with_args if args.strip() and c.with_args else c
        return None

    def for_role(self, role: Role) -> list[Command]:
        return [c for c in self.commands if role in c.roles]

    def menu_lines(self, role: Role) -> list[tuple[str, str]]:
        """(command, help line) for ``role``: the menu and ``/bantuan``."""
        return [(c.name, c.description) for c in self.for_role(role)]

    def group_menu(self) -> list[tuple[str, str]]:
        return [(c.name, c.description) for c in self.commands if c.menu is Menu.group]

    def entries(self) -> Iterator[Command]:
        """Every entry with its ``with_args`` variant."""
        for c in self.commands:
            yield c
            if c.with_args is not None:
                yield c.with_args

    def intents(self) -> list[str]:
        return list(dict.fromkeys(c.intent for c in self.entries()))

    def intent_of(self, name: str, args: str = "") -> str | None:
        found = self.find(name, args)
        return found.intent if found else None

    def reply_intents(self) -> dict[str, str]:
        """Reply kind -> intent, for every kind an entry names (the first entry wins)."""
        out: dict[str, str] = {}
        for c in self.entries():
            for kind in c.replies:
                out.setdefault(kind, c.intent)
        return out

    def routed_intents(self) -> dict[Intent, str]:
        """Free-text intent -> intent, for every entry that names one."""
        return {r: c.intent for c in self.entries() for r in c.routed}

    def names(self) -> Sequence[str]:
        return [c.name for c in self.commands]


COMMANDS = CommandTable(
    (
        Command(
            "start",
            "Mulai / hubungkan akun dengan kode undangan",
            ALL,
            account.start,
            intent="bantuan",
            replies=("welcome",),
        ),
        Command(
            "bantuan",
            "Apa yang bisa saya lakukan",
            ALL,
            show_help,
            intent="bantuan",
            replies=("help",),
            routed=(Intent.help,),
            menu=Menu.group,
            aliases=("help",),
        ),
        Command(
            "kandidat",
            "Cari kandidat: /kandidat <jabatan atau kebutuhan>",
            STAFF,
            people.search,
            intent="cari_kandidat",
            replies=("candidates", "choose_position", "choose_unit", "no_candidates"),
            action=Action.search,
            routed=(Intent.search_post, Intent.search_need),
        ),
        Command(
            "profil",
            "Profil talenta Anda sendiri",
            frozenset({Role.asn}),
            people.own_profile,
            intent="profil_saya",
            replies=("profile",),
            action=Action.profile,
            routed=(Intent.profile,),
            with_args=Command(
                "profil",
                "Profil pegawai: /profil <nama atau NIP>",
                _roles_of(Action.detail),
                people.person,
                intent="profil_pegawai",
                replies=("candidate_detail",),
                action=Action.detail,
                routed=(Intent.person,),
            ),
        ),
        Command(
            "peluang",
            "Jabatan yang bisa Anda incar dan yang kurang",
            frozenset({Role.asn}),
            people.opportunities,
            intent="peluang",
            replies=("opportunities",),
            action=Action.opportunities,
            routed=(Intent.opportunities,),
        ),
        Command(
            "aturan",
            "Tanya aturan: /aturan <pertanyaan>",
            ALL,
            regulation.answer,
            intent="regulasi",
            replies=("regulation", "citations"),
            action=Action.regulation,
            routed=(Intent.regulation,),
            menu=Menu.group,
        ),
        Command(
            "talentpool",
            "Talent pool instansi: /talentpool [unit]",
            frozenset({Role.admin, Role.hr, Role.ppk, Role.komite, Role.inspector}),
            people.talentpool,
            intent="talentpool",
            replies=("talentpool",),
            action=Action.talentpool,
            routed=(Intent.talentpool,),
        ),
        Command(
            "bandingkan",
            "Bandingkan 2–3 kandidat terakhir",
            STAFF | {Role.komite},
            people.compare_last,
            intent="bandingkan",
            replies=("compare", "compare_empty"),
            action=Action.compare,
            routed=(Intent.compare,),
        ),
        Command(
            "daftar",
            "Buka lagi daftar kandidat: /daftar SL-… [pdf|xlsx], /daftar talentpool",
            STAFF | {Role.komite},
            daftar,
            intent="daftar_kandidat",
            action=Action.shortlist,
        ),
        Command(
            "komite",
            "Komite talenta: /komite sidang SL-…, /komite status, /komite tutup",
            frozenset({Role.admin, Role.hr, Role.ppk, Role.komite}),
            komite,
            intent="komite",
            replies=(
                "committee_note",
                "sidang_opened",
                "sidang_member",
                "sidang_revealed",
                "sidang_closed",
            ),
            menu=Menu.group,
        ),
        Command(
            "keluar",
            "Lepaskan akun Telegram ini dari Talenta",
            ALL,
            account.logout,
            intent="lainnya",
            routed=(Intent.logout,),
        ),
    )
)
