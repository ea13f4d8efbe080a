"""Page metadata as a reader sees it, on hand-written fictional pages: title, authors, site and date."""

from __future__ import annotations

import json

import pytest
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
)
from trafilatura.utils import load_html

from bot.briefing.metadata import (
    Metadata,
    _TrafilaturaReading,
    clean_authors,
    join_authors,
    read_metadata,
    search_author,
    strip_site_affix,
)

BODY = "<p>" + "The ferry council met on Tuesday to weigh the harbour's new timetable. " * 6 + "</p>"


def page(head: str = "", body: str = "", *, ld: object | None = None) -> Metadata:
    """Read the metadata of a small page made of the given head and body parts."""
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld is not None else ""
    html = f"<html><head>{head}{script}</head><body>{body}<article>{BODY}</article></body></html>"
    tree = load_html(html)
    assert tree is not None
    return read_metadata(tree, "https://www.lowmoorgazette.example/news/2024/04/17/ferry")


def test_title_suffix_learnt_from_og_site_name() -> None:
    """A "| Site" suffix is cut when the page itself names the site (og:site_name)."""
    meta = page(
        "<title>Ferry timetable changes next week | Lowmoor Gazette</title>"
        '<meta property="og:site_name" content="Lowmoor Gazette">'
    )
    assert meta.title == "Ferry timetable changes next week"
    assert meta.site_name == "Lowmoor Gazette"


def test_title_prefix_naming_the_domain_is_cut() -> None:
    """ "The Lowmoor Gazette: Headline" loses the prefix that spells the domain, which becomes the site."""
    meta = page("<title>The Lowmoor Gazette: Ferry timetable changes next week</title>")
    assert meta.title == "Ferry timetable changes next week"
    assert meta.site_name == "The Lowmoor Gazette"


def test_visible_h1_wins_over_a_rewritten_social_title() -> None:
    """The h1 a reader sees is the title when og:title was rewritten for sharing."""
    meta = page(
        "<title>You will not believe the new ferry times</title>"
        '<meta property="og:title" content="You will not believe the new ferry times">',
        "<h1>Ferry council moves the morning crossing to seven</h1>",
    )
    assert meta.title == "Ferry council moves the morning crossing to seven"


def test_pull_quote_h1_is_not_the_title() -> None:
    """An h1 that is a quotation in marks is a pull quote, not the headline."""
    meta = page(
        '<meta property="og:title" content="Ferry council moves the morning crossing">',
        "<h1>“We simply ran out of boats”</h1>",
    )
    assert meta.title == "Ferry council moves the morning crossing"


def test_section_labels_after_the_headline_are_dropped() -> None:
    """ "Headline | Editorial | Opinion | Site" keeps only the headline when og:title confirms it."""
    meta = page(
        "<title>Keep the night ferry | Editorial | Opinion | Lowmoor Gazette</title>"
        '<meta property="og:title" content="Keep the night ferry">'
        '<meta property="og:site_name" content="Lowmoor Gazette">'
    )
    assert meta.title == "Keep the night ferry"


@pytest.mark.parametrize(
    ("byline", "people"),
    [
        ("Carrie Arnel November", ("Carrie Arnel",)),
        ("GAZETTE STAFF NOVEMBER", ()),
        ("Tomas Gilroy News reporter", ("Tomas Gilroy",)),
        ("Paula Takeda; Staff writer", ("Paula Takeda",)),
        ("Associated Press; Louisa Marsh", ("Louisa Marsh",)),
        ("Tania Lowell; Lowmoor Gazette", ("Tania Lowell",)),
        ("By DANIKA KIRBY and JILLIAN LAWE Associated Press", ("Danika Kirby", "Jillian Lawe")),
        ("Analysis by Chris Cellan, Gazette Editor-at-large", ("Chris Cellan",)),
        ("Jdadmin", ()),
        ("Rmb", ()),
        ("Pia Halden is a reporter for the Gazette", ("Pia Halden",)),
        ("By Mika Wahl and Tarik Malek 2024-04-17T10:00Z", ("Mika Wahl", "Tarik Malek")),
        ("The harbour and river ministries", ()),
        ("Science X staff", ()),
        ("Sean O'BRIEN", ("Sean O'Brien",)),
        ("Par Sébastien Farrel", ("Sébastien Farrel",)),
        ("Lucas Nolde22", ("Lucas Nolde",)),
        ("Patrick Allam ProfileFollowUnfollow", ("Patrick Allam",)),
        ("Brenda Goodwin, MA", ("Brenda Goodwin",)),
        ("Jack Ma", ("Jack Ma",)),
    ],
)
def test_bylines_become_people(byline: str, people: tuple[str, ...]) -> None:
    """Bylines lose dates, job titles, publications and usernames; capitals become proper case."""
    assert clean_authors(byline, ["Lowmoor Gazette", "Gazette"]) == people


def test_bad_byline_input_gives_nobody() -> None:
    """Empty, punctuation-only and absurdly long bylines give no people and never raise."""
    assert clean_authors("") == ()
    assert clean_authors(" ,;| — ") == ()
    assert clean_authors("word " * 500) == ()


def test_authors_from_json_ld_people_not_organisations() -> None:
    """JSON-LD people are the authors; an Organization author is not a person."""
    meta = page(
        ld={
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Ferry timetable changes next week",
            "author": [{"@type": "Person", "name": "Mirela Okon"}, {"@type": "Organization", "name": "LG"}],
            "publisher": {"@type": "Organization", "name": "Lowmoor Gazette"},
            "datePublished": "2024-04-17T09:00:00+01:00",
        }
    )
    assert meta.authors == ("Mirela Okon",)
    assert meta.author == "Mirela Okon"
    assert meta.site_name == "Lowmoor Gazette"
    assert meta.published == "2024-04-17"
    assert meta.title == "Ferry timetable changes next week"


def test_visible_byline_with_more_people_wins() -> None:
    """A byline naming two people beats structured data naming one of them."""
    meta = page(
        '<meta name="author" content="Tarik Malek">',
        '<p class="byline">By <a rel="author">Tarik Malek</a>, <a rel="author">Mika Wahl</a></p>',
    )
    assert meta.author == "Tarik Malek and Mika Wahl"


def test_reporting_credit_names_wire_reporters() -> None:
    """A story signed by a wire agency takes its people from "(Reporting by …)"."""
    meta = page(
        '<meta name="author" content="Reuters">',
        "<p>(Reporting by Willa Dunn; Editing by Tomas Brun)</p>",
    )
    assert meta.authors == ("Willa Dunn",)


def test_site_name_made_readable() -> None:
    """A domain-like site name is replaced by the page's readable spelling of it."""
    meta = page(
        "<title>Ferry times | Lowmoor Gazette</title>"
        '<meta property="og:site_name" content="lowmoorgazette.example">'
    )
    assert meta.site_name == "Lowmoor Gazette"
    camel = page('<meta property="og:site_name" content="LGSports.com">')
    assert camel.site_name == "LG Sports"


def test_site_name_from_the_domain_when_the_page_names_none() -> None:
    """Without any name on the page the domain label stands in, capitalised."""
    assert page().site_name == "Lowmoorgazette"


def test_visible_local_day_beats_a_utc_timestamp() -> None:
    """The day printed by the byline wins over a UTC timestamp that falls on the next day."""
    meta = page(
        '<meta property="article:published_time" content="2024-04-18T02:30:00Z">',
        '<div class="byline">By Mirela Okon · Apr 17, 2024 at 10:30 pm ET</div>',
    )
    assert meta.published == "2024-04-17"


def test_url_day_beats_a_utc_timestamp_without_a_visible_date() -> None:
    """Without a printed date, the URL's /2024/04/17/ beats a UTC timestamp a day later."""
    meta = page('<meta property="article:published_time" content="2024-04-18T02:30:00Z">')
    assert meta.published == "2024-04-17"


def test_placeholder_dates_are_ignored() -> None:
    """A "0001-01-01" placeholder is no date; the printed one is used."""
    meta = page(
        '<meta property="article:published_time" content="0001-01-01T00:00:00Z">',
        '<div class="byline">Mirela Okon Published 7:07 PM EST Apr 16, 2024</div>',
    )
    assert meta.published == "2024-04-16"


def test_strip_site_affix_keeps_a_title_without_one() -> None:
    """A title whose parts do not name the site is left whole."""
    title = "Ferry council: the morning crossing moves to seven"
    assert strip_site_affix(title, ["Lowmoor Gazette"]) == title
    assert strip_site_affix("Ferry times - Lowmoor Gazette", ["Lowmoor Gazette"]) == "Ferry times"


def test_join_authors_reads_like_a_byline() -> None:
    """Two people are joined with "and", three with commas and "and"."""
    assert join_authors([]) is None
    assert join_authors(["A B"]) == "A B"
    assert join_authors(["A B", "C D"]) == "A B and C D"
    assert join_authors(["A B", "C D", "E F"]) == "A B, C D and E F"


def test_broken_json_ld_is_skipped() -> None:
    """Unparseable JSON-LD is ignored and the other signals still give the metadata."""
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", </script>'
        '<meta property="og:title" content="Ferry times"></head><body>' + BODY + "</body></html>"
    )
    tree = load_html(html)
    assert tree is not None
    assert read_metadata(tree, None).title == "Ferry times"


def test_site_and_tagline_suffix_is_cut() -> None:
    """ "Headline - Site - Site's tagline" loses both the site and its tagline."""
    title = "Ferry times: the new timetable - Lowmoor 80/90 - Memorabilia of the harbour"
    assert strip_site_affix(title, ["Lowmoor 80/90"]) == "Ferry times: the new timetable"


def test_readable_publisher_beats_a_joined_or_short_site_name() -> None:
    """ "LGazetteOnline" and "LGazette" give way to the publisher's own "Lowmoor Gazette"."""
    publisher = {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Lowmoor Gazette"}}
    for name in ("LowmoorGazetteOnline", "LGazette"):
        meta = page(f'<meta property="og:site_name" content="{name}">', ld=publisher)
        assert meta.site_name == "Lowmoor Gazette", name


def test_url_as_site_name_gives_way_to_the_title_suffix() -> None:
    """A site name that is a URL is not shown; the title's suffix that spells the domain is."""
    meta = page(
        '<meta property="og:site_name" content="https://www.lowmoorgazette.example">'
        "<title>Ferry times change - Lowmoor Gazette</title>"
    )
    assert meta.site_name == "Lowmoor Gazette"
    assert meta.title == "Ferry times change"


def test_photo_credit_is_not_a_byline() -> None:
    """ "Photo by …" credits a picture, not the article: the byline after it names the author."""
    meta = page(body="<p>Photo by Jonas Field</p><p>By Mirela Okon</p>")
    assert meta.authors == ("Mirela Okon",)


def test_headline_at_the_head_of_a_byline_block_is_no_author() -> None:
    """A byline block that repeats the headline first still gives the author, not the headline's words."""
    meta = page(
        '<title>Why Neon Is the Symbol of the Harbour</title><meta name="author" content="Sara Archell">',
        '<div class="article-author">Why Neon Is the Symbol of the Harbour Sara Archell 1:39 PM ET</div>',
    )
    assert meta.authors == ("Sara Archell",)


def test_title_suffix_spelling_the_domain_names_the_site() -> None:
    """Without any site name on the page, a title suffix that spells the domain ("The L G") names it."""
    meta = page("<title>Ferry times change - The Lowmoor Gazette</title>")
    assert meta.site_name == "The Lowmoor Gazette"


def _read(html: str, url: str = "https://www.lowmoorgazette.example/news/ferry-timetable") -> Metadata:
    """Read the metadata of a whole fictional page, at a URL that holds no date."""
    tree = load_html(html)
    assert tree is not None
    return read_metadata(tree, url)


def test_a_time_stamp_dates_a_page_that_only_says_how_long_ago() -> None:
    """Without a stated publication date, the <time datetime> beside "1 day ago" gives the day."""
    meta = _read(
        '<html><head data-info="build: 2024-02-20T19:49:29Z"></head><body>'
        '<div class="byline">By Mirela Okon</div>'
        '<div class="timeinfo"><time datetime="2024-03-05T11:45:59.000Z">1 day ago</time></div>'
        f"<article>{BODY}</article></body></html>"
    )
    assert meta.published == "2024-03-05"


def test_a_time_stamp_marked_as_the_publication_wins() -> None:
    """A <time> marked as the publication (itemprop or pubdate) beats an earlier unmarked one."""
    meta = _read(
        "<html><body><aside><p>Related</p></aside>"
        '<div class="top"><time datetime="2024-03-09">Today</time></div>'
        '<div class="byline">By Mirela Okon '
        '<time itemprop="datePublished" datetime="2024-03-05T09:00:00+01:00">yesterday</time></div>'
        f"<article>{BODY}</article></body></html>"
    )
    assert meta.published == "2024-03-05"


def test_a_stated_publication_date_beats_an_update_stamp() -> None:
    """A page's stated publication date is kept over the <time> stamp of its latest update."""
    meta = _read(
        '<html><head><meta property="article:published_time" content="2024-03-01T15:30:00-05:00">'
        "</head><body>"
        '<span class="byline">Updated <time datetime="2024-03-06T15:28:18">Mar 6, 2024, 10:28am EST</time>'
        f"</span><article>{BODY}</article></body></html>"
    )
    assert meta.published == "2024-03-01"


@pytest.mark.parametrize(
    ("head", "ld", "description"),
    [
        ('<meta property="og:description" content="A"><meta name="description" content="B">', None, "A"),
        ('<meta name="description" content="B">', {"@type": "NewsArticle", "description": "C"}, "B"),
        ("", {"@type": "NewsArticle", "description": " C  words "}, "C words"),
        ("", {"@type": "NewsArticle", "description": 3}, None),
        ("", None, None),
    ],
)
def test_description_is_the_pages_own_summary(head: str, ld: object, description: str | None) -> None:
    """The description is og:'s, else the meta description, else JSON-LD's; none when the page has none."""
    assert page(head, ld=ld).description == description


# Pages on which trafilatura's own byline search (extract_author) and search_author must agree: one per rule
# of AUTHOR_XPATHS / AUTHOR_DISCARD_XPATHS, and deleted elements whose tails glue to the text before them.
BYLINE_PAGES = {
    "rel author link": '<p>Story</p><a rel="author" href="/staff/mara">Mara Quill</a>',
    "exact author class": '<div class="author">Tobias Wren</div><p>Story</p>',
    "author name class": '<span class="story-author-name">Ines Calder</span>',
    "itemprop author name": '<span itemprop="author name">Oskar Fenn</span>',
    "data-testid": '<div data-testid="AuthorCard">Lena Marsh</div>',
    "author element": "<author>Piet Varga</author>",
    "specific beats generic": '<div class="byline">Gene Ric</div><span class="author">Spec Ific</span>',
    "generic byline class": '<p class="byline">By Ruth Ockley</p>',
    "generic id": '<h4 id="post-author-box">Anton Brisk</h4>',
    "id beside a plain class": '<span class="name" id="authorName">Edda Pine</span>',
    "any element by class": '<li class="writer">Dana Holt</li>',
    "any element by data-component": '<section data-component="BylineBlock">Cora Lind</section>',
    "too short, then longer": '<span class="author">Al</span><span class="author">Alma Stroud</span>',
    "too long": '<div class="author">' + "Someone who writes a very long biography " * 5 + "</div>",
    "date glued": '<p class="byline">By Nell Archer<time>Nov 3</time>, staff</p>',
    "first child discarded": '<p class="byline"><span class="date">Nov 3</span>Hugo Pell, reporter</p>',
    "discarded run": '<p class="byline">By Ivo<figure>x</figure>Rask<span class="print">p</span>e and Co</p>',
    "comments section": '<div id="comments"><span class="author">A Commenter</span></div><p>Story</p>',
    "sidebar": '<div class="sidebar-right"><span class="author">Side Bar</span></div>',
    "nothing": "<p>Only a story, by nobody in particular.</p>",
    "rel element": "<div><rel>me</rel>Jonas Apple</div>",
}


@pytest.mark.parametrize("body", BYLINE_PAGES.values(), ids=BYLINE_PAGES.keys())
def test_search_author_finds_what_trafilatura_finds(body: str) -> None:
    """search_author returns exactly trafilatura's extract_author on every rule of its byline search."""
    tree = load_html(
        f"<html><head><title>T</title></head><body>{body}<article>{BODY}</article></body></html>"
    )
    assert tree is not None
    assert search_author(tree) == extract_author(tree)


def test_search_author_glues_a_deleted_elements_tail_to_the_text_before() -> None:
    """A deleted <time> inside a byline leaves its tail glued to the text before it, as trafilatura does."""
    glued = load_html(f"<html><body><p class='byline'>By Nell<time>x</time>Archer</p>{BODY}</body></html>")
    spaced = load_html(f"<html><body><p class='byline'>By Nell <time>x</time>Archer</p>{BODY}</body></html>")
    assert glued is not None
    assert spaced is not None
    assert (search_author(glued), search_author(spaced)) == ("NellArcher", "Nell Archer")


@pytest.mark.parametrize(
    "marks",
    [
        'class="story-meta" id="Article-Byline"',
        'class="story-meta" itemprop="Author"',
        'id="WRITER"',
        'class="Contributor-Box"',
    ],
)
def test_a_byline_marked_in_any_attribute_and_case_is_read(marks: str) -> None:
    """A byline marked by its class, id or itemprop, in any case, beside other classes, names the author."""
    meta = page(body=f'<div class="story"><div {marks}>By Mirela Okon</div></div>')
    assert meta.authors == ("Mirela Okon",)


def test_a_date_marked_in_an_id_beside_a_plain_class_is_read() -> None:
    """A date element marked only by its id (the class says nothing) gives the visible day."""
    meta = page(
        '<meta property="article:published_time" content="2024-04-17T02:30:00Z">',
        '<div class="byline">By Mirela Okon</div><span class="meta" id="PublishDate">Apr 16, 2024</span>',
    )
    assert meta.published == "2024-04-16"


# Pages for trafilatura's fallback reading: the meta tags, JSON-LD, title and site searches each give a field.
FALLBACK_PAGES = {
    "meta tags": '<head><title>T</title><meta name="author" content="Ada &amp; Bo Lind">'
    '<meta property="og:title" content="Ferry &quot;news&quot;">'
    '<meta property="og:site_name" content="Gaz"></head>',
    "json-ld": '<head><script type="application/ld+json">'
    '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry news", '
    '"author": {"@type": "Person", "name": "Cy Roe"}, "publisher": {"@type": "Organization", "name": "Gaz"}}'
    "</script></head>",
    "searches": "<head><title>Ferry news - lowmoor.example</title></head><body><h1>Ferry news</h1></body>",
    "nothing": "<head></head>",
}


@pytest.mark.parametrize("head", FALLBACK_PAGES.values(), ids=FALLBACK_PAGES.keys())
@pytest.mark.parametrize("author_first", [True, False])
def test_staged_fallback_reading_is_trafilaturas_whole_reading(head: str, author_first: bool) -> None:
    """The fallback read in stages gives the author, title and site of trafilatura's reading in one pass."""
    tree = load_html(f"<html>{head}<body><article>{BODY}</article></body></html>")
    assert tree is not None
    whole = extract_meta_json(tree, examine_meta(tree))
    whole.title = whole.title or extract_title(tree)
    whole.sitename = whole.sitename or extract_sitename(tree)
    whole.clean_and_trim()
    reading = _TrafilaturaReading(examine_meta(tree), tree)
    if author_first:
        author = reading.author
        title, site = reading.title, reading.sitename
    else:
        title, site = reading.title, reading.sitename
        author = reading.author
    assert (author, title, site) == (whole.author, whole.title, whole.sitename)
