"""A small fake Discord (REST + gateway websocket) on 127.0.0.1, enough for the real discord.py client.

Point the bot at it with ``Settings(discord_api_url=fake.api_url, discord_gateway_url=fake.gateway_url)``.
The fake keeps one guild with text channels, records every REST call the bot makes, and lets a test
play users: post messages, run slash commands and message commands, react.

What discord.py insists on (each cost a failure): ``Content-Type: application/json`` exactly (aiohttp's
``json_response`` adds a charset, which discord.py rejects); ids as snowflake strings; READY with ``user``,
``guilds`` stubs, ``session_id``, ``resume_gateway_url`` and ``s``; GUILD_CREATE channels with ``id, type,
name, position`` and an @everyone role whose id is the guild's; interactions with ``attachment_size_limit``;
callbacks answered with ``{"interaction": {"id", "type"}}`` and follow-ups with a full message. TEXT frames
are read as plain JSON, so the gateway ignores compression; a small ``guild_ready_timeout`` makes on_ready
fire at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 900_000_000_000_000_001
BOT_ID = APP_ID
GUILD_ID = 910_000_000_000_000_001
CHANNEL_ID = 920_000_000_000_000_001  # #news
OTHER_CHANNEL_ID = 920_000_000_000_000_002  # #general
FORUM_ID = 920_000_000_000_000_003  # #reading-room, a forum channel
#: A server where briefbot is not installed (only a user installed it), and a group DM.
EXTERNAL_GUILD_ID = 910_000_000_000_000_002
EXTERNAL_CHANNEL_ID = 920_000_000_000_000_009
GROUP_DM_ID = 920_000_000_000_000_010
TEXT, DM, GROUP_DM, PUBLIC_THREAD, FORUM = 0, 1, 3, 11, 15
#: Interaction contexts (where a command was used) and installation types (who installed briefbot).
CONTEXT_GUILD, CONTEXT_BOT_DM, CONTEXT_PRIVATE_CHANNEL = 0, 1, 2
GUILD_INSTALL, USER_INSTALL = 0, 1
ADMIN_ID = 930_000_000_000_000_001
MEMBER_ID = 930_000_000_000_000_002
OTHER_BOT_ID = 930_000_000_000_000_099
MESSAGE_CONTENT = 1 << 15
PRIVILEGED = (1 << 1) | (1 << 8) | MESSAGE_CONTENT  # members, presences, message content
MANAGE_GUILD = 1 << 5
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
EVERYDAY_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 31)  # view, send, links, history
#: What Discord grants an app's interaction answers where its bot is not a member (no Send Messages).
EXTERNAL_APP_PERMISSIONS = (1 << 14) | (1 << 15) | (1 << 17)  # embed links, attach files, mention everyone
ADMIN_PERMISSIONS = EVERYDAY_PERMISSIONS | MANAGE_GUILD


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py compares the Content-Type for equality: no "; charset=utf-8" suffix.
    return web.Response(
        status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"}
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


@dataclass
class Call:
    """One REST request the bot made."""

    method: str
    path: str
    body: Any
    at: float = field(default_factory=time.monotonic)


@dataclass
class FakeUser:
    """A member of the fake guild."""

    id: int
    name: str
    permissions: int = EVERYDAY_PERMISSIONS
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return user_payload(self.id, self.name, bot=self.bot)

    def member(self, *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": str(self.permissions),
        }
        if with_user:
            data["user"] = self.payload()
        return data


ADMIN = FakeUser(ADMIN_ID, "ada_admin", ADMIN_PERMISSIONS)
MEMBER = FakeUser(MEMBER_ID, "mo_member")
OTHER_BOT = FakeUser(OTHER_BOT_ID, "other_bot", bot=True)


@dataclass(frozen=True)
class Where:
    """Where a user runs a command, and who installed briefbot there (``owners``: installation types)."""

    context: int = CONTEXT_GUILD
    guild_id: int | None = GUILD_ID
    channel_id: int | None = None  # None: the channel given to the call
    channel_type: int = TEXT
    owners: tuple[int, ...] = (GUILD_INSTALL,)
    app_permissions: int = EVERYDAY_PERMISSIONS


#: In the fake guild, where briefbot is installed.
IN_SERVER = Where()
#: From a user install, in a server where briefbot is not installed; Discord lets the app answer only the
#: user there (the user may not use external apps publicly), so its permissions hold no Send Messages.
ELSEWHERE = Where(
    guild_id=EXTERNAL_GUILD_ID,
    channel_id=EXTERNAL_CHANNEL_ID,
    owners=(USER_INSTALL,),
    app_permissions=EXTERNAL_APP_PERMISSIONS,
)
#: The same, where the user may use external apps publicly.
ELSEWHERE_PUBLIC = Where(
    guild_id=EXTERNAL_GUILD_ID,
    channel_id=EXTERNAL_CHANNEL_ID,
    owners=(USER_INSTALL,),
    app_permissions=EXTERNAL_APP_PERMISSIONS | SEND_MESSAGES,
)
#: From a user install, in a group DM.
IN_GROUP_DM = Where(
    context=CONTEXT_PRIVATE_CHANNEL,
    guild_id=None,
    channel_id=GROUP_DM_ID,
    channel_type=GROUP_DM,
    owners=(USER_INSTALL,),
    app_permissions=EXTERNAL_APP_PERMISSIONS,
)


class FakeDiscord:
    """Discord's REST API and gateway, just enough of them, on 127.0.0.1 at a free port."""

    def __init__(self, *, refuse_privileged: bool = False, blank_content_without_intent: bool = True) -> None:
        self.refuse_privileged = refuse_privileged
        self.blank_content_without_intent = blank_content_without_intent
        self.refuse_threads = False  # answer 403 to thread creation (a bot without that permission)
        self.refuse_posts: set[int] = set()  # channels where posting answers 403 (no Send Messages)
        self.callback_delay = 0.0  # seconds to hold each interaction callback before answering it
        self.callback_held = asyncio.Event()  # set when a callback starts being held
        self.port = 0
        self.calls: list[Call] = []
        self.messages: dict[int, dict[str, Any]] = {}  # every message, users' and the bot's
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id -> synced commands
        self.identifies: list[dict[str, Any]] = []
        self.closes_sent: list[int] = []
        self.interaction_responses: dict[int, list[dict[str, Any]]] = {}
        self.interaction_messages: dict[int, dict[str, Any]] = {}  # interaction id -> its response message
        self.attachments: dict[str, bytes] = {}
        self.identified = asyncio.Event()
        self.synced = asyncio.Event()
        self.guild_sent = asyncio.Event()
        self._ids = itertools.count(950_000_000_000_000_001)
        self._seq = 0
        self._ws: web.WebSocketResponse | None = None
        self._intents = 0
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Condition()
        self.channels = {CHANNEL_ID: "news", OTHER_CHANNEL_ID: "general", FORUM_ID: "reading-room"}
        self.channel_types = {FORUM_ID: FORUM}  # the others are text channels
        self.reactors: dict[tuple[int, str], list[FakeUser]] = {}  # (message id, emoji) -> who reacted
        self.threads: dict[int, dict[str, Any]] = {}
        self._token_channels: dict[str, int] = {}

    # --- lifecycle ------------------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/cdn/{name}", self._attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def next_id(self) -> int:
        return next(self._ids)

    @property
    def has_content_intent(self) -> bool:
        return bool(self._intents & MESSAGE_CONTENT)

    # --- waiting for the bot --------------------------------------------------------------------------
    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    async def wait_for_call(
        self, predicate: Callable[[Call], bool], *, within: float = 10.0, after: int = 0
    ) -> Call:
        """Wait up to ``within`` seconds for a REST call (from index ``after`` on) matching ``predicate``."""
        async with asyncio.timeout(within):
            async with self._changed:
                while True:
                    for call in self.calls[after:]:
                        if predicate(call):
                            return call
                    await self._changed.wait()

    def bot_messages(self, *, after: int = 0) -> list[Call]:
        """Every call that posted or edited a message (channel messages, replies, interaction answers)."""
        return [c for c in self.calls[after:] if _is_message_send(c)]

    # --- REST -----------------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            if request.content_type == "multipart/form-data":
                form = await request.post()
                raw = form.get("payload_json")
                body = json.loads(raw) if isinstance(raw, str) else {}
            else:
                text = await request.text()
                body = json.loads(text) if text else None
        call = Call(request.method, path, body)
        response = await self._route(request.method, path, body, request)
        await self._record(call)
        return response

    async def _route(self, method: str, path: str, body: Any, request: web.Request) -> web.Response:
        parts = path.strip("/").split("/")
        if (method, path) == ("GET", "/users/@me"):
            return _json(user_payload(BOT_ID, "briefbot", bot=True))
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return _json(self._application())
        if (method, path) == ("GET", "/gateway/bot"):
            return _json(
                {
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            scope = parts[3] if len(parts) == 5 else "global"
            synced = [
                {
                    "description": "",
                    "options": [],
                    "default_member_permissions": None,
                    "nsfw": False,
                    **cmd,
                    "id": str(self.next_id()),
                    "application_id": str(APP_ID),
                    "version": "1",
                }
                for cmd in body
            ]
            self.commands[scope] = synced
            self.synced.set()
            return _json(synced)
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            interaction_id = int(parts[1])
            if self.callback_delay:  # a slow Discord: the bot is mid-request for a while
                self.callback_held.set()
                await asyncio.sleep(self.callback_delay)
            self.interaction_responses.setdefault(interaction_id, []).append(body)
            data = body.get("data") or {}
            answer: dict[str, Any] = {"interaction": {"id": str(interaction_id), "type": 2}}
            answer["resource"] = {"type": body.get("type")}
            if body.get("type") == 4:  # a message: remember it (with its components) and say which it is
                message = self._bot_message(data, channel_id=0, interaction_id=interaction_id)
                message["components"] = data.get("components") or []
                self._store_message(message)
                self.interaction_messages[interaction_id] = message
                answer["interaction"]["response_message_id"] = message["id"]
                answer["resource"]["message"] = message
            return _json(answer)
        if parts[0] == "webhooks":
            return self._webhook(method, parts, body)
        if parts[0] == "channels":
            return self._channel(method, parts, body, request.query)
        return _json({"message": f"fake Discord has no route {method} {path}", "code": 0}, status=404)

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(APP_ID),
            "name": "briefbot",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": user_payload(ADMIN_ID, "ada_admin"),
            "verify_key": "0" * 64,
            "flags": 0,
        }

    def _webhook(self, method: str, parts: list[str], body: Any) -> web.Response:
        token = parts[2]
        if method == "POST" and len(parts) == 3:  # follow-up
            message = self._bot_message(body or {}, channel_id=self._channel_of_token(token), token=token)
            self._store_message(message)
            return _json(message)
        if len(parts) == 5 and parts[3] == "messages":
            if method == "DELETE":
                return web.Response(status=204)
            message = self._bot_message(body or {}, channel_id=self._channel_of_token(token), token=token)
            self._store_message(message)
            return _json(message)
        return _json({"message": "unknown webhook route", "code": 0}, status=404)

    def _channel(self, method: str, parts: list[str], body: Any, query: Mapping[str, str]) -> web.Response:
        channel_id = int(parts[1])
        if (
            method == "POST"
            and len(parts) == 3
            and parts[2] == "messages"
            and channel_id in self.refuse_posts
        ):
            return _json({"message": "Missing Permissions", "code": 50013}, status=403)
        if method == "POST" and len(parts) == 3 and parts[2] == "messages":
            message = self._bot_message(body or {}, channel_id=channel_id)
            self._store_message(message)
            return _json(message)
        if method == "GET" and len(parts) == 4 and parts[2] == "messages":
            found = self.messages.get(int(parts[3]))
            if found is None:
                return _json({"message": "Unknown Message", "code": 10008}, status=404)
            return _json(found)
        if method == "POST" and len(parts) == 3 and parts[2] == "threads":  # a post in a forum channel
            return self._forum_post_by_bot(channel_id, body or {})
        if method == "GET" and len(parts) == 6 and parts[4] == "reactions":
            # Discord pages through reactors by id: those after ``after``, at most ``limit``.
            after = int(query.get("after", 0))
            limit = int(query.get("limit", 25))
            users = sorted(self.reactors.get((int(parts[3]), parts[5]), []), key=lambda u: u.id)
            return _json([user.payload() for user in users if user.id > after][:limit])
        if method == "POST" and len(parts) == 5 and parts[4] == "threads" and self.refuse_threads:
            return _json({"message": "Missing Permissions", "code": 50013}, status=403)
        if method == "POST" and len(parts) == 5 and parts[4] == "threads":
            thread_id = int(parts[3])  # a thread on a message has the message's id
            thread = {
                "id": str(thread_id),
                "type": 11,
                "guild_id": str(GUILD_ID),
                "parent_id": str(channel_id),
                "name": (body or {}).get("name", "thread"),
                "owner_id": str(BOT_ID),
                "message_count": 0,
                "member_count": 1,
                "rate_limit_per_user": 0,
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": (body or {}).get("auto_archive_duration", 1440),
                    "archive_timestamp": _now(),
                    "locked": False,
                },
                "flags": 0,
            }
            self.threads[thread_id] = thread
            return _json(thread, status=201)
        if method in ("PUT", "DELETE") and "reactions" in parts:
            return web.Response(status=204)
        return _json({"message": "unknown channel route", "code": 0}, status=404)

    def _thread_payload(self, thread_id: int, parent_id: int, name: str, owner_id: int) -> dict[str, Any]:
        return {
            "id": str(thread_id),
            "type": PUBLIC_THREAD,
            "guild_id": str(GUILD_ID),
            "parent_id": str(parent_id),
            "name": name,
            "owner_id": str(owner_id),
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": _now(),
                "locked": False,
            },
            "applied_tags": [],
            "flags": 0,
        }

    def _forum_post_by_bot(self, forum_id: int, body: dict[str, Any]) -> web.Response:
        """Open a post (a thread with its first message) in a forum, as Discord does for the bot."""
        if self.channel_types.get(forum_id) != FORUM:
            return _json({"message": "Cannot start a post outside a forum", "code": 50024}, status=400)
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= 100 or not isinstance(body.get("message"), dict):
            return _json({"message": "Invalid Form Body", "code": 50035}, status=400)
        message = self._bot_message(body["message"], channel_id=0)
        thread_id = int(message["id"])  # a post's id is its first message's id
        message["channel_id"] = str(thread_id)
        self._store_message(message)
        thread = self._thread_payload(thread_id, forum_id, name, BOT_ID)
        self.threads[thread_id] = thread
        return _json({**thread, "message": message}, status=201)

    def _channel_of_token(self, token: str) -> int:
        return self._token_channels.get(token, CHANNEL_ID)

    def _bot_message(
        self,
        body: dict[str, Any],
        *,
        channel_id: int,
        token: str | None = None,
        interaction_id: int | None = None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "id": str(self.next_id()),
            "type": 0 if not body.get("message_reference") else 19,
            "channel_id": str(channel_id or CHANNEL_ID),
            "guild_id": str(GUILD_ID),
            "author": user_payload(BOT_ID, "briefbot", bot=True),
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": _now(),
            "edited_timestamp": None,
            "flags": body.get("flags") or 0,
            "components": [],
        }
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
        return message

    def _store_message(self, message: dict[str, Any]) -> None:
        self.messages[int(message["id"])] = message

    async def _attachment(self, request: web.Request) -> web.StreamResponse:
        data = self.attachments.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    # --- gateway --------------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45_000}})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                break
            payload = json.loads(msg.data)
            op = payload.get("op")
            if op == 1:
                await ws.send_json({"op": 11})
            elif op == 2:
                await self._identify(ws, payload["d"])
            elif op == 6:  # resume: not supported; ask for a fresh identify
                await ws.send_json({"op": 9, "d": False})
        if self._ws is ws:
            self._ws = None
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.identifies.append(data)
        intents = int(data.get("intents", 0))
        if self.refuse_privileged and intents & PRIVILEGED:
            self.closes_sent.append(4014)
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        self._intents = intents
        self._ws = ws
        self._seq = 0
        shard = data.get("shard") or [0, 1]
        await self._dispatch(
            "READY",
            {
                "v": 10,
                "user": user_payload(BOT_ID, "briefbot", bot=True),
                "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                "session_id": "fake-session",
                "resume_gateway_url": self.gateway_url,
                "shard": shard,
                "application": {"id": str(APP_ID), "flags": 0},
            },
        )
        self.identified.set()
        await self._dispatch("GUILD_CREATE", self._guild())
        self.guild_sent.set()

    def _guild(self) -> dict[str, Any]:
        channels = [
            {
                "id": str(cid),
                "type": self.channel_types.get(cid, TEXT),
                "name": name,
                "position": i,
                "guild_id": str(GUILD_ID),
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
            }
            for i, (cid, name) in enumerate(self.channels.items())
        ]
        bot_member = FakeUser(BOT_ID, "briefbot", EVERYDAY_PERMISSIONS, bot=True).member()
        return {
            "id": str(GUILD_ID),
            "name": "Lowmoor Readers",
            "icon": None,
            "owner_id": str(ADMIN_ID),
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "features": [],
            "mfa_level": 0,
            "system_channel_flags": 0,
            "premium_tier": 0,
            "nsfw_level": 0,
            "preferred_locale": "en-US",
            "roles": [
                {
                    "id": str(GUILD_ID),
                    "name": "@everyone",
                    "permissions": str(EVERYDAY_PERMISSIONS),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "stickers": [],
            "member_count": 3,
            "large": False,
            "unavailable": False,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "channels": channels,
            "threads": [],
            "members": [bot_member],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
        }

    async def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        if self._ws is None or self._ws.closed:
            raise RuntimeError("the bot is not connected to the fake gateway")
        self._seq += 1
        await self._ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    async def set_overwrites(self, channel_id: int, overwrites: list[dict[str, Any]]) -> None:
        """Change a channel's permission overwrites (CHANNEL_UPDATE), e.g. to deny the bot a permission."""
        channel = {
            "id": str(channel_id),
            "type": 0,
            "name": self.channels[channel_id],
            "position": list(self.channels).index(channel_id),
            "guild_id": str(GUILD_ID),
            "permission_overwrites": overwrites,
            "nsfw": False,
            "parent_id": None,
        }
        await self._dispatch("CHANNEL_UPDATE", channel)

    # --- playing users --------------------------------------------------------------------------------
    def user_message(
        self,
        content: str,
        *,
        author: FakeUser = MEMBER,
        channel_id: int = CHANNEL_ID,
        attachments: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
        guild_id: int | None = GUILD_ID,
    ) -> dict[str, Any]:
        """Build (and remember) a message a user posted (``guild_id`` None: in a DM)."""
        files = []
        for name, data in attachments:
            key = f"{self.next_id()}-{name}"
            self.attachments[key] = data
            files.append(self._attachment_payload(key, name, data))
        message = {
            "id": str(self.next_id()),
            "type": 0,
            "channel_id": str(channel_id),
            "guild_id": str(GUILD_ID),
            "author": author.payload(),
            "member": author.member(with_user=False),
            "content": content,
            "embeds": [],
            "attachments": files,
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": _now(),
            "edited_timestamp": None,
            "flags": 0,
            "components": [],
        }
        if guild_id is None:  # a DM: no server, no member
            del message["guild_id"], message["member"]
        elif guild_id != GUILD_ID:
            message["guild_id"] = str(guild_id)
        self._store_message(message)
        return message

    def _attachment_payload(self, key: str, name: str, data: bytes) -> dict[str, Any]:
        return {
            "id": str(self.next_id()),
            "filename": name,
            "size": len(data),
            "url": f"http://127.0.0.1:{self.port}/cdn/{key}",
            "proxy_url": f"http://127.0.0.1:{self.port}/cdn/{key}",
            "content_type": "text/plain",
        }

    async def post_message(self, content: str, **kwargs: Any) -> dict[str, Any]:
        """A user posts a message: dispatch MESSAGE_CREATE (content blanked without the intent)."""
        message = self.user_message(content, **kwargs)
        event = dict(message)
        if self.blank_content_without_intent and not self.has_content_intent:
            event.update(content="", embeds=[], attachments=[])
        await self._dispatch("MESSAGE_CREATE", event)
        return message

    async def forum_post(
        self, title: str, content: str, *, author: FakeUser = MEMBER, forum_id: int = FORUM_ID
    ) -> dict[str, Any]:
        """A user opens a post in a forum: THREAD_CREATE, then MESSAGE_CREATE of its first message."""
        message = self.user_message(content, author=author, channel_id=0)
        thread_id = int(message["id"])  # a post's id is its first message's id
        message["channel_id"] = str(thread_id)
        thread = self._thread_payload(thread_id, forum_id, title, author.id)
        self.threads[thread_id] = thread
        await self._dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        event = dict(message)
        if self.blank_content_without_intent and not self.has_content_intent:
            event.update(content="", embeds=[], attachments=[])
        await self._dispatch("MESSAGE_CREATE", event)
        return message

    async def react(
        self, message: dict[str, Any], emoji: str, *, user: FakeUser = MEMBER, dispatch: bool = True
    ) -> None:
        """A user adds a reaction to a message (counted once per user, as Discord does); without
        ``dispatch``, the bot is not told (as for a reaction added while it was offline)."""
        reactors = self.reactors.setdefault((int(message["id"]), emoji), [])
        if all(r.id != user.id for r in reactors):
            reactors.append(user)
        stored = self.messages.get(int(message["id"]))
        if stored is not None:
            others = [r for r in stored.get("reactions", []) if r["emoji"]["name"] != emoji]
            count = {"burst": 0, "normal": len(reactors)}
            mine = {"emoji": {"id": None, "name": emoji}, "count": len(reactors), "count_details": count}
            stored["reactions"] = [*others, {**mine, "me": False, "me_burst": False, "burst_colors": []}]
        if not dispatch:
            return
        await self._dispatch(
            "MESSAGE_REACTION_ADD",
            {
                "user_id": str(user.id),
                "channel_id": message["channel_id"],
                "message_id": message["id"],
                "guild_id": str(GUILD_ID),
                "member": user.member(),
                "emoji": {"id": None, "name": emoji},
                "burst": False,
                "type": 0,
            },
        )

    async def slash(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        user: FakeUser = MEMBER,
        channel_id: int = CHANNEL_ID,
        resolved: dict[str, Any] | None = None,
        where: Where = IN_SERVER,
    ) -> int:
        """A user runs a slash command (options as Discord sends them); return the interaction id."""
        data: dict[str, Any] = {
            "id": str(self._command_id(name, 1)),
            "name": name,
            "type": 1,
            "options": options or [],
        }
        if resolved:
            data["resolved"] = resolved
        return await self._interact(data, user=user, channel_id=channel_id, where=where)

    async def message_command(
        self, name: str, message: dict[str, Any], *, user: FakeUser = MEMBER, where: Where = IN_SERVER
    ) -> int:
        """A user runs a message command (right-click -> Apps) on a message; return the interaction id."""
        data = {
            "id": str(self._command_id(name, 3)),
            "name": name,
            "type": 3,
            "target_id": message["id"],
            "resolved": {"messages": {message["id"]: message}},
        }
        return await self._interact(data, user=user, channel_id=int(message["channel_id"]), where=where)

    async def click(self, message: dict[str, Any], label: str, *, user: FakeUser = MEMBER) -> int:
        """A user clicks the button labelled ``label`` on a message; return the interaction id."""
        buttons = [c for row in message["components"] for c in row.get("components", [])]
        button = next(b for b in buttons if b.get("label") == label)
        data = {"custom_id": button["custom_id"], "component_type": 2}
        return await self._interact(data, user=user, channel_id=CHANNEL_ID, kind=3, message=message)

    def attachment_option(self, name: str, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
        """Return (option, resolved) for an attachment option of a slash command."""
        key = f"{self.next_id()}-{name}"
        self.attachments[key] = data
        attachment = self._attachment_payload(key, name, data)
        option = {"name": "file", "type": 11, "value": attachment["id"]}
        return option, {"attachments": {attachment["id"]: attachment}}

    def channel_resolved(self, channel_id: int) -> dict[str, Any]:
        """The ``resolved`` data of a channel option naming one of the guild's channels."""
        channel = {
            "id": str(channel_id),
            "type": self.channel_types.get(channel_id, TEXT),
            "name": self.channels[channel_id],
            "permissions": str(EVERYDAY_PERMISSIONS),
            "guild_id": str(GUILD_ID),
        }
        return {"channels": {str(channel_id): channel}}

    def _command_id(self, name: str, kind: int) -> int:
        for scope in self.commands.values():
            for cmd in scope:
                if cmd["name"] == name and cmd.get("type", 1) == kind:
                    return int(cmd["id"])
        raise KeyError(f"command {name!r} (type {kind}) was never synced")

    async def _interact(
        self,
        data: dict[str, Any],
        *,
        user: FakeUser,
        channel_id: int,
        kind: int = 2,
        message: dict[str, Any] | None = None,
        where: Where = IN_SERVER,
    ) -> int:
        interaction_id = self.next_id()
        token = f"token-{interaction_id}"
        channel_id = where.channel_id or channel_id
        self._token_channels[token] = channel_id
        extra: dict[str, Any] = {"message": message} if message is not None else {}
        channel: dict[str, Any] = {"id": str(channel_id), "type": where.channel_type}
        if where.guild_id is not None:
            channel.update(guild_id=str(where.guild_id), name=self.channels.get(channel_id, "elsewhere"))
            channel.update(position=0, permission_overwrites=[], nsfw=False, parent_id=None)
            extra.update(guild_id=str(where.guild_id), member=user.member(), guild_locale="en-US")
        else:  # a DM or group DM: the user, no member
            channel.update(recipients=[user.payload()], name=None, owner_id=str(user.id))
            extra["user"] = user.payload()
        owners = {}
        if GUILD_INSTALL in where.owners:
            owners["0"] = str(where.guild_id or 0)
        if USER_INSTALL in where.owners:
            owners["1"] = str(user.id)
        await self._dispatch(
            "INTERACTION_CREATE",
            {
                **extra,
                "id": str(interaction_id),
                "application_id": str(APP_ID),
                "type": kind,
                "token": token,
                "version": 1,
                "channel_id": str(channel_id),
                "channel": channel,
                "app_permissions": str(where.app_permissions),
                "locale": "en-US",
                "entitlements": [],
                "authorizing_integration_owners": owners,
                "context": where.context,
                "attachment_size_limit": 10 * 1024 * 1024,
                "data": data,
            },
        )
        return interaction_id

    def answers_to(self, interaction_id: int) -> list[Call]:
        """Every REST call answering an interaction: its callback, follow-ups and edits."""
        token = f"token-{interaction_id}"
        return [
            c
            for c in self.calls
            if c.path.startswith(f"/interactions/{interaction_id}/") or f"/{token}" in c.path
        ]

    async def wait_answer(self, interaction_id: int, *, within: float = 10.0) -> Call:
        """Wait for the message that answers an interaction (a follow-up or a direct reply)."""
        token = f"token-{interaction_id}"

        def is_answer(c: Call) -> bool:
            if c.path == f"/webhooks/{APP_ID}/{token}" and c.method == "POST":
                return True
            return c.path == f"/interactions/{interaction_id}/{token}/callback" and c.body.get("type") in (
                4,
                7,
            )

        return await self.wait_for_call(is_answer, within=within)


def bot_overwrite(*, allow: int = 0, deny: int = 0) -> dict[str, Any]:
    """A channel permission overwrite for the bot's member."""
    return {"id": str(BOT_ID), "type": 1, "allow": str(allow), "deny": str(deny)}


def _is_message_send(call: Call) -> bool:
    if call.method not in ("POST", "PATCH") or not isinstance(call.body, dict):
        return False
    if call.path.startswith("/channels/") and call.path.endswith("/messages"):
        return True
    if call.path.startswith("/webhooks/"):
        return True
    if call.path.endswith("/callback"):
        return call.body.get("type") in (4, 7)
    return False


def message_body(call: Call) -> dict[str, Any]:
    """The message fields of a call (an interaction callback nests them under ``data``)."""
    if call.path.endswith("/callback"):
        data = call.body.get("data") or {}
        return data if isinstance(data, dict) else {}
    return call.body if isinstance(call.body, dict) else {}
