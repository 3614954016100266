#!/usr/bin/env python3
"""Validate the annotated news dev set (``tests/data/devset/*.json``).

Usage::

    python tests/data/check_devset.py [--strict] [--suggest] [PATH ...]

PATH is a dev-set file or a folder of them (default: the ``devset`` folder beside
this script). Problems are printed one per line as ``PATH: message``; the run ends with
a one-line tally on stderr. Exit status: 0 clean, 1 errors (or warnings with
``--strict``), 2 bad usage.

``--suggest`` also lists, per file, capitalised word runs that no alias covers. It
is an aid for the annotator (most hits are sentence-initial words or titles), not a
check.

Each file is one JSON object with exactly these keys:

    title, dek, date (YYYY-MM-DD), source, story (short id), body (paragraphs
    separated by one blank line), key_points (2-4 strings), entities

and every entity is ``{"text": canonical name, "label": PERSON|ORG|PLACE,
"aliases": [surface forms]}``.

Annotation conventions the checks enforce or assume:

* "The text" is title + dek + body. key_points are not annotated.
* Every alias occurs verbatim (case-sensitive) in the text as a whole word or
  phrase, and at least once on its own, not only inside a longer alias (so "Japan"
  is not an alias when the text only says "Bank of Japan").
* Aliases are the bare names as written: no title ("Dr.", "Sen.", "President"),
  no possessive "'s". A country's dateline form in capitals ("NAIROBI") is its own
  surface form and is listed.
* One alias belongs to one entity only (compared case-insensitively).
* If the canonical ``text`` occurs in the text, it is one of the aliases.
* Nationality and group words ("Kenyan", "American", "Democrats") are not
  entities; a country name used as a modifier ("U.S. officials") is a PLACE.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

DEVSET_DIR = Path(__file__).resolve().parent / "devset"

REQUIRED_KEYS = ("title", "dek", "date", "source", "story", "body", "key_points", "entities")
ENTITY_KEYS = ("text", "label", "aliases")
LABELS = ("PERSON", "ORG", "PLACE")

FILENAME_RE = re.compile(r"^\d{3}_[a-z0-9]+(?:[-_][a-z0-9]+)*\.json$")
STORY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_FIRST = _dt.date(2026, 11, 20)
DATE_LAST = _dt.date(2026, 11, 28)

MIN_PARAGRAPHS = 5
MIN_WORDS, MAX_WORDS = 250, 1200
MIN_KEY_POINTS, MAX_KEY_POINTS = 2, 4

# Titles that should not start a person's alias (the brief asks for bare names).
TITLE_WORDS = {
    "President",
    "Vice",
    "Sen.",
    "Senator",
    "Rep.",
    "Gov.",
    "Governor",
    "Dr.",
    "Gen.",
    "General",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Prof.",
    "Professor",
    "CEO",
    "Prime",
    "Minister",
    "Secretary",
    "Chancellor",
    "King",
    "Queen",
    "Judge",
    "Justice",
    "Mayor",
    "Lt.",
    "Col.",
    "Adm.",
    "Sgt.",
    "Capt.",
    "Speaker",
    "Premier",
}
# Characters that may not appear in any text field (C0 except \n and \t, DEL, C1).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
WORD_RE = re.compile(r"\w+(?:['’.-]\w+)*", re.UNICODE)


class Report:
    def __init__(self) -> None:
        self.errors = 0
        self.warnings = 0

    def error(self, where: object, message: str) -> None:
        self.errors += 1
        print(f"{where}: {message}")

    def warn(self, where: object, message: str) -> None:
        self.warnings += 1
        print(f"{where}: warning: {message}")


def find_spans(needle: str, haystack: str) -> list[tuple[int, int]]:
    """Start/end of every whole-word occurrence of ``needle`` (case-sensitive)."""
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(haystack)]


def article_text(doc: dict) -> str:
    # Fields are joined with blank lines so no match can straddle two fields.
    return "\n\n".join(str(doc.get(k) or "") for k in ("title", "dek", "body"))


def check_fields(path: Path, doc: dict, rep: Report) -> bool:
    """Keys and types. Returns False when the rest of the checks cannot run."""
    ok = True
    for key in REQUIRED_KEYS:
        if key not in doc:
            rep.error(path, f"missing field {key!r}")
            ok = False
    for key in doc:
        if key not in REQUIRED_KEYS:
            rep.error(path, f"unknown field {key!r}")
    if not ok:
        return False
    for key in ("title", "dek", "date", "source", "story", "body"):
        value = doc[key]
        if not isinstance(value, str) or not value.strip():
            rep.error(path, f"{key!r} must be a non-empty string")
            ok = False
        elif value != value.strip():
            rep.error(path, f"{key!r} has leading or trailing whitespace")
        elif CONTROL_RE.search(value) or "\r" in value:
            rep.error(path, f"{key!r} contains a control character")
    for key in ("key_points", "entities"):
        if not isinstance(doc[key], list):
            rep.error(path, f"{key!r} must be a list")
            ok = False
    return ok


def check_article(path: Path, doc: dict, rep: Report) -> None:
    for key in ("title", "dek", "source", "story", "date"):
        if "\n" in doc[key]:
            rep.error(path, f"{key!r} must be one line")

    try:
        day = _dt.date.fromisoformat(doc["date"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["date"]):
            raise ValueError
    except ValueError:
        rep.error(path, f"date {doc['date']!r} is not YYYY-MM-DD")
    else:
        if not DATE_FIRST <= day <= DATE_LAST:
            rep.error(path, f"date {doc['date']} outside {DATE_FIRST}..{DATE_LAST}")

    if not STORY_RE.match(doc["story"]):
        rep.error(path, f"story id {doc['story']!r} should be lowercase-with-dashes")

    body = doc["body"]
    paragraphs = body.split("\n\n")
    if len(paragraphs) < MIN_PARAGRAPHS:
        rep.error(path, f"body has {len(paragraphs)} paragraphs, need >= {MIN_PARAGRAPHS}")
    for number, para in enumerate(paragraphs, 1):
        if not para.strip():
            rep.error(path, f"paragraph {number} is empty (more than one blank line?)")
        elif para != para.strip():
            rep.error(path, f"paragraph {number} has leading or trailing whitespace")
        elif "\n" in para:
            rep.error(path, f"paragraph {number} contains a single line break")
    words = len(WORD_RE.findall(body))
    if not MIN_WORDS <= words <= MAX_WORDS:
        rep.error(path, f"body has {words} words, want {MIN_WORDS}..{MAX_WORDS}")

    points = doc["key_points"]
    if not MIN_KEY_POINTS <= len(points) <= MAX_KEY_POINTS:
        rep.error(path, f"{len(points)} key points, want {MIN_KEY_POINTS}..{MAX_KEY_POINTS}")
    for point in points:
        if not isinstance(point, str) or not point.strip():
            rep.error(path, "every key point must be a non-empty string")

    check_entities(path, doc, rep)


def check_entities(path: Path, doc: dict, rep: Report) -> None:
    text = article_text(doc)
    owner: dict[str, str] = {}  # casefolded alias -> canonical text of its entity
    seen_names: set[tuple[str, str]] = set()
    valid: list[dict] = []

    for index, ent in enumerate(doc["entities"]):
        where = f"{path}: entity {index}"
        if not isinstance(ent, dict):
            rep.error(where, "must be an object")
            continue
        missing = [k for k in ENTITY_KEYS if k not in ent]
        extra = [k for k in ent if k not in ENTITY_KEYS]
        if missing or extra:
            rep.error(where, f"keys: missing {missing}, unknown {extra}")
            continue
        name, label, aliases = ent["text"], ent["label"], ent["aliases"]
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            rep.error(where, f"bad text {name!r}")
            continue
        where = f"{path}: {name!r}"
        if label not in LABELS:
            rep.error(where, f"label {label!r} not one of {', '.join(LABELS)}")
        if (name, label) in seen_names:
            rep.error(where, "entity listed twice")
        seen_names.add((name, label))
        if not isinstance(aliases, list) or not aliases:
            rep.error(where, "aliases must be a non-empty list")
            continue
        if len(set(aliases)) != len(aliases):
            rep.error(where, "duplicate alias")
        good = []
        for alias in aliases:
            if not isinstance(alias, str) or not alias.strip() or alias != alias.strip():
                rep.error(where, f"bad alias {alias!r}")
                continue
            if alias.endswith(("'s", "’s")):
                rep.error(where, f"alias {alias!r} keeps the possessive 's")
            folded = alias.casefold()
            if folded in owner and owner[folded] != name:
                rep.error(where, f"alias {alias!r} also claimed by {owner[folded]!r}")
            owner.setdefault(folded, name)
            if label == "PERSON" and alias.split()[0] in TITLE_WORDS:
                rep.warn(where, f"alias {alias!r} starts with a title; prefer the bare name")
            good.append(alias)
        valid.append({"text": name, "label": label, "aliases": good})

    # Where does each alias occur, and is each occurrence inside a longer alias?
    occurrences = []  # (start, end, alias, entity)
    for ent in valid:
        for alias in ent["aliases"]:
            spans = find_spans(alias, text)
            if not spans:
                rep.error(f"{path}: {ent['text']!r}", f"alias {alias!r} not found in title/dek/body")
            occurrences.extend((s, e, alias, ent["text"]) for s, e in spans)

    def covered(start: int, end: int) -> bool:
        return any(s <= start and end <= e and (e - s) > (end - start) for s, e, _, _ in occurrences)

    standalone: dict[tuple[str, str], int] = defaultdict(int)
    for s, e, alias, name in occurrences:
        if not covered(s, e):
            standalone[(name, alias)] += 1
    for ent in valid:
        for alias in ent["aliases"]:
            if find_spans(alias, text) and not standalone[(ent["text"], alias)]:
                rep.error(f"{path}: {ent['text']!r}", f"alias {alias!r} only occurs inside a longer alias")
        name = ent["text"]
        if name not in ent["aliases"] and any(not covered(s, e) for s, e in find_spans(name, text)):
            rep.error(f"{path}: {name!r}", "canonical text occurs in the article but is not an alias")

    # Completeness hints: a person's surname used alone, or an acronym introduced in
    # parentheses right after an alias, that the annotation does not list.
    claimed = set(owner)
    for ent in valid:
        where = f"{path}: {ent['text']!r}"
        if ent["label"] == "PERSON":
            for alias in ent["aliases"]:
                parts = alias.split()
                if len(parts) < 2:
                    continue
                surname = parts[-1].rstrip(",")
                if surname.casefold() in claimed or surname in {"Jr.", "Sr.", "II", "III"}:
                    continue
                if any(not covered(s, e) for s, e in find_spans(surname, text)):
                    rep.warn(where, f"{surname!r} is used on its own but is not an alias")
                    claimed.add(surname.casefold())
        for alias in ent["aliases"]:
            after = re.compile(r"(?<!\w)" + re.escape(alias) + r"\s*\(([^()]{2,15})\)")
            for match in after.finditer(text):
                inner = match.group(1).strip()
                if inner.casefold() not in claimed and re.fullmatch(r"[A-Z][A-Za-z.&-]*[A-Z.]", inner):
                    rep.warn(where, f"acronym {inner!r} follows {alias!r} but is not an alias")
                    claimed.add(inner.casefold())
    for match in re.finditer(r"\(([A-Z][A-Z.&-]{1,12})\)", text):
        if match.group(1).casefold() not in claimed:
            rep.warn(path, f"parenthesised acronym {match.group(1)!r} is not an alias of anything")
            claimed.add(match.group(1).casefold())


CONNECTORS = {"of", "de", "da", "do", "dos", "del", "der", "van", "von", "la", "le", "al", "bin"}
TOKEN_RE = re.compile(r"[^\W\d_][\w'’.-]*|\S")


def suggest(path: Path, doc: dict) -> None:
    """Print capitalised runs of words that no alias covers (annotator aid)."""
    text = article_text(doc)
    spans = []
    for ent in doc.get("entities", []):
        for alias in ent.get("aliases", []) if isinstance(ent, dict) else []:
            if isinstance(alias, str) and alias:
                spans.extend(find_spans(alias, text))
    counts: dict[str, int] = defaultdict(int)
    runs: list[list[re.Match]] = []
    current: list[re.Match] = []
    for token in TOKEN_RE.finditer(text):
        word = token.group(0)
        gap = text[current[-1].end() : token.start()] if current else " "
        # A run stops at a sentence end ("Tuesday. Flights"), not at "Jr." or "Inc.".
        if current and current[-1].group(0).endswith(".") and len(current[-1].group(0)) > 5:
            runs.append(current)
            current = []
        if (word[0].isupper() and (not current or gap in (" ", "-"))) or (
            current and word in CONNECTORS and gap == " "
        ):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = [token] if word[0].isupper() else []
    if current:
        runs.append(current)
    for run in runs:
        while run and not run[-1].group(0)[0].isupper():
            run.pop()
        start, end = run[0].start(), run[-1].end()
        phrase = text[start:end].rstrip(".,;:'’")
        end = start + len(phrase)
        if not any(s < end and start < e for s, e in spans):
            counts[phrase] += 1
    if counts:
        listed = ", ".join(f"{run} ({n})" if n > 1 else run for run, n in sorted(counts.items()))
        print(f"{path}: uncovered capitalised: {listed}")


def collect(paths: list[str], rep: Report) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(q for q in p.iterdir() if q.suffix == ".json"))
        elif p.is_file():
            files.append(p)
        else:
            rep.error(p, "no such file or directory")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paths", nargs="*", default=[str(DEVSET_DIR)], help="dev-set files or folders (default: %(default)s)"
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--suggest", action="store_true", help="list capitalised words no alias covers (annotator aid)")
    args = parser.parse_args(argv)

    rep = Report()
    files = collect(args.paths, rep)
    docs: dict[Path, dict] = {}
    for path in files:
        if not FILENAME_RE.match(path.name):
            rep.error(path, "file name should be NNN_slug.json (lowercase slug)")
        try:
            raw = path.read_bytes()
            if raw.startswith(b"\xef\xbb\xbf"):
                rep.error(path, "starts with a byte-order mark")
                raw = raw[3:]
            doc = json.loads(raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            rep.error(path, f"cannot read: {exc}")
            continue
        if not isinstance(doc, dict):
            rep.error(path, "top level must be a JSON object")
            continue
        if check_fields(path, doc, rep):
            check_article(path, doc, rep)
            docs[path] = doc
        if args.suggest:
            suggest(path, doc)

    # Across files: unique numbers and titles; retellings of one story differ.
    by_number: dict[str, list[Path]] = defaultdict(list)
    by_title: dict[str, list[Path]] = defaultdict(list)
    by_story: dict[str, list[Path]] = defaultdict(list)
    for path, doc in docs.items():
        by_number[path.name[:3]].append(path)
        by_title[doc["title"].casefold()].append(path)
        by_story[doc["story"]].append(path)
    for number, paths in sorted(by_number.items()):
        if len(paths) > 1:
            rep.error(paths[1], f"number {number} used by {len(paths)} files")
    for paths in by_title.values():
        if len(paths) > 1:
            rep.error(paths[1], f"same title as {paths[0].name}")
    shared = 0
    for story, paths in sorted(by_story.items()):
        if len(paths) < 2:
            continue
        shared += 1
        sources = [docs[p]["source"] for p in paths]
        if len(set(sources)) != len(sources):
            rep.error(paths[1], f"story {story!r} is told twice by the same source")
        bodies = [docs[p]["body"] for p in paths]
        if len(set(bodies)) != len(bodies):
            rep.error(paths[1], f"story {story!r} has identical bodies")

    print(
        f"checked {len(files)} files, {shared} stories told more than once: "
        f"{rep.errors} errors, {rep.warnings} warnings",
        file=sys.stderr,
    )
    if rep.errors or (args.strict and rep.warnings):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
