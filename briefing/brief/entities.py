"""The entities of a brief's articles, merged across articles.

Each article's analysis names its entities in its own way: one says "Joe Biden" (aliases
"Biden", "Joe Biden"), another only "Biden". Entities with the same label and the same
canonical text (case-folded) are one; an entity whose canonical text is an alias of exactly
one other entity of the same label joins it ("Biden" joins "Joe Biden"). A short name that
two entities share ("Smith" of "John Smith" and "Jane Smith") joins neither: it stays its
own entity rather than merging two people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class _Cluster:
    label: str
    texts: dict[str, int] = field(default_factory=dict)  # canonical text -> number of articles using it
    aliases: dict[str, str] = field(default_factory=dict)  # casefolded -> first surface form seen
    articles: set[int] = field(default_factory=set)
    mentions: int = 0


@dataclass(frozen=True)
class DayEntity:
    """One merged entity: display text, label, aliases, the articles (indices) mentioning it."""

    key: int
    text: str
    label: str
    aliases: tuple[str, ...]
    articles: frozenset[int]
    mentions: int


class DayEntities:
    """Entities of a list of articles, merged; `per_article[i]` maps entity key -> mentions."""

    def __init__(self, articles_entities: Sequence[Sequence[dict]]) -> None:
        clusters: dict[tuple[str, str], _Cluster] = {}
        mentions: list[dict[tuple[str, str], int]] = []
        for index, entities in enumerate(articles_entities):
            counts: dict[tuple[str, str], int] = {}
            for entity in entities:
                text = str(entity.get("text") or "").strip()
                label = str(entity.get("label") or "")
                if not text or not label:
                    continue
                key = (label, text.casefold())
                cluster = clusters.get(key)
                if cluster is None:
                    cluster = clusters[key] = _Cluster(label)
                if index not in cluster.articles:
                    cluster.texts[text] = cluster.texts.get(text, 0) + 1
                cluster.articles.add(index)
                count = max(1, int(entity.get("count") or 1))
                cluster.mentions += count
                for alias in (text, *entity.get("aliases", ())):
                    if isinstance(alias, str) and alias.strip():
                        cluster.aliases.setdefault(alias.casefold(), alias)
                counts[key] = counts.get(key, 0) + count
            mentions.append(counts)

        # Which clusters (other than its own) list each name among their aliases, per label.
        owners: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for key, cluster in clusters.items():
            for alias in cluster.aliases:
                if (cluster.label, alias) != key:
                    owners.setdefault((cluster.label, alias), []).append(key)
        parent: dict[tuple[str, str], tuple[str, str]] = {}
        for key in clusters:
            candidates = owners.get(key, [])
            # Join a longer name only when it is the single one that claims this name; never
            # join a name that is itself claimed by a shorter one (keeps merges one level deep).
            if len(candidates) == 1 and len(candidates[0][1]) > len(key[1]):
                parent[key] = candidates[0]
        roots: dict[tuple[str, str], tuple[str, str]] = {}
        for key in clusters:
            root = key
            seen = {root}
            while root in parent and parent[root] not in seen:
                root = parent[root]
                seen.add(root)
            roots[key] = root

        merged: dict[tuple[str, str], _Cluster] = {}
        for key, cluster in clusters.items():
            root = roots[key]
            target = merged.get(root)
            if target is None:
                target = merged[root] = _Cluster(cluster.label)
            for text, n in cluster.texts.items():
                target.texts[text] = target.texts.get(text, 0) + n
            for alias, surface in cluster.aliases.items():
                target.aliases.setdefault(alias, surface)
            target.articles |= cluster.articles
            target.mentions += cluster.mentions

        ordered = sorted(merged.items(), key=lambda item: item[0])
        number = {root: n for n, (root, _) in enumerate(ordered)}
        self.entities: list[DayEntity] = []
        for root, cluster in ordered:
            root_cluster = clusters[root]
            # The root's own canonical text names the merged entity ("Joe Biden", not "Biden").
            text = max(root_cluster.texts.items(), key=lambda item: (item[1], len(item[0]), item[0]))[0]
            self.entities.append(
                DayEntity(
                    key=number[root],
                    text=text,
                    label=cluster.label,
                    aliases=tuple(sorted(cluster.aliases.values(), key=str.casefold)),
                    articles=frozenset(cluster.articles),
                    mentions=cluster.mentions,
                )
            )
        self.per_article: list[dict[int, int]] = []
        for counts in mentions:
            merged_counts: dict[int, int] = {}
            for key, count in counts.items():
                entity_key = number[roots[key]]
                merged_counts[entity_key] = merged_counts.get(entity_key, 0) + count
            self.per_article.append(merged_counts)

    def top(self, labels: Sequence[str], limit: int) -> list[DayEntity]:
        """The most widespread entities: most articles, then most mentions, then name."""
        wanted = [e for e in self.entities if e.label in labels]
        wanted.sort(key=lambda e: (-len(e.articles), -e.mentions, e.text.casefold(), e.label))
        return wanted[:limit]
