"""Errors of the rooms below that a chat user may meet, and the plain reply each one gets.

:meth:`bot.router.assistant.Assistant.handle` catches exactly :data:`USER_FACING` around the
request and answers with the ``failed`` template and :func:`user_message`; every other error
still reaches the door's one global error handler (logged with its traceback, an apology with
an error id for the user).
"""

from __future__ import annotations

from db.audit import ChainLockTimeout
from retrieval.people.errors import IndexNotReady, OutOfScope, SearchError

USER_FACING: tuple[type[Exception], ...] = (SearchError, ChainLockTimeout)

_SEARCH_NOT_READY = (
    "Pencarian kandidat untuk instansi ini sedang disiapkan ulang. Silakan coba lagi beberapa "
    "saat lagi; bila berlanjut, hubungi operator sistem."
)
_SEARCH_FAILED = "Pencarian kandidat sedang tidak dapat dijalankan. Silakan coba lagi nanti."
_OUT_OF_SCOPE = "Data itu berada di luar instansi yang boleh Anda lihat."
_AUDIT_BUSY = (
    "Catatan audit sedang sibuk, jadi permintaan Anda belum diproses. Silakan coba lagi "
    "sebentar lagi."
)


def user_message(exc: BaseException) -> str:
    """What the chat user reads for an error of :data:`USER_FACING`.

    A not-ready index names the operator's fix in its message; the user is told to wait
    instead. An out-of-scope refusal keeps its own (Indonesian, user-facing) message.
    """
    if isinstance(exc, IndexNotReady):
        return _SEARCH_NOT_READY
    if isinstance(exc, OutOfScope):
        return str(exc) or _OUT_OF_SCOPE
    if isinstance(exc, ChainLockTimeout):
        return _AUDIT_BUSY
    return _SEARCH_FAILED
