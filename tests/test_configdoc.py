"""The configuration docs come from the settings: .env.example and the README table match, every field is
described once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import configdoc
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_docs_match_the_settings() -> None:
    """.env.example and the README's configuration table are what `make docs` writes (run it if not)."""
    assert configdoc.stale(ROOT) == []


def test_every_field_has_its_own_description() -> None:
    """Each setting has a description, and no two settings share one."""
    descriptions = {name: field.description for name, field in Settings.model_fields.items()}
    assert [name for name, text in descriptions.items() if not text] == []
    assert len(set(descriptions.values())) == len(descriptions)


def test_sections_start_at_real_fields() -> None:
    """Every section of .env.example starts at a field that exists (a renamed field must be moved too)."""
    assert set(configdoc.SECTIONS) <= set(Settings.model_fields)
    assert set(Settings.model_fields) >= configdoc.REQUIRED


def test_a_changed_description_makes_the_docs_stale(tmp_path: Path) -> None:
    """Docs edited by hand (or a description changed without `make docs`) are reported, then rewritten."""
    (tmp_path / "README.md").write_text(
        "# x\n\n<!-- config-table -->\nold\n<!-- /config-table -->\n", encoding="utf-8"
    )
    (tmp_path / ".env.example").write_text("BRIEFBOT_DISCORD_TOKEN=\n", encoding="utf-8")
    assert configdoc.stale(tmp_path) == [".env.example", "README.md"]
    configdoc.write(tmp_path)
    assert configdoc.stale(tmp_path) == []
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "| `BRIEFBOT_LLM_TEMPERATURE` | `0.2` |" in readme
    assert readme.startswith("# x\n")


def test_a_readme_without_markers_is_an_error(tmp_path: Path) -> None:
    """A README that lost its table markers is reported, not silently appended to."""
    with pytest.raises(ValueError, match="markers"):
        configdoc.with_table("# no table here\n", "| a |")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (10.0, "10"),
        (0.2, "0.2"),
        ([80, 443], "80,443"),
        ([], ""),
    ],
)
def test_defaults_are_written_as_in_a_dotenv_file(value: object, written: str) -> None:
    """Defaults render as a user would type them in .env."""
    assert configdoc.format_default(value) == written
