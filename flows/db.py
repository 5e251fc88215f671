"""The centre's database as the flows reach it (same settings as the hub)."""
from services.shared.mongo import connect
from services.shared.settings import Settings

CENTRE = "centre"


def centre_database(settings=None):
    settings = settings or Settings()
    return connect(settings.mongo_url)[settings.database(CENTRE)]
