"""The deployed topology, started as compose starts it but as plain
processes: a partner's outreach service on its own vhost, the deploy
scripts' shovel with the partner's own restricted credentials, the centre's
declare-queues and ingest on another vhost."""
import json
import os
import subprocess
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from kombu import Connection
from kombu.exceptions import OperationalError
from amqp.exceptions import AccessRefused

from services.shared.envelope import make_event
from tests.support import auth, free_port, unique_prefix, visit_body, wait_for


def recorded_event(partner):
    payload = {**visit_body(), "visit_id": str(uuid.uuid4())}
    return make_event("outreach.visit_recorded", partner, datetime(2019, 3, 4, tzinfo=timezone.utc), payload)

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "compose"
MANAGEMENT = "http://127.0.0.1:15672/api"
GUEST = ("guest", "guest")


@pytest.fixture
def vhosts():
    suffix = uuid.uuid4().hex[:8]
    names = {"partner": f"soshub-test-partner-{suffix}", "centre": f"soshub-test-centre-{suffix}"}
    for name in names.values():
        httpx.put(f"{MANAGEMENT}/vhosts/{quote(name, safe='')}", auth=GUEST).raise_for_status()
        httpx.put(f"{MANAGEMENT}/permissions/{quote(name, safe='')}/guest", auth=GUEST,
                  json={"configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
    yield names
    for name in names.values():
        httpx.delete(f"{MANAGEMENT}/vhosts/{quote(name, safe='')}", auth=GUEST)


def run_script(name, env):
    result = subprocess.run(["sh", str(COMPOSE / name)], env={**os.environ, **env}, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def spawn(args, env, log):
    return subprocess.Popen([sys.executable, "-m", "deploy.cli", *args], env={**os.environ, **env},
                            stdout=log, stderr=subprocess.STDOUT)


def test_a_visit_crosses_from_partner_to_centre_through_the_shovel(vhosts, secantus, tmp_path):
    partner_id = f"kainuu{uuid.uuid4().hex[:6]}"
    broker_user = f"partner-{partner_id}"
    credentials = tmp_path / "partner-credentials"
    credentials.write_text(f"{partner_id} s3cret-{partner_id}\n")
    partner_vhost, centre_vhost = (quote(vhosts[k], safe="") for k in ("partner", "centre"))
    partner_amqp = f"amqp://guest:guest@127.0.0.1:5672/{partner_vhost}"
    centre_amqp = f"amqp://guest:guest@127.0.0.1:5672/{centre_vhost}"
    admin = {"BROKER_API": MANAGEMENT, "BROKER_USER": "guest", "BROKER_PASSWORD": "guest"}
    processes = []
    try:
        run_script("centre-broker-setup.sh", {**admin, "BROKER_VHOST": centre_vhost,
                                              "PARTNER_CREDENTIALS": str(credentials)})
        declared = subprocess.run([sys.executable, "-m", "deploy.cli", "declare-queues"],
                                  env={**os.environ, "AMQP_URI": centre_amqp}, capture_output=True, text=True)
        assert "evt-outreach-visit_recorded--reporting_ingest.on_visit_recorded" in declared.stdout
        run_script("partner-broker-setup.sh", {
            **admin, "BROKER_VHOST": partner_vhost, "PARTNER_ID": partner_id,
            "SHOVEL_SRC_URI": f"amqp:///{partner_vhost}",
            "CENTRE_AMQP_URI": f"amqp://{broker_user}:s3cret-{partner_id}@127.0.0.1:5672/{centre_vhost}",
        })

        tokens = tmp_path / "partner-tokens.json"
        tokens.write_text(json.dumps({"partner-token": {"partner": partner_id, "role": "worker"}}))
        common = {"MONGO_URL": secantus.url, "SOSHUB_TOKENS_FILE": str(tokens),
                  "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        partner_prefix, centre_prefix = unique_prefix(), unique_prefix()
        api_port = free_port()
        log = open(tmp_path / "services.log", "wb")
        processes.append(spawn(["services", "reporting_ingest"],
                               {**common, "AMQP_URI": centre_amqp, "SOSHUB_DB_PREFIX": centre_prefix,
                                "SOSHUB_REQUIRE_BROKER_USER": "true"}, log))
        processes.append(spawn(["services", "outreach", "--api-address", f"127.0.0.1:{api_port}"],
                               {**common, "AMQP_URI": partner_amqp, "SOSHUB_DB_PREFIX": partner_prefix}, log))

        def api_up():
            try:
                return httpx.get(f"http://127.0.0.1:{api_port}/outreach/openapi.json", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        assert wait_for(api_up, timeout=60, interval=0.2), (tmp_path / "services.log").read_text()
        visit = httpx.post(f"http://127.0.0.1:{api_port}/outreach/visits", json=visit_body(),
                           headers=auth("partner-token")).json()

        client = secantus.client()
        events = client[f"{centre_prefix}_centre"].events
        stored = wait_for(lambda: events.find_one({"_id": visit["event_id"]}), timeout=60, interval=0.2)
        assert stored, (tmp_path / "services.log").read_text()
        assert stored["payload"]["visit_id"] == visit["visit_id"]
        assert stored["partner_id"] == partner_id

        # The partner's own credentials cannot inject an event in another
        # partner's name: the broker vouches for the publishing user.
        partner_at_centre = f"amqp://{broker_user}:s3cret-{partner_id}@127.0.0.1:5672/{centre_vhost}"
        forged = recorded_event("essote")
        unsigned = recorded_event(partner_id)
        with Connection(partner_at_centre) as connection:
            producer = connection.Producer(serializer="json", auto_declare=False)
            producer.publish(forged, exchange="outreach.events", routing_key="visit_recorded",
                             user_id=broker_user, delivery_mode=2)
            producer.publish(unsigned, exchange="outreach.events", routing_key="visit_recorded", delivery_mode=2)
        rejected = client[f"{centre_prefix}_centre"].rejected_events
        assert wait_for(lambda: rejected.count_documents({}) == 2, timeout=30), (tmp_path / "services.log").read_text()
        reasons = {row["_id"]: row["reason"] for row in rejected.find()}
        assert "names partner 'essote'" in str(reasons[forged["event_id"]])
        assert "not a partner's" in str(reasons[unsigned["event_id"]])
        assert events.count_documents({}) == 1
        client.close()

        # The partner's credentials at the centre can publish events, nothing else.
        with pytest.raises((AccessRefused, OperationalError)):
            with Connection(partner_at_centre) as connection:
                connection.default_channel.basic_get("evt-outreach-visit_recorded--reporting_ingest.on_visit_recorded")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        httpx.delete(f"{MANAGEMENT}/users/{broker_user}", auth=GUEST)
