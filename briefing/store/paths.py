"""Where the library and its companion files live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "BRIEFING_DB"
LIBRARY_FILENAME = "library.json"


def default_library_path() -> Path:
    """`$BRIEFING_DB`, else `library.json` in the platform's user data directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("briefing", appauthor=False) / LIBRARY_FILENAME


@dataclass(frozen=True)
class LibraryPaths:
    """The main file (article index) and its companions, all in the same directory."""

    main: Path

    @property
    def _stem(self) -> Path:
        return self.main.with_suffix("") if self.main.suffix == ".json" else self.main

    @property
    def user(self) -> Path:
        """Tags, notes, read and starred state: small, precious, written often."""
        return self._stem.with_name(self._stem.name + ".user.json")

    @property
    def lock(self) -> Path:
        return self._stem.with_name(self._stem.name + ".lock")

    @property
    def content(self) -> Path:
        """Directory of content shards: bodies and analyses, large and rebuildable."""
        return self._stem.with_name(self._stem.name + ".content")

    def all(self) -> tuple[Path, ...]:
        """Every file and folder of the library (never to be read as articles)."""
        return (self.main, self.user, self.lock, self.content)

    def shard(self, article_id: str) -> Path:
        return self.content / f"{article_id[:2]}.json"
