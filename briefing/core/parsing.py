"""Reading article files: plain text, Markdown with front matter, JSON / JSON Lines, stdin.

Every reader yields `Article` objects or `Problem`s; a problem never stops the others. The
formats are the ones in CONTRACT.md ("Article files that `briefing import` reads"). A file
written by `briefing export` (its fields carry `briefing_export: 1`, core/export.py) also gives
back the user's state: id, notes with their times, read and starred; no other file does.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from briefing.core.dates import normalise_published
from briefing.core.export import BODY_END, BODY_START, ExportFieldError, markdown_body, read_export_state
from briefing.core.export import MARKER as EXPORT_MARKER
from briefing.core.export import VERSION as EXPORT_VERSION
from briefing.core.model import Article, normalise_tag
from briefing.core.text import clean_line, clean_paragraph, title_from_text

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"
# A plain-text file's first line longer than this is no headline: the file is text alone (a
# story saved as one line, a page's paragraphs); a second line longer than STANDFIRST_MAX_WORDS
# is the first paragraph. Headlines and standfirsts in our sets run to 30 and 50 words.
HEADLINE_MAX_WORDS = 45
STANDFIRST_MAX_WORDS = 80


@dataclass(frozen=True)
class Problem:
    """Why (part of) a file could not be read. `warning` problems do not fail the import."""

    path: str
    reason: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class ArticleError(ValueError):
    """An input that cannot be read as an article; the message is the reason."""


# --------------------------------------------------------------------------- decoding


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not), UTF-16/32 with a BOM. Raises ArticleError."""
    if not data.strip():
        raise ArticleError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ArticleError(f"not valid {encoding.upper()} text (bad bytes at offset {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 text (undecodable byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


# --------------------------------------------------------------------------- fields -> Article


def _paragraphs_from_blocks(text: str) -> list[str]:
    """Paragraphs separated by blank lines; lines inside one paragraph are joined."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return [p for p in (clean_paragraph(b) for b in blocks) if p]


def _paragraphs_from_body(body: object) -> list[str]:
    if body is None:
        return []
    if isinstance(body, list):
        return [p for p in (clean_paragraph(str(item)) for item in body if item is not None) if p]
    if not isinstance(body, str):
        raise ArticleError(f"body must be text or a list of paragraphs, not {type(body).__name__}")
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\n\n" not in text.strip():
        # No blank lines: one paragraph per line, as in the plain-text format.
        return [p for p in (clean_paragraph(line) for line in text.split("\n")) if p]
    return _paragraphs_from_blocks(text)


def _optional_line(value: object, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ArticleError(f"'{name}' must be text")
    text = clean_line(str(value))
    return text or None


def _tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items: Iterable[object] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        raise ArticleError("'tags' must be a list")
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, (dict, list)):
            raise ArticleError("'tags' must be a list of words")
        tag = normalise_tag(str(item))
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


def article_from_fields(
    fields: dict, body: object, origin: str, *, untitled: bool = False
) -> tuple[Article, list[str]]:
    """Build an Article from front-matter / JSON fields. Returns it with warnings (e.g. a date
    that could not be read, which is dropped rather than failing the whole article). Without a
    title the article is refused, unless `untitled` (`briefing analyze`, which stores nothing):
    then it is titled from the start of its text."""
    if not isinstance(fields, dict):
        raise ArticleError(f"expected an object with a title, got {type(fields).__name__}")
    warnings: list[str] = []
    try:
        state = read_export_state(fields, warnings)  # None for a plain article file
    except ExportFieldError as exc:
        raise ArticleError(f"export: {exc}") from None
    raw_title = fields.get("title", fields.get("headline"))
    title = _optional_line(raw_title, "title")
    if not title and not untitled:
        raise ArticleError("no title")
    try:
        published = normalise_published(fields.get("date", fields.get("published")))
    except ValueError as exc:
        warnings.append(f"{exc}; imported without a date")
        published = None
    paragraphs = _paragraphs_from_body(body)
    if state is None and paragraphs and paragraphs[0].lstrip("# ").strip() == title:
        paragraphs = paragraphs[1:]  # a Markdown body that repeats the title as a heading
    if not paragraphs:
        raise ArticleError("no body text")
    title = title or title_from_text(paragraphs)
    # An export restores the user's state, and the file the article first came from.
    extra: dict[str, Any] = {"origin": origin} if state is None else {**state, "origin": state["origin"] or origin}
    article = Article(
        title=title,
        dek=_optional_line(fields.get("dek", fields.get("standfirst")), "dek"),
        paragraphs=tuple(paragraphs),
        source=_optional_line(fields.get("source"), "source"),
        url=_optional_line(fields.get("url"), "url"),
        published=published,
        tags=_tags(fields.get("tags")),
        **extra,
    )
    return article, warnings


# --------------------------------------------------------------------------- formats


def parse_plain_text(text: str, origin: str, *, untitled: bool = False) -> tuple[Article, list[str]]:
    """Seed format: line 1 headline, line 2 standfirst, then one paragraph per line (blank
    lines between paragraphs allowed). A first line too long for a headline makes the whole
    file body text, titled from its start (a warning, unless `untitled`); a second line that
    cannot be a standfirst (_standfirst_like) is the first paragraph. Returns the article and
    its warnings."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise ArticleError("empty file")
    title = clean_line(lines[0].lstrip("#").strip())
    if not title:
        raise ArticleError("no title on the first line")
    if len(title.split()) > HEADLINE_MAX_WORDS:
        paragraphs = [p for p in (clean_paragraph(line) for line in lines) if p]
        made = title_from_text(paragraphs)
        warnings = [] if untitled else [f"the first line is text, not a headline: titled {made!r}"]
        return Article(title=made, paragraphs=tuple(paragraphs), origin=origin), warnings
    rest = lines[1:]
    while rest and not rest[0]:
        rest.pop(0)
    dek = clean_line(rest[0]) if rest else ""
    paragraphs = [p for p in (clean_paragraph(line) for line in rest[1:]) if p]
    if dek and not _standfirst_like(dek):
        paragraphs.insert(0, clean_paragraph(rest[0]))
        dek = ""
    if not paragraphs:
        raise ArticleError("no body text after the headline and standfirst")
    return Article(title=title, dek=dek or None, paragraphs=tuple(paragraphs), origin=origin), []


def _standfirst_like(line: str) -> bool:
    """Whether a plain-text file's second line can be its standfirst: not longer than
    STANDFIRST_MAX_WORDS, and not the body's opening, which a standfirst never is: a dateline or
    an agency tag ("(CNN) -- A woman ...", "LONDON (Reuters) - ..."), a byline or a timestamp
    ("By . Daily Mail Reporter . PUBLISHED: ..."), or page furniture ("Key events", "FOR
    IMMEDIATE RELEASE")."""
    from briefing.core.prose import BOILERPLATE, BYLINE, DATELINE, classify, lead_in

    if len(line.split()) > STANDFIRST_MAX_WORDS or lead_in(line):
        return False
    first = line.split(" . ", 1)[0]  # "By . Daily Mail Reporter . PUBLISHED: ...", as corpora store pages
    not_standfirst = (BYLINE, DATELINE, BOILERPLATE)
    return classify(line) not in not_standfirst and classify(first) not in not_standfirst


def _has_front_matter(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("---")


def parse_markdown(text: str, origin: str, *, untitled: bool = False) -> tuple[Article, list[str]]:
    """Markdown with YAML front matter; without front matter it is read as plain text."""
    if not _has_front_matter(text):
        return parse_plain_text(text, origin, untitled=untitled)
    import frontmatter  # python-frontmatter; imported here to keep start-up light
    import yaml

    try:
        post = frontmatter.loads(text.lstrip("\ufeff"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ArticleError(f"malformed front matter{where}: {problem}") from None
    except (ValueError, TypeError) as exc:
        raise ArticleError(f"malformed front matter: {exc}") from None
    if not post.metadata:
        raise ArticleError("front matter is empty or not a mapping of fields")
    body: object = post.content
    if post.metadata.get(EXPORT_MARKER) == EXPORT_VERSION:
        # An export: the body is what lies between its markers, escaped; the headline above
        # it and the summary and notes below are for people and never become body.
        body = markdown_body(post.content)
        if body is None:
            raise ArticleError(f"an export without its body markers ({BODY_START} ... {BODY_END})")
    return article_from_fields(dict(post.metadata), body, origin, untitled=untitled)


def _json_module():
    import orjson

    return orjson


def parse_json(
    text: str, origin: str, *, untitled: bool = False
) -> Iterator[tuple[Article | None, list[str], str | None]]:
    """One object or a list of objects. Yields (article, warnings, error) per object."""
    orjson = _json_module()
    try:
        data = orjson.loads(text.lstrip("\ufeff"))
    except orjson.JSONDecodeError as exc:
        raise ArticleError(f"malformed JSON ({exc})") from None
    if isinstance(data, dict):
        items, single = [data], True
    elif isinstance(data, list):
        if not data:
            raise ArticleError("empty JSON list")
        items, single = data, False
    else:
        raise ArticleError("JSON must be an article object or a list of them")
    for index, item in enumerate(items, 1):
        where = None if single else f"item {index}"
        yield _json_item(item, origin, where, untitled)


def parse_json_lines(
    text: str, origin: str, *, untitled: bool = False
) -> Iterator[tuple[Article | None, list[str], str | None]]:
    seen_any = False
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), 1):
        if line.strip():
            seen_any = True
            yield _json_line(line, origin, number, untitled)
    if not seen_any:
        raise ArticleError("empty file")


def _json_line(line: str | bytes, origin: str, number: int, untitled: bool = False):
    orjson = _json_module()
    try:
        item = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return None, [], f"line {number}: malformed JSON ({exc})"
    return _json_item(item, origin, f"line {number}", untitled)


def _bounded_lines(handle: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of a binary stream; None for a line longer than `max_bytes` (skipped)."""
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(_SKIP_CHUNK)
            yield None
            continue
        yield line


_SKIP_CHUNK = 1024 * 1024


def read_json_lines_file(path: Path, max_bytes: int, *, untitled: bool = False) -> Iterator[Article | Problem]:
    """A UTF-8 .jsonl file read a line at a time: the size limit bounds each line (one
    article), not the file, so the JSON Lines export of a whole library imports back."""
    origin = str(path)
    seen_any = False
    with path.open("rb") as handle:
        if b"\x00" in handle.read(8192):
            yield Problem(origin, "binary file, not text")
            return
        handle.seek(0)
        for number, raw in enumerate(_bounded_lines(handle, max_bytes), 1):
            if raw is None:
                limit = max_bytes / (1024 * 1024)
                yield Problem(origin, f"line {number}: larger than the {limit:g} MB limit")
                continue
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            seen_any = True
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(origin, f"line {number}: not UTF-8 text (undecodable byte at offset {exc.start})")
                continue
            article, warnings, error = _json_line(raw, origin, number, untitled)
            yield from (Problem(origin, w, warning=True) for w in warnings)
            if error:
                yield Problem(origin, error)
            elif article is not None:
                yield article
    if not seen_any:
        yield Problem(origin, "empty file")


def _json_item(item: object, origin: str, where: str | None, untitled: bool = False):
    prefix = f"{where}: " if where else ""
    try:
        if not isinstance(item, dict):
            raise ArticleError(f"expected an article object, got {type(item).__name__}")
        body = item.get("body", item.get("text", item.get("paragraphs")))
        article, warnings = article_from_fields(item, body, origin, untitled=untitled)
    except ArticleError as exc:
        return None, [], f"{prefix}{exc}"
    return article, [prefix + w for w in warnings], None


# --------------------------------------------------------------------------- dispatch


def _looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def parse_text(text: str, origin: str, kind: str, *, untitled: bool = False) -> Iterator[Article | Problem]:
    """Parse decoded text of a known kind ("text", "markdown", "json", "jsonl", "auto").
    `untitled`: an article without a title is read, titled from its text (article_from_fields)."""
    if kind == "auto":
        if _has_front_matter(text):
            kind = "markdown"
        elif _looks_like_json(text):
            kind = "json"
        else:
            kind = "text"
    try:
        if kind in ("text", "markdown"):
            parse = parse_plain_text if kind == "text" else parse_markdown
            article, warnings = parse(text, origin, untitled=untitled)
            yield from (Problem(origin, w, warning=True) for w in warnings)
            yield article
            return
        parse_rows = parse_json if kind == "json" else parse_json_lines
        rows = parse_rows(text, origin, untitled=untitled)
        for parsed, warnings, error in rows:
            yield from (Problem(origin, w, warning=True) for w in warnings)
            if error:
                yield Problem(origin, error)
            elif parsed is not None:
                yield parsed
    except ArticleError as exc:
        yield Problem(origin, str(exc))


def kind_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return "auto"


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArticleError(f"larger than the {max_bytes // (1024 * 1024) or max_bytes} MB limit")
    return data


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, *, untitled: bool = False) -> Iterator[Article | Problem]:
    """Every article in one file, or the problems that stopped it (`untitled`: parse_text)."""
    origin = str(path)
    if kind_for(path) == "jsonl" and not _has_wide_bom(path):
        try:
            yield from read_json_lines_file(path, max_bytes, untitled=untitled)
        except OSError as exc:
            yield Problem(origin, exc.strerror or str(exc))
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            mb = size / (1024 * 1024)
            yield Problem(origin, f"too large ({mb:.1f} MB; the limit is {max_bytes / (1024 * 1024):g} MB)")
            return
        with path.open("rb") as handle:
            data = _read_limited(handle, max_bytes)
        text = decode(data)
    except ArticleError as exc:
        yield Problem(origin, str(exc))
        return
    except OSError as exc:
        yield Problem(origin, exc.strerror or str(exc))
        return
    yield from parse_text(text, origin, kind_for(path), untitled=untitled)


def _has_wide_bom(path: Path) -> bool:
    """UTF-16/32 text (with its BOM) is decoded whole, within the file size limit."""
    try:
        with path.open("rb") as handle:
            return handle.read(4).startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
    except OSError:
        return False


def read_stdin(
    stream: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES, *, untitled: bool = False
) -> Iterator[Article | Problem]:
    """Plain text or JSON from standard input."""
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        text = decode(_read_limited(stream, max_bytes))
    except ArticleError as exc:
        yield Problem("<stdin>", str(exc))
        return
    kind = "json" if _looks_like_json(text) else "auto"
    yield from parse_text(text, "<stdin>", kind, untitled=untitled)


def expand_paths(paths: Iterable[str], exclude: Iterable[Path] = ()) -> Iterator[Path | str | Problem]:
    """Command-line arguments to files: directories recursively (supported suffixes only,
    hidden entries skipped, sorted), `-` as stdin, missing paths as problems. Files and
    folders in `exclude` (the library's own files) are skipped inside folders."""
    excluded = {p.resolve() for p in exclude}
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and (Path(root) / d).resolve() not in excluded
                )
                for name in sorted(files):
                    candidate = Path(root) / name
                    if (
                        not name.startswith(".")
                        and candidate.suffix.lower() in SUPPORTED_SUFFIXES
                        and candidate.resolve() not in excluded
                    ):
                        found = True
                        yield candidate
            if not found:
                yield Problem(raw, "no article files (.txt, .md, .json, .jsonl) in this folder", warning=True)
        elif path.exists():
            yield path
        else:
            yield Problem(raw, "no such file or directory")


def read_paths(
    paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES, exclude: Iterable[Path] = (), *, untitled: bool = False
) -> Iterator[Article | Problem]:
    """Every article (or problem) behind a list of command-line paths (`untitled`: parse_text)."""
    for item in expand_paths(paths, exclude):
        if isinstance(item, Problem):
            yield item
        elif isinstance(item, Path):
            yield from read_file(item, max_bytes, untitled=untitled)
        else:  # STDIN, the only string expand_paths yields
            yield from read_stdin(max_bytes=max_bytes, untitled=untitled)
