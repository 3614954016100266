"""Keeping the cyclic garbage collector out of bulk work."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects (parsing a large
    library, making 50,000 rows): the collections those allocations trigger can free nothing
    and cost more than the work itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: tuple[int, int, int] | None = None


@contextmanager
def young_collections_only() -> Iterator[None]:
    """No full collections of the cyclic garbage collector while bulk work runs in a process
    that must stay responsive (young collections go on). A feed refresh holds thousands of
    analysed articles, and the store's cache the week files it writes: each full collection
    walks all of it (measured in the reader: 10 full collections during a 10,000-item refresh,
    up to 390 ms each, the GIL held, keys waiting). What a refresh builds has no cycles.
    Afterwards what survived is frozen (gc.freeze: left out of future collections, still freed
    when no longer referenced) before full collections come back, or the first one would walk
    it all at once (another 390 ms pause in the reader). Nestable, from any thread."""
    global _gc_depth, _gc_saved
    with _gc_lock:
        if _gc_depth == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(_gc_saved[0], _gc_saved[1], 1_000_000)
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_saved is not None:
                gc.freeze()
                gc.set_threshold(*_gc_saved)
