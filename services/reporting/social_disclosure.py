"""Disclosure control of the social reports (DESIGN.md, Reports), the same
rule as every other published figure: a count of 1 to threshold-1 people
is "<5", and a second cell is withheld ("..") where a total would give
the first away.

A municipality's people contacted in a year and its groups' participants
add up, over the municipalities of the partner that works there, to the
partner's own figures for the year, which its region report publishes.
So each such column is protected as one group across the partner's
municipalities, the year before as well as the year itself.

Observations are published as text under their topics only, never with a
date or a venue's name, and never from a home visit or a client's home,
where even a theme can point to a household in a small municipality."""
import copy

from services.reporting.disclosure import protect_group, threshold
from services.shared.hetu import contains_hetu

PRIVATE_NATURES = {"home_visit"}
PRIVATE_VENUE_TYPES = {"client_home"}


def publishable_observations(observations):
    return [{"text": o["text"], "topics": list(o.get("topics", []))} for o in observations
            if o.get("nature") not in PRIVATE_NATURES and o.get("venue_type") not in PRIVATE_VENUE_TYPES
            and not contains_hetu(o["text"])]


def _owner(project, municipality):
    return next((p["id"] for p in project["partners"] if municipality in p["municipalities"]), municipality)


def published_municipalities(figures, project, limit=None):
    """{municipality: figures} → the same, as they may be published. The
    figures of every municipality the partner was active in must be given
    for the protection across them to hold."""
    limit = limit or threshold()
    result = copy.deepcopy(figures)
    owners = {}
    for municipality in result:
        owners.setdefault(_owner(project, municipality), []).append(municipality)
    for siblings in owners.values():
        for key in ("contacts", "previous_contacts"):
            cells = protect_group({m: result[m]["outreach"][key] for m in siblings}, limit)
            for municipality, value in cells.items():
                result[municipality]["outreach"][key] = value
        groups = {(m, index): group["participants"] for m in siblings
                  for index, group in enumerate(result[m]["groups"])}
        for (municipality, index), value in protect_group(groups, limit).items():
            result[municipality]["groups"][index]["participants"] = value
    for municipal in result.values():
        municipal["observations"] = publishable_observations(municipal["observations"])
        municipal["suppression"] = {"threshold": limit, "primary": f"<{limit}", "secondary": ".."}
    return result
