"""Story grouping measured on the team's annotated articles.

tests/data/devset/*.json (the tuning set), tests/data/heldout/*.json,
tests/data/heldout2/*.json and tests/data/heldout3/*.json (never used for tuning) each carry a "story" id: articles with the same id are the same story told by two
outlets, all others are unrelated. Every article is analysed with briefing.analysis (as an
import would), then grouped exactly as the brief groups a day; pairs are scored:
precision = same-group pairs that are same-story pairs, recall = same-story pairs that
share a group.

    python tests/test_brief_grouping.py            # the report
    python tests/test_brief_grouping.py --sweep    # precision/recall over thresholds and weights

(run from the repo root with PYTHONPATH=.)
"""

from __future__ import annotations

import itertools
import json
import sys
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
SETS = {
    "devset": DATA / "devset",
    "heldout": DATA / "heldout",
    "heldout2": DATA / "heldout2",
    "heldout3": DATA / "heldout3",
}


@cache
def load(name: str) -> tuple[tuple, tuple[str, ...]]:
    """(records, story ids) of one set, analysed as `briefing import` would."""
    from briefing.analysis import analyze
    from briefing.core.text import clean_paragraph
    from briefing.store import ArticleRecord

    records, stories = [], []
    for path in sorted(SETS[name].glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = tuple(p for p in (clean_paragraph(x) for x in data["body"].split("\n\n")) if p)
        analysis = analyze(data["title"], data.get("dek"), "\n\n".join(paragraphs)).to_dict()
        records.append(
            ArticleRecord(
                id=f"{name[:3]}{path.name[:3]}",
                title=data["title"],
                dek=data.get("dek"),
                source=data.get("source"),
                url=None,
                published=data.get("date"),
                imported_at="2026-11-28T00:00:00+00:00",
                paragraphs=paragraphs,
                analysis=analysis,
            )
        )
        stories.append(data["story"])
    return tuple(records), tuple(stories)


def score(records, stories, **options) -> dict:
    """Pair precision and recall of the brief's grouping of `records` against `stories`."""
    from briefing.brief.build import story_clusters

    clusters, sims = story_clusters(records, **options)
    gold = {(i, j) for i, j in itertools.combinations(range(len(records)), 2) if stories[i] == stories[j]}
    predicted = {(i, j) for group in clusters for i, j in itertools.combinations(group, 2)}
    hits = gold & predicted
    negatives = [value for pair, value in sims.items() if pair not in gold]
    return {
        "articles": len(records),
        "gold_pairs": len(gold),
        "predicted_pairs": len(predicted),
        "precision": len(hits) / len(predicted) if predicted else 1.0,
        "recall": len(hits) / len(gold) if gold else 1.0,
        "missed": sorted((records[i].id, records[j].id) for i, j in gold - predicted),
        "wrong": sorted((records[i].id, records[j].id) for i, j in predicted - gold),
        "lowest_same_story": min((sims.get(pair, 0.0) for pair in gold), default=None),
        "highest_other": max(negatives, default=0.0),
    }


def combined() -> tuple[tuple, tuple[str, ...]]:
    dev_records, dev_stories = load("devset")
    held_records, held_stories = load("heldout")
    return dev_records + held_records, dev_stories + held_stories


@pytest.fixture(scope="module")
def devset():
    records, stories = load("devset")
    assert len(records) >= 20 and len(set(stories)) < len(stories), "the dev set should hold same-story pairs"
    return records, stories


def test_devset_same_story_pairs_share_a_group_and_nothing_else_does(devset):
    result = score(*devset)
    assert result["missed"] == [] and result["wrong"] == [], result
    assert result["precision"] == 1.0 and result["recall"] == 1.0
    # A margin, not a knife edge: the threshold sits well inside the gap.
    from briefing.brief.grouping import THRESHOLD

    assert result["highest_other"] < THRESHOLD - 0.05 < THRESHOLD + 0.05 < result["lowest_same_story"], result


def test_the_pairs_alone_still_group(devset):
    """A day of just two articles (IDF from two documents) must behave the same."""
    records, stories = devset
    for i, j in itertools.combinations(range(len(records)), 2):
        result = score((records[i], records[j]), (stories[i], stories[j]))
        assert result["missed"] == [] and result["wrong"] == [], (records[i].title, records[j].title, result)


def test_unseen_articles_and_a_bigger_pool():
    """The held-out set (never used to choose the threshold) groups perfectly alone. Mixed into
    the dev set (40 articles, as if all were one day), every same-story pair still groups; the
    one extra pair when last measured is a related story, not noise: dev 024 (an analysis of
    Ireland's data-centre grid squeeze) and held-out 116 (EirGrid reopening data-centre
    connections), labelled as different stories and published two days apart."""
    held = score(*load("heldout"))
    assert held["missed"] == [] and held["wrong"] == [], held
    both = score(*combined())
    assert both["recall"] == 1.0, both
    assert both["precision"] >= 0.85, both


def test_the_blind_set_groups_without_a_wrong_pair():
    """tests/data/heldout2, written blind after the grouping was settled, measured once
    (2026-12-02): 5 same-story pairs, 4 grouped and no wrong pair. The miss is a salmon farmer's
    results (a wire) and the closure of its plant as the town's paper tells it: similarity 0.25,
    under the grouping threshold; the highest similarity of two different stories is 0.10."""
    result = score(*load("heldout2"))
    assert result["wrong"] == [], result
    assert result["recall"] >= 0.8, result


def test_the_third_blind_set_groups_every_pair():
    """tests/data/heldout3 (32 articles, six stories told by two outlets, written blind on
    2026-12-02), measured once: all 6 pairs grouped, no wrong pair; the lowest same-story
    similarity 0.42, the highest of two different stories 0.07."""
    result = score(*load("heldout3"))
    assert result["wrong"] == [] and result["recall"] == 1.0, result


def report(sweep: bool) -> None:
    from briefing.brief.grouping import TEXT_WEIGHT, THRESHOLD

    sets = {"devset": load("devset"), "heldout": load("heldout"), "devset+heldout": combined()}
    print(f"grouping as shipped: text weight {TEXT_WEIGHT}, threshold {THRESHOLD}")
    for name, (records, stories) in sets.items():
        r = score(records, stories)
        print(
            f"  {name:<15} {r['articles']:>3} articles, {r['gold_pairs']:>2} same-story pairs: "
            f"precision {r['precision']:.2f}, recall {r['recall']:.2f}; lowest same-story similarity "
            f"{r['lowest_same_story']:.3f}, highest other {r['highest_other']:.3f}"
        )
        for kind in ("missed", "wrong"):
            if r[kind]:
                print(f"    {kind}: {r[kind]}")
    if not sweep:
        return
    records, stories = sets["devset"]
    print("\ndevset sweep (precision/recall):")
    thresholds = (0.1, 0.15, 0.2, 0.25, 0.27, 0.3, 0.35, 0.4, 0.45)
    print("  weight  " + "".join(f"{t:>11}" for t in thresholds) + "   gap (highest other .. lowest same)")
    for weight in (0.0, 0.25, 0.4, 0.5, 0.6, 0.75, 1.0):
        cells = []
        for threshold in thresholds:
            r = score(records, stories, threshold=threshold, text_weight=weight)
            cells.append(f"{r['precision']:.2f}/{r['recall']:.2f}")
        r = score(records, stories, text_weight=weight)
        print(
            f"  {weight:<6}  "
            + "".join(f"{c:>11}" for c in cells)
            + f"   {r['highest_other']:.3f} .. {r['lowest_same_story']:.3f}"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    report("--sweep" in sys.argv[1:])
