"""The prose filter (briefing.core.prose): page furniture never reaches a stored body, and only
article prose reaches a summary. Every article text here was written for these tests."""

from __future__ import annotations

import pytest

from briefing.analysis import analyze
from briefing.analysis.sentences import split_sentences
from briefing.analysis.summarize import content_terms
from briefing.core.prose import (
    BOILERPLATE,
    BYLINE,
    CAPTION,
    CORRECTION,
    CREDIT,
    DATELINE,
    HEADLINE,
    PROSE,
    caption_breaks,
    classify,
    clean_body,
    furniture_spans,
    is_furniture,
    is_prose,
    lead_in,
    name_run,
)
from briefing.quality.realnews import detokenise, tokenise


def test_furniture_lines_are_dropped_and_prose_kept_in_order():
    body = [
        "Advertisement",
        "The council voted 7-2 on Tuesday.",
        "Scroll down for video",
        "  ",
        "READ MORE:",
        "It opens in 2028.",
        "Key events",
        "Show key events only",
        "Please turn on JavaScript to see live updates.",
        "Link copied!",
        "3 min read",
        "Listen to this article",
        "Share full article",
        "Supported by",
        "This content is not available in your region.",
    ]
    assert clean_body(body) == ("The council voted 7-2 on Tuesday.", "It opens in 2028.")


def test_prose_that_mentions_furniture_words_stays():
    assert not is_furniture("Read more about the vote in the council minutes, officials said.")
    assert not is_furniture("Advertisement spending fell 4% in the quarter.")
    assert not is_furniture("Key events of the week included a strike at the port.")
    assert not is_furniture("Supported by donations, the clinic treats 300 patients a day.")
    # a feed item's tail
    for line in (
        "The post Council approves bridge appeared first on Daily Globe.",
        "The article \u201cCouncil approves bridge\u201d first appeared on The Daily Globe.",
        "Continue reading \u2192",
        "Continue reading the main story",
        "[\u2026]",
        "Read the full story at The Verge.",
    ):
        assert is_furniture(line), line
    assert not is_furniture("The post office appeared first on the list of closures, officials said.")
    assert classify("This article originally appeared on The Conversation.") == BOILERPLATE
    assert classify("This story was originally published by ProPublica.") == BOILERPLATE
    assert not is_furniture("Please turn on JavaScript, the bank told customers whose app had stopped working.")


def test_clean_body_keeps_what_reference_page_texts_may_include():
    body = [
        "By Maria Okafor, Staff Reporter",
        "Share this article",
        "Share or comment on this article:",
        "Firefighters on the ridge above Lakeview on Sunday (Photo: Daniel Roe/Reuters)",
        "The fire had burned 2,400 acres by Monday morning, officials said.",
        "Sign up for our daily newsletter",
        "Follow us on Twitter",
        "Correction: An earlier version of this story misstated the number of homes lost.",
        "Media playback is unsupported on your device",
    ]
    assert clean_body(body) == (
        "By Maria Okafor, Staff Reporter",
        "Firefighters on the ridge above Lakeview on Sunday (Photo: Daniel Roe/Reuters)",
        "The fire had burned 2,400 acres by Monday morning, officials said.",
        "Correction: An earlier version of this story misstated the number of homes lost.",
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("By Maria Okafor", BYLINE),
        ("By MARIA OKAFOR and TOM BELL, Associated Press", BYLINE),
        ("By . Daily Globe Reporter .", BYLINE),
        ("PUBLISHED: 09:50 EST, 21 March 2024 | UPDATED: 10:44 EST, 21 March 2024", DATELINE),
        ("Last updated at 10:44 AM on 21st March 2024", DATELINE),
        ("NAIROBI, Kenya (EAW) —", DATELINE),
        ("LONDON —", DATELINE),
        ("March 10, 2024 .", DATELINE),
        ("Scroll down for video", BOILERPLATE),
        ("Advertisement", BOILERPLATE),
        ("READ: Why the council vote matters for renters", BOILERPLATE),
        ("Read more: Floods close schools across the valley", BOILERPLATE),
        ("Click here to see the full gallery of the storm damage.", BOILERPLATE),
        ("Share on Facebook", BOILERPLATE),
        ("Email your story ideas and tips to CNNtips@cnn.com.", BOILERPLATE),
        ("Share your views in the comments below.", BOILERPLATE),
        ("The views expressed in this commentary are solely those of the author.", BOILERPLATE),
        ("Copyright 2024 Daily Globe. All rights reserved.", BOILERPLATE),
        ("For confidential support call the Samaritans on 116 123 or visit a local branch.", BOILERPLATE),
        ("If you or someone you know is struggling, call or text the 988 Lifeline.", BOILERPLATE),
        ("Support for the plan fell to 41 percent, a poll found.", PROSE),
        ("Correction: An earlier version of this article gave the wrong date for the vote.", CORRECTION),
        ("This story has been updated to include comment from the mayor.", CORRECTION),
        ("Editor's note: The author is a former adviser to the ministry.", CORRECTION),
        ("Photo: Daniel Roe/Reuters", CREDIT),
        ("Getty Images", CREDIT),
        ("Reporting by Maria Okafor; Editing by Tom Bell", CREDIT),
        ("Tom Bell and Ana Ruiz contributed to this report.", CREDIT),
        ("Firefighters on the ridge above Lakeview on Sunday (Photo: Daniel Roe/Reuters)", CAPTION),
        ("Pictured: the house on Elm Street where the fire began", CAPTION),
        ("Devastated: the boy's mother said he had been a loving son", CAPTION),
        ("Rescue workers search the rubble of a school in the hills", CAPTION),
        ("STORM DAMAGE LEAVES THOUSANDS WITHOUT POWER", HEADLINE),
        ("Storm Damage Leaves Thousands Without Power", HEADLINE),
        ("The fire had burned 2,400 acres by Monday morning, officials said.", PROSE),
        ('"We lost everything," said Ana Ruiz, 54, who had lived on the street for 30 years.', PROSE),
        ('He wrote: "The storm took the roof and the barn."', PROSE),
        ("By Tuesday the river had risen two metres and the bridge was closed.", PROSE),
        ("The U.S. Geological Survey recorded a magnitude 5.1 quake at 2:14 a.m.", PROSE),
        ("Never.", PROSE),
        # " ." at the end: a line without final punctuation given a period by a corpus's
        # preprocessing (a link text, a caption, a heading), never a written sentence
        ("Nurse who caught the fever sues the clinic .", CAPTION),
        ("Bishop Tom Reed (pictured) of the diocese may have exposed hundreds of worshippers to the virus .", CAPTION),
        ("Tom Reed .", CAPTION),
        ("He paused . . .", PROSE),
        # the same page parts once a corpus's " ." is detokenised to "."
        ("By.", BYLINE),
        ("Harriet Cole.", HEADLINE),
        ("Tom Fenn for MailOnline. and.", HEADLINE),
        ("Next.", HEADLINE),
        ("1.", HEADLINE),
        ("Follow @@tomfenn.", BOILERPLATE),
        ("Floods close 40 roads.", PROSE),
        ("(CNN)Empathy.", PROSE),
        ("Watch the video below.", BOILERPLATE),
        ("Click to play video.", BOILERPLATE),
        ("Video courtesy of YouTube/Tom Bell.", BOILERPLATE),
        ("Do you know more? Email the news desk.", BOILERPLATE),
        ("Pictures from the scene show the house destroyed.", PROSE),
        # a caption's longer label, as against an attribution or a clause before a colon
        ("Here comes the bride: Jodie Quayle arrives at the castle in a carriage.", CAPTION),
        ("Caught on camera: The selfie taken on the stolen tablet.", CAPTION),
        ("Mr Hall added: The council was wrong.", PROSE),
        ("The reasons were clear: The cost was too high.", PROSE),
        # embedded social posts and comment notices
        ("Home at last! pic.twitter.com/Ab12Cd — Jane Doe (@janedoe) April 1, 2015.", BOILERPLATE),
        ("— Jane Doe (@janedoe) April 1, 2015.", BOILERPLATE),
        ("A post shared by Jane Doe (@janedoe) on Apr 1, 2015 at 3:04pm PDT.", BOILERPLATE),
        ("We are no longer accepting comments on this article.", BOILERPLATE),
        ("The senator (@jsmith) posted a photo on Twitter on Monday.", PROSE),
        # a caption mark inside a sentence is tabloid prose; at the end it closes a caption
        ("Derek Hall (pictured), 68, told magistrates he had not known the land was not his.", PROSE),
        ("Firefighters on the ridge on Sunday (Photo: Daniel Roe/Reuters).", CAPTION),
        ("The vote, she said, was . . . a surprise.", PROSE),
        # timestamps, reviewers' and photographers' lines as other sites print them
        ("Last modified on Monday, June 10, 2019, 11:30 AM EDT.", DATELINE),
        ("Last modified on Monday , June 10 , 2019 , 11:30 AM EDT .", DATELINE),
        ("Published Aug. 14, 2019, 6:12 p.m. ET.", DATELINE),
        ("Saturday 12 Jan 2019 17:08 GMT.", DATELINE),
        ("Published on March 3, 2015, the report said 40 people had died.", PROSE),
        ("Published in 2019, the report found a rise.", PROSE),
        ("Medically reviewed by Samuel Hart, MD.", BYLINE),
        ("Reviewed by a panel, the entries were judged fairly.", PROSE),
        ("By Neil Ackroyd at Brookside Park.", BYLINE),
        ("Share this article via messenger.", BOILERPLATE),
        ("Instagram / @@jennamarlowe.", CREDIT),
        ('He called his co-host " a walking teleprompter . "', PROSE),
    ],
)
def test_classify(text, kind):
    assert classify(text) == kind, text


def test_lead_in_datelines_and_agency_tags():
    for sentence, lead in [
        ("LONDON (Reuters) — The Bank of England held rates on Thursday.", "LONDON (Reuters) — "),
        ("(CNN)The search for the missing hikers resumed at dawn.", "(CNN)"),
        ("Madison, Wisconsin (CNN)Friends called him Tony, his uncle said.", "Madison, Wisconsin (CNN)"),
        ("PALM BEACH, Fla. — President Donald Trump signed the bill on Saturday.", "PALM BEACH, Fla. — "),
        ("(CNN)Silence.", "(CNN)"),  # a short sentence after an agency tag in brackets
        ("(Wired) Phones are slabs.", "(Wired) "),
        # tokenised, and tokenised and lower-cased (as ptb_view shows "-LRB- CNN -RRB-")
        ("Ferguson , Missouri ( CNN ) Ferguson 's police chief is out .", "Ferguson , Missouri ( CNN ) "),
        ("( cnn ) -- the search for the hikers resumed at dawn .", "( cnn ) -- "),
        (
            "chao hu , anhui , china     ( cnn )     six-year-old lu yiming is a handful .",
            "chao hu , anhui , china     ( cnn )     ",
        ),
        # a photo credit glued to the sentence after it
        ("(Photo: Gabriel Ortiz/StreamLine) The clip was recorded on Wednesday.", "(Photo: Gabriel Ortiz/StreamLine) "),
        (
            "(     photo : gabriel ortiz     ) the clip was recorded on wednesday .",
            "(     photo : gabriel ortiz     ) ",
        ),
    ]:
        assert sentence[: lead_in(sentence)] == lead
    assert lead_in("The Bank of England (BoE) held rates on Thursday.") == 0
    assert lead_in("LONDON —") == 0  # nothing follows: a dateline on its own, not a lead-in
    assert lead_in("PARIS — Rain.") == 0  # too little after a bare dateline to call it prose
    assert lead_in("(CNN)") == 0
    assert lead_in("the mayor ( pictured ) said on tuesday the bridge would open .") == 0


# A broadcast transcript, written for these tests: speakers' labels, stage directions, greetings.
TRANSCRIPT = "\n\n".join(
    [
        "ANDERSON COOPER, CNN ANCHOR: Good evening.",
        "COOPER: We begin tonight with breaking news from the Gulf Coast, where the storm has made "
        "landfall as a category four hurricane.",
        "(BEGIN VIDEOTAPE)",
        "GARY TUCHMAN, CNN CORRESPONDENT (voice-over): Officials ordered 200,000 people to leave the coast "
        "on Tuesday, and many stayed behind.",
        "UNIDENTIFIED MALE: We have been through this before, and we are not leaving.",
        "(END VIDEOTAPE)",
        "(Laughter)",
        "SEN. JOHN MCCAIN (R), ARIZONA: The federal government has to send help to these towns now.",
        "(COMMERCIAL BREAK)",
        "COOPER: Welcome back.",
        "COOPER: The storm has knocked out power to more than a million homes across three states, utilities said.",
    ]
)


def test_transcript_labels_stage_directions_and_greetings():
    for line in ("(BEGIN VIDEOTAPE)", "(COMMERCIAL BREAK)", "(Laughter)", "[CROSSTALK]", "(Begin video clip)"):
        assert classify(line) == BOILERPLATE, line
    for line in ("ANDERSON COOPER, CNN ANCHOR: Good evening.", "COOPER: Welcome back.", "Thanks for watching."):
        assert classify(line) == BOILERPLATE, line
    # a sentence in brackets, a sentence that opens with a greeting's word, stay prose
    for line in ("(CNN and HBO share a parent company.)", "Good news came on Tuesday when the rain stopped."):
        assert classify(line) == PROSE, line
    for sentence, label in [
        (
            "GARY TUCHMAN, CNN CORRESPONDENT: Anderson, the wind is incredible here.",
            "GARY TUCHMAN, CNN CORRESPONDENT: ",
        ),
        ("TUCHMAN (voice-over): Officials ordered 200,000 people to leave.", "TUCHMAN (voice-over): "),
        ("SEN. JOHN MCCAIN (R), ARIZONA: We have to act on this now.", "SEN. JOHN MCCAIN (R), ARIZONA: "),
        ("UNIDENTIFIED MALE: We have been through this before.", "UNIDENTIFIED MALE: "),
    ]:
        assert sentence[: lead_in(sentence)] == label
    for sentence, label in [
        ("Q: Will night buses survive the cuts?", "Q: "),
        ("Q. Why did you run for office?", "Q. "),
        ("A: Yes, the plan keeps all 12 overnight routes.", "A: "),
    ]:
        assert sentence[: lead_in(sentence)] == label  # an interview's marks
    assert lead_in("A. Smith said the plan would fail.") == 0  # an initial, not an answer
    for sentence, mark in [
        ('> "This is a great day for the city," Mayor Ana Ruiz said.', "> "),
        ("* Construction starts in March 2027, officials said.", "* "),
        ("- The bridge will cost $120 million in all.", "- "),
    ]:
        assert sentence[: lead_in(sentence)] == mark  # a Markdown file's block marks
    assert lead_in("-- The police department was already groaning under the weight.") == 0
    assert lead_in("COOPER: Stay safe.") == 0  # too little after the label to call it prose
    assert lead_in("The mayor said: We will rebuild the town.") == 0


@pytest.mark.parametrize("algorithm", ["default", "lead", "textrank"])
def test_a_transcript_summary_is_what_was_said(algorithm):
    a = analyze("Storm coverage", None, TRANSCRIPT, sentences=3, algorithm=algorithm, entities=False)
    texts = [x.text for x in a.summary]
    assert len(texts) == 3
    for text in texts:
        assert ":" not in text and "(" not in text and "Welcome back" not in text, texts
        assert TRANSCRIPT[a.summary[texts.index(text)].start :].startswith(text)
    if algorithm == "lead":
        assert texts[0].startswith("We begin tonight with breaking news")


def test_a_transcript_names_its_speakers_and_no_stage_direction():
    a = analyze("Storm coverage", None, TRANSCRIPT, sentences=3)
    found = {(e.label, e.text) for e in a.entities}
    assert {("PERSON", "Anderson Cooper"), ("PERSON", "Gary Tuchman"), ("PERSON", "John McCain")} <= found
    assert ("PLACE", "Gulf Coast") in found
    [cooper] = [e for e in a.entities if e.text == "Anderson Cooper"]
    assert cooper.count == 4 and "COOPER" in cooper.aliases  # the later labels are his turns
    names = " ".join(e.text for e in a.entities).lower()
    assert "videotape" not in names and "commercial" not in names and "anchor" not in names, found
    assert "unidentified" not in names
    furniture = [TRANSCRIPT[s:e] for s, e in furniture_spans(TRANSCRIPT)]
    assert "(BEGIN VIDEOTAPE)" in furniture and ", CNN ANCHOR" in furniture and "(Laughter)" in furniture
    assert furniture_spans("The mayor (a Democrat) said: no.\n\n(He left.)") == []
    page = "Please turn on JavaScript to see live updates.\n\nThe polls closed at 8 p.m. in JavaScript County."
    assert [page[s:e] for s, e in furniture_spans(page)] == ["Please turn on JavaScript to see live updates."]


# A press release, written for these tests: wire dateline, quotes, the company's "About"
# paragraph, contacts, the legal notice, the source line.
RELEASE = "\n\n".join(
    [
        "FOR IMMEDIATE RELEASE",
        "SAN FRANCISCO, Calif., March 3, 2026 /PRNewswire/ -- Acme Robotics, a maker of warehouse robots, "
        "today announced it has raised $40 million in a funding round led by Northgate Ventures.",
        "The company will use the money to double its engineering staff and open a plant in Austin, Texas.",
        '"Warehouses are struggling to hire, and our robots fill that gap," said Maria Lopez, chief executive.',
        "About Acme Robotics",
        "Acme Robotics, founded in 2019 and based in San Francisco, builds autonomous mobile robots for "
        "logistics companies across North America.",
        "For more information, visit www.acme.example.",
        "This press release contains forward-looking statements that involve risks and uncertainties.",
        "Media Contact:\nJane Smith\npress@acme.example",
        "SOURCE Acme Robotics",
        "###",
    ]
)


def test_press_release_furniture():
    for line in (
        "For more information, visit www.acme.example.",
        "For further information, please contact the press office.",
        "This press release contains forward-looking statements that involve risks.",
        "Forward-Looking Statements",
        "Media Contact: Jane Smith, press@acme.example",
    ):
        assert classify(line) == BOILERPLATE, line
    for line in (
        "For more information on the outbreak, the ministry set up a hotline that took 2,000 calls.",
        "Forward-looking statements by the company were withdrawn on Tuesday.",
    ):
        assert classify(line) == PROSE, line
    for sentence, lead in [
        (
            "SAN FRANCISCO, Calif., March 3, 2026 /PRNewswire/ -- Acme Robotics today announced a deal.",
            "SAN FRANCISCO, Calif., March 3, 2026 /PRNewswire/ -- ",
        ),
        (
            "NEW YORK, March 3, 2026 (GLOBE NEWSWIRE) -- Acme Robotics today announced a deal.",
            "NEW YORK, March 3, 2026 (GLOBE NEWSWIRE) -- ",
        ),
        ("LONDON, 3 March 2026 /PRNewswire/ -- Acme today announced a deal.", "LONDON, 3 March 2026 /PRNewswire/ -- "),
    ]:
        assert sentence[: lead_in(sentence)] == lead


def test_a_press_release_summary_is_its_news_and_its_entities_no_wire():
    a = analyze("Acme Robotics raises $40 million", None, RELEASE, sentences=5)
    texts = [x.text for x in a.summary]
    assert texts[0].startswith("Acme Robotics, a maker of warehouse robots, today announced")
    assert len(texts) == 3  # the news, the plan, the quote: nothing from "About Acme Robotics" on
    assert not any("founded in 2019" in t or "information" in t or "forward-looking" in t for t in texts)
    names = {e.text for e in a.entities}
    assert "Acme Robotics" in names and "Northgate Ventures" in names
    assert not any("PRNewswire" in n or n.startswith("SOURCE") for n in names), names
    # "About" a name the release never gave before is a subheading of prose, not the company's paragraph
    report = "\n\n".join(
        [
            "The council published its flood report on Monday, a year after the river burst its banks.",
            "It found that warnings reached residents too late.",
            "About the warnings",
            "Sirens in three villages failed because their batteries had not been replaced since 2015.",
        ]
    )
    assert any("Sirens" in x.text for x in analyze("Flood report", None, report, sentences=3).summary)


# An email newsletter saved as text, written for these tests.
NEWSLETTER = "\n\n".join(
    [
        "Good morning. Here's what you need to know today.",
        "Stocks fell sharply on Tuesday after oil prices jumped 6% on supply fears.",
        "Sponsored by Acme Bank",
        "The Federal Reserve is expected to hold rates steady next week, economists said.",
        "Forward this email to a friend",
        "You are receiving this email because you signed up for the Morning Brief newsletter.",
        "Unsubscribe | Manage preferences | Privacy policy",
    ]
)


def test_an_email_newsletter_frame_is_no_news():
    for line in (
        "View in browser",
        "View this email in your browser",
        "Sponsored by Acme Bank",
        "Forward this email to a friend",
        "Unsubscribe | Manage preferences | Privacy policy",
    ):
        assert is_furniture(line), line
    for line in (
        "You are receiving this email because you signed up.",
        "Here's what you need to know today.",
        "Good morning, everyone.",
        "Good morning from Kyiv.",
        "Good evening and welcome to the program.",
    ):
        assert classify(line) == BOILERPLATE, line
    for line in (
        "View from the top: the summit was clear on Sunday.",
        "Privacy policy changes at Meta drew fines, regulators said.",
        "Good morning, Vietnam was a hit film.",
        "Good night sleep matters, doctors say.",
    ):
        assert classify(line) == PROSE, line
    a = analyze("Morning Brief: Markets slide", None, NEWSLETTER, sentences=4)
    assert [x.text for x in a.summary] == [
        "Stocks fell sharply on Tuesday after oil prices jumped 6% on supply fears.",
        "The Federal Reserve is expected to hold rates steady next week, economists said.",
    ]
    assert "Good" not in {e.text for e in a.entities} and "Acme Bank" not in {e.text for e in a.entities}


def test_glued_captions_are_split_off():
    line = (
        "Rescue workers search the rubble in Jajarkot on Sunday The death toll rose to 157 on Monday, "
        "officials said. Crowds at the airport (Photo: AP) They waited for news of relatives. "
        "A soldier carries supplies. Picture: Reuters The army sent 20 helicopters."
    )
    cuts = caption_breaks(line)
    pieces = [line[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(line)])]
    assert pieces[0] == "Rescue workers search the rubble in Jajarkot on Sunday"
    assert pieces[1].startswith("The death toll rose")
    assert any(p.endswith("(Photo: AP)") for p in pieces)
    assert pieces[-1] == "The army sent 20 helicopters."
    spans = [line[s:e] for s, e in split_sentences(line)]
    assert "Rescue workers search the rubble in Jajarkot on Sunday" in spans
    assert "The army sent 20 helicopters." in spans


def test_no_caption_break_inside_names_titles_or_quotes():
    for text in [
        "Officers from the Metropolitan Police said the men were arrested in Leeds.",
        "She starred in the film The Last Harbour, which opened in March.",
        "Inter is eighth in Serie A and is eight points off the top.",
        '"We are all in this together and the whole country The way we live," she said.',
        "He told The Guardian that the plan would cost $4 billion.",
    ]:
        assert caption_breaks(text) == [], text


def test_hostile_inputs_stay_total():
    for text in ["By " + "A" * 20_000 + "!", "word The word " * 20_000, "(Photo: " * 20_000, "\u202e" * 1000, ""]:
        classify(text)
        caption_breaks(text)
        lead_in(text)
        furniture_spans(text)
    for text in ["A" * 200_000 + ": x", "(BEGIN)\n" * 50_000, ("ANDERSON COOPER, " + "X" * 59 + " ") * 5_000 + ": Hi"]:
        assert isinstance(furniture_spans(text), list) and lead_in(text[:1000]) >= 0
    assert classify("") == BOILERPLATE
    assert is_prose("The bridge reopened on Friday.") and not is_prose("Advertisement")


# A tabloid-style page flattened to text, written for this test: byline, timestamps, a video
# prompt, a caption repeating the lede, a near-duplicate of the lede, captions without final
# periods glued to the next sentence, share prompts, an all-caps headline line, a link line
# and a correction note.
TABLOID = "\n\n".join(
    [
        "By . Daily Globe Reporter .",
        "PUBLISHED: 09:50 EST, 21 March 2024 | UPDATED: 10:44 EST, 21 March 2024",
        "Scroll down for video",
        "A firefighter was hurt on Sunday when a blaze tore through a disused paper mill in Lakeview, "
        "forcing 200 residents from their homes.",
        "A firefighter was hurt when a blaze tore through a disused paper mill in Lakeview",
        "Crews from four counties fought the flames for nine hours before the fire was under control.",
        "A firefighter was hurt on Sunday as a blaze tore through a disused Lakeview paper mill.",
        "Inferno: smoke rises over the mill on Sunday afternoon (Photo: Daniel Roe) "
        "The mill, which closed in 2009, had been bought by a developer last year.",
        "Share this article",
        "HUGE BLAZE AT OLD MILL",
        "Smoke hangs over the valley on Monday morning The county sheriff said residents could go home.",
        "Advertisement",
        "Investigators said the cause of the fire was not yet known but that arson had not been ruled out.",
        "Read more: Lakeview mill sold to developer for $3 million",
        "Correction: An earlier version of this article said 300 residents were evacuated.",
    ]
)


@pytest.mark.parametrize("algorithm", ["default", "lead", "luhn"])
def test_summaries_take_only_prose_and_never_the_same_point_twice(algorithm):
    a = analyze(
        "Fire at old paper mill forces 200 from homes", None, TABLOID, sentences=4, algorithm=algorithm, entities=False
    )
    texts = [s.text for s in a.summary]
    assert len(texts) == 4
    for s in a.summary:
        assert TABLOID[s.start : s.end] == s.text
        assert classify(s.text) == PROSE, s.text
        for junk in (
            "Daily Globe",
            "PUBLISHED",
            "Scroll",
            "Photo:",
            "Share",
            "HUGE",
            "Read more",
            "Correction",
            "Inferno",
            "Smoke hangs",
        ):
            assert junk not in s.text, s.text
    assert not any(t.startswith("A firefighter was hurt when") for t in texts)  # the caption repeating the lede
    assert not any(t.startswith("A firefighter was hurt on Sunday as") for t in texts)  # a near-duplicate
    if algorithm == "lead":
        assert (
            texts[1] == "Crews from four counties fought the flames for nine hours before the fire was under control."
        )
        assert texts[2] == "The mill, which closed in 2009, had been bought by a developer last year."
    for i, x in enumerate(texts):
        for y in texts[i + 1 :]:
            a_terms, b_terms = set(content_terms(x)), set(content_terms(y))
            assert len(a_terms & b_terms) < 0.75 * min(len(a_terms), len(b_terms)), (x, y)


# The same kind of page as a corpus stores it, written for this test: one line, every line of the
# page that lacked final punctuation (byline, timestamps, captions, prompts) given " .", British
# single quotes.
ONE_LINE = (
    "By . Harriet Cole . PUBLISHED: . 08:14 EST, 3 April 2024 . | . UPDATED: . 11:52 EST, 3 April 2024 . "
    "Follow @@HarrietCole . RELATED ARTICLES . Previous . 1 . Next . Floods close 40 roads . Share this article . "
    "A grandmother who was trapped in her flooded car for six hours was rescued by two off-duty "
    "firefighters who heard her shouting from a footpath. "
    "Rescued grandmother Margaret Ellison was trapped in her flooded car for six hours by the ford . "
    "Margaret Ellison, 71, had driven into a ford near Tewkesbury on Tuesday night when the water rose "
    "around her. Scroll down for video . "
    "'I thought that was it. The water was up to my chest and I couldn't open the door,' she said. "
    "Brave: Off-duty firefighters Tom Barker (left) and Alan Reeve (right) waded into the water . "
    "Firefighters Tom Barker and Alan Reeve smashed a window and pulled her out of the car. "
    "The fire service said the ford had been closed to traffic but a warning sign had been washed away."
)


def test_one_line_corpus_page_gives_prose_only_and_no_quotation_first():
    a = analyze("", None, ONE_LINE, sentences=3, entities=False)
    texts = [s.text for s in a.summary]
    assert texts[0].startswith("A grandmother who was trapped")
    for t in texts:
        assert classify(t) == PROSE and not t.endswith(" ."), t
        assert not t.startswith("'"), t  # the quotation, in single quotes, is not the news
    lead = [s.text for s in analyze("", None, ONE_LINE, sentences=3, algorithm="lead", entities=False).summary]
    assert lead[0].startswith("A grandmother who was trapped")
    assert lead[1].startswith("Margaret Ellison, 71,")  # the caption repeating the lede is not a sentence


def test_wire_copy_summary_leaves_out_byline_and_dateline_lines():
    body = "\n\n".join(
        [
            "By Maria Okafor",
            "NAIROBI, Kenya (EAW) —",
            "Kenya's central bank cut its benchmark rate by half a point on Tuesday, the first cut in two years.",
            "Governor Amina Wekesa said inflation had fallen to 4.1 percent in October.",
            "Reporting by Maria Okafor; Editing by Tom Bell",
        ]
    )
    a = analyze("Kenya cuts rates", None, body, sentences=3, entities=False)
    assert [s.text for s in a.summary] == [
        "Kenya's central bank cut its benchmark rate by half a point on Tuesday, the first cut in two years.",
        "Governor Amina Wekesa said inflation had fallen to 4.1 percent in October.",
    ]


def test_a_body_of_fragments_still_gets_a_summary():
    a = analyze("Storm", None, "Storm closes coast road near Lakeview", entities=False)
    assert [s.text for s in a.summary] == ["Storm closes coast road near Lakeview"]


def test_a_tokenised_text_keeps_its_sentences_and_a_caption_heavy_page_does_not():
    tokenised = (
        "The council voted 7-2 on Tuesday to close the old library , officials said . "
        "Residents protested outside the hall for three hours . "
        "The mayor said the building would be sold next year . A new library will open in 2028 ."
    )
    a = analyze("Council closes library", None, tokenised, sentences=3, entities=False)
    assert len(a.summary) == 3 and a.summary[0].text.startswith("The council voted")
    # more caption lines than sentences, but written punctuation: the captions stay out
    page = (
        "By . Ana Ruiz . Pictured: the old library on Elm Street . Protest: residents outside the hall . "
        "Mayor Tom Bell, pictured, at the vote . The council voted 7-2 on Tuesday to close the old library, "
        "officials said. A new library will open in 2028."
    )
    texts = [s.text for s in analyze("Council closes library", None, page, sentences=3, entities=False).summary]
    assert texts == [
        "The council voted 7-2 on Tuesday to close the old library, officials said.",
        "A new library will open in 2028.",
    ]


# A tabloid page as a corpus stores it, written for this test: every line without final
# punctuation given " ." and the lines joined with spaces (CNN/DailyMail's preprocessing), then
# the same page with that " ." detokenised to "." and tokenised (spaces before punctuation), the
# forms the same corpus is passed around in.
STRIKE_LINES = [
    "By",
    "Tom Fenn for MailOnline",
    "and",
    "Associated Press Reporter",
    "PUBLISHED:",
    "08:14 EST, 3 April 2024",
    "|",
    "UPDATED:",
    "11:52 EST, 3 April 2024",
    "Follow @@tomfenn",
    "Thousands of rail passengers faced a second day of cancelled trains today as a strike by signal "
    "workers spread to three more regions.",
    "RELATED ARTICLES",
    "Previous",
    "1",
    "Next",
    "Rail fares to rise by 3.1 per cent",
    "Commuters face new timetable chaos",
    "Share this article",
    "Share",
    "The union said its members had rejected a pay offer of 2 per cent because it did not keep pace with inflation.",
    "Chaos: Passengers queue at Leeds station on Wednesday morning as trains were cancelled",
    "Network Rail said only one train in three was running on the affected lines and urged people to work "
    "from home if they could.",
    "Talks between the two sides are due to resume on Friday at the conciliation service Acas.",
    "Source: Network Rail",
    "The strike is the fourth this year and has cost the rail industry an estimated £40 million.",
    "Share or comment on this article",
]
STRIKE = " ".join(line if line[-1] in ".!?'\")" else line + " ." for line in STRIKE_LINES)


@pytest.mark.parametrize("form", ["as stored", "detokenised", "tokenised"])
@pytest.mark.parametrize("algorithm", ["default", "lead"])
def test_a_tabloid_page_gives_prose_only_in_every_form_of_the_corpus(form, algorithm):
    body = {"as stored": STRIKE, "detokenised": detokenise(STRIKE), "tokenised": tokenise(STRIKE)}[form]
    a = analyze("", None, body, sentences=3, algorithm=algorithm, entities=False)
    texts = [s.text for s in a.summary]
    assert len(texts) == 3
    assert texts[0].startswith("Thousands of rail passengers faced a second day")
    for t in texts:
        for junk in (
            "MailOnline",
            "Associated Press",
            "PUBLISHED",
            "EST",
            "tomfenn",
            "Previous",
            "Next",
            "Rail fares",
            "Commuters face",
            "Share",
            "Chaos",
            "Source",
        ):
            assert junk not in t, (form, t)
    if algorithm == "lead":
        assert texts[1].startswith("The union said its members")
        assert texts[2].startswith("Network Rail said only one train")


@pytest.mark.parametrize("form", ["detokenised", "tokenised"])
def test_the_one_line_page_gives_prose_only_when_detokenised_or_tokenised(form):
    body = detokenise(ONE_LINE) if form == "detokenised" else tokenise(ONE_LINE)
    texts = [s.text for s in analyze("", None, body, sentences=3, entities=False).summary]
    assert texts[0].startswith("A grandmother who was trapped")
    for t in texts:
        for junk in ("Harriet", "PUBLISHED", "Follow", "Previous", "Next", "Floods close", "Share", "Brave"):
            assert junk not in t, (form, t)


def test_a_lede_that_names_its_photo_stays_and_the_caption_does_not():
    body = (
        "By . Helen Marsh . A retired postman (pictured) has been fined £4,000 for a wall across his neighbour's drive. "
        "Derek Hall (pictured outside his home) built the wall in Stockport last October . "
        "Derek Hall, 68, told magistrates he had not realised the strip of land belonged to the house next door. "
        "Magistrates said the wall must come down within 28 days."
    )
    for algorithm in ("default", "lead"):
        texts = [s.text for s in analyze("", None, body, sentences=3, algorithm=algorithm, entities=False).summary]
        assert texts[0].startswith("A retired postman (pictured) has been fined"), algorithm
        assert not any("outside his home" in t for t in texts), algorithm


def test_the_corpus_forms_the_page_tests_use():
    page = "By . Ana Ruiz . 'It wasn't mine,' she said. He said: \"It's over.\" Fire at the mill ."
    assert detokenise(page) == "By. Ana Ruiz. 'It wasn't mine,' she said. He said: \"It's over.\" Fire at the mill."
    assert tokenise(page) == (
        "By . Ana Ruiz . ` It was n't mine , ' she said . He said : `` It 's over . '' Fire at the mill ."
    )


def test_section_labels_above_the_byline_are_not_the_lede():
    page = (
        "Health . Nutrition . Medically reviewed by Samuel Hart, MD . Published on April 2, 2019 . "
        "A ten-minute walk after dinner lowers blood sugar more than a walk before it, a study of 1,200 adults found. "
        "The volunteers wore glucose monitors for two weeks. "
        "Those who walked after eating had spikes a third smaller, the researchers said."
    )
    for body in (page, detokenise(page), tokenise(page)):
        texts = [s.text for s in analyze("", None, body, sentences=3, algorithm="lead", entities=False).summary]
        assert texts[0].startswith("A ten-minute walk after dinner"), texts
    # a short lede before prose stays: "Empathy." is no section label there
    cnn = (
        "(CNN)Empathy. Confidence. Passion. These are the traits the next police chief needs, the mayor said on Monday."
    )
    texts = [s.text for s in analyze("", None, cnn, sentences=2, algorithm="lead", entities=False).summary]
    assert texts == ["Empathy.", "Confidence."]


def test_the_tokenised_form_keeps_abbreviations_as_the_treebank_does():
    assert tokenise("He met Mr. Hale in Port St. Lucie on Aug. 4. John F. Kennedy left.") == (
        "He met Mr. Hale in Port St. Lucie on Aug. 4 . John F. Kennedy left ."
    )


def test_lower_cased_page_furniture():
    """A corpus's lower-cased release has no capital to tell a byline, a label or a name: what
    tells them there (classify(caseless=True)), and the prose it leaves alone."""
    furniture = {
        "by .": BYLINE,
        "by kevin shaughnessy and ana lucia ferreira .": BYLINE,
        "medically reviewed by samuel hart , md .": BYLINE,
        "published : .": DATELINE,
        "10:21 est , 14 march 2013 .": DATELINE,
        "october 3 , 2018 | 9:15pm .": DATELINE,
        "last modified on saturday 15 october 2022 06.00 bst .": DATELINE,
        "next .": BOILERPLATE,
        "image 1 of 12 .": BOILERPLATE,
        "devastated : shop owner daniel birkett surveys the damage inside his store .": CAPTION,
        "here comes the bride : jodie quayle arrives at the castle in a glass carriage .": CAPTION,
    }
    for text, kind in furniture.items():
        assert classify(text, tokenised=True, caseless=True) == kind, text
    prose = [
        "the council voted on tuesday to close the library .",
        "by then it was too late , police said .",
        "the result : the bill 's sponsors tabled it .",
        "he added : `` we will appeal . ''",
        "cnn : how did you get involved in the campaign ?",
        "on march 3 , 2015 , the report said the river had burst its banks .",
        "duncan died .",
    ]
    for text in prose:
        assert classify(text, tokenised=True, caseless=True) == PROSE, text
    assert name_run("ryan caddick for mailonline .") and name_run("Consumer affairs editor.")
    assert not name_run("duncan died and was buried .") and not name_run("he was there .")


def test_a_lower_cased_page_keeps_its_lede_and_drops_its_byline():
    page = (
        "by . sam greatorex . published : . 10:21 est , 14 march 2013 . | . updated : . 12:47 est , 14 march 2013 . "
        "a championship striker has been banned from driving for six months after he was caught speeding . "
        "defiant : jordan mensah leaving the magistrates ' court yesterday . "
        "the 24-year-old was clocked at 104mph on the a1 near grantham in october , the court heard . "
        "mensah , who joined the club in the summer , admitted the offence and was fined 1,200 pounds ."
    )
    texts = [s.text for s in analyze("", None, page, sentences=3, algorithm="lead", entities=False).summary]
    assert texts[0].startswith("a championship striker")
    assert not any("greatorex" in t or "defiant" in t or "est ," in t for t in texts)


def test_a_prompt_for_readers_tips_is_boilerplate_but_an_imperative_in_prose_is_not():
    assert classify("Send us your photos at news@example.com.") == BOILERPLATE
    for text in ("Send your children to school, the minister said.", "Share, and your gift will be multiplied."):
        assert classify(text) == PROSE, text


def test_a_caption_written_as_a_sentence_without_a_verb():
    assert classify("Luis Ocampo with the $60 couch in his Jackson Heights apartment.") == CAPTION
    assert classify("Keisha Brandt, 41, outside the building on Knickerbocker Avenue.") == CAPTION
    # what the photo shows may have a reported clause of its own, with its own verbs
    assert classify("Dana Whitlock, a former welder, with the boiler she says has not worked since May.") == CAPTION
    assert classify("Omar Haddad with the bicycle he thinks was taken by the same gang.") == CAPTION
    for text in (
        "Dana Whitlock, a former welder, with two sons she says she cannot feed, was evicted in May.",
        "Omar Haddad, who runs the shop, with his brother he says is the real boss.",
        "Tom Haines with the Aircraft Owners and Pilots Association said he had flown with Ford.",
        "The Spanish Catholic Brother with Ebola, Brother Miguel Pajares, dies in Madrid.",
        "Staffers with the aquarium's rescue program gave it antibiotics.",
        "Manchester City with Erling Haaland in the side beat Chelsea 2-1.",
    ):
        assert classify(text) == PROSE, text
