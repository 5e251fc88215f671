"""The hub suite: FastAPI and the CLI without eventlet, over real HTTP,
against a real SecantusDB."""
import os
import subprocess
import sys

import httpx
import pytest

from tests.support import free_port, unique_prefix, wait_for, write_tokens


def pytest_configure(config):
    import socket

    if socket.socket.__module__.startswith("eventlet"):
        raise pytest.UsageError("tests/hub must run in its own pytest process, without eventlet (see ./run tests)")


@pytest.fixture(scope="session")
def hub_env(secantus, tmp_path_factory):
    env = {**os.environ, "MONGO_URL": secantus.url, "SOSHUB_DB_PREFIX": unique_prefix(),
           "SOSHUB_TOKENS_FILE": write_tokens(tmp_path_factory.mktemp("tokens"))}
    return env


def start_hub(env):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "services.reporting.hub.main:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return httpx.get(f"{url}/api/openapi.json", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    if not wait_for(up, timeout=30, interval=0.1):
        process.kill()
        raise RuntimeError("the hub did not start")
    return process, url


@pytest.fixture(scope="session")
def hub(hub_env):
    process, url = start_hub(hub_env)
    with httpx.Client(base_url=url, timeout=10) as client:
        yield client
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def centre_db(secantus, hub_env):
    client = secantus.client()
    database = client[f"{hub_env['SOSHUB_DB_PREFIX']}_centre"]
    for name in database.list_collection_names():
        database[name].delete_many({})
    yield database
    client.close()
