"""How articles are spread over the library's files: partitions, buckets, keys, records.

Pure functions (no I/O). The layout (schema 2), beside the main file `library.json`:

- `library.json`: the manifest. Table `meta` (format, schema), table `partitions`: one small
  entry per partition with its counts, so opening the library, `len()` and "which partition is
  the newest" never read article data.
- `library.parts/<YYYY>-W<ww>/`: one folder per ISO week (UTC) of the article's date (published,
  else imported): `index.json` (the rows: title, dates, source, feed; what the list shows),
  `user.json` (tags, notes, read, starred), `analysis.json` (summaries and entities without
  spans: what the brief reads), `entities.json` (entity key -> ids, read only to filter by an
  entity) and `content-<h>.json` (bodies and spans, 16 buckets by the id's first hex digit: what
  opening one article reads).
- `library.keys/<h>.json`: the directory, 16 shards by first hex digit: article id ->
  partition (so `briefing tag 3f9a` reads one small shard), and identity digests (content hash,
  feed GUID, canonical URL) -> article id, for duplicate detection without reading articles.
- `library.user.json`: settings; `library.feeds.json`: subscriptions; `library.lock`.

The cost of showing a day, tagging an article or opening the newest articles is then that of
a week's files, whatever the size of the library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable

from briefing.core.model import Article
from briefing.core.records import CONTRACT_ENTITY_FIELDS

SCHEMA_VERSION = 2
BUCKETS = "0123456789abcdef"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTITION = re.compile(r"^\d{4}-W\d{2}$")


def doc_id(article_id: str) -> int:
    """TinyDB document id for an article id. The leading 1 keeps ids with leading zeros (and
    lengthened ids) distinct as integers."""
    return int("1" + article_id, 16)


def doc_key(article_id: str) -> str:
    """The document id as it appears in the JSON file."""
    return str(doc_id(article_id))


def utc_day(published: str | None, imported_at: str) -> dt.date:
    """The UTC calendar day of an article's moment (published, else imported)."""
    value = published or imported_at
    if _DAY.match(value):
        return dt.date.fromisoformat(value)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        moment = dt.datetime.fromisoformat(imported_at)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.date()


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def partition_of(published: str | None, imported_at: str) -> str:
    return week_of(utc_day(published, imported_at))


def partitions_covering(first: dt.date, last: dt.date) -> list[str]:
    """Partition keys of every UTC day from `first` to `last` (inclusive), oldest first."""
    keys: list[str] = []
    day = first
    while day <= last:
        key = week_of(day)
        if key not in keys:
            keys.append(key)
        day += dt.timedelta(days=1)
    return keys


def is_partition_key(name: str) -> bool:
    return bool(_PARTITION.match(name))


def bucket_of(article_id: str) -> str:
    return article_id[0]


def digest(key: str) -> str:
    """The directory's form of an identity key: 16 hex digits (64 bits) of its SHA-256."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def identity_keys(article_hash: str, keys: Iterable[str]) -> list[str]:
    """Every identity key of an article: its content hash and the keys its source gave."""
    return [f"hash:{article_hash}", *keys]


def entity_keys(entities: Iterable[dict]) -> list[str]:
    """`LABEL:alias` keys (case-folded) of every surface form, for library-wide entity filters."""
    keys: set[str] = set()
    for entity in entities:
        label = entity.get("label", "")
        for name in (entity.get("text", ""), *entity.get("aliases", ())):
            if name:
                keys.add(f"{label}:{name.casefold()}")
    return sorted(keys)


def index_record(article_id: str, article: Article, analysis: dict | None, imported_at: str) -> dict:
    return {
        "id": article_id,
        "hash": article.hash,
        "title": article.title,
        "dek": article.dek,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "imported_at": imported_at,
        "origin": article.origin,
        "analyzer": (analysis or {}).get("analyzer"),
        "feed": article.feed,
        "date_source": article.date_source,
        "text_source": article.text_source,
        "text_problem": article.text_problem,
        "keys": list(article.keys),
    }


# --------------------------------------------------------------------- analysis, split in two

_LIGHT_TOP = ("summary", "entities", "analyzer")


def split_analysis(analysis: dict | None) -> tuple[dict | None, dict]:
    """The analysis as the brief needs it (summary, entities' text/label/count/aliases,
    analyzer) and the rest, which only the reader of one article needs (spans and anything else),
    stored with the body. `join_analysis` puts them back together."""
    if analysis is None:
        return None, {}
    light: dict = {key: analysis[key] for key in _LIGHT_TOP if key in analysis}
    # The analyzer version on both halves: a re-analysis interrupted between the two files
    # must never pair new entities with old spans.
    heavy: dict = {key: value for key, value in analysis.items() if key not in _LIGHT_TOP[:2]}
    entities = analysis.get("entities") or []
    light["entities"] = [{k: e[k] for k in CONTRACT_ENTITY_FIELDS if k in e} for e in entities]
    extras = [{k: v for k, v in e.items() if k not in CONTRACT_ENTITY_FIELDS} for e in entities]
    if any(extras):
        heavy["entity_extras"] = extras
    return light, heavy


def join_analysis(light: dict | None, heavy: dict | None) -> dict:
    if not light:
        return {}
    heavy = heavy or {}
    if heavy.get("analyzer") != light.get("analyzer"):
        return dict(light)
    joined = {**light, **{k: v for k, v in heavy.items() if k != "entity_extras"}}
    extras = heavy.get("entity_extras") or []
    entities = light.get("entities") or []
    if extras and len(extras) == len(entities):
        joined["entities"] = [{**e, **x} for e, x in zip(entities, extras)]
    return joined


# --------------------------------------------------------------------- partition statistics


def partition_stats(index: dict, user: dict) -> dict:
    """Counts the manifest keeps for a partition, from its index and user tables."""
    count = unread = 0
    feeds: dict[str, list[int]] = {}
    analyzers: dict[str, int] = {}
    newest = oldest = None
    for key, record in index.items():
        count += 1
        read = bool((user.get(key) or {}).get("read", False))
        unread += not read
        feed = record.get("feed")
        if feed:
            entry = feeds.setdefault(feed, [0, 0])
            entry[0] += 1
            entry[1] += not read
        version = str(record.get("analyzer"))
        analyzers[version] = analyzers.get(version, 0) + 1
        moment = record.get("published") or record["imported_at"]
        newest = moment if newest is None or moment > newest else newest
        oldest = moment if oldest is None or moment < oldest else oldest
    return {
        "count": count,
        "unread": unread,
        "feeds": feeds,
        "analyzers": analyzers,
        "newest": newest,
        "oldest": oldest,
    }
