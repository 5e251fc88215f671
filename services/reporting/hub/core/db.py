"""The centre's database, as the hub reads it."""
from functools import lru_cache

from services.shared.mongo import connect

from services.reporting.hub.core.config import get_settings

CENTRE = "centre"


@lru_cache(maxsize=1)
def get_client():
    return connect(get_settings().mongo_url, timeout_ms=3000)


def get_centre_db():
    return get_client()[get_settings().database(CENTRE)]
