"""Settings come from environment variables, so that the embedded runner,
compose and the tests configure services the same way."""
import os
from dataclasses import dataclass, field

from nameko.constants import DEFAULT_TRANSPORT_OPTIONS


def _env(name, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    amqp_uri: str = field(default_factory=lambda: _env("AMQP_URI", "memory://"))
    mongo_url: str = field(default_factory=lambda: _env("MONGO_URL", "mongodb://127.0.0.1:27017"))
    tokens_file: str | None = field(default_factory=lambda: _env("SOSHUB_TOKENS_FILE"))
    db_prefix: str = field(default_factory=lambda: _env("SOSHUB_DB_PREFIX", "soshub"))

    def database(self, owner):
        """Each service owns one database: ``<prefix>_<owner>``."""
        return f"{self.db_prefix}_{owner}"


# The centre's ingest batches what it holds; nameko's max_workers is also
# its consumer's prefetch, so this is how many messages it may hold.
INGEST_MAX_WORKERS = 1000


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
