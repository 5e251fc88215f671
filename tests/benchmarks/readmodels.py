"""Benchmark of the centre's read side at scale (not part of the tests).

    ./run bench                  # 100,000 and 1,000,000 events
    ./run bench 20000            # other sizes

For each size it loads synthetic events (tests/benchmarks/synthetic.py)
into a fresh SecantusDB and measures, in the same run on the same data,
each figure against a baseline taken beside it (these machines are noisy,
so compare the ratios):
- rebuild: every read model from the log, against one raw ``$group`` pass
  over the same events (the floor of anything that reads them all);
- hub: ``/api/projects/iso-sos/metrics`` for assorted periods under 50
  concurrent clients, against ``/api/health`` under the same load (p95);
- ingest: the centre's ingest draining a queue of visits, against a plain
  kombu consumer that only acks the same messages from the same broker;
- end to end: 8 clients POSTing visits to the partner API (accept rate)
  against the rate at which they reach the centre's read models;
- latency: a POSTed visit until the hub's metrics of a period show it.
It needs RabbitMQ on 127.0.0.1 with its management plugin (./run tests
sets both up)."""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote

import httpx
from kombu import Connection, Exchange, Producer, Queue

from services.reporting.event_store import EVENTS, ensure_indexes
from services.reporting.readmodels.buckets import unpack
from services.reporting.readmodels.store import read_meta, rebuild
from services.shared.envelope import make_event
from tests.benchmarks.synthetic import synthetic_events
from tests.support import SecantusServer, free_port, visit_body, wait_for

MANAGEMENT = "http://127.0.0.1:15672/api"
GUEST = ("guest", "guest")
TOKEN, COORDINATOR = "bench-kainuu", "bench-coordinator"
PERIODS = ["", "from=2019-01-01&to=2019-03-31", "from=2018-03-15&to=2019-10-02", "from=2019-06-01&to=2019-06-30",
           "from=2018-07-01&to=2018-12-31", "from=2019-02-14&to=2019-02-14", "from=2018-01-01&to=2018-12-31",
           "from=2019-04-01&to=2019-09-30"]


def _timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def load(database, size):
    database.drop_collection(EVENTS)
    ensure_indexes(database)
    batch = []
    for event in synthetic_events(size):
        batch.append(event)
        if len(batch) == 5000:
            database[EVENTS].insert_many(batch, ordered=False)
            batch = []
    if batch:
        database[EVENTS].insert_many(batch, ordered=False)


def percentiles(url, path, headers, clients=50, requests=1000):
    """p50 and p95 latency (s) of ``requests`` GETs by ``clients`` threads."""
    latencies = []
    paths = [path] if isinstance(path, str) else path
    with httpx.Client(base_url=url, headers=headers, timeout=120,
                      limits=httpx.Limits(max_connections=clients)) as client:
        def one(n):
            started = time.perf_counter()
            answer = client.get(paths[n % len(paths)])
            answer.raise_for_status()
            return time.perf_counter() - started

        with ThreadPoolExecutor(clients) as pool:
            latencies = list(pool.map(one, range(requests)))
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95)]


class Vhost:
    def __init__(self):
        self.name = f"soshub-bench-{uuid.uuid4().hex[:8]}"
        self.quoted = quote(self.name, safe="")
        httpx.put(f"{MANAGEMENT}/vhosts/{self.quoted}", auth=GUEST).raise_for_status()
        httpx.put(f"{MANAGEMENT}/permissions/{self.quoted}/guest", auth=GUEST,
                  json={"configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
        self.uri = f"amqp://guest:guest@127.0.0.1:5672/{self.quoted}"

    def ready(self, queue):
        """Messages waiting in ``queue`` now (the management API's figures
        lag by seconds; a passive declare does not)."""
        with Connection(self.uri) as connection:
            return connection.default_channel.queue_declare(queue, passive=True).message_count

    def delete(self):
        httpx.delete(f"{MANAGEMENT}/vhosts/{self.quoted}", auth=GUEST)


def visit_events(count, partner="kainuu"):
    day = datetime(2019, 5, 2, tzinfo=timezone.utc)
    return [make_event("outreach.visit_recorded", partner, day, {**visit_body(), "visit_id": str(uuid.uuid4())})
            for _ in range(count)]


def fill(uri, exchange, queue, routing_key, bodies):
    with Connection(uri) as connection:
        channel = connection.channel()
        bound = Queue(queue, Exchange(exchange, type="topic", durable=True), routing_key=routing_key, durable=True)
        bound(channel).declare()
        producer = Producer(channel, serializer="json")
        for body in bodies:
            producer.publish(body, exchange=exchange, routing_key=routing_key, delivery_mode=2)


def raw_consume_rate(uri, queue, count):
    """Messages per second a kombu consumer that only acks takes from ``queue``."""
    done = threading.Event()
    seen = [0]

    def ack(body, message):
        message.ack()
        seen[0] += 1
        if seen[0] >= count:
            done.set()

    with Connection(uri) as connection:
        started = time.perf_counter()
        with connection.Consumer(Queue(queue, durable=True, no_declare=True), callbacks=[ack],
                                 prefetch_count=1000):
            while not done.is_set():
                connection.drain_events(timeout=10)
        return count / (time.perf_counter() - started)


def spawn(args, env, log):
    return subprocess.Popen([sys.executable, "-m", *args], env={**os.environ, **env}, stdout=log,
                            stderr=subprocess.STDOUT)


def run(size, server, workdir):
    prefix = f"bench{uuid.uuid4().hex[:6]}"
    client = server.client()
    database = client[f"{prefix}_centre"]
    print(f"\n{size:,} events: loading…", flush=True)
    load_seconds, _ = _timed(lambda: load(database, size))
    baseline, _ = _timed(lambda: list(database[EVENTS].aggregate([{"$group": {"_id": "$event_type",
                                                                            "n": {"$sum": 1}}}])))
    rebuilt, done = _timed(lambda: rebuild(database))
    notes = []
    rows = [("baseline: one $group pass over the events", baseline, 1.0),
            (f"rebuild of every read model ({done['events']:,} events)", rebuilt, rebuilt / baseline)]

    tokens = workdir / "tokens.json"
    tokens.write_text(json.dumps({TOKEN: {"partner": "kainuu", "role": "worker"},
                                  COORDINATOR: {"partner": None, "role": "coordinator"}}))
    vhost = Vhost()
    env = {"MONGO_URL": server.url, "SOSHUB_DB_PREFIX": prefix, "SOSHUB_TOKENS_FILE": str(tokens),
           "AMQP_URI": vhost.uri, "PYTHONWARNINGS": "ignore"}
    log = open(workdir / f"bench-{size}.log", "wb")
    processes = []
    try:
        hub_port, api_port = free_port(), free_port()
        processes.append(spawn(["uvicorn", "services.reporting.hub.main:app", "--port", str(hub_port),
                                "--log-level", "warning"], env, log))
        hub = f"http://127.0.0.1:{hub_port}"
        assert wait_for(lambda: _up(f"{hub}/api/health"), timeout=60, interval=0.2), "the hub did not start"
        coordinator = {"Authorization": f"Bearer {COORDINATOR}"}
        health = percentiles(hub, "/api/health", {})
        metrics = percentiles(hub, [f"/api/projects/iso-sos/metrics?{p}" for p in PERIODS], coordinator)
        rows += [("hub /api/health, 50 clients, p95", health[1], 1.0),
                 ("hub metrics of 8 periods, 50 clients, p95", metrics[1], metrics[1] / health[1])]

        # The ingest alone, against a consumer that only acks, each draining
        # a queue filled with the same number of visits.
        count = max(2000, min(20000, size // 50))
        fill(vhost.uri, "outreach.events", "bench-raw", "visit_recorded", visit_events(count))
        raw_rate = raw_consume_rate(vhost.uri, "bench-raw", count)
        queue = "evt-outreach-visit_recorded--reporting_ingest.on_visit_recorded"
        visits = visit_events(count)
        fill(vhost.uri, "outreach.events", queue, "visit_recorded", visits)
        ids = [v["event_id"] for v in visits]
        version = read_meta(database)["version"]
        counted = Counted(database, "kainuu", "2019-05-02")
        processes.append(spawn(["deploy.cli", "services", "reporting_ingest"], env, log))
        # Timed from its first stored batch: the process's start-up is not
        # ingest. Progress is read from one read-model document (a point
        # lookup): polling the log with a $in of every id would cost
        # SecantusDB more than the ingest's own writes and measure the poll.
        assert wait_for(lambda: read_meta(database)["version"] > version, timeout=600,
                        interval=0.02), "the ingest did not start"
        started, first = time.perf_counter(), counted.visits()
        assert wait_for(lambda: counted.visits() >= count, timeout=3600, interval=0.05), "the ingest stalled"
        ingest_rate = (count - first) / (time.perf_counter() - started)
        assert stored(database, ids, timeout=600), "events missing"
        rows += [(f"kombu consume+ack of {count:,} messages (msg/s)", raw_rate, 1.0),
                 (f"ingest of {count:,} visits (events/s)", ingest_rate, ingest_rate / raw_rate)]

        # End to end: 8 clients POST visits to the partner API; the centre
        # keeps up when the last event is in shortly after the last POST.
        processes.append(spawn(["deploy.cli", "services", "outreach", "--api-address", f"127.0.0.1:{api_port}"],
                               env, log))
        api = f"http://127.0.0.1:{api_port}"
        assert wait_for(lambda: _up(f"{api}/outreach/openapi.json"), timeout=60, interval=0.2)
        before = read_meta(database)["version"]
        posts = 2000
        counted = Counted(database, "kainuu", visit_body()["visit_date"])
        watch = counted.watch(posts)
        posted, accepted_at, ids = _post_visits(api, posts, clients=8)
        watch.join(timeout=3600)
        assert watch.done is not None, "posted visits missing at the centre"
        delivered = watch.done - posted
        accept_rate = posts / (accepted_at - posted)
        delivery_rate = posts / delivered
        # The centre keeps up when it takes visits in as fast as they are
        # accepted: its rate from the first visit it counted to the last.
        sustained = (posts - watch.first_count) / (watch.done - watch.first)
        rows += [("accept rate of 8 POSTing clients (visits/s)", accept_rate, 1.0),
                 ("end-to-end, first POST to last counted (visits/s)", delivery_rate, delivery_rate / accept_rate),
                 ("end-to-end sustained, first to last counted (visits/s)", sustained, sustained / accept_rate)]
        assert stored(database, ids, timeout=600), "posted visits missing in the log"
        rounds = [row["n"] for row in client[f"{prefix}_outreach"]["outbox"].aggregate(
            [{"$group": {"_id": "$published_at", "n": {"$sum": 1}}}])]
        notes.append(f"outbox relay: {len(rounds)} rounds for {sum(rounds):,} visits "
                     f"(mean {sum(rounds) / len(rounds):.1f}, largest {max(rounds)})")
        assert read_meta(database)["version"] > before

        # Latency: a visit on a quiet day, until the hub's metrics show it.
        latencies = [_reflected_after(api, hub, coordinator, n) for n in range(5)]
        rows.append(("POST 201 → visible in hub metrics (max of 5)", max(latencies), None))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        vhost.delete()
        client.drop_database(f"{prefix}_centre")
        client.drop_database(f"{prefix}_outreach")
        client.close()
    print(f"{size:,} events (loaded in {load_seconds:.0f} s)")
    for name, value, ratio in rows:
        unit = "" if "/s" in name else " s"
        shown = f"{value:10.0f}" if "/s" in name else f"{value:10.3f}"
        print(f"  {name:<55} {shown}{unit:<2} " + (f"{ratio:6.2f}x" if ratio is not None else ""), flush=True)
    for note in notes:
        print(f"  {note}", flush=True)


def _up(url):
    try:
        return httpx.get(url, timeout=2).status_code < 500
    except httpx.HTTPError:
        return False


def _post_visits(api, count, clients):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    started = time.perf_counter()

    def post(n):
        ids = []
        with httpx.Client(base_url=api, headers=headers, timeout=60) as session:
            for k in range(n, count, clients):
                answer = session.post("/outreach/visits", json=visit_body(venue=f"Paikka {k % 50}"))
                answer.raise_for_status()
                ids.append(answer.json()["event_id"])
        return ids

    with ThreadPoolExecutor(clients) as pool:
        ids = [i for chunk in pool.map(post, range(clients)) for i in chunk]
    return started, time.perf_counter(), ids


def stored(database, ids, timeout):
    """Waits until every event of ``ids`` is in the centre's log (asked in
    small $in chunks: SecantusDB's $in costs found documents × ids)."""
    def count():
        return sum(database[EVENTS].count_documents({"_id": {"$in": ids[start:start + 50]}})
                   for start in range(0, len(ids), 50))
    return wait_for(lambda: count() == len(ids), timeout=timeout, interval=0.5)


class Counted:
    """The visits a partner's day counts in the read models, from now on:
    one bucket document read by _id, cheap enough to poll."""

    def __init__(self, database, partner, day):
        self.database, self.bucket = database, f"{partner}|d|{day}"
        self.before = self._read()

    def _read(self):
        generation = read_meta(self.database)["generation"]
        return unpack(self.database[f"rm{generation}_buckets"].find_one({"_id": self.bucket})).get("o.visits", 0)

    def visits(self):
        return self._read() - self.before

    def watch(self, expected, timeout=3600):
        """A thread noting when the first and the last of ``expected``
        visits are counted."""
        return Watch(self, expected, timeout)


class Watch(threading.Thread):
    def __init__(self, counted, expected, timeout):
        super().__init__(daemon=True)
        self.counted, self.expected, self.timeout = counted, expected, timeout
        self.first = self.done = None  # perf_counter() of the first and the last counted
        self.first_count = 0  # how many the first look saw
        self.start()

    def run(self):
        deadline = time.perf_counter() + self.timeout
        while time.perf_counter() < deadline:
            seen = self.counted.visits()
            now = time.perf_counter()
            if seen and self.first is None:
                self.first, self.first_count = now, seen
            if seen >= self.expected:
                self.done = now
                return
            time.sleep(0.05)


def _reflected_after(api, hub, coordinator, n):
    day = date(2019, 11, 20 + n).isoformat()
    url = f"/api/projects/iso-sos/metrics?from={day}&to={day}"
    before = httpx.get(hub + url, headers=coordinator, timeout=60).json()["project"]["outreach"]["contacts"]
    answer = httpx.post(f"{api}/outreach/visits", json=visit_body(visit_date=day, people_contacted=3),
                        headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    answer.raise_for_status()
    accepted = time.perf_counter()
    seen = wait_for(lambda: httpx.get(hub + url, headers=coordinator, timeout=60).json()["project"]["outreach"]
                    ["contacts"] == before + 3, timeout=120, interval=0.05)
    assert seen, "the visit did not reach the hub's metrics"
    return time.perf_counter() - accepted


def main(argv):
    sizes = [int(arg) for arg in argv] or [100_000, 1_000_000]
    with tempfile.TemporaryDirectory() as storage:
        server = SecantusServer(storage).start()
        try:
            for size in sizes:
                run(size, server, Path(storage))
        finally:
            server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
