"""MongoDB connection set-up, the same for every service and the hub."""
from pymongo import MongoClient


def connect(url, timeout_ms=5000):
    return MongoClient(
        url,
        tz_aware=True,
        uuidRepresentation="standard",
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
    )
