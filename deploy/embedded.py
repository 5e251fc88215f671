"""The embedded stack of ``soshub up``: SecantusDB (unless MONGO_URL is
set), every nameko service in one process over kombu's ``memory://``
(unless AMQP_URI is set), and the hub, each a child process. Children run in
their own sessions so that Ctrl-C reaches only this supervisor, which then
stops them in order: services first (they drain), then the hub, then the
database.

While it runs, the supervisor restarts a child that exits, after a back-off
that doubles with each quick crash, and logs it to stderr and
``logs/supervisor.log``; the other children stay up. It writes
``stack.json`` (mode 0600) so that other ``soshub`` commands run from the
same directory find the database and broker (see services.shared.settings)."""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import httpx

# The partners of the demo's projects (services/reporting/projects/): ISO SOS, then PRO SOS.
ISO_SOS_PARTNERS = ["essote", "kainuu", "pieksamaki", "sosteri"]
PRO_SOS_PARTNERS = ["chydenius", "koske", "pikassos", "socom", "sonetbotnia", "verso", "vasso", "socca"]
DEMO_PARTNERS = ISO_SOS_PARTNERS + PRO_SOS_PARTNERS


class StackError(RuntimeError):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_demo_tokens(path):
    """Demo tokens for the demo partners (ISO SOS and PRO SOS) and a
    coordinator, made once and kept, so that scripts keep working across
    restarts. A work directory made before a partner joined the demo gets
    that partner's token added; the tokens it has stay as they are."""
    tokens = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    have = {entry.get("partner") for entry in tokens.values() if entry.get("role") == "worker"}
    added = {f"demo-{partner}-{secrets.token_urlsafe(12)}": {"partner": partner, "role": "worker"}
             for partner in DEMO_PARTNERS if partner not in have}
    if not any(entry.get("role") == "coordinator" for entry in tokens.values()):
        added[f"demo-coordinator-{secrets.token_urlsafe(12)}"] = {"partner": None, "role": "coordinator"}
    if not added:
        return
    path.write_text(json.dumps(tokens | added, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)


@dataclass
class Child:
    name: str
    argv: list
    log_path: Path
    process: subprocess.Popen = None
    started_at: float = 0.0
    backoff: float = 0.0  # seconds before the next restart; doubles on quick crashes
    restart_at: float | None = None  # when an exited child is due to start again
    restarts: int = 0


class EmbeddedStack:
    first_backoff = 1.0
    max_backoff = 30.0
    stable_after = 60.0  # a child up this long has recovered: back-off resets

    def __init__(self, workdir=".soshub", api_port=8000, hub_port=8080, host="127.0.0.1"):
        self.workdir = Path(workdir).resolve()
        self.host = host
        self.api_port = api_port
        self.hub_port = hub_port
        self.children = []  # Child, in start order
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

    @property
    def stack_file(self):
        return self.workdir / "stack.json"

    def _spawn(self, name, argv):
        child = Child(name, argv, self.workdir / "logs" / f"{name}.log")
        self._launch(child)
        self.children.append(child)
        return child.process

    def _launch(self, child):
        with open(child.log_path, "ab") as log:
            child.process = subprocess.Popen(child.argv, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, start_new_session=True)
        child.started_at = time.monotonic()

    def _child(self, name):
        return next(child for child in self.children if child.name == name)

    def _wait_until(self, name, ready, timeout):
        deadline = time.monotonic() + timeout
        child = self._child(name)
        while time.monotonic() < deadline:
            if child.process.poll() is not None:
                raise StackError(f"{name} exited with {child.process.returncode}; see {child.log_path}")
            if ready():
                return
            time.sleep(0.2)
        raise StackError(f"{name} did not become ready in {timeout}s; see {child.log_path}")

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
        self._write_stack_file()

    def _write_stack_file(self):
        stack = {"pid": os.getpid(), "mongo_url": self.env["MONGO_URL"], "amqp_uri": self.env["AMQP_URI"],
                 "db_prefix": self.env.get("SOSHUB_DB_PREFIX") or None, "tokens_file": str(self.tokens_file),
                 "api_port": self.api_port, "hub_port": self.hub_port, "api_url": self.api_url,
                 "hub_url": self.hub_url}
        # The URIs may hold passwords: readable by this user only.
        descriptor = os.open(self.stack_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(stack, handle, indent=2)
        self.stack_file.chmod(0o600)

    def _start_secantus(self):
        port = free_port()
        storage = self.workdir / "mongo"
        storage.mkdir(parents=True, exist_ok=True)
        self._spawn("secantusdb", [sys.executable, "-m", "deploy.secantus_process", "--host", "127.0.0.1",
                                   "--port", str(port), "--storage-path", str(storage),
                                   # An accepted record survives a kill -9 of the database.
                                   "--sync-on-commit"])
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

    def supervise(self):
        """Restarts every child that exited, each after its back-off; call
        it every second or so while the stack runs."""
        now = time.monotonic()
        for child in self.children:
            if child.restart_at is None:
                code = child.process.poll()
                if code is None:
                    if child.backoff and now - child.started_at > self.stable_after:
                        child.backoff = 0.0
                    continue
                child.backoff = min(self.max_backoff, child.backoff * 2 or self.first_backoff)
                child.restart_at = now + child.backoff
                self.log(f"{child.name} exited with {code}; restarting it in {child.backoff:.0f} s "
                         f"(its log: {child.log_path})")
            elif now >= child.restart_at:
                child.restart_at = None
                child.restarts += 1
                self._launch(child)
                self.log(f"{child.name} restarted (pid {child.process.pid}, restart {child.restarts})")

    def log(self, message):
        line = f"{datetime.now(timezone.utc).isoformat(timespec='seconds')} {message}"
        print(f"soshub: {message}", file=sys.stderr, flush=True)
        with open(self.workdir / "logs" / "supervisor.log", "a", encoding="utf-8") as log:
            log.write(line + "\n")

    def stop(self):
        self.stack_file.unlink(missing_ok=True)
        for child in reversed(self.children):
            process = child.process
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
