"""Disclosure control of published figures (DESIGN.md, Reports).

Every cell that counts people (contacts, clients, participants, workers,
each composition count, the n behind a mean) is published only when it is
0 or at least the threshold (5): a count of 1–4 shows as "<5", and a mean
over 1–4 people is withheld. Where a hidden cell could be recovered from
a total beside it, a second cell is hidden too ("..", Statistics Finland's
mark). The coordinator reads unsuppressed figures.

A partner is a reader who already knows its own region's true figures (it
reads its own records from its own API), so the project totals it is
shown are protected against *project total − own figure*: a total is
withheld when what the other partners contributed is 1–4. And a partner
could subtract two periods' totals, so the project totals are published to
partners only for a fixed grid of periods (the project period and its
calendar quarters), and where one quarter's total is withheld, a second
quarter is withheld too, so that the project period minus the other
quarters cannot give it away. A partner's own region is published for any
period (differences of its own figures tell it nothing new)."""
import copy
import os
from datetime import date, timedelta

SECONDARY = ".."  # Statistics Finland's mark for a figure withheld


def threshold():
    return int(os.environ.get("SOSHUB_SUPPRESSION_THRESHOLD", "5"))


def small(value, limit):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < limit


def protect_group(cells, limit):
    """Cells that add up to a published total: small ones become "<limit";
    if exactly one is, the smallest other non-zero cell is hidden too."""
    primary = {key for key, value in cells.items() if small(value, limit)}
    already = {key for key, value in cells.items() if isinstance(value, str)}
    secondary = set()
    if len(primary | already) == 1:
        others = [key for key, value in cells.items()
                  if key not in primary | already and isinstance(value, int) and value > 0]
        if others:
            secondary.add(min(others, key=lambda key: (cells[key], str(key))))
    return {key: (f"<{limit}" if key in primary else SECONDARY if key in secondary else value)
            for key, value in cells.items()}


# --- the cells of a snapshot part (one region's or the project's figures) ---

def _get(tree, path):
    for part in path:
        tree = tree[part]
    return tree


def _set(tree, path, value):
    _get(tree, path[:-1])[path[-1]] = value


def count_cells(part):
    """Paths of the cells that count people, and the groups of them that
    add up to another published cell: [(paths, total path or None)]."""
    groups = [([("outreach", "contacts")], None), ([("outreach", "people_present")], None),
              ([("assessment", "clients", "registered")], None), ([("reach", "clients")], None),
              ([("reach", "workers")], None)]
    for instrument in part["assessment"]["instruments"]:
        groups += [([("assessment", "instruments", instrument, key)], None)
                   for key in ("round_1", "form_1", "round_2", "form_2")]
    feedback = part.get("feedback")
    if feedback:  # answers are people; a link is an encounter with one
        for kind in ("links", "answers"):
            groups.append(([("feedback", kind)], None))
            groups.append(([("feedback", "service_types", code, kind) for code in feedback["service_types"]],
                           ("feedback", kind)))
        groups.append(([("feedback", "comments")], None))
    composition = part["groups"]["composition"]
    total = ("groups", "participants")
    groups.append(([total], None))
    for name, cells in composition.items():
        if isinstance(cells, dict):
            groups.append(([("groups", "composition", name, code) for code in cells], total))
        else:  # a flag: those with it and those without add up to the participants
            groups.append(([("groups", "composition", name)], total))
    return groups


def mean_cells(part):
    """Paths of the entries {mean or mean_change, n} over people."""
    paths = []
    for instrument, counts in part["assessment"]["instruments"].items():
        paths += [("assessment", "instruments", instrument, "change", domain) for domain in counts["change"]]
    groups = part["groups"]
    for phase, items in groups["survey"].items():
        paths += [("groups", "survey", phase, item) for item in items]
    paths += [("groups", "survey_change", item) for item in groups["survey_change"]]
    paths += [("groups", "feedback", item) for item in groups["feedback"]]
    paths += [("feedback", "items", item) for item in part.get("feedback", {}).get("items", {})]
    return paths


def _value(part, path):
    try:
        return _get(part, path)
    except (KeyError, TypeError):
        return 0


def hidden_cells(part, known, limit):
    """{path: mark} of ``part``'s cells that may not be published to a
    reader who knows ``known`` (their own figures; None: nothing)."""
    hidden = {}

    def others(path, value):
        return value - (_value(known, path) if known else 0)

    for paths, total in count_cells(part):
        marks = {}
        for path in paths:
            value = _value(part, path)
            if small(value, limit):
                marks[path] = f"<{limit}"
            elif isinstance(value, int) and small(others(path, value), limit):
                marks[path] = SECONDARY
        if total is not None and len(paths) == 1:
            # a flag: the people without it are the total minus the flag
            path = paths[0]
            rest = _value(part, total) - _value(part, path)
            known_rest = (_value(known, total) - _value(known, path)) if known else 0
            if path not in marks and (small(rest, limit) or small(rest - known_rest, limit)):
                marks[path] = SECONDARY
        elif total is not None and marks and (
                len(marks) == 1 or small(sum(others(path, _value(part, path)) for path in marks), limit)):
            # the total less the published cells gives the hidden ones' sum
            candidates = [path for path in paths if path not in marks and others(path, _value(part, path)) > 0]
            if candidates:
                marks[min(candidates, key=lambda p: (others(p, _value(part, p)), p))] = SECONDARY
        hidden.update(marks)
    for path in mean_cells(part):
        n = _value(part, path)["n"]
        known_n = _value(known, path)["n"] if known and isinstance(_value(known, path), dict) else 0
        if small(n, limit) or (isinstance(n, int) and small(n - known_n, limit)):
            hidden[path] = f"<{limit}" if small(n, limit) else SECONDARY
    return hidden


def _apply(part, hidden, limit):
    """``part`` with its hidden cells marked and what they would give away
    withheld: means, shares and retention over hidden counts, and venue
    names fewer than ``limit`` visits share."""
    part = copy.deepcopy(part)
    means = set(mean_cells(part))
    for path, mark in hidden.items():
        if path in means:
            entry = _get(part, path)
            key = "mean_change" if "mean_change" in entry else "mean"
            _set(part, path, {**entry, key: None, "n": mark, "suppressed": True})
        else:
            _set(part, path, mark)
    for counts in part["assessment"]["instruments"].values():
        if isinstance(counts["round_1"], str) or isinstance(counts["round_2"], str):
            counts["retention"] = counts["attrition"] = None
    feedback = part.get("feedback")
    if feedback and (isinstance(feedback["answers"], str) or isinstance(feedback["links"], str)):
        feedback["response_rate"] = None  # the rate times the links would give the answers back
    profile = part["assessment"]["clients"]
    if isinstance(profile["registered"], str) or _shares_reveal_few(profile, limit):
        profile.update(mean_age=None, unemployed_share=None, mean_months_out_of_work=None, gender_shares={})
    outreach = part["outreach"]
    outreach["top_venues"] = [row for row in outreach["top_venues"] if row["visits"] >= limit]
    attainment = part["reach"].get("attainment")
    if attainment:  # attainment × target would give a withheld count back
        for kind in attainment:
            if isinstance(part["reach"][kind], str):
                attainment[kind] = None
    return part


def _shares_reveal_few(profile, limit):
    registered = profile["registered"]
    shares = [profile["unemployed_share"], *profile["gender_shares"].values()]
    for share in shares:
        if share is not None and isinstance(registered, int):
            count = round(share * registered)
            if small(count, limit) or small(registered - count, limit):
                return True
    return False


def published_part(part, limit=None, known=None):
    limit = limit or threshold()
    return _apply(part, hidden_cells(part, known, limit), limit)


def published(snapshot, limit=None):
    """The snapshot with every region as the public may see it: each
    region's small cells hidden, and across regions a second cell where
    the project total would give a hidden one away."""
    limit = limit or threshold()
    result = copy.deepcopy(snapshot)
    regions = result["regions"]
    across = {}
    if regions:
        first = next(iter(regions.values()))
        for paths, _ in count_cells(first):
            for path in paths:
                cells = protect_group({region: _value(values, path) for region, values in regions.items()}, limit)
                for region, value in cells.items():
                    if isinstance(value, str):
                        across.setdefault(region, {})[path] = value
    for region, values in regions.items():
        hidden = {**hidden_cells(values, None, limit), **across.get(region, {})}
        regions[region] = _apply(values, hidden, limit)
    result["project"] = published_part(result["project"], limit)
    result["suppression"] = legend(limit)
    return result


def legend(limit):
    return {"threshold": limit, "primary": f"<{limit}", "secondary": SECONDARY}


# --- the partner's view -------------------------------------------------------

def grid_periods(project):
    """The periods whose project totals a partner may read: the project
    period and its calendar quarters (clipped to the project period)."""
    start, end = project["period"]["date_from"], project["period"]["date_to"]
    quarters = []
    day = start
    while day <= end:
        quarter_end_month = ((day.month - 1) // 3) * 3 + 3
        next_quarter = date(day.year + (quarter_end_month == 12), quarter_end_month % 12 + 1, 1)
        quarters.append((day, min(end, next_quarter - timedelta(days=1))))
        day = next_quarter
    return (start, end), quarters


def partner_view(snapshot, viewer, limit=None, grid=None):
    """What partner ``viewer`` may read of ``snapshot``: its own region
    published, and the project totals protected against its own figures.
    ``grid`` is None when the period is off the grid (no project totals),
    else {"quarters": [snapshot of each quarter], "whole": snapshot of the
    project period}, which the cross-quarter protection needs."""
    limit = limit or threshold()
    own = snapshot["regions"][viewer]
    result = {key: value for key, value in snapshot.items() if key not in ("regions", "project")}
    result["regions"] = {viewer: published_part(own, limit)}
    result["suppression"] = legend(limit)
    if grid is None:
        result["project"] = None
        return result
    hidden = hidden_cells(snapshot["project"], own, limit)
    quarter = snapshot["period"] != grid["whole"]["period"]
    if quarter:
        hidden.update(_across_quarters(snapshot["period"], grid["quarters"], viewer, limit))
    project = _apply(snapshot["project"], hidden, limit)
    if quarter or _profile_reveals_others(snapshot["project"], own, limit):
        # Shares and breakdowns recombine across quarters and with a table's
        # sums (whole period - other quarters, participants - one gender):
        # partners read them for the whole project period only, and there
        # only when what they say of the other partners is not about 1-4 people.
        project["assessment"]["clients"].update(mean_age=None, unemployed_share=None,
                                                mean_months_out_of_work=None, gender_shares={})
    if quarter:
        composition = project["groups"]["composition"]
        for name, cells in composition.items():
            composition[name] = {code: SECONDARY for code in cells} if isinstance(cells, dict) else SECONDARY
    result["project"] = project
    return result


def _profile_reveals_others(project, own, limit):
    """Whether the project's client shares, less the reader's own clients,
    would count 1-4 of the other partners' clients (or leave 1-4 without)."""
    total, mine = project["assessment"]["clients"], own["assessment"]["clients"]
    others = total["registered"] - mine["registered"]

    def count(profile, share):
        return round((share or 0) * profile["registered"])

    pairs = [(total["unemployed_share"], mine["unemployed_share"])]
    pairs += [(share, mine["gender_shares"].get(gender)) for gender, share in total["gender_shares"].items()]
    for theirs, ours in pairs:
        with_it = count(total, theirs) - count(mine, ours)
        if small(with_it, limit) or small(others - with_it, limit):
            return True
    return small(others, limit)


def _across_quarters(period, quarters, viewer, limit):
    """Cells of the quarter ``period`` to withhold because one quarter's
    cell is withheld (or several, holding together 1-4 of the other
    partners' people) and this quarter is the smallest other one
    (otherwise the project period minus the other quarters would show it)."""
    hidden_in = [hidden_cells(q["project"], q["regions"][viewer], limit) for q in quarters]
    mine = next(i for i, q in enumerate(quarters) if q["period"] == period)
    extra = {}
    for path in set().union(*hidden_in) if hidden_in else ():
        withheld = [i for i, hidden in enumerate(hidden_in) if path in hidden]
        if not withheld or mine in withheld:
            continue

        def others(i):
            value = _value(quarters[i]["project"], path)
            own = _value(quarters[i]["regions"][viewer], path)
            if isinstance(value, dict):
                value, own = value["n"], own["n"] if isinstance(own, dict) else 0
            return value - own

        # Several withheld quarters are safe only together with at least
        # `limit` of the others' people: the project period less the
        # published quarters gives their sum.
        if len(withheld) > 1 and not small(sum(others(i) for i in withheld), limit):
            continue
        candidates = [i for i in range(len(quarters)) if i not in withheld and others(i) > 0]
        if candidates and min(candidates, key=lambda i: (others(i), i)) == mine:
            extra[path] = SECONDARY
    return extra
