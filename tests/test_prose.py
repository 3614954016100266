"""The prose filter: page furniture never reaches a stored body."""

from briefing.core.prose import clean_body, is_furniture


def test_furniture_lines_are_dropped_and_prose_kept_in_order():
    body = ["Advertisement", "The council voted 7-2 on Tuesday.", "Scroll down for video", "  ", "READ MORE:", "It opens in 2028."]
    assert clean_body(body) == ("The council voted 7-2 on Tuesday.", "It opens in 2028.")


def test_prose_that_mentions_furniture_words_stays():
    assert not is_furniture("Read more about the vote in the council minutes, officials said.")
    assert not is_furniture("Advertisement spending fell 4% in the quarter.")
