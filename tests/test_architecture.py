"""Whole-project invariants: the layering of STYLE.md, checked on every import statement of every module.

Each module of bot/ and cogs/ belongs to one rule below, which lists what it may not import (imports inside
functions and under TYPE_CHECKING count too). A module no rule covers, or a rule or ban naming a module that
does not exist, fails the check: renaming a module means updating this table, never silently passing it.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "cogs")

#: Discord's world, and the layers that wrap it.
DISCORD = ("discord", "cogs", "bot.app", "bot.embeds")
#: Storage's world: SQL and the modules that hold it.
SQL = ("sqlalchemy", "alembic", "bot.storage")

#: module (or package) -> the modules it must not import. The longest matching prefix applies.
RULES: dict[str, tuple[str, ...]] = {
    # The pure core: usable from the CLI, tests, a worker process.
    "bot.briefing": (
        *DISCORD,
        *SQL,
        "bot.services",
        "bot.sharing",
        "bot.scheduler",
        "bot.housekeeping",
        "bot.digest",
        "bot.guilds",
    ),
    "bot.digest": (*DISCORD, *SQL, "bot.services", "bot.sharing", "bot.scheduler"),
    "bot.guilds": (*DISCORD, *SQL, "bot.services", "bot.sharing"),
    "bot.settings": (*DISCORD, *SQL, "bot.services", "bot.sharing"),
    "bot.configdoc": (*DISCORD, *SQL, "bot.services", "bot.sharing"),
    # Storage: SQL lives here and nowhere else; it knows nothing of Discord or the services above it.
    "bot.storage": (*DISCORD, "bot.services", "bot.sharing", "bot.scheduler", "bot.housekeeping"),
    # Services: use cases over the core and storage, no Discord.
    "bot.scheduler": (*DISCORD, "sqlalchemy", "alembic", "bot.services", "bot.sharing"),
    "bot.housekeeping": (*DISCORD, "sqlalchemy", "alembic", "bot.services", "bot.sharing"),
    "bot.sharing": (*DISCORD, "sqlalchemy", "alembic"),
    "bot.services": (*DISCORD, "sqlalchemy", "alembic"),
    # Discord's side: rendering, the client, the adapters. None of them touches SQL.
    "bot.embeds": ("cogs", "bot.app", *SQL, "bot.services"),
    "bot.app": ("cogs", *SQL),
    "bot.__main__": ("discord", "cogs", *SQL),
    "bot": ("discord", "cogs", *SQL),  # bot/__init__.py
    "cogs": SQL,  # they may name bot.app's BriefBot for typing only
}
#: Rules about one module only, not the modules below it (a new bot/*.py must get its own rule).
EXACT = {"bot"}


def _module_files() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:  # Alembic's scripts belong to storage
                parts = parts[: parts.index("migrations")]
            name = ".".join(parts).removesuffix(".__init__")
            yield name, path


def _imports(name: str, path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line, module) for every import in a file, relative ones resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:  # `from bot import storage` imports bot.storage
                yield node.lineno, f"{base}.{alias.name}"


def _rule_for(name: str) -> str | None:
    matches = [
        prefix
        for prefix in RULES
        if name == prefix or (prefix not in EXACT and name.startswith(prefix + "."))
    ]
    return max(matches, key=len, default=None)


def _within(module: str, banned: str) -> bool:
    return module == banned or module.startswith(banned + ".")


def _exists(module: str) -> bool:
    top = module.split(".")[0]
    if top in PACKAGES:
        relative = Path(*module.split("."))
        return (ROOT / relative).is_dir() or (ROOT / relative.with_suffix(".py")).is_file()
    return importlib.util.find_spec(module) is not None


def test_every_module_is_covered_by_a_rule() -> None:
    """Each module of bot/ and cogs/ falls under a layering rule (a new or renamed module must be placed)."""
    unplaced = [name for name, _ in _module_files() if _rule_for(name) is None]
    assert unplaced == []


@pytest.mark.parametrize("module", sorted({*RULES, *(m for bans in RULES.values() for m in bans)}))
def test_every_rule_names_a_real_module(module: str) -> None:
    """Each module a rule is about, or bans, exists: a rename breaks the table instead of emptying a ban."""
    assert _exists(module), f"{module} does not exist: update RULES in tests/test_architecture.py"


def test_layers_import_only_downwards() -> None:
    """No module imports what its layer forbids (core: no discord, storage, services; cogs: no SQL...)."""
    broken = []
    for name, path in _module_files():
        rule = _rule_for(name)
        assert rule is not None
        for line, imported in _imports(name, path):
            for banned in RULES[rule]:
                if _within(imported, banned) and not _within(imported, rule) and not _within(name, banned):
                    broken.append(f"{path.relative_to(ROOT)}:{line} imports {imported} ({rule} may not)")
    assert broken == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    """The import scanner finds plain, dotted, from- and relative imports, also inside functions."""
    source = tmp_path / "mod.py"
    source.write_text(
        "import discord.ext\nfrom ..storage import store\ndef f():\n    from sqlalchemy import select\n",
        encoding="utf-8",
    )
    found = [module for _, module in _imports("bot.briefing.mod", source)]
    assert "discord.ext" in found
    assert "bot.storage.store" in found
    assert "sqlalchemy.select" in found


def test_core_never_imports_discord() -> None:
    """The briefing core, digest, storage and the services load without discord.py (usable from the CLI)."""
    code = (
        "import sys, importlib, pkgutil\n"
        "import bot.briefing, bot.__main__\n"
        "for m in pkgutil.walk_packages(bot.briefing.__path__, 'bot.briefing.'):\n"
        "    importlib.import_module(m.name)\n"
        "for name in ('bot.digest', 'bot.guilds', 'bot.storage', 'bot.scheduler', 'bot.housekeeping',\n"
        "             'bot.sharing', 'bot.services', 'bot.configdoc'):\n"
        "    importlib.import_module(name)\n"
        "assert 'discord' not in sys.modules, sorted(m for m in sys.modules if m.startswith('discord'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
