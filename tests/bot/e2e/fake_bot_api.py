"""A fake Telegram Bot API server on loopback (aiohttp), for end-to-end tests and the bench.

It speaks enough of the Bot API for python-telegram-bot's real ``Application`` to poll it:
getMe, getUpdates (long polling), sendMessage, editMessageText, answerCallbackQuery,
sendChatAction,
sendPhoto, sendDocument, setMyCommands, getMyCommands, deleteMyCommands, deleteWebhook,
setWebhook, close. Every call is recorded so tests can assert what users would see.

Faults, injected per method with :meth:`FakeBotApi.inject`, are what the real Bot API does on a
bad day: ``429`` (Too Many Requests, with ``retry_after``), ``502`` (Bad Gateway), ``drop`` (the
connection closes before the request is processed), ``slow`` (the answer comes after
``delay`` seconds; a slow ``getUpdates`` outlives the client's timeout) and ``400`` (a Bad
Request with its ``description``, e.g. "message is not modified"). A faulted call has no
effect and lands in ``failures``, never in ``calls``. :meth:`FakeBotApi.redeliver` hands out an
update again, as Telegram does after a restart that left it unconfirmed.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

BOT = {
    "id": 4242,
    "is_bot": True,
    "first_name": "Talenta",
    "username": "talenta_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
_STRING_FIELDS = {
    "text",
    "caption",
    "parse_mode",
    "callback_query_id",
    "data",
    "url",
    "secret_token",
    "description",
    "short_description",
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        cid = self.params.get("chat_id")
        return int(cid) if cid is not None else None


FaultKind = Literal["429", "502", "drop", "slow", "400", "401"]
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    retry_after: int = 1  # seconds, for 429
    delay: float = 0.0  # seconds, for slow
    description: str = NOT_MODIFIED  # for 400


class FakeBotApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.commands: dict[str, Any] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.failures: list[Call] = []  # calls answered with an injected fault (no effect)
        self._faults: dict[str, deque[Fault]] = {}
        self._unconfirmed: set[int] = set()  # update ids to hand out again whatever the offset
        self.handed_again = 0  # redelivered updates actually handed out by getUpdates
        self.last_update: dict[str, Any] = {}  # the update most recently pushed
        self._pushed: dict[int, dict[str, Any]] = {}
        # Per-chat index and wake-ups, so 50 waiting users do not rescan every call.
        self._by_chat: dict[int, list[Call]] = {}
        self._chat_events: dict[int, asyncio.Event] = {}

    # -- server ---------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        async with self._changed:
            self._changed.notify_all()
        if self._runner:
            await self._runner.cleanup()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if request.content_type == "application/json":
            return dict(await request.json())
        form = await request.post()
        for key, value in form.items():
            if not isinstance(value, str):
                data = value.file.read()
                out[key] = {
                    "filename": getattr(value, "filename", ""),
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            elif key in _STRING_FIELDS:
                out[key] = value
            else:
                try:
                    out[key] = json.loads(value)
                except ValueError:
                    out[key] = value
        return out

    def inject(self, method: str, *faults: Fault) -> None:
        """The next calls of ``method`` meet these faults, one call each, in order."""
        self._faults.setdefault(method, deque()).extend(faults)

    async def _fault(self, request: web.Request, method: str, params: dict[str, Any]) -> Any:
        """The injected answer for this call, or None to process it normally."""
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue.popleft()
        if fault.kind == "slow":
            await asyncio.sleep(fault.delay)
            return None  # then processed, whether or not the client is still waiting
        self.failures.append(Call(method, params))
        if fault.kind == "drop":
            assert request.transport is not None
            request.transport.close()  # no status line, no body: the client sees a reset
            return web.Response(status=500)
        if fault.kind == "429":
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {fault.retry_after}",
                    "parameters": {"retry_after": fault.retry_after},
                },
                status=429,
            )
        if fault.kind == "401":  # what Telegram answers for a revoked or wrong token
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        if fault.kind == "400":
            return web.json_response(
                {"ok": False, "error_code": 400, "description": fault.description}, status=400
            )
        return web.Response(status=502, text="Bad Gateway")

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        faulted = await self._fault(request, method, params)
        if faulted is not None:
            return faulted  # type: ignore[no-any-return]
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._api_getUpdates(params)})
        call = Call(method, params)
        self.calls.append(call)
        result = await getattr(self, f"_api_{method}", self._api_default)(params)
        if call.chat_id is not None:
            self._by_chat.setdefault(call.chat_id, []).append(call)
            self._chat_events.setdefault(call.chat_id, asyncio.Event()).set()
        return web.json_response({"ok": True, "result": result})

    async def _api_default(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        async with self._changed:
            self._updates = [
                u
                for u in self._updates
                if u["update_id"] >= offset or u["update_id"] in self._unconfirmed
            ]
            while not self._updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
            handed = list(self._updates[:100])
            again = self._unconfirmed & {u["update_id"] for u in handed}
            self.handed_again += len(again)
            self._unconfirmed -= again
            return handed

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT,
            **extra,
        }

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        msg = self._message(params, text=params["text"])
        if "reply_markup" in params:
            msg["reply_markup"] = params["reply_markup"]
        params["message_id"] = msg["message_id"]
        return msg

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        msg = self._message(params, text=params["text"])
        msg["message_id"] = int(params["message_id"])
        if "reply_markup" in params:
            msg["reply_markup"] = params["reply_markup"]
        return msg

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        return self._message(params, document={"file_id": "d1", "file_unique_id": "d1"})

    async def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        return self._message(
            params, photo=[{"file_id": "p1", "file_unique_id": "p1", "width": 1, "height": 1}]
        )

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands[json.dumps(params.get("scope", {"type": "default"}), sort_keys=True)] = (
            params["commands"]
        )
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> Any:
        key = json.dumps(params.get("scope", {"type": "default"}), sort_keys=True)
        return self.commands.get(key, [])

    # -- users ----------------------------------------------------------------------------

    async def _push(self, update: dict[str, Any]) -> None:
        async with self._changed:
            self._pushed[update["update_id"]] = update
            self.last_update = update
            self._updates.append(update)
            self._changed.notify_all()

    async def redeliver(self, update_id: int) -> float:
        """Hand out update ``update_id`` again, as Telegram does when it was never confirmed
        (the bot restarted after fetching it); returns when it was queued."""
        started = time.monotonic()
        async with self._changed:
            self._unconfirmed.add(update_id)
            self._updates.append(self._pushed[update_id])
            self._updates.sort(key=lambda u: u["update_id"])
            self._changed.notify_all()
        return started

    def sent(self, chat_id: int, method: str = "sendMessage") -> list[Call]:
        """Calls of ``method`` the server carried out for ``chat_id`` (faulted ones excluded)."""
        return [c for c in self._by_chat.get(chat_id, []) if c.method == method]

    def message_update(
        self, user_id: int, text: str, *, chat_id: int | None = None, chat_type: str = "private"
    ) -> dict[str, Any]:
        """An Update with a user's text message, as Telegram would send it."""
        chat = {"id": chat_id or user_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Grup Kepegawaian"
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"},
            "text": text,
        }
        if text.startswith("/"):
            cmd = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
        return {"update_id": next(self._update_ids), "message": message}

    async def user_says(
        self, user_id: int, text: str, *, chat_id: int | None = None, chat_type: str = "private"
    ) -> float:
        update = self.message_update(user_id, text, chat_id=chat_id, chat_type=chat_type)
        started = time.monotonic()
        await self._push(update)
        return started

    async def group_migrates(self, user_id: int, chat_id: int, new_chat_id: int) -> float:
        """The service message Telegram posts in a group that became a supergroup (it arrives
        with privacy mode on, like commands)."""
        started = time.monotonic()
        await self._push(
            {
                "update_id": next(self._update_ids),
                "message": {
                    "message_id": next(self._message_ids),
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "group", "title": "Komite"},
                    "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"},
                    "migrate_to_chat_id": new_chat_id,
                },
            }
        )
        return started

    async def user_presses(self, user_id: int, sent: Call, data: str) -> float:
        update = self.press_update(user_id, sent, data)
        started = time.monotonic()
        await self._push(update)
        return started

    def press_update(self, user_id: int, sent: Call, data: str) -> dict[str, Any]:
        """An Update with a user's press of button ``data`` under the message ``sent``."""
        message = {
            "message_id": sent.params.get("message_id", 1),
            "date": int(time.time()),
            "chat": {"id": sent.chat_id, "type": "private"},
            "from": BOT,
            "text": sent.params.get("text", ""),
        }
        if sent.params.get("protect_content"):
            message["has_protected_content"] = True  # as Telegram marks a protected message
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._update_ids)),
                "chat_instance": "ci",
                "data": data,
                "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"},
                "message": message,
            },
        }

    async def replies_after(
        self,
        chat_id: int,
        since: float,
        *,
        count: int = 1,
        timeout: float = 10.0,
        settle: float = 0.15,
    ) -> list[Call]:
        """Messages sent or edited in ``chat_id`` after ``since`` (waits for ``count``)."""
        deadline = time.monotonic() + timeout
        event = self._chat_events.setdefault(chat_id, asyncio.Event())
        kinds = ("sendMessage", "editMessageText", "sendDocument", "sendPhoto")

        def found() -> list[Call]:
            return [
                c for c in self._by_chat.get(chat_id, []) if c.at >= since and c.method in kinds
            ]

        while len(found()) < count and time.monotonic() < deadline:
            event.clear()
            try:
                await asyncio.wait_for(event.wait(), max(0.01, deadline - time.monotonic()))
            except TimeoutError:
                break
        if settle:
            await asyncio.sleep(settle)
        return found()
