"""Slash-command choices built from the core's enums, so each command offers exactly what the core knows."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from discord import app_commands


def choices(members: Iterable[StrEnum]) -> list[app_commands.Choice[str]]:
    """Offer each member of an enum as a choice, shown and sent as its value (``short``, ``llm``)."""
    return [app_commands.Choice(name=member.value, value=member.value) for member in members]
