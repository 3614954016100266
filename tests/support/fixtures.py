"""pytest fixtures over tests/support: import them into a test module to use them
(`from tests.support.fixtures import loopback`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.loopback import LoopbackServers


@pytest.fixture
def loopback() -> Iterator[LoopbackServers]:
    servers = LoopbackServers()
    try:
        yield servers
    finally:
        servers.stop()
