"""A fake Telegram Bot API server on loopback (aiohttp), for end-to-end tests and the bench.

It speaks enough of the Bot API for python-telegram-bot's real ``Application`` to poll it:
getMe, getUpdates (long polling), sendMessage, editMessageText, answerCallbackQuery,
sendPhoto, sendDocument, setMyCommands, getMyCommands, deleteMyCommands, deleteWebhook,
setWebhook, close. Every call is recorded so tests can assert what users would see.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

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
        self.fail_next: dict[str, int] = {}  # method -> number of 502s to return first
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
                out[key] = {
                    "filename": getattr(value, "filename", ""),
                    "size": len(value.file.read()),
                }
            elif key in _STRING_FIELDS:
                out[key] = value
            else:
                try:
                    out[key] = json.loads(value)
                except ValueError:
                    out[key] = value
        return out

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        if self.fail_next.get(method, 0) > 0:
            self.fail_next[method] -= 1
            return web.Response(status=502, text="Bad Gateway")
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
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
            return list(self._updates[:100])

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
            self._updates.append(update)
            self._changed.notify_all()

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

    async def user_presses(self, user_id: int, sent: Call, data: str) -> float:
        message = {
            "message_id": sent.params.get("message_id", 1),
            "date": int(time.time()),
            "chat": {"id": sent.chat_id, "type": "private"},
            "from": BOT,
            "text": sent.params.get("text", ""),
        }
        started = time.monotonic()
        await self._push(
            {
                "update_id": next(self._update_ids),
                "callback_query": {
                    "id": str(next(self._update_ids)),
                    "chat_instance": "ci",
                    "data": data,
                    "from": {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"},
                    "message": message,
                },
            }
        )
        return started

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
