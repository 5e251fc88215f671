"""Sending the demo data sets through the partner API, and waiting until the
centre has received all of it."""
import json
import threading
from string import Formatter
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from deploy.embedded import DEMO_PARTNERS


class DemoError(RuntimeError):
    pass


def partner_tokens(tokens_file):
    tokens = json.loads(tokens_file.read_text(encoding="utf-8"))
    workers = {}
    coordinator = None
    for token, entry in tokens.items():
        if token.startswith("sha256:"):
            continue
        if entry.get("role") == "worker":
            workers.setdefault(entry.get("partner"), token)
        elif entry.get("role") == "coordinator":
            coordinator = coordinator or token
    missing = [p for p in DEMO_PARTNERS if p not in workers]
    if missing or coordinator is None:
        raise DemoError(f"{tokens_file} needs a plain worker token for each of {', '.join(DEMO_PARTNERS)} "
                        f"and a coordinator token (missing: {', '.join(missing) or 'coordinator'})")
    return workers, coordinator


def _post(client, path, token, key, body):
    """POSTs ``body``; with the worker's ``token``, or as the public when it
    is None."""
    headers = {"Idempotency-Key": key} | ({"Authorization": f"Bearer {token}"} if token else {})
    for attempt in range(5):
        try:
            response = client.post(path, json=body, headers=headers)
        except httpx.TransportError:
            time.sleep(0.5 * (attempt + 1))  # the same key makes a retry safe
            continue
        if response.status_code >= 500:
            time.sleep(0.5 * (attempt + 1))
            continue
        if response.status_code >= 400:
            raise DemoError(f"POST {path} answered {response.status_code}: {response.text}")
        return response.json()
    raise DemoError(f"POST {path} kept failing")


def _send_in_order(api_url, workers, calls, stopping):
    remembered = {}
    with httpx.Client(base_url=api_url, timeout=30) as client:
        for call in calls:
            if stopping.is_set():
                return
            token = None if call.public else workers[call.partner]
            named = [field for _, field, _, _ in Formatter().parse(call.path) if field]
            if call.public and any(remembered.get(field) is None for field in named):
                # A feedback link is shown only when issued: one issued by an
                # earlier run of the demo (a replay answers no url) was answered then.
                continue
            answer = _post(client, call.path.format(**remembered), token, call.key, call.body)
            if call.remember:
                name, field = call.remember
                remembered[name] = answer[field]


def send_calls(api_url, workers, calls):
    """Posts every call, each partner's in order (filling paths from its
    earlier answers) and the partners side by side, as their workers
    would."""
    by_partner = {}
    for call in calls:
        by_partner.setdefault(call.partner, []).append(call)
    stopping = threading.Event()
    with ThreadPoolExecutor(max_workers=len(by_partner) or 1) as pool:
        futures = [pool.submit(_send_in_order, api_url, workers, mine, stopping) for mine in by_partner.values()]
        try:
            for future in futures:
                future.result()
        except BaseException:
            # Ctrl-C, or one partner's call failed: the others stop after
            # their request in flight instead of sending everything first.
            stopping.set()
            raise
    return len(calls)


def received(hub_url, coordinator):
    headers = {"Authorization": f"Bearer {coordinator}"}
    with httpx.Client(base_url=hub_url, headers=headers, timeout=10) as client:
        return {name: client.get(path).json() for name, path in [
            ("outreach", "/api/outreach/totals"), ("assessment", "/api/assessment/totals"),
            ("groups", "/api/groups/totals"), ("reach", "/api/reach")]}


def as_expected(got):
    """The received tables in the shape of the data set's expectations."""
    return {
        "outreach": {r["partner_id"]: {"visits": r["visits"], "contacts": r["contacts"]}
                     for r in got["outreach"]["partners"]},
        "assessment": {(r["partner_id"], r["instrument"]): {k: r[k] for k in ("round_1", "form_1", "round_2", "form_2")}
                       for r in got["assessment"]["rows"]},
        "groups": {r["partner_id"]: {k: r[k] for k in ("groups", "participants", "sessions")}
                   for r in got["groups"]["partners"]},
        "reach": {r["partner_id"]: {"clients": r["clients"], "workers": r["workers"]} for r in got["reach"]["partners"]},
    }


def _figures(tables):
    """{(table, row, figure): number} of tables in ``as_expected``'s shape."""
    return {(table, row, name): value for table, rows in tables.items()
            for row, figures in rows.items() for name, value in figures.items()}


def compared(got, expected):
    """"complete" when the centre holds exactly what was sent, "more" when
    it holds all of it and more (someone else is writing to the partner
    API too, which a running demo is open to), "short" otherwise."""
    held, sent = _figures(as_expected(got)), _figures(expected)
    if held == sent:
        return "complete"
    if all(held.get(key, 0) >= value for key, value in sent.items()):
        return "more"
    return "short"


def wait_for_centre(hub_url, coordinator, expected, timeout=180, settle=3.0):
    """Polls the hub until the centre holds what was sent; returns the
    received tables and ``compared``'s verdict. "more" is returned once the
    figures have stopped changing for ``settle`` seconds (the demo's own
    records may still be arriving beside someone else's)."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while True:
        got = received(hub_url, coordinator)
        verdict = compared(got, expected)
        if got != last:
            last, since = got, time.monotonic()
        if verdict == "complete" or (verdict == "more" and time.monotonic() - since >= settle):
            return got, verdict
        if time.monotonic() > deadline:
            return got, verdict
        time.sleep(0.5)
