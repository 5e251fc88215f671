"""``soshub up`` supervises its children: a ``kill -9`` of any of them during
a stream of POSTs loses nothing, and the stack answers again within 30 s."""
import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from pymongo import MongoClient
from pymongo.errors import OperationFailure, PyMongoError

from tests.hub.test_cli import http_ok, start_stack
from tests.support import free_port, visit_body, wait_for

# The supervisor backs off up to 30 s between restarts (README), and then the child starts.
RECOVERY_SECONDS = 60


def children(pid):
    """{name: pid} of the supervisor's children, named by what they run."""
    found = {}
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        for name, marker in (("services", "deploy.services_process"), ("hub", "uvicorn"), ("secantusdb", "secantus")):
            if marker in cmdline:
                found[name] = int(child)
    return found


class PostStream:
    """Posts visits one after another, each with its own Idempotency-Key,
    retrying each until it gets its answer, as a careful client does."""

    def __init__(self, api_url, token):
        self.api_url, self.token = api_url, token
        self.accepted, self.errors, self.refused = [], 0, []
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        with httpx.Client(timeout=10) as client:
            while self.running:
                key = f"stream-{len(self.accepted)}"
                body = visit_body(people_present=len(self.accepted) % 50 + 1, people_contacted=1)
                while True:
                    try:
                        response = client.post(f"{self.api_url}/outreach/visits", json=body, headers={
                            "Authorization": f"Bearer {self.token}", "Idempotency-Key": key})
                        if response.status_code == 201:
                            self.accepted.append(response.json()["visit_id"])
                            break
                        if response.status_code < 500:
                            self.refused.append(response.text)
                    except httpx.TransportError:
                        pass
                    self.errors += 1
                    time.sleep(0.2)


def test_a_killed_child_is_restarted_and_nothing_is_lost(tmp_path):
    process, api_url, hub_url, output = start_stack(tmp_path)
    try:
        tokens = json.loads((tmp_path / ".soshub" / "tokens.json").read_text())
        worker = next(t for t, e in tokens.items() if e["partner"] == "kainuu")
        coordinator = next(t for t, e in tokens.items() if e["role"] == "coordinator")
        stack = json.loads((tmp_path / ".soshub" / "stack.json").read_text())
        stream = PostStream(api_url, worker)
        stream.thread.start()
        for name in ("services", "secantusdb", "hub"):
            assert wait_for(lambda: len(stream.accepted) >= 10, timeout=20)
            before = len(stream.accepted)
            victim = children(process.pid)[name]
            subprocess.run(["kill", "-9", str(victim)], check=True)
            killed_at = time.monotonic()
            if name == "hub":
                answered = wait_for(lambda: http_ok(f"{hub_url}/api/health"), timeout=RECOVERY_SECONDS)
            else:
                answered = wait_for(lambda: len(stream.accepted) > before + 5, timeout=RECOVERY_SECONDS)
            assert answered, f"no answer {RECOVERY_SECONDS} s after {name} was killed: {stream.refused[-3:]}"
            print(f"{name}: answering again {time.monotonic() - killed_at:.1f} s after kill -9")
            assert children(process.pid)[name] != victim
        stream.running = False
        stream.thread.join(timeout=30)
        accepted = stream.accepted
        assert stream.errors > 0  # the kills were felt
        assert stream.refused == []

        # Every accepted visit is stored once, and reaches the centre once.
        client = MongoClient(stack["mongo_url"], tz_aware=True, uuidRepresentation="standard")
        try:
            partner = client["soshub_outreach"]
            assert partner.visits.count_documents({}) == len(accepted) == len(set(accepted))

            def centre_has_all():
                return client["soshub_centre"].events.count_documents(
                    {"event_type": "outreach.visit_recorded"}) == len(accepted)

            assert wait_for(centre_has_all, timeout=30)
        finally:
            client.close()
        totals = httpx.get(f"{hub_url}/api/outreach/totals", headers={"Authorization": f"Bearer {coordinator}"})
        assert totals.status_code == 200

        log = (tmp_path / ".soshub" / "logs" / "supervisor.log").read_text()
        for name in ("services", "secantusdb", "hub"):
            assert f"{name} exited with -9" in log and f"{name} restarted" in log
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
        assert not (tmp_path / ".soshub" / "stack.json").exists()
    finally:
        if process.poll() is None:
            # A failed run must not leave the stack's children running on
            # (and loading) the machine after the supervisor is gone.
            for pid in children(process.pid).values():
                subprocess.run(["kill", "-9", str(pid)])
            process.kill()


def test_a_transaction_left_open_by_a_killed_client_stops_blocking_writes_within_20_s(tmp_path):
    # What the services' process leaves behind when it is killed mid-batch:
    # an open transaction holding the document every batch writes.
    port = free_port()
    url = f"mongodb://127.0.0.1:{port}/?directConnection=true"
    server = subprocess.Popen([sys.executable, "-m", "deploy.secantus_process", "--host", "127.0.0.1",
                               "--port", str(port), "--storage-path", str(tmp_path), "--log-level", "WARNING"],
                              cwd=Path(__file__).parents[2])
    client = MongoClient(url)
    try:
        assert wait_for(lambda: _pings(client), timeout=30)
        client.t.meta.insert_one({"_id": "state", "version": 0})
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "holding"
        holder.kill()
        holder.wait()
        killed_at = time.monotonic()

        def written():
            try:
                with client.start_session() as session, session.start_transaction():
                    client.t.meta.update_one({"_id": "state"}, {"$inc": {"version": 1}}, session=session)
                return True
            except OperationFailure as exc:
                assert exc.has_error_label("TransientTransactionError"), exc
                return False

        assert not written()  # the killed client's transaction still holds it
        assert wait_for(written, timeout=20, interval=0.2)
        assert time.monotonic() - killed_at >= 10  # reaped by its lifetime, not by chance
        assert client.t.meta.find_one({"_id": "state"})["version"] == 1  # the killed one's write is gone
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=30)


HOLDER = """
import sys, time
from pymongo import MongoClient
client = MongoClient(sys.argv[1])
session = client.start_session()
session.start_transaction()
client.t.meta.update_one({"_id": "state"}, {"$inc": {"version": 100}}, session=session)
print("holding", flush=True)
time.sleep(600)
"""


def _pings(client):
    try:
        return client.admin.command("ping")["ok"] == 1
    except PyMongoError:  # not up yet
        return False
