"""Test helpers shared by the service suite (eventlet) and the hub suite."""
import json
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from pymongo import MongoClient

TOKENS = {
    "kainuu-token": {"partner": "kainuu", "role": "worker"},
    "essote-token": {"partner": "essote", "role": "worker"},
    "coordinator-token": {"partner": None, "role": "coordinator"},
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_tokens(directory):
    path = Path(directory) / "tokens.json"
    path.write_text(json.dumps(TOKENS))
    return str(path)


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def wait_for(predicate, timeout=15.0, interval=0.05, sleep=time.sleep):
    """Polls ``predicate`` until it returns something truthy; returns it or
    the last value after ``timeout``."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        sleep(interval)
        value = predicate()
    return value


def unique_prefix():
    return f"t{uuid.uuid4().hex[:12]}"


def visit_body(**overrides):
    body = {
        "visit_date": "2019-03-04",
        "municipality": "205",
        "venue": "Tutun Tupa, Kajaani",
        "venue_type": "low_threshold_meeting_place",
        "nature": "partner_premises",
        "people_present": 12,
        "people_contacted": 5,
        "topics": ["finances", "housing"],
        "worker_rating": 4,
        "suitability_rating": 5,
        "observations": "Vuokra-asuntojen puute näkyy.",
        "worker": "kainuu-sw-01",
    }
    body.update(overrides)
    return body


class SecantusServer:
    """A real SecantusDB server in a subprocess, on a fixed port and data
    directory so that it can be stopped and started again mid-test."""

    def __init__(self, storage, port=None):
        self.storage = str(storage)
        self.port = port or free_port()
        self.process = None

    @property
    def url(self):
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "secantus", "--host", "127.0.0.1", "--port", str(self.port),
             "--storage-path", self.storage, "--log-level", "WARNING"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            if self.process.poll() is not None:
                raise RuntimeError(f"secantusdb exited with {self.process.returncode}")
            time.sleep(0.1)
        raise RuntimeError("secantusdb did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def client(self):
        return MongoClient(self.url, tz_aware=True, uuidRepresentation="standard",
                           serverSelectionTimeoutMS=5000)
