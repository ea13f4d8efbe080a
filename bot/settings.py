"""All of briefbot's configuration: one pydantic-settings model, read from BRIEFBOT_* variables and `.env`.

Build it once (in ``bot.__main__``) and pass it down; nothing here creates an instance at import time.
Each field's ``description`` is its documentation: `make docs` writes it into `.env.example` and the README's
configuration table (``bot.configdoc``), and a test fails when they differ.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.briefing.models import Length

CommaList = Annotated[list[str], NoDecode]
CommaIntList = Annotated[list[int], NoDecode]


def _split_commas(value: Any) -> Any:
    """Accept "a, b,c" (the documented form) as well as a real list."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """briefbot's settings. Environment variables take the ``BRIEFBOT_`` prefix (``BRIEFBOT_LOG_LEVEL``)."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    # --- Discord -------------------------------------------------------------------------------------
    discord_token: SecretStr | None = Field(
        default=None,
        description="Bot token from https://discord.com/developers/applications -> your app -> Bot -> "
        "Reset Token. Required for `make run`.",
    )
    discord_api_url: str = Field(
        default="https://discord.com/api/v10",
        description="Discord's REST base URL; change only to point the bot at a Discord-compatible test "
        "server.",
    )
    discord_gateway_url: str = Field(
        default="wss://gateway.discord.gg/",
        description="Discord's gateway websocket URL; change only together with BRIEFBOT_DISCORD_API_URL.",
    )
    dev_guild_ids: CommaIntList = Field(
        default_factory=list,
        description="Server ids to sync slash commands to instantly while developing (global sync can "
        "take up to an hour).",
    )
    message_content_intent: bool = Field(
        default=True,
        description="Ask for the privileged message-content intent (auto-briefing needs it; enable it in "
        "the developer portal).",
    )
    reaction_trigger: bool = Field(
        default=False,
        description="Brief a message when someone reacts to it with 📰, in servers that set no threshold of "
        "their own (/briefbot settings reaction:N).",
    )
    user_cooldown_seconds: float = Field(
        default=10.0,
        ge=0,
        le=3600,
        allow_inf_nan=False,
        description="Seconds a user waits between two briefings.",
    )
    guild_max_concurrent: int = Field(default=2, ge=1, description="Briefings running at once per server.")
    guild_queue_size: int = Field(
        default=200,
        ge=0,
        description="Briefings of a server that may wait in line for a free slot (a bound on memory, far "
        "above any real burst); past it, new ones are refused.",
    )
    guild_queue_seconds: float = Field(
        default=45.0,
        gt=0,
        le=600,
        allow_inf_nan=False,
        description="Seconds a briefing may wait in its server's line; past it the user is told it could "
        "not start.",
    )
    answer_seconds: float = Field(
        default=60.0,
        ge=1,
        le=3600,
        allow_inf_nan=False,
        description="Seconds within which every shared link, text or file is answered: with its briefing, "
        "or with one line saying it could not be briefed in time. The wait in the server's line, fetching, "
        "briefing and the LLM all count (the LLM gets what is left, else the extractive briefing is sent).",
    )
    shard_count: int | None = Field(
        default=None,
        ge=1,
        description="Total shard count when several processes run one bot (see README, Scaling).",
    )
    shard_ids: CommaIntList = Field(
        default_factory=list,
        description="The shards this process runs, e.g. 0,1 (needs BRIEFBOT_SHARD_COUNT).",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="DEBUG, INFO, WARNING or ERROR."
    )

    # --- Briefings -----------------------------------------------------------------------------------
    default_length: Length = Field(
        default=Length.STANDARD,
        description="short (1 sentence + 3 points), standard (2 + 4) or detailed (3 + 6); servers can "
        "pick their own.",
    )
    max_input_chars: int = Field(
        default=1_000_000,
        ge=1000,
        description="Longest text briefbot reads, in characters (longer pastes and files are refused "
        "politely).",
    )
    workers: int = Field(
        default=2,
        ge=1,
        le=32,
        description="Worker threads for short pastes, and for everything when BRIEFBOT_PROCESSES=0 (the "
        "CLI).",
    )
    processes: int = Field(
        default=1,
        ge=0,
        le=32,
        description="Worker processes the bot briefs pages and long texts in, each under the budget below "
        "and replaced when killed; one more starts beside a briefing that runs slow. 0 = threads "
        "only, with no budget (a hostile page can stall the bot). See README, Benchmarks.",
    )
    briefing_cpu_seconds: float = Field(
        default=10.0,
        ge=1,
        le=300,
        allow_inf_nan=False,
        description="CPU seconds one briefing may use in a worker; past it the user is told in one line that "
        "the page is too complex.",
    )
    briefing_memory_mb: int = Field(
        default=120,
        ge=0,
        le=16_384,
        description="Memory (MB) a worker may add for one briefing (0: no cap); past it, the same one-line "
        "answer.",
    )

    # --- Fetching links ------------------------------------------------------------------------------
    fetch_allowed_hosts: CommaList = Field(
        default_factory=list,
        description="Hosts, IP addresses or CIDR ranges that may be fetched although private (intranet "
        "wikis), on any port.",
    )
    fetch_allowed_ports: CommaIntList = Field(
        default_factory=lambda: [80, 443], description="Ports briefbot fetches from on public hosts."
    )
    fetch_connect_timeout: float = Field(
        default=5.0,
        gt=0,
        le=60,
        allow_inf_nan=False,
        description="Seconds to open a connection to a page's server (at most 60).",
    )
    fetch_timeout: float = Field(
        default=15.0,
        gt=0,
        le=300,
        allow_inf_nan=False,
        description="Seconds for a whole fetch, redirects and body included (at most 300).",
    )
    fetch_max_bytes: int = Field(
        default=5_000_000,
        ge=10_000,
        description="Largest page body in bytes, counted after decompression.",
    )
    fetch_max_redirects: int = Field(
        default=5, ge=0, le=20, description="Redirects followed per fetch, each one checked again."
    )
    fetch_max_concurrency: int = Field(default=16, ge=1, description="Fetches at once, overall.")
    fetch_per_host_concurrency: int = Field(default=4, ge=1, description="Fetches at once to one host.")
    fetch_cache_seconds: int = Field(
        default=3600, ge=0, description="How long a fetched page is reused, in seconds (0: no cache)."
    )
    fetch_user_agent: str = Field(
        default="briefbot/0.1 (+https://github.com/briefbot/briefbot; article briefings for Discord)",
        description="User-Agent header sent with every fetch.",
    )

    # --- Storage -------------------------------------------------------------------------------------
    database_url: str = Field(
        default="sqlite+aiosqlite:///briefbot.db",
        description="SQLite file (created on first start) or postgresql+asyncpg://user:password@host/dbname.",
    )
    retention_days: int = Field(default=30, ge=1, description="Days a server's briefing history is kept.")
    rebrief_window_hours: int = Field(
        default=24,
        ge=0,
        description="Hours within which a link already briefed in a server is answered with a pointer to "
        "the earlier briefing (0: never).",
    )

    # --- Optional LLM engine (any OpenAI-compatible endpoint) -----------------------------------------
    llm_base_url: str | None = Field(
        default=None,
        description="Base URL of the endpoint (for Ollama: http://127.0.0.1:11434/v1); empty = extractive "
        "engine only.",
    )
    llm_model: str | None = Field(
        default=None, description="Model name as the endpoint knows it (for Ollama, e.g. llama3.1:8b)."
    )
    llm_api_key: SecretStr | None = Field(
        default=None, description="API key, when the endpoint needs one (OpenAI does, Ollama does not)."
    )
    llm_timeout: float = Field(
        default=60.0,
        gt=0,
        le=600,
        allow_inf_nan=False,
        description="Seconds to wait for an answer before falling back to the extractive briefing (at most "
        "600).",
    )
    llm_max_input_chars: int = Field(
        default=24_000, ge=1000, description="Longest article text sent to the model, in characters."
    )
    llm_daily_budget: int = Field(
        default=100,
        ge=0,
        description="LLM briefings per server per day; past it, servers get the extractive briefing.",
    )
    llm_max_output_tokens: int = Field(
        default=1024, ge=64, le=32_768, description="Most tokens the model may write per answer."
    )
    llm_temperature: float = Field(
        default=0.2, ge=0, le=2, description="Sampling temperature of the model (0: most predictable)."
    )

    @field_validator(
        "dev_guild_ids", "shard_ids", "fetch_allowed_hosts", "fetch_allowed_ports", mode="before"
    )
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return _split_commas(value)

    @field_validator("fetch_allowed_hosts")
    @classmethod
    def _valid_hosts(cls, hosts: list[str]) -> list[str]:
        for host in hosts:
            if "/" in host:
                try:
                    ipaddress.ip_network(host, strict=False)
                except ValueError:
                    raise ValueError(f"{host!r} is not a valid CIDR range (e.g. 10.0.0.0/8)") from None
            elif not host or (any(c in host for c in " :@?#") and not _is_ip(host)):
                raise ValueError(f"{host!r} is not a host name, address or CIDR range")
        return [h.lower().strip("[]") for h in hosts]

    @field_validator("fetch_allowed_ports")
    @classmethod
    def _valid_ports(cls, ports: list[int]) -> list[int]:
        if not ports:
            raise ValueError(
                "list at least one port (the default is 80,443); an empty list refuses every link"
            )
        for port in ports:
            if not 1 <= port <= 65535:
                raise ValueError(f"{port} is not a TCP port (1-65535)")
        return ports

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, url: str) -> str:
        if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path.db or postgresql+asyncpg://user:pass@host/db")
        return url

    @field_validator("fetch_user_agent", "llm_api_key", "discord_token")
    @classmethod
    def _header_safe(cls, value: str | SecretStr | None) -> str | SecretStr | None:
        # These travel in HTTP headers, where a control character (a pasted CR/LF) fails every request.
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if raw is not None and any(ord(c) < 32 or ord(c) == 127 for c in raw):
            raise ValueError(
                "must not contain control characters (line breaks, tabs); check for a stray newline"
            )
        return value

    @field_validator("discord_api_url", "discord_gateway_url", "llm_base_url")
    @classmethod
    def _absolute_url(cls, url: str | None) -> str | None:
        if url is not None and "://" not in url:
            raise ValueError(f"{url!r} is not an absolute URL")
        return url

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        if self.shard_ids and self.shard_count is None:
            raise ValueError("BRIEFBOT_SHARD_IDS needs BRIEFBOT_SHARD_COUNT")
        if self.shard_count is not None and any(not 0 <= s < self.shard_count for s in self.shard_ids):
            raise ValueError("every shard id must be between 0 and BRIEFBOT_SHARD_COUNT - 1")
        if self.llm_base_url and not self.llm_model:
            raise ValueError("BRIEFBOT_LLM_BASE_URL needs BRIEFBOT_LLM_MODEL too")
        return self

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True
