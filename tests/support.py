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
    "koske-token": {"partner": "koske", "role": "worker"},
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


def client_body(**overrides):
    body = {
        "client": "kainuu-c001",
        "gender": "female",
        "birth_year": 1984,
        "marital_status": "single",
        "household": "alone",
        "children_in_household": 0,
        "labour_market_status": "unemployed",
        "out_of_work_months": 42,
        "primary_reason": "social_relationships",
        "municipality": "205",
        "needs_assessment_done": True,
        "registered_on": "2018-09-03",
        "worker": "kainuu-sw-02",
    }
    body.update(overrides)
    return body


KYKYVIISARI_DOMAINS = ["body", "mind", "skills", "interaction", "everyday_life", "participation",
                       "work_ability", "life_satisfaction"]


def measurement_body(round=1, measured_on="2018-09-10", score=5, **overrides):
    body = {
        "client": "kainuu-c001",
        "instrument": "kykyviisari",
        "round": round,
        "measured_on": measured_on,
        "scores": {domain: score for domain in KYKYVIISARI_DOMAINS},
        "worker": "kainuu-sw-02",
    }
    body.update(overrides)
    return body


def group_body(**overrides):
    body = {
        "name": "Hahmoterapiaryhmä 1",
        "activity": "gestalt_therapy",
        "municipality": "205",
        "facilitators": ["kainuu-sw-05", "kainuu-ext-01"],
        "planned_sessions": 4,
        "intensity": "weekly",
        "session_minutes": 135,
        "started_on": "2019-04-02",
    }
    body.update(overrides)
    return body


def participant_body(client="kainuu-g001", **overrides):
    body = {
        "client": client,
        "gender": "female",
        "marital_status": "single",
        "labour_market_status": "unemployed",
        "out_of_work_months": 30,
        "lives_alone": True,
        "primary_reason": "health",
        "referred_by": "adult_social_work",
        "enrolled_on": "2019-04-02",
    }
    body.update(overrides)
    return body
