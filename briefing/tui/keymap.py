"""The user's key map: `keys.toml` in briefing's config directory, binding id -> keys.

    # ~/.config/briefing/keys.toml
    star = "f"              # one key
    "list.down" = "j,down,ctrl+n"   # several, comma-separated

Binding ids are listed on the help screen (`?`). A file that cannot be used is reported as
one line and ignored; it never stops the app. No Textual import here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

KEYMAP_FILE = "keys.toml"
_KEYS = re.compile(r"^[\w+\-]+(,[\w+\-]+)*$")


def load_keymap(config_dir: Path, known_ids: set[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """(keymap, problems) from `config_dir/keys.toml`; an empty keymap if there is none."""
    path = Path(config_dir) / KEYMAP_FILE
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"{path}: cannot read: {getattr(error, 'strerror', None) or error}"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{path}: not valid TOML: {' '.join(str(error).split())}"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in data.items():
        if not isinstance(keys, str) or not _KEYS.match(keys.replace(" ", "")):
            problems.append(f'{path}: {binding_id}: keys must be a string like "f" or "j,down", not {keys!r}')
            continue
        if known_ids is not None and binding_id not in known_ids:
            problems.append(f"{path}: unknown binding id {binding_id!r} (see the help screen, ?)")
            continue
        keymap[binding_id] = keys.replace(" ", "")
    return keymap, problems
