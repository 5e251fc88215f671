"""Settings come from environment variables, so that the embedded runner,
compose and the tests configure services the same way. Where MONGO_URL or
AMQP_URI is not set, a ``soshub up`` running from the same directory is
found through the ``./.soshub/stack.json`` it writes."""
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from nameko.constants import DEFAULT_TRANSPORT_OPTIONS

STACK_FILE = Path(".soshub") / "stack.json"


def _env(name, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_stack(path=STACK_FILE):
    """What ``soshub up`` wrote to ``path`` (mongo_url, amqp_uri, tokens_file,
    db_prefix, api_url, hub_url) while it runs, else {}."""
    try:
        stack = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stack, dict) or not isinstance(stack.get("pid"), int) or not _alive(stack["pid"]):
        return {}  # left behind by a stack that was killed
    return stack


def _setting(env_name, stack_key, default=None):
    return _env(env_name) or running_stack().get(stack_key) or default


@dataclass(frozen=True)
class Settings:
    amqp_uri: str = field(default_factory=lambda: _setting("AMQP_URI", "amqp_uri", "memory://"))
    mongo_url: str = field(default_factory=lambda: _setting("MONGO_URL", "mongo_url", "mongodb://127.0.0.1:27017"))
    tokens_file: str | None = field(default_factory=lambda: _setting("SOSHUB_TOKENS_FILE", "tokens_file"))
    db_prefix: str = field(default_factory=lambda: _setting("SOSHUB_DB_PREFIX", "db_prefix", "soshub"))

    def database(self, owner):
        """Each service owns one database: ``<prefix>_<owner>``."""
        return f"{self.db_prefix}_{owner}"


def mask_password(url):
    """``url`` fit to print or log: its password, if any, as ``***``."""
    parts = urlsplit(url)
    try:
        if parts.password is None:
            return url
    except ValueError:
        return url
    userinfo, _, hosts = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{userinfo.split(':', 1)[0]}:***@{hosts}"))


# The centre's ingest batches what it holds; nameko's max_workers is also
# its consumer's prefetch (per queue), so this is how many messages of a
# queue it may hold: two of its writer's batches (BATCH_SIZE in
# services/reporting/ingest.py), one being written, one validated meanwhile.
INGEST_MAX_WORKERS = 2000


def service_config(settings, owner, web_address="127.0.0.1:0"):
    """The nameko config of one service container."""
    config = {
        "AMQP_URI": settings.amqp_uri,
        "WEB_SERVER_ADDRESS": web_address,
        "MONGO_URL": settings.mongo_url,
        "MONGO_DATABASE": settings.database(owner),
        "SOSHUB_TOKENS_FILE": settings.tokens_file,
        # The worker app's sessions authenticate its users at every service.
        "SOSHUB_ACCOUNTS_DATABASE": settings.database("accounts"),
    }
    if owner == "centre":
        config["max_workers"] = INGEST_MAX_WORKERS
        config["SOSHUB_REQUIRE_BROKER_USER"] = _env("SOSHUB_REQUIRE_BROKER_USER", "false")
    if settings.amqp_uri.startswith("memory://"):
        # kombu's in-memory transport polls its queues, by default once a
        # second, and nameko's consumer takes one message per poll.
        config["TRANSPORT_OPTIONS"] = {**DEFAULT_TRANSPORT_OPTIONS, "polling_interval": 0.01}
    return config
