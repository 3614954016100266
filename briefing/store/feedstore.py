"""Subscriptions: `library.feeds.json` (TinyDB, table `feeds`), one record per feed with its
settings and its HTTP state (validators, next check, errors), written under the library's
lock like everything else, so a `briefing fetch` and the reader never lose each other's changes.

A feed record: {"id", "url", "title", "site_url", "tags", "full_text", "added", "http": {...}}
where "http" is the fetcher's state (briefing.feeds.schedule.FeedState.to_dict()), stored as
given. Article counts per feed come from the manifest's partition counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from briefing.core.dates import now_iso
from briefing.core.model import MIN_PREFIX, normalise_tag
from briefing.core.text import clean_line
from briefing.store.base import StoreBase
from briefing.store.errors import FeedNotFound

FULL_TEXT_MODES = ("auto", "always", "never")
FEED_ID_LENGTH = 8


def _feed_doc(feed_id: str) -> str:
    return str(int("1" + feed_id, 16))


class FeedStoreMixin(StoreBase):
    """Feed methods of ArticleStore (see library.py for `_files`, `paths`, `_locked`)."""

    def _feed_table(self) -> dict[str, dict]:
        return self._files.table(self.paths.feeds, "feeds")

    def feeds(self) -> list[dict]:
        """Every subscription, by title then URL."""
        return sorted(self._feed_table().values(), key=lambda f: ((f.get("title") or "").casefold(), f["url"]))

    def feed(self, ref: str) -> dict:
        """A subscription by id, unambiguous id prefix (4+ characters) or URL."""
        wanted = ref.strip()
        feeds = list(self._feed_table().values())
        for feed in feeds:
            if wanted == feed["url"] or wanted.lower() == feed["id"]:
                return feed
        if len(wanted) >= MIN_PREFIX:
            matches = [f for f in feeds if f["id"].startswith(wanted.lower())]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                shown = ", ".join(sorted(f["id"] for f in matches)[:5])
                raise FeedNotFound(f"feed '{clean_line(ref)}' is ambiguous: {shown}")
        raise FeedNotFound(
            f"no feed '{clean_line(ref)}' (give its id, an id prefix or its URL; see briefing feed list)"
        )

    def feed_by_url(self, url: str) -> dict | None:
        return next((f for f in self._feed_table().values() if f["url"] == url), None)

    def add_feed(
        self,
        url: str,
        *,
        title: str | None = None,
        site_url: str | None = None,
        tags: Iterable[str] = (),
        full_text: str = "auto",
        http: dict | None = None,
    ) -> tuple[dict, bool]:
        """Subscribe; returns (the feed record, whether it is new). An URL already subscribed
        returns the existing record unchanged."""
        if full_text not in FULL_TEXT_MODES:
            raise ValueError(f"full text must be one of {', '.join(FULL_TEXT_MODES)}, not {full_text!r}")
        with self._locked():
            existing = self.feed_by_url(url)
            if existing is not None:
                return existing, False
            taken = {f["id"] for f in self._feed_table().values()}
            digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
            length = FEED_ID_LENGTH
            while digest[:length] in taken:
                length += 2
            feed_id = digest[:length]
            record = {
                "id": feed_id,
                "url": url,
                "title": clean_line(title) if title else None,
                "site_url": site_url,
                "tags": _tags(tags),
                "full_text": full_text,
                "added": now_iso(),
                "http": dict(http or {}),
            }
            self._write_feeds({_feed_doc(feed_id): record})
            return record, True

    def update_feeds(self, changes: dict[str, dict[str, Any]]) -> list[dict]:
        """Apply {feed id: {field: value}} (e.g. after a fetch: "http", "title", "url"); ids no
        longer subscribed are skipped (removed while the fetch ran). Returns the new records."""
        with self._locked():
            table = self._feed_table()
            updated = {}
            for feed_id, fields in changes.items():
                doc = _feed_doc(feed_id)
                if doc not in table:
                    continue
                record = {**table[doc], **fields}
                if "tags" in fields:
                    record["tags"] = _tags(fields["tags"])
                if record.get("full_text") not in FULL_TEXT_MODES:
                    raise ValueError(f"full text must be one of {', '.join(FULL_TEXT_MODES)}")
                updated[doc] = record
            if updated:
                self._write_feeds(updated)
            return list(updated.values())

    def remove_feeds(self, feed_ids: Iterable[str]) -> list[dict]:
        """Unsubscribe. The feeds' articles stay, with their tags and notes."""
        wanted = {_feed_doc(i) for i in feed_ids}
        with self._locked():
            table = self._feed_table()
            removed = [table[d] for d in wanted if d in table]
            if removed:
                self._files.update(
                    self.paths.feeds, {"feeds": lambda t: {k: v for k, v in t.items() if k not in wanted}}
                )
            return removed

    def _write_feeds(self, docs: dict[str, dict]) -> None:
        def put(table: dict) -> dict:
            table.update(docs)
            return table

        if not self._files.read(self.paths.feeds):
            self._files.write(self.paths.feeds, {"meta": {"1": self._meta()}, "feeds": docs})
        else:
            self._files.update(self.paths.feeds, {"feeds": put})

    def feed_counts(self) -> dict[str, tuple[int, int]]:
        """{feed id: (articles, unread)} over the whole library, from the manifest."""
        counts: dict[str, list[int]] = {}
        for stats in self.partition_stats().values():
            for feed_id, (count, unread) in stats.get("feeds", {}).items():
                entry = counts.setdefault(feed_id, [0, 0])
                entry[0] += count
                entry[1] += unread
        return {k: (v[0], v[1]) for k, v in counts.items()}


def _tags(tags: Iterable[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        tag = normalise_tag(tag)
        if tag and tag.casefold() not in {t.casefold() for t in out}:
            out.append(tag)
    return out
