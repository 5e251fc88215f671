"""Runs the embedded SecantusDB server, as ``python -m secantus`` does, but
with a shorter transaction lifetime.

A client killed in the middle of a transaction (``kill -9`` of the services'
process, a crash) leaves it open on the server, holding what it wrote: the
read models' state document, a visit's Idempotency-Key. Until the server
reaps it, every later write of the same document conflicts, so the ingest
and a client retrying that key wait out the lifetime. MongoDB's default (and
SecantusDB's) is 60 s; our transactions last milliseconds, so 15 s is
ample for them and bounds that stall (compose sets the same for MongoDB)."""
import functools
import sys

from secantus import cli
from secantus.server import SecantusDBServer

TRANSACTION_LIFETIME_SECONDS = 15

if __name__ == "__main__":
    cli.SecantusDBServer = functools.partial(SecantusDBServer,
                                             transaction_lifetime_seconds=TRANSACTION_LIFETIME_SECONDS)
    sys.exit(cli.main())
