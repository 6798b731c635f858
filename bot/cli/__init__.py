"""``talenta``: the one entry point (typer). Each command group lives in its own module;
``bot/cli/tool.py`` groups them in help and reports their errors the same way."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import typer

from bot.cli import (
    ask_cmd,
    audit_cmd,
    cases_cmd,
    chat_cmd,
    data_cmd,
    docs_cmd,
    eval_people_cmd,
    eval_regulations_cmd,
    health_cmd,
    index_cmd,
    knowledge_cmd,
    komite_cmd,
    media_cmd,
    ops_cmd,
    pdp_cmd,
    retention_cmd,
    routing_cmd,
    setup_cmd,
    users_cmd,
)
from bot.cli.common import out
from bot.cli.tool import TalentaGroup, assign_panels

app = typer.Typer(
    name="talenta",
    cls=TalentaGroup,
    help="Talenta: asisten penempatan ASN berbasis sistem merit.\n\n"
    "Kode keluar: 0 selesai, 1 gagal, 2 perintah atau konfigurasi salah, 3 ditolak sampai "
    "dikonfirmasi, 4 basis data belum siap (docs/operations.md).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(data_cmd.app, name="data")
app.add_typer(knowledge_cmd.app, name="knowledge")
app.add_typer(index_cmd.app, name="index")
app.add_typer(users_cmd.app, name="users")
app.add_typer(cases_cmd.app, name="cases")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(pdp_cmd.app, name="pdp")
app.add_typer(retention_cmd.app, name="retention")
app.add_typer(docs_cmd.app, name="dokumentasi")
app.add_typer(komite_cmd.app, name="komite")
setup_cmd.register(app)
health_cmd.register(app)
app.add_typer(setup_cmd.db_app, name="db")
ops_cmd.register(app)
ask_cmd.register(app)
chat_cmd.register(app)
app.add_typer(index_cmd.eval_app, name="eval")
routing_cmd.register(index_cmd.eval_app)
eval_people_cmd.register(index_cmd.eval_app)
eval_regulations_cmd.register(index_cmd.eval_app)
media_cmd.register(app)
assign_panels(app)


def talenta_version() -> str:
    try:
        return version("talenta")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "tidak terpasang"


def _show_version(value: bool) -> None:
    if value:
        out.print(f"talenta {talenta_version()}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    _version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Tampilkan versi Talenta lalu keluar.",
        callback=_show_version,
        is_eager=True,
    ),
) -> None:
    """Options of the tool itself (``--version``)."""


def main() -> None:
    app()
