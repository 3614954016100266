"""Regression guard: summary and entity quality on the annotated dev set (tests/data/devset), the
held-out set (tests/data/heldout) and, for entities, real news: the CoNLL-2003 development split
read from ../shared/data/conll2003 (never copied into the repository).

Floors are the values measured when they were set minus a small margin; raise them when
quality improves (benchmarks/quality.py prints the current numbers: ``--devset
tests/data/heldout`` for the held-out set, ``--conll`` for CoNLL).
"""

from __future__ import annotations

import os

import pytest

from briefing.quality import conll, realnews
from briefing.quality import devset as q
from briefing.quality.devset import DEVSET, HELDOUT
from briefing.quality.entities import match_entities
from briefing.quality.rouge import rouge

# Entities, measured with the trained recogniser (analyzer 10):
# dev set (24 articles): micro 0.896, PERSON 0.922, ORG 0.871, PLACE 0.904 (the rules alone had
# 0.909 / 0.942 / 0.911 / 0.892: organisations traded for real news, below)
MICRO_F1_FLOOR = 0.89
LABEL_F1_FLOORS = {"PERSON": 0.90, "ORG": 0.86, "PLACE": 0.89}
# held-out set (16, never tuned on): micro 0.891, PERSON 0.917, ORG 0.866, PLACE 0.899 (rules: 0.828)
HELDOUT_MICRO_F1_FLOOR = 0.87
HELDOUT_LABEL_F1_FLOORS = {"PERSON": 0.89, "ORG": 0.84, "PLACE": 0.88}
# CoNLL-2003 development split (216 Reuters articles), body mentions, exact span: micro 0.910,
# PERSON 0.946, ORG 0.844, PLACE 0.921 (rules: 0.717 / 0.846 / 0.446 / 0.784)
CONLL_MICRO_F1_FLOOR = 0.90
CONLL_LABEL_F1_FLOORS = {"PERSON": 0.93, "ORG": 0.83, "PLACE": 0.91}
# default summary ROUGE-2 0.1531 (best other: reduction 0.1306, lead-3 0.1292, i.e. +17.2%);
# measured with analyzer version 12 (prose filter, learned salience prior with a headline weight)
ROUGE2_FLOOR = 0.148
GAIN_FLOOR = 0.12  # default ROUGE-2 at least 12% above every other algorithm
CV_ROUGE2_FLOOR = 0.148  # leave-one-out 0.1517 over the prose candidates (analyzer 13)
# with the standfirst given (the bigram pick, analyzer 12): ROUGE-2 0.1938 (+48% over the best
# stock algorithm; the first scorer had 0.1644); 4-fold CV with retraining 0.1926
DEK_ROUGE2_FLOOR = 0.188
DEK_GAIN_FLOOR = 0.40
DEK_CV_ROUGE2_FLOOR = 0.185


@pytest.fixture(scope="module")
def results():
    docs = q.load_devset(DEVSET)
    return q.evaluate(docs)


def test_default_summary_beats_lead_and_every_sumy_algorithm(results):
    rouge2 = {a: r["rouge2"] for a, r in results["summaries"].items()}
    ours = rouge2.pop("default")
    with_dek = rouge2.pop("default+dek")
    assert "lead" in rouge2 and "lexrank" in rouge2
    # When the article carries its standfirst (as the seed format does), the analyzer uses it.
    assert with_dek >= DEK_ROUGE2_FLOOR, (with_dek, rouge2)
    assert with_dek >= max(rouge2.values()) * (1 + DEK_GAIN_FLOOR), (with_dek, rouge2)
    assert ours >= ROUGE2_FLOOR
    for algo, value in rouge2.items():
        assert ours >= value * (1 + GAIN_FLOOR), f"default ROUGE-2 {ours:.4f} vs {algo} {value:.4f}"


@pytest.mark.slow
def test_default_summary_weights_cross_validate():
    """Leave-one-article-out: weights chosen without an article still do well on it."""
    docs = q.load_devset(DEVSET)
    cv = q.cross_validate(docs)
    assert cv["loo_rouge2"] >= CV_ROUGE2_FLOOR, cv
    assert cv["loo_rouge2"] > cv["lead3_rouge2"] * 1.1, cv


@pytest.mark.slow
def test_the_standfirst_pick_cross_validates():
    """The bigram model retrained without each quarter of the dev set still picks well around
    those articles' standfirsts (it reads cnndm-val's tuning half to train)."""
    docs = q.load_devset(DEVSET)
    if not realnews.CNNDM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{realnews.CNNDM} is missing: CI must have ../shared/data")
        pytest.skip(f"{realnews.CNNDM} not present (shared data beside the repository)")
    cv = q.cross_validate_bigrams(docs)
    assert cv["cv_rouge2"] >= DEK_CV_ROUGE2_FLOOR, cv
    assert cv["cv_rouge2"] > cv["lead3_rouge2"] * 1.3, cv


# cnndm-val (real CNN news, ../shared/data), every 5th story (200): lead-3 over the same splitter
# and prose filter R-1/R-2/R-L 27.49/10.62/18.53, ours 28.53/11.53/19.52 (on all 1,000: lead
# 27.48/10.36/18.57, ours 29.03/11.45/19.69; benchmarks/quality.py --cnndm; analyzer 13). With
# rouge-score on the subset: lead-3 29.02/11.03/25.87, ours 30.13/11.95/27.01.
CNNDM_ROUGE2_FLOOR = 11.0
CNNDM_ROUGE2_GAIN_FLOOR = 0.5  # points above lead-3 on the subset (1.09 on all 1,000)


def _cnndm_or_skip() -> list[dict]:
    """The cnndm-val stories; the test skips without ../shared/data, and fails in CI."""
    docs = realnews.load_cnndm()
    if not docs:
        if os.environ.get("CI"):
            pytest.fail(f"{realnews.CNNDM} is missing: CI must have ../shared/data")
        pytest.skip(f"{realnews.CNNDM} not present (shared data beside the repository)")
    return docs


def test_default_summary_beats_lead3_on_real_news():
    docs = _cnndm_or_skip()
    res = realnews.evaluate(docs[::5], systems=("lead", "default"))["all"]
    lead, ours = res["lead"], res["default"]
    assert ours["rouge2"] >= CNNDM_ROUGE2_FLOOR, res
    assert ours["rouge2"] - lead["rouge2"] >= CNNDM_ROUGE2_GAIN_FLOOR, res
    assert ours["rouge1"] >= lead["rouge1"] and ours["rougeL"] >= lead["rougeL"], res


def test_a_headline_and_standfirst_copied_from_the_opening_cost_no_gain():
    """Stories given the fields a feed or converter without an editor gives (the first 12 words
    as headline, the first two sentences as standfirst, realnews.with_copied_fields): analyzer
    14 read them as the editor's and fell below lead-3 (R-2 -0.63 on all 1,000); now +1.16 (as with neither)."""
    docs = _cnndm_or_skip()
    copied = [realnews.with_copied_fields(d) for d in docs[::5]]
    assert all(d["dek"] and d["title"] for d in copied)
    res = realnews.evaluate(copied, systems=("lead", "default"))["all"]
    assert res["default"]["rouge2"] - res["lead"]["rouge2"] >= CNNDM_ROUGE2_GAIN_FLOOR, res


def test_lower_cased_stories_split_and_keep_the_gain():
    """Tokenised and lower-cased, as the corpus's most used release has it: analyzer 14 could not
    split the text (lead-3 R-2 5.37 on all 1,000, ours 5.34); analyzer 16, with Penn Treebank's
    quotation and bracket tokens as that release has them, lead-3 10.33, ours 11.40 (analyzer 17,
    "6 p.m. on friday" kept whole: 11.38)."""
    docs = _cnndm_or_skip()
    lower = realnews.LOWERCASED["lowercased"]
    res = realnews.evaluate([dict(d, body=lower(d["body"])) for d in docs[::5]], systems=("lead", "default"))["all"]
    assert res["lead"]["rouge2"] >= 9.0, res
    assert res["default"]["rouge2"] - res["lead"]["rouge2"] >= CNNDM_ROUGE2_GAIN_FLOOR, res


def test_stories_in_capitals_keep_the_gain():
    """All in capitals, as weather warnings and teletype wires come: analyzer 16 read every line as
    an all-caps headline line to the prose filter (all 1,000: lead-3 R-2 10.30, ours 11.24);
    analyzer 17 reads such text in lower case (sentences.capitals_view): lead-3 10.36, ours 11.36,
    and the summary is returned in capitals, as written."""
    docs = _cnndm_or_skip()
    upper = realnews.UPPERCASED["uppercased"]
    shouted = [dict(d, body=upper(d["body"])) for d in docs[::5]]
    res = realnews.evaluate(shouted, systems=("lead", "default"))["all"]
    assert res["lead"]["rouge2"] >= 9.0, res
    assert res["default"]["rouge2"] - res["lead"]["rouge2"] >= CNNDM_ROUGE2_GAIN_FLOOR, res
    from briefing.analysis import analyze

    for doc in shouted[:20]:
        for s in analyze("", None, doc["body"], entities=False).summary:
            assert s.text == doc["body"][s.start : s.end] and s.text.upper() == s.text


def test_penn_treebank_tokenised_stories_keep_the_gain():
    """Tokenised as the corpus's tokenised releases are (realnews.tokenise: `` '' for quotation
    marks, -LRB- -RRB- for brackets): analyzer 15 read `` and '' as words and left
    "-LRB- CNN -RRB-" on the lede (R-2 +0.82 over lead-3 on all 1,000); analyzer 16 reads them
    as the characters they stand for (+1.10). No summary sentence keeps the agency tag or opens
    with the closing quote of the sentence before."""
    docs = _cnndm_or_skip()
    shape = realnews.FORMS["tokenised"]
    tokenised = [dict(d, body=shape(d["body"]), reference=shape(d["reference"])) for d in docs[::5]]
    assert sum("-LRB- CNN -RRB-" in d["body"][:40] for d in tokenised) > 100
    res = realnews.evaluate(tokenised, systems=("lead", "default"))["all"]
    assert res["default"]["rouge2"] - res["lead"]["rouge2"] >= CNNDM_ROUGE2_GAIN_FLOOR, res
    for doc in tokenised[:60]:
        for sentence in realnews.summary_sentences(doc, "default"):
            assert "-LRB- CNN -RRB-" not in sentence and not sentence.startswith("''"), sentence


def test_the_gain_over_lead3_holds_with_rouge_score():
    """The same subset scored with rouge-score (Porter stemmer, ROUGE-Lsum), as published
    CNN/DailyMail figures are: on all 1,000, lead-3 28.86/10.75/25.62, ours 30.49/11.87/27.16."""
    docs = _cnndm_or_skip()
    scorer = realnews.rouge_score_scorer()
    assert scorer is not None, "rouge-score is a test dependency"
    same = scorer(["The council voted to close the library."], ["The council voted to close the library."])
    assert same == pytest.approx({"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0})
    res = realnews.evaluate(docs[::5], systems=("lead", "default"), scorer=scorer)["all"]
    lead, ours = res["lead"], res["default"]
    assert ours["rouge2"] - lead["rouge2"] >= CNNDM_ROUGE2_GAIN_FLOOR, res
    assert ours["rouge1"] >= lead["rouge1"] and ours["rougeL"] >= lead["rougeL"], res


# The tabloid pages of tests/data/tabloid (written blind by a helper session, 2026-12-02), in all
# three surface forms of the corpus: first measured with 3 and 2 leaked caption sentences in the
# detokenised form and 4 and 2 in the tokenised one (lead-3, ours), none as stored; the labelled
# captions and the tokenised quotation marks that caused them are handled since.
def test_no_page_furniture_reaches_a_summary_of_a_tabloid_page_in_any_form():
    from briefing.quality import pages

    docs = pages.load_pages()
    assert len(docs) == 20
    res = pages.evaluate(docs)
    assert res["examples"] == []
    for form in pages.ALL_FORMS:  # lower-cased too: 26 of ours and 32 of lead-3's leaked in analyzer 15
        for system in pages.SYSTEMS:
            assert res[form][system]["leaks"] == 0, (form, system)
            assert res[form][system]["lede_first"] == 20, (form, system)


# The second set, tests/data/tabloid2 (20 pages of other house styles: American tabloids, sport,
# 'study finds' pages; written blind the same day). Its first run: lede first on 10 of 20 pages
# detokenised or tokenised, 22 / 18 leaked sentences detokenised (lead-3 / ours) and 22 / 14
# tokenised, mostly section labels ("Health."), timestamps and reviewers' lines. What remains are
# captions without capitals ("luis ocampo with the $60 couch in his apartment .") and prose with a
# caption's words inside it ("Chip Dawson, pictured at a network event in 2014, had co-hosted the
# show since 2011."). Cased captions without a verb of their own are told since analyzer 16,
# "Keisha Brandt, president of the tenants association, with the letter and the fridge she says
# is older than her daughter." since analyzer 17.
TABLOID2_LEAKS_CEILING = 2


def test_pages_of_other_house_styles_open_with_the_lede_in_any_form():
    from briefing.quality import pages

    docs = pages.load_pages(pages.ROOT / "tests" / "data" / "tabloid2")
    assert len(docs) == 20
    res = pages.evaluate(docs)
    for form in pages.ALL_FORMS:  # lower-cased: 21 leaks and 8 of 20 ledes first in analyzer 15
        for system in pages.SYSTEMS:
            assert res[form][system]["lede_first"] == 20, (form, system)
            assert res[form][system]["leaks"] <= (0 if form == "stored" else TABLOID2_LEAKS_CEILING), (form, system)


def test_entity_f1_floors(results):
    ents = results["entities"]
    assert ents["micro"]["f1"] >= MICRO_F1_FLOOR, ents["micro"]
    for label, floor in LABEL_F1_FLOORS.items():
        assert ents[label]["f1"] >= floor, (label, ents[label])


def test_entity_f1_floors_on_the_held_out_set():
    docs = q.load_devset(HELDOUT)
    ents = q.evaluate(docs, ["lead"])["entities"]
    assert ents["micro"]["f1"] >= HELDOUT_MICRO_F1_FLOOR, ents["micro"]
    for label, floor in HELDOUT_LABEL_F1_FLOORS.items():
        assert ents[label]["f1"] >= floor, (label, ents[label])


# tests/data/heldout3 (32 articles written blind on 2026-12-02, measured once with analyzer 16):
# ROUGE-2 against the standfirst, hidden: ours 0.1047, lead-3 0.1014, best stock sumy 0.0860
# (reduction); given: 0.1484. Entities micro 0.825, PERSON 0.932, ORG 0.713, PLACE 0.837.
HELDOUT3 = DEVSET.parent / "heldout3"
HELDOUT3_MICRO_F1_FLOOR = 0.80
HELDOUT3_LABEL_F1_FLOORS = {"PERSON": 0.91, "ORG": 0.69, "PLACE": 0.81}


def test_the_third_blind_set():
    """No tuning was done on it: the default summary at least level with lead-3 and above every
    stock algorithm with the standfirst hidden, and the entity floors as first measured."""
    res = q.evaluate(q.load_devset(HELDOUT3))
    rouge2 = {a: r["rouge2"] for a, r in res["summaries"].items()}
    ours, with_dek = rouge2.pop("default"), rouge2.pop("default+dek")
    assert ours >= max(rouge2.values()), rouge2
    assert with_dek >= 1.4 * max(rouge2.values()), rouge2
    ents = res["entities"]
    assert ents["micro"]["f1"] >= HELDOUT3_MICRO_F1_FLOOR, ents["micro"]
    for label, floor in HELDOUT3_LABEL_F1_FLOORS.items():
        assert ents[label]["f1"] >= floor, (label, ents[label])


@pytest.mark.skipif(not conll.DEV.is_file(), reason="../shared/data/conll2003 is not here")
def test_entity_f1_floors_on_real_news():
    """CoNLL-2003 development split: body mentions, exact span (briefing/quality/conll.py)."""
    ents = conll.evaluate(conll.load_articles(conll.DEV))["entities"]
    assert ents["micro"]["f1"] >= CONLL_MICRO_F1_FLOOR, ents["micro"]
    for label, floor in CONLL_LABEL_F1_FLOORS.items():
        assert ents[label]["f1"] >= floor, (label, ents[label])


def test_rouge_implementation():
    assert rouge("the cat sat", "the cat sat") == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}
    r = rouge("the cat sat on the mat", "the cat lay on the mat")
    assert r["rouge1"] == pytest.approx(5 / 6)
    assert r["rouge2"] == pytest.approx(3 / 5)
    assert r["rougeL"] == pytest.approx(5 / 6)
    assert rouge("", "x")["rouge1"] == 0.0


def test_entity_matching_rules():
    gold = [
        {"text": "Joe Biden", "label": "PERSON", "aliases": ["Joe Biden", "Biden"]},
        {"text": "Japan", "label": "PLACE", "aliases": ["Japan"]},
    ]
    pred = [
        {"text": "Biden", "label": "PERSON", "aliases": ["BIDEN"]},
        {"text": "Joe Biden", "label": "PERSON", "aliases": ["Joe Biden"]},  # gold used once
        {"text": "Japan", "label": "ORG", "aliases": ["Japan"]},
    ]  # wrong label
    tp, fp, fn, _, _ = match_entities(pred, gold)
    assert tp["PERSON"] == 1 and fp["PERSON"] == 1 and fp["ORG"] == 1 and fn["PLACE"] == 1
