"""Settings: defaults, comma-separated lists, and clear validation errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_defaults_need_nothing(settings: Settings) -> None:
    """A fresh install runs on SQLite with ports 80/443 and no allow-list."""
    assert settings.database_url == "sqlite+aiosqlite:///briefbot.db"
    assert settings.fetch_allowed_ports == [80, 443]
    assert settings.fetch_allowed_hosts == []
    assert settings.discord_token is None
    assert not settings.llm_enabled


def test_comma_separated_lists_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """List settings take comma-separated values from BRIEFBOT_* variables."""
    monkeypatch.setenv("BRIEFBOT_FETCH_ALLOWED_HOSTS", "127.0.0.1, intranet.example ,10.0.0.0/8")
    monkeypatch.setenv("BRIEFBOT_DEV_GUILD_IDS", "123,456")
    monkeypatch.setenv("BRIEFBOT_FETCH_ALLOWED_PORTS", "80,443,8080")
    s = make()
    assert s.fetch_allowed_hosts == ["127.0.0.1", "intranet.example", "10.0.0.0/8"]
    assert s.dev_guild_ids == [123, 456]
    assert s.fetch_allowed_ports == [80, 443, 8080]


def test_dotenv_file_is_read(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A .env file supplies settings; the token stays secret in reprs."""
    from pathlib import Path

    env = Path(str(tmp_path)) / ".env"
    env.write_text("BRIEFBOT_DISCORD_TOKEN=abc.def\nBRIEFBOT_RETENTION_DAYS=7\n", encoding="utf-8")
    monkeypatch.delenv("BRIEFBOT_DISCORD_TOKEN", raising=False)
    s = Settings(_env_file=env)  # type: ignore[call-arg]
    assert s.discord_token is not None
    assert s.discord_token.get_secret_value() == "abc.def"
    assert "abc.def" not in repr(s)
    assert s.retention_days == 7


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"fetch_allowed_ports": "80,70000"}, "not a TCP port"),
        ({"fetch_allowed_hosts": "10.0.0.0/33"}, "not a valid CIDR"),
        ({"database_url": "mysql://x"}, r"sqlite\+aiosqlite"),
        ({"shard_ids": "0,1"}, "needs BRIEFBOT_SHARD_COUNT"),
        ({"shard_ids": "0,2", "shard_count": 2}, "between 0 and"),
        ({"llm_base_url": "http://127.0.0.1:11434/v1"}, "BRIEFBOT_LLM_MODEL"),
        ({"discord_api_url": "discord.com"}, "absolute URL"),
        ({"fetch_connect_timeout": "inf"}, "finite number"),
        ({"fetch_connect_timeout": "600"}, "less than or equal to 60"),
        ({"fetch_timeout": "nan"}, "finite number"),
        ({"llm_timeout": "1e309"}, "finite number"),
        ({"llm_timeout": "3600"}, "less than or equal to 600"),
        ({"user_cooldown_seconds": "-1"}, "greater than or equal to 0"),
        ({"fetch_user_agent": "briefbot\r\nX-Evil: 1"}, "control characters"),
        ({"llm_api_key": "sk-abc\n"}, "control characters"),
        ({"discord_token": "abc\tdef"}, "control characters"),
        ({"fetch_allowed_ports": ""}, "at least one port"),
        ({"fetch_allowed_ports": " , "}, "at least one port"),
    ],
)
def test_bad_values_are_explained(values: dict[str, object], message: str) -> None:
    """Invalid settings fail with a message that says what is wrong."""
    with pytest.raises(ValidationError, match=message):
        make(**values)


def test_settings_are_frozen(settings: Settings) -> None:
    """Settings cannot be changed after start-up."""
    with pytest.raises(ValidationError):
        settings.retention_days = 3  # type: ignore[misc]


def test_environment_values_fail_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """An infinite timeout and a header value with a line break in the environment fail when read."""
    monkeypatch.setenv("BRIEFBOT_FETCH_CONNECT_TIMEOUT", "inf")
    monkeypatch.setenv("BRIEFBOT_FETCH_USER_AGENT", "briefbot\r\n")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)  # type: ignore[call-arg]
    fields = {error["loc"][0] for error in caught.value.errors()}
    assert fields == {"fetch_connect_timeout", "fetch_user_agent"}
