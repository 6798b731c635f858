"""One entry in the command table is a command everywhere: the Telegram menus, /bantuan, the
command gate, the ask door's intents and the JSON schema all derive from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader
from jsonschema import Draft202012Validator
from sqlalchemy import Engine

from bot.chat.access import Action, Role
from bot.chat.render import Renderer, make_environment
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.doors import telegram
from bot.doors.ask import AskDoor, question
from bot.doors.ask_json import asked_intent
from bot.doors.ask_output import output_schema, schema_text
from bot.ports.services import Services
from bot.router.assistant import Assistant
from bot.router.commands import COMMANDS, Command, CommandTable
from db.audit import AuditLog
from knowledge.rules import MeritSettings
from tests.bot.ask_support import corpus
from tests.bot.support import Chat, World, bind_all, build_world, make_services

REPO = Path(__file__).resolve().parents[3]


def test_the_schema_file_is_generated_from_the_reply_models() -> None:
    committed = (REPO / "docs" / "ask-output.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "docs/ask-output.schema.json is stale: python -m bot.doors.ask_output > "
        "docs/ask-output.schema.json"
    )


def _count(turn: Turn, services: Services, args: str) -> Reply:
    return turn.reply("uji", words=len(args.split()))


UJI = Command(
    "uji",
    "Hitung kata: /uji <kalimat>",
    frozenset({Role.hr, Role.admin}),
    _count,
    intent="hitung_kata",
    replies=("uji",),
    action=Action.aggregates,
)


def _renderer() -> Renderer:
    env = make_environment()
    env.loader = ChoiceLoader([DictLoader({"uji.html": "{{ words }} kata."}), env.loader])
    return Renderer(env)


@pytest.fixture
def world(sqlite_engine: Engine) -> World:
    return build_world(sqlite_engine)


@pytest.fixture
def table() -> CommandTable:
    return COMMANDS.with_command(UJI)


def test_a_new_entry_is_in_the_menus_and_in_bantuan(world: World, table: CommandTable) -> None:
    assert ("uji", UJI.description) in [
        (c.command, c.description) for c in telegram.menu(table, Role.hr)
    ]
    assert "uji" not in [c.command for c in telegram.menu(table, Role.ppk)]
    assert "uji" not in [c.command for c in telegram.group_menu(table)]
    assert "uji" not in [c.command for c in telegram.menu(COMMANDS, Role.hr)]
    assistant = Assistant(world.engine, make_services(world.engine), commands=table)
    bind_all(assistant, world, "hr_bth", "ppk_bth")
    assert "/uji — Hitung kata" in Chat(assistant, "hr_bth").say("/bantuan").html
    assert "/uji" not in Chat(assistant, "ppk_bth").say("/bantuan").html


def test_a_new_entry_is_gated_by_its_roles(world: World, table: CommandTable) -> None:
    assistant = Assistant(
        world.engine, make_services(world.engine), commands=table, renderer=_renderer()
    )
    bind_all(assistant, world, "hr_bth", "ppk_bth")
    answered = Chat(assistant, "hr_bth").say("/uji satu dua tiga")
    assert (answered.kind, answered.html) == ("uji", "3 kata.")
    refused = Chat(assistant, "ppk_bth").say("/uji satu dua")
    assert refused.kind == "refused" and refused.data is not None
    assert getattr(refused.data, "reason", None) == "role"
    # Without the entry the same message is an unknown command (hr_bth is bound already).
    plain = Assistant(world.engine, make_services(world.engine))
    assert Chat(plain, "hr_bth").say("/uji satu").kind == "unknown_command"


def test_a_new_entry_has_its_intent_in_the_ask_door_and_the_schema(
    world: World, table: CommandTable
) -> None:
    assert asked_intent("/uji kata", Role.hr, table) == "hitung_kata"
    assert asked_intent("/uji kata", Role.hr) == "tidak_jelas"
    schema = output_schema(table)
    defs = schema["$defs"]
    assert "hitung_kata" in defs["PlainAnswer"]["properties"]["intent"]["enum"]
    assert "hitung_kata" in defs["RefusedAnswer"]["properties"]["intent"]["enum"]
    assert "hitung_kata" not in json.dumps(output_schema())
    door = AskDoor(
        world.engine,
        make_services(world.engine),
        audit=AuditLog(world.engine, b"k" * 32),
        corpus=corpus(),
        merit=MeritSettings(),
        os_user="uji",
        renderer=_renderer(),
        commands=table,
    )
    validator = Draft202012Validator(schema)
    answered = door.ask(question("/uji satu dua", role="hr", instansi=["BTH"]))
    assert answered.obj["intent"] == "hitung_kata" and answered.obj["text"] == "2 kata."
    assert validator.is_valid(answered.obj), list(validator.iter_errors(answered.obj))[:1]
    refused = door.ask(question("/uji satu", role="ppk", instansi=["BTH"]))
    assert (refused.exit_code, refused.obj["intent"]) == (3, "hitung_kata")
    assert validator.is_valid(refused.obj)
    assert not Draft202012Validator(output_schema()).is_valid(answered.obj)


def test_a_name_cannot_be_declared_twice() -> None:
    with pytest.raises(ValueError, match="kandidat"):
        COMMANDS.with_command(Command("kandidat", "lagi", frozenset(), _count, intent="x"))
