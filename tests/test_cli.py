"""The `briefbot` command line: brief files, stdin and batches; clear errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from tests.conftest import FIXTURES

ARTICLE = FIXTURES / "harbour-article.txt"


@pytest.fixture(autouse=True)
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each CLI test in an empty directory with no BRIEFBOT_* variables."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in __import__("os").environ if n.startswith("BRIEFBOT_")]:
        monkeypatch.delenv(name)


def test_brief_json_has_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints the briefing object with every documented field."""
    assert main(["brief", str(ARTICLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = {
        "title",
        "url",
        "site_name",
        "author",
        "published",
        "language",
        "summary",
        "key_points",
        "quotes",
        "people",
        "word_count",
        "reading_minutes",
        "warnings",
        "engine",
    }
    assert expected <= set(data)
    assert "article_text" not in data
    assert data["title"].startswith("Port of Valmora")
    assert data["engine"] == "extractive"
    assert data["summary"]


def test_with_text_offsets_index_the_article(capsys: pytest.CaptureFixture[str]) -> None:
    """--with-text adds article_text, and quote offsets index into it."""
    assert main(["brief", str(ARTICLE), "--format", "json", "--with-text"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quotes"]
    for quote in data["quotes"]:
        if "parts" not in quote:
            assert data["article_text"][quote["start"] : quote["end"]] == quote["text"]


def test_sentences_option_sets_summary_length(capsys: pytest.CaptureFixture[str]) -> None:
    """--sentences N gives a summary of N sentences."""
    assert main(["brief", str(ARTICLE), "--format", "json", "--sentences", "3"]) == 0
    assert len(json.loads(capsys.readouterr().out)["summary"]) == 3


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_readable_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Text and Markdown output carry the title, the summary and the quotes."""
    assert main(["brief", str(ARTICLE), "--format", fmt, "--length", "detailed"]) == 0
    out = capsys.readouterr().out
    assert "Port of Valmora" in out
    assert "Brandt" in out


def test_stdin_source() -> None:
    """'-' reads the article from standard input."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "brief", "-", "--format", "json"],
        input=ARTICLE.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["word_count"] > 200


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no text"),
        (b"   \n\n  ", "no text"),
        (b"\x00\x01\x02PNG\x00" * 100, "binary"),
        (b"Just one short line.", "too short"),
    ],
)
def test_bad_files_give_clear_errors(
    tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Empty, binary and too-short input exits 1 with one friendly line and no traceback."""
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    assert main(["brief", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_missing_file_and_huge_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file and a file past the size limit are refused with a clear message."""
    assert main(["brief", str(tmp_path / "nope.txt")]) == 1
    assert "No such file" in capsys.readouterr().err
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"word " * 1_000_000)
    assert main(["brief", str(huge)]) == 1
    assert "too large" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Giving both or neither of SOURCE and --batch, or a bad --sentences, is a usage error."""
    assert main(["brief"]) == 2
    assert main(["brief", str(ARTICLE), "--sentences", "0"]) == 2
    assert main(["brief", str(ARTICLE), "--engine", "llm"]) == 2
    assert "BRIEFBOT_LLM_BASE_URL" in capsys.readouterr().err


def test_batch_reports_bad_lines_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Batch output has one line per input, errors carry a kind, and a bad line never stops the batch."""
    article = ARTICLE.read_text(encoding="utf-8")
    lines = [
        json.dumps({"id": "a", "text": article}),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "d", "html": f"<html><body><article><p>{article}</p></article></body></html>"}),
        json.dumps({"id": "e", "text": article}),
    ]
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert main(["brief", "--batch", str(batch)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["id"] for row in out] == ["a", None, "b", "c", None, "d", "e"]
    assert out[0]["summary"]
    assert out[6]["summary"]
    assert out[1]["error"]["kind"] == "bad_json"
    assert out[1]["line"] == 2
    assert out[1]["error"]["message"].startswith("line 2: not valid JSON")
    assert [row.get("line") for row in out[2:5]] == [3, 4, 5]  # every error names its line
    assert "line" not in out[0]
    assert out[2]["error"]["kind"] == "empty"
    assert out[3]["error"]["kind"] == "bad_source"
    assert out[4]["error"]["kind"] == "bad_source"
    assert "summary" in out[5] or "error" in out[5]


def test_run_without_token_explains_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    """`briefbot run` with no token exits 2 and says how to set one and how to try `briefbot brief`."""
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "BRIEFBOT_DISCORD_TOKEN" in err
    assert "briefbot brief" in err


def test_invalid_settings_are_reported_by_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad BRIEFBOT_* variable is named in a short message, not a traceback."""
    monkeypatch.setenv("BRIEFBOT_RETENTION_DAYS", "soon")
    assert main(["brief", str(ARTICLE)]) == 2
    err = capsys.readouterr().err
    assert "BRIEFBOT_RETENTION_DAYS" in err
    assert "Traceback" not in err


def test_batch_line_numbers_count_blank_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad line's number is its line in the file, blank lines included."""
    batch = tmp_path / "in.jsonl"
    batch.write_text('\n\n{"id": 1, "text": ""}\n\n[oops\n', encoding="utf-8")
    assert main(["brief", "--batch", str(batch)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["id"], row["line"], row["error"]["kind"]) for row in out] == [
        (1, 3, "empty"),
        (None, 5, "bad_json"),
    ]


def test_brief_shows_no_log_lines_unless_verbose(tmp_path: Path) -> None:
    """By default `briefbot brief` prints only its own messages; --verbose adds the log lines."""
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Too short.</p></body></html>", encoding="utf-8")
    env = {**os.environ, "BRIEFBOT_LOG_LEVEL": "DEBUG"}
    quiet = subprocess.run(
        [sys.executable, "-m", "bot", "brief", str(page)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    loud = subprocess.run(
        [sys.executable, "-m", "bot", "brief", "--verbose", str(page)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert quiet.returncode == loud.returncode == 1
    assert quiet.stderr.splitlines() == [
        line for line in loud.stderr.splitlines() if line.startswith("briefbot:")
    ]
    assert len(quiet.stderr.splitlines()) == 1
    assert " DEBUG " in loud.stderr
