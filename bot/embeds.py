"""Briefings and digests -> discord.Embed. The one place that knows Discord's size limits.

Every text that comes from an article is escaped (Markdown and mentions) and then cut to its limit at a word
boundary with an ellipsis, so whatever a briefing holds, the embeds built here are accepted by Discord.
New renderers should build on :func:`fit`, :func:`clean`, :func:`line_fields` and
:func:`enforce_total` rather than on their own arithmetic.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import discord

from bot.briefing.models import Briefing, Engine, Length, Quote, display_quote
from bot.briefing.quotes import pick_quotes
from bot.digest import Digest, DigestItem

if TYPE_CHECKING:
    from bot.sharing import Shared

log = logging.getLogger(__name__)

# --- Discord's limits (developer docs: resources/message, "Embed Limits") --------------------------------
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_NAME_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000  # across ALL embeds of one message
EMBEDS_PER_MESSAGE = 10
URL_LIMIT = 2048  # longer links are dropped rather than cut (a cut URL is a wrong URL)
THREAD_NAME_LIMIT = 100

#: Everything briefbot sends carries this: article text must never ping anyone.
NO_MENTIONS = discord.AllowedMentions.none()
ELLIPSIS = "…"
BULLET = "•"
COLOUR = discord.Colour(0x2B6CB0)
# How far back fit() looks for a space before it gives up and cuts inside a word.
_WORD_LOOKBACK = 40
# Leave room for the article's own words: a footer of warnings or a long title must not crowd them out.
_FOOTER_BUDGET = 400
_QUOTE_BUDGET = 420
# A card's quote is a line a reader takes in at a glance; the whole quotation stays in the briefing.
_CARD_QUOTE_CHARS = 140
_CARD_QUOTE_WORDS = 30


def fit(text: str, limit: int) -> str:
    """Return ``text`` cut to at most ``limit`` characters, at a word boundary, ending with an ellipsis."""
    if limit <= 0:
        return ""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit == 1:
        return ELLIPSIS
    head = text[: limit - 1]
    cut = head.rstrip()
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= max(1, len(cut) - _WORD_LOOKBACK):
        cut = cut[:space].rstrip()
    # A dangling backslash would escape the ellipsis (or be an escape cut in half).
    while cut.endswith("\\"):
        cut = cut[:-1]
    return cut + ELLIPSIS


# A bracket with an even run of backslashes (none included) before it: Discord would read it as Markdown.
_BARE_BRACKET_RE = re.compile(r"(?<!\\)((?:\\\\)*)([\[\]])")


def clean(text: str) -> str:
    """Escape Discord Markdown and mentions in untrusted (article) text and collapse runs of whitespace.

    escape_markdown doubles the article's own backslashes (so none can cancel an escape); then every square
    bracket is escaped, so no masked link (``[text](url)``) survives however the text is cut or joined.
    """
    text = discord.utils.escape_markdown(" ".join(text.split()))
    text = _BARE_BRACKET_RE.sub(r"\1\\\2", text)
    return discord.utils.escape_mentions(text)


def safe_url(url: str | None) -> str | None:
    """Return ``url`` when Discord will accept it as an embed link (absolute http/https, not too long)."""
    if not url or len(url) > URL_LIMIT or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url


def format_date(published: str | None) -> str | None:
    """Render an ISO 8601 date as "3 Mar 2025"; keep any other spelling as it is."""
    if not published:
        return None
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return published
    return f"{day.day} {day:%b %Y}"


def quote_line(quote: Quote, limit: int = _QUOTE_BUDGET) -> str:
    """Render a quote as “…” — Speaker, within ``limit`` characters."""
    speaker = f" — {fit(clean(quote.speaker), 80)}" if quote.speaker else ""
    body = fit(clean(display_quote(quote.text)), max(1, limit - len(speaker) - 2))
    return f"“{body}”{speaker}"


def line_fields(
    name: str, lines: Iterable[str], *, max_fields: int = FIELD_COUNT_LIMIT
) -> list[tuple[str, str]]:
    """Pack lines into (name, value) fields of at most FIELD_VALUE_LIMIT characters, continuing as needed."""
    fields: list[tuple[str, str]] = []
    current = ""
    for raw in lines:
        line = fit(raw, FIELD_VALUE_LIMIT)
        if not line:
            continue
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= FIELD_VALUE_LIMIT:
            current = candidate
            continue
        fields.append((name, current))
        current = line
    if current:
        fields.append((name, current))
    named = [
        (fit(n if i == 0 else f"{n} (continued)", FIELD_NAME_LIMIT), v) for i, (n, v) in enumerate(fields)
    ]
    return named[:max_fields]


def enforce_total(embeds: Sequence[discord.Embed], limit: int = EMBED_TOTAL_LIMIT) -> list[discord.Embed]:
    """Shrink embeds until their combined size fits ``limit``: trim descriptions, then drop fields."""
    result = list(embeds[:EMBEDS_PER_MESSAGE])
    excess = sum(map(len, result)) - limit
    for embed in reversed(result):
        if excess <= 0:
            break
        description = embed.description or ""
        if description:
            keep = max(0, len(description) - excess - 1)
            embed.description = fit(description, keep) or None
            excess = sum(map(len, result)) - limit
    for embed in reversed(result):
        while excess > 0 and embed.fields:
            embed.remove_field(len(embed.fields) - 1)
            excess = sum(map(len, result)) - limit
    for embed in reversed(result):
        if excess > 0 and embed.footer.text:
            embed.set_footer(text=fit(embed.footer.text, max(0, len(embed.footer.text) - excess - 1)) or None)
            excess = sum(map(len, result)) - limit
    while excess > 0 and len(result) > 1:
        result.pop()
        excess = sum(map(len, result)) - limit
    if excess > 0 and result and result[0].title:
        result[0].title = fit(result[0].title, max(1, len(result[0].title) - excess - 1))
    return result


def meta_line(briefing: Briefing) -> str:
    """Return "site · author · date" for the briefing, with whatever parts are known."""
    parts: list[str] = []
    if briefing.site_name:
        parts.append(fit(clean(briefing.site_name), 80))
    if briefing.author and briefing.author != briefing.site_name:
        parts.append(fit(clean(briefing.author), 120))
    date = format_date(briefing.published)
    if date:
        parts.append(fit(clean(date), 40))
    return " · ".join(parts)


def footer_text(briefing: Briefing) -> str:
    """Return "M min read", the engine when it is not the extractive one, and any warnings."""
    text = f"{briefing.reading_minutes} min read"
    if briefing.engine != Engine.EXTRACTIVE.value:
        text += f" · {briefing.engine}"
    if briefing.warnings:
        text += " · ⚠ " + "; ".join(" ".join(w.split()) for w in briefing.warnings)
    # Footers show no Markdown (a backslash would show), so a link joint is broken with a space instead.
    return fit(text.replace("](", "] ("), min(FOOTER_LIMIT, _FOOTER_BUDGET))


_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# A quotation is restated by a sentence holding this share of its words.
_RESTATED_SHARE = 0.8


def _restates(sentence: str, quote: str) -> bool:
    """Tell whether a shown sentence (or quote) already carries a quotation's words."""
    quote_words = [w.casefold() for w in _WORD_RE.findall(quote)]
    if not quote_words:
        return True
    said = " ".join(w.casefold() for w in _WORD_RE.findall(sentence))
    if " ".join(quote_words) in said:
        return True
    if len(quote_words) < 4:
        return False
    have: dict[str, int] = {}
    for word in said.split():
        have[word] = have.get(word, 0) + 1
    found = 0
    for word in quote_words:
        if have.get(word, 0) > 0:
            have[word] -= 1
            found += 1
    return found >= _RESTATED_SHARE * len(quote_words)


def card_quotes(briefing: Briefing, n: int) -> list[Quote]:
    """Choose the quotes a card shows: none already said by its summary, its key points or another quote."""
    shown = [*briefing.summary, *briefing.key_points]
    fresh: list[Quote] = []
    for quote in briefing.quotes:
        body = display_quote(quote.text)
        if any(_restates(line, body) for line in shown):
            continue
        if any(
            _restates(display_quote(q.text), body) or _restates(body, display_quote(q.text)) for q in fresh
        ):
            continue
        fresh.append(quote)
    # A card prefers quotations read at a glance; a long one is still shown when nothing shorter says more.
    concise = [q for q in fresh if len(q.text.split()) <= _CARD_QUOTE_WORDS]
    chosen = pick_quotes(concise, n)
    if len(chosen) < n:
        chosen = pick_quotes(chosen + [q for q in fresh if q not in concise], n)
    return sorted(chosen, key=lambda q: q.start)


def _add_key_points(embed: discord.Embed, key_points: Iterable[str]) -> None:
    points = [f"{BULLET} {fit(clean(p), FIELD_VALUE_LIMIT - 2)}" for p in key_points]
    for name, value in line_fields("Key points", points, max_fields=3):
        embed.add_field(name=name, value=value, inline=False)


def briefing_embeds(briefing: Briefing, *, length: Length = Length.STANDARD) -> list[discord.Embed]:
    """Render a briefing as embeds that Discord accepts, whatever the briefing holds."""
    title = fit(clean(briefing.title or "Briefing"), TITLE_LIMIT)
    embed = discord.Embed(title=title, url=safe_url(briefing.url), colour=COLOUR)
    lines: list[str] = []
    meta = meta_line(briefing)
    if meta:
        lines.append(f"*{meta}*")
    # Escape what is joined, not its parts: a masked link split across two sentences is whole once joined.
    summary = clean(" ".join(briefing.summary))
    if summary:
        lines.append(summary)
    embed.description = fit("\n\n".join(lines), DESCRIPTION_LIMIT) or None
    _add_key_points(embed, briefing.key_points)
    quotes = [quote_line(q, _CARD_QUOTE_CHARS) for q in card_quotes(briefing, length.max_quotes)]
    for name, value in line_fields("Quotes", quotes, max_fields=2):
        embed.add_field(name=name, value=value, inline=False)
    embed.set_footer(text=footer_text(briefing))
    return enforce_total([embed])


def repeat_embeds(
    *,
    title: str | None,
    url: str | None,
    summary: Sequence[str],
    key_points: Sequence[str],
    jump_url: str | None,
) -> list[discord.Embed]:
    """Render a stored briefing for "already briefed here": its summary, key points and a jump link."""
    embed = discord.Embed(
        title=fit(clean(title or "Briefing"), TITLE_LIMIT), url=safe_url(url), colour=COLOUR
    )
    text = clean(" ".join(summary))
    link = safe_url(jump_url)
    suffix = f"\n\n[Earlier briefing]({link})" if link else ""
    embed.description = fit(text, DESCRIPTION_LIMIT - len(suffix)) + suffix or None
    _add_key_points(embed, key_points)
    embed.set_footer(text="Already briefed in this server; use /brief with fresh:True for a new briefing.")
    return enforce_total([embed])


def shared_embeds(shared: Shared) -> list[discord.Embed]:
    """Render the answer to a shared source: its new briefing, or the earlier briefing of its link."""
    if shared.repeat is not None:
        r = shared.repeat
        return repeat_embeds(
            title=r.title, url=r.url, summary=r.summary, key_points=r.key_points, jump_url=r.jump_url
        )
    if shared.briefing is None:
        raise ValueError("a Shared holds a briefing or a repeat")
    return briefing_embeds(shared.briefing, length=shared.length)


def shared_content(shared: Shared) -> str | None:
    """Return the text posted above :func:`shared_embeds`: "Already briefed here" for a repeat, else None."""
    if shared.repeat is None:
        return None
    if shared.repeat.jump_url:
        return f"Already briefed here: {shared.repeat.jump_url}"
    return "Already briefed here."


MESSAGE_CONTENT_HELP = (
    "Auto-brief needs the privileged **Message Content** intent. The bot's owner can enable it at "
    "https://discord.com/developers/applications -> the application -> Bot -> Privileged Gateway Intents "
    "-> Message Content Intent, then restart briefbot. /brief and the “Brief message” app command work "
    "without it."
)


def message_text(text: str) -> str:
    """Fit plain message content (errors, notices) into Discord's 2000-character limit."""
    return fit(text, CONTENT_LIMIT)


def thread_name(title: str | None) -> str:
    """Return a thread name (1-100 characters) for a briefing's title."""
    return fit(" ".join((title or "Briefing").split()), THREAD_NAME_LIMIT) or "Briefing"


def check_limits(embeds: Sequence[discord.Embed]) -> list[str]:
    """List every Discord limit the embeds break (empty when they are valid); used by tests and benches."""
    problems: list[str] = []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds > {EMBEDS_PER_MESSAGE}")
    total = sum(map(len, embeds))
    if total > EMBED_TOTAL_LIMIT:
        problems.append(f"total {total} > {EMBED_TOTAL_LIMIT}")
    for i, e in enumerate(embeds):
        checks = [
            ("title", len(e.title or ""), TITLE_LIMIT),
            ("description", len(e.description or ""), DESCRIPTION_LIMIT),
            ("fields", len(e.fields), FIELD_COUNT_LIMIT),
            ("footer", len(e.footer.text or ""), FOOTER_LIMIT),
            ("author", len(e.author.name or ""), AUTHOR_NAME_LIMIT),
            ("url", len(e.url or ""), URL_LIMIT),
        ]
        for f in e.fields:
            checks.append(("field name", len(f.name or ""), FIELD_NAME_LIMIT))
            checks.append(("field value", len(f.value or ""), FIELD_VALUE_LIMIT))
            if not (f.name or "").strip() or not (f.value or "").strip():
                problems.append(f"embed {i}: empty field")
        problems.extend(f"embed {i}: {what} {n} > {lim}" for what, n, lim in checks if n > lim)
    return problems


# --- digests (added by the storage/digest helper; built on fit/clean/safe_url/enforce_total) ------------

#: A digest lists at most this many stories; the rest are counted in one closing line.
DIGEST_MAX_ITEMS = 25
# Room for an embed's title and footer next to its description, within the 6000-character message total.
_DIGEST_PAGE_LIMIT = 3800
_DIGEST_MESSAGE_BUDGET = 5600
_DIGEST_SHARERS_SHOWN = 5
_DIGEST_OUTLETS_SHOWN = 4
_DIGEST_JUMPS_SHOWN = 5
#: A TL;DR is one line.
TLDR_LIMIT = 200


def _outlet_links(item: DigestItem) -> str:
    """Link each outlet that reported the story: "[Harbour Gazette](…), [Wren Daily](…)"."""
    shown = []
    for outlet in item.outlets[:_DIGEST_OUTLETS_SHOWN]:
        name = fit(clean(outlet.name), 60)
        link = safe_url(outlet.url)
        shown.append(f"[{name}]({link})" if link else name)
    hidden = len(item.outlets) - _DIGEST_OUTLETS_SHOWN
    if hidden > 0:
        shown.append(f"+{hidden}")
    return ", ".join(shown)


def digest_item_text(rank: int, item: DigestItem) -> str:
    """Render one story: linked title, its outlets linked, a one-line TL;DR, who shared it where."""
    title = fit(clean(item.title), 200) or "Untitled"
    link = safe_url(item.url)
    head = f"**{rank}. [{title}]({link})**" if link else f"**{rank}. {title}**"
    if item.outlets:
        head += " · " + _outlet_links(item)
    lines = [head]
    if item.tldr:
        lines.append("TL;DR: " + fit(clean(item.tldr), TLDR_LIMIT))
    first = item.first_share
    shared = f"shared by <@{first.user_id}> in <#{first.channel_id}>"
    jump = safe_url(first.jump_url)
    if jump:
        shared += f" · [message]({jump})"
    if item.share_count > 1:
        sharers = item.sharers
        who = ", ".join(f"<@{user}>" for user in sharers[:_DIGEST_SHARERS_SHOWN])
        if len(sharers) > _DIGEST_SHARERS_SHOWN:
            who += f" +{len(sharers) - _DIGEST_SHARERS_SHOWN}"
        shared += f"\nshared {item.share_count} times by {who}"
        if item.repeat_count:
            times = "time" if item.repeat_count == 1 else "times"
            shared += f" (answered “already briefed here” {item.repeat_count} {times})"
        later = [safe_url(share.jump_url) for share in item.shares[1:]]
        jumps = [f"[{n}]({url})" for n, url in enumerate(later, 2) if url][:_DIGEST_JUMPS_SHOWN]
        if jumps:
            shared += " · messages " + " ".join(jumps)
    lines.append(shared)
    return "\n".join(lines)


def most_quoted_text(digest: Digest) -> str | None:
    """Render the "most quoted" line: each person, how often, and their most telling quote (linked)."""
    if not digest.most_quoted:
        return None
    budget = (FIELD_VALUE_LIMIT - 20) // len(digest.most_quoted)
    lines = []
    for person in digest.most_quoted:
        speaker = fit(clean(person.speaker), 80)
        count = f"{person.quote_count} quote{'' if person.quote_count == 1 else 's'}"
        link = safe_url(person.url) or safe_url(person.jump_url)
        source = f" ([{fit(clean(person.title), 60)}]({link}))" if link else ""
        room = max(20, budget - len(speaker) - len(count) - len(source) - 12)
        body = fit(clean(display_quote(person.text)), room)
        lines.append(f"**{speaker}** ({count}): “{body}”{source}")
    return fit("\n".join(lines), FIELD_VALUE_LIMIT)


def day_range(first: dt.date, last: dt.date) -> str:
    """Render one day as "27 Nov 2026", or two as "27–28 Nov 2026" / "30 Nov – 1 Dec 2026"."""
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def digest_heading(digest: Digest, *, timezone: str = "UTC", title: str = "Daily digest") -> str:
    """Return "📰 Daily digest · 1 Dec 2026", named for the local day(s) the stories were shared."""
    try:
        zone: dt.tzinfo = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    first_day, last_day = digest.shared_days(zone)
    return f"📰 {title} · {day_range(first_day, last_day)}"


def digest_post_name(digest: Digest, *, timezone: str = "UTC", title: str = "Daily digest") -> str:
    """Return the name of the forum post that holds a digest (1-100 characters), titled with its day."""
    return thread_name(digest_heading(digest, timezone=timezone, title=title))


def digest_embeds(
    digest: Digest, *, timezone: str = "UTC", title: str = "Daily digest"
) -> list[list[discord.Embed]]:
    """Render a digest as messages (each a list of embeds within Discord's limits); [] when it is empty."""
    if digest.is_empty:
        return []
    stories = len(digest.items)
    intro = (
        f"{stories} {'story' if stories == 1 else 'stories'}, {digest.total_shares} "
        f"{'share' if digest.total_shares == 1 else 'shares'} since <t:{int(digest.start.timestamp())}:f>"
    )
    blocks = [intro]
    blocks += [digest_item_text(rank, item) for rank, item in enumerate(digest.items[:DIGEST_MAX_ITEMS], 1)]
    hidden = stories - DIGEST_MAX_ITEMS
    if hidden > 0:
        blocks.append(f"…and {hidden} more {'story' if hidden == 1 else 'stories'} shared less often.")
    pages: list[str] = []
    for block in blocks:
        block = fit(block, _DIGEST_PAGE_LIMIT)
        if pages and len(pages[-1]) + 2 + len(block) <= _DIGEST_PAGE_LIMIT:
            pages[-1] += "\n\n" + block
        else:
            pages.append(block)
    heading = fit(digest_heading(digest, timezone=timezone, title=title), TITLE_LIMIT)
    embeds = [discord.Embed(description=page, colour=COLOUR) for page in pages]
    embeds[0].title = heading
    quoted = most_quoted_text(digest)
    if quoted:
        last = embeds[-1]
        if len(last) + len(quoted) + 20 > _DIGEST_PAGE_LIMIT:
            last = discord.Embed(colour=COLOUR)
            embeds.append(last)
        last.add_field(name="Most quoted", value=quoted, inline=False)
    embeds[-1].set_footer(text="briefbot digest · links open the article, “message” the share")
    messages: list[list[discord.Embed]] = [[]]
    for embed in embeds:
        current = messages[-1]
        if current and (
            len(current) >= EMBEDS_PER_MESSAGE or sum(map(len, current)) + len(embed) > _DIGEST_MESSAGE_BUDGET
        ):
            messages.append([])
        messages[-1].append(embed)
    return [enforce_total(message) for message in messages]
