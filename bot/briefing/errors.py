"""Expected failures of the briefing core, each carrying a message that is safe to show a user."""

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


class Paywall(BriefingError):
    kind = "paywall"


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


class TooComplex(BriefingError):
    """Briefing the input needed more CPU time or memory than one briefing may use."""

    kind = "too_complex"
