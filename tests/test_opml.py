"""OPML: bare ampersands survive byte for byte, folders and categories become tags, duplicates
are skipped, broken files are read tolerantly, and export then import is the identity."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.feeds.opml import OpmlError, OpmlFeed, escape_ampersands, read_opml, write_opml

# The URL shape that lxml's recover mode corrupted ("...rssfeed=1150=true").
BARE = "https://www.cbc.ca/cmlink/rss-topstories?rssfeed&widgetId=1150&getXmlFeed=true"

OPML = f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
<head><title>My feeds &nbsp;</title></head>
<body>
  <outline text="News" title="News">
    <outline text="World">
      <outline type="rss" text="CBC Top Stories" xmlUrl="{BARE}" htmlUrl="https://www.cbc.ca/news"/>
    </outline>
    <outline type="rss" text="Region" title="Regional &amp; local" xmlUrl="https://r.example/feed?a=1&region=2&notes=3"
             category="/Europe/France,weekly"/>
  </outline>
  <outline type="rss" text="Loose" xmlUrl="https://loose.example/rss"/>
  <outline type="rss" text="Loose again" xmlUrl="https://LOOSE.example/rss#top" category="again"/>
  <outline text="Just a label"/>
  <outline type="rss" text="No URL"/>
  <outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
  <outline type="rss" text="Feed scheme" xmlUrl="feed://feeds.example/atom.xml"/>
</body>
</opml>""".encode()


def test_bare_ampersands_survive_byte_for_byte_and_folders_become_tags():
    doc = read_opml(OPML)
    urls = [f.url for f in doc.feeds]
    assert urls == [
        BARE,
        "https://r.example/feed?a=1&region=2&notes=3",
        "https://loose.example/rss",
        "http://feeds.example/atom.xml",
    ]
    cbc, region, loose, _scheme = doc.feeds
    assert cbc == OpmlFeed(BARE, "CBC Top Stories", "https://www.cbc.ca/news", ("News", "World"))
    assert region.title == "Regional & local"
    assert region.tags == ("News", "Europe", "France", "weekly")
    assert loose.tags == ("again",)  # the duplicate was skipped, its tags merged
    assert loose.title == "Loose"
    assert doc.title == "My feeds"
    assert not any("well-formed" in p for p in doc.problems)  # read strictly after escaping


def test_problems_are_one_line_each():
    problems = read_opml(OPML).problems
    assert any("LOOSE.example" in p and "skipped" in p for p in problems)
    assert any("'No URL'" in p for p in problems)
    assert any("'Just a label'" in p for p in problems)
    assert any("javascript:alert(1)" in p for p in problems)
    assert all("\n" not in p for p in problems)


def test_a_file_that_is_not_xml_is_read_tolerantly_without_corrupting_urls():
    broken = OPML.replace(b'<outline text="Just a label"/>', b"<outline text=unquoted <<oops>")
    broken = broken.replace(b"</body>", b"")  # unclosed
    doc = read_opml(broken)
    assert any("read tolerantly" in p for p in doc.problems)
    assert doc.feeds[0].url == BARE
    assert doc.feeds[1].url == "https://r.example/feed?a=1&region=2&notes=3"
    assert doc.feeds[0].tags == ("News", "World")


def test_lxml_recover_mode_would_corrupt_the_url():
    """Why the OPML reader escapes first: this is the corruption we avoid."""
    from lxml import etree

    root = etree.fromstring(
        f'<opml><body><outline xmlUrl="{BARE}"/></body></opml>'.encode(), etree.XMLParser(recover=True)
    )
    assert root.find("body/outline").get("xmlUrl") != BARE
    assert read_opml(f'<opml><body><outline xmlUrl="{BARE}"/></body></opml>'.encode()).feeds[0].url == BARE


def test_escape_ampersands():
    assert escape_ampersands("a&b &amp; &lt; &#38; &#x26; &nbsp; &bogus; &") == (
        "a&amp;b &amp; &lt; &#38; &#x26; &#160; &amp;bogus; &amp;"
    )


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"<html><body>hi</body></html>", "no <outline>"), (b"<rss><outline/></rss>", "root element")],
)
def test_not_opml(data, reason):
    with pytest.raises(OpmlError, match=reason):
        read_opml(data)


def test_xxe_and_entity_bombs_in_opml():
    doc = b"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">
<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<opml version="2.0"><body><outline text="&x;&c;" xmlUrl="https://safe.example/rss"/></body></opml>"""
    feeds = read_opml(doc).feeds
    assert [f.url for f in feeds] == ["https://safe.example/rss"]
    assert "root:" not in (feeds[0].title or "") and len(feeds[0].title or "") < 100


def test_utf16_and_latin1_files():
    text = '<?xml version="1.0" encoding="UTF-16"?><opml version="2.0"><body><outline text="Café" xmlUrl="https://c.example/rss"/></body></opml>'
    assert read_opml(text.encode("utf-16")).feeds[0].title == "Café"
    latin = text.replace("UTF-16", "ISO-8859-1").encode("latin-1")
    assert read_opml(latin).feeds[0].title == "Café"


def test_round_trip_export_then_import():
    feeds = (
        OpmlFeed(BARE, 'CBC <Top> "Stories" & more', "https://www.cbc.ca/news", ("news", "world", "a/b")),
        OpmlFeed("https://x.example/rss?x=1&y=2", None, None, ()),
        OpmlFeed("https://y.example/atom", "Y", None, ("world",)),
        OpmlFeed("https://z.example/feed", "Z", "https://z.example/", ("news",)),
    )
    data = write_opml(feeds, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert b"rssfeed&amp;widgetId=1150&amp;getXmlFeed=true" in data
    from lxml import etree

    etree.fromstring(data)  # well-formed, strictly
    again = read_opml(data)
    assert again.problems == ()
    assert sorted(again.feeds, key=lambda f: f.url) == sorted(feeds, key=lambda f: f.url)


tag_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12
).map(lambda t: " ".join(t.replace(",", " ").replace("/", " ").lstrip("#").split()))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="abcdefghij&=?%", max_size=20),
            st.one_of(
                st.none(),
                st.text(
                    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
                ),
            ),
            st.lists(tag_text.filter(bool), max_size=3, unique_by=str.casefold),
        ),
        max_size=8,
    )
)
def test_round_trip_property(rows):
    from briefing.core.text import clean_line

    feeds, seen = [], set()
    for i, (query, title, tags) in enumerate(rows):
        url = f"https://h{i}.example/feed?{query}"
        title = clean_line(title) if title else None
        if not title or title == url:
            title = None
        if url in seen:
            continue
        seen.add(url)
        feeds.append(OpmlFeed(url, title, None, tuple(tags)))
    again = read_opml(write_opml(feeds)) if feeds else None
    if again is not None:
        assert sorted(again.feeds, key=lambda f: f.url) == sorted(feeds, key=lambda f: f.url)
