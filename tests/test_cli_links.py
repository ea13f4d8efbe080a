"""`briefbot brief URL` end to end: a real subprocess fetching from a page server on loopback."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from tests.conftest import FIXTURES
from tests.pageserver import PageServer, page

PARAGRAPHS = FIXTURES.joinpath("harbour-article.txt").read_text(encoding="utf-8").splitlines()
HTML = (
    "<!doctype html><html lang='en'><head><title>Valmora harbour to close | Valmora Post</title>"
    "<meta property='og:site_name' content='Valmora Post'>"
    "<meta name='author' content='Rita Moss'></head><body><nav>Home | News | Sport</nav><article>"
    f"<h1>{PARAGRAPHS[0]}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:]) + "</article>"
    "<footer>© Valmora Post. Subscribe to our newsletter.</footer></body></html>"
)


async def run_cli(*args: str, allowed: str = "") -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env["BRIEFBOT_FETCH_ALLOWED_HOSTS"] = allowed
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_url_on_allow_list_is_briefed() -> None:
    """A page on loopback admitted by the allow-list is fetched, extracted and briefed."""
    async with PageServer({"/story": page(HTML)}) as server:
        code, out, err = await run_cli("brief", server.url("/story"), "--format", "json", allowed="127.0.0.1")
    assert code == 0, err
    data = json.loads(out)
    assert data["url"].startswith("http://127.0.0.1:")
    assert data["site_name"] == "Valmora Post"
    assert any(q["speaker"] == "Elena Brandt" for q in data["quotes"])
    assert not any("Subscribe" in s for s in data["summary"] + data["key_points"])


async def test_url_refused_without_allow_list_sends_nothing() -> None:
    """Without the allow-list a loopback URL is refused with a clear message; the server sees no request."""
    async with PageServer({"/story": page(HTML)}) as server:
        code, _, err = await run_cli("brief", server.url("/story"))
        assert server.total_hits == 0
    assert code == 1
    assert "Traceback" not in err
    assert "briefbot:" in err


async def test_batch_url_lines_report_error_kinds(tmp_path: Path) -> None:
    """Batch lines with URLs give briefings or errors with a kind, line by line."""
    async with PageServer(
        {"/story": page(HTML), "/pic": page(b"GIF89a", content_type="image/gif")}
    ) as server:
        lines = [
            {"id": 1, "url": server.url("/story")},
            {"id": 2, "url": server.url("/missing")},
            {"id": 3, "url": server.url("/pic")},
            {"id": 4, "url": "ftp://127.0.0.1/file"},
        ]
        batch = tmp_path / "links.jsonl"
        batch.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
        code, out, err = await run_cli("brief", "--batch", str(batch), allowed="127.0.0.1")
    assert code == 0, err
    rows = {row["id"]: row for row in map(json.loads, out.splitlines())}
    assert rows[1]["summary"]
    assert rows[2]["error"]["kind"] == "http_error"
    assert rows[3]["error"]["kind"] == "not_article"
    assert rows[4]["error"]["kind"] in {"blocked", "bad_source"}
