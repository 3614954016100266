"""The gazetteers as the sentence splitter reads them (its common words).

The tables and their loading live with the entity recogniser, in
:mod:`briefing.analysis.entities.gazetteer`; this module only hands them on, so that nothing
in the entity package imports back up here.
"""

from __future__ import annotations

from .entities.gazetteer import Gazetteer, get

__all__ = ["Gazetteer", "get"]
