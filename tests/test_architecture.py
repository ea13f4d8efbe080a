"""Whole-project invariants: the core stays free of discord, every setting is documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_never_imports_discord() -> None:
    """The briefing core, digest and storage load without discord.py (usable from the CLI alone)."""
    code = (
        "import sys, importlib, pkgutil\n"
        "import bot.briefing, bot.__main__\n"
        "for m in pkgutil.walk_packages(bot.briefing.__path__, 'bot.briefing.'):\n"
        "    importlib.import_module(m.name)\n"
        "for name in ('bot.digest', 'bot.storage', 'bot.scheduler'):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError as exc:\n"
        "        if exc.name != name: raise\n"
        "assert 'discord' not in sys.modules, sorted(m for m in sys.modules if m.startswith('discord'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
