"""A hub started with its own settings: a tokens file with hashed tokens
that changes while the hub runs, and another suppression threshold."""
import hashlib
import json

import httpx
import pytest

from services.reporting.event_store import EventStore
from tests.flows import events as ev
from tests.hub.conftest import start_hub
from tests.support import auth

SECRET = "centre-researcher-91c2"
HASHED = f"sha256:{hashlib.sha256(SECRET.encode()).hexdigest()}"
TOKENS = {HASHED: {"partner": None, "role": "coordinator"}, "kainuu-token": {"partner": "kainuu", "role": "worker"}}


@pytest.fixture(scope="module")
def tokens_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("own-tokens") / "tokens.json"
    path.write_text(json.dumps(TOKENS))
    return path


@pytest.fixture(scope="module")
def hub_at_ten(hub_env, tokens_file):
    """A hub on the same centre database that publishes counts under 10 as "<10"."""
    process, url = start_hub({**hub_env, "SOSHUB_TOKENS_FILE": str(tokens_file), "SOSHUB_SUPPRESSION_THRESHOLD": "10"})
    with httpx.Client(base_url=url, timeout=10) as client:
        yield client
    process.terminate()
    process.wait(timeout=10)


def test_a_hashed_token_works_and_a_revoked_one_stops_without_restart(hub_at_ten, tokens_file):
    tokens_file.write_text(json.dumps(TOKENS))
    assert hub_at_ten.get("/api/events/stats", headers=auth(SECRET)).status_code == 200
    assert hub_at_ten.get("/api/events/stats", headers=auth(HASHED)).status_code == 401  # the key is no token
    assert hub_at_ten.get("/api/events/stats", headers=auth("kainuu-token")).status_code == 403

    tokens_file.write_text(json.dumps({"kainuu-token": {"partner": None, "role": "coordinator"}}))
    assert hub_at_ten.get("/api/events/stats", headers=auth(SECRET)).status_code == 401
    assert hub_at_ten.get("/api/projects", headers=auth(SECRET)).status_code == 401
    assert hub_at_ten.get("/api/events/stats", headers=auth("kainuu-token")).status_code == 200


def test_the_suppression_threshold_changes_what_partners_see(hub, hub_at_ten, tokens_file, centre_db):
    tokens_file.write_text(json.dumps(TOKENS))
    store = EventStore(centre_db)
    for partner, contacted in [("kainuu", 7), ("essote", 30), ("sosteri", 12)]:
        store.ingest(ev.visit(partner, "2019-03-01", contacted=contacted, present=contacted))
    path = "/api/projects/iso-sos/metrics"

    at_five = hub.get(path, headers=auth("kainuu-token")).json()
    assert at_five["regions"]["kainuu"]["outreach"]["contacts"] == 7
    at_ten = hub_at_ten.get(path, headers=auth("kainuu-token")).json()
    assert at_ten["suppressed"] is True and at_ten["suppression"]["threshold"] == 10
    assert at_ten["regions"]["kainuu"]["outreach"]["contacts"] == "<10"
    coordinator = hub_at_ten.get(path, headers=auth(SECRET)).json()
    assert coordinator["regions"]["kainuu"]["outreach"]["contacts"] == 7
