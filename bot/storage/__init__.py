"""Persistence: server settings (bot.guilds.GuildConfig), briefing history, digest schedule, LLM budget
and the fetch cache.

SQLAlchemy (async) over SQLite or PostgreSQL; schema and queries live here and nowhere else.
"""

from bot.storage.store import (
    BriefingRecord,
    DigestClaim,
    DueDigest,
    StorageUnavailable,
    Store,
    StoredBriefing,
)

__all__ = ["BriefingRecord", "DigestClaim", "DueDigest", "StorageUnavailable", "Store", "StoredBriefing"]
