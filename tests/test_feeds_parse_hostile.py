"""Hostile feeds and item HTML: XXE, entity expansion, markup and escape sequences in titles,
scripts, huge titles and bodies, bidi overrides. Nothing of it may survive into the plain text,
and nothing may take unbounded time or memory."""

from __future__ import annotations

import json
import re
import time

import pytest

from briefing.feeds.html import (
    MAX_TEXT_CHARS,
    html_to_paragraphs,
    html_to_text,
    text_to_paragraphs,
    unescape_references,
)
from briefing.feeds.model import NotAFeed
from briefing.feeds.parse import MAX_TITLE_CHARS, parse_document

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _all_text(feed) -> str:
    parts = [feed.title or ""]
    for e in feed.entries:
        parts += [e.title, e.summary or "", e.author or "", e.guid or "", e.link or "", *e.paragraphs]
    return "\n".join(parts)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "http://127.0.0.1:9/evil.dtd">]>
<rss version="2.0"><channel><title>X &xxe;</title>
<item><title>A &xxe; B</title><guid>1</guid><description>before &xxe; &remote; after</description></item>
</channel></rss>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><guid>1</guid><description>&lol9;</description></item></channel></rss>"""


def test_xxe_reads_no_file_and_makes_no_request():
    started = time.monotonic()
    feed = parse_document(XXE, url="https://x.example/rss")
    text = _all_text(feed)
    assert "root:" not in text and "/bin/" not in text
    assert time.monotonic() - started < 5


def test_a_body_that_names_a_local_file_is_not_opened(tmp_path):
    # feedparser open()s a bytes argument that is a file name; parse_document never lets it.
    secret = tmp_path / "<secret>.xml"
    secret.write_bytes(b'<rss version="2.0"><channel><title>LOCAL FILE</title></channel></rss>')
    with pytest.raises(NotAFeed):
        parse_document(str(secret).encode(), url="https://x.example/rss")


def test_entity_expansion_is_not_expanded():
    started = time.monotonic()
    try:
        feed = parse_document(BILLION_LAUGHS, url="https://x.example/rss")
    except NotAFeed:
        return
    assert len(_all_text(feed)) < 10_000
    assert time.monotonic() - started < 5


def test_quadratic_blowup_entity_is_bounded():
    # One large entity referenced many times (the attack billion-laughs limits do not catch).
    entity = "A" * 50_000
    refs = "&a;" * 2_000
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{entity}">]>'
        f'<rss version="2.0"><channel><title>q</title><item><title>t</title><guid>1</guid>'
        f"<description>{refs}</description></item></channel></rss>"
    ).encode()
    started = time.monotonic()
    try:
        feed = parse_document(body, url="https://x.example/rss")
    except NotAFeed:
        return
    assert len(_all_text(feed)) <= MAX_TEXT_CHARS * 2 + 10_000
    assert time.monotonic() - started < 10


HOSTILE_TITLE = "<b>Bold</b> \x1b[2J\x1b]0;pwned\x07\x9b31m\u202eevil\u202c \x08title [link=https://x]x[/link]"


def test_hostile_items_become_plain_text():
    huge = "W" * 100_000
    body = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>{HOSTILE_TITLE.replace("<", "&lt;").replace(">", "&gt;")}</title>
<item><title>{HOSTILE_TITLE.replace("<", "&lt;").replace(">", "&gt;")}</title><guid>g1</guid>
<description><![CDATA[<p onclick="x()">Safe text<script>alert('x')</script><style>p{{}}</style>
<iframe src="https://evil.example/">inside frame</iframe><img src=x onerror=alert(1)> more \x1b[31mred</p>
<object data="x">object text</object><svg><text>svg text</text></svg><noscript>noscript</noscript>]]></description></item>
<item><title>{huge}</title><guid>g2</guid><description>{"word " * 200_000}</description></item>
<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Title after script</title><guid>g3</guid><description>x</description></item>
</channel></rss>""".encode()
    feed = parse_document(body, url="https://x.example/rss")
    text = _all_text(feed)
    assert not CONTROL.search(text)
    for word in ("alert", "inside frame", "object text", "svg text", "noscript", "onclick", "<", ">"):
        assert word not in text, word
    first, second, third = feed.entries
    assert "Bold" in first.title and "evil" in first.title and "title" in first.title
    assert "\n" not in first.title
    assert first.paragraphs == ("Safe text more red",)
    assert len(second.title) <= MAX_TITLE_CHARS + 1
    assert sum(len(p) for p in second.paragraphs) <= MAX_TEXT_CHARS
    assert third.title == "Title after script"


def test_hostile_json_feed():
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "\x1b]52;c;Y2xpcGJvYXJk\x07Clip",
        "items": [
            {"id": {"nested": "object"}, "title": 12345, "content_html": 42, "url": "javascript:alert(1)"},
            {
                "id": "ok",
                "title": "\u202eReversed\u202c",
                "content_html": "<script>x()</script><p>Fine</p>",
                "url": "https://j.example/ok",
                "date_published": "not a date",
            },
        ],
    }
    parsed = parse_document(json.dumps(feed).encode(), url="https://j.example/feed.json")
    assert parsed.title == "Clip"
    weird, ok = parsed.entries
    assert weird.guid is None and weird.link is None and weird.title  # a title of some kind
    assert ok.title == "Reversed" and ok.paragraphs == ("Fine",) and ok.published is None


@pytest.mark.parametrize(
    "markup, expected",
    [
        ("Hello <b>w</b>orld<p>two &amp; three</p>tail", ("Hello world", "two & three", "tail")),
        ("<table><tr><td>a</td><td>b</td></tr></table>", ("a b",)),
        ("one<br>two<br/><br/>three", ("one", "two", "three")),
        ("<ul><li>first</li><li>second</li></ul>", ("first", "second")),
        ("<p hidden>hidden</p><p aria-hidden='true'>also</p><p>shown</p>", ("shown",)),
        ("Plain &amp; simple\n\nSecond paragraph", ("Plain & simple", "Second paragraph")),
        ("<p>&#x1b;[2J&#27;]0;t&#7;after</p>", None),
        ("<p>a\u202eb\u2066c</p>", ("a b c",)),
        ("", ()),
        ("<!-- only a comment -->", ()),
        ("<p>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</p>", None),
    ],
)
def test_html_to_paragraphs(markup, expected):
    paragraphs = html_to_paragraphs(markup)
    assert all(not CONTROL.search(p) and p == p.strip() and "  " not in p for p in paragraphs)
    if expected is not None:
        assert paragraphs == expected


def test_html_to_text_is_one_line_and_references_need_a_semicolon():
    assert html_to_text("<h1>Title</h1>\n<p>and more</p>") == "Title and more"
    # "&region" must not become "®ion", nor "&notes" "¬es" (HTML's legacy entities).
    assert (
        unescape_references("?a=1&region=2&notes=3 &copy; &amp;amp; &#8217; &bogus;")
        == "?a=1&region=2&notes=3 © &amp; ’ &bogus;"
    )
    assert text_to_paragraphs("line one\nline two") == ("line one", "line two")
    assert text_to_paragraphs("wrapped\nline\n\nnext") == ("wrapped line", "next")
