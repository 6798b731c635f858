"""What the regulations say: ``/aturan <pertanyaan>`` and free-text questions, and the cited
provisions behind an answer (its button). No personal data."""

from __future__ import annotations

from bot.chat.access import Action
from bot.chat.presses import CitationsPress
from bot.chat.replies import Button, Reply
from bot.chat.turn import Turn
from bot.ports.services import Services


def answer(turn: Turn, services: Services, question: str) -> Reply:
    if not question.strip():
        return turn.reply(
            "ask_more",
            prompt="Apa yang ingin Anda tanyakan? Contoh: /aturan syarat jabatan administrator",
        )
    decision = turn.allow(Action.regulation)
    if not decision:
        return turn.refused(decision)
    if services.regulations is None:
        return turn.reply("unavailable", service="jawaban aturan")
    result = services.regulations.answer(question)
    buttons: tuple[tuple[Button, ...], ...] = ()
    if result.citations:
        press = CitationsPress(tuple(result.citations))
        buttons = ((turn.button("Lihat ketentuan yang dikutip", press),),)
    return turn.reply("regulation", buttons=buttons, a=result, data=result)


def citations(turn: Turn, press: CitationsPress) -> Reply:
    """The provisions an answer cited (the button under it), from the button's payload."""
    decision = turn.allow(Action.regulation)
    if not decision:
        return turn.refused(decision)
    return turn.reply("citations", citations=list(press.cited))
