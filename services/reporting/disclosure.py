"""Disclosure control of published figures (DESIGN.md, Reports): a cell
counting 1 to threshold-1 people is shown as "<5"; where such a cell could
be recovered from a row or column total, a second cell is hidden too
(".."). Paired changes and means over fewer people than the threshold are
withheld. The same rule applies in reports, exports and the API; the
coordinator reads unsuppressed figures."""
import copy
import os

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


def _get(tree, path):
    for part in path:
        tree = tree[part]
    return tree


def _set(tree, path, value):
    _get(tree, path[:-1])[path[-1]] = value


def _count_paths(snapshot):
    """Paths (below a region or the project) of cells counting people that
    add up across regions to the project's figure."""
    paths = [("outreach", "contacts"), ("outreach", "people_present"), ("assessment", "clients", "registered"),
             ("groups", "participants"), ("reach", "clients"), ("reach", "workers")]
    for instrument in snapshot["project"]["assessment"]["instruments"]:
        paths += [("assessment", "instruments", instrument, key) for key in ("round_1", "form_1", "round_2", "form_2")]
    return paths


def _protect_within(part, limit):
    """One region's or the project's own tables."""
    instruments = part["assessment"]["instruments"]
    for counts in instruments.values():
        if small(counts["round_1"], limit) or small(counts["round_2"], limit) \
                or isinstance(counts["round_1"], str) or isinstance(counts["round_2"], str):
            counts["retention"] = counts["attrition"] = None
        for item, change in counts["change"].items():
            counts["change"][item] = _protect_mean(change, limit, "mean_change")
    profile = part["assessment"]["clients"]
    if small(profile["registered"], limit) or isinstance(profile["registered"], str):
        profile.update(mean_age=None, unemployed_share=None, mean_months_out_of_work=None, gender_shares={})
    groups = part["groups"]
    composition = groups["composition"]
    for name, cells in composition.items():
        if isinstance(cells, dict):
            composition[name] = protect_group(cells, limit)
    participants = groups["participants"]
    alone = composition["lives_alone"]
    if small(alone, limit):  # whether or not the participants are themselves withheld
        composition["lives_alone"] = f"<{limit}"
    elif isinstance(participants, int) and isinstance(alone, int) and small(participants - alone, limit):
        composition["lives_alone"] = SECONDARY
    for phase, items in groups["survey"].items():
        groups["survey"][phase] = {item: _protect_mean(entry, limit, "mean") for item, entry in items.items()}
    groups["survey_change"] = {item: _protect_mean(entry, limit, "mean_change")
                               for item, entry in groups["survey_change"].items()}
    groups["feedback"] = {item: _protect_mean(entry, limit, "mean") for item, entry in groups["feedback"].items()}


def _protect_mean(entry, limit, key):
    if small(entry["n"], limit):
        return {**entry, key: None, "n": f"<{limit}", "suppressed": True}
    return entry


def published(snapshot, limit=None):
    """The snapshot as it may be published: a suppressed deep copy."""
    limit = limit or threshold()
    result = copy.deepcopy(snapshot)
    regions = result["regions"]
    for path in _count_paths(result):
        cells = protect_group({region: _get(values, path) for region, values in regions.items()}, limit)
        for region, value in cells.items():
            _set(regions[region], path, value)
        total = _get(result["project"], path)
        if small(total, limit):
            _set(result["project"], path, f"<{limit}")
    for part in [result["project"], *regions.values()]:
        _protect_within(part, limit)
    result["suppression"] = {"threshold": limit, "primary": f"<{limit}", "secondary": SECONDARY}
    return result
