"""Fixtures of every suite: a real SecantusDB server for the session.

Nothing is imported at module level: the nameko suite's conftest must
monkey-patch with eventlet before pymongo and friends are imported."""
import pytest


@pytest.fixture(scope="session")
def secantus(tmp_path_factory):
    from tests.support import SecantusServer

    server = SecantusServer(tmp_path_factory.mktemp("secantus")).start()
    yield server
    server.stop()
