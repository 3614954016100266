"""Full-text extraction: the article of a page without its furniture, its metadata, decoding,
pages that hold no article (paywall, consent wall, bot challenge, login), no network access."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from briefing.feeds.extract import MAX_PAGE_BYTES, decode_html, extract_page, tree_paragraphs

PARAGRAPHS = [
    "The city council voted on Monday to approve a new budget that raises spending on public transport "
    "by twelve percent, the largest increase in a decade, after months of debate between the mayor and "
    "opposition members.",
    "Supporters said the money would pay for new tram lines in the northern districts, where commuters "
    "have complained for years about crowded buses and long waits during the morning rush.",
    "Critics argued that the plan relies on optimistic forecasts of ticket revenue and warned that "
    "property taxes could rise if the projections turn out to be wrong.",
    "The budget now goes to the regional government, which is expected to sign it before the end of "
    "the year, officials said in a statement released after the vote.",
]


def article_page(
    paragraphs=PARAGRAPHS, *, head_extra: str = "", charset_meta: str = "utf-8", extra_body: str = ""
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="{charset_meta}">
<title>Council approves transport budget | City Gazette</title>
<meta property="og:site_name" content="City Gazette">
<meta property="og:title" content="Council approves transport budget">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2026-11-30T18:00:00Z">
<link rel="canonical" href="https://gazette.example/2026/11/30/budget">
{head_extra}</head><body>
<header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>Council approves transport budget</h1>
<p class="byline">By Maria Lopez</p>
{body}
<p>Advertisement</p>
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Mayor opens bridge</a></li>
<li><a href="/b">Tram strike ends</a></li></ul></aside>
{extra_body}</main>
<footer><p>© 2026 City Gazette. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
<script>var tracking = "should never appear";</script>
</body></html>"""


def test_extracts_the_article_without_furniture():
    page = extract_page(article_page().encode(), url="https://gazette.example/2026/11/30/budget")
    assert page.problem is None
    assert page.paragraphs[-4:] == tuple(PARAGRAPHS) or set(PARAGRAPHS) <= set(page.paragraphs)
    text = " ".join(page.paragraphs)
    for furniture in ("Advertisement", "should never appear", "All rights reserved", "Privacy", "Tram strike"):
        assert furniture not in text
    assert page.title == "Council approves transport budget"
    assert page.site_name == "City Gazette"
    assert page.author == "Maria Lopez"
    assert page.published == "2026-11-30"
    assert page.url == "https://gazette.example/2026/11/30/budget"
    assert page.paragraphs[0] != page.title  # the headline is not repeated as the first paragraph


def test_extraction_makes_no_network_request(monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    head = '<link rel="stylesheet" href="https://cdn.example/x.css"><script src="https://cdn.example/x.js"></script>'
    body = '<img src="https://img.example/a.jpg"><iframe src="https://frame.example/"></iframe>'
    page = extract_page(article_page(head_extra=head, extra_body=body).encode(), url="https://gazette.example/x")
    assert page.paragraphs and attempts == []


def test_decoding_follows_bom_http_charset_and_meta():
    text = "Crème brûlée – “quoted”"
    assert decode_html(text.encode("cp1252"), "text/html; charset=windows-1252") == text
    assert decode_html(f'<meta charset="windows-1252"><p>{text}</p>'.encode("cp1252"), None).endswith(f"<p>{text}</p>")
    assert decode_html(
        f'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>{text}</p>'.encode("cp1252"), None
    ).endswith(text + "</p>")
    # A UTF-8 page behind a server default of ISO-8859-1 stays UTF-8.
    assert decode_html(text.encode("utf-8"), "text/html; charset=ISO-8859-1") == text
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html; charset=ISO-8859-1") == text
    assert decode_html(text.encode("utf-16"), None) == text
    assert decode_html(text.encode("cp1252"), None) == text  # undeclared, not UTF-8: windows-1252
    assert decode_html("日本語のテキスト".encode("shift_jis"), "text/html; charset=Shift_JIS") == "日本語のテキスト"
    assert decode_html(b"<p>bad \xff utf-8</p>", "text/html; charset=utf-8") == "<p>bad \ufffd utf-8</p>"
    assert decode_html(b"x", "text/html; charset=no-such-codec").startswith("x")


def test_a_latin1_page_extracts_with_its_accents():
    paragraphs = [p.replace("council", "conseil municipal à Besançon") for p in PARAGRAPHS]
    html = article_page(paragraphs, charset_meta="iso-8859-1").encode("cp1252")
    page = extract_page(html, url="https://gazette.example/fr")
    assert any("Besançon" in p for p in page.paragraphs)


def _short(body_html: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head><title>Title</title>{head}</head><body>{body_html}</body></html>".encode()


@pytest.mark.parametrize(
    "html, reason",
    [
        (
            _short(
                "<div id='cf-browser-verification'><h1>Checking your browser before accessing the site.</h1></div>",
                "<script>window._cf_chl_opt={}</script>",
            ),
            "bot challenge page (Cloudflare)",
        ),
        (
            _short(
                "<p>Please enable JS and disable any ad blocker</p><script src='https://ct.captcha-delivery.com/c.js'></script>"
            ),
            "bot challenge page (DataDome)",
        ),
        (
            _short(
                "<h1>The Daily</h1><p>Subscribe to continue reading this article.</p><p>Already a subscriber? Log in</p>"
            ),
            "paywall",
        ),
        (
            _short("<h1>Before you continue to Yahoo</h1><p>We value your privacy. Accept all cookies?</p>"),
            "consent wall",
        ),
        (
            _short(
                "<form><p>Sign in to continue</p><input type='text' name='u'><input type=\"password\" name='p'></form>"
            ),
            "login page",
        ),
        (_short("<p>Hello.</p>"), "too short"),
        (b"", "empty page"),
        (b"\x00\x00\x00", "no article text"),
    ],
)
def test_pages_that_hold_no_article_say_why(html, reason):
    page = extract_page(html, url="https://blocked.example/story")
    assert page.problem and reason in page.problem
    assert "\n" not in page.problem


def test_odd_pages_print_nothing():
    # In a fresh process: pytest's log capture would hide what Python's last-resort handler prints.
    code = (
        "from briefing.feeds.extract import extract_page\n"
        "extract_page(b'\\x00\\x00', url='https://blocked.example/')\n"
        "extract_page(b'<html></html>', url='https://blocked.example/')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""


def test_a_page_marked_not_free_with_a_teaser_is_a_paywall():
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":"False"}</script>'
    page = extract_page(article_page(PARAGRAPHS[:2], head_extra=ld).encode(), url="https://gazette.example/p")
    assert page.problem and page.problem.startswith("paywalled article")
    full = extract_page(article_page(PARAGRAPHS * 3, head_extra=ld).encode(), url="https://gazette.example/p")
    assert full.problem is None  # the whole article came through after all


def test_hostile_page_text_is_plain_and_bounded():
    hostile = [p + " \x1b[2J\x1b]0;pwned\x07 \u202eevil\u202c" for p in PARAGRAPHS]
    page = extract_page(article_page(hostile).encode(), url="https://gazette.example/h")
    for p in page.paragraphs:
        assert not any(c in p for c in "\x1b\x07\u202e\u202c")
    huge = article_page(PARAGRAPHS).replace("</body>", "<p>" + "filler words " * (MAX_PAGE_BYTES // 10) + "</p></body>")
    page = extract_page(huge.encode(), url="https://gazette.example/huge")
    assert sum(len(p) for p in page.paragraphs) <= MAX_PAGE_BYTES
    nul = extract_page(article_page().replace("Monday", "Mon\x00day").encode(), url="https://gazette.example/n")
    assert any("Monday" in p for p in nul.paragraphs)


def test_tree_paragraphs_splits_blocks_breaks_rows_and_items():
    from lxml import etree

    body = etree.fromstring(
        "<body><head rend='h2'>Heading</head><p>one<lb/>two <hi>bold</hi> end</p>"
        "<list><item>first</item><item>second</item></list>"
        "<table><row><cell>a</cell><cell>b</cell></row></table><quote>quoted</quote><graphic src='x'/></body>"
    )
    assert tree_paragraphs(body) == ["Heading", "one", "two bold end", "first", "second", "a b", "quoted"]
    assert tree_paragraphs(None) == []
