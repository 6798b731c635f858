"""The Telegram door: :func:`build_application` makes the PTB ``Application`` for an assistant
the composition root built (``bot/config/doors.py``): its handlers and its one error handler.

Handlers are thin: turn an update into an :class:`Inbound`, run the (blocking) core at one
seam in a bounded thread pool, send what it returns. Each update is answered once even when
Telegram delivers it again or another worker got it too (:mod:`bot.doors.telegram_updates`).
Outbound flood control and ``429 retry_after`` are PTB's ``AIORateLimiter``; 5xx answers and
dropped connections are retried with backoff, except a send whose request may already have been
carried out (a read timeout), which is never repeated; anything else reaches the one global
error handler, which logs the traceback with an error id and apologises to the user.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

import httpx
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackContext,
    CallbackQueryHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)

from bot.chat.access import Role
from bot.chat.render import Renderer
from bot.chat.replies import Inbound, Reply
from bot.doors.settings import BotSettings, WebhookSettings
from bot.doors.telegram_split import split_html
from bot.doors.telegram_updates import UpdateAnswer, UpdateLedger
from bot.errors import ConfigError
from bot.router.assistant import Assistant
from bot.router.commands import CommandTable

log = logging.getLogger("talenta.telegram")
T = TypeVar("T")
SEND_ATTEMPTS = 5  # with backoff 0.25, 0.5, 1, 2 s: about 4 s of a Bot API in trouble
TYPING_EVERY_S = 4.0  # Telegram shows "typing…" for up to 5 s or until the next message
TYPING_GRACE_S = 1.0  # how long an answer waits for its chat action still in flight


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Typed access to the services the composition root put in ``bot_data``."""

    @property
    def assistant(self) -> Assistant:
        assistant: Assistant = self.bot_data["assistant"]
        return assistant

    @property
    def renderer(self) -> Renderer:
        renderer: Renderer = self.bot_data["renderer"]
        return renderer

    @property
    def ledger(self) -> UpdateLedger:
        ledger: UpdateLedger = self.bot_data["ledger"]
        return ledger

    async def run_blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """The one seam where blocking work (SQL, encoding, FAISS) leaves the event loop."""
        pool: ThreadPoolExecutor = self.bot_data["pool"]
        return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)


def build_application(
    token: str, settings: BotSettings, assistant: Assistant
) -> Application[Any, BotContext, Any, Any, Any, Any]:
    # PTB 22 warns on every 429 that time periods will become timedeltas; opt in now (nothing
    # here reads them as numbers), so a flood-control answer is retried, not a warning.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    app = (
        Application.builder()
        .token(token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=BotContext))
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.flood_per_second, max_retries=3))
        .read_timeout(settings.read_timeout)
        .get_updates_read_timeout(settings.poll_timeout + settings.read_timeout)
        .concurrent_updates(settings.workers * 16)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data["assistant"] = assistant
    app.bot_data["settings"] = settings
    app.bot_data["renderer"] = assistant.renderer
    app.bot_data["pool"] = ThreadPoolExecutor(
        max_workers=settings.workers, thread_name_prefix="talenta-bot"
    )
    app.bot_data["ledger"] = UpdateLedger(
        assistant.engine, claim_timeout=timedelta(seconds=settings.update_claim_timeout_s)
    )
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))
    app.add_handler(MessageHandler(filters.TEXT, on_message))
    app.add_handler(CallbackQueryHandler(on_callback))
    app.add_error_handler(on_error)
    return app


def menu(table: CommandTable, role: Role) -> list[BotCommand]:
    """The role's menu, from the command table."""
    return [BotCommand(name, line[:256]) for name, line in table.menu_lines(role)]


def group_menu(table: CommandTable) -> list[BotCommand]:
    """The menu of group chats: the commands that show nothing personal."""
    return [BotCommand(name, line[:256]) for name, line in table.group_menu()]


async def _post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Unbound users see the guest menu; a binding sets that chat's menu to the user's role.
    table: CommandTable = app.bot_data["assistant"].commands
    await app.bot.set_my_commands(menu(table, Role.guest), scope=BotCommandScopeDefault())
    await app.bot.set_my_commands(group_menu(table), scope=BotCommandScopeAllGroupChats())
    # The username for deep links comes from getMe (run by initialize); bot.username overrides.
    settings: BotSettings = app.bot_data["settings"]
    name = settings.username or app.bot.username or ""
    app.bot_data["assistant"].bot_username = name.lstrip("@")
    app.bot_data["sidang_clock"] = asyncio.create_task(sidang_clock(app, settings.sidang_check_s))
    log.info("bot ready", extra={"bot_id": app.bot.id})


async def _post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    clock: asyncio.Task[None] | None = app.bot_data.pop("sidang_clock", None)
    if clock is not None:
        clock.cancel()
        with suppress(asyncio.CancelledError):
            await clock
    app.bot_data["pool"].shutdown(wait=False, cancel_futures=True)


async def sidang_clock(app: Application[Any, BotContext, Any, Any, Any, Any], every: float) -> None:
    """Every ``every`` seconds, close each sidang komite past its closing time and send the
    outcome to its group and members (``bot.sidang_check_s``). A failed round is logged and
    the next one tries again: a sidang stays open until it is closed once."""
    context = BotContext(app)
    while True:
        await asyncio.sleep(every)
        try:
            replies = await context.run_blocking(context.assistant.close_due_sidangs)
            for reply in replies:
                if reply.chat_id is not None:
                    await send_reply(context, reply.chat_id, reply)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sidang clock round failed")


async def on_migrate(update: Update, context: BotContext) -> None:
    """A group became a supergroup (new chat id): a committee registered there follows it.
    Telegram posts the move in both chats; the second finds nothing left to move."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    await context.run_blocking(context.assistant.follow_group_move, old, new)


def _inbound(
    update: Update, *, text: str = "", token: str | None = None, bot_username: str = ""
) -> Inbound:
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None
    return Inbound(
        actor=f"tg:{user.id}",
        private=chat is not None and chat.type == ChatType.PRIVATE,
        text=text,
        callback_token=token,
        telegram_id=user.id,
        chat_id=chat.id if chat is not None else None,
        bot_username=bot_username,
    )


def answered_once(update: Update, context: BotContext) -> AbstractAsyncContextManager[UpdateAnswer]:
    """An :class:`UpdateAnswer`, fresh when this worker is to answer ``update``; each message of the
    answer sent or edited is marked on it (see :mod:`bot.doors.telegram_updates`)."""
    return context.ledger.answering(context.bot.id, update.update_id, context.run_blocking)


@asynccontextmanager
async def typing(context: BotContext, chat_id: int) -> AsyncIterator[None]:
    """ "typing…" in the chat while the core works (a search, a document build), renewed every
    few seconds. The chat action in flight is let finish (briefly) before the answer goes out,
    so it never shows after the answer; a failed one is logged and never fails the answer."""
    done = asyncio.Event()

    async def keep() -> None:
        while not done.is_set():
            try:
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as exc:
                log.info("chat action failed", extra={"error": type(exc).__name__})
            with suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), TYPING_EVERY_S)

    task = asyncio.create_task(keep())
    try:
        yield
    finally:
        done.set()
        with suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(task, TYPING_GRACE_S)


async def on_message(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or message.text is None or update.effective_user is None:
        return
    async with answered_once(update, context) as answer:
        if not answer.fresh:
            return
        async with typing(context, message.chat_id):
            replies = await context.run_blocking(
                context.assistant.handle,
                _inbound(update, text=message.text, bot_username=context.bot.username or ""),
            )
        for reply in replies:
            # A committee command in a group also writes to members' private chats.
            await send_reply(context, reply.chat_id or message.chat_id, reply, answer)


async def on_callback(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    async with answered_once(update, context) as answer:
        if answer.fresh:
            await _answer_callback(update, context, query, answer)


async def _answer_callback(
    update: Update, context: BotContext, query: CallbackQuery, answer: UpdateAnswer
) -> None:
    assert update.effective_user is not None
    await _retry(lambda: query.answer())
    message = query.message if isinstance(query.message, Message) else None
    async with typing(context, message.chat_id if message else update.effective_user.id):
        replies = await context.run_blocking(
            context.assistant.handle,
            _inbound(update, token=query.data or "", bot_username=context.bot.username or ""),
        )
    for reply in replies:
        if reply.chat_id is not None:  # addressed elsewhere (e.g. the committee's group)
            await send_reply(context, reply.chat_id, reply, answer)
            continue
        parts = split_html(reply.html)
        if reply.edit and message is not None and not may_edit_into(message, reply):
            log.warning("personal data not edited into an unprotected message")
        elif reply.edit and message is not None and len(parts) == 1:
            html, markup = reply.html, _markup(reply)
            try:
                await _retry(
                    partial(
                        message.edit_text, html, parse_mode=ParseMode.HTML, reply_markup=markup
                    ),
                    repeatable=False,
                )
                answer.delivered()
                continue
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    continue  # the message already shows this reply: nothing to send
                log.info("edit failed, sending anew", extra={"error": str(exc)[:120]})
        chat_id = message.chat_id if message else update.effective_user.id
        await send_reply(context, chat_id, reply, answer)


def may_edit_into(message: Message, reply: Reply) -> bool:
    """Personal data may replace only a message that is itself protected; anything else is
    sent as a new protected message (whatever the core asked for)."""
    return not reply.personal_data or bool(message.has_protected_content)


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.token) for b in row]
            for row in reply.buttons
        ]
    )


async def send_reply(
    context: BotContext, chat_id: int, reply: Reply, answer: UpdateAnswer | None = None
) -> None:
    """Send ``reply`` to ``chat_id``: its text in parts, its attachment, its menu. Each message
    sent is marked on ``answer`` (the update being answered, if any)."""
    # A document that needs no words of its own (its caption says what it is) is sent alone.
    alone = reply.attachment is not None and not reply.html.strip() and not reply.buttons
    parts = [] if alone else split_html(reply.html)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        await _retry(
            partial(
                context.bot.send_message,
                chat_id,
                part,
                parse_mode=ParseMode.HTML,
                protect_content=reply.protect_content,
                reply_markup=_markup(reply) if last else None,
            ),
            repeatable=False,
        )
        if answer is not None:
            answer.delivered()
    if reply.attachment is not None:
        att = reply.attachment
        doc = InputFile(att.content, filename=att.filename)
        if att.kind == "photo":
            await _retry(
                lambda: context.bot.send_photo(
                    chat_id, doc, caption=att.caption, protect_content=reply.protect_content
                ),
                repeatable=False,
            )
        else:
            await _retry(
                lambda: context.bot.send_document(
                    chat_id, doc, caption=att.caption, protect_content=reply.protect_content
                ),
                repeatable=False,
            )
        if answer is not None:
            answer.delivered()
    if reply.menu_role is not None:
        commands = menu(context.assistant.commands, Role(reply.menu_role))
        await _retry(
            lambda: context.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
        )


def _may_have_been_carried_out(exc: Exception) -> bool:
    """A read timeout: the request reached the Bot API, which may have carried it out."""
    return isinstance(exc, TimedOut) and isinstance(exc.__cause__, httpx.ReadTimeout)


async def _retry(call: Callable[[], Any], *, repeatable: bool = True) -> Any:
    """Retry 5xx answers, dropped connections and timeouts, with backoff.

    ``429 retry_after`` is already waited out and retried by ``AIORateLimiter``. A call that is
    not ``repeatable`` (a message sent or edited) is neither repeated nor reported as failed
    after a read timeout: the Bot API got it and has most likely carried it out, and a second
    copy (or an apology for an answer the user has) is worse than a rare lost one.
    """
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await call()
        except RetryAfter:
            raise
        except (TimedOut, NetworkError) as exc:
            if isinstance(exc, BadRequest):
                raise
            if not repeatable and _may_have_been_carried_out(exc):
                log.warning("telegram send timed out; not repeated", extra={"attempt": attempt})
                return None
            if attempt == SEND_ATTEMPTS:
                raise
            log.warning("telegram retry", extra={"attempt": attempt, "error": type(exc).__name__})
            await asyncio.sleep(0.25 * 2 ** (attempt - 1))
    return None


async def on_error(update: object, context: BotContext) -> None:
    """The one global error handler: traceback in the log, an error id for the user."""
    error_id = secrets.token_hex(4)
    chat_id = None
    if isinstance(update, Update) and update.effective_chat is not None:
        chat_id = update.effective_chat.id
    log.error(
        "unhandled error",
        exc_info=context.error,
        extra={"error_id": error_id, "update_id": getattr(update, "update_id", None)},
    )
    if chat_id is None:
        return
    try:
        await context.bot.send_message(
            chat_id, context.renderer.render("error", error_id=error_id), parse_mode=ParseMode.HTML
        )
    except Exception:  # the apology itself failed (network down): logged, never raised
        log.exception("apology failed", extra={"error_id": error_id})


@asynccontextmanager
async def polling(
    app: Application[Any, Any, Any, Any, Any, Any], *, timeout: int, poll_interval: float = 0.0
) -> AsyncIterator[None]:
    """Run ``app`` by long polling inside an existing event loop (tests, bench, embedding)."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(timeout=timeout, poll_interval=poll_interval)
    await app.start()
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


ALLOWED_UPDATES = ["message", "callback_query"]


def webhook_options(hook: WebhookSettings, secret: str | None) -> dict[str, Any]:
    """One place for the webhook's listen address, port, path, public URL and secret token.

    Without a secret token anyone who finds the URL could post forged updates, so webhook mode
    refuses to start without one (and without the public URL Telegram must post to).
    """
    if not hook.url:
        raise ConfigError("bot.webhook.url wajib diisi (URL HTTPS publik) untuk mode webhook.")
    if not secret:
        raise ConfigError(
            "TALENTA_WEBHOOK_SECRET wajib diisi untuk mode webhook (1–256 karakter A-Z, a-z, "
            "0-9, _ dan -), agar hanya Telegram yang dapat mengirim pembaruan."
        )
    return {
        "listen": hook.listen,
        "port": hook.port,
        "url_path": hook.path,
        "webhook_url": hook.url,
        "secret_token": secret,
        "allowed_updates": ALLOWED_UPDATES,
    }


@asynccontextmanager
async def webhook(
    app: Application[Any, Any, Any, Any, Any, Any], hook: WebhookSettings, secret: str | None
) -> AsyncIterator[None]:
    """Serve ``app`` as a webhook inside an existing event loop (tests, embedding).

    Telegram is told the URL and secret token (``setWebhook``); a POST without the right
    ``X-Telegram-Bot-Api-Secret-Token`` header is refused with 403 by PTB's webhook server.
    """
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_webhook(**webhook_options(hook, secret))
    await app.start()
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


def run(
    app: Application[Any, Any, Any, Any, Any, Any], settings: BotSettings, secret: str | None
) -> None:
    """Block and serve until interrupted: polling by default, webhook by configuration."""
    if settings.mode == "webhook":
        app.run_webhook(**webhook_options(settings.webhook, secret))
    else:
        app.run_polling(timeout=settings.poll_timeout, allowed_updates=ALLOWED_UPDATES)
