"""`talenta ask "…" [--json] [--as ROLE]`: one question, one answer, from the command line.

For now it answers regulation questions (roles guest and hr); the conversation core will
extend it to every intent and role behind the same ``--as`` option.
"""

from __future__ import annotations

import json

import typer

from bot.cli.common import EXIT_USAGE, Runtime, fail, out, runtime
from retrieval.regulations.answer import Answer
from retrieval.regulations.assistant import Paths, RegulationAssistant

ROLES = ("guest", "hr")


def build_regulation_assistant(rt: Runtime) -> RegulationAssistant:
    """Composition: corpus + thresholds + encoder + search settings → the assistant."""
    from knowledge.corpus import load_corpus
    from knowledge.rules.thresholds import thresholds
    from retrieval.encoder import build_encoder

    return RegulationAssistant.build(
        load_corpus(),
        build_encoder(rt.settings.encoder),
        rt.settings.regulations,
        thresholds(),
        Paths.under(rt.settings.app.data_dir),
    )


def render(answer: Answer, *, as_json: bool) -> str:
    if as_json:
        return json.dumps(answer.to_json(), ensure_ascii=False)
    return answer.text


def register(app: typer.Typer) -> None:
    @app.command("ask")
    def ask(
        question: str = typer.Argument(..., help="Pertanyaan, dalam tanda kutip."),
        as_json: bool = typer.Option(False, "--json", help="Cetak satu objek JSON."),
        role: str = typer.Option("hr", "--as", help=f"Peran penanya: {', '.join(ROLES)}."),
    ) -> None:
        """Bertanya tentang aturan kepegawaian; jawaban mengutip Pasal/ayat/huruf."""
        if role not in ROLES:
            raise fail(
                f"Peran {role!r} tidak dikenal untuk `talenta ask`; pilih salah satu: "
                f"{', '.join(ROLES)}.",
                code=EXIT_USAGE,
            )
        if not question.strip():
            raise fail("Pertanyaannya kosong.", code=EXIT_USAGE)
        rt = runtime()
        assistant = build_regulation_assistant(rt)
        # Plain print: rich markup would eat [brackets] in regulation text.
        out.print(
            render(assistant.ask(question), as_json=as_json),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
