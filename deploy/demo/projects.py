"""The demo's two projects: ISO SOS (its final report's figures) and PRO
SOS (invented figures; the seeds give none). Both are sent through the
same partner API to the same centre, whose received tables hold every
partner of both; each project's tables and headline are read from its
own partners."""
from dataclasses import dataclass
from typing import Callable

from deploy.demo import partners as iso_sos, prosos_partners as pro_sos
from deploy.demo.dataset import demo_dataset
from deploy.demo.prosos_dataset import prosos_dataset


@dataclass(frozen=True)
class DemoProject:
    id: str
    label: str
    dataset: Callable  # () -> (calls, expected)
    partners: dict  # partner id -> deploy.demo.partners.Partner
    targets: dict
    social_year: int  # the year of the social reports the demo writes
    title_prefix: str  # so that each project's printed tables are told apart
    final_report: bool  # the data set reproduces the project's final report's tables


PROJECTS = [
    DemoProject("iso-sos", "ISO SOS", demo_dataset, iso_sos.PARTNERS, iso_sos.TARGETS, 2019, "", True),
    # 2018: the last whole year of PRO SOS (1.8.2016 – 31.7.2019), reported with its change from 2017.
    DemoProject("pro-sos", "PRO SOS", prosos_dataset, pro_sos.PARTNERS, pro_sos.TARGETS, 2018, "PRO SOS: ", False),
]
PARTNER_NAMES = {partner: p.name for project in PROJECTS for partner, p in project.partners.items()}


def project_of(project_id):
    return next(project for project in PROJECTS if project.id == project_id)


def merged(expectations):
    """One expectation for several data sets (their partners differ)."""
    result = {}
    for expected in expectations:
        for table, rows in expected.items():
            result.setdefault(table, {}).update(rows)
    return result


def _partner(key):
    return key[0] if isinstance(key, tuple) else key


def expected_of(expected, project):
    """The rows of ``expected`` that belong to ``project``'s partners."""
    return {table: {key: row for key, row in rows.items() if _partner(key) in project.partners}
            for table, rows in expected.items()}


def received_of(got, project):
    """The centre's received tables (``send.received``) restricted to
    ``project``'s partners, with the totals of those partners."""
    def mine(rows):
        return [row for row in rows if row["partner_id"] in project.partners]

    outreach, groups, reach = mine(got["outreach"]["partners"]), mine(got["groups"]["partners"]), \
        mine(got["reach"]["partners"])
    return {
        "outreach": {"partners": outreach, "total": {key: sum(row[key] for row in outreach)
                                                     for key in ("visits", "contacts", "people_present")}},
        "assessment": {"rows": mine(got["assessment"]["rows"])},
        "groups": {"partners": groups, "total": {
            **{key: sum(row[key] for row in groups) for key in ("groups", "participants", "sessions")},
            "group_hours": round(sum(row["group_hours"] for row in groups), 1)}},
        "reach": {"partners": reach, "total": {key: sum(row[key] for row in reach) for key in ("clients", "workers")}},
    }
