"""The embedded stack of ``soshub up``: SecantusDB (unless MONGO_URL is
set), every nameko service in one process over kombu's ``memory://``
(unless AMQP_URI is set), and the hub, each a child process. Children run in
their own sessions so that Ctrl-C reaches only this supervisor, which then
stops them in order: services first (they drain), then the hub, then the
database."""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

DEMO_PARTNERS = ["essote", "kainuu", "pieksamaki", "sosteri"]


class StackError(RuntimeError):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_demo_tokens(path):
    """Demo tokens for the four ISO SOS partners and a coordinator, made
    once and kept, so that scripts keep working across restarts."""
    if path.exists():
        return
    tokens = {f"demo-{partner}-{secrets.token_urlsafe(12)}": {"partner": partner, "role": "worker"}
              for partner in DEMO_PARTNERS}
    tokens[f"demo-coordinator-{secrets.token_urlsafe(12)}"] = {"partner": None, "role": "coordinator"}
    path.write_text(json.dumps(tokens, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)


class EmbeddedStack:
    def __init__(self, workdir=".soshub", api_port=8000, hub_port=8080, host="127.0.0.1"):
        self.workdir = Path(workdir).resolve()
        self.host = host
        self.api_port = api_port
        self.hub_port = hub_port
        self.children = []  # (name, Popen), in start order
        self.env = os.environ.copy()

    @property
    def api_url(self):
        return f"http://{self.host}:{self.api_port}"

    @property
    def hub_url(self):
        return f"http://{self.host}:{self.hub_port}"

    @property
    def tokens_file(self):
        return Path(self.env["SOSHUB_TOKENS_FILE"])

    def _spawn(self, name, argv):
        log_path = self.workdir / "logs" / f"{name}.log"
        log = open(log_path, "ab")
        process = subprocess.Popen(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        self.children.append((name, process, log_path))
        return process

    def _wait_until(self, name, ready, timeout):
        deadline = time.monotonic() + timeout
        process, log_path = next((p, lp) for n, p, lp in self.children if n == name)
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise StackError(f"{name} exited with {process.returncode}; see {log_path}")
            if ready():
                return
            time.sleep(0.2)
        raise StackError(f"{name} did not become ready in {timeout}s; see {log_path}")

    def _ports_free(self):
        for port in (self.api_port, self.hub_port):
            with socket.socket() as sock:
                if sock.connect_ex((self.host, port)) == 0:
                    raise StackError(f"port {port} on {self.host} is in use; choose another with "
                                     f"--api-port / --hub-port")

    def start(self):
        (self.workdir / "logs").mkdir(parents=True, exist_ok=True)
        self._ports_free()
        if not self.env.get("SOSHUB_TOKENS_FILE"):
            tokens = self.workdir / "tokens.json"
            write_demo_tokens(tokens)
            self.env["SOSHUB_TOKENS_FILE"] = str(tokens)
        if not self.env.get("MONGO_URL"):
            self._start_secantus()
        self.env.setdefault("AMQP_URI", "memory://")
        self.env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
        self._spawn("services", [sys.executable, "-m", "deploy.services_process",
                                 "--api-address", f"{self.host}:{self.api_port}"])
        self._spawn("hub", [sys.executable, "-m", "uvicorn", "services.reporting.hub.main:app",
                            "--host", self.host, "--port", str(self.hub_port), "--log-level", "warning"])
        for prefix in ("outreach", "assessment", "groups"):
            self._wait_until("services", lambda: self._http_ok(f"{self.api_url}/{prefix}/openapi.json"), 60)
        self._wait_until("hub", lambda: self._http_ok(f"{self.hub_url}/api/health"), 60)

    def _start_secantus(self):
        port = free_port()
        storage = self.workdir / "mongo"
        storage.mkdir(parents=True, exist_ok=True)
        self._spawn("secantusdb", [sys.executable, "-m", "secantus", "--host", "127.0.0.1",
                                   "--port", str(port), "--storage-path", str(storage)])
        self.env["MONGO_URL"] = f"mongodb://127.0.0.1:{port}/?directConnection=true"

        def ping():
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", port)) == 0

        self._wait_until("secantusdb", ping, 60)

    @staticmethod
    def _http_ok(url):
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def check_alive(self):
        for name, process, log_path in self.children:
            if process.poll() is not None:
                raise StackError(f"{name} exited with {process.returncode}; see {log_path}")

    def stop(self):
        for name, process, _ in reversed(self.children):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.children.clear()

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
