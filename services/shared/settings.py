"""Settings come from environment variables, so that the embedded runner,
compose and the tests configure services the same way."""
import os
from dataclasses import dataclass, field


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


def service_config(settings, owner, web_address="127.0.0.1:0"):
    """The nameko config of one service container."""
    return {
        "AMQP_URI": settings.amqp_uri,
        "WEB_SERVER_ADDRESS": web_address,
        "MONGO_URL": settings.mongo_url,
        "MONGO_DATABASE": settings.database(owner),
        "SOSHUB_TOKENS_FILE": settings.tokens_file,
    }
