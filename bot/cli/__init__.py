"""``talenta``: the one entry point (typer). Each command group lives in its own module."""

from __future__ import annotations

import typer

from bot.cli import (
    ask_cmd,
    audit_cmd,
    cases_cmd,
    chat_cmd,
    data_cmd,
    eval_people_cmd,
    health_cmd,
    index_cmd,
    knowledge_cmd,
    media_cmd,
    ops_cmd,
    pdp_cmd,
    retention_cmd,
    routing_cmd,
    setup_cmd,
    users_cmd,
)

app = typer.Typer(
    name="talenta",
    help="Talenta: asisten penempatan ASN berbasis sistem merit.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(data_cmd.app, name="data")
app.add_typer(knowledge_cmd.app, name="knowledge")
app.add_typer(setup_cmd.db_app, name="db")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(cases_cmd.app, name="cases")
app.add_typer(index_cmd.app, name="index")
app.add_typer(index_cmd.eval_app, name="eval")
routing_cmd.register(index_cmd.eval_app)
eval_people_cmd.register(index_cmd.eval_app)
setup_cmd.register(app)
ops_cmd.register(app)
ask_cmd.register(app)
chat_cmd.register(app)
app.add_typer(users_cmd.app, name="users")
health_cmd.register(app)
app.add_typer(pdp_cmd.app, name="pdp")
app.add_typer(retention_cmd.app, name="retention")
media_cmd.register(app)


def main() -> None:
    app()
