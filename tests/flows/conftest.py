"""The flows suite: metrics and reports on hand-computed events in a real
SecantusDB, Prefect flows under prefect_test_harness."""
import pytest

from tests.support import unique_prefix


@pytest.fixture
def centre(secantus, monkeypatch):
    """An empty centre database; the flows find it through the environment."""
    prefix = unique_prefix()
    monkeypatch.setenv("MONGO_URL", secantus.url)
    monkeypatch.setenv("SOSHUB_DB_PREFIX", prefix)
    client = secantus.client()
    yield client[f"{prefix}_centre"]
    client.close()


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect server for the session's flow runs."""
    import os

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
