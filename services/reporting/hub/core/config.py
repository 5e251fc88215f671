"""The hub's settings, from the same environment variables as the services."""
from functools import lru_cache

from services.shared.settings import Settings


@lru_cache(maxsize=1)
def get_settings():
    return Settings()
