"""The hub suite: FastAPI and the CLI without eventlet, over real HTTP,
against a real SecantusDB."""
import os
import subprocess
import sys
import uuid

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


def answers(url):
    """A predicate: ``url`` answers 200."""
    def up():
        try:
            return httpx.get(url, timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    return up


def start_hub(env):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "services.reporting.hub.main:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    if not wait_for(answers(f"{url}/api/openapi.json"), timeout=30, interval=0.1):
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


class PartnerStack:
    """Every nameko service in one process (``deploy.services_process``, as
    ``soshub up`` runs them): the partner API, the worker app and the
    centre's ingest over kombu's memory transport."""

    def __init__(self, env, url, client):
        self.env, self.url, self.client = env, url, client
        self.prefix = env["SOSHUB_DB_PREFIX"]

    def db(self, owner):
        return self.client[f"{self.prefix}_{owner}"]

    def add_worker(self, username, partner="kainuu", password="salasana-123"):
        from services.shared.workerapp.accounts import AccountStore

        AccountStore(self.db("accounts")).add(partner, username, password)
        return username, password


@pytest.fixture(scope="session")
def partner_stack(secantus, tmp_path_factory):
    env = {**os.environ, "MONGO_URL": secantus.url, "SOSHUB_DB_PREFIX": unique_prefix(), "AMQP_URI": "memory://",
           "SOSHUB_TOKENS_FILE": write_tokens(tmp_path_factory.mktemp("stack-tokens")),
           "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    port = free_port()
    log = tmp_path_factory.mktemp("stack-log") / "services.log"
    with open(log, "wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "deploy.services_process", "--api-address",
                                    f"127.0.0.1:{port}"], env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    if not wait_for(answers(f"{url}/app/api/forms"), timeout=60, interval=0.2):
        process.kill()
        raise RuntimeError(f"the services did not start; see {log}")
    client = secantus.client()
    yield PartnerStack(env, url, client)
    client.close()
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def worker(partner_stack):
    """A new worker account of kainuu: (username, password)."""
    return partner_stack.add_worker(f"kainuu-w{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, one per test module that asks for it."""
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, partner_stack):
    """A browser on the partner API's origin, for the worker app."""
    # The app's CSP forbids eval, which Playwright's wait_for_function and axe use.
    context = browser.new_context(base_url=partner_stack.url, bypass_csp=True)
    context.set_default_timeout(15000)
    yield context
    context.close()
