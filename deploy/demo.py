"""``soshub demo``: the embedded stack, the outreach data set sent through
the real partner HTTP API, and the centre's table of what it received."""
import json
import time

import httpx

from deploy.demo_data import VOID_REASON, outreach_dataset
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
    for attempt in range(5):
        try:
            response = client.post(path, json=body, headers={"Authorization": f"Bearer {token}",
                                                             "Idempotency-Key": key})
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


def send_outreach(api_url, workers, progress=print):
    """Posts every visit (the mistaken duplicates too, then voids them);
    returns what was sent per partner, voided visits excluded."""
    sent = {}
    with httpx.Client(base_url=api_url, timeout=30) as client:
        for partner, data in outreach_dataset().items():
            token = workers[partner]
            for index, visit in enumerate(data["visits"]):
                _post(client, "/outreach/visits", token, f"demo-{partner}-visit-{index:04d}", visit)
            for index in data["mistakes"]:
                duplicate = _post(client, "/outreach/visits", token, f"demo-{partner}-duplicate-{index:04d}",
                                  data["visits"][index])
                _post(client, f"/outreach/visits/{duplicate['visit_id']}/void", token,
                      f"demo-{partner}-void-{index:04d}", {"reason": VOID_REASON})
            sent[partner] = {"name": data["name"], "visits": len(data["visits"]),
                             "contacts": sum(v["people_contacted"] for v in data["visits"])}
            progress(f"  {data['name']}: {sent[partner]['visits']} visits sent "
                     f"(+{len(data['mistakes'])} recorded twice and voided)")
    return sent


def wait_for_centre(hub_url, coordinator, sent, timeout=120):
    """Polls the hub until the centre holds what was sent."""
    deadline = time.monotonic() + timeout
    headers = {"Authorization": f"Bearer {coordinator}"}
    received = None
    while time.monotonic() < deadline:
        received = httpx.get(f"{hub_url}/api/outreach/totals", headers=headers, timeout=10).json()
        if matches(sent, received):
            return received
        time.sleep(0.5)
    return received


def format_table(sent, received):
    by_partner = {row["partner_id"]: row for row in received["partners"]}
    header = f"{'Partner':<16}{'visits sent':>12}{'received':>10}{'contacts sent':>15}{'received':>10}"
    lines = ["Outreach as received by the centre (Taulukko 4; voided visits excluded)", header, "-" * len(header)]
    for partner, row in sent.items():
        got = by_partner.get(partner, {"visits": 0, "contacts": 0})
        lines.append(f"{row['name']:<16}{row['visits']:>12}{got['visits']:>10}{row['contacts']:>15}{got['contacts']:>10}")
    lines.append("-" * len(header))
    total_sent_v = sum(r["visits"] for r in sent.values())
    total_sent_c = sum(r["contacts"] for r in sent.values())
    lines.append(f"{'Total':<16}{total_sent_v:>12}{received['total']['visits']:>10}"
                 f"{total_sent_c:>15}{received['total']['contacts']:>10}")
    return "\n".join(lines)


def matches(sent, received):
    by_partner = {row["partner_id"]: row for row in received["partners"]}
    return all(by_partner.get(p, {}).get("visits") == s["visits"]
               and by_partner.get(p, {}).get("contacts") == s["contacts"] for p, s in sent.items())
