"""A demo data set is a list of API calls, sent in order."""
from dataclasses import dataclass


@dataclass(frozen=True)
class ApiCall:
    partner: str
    path: str  # may name earlier answers: "/groups/{kainuu-gestalt-1}/sessions"
    key: str  # the Idempotency-Key: re-running the demo adds nothing
    body: dict
    remember: tuple | None = None  # (name, field of the answer) for later paths
    public: bool = False  # sent without the worker's token: a client answering through a one-time link


def round_robin(pool):
    """Endless cycle over ``pool``: every worker gets used."""
    while True:
        yield from pool
