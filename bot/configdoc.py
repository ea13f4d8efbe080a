"""The configuration docs, written from one source: each Settings field's ``description`` and default.

``python -m bot.configdoc`` (``make docs``) rewrites `.env.example` and the README's configuration table
(between ``<!-- config-table -->`` and ``<!-- /config-table -->``); ``--check`` only says whether they are
current. ``tests/test_configdoc.py`` fails when they are not.
"""

from __future__ import annotations

import argparse
import enum
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from pydantic.fields import FieldInfo

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "BRIEFBOT_"
WIDTH = 110
TABLE_START = "<!-- config-table -->"
TABLE_END = "<!-- /config-table -->"

#: Where each section of `.env.example` starts (the first field of the section) and its title.
SECTIONS = {
    "discord_token": "Discord",
    "default_length": "Briefings",
    "fetch_allowed_hosts": "Fetching links",
    "database_url": "Storage",
    "llm_base_url": "Optional LLM engine (any OpenAI-compatible endpoint: Ollama, vLLM, llama.cpp, OpenAI)",
}
#: Settings written uncommented in `.env.example`: the ones a newcomer must fill in.
REQUIRED = {"discord_token"}

ENV_HEADER = (
    "# briefbot configuration. Copy to .env and fill in what you need; every line is optional except the "
    "token.\n# Lists take comma-separated values. Commented lines show the default.\n"
)


def variable(name: str) -> str:
    """Return the environment variable of a field (``BRIEFBOT_LOG_LEVEL``)."""
    return PREFIX + name.upper()


def format_default(value: Any) -> str:
    """Render a default as it is written in `.env` (empty for none and for secrets)."""
    if value is None or isinstance(value, SecretStr):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ",".join(format_default(v) for v in value)
    return str(value)


def _fields() -> list[tuple[str, FieldInfo]]:
    return list(Settings.model_fields.items())


def _default(field: FieldInfo) -> str:
    return format_default(field.get_default(call_default_factory=True))


def _description(name: str, field: FieldInfo) -> str:
    if not field.description:
        raise ValueError(f"Settings.{name} has no description: give its Field a description=")
    return field.description


def env_example() -> str:
    """Return the whole `.env.example`."""
    lines = [ENV_HEADER]
    for name, field in _fields():
        if name in SECTIONS:
            title = f"# --- {SECTIONS[name]} "
            lines.append("\n" + title + "-" * max(3, WIDTH - len(title)))
        lines += textwrap.wrap(
            _description(name, field), WIDTH - 2, initial_indent="# ", subsequent_indent="# "
        )
        comment = "" if name in REQUIRED else "# "
        lines.append(f"{comment}{variable(name)}={_default(field)}")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def readme_table() -> str:
    """Return the README's configuration table (without the markers)."""
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    for name, field in _fields():
        default = _default(field)
        shown = f"`{default}`" if default else "(empty)"
        text = _description(name, field).replace("|", "\\|")
        rows.append(f"| `{variable(name)}` | {shown} | {text} |")
    return "\n".join(rows)


def with_table(readme: str, table: str) -> str:
    """Return the README with its configuration table replaced by ``table``."""
    start, end = readme.find(TABLE_START), readme.find(TABLE_END)
    if start < 0 or end < start:
        raise ValueError(f"the README lacks the {TABLE_START} ... {TABLE_END} markers")
    return readme[: start + len(TABLE_START)] + "\n" + table + "\n" + readme[end:]


def stale(root: Path = ROOT) -> list[str]:
    """Name the documentation files that differ from what the settings say."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    example = (root / ".env.example").read_text(encoding="utf-8")
    found = []
    if example != env_example():
        found.append(".env.example")
    if readme != with_table(readme, readme_table()):
        found.append("README.md")
    return found


def write(root: Path = ROOT) -> None:
    """Rewrite `.env.example` and the README's configuration table."""
    (root / ".env.example").write_text(env_example(), encoding="utf-8")
    readme_path = root / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    readme_path.write_text(with_table(readme, readme_table()), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Write the docs, or with ``--check`` report whether they are current (exit 1 when not)."""
    parser = argparse.ArgumentParser(prog="python -m bot.configdoc", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when a file is stale")
    args = parser.parse_args(argv)
    if args.check:
        files = stale()
        if files:
            print(f"stale: {', '.join(files)}; run `make docs`", file=sys.stderr)
            return 1
        return 0
    write()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
