"""Every expected failure a user can meet, each carrying a message that is safe to show them.

The briefing core raises most of them; the limiter raises RateLimited and the digest set-up InvalidSchedule.
Cogs catch BriefingError alone; the one global handler in bot.app answers the rest.
"""

from __future__ import annotations


class BriefingError(Exception):
    """An expected failure with a short, friendly message for the user and a machine-readable kind."""

    kind = "error"

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class EmptyInput(BriefingError):
    kind = "empty"


class BinaryInput(BriefingError):
    kind = "binary"


class InputTooLarge(BriefingError):
    kind = "too_large"


class NotArticle(BriefingError):
    kind = "not_article"


#: The Internet Archive's Wayback Machine: this prefix and a link open the newest archived copy of it.
WAYBACK_PREFIX = "https://web.archive.org/web/"
#: A longer archive address is left out of the answer rather than cut (a cut link is a wrong link).
_ARCHIVE_URL_LIMIT = 1500


def archive_url(url: str) -> str | None:
    """Return the Wayback Machine address of ``url`` (never fetched by briefbot); None for a non-web link."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
        return None
    address = WAYBACK_PREFIX + url
    return address if len(address) <= _ARCHIVE_URL_LIMIT else None


def wall_help(reason: str, url: str | None = None) -> str:
    """Say why a page was refused, offer its archived copy (when the link is known) and the other ways in."""
    lines = [reason]
    archived = archive_url(url) if url else None
    if archived:
        # <…> keeps Discord from previewing the archive page: briefbot only offers the address.
        lines.append(f"An archived copy may be readable: <{archived}> (briefbot doesn't open it).")
    lines.append(
        "Or paste the article's text (/brief text:…) or attach it as a .txt, .md or .html file "
        "(/brief file:…)."
    )
    return "\n".join(lines)


class Walled(BriefingError):
    """The page shows briefbot a wall (a paywall, a consent notice) instead of the article.

    The message says why, offers the Wayback Machine address of the link when it is known (:meth:`at`), and
    reminds that pasting the text or attaching the file works.
    """

    kind = "walled"

    def __init__(self, reason: str, url: str | None = None) -> None:
        super().__init__(wall_help(reason, url))
        self.reason = reason
        self.url = url

    @property
    def archive_url(self) -> str | None:
        """The archived copy offered, if any."""
        return archive_url(self.url) if self.url else None

    def at(self, url: str) -> Walled:
        """Return the same refusal for a known link (so its answer offers the archived copy)."""
        return type(self)(self.reason, url)

    def __reduce__(self) -> tuple[type[Walled], tuple[str, str | None]]:
        # Keep the reason and link when the error crosses a process boundary (pickle calls cls(*args)).
        return (type(self), (self.reason, self.url))


class Paywall(Walled):
    kind = "paywall"


class ConsentWall(Walled):
    """Only a cookie/consent notice is shown to briefbot, not the article."""

    kind = "consent_wall"


class BadSource(BriefingError):
    """The source cannot be read: a missing file, an unsupported file type, a malformed URL."""

    kind = "bad_source"


class Blocked(BriefingError):
    """The URL points somewhere briefbot refuses to go (private network, odd port, bad scheme)."""

    kind = "blocked"


class FetchTimeout(BriefingError):
    kind = "timeout"


class HttpError(BriefingError):
    kind = "http_error"

    def __init__(self, user_message: str, status: int | None = None) -> None:
        super().__init__(user_message)
        self.status = status

    def __reduce__(self) -> tuple[type[HttpError], tuple[str, int | None]]:
        # Keep the status when the error crosses a process boundary (pickle calls cls(*args)).
        return (type(self), (self.user_message, self.status))


class NetworkError(BriefingError):
    kind = "network"


class RateLimited(BriefingError):
    """The user asked again too soon, or the server has too many briefings running and waiting."""

    kind = "rate_limited"


class InvalidSchedule(BriefingError):
    """A digest time or time zone the user typed cannot be used."""

    kind = "bad_schedule"


class TooComplex(BriefingError):
    """Briefing the input needed more CPU time or memory than one briefing may use."""

    kind = "too_complex"


class TooSlow(BriefingError):
    """The briefing could not be made within the time every shared link is answered in."""

    kind = "too_slow"
