"""Where the library and its companion files live (see layout.py for what each holds)."""

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
    """The main file (the manifest) and its companions, all in the same directory."""

    main: Path

    @property
    def _stem(self) -> Path:
        return self.main.with_suffix("") if self.main.suffix == ".json" else self.main

    def _beside(self, suffix: str) -> Path:
        return self._stem.with_name(self._stem.name + suffix)

    @property
    def user(self) -> Path:
        """Settings of this library (and, in a schema-1 library, all user data)."""
        return self._beside(".user.json")

    @property
    def feeds(self) -> Path:
        """Subscriptions and their HTTP state."""
        return self._beside(".feeds.json")

    @property
    def lock(self) -> Path:
        return self._beside(".lock")

    @property
    def parts(self) -> Path:
        """One folder per week of articles."""
        return self._beside(".parts")

    @property
    def keys(self) -> Path:
        """The directory: id -> partition, identity digests -> id, 16 shards."""
        return self._beside(".keys")

    @property
    def legacy_content(self) -> Path:
        """Schema 1's content shards (bodies and analyses by id prefix); gone after migration."""
        return self._beside(".content")

    @property
    def migrating(self) -> Path:
        """Where a migration builds the new layout before it commits."""
        return self._beside(".migrating")

    def partition(self, key: str) -> Path:
        return self.parts / key

    def index(self, key: str) -> Path:
        return self.parts / key / "index.json"

    def user_data(self, key: str) -> Path:
        return self.parts / key / "user.json"

    def analysis(self, key: str) -> Path:
        return self.parts / key / "analysis.json"

    def entities(self, key: str) -> Path:
        return self.parts / key / "entities.json"

    def content(self, key: str, bucket: str) -> Path:
        return self.parts / key / f"content-{bucket}.json"

    def key_shard(self, bucket: str) -> Path:
        return self.keys / f"{bucket}.json"

    def all(self) -> tuple[Path, ...]:
        """Every file and folder of the library (never to be read as articles)."""
        return (
            self.main,
            self.user,
            self.feeds,
            self.lock,
            self.parts,
            self.keys,
            self.legacy_content,
            self.migrating,
        )
