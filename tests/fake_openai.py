"""A fake OpenAI-compatible chat-completions server on 127.0.0.1, for the LLM engine's tests and benchmark.

Script it with ``queue(Reply(...), ...)`` (replies are used in order), or give it a ``responder`` that
builds a reply from each request. Every request is recorded in ``requests``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Reply:
    """One scripted HTTP answer: a JSON body (or raw bytes), a status, headers and an optional delay."""

    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    delay: float = 0.0


@dataclass(frozen=True)
class Recorded:
    """A request the fake received."""

    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def messages(self) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = self.body["messages"]
        return messages

    def content(self, role: str) -> str:
        """Return the content of the first message with this role."""
        return next(str(m["content"]) for m in self.messages if m["role"] == role)


def completion(
    content: str | None, *, refusal: str | None = None, finish_reason: str = "stop"
) -> dict[str, Any]:
    """Return a chat-completion response body as OpenAI sends it."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "fake-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def answer(summary: list[str] | str, key_points: list[str], quote_ids: list[Any] | None = None) -> Reply:
    """Return a 200 reply whose message content is the JSON answer object."""
    content = json.dumps({"summary": summary, "key_points": key_points, "quote_ids": quote_ids or []})
    return Reply(completion(content))


def text_reply(content: str) -> Reply:
    """Return a 200 reply whose message content is free text (malformed JSON, a refusal, ...)."""
    return Reply(completion(content))


class FakeOpenAI:
    """``POST /v1/chat/completions`` on 127.0.0.1, a free port: ``async with FakeOpenAI() as fake``."""

    def __init__(self, responder: Callable[[dict[str, Any]], Reply] | None = None) -> None:
        self._responder = responder
        self._replies: deque[Reply] = deque()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.requests: list[Recorded] = []
        self.port = 0

    @property
    def url(self) -> str:
        """The base URL to put in BRIEFBOT_LLM_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/v1"

    def queue(self, *replies: Reply) -> None:
        """Answer the next requests with these replies, in order."""
        self._replies.extend(replies)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        self._closing.set()  # wake any delayed reply so shutdown does not wait for it
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeOpenAI:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(Recorded(body=body, headers=dict(request.headers)))
        if self._replies:
            reply = self._replies.popleft()
        elif self._responder is not None:
            reply = self._responder(body)
        else:
            reply = Reply({"error": {"message": "no reply scripted"}}, status=500)
        if reply.delay:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), timeout=reply.delay)
        if reply.raw is not None:
            return web.Response(body=reply.raw, status=reply.status, headers=reply.headers)
        return web.json_response(reply.body, status=reply.status, headers=reply.headers)
