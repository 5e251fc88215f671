"""What the centre has received per partner (coordinator only: these are
unsuppressed counts)."""
from fastapi import APIRouter
from pydantic import BaseModel

from services.reporting import received
from services.reporting.hub.api.deps import CentreDb, Coordinator

router = APIRouter(tags=["received"])


class OutreachRow(BaseModel):
    visits: int
    contacts: int
    people_present: int


class PartnerOutreach(OutreachRow):
    partner_id: str


class OutreachTotals(BaseModel):
    partners: list[PartnerOutreach]
    total: OutreachRow
    voided: int


class AssessmentRow(BaseModel):
    partner_id: str
    instrument: str
    round_1: int
    form_1: int
    round_2: int
    form_2: int


class AssessmentTotals(BaseModel):
    rows: list[AssessmentRow]


class GroupsRow(BaseModel):
    groups: int
    participants: int
    sessions: int
    group_hours: float


class PartnerGroups(GroupsRow):
    partner_id: str


class GroupsTotals(BaseModel):
    partners: list[PartnerGroups]
    total: GroupsRow


class ReachRow(BaseModel):
    clients: int
    workers: int


class PartnerReach(ReachRow):
    partner_id: str


class Reach(BaseModel):
    partners: list[PartnerReach]
    total: ReachRow


@router.get("/outreach/totals", response_model=OutreachTotals)
def outreach_totals(db: CentreDb, _: Coordinator):
    """Visits and contacts per partner (Taulukko 4), voided visits excluded."""
    return received.outreach_totals(db)


@router.get("/assessment/totals", response_model=AssessmentTotals)
def assessment_totals(db: CentreDb, _: Coordinator):
    """Per partner and instrument: clients in round 1, forms 1, clients in a
    later round, forms 2 (Taulukko 2)."""
    return received.assessment_totals(db)


@router.get("/groups/totals", response_model=GroupsTotals)
def groups_totals(db: CentreDb, _: Coordinator):
    """Groups, distinct participants, sessions and group hours per partner."""
    return received.groups_totals(db)


@router.get("/reach", response_model=Reach)
def reach(db: CentreDb, _: Coordinator):
    """Distinct clients (assessment ∪ groups) and workers per partner."""
    return received.reach(db)
