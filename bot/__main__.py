"""The `briefbot` command line: `briefbot run` starts the bot, `briefbot brief` briefs an article offline.

Settings are built once here and passed down. Expected failures print one clear line and exit non-zero;
no traceback reaches the user unless something is really broken.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from bot.briefing.errors import BadSource, BriefingError, InputTooLarge
from bot.briefing.models import Briefing, Engine, Length, display_quote
from bot.briefing.pipeline import Briefer, decode_text
from bot.briefing.sources import Source
from bot.settings import Settings

log = logging.getLogger("bot")

EXIT_OK = 0
EXIT_BRIEFING_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
BATCH_WINDOW = 8  # batch lines in flight at once (URL lines overlap their fetches)


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    parser = argparse.ArgumentParser(prog="briefbot", description="Article briefings for Discord.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("run", help="start the Discord bot (needs BRIEFBOT_DISCORD_TOKEN)")

    brief = commands.add_parser("brief", help="brief an article from a file, stdin or a URL, offline")
    brief.add_argument("source", nargs="?", help="a .txt/.md/.html file, '-' for stdin, or an http(s) URL")
    brief.add_argument("--batch", metavar="IN.jsonl", help="brief every JSON line of a file; JSON lines out")
    brief.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    brief.add_argument("--length", choices=[m.value for m in Length], default=None)
    brief.add_argument("--sentences", type=int, metavar="N", help="summary sentences (overrides --length)")
    brief.add_argument("--with-text", action="store_true", help="include the article text (JSON)")
    brief.add_argument("--engine", type=Engine, choices=list(Engine), default=Engine.EXTRACTIVE)
    brief.add_argument(
        "-v", "--verbose", action="store_true", help="also show log lines (at BRIEFBOT_LOG_LEVEL)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"briefbot: invalid settings:\n{_describe_validation(exc)}", file=sys.stderr)
        return EXIT_USAGE
    # The bot logs; `briefbot brief` shows only its own messages unless asked (libraries warn about pages).
    verbose = args.command == "run" or args.verbose
    logging.basicConfig(
        level=settings.log_level if verbose else logging.CRITICAL + 1,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if settings.log_level != "DEBUG":
        # Alembic narrates every start-up at INFO; bot.storage logs the upgrades that happen.
        logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.command == "run":
        return _run(settings)
    try:
        return _brief(args, settings)
    except BrokenPipeError:
        # The reader went away (`briefbot brief x | head`): not worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _describe_validation(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "settings"
        lines.append(f"  BRIEFBOT_{field.upper()}: {error['msg']}")
    return "\n".join(lines)


def _run(settings: Settings) -> int:
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(
            "briefbot: no Discord token configured.\n"
            "  Set BRIEFBOT_DISCORD_TOKEN in the environment or in a .env file (copy .env.example to .env);\n"
            "  the README explains how to create a bot in the Discord developer portal.\n"
            "  Meanwhile, try the briefing engine offline:  .venv/bin/briefbot brief path/to/article.txt",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from bot.app import run_bot  # imported late: `briefbot brief` never loads discord.py

    return run_bot(settings)


# --- briefbot brief -------------------------------------------------------------------------------------


def _brief(args: argparse.Namespace, settings: Settings) -> int:
    if args.sentences is not None and not 1 <= args.sentences <= 20:
        print("briefbot: --sentences must be between 1 and 20", file=sys.stderr)
        return EXIT_USAGE
    if bool(args.source) == bool(args.batch):
        print("briefbot: give either SOURCE or --batch IN.jsonl", file=sys.stderr)
        return EXIT_USAGE
    if args.engine == Engine.LLM and not settings.llm_enabled:
        print(
            "briefbot: --engine llm needs BRIEFBOT_LLM_BASE_URL and BRIEFBOT_LLM_MODEL (see the README)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return asyncio.run(_brief_async(args, settings))


async def _brief_async(args: argparse.Namespace, settings: Settings) -> int:
    briefer = _make_briefer(settings, args.engine)
    try:
        if args.batch:
            return await _run_batch(briefer, args, sys.stdout)
        try:
            briefing = await _brief_source(briefer, args.source, args, settings)
        except BriefingError as exc:
            print(f"briefbot: {exc.user_message}", file=sys.stderr)
            return EXIT_BRIEFING_FAILED
        print(render(briefing, args.format, with_text=args.with_text))
        return EXIT_OK
    finally:
        await briefer.aclose()


def _make_briefer(settings: Settings, engine: Engine) -> Briefer:
    if engine == Engine.LLM:
        from bot.briefing.llm import LLMEngine

        return Briefer(settings, llm=LLMEngine(settings))
    return Briefer(settings)


def _options(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    return {
        "length": Length(args.length or settings.default_length),
        "sentences": args.sentences,
        "engine": args.engine,
    }


async def _brief_source(
    briefer: Briefer, source: str, args: argparse.Namespace, settings: Settings
) -> Briefing:
    options = _options(args, settings)
    if source == "-":
        data = sys.stdin.buffer.read(briefer.max_bytes + 1)
        if len(data) > briefer.max_bytes:
            raise InputTooLarge("That input is too large to brief.")
        return await briefer.brief(Source("text", decode_text(data)), **options)
    if "://" in source:
        return await briefer.brief(Source("url", source), **options)
    path = Path(source)
    if not path.is_file():
        raise BadSource(f"No such file: {source}. Give a .txt, .md or .html file, '-' for stdin, or a URL.")
    if path.stat().st_size > briefer.max_bytes:
        raise InputTooLarge(f"{source} is too large to brief.")
    return await briefer.brief(Source("file", path.name, data=path.read_bytes()), **options)


async def _run_batch(briefer: Briefer, args: argparse.Namespace, out: TextIO) -> int:
    """Brief every line of a JSONL file; one bad line yields an error object and never stops the batch."""
    options = _options(args, briefer.settings)
    path = Path(args.batch)
    if not path.is_file():
        print(f"briefbot: no such file: {args.batch}", file=sys.stderr)
        return EXIT_USAGE
    with path.open("rb") as lines:
        window: list[tuple[int, bytes]] = []
        for numbered in _nonblank(lines):
            window.append(numbered)
            if len(window) == BATCH_WINDOW:
                await _flush(briefer, window, options, args.with_text, out)
                window = []
        await _flush(briefer, window, options, args.with_text, out)
    return EXIT_OK


def _nonblank(lines: Iterator[bytes]) -> Iterator[tuple[int, bytes]]:
    """Yield (line number from 1, line) for the lines that hold something."""
    return ((number, line) for number, line in enumerate(lines, start=1) if line.strip())


async def _flush(
    briefer: Briefer,
    window: list[tuple[int, bytes]],
    options: dict[str, Any],
    with_text: bool,
    out: TextIO,
) -> None:
    results = await asyncio.gather(
        *(_batch_line(briefer, number, line, options, with_text) for number, line in window)
    )
    for result in results:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()


async def _batch_line(
    briefer: Briefer, number: int, line: bytes, options: dict[str, Any], with_text: bool
) -> dict[str, Any]:
    """Brief one input line; an error names the line (``"line": N``) besides the row's id."""
    row_id: Any = None
    try:
        row = json.loads(line)
        if not isinstance(row, dict):
            raise BadSource('each line must be a JSON object like {"id": ..., "text": ...}')
        row_id = row.get("id")
        briefing = await _brief_row(briefer, row, options)
    except json.JSONDecodeError as exc:
        message = f"line {number}: not valid JSON: {exc.msg} (column {exc.colno})"
        return {"id": None, "line": number, "error": {"kind": "bad_json", "message": message}}
    except BriefingError as exc:
        return {"id": row_id, "line": number, "error": {"kind": exc.kind, "message": exc.user_message}}
    except Exception as exc:  # one broken line must never stop a batch; it is logged in full
        log.exception("batch line %d (id %r) failed", number, row_id)
        message = f"internal error: {type(exc).__name__} (run with --verbose for the details)"
        return {"id": row_id, "line": number, "error": {"kind": "internal", "message": message}}
    return {"id": row_id, **briefing.to_dict(with_text=with_text)}


async def _brief_row(briefer: Briefer, row: dict[str, Any], options: dict[str, Any]) -> Briefing:
    html, url, text = row.get("html"), row.get("url"), row.get("text")
    if isinstance(html, str):
        return await briefer.brief(Source("html", html, url=url if isinstance(url, str) else None), **options)
    if isinstance(text, str):
        return await briefer.brief(Source("text", text), **options)
    if isinstance(url, str):
        return await briefer.brief(Source("url", url), **options)
    raise BadSource('each line needs "text", "url" or "html" (a string)')


# --- rendering for the terminal ---------------------------------------------------------------------------


def render(briefing: Briefing, fmt: str, *, with_text: bool = False) -> str:
    """Render a briefing as JSON, Markdown or plain text."""
    if fmt == "json":
        return json.dumps(briefing.to_dict(with_text=with_text), ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return _render_markdown(briefing, with_text)
    return _render_text(briefing, with_text)


def _source_line(briefing: Briefing) -> str:
    parts = [p for p in (briefing.site_name, briefing.author, briefing.published) if p]
    parts.append(f"{briefing.word_count:,} words, {briefing.reading_minutes} min read")
    return " · ".join(parts)


def _quote_line(text: str, speaker: str | None) -> str:
    text = display_quote(text)
    return f"“{text}” — {speaker}" if speaker else f"“{text}”"


def _render_text(b: Briefing, with_text: bool) -> str:
    lines = [b.title or "(untitled)", _source_line(b)]
    if b.url:
        lines.append(b.url)
    lines += ["", "Summary", *(f"  {s}" for s in b.summary)]
    if b.key_points:
        lines += ["", "Key points", *(f"  • {p}" for p in b.key_points)]
    if b.quotes:
        lines += ["", "Quotes", *(f"  {_quote_line(q.text, q.speaker)}" for q in b.quotes)]
    if b.people:
        lines += ["", "People: " + ", ".join(b.people)]
    lines += [f"! {w}" for w in b.warnings]
    lines.append(f"[{b.engine}]")
    if with_text:
        lines += ["", "-" * 40, b.article_text]
    return "\n".join(lines)


def _render_markdown(b: Briefing, with_text: bool) -> str:
    title = b.title or "Untitled"
    lines = [f"# [{title}]({b.url})" if b.url else f"# {title}", "", f"*{_source_line(b)}*", ""]
    lines += [" ".join(b.summary), ""]
    if b.key_points:
        lines += ["## Key points", *(f"- {p}" for p in b.key_points), ""]
    if b.quotes:
        lines += ["## Quotes", *(f"> {_quote_line(q.text, q.speaker)}\n" for q in b.quotes)]
    if b.people:
        lines += ["**People:** " + ", ".join(b.people), ""]
    lines += [f"> ⚠ {w}" for w in b.warnings]
    lines.append(f"<sub>engine: {b.engine}</sub>")
    if with_text:
        lines += ["", "---", "", b.article_text]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
