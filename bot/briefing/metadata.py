"""Page metadata as a reader sees it: headline, byline people, publication name and publication day.

Every signal the page offers is read from the one parsed tree (JSON-LD NewsArticle, ``og:``/``article:``
tags, the visible h1 and byline, the ``<title>``), and trafilatura's own reading is the fallback. Then the
values are cleaned the way a reader would write them down:

- title: the visible headline (h1) when the page has a plausible one, else JSON-LD/og:/``<title>``; a site
  suffix or prefix ("… | ZDNet", "The Space Review: …") is cut when it names the site, and the site's names
  are learnt from the page itself (og:site_name, publisher, application name, the domain), not from a list.
- authors: bylines split into people; dates, job titles, publications (the page's own names and wire
  services) and usernames dropped; names written in capitals put in proper case.
- site: the publication's name (og:site_name, JSON-LD publisher, application name), made readable when it is
  a domain ("livescience.com" -> "Live Science" when the page spells it so, "CBSSports.com" -> "CBS Sports").
- published: the day printed near the byline (the page's local day), else a structured date as written
  (its own offset), else htmldate's search.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from copy import copy
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlsplit

from htmldate import find_date
from lxml import etree  # type: ignore[import-untyped]
from trafilatura import metadata as trafmeta
from trafilatura.json_metadata import normalize_authors
from trafilatura.settings import Document, set_date_params
from trafilatura.utils import trim

__all__ = ["Metadata", "clean_authors", "join_authors", "read_metadata", "strip_site_affix"]

log = logging.getLogger(__name__)

# An lxml HtmlElement; lxml ships no type stubs.
Tree = Any


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _phrases(text: str) -> frozenset[str]:
    return frozenset(" ".join(p.split()) for p in text.split("|") if p.strip())


# trafilatura's date settings for its default (extensive) search.
_DATE_PARAMS = set_date_params(True)


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a briefing shows about where an article comes from."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    published: str | None = None  # YYYY-MM-DD, the page's local day
    url: str | None = None
    language: str | None = None
    image: str | None = None
    description: str | None = None  # the page's own summary (og:/meta/JSON-LD description)

    @property
    def author(self) -> str | None:
        """The byline as one line ("A", "A and B", "A, B and C"), or None."""
        return join_authors(self.authors)


def join_authors(authors: Iterable[str]) -> str | None:
    """Join people as a byline reads: "A", "A and B", "A, B and C"; None for nobody."""
    names = list(authors)
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------------------------------------
# reading the page
# --------------------------------------------------------------------------------------------------------

_ARTICLE_TYPES = _set(
    """newsarticle article reportagenewsarticle analysisnewsarticle opinionnewsarticle backgroundnewsarticle
    reviewnewsarticle blogposting posting socialmediaposting liveblogposting scholarlyarticle techarticle
    report review claimreview"""
)
_ORG_TYPES = _set("organization newsmediaorganization corporation website")
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form"])


@dataclass(slots=True)
class _Signals:
    """The raw metadata signals of one page, before cleaning."""

    meta: dict[str, str]
    ld_headline: str | None
    ld_authors: list[str]
    ld_author_orgs: list[str]
    ld_publisher: str | None
    ld_orgs: list[str]
    ld_published: str | None
    html_title: str | None
    h1s: list[str]
    bylines: list[str]
    dates: list[str]
    host: str | None
    # <time datetime="…"> values in document order, those marked as the publication first.
    time_stamps: list[str] = field(default_factory=list)
    ld_description: str | None = None


_BLOCK_TAGS = _set(
    "div p li ul ol h1 h2 h3 h4 h5 h6 br section article header td tr table figure figcaption dd dt"
)


def _texts(element: Tree, out: list[str]) -> None:
    """Append an element's text parts; block elements are set apart, inline ones ("Woo<b>d</b>") are not."""
    if isinstance(element.tag, str) and element.tag not in _SKIP_TAGS:
        block = element.tag in _BLOCK_TAGS
        if block:
            out.append(" ")
        if element.text:
            out.append(element.text)
        for child in element:
            _texts(child, out)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append(" ")


def _spaced_text(element: Tree) -> str:
    """Return an element's text with a space between inline parts ("Phil Helsel" + "is a reporter")."""
    parts: list[str] = []
    _texts(element, parts)
    return " ".join("".join(parts).split())


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    """Yield every JSON object inside a JSON-LD document (lists and @graph included)."""
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, list | dict):
                yield from _walk(value)


def _ld_documents(tree: Tree) -> list[Any]:
    docs = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        text = script.text.strip().removeprefix("<!--").removesuffix("-->").strip()
        try:
            docs.append(json.loads(text, strict=False))
        except ValueError:
            log.debug("unreadable JSON-LD block skipped")
    return docs


def _name_of(value: Any, by_id: dict[str, dict[str, Any]]) -> tuple[str | None, bool]:
    """Return (name, is_person) of a JSON-LD author/publisher value (a string or an object)."""
    if isinstance(value, str):
        return value, True
    if not isinstance(value, dict):
        return None, False
    if set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str):
        value = by_id.get(value["@id"], value)
    name = value.get("name")
    if isinstance(name, list):
        name = name[0] if name else None
    if not isinstance(name, str):
        return None, False
    kinds = _types(value)
    return name, not (kinds & _ORG_TYPES)


def _read_ld(tree: Tree, signals: _Signals) -> None:
    objects = [obj for doc in _ld_documents(tree) for obj in _walk(doc)]
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str) and len(obj) > 2}
    article = next((obj for obj in objects if _types(obj) & _ARTICLE_TYPES), None)
    for obj in objects:
        kinds = _types(obj)
        if kinds & _ORG_TYPES and isinstance(obj.get("name"), str):
            signals.ld_orgs.append(obj["name"])
    if article is None:
        return
    headline = article.get("headline") or article.get("name")
    if isinstance(headline, str):
        signals.ld_headline = headline
    authors = article.get("author") or article.get("creator")
    for value in authors if isinstance(authors, list) else [authors]:
        name, person = _name_of(value, by_id)
        if name:
            (signals.ld_authors if person else signals.ld_author_orgs).append(name)
    publisher = article.get("publisher") or article.get("sourceOrganization")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    name, _ = _name_of(publisher, by_id)
    signals.ld_publisher = name
    published = article.get("datePublished") or article.get("dateCreated")
    if isinstance(published, str):
        signals.ld_published = published
    description = article.get("description")
    if isinstance(description, str) and description.strip():
        signals.ld_description = " ".join(description.split())


# Attribute patterns run on lowercased attributes: a case-sensitive search costs a sixth of an IGNORECASE
# one, and _read_body makes one for most elements of a page.
_BYLINE_ATTR_RE = re.compile(r"byline|author|article__meta|writer|contributor")
_DATE_ATTR_RE = re.compile(r"date|time|publish|posted|timestamp")
# "By …", "Written by …"; a photo or video credit ("Photo by …") names no author of the text.
_BY_RE = re.compile(
    r"^(?!(?:photos?|images?|pictures?|videos?|illustrations?|graphics?|artwork|cartoon)\b)(?:\w+\s+)?by\s",
    re.IGNORECASE,
)
_NOT_BYLINE_RE = re.compile(r"comment|related|footer|sidebar|widget|promo|newsletter|bio\b")


def _opens_with_by(element: Tree) -> bool:
    """Tell cheaply whether an element's text may open with "By" (in its own text or its first child's)."""
    head = (element.text or "").lstrip()
    if not head and len(element) and isinstance(element[0].tag, str):
        head = (element[0].text or "").lstrip()
    folded = head[:40].casefold()
    return folded.startswith("by") or (head[:1].isupper() and " by " in folded)


# Either of the two: most elements match neither, and one search tells so.
_SIGNAL_ATTR_RE = re.compile(f"{_BYLINE_ATTR_RE.pattern}|{_DATE_ATTR_RE.pattern}")
_SIGNAL_TAGS = frozenset(["h1", "p", "time"])


@lru_cache(maxsize=4096)
def _is_signal_value(value: str) -> bool:
    """Tell whether an attribute value names a byline or a date; cached: a page repeats its classes."""
    return _SIGNAL_ATTR_RE.search(value.lower()) is not None


def _read_body(tree: Tree, signals: _Signals) -> None:
    """Collect the visible h1s, byline texts and date texts, in document order."""
    h1s, bylines, dates = signals.h1s, signals.bylines, signals.dates
    body = tree.find("body")  # the head's elements show no text (its <title> is read elsewhere)
    for element in (tree if body is None else body).iter(etree.Element):
        tag = element.tag
        if tag == "h1":
            text = _spaced_text(element)
            if text:
                h1s.append(text)
            continue
        keys = element.keys()  # most elements have no attribute or a class alone
        get = element.get
        # Most elements: not a paragraph or a <time>, no rel="author", no class, id or itemprop naming a
        # byline or a date. Each value is tested alone (no word holds a space): a page's classes once.
        if tag not in _SIGNAL_TAGS and not (
            keys
            and (
                ("class" in keys and _is_signal_value(get("class")))
                or ("rel" in keys and get("rel").lower() == "author")
                or ("id" in keys and _is_signal_value(get("id")))
                or ("itemprop" in keys and _is_signal_value(get("itemprop")))
            )
        ):
            continue
        if tag in _SKIP_TAGS:
            continue
        attrs = " ".join(filter(None, (get("class"), get("id"), get("itemprop")))).lower() if keys else ""
        rel = (get("rel") or "").lower()
        if tag == "p" and not attrs and not _opens_with_by(element):
            continue  # most paragraphs: reading their whole text would cost more than all the rest
        if len(bylines) < 12 and (
            _BYLINE_ATTR_RE.search(attrs) or rel == "author" or (tag == "p" and not attrs)
        ):
            text = _spaced_text(element)
            if not text or len(text) > 200 or _NOT_BYLINE_RE.search(attrs):
                pass
            elif tag == "p" and not attrs:
                if _BY_RE.match(text) and len(text) < 120:
                    bylines.append(text)
            else:
                bylines.append(text)
        if tag == "time" and len(signals.time_stamps) < 12 and (stamp := get("datetime")):
            # A machine-readable stamp beside a "1 day ago" the reader sees; a marked one is the publication.
            marked = "datepublished" in attrs or get("pubdate") is not None
            signals.time_stamps.insert(0, stamp) if marked else signals.time_stamps.append(stamp)
        if len(dates) < 12 and (tag == "time" or _DATE_ATTR_RE.search(attrs)):
            text = _spaced_text(element)
            if text and len(text) <= 120:
                dates.append(text)


def _read_signals(tree: Tree, url: str | None) -> _Signals:
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), " ".join(content.split()))
    title_el = next(iter(tree.iter("title")), None)
    html_title = " ".join(title_el.text_content().split()) if title_el is not None else None
    host = None
    page_url = url or meta.get("og:url")
    if page_url:
        host = (urlsplit(page_url).hostname or "").lower() or None
    signals = _Signals(meta, None, [], [], None, [], None, html_title or None, [], [], [], host)
    _read_ld(tree, signals)
    _read_body(tree, signals)
    return signals


# --------------------------------------------------------------------------------------------------------
# site names
# --------------------------------------------------------------------------------------------------------

_TLD_RE = re.compile(
    r"\.(?:com|net|org|info|co|news|io|tv|fm|us|uk|ca|au|in|de|fr|it|es|br|ru|ua|pl|nl|kr|jp|cn|me|biz)"
    r"(?:\.[a-z]{2})?$",
    re.IGNORECASE,
)
_GENERIC_SITE = _set("hosted home news homepage index default website site blog")


_ALNUM_RUN_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1024)
def _compact(text: str) -> str:
    """Return text casefolded without spaces and punctuation; cached: site names are compared many times."""
    return "".join(_ALNUM_RUN_RE.findall(text.casefold()))


def _registrable(host: str | None) -> str | None:
    """Return the host's name label: www.livescience.com -> "livescience", bbc.co.uk -> "bbc"."""
    if not host:
        return None
    labels = [part for part in host.split(".") if part]
    while labels and labels[0] in ("www", "m", "amp", "mobile", "edition", "beta"):
        labels.pop(0)
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "ac", "gov"):
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    return labels[-1] if labels else None


def _looks_like_domain(name: str) -> bool:
    return bool(_TLD_RE.search(name)) and " " not in name


def _camel_split(name: str) -> str:
    """Split joined words at case changes: "CBSSports" -> "CBS Sports", "SpaceNews" stays one brand."""
    spaced = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z]{2,})", " ", name)
    return spaced if spaced != name and len(spaced.split()[0]) >= 2 else name


def _affix_segments(title: str) -> list[str]:
    """Return the title's segments around separators ("A | B - C" -> [A, B, C]); [title] when none."""
    parts = re.split(r"\s+[|–—·•»:/\\-]\s+|\s*\|\s*|\s+::\s+|:\s+", title)
    return [p.strip() for p in parts if p.strip()]


def _site_candidates(signals: _Signals) -> list[str]:
    meta = signals.meta
    raw = [
        meta.get("og:site_name"),
        signals.ld_publisher,
        meta.get("application-name"),
        meta.get("apple-mobile-web-app-title"),
        meta.get("publisher"),
        *signals.ld_orgs,
        *signals.ld_author_orgs,
    ]
    names = []
    for name in raw:
        if not name:
            continue
        name = " ".join(name.split()).lstrip("@").strip()
        # "Remember 80/90 - Memorabilia anni 80/90", "Autoracing | F1 | Indy": the name, not the tagline.
        name = re.split(r"\s+[|–—-]\s+|\s*\|\s*", name)[0].strip()
        name = " ".join(re.sub(r"\([^)]*\)", " ", name).split())  # "Brad Kuhn (bkuhn)"
        if not name or len(name) > 60 or "://" in name or name.casefold() in _GENERIC_SITE:
            continue
        if signals.html_title and _compact(name) == _compact(signals.html_title):
            continue  # application-name holding the page's title
        names.append(name)
    return names


def _readability(name: str) -> int:
    """Score how readable a site name is: spaced, cased words beat a domain or joined lowercase."""
    score = 0
    if " " in name:
        score += 2
    if not _looks_like_domain(name):
        score += 2
    if name[:1].isupper():
        score += 1
    if name.islower() or name.isupper():
        score -= 1
    if " " not in name and re.search(r"[a-z][A-Z][a-z]{3,}$", name):
        score -= 1  # "BarronsOnline": words run together, and a suffix ("Online") that is no part of the name
    return score


def _related(a: str, b: str) -> bool:
    """Tell whether two site names name the same site ("livescience.com" ~ "Live Science")."""
    ca, cb = _compact(_TLD_RE.sub("", a)), _compact(_TLD_RE.sub("", b))
    if not ca or not cb:
        return False
    ca, cb = ca.removeprefix("the"), cb.removeprefix("the")
    if ca == cb or (min(len(ca), len(cb)) >= 4 and (ca in cb or cb in ca)):
        return True
    initials = "".join(word[0] for word in re.findall(r"[^\W_]+", b.casefold()) if word != "the")
    return len(initials) >= 2 and ca.startswith(initials) and len(ca) > len(initials)


def _names_domain(segment: str, label: str) -> bool:
    """Tell whether a title segment spells the domain's name ("The Space Review", "The New York Times")."""
    if len(segment.split()) > 5 or _looks_like_domain(segment):
        return False
    compact, label = _compact(segment).removeprefix("the"), label.removeprefix("the")
    if compact == label:
        return True
    initials = "".join(w[0] for w in re.findall(r"[^\W_]+", segment.casefold()) if w != "the")
    return len(initials) >= 2 and label.startswith(initials) and label[len(initials) :] in compact


def _pick_site(signals: _Signals, title_segments: list[str]) -> str | None:
    candidates = _site_candidates(signals)
    label = _registrable(signals.host)
    domain_name = label if label and label not in _GENERIC_SITE else None
    primary = candidates[0] if candidates else None
    if primary and domain_name and not _related(primary, domain_name):
        # og:site_name holding a section ("U.S.") while the publisher matches the domain ("Reuters").
        primary = next((c for c in candidates if _related(c, domain_name)), primary)
    if primary is None:
        # The title often names the site: "The Space Review: …", "… | Live Science".
        if domain_name:
            named = [s for s in title_segments if _names_domain(s, domain_name)]
            if named:
                return max(named, key=_readability)  # "… - The New York Times" for nytimes.com
        return _domain_readable(signals.host)
    pool = [c for c in candidates if _related(primary, c)] + [
        s for s in title_segments if len(s) <= 40 and _related(primary, s)
    ]
    best = max(pool, key=_readability) if pool else primary
    if _looks_like_domain(best):
        best = _TLD_RE.sub("", best)
    if " " not in best:
        best = _camel_split(best)
    if best.islower() and best.isascii():
        best = best.title() if len(best) > 3 else best.upper()
    return best


def _domain_readable(host: str | None) -> str | None:
    label = _registrable(host)
    if not label:
        return None
    return label.title() if len(label) > 3 else label.upper()


# --------------------------------------------------------------------------------------------------------
# titles
# --------------------------------------------------------------------------------------------------------

_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•»\-:]\s+|\s*\|\s*|:\s+")


def strip_site_affix(title: str, site_names: Iterable[str]) -> str:
    """Cut a site's name (and the section labels beside it) off the ends of a page title."""
    names = [n for n in site_names if n]
    title = " ".join(title.split())
    for _ in range(4):
        pieces = _TITLE_SEPARATORS.split(title)
        seps = _TITLE_SEPARATORS.findall(title)
        if len(pieces) < 2:
            break
        last, first = pieces[-1].strip(), pieces[0].strip()
        if any(_related(last, n) or _compact(last) == _compact(n) for n in names) and len(last) <= 60:
            title = title[: len(title) - len(last) - len(seps[-1])].rstrip()
            continue
        # "Headline - Site - Site's tagline": the site's name, then short labels to the end.
        for k in range(len(pieces) - 2, 0, -1):
            if any(_related(pieces[k], n) for n in names) and all(len(p.split()) <= 6 for p in pieces[k:]):
                cut = sum(len(p) for p in pieces[:k]) + sum(len(sep) for sep in seps[: k - 1])
                title = title[:cut].rstrip()
                break
        else:
            k = 0
        if k:
            continue
        if (
            any(_compact(first) == _compact(n) or _related(first, n) for n in names)
            and len(first) <= 40
            and ":" not in seps[0]
        ) or (seps[0].strip() == ":" and any(_compact(first) == _compact(n) for n in names)):
            title = title[len(first) + len(seps[0]) :].lstrip()
            continue
        break
    return title


def _title_words(title: str) -> Counter[str]:
    """Count a title's words, casefolded."""
    return Counter(re.findall(r"\w+", title.casefold()))


def _similar(a: Counter[str], b: Counter[str]) -> float:
    """Token F1 between two titles' words."""
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / a.total(), common / b.total()
    return 2 * p * r / (p + r)


_QUOTES = "'\"‘’“”«»„"


def _pick_title(signals: _Signals, site_names: list[str], fallback: Callable[[], str | None]) -> str | None:
    meta = signals.meta
    declared = [
        t
        for t in (signals.ld_headline, meta.get("og:title"), meta.get("twitter:title"), signals.html_title)
        if t
    ]
    declared = [strip_site_affix(t, site_names) for t in declared]
    if not declared and (found := fallback()):
        declared = [strip_site_affix(found, site_names)]
    # Section labels the <title> adds after the headline ("Headline | Editorial | Opinion | Site").
    if declared and signals.html_title:
        for other in declared[:-1]:
            if declared[-1].startswith(other) and len(other) >= 0.5 * len(declared[-1]):
                declared[-1] = other
    # A pull quote set as an h1 ("'Why don't you…?'") is not the headline.
    h1s = [
        h
        for h in signals.h1s
        if 2 <= len(h.split()) <= 40 and len(h) <= 300 and not (h[0] in _QUOTES and h[-1] in _QUOTES)
    ]
    h1s = [h for h in h1s if not any(_compact(h) == _compact(n) for n in site_names)]
    best_declared = declared[0] if declared else None
    if h1s:
        if best_declared is None:
            return h1s[0]
        declared_words = [_title_words(d) for d in declared]
        similarity = {h: max(_similar(_title_words(h), d) for d in declared_words) for h in h1s}
        scored = max(h1s, key=similarity.__getitem__)
        if similarity[scored] >= 0.3:
            return scored
        first = h1s[0]
        # A headline rewritten for social media or search: the h1 right before the text is what readers see.
        if signals.h1s and first == signals.h1s[0] and len(first.split()) >= 3:
            return first
    return best_declared


# --------------------------------------------------------------------------------------------------------
# authors
# --------------------------------------------------------------------------------------------------------

# In calendar order: the first twelve give the month numbers.
_MONTHS = re.findall(
    r"\w+",
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec",
)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur fri sat sun"
_DATEWORDS = (
    frozenset(_MONTHS)
    | _set(_WEEKDAYS)
    | _set("updated published posted ago today yesterday on at am pm et pt gmt bst utc est edt pst pdt ist")
)
# Words of job titles and desks: a byline part made of these (with "of"/"for"/...) names no person.
_ROLE_WORDS = _set(
    """reporter reporters writer writers editor editors correspondent correspondents contributor contributors
    columnist columnists staff producer producers senior chief deputy associate assistant managing
    executive political politics business sports sport news digital national international foreign
    investigative special contributing freelance photographer photojournalist analyst host anchor
    critic reviewer intern team desk bureau service services editorial opinion analysis guest author
    editor-at-large at-large large science health tech technology entertainment culture travel
    lifestyle breaking web online video multimedia data global economics economy weather wire"""
)
# Media organisations that sign articles without a person (the page's own names are learnt per page).
_WIRES = _phrases(
    """associated press|ap|reuters|afp|agence france-presse|agence france presse|pti|ians|ani|dpa|efe|ansa
    |xinhua|tass|upi|bloomberg|cnn|bbc|press trust of india|the associated press|condé nast|conde nast
    |business insider|nbc news|cbs news|abc news|fox news|cnbc|npr|tribune news service|mcclatchy|gannett
    |tribune content agency|usa today|news service|news desk|staff|editorial board|wire services|kyodo
    |afp relaxnews|yonhap|aap|canadian press|the canadian press|press association|pa media|sputnik"""
)
_ORG_WORDS = _set(
    """press media news newspaper newspapers network networks agency agencies service services inc ltd llc
    corp corporation company group times post journal herald tribune daily weekly magazine international
    online radio television tv channel bureau foundation institute university association council ministry
    ministries department government club society center centre office team staff administration
    committee commission publishing publications com org net"""
)
# Bylines in other languages open with their own "by" ("Par Sébastien Farcis", "Von Anna Berg").
_FOREIGN_BY_RE = re.compile(r"^(?:[Pp]ar|[Vv]on|[Pp]or|[Dd]oor|[Pp]rzez|[Aa]v|[Aa]f)\s+(?=[A-ZÀ-ÖØ-ÞĀ-Ž])")
_JOINED_RE = re.compile(r"[a-z][A-Z]")
# Degrees after a name ("Brenda Goodman, MA"); matched as written, so "Jack Ma" keeps his name.
_CREDENTIALS = frozenset(["MA", "MD", "PhD", "Ph.D.", "RN", "MPH", "DDS", "DVM", "MBA", "MSc", "BSc", "MS"])
_COLLECTIVE = _set("staff team desk bureau reports editors writers reporters newsroom")
_PARTICLES = _set("de da del della di du des la le van von der den ter ten bin ibn al el y dos das st")
_BYLINE_PREFIX_RE = re.compile(
    r"^(?:(?:analysis|opinion|commentary|review|story|text|words|report(?:ing)?|written|posted|"
    r"compiled|edited|photos?|interview)\s+)?by\s*:?\s+|^(?:by|von|par|por|di|door|przez|texto|text)\s*:\s*",
    re.IGNORECASE,
)
_STRONG_SPLIT_RE = re.compile(r"\s*(?:[;|/,•·]|\s[-–—]\s)\s*")
_AND_SPLIT_RE = re.compile(r"\s+(?:and|und|et|y|e|with)\s+|\s*&\s*")
# Where a byline's names end: a number (date, time, count), a time word or a bio ("is a reporter").
_BYLINE_END_RE = re.compile(
    r"\s(?:\d|(?:updated|published|posted|last updated)\b|(?:is|was|has|covers|writes|reports)\s).*$",
    re.IGNORECASE,
)
_CUT_RE = re.compile(
    r"\s(?:is|was|has|covers|writes|reports)\s.*$|\s*\(.*?\)|\s*\S+@\S+|\s@\w+.*$|https?://\S+|\s\d.*$"
)
_NAME_WORD_RE = re.compile(r"^(?:[^\W\d_][\w’'.\-]*|[^\W\d_]\.)$")


def _proper_case(word: str) -> str:
    """Put a word written in capitals in proper case, keeping Mc/Mac/O' and hyphenated parts."""
    if not word.isupper() or len(word) <= 1:
        return word
    if len(word) == 2 and word.endswith("."):
        return word  # an initial
    parts = re.split(r"([\-’'])", word.lower())
    out = "".join(p.capitalize() if p not in "-’'" else p for p in parts)
    if out.startswith("Mc") and len(out) > 3:
        out = "Mc" + out[2].upper() + out[3:]
    return out


def _is_org(part: str, site_names: list[str]) -> bool:
    folded = part.casefold().strip(" .")
    if folded in _WIRES or folded.removeprefix("the ") in _WIRES:
        return True
    if any(_compact(part) == _compact(n) or _related(part, n) for n in site_names if len(_compact(n)) >= 3):
        return True
    return bool(set(re.findall(r"[\w\-]+", folded)) & _ORG_WORDS)


def _trailing_org(words: list[str], site_names: list[str]) -> int:
    """Return how many trailing words name a publication ("Jill Lawless Associated Press" -> 2)."""
    for k in range(len(words) - 2, 0, -1):
        tail = " ".join(words[-k:])
        if tail.casefold() in _WIRES or any(_compact(tail) == _compact(n) for n in site_names):
            return k
    if len(words) > 2 and words[-1].isupper() and len(words[-1]) <= 4 and not words[0].isupper():
        return 1  # "Kevin McCoy USA" (USA TODAY), "Sandee LaMotte CNN"
    return 0


def _person(part: str, site_names: list[str]) -> str | None:
    """Return part as a person's name, or None when it is a title, a date, a publication or a username."""
    part = _BYLINE_PREFIX_RE.sub("", part.strip(" .,:;-–—|"))
    part = _FOREIGN_BY_RE.sub("", _CUT_RE.sub("", part)).strip(" .,:;-–—|")
    # "Nolan22" (a comment count run into the name), "ProfileFollowUnfollow" (buttons run together).
    words = [re.sub(r"\d+$", "", w) for w in part.split() if len(_JOINED_RE.findall(w)) < 2]
    words = [w for w in words if w]
    if words and words[-1] in _CREDENTIALS and not " ".join(words).isupper():
        words.pop()
    # Trailing dates, job titles and publications ("Carrie Arnold November", "Tom Gillespie News reporter").
    while words:
        last = words[-1].casefold().strip(".,")
        if last in _COLLECTIVE:
            return None  # "Science X staff", "Metro Desk": a team, not a person
        if cut := _trailing_org(words, site_names):
            del words[-cut:]
        elif last in _DATEWORDS or last in _ROLE_WORDS or words[-1].islower():
            words.pop()
        else:
            break
    while words and words[0].casefold().strip(".,") in _DATEWORDS | {"by"}:
        words.pop(0)
    if not 2 <= len(words) <= 5:
        return None  # one word is a username or a brand ("Jdadmin", "Editorial"); six are a sentence
    if any(not _NAME_WORD_RE.match(w) for w in words):
        return None
    if any(w.islower() and w not in _PARTICLES for w in words) or words[0].casefold() in ("the", "a"):
        return None
    if sum(w.casefold().strip(".") in _ROLE_WORDS for w in words) >= 1 and not any(
        w[0].isupper() and w.casefold() not in _ROLE_WORDS for w in words[:2]
    ):
        return None
    name = " ".join(words)
    if _is_org(name, site_names):
        return None
    if name.isupper() or sum(w.isupper() and len(w) > 2 for w in words) >= len(words) - 1:
        name = " ".join(_proper_case(w) for w in words)
    return name


def clean_authors(raw: str | Iterable[str], site_names: Iterable[str] = ()) -> tuple[str, ...]:
    """Split bylines into people: no dates, job titles, publications or usernames; names in proper case."""
    names = [n for n in site_names if n]
    texts = [raw] if isinstance(raw, str) else list(raw)
    people: list[str] = []
    seen: set[str] = set()
    for text in texts:
        text = " ".join(text.split())
        text = _BYLINE_END_RE.sub("", _BYLINE_PREFIX_RE.sub("", text))
        for segment in _STRONG_SPLIT_RE.split(text):
            segment = _BYLINE_PREFIX_RE.sub("", segment.strip())
            if not segment:
                continue
            for part in _AND_SPLIT_RE.split(segment):
                person = _person(part, names) if part else None
                if person is None:
                    continue
                key = person.split()[-1].casefold()
                if key not in seen:
                    seen.add(key)
                    people.append(person)
    return tuple(people)


_REPORTING_RE = re.compile(
    r"\((?:additional\s+)?reporting by ([^;)]+?)(?:[;)]|\s+in\s|\s+and\s+editing|,\s+editing)", re.IGNORECASE
)


def _pick_authors(
    signals: _Signals,
    tree: Tree,
    site_names: list[str],
    fallback: Callable[[], str | None],
    title: str | None,
) -> tuple[str, ...]:
    meta = signals.meta
    structured: tuple[str, ...] = clean_authors(signals.ld_authors, site_names)
    if not structured:
        for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"):
            value = meta.get(key)
            if value and "://" not in value:
                structured = clean_authors(value, site_names)
                if structured:
                    break
    visible: tuple[str, ...] = ()
    says_by = False
    for text in signals.bylines:
        if title and text[: len(title)].casefold() == title.casefold():
            text = text[len(title) :].lstrip(" |:-–—")  # a header block: headline, then the byline
        found = clean_authors(text, site_names)
        named = sum(len(p.split()) for p in found)
        says_by = bool(_BY_RE.match(text))
        # A byline either says "By …" or is mostly names; "Contributors Become a Contributor" is neither.
        if found and (says_by or named >= 0.6 * len(_BYLINE_END_RE.sub("", text).split())):
            visible = found
            break
    if not structured and not visible:
        # trafilatura's own byline search is the costly part of its reading: only when nothing else names one.
        byline = fallback() or search_author(tree)
        if byline and "://" not in byline:
            structured = clean_authors(byline.replace(";", ","), site_names)
    if not structured and not visible and (signals.ld_author_orgs or signals.meta.get("author")):
        # A wire story signed by its agency names its reporters at the end: "(Reporting by …; Editing by …)".
        structured = _reporting_credit(tree, site_names)
    if not structured:
        return visible
    if visible:
        mine = {p.split()[-1].casefold() for p in structured}
        theirs = {p.split()[-1].casefold() for p in visible}
        if mine < theirs or (says_by and not mine >= theirs):
            return (
                visible  # the byline readers see ("By …") names more or other people than the structured data
            )
    return structured


# trafilatura's byline search (trafilatura.metadata.extract_author, 2.x) copies the page, deletes what
# AUTHOR_DISCARD_XPATHS names and tries AUTHOR_XPATHS in turn: the first element whose text is 3-119
# characters long wins. Its XPath expressions call back into Python for every element of the page (4-5 ms a
# page); _search_author finds the same element in one walk over the page, without copying it. Each pattern
# below is the regular expression of the XPath expression named beside it (case-sensitive, as there).
_DISCARD_TAGS = frozenset(["a", "div", "section", "span"])  # AUTHOR_DISCARD_XPATHS[0]
_DISCARD_ALWAYS = frozenset(["time", "figure"])  # AUTHOR_DISCARD_XPATHS[1]
_DISCARD_EXACT = frozenset(["comments", "title", "date"])  # @class (and @id for "comments")
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)"
    r"|print|category|meta-date|meta-reviewer"
)
_SPECIFIC_TAGS = frozenset(["a", "address", "div", "link", "p", "span", "strong"])  # AUTHOR_XPATHS[0]
_SPECIFIC_CLASS = re.compile(r"author-?name|AuthorName|authorName")
_GENERIC_TAGS = frozenset(["a", "div", "h3", "h4", "p", "span"])  # AUTHOR_XPATHS[1]
_GENERIC_EXACT = frozenset(["byline", "username", "byl", "BBL"])
_GENERIC_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(
    r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_ANY_ID = re.compile(r"[Aa]uthor")  # AUTHOR_XPATHS[2]
_ANY_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")
_AUTHOR_MIN_CHARS, _AUTHOR_MAX_CHARS = 3, 119
_LOOK_ALWAYS = _DISCARD_ALWAYS | {"author", "rel"}  # elements that count without any attribute
# Every word the class and id rules above look for (exact values included): an element whose class and id
# hold none of them, and that has none of these other attributes, is neither discarded nor an answer.
_HINT_ATTRIBUTES = frozenset(["itemprop", "rel", "data-testid", "data-component"])
_HINT_WORDS = re.compile(
    r"[Cc]omment|ProductReviews|sidebar|is-hidden|quote|embedly-instagram|article-|print|category|meta-"
    r"|title|date|[Aa]uthor|byl|Byline|username|BBL|screenname|writer|channel-name|zuozhe|bianji|xiaobian"
    r"|submitted-by|posted-by|journalist-name"
)


@lru_cache(maxsize=4096)
def _is_hint_value(value: str) -> bool:
    """Tell whether a class or id holds a word of the byline search's rules; cached: pages repeat classes."""
    return _HINT_WORDS.search(value) is not None


def _discarded(element: Tree) -> bool:
    """Tell whether trafilatura's byline search deletes an element (with its subtree) before it looks."""
    tag = element.tag
    if tag in _DISCARD_ALWAYS:
        return True
    if tag not in _DISCARD_TAGS:
        return False
    get = element.get
    cls, ident = get("class") or "", get("id") or ""
    return (
        ident == "comments"
        or cls in _DISCARD_EXACT
        or bool(ident and _DISCARD_ID.search(ident))
        or bool(cls and _DISCARD_CLASS.search(cls))
        or "Figure" in (get("data-component") or "")
    )


def _author_ranks(element: Tree) -> tuple[bool, bool, bool]:
    """Tell which of AUTHOR_XPATHS (specific, generic, any element) an element answers."""
    tag = element.tag
    get = element.get
    cls, ident, prop = get("class") or "", get("id") or "", get("itemprop") or ""
    specific = tag == "author" or (
        tag in _SPECIFIC_TAGS
        and (
            get("rel") == "author"
            or ident == "author"
            or cls == "author"
            or prop == "author name"
            or get("data-testid") in ("AuthorCard", "AuthorURL")
            or bool(cls and _SPECIFIC_CLASS.search(cls))
        )
    )
    generic = tag in _GENERIC_TAGS and (
        cls in _GENERIC_EXACT
        or "author" in prop
        or bool(ident and _GENERIC_ID.search(ident))
        or bool(cls and _GENERIC_CLASS.search(cls))
    )
    anywhere = (
        "Byline" in (get("data-component") or "")
        or "author" in prop
        or bool(ident and _ANY_ID.search(ident))
        or bool(cls and _ANY_CLASS.search(cls))
    )
    return specific, generic, anywhere


def _kept_text(element: Tree, gone: set[Tree]) -> str:
    """An element's text as trafilatura reads it once the discarded elements are deleted.

    A deleted element's tail is glued to the text before it (the previous sibling's tail, or the parent's
    text), as trafilatura.xml.delete_element does, before the pieces are joined with spaces.
    """
    pieces: list[str | None] = []
    walk = etree.iterwalk(element, events=("start", "end"))
    for event, node in walk:
        if node in gone:
            if event == "start":
                walk.skip_subtree()
                if node.tail:
                    pieces[-1] = (pieces[-1] or "") + node.tail
        elif event == "start":
            pieces.append(node.text)
        elif node is not element:
            pieces.append(node.tail)
    return trim(" ".join(piece for piece in pieces if piece is not None))


def search_author(tree: Tree) -> str | None:
    """Return what trafilatura's byline search finds on a page (extract_author), in a fraction of its time."""
    gone: set[Tree] = set()
    ranks: tuple[list[Tree], list[Tree], list[Tree]] = ([], [], [])
    walk = etree.iterwalk(tree, events=("start",), tag=etree.Element)
    for _, element in walk:
        tag = element.tag
        if tag not in _LOOK_ALWAYS:
            # Most elements have no attribute any rule reads: a set test and a cached search tell so.
            keys = element.keys()
            if not keys or (
                _HINT_ATTRIBUTES.isdisjoint(keys)
                and not ("class" in keys and _is_hint_value(element.get("class")))
                and not ("id" in keys and _is_hint_value(element.get("id")))
            ):
                continue
        if tag == "rel":  # AUTHOR_XPATHS[0] asks for a <rel> child saying "me": never on real pages
            return trafmeta.extract_author(tree)
        if element is not tree and _discarded(element):
            gone.add(element)
            walk.skip_subtree()
            continue
        for found, rank in zip(_author_ranks(element), ranks, strict=True):
            if found:
                rank.append(element)
    for rank in ranks:
        for element in rank:
            text = _kept_text(element, gone)
            if _AUTHOR_MIN_CHARS <= len(text) <= _AUTHOR_MAX_CHARS:
                return normalize_authors(None, text)
    return None


def _reporting_credit(tree: Tree, site_names: list[str]) -> tuple[str, ...]:
    """Return the people of a wire story's "(Reporting by …)" credit."""
    for element in tree.iter("p"):
        text = _spaced_text(element)
        if "eporting by" in text and (match := _REPORTING_RE.search(text)):
            return clean_authors(match.group(1), site_names)
    return ()


# --------------------------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------------------------

_MONTH_NUMBER = {name: (i % 12) + 1 for i, name in enumerate(_MONTHS[:12])} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RE = r"(?P<mon>" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_VISIBLE_DATE_RES = (
    re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I
    ),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
)
_YEARLESS_DATE_RE = re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4})", re.I)
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_PUBLISHED_RE = re.compile(r"\b(?:published|posted|first published)\b", re.IGNORECASE)
_UPDATED_RE = re.compile(r"\b(?:updated|modified|edited)\b", re.IGNORECASE)
_OLDEST_YEAR = 1990  # "0001-01-01" and other placeholders are no date


def _visible_date(text: str, year: int | None = None) -> dt.date | None:
    """Return the first date written in text; "Nov 18" counts when ``year`` is known from elsewhere."""
    if _UPDATED_RE.search(text) and (published := _PUBLISHED_RE.search(text)):
        text = text[published.start() :]  # "Updated Nov 19; Posted Nov 18": the first publication
    for pattern in _VISIBLE_DATE_RES:
        m = pattern.search(text)
        if m is None:
            continue
        groups = m.groupdict()
        month = _MONTH_NUMBER[groups["mon"].lower()] if groups.get("mon") else int(groups["month"])
        try:
            return dt.date(int(groups["year"]), month, int(groups["day"]))
        except ValueError:
            continue
    m = _YEARLESS_DATE_RE.search(text) if year else None
    if m and year:
        try:
            return dt.date(year, _MONTH_NUMBER[m["mon"].lower()], int(m["day"]))
        except ValueError:
            return None
    return None


def _structured_date(value: str | None) -> dt.date | None:
    """Return the calendar day of an ISO date as written (its own offset is the site's local time)."""
    if not value:
        return None
    m = _ISO_RE.match(value)
    if m is None:
        return _visible_date(value)
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return day if day.year >= _OLDEST_YEAR else None


_LOCAL_OFFSET_RE = re.compile(r"[+-](?!00:?00)\d\d:?\d\d\s*$")


def _is_local(value: str) -> bool:
    """Tell whether a structured date is written in the site's own time: a bare day or a non-zero offset."""
    value = value.strip()
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or _LOCAL_OFFSET_RE.search(value))


_URL_DATE_RE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)")


def _url_date(url: str | None) -> dt.date | None:
    m = _URL_DATE_RE.search(url or "")
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _pick_date(signals: _Signals, tree: Tree, url: str | None) -> str | None:
    today = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    meta = signals.meta
    structured = [
        (_structured_date(v), _is_local(v))
        for v in (
            signals.ld_published,
            meta.get("article:published_time"),
            meta.get("article:published"),
            meta.get("datepublished"),
            meta.get("pubdate"),
            meta.get("og:pubdate"),
            meta.get("parsely-pub-date"),
            meta.get("date"),
            meta.get("dc.date"),
            meta.get("dc.date.issued"),
            meta.get("sailthru.date"),
            meta.get("publish-date"),
        )
        if v
    ]
    if not structured and signals.time_stamps:
        # Only without a stated publication date: a <time> stamp may be the update's or a related story's,
        # but it beats guessing from the page's scripts.
        structured = [(_structured_date(signals.time_stamps[0]), _is_local(signals.time_stamps[0]))]
    known = [d for d, _ in structured if d is not None and d <= today]
    local = [d for d, is_local in structured if d is not None and d <= today and is_local]
    year = known[0].year if known else None
    # The day printed beside the byline is the page's own local day; a UTC timestamp may be a day off.
    # Without a structured date to check it against, only a byline's date counts: a date element may be the
    # site's "today" bar.
    texts = [*signals.bylines[:6], *signals.dates[:8]] if known else [*signals.bylines[:6]]
    texts.sort(key=lambda t: bool(_UPDATED_RE.search(t)) and not _PUBLISHED_RE.search(t))
    for text in texts:
        day = _visible_date(text, year)
        if day is None or day > today or day.year < _OLDEST_YEAR:
            continue
        if not known or any(abs((day - k).days) <= 1 for k in known):
            return day.isoformat()
    if local:
        return local[0].isoformat()
    if known:
        # A URL's /2019/11/18/ is the newsroom's local day; a UTC timestamp just after midnight is not.
        url_day = _url_date(url)
        if url_day is not None and abs((url_day - known[0]).days) <= 1:
            return url_day.isoformat()
        return known[0].isoformat()
    found = find_date(tree, **{**_DATE_PARAMS, "url": url})
    return found or None


# --------------------------------------------------------------------------------------------------------
# the whole reading
# --------------------------------------------------------------------------------------------------------


def _trafilatura_head(meta_tags: Document, tree: Tree, url: str | None) -> Document:
    """The part of trafilatura's reading every briefing uses: the page's URL and image, from its meta tags."""
    doc = copy(meta_tags)
    if not doc.url:
        doc.url = trafmeta.extract_url(tree, url)
    doc.clean_and_trim()
    return doc


class _TrafilaturaReading:
    """trafilatura's own metadata reading, the fallback values, read in stages on first use.

    Most pages need none of it; a page without a byline of its own needs the author alone, which its meta
    tags and JSON-LD give (its title and site searches are the costly rest).
    """

    def __init__(self, meta_tags: Document, tree: Tree) -> None:
        self._meta_tags = meta_tags  # examine_meta's reading: the start of trafilatura's, never changed here
        self._tree = tree

    @cached_property
    def _with_json(self) -> Document:
        """The meta tags' reading completed by the JSON-LD's, not yet cleaned."""
        doc = copy(self._meta_tags)
        try:
            doc = trafmeta.extract_meta_json(self._tree, doc)
        except Exception as exc:  # noqa: BLE001 -- trafilatura's own guard: JSON-LD parsing bugs
            log.debug("JSON-LD metadata skipped: %s", exc)
        return doc

    @cached_property
    def author(self) -> str | None:
        """trafilatura's byline from the meta tags and JSON-LD, cleaned (no title or site search needed)."""
        doc = copy(self._with_json)
        doc.clean_and_trim()
        return doc.author

    @cached_property
    def _whole(self) -> Document:
        """The whole reading: the title and site searches fill what the meta tags and JSON-LD left empty."""
        doc = copy(self._with_json)
        if not doc.title:
            doc.title = trafmeta.extract_title(self._tree)
        if not doc.sitename:
            doc.sitename = trafmeta.extract_sitename(self._tree)
        doc.clean_and_trim()
        return doc

    @property
    def title(self) -> str | None:
        return self._whole.title

    @property
    def sitename(self) -> str | None:
        return self._whole.sitename


def read_metadata(tree: Tree, url: str | None = None) -> Metadata:
    """Read a page's metadata from its parsed tree (read-only) and clean it as a reader would write it."""
    meta_tags = trafmeta.examine_meta(tree)  # the start of both trafilatura readings below
    head = _trafilatura_head(meta_tags, tree, url)
    reading = _TrafilaturaReading(meta_tags, tree)
    page_url = url or head.url
    signals = _read_signals(tree, page_url)
    segments = _affix_segments(signals.html_title or "")
    site = _pick_site(signals, segments)
    if not site:
        site = " ".join(re.sub(r"\([^)]*\)", " ", reading.sitename or "").split()) or None
    site_names = [n for n in [site, *_site_candidates(signals), _registrable(signals.host)] if n]
    title = _pick_title(signals, site_names, lambda: reading.title)
    authors = _pick_authors(signals, tree, site_names, lambda: reading.author, title)
    published = _pick_date(signals, tree, page_url)
    return Metadata(
        title=title or None,
        authors=authors,
        site_name=site,
        published=published,
        url=head.url or url,
        language=head.language,
        image=head.image,
        description=_pick_description(signals),
    )


def _pick_description(signals: _Signals) -> str | None:
    """Return the page's own summary of the article: og:, the meta description, Twitter's or JSON-LD's."""
    meta = signals.meta
    for value in (meta.get("og:description"), meta.get("description"), meta.get("twitter:description")):
        if value:
            return value
    return signals.ld_description
