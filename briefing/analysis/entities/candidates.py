"""Stage 2 of entity recognition: candidate windows, the runs of tokens a name can be in.

A name in English news has a capital letter in it. A window is a run of tokens within one
sentence of one line, made of capitalised (or mixed-case) words, the connectors between two
of them ("Bank of Japan", "Observatoire de la Côte d'Azur", "Dar es Salaam"),
and whatever is glued to them without a space ("Mian-ul-Nadeem", "al-Qasr", "P.",
"Moody's"; but not "-based" in "Kuala Lumpur-based"). The model (stage 3) reads each window
as one sequence, with the words around it as context, and decides which of its tokens form
names and of which kind; every token outside a window is no name. 99.4% of the PERSON, ORG
and PLACE names of the CoNLL-2003 training split (98.9% of the development split's) lie wholly
inside one window, and the windows hold a fifth of those articles' tokens (a seventh of ours),
which is what keeps tagging fast.
"""

from __future__ import annotations

from .gazetteer import Gazetteer
from .tokens import Field

# lower-case words and symbols that may join two capitalised words into one window
CONNECTORS = frozenset(
    "of for de del della da di du des do dos das es van von der den ter la le les al el bin ibn "
    "y e et und am and the & / - 's \u2019s".split()
)
MAX_CONNECTORS = 2  # "of the", "de la"
# glued to a window token these belong to the window: "Jong-un", "P. Mwangi", "Moody's"
_GLUE = frozenset("- . & / 's \u2019s".split())
# capitalised words that are never a name on their own (the months that are also first names are not here)
NEVER_NAMES = frozenset(
    "I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February September October "
    "November December".split()
)
# "Kuala Lumpur-based", "Kremlin-backed": the hyphen ends the name
HYPHEN_SUFFIXES = frozenset(
    "based born led backed owned run made style era linked funded controlled bound wide level related "
    "year old class built listed headquartered speaking language majority friendly inspired "
    "focused dominated brokered sponsored affiliated registered area only".split()
)


def _never_alone(field: Field, i: int, gz: Gazetteer) -> bool:
    w = field.words[i]
    if field.line_case[i]:
        return False  # in an all-caps or Title Case line any word is capitalised
    return w in NEVER_NAMES or (w,) in gz.nationalities or (field.initial[i] and w.lower() in gz.common)


def _gluable(word: str) -> bool:
    return word in _GLUE or word[:1].isalnum()


def windows(field: Field, gz: Gazetteer | None = None) -> list[tuple[int, int]]:
    """The candidate windows of a field, as (first token, one past the last) pairs.

    With the gazetteers, a window of one word that is never a name alone is none: a
    sentence-initial common word ("The", "However", "In"), a weekday, a month, a nationality
    ("Korean"). That is half of all windows.
    """
    words, glued = field.words, field.glued
    # a window never crosses a line or a sentence start
    breaks = [ls or ini for ls, ini in zip(field.line_start, field.initial)]
    n = len(words)
    inside = [False] * n
    for i in field.caps:
        inside[i] = True
    for i in range(1, n - 1):
        if words[i] == "-" and glued[i] and glued[i + 1] and words[i + 1] in HYPHEN_SUFFIXES:
            breaks[i] = True  # "Kuala Lumpur-based Straits Policy Centre": two windows
            breaks[i + 1] = True
    # connectors between two capitalised words of the same line
    i = 0
    while i < n:
        if inside[i] or i == 0 or not inside[i - 1]:
            i += 1
            continue
        j = i
        while j < n and j - i < MAX_CONNECTORS and words[j] in CONNECTORS and not breaks[j] and not inside[j]:
            j += 1
        if j > i and j < n and inside[j] and not breaks[j]:
            for k in range(i, j):
                inside[k] = True
        i = max(j, i + 1)
    # anything glued to the window, both ways: "Mian-ul-Nadeem", "al-Qasr", "Inc."
    for i in range(1, n):
        if glued[i] and inside[i - 1] and not inside[i] and not breaks[i] and _gluable(words[i]):
            inside[i] = True
    for i in range(n - 2, -1, -1):
        if glued[i + 1] and inside[i + 1] and not inside[i] and not breaks[i + 1] and _gluable(words[i]):
            inside[i] = True
    out = []
    i = 0
    while i < n:
        if not inside[i]:
            i += 1
            continue
        j = i + 1
        while j < n and inside[j] and not breaks[j]:
            j += 1
        if not (j == i + 1 and gz is not None and _never_alone(field, i, gz)):
            out.append((i, j))
        i = j
    return out
