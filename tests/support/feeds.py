"""Feeds and article pages to serve from a LoopbackServer in tests (text written for them).

    site = FeedSite(loopback())                      # a loopback server from the fixture
    url = site.feed("/news.xml", [story(1), story(2)], etag='"v1"')
    site.page("/articles/1.html", page_html("Headline", words=400))
    ... site.server.requests_to("/news.xml") ...

`story(n)` makes an item whose link points at `/articles/N.html` on the same server (the page
exists when `site.pages_for(items)` was called). Everything is deterministic.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

from tests.support.loopback import LoopbackServer, Reply, conditional

DATE = "Wed, 25 Nov 2026 07:28:00 GMT"
NOW = datetime.now(UTC).replace(microsecond=0)

PLACES = ("Riverton", "Marlow Bay", "Port Avery", "Caldwell", "Northgate", "Halden", "Lowmoor", "Westmarch")
TOPICS = (
    "a new bridge",
    "the rail extension",
    "school funding",
    "water prices",
    "the harbour plan",
    "a wind farm",
    "the hospital wing",
    "flood defences",
)


@dataclass(frozen=True)
class Story:
    title: str
    link: str | None  # a path on the site ("/articles/3.html") or an absolute URL
    text: str  # the item's description (plain text, or HTML when `html`)
    guid: str | None = None
    published: datetime | None = None
    html: bool = False
    extra: str = ""  # raw XML added to the <item>


def story(
    n: int,
    *,
    words: int = 40,
    guid: str | None = "auto",
    link: str | None = "auto",
    published: datetime | None = None,
    title: str | None = None,
) -> Story:
    place, topic = PLACES[n % len(PLACES)], TOPICS[(n // len(PLACES)) % len(TOPICS)]
    title = title or f"Council in {place} votes on {topic} ({n})"
    sentence = (
        f"The council in {place} voted on {topic} on Tuesday after a long debate, and officials said "
        f"the decision number {n} would be reviewed in the spring by the regional board. "
    )
    text = " ".join((sentence * (words // 30 + 1)).split()[:words])
    return Story(
        title=title,
        link=f"/articles/{n}.html" if link == "auto" else link,
        text=text,
        guid=f"story-{n}" if guid == "auto" else guid,
        published=published if published is not None else NOW - timedelta(hours=n + 1),
    )


def rss(stories: list[Story], *, title: str = "Test News", base: str = "", description: str = "A test feed") -> bytes:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0">',
        "<channel>",
        f"<title>{escape(title)}</title>",
        f"<link>{base}/</link>",
        f"<description>{escape(description)}</description>",
    ]
    for s in stories:
        out.append("<item>")
        out.append(f"<title>{escape(s.title)}</title>")
        if s.link:
            out.append(f"<link>{escape(s.link if '://' in s.link else base + s.link)}</link>")
        if s.guid:
            out.append(f'<guid isPermaLink="false">{escape(s.guid)}</guid>')
        if s.published:
            out.append(f"<pubDate>{format_datetime(s.published, usegmt=True)}</pubDate>")
        out.append(f"<description>{escape(s.text)}</description>")
        out.append(s.extra)
        out.append("</item>")
    out += ["</channel>", "</rss>"]
    return "\n".join(out).encode("utf-8")


def page_html(title: str, *, words: int = 400, place: str = "Riverton", paywall: bool = False) -> bytes:
    """An article page: navigation, the article (`words` words in paragraphs), a footer. With
    `paywall`, only a teaser and a subscription prompt."""
    sentence = (
        f"Residents of {place} packed the hall on Tuesday evening as the council debated the plan, "
        "and several speakers said the town had waited long enough for a decision. "
    )
    text = (sentence * (words // 28 + 1)).split()[:words]
    paragraphs = [" ".join(text[i : i + 60]) for i in range(0, len(text), 60)]
    if paywall:
        body = (
            '<p>Residents packed the hall.</p><div class="paywall">Subscribe to continue reading. '
            "Already a subscriber? Log in.</div>"
        )
        ld = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
    else:
        body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        ld = ""
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>{ld}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><article><h1>{escape(title)}</h1>{body}</article></main>"
        "<footer>All rights reserved.</footer></body></html>"
    ).encode()


@dataclass
class FeedSite:
    """A loopback server holding feeds (with validators) and article pages."""

    server: LoopbackServer
    etags: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.server.base_url

    def feed(
        self,
        path: str,
        stories: list[Story],
        *,
        title: str = "Test News",
        etag: str | None = None,
        last_modified: str | None = DATE,
        pages: bool = True,
    ) -> str:
        """Serve an RSS feed at `path` (304 when the validators match); its stories' pages too."""
        body = rss(stories, title=title, base=self.base)
        etag = etag or '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        self.etags[path] = etag
        if pages:
            self.pages_for(stories)
        return self.server.route(path, conditional(body, etag=etag, last_modified=last_modified))

    def pages_for(self, stories: list[Story], words: int = 400) -> None:
        for s in stories:
            if s.link and "://" not in s.link and s.link not in self.server.routes:
                self.page(s.link, page_html(s.title, words=words))

    def page(self, path: str, html: bytes, status: int = 200) -> str:
        return self.server.route(path, Reply(status, {"Content-Type": "text/html; charset=utf-8"}, html))

    def html_with_feeds(self, path: str, feeds: list[tuple[str, str]]) -> str:
        """A home page naming feeds: [(path, title)]."""
        links = "".join(
            f'<link rel="alternate" type="application/rss+xml" title="{escape(t)}" href="{p}">' for p, t in feeds
        )
        html = f"<!DOCTYPE html><html><head><title>Home</title>{links}</head><body><p>Hello</p></body></html>"
        return self.page(path, html.encode())

    def feed_requests(self, path: str) -> list:
        return self.server.requests_to(path)
