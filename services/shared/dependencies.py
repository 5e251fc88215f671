"""nameko dependency providers every partner service uses."""
from nameko.extensions import DependencyProvider

from services.shared.mongo import connect


class MongoDatabase(DependencyProvider):
    """Injects the service's own database (``MONGO_DATABASE``); the client
    is reachable as ``db.client`` for sessions and transactions."""

    def __init__(self, setup_indexes=None):
        self.setup_indexes = setup_indexes

    def setup(self):
        config = self.container.config
        self.client = connect(config["MONGO_URL"], config.get("MONGO_TIMEOUT_MS", 5000))
        self.database = self.client[config["MONGO_DATABASE"]]

    def start(self):
        if self.setup_indexes:
            self.setup_indexes(self.database)

    def stop(self):
        self.client.close()

    def kill(self):
        self.client.close()

    def get_dependency(self, worker_ctx):
        return self.database
