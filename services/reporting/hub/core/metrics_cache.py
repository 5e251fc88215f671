"""Metrics served from memory while the read models stand still.

Each request reads the read models' version (one small document); a
period's metrics (and each reader's JSON of them) are computed once per
version. While events keep arriving, an answer may be up to
``MAX_STALE_SECONDS`` behind, so a busy ingest does not make every request
recompute. Only one request computes a given period at a time; while it
does, the others get the period's previous figures at once rather than
queueing behind it (only a period never computed before is waited for)."""
import json
import threading
import time
from collections import OrderedDict

from fastapi.encoders import jsonable_encoder

from services.reporting.metrics.compute import compute_metrics
from services.reporting.readmodels.store import models_version, read_meta

MAX_STALE_SECONDS = 1.0
ENTRIES = 512


class MetricsCache:
    def __init__(self, database):
        self.database = database
        self.version = None  # (epoch, generation, version) of the read models
        self.entries = OrderedDict()  # key → {"version", "at", "snapshot", "json": {viewer: bytes}}
        self.locks = {}
        self.guard = threading.Lock()

    def current_version(self):
        # One read of one document by _id: about what /api/health's ping costs.
        return models_version(read_meta(self.database))

    def _fresh(self, entry, version):
        if entry is None or version is None:
            return False
        if entry["version"] == version:
            return True
        same_models = entry["version"][:2] == version[:2]  # not rebuilt or reset since
        return same_models and time.monotonic() - entry["at"] < MAX_STALE_SECONDS

    def snapshot(self, project, start, end):
        """The period's metrics, computed at most once per version."""
        key = (project["id"], start, end)
        version = self.current_version()
        entry = self.entries.get(key)
        if self._fresh(entry, version):
            return entry
        with self.guard:
            lock = self.locks.setdefault(key, threading.Lock())
        if not lock.acquire(blocking=False):
            if entry is not None and version is not None and entry["version"][:2] == version[:2]:
                return entry  # another request is computing the new figures
            lock.acquire()
        try:
            entry = self.entries.get(key)
            if self._fresh(entry, version):
                return entry
            snapshot = compute_metrics(self.database, project, start, end)
            entry = {"version": models_version(snapshot["read_models"]),
                     "at": time.monotonic(), "snapshot": snapshot, "json": {}}
            with self.guard:
                self.entries[key] = entry
                self.entries.move_to_end(key)
                while len(self.entries) > ENTRIES:
                    evicted, _ = self.entries.popitem(last=False)
                    if evicted in self.locks and not self.locks[evicted].locked():
                        del self.locks[evicted]
            return entry
        finally:
            lock.release()

    def body(self, entry, viewer, render):
        """The JSON bytes of ``render()`` for ``viewer``, once per entry."""
        cached = entry["json"].get(viewer)
        if cached is None:
            cached = json.dumps(jsonable_encoder(render()), ensure_ascii=False).encode()
            entry["json"][viewer] = cached
        return cached
