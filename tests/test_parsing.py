"""Every import format of the contract, and every kind of bad input."""

from __future__ import annotations

import io
import json

import pytest

from briefing.core.model import Article
from briefing.core.parsing import Problem, read_file, read_paths, read_stdin
from tests.support.sample_articles import MARKDOWN, PLAIN, SEED, write


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def problems(items):
    return [i for i in items if isinstance(i, Problem) and not i.warning]


def test_seed_sample_reads_headline_standfirst_paragraphs():
    [article] = articles(read_file(SEED))
    assert article.title == "Biden ready to meet Kim without preconditions, Kirby says"
    assert article.dek.startswith("The NSC says President Joe Biden")
    assert len(article.paragraphs) == 13
    assert article.paragraphs[0].startswith("US President Joe Biden has reportedly")
    assert len(article.id) == 8 and all(c in "0123456789abcdef" for c in article.id)


def test_plain_text_with_blank_lines_between_paragraphs(tmp_path):
    path = write(tmp_path / "a.txt", "Headline\nStandfirst\n\nPara one.\n\nPara two.\n")
    [article] = articles(read_file(path))
    assert (article.title, article.dek, article.paragraphs) == ("Headline", "Standfirst", ("Para one.", "Para two."))


def test_markdown_front_matter_fields(tmp_path):
    [article] = articles(read_file(write(tmp_path / "boj.md", MARKDOWN)))
    assert article.title == "Central bank holds rates at 4.5 percent"
    assert article.dek == "The Bank of Japan kept its policy rate unchanged."
    assert article.published == "2026-11-27"
    assert article.source == "Example Wire"
    assert article.url == "https://example.com/boj"
    assert article.tags == ("markets", "asia")
    # Lines of one paragraph are joined; paragraphs split on blank lines.
    assert (
        article.paragraphs[0]
        == "TOKYO — The Bank of Japan left its benchmark rate unchanged on Friday, citing slowing exports."
    )
    assert len(article.paragraphs) == 3


def test_markdown_datetime_and_heading_repeating_title(tmp_path):
    text = "---\ntitle: T\ndate: 2026-11-28T09:30:00-05:00\n---\n# T\n\nBody.\n"
    [article] = articles(read_file(write(tmp_path / "t.md", text)))
    assert article.published == "2026-11-28T09:30:00-05:00"
    assert article.paragraphs == ("Body.",)


def test_json_object_list_and_jsonl(tmp_path):
    obj = {"title": "One", "body": "P1\n\nP2", "date": "2026-11-20", "tags": ["x"]}
    lst = [obj | {"title": "Two"}, obj | {"title": "Three", "body": ["A", "B"]}]
    write(tmp_path / "one.json", json.dumps(obj))
    write(tmp_path / "list.json", json.dumps(lst))
    write(tmp_path / "lines.jsonl", "\n".join(json.dumps(obj | {"title": t}) for t in ("Four", "Five")) + "\n")
    got = articles(read_paths([str(tmp_path)]))
    assert sorted(a.title for a in got) == ["Five", "Four", "One", "Three", "Two"]
    three = next(a for a in got if a.title == "Three")
    assert three.paragraphs == ("A", "B")


def test_directory_is_recursive_sorted_and_skips_other_files(tmp_path):
    write(tmp_path / "b" / "deep" / "x.txt", PLAIN)
    write(tmp_path / "a.md", MARKDOWN)
    write(tmp_path / "notes.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path / ".hidden" / "h.txt", PLAIN.replace("Council", "Hidden"))
    got = list(read_paths([str(tmp_path)]))
    assert [a.title for a in articles(got)] == [
        "Central bank holds rates at 4.5 percent",
        "Council approves new river bridge",
    ]
    assert problems(got) == []


@pytest.mark.parametrize(
    "encoding_bytes",
    [
        PLAIN.encode("utf-8"),
        b"\xef\xbb\xbf" + PLAIN.encode("utf-8"),
        PLAIN.encode("utf-16"),  # with BOM
        PLAIN.replace("\n", "\r\n").encode("utf-8"),
        b"\xef\xbb\xbf" + MARKDOWN.replace("\n", "\r\n").encode("utf-8"),
        MARKDOWN.replace("\n", "\r\n").encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "crlf", "md-bom-crlf", "md-utf16-crlf"],
)
def test_encodings_and_line_endings(tmp_path, encoding_bytes):
    suffix = ".md" if b"-\x00-" in encoding_bytes or b"---" in encoding_bytes else ".txt"
    [article] = articles(read_file(write(tmp_path / f"a{suffix}", encoding_bytes)))
    assert "\r" not in article.title + "".join(article.paragraphs)
    assert article.title in ("Council approves new river bridge", "Central bank holds rates at 4.5 percent")


def test_same_article_in_different_encodings_has_same_hash(tmp_path):
    a = articles(read_file(write(tmp_path / "a.txt", PLAIN.encode("utf-16"))))[0]
    b = articles(read_file(write(tmp_path / "b.txt", PLAIN.replace("\n", "\r\n").encode("utf-8"))))[0]
    assert a.hash == b.hash and a.id == b.id


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"\n\n  \n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Caf\xe9 news\nDek\nBody".encode("latin-1"), "not UTF-8 text"),
        ("notitle.md", b"---\ndek: no title here\n---\n\nBody text.\n", "no title"),
        ("badyaml.md", b"---\ntitle: [unclosed\n---\n\nBody.\n", "malformed front matter"),
        ("listyaml.md", b"---\n- a\n- b\n---\n\nBody.\n", "front matter"),
        ("bad.json", b'{"title": "x", "body": ', "malformed JSON"),
        ("scalar.json", b"42", "JSON must be an article object"),
        ("nobody.json", b'{"title": "x"}', "no body text"),
        ("headline-only.txt", b"Only a headline\n", "no body text"),
    ],
)
def test_bad_inputs_give_one_reason_each(tmp_path, name, content, reason):
    path = write(tmp_path / name, content)
    got = list(read_file(path))
    assert articles(got) == []
    [problem] = problems(got)
    assert problem.path == str(path)
    assert reason in problem.reason
    assert "\n" not in str(problem)


STORY = " ".join(
    f"Sentence {n} of the story tells the reader what the council decided about the bridge today." for n in range(12)
)


def test_a_file_of_text_alone_is_titled_from_its_start(tmp_path):
    # A story saved as one line (as news corpora store them), or paragraphs with no headline
    # line: a first line of over 45 words is no headline. Importing says so; analyze is silent.
    one_line = write(tmp_path / "story.txt", STORY + "\n")
    got = list(read_file(one_line))
    [article] = articles(got)
    assert article.paragraphs == (STORY,) and article.dek is None
    assert article.title == "Sentence 0 of the story tells the reader what the council decided about the…"
    assert article.headline == ""  # a made-up title is no headline for the analyzer
    [warning] = [p for p in got if isinstance(p, Problem)]
    assert warning.warning and "not a headline" in warning.reason
    several = write(tmp_path / "paras.txt", f"{STORY}\n\nA second paragraph.\n")
    [article] = list(read_file(several, untitled=True))
    assert article.paragraphs == (STORY, "A second paragraph.")


def test_a_second_line_too_long_for_a_standfirst_is_the_body(tmp_path):
    [article] = articles(read_file(write(tmp_path / "a.txt", f"Council approves bridge\n{STORY}\n")))
    assert (article.title, article.dek, article.paragraphs) == ("Council approves bridge", None, (STORY,))
    assert article.headline == "Council approves bridge"
    [article] = articles(read_file(write(tmp_path / "b.txt", f"Headline\n\n{STORY}\n\nMore.\n")))
    assert (article.dek, article.paragraphs) == (None, (STORY, "More."))


@pytest.mark.parametrize(
    "second",
    [
        "(CNN) -- A woman was rescued from a collapsed building in Nepal on Monday, officials said.",
        "LONDON (Reuters) - Britain's economy grew faster than expected in the third quarter.",
        "By . Daily Mail Reporter . PUBLISHED: . 10:21 EST, 14 March 2013 .",
        "By Jane Doe",
        "Key events",
        "FOR IMMEDIATE RELEASE",
    ],
)
def test_a_second_line_that_opens_the_body_is_no_standfirst(tmp_path, second):
    # a dateline, an agency tag, a byline or page furniture is no standfirst: the file has none
    [article] = articles(read_file(write(tmp_path / "a.txt", f"Headline\n{second}\nMore of the story.\n")))
    assert article.dek is None and article.paragraphs == (second, "More of the story.")


def test_untitled_json_and_markdown_are_read_only_when_asked(tmp_path):
    json_path = write(tmp_path / "a.json", json.dumps({"body": "The council met. It voted."}))
    md_path = write(tmp_path / "b.md", "---\ndek: D\n---\n\nThe council met.\n")
    jsonl_path = write(tmp_path / "c.jsonl", json.dumps({"text": "Line one."}) + "\n")
    for path in (json_path, md_path, jsonl_path):
        [problem] = problems(read_file(path))  # import: the contract's title is required
        assert "no title" in problem.reason
    [a] = list(read_file(json_path, untitled=True))  # analyze: read, titled from the text
    [b] = list(read_file(md_path, untitled=True))
    [c] = list(read_paths([str(jsonl_path)], untitled=True))
    assert (a.title, b.title, b.dek, c.title) == ("The council met. It voted.", "The council met.", "D", "Line one.")
    assert a.headline == b.headline == c.headline == ""
    [d] = list(read_stdin(io.BytesIO(b'{"body": "From a pipe."}'), untitled=True))
    assert d.title == "From a pipe."


def test_size_limit(tmp_path):
    path = write(tmp_path / "big.txt", "Title\nDek\n" + ("word " * 300_000))
    [problem] = problems(read_file(path, max_bytes=1024 * 1024))
    assert "too large" in problem.reason


def test_jsonl_bad_line_does_not_stop_the_rest(tmp_path):
    good = json.dumps({"title": "Good", "body": "Text."})
    path = write(tmp_path / "x.jsonl", f"{good}\nnot json\n{json.dumps({'body': 'no title'})}\n")
    got = list(read_file(path))
    assert [a.title for a in articles(got)] == ["Good"]
    reasons = [p.reason for p in problems(got)]
    assert reasons[0].startswith("line 2: malformed JSON") and reasons[1] == "line 3: no title"


def test_bad_date_is_a_warning_not_a_failure(tmp_path):
    path = write(tmp_path / "d.md", "---\ntitle: T\ndate: next tuesday\n---\n\nBody.\n")
    got = list(read_file(path))
    [article] = articles(got)
    assert article.published is None
    assert any(isinstance(p, Problem) and p.warning and "unreadable date" in p.reason for p in got)


def test_missing_path_is_a_problem():
    [problem] = list(read_paths(["/no/such/file.txt"]))
    assert problem.reason == "no such file or directory"


def test_stdin_plain_text_and_json():
    [a] = articles(read_stdin(io.BytesIO(PLAIN.encode())))
    assert a.title == "Council approves new river bridge" and a.origin == "<stdin>"
    [b] = articles(read_stdin(io.BytesIO(json.dumps({"title": "J", "body": "x"}).encode())))
    assert b.title == "J"


def test_control_characters_are_removed_on_entry(tmp_path):
    hostile = "Evil \x1b[2J\x1b]0;pwned\x07headline\x9b31m [bold]x[/]\nDek\x07\nBody \x1b]52;c;ZXZpbA==\x07text.\n"
    [a] = articles(read_file(write(tmp_path / "h.txt", hostile)))
    assert a.title == "Evil headline [bold]x[/]"
    for text in (a.title, a.dek, *a.paragraphs):
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text)
    assert "[bold]x[/]" in a.title  # markup-looking text is kept literally


# --------------------------------------------------------------------------- property tests

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from briefing.core.parsing import parse_text  # noqa: E402


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl", ".dat"]))
def test_any_bytes_give_articles_or_problems_never_an_exception(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for item in read_file(path):
        assert isinstance(item, (Article, Problem))
        if isinstance(item, Problem):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.title and item.paragraphs


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=1500), kind=st.sampled_from(["text", "markdown", "json", "jsonl", "auto"]))
def test_any_text_parses_or_explains(text, kind):
    for item in parse_text(text, "x", kind):
        assert isinstance(item, (Article, Problem))
        if isinstance(item, Article):
            for field in (item.title, item.dek or "", item.source or "", *item.paragraphs, *item.tags):
                assert not any((ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in field)
