"""The deployed topology, started as compose starts it but as plain
processes: a partner's outreach service on its own vhost, the deploy
scripts' shovel with the partner's own restricted credentials, the centre's
declare-queues and ingest on another vhost."""
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from kombu import Connection
from kombu.exceptions import OperationalError
from amqp.exceptions import AccessRefused

from tests.support import auth, free_port, unique_prefix, visit_body, wait_for, write_tokens

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

        common = {"MONGO_URL": secantus.url, "SOSHUB_TOKENS_FILE": write_tokens(tmp_path),
                  "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        partner_prefix, centre_prefix = unique_prefix(), unique_prefix()
        api_port = free_port()
        log = open(tmp_path / "services.log", "wb")
        processes.append(spawn(["services", "reporting_ingest"],
                               {**common, "AMQP_URI": centre_amqp, "SOSHUB_DB_PREFIX": centre_prefix}, log))
        processes.append(spawn(["services", "outreach", "--api-address", f"127.0.0.1:{api_port}"],
                               {**common, "AMQP_URI": partner_amqp, "SOSHUB_DB_PREFIX": partner_prefix}, log))

        def api_up():
            try:
                return httpx.get(f"http://127.0.0.1:{api_port}/outreach/openapi.json", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        assert wait_for(api_up, timeout=60, interval=0.2), (tmp_path / "services.log").read_text()
        visit = httpx.post(f"http://127.0.0.1:{api_port}/outreach/visits", json=visit_body(),
                           headers=auth("kainuu-token")).json()

        client = secantus.client()
        events = client[f"{centre_prefix}_centre"].events
        stored = wait_for(lambda: events.find_one({"_id": visit["event_id"]}), timeout=60, interval=0.2)
        assert stored, (tmp_path / "services.log").read_text()
        assert stored["payload"]["visit_id"] == visit["visit_id"]
        client.close()

        # The partner's credentials at the centre can publish events, nothing else.
        partner_at_centre = f"amqp://{broker_user}:s3cret-{partner_id}@127.0.0.1:5672/{centre_vhost}"
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
