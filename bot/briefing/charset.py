"""Decoding pages to text: byte-order marks, declared charsets, then UTF-8, else windows-1252.

Its own small module so that the worker processes, which decode pages but never fetch them, do not load
aiohttp (about 20 MB each).
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_body"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
# Labels browsers treat as windows-1252, and ones never to honour from a page (UTF-7 smuggles markup).
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp819"})
_REFUSED_CODECS = frozenset(
    {"utf_7", "rot_13", "base64_codec", "hex_codec", "zlib_codec", "bz2_codec", "uu_codec"}
)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return None if name.replace("-", "_") in _REFUSED_CODECS else name


def decode_body(body: bytes, header_charset: str | None, *, html: bool) -> str:
    """Decode a page: BOM first, then the Content-Type charset, a <meta> charset, UTF-8, else windows-1252."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace")
    declared = _codec(header_charset)
    if declared is None and html:
        match = _META_CHARSET.search(body[:4096])
        if match is not None:
            declared = _codec(match.group(1).decode("ascii", "replace"))
            if declared is not None and declared.replace("-", "_").startswith(("utf_16", "utf_32")):
                declared = "utf-8"  # a page that could be read as ASCII to find its <meta> is not UTF-16
    if declared is not None:
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")
